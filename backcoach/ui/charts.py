"""Time charts drawn with QPainter: bars and lines over dates, with labelled axes.

A chart gets its points once (:meth:`TimeChart.set_series`) and does all the
arithmetic there: when there are more points than fit (:data:`MAX_POINTS`), they
are gathered by week and then by month, and the x-axis title says so. Painting
only maps the prepared buckets to pixels, so ten years draw as fast as ten days.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, overload

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from backcoach.core.text import plural
from backcoach.ui.theme import WARNING_HUE, accent, mix, muted_text

Bucket = Literal["session", "day", "week", "month"]
Combine = Literal["sum", "mean", "max"]
MAX_POINTS = 120
"""More points than this are gathered into weeks, then months."""
BUCKET_WORDS: dict[str, str] = {
    "session": "",
    "day": "per day",
    "week": "per week",
    "month": "per month",
}
COMBINE_WORDS: dict[str, str] = {"sum": "total", "mean": "average", "max": "best"}
BUCKET_DAYS: dict[str, float] = {"session": 1, "day": 1, "week": 7, "month": 30.44}
MIN_SLOTS = 8
"""The x-axis spans at least this many buckets, so one week of data is one normal bar."""
Marker = Literal["circle", "square", "diamond", "triangle"]
LOOKS: tuple[tuple[Marker, Qt.PenStyle], ...] = (
    ("circle", Qt.PenStyle.SolidLine),
    ("square", Qt.PenStyle.DashLine),
    ("diamond", Qt.PenStyle.DotLine),
    ("triangle", Qt.PenStyle.DashDotLine),
)
"""Marker and line style of the first, second… line of a chart, so lines that meet stay
told apart."""


@dataclass(frozen=True)
class Ink:
    """The palette's colours every chart paints with."""

    window: QColor
    text: QColor
    muted: QColor
    accent: QColor


