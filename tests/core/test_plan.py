"""Plans: phase order, doses from context and choices, totals and resuming."""

from __future__ import annotations

import itertools

import pytest

from backcoach.content import CONTEXTS, Content, load_content
from backcoach.core import script
from backcoach.core.plan import (
    GET_READY_SECONDS,
    REST_BETWEEN_EXERCISES,
    REST_BETWEEN_SETS,
    DoseChoice,
    Plan,
    build_plan,
)
from tests.core.sided_reps import EXERCISE, ROUTINE, sided_reps_content

CONTENT = load_content()
ROUTINES = ("before-run", "after-run", "strength-day")


def kinds(plan: Plan) -> list[tuple[str, str, str, int]]:
    return [(p.kind, p.exercise, p.side, p.set_number) for p in plan.phases]


def test_content_loads_cleanly() -> None:
    assert CONTENT.problems == []


def test_before_run_phase_order() -> None:
    plan = build_plan(CONTENT, "before-run", "before-run")
    assert kinds(plan) == [
        ("get-ready", "low-lunge", "left", 1),
        ("work", "low-lunge", "left", 1),
        ("switch-sides", "low-lunge", "right", 1),
        ("work", "low-lunge", "right", 1),
        ("rest", "dead-bug", "both", 1),
        ("get-ready", "dead-bug", "both", 1),
        ("work", "dead-bug", "both", 1),
        ("rest", "dead-bug", "both", 2),
        ("work", "dead-bug", "both", 2),
        ("finished", "", "both", 0),
    ]


def test_rep_exercise_with_sides_switches_sides_within_each_set() -> None:
    plan = build_plan(sided_reps_content(), ROUTINE, "day-off")
    assert kinds(plan) == [
        ("get-ready", EXERCISE, "left", 1),
        ("work", EXERCISE, "left", 1),
        ("switch-sides", EXERCISE, "right", 1),
        ("work", EXERCISE, "right", 1),
        ("rest", EXERCISE, "left", 2),
        ("work", EXERCISE, "left", 2),
        ("switch-sides", EXERCISE, "right", 2),
        ("work", EXERCISE, "right", 2),
        ("finished", "", "both", 0),
    ]
    assert {(p.mode, p.target_reps, len(p.rep_ends)) for p in plan.work_phases} == {("tempo", 8, 8)}
    assert all(p.duration == p.rep_ends[-1] for p in plan.work_phases)
    assert plan.set_count == 2


def test_routine_item_sets_override_the_default() -> None:
    before = build_plan(CONTENT, "before-run", "before-run")
    after = build_plan(CONTENT, "after-run", "after-run")
    assert {p.total_sets for p in before.work_phases if p.exercise == "dead-bug"} == {2}
    assert {p.total_sets for p in after.work_phases if p.exercise == "dead-bug"} == {3}
    assert {p.total_sets for p in before.work_phases if p.exercise == "low-lunge"} == {1}


@pytest.mark.parametrize(
    ("context", "hold"), [("before-run", 30), ("after-run", 60), ("day-off", 90)]
)
def test_hold_default_follows_the_context(context: str, hold: int) -> None:
    plan = build_plan(CONTENT, "after-run", context)
    holds = {p.duration for p in plan.work_phases if p.exercise == "low-lunge"}
    assert holds == {hold}


def test_choices_are_clamped_into_the_ranges() -> None:
    choices = {
        "low-lunge": DoseChoice(hold_seconds=500, sets=9),
        "dead-bug": DoseChoice(reps=1, sets=0),
        "dumbbell-deadlift": DoseChoice(reps=15, weight=12.5),
    }
    plan = build_plan(CONTENT, "strength-day", "before-run", choices)
    lunge = [p for p in plan.work_phases if p.exercise == "low-lunge"]
    bug = [p for p in plan.work_phases if p.exercise == "dead-bug"]
    lift = [p for p in plan.work_phases if p.exercise == "dumbbell-deadlift"]
    assert {p.duration for p in lunge} == {30} and len(lunge) == 3 * 2
    assert {p.target_reps for p in bug} == {5} and [p.set_number for p in bug] == [1, 2]
    assert {p.side for p in bug} == {"both"}
    assert {(p.target_reps, p.weight, p.weight_unit, p.side) for p in lift} == {
        (15, 12.5, "kg", "both")
    }
    assert {len(p.rep_ends) for p in lift} == {15}
    assert all(p.duration == p.rep_ends[-1] >= 15 * 6.5 for p in lift)


