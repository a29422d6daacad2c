"""The session engine, driven by a fake clock: whole routines, controls, records and the script."""

from __future__ import annotations

import itertools

import pytest

from backcoach.content import CONTEXTS, load_content
from backcoach.core import phrases, script
from backcoach.core.cues import CUE_KINDS, Cue
from backcoach.core.plan import DoseChoice, Plan, build_plan
from backcoach.core.records import SetRecord
from backcoach.core.session import (
    CueDue,
    Event,
    Finished,
    PhaseStarted,
    RepCompleted,
    Session,
    SetCompleted,
    SetSkipped,
)
from tests.core.sided_reps import EXERCISE, ROUTINE, sided_reps_content
from tests.helpers.clock import FakeClock

CONTENT = load_content()
ROUTINES = ("before-run", "after-run", "strength-day")
WALL_OFFSET = 1_700_000_000.0


class Rig:
    """A session on a fake clock, with a wall clock tied to the fake."""

    def __init__(self, plan: Plan, clock: FakeClock | None = None) -> None:
        self.clock = clock or FakeClock()
        self.plan = plan
        self.session = Session(plan, self.clock, wall_clock=lambda: self.clock.now + WALL_OFFSET)
        self.events: list[Event] = []

    @property
    def sets(self) -> list[SetRecord]:
        """The sets the session has recorded so far."""
        return list(self.session.records)

    def poll(self) -> list[Event]:
        new = self.session.poll()
        self.events.extend(new)
        return new

    def start(self) -> Rig:
        self.session.start()
        self.poll()
        return self

    def advance(self, seconds: float) -> list[Event]:
        self.clock.advance(seconds)
        return self.poll()

    def step(self) -> list[Event]:
        """Move the clock to the next wakeup and poll."""
        wakeup = self.session.next_wakeup()
        assert wakeup is not None, "nothing scheduled"
        return self.advance(max(0.0, wakeup - self.clock.now))

    def run_to_end(self) -> None:
        while self.session.next_wakeup() is not None:
            self.step()

    def run_until(self, kind: str, mode: str = "") -> None:
        """Step until a phase of ``kind`` (and work ``mode``) has just started."""
        while self.session.phase.kind != kind or (mode and self.session.phase.mode != mode):
            self.step()

    def cues(self) -> list[Cue]:
        return [e.cue for e in self.events if isinstance(e, CueDue)]

    def cues_since(self, routine_time: float) -> list[tuple[float, str, str]]:
        """(seconds after ``routine_time``, kind, text) of the cues due since then."""
        return [
            (round(c.due - routine_time, 2), c.kind, c.text)
            for c in self.cues()
            if c.due >= routine_time - 1e-9
        ]


def rig(
    routine: str = "after-run",
    context: str = "after-run",
    choices: dict[str, DoseChoice] | None = None,
    rate: float = script.DEFAULT_RATE_WPM,
) -> Rig:
    return Rig(build_plan(CONTENT, routine, context, choices, rate_wpm=rate)).start()


def assert_no_overlap(cues: list[Cue], rate: float) -> None:
    for a, b in itertools.pairwise(cues):
        assert a.due + script.estimate_seconds(a.text, rate) <= b.due + 1e-9, (a, b)


def texts(events: list[Event]) -> list[str]:
    return [e.cue.text for e in events if isinstance(e, CueDue)]


# -- whole routines ---------------------------------------------------------


@pytest.mark.parametrize("routine", ROUTINES)
@pytest.mark.parametrize("context", CONTEXTS)
def test_every_routine_runs_start_to_finish(routine: str, context: str) -> None:
    r = rig(routine, context)
    r.run_to_end()
    plan, session = r.plan, r.session
    assert session.finished and isinstance(r.events[-1], Finished)
    started = [e.index for e in r.events if isinstance(e, PhaseStarted)]
    assert started == list(range(len(plan.phases)))
    assert session.routine_time() == pytest.approx(plan.total_seconds)
    works = plan.work_phases
    records = r.sets
    assert [(s.exercise, s.side, s.set_number) for s in records] == [p.key for p in works]
    assert [e.record for e in r.events if isinstance(e, SetCompleted)] == records
    for phase, record in zip(works, records, strict=True):
        assert record.seconds == pytest.approx(phase.duration)
        assert record.reps == phase.target_reps
        assert (record.weight, record.weight_unit) == (phase.weight, phase.weight_unit)
        assert record.ended_at - record.started_at == pytest.approx(phase.duration)
        assert record.started_at > WALL_OFFSET
    summary = session.summary
    assert summary is not None and not summary.ended_early
    assert summary.records == tuple(records) and summary.sets_done == plan.set_count
    assert summary.routine_seconds == pytest.approx(plan.total_seconds)
    assert session.state.progress == 1.0 and session.state.remaining == 0.0
    assert session.next_wakeup() is None and session.poll() == []
    r.advance(100)
    assert session.routine_time() == pytest.approx(plan.total_seconds)


