"""Before a session: choose today's dose for each exercise, inside the content's ranges.

The page shows how long the session will take: at once from what is known (the
lengths of lines measured before, else their estimate), then, when a background
thread has measured every line with the voice, the real total. The measured total
reaches the GUI thread through a queued signal; widgets are touched only there.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backcoach.content.model import CONTEXT_LABELS, WEIGHT_UNITS, Content, Exercise, Range
from backcoach.core.phases import SetKey
from backcoach.core.plan import DoseChoice, build_plan
from backcoach.core.text import noun_for
from backcoach.core.timefmt import clock_text
from backcoach.settings import Settings
from backcoach.ui.theme import MARGIN, mix

if TYPE_CHECKING:
    from backcoach.services.root import AppServices

log = logging.getLogger(__name__)

WEIGHT_RANGES = {"kg": (0.5, 200.0), "lb": (1.0, 440.0)}
"""The dumbbell weights offered, per unit: from the lightest real dumbbell up."""
WEIGHT_ADVICE = "choose one you can lift well on every rep"


@dataclass(frozen=True)
class SetupChoice:
    """What the setup panel hands on: the routine, the context and a dose choice per exercise.

    ``completed`` lists the work an interrupted session already holds, when resuming it.
    """

    routine: str
    context: str
    choices: dict[str, DoseChoice]
    completed: frozenset[SetKey] = field(default_factory=frozenset)


TotalFor = Callable[[SetupChoice, bool], float]
"""The planned length in seconds of a choice: with False at once from what is known (on the
GUI thread), with True once every line is measured (it may synthesise: off the GUI thread)."""


def planned_total(services: AppServices) -> TotalFor:
    """:data:`TotalFor` through the session service, as the session will be planned."""

    def total(choice: SetupChoice, measure: bool) -> float:
        plan = services.sessions.plan(
            choice.routine, choice.context, choice.choices, choice.completed, measure=measure
        )
        return plan.total_seconds

    return total


def estimated_total(content: Content, settings: Settings) -> TotalFor:
    """:data:`TotalFor` from estimated line lengths alone, at the rate and verbosity of
    ``settings`` (nothing is measured)."""

    def total(choice: SetupChoice, _measure: bool) -> float:
        plan = build_plan(
            content,
            choice.routine,
            choice.context,
            choice.choices,
            skip_completed=choice.completed,
            rate_wpm=float(settings.voice_rate),
            verbosity=settings.voice_verbosity,
        )
        return plan.total_seconds

    return total


class _Measuring(QObject):
    """Runs ``total(choice, True)`` in one background thread, newest request only, and
    emits ``measured(generation, seconds)``; connect it queued, to reach the GUI thread."""

    measured = Signal(int, float)

    def __init__(self, total: TotalFor, parent: QObject) -> None:
        super().__init__(parent)
        self._total = total
        self._lock = threading.Lock()
        self._latest: tuple[int, SetupChoice] | None = None
        self._running = False

    def request(self, generation: int, choice: SetupChoice) -> None:
        with self._lock:
            self._latest = (generation, choice)
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="backcoach-lengths", daemon=True).start()

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._latest = self._latest, None
                if job is None:
                    self._running = False
                    return
            generation, choice = job
            try:
                seconds = self._total(choice, True)
            except Exception:
                log.exception("The session's length could not be measured")
                continue
            try:
                self.measured.emit(generation, seconds)
            except RuntimeError:  # the page is gone
                return


def setup_style(palette: QPalette, pt: float) -> str:
    """Style sheet for the setup page, derived from ``palette`` at base size ``pt``."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    card = mix(window, palette.color(QPalette.ColorRole.Base), 0.6).name()
    line = mix(window, text, 0.18).name()
    return f"""
QFrame#setupCard {{ background: {card}; border: 1px solid {line}; border-radius: 10px; }}
QLabel#setupExercise {{ font-size: {pt * 1.45:.1f}pt; font-weight: 700; color: {text.name()}; }}
QLabel#setupCaption {{ font-size: {pt * 1.1:.1f}pt; font-weight: 600; color: {text.name()};
    padding-top: 3px; }}
QSpinBox#doseSpin, QDoubleSpinBox#doseSpin, QComboBox, QRadioButton {{
    font-size: {pt * 1.1:.1f}pt; }}
QSpinBox#doseSpin, QDoubleSpinBox#doseSpin {{ min-width: 110px; padding: 3px 6px; }}
"""


