"""The set-up page when the coach advises an easier variant: it shows the variant with its
own ranges, the advised dose and the coach's reason, and sizes the session as the variant
runs; left as advised, the session keeps the coach's reason, and a change is the user's."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core.coach import Advice, GivenDose, Level
from backcoach.core.plan import Plan
from backcoach.ui.session_setup import SessionSetup, rep_lengths, seconds_text
from backcoach.ui.today_card import TodayCard
from tests.helpers.app import App
from tests.helpers.coach import reds_at_the_minimum

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

EASIER = {"dead-bug": "heel-taps"}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def set_up(qtbot: QtBot, app: App) -> tuple[SessionSetup, Advice]:
    """Today's card → after a run → Start: the set-up page, and the dead bug's advice."""
    qtbot.waitUntil(lambda: app.window.today_card is not None)
    card = app.window.today_card
    assert isinstance(card, TodayCard)
    card.context_buttons["after-run"].click()
    qtbot.mouseClick(app.window.start_button, Qt.MouseButton.LeftButton)
    setup = app.flow.setup
    assert app.current() is setup
    advice = next(a for a in card.advice if a.exercise == "dead-bug")
    assert advice.level == Level(sets=1, reps=5, variant="heel-taps")
    return setup, advice


def variant_plan(app: App, setup: SessionSetup) -> Plan:
    """The plan of the page's doses with the dead bug's variant run in its place."""
    return app.services.sessions.plan(
        "after-run", "after-run", setup.choice().choices, variants=EASIER
    )


def start(qtbot: QtBot, app: App, setup: SessionSetup) -> GivenDose:
    """Start the session from the page (no check-in); the dead bug's dose it stored."""
    qtbot.mouseClick(setup.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(app.checkin(), Qt.Key.Key_Escape)
    active = app.flow.active
    assert active is not None and active.history_id is not None
    assert set(active.plan.exercises) == {"low-lunge", "heel-taps"}
    store = app.services.history()
    assert store is not None
    record = store.session_detail(active.history_id)
    assert record is not None
    app.end_session()
    return next(d for d in record.doses if d.exercise == "dead-bug")


def test_the_set_up_page_shows_the_advised_variant_and_the_session_keeps_the_reason(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    reds_at_the_minimum(data_dir)
    app = App(qtbot, content, data_dir)
    setup, advice = set_up(qtbot, app)
    bug = setup.cards["dead-bug"]
    assert bug.exercise is content.exercises["heel-taps"]
    assert bug.title.text() == "Heel taps (easier, in place of Dead bug)"
    assert bug.reps is not None
    assert (bug.sets.value(), bug.reps.value()) == (1, 5)
    assert (bug.sets.minimum(), bug.sets.maximum()) == (1, 3)  # the variant's range
    assert bug.reason.isVisible() and bug.reason.text() == advice.reason
    assert setup.choice().variants == EASIER
    qtbot.waitUntil(lambda: setup.measured)
    plan = variant_plan(app, setup)
    assert setup.total_seconds == plan.total_seconds
    assert (
        plan.total_seconds
        != app.services.sessions.plan(
            "after-run", "after-run", setup.choice().choices
        ).total_seconds
    )
    assert setup.rep_seconds["heel-taps"] == rep_lengths(plan)["heel-taps"]
    assert bug.guided is not None
    assert seconds_text(rep_lengths(plan)["heel-taps"]) in bug.guided.text()
    given = start(qtbot, app, setup)
    assert given.level == advice.level
    assert not given.chosen
    assert given.reason == advice.reason


def test_a_change_on_the_variant_s_card_is_the_user_s_own_choice(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    reds_at_the_minimum(data_dir)
    app = App(qtbot, content, data_dir)
    setup, advice = set_up(qtbot, app)
    bug = setup.cards["dead-bug"]
    bug.sets.setValue(2)
    given = start(qtbot, app, setup)
    assert given.level == Level(sets=2, reps=5, variant="heel-taps")
    assert given.chosen
    assert given.reason != advice.reason and given.reason.startswith("Your own choice")
