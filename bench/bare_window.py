"""The baseline: a bare PySide6 window that paints once, reports, and quits.

Run as a child of ``bench/startup.py``. It prints one line: the monotonic
clock at the end of the first paint, and the peak resident memory (KiB).
backcoach's child reports through :func:`report_after_first_paint` too, so
both are measured the same way.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def peak_rss_kib() -> int:
    """Peak resident set size of this process so far (VmHWM), in KiB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


class _FirstPaint(QObject):
    """Reports once the first paint pass of a window has finished, then quits."""

    def __init__(self, app: QApplication, window: str | None) -> None:
        super().__init__()
        self._app = app
        self._window = window
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._seen and self._counts(watched):
            self._seen = True
            QTimer.singleShot(0, self._report)
        return False

    def _counts(self, watched: QObject) -> bool:
        if self._window is None:
            return True
        return isinstance(watched, QWidget) and type(watched.window()).__name__ == self._window

    def _report(self) -> None:
        print(f"{time.monotonic():.6f} {peak_rss_kib()}", flush=True)
        self._app.quit()


def report_after_first_paint(app: QApplication, window: str | None = None) -> QObject:
    """Watch ``app`` for its first paint; keep the returned object alive.

    With ``window`` (a class name), only a paint inside a top-level window of
    that class counts, so a dialog shown first would not end the measurement.
    """
    watcher = _FirstPaint(app, window)
    app.installEventFilter(watcher)
    return watcher


def main() -> int:
    app = QApplication(sys.argv[:1])
    watcher = report_after_first_paint(app)
    window = QWidget()
    window.setWindowTitle("bare")
    window.resize(1366, 768)
    window.show()
    code = app.exec()
    del watcher
    return code


if __name__ == "__main__":
    sys.exit(main())
