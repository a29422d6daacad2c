"""Charts: bucketing and ticks (pure), and what a chart draws at 0, 1 and thousands of points."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from backcoach.ui.charts import (
    MAX_POINTS,
    Series,
    TimeChart,
    choose_bucket,
    date_ticks,
    gather,
    nice_ticks,
)
from backcoach.ui.theme import accent

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MONDAY = date(2025, 3, 3)


def test_nice_ticks_run_from_zero_past_the_top_in_round_steps() -> None:
    assert nice_ticks(10) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(437) == [0, 100, 200, 300, 400, 500]
    assert nice_ticks(0.3) == pytest.approx([0, 0.1, 0.2, 0.3])
    assert nice_ticks(0) == [0, 1]


def test_gather_sums_averages_or_takes_the_best_per_week_and_month() -> None:
    points: list[tuple[date, float | None]] = [
        (MONDAY, 2),
        (MONDAY + timedelta(days=6), 4),
        (MONDAY + timedelta(days=7), None),
        (MONDAY + timedelta(days=8), 9),
    ]
    assert gather(points, "week", "sum") == [(MONDAY, 6), (MONDAY + timedelta(7), 9)]
    assert gather(points, "week", "mean") == [(MONDAY, 3), (MONDAY + timedelta(7), 9)]
    assert gather(points, "month", "max") == [(date(2025, 3, 1), 9)]
    assert gather(points, "session", "max") == [p for p in points if p[1] is not None]


def test_the_bucket_grows_only_when_points_do_not_fit() -> None:
    few = [(MONDAY + timedelta(days=i), 1.0) for i in range(MAX_POINTS)]
    many = [(MONDAY + timedelta(days=i), 1.0) for i in range(400)]
    years = [(MONDAY + timedelta(days=i), 1.0) for i in range(3650)]
    assert choose_bucket(few, "session") == "session"
    assert choose_bucket(many, "session") == "week"
    assert choose_bucket(years, "session") == "month"
    assert choose_bucket(few, "week") == "week"


@pytest.mark.parametrize(
    ("days", "expected"),
    [(6, "4 Mar"), (60, "17 Mar"), (400, "Jan 2026"), (3650, "2026")],
)
def test_date_ticks_pick_round_dates_for_the_span(days: int, expected: str) -> None:
    ticks = date_ticks(MONDAY, MONDAY + timedelta(days=days))
    labels = [label for _, label in ticks]
    assert expected in labels
    assert 2 <= len(ticks) <= 8
    assert all(MONDAY <= d <= MONDAY + timedelta(days=days) for d, _ in ticks)


def shown(qtbot: QtBot, chart: TimeChart) -> QImage:
    qtbot.addWidget(chart)
    chart.resize(560, 260)
    chart.show()
    qtbot.waitExposed(chart)
    return chart.grab().toImage()


def count_colour(image: QImage, colour: QColor, tolerance: int = 40) -> int:
    found = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - colour.red())
                + abs(c.green() - colour.green())
                + abs(c.blue() - colour.blue())
                < tolerance
            ):
                found += 1
    return found


def distinct_colours(image: QImage) -> int:
    return len(
        {image.pixel(x, y) for y in range(0, image.height(), 3) for x in range(0, image.width(), 3)}
    )


def daily(n: int, value: float = 5.0) -> list[tuple[date, float | None]]:
    return [(MONDAY + timedelta(days=i), value + i % 3) for i in range(n)]


def test_an_empty_chart_keeps_its_labelled_axes_and_says_why_it_is_empty(qtbot: QtBot) -> None:
    chart = TimeChart("Pain", "Pain (0–10)", y_max=10, empty_text="Rate your back to see this.")
    chart.set_series([Series("Before", []), Series("After", [])])
    image = shown(qtbot, chart)
    assert chart.is_empty() and chart.point_count() == 0
    assert chart.x_title() == "Date" and chart.y_title() == "Pain (0–10)"
    assert chart.y_tick_labels() == ["0", "2", "4", "6", "8", "10"]
    assert chart.x_tick_labels() == []
    assert "Rate your back" in chart.toolTip()
    assert distinct_colours(image) > 3  # frame, text and axes are drawn
    assert count_colour(image, accent(chart.palette())) == 0  # no data drawn


def test_one_session_is_drawn_with_date_ticks_around_it(qtbot: QtBot) -> None:
    chart = TimeChart("Pain", "Pain (0–10)", y_max=10)
    chart.set_series([Series("After", [(MONDAY, 3.0)])])
    image = shown(qtbot, chart)
    assert not chart.is_empty() and chart.point_count() == 1
    assert chart.bucket() == "session" and chart.x_title() == "Date"
    assert chart.x_tick_labels()
    assert count_colour(image, accent(chart.palette())) > 0


def test_one_week_of_data_is_one_normal_width_bar_with_weekly_ticks(qtbot: QtBot) -> None:
    chart = TimeChart("Sets", "Sets")
    chart.set_series([Series("Sets", daily(3, 15), "bar", combine="sum")], base="week")
    image = shown(qtbot, chart)
    span = chart.span()
    assert span is not None and (span[1] - span[0]).days >= 8 * 7
    assert span[0].weekday() == 0 and span[0] < MONDAY
    ticks = chart.x_tick_labels()
    assert 2 <= len(ticks) <= 5 and "3 Mar" in ticks  # Mondays, not every day
    bar = accent_run(image, chart.palette())
    assert 0 < bar < chart.width() / 8


def accent_run(image: QImage, palette: QPalette) -> int:
    """The widest run of accent-coloured pixels on any row of ``image``."""
    colour = accent(palette)
    widest = 0
    for y in range(0, image.height(), 4):
        run = 0
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            close = (
                abs(c.red() - colour.red())
                + abs(c.green() - colour.green())
                + abs(c.blue() - colour.blue())
                < 30
            )
            run = run + 1 if close else 0
            widest = max(widest, run)
    return widest


def test_lines_that_meet_differ_in_marker_and_style_and_the_lower_one_is_on_top(
    qtbot: QtBot,
) -> None:
    chart = TimeChart("Dead bug", "Reps")
    best = [(MONDAY + timedelta(days=i), 10.0) for i in range(6)]
    total = [(MONDAY + timedelta(days=i), 30.0) for i in range(6)]
    chart.set_series(
        [
            Series("Best reps", best, combine="max"),
            Series("Total reps", total, combine="max", colour="second"),
        ]
    )
    shown(qtbot, chart)
    looks = chart.line_looks()
    assert looks["Best reps"][0] != looks["Total reps"][0]
    assert looks["Best reps"][1] != looks["Total reps"][1]
    assert chart.y_title() == "Reps" and chart.x_title() == "Date"
    chart.set_series(
        [
            Series("Best reps", [(d, 10.0 if d == MONDAY else 2.0) for d, _ in best]),
            Series("Total reps", total, combine="max", colour="second"),
        ]
    )
    assert chart.paint_order() == ["Total reps", "Best reps"]
    chart.set_series(
        [
            Series("Best reps", best, combine="max"),
            Series(
                "Total reps",
                [(d, 30.0 if d == MONDAY else 3.0) for d, _ in total],
                colour="second",
            ),
        ]
    )
    assert chart.paint_order() == ["Best reps", "Total reps"]


def test_thousands_of_sessions_are_gathered_by_month_and_drawn(qtbot: QtBot) -> None:
    chart = TimeChart("Sets and minutes", "Count")
    sets, minutes = daily(3650, 15), daily(3650, 20)
    chart.set_series(
        [
            Series("Sets", sets, "bar", "sum"),
            Series("Minutes", minutes, "line", "sum", "second"),
        ],
        base="week",
    )
    image = shown(qtbot, chart)
    assert chart.bucket() == "month"
    assert chart.point_count() <= 2 * (MAX_POINTS + 2)
    assert chart.x_title() == "Date (total per month)"
    most = max(v for _, v in gather(minutes, "month", "sum"))
    top = float(chart.y_tick_labels()[-1])
    assert chart.y_tick_labels()[0] == "0" and most <= top < 2 * most  # one axis fits both
    assert set(chart.x_tick_labels()) <= {str(y) for y in range(2025, 2036)}
    assert count_colour(image, accent(chart.palette())) > 200


def test_the_axis_title_can_be_renamed(qtbot: QtBot) -> None:
    chart = TimeChart("Progress", "Top weight (kg)")
    chart.set_axis_titles("Longest hold (s)")
    assert chart.y_title() == "Longest hold (s)"
