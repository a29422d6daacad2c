"""The coach over stored history, for both front ends and ``backcoach today`` (no Qt).

Reading everything would take long on years of history, so the coach reads the
:data:`KEEP` latest sessions of each exercise and the :data:`WEEKS_BEFORE` weeks before
them (what the lights' week-to-week rule compares): every decision looks only a few
sessions back.

- :func:`read_coach`: a :class:`~backcoach.core.coach.Coach` over that history;
- :func:`usual_context` and :func:`routine_for`: what today's card and ``today`` default to;
- :func:`overrides`: the set-up page's choices that differ from the coach's doses;
- :func:`variants`: the easier variants a session runs in place of their exercises;
- :func:`today`: what to do now, in the shape ``backcoach today --json`` prints.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from backcoach.content.model import CONTEXTS, Content
from backcoach.core.coach import Advice, Coach, GivenDose, Level

if TYPE_CHECKING:
    from backcoach.core.plan import DoseChoice
    from backcoach.settings import Settings

KEEP = 30
"""The latest sessions of each exercise the coach reads."""
WEEKS_BEFORE = 2
"""Weeks read before them, for the lights' week-to-week rule."""

ROUTINE_OF_CONTEXT: dict[str, str] = {
    "before-run": "before-run",
    "after-run": "after-run",
    "day-off": "strength-day",
}
"""The routine for each context, unless the user picked another (``Settings.context_routines``)."""
DEFAULT_CONTEXT = "after-run"
"""The context when history has none at this hour."""


def read_coach(conn: sqlite3.Connection | None, content: Content) -> Coach:
    """The coach over the history ``conn`` reads (None: no history yet)."""

    if conn is None:
        return Coach((), content.exercises)
    return coach_over(conn, content, coach_since(conn, content))


def coach_over(conn: sqlite3.Connection, content: Content, since: date | None) -> Coach:
    """The coach over the history ``conn`` reads from the day ``since`` on
    (:func:`coach_since`)."""
    from backcoach.storage import queries

    return Coach(queries.coach_history(conn, since), content.exercises)


def coach_since(conn: sqlite3.Connection, content: Content) -> date | None:
    """The first day of the history the coach reads (None: no session yet)."""
    from backcoach.storage import queries

    first = queries.coach_start(conn, sorted(content.exercises), KEEP)
    return None if first is None else first - timedelta(weeks=WEEKS_BEFORE)


def usual_context(conn: sqlite3.Connection | None, hour: int, settings: Settings) -> str:
    """The context most often chosen within an hour of ``hour`` o'clock; else the last one
    chosen, else :data:`DEFAULT_CONTEXT`."""
    from backcoach.storage import queries

    counts = queries.context_counts(conn, hour) if conn is not None else {}
    known = {c: n for c, n in counts.items() if c in CONTEXTS}
    if known:
        return max(CONTEXTS, key=lambda c: known.get(c, 0))
    return settings.last_context if settings.last_context in CONTEXTS else DEFAULT_CONTEXT


def routine_for(context: str, settings: Settings, content: Content) -> str:
    """The routine for ``context``: the user's pick for it, else :data:`ROUTINE_OF_CONTEXT`'s,
    else the first routine that defaults to it."""
    picked = settings.context_routines.get(context)
    if isinstance(picked, str) and picked in content.routines:
        return picked
    usual = ROUTINE_OF_CONTEXT.get(context, "")
    if usual in content.routines:
        return usual
    same = [r.id for r in content.routines.values() if r.default_context == context]
    return (same or sorted(content.routines))[0]


def chosen_level(choice: DoseChoice, coach_level: Level) -> Level:
    """The dose ``choice`` asks for, its unset parts the coach's."""
    lv = coach_level
    return Level(
        sets=lv.sets if choice.sets is None else choice.sets,
        reps=lv.reps if choice.reps is None else choice.reps,
        hold_s=lv.hold_s if choice.hold_seconds is None else choice.hold_seconds,
        weight=lv.weight if choice.weight is None else choice.weight,
        weight_unit=lv.weight_unit if choice.weight_unit is None else choice.weight_unit,
        variant=lv.variant,
    )


def overrides(
    advice: Sequence[Advice], choices: Mapping[str, DoseChoice] | None
) -> dict[str, Level]:
    """The user's own doses: each of ``choices`` (by exercise id) whose dose differs from
    the coach's ``advice`` (a choice the coach already gave is not one)."""
    found = {}
    for a in advice:
        choice = (choices or {}).get(a.exercise)
        if choice is not None and a.change != "chosen":
            level = chosen_level(choice, a.level)
            if level != a.level:
                found[a.exercise] = level
    return found


def variants(doses: Iterable[GivenDose]) -> dict[str, str]:
    """The easier variant each of ``doses`` runs in place of its exercise, by the
    exercise's id (those given the exercise itself are left out)."""
    return {d.exercise: d.level.variant for d in doses if d.level.variant}


@dataclass(frozen=True)
class Today:
    """What to do now: a routine in a context, today's advice, and whether a session was
    already done today."""

    day: date
    routine: str
    context: str
    done_today: bool
    advice: tuple[Advice, ...]

    def as_json(self) -> dict[str, object]:
        """The object ``backcoach today --json`` prints."""
        return {
            "date": self.day.isoformat(),
            "routine": self.routine,
            "context": self.context,
            "done_today": self.done_today,
            "items": [a.as_item() for a in self.advice],
        }


def today(
    conn: sqlite3.Connection | None,
    content: Content,
    settings: Settings,
    now: float,
    context: str | None = None,
    coach: Coach | None = None,
) -> Today:
    """What to do at ``now`` (UNIX time) in ``context`` (None: :func:`usual_context`), by
    ``coach`` (None: :func:`read_coach`)."""
    from backcoach.storage import queries

    moment = datetime.fromtimestamp(now)
    day = moment.date()
    context = context or usual_context(conn, moment.hour, settings)
    routine = routine_for(context, settings, content)
    coach = coach or read_coach(conn, content)
    advice = coach.plan(content.routines[routine], context, day)
    start = datetime(day.year, day.month, day.day).timestamp()
    done = conn is not None and queries.latest_session(conn, start, now) is not None
    return Today(day, routine, context, done, advice)
