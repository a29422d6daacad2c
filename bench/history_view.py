"""Opening the History page on ten years of daily sessions, to its first paint with charts.

In one process: a bare 1366×768 window's first paint (the baseline), then the
real main window (built as ``backcoach`` builds it) on a generated history of
ten years. The clock runs from the History action to the end of the paint of
the last of the three charts. The first opening builds the page; later ones
only read the history again. Figures are medians in milliseconds.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/history_view.py``
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "bench"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from history_store import generate_history  # noqa: E402
from PySide6.QtGui import QPainter, QPaintEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from backcoach.app import build_main_window  # noqa: E402
from backcoach.content import load_content  # noqa: E402
from backcoach.settings import Settings  # noqa: E402
from backcoach.storage import HistoryStore  # noqa: E402
from backcoach.ui import charts  # noqa: E402
from backcoach.ui.history_flow import HistoryFlow  # noqa: E402

RUNS = 7
painted: dict[int, float] = {}
# PySide6 6.12.0 on Python 3.11 returns None from void methods without a new reference,
# so each call takes one from None; a process making millions of calls (as this one
# does) would free None and abort. These references keep it alive for the measurement.
NONE_BALLAST = [None] * 5_000_000


class Bare(QWidget):
    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), self.palette().window())
        painted[id(self)] = time.perf_counter()


def _record_chart_paints() -> None:
    original = charts.TimeChart.paintEvent

    def paint(self: charts.TimeChart, event: QPaintEvent) -> None:
        original(self, event)
        painted[id(self)] = time.perf_counter()

    charts.TimeChart.paintEvent = paint  # type: ignore[method-assign]


def _until(app: QApplication, done: Callable[[], bool], limit: float = 10.0) -> None:
    deadline = time.perf_counter() + limit
    while not done():
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("nothing was painted")


def bare_paint(app: QApplication) -> float:
    painted.clear()
    t0 = time.perf_counter()
    window = Bare()
    window.resize(1366, 768)
    window.show()
    _until(app, lambda: id(window) in painted)
    ms = (painted[id(window)] - t0) * 1000
    window.close()
    window.deleteLater()
    app.processEvents()
    return ms


def open_history(app: QApplication, history: HistoryFlow) -> float:
    painted.clear()
    t0 = time.perf_counter()
    view = history.show_history()
    shown = (view.weekly_chart, view.pain_chart, view.progress_chart)
    _until(app, lambda: all(id(c) in painted for c in shown))
    assert not any(c.is_empty() for c in shown)
    return (max(painted[id(c)] for c in shown) - t0) * 1000


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    _record_chart_paints()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with HistoryStore(folder) as store:
            sessions = generate_history(store)
        print(f"history: {sessions} sessions")
        bare = [bare_paint(app) for _ in range(RUNS)]

        window = build_main_window(load_content(), Settings(safety_note_seen=True), folder)
        window.resize(1366, 768)
        window.show()
        history = window.findChild(HistoryFlow)
        assert history is not None
        _until(app, lambda: history.window.isVisible())
        history.check_on_start()
        app.processEvents()
        first = open_history(app, history)
        again = []
        for _ in range(RUNS):
            window.show_screen(None)
            app.processEvents()
            again.append(open_history(app, history))
        window.close()
        window.deleteLater()
        app.processEvents()

    print(f"bare window, first paint:                {statistics.median(bare):6.1f} ms")
    print(f"History page, first opening (builds it): {first:6.1f} ms")
    print(f"History page, opened again:              {statistics.median(again):6.1f} ms")
    print(f"  runs: {', '.join(f'{t:.1f}' for t in again)}")


if __name__ == "__main__":
    main()
