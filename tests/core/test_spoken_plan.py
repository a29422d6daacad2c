"""What the planner promises about the spoken script: priorities, verbosity, room for the words.

- It never drops an essential cue, at any rate the settings allow (a property test over
  random routines, doses and lengths).
- Guided reps last as long as their words plus a breath, and the tempo's offsets stretch
  with them; slower speech makes reps longer, never emptier.
- Holds over 20 s get a form or breathing reminder at least every 15 s (standard) or 10 s
  (full); "Halfway" and "10 seconds left" are at least 8 s apart.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcoach.content import CONTEXTS, Content, load_content
from backcoach.content.model import Range, Routine, RoutineItem
from backcoach.core import phrases, script
from backcoach.core.cues import CUE_KINDS, VERBOSITIES, Cue, Priority
from backcoach.core.phases import Phase
from backcoach.core.plan import REP_MODES, DoseChoice, Plan, build_plan
from backcoach.settings import MAX_RATE, MIN_RATE
from tests.core.sided_reps import ROUTINE, sided_reps_content

CONTENT = load_content()
ROUTINES = sorted(CONTENT.routines)
RATES = (MIN_RATE, 130, 165, 220, MAX_RATE)


def phase_cues(plan: Plan, index: int) -> tuple[list[script.Line], list[Cue]]:
    """The lines of ``plan.phases[index]`` and the cues the session would place from them."""
    lines = script.phase_lines(plan.phases, index, plan.exercises, plan.speech)
    return lines, script.fit(lines, plan.phases[index].duration, plan.seconds_of)


def estimate_with_margin(rate: float, margin: float) -> script.SecondsOf:
    def seconds_of(text: str) -> float:
        return script.estimate_seconds(text, rate) * (1 + margin)

    return seconds_of


# -- the planner never drops an essential cue -----------------------------------


@st.composite
def any_content(draw: st.DrawFn) -> tuple[Content, str]:
    """The bundled exercises within everything a content file may hold (holds of 1 to 600 s,
    1 to 100 reps, any tempo from 1 to 60 s, sides named or not), in a random routine."""
    exercises = {}
    for ex_id, exercise in CONTENT.exercises.items():
        dose = exercise.dose
        if dose.mode == "hold":
            dose = replace(dose, hold={c: Range(1, 600, 30) for c in CONTEXTS})
        else:
            tempo = draw(st.floats(1.0, 60.0))
            stretch = tempo / (dose.tempo_seconds or 1.0)
            cues = tuple(replace(c, at=c.at * stretch) for c in dose.tempo)
            dose = replace(dose, reps=Range(1, 100, 8), tempo_seconds=tempo, tempo=cues)
        side_words = exercise.side_words if draw(st.booleans()) else {}
        exercises[ex_id] = replace(exercise, dose=dose, side_words=side_words)
    order = draw(st.permutations(sorted(exercises)))
    count = draw(st.integers(1, len(order)))
    items = tuple(
        RoutineItem(ex_id, draw(st.none() | st.integers(1, 4))) for ex_id in order[:count]
    )
    routine = Routine("random", "Random", "Drawn by a test.", "day-off", items)
    return Content(exercises, {"random": routine}, []), "random"


doses = st.builds(
    DoseChoice,
    hold_seconds=st.none() | st.integers(1, 600),
    sets=st.none() | st.integers(1, 4),
    reps=st.none() | st.integers(1, 30),
    rep_mode=st.sampled_from(REP_MODES),
    weight=st.none() | st.floats(0, 100),
)


@settings(max_examples=60, deadline=None)
@given(
    drawn=any_content(),
    context=st.sampled_from(CONTEXTS),
    choices=st.dictionaries(st.sampled_from(sorted(CONTENT.exercises)), doses),
    rate=st.integers(MIN_RATE, MAX_RATE),
    verbosity=st.sampled_from(VERBOSITIES),
    margin=st.floats(0.0, 0.15),
)
def test_the_planner_never_drops_an_essential_cue(
    drawn: tuple[Content, str],
    context: str,
    choices: dict[str, DoseChoice],
    rate: int,
    verbosity: str,
    margin: float,
) -> None:
    content, routine = drawn
    seconds_of = estimate_with_margin(rate, margin)
    plan = build_plan(
        content, routine, context, choices, verbosity=verbosity, seconds_of=seconds_of
    )
    for index in range(len(plan.phases)):
        lines, cues = phase_cues(plan, index)
        wanted = [(ln.text, ln.kind) for ln in lines if ln.priority == Priority.ESSENTIAL]
        placed = [(c.text, c.kind) for c in cues if c.essential]
        assert sorted(placed) == sorted(wanted), plan.phases[index]


def test_the_planner_drops_an_essential_cue_that_has_no_room() -> None:
    """The check above can fail: a countdown number longer than a second does not fit."""
    plan = build_plan(CONTENT, "before-run", "before-run", seconds_of=lambda text: 1.5)
    lines, cues = phase_cues(plan, 0)
    assert sum(ln.kind == "count" for ln in lines) == 3
    assert sum(c.kind == "count" for c in cues) < 3


# -- guided reps make room for their words -------------------------------------


def rep_lines(plan: Plan, index: int) -> list[list[Cue]]:
    """The cues of each guided rep of ``plan.phases[index]``."""
    phase = plan.phases[index]
    _, cues = phase_cues(plan, index)
    starts = [0.0, *phase.rep_ends]
    return [
        [c for c in cues if a - 1e-9 <= c.due < b - 1e-9] for a, b in itertools.pairwise(starts)
    ]


@pytest.mark.parametrize("verbosity", VERBOSITIES)
@pytest.mark.parametrize("rate", RATES)
def test_a_guided_rep_lasts_its_words_and_a_breath(rate: int, verbosity: str) -> None:
    plan = build_plan(CONTENT, "strength-day", "day-off", rate_wpm=rate, verbosity=verbosity)
    guided = [i for i, p in enumerate(plan.phases) if p.mode == "tempo"]
    assert guided
    for index in guided:
        phase = plan.phases[index]
        tempo = plan.exercises[phase.exercise].dose.tempo_seconds or 0.0
        assert phase.rep_seconds is not None and phase.rep_seconds >= tempo
        assert phase.duration == phase.rep_ends[-1]
        for rep, cues in enumerate(rep_lines(plan, index), 1):
            assert cues[0].kind in ("rep", "form") and sum(c.kind == "rep" for c in cues) == 1
            ends = [c.due + plan.seconds_of(c.text) + script.GAP for c in cues]
            starts = [c.due for c in cues[1:]] + [phase.rep_end(rep)]
            assert all(end <= start + 1e-9 for end, start in zip(ends, starts, strict=True))


def test_slower_speech_makes_reps_longer_and_their_offsets_stretch_alike() -> None:
    def dead_bug(rate: int) -> tuple[Phase, list[Cue]]:
        plan = build_plan(CONTENT, "before-run", "before-run", rate_wpm=rate)
        index = next(i for i, p in enumerate(plan.phases) if p.mode == "tempo")
        return plan.phases[index], rep_lines(plan, index)[0]

    slow, slow_cues = dead_bug(MIN_RATE)
    fast, fast_cues = dead_bug(MAX_RATE)
    tempo = CONTENT.exercises["dead-bug"].dose.tempo
    assert slow.rep_seconds is not None and fast.rep_seconds is not None
    assert slow.rep_seconds > fast.rep_seconds >= 8.5
    assert (slow.duration or 0) > (fast.duration or 0)
    for phase, cues in ((slow, slow_cues), (fast, fast_cues)):
        stretch = (phase.rep_seconds or 0) / 8.5
        later = [c.due for c in cues if c.kind in ("side", "form")][1:]  # after the count's group
        assert later == pytest.approx([cue.at * stretch for cue in tempo[1:]])


def test_a_rep_with_technique_before_its_count_is_longer_by_that_alone() -> None:
    plan = build_plan(CONTENT, "before-run", "before-run")
    phase = next(p for p in plan.phases if p.mode == "tempo")
    assert phase.rep_seconds is not None
    lengths = [b - a for a, b in itertools.pairwise([0.0, *phase.rep_ends])]
    bug = CONTENT.exercises["dead-bug"]
    extra = [
        script.GAP + plan.seconds_of(step.spoken) for step in bug.steps[2:]
    ]  # before reps 3 and 6
    assert lengths[2] == pytest.approx(phase.rep_seconds + extra[0], abs=0.125)
    assert lengths[5] == pytest.approx(phase.rep_seconds + extra[1], abs=0.125)
    assert {lengths[i] for i in (0, 1, 3, 4, 6, 7)} == {phase.rep_seconds}


# -- holds: reminders, halfway and time left --------------------------------------


def hold_cues(hold: int, rate: int, verbosity: str) -> list[Cue]:
    """The cues of a low lunge hold of ``hold`` seconds (any length from 1 to 600)."""
    lunge = CONTENT.exercises["low-lunge"]
    dose = replace(lunge.dose, hold={c: Range(1, 600, 30) for c in CONTEXTS})
    exercises = {**CONTENT.exercises, lunge.id: replace(lunge, dose=dose)}
    content = replace(CONTENT, exercises=exercises)
    choice = {lunge.id: DoseChoice(hold_seconds=hold)}
    plan = build_plan(
        content, "strength-day", "day-off", choice, rate_wpm=rate, verbosity=verbosity
    )
    index = next(i for i, p in enumerate(plan.phases) if p.mode == "hold")
    return phase_cues(plan, index)[1]


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize(("verbosity", "every"), [("standard", 15.0), ("full", 10.0)])
def test_holds_over_20_s_get_a_reminder_at_least_every_15_s(
    verbosity: str, every: float, rate: int
) -> None:
    for hold in (21, 25, 36, 45, 60, 90, 120, 180):
        cues = hold_cues(hold, rate, verbosity)
        reminders = [c.due for c in cues if c.kind in ("form", "breath")]
        gaps = [b - a for a, b in itertools.pairwise([0.0, *reminders, float(hold)])]
        assert max(gaps) <= every, (hold, reminders)


@pytest.mark.parametrize("rate", RATES)
def test_halfway_and_ten_seconds_left_are_at_least_8_s_apart(rate: int) -> None:
    for hold in (10, 15, 20, 30, 35, 36, 40, 45, 60, 90, 120, 150, 180):
        cues = hold_cues(hold, rate, "full")
        halfway = [c.due for c in cues if c.kind == "halfway"]
        left = [c.due for c in cues if c.kind == "remaining"]
        assert halfway == [hold / 2]
        assert left == ([hold - 10.0] if hold >= 36 else [])
        assert all(b - a >= 8.0 for a in halfway for b in left)


def test_counts_says_only_the_countdown_in_a_hold() -> None:
    cues = hold_cues(60, 165, "counts")
    assert [(c.text, c.due) for c in cues] == [("3", 57.0), ("2", 58.0), ("1", 59.0)]


# -- verbosity, and words said once ---------------------------------------------


def said(plan: Plan) -> list[Cue]:
    return [c for i in range(len(plan.phases)) for c in phase_cues(plan, i)[1]]


def test_verbosity_decides_what_is_said() -> None:
    by_level = {
        v: said(build_plan(CONTENT, "strength-day", "day-off", verbosity=v)) for v in VERBOSITIES
    }
    assert {c.priority for c in by_level["counts"]} == {Priority.ESSENTIAL}
    assert {c.priority for c in by_level["standard"]} == set(Priority)
    standard = [c.text for c in by_level["standard"]]
    full = [c.text for c in by_level["full"]]
    assert "Breathe in" not in standard and full.count("Breathe in") == 3 * 12
    reminders = {
        v: sum(c.kind in ("form", "breath") and c.priority == Priority.OPTIONAL for c in cues)
        for v, cues in by_level.items()
    }
    assert reminders["full"] > reminders["standard"] > reminders["counts"] == 0
    essential = {  # the same at every level (but a rest's length, which follows its words)
        v: [c.text for c in cues if c.essential and c.kind != "rest"]
        for v, cues in by_level.items()
    }
    assert essential["counts"] == essential["standard"] == essential["full"]


def test_a_guided_rep_is_sized_to_the_words_at_the_verbosity() -> None:
    def deadlift_rep(verbosity: str) -> float | None:
        plan = build_plan(CONTENT, "strength-day", "day-off", verbosity=verbosity)
        return next(p.rep_seconds for p in plan.work_phases if p.exercise == "dumbbell-deadlift")

    standard = deadlift_rep("standard")
    assert deadlift_rep("counts") == standard == 6.5 < (deadlift_rep("full") or 0)


def test_the_safety_line_opens_the_session_once_resumed_or_not() -> None:
    plan = build_plan(CONTENT, "after-run", "after-run")
    done = {("low-lunge", "left", 1), ("low-lunge", "right", 1)}
    resumed = build_plan(CONTENT, "after-run", "after-run", skip_completed=done)
    for p in (plan, resumed):
        cues = said(p)
        assert [c.text for c in cues if c.kind == "safety"] == [phrases.safety()]
        assert cues[0].kind == "safety" and cues[0].essential


def test_encouragement_is_never_the_same_twice_in_a_row() -> None:
    plan = build_plan(CONTENT, "strength-day", "day-off")
    cheers = [c.text for c in said(plan) if c.text in phrases.ENCOURAGEMENTS]
    assert len(cheers) == sum(p.kind == "rest" for p in plan.phases) >= 5
    assert all(a != b for a, b in itertools.pairwise(cheers))


def test_sides_without_words_of_their_own_are_left_side_and_right_side() -> None:
    plan = build_plan(sided_reps_content(), ROUTINE, "day-off")
    sides = [c.text for c in said(plan) if c.kind == "side"]
    assert sides[:2] == ["Left side.", "Switch sides. Right side."]


def test_every_cue_kind_is_a_known_one() -> None:
    plans = [build_plan(CONTENT, r, "day-off", verbosity="full") for r in ROUTINES]
    assert {c.kind for plan in plans for c in said(plan)} <= set(CUE_KINDS)


def test_an_unknown_verbosity_gives_a_readable_error() -> None:
    with pytest.raises(
        ValueError, match="unknown verbosity 'chatty'; known: full, standard, counts"
    ):
        build_plan(CONTENT, "after-run", "after-run", verbosity="chatty")


def test_the_plan_is_sized_with_the_lengths_it_is_given() -> None:
    estimate = build_plan(CONTENT, "after-run", "after-run")
    longer = build_plan(
        CONTENT, "after-run", "after-run", seconds_of=partial(script.estimate_seconds, rate_wpm=120)
    )
    assert longer.total_seconds > estimate.total_seconds
    assert longer.seconds_of("Halfway.") == script.estimate_seconds("Halfway.", 120)
