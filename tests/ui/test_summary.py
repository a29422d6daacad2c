"""The summary page after a session, told honestly: each side of each set, what was skipped or
not reached, the question after ending early, and what the voice left out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core.clock import Clock
from backcoach.settings import Settings
from backcoach.storage.records import SessionRecord, StoredSet
from backcoach.ui.checkin import ENDED_EARLY_QUESTION, QUESTIONS
from backcoach.ui.session_controller import SessionController
from backcoach.ui.session_detail import SessionDetail
from backcoach.ui.summary_view import COMPLETE, ENDED_EARLY, VOICE_RECHECKS, WITH_SKIPS
from backcoach.voice import Speaker
from tests.helpers.app import App
from tests.helpers.speaker import RecordingSpeaker
from tests.storage.seed import T0, listed

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class FallingBehind(RecordingSpeaker):
    """A speaker that counts the cues it left out, as the voice worker does."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped: dict[str, int] = {}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture
def speaker() -> FallingBehind:
    return FallingBehind()


@pytest.fixture
def app(qtbot: QtBot, content: Content, data_dir: Path, speaker: FallingBehind) -> App:
    def factory(_settings: Settings, _clock: Clock) -> Speaker:
        return speaker

    return App(qtbot, content, data_dir, speaker_factory=factory)


def begin(app: App, routine: str) -> SessionController:
    """Start ``routine`` from the window, skipping the check-in before it."""
    app.confirm_setup(routine)
    app.checkin().skip()
    controller = app.flow.controller
    assert controller is not None
    return controller


def run(app: App, controller: SessionController, skip: set[tuple[str, str, int]]) -> None:
    """Run the session to its end, skipping each work phase of ``skip`` as it starts."""
    session = controller.runner.session
    while not session.finished:
        phase = session.phase
        if phase.is_work and phase.key in skip and not session.resuming:
            controller.skip()
        app.clock.advance(controller.runner.seconds_until_wakeup() or 0.0)
        controller.pump()


def test_a_routine_done_in_full_is_complete_and_what_the_voice_left_out_is_told(
    app: App, speaker: FallingBehind
) -> None:
    speaker.dropped = {"essential": 5}  # an earlier session's
    controller = begin(app, "before-run")
    speaker.dropped = {"essential": 7}
    run(app, controller, set())
    page = app.flow.view.summary_page
    assert page.title.text() == COMPLETE
    assert page.subtitle.text().startswith("3 of 3 sets in ")
    assert page.rows() == [
        ("Low lunge", "1 set", "set 1: left 30 s, right 30 s"),
        ("Dead bug", "2 sets", "set 1: 8 reps · set 2: 8 reps"),
    ]
    assert app.checkin().question.text() == QUESTIONS["after"]
    QApplication.processEvents()
    assert page.voice_note.isVisible()
    assert page.voice_note.text() == "The voice fell behind and left out 2 countdown numbers."
    speaker.dropped = {"essential": 7, "optional": 1}  # let go of after the end
    assert page.rechecking_voice
    page.refresh_voice_note()
    assert page.voice_note.text() == (
        "The voice fell behind and left out 2 countdown numbers and 1 reminder."
    )
    for _ in range(VOICE_RECHECKS):
        page.refresh_voice_note()
    assert not page.rechecking_voice


def test_a_skipped_side_and_a_skipped_set_are_listed_and_not_counted(
    app: App, data_dir: Path
) -> None:
    run(app, begin(app, "before-run"), {("low-lunge", "right", 1), ("dead-bug", "both", 1)})
    page = app.flow.view.summary_page
    assert page.title.text() == WITH_SKIPS
    assert page.subtitle.text().startswith("2 of 3 sets in ")
    assert page.subtitle.text().endswith(" · 1 set and 1 side skipped")
    assert page.rows() == [
        ("Low lunge", "1 set", "set 1: left 30 s, right skipped"),
        ("Dead bug", "1 of 2 sets", "set 1 skipped · set 2: 8 reps"),
    ]
    assert app.checkin().question.text() == QUESTIONS["after"]
    assert page.voice_note.isHidden()
    store = app.services.history()
    assert store is not None
    [session] = listed(store)
    record = store.session_detail(session.id)
    assert record is not None and (session.set_count, record.skipped_count) == (2, 2)


