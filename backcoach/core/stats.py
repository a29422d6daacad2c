"""Totals per day and week, and streaks of days in a row: pure arithmetic on days."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple


class DayTotal(NamedTuple):
    """One day with any session: how many sessions, sets and minutes."""

    day: date
    sessions: int
    sets: int
    minutes: float


class WeekTotal(NamedTuple):
    """One week's sessions, sets and minutes."""

    week_start: date  # a Monday
    sessions: int
    sets: int
    minutes: float


@dataclass(frozen=True)
class Streaks:
    """Days in a row with at least one set."""

    current: int  # days in a row up to today (or yesterday, if today has no set yet)
    best: int
    last_day: date | None


def streaks(days: Iterable[date], today: date) -> Streaks:
    """The streaks in ``days`` (the days with a set, in any order) as seen on ``today``."""
    ordered = sorted({d.toordinal() for d in days})  # day numbers: quick on ten years
    if not ordered:
        return Streaks(0, 0, None)
    best = run = 1
    for prev, cur in itertools.pairwise(ordered):
        run = run + 1 if cur == prev + 1 else 1
        if run > best:
            best = run
    last = ordered[-1]
    current = run if last <= today.toordinal() <= last + 1 else 0
    return Streaks(current, best, date.fromordinal(last))


def weekly_totals(days: Iterable[DayTotal]) -> list[WeekTotal]:
    """``days`` summed per week (Monday first), empty weeks between filled in, oldest first."""
    totals: dict[date, list[float]] = {}
    for d in days:
        t = totals.setdefault(d.day - timedelta(days=d.day.weekday()), [0, 0, 0.0])
        t[0] += d.sessions
        t[1] += d.sets
        t[2] += d.minutes
    if not totals:
        return []
    week, last = min(totals), max(totals)
    result = []
    while week <= last:
        n, sets, minutes = totals.get(week, (0, 0, 0.0))
        result.append(WeekTotal(week, int(n), int(sets), minutes))
        week += timedelta(days=7)
    return result
