"""The coach by example: each light rule, each progression rule, and the reasons' words."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import pytest

from backcoach.content.model import Exercise
from backcoach.core import phrases
from backcoach.core.coach import Advice, Coach, Level, PastSession, Work, session_light
from backcoach.core.coach.lights import lights

from .coach_history import CONTENT, DAY0, T0, session, without_variants

BUG = Level(sets=3, reps=8)
LIFT = Level(sets=3, reps=12, weight=8.0, weight_unit="kg")


def advise(
    history: list[PastSession],
    exercise: str = "dead-bug",
    day: int = 30,
    *,
    context: str = "after-run",
    exercises: Mapping[str, Exercise] = CONTENT.exercises,
    routine_sets: int | None = None,
    override: Level | None = None,
) -> Advice:
    """The coach's advice for ``exercise`` on day ``day`` after ``history``."""
    return Coach(history, exercises).advise(
        exercise, context, DAY0 + timedelta(day), routine_sets=routine_sets, override=override
    )


# -- lights ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "morning", "week", "light", "cause"),
    [
        (0, 6, None, None, "red", "after"),
        (1, 3, None, None, "red", "rise"),
        (2, 2, 4, None, "red", "morning"),
        (2, 2, None, 2.0, "red", "week"),
        (None, 4, 9, None, "amber", ""),  # no "before": nothing to rise over
        (3, 4, 4, 1.5, "amber", ""),
        (2, 2, 3, None, "green", ""),
        (5, 0, None, None, "green", ""),
    ],
)
def test_each_light_rule(
    before: int | None,
    after: int,
    morning: int | None,
    week: float | None,
    light: str,
    cause: str,
) -> None:
    lit = session_light(before, after, morning, week)
    assert lit is not None and (lit.light, lit.cause) == (light, cause)


def test_no_after_rating_no_light() -> None:
    assert session_light(2, None, 9, 5.0) is None


def test_a_red_the_morning_alone_causes_appears_when_that_rating_arrives() -> None:
    evening = session(1, "dead-bug", BUG, pain=(2, 2))
    assert lights([evening])["s1"].light == "green"
    morning = PastSession(**{**evening.__dict__, "morning": 4})
    assert lights([morning])["s1"].light == "red" and lights([morning])["s1"].cause == "morning"


def test_the_weekly_mean_of_before_ratings_rising_by_2_is_red() -> None:
    calm = [session(n, "dead-bug", BUG, pain=(1, 1)) for n in range(0, 7, 2)]  # days 0-6
    worse = [session(n, "dead-bug", BUG, pain=(3, 2)) for n in (14, 15)]
    found = lights([*calm, *worse])
    assert found["s14"].cause == "week" and found["s15"].cause == "week"
    assert found["s6"].light == "green"
    mild = [session(n, "dead-bug", BUG, pain=(2, 2)) for n in (14, 15)]
    assert {lights([*calm, *mild])[s.id].light for s in mild} == {"green"}


# -- progression -------------------------------------------------------------------


def test_a_first_session_gets_the_routines_sets_and_the_contents_default() -> None:
    advice = advise([], routine_sets=2)
    assert (advice.change, advice.level) == ("start", Level(sets=2, reps=8))
    assert advice.light is None


def test_two_greens_in_a_row_with_everything_done_step_reps_up_one_per_side() -> None:
    history = [session(1, "dead-bug", BUG), session(2, "dead-bug", BUG)]
    advice = advise(history, day=3)
    assert (advice.change, advice.level) == ("up", Level(sets=3, reps=9))
    assert advice.reason == "Two pain-free sessions in a row, so today: 9 reps per side."
    assert advice.light == "green" and advice.per_side
    assert advice.as_item()["reps_per_side"] is True


