"""A heat strip of the last weeks: one square per day, stronger for more sets, with a
legend of what each shade means."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from backcoach.core.stats import DayTotal
from backcoach.core.text import plural
from backcoach.ui.charts import begin_paint
from backcoach.ui.theme import is_dark, mix

WEEKS = 26
LEVELS = (0, 1, 8, 15, 25)
"""Sets on a day from which each shade (0 = no session) starts."""
DAY_LABELS = {0: "Mon", 2: "Wed", 4: "Fri"}


class CalendarStrip(QWidget):
    """Days of the last :data:`WEEKS` weeks, Monday on top, this week on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = date.today()
        self._sets: dict[date, int] = {}
        self._sessions: dict[date, int] = {}
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Sessions per day, last 26 weeks")

    def set_days(self, days: Iterable[DayTotal], today: date) -> None:
        self._today = today
        first = self.first_day()
        shown = [d for d in days if first <= d.day <= today]
        self._sets = {d.day: d.sets for d in shown}
        self._sessions = {d.day: d.sessions for d in shown}
        self.update()

    def first_day(self) -> date:
        """The Monday at the top left."""
        monday = self._today - timedelta(days=self._today.weekday())
        return monday - timedelta(weeks=WEEKS - 1)

    def active_days(self) -> int:
        """Days shown with at least one session."""
        return len(self._sessions)

    def level(self, day: date) -> int:
        """Shade 0 (nothing) to 4 (the most sets) of ``day``."""
        sets = self._sets.get(day)
        if sets is None:
            return 0
        return max(1, sum(sets >= start for start in LEVELS[1:]))

    def sizeHint(self) -> QSize:
        return QSize(560, 180)

    def _grid(self) -> tuple[QRectF, float]:
        fm = self.fontMetrics()
        left = fm.horizontalAdvance("Wed") + 10.0
        top = fm.height() + 6.0
        bottom = fm.height() + 10.0  # the legend
        cell = min((self.width() - left - 4) / WEEKS, (self.height() - top - bottom) / 7)
        return QRectF(left, top, cell * WEEKS, cell * 7), cell

    def cell_rect(self, day: date) -> QRectF:
        grid, cell = self._grid()
        offset = (day - self.first_day()).days
        week, weekday = divmod(offset, 7)
        return QRectF(grid.left() + week * cell, grid.top() + weekday * cell, cell, cell)

    def day_at(self, pos: QPoint) -> date | None:
        grid, cell = self._grid()
        if not grid.contains(QPointF(pos)):
            return None
        week = int((pos.x() - grid.left()) // cell)
        weekday = int((pos.y() - grid.top()) // cell)
        day = self.first_day() + timedelta(days=week * 7 + weekday)
        return day if day <= self._today else None

    def describe(self, day: date) -> str:
        count = self._sessions.get(day, 0)
        when = f"{day:%a} {day.day} {day:%b %Y}"
        if not count:
            return f"{when}: no session"
        return f"{when}: {plural(count, 'session')}, {plural(self._sets[day], 'set')}"

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = self.day_at(event.pos())
            if day is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(day), self)
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter, ink = begin_paint(self)
        window, text = ink.window, ink.text
        strongest = ink.accent.lighter(135) if is_dark(self.palette()) else ink.accent.darker(135)
        shades = [mix(window, text, 0.12)] + [
            mix(window, strongest, f) for f in (0.25, 0.5, 0.75, 1)
        ]
        grid, cell = self._grid()
        fm = self.fontMetrics()
        painter.setPen(ink.muted)
        for weekday, label in DAY_LABELS.items():
            y = grid.top() + weekday * cell
            painter.drawText(
                QRectF(0, y, grid.left() - 6, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        last_month_x = -1e9
        first = self.first_day()
        for week in range(WEEKS):
            monday = first + timedelta(weeks=week)
            starts_month = monday.day <= 7
            x = grid.left() + week * cell
            if (week == 0 or starts_month) and x - last_month_x > fm.horizontalAdvance("Mmm "):
                label = f"{monday:%b}"
                painter.drawText(QPointF(x, fm.ascent()), label)
                last_month_x = x
        gap = max(1.0, cell * 0.12)
        today_pen = QPen(text, 1.5)
        for offset in range((self._today - first).days + 1):
            day = first + timedelta(days=offset)
            rect = self.cell_rect(day).adjusted(gap, gap, -gap, -gap)
            painter.setPen(today_pen if day == self._today else Qt.PenStyle.NoPen)
            painter.setBrush(shades[self.level(day)])
            painter.drawRoundedRect(rect, 2, 2)
        self._paint_legend(painter, ink.muted, shades, grid, cell)
        painter.end()

    def _paint_legend(
        self, painter: QPainter, muted: QColor, shades: list[QColor], grid: QRectF, cell: float
    ) -> None:
        """Each shade with the sets a day needs for it, right-aligned under the grid."""
        fm = self.fontMetrics()
        size = min(cell, fm.height() - 2.0)
        y = grid.bottom() + 8
        x = grid.right()
        for label, shade in reversed(list(zip(legend_labels(), shades, strict=True))):
            x -= fm.horizontalAdvance(label)
            painter.setPen(muted)
            painter.drawText(QPointF(x, y + fm.ascent()), label)
            x -= size + 4
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(shade)
            painter.drawRoundedRect(QRectF(x, y + (fm.height() - size) / 2, size, size), 2, 2)
            x -= 12
        painter.setPen(muted)
        title = "Sets a day:"
        painter.drawText(QPointF(x - fm.horizontalAdvance(title), y + fm.ascent()), title)


def legend_labels() -> list[str]:
    """What each shade stands for: "none", "1–7", …, "25+"."""
    starts = LEVELS[1:]
    ranges = [f"{a}–{b - 1}" for a, b in itertools.pairwise(starts)]
    return ["none", *ranges, f"{starts[-1]}+"]
