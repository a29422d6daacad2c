"""The window session: Start → setup → session screen → summary → carousel, keys and buttons."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core import phrases
from backcoach.core.clock import Clock
from backcoach.core.session import Summary
from backcoach.settings import Settings
from backcoach.storage import HistoryStore
from backcoach.ui.session_controller import SessionController
from backcoach.ui.session_view import SessionView
from backcoach.ui.summary_view import summary_rows
from backcoach.ui.voice_settings import VoiceSettingsDialog
from backcoach.voice import SilentSpeaker, Speaker
from tests.helpers import app as harness
from tests.helpers.speaker import RecordingSpeaker
from tests.storage.seed import listed


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


class App(harness.App):
    """The window with recording speakers; its sessions skip the pain check-ins
    (tested in test_history_flow) and its session screen has the keyboard focus."""

    def __init__(
        self,
        qtbot: QtBot,
        content: Content,
        folder: Path,
        speaker: Callable[[Settings, Clock], Speaker] | None = None,
        cue_log: Path | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.speakers: list[RecordingSpeaker] = []
        super().__init__(
            qtbot,
            content,
            folder,
            settings=settings,
            speaker_factory=speaker or self._speaker,
            cue_log=cue_log,
        )
        self.window.activateWindow()
        qtbot.waitUntil(self.window.isActiveWindow)
        self.view = self.flow.view

    def _speaker(self, settings: Settings, clock: Clock) -> Speaker:
        speaker = RecordingSpeaker()
        self.speakers.append(speaker)
        return speaker

    @property
    def controller(self) -> SessionController:
        assert self.flow.controller is not None
        return self.flow.controller

    def start(self, routine: str = "before-run") -> None:
        self.window.select_routine(routine)
        self.qtbot.mouseClick(self.window.start_button, Qt.MouseButton.LeftButton)
        assert self.window.screens.currentWidget() is self.flow.setup
        self.qtbot.mouseClick(self.flow.setup.start_button, Qt.MouseButton.LeftButton)
        self.skip_checkin()
        assert self.window.screens.currentWidget() is self.view

    def confirm(self) -> None:
        """Confirm the setup page as it is and skip the check-in."""
        self.flow.setup.confirm()
        self.skip_checkin()

    def skip_checkin(self) -> None:
        checkin = self.flow.checkin
        assert checkin is not None and checkin.moment == "before"
        self.qtbot.keyClick(checkin, Qt.Key.Key_Escape)

    def key(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        """Press ``key`` with focus on some child of the session screen."""
        self.qtbot.keyClick(self.view.next_label, key, modifier)

    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.controller.pump()

    def settle(self) -> None:
        """Let the hold for a spoken answer run out, as its armed timer would."""
        assert self.controller.state.resuming
        wait = self.controller.runner.seconds_until_wakeup()
        assert wait is not None and self.controller.armed_ms() == math.ceil(wait * 1000)
        self.wait(wait)
        assert not self.controller.state.paused

    def skip_to(self, kind: str, mode: str | None = None) -> None:
        """Skip until a phase of ``kind`` (and ``mode``), then let the skip's answer end."""
        for _ in range(100):
            phase = self.controller.state.phase
            if phase.kind == kind and (mode is None or phase.mode == mode):
                if self.controller.state.resuming:
                    self.settle()
                return
            self.controller.skip()
        raise AssertionError(f"no {kind} phase")


@pytest.fixture
def app(qtbot: QtBot, content: Content, data_dir: Path) -> App:
    return App(qtbot, content, data_dir)


def test_start_goes_through_setup_to_a_running_session(app: App) -> None:
    app.start()
    state = app.controller.state
    assert state.started and state.phase.kind == "get-ready"
    assert app.view.phase_chip.text() == "GET READY"
    assert app.view.exercise_label.text() == "Low lunge"
    assert app.speakers[0].texts == [phrases.safety()]  # the first line; the intro follows


