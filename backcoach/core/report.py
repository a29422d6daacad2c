"""What a session did, exercise by exercise, set by set and side by side: the summary's words.

Every side of every planned set is listed, in plan order, as done ("60 s", "8 reps"),
cut short ("20 of 60 s", "5 of 8 reps"), skipped, or not reached (the session ended
before it). Both front ends (the summary page and the terminal's end report) show it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backcoach.core.phases import SetKey
from backcoach.core.plan import Plan
from backcoach.core.records import SetRecord
from backcoach.core.text import plural

SKIPPED = "skipped"
NOT_REACHED = "not reached"
SET_SEPARATOR = " · "
"""Between the sets of an exercise in :meth:`ExerciseDone.text`."""


def amount_text(record: SetRecord) -> str:
    """What a record did: "60 s", "20 of 60 s", "8 reps", "5 of 8 reps" or "skipped"."""
    if record.skipped:
        return SKIPPED
    if record.reps is not None:
        if record.cut_short and record.planned_reps is not None:
            return f"{record.reps} of {plural(record.planned_reps, 'rep')}"
        return plural(record.reps, "rep")
    held = f"{round(record.seconds or 0)}"
    if record.cut_short and record.planned_seconds is not None:
        return f"{held} of {round(record.planned_seconds)} s"
    return f"{held} s"


@dataclass(frozen=True)
class SideDone:
    """One side of a set (``side`` "both" for a set of both sides), and its record if any."""

    side: str
    record: SetRecord | None

    @property
    def state(self) -> str:
        """ "done", "short" (cut short), "skipped" or "not reached"."""
        if self.record is None:
            return NOT_REACHED
        if self.record.skipped:
            return SKIPPED
        return "short" if self.record.cut_short else "done"

    @property
    def text(self) -> str:
        """ "60 s", "20 of 60 s", "skipped", "not reached"."""
        return NOT_REACHED if self.record is None else amount_text(self.record)


@dataclass(frozen=True)
class SetDone:
    """One set of an exercise, each of its sides in plan order."""

    number: int
    sides: tuple[SideDone, ...]

    @property
    def done(self) -> bool:
        return any(s.state in ("done", "short") for s in self.sides)

    @property
    def records(self) -> tuple[SetRecord, ...]:
        return tuple(s.record for s in self.sides if s.record is not None)

    def text(self, weights: bool = False) -> str:
        """ "set 1: left 60 s, right skipped", "set 2: 8 reps", "set 3 skipped" (every side
        skipped), "set 3 not reached"; ``weights`` adds each side's weight ("× 8 kg")."""
        states = {s.state for s in self.sides}
        if len(states) == 1 and states <= {SKIPPED, NOT_REACHED}:
            return f"set {self.number} {states.pop()}"
        parts = []
        for s in self.sides:
            part = s.text if s.side == "both" else f"{s.side} {s.text}"
            r = s.record
            if weights and r is not None and not r.skipped and r.weight is not None:
                part += f" × {r.weight:g} {r.weight_unit or ''}".rstrip()
            parts.append(part)
        return f"set {self.number}: {', '.join(parts)}"


@dataclass(frozen=True)
class ExerciseDone:
    """One exercise of the session: its sets as planned (and any other recorded)."""

    exercise: str
    sets: tuple[SetDone, ...]

    @property
    def planned(self) -> int:
        return len(self.sets)

    @property
    def done(self) -> int:
        """The sets with any side done."""
        return sum(s.done for s in self.sets)

    @property
    def complete(self) -> bool:
        """Every side of every set done in full."""
        return all(side.state == "done" for s in self.sets for side in s.sides)

    @property
    def reached(self) -> bool:
        return any(s.records for s in self.sets)

    @property
    def count_text(self) -> str:
        """ "2 sets" when every set was done, else "1 of 2 sets"."""
        if self.done == self.planned:
            return plural(self.planned, "set")
        return f"{self.done} of {plural(self.planned, 'set')}"

    def text(self, weights: bool = False) -> str:
        """Every set's :meth:`SetDone.text`, joined by :data:`SET_SEPARATOR`; "not reached" when the
        session ended before any of it."""
        if not self.reached:
            return NOT_REACHED
        return SET_SEPARATOR.join(s.text(weights) for s in self.sets)


def report(records: Iterable[SetRecord], plan: Plan) -> list[ExerciseDone]:
    """Each exercise of ``plan`` in order, each planned side of each set with its record
    (a record of work the plan does not hold is listed too, after the planned sets)."""
    by_key: dict[SetKey, SetRecord] = {}
    for r in records:
        by_key.setdefault(r.key, r)
    keys = [p.key for p in plan.work_phases]
    keys += [k for k in by_key if k not in set(keys)]
    exercises: dict[str, dict[int, list[SetKey]]] = {}
    for key in dict.fromkeys(keys):
        exercises.setdefault(key[0], {}).setdefault(key[2], []).append(key)
    return [
        ExerciseDone(
            exercise,
            tuple(
                SetDone(number, tuple(SideDone(k[1], by_key.get(k)) for k in sides))
                for number, sides in sorted(sets.items())
            ),
        )
        for exercise, sets in exercises.items()
    ]
