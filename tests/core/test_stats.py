"""Streaks of days in a row and weekly totals, from days alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backcoach.core.stats import DayTotal, Streaks, WeekTotal, streaks, weekly_totals

MON = date(2024, 5, 6)


def days(*offsets: int) -> list[date]:
    return [MON + timedelta(n) for n in offsets]


def test_no_days_is_no_streak() -> None:
    assert streaks([], MON) == Streaks(0, 0, None)


@pytest.mark.parametrize(
    ("today", "current"),
    [
        (2, 3),  # the run ends today
        (3, 3),  # today has no set yet: yesterday's run still counts
        (4, 0),  # a day was missed
        (1, 0),  # the last day is after today (a clock set back)
    ],
)
def test_the_current_streak_runs_up_to_today_or_yesterday(today: int, current: int) -> None:
    found = streaks(days(0, 1, 2), MON + timedelta(today))
    assert found.current == current
    assert found.last_day == MON + timedelta(2)


def test_the_best_streak_survives_a_gap_in_any_order_and_with_repeats() -> None:
    found = streaks(days(10, 6, 0, 1, 2, 3, 5, 1, 3), MON + timedelta(10))
    assert (found.current, found.best, found.last_day) == (1, 4, MON + timedelta(10))


def test_weekly_totals_sum_each_week_from_monday_and_fill_empty_weeks() -> None:
    totals = [
        DayTotal(MON, 2, 3, 10.0),
        DayTotal(MON + timedelta(6), 1, 2, 5.5),  # Sunday: still the first week
        DayTotal(MON + timedelta(15), 1, 8, 20.0),
    ]
    assert weekly_totals(totals) == [
        WeekTotal(MON, 3, 5, 15.5),
        WeekTotal(MON + timedelta(7), 0, 0, 0.0),
        WeekTotal(MON + timedelta(14), 1, 8, 20.0),
    ]


def test_no_days_is_no_weeks() -> None:
    assert weekly_totals([]) == []


def test_a_streak_runs_on_over_the_end_of_a_month_and_a_year() -> None:
    eve = date(2024, 12, 31)
    found = streaks(
        [eve - timedelta(1), eve, eve + timedelta(1), date(2024, 2, 29)], eve + timedelta(2)
    )
    assert (found.current, found.best, found.last_day) == (3, 3, eve + timedelta(1))
    assert streaks([date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)], date(2024, 3, 2)) == (
        Streaks(3, 3, date(2024, 3, 1))
    )