@pytest.mark.parametrize("routine", ROUTINES)
@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("rate", [110.0, 165.0, 230.0])
def test_scheduled_cues_never_overlap(routine: str, context: str, rate: float) -> None:
    r = rig(routine, context, rate=rate)
    r.run_to_end()
    cues = r.cues()
    assert {c.kind for c in cues} <= set(CUE_KINDS)
    assert [c.due for c in cues] == sorted(c.due for c in cues)
    assert_no_overlap(cues, rate)


def test_a_faster_clock_keeps_the_script_in_routine_time() -> None:
    class Fast:
        def __init__(self, base: FakeClock, speed: float) -> None:
            self.base, self.speed = base, speed

        def monotonic(self) -> float:
            return self.base.now * self.speed

    plan = build_plan(CONTENT, "before-run", "before-run")
    normal = Rig(plan).start()
    normal.run_to_end()
    base = FakeClock(0.0)
    fast = Rig(plan, base)
    fast.session = Session(plan, Fast(base, 10.0))
    fast.start()
    while (wakeup := fast.session.next_wakeup()) is not None:
        base.now = max(base.now, wakeup / 10.0)
        fast.poll()
    assert [(round(c.due, 6), c.text) for c in fast.cues()] == [
        (round(c.due, 6), c.text) for c in normal.cues()
    ]
    assert base.now == pytest.approx(plan.total_seconds / 10.0)
    assert [s.seconds for s in fast.sets] == [s.seconds for s in normal.sets]


# -- what the voice says ----------------------------------------------------


def test_get_ready_announces_then_counts_down() -> None:
    r = rig("after-run", "after-run")
    duration = r.plan.phases[0].duration
    assert duration is not None
    r.run_until("work")
    lunge = CONTENT.exercises["low-lunge"]
    said = r.cues_since(0.0)
    assert [(k, t) for _, k, t in said] == [
        ("safety", phrases.safety()),
        ("intro", lunge.intro),
        ("setup", lunge.steps[0].spoken),
        ("set", "Set 1 of 2: 60 seconds each side."),
        ("side", "Left knee down, right foot forward."),
        *[("form", step.spoken) for step in lunge.steps[1:]],
        ("count", "3"),
        ("count", "2"),
        ("count", "1"),
        ("info", "Hold for 60 seconds."),
    ]
    assert [t for t, k, _ in said if k == "count"] == [duration - 3, duration - 2, duration - 1]


def test_a_long_hold_has_halfway_ten_left_and_countdown() -> None:
    r = rig("after-run", "after-run")
    r.run_until("work")
    start = r.session.routine_time()
    r.run_until("switch-sides")
    said = r.cues_since(start)
    timeline = [(t, k, x) for t, k, x in said if k not in ("form", "breath")]
    assert timeline[:6] == [
        (0.0, "info", "Hold for 60 seconds."),
        (30.0, "halfway", "Halfway."),
        (50.0, "remaining", "10 seconds left."),
        (57.0, "count", "3"),
        (58.0, "count", "2"),
        (59.0, "count", "1"),
    ]
    reminders = [t for t, k, _ in said if k in ("form", "breath")]
    assert reminders and all(0 < t < 50 for t in reminders)
    counts = [c for c in r.cues() if c.kind == "count"]
    assert all(c.critical and c.priority == 3 for c in counts)
    assert not any(c.critical for c in r.cues() if c.kind in ("halfway", "remaining", "form"))


def test_a_short_hold_skips_ten_seconds_left() -> None:
    r = rig("before-run", "before-run", {"low-lunge": DoseChoice(hold_seconds=20)})
    r.run_until("work")
    start = r.session.routine_time()
    r.run_until("switch-sides")
    said = r.cues_since(start)
    kinds = [k for _, k, _ in said]
    assert "remaining" not in kinds and kinds[-4:] == ["count", "count", "count", "side"]
    assert [t for t, k, _ in said if k == "halfway"] == [10.0]


