"""The coach in the window: the morning question, the today card, reasons on the set-up
page, and the pain rule in Help."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core.phrases import PAIN_RULE
from backcoach.core.records import SetRecord
from backcoach.settings import Settings
from backcoach.storage import HistoryStore
from backcoach.ui.checkin import PainCheckIn
from backcoach.ui.today_card import TodayCard
from tests.helpers.app import App

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def midnight() -> float:
    """Today's start, local time (the days the window counts in)."""
    return datetime.combine(date.today(), datetime.min.time()).timestamp()


def finished_session(folder: Path, start: float, routine: str = "after-run") -> str:
    """A finished session with two lunge holds and a dead-bug set, rated 3 → 2."""
    with HistoryStore(folder) as store:
        sid = store.start_session(routine, "after-run", start)
        store.record_pain("before", 3, "", sid, recorded_at=start)
        for n, side in enumerate(("left", "right")):
            at = start + 70 * n
            store.record_set(SetRecord("low-lunge", side, 1, None, 60.0, None, None, at, at + 60))
        store.record_set(SetRecord("dead-bug", "both", 1, 8, 40.0, None, None, start + 200, 0))
        store.record_pain("after", 2, "", sid, recorded_at=start + 300)
        store.finish_session(sid, start + 320, True)
    return sid


def unfinished_session(folder: Path, start: float) -> None:
    with HistoryStore(folder) as store:
        store.start_session("before-run", "before-run", start)
        store.record_set(SetRecord("low-lunge", "left", 1, None, 20.0, None, None, start, start))


def card_of(qtbot: QtBot, app: App) -> TodayCard:
    qtbot.waitUntil(lambda: app.window.today_card is not None)
    card = app.window.today_card
    assert isinstance(card, TodayCard)
    return card