def test_the_huge_number_shows_the_remaining_time_rounded_up(app: App) -> None:
    app.start()
    duration = app.controller.state.phase.duration
    assert duration is not None and duration == int(duration)
    assert app.view.readout.text() == f"{int(duration) // 60}:{int(duration) % 60:02d}"
    app.wait(2.4)
    left = int(duration) - 2
    assert app.view.readout.text() == f"{left // 60}:{left % 60:02d}"
    assert app.view.readout.pixel_size() > 100


def test_reps_show_the_rep_in_progress_out_of_the_target(app: App) -> None:
    app.start()
    app.skip_to("work", "tempo")
    phase = app.controller.state.phase
    assert phase.rep_seconds is not None
    app.wait(phase.rep_seconds * 2 + 0.5)
    assert app.view.readout.text() == f"3 / {phase.target_reps}"
    assert app.view.phase_chip.text() == "REPS"


def test_the_step_and_the_illustration_follow_the_phase(
    app: App, content: Content, qtbot: QtBot
) -> None:
    app.start()
    lunge = content.exercises["low-lunge"]
    steps = app.view.steps
    assert steps.current() == 0
    assert app.view.illustration.current() == lunge.position(lunge.steps[0].position)
    app.key(Qt.Key.Key_Right)
    phase = app.controller.state.phase
    assert phase.kind == "work" and phase.step_index > 0
    assert steps.current() == phase.step_index
    qtbot.waitUntil(lambda: steps.current_row() is steps.rows()[phase.step_index])
    assert app.view.illustration.current() == lunge.position(phase.position)
    assert app.view.where_label.text().startswith("Left side")


def test_space_pauses_and_resumes_after_saying_where(app: App) -> None:
    app.start()
    app.wait(1)
    app.key(Qt.Key.Key_Space)
    assert app.controller.state.paused
    assert app.view.phase_chip.text() == "PAUSED"
    assert app.view.paused_label.isVisible()
    assert app.view.paused_label.text() == "Paused · press Space to go on"
    assert app.view.pause_button.text().endswith("Resume")
    shown = app.view.readout.text()
    app.clock.advance(30)
    app.key(Qt.Key.Key_Space)
    assert app.controller.state.resuming
    assert app.view.phase_chip.text() == "RESUMING…"
    assert app.view.paused_label.isVisible() and app.view.paused_label.text() == "Resuming…"
    assert app.view.pause_button.text().endswith("Pause")
    app.settle()
    assert app.view.readout.text() == shown
    assert not app.view.paused_label.isVisible()
    app.key(Qt.Key.Key_Space)
    assert app.view.paused_label.text() == "Paused · press Space to go on"


def test_each_key_answers_through_the_speaker(app: App) -> None:
    app.start()
    speaker = app.speakers[0]
    left = (app.controller.state.phase.duration or 0) - 3
    resuming = f"Resuming. Low lunge, left side, starting in {left:g} seconds."
    app.wait(3)
    app.key(Qt.Key.Key_Space)
    assert speaker.calls[-2:] == ["<stop>", "Paused."]
    app.key(Qt.Key.Key_Space)
    assert speaker.calls[-2:] == ["<stop>", resuming]
    app.key(Qt.Key.Key_Space)  # again while that is said: paused again
    assert speaker.calls[-2:] == ["<stop>", "Paused."] and not app.controller.state.resuming
    app.key(Qt.Key.Key_Space)
    app.settle()
    app.key(Qt.Key.Key_Right)
    assert speaker.calls[-2:] == ["<stop>", "Skipped. Next: low lunge, left side."]
    app.settle()
    app.key(Qt.Key.Key_Plus)
    assert speaker.calls[-2:] == ["<stop>", "Ten more seconds."]
    app.wait(5)
    app.key(Qt.Key.Key_Left)
    assert speaker.calls[-2:] == ["<stop>", "Back to the low lunge, left side."]
    assert speaker.answers == [
        "Paused.",
        resuming,
        "Paused.",
        resuming,
        "Skipped. Next: low lunge, left side.",
        "Ten more seconds.",
        "Back to the low lunge, left side.",
    ]