def test_guided_reps_count_every_rep_with_the_tempo_words() -> None:
    r = rig("before-run", "before-run")
    r.run_until("work", "tempo")
    phase = r.session.phase
    assert phase.rep_seconds is not None
    start = r.session.routine_time()
    r.run_until("rest")
    said = r.cues_since(start)
    assert said[-1][1:] == ("info", phrases.encouragement(1))  # the rest begins
    starts = [0.0, *phase.rep_ends[:-1]]
    moving = [end - phase.rep_seconds for end in phase.rep_ends]
    counts = [f"Rep {n} of 8" for n in range(1, 8)] + ["Last rep"]
    assert [(t, x) for t, k, x in said if k == "rep"] == [
        (pytest.approx(t, abs=0.01), text) for t, text in zip(moving, counts, strict=True)
    ]
    assert [x for _, k, x in said if k == "side"] == [
        "Left arm, right leg",
        "Right arm, left leg",
    ] * 8
    assert [x for _, k, x in said if k == "form"].count("back") == 16
    bug = CONTENT.exercises["dead-bug"]
    technique = [(t, x) for t, k, x in said if k == "form" and x != "back"]
    assert technique == [
        (pytest.approx(starts[2], abs=0.01), bug.steps[2].spoken),
        (pytest.approx(starts[5], abs=0.01), bug.steps[3].spoken),
    ]
    lengths = [end - begin for begin, end in zip(starts, phase.rep_ends, strict=True)]
    longer = [i for i, length in enumerate(lengths, 1) if length > phase.rep_seconds + 1e-9]
    assert longer == [3, 6]
    done = [e for e in r.events if isinstance(e, RepCompleted)]
    assert [(e.rep, e.target) for e in done][-8:] == [(i, 8) for i in range(1, 9)]


def test_guided_reps_on_separate_sides_switch_between_them() -> None:
    r = Rig(build_plan(sided_reps_content(), ROUTINE, "day-off")).start()
    r.run_until("work", "tempo")
    first_rep = r.session.phase.rep_end(1)
    start = r.session.routine_time()
    r.run_until("switch-sides")
    said = r.cues_since(start)
    assert [(t, x) for t, k, x in said if k == "rep"][:2] == [
        (0.0, "Rep 1 of 8"),
        (pytest.approx(first_rep, abs=0.01), "Rep 2 of 8"),
    ]
    assert [x for _, _, x in said].count("Lift") == 8
    assert [x for _, _, x in said].count("and lower") == 8
    assert said[-1][1:] == ("side", "Switch sides. Right side.")
    r.run_until("rest")
    keys = [(s.exercise, s.side, s.set_number, s.reps) for s in r.sets]
    assert keys == [(EXERCISE, "left", 1, 8), (EXERCISE, "right", 1, 8)]
    r.run_to_end()
    assert [(s.side, s.set_number) for s in r.sets] == [
        ("left", 1),
        ("right", 1),
        ("left", 2),
        ("right", 2),
    ]
    assert r.session.summary is not None and r.session.summary.sets_done == 2


def test_deadlift_reps_say_the_technique_and_record_the_weight() -> None:
    r = rig("strength-day", "day-off", {"dumbbell-deadlift": DoseChoice(reps=10, weight=10)})
    r.run_until("get-ready")
    while r.session.phase.exercise != "dumbbell-deadlift":
        r.step()
    start = r.session.routine_time()
    r.run_until("work")
    duration = r.session.phase.duration
    r.run_until("rest")
    said = [x for _, _, x in r.cues_since(start)]
    assert "Use 10 kilo dumbbells." in said and "Set 1 of 3: 10 reps." in said
    assert "Rep 1 of 10" in said and "Last rep" in said
    assert said.count("brace") == said.count("hinge") == said.count("squeeze, stand") == 10
    assert "Breathe in" not in said and "breathe out" not in said  # breathing: full only
    record = r.sets[-1]
    assert (record.exercise, record.side, record.reps) == ("dumbbell-deadlift", "both", 10)
    assert (record.weight, record.weight_unit) == (10.0, "kg")
    assert record.seconds == pytest.approx(duration)


def test_rest_says_its_length_then_what_is_next_before_the_countdown() -> None:
    r = rig("after-run", "after-run")
    r.run_until("rest")
    start = r.session.routine_time()
    duration = r.session.phase.duration
    r.run_until("work")
    said = r.cues_since(start)
    lunge = CONTENT.exercises["low-lunge"]
    assert [(k, x) for _, k, x in said[:5]] == [
        ("info", phrases.encouragement(0)),
        ("rest", f"Rest {duration:g} seconds."),
        ("next", "Next: low lunge, set 2 of 2."),
        ("setup", lunge.steps[0].spoken),
        ("side", "Left knee down, right foot forward."),
    ]
    count = next(i for i, (_, k, _) in enumerate(said) if k == "count")
    last_words = said[count - 1]
    assert last_words[1:] == ("form", lunge.steps[-1].spoken)
    assert last_words[0] + script.estimate_seconds(last_words[2]) <= said[count][0]


def test_rest_before_a_new_exercise_names_it() -> None:
    r = rig("after-run", "after-run")
    while r.session.phase.exercise != "dead-bug":
        r.step()
    assert r.session.phase.kind == "rest"
    r.run_until("get-ready")
    assert "Next: dead bug, 8 reps each side." in texts(r.events)
    assert "Switch sides. Right knee down, left foot forward." in texts(r.events)