def test_the_morning_question_waits_for_the_safety_note_and_the_resume_offer(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    yesterday = finished_session(data_dir, midnight() - 4 * 3600)  # 20:00 yesterday
    unfinished_session(data_dir, midnight() - 3 * 86400)
    app = App(qtbot, content, data_dir, settings=Settings())
    window, history = app.window, app.history
    qtbot.waitUntil(lambda: history.interrupted_banner is not None)
    assert window.safety_banner.isVisible() and history.morning_page is None  # the note first
    window.safety_banner.button.click()
    assert history.morning_page is None  # then the resume offer
    assert history.interrupted_banner is not None
    history.interrupted_banner.button.click()  # keep as partial
    page = history.morning_page
    assert page is not None and app.current() is page
    checkin = page.findChild(PainCheckIn)
    assert checkin is not None and checkin.question.text() == "How is your lower back this morning?"
    for key in (Qt.Key.Key_1, Qt.Key.Key_0):
        qtbot.keyClick(checkin, key)
    assert checkin.rating() == 10
    qtbot.keyClick(checkin, Qt.Key.Key_Return)
    assert app.current() is window.home and history.morning_page is None
    store = app.services.history()
    assert store is not None
    record = store.session_detail(yesterday)
    assert record is not None and record.rating("morning") == 10
    assert app.services.settings.morning_asked == date.today().isoformat()


def test_esc_skips_the_morning_question_and_it_is_not_asked_again_today(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    sid = finished_session(data_dir, midnight() - 4 * 3600)
    app = App(qtbot, content, data_dir)
    qtbot.waitUntil(lambda: app.history.morning_page is not None)
    page = app.history.morning_page
    assert page is not None
    checkin = page.findChild(PainCheckIn)
    assert checkin is not None
    qtbot.keyClick(checkin, Qt.Key.Key_Escape)
    assert app.current() is app.window.home
    store = app.services.history()
    assert store is not None
    record = store.session_detail(sid)
    assert record is not None and record.rating("morning") is None
    assert not app.services.morning_due()  # asked today already


def test_no_morning_question_after_a_session_of_today(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    finished_session(data_dir, max(midnight(), time.time() - 600))
    app = App(qtbot, content, data_dir)
    card_of(qtbot, app)
    assert app.history.morning_page is None and app.current() is app.window.home


@pytest.mark.parametrize(
    ("keys", "rating"),
    [("10", 10), ("1", 1), ("15", 5), ("3", 3), ("100", 0), ("0", 0)],
)
def test_digit_keys_pick_the_rating_and_1_then_0_is_10(
    qtbot: QtBot, keys: str, rating: int
) -> None:
    checkin = PainCheckIn("morning")
    qtbot.addWidget(checkin)
    for key in keys:
        qtbot.keyClick(checkin, key)
    assert checkin.rating() == rating


def test_the_card_and_the_header_drive_each_other(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    app = App(qtbot, content, data_dir)
    window, card = app.window, card_of(qtbot, app)
    assert card.isVisible() and card.isAncestorOf(window.start_button)  # the one Start
    card.context_buttons["after-run"].click()
    assert (window.routine_id(), window.context()) == ("after-run", "after-run")
    assert card.routine_label.text() == "After a run"
    assert [a.exercise for a in card.advice] == ["low-lunge", "dead-bug"]
    card.context_buttons["before-run"].click()
    assert (window.routine_id(), window.context()) == ("before-run", "before-run")
    window.context_buttons["day-off"].click()  # the header's When
    assert card.context() == "day-off" and card.routine_label.text() == "Before a run"
    window.select_routine("strength-day")
    assert card.context() == "day-off" and card.routine_label.text() == "Strength day"
    settings = app.services.settings
    assert settings.context_routines["day-off"] == "strength-day"
    assert settings.today_context == {"day": date.today().isoformat(), "context": "day-off"}
    card.context_buttons["before-run"].click()
    card.context_buttons["day-off"].click()  # the routine picked for it comes back
    assert window.routine_id() == "strength-day"


def test_the_card_starts_on_the_context_chosen_today(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    today = {"day": date.today().isoformat(), "context": "before-run"}
    settings = Settings(safety_note_seen=True, last_routine="after-run", today_context=today)
    app = App(qtbot, content, data_dir, settings=settings)
    card = card_of(qtbot, app)
    assert card.context() == "before-run" and app.window.routine_id() == "before-run"


def test_a_session_done_today_is_said_and_start_stays(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    app = App(qtbot, content, data_dir)
    card = card_of(qtbot, app)
    assert card.done_label.isHidden()
    store = app.services.history()
    assert store is not None
    start = max(midnight(), time.time() - 600)
    sid = store.start_session("after-run", "after-run", start)
    store.record_pain("before", 3, "", sid, recorded_at=start)
    store.record_pain("after", 1, "", sid, recorded_at=start + 60)
    store.finish_session(sid, start + 600, True)
    card.refresh()
    clock = datetime.fromtimestamp(start).strftime("%H:%M")
    assert card.done_label.isVisible()
    assert card.done_label.text() == (
        f"Done today: After a run at {clock}, 0 sets in 10 min, pain 3 → 1. "
        "You can still start another."
    )
    assert app.window.start_button.isVisible() and app.window.start_button.isEnabled()


def test_the_set_up_page_shows_each_exercise_s_reason(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    app = App(qtbot, content, data_dir)
    card = card_of(qtbot, app)
    card.context_buttons["after-run"].click()
    qtbot.mouseClick(app.window.start_button, Qt.MouseButton.LeftButton)
    setup = app.flow.setup
    assert app.current() is setup
    for advice in card.advice:
        reason = setup.cards[advice.exercise].reason
        assert advice.reason and reason.isVisible() and reason.text() == advice.reason
    lunge = setup.cards["low-lunge"]
    assert lunge.hold is not None and lunge.hold.value() == card.advice[0].level.hold_s


def test_help_explains_the_pain_rule_as_a_cautious_rule_of_thumb(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    app = App(qtbot, content, data_dir)
    box = app.window.show_pain_rule()
    assert PAIN_RULE in box.informativeText() and "not a diagnosis" in box.informativeText()
    assert "see a clinician" in box.informativeText()
    box.close()
    help_menu = app.window.menuBar().actions()[-1].menu()
    assert isinstance(help_menu, QMenu) and app.window.pain_rule_action in help_menu.actions()
