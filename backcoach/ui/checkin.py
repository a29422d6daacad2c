"""The pain check-in before and after a session, and the next morning: an optional 0–10
rating and note.

Everything is optional and skipping takes one key (Esc, or S outside the note).
Digits pick a rating (10 by typing 1 then 0, or by its button), Enter saves.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.phrases import morning_question
from backcoach.ui.theme import SPACING, accent, restyles, tint
from backcoach.ui.widgets import PrimaryButton

QUESTIONS = {
    "before": "How does your lower back feel right now?",
    "after": "And now that you are done, how does your lower back feel?",
    "morning": morning_question(),
}
ENDED_EARLY_QUESTION = "You ended the session early. How does your lower back feel now?"
"""The question after a session ended early (whatever the reason, pain among them)."""
HINT = (
    "Pick a number from 0 (no pain at all) to 10 (the worst you can imagine), or skip. "
    "Comparing before and after shows whether the routine helps."
)


class PainCheckIn(QFrame):
    """Asks for back pain at ``moment`` ("before" or "after" the session, or the next
    "morning")."""

    submitted = Signal(object, str)
    """(rating 0–10 or None, note) when the user saves."""
    skipped = Signal()

    def __init__(self, moment: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if moment not in QUESTIONS:
            raise ValueError(f"moment must be one of {', '.join(QUESTIONS)}, got {moment!r}")
        self.moment = moment
        self._answered = False  # a check-in is answered once, however many keys say so
        self._last_digit: int | None = None  # a 1 followed by a 0 is 10
        self.setObjectName("checkIn")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        self.question = QLabel(QUESTIONS[moment])
        self.question.setObjectName("title")
        self.question.setWordWrap(True)
        self.hint = hint = QLabel(HINT)
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        layout.addWidget(self.question)
        layout.addWidget(hint)

        self.rating_buttons: list[QPushButton] = []
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        row = QHBoxLayout()
        row.setSpacing(6)
        for value in range(11):
            button = QPushButton(str(value))
            button.setObjectName("ratingButton")
            button.setCheckable(True)
            button.setAccessibleName(f"Pain {value} of 10")
            button.setMinimumSize(48, 48)
            self._group.addButton(button, value)
            self.rating_buttons.append(button)
            row.addWidget(button)
        layout.addLayout(row)
        ends = QHBoxLayout()
        for text, align in (("no pain", "left"), ("worst imaginable", "right")):
            end = QLabel(text)
            end.setObjectName("caption")
            if align == "right":
                ends.addStretch(1)
            ends.addWidget(end)
        layout.addLayout(ends)

        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (optional): where it hurts, what you noticed…")
        self.note.setAccessibleName("Note")
        self.note.setMaxLength(500)
        self.note.setMinimumHeight(40)
        self.note.returnPressed.connect(self.submit)
        layout.addWidget(self.note)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.skip_button = QPushButton("Skip  (Esc)")
        self.skip_button.setObjectName("navButton")
        self.skip_button.clicked.connect(self.skip)
        self.save_button = PrimaryButton("Save  (Enter)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self._apply_style()

    def set_ended_early(self, ended_early: bool) -> None:
        """Word the question after the session for one that ended early (or not)."""
        if self.moment == "after":
            self.question.setText(ENDED_EARLY_QUESTION if ended_early else QUESTIONS["after"])

    def rating(self) -> int | None:
        value = self._group.checkedId()
        return value if value >= 0 else None

    def set_rating(self, value: int | None) -> None:
        if value is None:
            self._group.setExclusive(False)
            for button in self.rating_buttons:
                button.setChecked(False)
            self._group.setExclusive(True)
        else:
            self.rating_buttons[value].setChecked(True)

    def submit(self) -> None:
        """Save the rating and note; with neither given, this is a skip."""
        note = self.note.text().strip()
        if self.rating() is None and not note:
            self.skip()
        elif not self._answered:
            self._answered = True
            self.submitted.emit(self.rating(), note)

    def skip(self) -> None:
        if not self._answered:
            self._answered = True
            self.skipped.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if restyles(event):
            self._apply_style()

    def _apply_style(self) -> None:
        """Sizes, and the chosen rating: tinted and outlined in the text colour, so that it
        differs from the accent focus ring and from the one filled button (Save)."""
        pal = self.palette()
        chosen = tint(pal, accent(pal), 0.35).name()
        text = pal.color(QPalette.ColorRole.WindowText).name()
        pt = max(self.font().pointSizeF(), 10.0) * 1.4
        self.setStyleSheet(
            f"QPushButton#ratingButton {{ font-size: {pt:.1f}pt; font-weight: 700; }}"
            f"QLineEdit {{ font-size: {pt / 1.25:.1f}pt; padding: 4px 8px; }}"
            f"QPushButton#ratingButton:checked {{ background: {chosen}; color: {text};"
            f" border-color: {text}; }}"
            f"QPushButton#ratingButton:checked:focus {{ border-color: {accent(pal).name()}; }}"
        )

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._wants(event)
        ):
            event.accept()  # its keys win over the window's shortcuts while it has focus
            return True
        return super().event(event)

    def _wants(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return True
        typing = self.note.hasFocus()
        return not typing and (key == Qt.Key.Key_S or Qt.Key.Key_0 <= key <= Qt.Key.Key_9)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        typing = self.note.hasFocus()
        if key == Qt.Key.Key_Escape or (key == Qt.Key.Key_S and not typing):
            self.skip()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif not typing and Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            digit = key - Qt.Key.Key_0
            ten = digit == 0 and self._last_digit == 1
            self.set_rating(10 if ten else digit)
            self._last_digit = None if ten else digit
        else:
            super().keyPressEvent(event)