def test_guided_and_self_paced_reps() -> None:
    guided = build_plan(CONTENT, "after-run", "after-run")
    self_paced = build_plan(
        CONTENT, "after-run", "after-run", {"dead-bug": DoseChoice(rep_mode="self")}
    )
    work = next(p for p in guided.work_phases if p.exercise == "dead-bug")
    assert (work.mode, len(work.rep_ends), work.duration) == ("tempo", 8, work.rep_ends[-1])
    assert work.rep_seconds is not None and work.rep_seconds >= 8.5
    work = next(p for p in self_paced.work_phases if p.exercise == "dead-bug")
    assert (work.mode, work.duration, work.rep_seconds) == ("self", None, None)


def test_deadlift_weight_defaults_from_the_content_and_others_have_none() -> None:
    plan = build_plan(CONTENT, "strength-day", "day-off")
    weights = {(p.exercise, p.weight, p.weight_unit) for p in plan.work_phases}
    assert weights == {
        ("dead-bug", None, None),
        ("dumbbell-deadlift", 8.0, "kg"),
        ("low-lunge", None, None),
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope", "day-off"), "unknown routine 'nope'; known: after-run, before-run"),
        (("after-run", "moon"), "unknown context 'moon'; known: before-run"),
    ],
)
def test_bad_routine_or_context_gives_a_readable_error(args: tuple[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_plan(CONTENT, *args)


def test_the_chosen_weight_unit_is_in_the_plan_and_only_for_the_weighed_exercise() -> None:
    choices = {
        "dumbbell-deadlift": DoseChoice(weight=25.0, weight_unit="lb"),
        "dead-bug": DoseChoice(weight_unit="lb"),
    }
    plan = build_plan(CONTENT, "strength-day", "day-off", choices)
    weights = {(p.exercise, p.weight, p.weight_unit) for p in plan.work_phases}
    assert weights == {
        ("dead-bug", None, None),
        ("dumbbell-deadlift", 25.0, "lb"),
        ("low-lunge", None, None),
    }
    assert [(d.exercise, d.weight_unit) for d in plan.doses if d.weight is not None] == [
        ("dumbbell-deadlift", "lb")
    ]


def test_a_bad_weight_unit_gives_a_readable_error() -> None:
    choice = {"dumbbell-deadlift": DoseChoice(weight_unit="stone")}
    with pytest.raises(
        ValueError, match="weight unit for dumbbell-deadlift must be one of kg, lb, got 'stone'"
    ):
        build_plan(CONTENT, "strength-day", "day-off", choice)


def test_bad_rep_mode_gives_a_readable_error() -> None:
    with pytest.raises(ValueError, match="rep mode for dead-bug must be one of tempo, self"):
        build_plan(CONTENT, "after-run", "after-run", {"dead-bug": DoseChoice(rep_mode="fast")})


@pytest.mark.parametrize("routine", ROUTINES)
@pytest.mark.parametrize("context", CONTEXTS)
def test_every_plan_is_well_formed(routine: str, context: str) -> None:
    plan = build_plan(CONTENT, routine, context)
    assert plan.phases[0].kind == "get-ready"
    assert plan.phases[-1].kind == "finished"
    assert [p.kind for p in plan.phases].count("finished") == 1
    for before, after in itertools.pairwise(plan.phases):
        if after.kind == "switch-sides":
            assert (before.kind, before.side, after.side) == ("work", "left", "right")
        if after.kind == "get-ready" and before.kind != "get-ready":
            assert before.kind == "rest" and before.exercise == after.exercise
        if after.is_work:
            assert before.kind in ("get-ready", "switch-sides", "rest")
            assert before.key == after.key
    keys = [p.key for p in plan.work_phases]
    assert len(keys) == len(set(keys))
    assert plan.work_seconds == sum(p.duration or 0 for p in plan.work_phases)
    assert plan.total_seconds == sum(p.duration or 0 for p in plan.phases)


@pytest.mark.parametrize("rate", [120.0, 165.0, 220.0])
def test_announcement_phases_are_long_enough_for_their_words(rate: float) -> None:
    plan = build_plan(CONTENT, "strength-day", "day-off", rate_wpm=rate)
    for i, phase in enumerate(plan.phases):
        if phase.kind in ("get-ready", "switch-sides", "rest"):
            lines = script.phase_lines(plan.phases, i, plan.exercises, plan.speech)
            assert phase.duration is not None
            assert phase.duration >= script.needed_seconds(lines, plan.seconds_of)
            assert phase.duration == int(phase.duration)
        if phase.kind == "get-ready":
            assert phase.duration is not None and phase.duration >= GET_READY_SECONDS
        if phase.kind == "rest":
            assert phase.duration is not None and phase.duration % 5 == 0


def test_slower_speech_lengthens_the_get_ready() -> None:
    slow = build_plan(CONTENT, "after-run", "after-run", rate_wpm=100)
    fast = build_plan(CONTENT, "after-run", "after-run", rate_wpm=250)
    assert (slow.phases[0].duration or 0) > (fast.phases[0].duration or 0)


def test_rest_lengths_between_sets_and_exercises() -> None:
    plan = build_plan(CONTENT, "strength-day", "day-off")
    rests = [(p.exercise, p.set_number, p.duration) for p in plan.phases if p.kind == "rest"]
    assert ("dumbbell-deadlift", 1, REST_BETWEEN_EXERCISES) in rests
    assert ("dead-bug", 2, 30) in rests
    lunge = [d for e, n, d in rests if (e, n) == ("low-lunge", 2)]
    assert lunge and lunge[0] is not None and lunge[0] >= REST_BETWEEN_SETS["hold"]


def test_work_phases_show_the_working_step_and_others_the_setup() -> None:
    plan = build_plan(CONTENT, "after-run", "after-run")
    lunge = next(p for p in plan.phases if p.is_work)
    assert (lunge.step_index, lunge.position) == (2, "stretch")
    for phase in plan.phases[:-1]:
        if not phase.is_work:
            assert (phase.step_index, phase.position) in {(0, "kneel"), (0, "start")}


def test_skipping_completed_sets_resumes_where_the_session_stopped() -> None:
    done = {("low-lunge", "left", 1), ("low-lunge", "right", 1), ("low-lunge", "left", 2)}
    resumed = build_plan(CONTENT, "after-run", "after-run", skip_completed=done)
    assert kinds(resumed)[:3] == [
        ("get-ready", "low-lunge", "right", 2),
        ("work", "low-lunge", "right", 2),
        ("rest", "dead-bug", "both", 1),
    ]
    assert resumed.phases[1].total_sets == 2


def test_skipping_completed_sets_drops_finished_exercises_and_everything() -> None:
    plan = build_plan(CONTENT, "before-run", "before-run")
    lunge = {("low-lunge", "left", 1), ("low-lunge", "right", 1)}
    without_lunge = build_plan(CONTENT, "before-run", "before-run", skip_completed=lunge)
    assert without_lunge.phases[0].kind == "get-ready"
    assert {p.exercise for p in without_lunge.work_phases} == {"dead-bug"}
    every = {p.key for p in plan.work_phases}
    nothing = build_plan(CONTENT, "before-run", "before-run", skip_completed=every)
    assert [p.kind for p in nothing.phases] == ["finished"]
    assert nothing.total_seconds == 0 and nothing.set_count == 0


def test_set_count_counts_both_sides_once() -> None:
    assert build_plan(CONTENT, "after-run", "after-run").set_count == 2 + 3
    assert build_plan(CONTENT, "strength-day", "day-off").set_count == 3 + 3 + 2


def test_a_routine_naming_no_known_routine_lists_none() -> None:
    empty = Content(exercises={}, routines={}, problems=[])
    with pytest.raises(ValueError, match="known: none"):
        build_plan(empty, "after-run", "after-run")


def test_a_variant_runs_in_place_of_its_exercise_with_the_items_choice_and_reason() -> None:
    plan = build_plan(
        CONTENT,
        "after-run",
        "after-run",
        {"dead-bug": DoseChoice(sets=1, reps=5), "low-lunge": DoseChoice(hold_seconds=40)},
        variants={"dead-bug": "heel-taps", "low-lunge": "supported-kneeling-stretch"},
        reasons={"dead-bug": "Easier today."},
    )
    heel_taps = CONTENT.exercises["heel-taps"]
    assert set(plan.exercises) == {"heel-taps", "supported-kneeling-stretch"}
    assert [(d.exercise, d.sets, d.reps, d.rep_seconds) for d in plan.doses][1] == (
        "heel-taps",
        1,
        5,
        heel_taps.dose.tempo_seconds,
    )
    assert plan.doses[0].hold_seconds == 40
    assert {p.exercise for p in plan.work_phases} == {"heel-taps", "supported-kneeling-stretch"}
    assert plan.reasons == {"heel-taps": "Easier today."}
    work = next(p for p in plan.work_phases if p.exercise == "heel-taps")
    assert work.position == heel_taps.steps[work.step_index].position


def test_a_variant_is_held_to_its_own_ranges_and_an_unknown_one_is_refused() -> None:
    plan = build_plan(
        CONTENT,
        "after-run",
        "after-run",
        {"dead-bug": DoseChoice(sets=4)},
        variants={"dead-bug": "heel-taps"},
    )
    assert plan.doses[1].sets == CONTENT.exercises["heel-taps"].dose.sets.max == 3
    with pytest.raises(ValueError, match="unknown variant 'tip-toes'"):
        build_plan(CONTENT, "after-run", "after-run", variants={"dead-bug": "tip-toes"})
