"""What a session records of each side of each set (done, or skipped), and the counts of them.

A record is *done* when any of its work was done, in full or cut short (a hold held
for a while, some guided reps); it is *skipped* when the user moved past it, or ended
the session in it, with nothing done. A skipped record holds 0 done (``reps`` 0 for
counted reps, ``seconds`` 0) and what was planned, so history can tell a full session
from a partial one. Sets are counted as everywhere in backcoach: a set number of an
exercise, both sides together, done when any side of it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backcoach.core.phases import SetKey
from backcoach.core.text import plural

SHORT_BY = 0.5
"""Seconds a hold may fall short of its plan and still count as held in full (as shown,
rounded to the second)."""


@dataclass(frozen=True)
class SetRecord:
    """One side of one set (or a set of both sides) as done, or as skipped."""

    exercise: str
    side: str  # "left", "right" or "both"
    set_number: int
    reps: int | None
    seconds: float | None  # seconds held (hold mode) or worked (rep mode)
    weight: float | None
    weight_unit: str | None
    started_at: float  # wall-clock UNIX time
    ended_at: float
    skipped: bool = False
    """Nothing of it was done: the user skipped it, or ended the session in it."""
    planned_reps: int | None = None
    """The reps planned (guided or own-pace sets); None for a hold, or when not known."""
    planned_seconds: float | None = None
    """The seconds planned (holds); None for reps, or when not known."""

    @property
    def key(self) -> SetKey:
        return (self.exercise, self.side, self.set_number)

    @property
    def cut_short(self) -> bool:
        """Done, but less than planned (skipped or ended part of the way through)."""
        return not self.skipped and falls_short(
            self.reps, self.seconds, self.planned_reps, self.planned_seconds
        )


def falls_short(
    reps: int | None, seconds: float | None, planned_reps: int | None, planned_seconds: float | None
) -> bool:
    """Whether work done (``reps``, else ``seconds`` held) is less than planned; False when
    the plan is not known."""
    if reps is not None:
        return planned_reps is not None and reps < planned_reps
    return (
        planned_seconds is not None and seconds is not None and seconds + SHORT_BY < planned_seconds
    )


@dataclass(frozen=True)
class Tally:
    """How much of a session's work was done, skipped or cut short.

    ``sets_done`` counts the sets with any side done; ``sets_skipped`` the sets with a
    side skipped and none done; ``sides_skipped`` the sides skipped of sets otherwise
    done; ``cut_short`` the records done in part.
    """

    sets_done: int
    sets_skipped: int
    sides_skipped: int
    cut_short: int

    @property
    def anything_skipped(self) -> bool:
        return bool(self.sets_skipped or self.sides_skipped or self.cut_short)


def tally(records: Iterable[SetRecord]) -> Tally:
    """Count ``records`` (see :class:`Tally`)."""
    done: set[tuple[str, int]] = set()
    skipped: list[tuple[str, int]] = []
    short = 0
    for r in records:
        if r.skipped:
            skipped.append((r.exercise, r.set_number))
        else:
            done.add((r.exercise, r.set_number))
            short += r.cut_short
    return Tally(
        sets_done=len(done),
        sets_skipped=len({s for s in skipped if s not in done}),
        sides_skipped=sum(s in done for s in skipped),
        cut_short=short,
    )


def sets_done(records: Iterable[SetRecord]) -> int:
    """The sets with any side done (a set number of an exercise, both sides together)."""
    return len({(r.exercise, r.set_number) for r in records if not r.skipped})


def skipped_words(t: Tally) -> str:
    """What was skipped, in a few words ("" when nothing): "1 set and 2 sides skipped",
    "1 cut short"."""
    parts = [
        plural(n, noun) for n, noun in ((t.sets_skipped, "set"), (t.sides_skipped, "side")) if n
    ]
    said = " and ".join(parts) + " skipped" if parts else ""
    if t.cut_short:
        said += ("; " if said else "") + f"{t.cut_short} cut short"
    return said
