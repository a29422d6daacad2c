"""The end of a session: what was done, set by set, and the way back to the exercises."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from backcoach.content.model import Exercise
from backcoach.core.plan import Plan
from backcoach.core.records import SetRecord
from backcoach.core.session import Summary
from backcoach.core.text import plural
from backcoach.core.timefmt import clock_text
from backcoach.ui.theme import MARGIN, SPACING
from backcoach.ui.widgets import big_button, text_label, weight_text


class SummaryPage(QWidget):
    """What was done and how long it took, with a way back to the exercises."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = text_label("summaryTitle")
        self.subtitle = text_label("summarySubtitle")
        self._table = QGridLayout()
        self._table.setHorizontalSpacing(MARGIN * 2)
        self._table.setVerticalSpacing(SPACING)
        self._rows: list[tuple[str, str, str]] = []
        self.extra = QVBoxLayout()
        """Room under the table for more (such as an after-session check-in)."""
        self.home_button = big_button("Back to the exercises", "primaryButton", "")
        self.home_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        card = QFrame()
        card.setObjectName("summaryCard")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(MARGIN * 2, MARGIN * 2, MARGIN * 2, MARGIN * 2)
        inner.setSpacing(SPACING)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addSpacing(SPACING)
        inner.addLayout(self._table)
        inner.addLayout(self.extra)
        inner.addSpacing(SPACING)
        inner.addWidget(self.home_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def show_summary(self, summary: Summary, plan: Plan) -> None:
        self.title.setText("Session ended early" if summary.ended_early else "Routine complete")
        sets = f"{summary.sets_done} of {plural(plan.set_count, 'set')}"
        took = clock_text(summary.routine_seconds, rounding="down")
        self.subtitle.setText(f"{sets} in {took}")
        while self._table.count():
            item = self._table.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._rows = summary_rows(summary.records, plan.exercises, plan)
        if not self._rows:
            self._table.addWidget(
                text_label("summaryCell", "No sets were finished this time."), 0, 0
            )
        for r, cells in enumerate(self._rows):
            for c, text in enumerate(cells):
                self._table.addWidget(
                    text_label("summaryName" if c == 0 else "summaryCell", text), r, c
                )
        self._table.setColumnStretch(2, 1)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table as shown: (exercise, sets, what was done)."""
        return list(self._rows)


def _amount(record: SetRecord) -> str:
    if record.reps is not None:
        return str(record.reps)
    return f"{round(record.seconds or 0)} s"


def summary_rows(
    records: Sequence[SetRecord], exercises: Mapping[str, Exercise], plan: Plan
) -> list[tuple[str, str, str]]:
    """One row per exercise in plan order: name, "2 sets", and each set's reps or seconds.

    For example ("Low lunge", "2 sets", "left 60 s, 60 s · right 60 s, 45 s").
    """
    rows = []
    for dose in plan.doses:
        done = [r for r in records if r.exercise == dose.exercise]
        if not done:
            continue
        sets = len({r.set_number for r in done})
        parts = []
        for side in ("left", "right", "both"):
            amounts = [_amount(r) for r in done if r.side == side]
            if amounts:
                joined = ", ".join(amounts)
                unit = "" if dose.mode == "hold" else " rep" if amounts == ["1"] else " reps"
                parts.append(f"{joined}{unit}" if side == "both" else f"{side} {joined}{unit}")
        weights = {weight_text(r.weight, r.weight_unit) for r in done if r.weight is not None}
        detail = " · ".join(parts + sorted(weights))
        name = exercises[dose.exercise].name
        rows.append((name, plural(sets, "set"), detail))
    return rows
