"""Chart points held as columns, and gathering at the ends of the calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot

from backcoach.ui.charts import Columns, Series, TimeChart, gather

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MONDAY = date(2025, 3, 3)


def test_columns_read_as_the_points_they_hold() -> None:
    days = [MONDAY + timedelta(n) for n in range(4)]
    values: list[float | None] = [1.0, None, 3.0, 4.0]
    points = Columns(days, values)
    assert len(points) == 4
    assert list(points) == list(zip(days, values, strict=True))
    assert points[1] == (days[1], None) and points[-1] == (days[3], 4.0)
    assert list(points[1:3]) == [(days[1], None), (days[2], 3.0)]
    with pytest.raises(ValueError):
        Columns(days, values[:2])


def test_a_chart_of_columns_draws_as_one_of_tuples(qtbot: QtBot) -> None:
    days = [MONDAY + timedelta(n) for n in range(3650)]
    values = [float(n % 17) for n in range(3650)]
    charts = []
    for points in (Columns(days, values), list(zip(days, values, strict=True))):
        chart = TimeChart("Sets", "Sets")
        qtbot.addWidget(chart)
        chart.set_series([Series("Sets", points, "bar", "sum")], base="week")
        charts.append(chart)
    tuples, columns = charts
    assert columns.bucket() == tuples.bucket() == "month"
    assert columns.span() == tuples.span()
    assert columns.y_tick_labels() == tuples.y_tick_labels()
    assert columns.toolTip() == tuples.toolTip()


def test_points_at_the_ends_of_the_calendar_are_gathered() -> None:
    points: list[tuple[date, float | None]] = [
        (date.min, 1.0),
        (date.max - timedelta(3), 2.0),
        (date.max, 3.0),
    ]
    assert gather(points, "day", "sum") == points
    assert gather(points, "week", "sum") == [(date.min, 1.0), (date(9999, 12, 27), 5.0)]
    assert gather(points, "month", "max") == [(date.min, 1.0), (date(9999, 12, 1), 3.0)]
