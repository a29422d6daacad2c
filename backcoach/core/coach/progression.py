"""Today's dose of each exercise, from the sessions that included it, with its reason.

Per exercise (a session includes it when it was given a dose of it or has sets of it):

- **Step up** after two green sessions in a row at the current dose, each with all
  the planned work done; at most one step up in :data:`STEP_UP_DAYS` days. Steps go
  reps (+1 per side for a sided exercise, +2 otherwise), then sets (+1), then hold
  (+5 s), then weight (+ the content's step), each within the content's range.
- **Repeat** after an amber session, or one without an "after" rating.
- **Step down** one step (the other way round: weight, hold, sets, reps) after a red
  one; a second red in a row goes to the range's minimum with the advice to see a
  clinician; a red at the minimum moves to the exercise's easier variant. Two greens on
  the variant return to the exercise at its minimum (a step up, so within the weekly
  limit).
- A hold before a run never progresses: the content's before-run dose is the dose.
  Before-run sessions of a hold exercise are therefore kept apart from its other ones.
- A dose the user chose (an override) is the new starting point: the run at it starts in
  its own session, which is never stepped; today's override comes back as it is. A
  session from before the coach counts with the dose its sets show.

The dose a session used comes from what it was given (see :class:`GivenDose`), else
from its sets. "The current dose" is that of the latest session; the run of sessions
at it ends where the dose last changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from backcoach.content.model import KILOGRAMS_PER_UNIT, Exercise, Range, Routine, Weight
from backcoach.core import phrases
from backcoach.core.coach.history import GivenDose, Level, PastSession, Work
from backcoach.core.coach.lights import Light, SessionLight, lights
from backcoach.core.plan import DoseChoice

CHANGES: tuple[str, ...] = (
    "start",
    "same",
    "up",
    "down",
    "minimum",
    "easier",
    "back",
    "before-run",
    "chosen",
)
"""What today's dose is, next to the last one (:attr:`Advice.change`)."""
STEP_UP_DAYS = 7
HOLD_STEP = 5
SIDED_REP_STEP = 1
REP_STEP = 2


@dataclass(frozen=True)
class Bounds:
    """The ranges a dose of one exercise in one context moves in (weights in one unit)."""

    sets: Range
    reps: Range | None = None
    rep_step: int = REP_STEP
    hold: Range | None = None
    weight: Weight | None = None


def bounds(exercise: Exercise, context: str, unit: str | None = None) -> Bounds:
    """The ranges of ``exercise`` done in ``context``, weights in ``unit`` (None: the
    content's own)."""
    dose = exercise.dose
    weight = dose.weight
    if weight is not None and unit is not None and unit != weight.unit:
        weight = _weight_in(weight, unit)
    return Bounds(
        sets=dose.sets,
        reps=dose.reps,
        rep_step=SIDED_REP_STEP if exercise.per_side else REP_STEP,
        hold=dose.hold.get(context) if dose.mode == "hold" else None,
        weight=weight,
    )


def _weight_in(weight: Weight, unit: str) -> Weight:
    """``weight``'s range in another unit, in whole numbers (a step of at least 1)."""
    f = KILOGRAMS_PER_UNIT[weight.unit] / KILOGRAMS_PER_UNIT[unit]
    return Weight(
        float(round(weight.default * f)),
        unit,
        float(round(weight.min * f)),
        float(round(weight.max * f)),
        float(max(1, round(weight.step * f))),
    )


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def start_level(b: Bounds, routine_sets: int | None = None, variant: str | None = None) -> Level:
    """The content's default dose (the routine's sets, when it gives them)."""
    w = b.weight
    return Level(
        sets=b.sets.clamp(b.sets.default if routine_sets is None else routine_sets),
        reps=None if b.reps is None else b.reps.default,
        hold_s=None if b.hold is None else b.hold.default,
        weight=None if w is None else w.default,
        weight_unit=None if w is None else w.unit,
        variant=variant,
    )