def test_next_up_says_each_side_only_for_exercises_dosed_per_side() -> None:
    r = rig("strength-day", "day-off")
    r.run_until("rest")
    r.run_until("get-ready")
    assert r.session.phase.exercise == "dumbbell-deadlift"
    assert "Next: dumbbell deadlift, 12 reps." in texts(r.events)
    while r.session.phase.exercise != "low-lunge":
        r.step()
    assert r.session.phase.kind == "rest"
    r.run_until("get-ready")
    assert "Next: low lunge, 90 seconds each side." in texts(r.events)


def test_finish_summary() -> None:
    r = rig("after-run", "after-run")
    r.run_to_end()
    minutes = round(r.plan.total_seconds / 60)
    finish = r.cues()[-1]
    assert finish.kind == "finish"
    assert finish.text == f"Routine complete: 5 sets in {minutes} minutes. Well done."
    assert finish.due == pytest.approx(r.plan.total_seconds)


def test_upcoming_critical_due_points_at_the_next_countdown_or_rep() -> None:
    r = rig("before-run", "before-run")
    assert r.session.upcoming_critical_due() == (r.plan.phases[0].duration or 0) - 3
    r.run_until("work", "tempo")
    start, phase, plan = r.session.routine_time(), r.session.phase, r.plan
    lines = script.phase_lines(plan.phases, r.session.state.index, plan.exercises, plan.speech)
    critical = [c for c in script.fit(lines, phase.duration, plan.seconds_of) if c.critical]
    assert [c.kind for c in critical[:4]] == ["rep", "side", "side", "rep"]
    assert r.session.upcoming_critical_due() == pytest.approx(start + critical[1].due)
    r.advance(critical[1].due + 0.1)
    assert r.session.upcoming_critical_due() == pytest.approx(start + critical[2].due)
    r.advance(critical[3].due - critical[1].due - 0.2)
    assert r.session.upcoming_critical_due() == pytest.approx(start + critical[3].due)


# -- controls ----------------------------------------------------------------


def test_pause_and_resume_are_exact() -> None:
    r = rig("after-run", "after-run")
    r.run_until("work")
    r.advance(12.3)
    before = r.session.state.remaining
    r.session.pause()
    paused_at = r.session.routine_time()
    assert r.session.next_wakeup() is None and r.session.state.paused
    assert r.advance(500) == []
    assert r.session.state.remaining == before
    assert r.session.routine_time() == paused_at
    r.session.resume()
    assert r.session.state.remaining == pytest.approx(before)
    r.run_to_end()
    assert [s.seconds for s in r.sets] == [p.duration for p in r.plan.work_phases]
    unpaused = rig("after-run", "after-run")
    unpaused.run_to_end()
    for ours, theirs in zip(r.cues(), unpaused.cues(), strict=True):
        assert ours.due == pytest.approx(theirs.due) and ours.text == theirs.text


def test_pause_twice_and_resume_when_running_change_nothing() -> None:
    r = rig()
    r.advance(1)
    r.session.resume()
    r.session.pause()
    r.session.pause()
    r.advance(5)
    r.session.resume()
    r.session.resume()
    assert r.session.routine_time() == pytest.approx(1.0)
    r.session.toggle_pause()
    assert r.session.paused
    r.session.toggle_pause()
    assert not r.session.paused


def test_a_scheduled_resume_starts_the_clock_exactly_at_its_moment() -> None:
    r = rig("after-run", "after-run")
    r.run_until("work")
    r.advance(56.5)  # the countdown says "3" half a second from now
    r.session.pause()
    frozen = r.session.routine_time()
    r.advance(40)
    at = r.clock.now + 2.5
    r.session.resume(at=at)
    state = r.session.state
    assert state.paused and state.resuming
    assert r.session.next_wakeup() == at
    assert r.advance(2.4) == [] and r.session.routine_time() == frozen
    r.advance(0.1 + 0.7)  # polled 0.7 s after the moment: the clock counts from the moment
    assert not r.session.paused and not r.session.resuming
    assert r.session.routine_time() == pytest.approx(frozen + 0.7, abs=1e-9)
    phase_start = frozen - 56.5
    assert r.cues_since(frozen) == [(0.5, "count", "3")]
    assert r.cues()[-1].due == pytest.approx(phase_start + 57.0)


def test_pause_cancels_a_scheduled_resume_and_resume_goes_at_once() -> None:
    r = rig()
    r.advance(3)
    r.session.pause()
    r.session.resume(at=r.clock.now + 2.0)
    r.session.pause()
    assert r.session.paused and not r.session.resuming
    assert r.session.next_wakeup() is None
    r.advance(10)
    assert r.session.routine_time() == pytest.approx(3.0)
    r.session.resume(at=r.clock.now + 2.0)
    r.advance(1)
    r.session.resume()
    assert not r.session.paused
    r.advance(1)
    assert r.session.routine_time() == pytest.approx(4.0)


