"""The coach's doses through the session pages: a resumed session's set-up page shows the
doses, variants and reasons it began with, and runs them; a variant's dose is remembered
under the variant's own id, never its main exercise's."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core.coach import GivenDose, Level
from backcoach.core.plan import DoseChoice
from backcoach.settings import Settings
from backcoach.storage import HistoryStore
from backcoach.ui.session_setup import SessionSetup
from backcoach.ui.today_card import TodayCard
from tests.helpers.app import App
from tests.helpers.coach import reds_at_the_minimum
from tests.storage.seed import a_set

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

EASIER = {"dead-bug": "heel-taps"}
LUNGE_REASON = "Two pain-free sessions in a row, so today: 75-second holds."
BUG_REASON = (
    "Pain was above 5 out of 10 after the last session even at the easiest dose, so today: "
    "heel taps instead, 3 sets of 7 reps per side."
)
GIVEN = (
    GivenDose("low-lunge", Level(2, hold_s=75), reason=LUNGE_REASON),
    GivenDose("dead-bug", Level(3, 7, variant="heel-taps"), reason=BUG_REASON),
)
"""The doses the unfinished session began with: its dead bug's easier variant at a dose
other than the variant's defaults (2 sets of 6)."""


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def leave_unfinished(folder: Path) -> str:
    """An after-run session given :data:`GIVEN`, stopped after its first heel-taps set."""
    with HistoryStore(folder) as store:
        start = time.time() - 3600
        sid = store.start_session("after-run", "after-run", start)
        store.record_doses(list(GIVEN), sid)
        store.record_set(a_set(1, start, exercise="heel-taps", side="both", reps=7))
    return sid


def resume(qtbot: QtBot, app: App) -> SessionSetup:
    """The resume offer's Resume: the set-up page of the unfinished session."""
    qtbot.waitUntil(lambda: app.history.interrupted_banner is not None)
    banner = app.history.interrupted_banner
    assert banner is not None
    button = banner.findChild(QPushButton, "resumeButton")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert app.current() is app.flow.setup
    return app.flow.setup


def test_the_resumed_set_up_page_shows_the_variant_dose_and_reason_it_began_with(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    sid = leave_unfinished(data_dir)
    app = App(qtbot, content, data_dir)
    setup = resume(qtbot, app)
    qtbot.waitUntil(setup.start_button.hasFocus)  # Enter starts
    bug, lunge = setup.cards["dead-bug"], setup.cards["low-lunge"]
    assert bug.exercise is content.exercises["heel-taps"]
    assert bug.title.text() == "Heel taps (easier, in place of Dead bug)"
    assert bug.reps is not None and (bug.sets.value(), bug.reps.value()) == (3, 7)
    assert bug.reason.isVisible() and bug.reason.text() == BUG_REASON
    assert lunge.hold is not None and (lunge.sets.value(), lunge.hold.value()) == (2, 75)
    assert lunge.reason.isVisible() and lunge.reason.text() == LUNGE_REASON
    choice = setup.choice()
    assert choice.variants == EASIER
    qtbot.waitUntil(lambda: setup.measured)
    plan = app.services.sessions.plan(
        "after-run", "after-run", choice.choices, choice.completed, variants=EASIER
    )
    assert setup.total_seconds == plan.total_seconds
    qtbot.mouseClick(setup.start_button, Qt.MouseButton.LeftButton)  # no check-in: it had one
    active = app.flow.active
    assert active is not None and active.resumed and active.history_id == sid
    assert set(active.plan.exercises) == {"low-lunge", "heel-taps"}
    doses = {d.exercise: (d.sets, d.reps, d.hold_seconds) for d in active.plan.doses}
    assert doses == {"low-lunge": (2, None, 75), "heel-taps": (3, 7, None)}
    left = {p.key for p in active.plan.work_phases if p.exercise == "heel-taps"}
    assert left == {("heel-taps", "both", 2), ("heel-taps", "both", 3)}
    app.end_session()


def test_a_variant_s_dose_is_remembered_under_its_own_id_and_the_main_one_s_is_kept(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    reds_at_the_minimum(data_dir)
    mine = {"reps": 9, "rep_mode": "tempo", "sets": {"after-run": 3}}
    settings = Settings(safety_note_seen=True, dose_choices={"dead-bug": dict(mine)})
    app = App(qtbot, content, data_dir, settings=settings)
    qtbot.waitUntil(lambda: app.window.today_card is not None)
    card = app.window.today_card
    assert isinstance(card, TodayCard)
    card.context_buttons["after-run"].click()
    qtbot.mouseClick(app.window.start_button, Qt.MouseButton.LeftButton)
    bug = app.flow.setup.cards["dead-bug"]
    assert bug.exercise.id == "heel-taps" and bug.reps is not None
    assert bug.self_paced is not None and not bug.self_paced.isChecked()
    bug.reps.setValue(7)
    bug.self_paced.setChecked(True)
    qtbot.mouseClick(app.flow.setup.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(app.checkin(), Qt.Key.Key_Escape)
    app.end_session()

    assert settings.dose_choices["dead-bug"] == mine
    heel_taps = DoseChoice(sets=1, reps=7, rep_mode="self")
    assert settings.remembered_dose("heel-taps", "after-run", "after-run") == heel_taps
    saved = Settings.load(data_dir)
    assert saved.dose_choices["dead-bug"] == mine
    assert saved.remembered_dose("heel-taps", "after-run", "after-run") == heel_taps

    app.flow.go_home()
    app.flow.open_setup("after-run", "after-run")  # the remembered doses alone
    main = app.flow.setup.cards["dead-bug"]
    assert main.exercise.id == "dead-bug" and main.reps is not None
    assert (main.sets.value(), main.reps.value()) == (3, 9)
    assert main.self_paced is not None and not main.self_paced.isChecked()
    app.flow.go_home()
    qtbot.mouseClick(app.window.start_button, Qt.MouseButton.LeftButton)  # with the coach's
    again = app.flow.setup.cards["dead-bug"]
    assert again.exercise.id == "heel-taps" and again.reps is not None
    assert again.reps.value() == 7  # the user's own dose is the coach's starting point
    assert again.self_paced is not None and again.self_paced.isChecked()  # the variant's
