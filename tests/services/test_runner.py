"""The session runner on fake clocks: cues to the voice in real time, sets to history at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach.content import load_content
from backcoach.core.clock import ScaledClock
from backcoach.core.cues import Cue
from backcoach.core.plan import build_plan
from backcoach.core.session import Event, Finished, Session, SetCompleted
from backcoach.services.runner import SessionRunner
from backcoach.services.sessions import plan_summary
from backcoach.storage import HistoryStore
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import RecordingSpeaker

CONTENT = load_content()


class Rig:
    def __init__(self, tmp_path: Path, speed: float = 1.0, routine: str = "after-run") -> None:
        self.real = FakeClock()
        self.clock = ScaledClock(self.real, speed)
        self.speaker = RecordingSpeaker()
        self.store = HistoryStore(tmp_path / "history")
        self.events: list[Event] = []
        self.session = Session(build_plan(CONTENT, routine, "after-run"), self.clock)
        history_id = self.store.start_session(routine, "after-run", 1_700_000_000.0)
        self.runner = SessionRunner(
            self.session,
            self.clock,
            self.speaker,
            speed=speed,
            real_clock=self.real,
            history=self.store,
            history_id=history_id,
            wall_clock=lambda: 1_700_000_000.0 + self.real.now,
            on_event=self.events.append,
        )
        self.origin = self.real.now

    def step(self) -> list[Event]:
        """Move real time to the runner's next wakeup and pump."""
        wait = self.runner.seconds_until_wakeup()
        assert wait is not None, "nothing scheduled"
        self.real.advance(wait)
        return self.runner.pump()

    def run_until(self, wanted: type) -> None:
        while not any(isinstance(e, wanted) for e in self.step()):
            pass

    def stored(self) -> list[tuple[str, str, int]]:
        assert self.runner.history_id is not None
        record = self.store.session_detail(self.runner.history_id)
        assert record is not None
        return [s.key for s in record.sets]

    def status(self) -> str:
        assert self.runner.history_id is not None
        record = self.store.session_detail(self.runner.history_id)
        assert record is not None
        return record.status


def _critical_after(cues: list[Cue], cue: Cue, phase_end: float) -> float | None:
    return next((c.due for c in cues if c.critical and cue.due < c.due < phase_end), None)


@pytest.mark.parametrize("speed", [1.0, 4.0])
def test_cues_reach_the_speaker_at_their_real_time_with_the_next_countdown_as_deadline(
    tmp_path: Path, speed: float
) -> None:
    rig = Rig(tmp_path, speed)
    rig.runner.start()
    first_phase_end = rig.session.plan.phases[0].duration or 0.0
    while rig.session.routine_time() < first_phase_end:
        rig.step()
    cues = [cue for cue, _, _ in rig.speaker.said if cue.due < first_phase_end]
    assert any(c.critical for c in cues)
    for cue, due, finish_by in rig.speaker.said[: len(cues)]:
        assert due == pytest.approx(rig.origin + cue.due / speed)
        critical = _critical_after(cues, cue, first_phase_end)
        if critical is None:
            assert finish_by is None
        else:
            assert finish_by == pytest.approx(rig.origin + critical / speed)


def test_cues_keep_routine_time_at_any_speed(tmp_path: Path) -> None:
    slow, fast = Rig(tmp_path / "slow", 1.0), Rig(tmp_path / "fast", 50.0)
    for rig in (slow, fast):
        rig.runner.start()
        while not rig.session.finished:
            rig.step()
    assert [(c.text, c.due) for c, _, _ in fast.speaker.said] == [
        (c.text, c.due) for c, _, _ in slow.speaker.said
    ]
    assert fast.real.now - fast.origin == pytest.approx((slow.real.now - slow.origin) / 50)


def test_the_wakeup_is_in_real_seconds(tmp_path: Path) -> None:
    rig = Rig(tmp_path, speed=10.0)
    rig.runner.start()
    wakeup = rig.session.next_wakeup()
    assert wakeup is not None
    wait = rig.runner.seconds_until_wakeup()
    assert wait == pytest.approx((wakeup - rig.clock.monotonic()) / 10.0)
    assert rig.runner.next_wakeup_real() == pytest.approx(rig.real.now + (wait or 0.0))