def test_space_during_a_scheduled_resume_pauses_again() -> None:
    r = rig()
    r.session.pause()
    r.session.resume(at=r.clock.now + 2.0)
    r.session.toggle_pause()
    assert r.session.paused and not r.session.resuming
    r.session.toggle_pause()
    assert not r.session.paused


def test_a_phase_entered_while_paused_speaks_only_once_resumed() -> None:
    r = rig("after-run", "after-run")
    r.advance(2)
    r.session.pause()
    r.session.skip()
    new = r.poll()
    assert [type(e) for e in new] == [PhaseStarted] and r.session.phase.kind == "work"
    r.advance(30)
    assert r.poll() == []
    r.session.resume()
    assert texts(r.poll()) == ["Hold for 60 seconds."]


def test_time_can_be_added_to_a_countdown_not_to_reps_nor_after_the_end() -> None:
    r = rig("before-run", "before-run", {"dead-bug": DoseChoice(rep_mode="self")})
    assert r.session.can_add_time  # get ready
    r.run_until("work", "self")
    assert not r.session.can_add_time
    r.session.end()
    assert not r.session.can_add_time
    reps = rig("before-run", "before-run")
    reps.run_until("work", "tempo")
    assert not reps.session.can_add_time


def test_skip_moves_on_at_once() -> None:
    r = rig("after-run", "after-run")
    r.advance(2)
    r.session.skip()
    new = r.poll()
    assert isinstance(new[0], PhaseStarted) and new[0].phase.kind == "work"
    assert r.session.state.remaining == 60.0
    assert texts(new) == ["Hold for 60 seconds."]


def test_skipping_a_hold_early_records_it_skipped_later_records_what_was_held() -> None:
    r = rig("after-run", "after-run")
    r.run_until("work")
    r.advance(2)
    r.session.skip()
    r.poll()
    r.run_until("work")
    r.advance(20)
    r.session.skip()
    r.poll()
    assert [(s.side, s.seconds, s.reps, s.skipped, s.planned_seconds) for s in r.sets] == [
        ("left", 0.0, None, True, 60.0),
        ("right", 20.0, None, False, 60.0),
    ]
    left, right = r.sets
    assert [e.record for e in r.events if isinstance(e, SetSkipped)] == [left]
    assert [e.record for e in r.events if isinstance(e, SetCompleted)] == [right]
    assert right.cut_short and not left.cut_short
    assert left.ended_at - left.started_at == pytest.approx(2.0)


def test_skipping_guided_reps_records_the_reps_completed() -> None:
    r = rig("before-run", "before-run")
    r.run_until("work", "tempo")
    into = r.session.phase.rep_end(3) + 1
    r.advance(into)
    r.session.skip()
    record = r.sets[-1]
    assert (record.exercise, record.side, record.reps) == ("dead-bug", "both", 3)
    assert record.seconds == pytest.approx(into)
    assert r.session.phase.kind == "rest"


def test_skipping_guided_reps_on_one_side_records_that_side() -> None:
    r = Rig(build_plan(sided_reps_content(), ROUTINE, "day-off")).start()
    r.run_until("work", "tempo")
    into = r.session.phase.rep_end(3) + 1
    r.advance(into)
    r.session.skip()
    record = r.sets[-1]
    assert (record.exercise, record.side, record.reps) == (EXERCISE, "left", 3)
    assert record.seconds == pytest.approx(into)
    assert (r.session.phase.kind, r.session.phase.side) == ("switch-sides", "right")


def test_skipping_a_self_paced_set_records_it_skipped() -> None:
    r = rig("before-run", "before-run", {"dead-bug": DoseChoice(rep_mode="self", reps=6)})
    r.run_until("work", "self")
    before = len(r.sets)
    r.advance(30)
    r.session.skip()
    assert len(r.sets) == before + 1
    record = r.sets[-1]
    assert (record.exercise, record.reps, record.seconds, record.skipped) == (
        "dead-bug",
        0,
        0.0,
        True,
    )
    assert (record.planned_reps, record.planned_seconds) == (6, None)


def test_a_skipped_side_done_after_going_back_is_recorded_done_in_its_place() -> None:
    r = rig("after-run", "after-run")
    r.run_until("work")
    r.advance(2)
    r.session.skip()  # left skipped: now in switch-sides
    r.session.skip()  # right: work
    r.session.back()  # early in it: back to switch-sides
    r.session.back()  # and to the left side again
    assert (r.session.phase.kind, r.session.phase.side) == ("work", "left")
    r.run_until("switch-sides")
    r.run_until("rest")
    assert [(s.side, s.skipped, s.seconds) for s in r.sets] == [
        ("left", False, 60.0),
        ("right", False, 60.0),
    ]
    done = [e.record for e in r.events if isinstance(e, SetCompleted)]
    assert [(s.side, s.skipped) for s in done] == [("left", False), ("right", False)]
    assert len([e for e in r.events if isinstance(e, SetSkipped)]) == 1


