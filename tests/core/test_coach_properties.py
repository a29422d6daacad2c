"""The coach over random histories: a user who follows its advice day after day, with random
pain ratings, skipped sets and overrides of their own.

- never a step up after a red or an amber;
- never beyond a range;
- at most one step up per exercise per week;
- an override is never changed in its own session.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from backcoach.content.model import CONTEXTS
from backcoach.core.coach import Advice, Coach, Level, PastSession, bounds, within
from backcoach.core.coach.progression import heavier

from .coach_history import CONTENT, DAY0, session

EXERCISES = CONTENT.exercises
ROUTINES = sorted(CONTENT.routines)
RATING = st.none() | st.integers(0, 10)


def _track(exercise: str, context: str) -> tuple[str, bool]:
    """Sessions that progress together: a hold's before-run ones stay apart."""
    hold = EXERCISES[exercise].dose.mode == "hold"
    return exercise, hold and context == "before-run"


@dataclass
class _Past:
    """What the simulated user did of one track: each dose and its session's id, by day."""

    doses: list[tuple[Level, str]] = field(default_factory=list)
    step_up_days: list[int] = field(default_factory=list)


def _any_level(data: st.DataObject, advice: Advice, context: str) -> Level:
    """A dose of the user's own within the ranges of what ``advice`` is for."""
    target = EXERCISES[advice.level.variant or advice.exercise]
    b = bounds(target, context, advice.level.weight_unit)
    w = b.weight
    return Level(
        sets=data.draw(st.integers(b.sets.min, b.sets.max)),
        reps=None if b.reps is None else data.draw(st.integers(b.reps.min, b.reps.max)),
        hold_s=None if b.hold is None else data.draw(st.integers(b.hold.min, b.hold.max)),
        weight=None if w is None else data.draw(st.sampled_from([w.min, w.default, w.max])),
        weight_unit=None if w is None else w.unit,
        variant=advice.level.variant,
    )


def _check(advice: Advice, context: str, coach: Coach, past: _Past) -> None:
    target = EXERCISES[advice.level.variant or advice.exercise]
    assert within(advice.level, bounds(target, context, advice.level.weight_unit)), advice
    lit = [coach.light(sid) for _, sid in past.doses]
    last_lit = next((x for x in reversed(lit) if x is not None), None)
    if last_lit is not None and last_lit.light != "green":
        assert advice.change not in ("up", "back"), advice
        if advice.change != "before-run":  # the content's fixed dose is no step
            assert not heavier(advice.level, past.doses[-1][0]), advice


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_coach_over_random_histories(data: st.DataObject) -> None:
    history: list[PastSession] = []
    tracks: dict[tuple[str, bool], _Past] = {}
    day = 0
    for n in range(data.draw(st.integers(1, 30), label="sessions")):
        day += data.draw(st.integers(0, 3), label="gap")
        routine = CONTENT.routines[data.draw(st.sampled_from(ROUTINES))]
        context = data.draw(st.sampled_from(CONTEXTS))
        coach = Coach(history, EXERCISES)
        today = DAY0 + timedelta(day)
        pain = (data.draw(RATING), data.draw(RATING))
        morning = data.draw(RATING)
        given: list[tuple[PastSession, Advice, _Past]] = []
        for item in routine.items:
            past = tracks.setdefault(_track(item.exercise, context), _Past())
            advice = coach.advise(item.exercise, context, today, routine_sets=item.sets)
            _check(advice, context, coach, past)
            if data.draw(st.integers(0, 5)) == 0:
                mine = _any_level(data, advice, context)
                advice = coach.advise(item.exercise, context, today, override=mine)
                assert (advice.change, advice.level) == ("chosen", mine)
            elif advice.change in ("up", "back"):
                past.step_up_days.append(day)
            done = session(
                n,
                item.exercise,
                advice.level,
                pain=(pain[0], None),
                morning=None,
                day=day,
                context=context,
                chosen=advice.change == "chosen",
                missed=data.draw(st.sampled_from([0, 0, 0, 1])),
            )
            given.append((done, advice, past))
        parts = [part for part, _, _ in given]
        done = replace(  # one session of the whole routine, in progress: not rated yet
            parts[0],
            given=tuple(g for part in parts for g in part.given),
            work=tuple(w for part in parts for w in part.work),
        )
        during = Coach([*history, done], EXERCISES)
        for _, advice, past in given:
            if advice.change == "chosen":  # an override holds in its own session
                assert during.advise(advice.exercise, context, today).level == advice.level
            past.doses.append((advice.level, done.id))
        history.append(replace(done, after=pain[1], morning=morning))
    for past in tracks.values():
        gaps = [b - a for a, b in zip(past.step_up_days, past.step_up_days[1:], strict=False)]
        assert all(gap >= 7 for gap in gaps), past.step_up_days
