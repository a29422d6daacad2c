"""Shows unexpected errors (see :mod:`backcoach.logs`) on the window, from any thread."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal, Slot

from backcoach.ui.main_window import MainWindow


class ErrorNotice(QObject):
    """Carries an error message to the GUI thread and shows it as a notice on ``window``.

    Call :meth:`show` from any thread; once the window is gone, the message goes to
    standard error instead.
    """

    _shown = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window: MainWindow | None = window
        self._shown.connect(self._on_shown)  # queued when emitted from another thread
        window.destroyed.connect(self._forget)

    def show(self, text: str) -> None:
        if self._window is None:
            print(f"backcoach: {text}", file=sys.stderr)
        else:
            self._shown.emit(text)

    @Slot(str)
    def _on_shown(self, text: str) -> None:
        if self._window is None:
            print(f"backcoach: {text}", file=sys.stderr)
            return
        self._window.show_notice("Something went wrong", text, kind="warning")

    def _forget(self) -> None:
        self._window = None