def test_a_side_skipped_twice_is_recorded_once() -> None:
    r = rig("after-run", "after-run")
    r.run_until("work")
    r.session.skip()
    r.session.back()  # from the start of switch-sides back to the left side
    assert (r.session.phase.kind, r.session.phase.side) == ("work", "left")
    r.session.skip()
    r.poll()
    assert [(s.side, s.skipped) for s in r.sets] == [("left", True)]
    assert len([e for e in r.events if isinstance(e, SetSkipped)]) == 1


def test_ending_in_a_work_phase_with_nothing_done_records_it_skipped_not_in_a_rest() -> None:
    r = rig("after-run", "after-run")
    r.run_until("work")
    r.advance(3)
    r.session.end()
    r.poll()
    assert [(s.side, s.skipped) for s in r.sets] == [("left", True)]
    rest = rig("after-run", "after-run")
    rest.run_until("switch-sides")
    rest.session.end()
    assert [(s.side, s.skipped) for s in rest.sets] == [("left", False)]


def run_skipping(r: Rig, skipped: set[tuple[str, str, int]]) -> None:
    """Run ``r`` to its end, skipping at once each work phase of ``skipped``."""
    while not r.session.finished:
        phase = r.session.phase
        if phase.is_work and phase.key in skipped:
            r.session.skip()
            r.poll()
        else:
            r.step()


def test_a_summary_after_skips_counts_only_the_work_done_and_says_what_was_skipped() -> None:
    r = rig("after-run", "after-run")
    skipped = [
        ("low-lunge", "right", 1),
        ("low-lunge", "left", 2),
        ("low-lunge", "right", 2),
        ("dead-bug", "both", 1),
    ]
    run_skipping(r, set(skipped))
    summary = r.session.summary
    assert summary is not None and not summary.ended_early and not summary.complete
    assert (summary.sets_done, summary.planned_sets) == (3, 5)
    tally = summary.tally
    assert (tally.sets_done, tally.sets_skipped, tally.sides_skipped) == (3, 2, 1)
    assert [s.key for s in summary.skipped] == skipped
    assert summary.text.startswith("Routine finished: 3 sets in ")
    assert summary.text.endswith("; 2 sets and 1 side skipped. Well done.")


def test_a_routine_run_in_full_is_complete_with_what_was_planned() -> None:
    r = rig("before-run", "before-run")
    r.run_to_end()
    summary = r.session.summary
    assert summary is not None and summary.complete and summary.skipped == ()
    assert summary.text.startswith("Routine complete: ")
    planned = {
        p.key: (
            p.target_reps if p.mode != "hold" else None,
            p.duration if p.mode == "hold" else None,
        )
        for p in r.plan.work_phases
    }
    assert {s.key: (s.planned_reps, s.planned_seconds) for s in r.sets} == planned
    assert not any(s.cut_short for s in r.sets)


def test_back_restarts_the_phase_after_three_seconds() -> None:
    r = rig("after-run", "after-run")
    r.run_until("work")
    index = r.session.state.index
    r.advance(20)
    r.session.back()
    new = r.poll()
    assert r.session.state.index == index and r.session.state.remaining == 60.0
    assert isinstance(new[0], PhaseStarted) and texts(new) == ["Hold for 60 seconds."]
    r.run_until("switch-sides")
    assert [s.seconds for s in r.sets] == [60.0]


def test_back_early_in_a_phase_goes_to_the_previous_one() -> None:
    r = rig("after-run", "after-run")
    r.run_until("switch-sides")
    r.advance(2)
    r.session.back()
    assert r.session.phase.kind == "work" and r.session.phase.side == "left"
    r.session.back()
    assert r.session.phase.kind == "get-ready" and r.session.state.index == 0
    r.session.back()
    assert r.session.state.index == 0 and r.session.state.remaining == r.plan.phases[0].duration


def test_redoing_a_recorded_set_does_not_record_it_twice() -> None:
    r = rig("after-run", "after-run")
    r.run_until("switch-sides")
    r.session.back()
    r.run_until("switch-sides")
    keys = [(s.exercise, s.side, s.set_number) for s in r.sets]
    assert keys == [("low-lunge", "left", 1)]


def test_add_time_extends_the_phase_and_moves_the_countdown() -> None:
    r = rig("after-run", "after-run")
    r.run_until("work")
    start = r.session.routine_time()
    r.advance(55)
    assert r.session.state.remaining == pytest.approx(5.0)
    r.session.add_time(10)
    assert r.session.state.remaining == pytest.approx(15.0)
    r.run_until("switch-sides")
    said = [(t, x) for t, _, x in r.cues_since(start) if t > 50]
    assert said[:4] == [(60.0, "10 seconds left."), (67.0, "3"), (68.0, "2"), (69.0, "1")]
    assert [x for _, _, x in r.cues_since(start)].count("Halfway.") == 1
    assert r.sets[-1].seconds == pytest.approx(70.0)
    assert r.session.phase.kind == "switch-sides"


