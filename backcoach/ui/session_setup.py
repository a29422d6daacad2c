"""Before a session: choose today's dose for each exercise, inside the content's ranges.

The page shows how long the session will take, and how long each guided rep lasts
(at least the content's tempo, longer when its words need it): at once from the plan
built with what is known (the lengths of lines measured before, else their
estimate), then, when a background thread has measured every line with the voice,
from the real plan. The measured plan reaches the GUI thread through a queued
signal; widgets are touched only there.

Every card's captions share one width and every dose field another, so the fields
line up down the page, each caption centred on its field.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut, QShowEvent
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

from backcoach.content.model import (
    CONTEXT_LABELS,
    WEIGHT_UNITS,
    Content,
    Exercise,
    Range,
    RoutineItem,
)
from backcoach.core.coach import Level
from backcoach.core.phases import SetKey
from backcoach.core.plan import DoseChoice, Plan, build_plan
from backcoach.core.text import noun_for
from backcoach.core.timefmt import clock_text
from backcoach.settings import Settings
from backcoach.ui.theme import MARGIN, card_colour, line_colour
from backcoach.ui.widgets import PrimaryButton

if TYPE_CHECKING:
    from backcoach.services.root import AppServices

log = logging.getLogger(__name__)

WEIGHT_RANGES = {"kg": (0.5, 200.0), "lb": (1.0, 440.0)}
"""The dumbbell weights offered, per unit: from the lightest real dumbbell up."""
WEIGHT_ADVICE = "choose one you can lift well on every rep"


class Advised(Protocol):
    """A routine item's dose with the reason for it: today's
    :class:`~backcoach.core.coach.Advice`, or the
    :class:`~backcoach.core.coach.GivenDose` a stored session began with."""

    @property
    def exercise(self) -> str:
        """The routine item's exercise id."""

    @property
    def level(self) -> Level:
        """The dose, and the easier variant run in the item's place (if any)."""

    @property
    def reason(self) -> str:
        """Why this dose, in a sentence ("" when there is none to tell)."""


@dataclass(frozen=True)
class SetupChoice:
    """What the setup panel hands on: the routine, the context and a dose choice per exercise.

    ``completed`` lists the work an interrupted session already holds, when resuming it.
    ``variants`` are the easier variants shown in place of routine items, by the item's
    exercise id (as :func:`~backcoach.core.plan.build_plan` takes them); ``choices`` stay
    keyed by the items' ids, a variant's dose under its item.
    """

    routine: str
    context: str
    choices: dict[str, DoseChoice]
    completed: frozenset[SetKey] = field(default_factory=frozenset)
    variants: Mapping[str, str] = field(default_factory=dict)

    def choices_run(self) -> dict[str, DoseChoice]:
        """``choices`` by the id of the exercise each item runs: a variant's dose under the
        variant's own id, as the settings remember it."""
        return {self.variants.get(ex, ex): choice for ex, choice in self.choices.items()}


TotalFor = Callable[[SetupChoice, bool], Plan]
"""The plan of a choice, which gives the page its total and rep lengths: with False at once
from what is known (on the GUI thread), with True once every line is measured (it may
synthesise: off the GUI thread)."""


def planned_total(services: AppServices) -> TotalFor:
    """:data:`TotalFor` through the session service, as the session will be planned."""

    def total(choice: SetupChoice, measure: bool) -> Plan:
        return services.sessions.plan(
            choice.routine,
            choice.context,
            choice.choices,
            choice.completed,
            measure=measure,
            variants=choice.variants,
        )

    return total


def estimated_total(content: Content, settings: Settings) -> TotalFor:
    """:data:`TotalFor` from estimated line lengths alone, at the rate and verbosity of
    ``settings`` (nothing is measured)."""

    def total(choice: SetupChoice, _measure: bool) -> Plan:
        return build_plan(
            content,
            choice.routine,
            choice.context,
            choice.choices,
            skip_completed=choice.completed,
            rate_wpm=float(settings.voice_rate),
            verbosity=settings.voice_verbosity,
            variants=choice.variants,
        )

    return total


def rep_lengths(plan: Plan) -> dict[str, float]:
    """How long one guided rep of each exercise lasts in ``plan``, by the id of the
    exercise run (a variant's own)."""
    return {
        p.exercise: p.rep_seconds
        for p in plan.work_phases
        if p.mode == "tempo" and p.rep_seconds is not None
    }


def seconds_text(seconds: float) -> str:
    """A rep length as shown: "8.5 s", "9 s"."""
    return f"{round(seconds, 1):g} s"


