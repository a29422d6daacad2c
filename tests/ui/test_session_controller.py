"""The Qt session controller: a timer armed to the runner's deadlines; controls re-arm it."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core import phrases
from backcoach.core.plan import DoseChoice, build_plan
from backcoach.core.session import Session, SessionState, SetCompleted, Summary
from backcoach.services.runner import SessionRunner
from backcoach.storage import HistoryStore
from backcoach.ui.session_controller import SessionController
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import RecordingSpeaker

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def make(
    content: Content,
    routine: str = "before-run",
    choices: dict[str, DoseChoice] | None = None,
    history: HistoryStore | None = None,
) -> tuple[SessionController, FakeClock, RecordingSpeaker]:
    clock = FakeClock()
    speaker = RecordingSpeaker()
    plan = build_plan(content, routine, "before-run", choices)
    history_id = None if history is None else history.start_session(routine, "before-run", 0.0)
    runner = SessionRunner(
        Session(plan, clock),
        clock,
        speaker,
        real_clock=clock,
        history=history,
        history_id=history_id,
    )
    return SessionController(runner), clock, speaker


def test_start_speaks_the_intro_and_arms_the_timer_to_the_next_deadline(content: Content) -> None:
    controller, _clock, speaker = make(content)
    states: list[SessionState] = []
    controller.state_changed.connect(states.append)
    controller.start()
    assert speaker.texts == [phrases.safety()]  # the first line; the intro comes after it
    assert states[-1].phase.kind == "get-ready"
    wakeup = controller.runner.seconds_until_wakeup()
    assert wakeup is not None
    assert controller.armed_ms() == min(1000, -(-int(wakeup * 1e6) // 1000))


def test_the_timer_is_armed_to_when_the_shown_second_changes(content: Content) -> None:
    controller, clock, _ = make(content)
    controller.start()
    clock.advance(0.25)
    controller.pump()
    armed = controller.armed_ms()
    assert armed is not None and armed <= 750


def test_a_timeout_pumps_the_session(qtbot: QtBot, content: Content) -> None:
    controller, clock, _ = make(content)
    controller.start()
    clock.advance(0.999)
    controller.pump()
    assert controller.armed_ms() == 1
    clock.advance(0.002)
    with qtbot.waitSignal(controller.state_changed, timeout=2000) as blocker:
        pass
    assert blocker.args[0].routine_elapsed == pytest.approx(1.001)


def test_pause_stops_the_timer_and_resume_arms_it_to_the_end_of_the_answer(
    content: Content,
) -> None:
    controller, clock, speaker = make(content)
    controller.start()
    clock.advance(2)
    controller.pump()
    controller.toggle_pause()
    assert controller.state.paused
    assert controller.armed_ms() is None
    assert speaker.calls[-2:] == ["<stop>", "Paused."]
    clock.advance(100)
    controller.toggle_pause()
    answer = speaker.answers[-1]
    assert answer.startswith("Resuming.")
    seconds = controller.runner.session.plan.seconds_of(answer)
    assert controller.state.resuming
    assert controller.armed_ms() == math.ceil(seconds * 1000)
    clock.advance(seconds)
    controller.pump()  # what the armed timer does when it fires
    assert not controller.state.paused
    assert controller.state.routine_elapsed == pytest.approx(2)
    assert controller.armed_ms() is not None


def test_controls_move_the_session(content: Content) -> None:
    controller, _clock, _ = make(content)
    controller.start()
    controller.skip()
    assert controller.state.phase.kind == "work"
    remaining = controller.state.remaining
    assert remaining is not None
    controller.add_time(10)
    assert controller.state.remaining == pytest.approx(remaining + 10)
    controller.back()
    assert controller.state.phase.kind == "get-ready"


def test_done_ends_a_self_paced_set_and_the_set_is_stored(content: Content, data_dir: Path) -> None:
    store = HistoryStore(data_dir)
    choices = {"dead-bug": DoseChoice(rep_mode="self", reps=6, sets=2)}
    controller, clock, _ = make(content, "strength-day", choices, history=store)
    events: list[object] = []
    controller.event_occurred.connect(events.append)
    controller.start()
    controller.skip()
    assert controller.state.phase.mode == "self"
    assert controller.armed_ms() is not None  # the shown elapsed time still moves
    clock.advance(20)
    controller.done()
    done = [e.record for e in events if isinstance(e, SetCompleted)]
    assert [(r.exercise, r.reps) for r in done] == [("dead-bug", 6)]
    assert store.pending_sets == 0
    assert store.current_session is not None
    detail = store.session_detail(store.current_session)
    assert detail is not None and [s.reps for s in detail.sets] == [6]
    store.close()


def test_end_finishes_once_and_stops_the_timer(qtbot: QtBot, content: Content) -> None:
    controller, clock, speaker = make(content)
    controller.start()
    clock.advance(3)
    controller.pump()
    with qtbot.waitSignal(controller.finished) as blocker:
        controller.end()
    summary = blocker.args[0]
    assert isinstance(summary, Summary) and summary.ended_early
    assert controller.armed_ms() is None
    assert speaker.said[-1][0].kind == "finish"
    finished: list[object] = []
    controller.finished.connect(finished.append)
    controller.end()
    controller.pump()
    assert finished == []


def test_following_the_armed_timer_ends_the_phase_exactly_on_its_deadline(
    content: Content,
) -> None:
    controller, clock, _ = make(content)
    controller.start()
    get_ready = controller.state.phase
    assert get_ready.kind == "get-ready" and get_ready.duration is not None
    while controller.state.phase.kind == "get-ready":
        armed = controller.armed_ms()
        assert armed is not None and armed <= 1000
        clock.advance(armed / 1000)
        controller.pump()
    assert controller.state.phase.kind == "work"
    assert controller.state.phase_elapsed == pytest.approx(0.0, abs=0.002)
    assert controller.state.routine_elapsed == pytest.approx(get_ready.duration, abs=0.002)