def test_right_skips_and_left_goes_back(app: App) -> None:
    app.start()
    app.key(Qt.Key.Key_Right)
    assert app.controller.state.phase.kind == "work"
    app.key(Qt.Key.Key_Left)
    assert app.controller.state.phase.kind == "get-ready"


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Equal, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.KeypadModifier),
    ],
)
def test_plus_adds_ten_seconds(app: App, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    app.start()
    app.skip_to("work", "hold")
    before = app.controller.state.remaining
    assert before is not None
    total = app.view.progress_label.text().split("of about ")[1]
    app.key(key, modifier)
    assert app.controller.state.remaining == pytest.approx(before + 10)
    minutes, seconds = (int(x) for x in total.split(":"))
    longer = minutes * 60 + seconds + 10
    assert app.view.progress_label.text().endswith(f"of about {longer // 60}:{longer % 60:02d}")


def test_buttons_do_what_the_keys_do(app: App, qtbot: QtBot) -> None:
    app.start()
    click = Qt.MouseButton.LeftButton
    qtbot.mouseClick(app.view.pause_button, click)
    assert app.controller.state.paused
    qtbot.mouseClick(app.view.pause_button, click)
    assert app.controller.state.resuming
    app.settle()
    qtbot.mouseClick(app.view.skip_button, click)
    assert app.controller.state.phase.kind == "work"
    app.settle()
    before = app.controller.state.remaining
    qtbot.mouseClick(app.view.add_button, click)
    assert app.controller.state.remaining == pytest.approx((before or 0) + 10)
    qtbot.mouseClick(app.view.back_button, click)
    assert app.controller.state.phase.kind == "get-ready"
    assert app.speakers[0].answers[-3:] == [
        "Skipped. Next: low lunge, left side.",
        "Ten more seconds.",
        "Back to the low lunge, left side.",
    ]
    assert not app.view.done_button.isEnabled()
    qtbot.mouseClick(app.view.end_button, click)
    assert app.view.confirm.isVisible()
    qtbot.mouseClick(app.view.confirm.end_button, click)
    assert app.view.showing_summary()


def start_dead_bug_at_own_pace(app: App, reps: int) -> None:
    """Start the strength day with the dead bug's sets at your own pace, ``reps`` each."""
    app.window.select_routine("strength-day")
    app.qtbot.mouseClick(app.window.start_button, Qt.MouseButton.LeftButton)
    card = app.flow.setup.cards["dead-bug"]
    assert card.self_paced is not None and card.reps is not None
    card.self_paced.setChecked(True)
    card.reps.setValue(reps)
    app.confirm()


def test_return_ends_a_self_paced_set(app: App) -> None:
    start_dead_bug_at_own_pace(app, reps=6)
    app.key(Qt.Key.Key_Return)  # not a self-paced set yet: nothing happens
    assert app.controller.state.phase.kind == "get-ready"
    app.skip_to("work", "self")
    assert app.view.readout.text() == "6"
    assert app.view.done_button.isEnabled()
    app.wait(15)
    app.key(Qt.Key.Key_Return)
    assert app.controller.state.phase.kind != "work"
    assert [(r.exercise, r.reps) for r in app.controller.runner.session.records] == [
        ("dead-bug", 6)
    ]


def test_escape_asks_first_and_escape_again_keeps_going(app: App) -> None:
    app.start()
    app.key(Qt.Key.Key_Escape)
    assert app.view.confirm.isVisible()
    app.key(Qt.Key.Key_Right)  # other keys wait for the answer
    assert app.controller.state.phase.kind == "get-ready"
    app.key(Qt.Key.Key_Escape)
    assert not app.view.confirm.isVisible()
    assert not app.controller.state.finished


def test_escape_then_return_ends_on_the_summary_and_goes_home(
    app: App, qtbot: QtBot, data_dir: Path
) -> None:
    app.start()
    app.skip_to("work", "hold")
    app.wait(12)
    finished: list[Summary] = []
    app.flow.session_finished.connect(finished.append)
    app.key(Qt.Key.Key_Escape)
    app.key(Qt.Key.Key_Return)
    assert app.controller.state.finished
    assert app.view.showing_summary()
    assert finished and finished[0].ended_early
    page = app.view.summary_page
    assert page.title.text() == "Session ended early"
    assert page.rows() == [
        ("Low lunge", "1 set", "set 1: left 12 of 30 s, right not reached"),
        ("Dead bug", "0 of 2 sets", "not reached"),
    ]
    store = HistoryStore(data_dir)
    sessions = listed(store)
    assert [(s.status, s.set_count) for s in sessions] == [("ended-early", 1)]
    store.close()
    qtbot.mouseClick(page.home_button, Qt.MouseButton.LeftButton)
    assert app.window.screens.currentWidget() is app.window.home
    assert app.flow.controller is None


def test_a_session_run_to_the_end_lists_every_set(app: App, content: Content) -> None:
    app.start()
    session = app.controller.runner.session
    while not session.finished:
        remaining = app.controller.state.remaining
        assert remaining is not None
        app.wait(remaining)
    assert app.view.showing_summary()
    assert app.view.summary_page.title.text() == "Routine complete"
    names = [row[0] for row in app.view.summary_page.rows()]
    assert names == ["Low lunge", "Dead bug"]
    summary = session.summary
    assert summary is not None
    assert summary_rows(summary.records, content.exercises, session.plan)[0][1] == "1 set"


def test_f11_toggles_full_screen_and_hides_the_menu_bar(app: App) -> None:
    app.start()
    app.key(Qt.Key.Key_F11)
    assert app.window.isFullScreen()
    assert app.window.menuBar().isHidden()
    assert app.window.full_screen_action.isChecked()
    app.key(Qt.Key.Key_F11)
    assert not app.window.isFullScreen()
    assert not app.window.menuBar().isHidden()
    assert not app.window.full_screen_action.isChecked()


def test_the_full_screen_button_and_the_view_menu_toggle_full_screen(
    app: App, qtbot: QtBot
) -> None:
    app.start()
    button = app.view.full_screen_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert app.window.isFullScreen() and app.window.menuBar().isHidden()
    assert button.text().endswith("Leave full screen")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not app.window.isFullScreen() and not app.window.menuBar().isHidden()
    assert button.text().endswith("Full screen")
    app.window.full_screen_action.trigger()
    assert app.window.isFullScreen() and button.text().endswith("Leave full screen")
    app.window.full_screen_action.trigger()
    assert not app.window.isFullScreen()


def test_plus_ten_seconds_is_off_with_the_reason_where_it_cannot_apply(app: App) -> None:
    app.window.select_routine("strength-day")
    app.qtbot.mouseClick(app.window.start_button, Qt.MouseButton.LeftButton)
    card = app.flow.setup.cards["dumbbell-deadlift"]
    assert card.self_paced is not None
    card.self_paced.setChecked(True)
    app.confirm()
    add = app.view.add_button
    assert add.isEnabled() and "10 s" in add.toolTip()
    app.skip_to("work", "tempo")
    assert not add.isEnabled() and "guided reps" in add.toolTip().lower()
    before = app.controller.state.remaining
    app.key(Qt.Key.Key_Plus)
    assert app.controller.state.remaining == before
    app.skip_to("work", "self")
    assert not add.isEnabled() and "own pace" in add.toolTip()
    app.skip_to("rest")
    assert add.isEnabled()


def test_the_deadlift_weight_is_asked_shown_and_recorded(app: App) -> None:
    app.window.select_routine("strength-day")
    app.qtbot.mouseClick(app.window.start_button, Qt.MouseButton.LeftButton)
    card = app.flow.setup.cards["dumbbell-deadlift"]
    assert card.weight is not None and card.unit is not None
    card.weight.setValue(12.5)
    card.unit.setCurrentText("lb")
    app.key(Qt.Key.Key_Return)  # Enter starts from the setup page
    app.skip_checkin()
    assert app.window.screens.currentWidget() is app.view
    for _ in range(100):
        if app.controller.state.phase.exercise == "dumbbell-deadlift":
            break
        app.controller.skip()
    assert app.view.weight_label.text() == "12.5 lb"
    assert app.view.weight_label.accessibleName() == "12.5 lb dumbbells"
    app.skip_to("work")
    app.wait(app.controller.state.phase.rep_end(1) + 0.5)
    app.controller.skip()
    record = app.controller.runner.session.records[-1]
    assert (record.exercise, record.weight, record.weight_unit) == ("dumbbell-deadlift", 12.5, "lb")


def setup_values(app: App) -> dict[str, tuple[object, ...]]:
    """Each setup card's inputs as shown: (hold, reps, sets, self-paced, weight, unit)."""
    return {
        exercise: (
            card.hold.value() if card.hold is not None else None,
            card.reps.value() if card.reps is not None else None,
            card.sets.value(),
            card.self_paced.isChecked() if card.self_paced is not None else None,
            card.weight.value() if card.weight is not None else None,
            card.unit.currentText() if card.unit is not None else None,
        )
        for exercise, card in app.flow.setup.cards.items()
    }


def open_setup(app: App, routine: str, context: str) -> None:
    app.window.select_routine(routine)
    app.window.select_context(context)
    app.qtbot.mouseClick(app.window.start_button, Qt.MouseButton.LeftButton)
    assert app.window.screens.currentWidget() is app.flow.setup


def test_the_chosen_amounts_are_offered_again_in_the_next_run(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    first = App(qtbot, content, data_dir, settings=Settings.load(data_dir))
    open_setup(first, "strength-day", "day-off")
    defaults = setup_values(first)
    cards = first.flow.setup.cards
    lunge, bug, lift = cards["low-lunge"], cards["dead-bug"], cards["dumbbell-deadlift"]
    assert lunge.hold is not None and bug.reps is not None and bug.self_paced is not None
    assert lift.weight is not None and lift.unit is not None and lift.reps is not None
    lunge.hold.setValue(150)
    lunge.sets.setValue(3)
    bug.reps.setValue(6)
    bug.self_paced.setChecked(True)
    lift.weight.setValue(12.5)
    lift.unit.setCurrentText("lb")
    lift.reps.setValue(15)
    lift.sets.setValue(2)
    chosen = setup_values(first)
    assert chosen != defaults
    qtbot.mouseClick(first.flow.setup.start_button, Qt.MouseButton.LeftButton)
    first.skip_checkin()
    assert first.window.screens.currentWidget() is first.view
    first.window.close()

    second = App(qtbot, content, data_dir, settings=Settings.load(data_dir))
    open_setup(second, "strength-day", "day-off")
    assert setup_values(second) == chosen
    second.qtbot.mouseClick(second.flow.setup.back_button, Qt.MouseButton.LeftButton)
    open_setup(second, "after-run", "after-run")
    assert setup_values(second)["low-lunge"][0] == 60  # holds are kept per context
    assert setup_values(second)["dead-bug"][1:4] == (6, 3, True)  # sets per routine


def test_remembered_amounts_that_no_longer_fit_are_clamped_or_ignored(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    stored = {
        "low-lunge": {"hold": {"day-off": 9999}, "sets": {"strength-day": "many"}},
        "dead-bug": ["not", "a", "dose"],
        "dumbbell-deadlift": {"reps": 2, "weight": -4, "unit": "stone", "rep_mode": "fast"},
    }
    (data_dir / "settings.json").write_text(json.dumps({"dose_choices": stored}))
    app = App(qtbot, content, data_dir, settings=Settings.load(data_dir))
    open_setup(app, "strength-day", "day-off")
    values = setup_values(app)
    assert values["low-lunge"] == (180, None, 2, None, None, None)
    assert values["dead-bug"] == (None, 8, 3, False, None, None)
    assert values["dumbbell-deadlift"] == (None, 10, 3, False, 0.5, "kg")
    app.confirm()
    assert app.controller.runner.session.plan.routine == "strength-day"


def test_a_missing_speech_engine_is_explained_on_the_session_screen(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    problem = "Voice is off: the speech engine espeak-ng is not installed. Install it with: apt"

    def no_engine(settings: Settings, clock: Clock) -> Speaker:
        return SilentSpeaker("no speech engine: espeak-ng is not installed", problem)

    app = App(qtbot, content, data_dir, speaker=no_engine)
    app.start()
    assert app.view.status() == problem
    assert app.view.notice("voice") == ""  # a status line, not a notice above the session
    app.wait(3)
    assert app.controller.state.routine_elapsed == pytest.approx(3)


def test_history_that_cannot_be_written_is_reported_and_the_session_goes_on(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "history.sqlite3").mkdir()
    app = App(qtbot, content, data_dir)
    app.start()
    notice = app.view.notice("storage")
    assert "Your sets are kept and will be saved" in notice
    app.skip_to("work", "hold")
    app.wait(20)
    app.controller.skip()
    assert len(app.controller.runner.session.records) == 1


def test_the_cue_log_records_the_window_session(
    qtbot: QtBot, content: Content, data_dir: Path, tmp_path: Path
) -> None:
    log = tmp_path / "cues.jsonl"
    app = App(qtbot, content, data_dir, cue_log=log)
    app.start()
    app.window.close()
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert lines[0]["kind"] == "safety" and lines[0]["t"] == 0
    assert {"t", "text", "kind", "priority", "spoken", "reason"} <= set(lines[0])


def test_voice_settings_are_saved_and_used_by_the_next_session(
    app: App, qtbot: QtBot, data_dir: Path
) -> None:
    dialog = VoiceSettingsDialog(
        app.settings,
        lambda s: s.save(data_dir),
        app.services.say_sample,
        load_voices=lambda: [("gmw/en", "English"), ("gmw/en-gb-x-rp", "English RP")],
        parent=app.window,
    )
    qtbot.waitUntil(dialog.voices_loaded)
    assert dialog.voice.count() == 3
    app.start()
    app.key(Qt.Key.Key_Escape)
    app.key(Qt.Key.Key_Return)
    app.qtbot.mouseClick(app.view.summary_page.home_button, Qt.MouseButton.LeftButton)
    dialog.rate.setValue(140)
    dialog.volume.setValue(60)
    dialog.voice.setCurrentIndex(dialog.voice.findData("gmw/en-gb-x-rp"))
    dialog.accept()
    saved = Settings.load(data_dir)
    assert (saved.voice_rate, saved.voice_volume, saved.voice_id) == (140, 0.6, "gmw/en-gb-x-rp")
    app.start()
    assert len(app.speakers) == 2
    assert app.speakers[0].closed


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_voice_settings_menu_opens_the_dialog(app: App, qtbot: QtBot) -> None:
    app.window.voice_action.trigger()
    dialog = app.window.findChild(VoiceSettingsDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.voices_loaded, timeout=20000)
    dialog.reject()


def test_the_view_alone_needs_no_session(qtbot: QtBot) -> None:
    view = SessionView()
    qtbot.addWidget(view)
    view.set_notice("storage", "Title", "Text")
    assert view.notice("storage") == "Title\nText"
    view.clear_notice("storage")
    assert view.notice("storage") == ""
    assert isinstance(view.running_page, QWidget)


def test_a_new_session_started_from_the_summary_releases_the_old_controller(
    app: App, qtbot: QtBot
) -> None:
    app.start()
    old = app.controller
    old.end()
    old_states: list[object] = []
    old.state_changed.connect(old_states.append)
    app.flow.open_setup("before-run", "before-run")  # as the Resume banner does: no home first
    with qtbot.waitSignal(old.destroyed, timeout=1000):
        app.confirm()
    new = app.controller
    assert new is not old
    qtbot.mouseClick(app.view.skip_button, Qt.MouseButton.LeftButton)
    assert new.state.phase.kind == "work"
    assert app.view.phase_chip.text() == "RESUMING…"
    app.settle()
    assert old_states == []
    assert app.view.phase_chip.text() == "HOLD"


def test_a_zero_voice_rate_in_the_settings_file_is_corrected_and_the_session_runs(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text('{"voice_rate": 0, "safety_note_seen": true}')
    app = App(qtbot, content, data_dir, settings=Settings.load(data_dir))
    assert "voice speed 0" in app.settings.problem
    app.start()
    assert app.controller.state.started


def test_the_dumbbell_weight_must_be_a_real_weight_in_either_unit(app: App) -> None:
    open_setup(app, "strength-day", "day-off")
    card = app.flow.setup.cards["dumbbell-deadlift"]
    assert card.weight is not None and card.unit is not None and card.weight_hint is not None
    card.weight.setValue(0.0)
    assert card.weight.value() == 0.5
    assert "0.5–200 kg" in card.weight_hint.text() and card.weight.toolTip() != ""
    card.unit.setCurrentText("lb")
    assert card.weight.value() == 1.0
    assert "1–440 lb" in card.weight_hint.text()
    card.weight.setValue(0.0)
    assert card.choice().weight == 1.0


def test_the_right_side_shows_the_illustration_mirrored(app: App) -> None:
    app.start()
    app.skip_to("work", "hold")
    assert app.controller.state.phase.side == "left"
    assert not app.view.illustration.mirrored()
    left = app.view.illustration.grab().toImage()
    shown = app.view.illustration.current()
    for _ in range(20):
        if app.controller.state.phase.side == "right" and app.controller.state.phase.is_work:
            break
        app.controller.skip()
    app.settle()
    app.wait(0.5)  # the figure turns round over half a second
    assert app.view.illustration.mirrored()
    assert app.view.illustration.current() == shown
    right = app.view.illustration.grab().toImage()
    assert right != left
    assert differing_pixels(right, left.flipped(Qt.Orientation.Horizontal)) < 0.01


def differing_pixels(a: QImage, b: QImage) -> float:
    """The share of pixels whose colours differ by more than antialiasing would."""
    assert a.size() == b.size()
    step = 3
    points = [(x, y) for x in range(0, a.width(), step) for y in range(0, a.height(), step)]
    far = 0
    for x, y in points:
        p, q = a.pixelColor(x, y), b.pixelColor(x, y)
        if max(abs(p.red() - q.red()), abs(p.green() - q.green()), abs(p.blue() - q.blue())) > 60:
            far += 1
    return far / len(points)


# ------------------------------------------------- presenter remotes and touch


@pytest.mark.parametrize("key", [Qt.Key.Key_B, Qt.Key.Key_Period])
def test_a_presenters_b_or_period_pauses_and_resumes(app: App, key: Qt.Key) -> None:
    app.start()
    app.wait(1)
    app.key(key)
    assert app.controller.state.paused
    assert app.speakers[0].answers[-1] == "Paused."
    app.key(key)
    assert app.controller.state.resuming
    app.settle()
    assert not app.controller.state.paused


def test_page_down_skips_and_page_up_goes_back(app: App) -> None:
    app.start()
    app.key(Qt.Key.Key_PageDown)
    assert app.controller.state.phase.kind == "work"
    assert app.speakers[0].answers[-1] == "Skipped. Next: low lunge, left side."
    app.key(Qt.Key.Key_PageUp)
    assert app.controller.state.phase.kind == "get-ready"
    assert app.speakers[0].answers[-1] == "Back to the low lunge, left side."


def test_page_down_ends_a_self_paced_set_as_done(app: App) -> None:
    start_dead_bug_at_own_pace(app, reps=6)
    app.skip_to("work", "self")
    app.wait(12)
    app.key(Qt.Key.Key_PageDown)
    assert app.controller.state.phase.kind != "work"
    [record] = app.controller.runner.session.records
    assert (record.exercise, record.reps, record.skipped) == ("dead-bug", 6, False)


@pytest.mark.parametrize(
    "modifier", [Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier]
)
def test_f5_never_ends_and_answers_the_end_question_with_keep_going(
    app: App, modifier: Qt.KeyboardModifier
) -> None:
    app.start()
    app.wait(1)
    app.key(Qt.Key.Key_F5, modifier)
    assert not app.view.confirm.isVisible() and not app.controller.state.paused
    app.key(Qt.Key.Key_Escape)  # a remote's slide-show button sends Esc, then F5
    assert app.view.confirm.isVisible() and app.controller.state.paused
    app.key(Qt.Key.Key_F5, modifier)
    assert not app.view.confirm.isVisible()
    assert app.controller.state.resuming and not app.controller.state.finished
    app.settle()
    assert not app.view.showing_summary()


def test_presenter_keys_wait_while_the_end_question_is_open(app: App) -> None:
    app.start()
    app.key(Qt.Key.Key_Escape)
    app.key(Qt.Key.Key_PageDown)
    app.key(Qt.Key.Key_PageUp)
    assert app.controller.state.phase.kind == "get-ready"
    assert app.view.confirm.isVisible()


def test_a_tap_on_the_figure_pauses_and_resumes(app: App, qtbot: QtBot) -> None:
    app.start()
    app.wait(1)
    figure = app.view.figure_card
    qtbot.mouseClick(figure, Qt.MouseButton.LeftButton, pos=figure.rect().center())
    assert app.controller.state.paused
    qtbot.mouseClick(figure, Qt.MouseButton.RightButton, pos=figure.rect().center())
    assert app.controller.state.paused  # only a left click or a tap
    corner = figure.rect().bottomRight() - QPoint(4, 4)
    qtbot.mouseClick(figure, Qt.MouseButton.LeftButton, pos=corner)
    assert app.controller.state.resuming


class PaintCounter(QObject):
    """Counts the paint events that reach the widgets it watches."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.paints = 0
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_a_tick_paints_nothing_before_it_returns_and_the_frame_after_it(
    app: App, qtbot: QtBot
) -> None:
    """A tick that ends a set and moves the progress bar leaves the painting to the next
    frame: painting inside the tick paints the screen twice and stalls the window."""
    app.start()
    app.skip_to("work", "tempo")
    qtbot.waitExposed(app.view)
    duration = app.controller.state.phase.duration
    assert duration is not None
    counter = PaintCounter([app.view, *app.view.findChildren(QWidget)])
    before = app.view.progress.value()
    app.clock.advance(duration + 0.1)
    app.controller.pump()
    assert app.controller.state.phase.kind != "work"
    assert app.view.progress.value() > before
    assert counter.paints == 0
    qtbot.waitUntil(lambda: counter.paints > 0)


def test_only_the_step_being_done_is_highlighted_as_the_steps_move(app: App, qtbot: QtBot) -> None:
    app.start()
    steps = app.view.steps
    steps.set_steps(["Kneel", "Step forward", "Shift the hips", "Hold", "Change sides"])
    for current in (0, 3, 1, 4, 2):
        steps.highlight(current)
        qtbot.waitUntil(lambda: not steps.is_moving())
        rows = steps.rows()
        assert [row.property("current") for row in rows] == [i == current for i in range(5)]
        assert [row.font().bold() for row in rows] == [i == current for i in range(5)]