class _Measuring(QObject):
    """Runs ``total(choice, True)`` in one background thread, newest request only, and
    emits ``measured(generation, plan)``; connect it queued, to reach the GUI thread."""

    measured = Signal(int, object)

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
                plan = self._total(choice, True)
            except Exception:
                log.exception("The session's length could not be measured")
                continue
            try:
                self.measured.emit(generation, plan)
            except RuntimeError:  # the page is gone
                return


def setup_style(palette: QPalette, pt: float) -> str:
    """Style sheet for the setup page, derived from ``palette`` at base size ``pt``."""
    text = palette.color(QPalette.ColorRole.WindowText).name()
    card = card_colour(palette).name()
    line = line_colour(palette).name()
    return f"""
QFrame#setupCard {{ background: {card}; border: 1px solid {line}; border-radius: 10px; }}
QLabel#setupExercise {{ font-size: {pt * 1.45:.1f}pt; font-weight: 700; color: {text}; }}
QLabel#setupReason {{ font-size: {pt * 1.05:.1f}pt; color: {text}; }}
QLabel#setupCaption {{ font-size: {pt * 1.1:.1f}pt; font-weight: 600; color: {text}; }}
QSpinBox#doseSpin, QDoubleSpinBox#doseSpin, QComboBox, QRadioButton {{
    font-size: {pt * 1.1:.1f}pt; }}
"""


def _dose_spin(spin: QSpinBox | QDoubleSpinBox) -> None:
    """Name ``spin`` for the style sheet, its number clear of the border."""
    spin.setObjectName("doseSpin")
    spin.lineEdit().setTextMargins(6, 0, 0, 0)  # a style sheet's padding does not reach it


