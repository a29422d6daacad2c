"""Resuming an interrupted session: the screen, the runner and the summary count what is left,
and the stored session ends up with every set exactly once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core.plan import build_plan
from backcoach.core.records import SetRecord
from backcoach.core.timefmt import clock_text
from backcoach.storage import HistoryStore
from tests.helpers.app import App
from tests.storage.seed import listed

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ROUTINE = CONTEXT = "after-run"
DONE = frozenset({("low-lunge", "left", 1), ("low-lunge", "right", 1), ("low-lunge", "left", 2)})
"""Stored before the interruption: the whole first lunge set and the left side of the second."""


def leave_unfinished(folder: Path) -> str:
    store = HistoryStore(folder)
    start = time.time() - 3600
    sid = store.start_session(ROUTINE, CONTEXT, start)
    for i, (exercise, side, number) in enumerate(sorted(DONE)):
        begin = start + 70 * i
        store.record_set(
            SetRecord(exercise, side, number, None, 60.0, None, None, begin, begin + 60)
        )
    store.close()
    return sid


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def test_a_resumed_session_shows_counts_and_stores_only_what_is_left(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    sid = leave_unfinished(data_dir)
    app = App(qtbot, content, data_dir)
    history, flow, clock = app.history, app.flow, app.clock

    qtbot.waitUntil(lambda: history.interrupted_banner is not None)
    assert history.interrupted_banner is not None
    assert "stopped after 2 sets" in history.interrupted_banner.text.text()
    resume = history.interrupted_banner.findChild(QPushButton, "resumeButton")
    assert resume is not None
    qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    assert app.current() is flow.setup
    assert "Resuming where you stopped" in flow.setup.subtitle.text()
    qtbot.mouseClick(flow.setup.start_button, Qt.MouseButton.LeftButton)

    controller = flow.controller
    assert controller is not None and controller.runner.history_id == sid
    view = flow.view
    left = build_plan(
        content, ROUTINE, CONTEXT, skip_completed=DONE, rate_wpm=float(app.settings.voice_rate)
    )
    assert left.total_seconds < build_plan(content, ROUTINE, CONTEXT).total_seconds
    assert controller.runner.session.plan == left
    assert view.where_label.text() == "Right side  ·  Set 2 of 2"
    planned = clock_text(left.total_seconds, rounding="up")
    assert view.progress_label.text() == f"0:00 of about {planned}"
    assert view.progress.value() == 0

    halfway = left.total_seconds / 2
    clock.advance(halfway)
    controller.pump()
    done = clock_text(halfway, rounding="down")
    assert view.progress_label.text() == f"{done} of about {planned}"
    assert view.progress.value() == pytest.approx(500, abs=1)

    session = controller.runner.session
    while not session.finished:
        remaining = controller.state.remaining
        assert remaining is not None
        clock.advance(remaining)
        controller.pump()
    assert view.showing_summary()
    page = view.summary_page
    assert page.title.text() == "Routine complete"
    assert page.subtitle.text().startswith("4 of 4 sets in ")
    assert flow.resumed_note.isVisible()
    assert flow.resumed_note.text() == "Resumed: 2 sets done before, 4 now."
    assert page.rows()[0] == ("Low lunge", "1 set", "set 2: right 60 s")

    with HistoryStore(data_dir) as store:
        assert len(listed(store)) == 1
        detail = store.session_detail(sid)
    assert detail is not None and detail.status == "completed"
    keys = [s.key for s in detail.sets]
    everything = {p.key for p in build_plan(content, ROUTINE, CONTEXT).work_phases}
    assert len(keys) == len(everything) == 7
    assert set(keys) == everything


def test_a_fresh_session_after_a_resumed_one_has_no_resumed_note(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    sid = leave_unfinished(data_dir)
    flow = App(qtbot, content, data_dir).flow
    flow.open_setup(ROUTINE, CONTEXT, DONE, resume=sid)
    flow.setup.confirm()  # a resumed session asks for no check-in: it had one
    assert flow.controller is not None and flow.controller.runner.history_id == sid
    assert {p.exercise for p in flow.controller.runner.session.plan.work_phases} == {
        "low-lunge",
        "dead-bug",
    }
    assert flow.controller.runner.session.plan.set_count == 4
    flow.controller.end()
    assert flow.resumed_note.text() == "Resumed: 2 sets done before, 0 now."
    flow.go_home()
    flow.open_setup(ROUTINE, CONTEXT)
    assert "Resuming" not in flow.setup.subtitle.text()
    flow.setup.confirm()
    checkin = flow.checkin
    assert checkin is not None and checkin.moment == "before"
    qtbot.keyClick(checkin, Qt.Key.Key_Escape)
    assert flow.controller is not None and flow.controller.runner.history_id != sid
    assert flow.controller.runner.session.plan.set_count == 5
    flow.controller.end()
    assert flow.resumed_note.isHidden()
