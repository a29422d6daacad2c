"""Everything backcoach says aloud, as functions of their parameters.

One module, so that the wording can be read, reviewed and measured in one
place (the measured-length fixture of the tests is made from what these
functions return). Nothing here decides when a line is said.
"""

from __future__ import annotations

from datetime import date

# -- answers to the user's controls ------------------------------------------


def paused() -> str:
    return "Paused."


def resuming(where: str) -> str:
    """``where``: the side and the time or rep left, e.g. "Left side, 18 seconds left"."""
    return f"Resuming. {where}."


def more_time(seconds: float) -> str:
    return "Ten more seconds." if seconds == 10 else f"{seconds:g} more seconds."


# -- controls answer: what comes next, where back to, where the session stands --


def skipped(coming: str) -> str:
    """``coming``: the work that comes next, from :func:`work_name`."""
    return f"Skipped. Next: {coming}."


def back_to(where: str, *, rest: bool = False) -> str:
    """``where``: from :func:`work_name`; ``rest`` when back in the rest before that work."""
    return f"Back to the rest before the {where}." if rest else f"Back to the {where}."


def work_name(exercise: str, set_number: int, total_sets: int, side: str) -> str:
    """One side of one set, inside a sentence: "dead bug, set 1 of 3", "low lunge, right
    side", "low lunge, set 2 of 3, left side"."""
    return ", ".join([_inside_sentence(exercise), *_set_and_side(set_number, total_sets, side)])


def where_now(
    *,
    kind: str,
    mode: str,
    exercise: str,
    side: str,
    set_number: int,
    total_sets: int,
    seconds_left: int | None,
    rep: int | None,
    reps: int | None,
) -> str:
    """Where a paused session stands, for :func:`resuming`: "Left side, 18 seconds left",
    "Set 2 of 3, rep 4 of 8", "Rest, 20 seconds left", "Dead bug, set 1 of 3, starting in
    5 seconds". ``kind`` and ``mode`` are the phase's; ``seconds_left`` is rounded up."""
    place = _set_and_side(set_number, total_sets, side)
    left = None if seconds_left is None else _seconds(seconds_left)
    if kind == "work" and mode == "tempo" and rep is not None and reps:
        parts = [*place, f"rep {rep} of {reps}"]
    elif kind == "work" and mode == "self":
        parts = [*place, f"{reps} rep{'s' * (reps != 1)} at your own pace" if reps else ""]
    elif kind == "work":
        parts = [*place, f"{left} left" if left else ""]
    elif kind == "rest":
        parts = ["rest", f"{left} left" if left else ""]
    else:  # get ready, switch sides: the work about to start
        parts = [_inside_sentence(exercise), *place, f"starting in {left}" if left else ""]
    text = ", ".join(part for part in parts if part)
    return text[:1].upper() + text[1:]


def _set_and_side(set_number: int, total_sets: int, side: str) -> list[str]:
    parts = [f"set {set_number} of {total_sets}"] if total_sets > 1 else []
    return parts + ([f"{side} side"] if side in ("left", "right") else [])


def _seconds(seconds: int) -> str:
    whole = max(1, seconds)
    return f"{whole} second{'s' * (whole != 1)}"


def _inside_sentence(name: str) -> str:
    """An exercise name as it reads mid-sentence: "Dead bug" → "dead bug" (not "TRX row")."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


# -- the session's script --------------------------------------------------------
# The content's own words (intros, steps, sides, tempo, reminders) come from the
# content files; these are the words around them.

ENCOURAGEMENTS = (
    "Good work.",
    "Nicely done.",
    "That's the way.",
    "Strong work.",
    "Looking steady.",
)
"""Said in turn, so that the same one never comes twice in a row."""


def sentence(text: str) -> str:
    """``text`` as a sentence of its own: stripped, with a full stop unless it has an end."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else f"{text}."


def safety() -> str:
    """Said once per session, first."""
    return "If you feel sharp pain, numbness, or pain down a leg, stop."


def side_fallback(side: str) -> str:
    """How a side is named when the exercise does not say it by limb: "Left side"."""
    return f"{side.capitalize()} side"


def switch_sides(side_words: str) -> str:
    """``side_words``: the new side, such as "Right knee down, left foot forward"."""
    return f"Switch sides. {sentence(side_words)}"


def dose(mode: str, amount: float, per_side: bool) -> str:
    """A set's amount: "60 seconds each side", "8 reps each side", "12 reps"."""
    each = " each side" if per_side else ""
    noun = "second" if mode == "hold" else "rep"
    return f"{amount:g} {noun}{'s' * (amount != 1)}{each}"


def set_start(number: int, total: int, amount: str) -> str:
    """ "Set 1 of 3: 8 reps each side."; a single set gives the amount alone."""
    if total > 1:
        return f"Set {number} of {total}: {amount}."
    return sentence(amount[:1].upper() + amount[1:])


def weight(amount: float, unit: str) -> str:
    """``unit``: "kg" or "lb" (any other is said as written)."""
    spoken = {"kg": "kilo", "lb": "pound"}.get(unit, unit)
    return f"Use {amount:g} {spoken} dumbbells."


def count(number: int) -> str:
    """A countdown number."""
    return str(number)


def rep(number: int, total: int) -> str:
    """A rep's count: "Rep 3 of 8", and "Last rep" for the last of several."""
    return "Last rep" if number == total and total > 1 else f"Rep {number} of {total}"


def own_pace(reps: int) -> str:
    return f"{reps} rep{'s' * (reps != 1)} at your own pace. Press done when you finish."


def hold_start(seconds: float) -> str:
    return f"Hold for {seconds:g} second{'s' * (seconds != 1)}."


def halfway() -> str:
    return "Halfway."