def test_steps_go_reps_then_sets_then_hold_then_weight() -> None:
    lift = [session(n, "dumbbell-deadlift", LIFT) for n in (1, 2)]
    assert advise(lift, "dumbbell-deadlift", day=3).level.reps == 14  # +2: no sides
    top = Level(sets=3, reps=20, weight=8.0, weight_unit="kg")
    lift = [session(n, "dumbbell-deadlift", top) for n in (1, 2)]
    assert advise(lift, "dumbbell-deadlift", day=3).level.sets == 4
    full = Level(sets=4, reps=20, weight=8.0, weight_unit="kg")
    lift = [session(n, "dumbbell-deadlift", full) for n in (1, 2)]
    heavier = advise(lift, "dumbbell-deadlift", day=3)
    assert heavier.level.weight == 10.0 and heavier.reason.endswith("so today: 10 kg.")
    lunge = Level(sets=3, hold_s=60)
    held = [session(n, "low-lunge", lunge) for n in (1, 2)]
    longer = advise(held, "low-lunge", day=3)
    assert longer.level == Level(sets=3, hold_s=65)
    assert longer.reason.endswith("so today: 65-second holds.")


def test_at_the_top_of_every_range_the_dose_stays() -> None:
    top = Level(sets=4, reps=10)
    advice = advise([session(n, "dead-bug", top) for n in (1, 2)], day=3)
    assert (advice.change, advice.level) == ("same", top)
    assert "top of the range" in advice.reason


def test_no_step_up_without_all_the_planned_work() -> None:
    history = [session(1, "dead-bug", BUG), session(2, "dead-bug", BUG, missed=1)]
    advice = advise(history, day=3)
    assert (advice.change, advice.level) == ("same", BUG)
    assert advice.reason.startswith("Not all the planned work was done")


def test_one_green_is_not_enough_and_an_amber_in_between_breaks_the_row() -> None:
    assert advise([session(1, "dead-bug", BUG)], day=2).change == "same"
    history = [
        session(1, "dead-bug", BUG),
        session(2, "dead-bug", BUG, pain=(1, 4)),
        session(3, "dead-bug", BUG),
    ]
    advice = advise(history, day=4)
    assert (advice.change, advice.level) == ("same", BUG)
    assert "one more and it goes up" in advice.reason


def test_an_amber_repeats_the_dose() -> None:
    advice = advise([session(n, "dead-bug", BUG, pain=(2, 3)) for n in (1, 2)], day=3)
    assert (advice.change, advice.level) == ("same", BUG)
    assert advice.reason.startswith("Some pain after the last session")


def test_a_session_without_an_after_rating_changes_nothing() -> None:
    history = [
        session(1, "dead-bug", BUG),
        session(2, "dead-bug", BUG, pain=(1, None)),
    ]
    assert advise(history, day=3).change == "same"
    history.append(session(3, "dead-bug", BUG))
    assert advise(history, day=4).change == "up"  # the unrated one was left out of the row


def test_at_most_one_step_up_in_seven_days() -> None:
    stepped = Level(sets=3, reps=9)
    history = [
        session(1, "dead-bug", BUG),
        session(2, "dead-bug", BUG),
        session(3, "dead-bug", stepped),  # the coach's step up, on day 3
        session(4, "dead-bug", stepped),
    ]
    held = advise(history, day=9)
    assert (held.change, held.level) == ("same", stepped)
    assert "one step up a week at most" in held.reason
    assert phrases.day_words(DAY0 + timedelta(10)) in held.reason
    assert advise(history, day=10).change == "up"


def test_a_red_steps_down_the_other_way_round_with_its_cause() -> None:
    advice = advise([session(1, "dumbbell-deadlift", LIFT, pain=(2, 6))], "dumbbell-deadlift")
    assert (advice.change, advice.level.weight) == ("down", 6.0)
    assert advice.reason == (
        "Pain was above 5 out of 10 after the last session, so today: one step down, 6 kg."
    )
    bug = advise([session(1, "dead-bug", BUG, pain=(1, 3))])
    assert (bug.change, bug.level) == ("down", Level(sets=2, reps=8))
    assert bug.reason.startswith("Pain rose by 2 points or more during the last session")