def test_ending_early_says_so_lists_what_was_not_reached_and_asks_accordingly(app: App) -> None:
    controller = begin(app, "before-run")
    session = controller.runner.session
    while not (session.phase.is_work and session.phase.side == "left"):
        app.clock.advance(controller.runner.seconds_until_wakeup() or 0.0)
        controller.pump()
    app.clock.advance(12)
    controller.pump()
    controller.end()
    page = app.flow.view.summary_page
    assert page.title.text() == ENDED_EARLY
    assert page.subtitle.text().endswith(" · 1 cut short")
    assert page.rows() == [
        ("Low lunge", "1 set", "set 1: left 12 of 30 s, right not reached"),
        ("Dead bug", "0 of 2 sets", "not reached"),
    ]
    assert app.checkin().question.text() == ENDED_EARLY_QUESTION


def test_the_session_detail_shows_a_skipped_set_and_one_cut_short(
    qtbot: QtBot, content: Content
) -> None:
    day = date(2024, 5, 1)
    sets = (
        StoredSet("a", "low-lunge", "left", 1, None, 20.0, None, None, T0, T0 + 20, day,
                  planned_seconds=60.0),
        StoredSet("b", "low-lunge", "right", 1, None, 0.0, None, None, T0 + 30, T0 + 31, day,
                  skipped=True, planned_seconds=60.0),
        StoredSet("c", "dead-bug", "both", 1, 5, 30.0, None, None, T0 + 60, T0 + 90, day,
                  planned_reps=8),
        StoredSet("d", "dead-bug", "both", 2, 0, 0.0, None, None, T0 + 99, T0 + 99, day,
                  skipped=True, planned_reps=8),
    )  # fmt: skip
    record = SessionRecord("s", "after-run", "after-run", "", "", T0, T0 + 100, "completed",
                           day, sets)  # fmt: skip
    detail = SessionDetail(content)
    qtbot.addWidget(detail)
    detail.show_record(record)

    def cell(row: int, column: int) -> str:
        item = detail.sets.item(row, column)
        assert item is not None
        return item.text()

    cells = [tuple(cell(row, c) for c in (1, 2, 3, 4)) for row in range(detail.sets.rowCount())]
    assert cells == [
        ("left", "1", "", "20 of 60"),
        ("right", "1", "", "skipped"),
        ("both", "1", "5 of 8", "30"),
        ("both", "2", "skipped", ""),
    ]
    assert "· 2 sets, 2 skipped ·" in detail.facts.text()


def filled(page: QWidget) -> list[str]:
    """The texts of the page's visible filled (primary) buttons."""
    return [
        b.text()
        for b in page.findChildren(QPushButton)
        if b.isVisible() and b.objectName() in ("primaryButton", "startButton")
    ]


def test_a_long_summary_shows_every_set_on_its_own_line_and_one_filled_button(
    app: App, qtbot: QtBot
) -> None:
    app.window.setMinimumSize(1920, 1080)  # as on a screen this size (the test's is smaller)
    app.window.resize(1920, 1080)
    controller = begin(app, "strength-day")
    skip = {("dead-bug", "both", 2), ("dumbbell-deadlift", "both", 2)}
    skip |= {("dead-bug", "both", 3), ("dumbbell-deadlift", "both", 3)}
    run(app, controller, skip)
    page = app.flow.view.summary_page
    qtbot.waitUntil(lambda: page.isVisible() and page.title.width() > 0)
    cells = [label for label in page.findChildren(QLabel) if label.objectName() == "summaryCell"]
    details = [label for label in cells if label.accessibleName()]
    assert [label.accessibleName() for label in details] == [row[2] for row in page.rows()]
    for label in details:
        sets = label.accessibleName().split(" · ")
        assert label.text().count("<br>") == len(sets) - 1
        assert label.height() >= label.heightForWidth(label.width())  # no line cut off
        card = label.parentWidget()
        assert card is not None and label.geometry().right() <= card.rect().right()
    assert filled(page) == ["Save  (Enter)"]  # the check-in's Save is the one filled button
    app.checkin().skip()
    assert filled(page) == ["Back to the exercises"]
