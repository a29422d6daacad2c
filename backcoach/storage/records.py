"""What history holds and hands back: sessions, sets, pain check-ins and their summaries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from backcoach.core.coach import GivenDose
from backcoach.core.phases import SetKey
from backcoach.core.records import falls_short

STATUSES: tuple[str, ...] = ("open", "completed", "ended-early", "partial")
MOMENTS: tuple[str, ...] = ("before", "after", "morning")
"""When a pain rating was given: before or after the session, or the next morning."""
SIDES: tuple[str, ...] = ("left", "right", "both")


@dataclass(frozen=True)
class StoredSet:
    """One side of a set as stored, with its own id: done, or skipped (0 done; see
    :class:`backcoach.core.records.SetRecord`). History holds at most one record of each
    side of each set of a session: a done one replaces a skipped one."""

    id: str
    exercise: str
    side: str
    set_number: int
    reps: int | None
    seconds: float | None
    weight: float | None
    weight_unit: str | None
    started_at: float
    ended_at: float
    day: date  # local day the set started
    skipped: bool = False
    planned_reps: int | None = None  # None: a hold, or not known (stored before version 5)
    planned_seconds: float | None = None

    @property
    def key(self) -> SetKey:
        return (self.exercise, self.side, self.set_number)

    @property
    def cut_short(self) -> bool:
        """Done, but less than planned (False when the plan is not known)."""
        return not self.skipped and falls_short(
            self.reps, self.seconds, self.planned_reps, self.planned_seconds
        )


def settled(sets: Iterable[StoredSet]) -> tuple[StoredSet, ...]:
    """``sets`` as history keeps them: a skipped set is left out when its side of its set
    is also done, or was skipped before (in ``sets``' order)."""
    sets = tuple(sets)
    done = {s.key for s in sets if not s.skipped}
    seen: set[SetKey] = set()
    kept = []
    for s in sets:
        if s.skipped:
            if s.key in done or s.key in seen:
                continue
            seen.add(s.key)
        kept.append(s)
    return tuple(kept)


@dataclass(frozen=True)
class PainCheckIn:
    """A pain rating (and note) given before or after a session, or the next morning."""

    moment: str  # one of MOMENTS
    rating: int | None  # 0–10; None when only a note was given
    note: str
    recorded_at: float


@dataclass(frozen=True)
class SessionRecord:
    """One session with everything recorded in it (detail view, export, import)."""

    id: str
    routine: str
    context: str
    plan_summary: str
    notes: str
    started_at: float
    ended_at: float | None
    status: str
    day: date
    sets: tuple[StoredSet, ...] = ()
    pain: tuple[PainCheckIn, ...] = ()
    doses: tuple[GivenDose, ...] = ()
    """The dose given of each exercise (the coach's, or the user's own); none before the coach."""

    def rating(self, moment: str) -> int | None:
        return next((p.rating for p in self.pain if p.moment == moment), None)

    @property
    def set_count(self) -> int:
        """Sets done, as everywhere in backcoach: a set number of an exercise, both sides,
        with any side done (a set skipped does not count)."""
        return len({(s.exercise, s.set_number) for s in self.sets if not s.skipped})

    @property
    def skipped_count(self) -> int:
        """Sides of sets skipped (a set of both sides counts once)."""
        return sum(s.skipped for s in self.sets)


@dataclass(frozen=True)
class SessionSummary:
    """One row of the session list."""

    id: str
    routine: str
    context: str
    status: str
    day: date
    started_at: float
    ended_at: float | None
    set_count: int  # a set number of an exercise, both sides together, with a side done
    minutes: float  # start to end (or to the last set when it never ended)
    pain_before: int | None
    pain_after: int | None


@dataclass(frozen=True)
class InterruptedSession:
    """A session that started and never finished; ``done`` lists its sets done (a side
    skipped is not in it: resuming offers it again)."""

    summary: SessionSummary
    done: frozenset[SetKey]


class PainPoint(NamedTuple):
    """One session's pain ratings, for the pain chart."""

    session_id: str
    day: date
    started_at: float
    before: int | None
    after: int | None


class ProgressPoint(NamedTuple):
    """One session's work on one exercise; weights in the unit asked for."""

    session_id: str
    day: date
    started_at: float
    sets: int
    total_reps: int | None
    max_reps: int | None
    total_seconds: float | None
    max_seconds: float | None
    max_weight: float | None
    volume: float | None  # sum of weight × reps


@dataclass(frozen=True)
class ImportCounts:
    """What an import added, and how many of its sessions were already here."""

    sessions_added: int
    sessions_known: int
    sets_added: int
    checkins_added: int


_WHAT = {
    "sessions": "session",
    "sets": "set",
    "pain_checkins": "pain check-in of session",
    "session_doses": "dose",
}


@dataclass(frozen=True)
class UnreadableRow:
    """A row of the history file with a value that cannot be used (changed on the disk,
    or salvaged from a damaged page): the views and JSON exports leave it out."""

    table: str
    key: tuple[object, ...]
    """Its key: ``(id,)`` (a row id for a dose), or ``(session id, moment)`` for a pain
    check-in."""
    values: tuple[str, ...]
    """What cannot be used, in words ("day", "side"…)."""

    def __str__(self) -> str:
        """For example "set 2041: side, reps"."""
        what = f"{_WHAT[self.table]} {self.key[0]}"
        if self.table == "pain_checkins" and self.key[1] in MOMENTS:
            what += f" ({self.key[1]})"
        return f"{what}: {', '.join(self.values)}"
