"""Opening the History page on ten years of daily sessions, to its first paint with charts.

In one process: a bare 1366×768 window's first paint (the baseline), then the
real main window (built as ``backcoach`` builds it) on a generated history of
ten years, each session with the next morning's rating. The clock runs from the
History action to the end of the paint of the last of the three charts, once
the window has shown and done its after-first-paint work (today's card), as a
user sees it before pressing History. The first opening builds the page; later
ones only read the history again. Figures are medians in milliseconds (the first
opening is one).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/history_view.py``
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from history_store import generate_history
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget

from backcoach.app import build_main_window
from backcoach.content import load_content
from backcoach.services.root import AppServices, Options
from backcoach.settings import Settings
from backcoach.storage import HistoryStore
from backcoach.ui import charts
from backcoach.ui.history_flow import HistoryFlow

RUNS = 7
painted: dict[int, float] = {}
waiting: list[tuple[QEventLoop, Callable[[], bool]]] = []


def _painted(widget: QWidget) -> None:
    painted[id(widget)] = time.perf_counter()
    for loop, done in waiting:
        if done():
            loop.quit()


class Bare(QWidget):
    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), self.palette().window())
        _painted(self)


def _record_chart_paints() -> None:
    original = charts.TimeChart.paintEvent

    def paint(self: charts.TimeChart, event: QPaintEvent) -> None:
        original(self, event)
        _painted(self)

    charts.TimeChart.paintEvent = paint  # type: ignore[method-assign]


def _until(done: Callable[[], bool], limit_ms: int = 10_000) -> None:
    """Run the event loop until ``done()`` (checked after each recorded paint)."""
    if done():
        return
    loop = QEventLoop()
    waiting.append((loop, done))
    QTimer.singleShot(limit_ms, loop.quit)
    loop.exec()
    waiting.clear()
    if not done():
        raise TimeoutError("nothing was painted")


def bare_paint(app: QApplication) -> float:
    painted.clear()
    t0 = time.perf_counter()
    window = Bare()
    window.resize(1366, 768)
    window.show()
    _until(lambda: id(window) in painted)
    ms = (painted[id(window)] - t0) * 1000
    window.close()
    window.deleteLater()
    app.processEvents()
    return ms


def open_history(app: QApplication, history: HistoryFlow) -> tuple[float, int]:
    """Milliseconds to the paint of every chart on screen, and how many charts that is."""
    painted.clear()
    t0 = time.perf_counter()
    view = history.show_history()
    charts_ = (
        view.weekly_chart,
        view.minutes_chart,
        view.pain_chart,
        view.progress_chart,
        view.second_progress_chart,
    )

    def on_screen() -> list[charts.TimeChart]:
        return [c for c in charts_ if not c.visibleRegion().isEmpty()]

    _until(lambda: bool(painted) and all(id(c) in painted for c in on_screen()))
    assert not any(c.is_empty() for c in charts_ if not c.isHidden())
    return (max(painted.values()) - t0) * 1000, len(on_screen())


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    _record_chart_paints()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with HistoryStore(folder) as store:
            sessions = generate_history(store, morning=True)
        print(f"history: {sessions} sessions; medians of {RUNS} runs")
        bare = [bare_paint(app) for _ in range(RUNS)]
        print(f"bare 1366x768 window, first paint:     {statistics.median(bare):6.1f} ms")
        for size in ((1366, 768), (1920, 1080)):
            services = AppServices(
                load_content(),
                Options(folder, window=True),
                settings=Settings(safety_note_seen=True),
            )
            wired = build_main_window(services)
            window, history = wired.window, wired.history
            window.resize(*size)
            seen = QEventLoop()  # a user sees the window, today's card built, before History
            window.first_painted.connect(seen.quit, Qt.ConnectionType.QueuedConnection)
            window.show()
            history.check_on_start()
            seen.exec()
            first, shown = open_history(app, history)
            again = []
            for _ in range(RUNS):
                window.show_screen(None)
                app.processEvents()
                again.append(open_history(app, history)[0])
            window.close()
            window.deleteLater()
            app.processEvents()
            where = f"{size[0]}x{size[1]}, {shown} charts on screen"
            print(f"History page ({where}):")
            print(f"  first opening (builds the page):     {first:6.1f} ms")
            print(f"  opened again:                        {statistics.median(again):6.1f} ms")


if __name__ == "__main__":
    main()