def minimum(b: Bounds, variant: str | None = None) -> Level:
    """The easiest dose within ``b``."""
    w = b.weight
    return Level(
        sets=b.sets.min,
        reps=None if b.reps is None else b.reps.min,
        hold_s=None if b.hold is None else b.hold.min,
        weight=None if w is None else w.min,
        weight_unit=None if w is None else w.unit,
        variant=variant,
    )


def fit(level: Level, b: Bounds, variant: str | None = None) -> Level:
    """``level`` brought within ``b``: parts it lacks from the defaults, parts the
    exercise lacks left out."""
    w = b.weight
    return Level(
        sets=b.sets.clamp(level.sets),
        reps=None if b.reps is None else b.reps.clamp(_or(level.reps, b.reps.default)),
        hold_s=None if b.hold is None else b.hold.clamp(_or(level.hold_s, b.hold.default)),
        weight=None if w is None else _clamp(_or(level.weight, w.default), w.min, w.max),
        weight_unit=None if w is None else w.unit,
        variant=variant,
    )


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def within(level: Level, b: Bounds) -> bool:
    """Whether every part of ``level`` lies in its range of ``b``."""
    w = b.weight
    return (
        b.sets.min <= level.sets <= b.sets.max
        and (b.reps is None or (level.reps is not None and b.reps.min <= level.reps <= b.reps.max))
        and (
            b.hold is None
            or (level.hold_s is not None and b.hold.min <= level.hold_s <= b.hold.max)
        )
        and (w is None or (level.weight is not None and w.min <= level.weight <= w.max))
    )


def step_up(level: Level, b: Bounds) -> tuple[Level, str] | None:
    """One step up and the part it changed ("reps", "sets", "hold", "weight"), or None at
    the top of every range."""
    if b.reps is not None and level.reps is not None and level.reps < b.reps.max:
        return replace(level, reps=min(b.reps.max, level.reps + b.rep_step)), "reps"
    if level.sets < b.sets.max:
        return replace(level, sets=level.sets + 1), "sets"
    if b.hold is not None and level.hold_s is not None and level.hold_s < b.hold.max:
        return replace(level, hold_s=min(b.hold.max, level.hold_s + HOLD_STEP)), "hold"
    w = b.weight
    if w is not None and level.weight is not None and level.weight < w.max:
        return replace(level, weight=min(w.max, level.weight + w.step)), "weight"
    return None


def step_down(level: Level, b: Bounds) -> tuple[Level, str] | None:
    """One step down (weight, hold, sets, then reps) and the part it changed, or None at
    the bottom of every range."""
    w = b.weight
    if w is not None and level.weight is not None and level.weight > w.min:
        return replace(level, weight=max(w.min, level.weight - w.step)), "weight"
    if b.hold is not None and level.hold_s is not None and level.hold_s > b.hold.min:
        return replace(level, hold_s=max(b.hold.min, level.hold_s - HOLD_STEP)), "hold"
    if level.sets > b.sets.min:
        return replace(level, sets=level.sets - 1), "sets"
    if b.reps is not None and level.reps is not None and level.reps > b.reps.min:
        return replace(level, reps=max(b.reps.min, level.reps - b.rep_step)), "reps"
    return None


def heavier(new: Level, old: Level) -> bool:
    """Whether ``new`` asks more than ``old``: back from a variant, or a part raised."""
    if (new.variant is None) != (old.variant is None):
        return new.variant is None
    pairs = ((new.sets, old.sets), (new.reps, old.reps), (new.hold_s, old.hold_s))
    if any(n is not None and o is not None and n > o for n, o in pairs):
        return True
    return (
        new.weight is not None
        and old.weight is not None
        and new.weight_unit == old.weight_unit
        and new.weight > old.weight
    )


def level_words(level: Level, per_side: bool) -> str:
    """The whole dose: "3 sets of 9 reps per side", "2 sets of 60-second holds",
    "3 sets of 12 reps with 8 kg"."""
    if level.reps is not None:
        what = phrases.reps_words(level.reps, per_side)
    elif level.hold_s is not None:
        what = phrases.hold_words(level.hold_s)
    else:
        return phrases.sets_words(level.sets)
    said = f"{phrases.sets_words(level.sets)} of {what}"
    if level.weight is not None and level.weight_unit is not None:
        said += f" with {phrases.weight_words(level.weight, level.weight_unit)}"
    return said


