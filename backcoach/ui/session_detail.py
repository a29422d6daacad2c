"""One past session in full: its sets, pain check-ins and notes."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backcoach.content.model import CONTEXT_LABELS, Content
from backcoach.core.text import plural
from backcoach.storage import SessionRecord, StoredSet
from backcoach.ui.theme import SPACING

STATUS_LABELS = {
    "completed": "Completed",
    "ended-early": "Ended early",
    "partial": "Kept as partial",
    "open": "Interrupted",
}
NO_SETS_TEXT = (
    "No sets were recorded in this session: it ended, or was left, before the first set "
    "was done. Its pain check-ins and notes are above."
)
SET_COLUMNS = ("Exercise", "Side", "Set", "Reps", "Seconds", "Weight", "Started", "Ended")


def routine_name(content: Content, routine: str) -> str:
    known = content.routines.get(routine)
    return known.name if known else routine


def exercise_name(content: Content, exercise: str) -> str:
    known = content.exercises.get(exercise)
    return known.name if known else exercise


def clock(ts: float | None) -> str:
    return "–" if ts is None else datetime.fromtimestamp(ts).strftime("%H:%M:%S")


def pain_text(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return "–"
    return f"{'–' if before is None else before} → {'–' if after is None else after}"


def amount_cells(s: StoredSet) -> tuple[str, str]:
    """The Reps and Seconds cells of a set: "skipped" in the one it counts in, and "20 of 60"
    for one cut short (as planned when known)."""
    if s.skipped:
        return ("skipped", "") if s.reps is not None else ("", "skipped")
    reps = "" if s.reps is None else str(s.reps)
    seconds = "" if s.seconds is None else f"{s.seconds:.0f}"
    if s.cut_short and s.reps is not None:
        reps += f" of {s.planned_reps}"
    elif s.cut_short:
        seconds += f" of {s.planned_seconds:.0f}"
    return reps, seconds


class SessionDetail(QWidget):
    """Shows one :class:`SessionRecord`; asks (through signals) to go back or delete it."""

    back_requested = Signal()
    delete_requested = Signal(str)

    def __init__(self, content: Content, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._content = content
        self.record: SessionRecord | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        top = QHBoxLayout()
        self.back_button = QPushButton("←  All sessions")
        self.back_button.setShortcut("Esc")
        self.back_button.clicked.connect(self.back_requested)
        self.delete_button = QPushButton("Delete session…")
        self.delete_button.clicked.connect(self._on_delete)
        top.addWidget(self.back_button)
        top.addStretch(1)
        top.addWidget(self.delete_button)
        layout.addLayout(top)
        self.heading = QLabel()
        self.heading.setObjectName("bannerTitle")
        self.facts = QLabel()
        self.facts.setObjectName("muted")
        self.facts.setWordWrap(True)
        self.pain = QLabel()
        self.pain.setObjectName("body")
        self.pain.setWordWrap(True)
        self.pain.setTextFormat(Qt.TextFormat.PlainText)
        self.notes = QLabel()
        self.notes.setObjectName("body")
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.heading, self.facts, self.pain, self.notes):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self.rows_heading = QLabel()
        self.rows_heading.setObjectName("heading")
        layout.addWidget(self.rows_heading)
        self.no_sets = QLabel(NO_SETS_TEXT)
        self.no_sets.setObjectName("body")
        self.no_sets.setWordWrap(True)
        self.no_sets.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.no_sets.hide()
        layout.addWidget(self.no_sets, 1)
        self.sets = QTableWidget(0, len(SET_COLUMNS))
        self.sets.setHorizontalHeaderLabels(list(SET_COLUMNS))
        self.sets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sets.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sets.verticalHeader().hide()
        self.sets.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.sets.setAccessibleName("Sets of this session")
        layout.addWidget(self.sets, 1)

    def focus_chain(self) -> list[QWidget]:
        """Its focusable widgets as the page reads: back, delete, the sets."""
        return [self.back_button, self.delete_button, self.sets]

    def show_record(self, record: SessionRecord) -> None:
        self.record = record
        c = self._content
        day = f"{record.day:%A} {record.day.day} {record.day:%B %Y}"
        self.heading.setText(f"{routine_name(c, record.routine)} — {day}")
        context = CONTEXT_LABELS.get(record.context, record.context)
        status = STATUS_LABELS.get(record.status, record.status)
        skipped = f", {record.skipped_count} skipped" if record.skipped_count else ""
        self.facts.setText(
            f"{context} · {clock(record.started_at)} to {clock(record.ended_at)} · "
            f"{plural(record.set_count, 'set')}{skipped} · {status}"
        )
        rated = pain_text(record.rating("before"), record.rating("after"))
        lines = [f"Back pain before → after: {rated}"]
        lines += [f"Note {p.moment}: {p.note}" for p in record.pain if p.note]
        self.pain.setText("\n".join(lines))
        self.notes.setText(f"Notes: {record.notes}" if record.notes else "")
        self.notes.setVisible(bool(record.notes))
        rows = len(record.sets)
        self.rows_heading.setText(
            f"SETS · {plural(rows, 'row').upper()}, EACH SIDE ON ITS OWN" if rows else ""
        )
        self.rows_heading.setVisible(bool(rows))
        self.sets.setVisible(bool(rows))
        self.no_sets.setVisible(not rows)
        self.sets.setRowCount(rows)
        for row, s in enumerate(record.sets):
            weight = "" if s.weight is None else f"{s.weight:g} {s.weight_unit or ''}".strip()
            cells = (
                exercise_name(c, s.exercise),
                s.side,
                str(s.set_number),
                *amount_cells(s),
                weight,
                clock(s.started_at),
                clock(s.ended_at),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3, 4, 5):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.sets.setItem(row, column, item)

    def _on_delete(self) -> None:
        if self.record is not None:
            self.delete_requested.emit(self.record.id)
