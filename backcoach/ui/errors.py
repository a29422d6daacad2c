"""Shows unexpected errors (see :mod:`backcoach.logs`) in the window, from any thread."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from backcoach.ui.main_window import MainWindow


class ErrorNotice(QObject):
    """Carries an error message to the GUI thread and hands it to ``show`` there.

    Call :meth:`show` from any thread; once ``window`` is gone, the message goes to
    standard error instead.
    """

    _shown = Signal(str)

    def __init__(self, window: MainWindow, show: Callable[[str], None]) -> None:
        super().__init__()
        self._show = show
        self._gone = False
        self._shown.connect(self._on_shown)  # queued when emitted from another thread
        window.destroyed.connect(self._forget)

    def show(self, text: str) -> None:
        if self._gone:
            print(f"backcoach: {text}", file=sys.stderr)
        else:
            self._shown.emit(text)

    @Slot(str)
    def _on_shown(self, text: str) -> None:
        if self._gone:
            print(f"backcoach: {text}", file=sys.stderr)
        else:
            self._show(text)

    def _forget(self) -> None:
        self._gone = True
