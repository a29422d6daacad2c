"""Property tests: random sequences of user actions never break the session's promises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcoach.content import CONTEXTS
from backcoach.core.plan import DoseChoice, build_plan
from backcoach.core.session import SetCompleted, SetSkipped
from tests.core.test_session import CONTENT, ROUTINES, Rig

SETTINGS = settings(max_examples=150, deadline=None)

advance = st.tuples(st.just("advance"), st.floats(0.0, 45.0))
wakeup = st.tuples(st.just("wakeup"), st.just(0.0))
pausing = st.tuples(st.sampled_from(["pause", "resume"]), st.just(0.0))
any_control = st.tuples(
    st.sampled_from(["pause", "resume", "skip", "back", "add_time", "done", "end"]), st.just(0.0)
)


@st.composite
def rigs(draw: st.DrawFn) -> Rig:
    routine = draw(st.sampled_from(ROUTINES))
    context = draw(st.sampled_from(CONTEXTS))
    mode = draw(st.sampled_from(["tempo", "self"]))
    choices = {"dead-bug": DoseChoice(rep_mode=mode), "dumbbell-deadlift": DoseChoice(reps=10)}
    return Rig(build_plan(CONTENT, routine, context, choices)).start()


def act(r: Rig, action: str, amount: float) -> None:
    if action == "advance":
        r.clock.advance(amount)
        remaining = r.session.state.remaining
        assert remaining is None or remaining >= 0, "read before polling"
    elif action == "wakeup":
        wake = r.session.next_wakeup()
        r.advance(0.0 if wake is None else max(0.0, wake - r.clock.now))
    elif action == "add_time":
        r.session.add_time(10)
    else:
        getattr(r.session, action)()
    r.poll()


def check_invariants(r: Rig, last_time: float) -> float:
    state = r.session.state
    assert state.remaining is None or state.remaining >= 0
    assert 0.0 <= state.progress <= 1.0
    now = r.session.routine_time()
    assert now >= last_time - 1e-9
    wake = r.session.next_wakeup()
    assert wake is None or wake >= r.clock.now - 1e-6 or not r.session.started
    keys = [(s.exercise, s.side, s.set_number) for s in r.sets]
    assert len(keys) == len(set(keys))
    return now


def play_then_finish(r: Rig, actions: list[tuple[str, float]]) -> None:
    """Apply ``actions`` checking invariants after each, then drive the session to its end
    (saying done for self-paced sets) and check again."""
    last = 0.0
    for action, amount in actions:
        act(r, action, amount)
        last = check_invariants(r, last)
    r.session.resume()
    while not r.session.finished:
        if r.session.next_wakeup() is None:
            r.advance(12.0)
            r.session.done()
            r.poll()
        else:
            r.step()
    check_invariants(r, last)


@SETTINGS
@given(rigs(), st.lists(st.one_of(advance, wakeup, any_control), max_size=40))
def test_any_actions_keep_time_sane_and_sets_unique(
    r: Rig, actions: list[tuple[str, float]]
) -> None:
    play_then_finish(r, actions)
    done = [e.record for e in r.events if isinstance(e, SetCompleted)]
    skipped = [e.record for e in r.events if isinstance(e, SetSkipped)]
    assert [s for s in r.sets if not s.skipped] == [s for s in r.sets if s in done]
    assert sorted(done, key=r.sets.index) == [s for s in r.sets if not s.skipped]
    assert [s for s in r.sets if s.skipped] == [
        s for s in skipped if s.key not in {d.key for d in done}
    ]
    summary = r.session.summary
    assert summary is not None and list(summary.records) == r.sets
    if not summary.ended_early:  # run to its end: every side of every set, done or skipped
        assert {s.key for s in r.sets} == {p.key for p in r.plan.work_phases}


@SETTINGS
@given(rigs(), st.lists(st.one_of(advance, wakeup, pausing), max_size=40))
def test_without_skipping_every_set_is_recorded_with_the_planned_work(
    r: Rig, actions: list[tuple[str, float]]
) -> None:
    play_then_finish(r, actions)
    works = r.plan.work_phases
    assert [(s.exercise, s.side, s.set_number) for s in r.sets] == [p.key for p in works]
    timed = [(p, s) for p, s in zip(works, r.sets, strict=True) if p.duration is not None]
    recorded = sum(s.seconds or 0.0 for _, s in timed)
    assert recorded == pytest.approx(sum(p.duration or 0.0 for p, _ in timed))
    if all(p.duration is not None for p in works):
        assert recorded == pytest.approx(r.plan.work_seconds)
        assert r.session.routine_time() == pytest.approx(r.plan.total_seconds)


@SETTINGS
@given(rigs(), st.floats(0.0, 400.0), st.floats(0.0, 1000.0))
def test_pause_resume_is_exact_anywhere(r: Rig, at: float, pause_for: float) -> None:
    r.advance(at)
    r.session.pause()
    before = r.session.state
    r.advance(pause_for)
    r.session.resume()
    after = r.session.state
    assert after.index == before.index
    if before.remaining is None:
        assert after.remaining is None
    else:
        assert after.remaining == pytest.approx(before.remaining, abs=1e-6)
    assert after.routine_elapsed == pytest.approx(before.routine_elapsed, abs=1e-6)