def test_steps_down_have_no_weekly_limit() -> None:
    history = [
        session(1, "dead-bug", BUG),
        session(2, "dead-bug", BUG),
        session(3, "dead-bug", Level(sets=3, reps=9), pain=(1, 7)),  # stepped up, then red
    ]
    assert advise(history, day=4).change == "down"


def test_two_reds_in_a_row_go_to_the_minimum_and_advise_a_clinician() -> None:
    history = [
        session(1, "dead-bug", Level(sets=4, reps=9), pain=(2, 6)),
        session(2, "dead-bug", Level(sets=3, reps=9), pain=(2, 6)),
    ]
    advice = advise(history, day=3)
    assert (advice.change, advice.level) == ("minimum", Level(sets=2, reps=5))
    assert advice.see_clinician and "see a doctor or physiotherapist" in advice.reason


def test_a_red_at_the_minimum_moves_to_the_easier_variant_and_two_greens_come_back() -> None:
    lowest = Level(sets=2, reps=5)
    history = [session(1, "dead-bug", lowest, pain=(2, 7))]
    easier = advise(history, day=2)
    taps = Level(sets=1, reps=5, variant="heel-taps")
    assert (easier.change, easier.level) == ("easier", taps)
    assert "heel taps instead" in easier.reason and easier.as_item()["variant"] == taps.variant
    history += [session(n, "dead-bug", taps) for n in (2, 3)]
    back = advise(history, day=4)
    assert (back.change, back.level) == ("back", lowest)
    assert back.reason.startswith("Two pain-free sessions of heel taps, so today: back to the")


def test_a_red_at_the_minimum_without_a_variant_stays_and_advises_a_clinician() -> None:
    history = [session(1, "dead-bug", Level(sets=2, reps=5), pain=(2, 7))]
    advice = advise(history, exercises=without_variants())
    assert (advice.change, advice.level) == ("same", Level(sets=2, reps=5))
    assert advice.see_clinician


def test_before_run_holds_never_progress() -> None:
    short = Level(sets=1, hold_s=30)
    history = [session(n, "low-lunge", short, context="before-run") for n in (1, 2, 3)]
    advice = advise(history, "low-lunge", context="before-run", routine_sets=1)
    assert (advice.change, advice.level) == ("before-run", short)
    assert "15–30 seconds" in advice.reason
    long_ones = [session(n, "low-lunge", Level(sets=3, hold_s=90)) for n in (4, 5)]
    after = advise(history + long_ones, "low-lunge", day=6)  # before-run sessions stay apart
    assert after.level == Level(sets=3, hold_s=95)


def test_an_override_comes_back_as_it_is_and_is_the_new_starting_point() -> None:
    mine = Level(sets=2, reps=7)
    history = [session(1, "dead-bug", BUG), session(2, "dead-bug", BUG)]
    today = advise(history, day=3, override=mine)
    assert (today.change, today.level) == ("chosen", mine)
    assert today.given().chosen and today.reason == (
        "Your own choice for today: 2 sets of 7 reps per side."
    )
    in_progress = [*history, session(3, "dead-bug", mine, pain=(1, None), chosen=True)]
    assert advise(in_progress, day=3).level == mine  # never stepped in its own session
    rated = [*history, session(3, "dead-bug", mine, chosen=True)]
    assert advise(rated, day=4).level == mine  # one green at the new dose, not two
    rated.append(session(4, "dead-bug", mine))
    assert advise(rated, day=5).level == Level(sets=2, reps=8)


def test_sessions_from_before_the_coach_count_by_their_sets() -> None:
    def old(n: int) -> PastSession:
        work = Work("dead-bug", 3, 3, 0, False, reps=8)
        day = DAY0 + timedelta(n)
        return PastSession(
            f"o{n}", T0 + 86400 * n, day, "after-run", before=1, after=1, work=(work,)
        )

    advice = advise([old(1), old(2)], day=3)
    assert (advice.change, advice.level) == ("up", Level(sets=3, reps=9))
    assert advice.choice().reps == 9