def part_words(level: Level, part: str, per_side: bool) -> str:
    """The one part of a dose a step changed: "9 reps per side", "4 sets"…"""
    if part == "reps" and level.reps is not None:
        return phrases.reps_words(level.reps, per_side)
    if part == "hold" and level.hold_s is not None:
        return phrases.hold_words(level.hold_s)
    if part == "weight" and level.weight is not None and level.weight_unit is not None:
        return phrases.weight_words(level.weight, level.weight_unit)
    return phrases.sets_words(level.sets)


@dataclass(frozen=True)
class Advice:
    """Today's dose of one exercise (by its main id), what changed and why.

    ``light`` is the light of the last session that included the exercise (None: no
    such session, or it had no "after" rating); ``per_side`` says whether its reps count
    per side; ``see_clinician`` whether the reason advises seeing one.
    """

    exercise: str
    level: Level
    change: str  # one of CHANGES
    reason: str
    light: Light | None
    per_side: bool
    see_clinician: bool = False

    def given(self) -> GivenDose:
        """What to store as the dose the session is given."""
        return GivenDose(self.exercise, self.level, self.change == "chosen", self.reason)

    def choice(self, rep_mode: str = "tempo") -> DoseChoice:
        """The dose as the plan takes it (:func:`backcoach.core.plan.build_plan`)."""
        return self.level.choice(rep_mode)

    def as_item(self) -> dict[str, object]:
        """One item of ``backcoach today --json``."""
        lv = self.level
        return {
            "exercise": self.exercise,
            "variant": lv.variant,
            "sets": lv.sets,
            "reps": lv.reps,
            "reps_per_side": self.per_side and lv.reps is not None,
            "hold_s": lv.hold_s,
            "weight": lv.weight,
            "weight_unit": lv.weight_unit,
            "light": self.light,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class _Entry:
    """One session that included an exercise: the dose it used, and how it went."""

    session: PastSession
    level: Level
    chosen: bool
    """The user's own choice: the run at this dose starts here."""
    by_coach: bool
    """The coach's dose (stored, not chosen): not one from before the coach."""
    light: SessionLight | None
    all_done: bool


class Coach:
    """Lights and today's doses over one history (sessions in any order).

    Pure: "today" is always given, and nothing is read but what is passed in.
    ``exercises`` are the loaded ones, variants included (found by :attr:`Exercise.easier`).
    """

    def __init__(self, history: Iterable[PastSession], exercises: Mapping[str, Exercise]) -> None:
        self.sessions = sorted(history, key=lambda s: (s.started_at, s.id))
        self.lights = lights(self.sessions)
        self.exercises = exercises
        self._main_of = {ex.easier: ex.id for ex in exercises.values() if ex.easier}
        self._entries: dict[str, list[_Entry]] = {}
        for s in self.sessions:
            for exercise, entry in self._included(s):
                self._entries.setdefault(exercise, []).append(entry)

    def light(self, session_id: str) -> SessionLight | None:
        """The light of one session (None: it has no "after" rating, or is not known)."""
        return self.lights.get(session_id)

    def _included(self, s: PastSession) -> Iterable[tuple[str, _Entry]]:
        """Each exercise (by main id) ``s`` included, with its entry."""
        given = {g.exercise: g for g in s.given}
        work = {w.exercise: w for w in s.work}
        mains = set(given) | {self._main_of.get(w, w) for w in work}
        for main in sorted(mains):
            g = given.get(main)
            if g is not None:
                level, chosen = g.level, g.chosen
                w = work.get(level.variant or main)
                by_coach = not chosen
            else:
                w = work.get(main) or next(
                    v for k, v in work.items() if self._main_of.get(k, k) == main
                )
                level = _level_of(w, None if w.exercise == main else w.exercise)
                chosen = by_coach = False  # a dose from before the coach
            if w is None:
                all_done, lit = False, None
            else:
                wanted = level.sets * (2 if w.sided else 1) if g is not None else w.done
                all_done = w.missed == 0 and w.done >= wanted and (g is not None or s.completed)
                lit = self.lights.get(s.id)
            yield main, _Entry(s, level, chosen, by_coach, lit, all_done)

    def last_light(self, exercise: str) -> Light | None:
        """The light of the last session that included ``exercise`` (None: unlit or none)."""
        entries = self._entries.get(exercise, [])
        if not entries or entries[-1].light is None:
            return None
        return entries[-1].light.light

    def plan(
        self,
        routine: Routine,
        context: str,
        today: date,
        overrides: Mapping[str, Level] | None = None,
    ) -> tuple[Advice, ...]:
        """Today's dose of each exercise of ``routine`` done in ``context``;
        ``overrides`` are the user's own doses for today, by exercise id."""
        overrides = overrides or {}
        return tuple(
            self.advise(
                item.exercise,
                context,
                today,
                routine_sets=item.sets,
                override=overrides.get(item.exercise),
            )
            for item in routine.items
        )

    def advise(
        self,
        exercise: str,
        context: str,
        today: date,
        *,
        routine_sets: int | None = None,
        override: Level | None = None,
    ) -> Advice:
        """Today's dose of ``exercise`` (a main id) in ``context`` on ``today``.

        ``routine_sets`` is the routine's set count (for a first session); ``override``
        the user's own dose for today, which comes back as it is (brought within range).
        """
        ex = self.exercises[exercise]
        entries = self._entries.get(exercise, [])
        advice = _Advising(self, ex, context, routine_sets, self.last_light(exercise))
        if override is not None:
            return advice.chosen(override)
        if ex.dose.mode == "hold":
            before_run = context == "before-run"
            if before_run:
                return advice.before_run([e for e in entries if e.session.context == "before-run"])
            entries = [e for e in entries if e.session.context != "before-run"]
        return advice.progress(entries, today)


def _level_of(w: Work, variant: str | None) -> Level:
    """The dose a session without a stored one used, from its sets."""
    return Level(
        sets=max(1, w.sets),
        reps=w.reps,
        hold_s=None if w.hold_s is None else round(w.hold_s),
        weight=w.weight,
        weight_unit=w.weight_unit,
        variant=variant,
    )


def _run(entries: list[_Entry]) -> list[_Entry]:
    """The latest entries at the latest dose: back to where it last changed, or where the
    user chose it."""
    start = len(entries) - 1
    while start > 0 and not entries[start].chosen and entries[start - 1].level == entries[-1].level:
        start -= 1
    return entries[start:]


def _last_step_up(entries: list[_Entry]) -> date | None:
    """The day of the latest step the coach took up (a user's choice is not one)."""
    for i in range(len(entries) - 1, 0, -1):
        e = entries[i]
        if e.by_coach and heavier(e.level, entries[i - 1].level):
            return e.session.day
    return None


class _Advising:
    """Working out one exercise's advice (see :meth:`Coach.advise`)."""

    def __init__(
        self,
        coach: Coach,
        exercise: Exercise,
        context: str,
        routine_sets: int | None,
        light: Light | None,
    ) -> None:
        self.coach = coach
        self.ex = exercise
        self.context = context
        self.routine_sets = routine_sets
        self.light = light

    def _target(self, variant: str | None) -> Exercise:
        """The exercise itself, or its variant ``variant`` when that is loaded."""
        found = self.coach.exercises.get(variant) if variant else None
        return found or self.ex

    def _bounds(self, variant: str | None, unit: str | None = None) -> Bounds:
        target = self._target(variant)
        return bounds(target, self.context, unit if unit in KILOGRAMS_PER_UNIT else None)

    def _advice(self, level: Level, change: str, reason: str, clinician: bool = False) -> Advice:
        per_side = self._target(level.variant).per_side
        return Advice(self.ex.id, level, change, reason, self.light, per_side, clinician)

    def _words(self, level: Level) -> str:
        return level_words(level, self._target(level.variant).per_side)

    def _part(self, level: Level, part: str) -> str:
        return part_words(level, part, self._target(level.variant).per_side)

    def _fitted(self, level: Level) -> Level:
        variant = level.variant if self._target(level.variant) is not self.ex else None
        return fit(level, self._bounds(variant, level.weight_unit), variant)

    def chosen(self, override: Level) -> Advice:
        level = self._fitted(override)
        return self._advice(level, "chosen", phrases.coach_chosen(self._words(level)))

    def before_run(self, entries: list[_Entry]) -> Advice:
        """The content's before-run dose (the routine's sets), or the user's latest own."""
        mine = next((e for e in reversed(entries) if not e.by_coach), None)
        if mine is not None:
            level = self._fitted(mine.level)
        else:
            level = start_level(self._bounds(None), self.routine_sets)
        hold = self.ex.dose.hold["before-run"]
        reason = phrases.coach_before_run(hold.text(), self._words(level))
        return self._advice(level, "before-run", reason)

    def progress(self, entries: list[_Entry], today: date) -> Advice:
        if not entries:
            level = start_level(self._bounds(None), self.routine_sets)
            return self._advice(level, "start", phrases.coach_start(self._words(level)))
        current = self._fitted(entries[-1].level)
        lit = [e for e in _run(entries) if e.light is not None]
        if not lit:
            return self._advice(current, "same", phrases.coach_unrated(self._words(current)))
        last = lit[-1]
        assert last.light is not None
        if last.light.light == "red":
            earlier = [e for e in entries[: entries.index(last)] if e.light is not None]
            again = bool(earlier) and _is_red(earlier[-1])
            return self._red(current, phrases.red_cause(last.light.cause), again)
        if last.light.light == "amber":
            return self._advice(current, "same", phrases.coach_amber(self._words(current)))
        words = self._words(current)
        if not last.all_done:
            return self._advice(current, "same", phrases.coach_not_all_done(words))
        if len(lit) < 2 or not _green_and_done(lit[-2]):
            return self._advice(current, "same", phrases.coach_one_green(words))
        last_up = _last_step_up(entries)
        if last_up is not None and (today - last_up).days < STEP_UP_DAYS:
            next_day = phrases.day_words(last_up + timedelta(STEP_UP_DAYS))
            return self._advice(current, "same", phrases.coach_week(next_day, words))
        if current.variant is not None:
            level = minimum(self._bounds(None, current.weight_unit))
            variant = self._target(current.variant).name
            reason = phrases.coach_back(variant, self.ex.name, self._words(level))
            return self._advice(level, "back", reason)
        b = self._bounds(None, current.weight_unit)
        up = step_up(current, b)
        if up is None:
            return self._advice(current, "same", phrases.coach_top(words))
        level, part = up
        return self._advice(level, "up", phrases.coach_up(self._part(level, part)))

    def _red(self, current: Level, cause: str, again: bool) -> Advice:
        b = self._bounds(current.variant, current.weight_unit)
        lowest = minimum(b, current.variant)
        if current == lowest:
            easier = self.coach.exercises.get(self.ex.easier) if self.ex.easier else None
            if current.variant is None and easier is not None:
                level = minimum(bounds(easier, self.context), easier.id)
                reason = phrases.coach_easier(cause, easier.name, self._words(level))
                return self._advice(level, "easier", reason)
            reason = phrases.coach_still_sore(cause, self._words(current))
            return self._advice(current, "same", reason, clinician=True)
        if again:
            reason = phrases.coach_minimum(cause, self._words(lowest))
            return self._advice(lowest, "minimum", reason, clinician=True)
        down = step_down(current, b)
        assert down is not None  # not at the minimum
        level, part = down
        return self._advice(level, "down", phrases.coach_down(cause, self._part(level, part)))


def _is_red(e: _Entry) -> bool:
    return e.light is not None and e.light.light == "red"


def _green_and_done(e: _Entry) -> bool:
    return e.light is not None and e.light.light == "green" and e.all_done
