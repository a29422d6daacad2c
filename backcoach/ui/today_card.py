"""The today card above the carousel: when, which routine, today's doses with their reasons
and lights, what was already done today, and the window's one Start.

The card and the window's header drive each other: a context chosen on the card sets
the header's routine and When, and a routine or When chosen in the header shows on the
card. The context is remembered for the day (by default the user's usual one at this
hour), and the routine picked for each context is remembered too.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backcoach.content.model import CONTEXTS, Content
from backcoach.core.coach import Advice
from backcoach.core.coach.progression import level_words
from backcoach.core.phrases import day_words
from backcoach.core.text import plural
from backcoach.services import coaching
from backcoach.storage import SessionSummary, StorageError, queries
from backcoach.ui.main_window import MainWindow
from backcoach.ui.session_detail import pain_text, routine_name
from backcoach.ui.theme import accent, card_colour, light_colour, line_colour, tint

if TYPE_CHECKING:
    from backcoach.services.root import AppServices

T = TypeVar("T")
CARD_LABELS = {"before-run": "Running soon", "after-run": "Just ran", "day-off": "Day off"}
"""The card's one-click words for each context."""
LIGHT_WORDS = {
    "green": "Last time: green, pain stayed low",
    "amber": "Last time: amber, some pain",
    "red": "Last time: red, too much pain",
}


def done_text(content: Content, sessions: Sequence[SessionSummary]) -> str:
    """What was done today: "Done today: After a run at 07:40, 6 sets in 12 min, pain
    3 → 1." (one sentence per session, oldest first)."""
    parts = []
    for s in reversed(sessions):
        said = (
            f"{routine_name(content, s.routine)} at {datetime.fromtimestamp(s.started_at):%H:%M}, "
            f"{plural(s.set_count, 'set')} in {round(s.minutes)} min"
        )
        if s.pain_before is not None or s.pain_after is not None:
            said += f", pain {pain_text(s.pain_before, s.pain_after)}"
        parts.append(said)
    return "Done today: " + "; ".join(parts) + ". You can still start another."