def test_add_time_works_in_rest_and_not_in_guided_reps() -> None:
    r = rig("before-run", "before-run")
    r.run_until("work", "tempo")
    r.session.add_time()
    assert r.session.state.remaining == r.session.phase.duration
    r.run_until("rest")
    r.session.add_time(10)
    assert r.session.state.remaining == (r.session.phase.duration or 0) + 10
    with pytest.raises(ValueError, match="must be positive"):
        r.session.add_time(0)


def test_done_ends_a_self_paced_set() -> None:
    r = rig("before-run", "before-run", {"dead-bug": DoseChoice(rep_mode="self", reps=6)})
    r.run_until("work", "self")
    state = r.session.state
    assert state.remaining is None and state.rep is None and state.target_reps == 6
    start = r.session.routine_time()
    said = r.cues_since(start)
    assert said[0][2] == "6 reps at your own pace. Press done when you finish."
    while r.session.next_wakeup() is not None:
        r.step()
    bug = CONTENT.exercises["dead-bug"]
    technique = [x for _, k, x in r.cues_since(start) if k == "form"]
    assert technique[:2] == [bug.steps[2].spoken, bug.steps[3].spoken]
    r.advance(30)
    assert r.session.phase.mode == "self"
    r.session.done()
    r.poll()
    record = r.sets[-1]
    assert (record.exercise, record.side, record.reps, record.seconds) == (
        "dead-bug",
        "both",
        6,
        pytest.approx(r.session.routine_time() - start),
    )
    assert r.session.phase.kind == "rest"


def test_done_outside_a_self_paced_set_does_nothing() -> None:
    r = rig("after-run", "after-run")
    r.run_until("work")
    r.session.done()
    assert r.session.phase.kind == "work" and r.sets == []


def test_end_early_finishes_with_a_partial_summary() -> None:
    r = rig("after-run", "after-run")
    r.run_until("switch-sides")
    r.run_until("work")
    r.advance(30)
    r.session.end()
    new = r.poll()
    assert isinstance(new[-1], Finished)
    summary = new[-1].summary
    assert summary.ended_early and summary.sets_done == 1 and summary.planned_sets == 5
    assert [s.seconds for s in summary.records] == [60.0, 30.0]
    assert summary.text.startswith("Session ended early: 1 set in ")
    assert texts(new)[-1] == summary.text
    assert r.session.phase.kind == "finished"
    r.session.skip()
    r.session.back()
    r.session.end()
    assert r.advance(100) == [] and len(r.sets) == 2


def test_end_before_any_work_says_so() -> None:
    r = rig()
    r.session.end()
    r.poll()
    assert r.session.summary is not None
    assert r.session.summary.text == "Session ended. No sets done this time."


def test_controls_before_start_do_nothing_and_start_twice_fails() -> None:
    plan = build_plan(CONTENT, "after-run", "after-run")
    session = Session(plan, FakeClock())
    for control in (session.pause, session.resume, session.skip, session.back, session.done):
        control()
    session.add_time(10)
    session.end()
    assert session.poll() == [] and session.next_wakeup() is None and not session.started
    assert session.state.index == 0 and session.state.routine_elapsed == 0.0
    session.start()
    with pytest.raises(RuntimeError, match="already started"):
        session.start()


def test_a_plan_with_nothing_left_finishes_at_once() -> None:
    plan = build_plan(CONTENT, "before-run", "before-run")
    every = {p.key for p in plan.work_phases}
    empty = build_plan(CONTENT, "before-run", "before-run", skip_completed=every)
    r = Rig(empty).start()
    assert r.session.finished and isinstance(r.events[-1], Finished)


def test_state_tracks_reps_progress_and_what_is_next() -> None:
    r = rig("before-run", "before-run")
    first = r.session.state
    assert (
        first.exercise_name == "Low lunge"
        and first.next_text == "Low lunge · left side · set 1 of 1"
    )
    assert first.step_index == 0 and first.position == "kneel"
    r.run_until("work", "tempo")
    r.advance(17)
    state = r.session.state
    assert (state.rep, state.target_reps) == (3, 8)
    assert state.next_text == "Dead bug · set 2 of 2"
    assert (state.step_index, state.position) == (2, "reach")
    progress = [state.progress]
    while not r.session.finished:
        r.step()
        progress.append(r.session.state.progress)
    assert progress == sorted(progress) and progress[-1] == 1.0


# -- speech estimates and fitting -------------------------------------------