def _spin(values: Range, default: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    _dose_spin(spin)
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
    """The inputs for one exercise: a caption column, a field column and a hint column.

    ``exercise`` is the one run, with its ranges: an easier variant when ``in_place_of``
    (the routine's exercise) is given, which the title then names.
    ``captions`` and ``fields`` are what the page gives one width each (the weight and its
    unit together make one field); ``inputs`` are the focusable ones, in reading order.
    """

    def __init__(
        self,
        exercise: Exercise,
        context: str,
        routine_sets: int | None,
        in_place_of: Exercise | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("setupCard")
        self.exercise = exercise
        dose = exercise.dose
        self._grid = grid = QGridLayout(self)
        grid.setContentsMargins(18, 12, 18, 14)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        named = f" (easier, in place of {in_place_of.name})" if in_place_of is not None else ""
        self.title = QLabel(exercise.name + named)
        self.title.setObjectName("setupExercise")
        self.title.setWordWrap(True)
        grid.addWidget(self.title, 0, 0, 1, 3)
        self.reason = QLabel()
        self.reason.setObjectName("setupReason")
        self.reason.setWordWrap(True)
        self.reason.hide()
        grid.addWidget(self.reason, 1, 0, 1, 3)
        per_side = " per side" if exercise.per_side else ""
        self.captions: list[QLabel] = []
        self.fields: list[QWidget] = []
        self.inputs: list[QWidget] = []
        self.rows: list[tuple[QLabel, QWidget]] = []
        """(caption, field) of each row with a caption."""
        self.hold: QSpinBox | None = None
        self.reps: QSpinBox | None = None
        self.guided: QRadioButton | None = None
        self.self_paced: QRadioButton | None = None
        self.weight: QDoubleSpinBox | None = None
        self.unit: QComboBox | None = None
        self.weight_hint: QLabel | None = None
        if dose.mode == "hold":
            hold = dose.hold[context]
            self.hold = _spin(hold, hold.default, " s")
            self._add(f"Hold{per_side}", self.hold, hold.text(" s"))
        else:
            assert dose.reps is not None
            self.reps = _counting_spin(dose.reps, dose.reps.default, "rep")
            self._add(f"Reps{per_side}", self.reps, dose.reps.text())
        default_sets = routine_sets if routine_sets is not None else dose.sets.default
        self.sets = _counting_spin(dose.sets, default_sets, "set")
        self._add("Sets", self.sets, dose.sets.text())
        if dose.mode != "hold":
            self.guided = QRadioButton()
            self.guided.setChecked(True)
            self.show_rep_seconds(dose.tempo_seconds or 0.0)
            self.self_paced = QRadioButton("At my own pace: I press Enter or Done")
            group = QButtonGroup(self)
            group.addButton(self.guided)
            group.addButton(self.self_paced)
            self._add("Reps are", self.guided, "", span=2)
            self._add("", self.self_paced, "", span=2)
        if dose.weight is not None:
            self.weight = QDoubleSpinBox()
            _dose_spin(self.weight)
            self.weight.setAccessibleName("Weight of each dumbbell")
            self.weight.setDecimals(1)
            self.weight.setSingleStep(0.5)
            self.unit = QComboBox()
            self.unit.setAccessibleName("Unit")
            self.unit.addItems(list(WEIGHT_UNITS))
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(6)
            row.addWidget(self.weight, 1)
            row.addWidget(self.unit)
            self.weight_hint = self._add("Each dumbbell", pair, WEIGHT_ADVICE)
            self.captions[-1].setBuddy(self.weight)
            self.inputs[-1:] = [self.weight, self.unit]
            self.unit.currentTextChanged.connect(self._fit_weight_range)
            self.unit.setCurrentText(dose.weight.unit)
            self._fit_weight_range()
            self.weight.setValue(dose.weight.default)
        grid.setColumnStretch(2, 1)

    def show_rep_seconds(self, seconds: float) -> None:
        """Say how long a guided rep lasts (as planned, at least the content's tempo)."""
        if self.guided is not None:
            self.guided.setText(f"Guided: the voice leads each rep ({seconds_text(seconds)})")

    def _add(self, caption: str, field: QWidget, hint: str, *, span: int = 1) -> QLabel | None:
        """Add a row: ``caption`` (none for a second line), ``field`` and ``hint``; return the
        hint's label. A field spanning two columns takes its own width, not the fields'."""
        row = self._grid.rowCount()
        middle = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        label = QLabel(caption)
        label.setObjectName("setupCaption")
        self._grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter)
        self.captions.append(label)
        if caption:
            label.setBuddy(field)
            if not isinstance(field, QRadioButton):  # a radio button is named by its text
                field.setAccessibleName(field.accessibleName() or caption)
            self.rows.append((label, field))
        self._grid.addWidget(field, row, 1, 1, span, middle)
        if span == 1:
            self.fields.append(field)
        self.inputs.append(field)
        if not hint:
            return None
        note = QLabel(hint)
        note.setObjectName("muted")
        note.setWordWrap(True)
        self._grid.addWidget(note, row, 2, Qt.AlignmentFlag.AlignVCenter)
        return note

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

    def advise(self, advice: Advised) -> None:
        """Show the coach's dose and the reason for it."""
        self.recall(advice.level.choice(self.choice().rep_mode))
        self.reason.setText(advice.reason)
        self.reason.setVisible(bool(advice.reason))

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
    the content's default. Enter starts, Esc goes back. ``total`` plans the choice as the
    doses change, for the session's length and each guided rep's (None: from estimated
    line lengths, as the settings say them); ``total_measured`` tells when the measured
    ones are shown.
    """

    confirmed = Signal(object)
    cancelled = Signal()
    total_measured = Signal(float)
    """The session's length with every line measured, just shown (with the rep lengths)."""

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
        self.rep_seconds: dict[str, float] = {}
        """The length of one guided rep shown for each exercise, by the id of the exercise
        run (from the same plan)."""
        self.measured = False
        """Whether :attr:`total_seconds` and :attr:`rep_seconds` come from measured lines."""
        self._routine = ""
        self._context = ""
        self._completed: frozenset[SetKey] = frozenset()
        self.cards: dict[str, _ExerciseDose] = {}
        """The card of each routine item, by the item's exercise id (a variant's card too)."""
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
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
        self.fields_area = QScrollArea()
        self.fields_area.setWidget(column)
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fields_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus
        self.back_button = QPushButton("◀  Back")
        self.back_button.setObjectName("navButton")
        self.back_button.setToolTip("Back to the exercises (Esc)")
        self.back_button.clicked.connect(self.cancelled)
        self.start_button = PrimaryButton("Start session  ▶")
        self.start_button.setToolTip("Start the session (Enter)")
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
        layout.addWidget(self.fields_area, 1)
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
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._align()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._align()  # now styled as the window styles it

    def _apply_style(self) -> None:
        base = max(QApplication.font().pointSizeF(), 10.0)
        self.setStyleSheet(setup_style(QApplication.palette(), base))
        self._align()

    def _align(self) -> None:
        """One width for every caption and one for every field, so the fields of all the
        cards line up; the widths are the widest of each, as styled now."""
        cards = list(self.cards.values())
        if not cards:
            return
        self.ensurePolished()
        captions = [label for card in cards for label in card.captions]
        inputs = [widget for card in cards for widget in card.fields]
        for widget in (*captions, *inputs):
            widget.setMinimumWidth(0)
            widget.setMaximumWidth(16777215)
        caption_width = max(label.sizeHint().width() for label in captions)
        field_width = max(widget.sizeHint().width() for widget in inputs)
        for label in captions:
            label.setFixedWidth(caption_width)
        for widget in inputs:
            widget.setFixedWidth(field_width)

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
        self.rep_seconds = {}
        for item in routine.items:
            card = self._card(item, item.exercise)
            if self._settings is not None:
                card.recall(self._settings.remembered_dose(item.exercise, routine_id, context))
            self._cards.addWidget(card)
            self.cards[item.exercise] = card
            card.on_change(self._update_total)
        self._align()
        self._order_tabs()
        self._update_total()
        self.fields_area.verticalScrollBar().setValue(0)
        self.start_button.setFocus()

    def advise(self, advice: Iterable[Advised]) -> None:
        """Set each exercise's inputs to the coach's dose (today's, or the one a resumed
        session began with), with its reason; an exercise given its easier variant shows
        the variant, with its ranges."""
        for item in advice:
            card = self.cards.get(item.exercise)
            if card is None:
                continue
            run = item.level.variant or item.exercise
            if card.exercise.id != run:
                card = self._swap(item.exercise, run, card)
            card.advise(item)
        self._update_total()

    def _card(self, item: RoutineItem, run: str) -> _ExerciseDose:
        """A card for routine ``item`` running exercise ``run`` (the item's own, or its
        easier variant, with the variant's ranges and default sets)."""
        main = self._content.exercises[item.exercise]
        if run == item.exercise:
            return _ExerciseDose(main, self._context, item.sets)
        return _ExerciseDose(self._content.exercises[run], self._context, None, in_place_of=main)

    def _swap(self, item_id: str, run: str, old: _ExerciseDose) -> _ExerciseDose:
        """Put a card running exercise ``run`` in place of ``old``, routine item
        ``item_id``'s card; it starts at the dose last chosen for ``run``, else with the
        old card's rep mode."""
        routine = self._content.routines[self._routine]
        card = self._card(next(i for i in routine.items if i.exercise == item_id), run)
        settings = self._settings
        if settings is not None and settings.remembers(run):
            card.recall(settings.remembered_dose(run, self._routine, self._context))
        else:
            card.recall(DoseChoice(rep_mode=old.choice().rep_mode))
        self._cards.replaceWidget(old, card)
        card.show()  # at once, not when the layout gets to it
        old.deleteLater()
        self.rep_seconds.pop(old.exercise.id, None)
        self.cards[item_id] = card
        card.on_change(self._update_total)
        self._align()
        self._order_tabs()
        return card

    def _order_tabs(self) -> None:
        """Tab goes down the fields, card by card, then to Back and Start."""
        chain = [w for card in self.cards.values() for w in card.inputs]
        chain += [self.back_button, self.start_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _update_total(self) -> None:
        """Show the lengths known now; ask for the measured ones."""
        self._generation += 1
        choice = self.choice()
        try:
            plan = self._total(choice, False)
        except ValueError:  # cannot be planned: Start will say why
            self._show_plan(None, measured=False)
            return
        self._show_plan(plan, measured=False)
        if self._measuring is not None:
            self._measuring.request(self._generation, choice)

    def _on_measured(self, generation: int, plan: Plan) -> None:
        if generation == self._generation:
            self._show_plan(plan, measured=True)
            self.total_measured.emit(plan.total_seconds)

    def _show_plan(self, plan: Plan | None, *, measured: bool) -> None:
        """Show the total and the guided reps' lengths of ``plan`` (None: no total)."""
        self.measured = measured
        self.total_seconds = None if plan is None else plan.total_seconds
        text = (
            "" if plan is None else f"About {clock_text(plan.total_seconds, rounding='up')} in all"
        )
        self.total_label.setText(text)
        shown = {card.exercise.id: card for card in self.cards.values()}
        for exercise, seconds in (rep_lengths(plan) if plan is not None else {}).items():
            self.rep_seconds[exercise] = seconds
            card = shown.get(exercise)
            if card is not None:
                card.show_rep_seconds(seconds)

    def choice(self) -> SetupChoice:
        choices = {ex: card.choice() for ex, card in self.cards.items()}
        variants = {
            ex: card.exercise.id for ex, card in self.cards.items() if card.exercise.id != ex
        }
        return SetupChoice(self._routine, self._context, choices, self._completed, variants)

    def confirm(self) -> None:
        if self._routine:
            self.confirmed.emit(self.choice())