class TodayCard(QFrame):
    """What to do now, for ``window`` over ``services``' history; ``now`` is a seam."""

    def __init__(
        self,
        window: MainWindow,
        services: AppServices,
        now: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(window)  # in the window from the start, for its tab order
        self.setObjectName("todayCard")
        self.window_ = window
        self.services = services
        self.now = now
        self.done: list[SessionSummary] = []
        self.advice: tuple[Advice, ...] = ()
        self.heading = QLabel()
        self.heading.setObjectName("fieldHeading")
        self.context_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.setSpacing(4)
        for cid in CONTEXTS:
            button = QPushButton(CARD_LABELS[cid])
            button.setObjectName("contextButton")
            button.setCheckable(True)
            button.setToolTip(f"Today's routine for: {CARD_LABELS[cid].lower()}")
            button.clicked.connect(lambda _checked=False, c=cid: self.choose(c))
            self.context_buttons[cid] = button
            row.addWidget(button)
        self.routine_label = QLabel()
        self.routine_label.setObjectName("todayRoutine")
        row.addSpacing(12)
        row.addWidget(self.routine_label)
        row.addStretch(1)
        self.start_slot = QHBoxLayout()
        row.addLayout(self.start_slot)
        self.doses = QGridLayout()
        self.doses.setHorizontalSpacing(10)
        self.doses.setVerticalSpacing(4)
        self.doses.setColumnStretch(2, 1)
        self.done_label = QLabel()
        self.done_label.setObjectName("todayDone")
        self.done_label.setWordWrap(True)
        self.done_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 10)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addLayout(self.doses)
        layout.addWidget(self.done_label)
        self.reason_labels: dict[str, QLabel] = {}
        self.light_labels: dict[str, QLabel] = {}
        self._apply_style()
        start = window.start_button
        start.setToolTip("Start today's routine, with these doses (Enter)")
        self.start_slot.addWidget(start)  # the window's one Start moves here
        window.choice_changed.connect(self._on_header)
        window.screens.currentChanged.connect(self._on_screen)
        self.refresh()
        self._follow_day()

    def focus_chain(self) -> list[QWidget]:
        return list(self.context_buttons.values())

    def today(self) -> date:
        return date.fromtimestamp(self.now())

    def context(self) -> str:
        return next((c for c, b in self.context_buttons.items() if b.isChecked()), "")

    def refresh(self) -> None:
        """Read history again (sessions done, ratings given) and show today's plan."""
        today = self.today()
        self.done = self._read(lambda conn: queries.sessions(conn, since=today, until=today), [])
        self.done_label.setText(done_text(self.services.content, self.done) if self.done else "")
        self.done_label.setVisible(bool(self.done))
        self.heading.setText(f"TODAY · {day_words(today).upper()}")
        self._show_plan()

    def _read(self, read: Callable[[sqlite3.Connection], T], otherwise: T) -> T:
        """What ``read`` reads of history, or ``otherwise`` when it cannot be read."""
        store = self.services.history()
        if store is None:
            return otherwise
        try:
            with store.reading() as conn:
                return read(conn)
        except (StorageError, sqlite3.Error):
            return otherwise

    def choose(self, context: str) -> None:
        """Make ``context`` today's: the header shows its routine and When (both kept)."""
        settings = self.services.settings
        routine = coaching.routine_for(context, settings, self.services.content)
        settings.today_context = {"day": self.today().isoformat(), "context": context}
        if routine != self.window_.routine_id():
            self.window_.select_routine(routine)
        self.window_.select_context(context)  # saves the settings, and shows the plan

    def _follow_day(self) -> None:
        """Start on the context chosen today, else the usual one at this hour."""
        settings = self.services.settings
        chosen = settings.today_context
        if chosen.get("day") == self.today().isoformat() and chosen.get("context") in CONTEXTS:
            context = chosen["context"]
        else:
            hour = datetime.fromtimestamp(self.now()).hour
            context = self._read(
                lambda conn: coaching.usual_context(conn, hour, settings),
                coaching.usual_context(None, hour, settings),
            )
        routine = coaching.routine_for(context, settings, self.services.content)
        self.window_.show_choice(routine, context)
        self._show_plan()

    def _on_header(self, routine: str, context: str) -> None:
        settings = self.services.settings
        settings.context_routines[context] = routine
        settings.today_context = {"day": self.today().isoformat(), "context": context}
        self._show_plan()

    def _on_screen(self) -> None:
        if self.window_.screens.currentWidget() is self.window_.home:
            self.refresh()

    def _show_plan(self) -> None:
        window = self.window_
        routine, context = window.routine_id(), window.context()
        for cid, button in self.context_buttons.items():
            button.setChecked(cid == context)
        content = self.services.content
        self.routine_label.setText(routine_name(content, routine) if routine else "")
        while self.doses.count():
            item = self.doses.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.reason_labels, self.light_labels = {}, {}
        self.advice = self.services.sessions.advise(routine, context) if routine else ()
        window.carousel.set_advice({a.exercise: a.reason for a in self.advice if a.level.variant})
        palette = QApplication.palette()
        for row, advice in enumerate(self.advice):
            exercise = content.exercises[advice.level.variant or advice.exercise]
            dot = QLabel("●")
            dot.setObjectName("todayLight")
            if advice.light is not None:
                dot.setStyleSheet(f"color: {light_colour(palette, advice.light).name()};")
                dot.setToolTip(LIGHT_WORDS[advice.light])
                dot.setAccessibleName(LIGHT_WORDS[advice.light])
            else:
                dot.setText("○")
                dot.setToolTip("No light yet: no pain rating after the last session")
            dose = QLabel(f"{exercise.name}: {level_words(advice.level, advice.per_side)}")
            dose.setObjectName("todayDose")
            reason = QLabel(advice.reason)
            reason.setObjectName("muted")
            reason.setWordWrap(True)
            self.doses.addWidget(dot, row, 0, Qt.AlignmentFlag.AlignTop)
            self.doses.addWidget(dose, row, 1, Qt.AlignmentFlag.AlignTop)
            self.doses.addWidget(reason, row, 2)
            self.reason_labels[advice.exercise] = reason
            self.light_labels[advice.exercise] = dot

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._apply_style()
            self._show_plan()

    def _apply_style(self) -> None:
        pal = QApplication.palette()
        text = pal.color(QPalette.ColorRole.WindowText).name()
        self.setStyleSheet(
            f"QFrame#todayCard {{ background: {card_colour(pal).name()};"
            f" border: 1px solid {line_colour(pal).name()};"
            f" border-left: 5px solid {accent(pal).name()}; border-radius: 8px; }}"
            f"QLabel#todayRoutine, QLabel#todayDose {{ font-weight: 700; color: {text}; }}"
            f"QLabel#todayDone {{ color: {text}; background: {tint(pal, accent(pal), 0.15).name()};"
            " border-radius: 6px; padding: 4px 8px; }"
        )