def test_estimate_grows_with_words_and_shrinks_with_rate() -> None:
    short, long = "3", "Next up: set 2 of 3, left side."
    assert script.estimate_seconds(short) < 1.0
    assert script.estimate_seconds(long) > script.estimate_seconds(short)
    assert script.estimate_seconds(long, 120) > script.estimate_seconds(long, 200)
    assert script.estimate_seconds("Hold for 120 seconds.") > script.estimate_seconds(
        "Hold for 60 seconds."
    )


def test_fit_keeps_critical_lines_and_drops_what_cannot_fit() -> None:
    lines = [
        script.Line("3", "count", 3.0, from_end=True, priority=3, critical=True),
        script.Line("A long reminder that would run into the count.", "form", 5.0, slack=1.0),
        script.Line("Short.", "form", 1.0, slack=1.0),
    ]
    cues = script.fit(lines, 10.0)
    assert [(c.text, c.due) for c in cues] == [("Short.", 1.0), ("3", 7.0)]
    assert script.fit(lines, None) == [
        Cue("Short.", "form", 1.0),
        Cue("A long reminder that would run into the count.", "form", 5.0),
    ]


def test_fit_lets_a_movable_line_slip_behind_a_fixed_one() -> None:
    lines = [
        script.Line("Rep 1 of 8. Left arm, right leg", "rep", 0.0, priority=3, critical=True),
        script.Line("back", "form", 3.0, priority=2, slack=0.5),
    ]
    cues = script.fit(lines, 8.0)
    assert cues[1].due == pytest.approx(script.estimate_seconds("Rep 1 of 8. Left arm, right leg"))


def test_summary_wording() -> None:
    assert phrases.summary(1, 45, ended_early=False) == (
        "Routine complete: 1 set in 45 seconds. Well done."
    )
    assert phrases.summary(6, 9 * 60 + 10, ended_early=False) == (
        "Routine complete: 6 sets in 9 minutes. Well done."
    )
    assert phrases.duration_words(90) == "2 minutes" and phrases.duration_words(1) == "1 second"


def test_sets_caught_up_late_keep_the_times_they_really_ran() -> None:
    clock = FakeClock()
    epoch = 1_700_000_000.0 - clock.now
    session = Session(
        build_plan(CONTENT, "after-run", "after-run"), clock, wall_clock=lambda: epoch + clock.now
    )
    start = clock.now
    session.start()
    clock.advance(400.0)  # nothing polls for a long while, e.g. a stalled window
    session.poll()
    records = session.records
    assert len(records) >= 3
    for record in records:
        assert record.seconds is not None
        assert record.ended_at - record.started_at == pytest.approx(record.seconds)
        assert start + epoch < record.started_at < record.ended_at <= epoch + clock.now
    assert [r.started_at for r in records] == sorted({r.started_at for r in records})


def test_a_pause_inside_a_hold_shows_in_its_wall_times_not_its_seconds() -> None:
    clock = FakeClock()
    session = Session(
        build_plan(CONTENT, "before-run", "before-run"), clock, wall_clock=lambda: clock.now
    )
    session.start()
    while session.phase.kind != "work":
        clock.now = session.next_wakeup() or clock.now
        session.poll()
    hold = session.phase.duration
    assert hold is not None
    clock.advance(5.0)
    session.pause()
    clock.advance(42.0)
    session.resume()
    clock.advance(hold)
    session.poll()
    [record] = session.records
    assert record.seconds == pytest.approx(hold)
    assert record.ended_at - record.started_at == pytest.approx(hold + 42.0)


def test_a_sped_up_session_stamps_sets_in_wall_time() -> None:
    speed = 40.0
    wall_start = 1_700_000_000.0
    clock = FakeClock()
    origin = clock.now
    wall = lambda: wall_start + (clock.now - origin) / speed  # noqa: E731
    session = Session(
        build_plan(CONTENT, "after-run", "after-run"), clock, wall_clock=wall, speed=speed
    )
    session.start()
    clock.advance(200.0)  # picked up late, in sped-up routine seconds
    session.poll()
    assert session.records
    for record in session.records:
        assert record.seconds is not None
        assert wall_start <= record.started_at < record.ended_at <= wall()
        assert record.ended_at - record.started_at == pytest.approx(record.seconds / speed)


def test_speed_must_be_positive() -> None:
    with pytest.raises(ValueError, match="speed must be above 0"):
        Session(build_plan(CONTENT, "after-run", "after-run"), FakeClock(), speed=0)


def test_the_expected_total_follows_added_time_and_stays_put_otherwise() -> None:
    r = rig("before-run", "before-run")
    planned = r.session.plan.total_seconds
    assert r.session.state.expected_total == pytest.approx(planned)
    r.run_until("work", "hold")
    r.advance(3.0)
    assert r.session.state.expected_total == pytest.approx(planned)
    r.session.add_time(10.0)
    assert r.session.state.expected_total == pytest.approx(planned + 10.0)