def _spin(values: Range, default: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName("doseSpin")
    spin.setRange(values.min, values.max)
    spin.setValue(values.clamp(default))
    spin.setSuffix(suffix)
    spin.setToolTip(f"From {values.min} to {values.max}")
    return spin


def _counting_spin(values: Range, default: int, noun: str) -> QSpinBox:
    """A spin box whose suffix is ``noun``, in the plural for any number but 1."""
    spin = _spin(values, default, "")

    def count(value: int) -> None:
        spin.setSuffix(f" {noun_for(value, noun)}")

    count(spin.value())
    spin.valueChanged.connect(count)
    return spin


class _ExerciseDose(QFrame):
    """The inputs for one exercise."""

    def __init__(self, exercise: Exercise, context: str, routine_sets: int | None) -> None:
        super().__init__()
        self.setObjectName("setupCard")
        self.exercise = exercise
        dose = exercise.dose
        grid = QGridLayout(self)
        grid.setContentsMargins(18, 14, 18, 16)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        title = QLabel(exercise.name)
        title.setObjectName("setupExercise")
        grid.addWidget(title, 0, 0, 1, 4)
        per_side = " per side" if exercise.per_side else ""
        row = 1
        self.hold: QSpinBox | None = None
        self.reps: QSpinBox | None = None
        self.self_paced: QRadioButton | None = None
        self.weight: QDoubleSpinBox | None = None
        self.unit: QComboBox | None = None
        self.weight_hint: QLabel | None = None
        if dose.mode == "hold":
            hold = dose.hold[context]
            self.hold = _spin(hold, hold.default, " s")
            self._add(grid, row, f"Hold{per_side}", self.hold, hold.text(" s"))
        else:
            assert dose.reps is not None
            self.reps = _counting_spin(dose.reps, dose.reps.default, "rep")
            self._add(grid, row, f"Reps{per_side}", self.reps, dose.reps.text())
        row += 1
        default_sets = routine_sets if routine_sets is not None else dose.sets.default
        self.sets = _counting_spin(dose.sets, default_sets, "set")
        self._add(grid, row, "Sets", self.sets, dose.sets.text())
        if dose.mode != "hold":
            row += 1
            tempo = QRadioButton(f"Guided: the voice leads each rep ({dose.tempo_seconds:g} s)")
            tempo.setChecked(True)
            self.self_paced = QRadioButton("At my own pace: I press Enter or Done")
            group = QButtonGroup(self)
            group.addButton(tempo)
            group.addButton(self.self_paced)
            modes = QVBoxLayout()
            modes.setSpacing(2)
            modes.addWidget(tempo)
            modes.addWidget(self.self_paced)
            self._add(grid, row, "Reps are", modes, "")
        if dose.weight is not None:
            row += 1
            self.weight = QDoubleSpinBox()
            self.weight.setObjectName("doseSpin")
            self.weight.setDecimals(1)
            self.weight.setSingleStep(0.5)
            self.unit = QComboBox()
            self.unit.addItems(list(WEIGHT_UNITS))
            pair = QHBoxLayout()
            pair.setSpacing(6)
            pair.addWidget(self.weight)
            pair.addWidget(self.unit)
            self.weight_hint = self._add(grid, row, "Each dumbbell", pair, WEIGHT_ADVICE)
            self.unit.currentTextChanged.connect(self._fit_weight_range)
            self.unit.setCurrentText(dose.weight.unit)
            self._fit_weight_range()
            self.weight.setValue(dose.weight.default)
        grid.setColumnStretch(3, 1)

    def on_change(self, slot: Callable[[], None]) -> None:
        """Call ``slot`` whenever one of the inputs changes."""
        for spin in (self.hold, self.reps, self.sets, self.weight):
            if spin is not None:
                spin.valueChanged.connect(slot)
        if self.self_paced is not None:
            self.self_paced.toggled.connect(slot)
        if self.unit is not None:
            self.unit.currentTextChanged.connect(slot)

    def _fit_weight_range(self) -> None:
        """Keep the weight inside the range of the chosen unit, and say what the range is."""
        if self.weight is None or self.unit is None or self.weight_hint is None:
            return
        low, high = WEIGHT_RANGES[self.unit.currentText()]
        unit = self.unit.currentText()
        self.weight.setRange(low, high)
        self.weight.setToolTip(f"From {low:g} to {high:g} {unit}")
        self.weight_hint.setText(f"{low:g}–{high:g} {unit} · {WEIGHT_ADVICE}")

    @staticmethod
    def _add(
        grid: QGridLayout,
        row: int,
        caption: str,
        field: QWidget | QHBoxLayout | QVBoxLayout,
        hint: str,
    ) -> QLabel | None:
        """Add one row: its caption, ``field`` and ``hint``; return the hint's label."""
        label = QLabel(caption)
        label.setObjectName("setupCaption")
        label.setMinimumWidth(150)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        if isinstance(field, QWidget):
            grid.addWidget(field, row, 1)
        else:
            grid.addLayout(field, row, 1)
        if not hint:
            return None
        note = QLabel(hint)
        note.setObjectName("muted")
        grid.addWidget(note, row, 2)
        return note

    def recall(self, choice: DoseChoice) -> None:
        """Show the values of ``choice``, clamped into the ranges; None keeps the default."""
        spins = (
            (self.hold, choice.hold_seconds),
            (self.reps, choice.reps),
            (self.sets, choice.sets),
        )
        for spin, value in spins:
            if spin is not None and value is not None:
                spin.setValue(min(max(value, spin.minimum()), spin.maximum()))
        if self.self_paced is not None and choice.rep_mode == "self":
            self.self_paced.setChecked(True)
        if self.unit is not None and choice.weight_unit is not None:
            self.unit.setCurrentText(choice.weight_unit)
        if self.weight is not None and choice.weight is not None:
            self.weight.setValue(choice.weight)  # the spin box keeps it inside the unit's range

    def choice(self) -> DoseChoice:
        return DoseChoice(
            hold_seconds=self.hold.value() if self.hold is not None else None,
            sets=self.sets.value(),
            reps=self.reps.value() if self.reps is not None else None,
            rep_mode="self"
            if self.self_paced is not None and self.self_paced.isChecked()
            else "tempo",
            weight=self.weight.value() if self.weight is not None else None,
            weight_unit=self.unit.currentText() if self.unit is not None else None,
        )


class SessionSetup(QWidget):
    """A page that asks for today's dose; ``confirmed`` carries a :class:`SetupChoice`.

    Each input starts at the value last chosen in ``settings`` (when given), else at
    the content's default. Enter starts, Esc goes back. ``total`` gives the session's
    length as the doses change (None: from estimated line lengths, as the settings say
    them); ``total_measured`` tells when the measured one is shown.
    """

    confirmed = Signal(object)
    cancelled = Signal()
    total_measured = Signal(float)
    """The session's length with every line measured, just shown."""

    def __init__(
        self,
        content: Content,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        *,
        total: TotalFor | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sessionSetup")
        self._content = content
        self._settings = settings
        self._total = total or estimated_total(content, settings or Settings())
        self._measuring: _Measuring | None = None
        if total is not None:
            self._measuring = _Measuring(total, self)
            self._measuring.measured.connect(self._on_measured, Qt.ConnectionType.QueuedConnection)
        self._generation = 0
        self.total_seconds: float | None = None
        """The length shown, in seconds (None: none shown)."""
        self.measured = False
        """Whether :attr:`total_seconds` comes from measured lines."""
        self._routine = ""
        self._context = ""
        self._completed: frozenset[SetKey] = frozenset()
        self.cards: dict[str, _ExerciseDose] = {}
        self.title = QLabel()
        self.title.setObjectName("title")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("muted")
        self.subtitle.setWordWrap(True)
        self._cards = QVBoxLayout()
        self._cards.setSpacing(12)
        column = QWidget()
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.addLayout(self._cards)
        column_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(column)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.back_button = QPushButton("◀  Back")
        self.back_button.setObjectName("navButton")
        self.back_button.clicked.connect(self.cancelled)
        self.start_button = QPushButton("Start session  ▶")
        self.start_button.setObjectName("startButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.confirm)
        self.total_label = QLabel()
        self.total_label.setObjectName("muted")
        footer = QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        footer.addWidget(self.total_label)
        footer.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN + 8, MARGIN, MARGIN + 8, MARGIN)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(scroll, 1)
        layout.addLayout(footer)
        for key, slot in (
            (Qt.Key.Key_Return, self.confirm),
            (Qt.Key.Key_Enter, self.confirm),
            (Qt.Key.Key_Escape, self.cancelled.emit),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self._apply_style()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            self._apply_style()

    def _apply_style(self) -> None:
        base = max(QApplication.font().pointSizeF(), 10.0)
        self.setStyleSheet(setup_style(QApplication.palette(), base))

    def ask(self, routine_id: str, context: str, completed: Iterable[SetKey] = ()) -> None:
        """Show the inputs for ``routine_id`` in ``context``, each at its last or default value.

        ``completed``: the work already done, when resuming an interrupted session.
        """
        routine = self._content.routines[routine_id]
        self._routine, self._context = routine_id, context
        self._completed = frozenset(completed)
        self.title.setText(routine.name)
        resuming = (
            "Resuming where you stopped: the sets already done are left out. "
            if self._completed
            else ""
        )
        self.subtitle.setText(
            f"Doses for: {CONTEXT_LABELS[context].lower()}. {resuming}"
            "Pick today's amounts; the suggested ones "
            "suit most days. Then lie down near the computer: the voice will guide you."
        )
        for card in self.cards.values():
            card.deleteLater()
        self.cards = {}
        for item in routine.items:
            card = _ExerciseDose(self._content.exercises[item.exercise], context, item.sets)
            if self._settings is not None:
                card.recall(self._settings.remembered_dose(item.exercise, routine_id, context))
            self._cards.addWidget(card)
            self.cards[item.exercise] = card
            card.on_change(self._update_total)
        self._update_total()
        self.start_button.setFocus()

    def _update_total(self) -> None:
        """Show the length known now; ask for the measured one."""
        self._generation += 1
        choice = self.choice()
        try:
            seconds = self._total(choice, False)
        except ValueError:  # cannot be planned: Start will say why
            self._show_total(None, measured=False)
            return
        self._show_total(seconds, measured=False)
        if self._measuring is not None:
            self._measuring.request(self._generation, choice)

    def _on_measured(self, generation: int, seconds: float) -> None:
        if generation == self._generation:
            self._show_total(seconds, measured=True)
            self.total_measured.emit(seconds)

    def _show_total(self, seconds: float | None, *, measured: bool) -> None:
        self.total_seconds, self.measured = seconds, measured
        text = "" if seconds is None else f"About {clock_text(seconds, rounding='up')} in all"
        self.total_label.setText(text)

    def choice(self) -> SetupChoice:
        choices = {ex: card.choice() for ex, card in self.cards.items()}
        return SetupChoice(self._routine, self._context, choices, self._completed)

    def confirm(self) -> None:
        if self._routine:
            self.confirmed.emit(self.choice())