def seconds_left(seconds: int) -> str:
    return f"{seconds} seconds left."


def rest(seconds: float) -> str:
    return f"Rest {seconds:g} second{'s' * (seconds != 1)}."


def next_set(exercise: str, number: int, total: int) -> str:
    """The next set of the same exercise: "Next: dead bug, set 2 of 3."."""
    return f"Next: {_inside_sentence(exercise)}, set {number} of {total}."


def next_exercise(exercise: str, amount: str) -> str:
    """A new exercise and its amount: "Next: dead bug, 8 reps each side."."""
    return f"Next: {_inside_sentence(exercise)}, {amount}."


def encouragement(turn: int) -> str:
    """The ``turn``-th encouragement of a session (from 0): never the same twice in a row."""
    return ENCOURAGEMENTS[turn % len(ENCOURAGEMENTS)]


def duration_words(seconds: float) -> str:
    """ "45 seconds", "1 minute", "9 minutes"."""
    if seconds < 90:
        n = max(1, round(seconds))
        return f"{n} second{'s' * (n != 1)}"
    minutes = round(seconds / 60)
    return f"{minutes} minute{'s' * (minutes != 1)}"


def summary(sets: int, seconds: float, ended_early: bool, skipped: str = "") -> str:
    """The spoken finish, such as "Routine complete: 5 sets in 9 minutes. Well done.".

    ``skipped`` says what was skipped ("1 set and 2 sides skipped"); then a routine run
    to its end is "finished", not "complete".
    """
    done = f"{sets} set{'s' * (sets != 1)} in {duration_words(seconds)}"
    if skipped:
        done += f"; {skipped}"
    if not ended_early:
        return f"Routine {'finished' if skipped else 'complete'}: {done}. Well done."
    if sets == 0:
        return "Session ended. No sets done this time."
    return f"Session ended early: {done}. Good work."


# -- the coach: lights, today's dose and why (shown on the card and said at the start) --

PAIN_RULE = (
    "A cautious rule of thumb, not a diagnosis. It comes from tendon rehabilitation "
    "(Silbernagel et al., Am J Sports Med 2007): pain during exercise up to 5 out of 10 "
    "is acceptable, pain afterwards should settle by the next morning, and pain should "
    "not rise from week to week."
)
"""The pain-monitoring rule behind the lights, for Help."""


def morning_question() -> str:
    return "How is your lower back this morning?"


def red_cause(cause: str) -> str:
    """Why a session was red, as the start of a sentence (``cause``: one of
    :data:`backcoach.core.coach.RED_CAUSES`)."""
    return {
        "after": "Pain was above 5 out of 10 after the last session",
        "rise": "Pain rose by 2 points or more during the last session",
        "morning": "Pain was up by 2 points or more the morning after the last session",
        "week": "Pain before sessions rose by 2 points or more this week",
    }[cause]


def reps_words(reps: int, per_side: bool) -> str:
    """ "9 reps per side", "12 reps"."""
    return f"{reps} rep{'s' * (reps != 1)}{' per side' * per_side}"


def sets_words(sets: int) -> str:
    return f"{sets} set{'s' * (sets != 1)}"


def hold_words(seconds: int) -> str:
    return f"{seconds}-second holds"


def weight_words(weight: float, unit: str) -> str:
    return f"{weight:g} {unit}"


def coach_start(dose: str) -> str:
    return f"A first session of this one, so today: {dose}."


def coach_up(changed: str) -> str:
    return f"Two pain-free sessions in a row, so today: {changed}."


def coach_top(dose: str) -> str:
    return f"Two pain-free sessions in a row at the top of the range, so today: {dose} again."


def coach_week(next_step: str, dose: str) -> str:
    """``next_step``: the day the next step up may come, such as "Monday 7 December"."""
    return (
        f"Two pain-free sessions in a row, but one step up a week at most (the next can "
        f"come on {next_step}), so today: {dose} again."
    )


def coach_one_green(dose: str) -> str:
    return f"A pain-free session at this dose; one more and it goes up. Today: {dose} again."


def coach_not_all_done(dose: str) -> str:
    return f"Not all the planned work was done last time, so today: {dose} again."


def coach_amber(dose: str) -> str:
    return f"Some pain after the last session (3 to 5 out of 10), so today: {dose} again."


def coach_unrated(dose: str) -> str:
    return f"No pain rating after the last session, so today: {dose} again."


def coach_down(cause: str, changed: str) -> str:
    return f"{cause}, so today: one step down, {changed}."


def coach_minimum(cause: str, dose: str) -> str:
    return (
        f"{cause}, the second time in a row, so today: back to the easiest dose, {dose}. "
        "If pain keeps flaring, see a doctor or physiotherapist."
    )


def coach_easier(cause: str, variant: str, dose: str) -> str:
    return (
        f"{cause} even at the easiest dose, so today: {_inside_sentence(variant)} instead, {dose}."
    )


def coach_still_sore(cause: str, dose: str) -> str:
    return (
        f"{cause} even at the easiest dose, so today: {dose} again. "
        "Please see a doctor or physiotherapist about it."
    )


def coach_back(variant: str, exercise: str, dose: str) -> str:
    return (
        f"Two pain-free sessions of {_inside_sentence(variant)}, so today: back to the "
        f"{_inside_sentence(exercise)} at its easiest, {dose}."
    )


def coach_before_run(span: str, dose: str) -> str:
    """``span``: the before-run hold range, such as "15–30"."""
    return f"Before a run a hold stays short ({span} seconds), so today: {dose}."


def coach_chosen(dose: str) -> str:
    return f"Your own choice for today: {dose}."


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_words(day: date) -> str:
    """ "Monday 7 December", whatever the system's language."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