def begin_paint(widget: QWidget) -> tuple[QPainter, Ink]:
    """An antialiased painter on ``widget``, with the colours of its palette."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pal = widget.palette()
    ink = Ink(
        pal.color(pal.ColorRole.Window),
        pal.color(pal.ColorRole.WindowText),
        muted_text(pal),
        accent(pal),
    )
    return painter, ink


Point = tuple[date, float | None]


class Columns(Sequence[Point]):
    """Points held as a column of days and one of values: thousands of points without a tuple
    each (one is made at a time, as they are read)."""

    def __init__(self, days: Sequence[date], values: Sequence[float | None]) -> None:
        if len(days) != len(values):
            raise ValueError("a day for each value")
        self.days = days
        self.values = values

    def __len__(self) -> int:
        return len(self.days)

    @overload
    def __getitem__(self, index: int) -> Point: ...

    @overload
    def __getitem__(self, index: slice) -> Columns: ...

    def __getitem__(self, index: int | slice) -> Point | Columns:
        if isinstance(index, slice):
            return Columns(self.days[index], self.values[index])
        return self.days[index], self.values[index]

    def __iter__(self) -> Iterator[Point]:
        return zip(self.days, self.values, strict=True)


@dataclass(frozen=True)
class Series:
    """One line or set of bars: (day, value) points, oldest first; None leaves a gap."""

    name: str
    points: Sequence[Point]
    kind: Literal["bar", "line"] = "line"
    combine: Combine = "mean"
    colour: Literal["accent", "second"] = "accent"


def bucket_start(day: date, bucket: Bucket) -> date:
    """The first day of the week (Monday) or month holding ``day``; else ``day``."""
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _bucket_end(first: date, bucket: Bucket) -> date:
    """The day after the bucket that starts on ``first`` (:data:`datetime.date.max` at the
    calendar's end)."""
    try:
        if bucket == "month":
            return _add_months(first, 1)
        return first + timedelta(days=7 if bucket == "week" else 1)
    except (OverflowError, ValueError):
        return date.max


def gather(
    points: Sequence[tuple[date, float | None]], bucket: Bucket, combine: Combine
) -> list[tuple[date, float]]:
    """Points combined per ``bucket`` (gaps dropped), oldest first."""
    if bucket == "session":
        return [(d, v) for d, v in points if v is not None]
    groups: dict[date, list[float]] = {}
    first = end = date.max  # the bucket of the last point: first <= day < end
    values: list[float] = []
    for d, v in points:
        if v is None:
            continue
        if not first <= d < end:  # points come oldest first: a new bucket only now and then
            first = bucket_start(d, bucket)
            end = _bucket_end(first, bucket)
            values = groups.setdefault(first, [])
        values.append(v)
    combined = _COMBINE[combine]
    return [(key, combined(groups[key])) for key in sorted(groups)]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


_COMBINE: dict[Combine, Callable[[list[float]], float]] = {"sum": sum, "max": max, "mean": _mean}
"""How the values of one bucket become its one value."""


def choose_bucket(points: Sequence[tuple[date, float | None]], base: Bucket) -> Bucket:
    """The finest bucket, from ``base`` up, that keeps at most :data:`MAX_POINTS` points
    (weeks are counted from the span, which is quick and never too few)."""
    return _bucket_for([d for d, _ in points], base)


def _bucket_for(days: list[date], base: Bucket) -> Bucket:
    """:func:`choose_bucket` for the days of the points."""
    ladder: list[Bucket] = ["session", "day", "week", "month"]
    for bucket in ladder[ladder.index(base) :]:
        if bucket == "session":
            count = len(days)
        elif bucket == "day":
            count = len(set(days))
        elif bucket == "week":
            count = (max(days) - min(days)).days // 7 + 2 if days else 0
        else:
            return "month"
        if count <= MAX_POINTS:
            return bucket
    return "month"


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """0 up to a round number at or above ``top``, in steps of 1, 2 or 5 × 10ⁿ."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    count = math.ceil(top / step - 1e-9)
    return [i * step for i in range(count + 1)]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def date_ticks(first: date, last: date, most: int = 7) -> list[tuple[date, str]]:
    """Round dates between ``first`` and ``last`` with their labels."""
    span = (last - first).days
    ticks: list[tuple[date, str]] = []
    if span <= 7 * most:
        step = max(1, math.ceil(span / most))
        day = first
        while day <= last:
            ticks.append((day, f"{day.day} {day:%b}"))
            day += timedelta(days=step)
        return ticks
    if span <= 120:
        step = max(1, math.ceil(span / 7 / most))
        day = first + timedelta(days=(7 - first.weekday()) % 7)
        while day <= last:
            ticks.append((day, f"{day.day} {day:%b}"))
            day += timedelta(weeks=step)
        return ticks
    months = span / 30.44
    if months <= 36:
        step = next(s for s in (1, 2, 3, 6, 12) if months / s <= most)
        day = _add_months(first.replace(day=1), 0 if first.day == 1 else 1)
        while day.month % step != 1 % step:
            day = _add_months(day, 1)
        while day <= last:
            ticks.append((day, f"{day:%b %Y}"))
            day = _add_months(day, step)
        return ticks
    years = span / 365.25
    step = next(s for s in (1, 2, 5, 10, 20, 50) if years / s <= most)
    year = first.year + (0 if (first.month, first.day) == (1, 1) else 1)
    year += (-year) % step
    while date(year, 1, 1) <= last:
        ticks.append((date(year, 1, 1), str(year)))
        year += step
    return ticks


@dataclass(frozen=True)
class _Prepared:
    series: Series
    points: list[tuple[date, float]]


class TimeChart(QWidget):
    """A titled chart of series over dates, on one y-axis."""

    def __init__(
        self,
        title: str,
        y_title: str,
        *,
        empty_text: str = "Nothing to show yet.",
        y_max: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.empty_text = empty_text
        self._y_title = y_title
        self._y_max = y_max
        self._bucket: Bucket = "session"
        self._prepared: list[_Prepared] = []
        self._span: tuple[date, date] | None = None
        self._x_ticks: list[tuple[date, str]] = []
        self._y_ticks: list[float] = [0.0, 1.0]
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(title)

    # ---------------------------------------------------------------- data
    def set_series(
        self, series: Sequence[Series], base: Bucket = "session", title: str | None = None
    ) -> None:
        """Show ``series``, gathered into ``base`` buckets or coarser when dense."""
        if title is not None:
            self.title = title
            self.setAccessibleName(title)
        given = [d for s in series for d, v in s.points if v is not None]
        self._bucket = _bucket_for(given, base) if given else base
        self._prepared = [_Prepared(s, gather(s.points, self._bucket, s.combine)) for s in series]
        days = [d for p in self._prepared for d, _ in p.points]
        if not days:
            self._span = None
            self._x_ticks = []
        else:
            width = BUCKET_DAYS[self._bucket]
            first, last = min(days), max(days) + timedelta(days=width)
            short = max(MIN_SLOTS * width, 7) - (last - first).days
            if short > 0:  # widen by whole buckets, so bars keep to their weeks
                before = math.ceil(short / 2 / width) * width
                after = math.ceil(max(short - before, 0) / width) * width
                first, last = first - timedelta(days=before), last + timedelta(days=after)
            self._span = (first, last)
            self._x_ticks = date_ticks(first, last)
        values = [v for p in self._prepared for _, v in p.points]
        top = self._y_max if self._y_max is not None else max(values, default=0.0)
        self._y_ticks = nice_ticks(top)
        self.setToolTip(self._summary())
        self.update()

    def set_axis_titles(self, y_title: str) -> None:
        """Rename the y-axis."""
        self._y_title = y_title
        self.update()

    def is_empty(self) -> bool:
        return self._span is None

    def bucket(self) -> Bucket:
        """How points are gathered: one per session, or per day, week or month."""
        return self._bucket

    def point_count(self) -> int:
        return sum(len(p.points) for p in self._prepared)

    def series_names(self) -> list[str]:
        return [p.series.name for p in self._prepared]

    def span(self) -> tuple[date, date] | None:
        """The first and last day of the x-axis (None when empty)."""
        return self._span

    def line_looks(self) -> dict[str, tuple[Marker, Qt.PenStyle]]:
        """Each line's marker and line style, by series name."""
        lines = [p for p in self._prepared if p.series.kind == "line"]
        return {p.series.name: LOOKS[i % len(LOOKS)] for i, p in enumerate(lines)}

    def paint_order(self) -> list[str]:
        """Series names as painted: bars, then lines from the highest to the lowest (on top)."""
        return [p.series.name for p in self._in_paint_order()]

    def _in_paint_order(self) -> list[_Prepared]:
        def height(p: _Prepared) -> float:
            top = self._y_ticks[-1]
            return sum(v for _, v in p.points) / max(len(p.points), 1) / top

        bars = [p for p in self._prepared if p.series.kind == "bar"]
        lines = [p for p in self._prepared if p.series.kind == "line"]
        return bars + sorted(lines, key=height, reverse=True)

    def x_title(self) -> str:
        words = BUCKET_WORDS[self._bucket]
        if not words or self.is_empty():
            return "Date"
        how = sorted({COMBINE_WORDS[p.series.combine] for p in self._prepared})
        return f"Date ({' / '.join(how)} {words})"

    def y_title(self) -> str:
        return self._y_title

    def x_tick_labels(self) -> list[str]:
        return [label for _, label in self._x_ticks]

    def y_tick_labels(self) -> list[str]:
        return [_number(v) for v in self._y_ticks]

    def sizeHint(self) -> QSize:
        return QSize(520, 250)

    def _summary(self) -> str:
        if self.is_empty():
            return f"{self.title}: {self.empty_text}"
        assert self._span is not None
        first, last = self._span
        points = plural(self.point_count(), "point")
        return f"{self.title}: {points} from {first:%d %b %Y} to {last:%d %b %Y}"

    # ------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter, ink = begin_paint(self)
        pal = self.palette()
        text, muted = ink.text, ink.muted
        card = mix(ink.window, pal.color(pal.ColorRole.Base), 0.6)
        painter.setPen(QPen(mix(ink.window, text, 0.18), 1))
        painter.setBrush(card)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)

        base = QFont(self.font())
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() * 0.9, 7.5))
        bold = QFont(base)
        bold.setBold(True)
        bold.setPointSizeF(base.pointSizeF() * 1.05)
        fm_small = QFontMetrics(small)
        fm_bold = QFontMetrics(bold)
        pad = 12.0

        painter.setFont(bold)
        painter.setPen(text)
        title_h = fm_bold.height()
        painter.drawText(QRectF(pad, pad, self.width() - 2 * pad, title_h), self.title)
        legend_bottom = self._paint_legend(painter, small, fm_small, pad + title_h + 4, pad)

        labels = self.y_tick_labels()
        tick_w = max((fm_small.horizontalAdvance(s) for s in labels), default=0)
        axis_title_h = fm_small.height()
        plot = QRectF(
            pad + axis_title_h + 6 + tick_w + 6,
            legend_bottom + 8,
            0,
            0,
        )
        plot.setRight(self.width() - 2 * pad)
        plot.setBottom(self.height() - pad - 2 * fm_small.height() - 8)
        if plot.width() < 40 or plot.height() < 30:
            painter.end()
            return

        grid = mix(card, text, 0.1)
        axis_pen = QPen(mix(card, text, 0.45), 1)
        painter.setFont(small)
        ticks = self._y_ticks
        for value, label in zip(ticks, labels, strict=True):
            y = plot.bottom() - plot.height() * value / ticks[-1]
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            box = QRectF(plot.left() - 6 - tick_w, y - axis_title_h / 2, tick_w, axis_title_h)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
        painter.setPen(axis_pen)
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        painter.setPen(muted)
        self._upright(painter, self._y_title, QPointF(pad, plot.center().y()))
        x_title_box = QRectF(
            plot.left(), self.height() - pad - axis_title_h, plot.width(), axis_title_h
        )
        painter.drawText(x_title_box, Qt.AlignmentFlag.AlignHCenter, self.x_title())

        if self._span is None:
            painter.setFont(base)
            painter.setPen(muted)
            painter.drawText(
                plot.adjusted(8, 8, -8, -8),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            painter.end()
            return

        first, last = self._span
        days = max((last - first).days, 1)

        def x_of(day: date) -> float:
            return plot.left() + plot.width() * (day - first).days / days

        painter.setPen(muted)
        last_right = -1e9
        for day, label in self._x_ticks:
            x = x_of(day)
            width = fm_small.horizontalAdvance(label)
            if x - width / 2 < last_right + 8 or x + width / 2 > self.width():
                continue
            painter.setPen(axis_pen)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            painter.setPen(muted)
            painter.drawText(QPointF(x - width / 2, plot.bottom() + 6 + fm_small.ascent()), label)
            last_right = x + width / 2

        slot = plot.width() * BUCKET_DAYS[self._bucket] / days
        bars = [p for p in self._prepared if p.series.kind == "bar"]
        painter.setClipRect(plot.adjusted(0, -6, 0, 1))
        for i, prepared in enumerate(bars):
            colour = self._colour(prepared.series)
            top = self._y_ticks[-1]
            bar = max(1.0, slot * 0.8 / len(bars))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            for day, value in prepared.points:
                x = x_of(day) + slot * 0.1 + i * bar
                h = plot.height() * value / top
                painter.drawRect(QRectF(x, plot.bottom() - h, bar, h))
        looks = self.line_looks()
        for prepared in self._in_paint_order():
            if prepared.series.kind == "line":
                self._paint_line(painter, prepared, looks[prepared.series.name], plot, x_of, slot)
        painter.end()

    def _paint_line(
        self,
        painter: QPainter,
        prepared: _Prepared,
        look: tuple[Marker, Qt.PenStyle],
        plot: QRectF,
        x_of: Callable[[date], float],
        slot: float,
    ) -> None:
        colour = self._colour(prepared.series)
        marker, style = look
        top = self._y_ticks[-1]
        centre = slot / 2 if self._bucket != "session" else 0.0
        path = QPainterPath()
        dots = []
        for n, (day, value) in enumerate(prepared.points):
            point = QPointF(x_of(day) + centre, plot.bottom() - plot.height() * value / top)
            dots.append(point)
            if n == 0:
                path.moveTo(point)
            else:
                path.lineTo(point)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colour, 2, style))
        if len(dots) > 1:
            painter.drawPath(path)
        if len(dots) <= 60:
            for point in dots:
                _mark(painter, marker, point, colour)

    def _paint_legend(
        self, painter: QPainter, font: QFont, fm: QFontMetrics, top: float, pad: float
    ) -> float:
        if self.is_empty():
            return top
        painter.setFont(font)
        x = pad
        looks = self.line_looks()
        middle = top + fm.height() / 2
        for prepared in self._prepared:
            colour = self._colour(prepared.series)
            look = looks.get(prepared.series.name)
            if look is None:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRoundedRect(QRectF(x + 4, middle - 5, 14, 10), 2, 2)
            else:
                painter.setPen(QPen(colour, 2, look[1]))
                painter.drawLine(QPointF(x, middle), QPointF(x + 22, middle))
                _mark(painter, look[0], QPointF(x + 11, middle), colour)
            painter.setPen(self.palette().color(self.palette().ColorRole.WindowText))
            width = fm.horizontalAdvance(prepared.series.name)
            painter.drawText(QRectF(x + 28, top, width + 2, fm.height()), prepared.series.name)
            x += 28 + width + 18
        return top + fm.height()

    def _colour(self, series: Series) -> QColor:
        pal = self.palette()
        if series.colour == "accent":
            return accent(pal)
        window = pal.color(pal.ColorRole.Window)
        return mix(WARNING_HUE, window, 0.1)

    @staticmethod
    def _upright(painter: QPainter, text: str, centre: QPointF) -> None:
        """``text`` turned to read upwards, its left edge at ``centre``'s x."""
        fm = painter.fontMetrics()
        width = fm.horizontalAdvance(text)
        painter.save()
        painter.translate(centre.x() + fm.height() / 2, centre.y())
        painter.rotate(-90)
        painter.drawText(QPointF(-width / 2, (fm.ascent() - fm.descent()) / 2), text)
        painter.restore()


def _mark(painter: QPainter, marker: Marker, at: QPointF, colour: QColor) -> None:
    """One point's marker: a filled circle, square, diamond or triangle."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    r = 4.0
    if marker == "circle":
        painter.drawEllipse(at, r - 0.5, r - 0.5)
    elif marker == "square":
        painter.drawRect(QRectF(at.x() - r + 0.5, at.y() - r + 0.5, 2 * r - 1, 2 * r - 1))
    else:
        corners = (
            [(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)]
            if marker == "diamond"
            else [(0, -r - 1), (r + 1, r), (-r - 1, r)]
        )
        painter.drawPolygon(QPolygonF([QPointF(at.x() + dx, at.y() + dy) for dx, dy in corners]))


def _number(value: float) -> str:
    return f"{value:g}" if value < 10_000 else f"{value / 1000:g}k"