def test_each_set_is_stored_the_moment_it_completes(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.runner.start()
    assert rig.stored() == []
    assert rig.status() == "open"
    rig.run_until(SetCompleted)
    assert rig.stored() == [("low-lunge", "left", 1)]
    rig.run_until(SetCompleted)
    assert rig.stored() == [("low-lunge", "left", 1), ("low-lunge", "right", 1)]
    assert rig.status() == "open"


def test_a_whole_session_is_stored_as_completed(tmp_path: Path) -> None:
    rig = Rig(tmp_path, speed=20.0)
    rig.runner.start()
    rig.run_until(Finished)
    keys = [p.key for p in rig.session.plan.work_phases]
    assert rig.stored() == keys
    assert rig.status() == "completed"
    assert rig.session.summary is not None
    assert rig.speaker.texts[-1] == rig.session.summary.text
    assert [e for e in rig.events if isinstance(e, Finished)]


def test_pause_clears_the_queue_and_nothing_is_said_until_resume(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.runner.start()
    rig.step()
    rig.runner.pause()
    assert rig.speaker.clears == 1
    said = len(rig.speaker.said)
    assert rig.runner.seconds_until_wakeup() is None
    rig.real.advance(120.0)
    assert rig.runner.pump() == []
    assert len(rig.speaker.said) == said
    rig.runner.resume()
    rig.step()
    assert len(rig.speaker.said) > said
    assert rig.speaker.clears == 1


def test_skip_and_back_clear_the_queue_and_say_the_new_phase(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.runner.start()
    rig.runner.skip()
    assert rig.speaker.clears == 1
    assert rig.speaker.said[-1][0].text == "Hold for 60 seconds."
    assert rig.speaker.said[-1][1] == pytest.approx(rig.real.now)
    rig.runner.back()
    assert rig.speaker.clears == 2
    assert rig.session.state.index == 0
    rig.runner.add_time(10.0)
    assert rig.speaker.clears == 2


def test_ending_early_keeps_the_partial_hold_and_marks_the_session(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.runner.start()
    rig.runner.skip()
    rig.real.advance(30.0)
    events = rig.runner.end()
    assert rig.speaker.clears == 2
    assert any(isinstance(e, Finished) for e in events)
    assert rig.stored() == [("low-lunge", "left", 1)]
    assert rig.status() == "ended-early"
    assert rig.speaker.texts[-1].startswith("Session ended early")


def test_without_history_the_session_still_runs(tmp_path: Path) -> None:
    real = FakeClock()
    session = Session(build_plan(CONTENT, "before-run", "before-run"), real)
    runner = SessionRunner(session, real, RecordingSpeaker(), real_clock=real)
    runner.start()
    while not session.finished:
        real.advance(runner.seconds_until_wakeup() or 0.0)
        runner.pump()
    assert runner.history_id is None
    assert session.summary is not None and not session.summary.ended_early


def test_the_plan_summary_names_a_rehearsal() -> None:
    plan = build_plan(CONTENT, "after-run", "after-run")
    assert plan_summary(plan) == "5 sets, 10 minutes planned"
    assert plan_summary(plan, 20.0).endswith("rehearsed at 20x speed")


def test_history_and_its_session_id_go_together(tmp_path: Path) -> None:
    clock = FakeClock()
    session = Session(build_plan(CONTENT, "after-run", "after-run"), clock)
    with pytest.raises(ValueError, match="history_id"):
        SessionRunner(
            session, clock, RecordingSpeaker(), real_clock=clock, history=HistoryStore(tmp_path)
        )


def test_speed_must_be_positive() -> None:
    clock = FakeClock()
    session = Session(build_plan(CONTENT, "after-run", "after-run"), clock)
    with pytest.raises(ValueError, match="speed"):
        SessionRunner(session, clock, RecordingSpeaker(), real_clock=clock, speed=0.0)
