"""The session runner on fake clocks: cues to the voice in real time, sets to history at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from backcoach.content import load_content
from backcoach.core import phrases
from backcoach.core.clock import MonotonicClock, ScaledClock
from backcoach.core.cues import Cue
from backcoach.core.plan import build_plan
from backcoach.core.script import SecondsOf
from backcoach.core.session import Event, Finished, PhaseStarted, Session, SetCompleted
from backcoach.services.runner import ANSWER_PRIORITY, SessionRunner
from backcoach.services.sessions import plan_summary
from backcoach.storage import HistoryStore
from backcoach.voice import PlayerBackend, VoiceWorker
from backcoach.voice.player import FROM_OPTION, PlayerChoice
from backcoach.voice.speaker import STOPPED
from tests.helpers import players
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import FakeSynth, RecordingSpeaker, ResultRecorder

CONTENT = load_content()


class Rig:
    def __init__(
        self,
        tmp_path: Path,
        speed: float = 1.0,
        routine: str = "after-run",
        seconds_of: SecondsOf | None = None,
    ) -> None:
        self.real = FakeClock()
        self.clock = ScaledClock(self.real, speed)
        self.speaker = RecordingSpeaker()
        self.store = HistoryStore(tmp_path / "history")
        self.events: list[Event] = []
        plan = build_plan(CONTENT, routine, CONTENT.routines[routine].default_context)
        self.session = Session(plan, self.clock)
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
            seconds_of=seconds_of,
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

    def run_until_phase(self, kind: str) -> None:
        """Step until a phase of ``kind`` has just started."""
        while not any(isinstance(e, PhaseStarted) and e.phase.kind == kind for e in self.step()):
            pass

    def settle(self) -> None:
        """Let a hold for an answer run out."""
        assert self.session.resuming
        self.step()
        assert not self.session.paused

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


def test_ending_early_keeps_the_partial_hold_and_marks_the_session(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.runner.start()
    rig.runner.skip()
    rig.settle()
    rig.real.advance(30.0)
    events = rig.runner.end()
    assert rig.speaker.calls[-2:] == ["<stop>", rig.speaker.texts[-1]]
    assert any(isinstance(e, Finished) for e in events)
    assert rig.stored() == [("low-lunge", "left", 1)]
    assert rig.status() == "ended-early"
    assert rig.speaker.texts[-1].startswith("Session ended early")


# -- controls answer ----------------------------------------------------------


def test_pause_cuts_the_voice_then_says_paused_and_nothing_more(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.runner.start()
    rig.step()
    rig.runner.pause()
    assert rig.speaker.calls[-2:] == ["<stop>", "Paused."]
    cue, due, finish_by = rig.speaker.said[-1]
    assert (cue.kind, cue.priority, cue.critical) == ("answer", ANSWER_PRIORITY, False)
    assert (due, finish_by) == (rig.real.now, None), "due now, with no deadline to miss"
    assert rig.runner.seconds_until_wakeup() is None
    said = len(rig.speaker.said)
    rig.real.advance(120.0)
    assert rig.runner.pump() == []
    rig.runner.pause()
    assert len(rig.speaker.said) == said, "pausing a paused session says nothing"


def test_answers_go_before_every_scripted_cue(tmp_path: Path) -> None:
    rig = Rig(tmp_path, routine="strength-day")
    rig.runner.start()
    while not rig.session.finished:
        rig.step()
    assert max(cue.priority for cue, _, _ in rig.speaker.said) < ANSWER_PRIORITY


@pytest.mark.parametrize("speed", [1.0, 4.0])
def test_resume_says_where_and_the_clock_resumes_exactly_when_the_answer_ends(
    tmp_path: Path, speed: float
) -> None:
    rig = Rig(tmp_path, speed, routine="before-run")
    rig.runner.start()
    rig.run_until_phase("work")
    rig.real.advance(26.5 / speed)  # "3" is due half a second from now
    rig.runner.pump()
    rig.runner.pause()
    frozen = rig.session.routine_time()
    rig.real.advance(300.0)
    answered_at = rig.real.now
    rig.runner.resume()
    text = "Resuming. Left side, 4 seconds left."
    assert rig.speaker.calls[-2:] == ["<stop>", text]
    seconds = rig.session.plan.seconds_of(text)
    assert rig.session.state.resuming
    assert rig.runner.seconds_until_wakeup() == pytest.approx(seconds)
    rig.real.advance(seconds - 0.01)
    assert rig.runner.pump() == [] and rig.session.routine_time() == frozen
    rig.step()
    assert not rig.session.paused
    assert rig.real.now == pytest.approx(answered_at + seconds)
    assert rig.session.routine_time() == pytest.approx(frozen, abs=1e-9)
    rig.run_until_phase("switch-sides")
    counts = [(cue.text, due) for cue, due, _ in rig.speaker.said if cue.kind == "count"][-3:]
    answer_end = answered_at + seconds
    assert counts == [
        ("3", pytest.approx(answer_end + 0.5 / speed)),
        ("2", pytest.approx(answer_end + 1.5 / speed)),
        ("1", pytest.approx(answer_end + 2.5 / speed)),
    ], "no number collides with the answer"


def test_resume_uses_the_measured_length_of_its_answer(tmp_path: Path) -> None:
    lengths: list[str] = []

    def seconds_of(text: str) -> float:
        lengths.append(text)
        return 2.25

    rig = Rig(tmp_path, routine="strength-day", seconds_of=seconds_of)
    rig.runner.start()
    rig.run_until_phase("work")
    rig.runner.skip()
    rig.settle()
    rig.run_until_phase("work")  # set 2 of 3
    while rig.session.state.rep != 4:
        rig.step()
    rig.runner.pause()
    rig.runner.resume()
    assert lengths[-1] == rig.speaker.answers[-1] == "Resuming. Set 2 of 3, rep 4 of 8."
    assert rig.runner.seconds_until_wakeup() == pytest.approx(2.25)


def test_a_second_key_during_the_resume_answer(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.runner.start()
    rig.real.advance(2.0)
    rig.runner.pump()
    rig.runner.pause()
    rig.runner.toggle_pause()
    assert rig.session.state.resuming
    rig.runner.toggle_pause()  # Space again: paused again, and says so
    assert rig.speaker.calls[-2:] == ["<stop>", "Paused."]
    assert rig.session.paused and not rig.session.resuming
    assert rig.runner.seconds_until_wakeup() is None
    rig.runner.resume()
    rig.real.advance(0.5)
    said = len(rig.speaker.said)
    rig.runner.resume()  # resume again: at once, the answer cut
    assert rig.speaker.calls[-1] == "<stop>" and len(rig.speaker.said) == said
    assert not rig.session.paused
    assert rig.session.routine_time() == pytest.approx(2.0)


def test_skip_names_what_comes_next_and_holds_the_new_phase_until_it_is_said(
    tmp_path: Path,
) -> None:
    rig = Rig(tmp_path, routine="before-run")
    rig.runner.start()
    rig.run_until_phase("work")
    rig.real.advance(10.0)
    rig.runner.pump()
    rig.runner.skip()
    text = "Skipped. Next: low lunge, right side."
    assert rig.speaker.calls[-2:] == ["<stop>", text]
    assert rig.session.phase.kind == "switch-sides" and rig.session.state.resuming
    answer_end = rig.real.now + rig.session.plan.seconds_of(text)
    rig.step()
    assert rig.real.now == pytest.approx(answer_end)
    cue, due, _ = rig.speaker.said[-1]
    switch = "Switch sides. Right knee down, left foot forward."
    assert (cue.text, due) == (switch, pytest.approx(answer_end))
    assert rig.stored() == [("low-lunge", "left", 1)], "the 10 s held are kept"


def test_back_names_where_it_went(tmp_path: Path) -> None:
    rig = Rig(tmp_path, routine="strength-day")
    rig.runner.start()
    rig.run_until_phase("work")
    rig.real.advance(10.0)
    rig.runner.pump()
    rig.runner.back()
    assert rig.speaker.answers[-1] == "Back to the dead bug, set 1 of 3."
    rig.settle()
    rig.run_until_phase("rest")
    rig.runner.back()
    assert rig.speaker.answers[-1] == "Back to the dead bug, set 1 of 3."
    rig.settle()
    rig.run_until_phase("rest")
    rig.real.advance(5.0)
    rig.runner.pump()
    rig.runner.back()
    assert rig.speaker.answers[-1] == "Back to the rest before the dead bug, set 2 of 3."


def test_plus_ten_says_ten_more_seconds_where_there_is_a_countdown(tmp_path: Path) -> None:
    rig = Rig(tmp_path, routine="before-run")
    rig.runner.start()
    rig.run_until_phase("work")
    remaining = rig.session.state.remaining or 0.0
    rig.runner.add_time(10.0)
    assert rig.speaker.calls[-2:] == ["<stop>", "Ten more seconds."]
    assert not rig.session.paused, "the countdown goes on while it is said"
    assert rig.session.state.remaining == pytest.approx(remaining + 10.0)
    rig.run_until_phase("work")
    rig.run_until_phase("work")  # guided reps: no countdown to lengthen
    assert rig.session.phase.mode == "tempo"
    calls = len(rig.speaker.calls)
    assert rig.runner.add_time(10.0) == []
    assert len(rig.speaker.calls) == calls


def test_controls_while_paused_answer_and_stay_paused(tmp_path: Path) -> None:
    rig = Rig(tmp_path, routine="before-run")
    rig.runner.start()
    rig.runner.pause()
    rig.runner.skip()
    rig.runner.add_time(10.0)
    assert rig.speaker.answers == [
        "Paused.",
        "Skipped. Next: low lunge, left side.",
        "Ten more seconds.",
    ]
    assert rig.session.paused and not rig.session.resuming
    assert rig.runner.seconds_until_wakeup() is None
    rig.runner.resume()
    assert rig.speaker.answers[-1] == "Resuming. Left side, 40 seconds left."


def test_an_answer_during_a_hold_moves_the_end_of_the_hold(tmp_path: Path) -> None:
    rig = Rig(tmp_path, routine="before-run", seconds_of=lambda text: 2.0)
    rig.runner.start()
    rig.runner.skip()
    rig.real.advance(1.5)
    rig.runner.add_time(10.0)
    assert rig.session.state.resuming
    assert rig.runner.seconds_until_wakeup() == pytest.approx(2.0)
    assert rig.session.routine_time() == 0.0


def test_without_a_voice_the_session_does_not_wait_for_answers(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.speaker.speaks = False
    rig.runner.start()
    rig.runner.pause()
    rig.runner.resume()
    assert not rig.session.paused
    rig.runner.skip()
    assert not rig.session.paused
    get_ready = rig.session.plan.phases[0].duration
    assert rig.speaker.answers == [
        "Paused.",
        f"Resuming. Low lunge, set 1 of 2, left side, starting in {get_ready:g} seconds.",
        "Skipped. Next: low lunge, set 1 of 2, left side.",
    ]


def test_ctrl_c_cuts_the_voice_keeps_the_sets_and_says_nothing_more(tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    rig.runner.start()
    rig.run_until(SetCompleted)
    rig.real.advance(3.0)
    rig.runner.pump()
    said = len(rig.speaker.said)
    events = rig.runner.interrupt()
    assert any(isinstance(e, Finished) for e in events)
    assert rig.speaker.calls[-1] == "<stop>" and len(rig.speaker.said) == said
    assert rig.stored() == [("low-lunge", "left", 1)]
    assert rig.status() == "ended-early"
    assert rig.runner.cues_handed == said


def test_pause_stops_the_player_process_within_200_ms_and_each_answer_follows(
    tmp_path: Path,
) -> None:
    """A real voice worker and player process (a stand-in that lasts as long as its WAV)."""
    log = tmp_path / "playback.log"
    base = MonotonicClock()
    intro = phrases.safety()  # the first line of a session
    synth = FakeSynth({intro: 5.0}, default=0.05)
    choice = PlayerChoice(players.command("--log", log), FROM_OPTION)
    worker = VoiceWorker(base, lambda: PlayerBackend(choice, synth=lambda: synth))
    recorder = ResultRecorder()
    worker.add_listener(recorder)
    try:
        assert worker.wait_ready(players.WAIT)
        session = Session(build_plan(CONTENT, "before-run", "before-run"), base)
        runner = SessionRunner(session, base, worker, real_clock=base)
        runner.start()
        [(_, pid, _, _)] = players.wait_for_log(log, 1)
        pressed = base.monotonic()
        runner.pause()
        while _running(int(pid)):
            assert base.monotonic() - pressed < players.WAIT, "the player was never stopped"
            time.sleep(0.002)  # polling for the player process to go
        silent_after = base.monotonic() - pressed
        assert silent_after < 0.2, f"the player stopped {silent_after * 1000:.0f} ms after pause"
        players.wait_for_log(log, 1, kind="end")  # "Paused." played to its end
        results = {r.cue.text: r for r in recorder.wait_for(2)}
        assert (results[intro].spoken, results[intro].reason) == (False, STOPPED)
        paused = results["Paused."]
        assert paused.spoken and paused.started_at is not None
        assert paused.started_at - pressed < 0.3
        lines = players.log_lines(log)
        assert [line[0] for line in lines] == ["start", "start", "end"]
        assert lines[2][1] == lines[1][1] != pid, "the cut line never ended on its own"

        runner.resume()
        players.wait_for_log(log, 2, kind="end")
        pressed = base.monotonic()
        runner.skip()  # during the resume's hold: the next phase's lines wait for the answer
        skipped = "Skipped. Next: low lunge, left side."
        answer = {r.cue.text: r for r in recorder.wait_for(4)}[skipped]
        assert answer.spoken and answer.started_at is not None
        assert answer.started_at - pressed < 0.3
    finally:
        worker.close(timeout=players.WAIT)


def _running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie, waiting to be reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


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
    assert plan_summary(plan) == "5 sets, 11 minutes planned"
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
