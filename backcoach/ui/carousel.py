"""The carousel: one exercise of a routine at a time, with today's dose.

Navigation stops at the ends (the routine has an order): Previous is disabled
on the first exercise and Next on the last, and the arrow keys do nothing there.

An exercise with an easier variant keeps its one slide: a Standard | Easier switch on
it shows the variant in its place, and the slide opens on the variant when today's
advice names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from backcoach.content.model import CONTEXT_LABELS, Exercise, Range, Routine
from backcoach.core.clock import Clock
from backcoach.core.pose import Motion
from backcoach.ui.illustration import STEP_INTERVAL_MS, IllustrationView
from backcoach.ui.props import align_centre, plain_text, set_enum
from backcoach.ui.theme import MARGIN, SPACING


@dataclass(frozen=True)
class Slide:
    """One exercise as a routine uses it; ``sets`` overrides the exercise's own range.
    ``easier`` is the exercise's easier variant (None: it has none)."""

    exercise: Exercise
    sets: int | None = None
    easier: Exercise | None = None

    def as_easier(self) -> Slide:
        """The easier variant in the exercise's place, with the same ``sets`` override."""
        assert self.easier is not None
        return Slide(self.easier, self.sets)

    def dose_text(self, context: str) -> str:
        """Today's dose, e.g. "Hold 15–30 s per side, 1 set"."""
        dose = self.exercise.dose
        if self.sets is not None:
            dose = replace(dose, sets=Range(self.sets, self.sets, self.sets))
        return dose.describe(context, self.exercise.per_side)

    def weight_text(self) -> str:
        weight = self.exercise.dose.weight
        if weight is None:
            return ""
        return f"Starting weight: {weight.default:g} {weight.unit} per dumbbell; adjust as needed."


def slides_for(routine: Routine, exercises: Mapping[str, Exercise]) -> list[Slide]:
    slides = []
    for item in routine.items:
        exercise = exercises[item.exercise]
        slides.append(Slide(exercise, item.sets, exercises.get(exercise.easier)))
    return slides


def _label(text: str, name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    plain_text(label)
    return label


def _clear(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


class _StepRow(QFrame):
    """A numbered step; highlighted while the illustration shows its position.

    The highlight comes from the style sheet, through the ``current`` property; a
    row made current (for the first position) needs no second styling pass.
    """

    def __init__(self, number: int, text: str, position: str, *, current: bool = False) -> None:
        super().__init__()
        self.setObjectName("step")
        self.position = position
        self.current = current
        self.setProperty("current", current)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(SPACING)
        badge = _label(str(number), "stepNumber", wrap=False)
        align_centre(badge)
        badge_column = QVBoxLayout()  # the number stays by the step's first line
        badge_column.addWidget(badge)
        badge_column.addStretch(1)
        layout.addLayout(badge_column)
        self.text = _label(text, "stepText")
        layout.addWidget(self.text, 1)

    def set_current(self, current: bool) -> None:
        if current != self.current:
            self.current = current
            self.setProperty("current", current)
            self.style().unpolish(self)
            self.style().polish(self)


class Carousel(QWidget):
    """Shows the exercises of one routine, one at a time."""

    current_changed = Signal(int)

    def __init__(
        self,
        interval_ms: int = STEP_INTERVAL_MS,
        parent: QWidget | None = None,
        clock: Clock | None = None,
    ) -> None:
        """``interval_ms`` and ``clock`` time the illustration's movement (see
        :class:`~backcoach.ui.illustration.IllustrationView`)."""
        super().__init__(parent)
        self._slides: list[Slide] = []
        self._context = "after-run"
        self._index = 0
        self._step_rows: list[_StepRow] = []
        self._advised: dict[str, str] = {}
        self._easier = False

        self.illustration = IllustrationView(interval_ms, clock=clock)
        self.illustration.position_changed.connect(self._on_position)
        self._caption = _label("", "caption")
        align_centre(self._caption)
        card = QFrame()
        card.setObjectName("illustrationCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(SPACING, SPACING, SPACING, SPACING)
        card_layout.addWidget(self.illustration, 1)
        card_layout.addWidget(self._caption)

        self.standard_button = QPushButton("Standard")
        # The variant's name is in Easier's tip: a long one would not fit the narrowest window.
        self.easier_button = QPushButton("Easier")
        for button, easier in ((self.standard_button, False), (self.easier_button, True)):
            button.setObjectName("contextButton")  # checked and focused as the context choice
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, e=easier: self.show_easier(e))
        self._switch = QWidget()
        switch_row = QHBoxLayout(self._switch)
        switch_row.setContentsMargins(0, 0, 0, 0)
        switch_row.setSpacing(4)
        switch_row.addWidget(self.standard_button)
        switch_row.addWidget(self.easier_button)
        switch_row.addStretch(1)
        self._advice = _label("", "muted")
        self._category = _label("", "category")
        self._title = _label("", "title")
        self._tag = _label("", "tag", wrap=False)
        self._summary = _label("", "muted")
        self._dose_label = _label("", "doseLabel")
        self._dose = _label("", "doseText")
        self._weight = _label("", "body")
        dose_box = QFrame()
        dose_box.setObjectName("doseBox")
        dose_layout = QVBoxLayout(dose_box)
        dose_layout.setContentsMargins(16, 10, 16, 12)
        dose_layout.setSpacing(2)
        for w in (self._dose_label, self._dose, self._weight):
            dose_layout.addWidget(w)
        self._why = _label("", "body")
        self._steps = QVBoxLayout()
        self._steps.setSpacing(2)
        self._form = _label("", "cue")
        self._breathing_heading = _label("BREATHING", "heading")
        self._breathing = _label("", "cue")
        self._equipment = _label("", "body")

        column = QWidget()
        text = QVBoxLayout(column)
        text.setContentsMargins(0, 0, SPACING, 0)
        text.setSpacing(8)
        text.addWidget(self._switch)
        text.addWidget(self._advice)
        text.addWidget(self._category)
        text.addWidget(self._title)
        tag_row = QHBoxLayout()  # the tag is as wide as its words
        tag_row.addWidget(self._tag)
        tag_row.addStretch(1)
        text.addLayout(tag_row)
        text.addWidget(self._summary)
        text.addSpacing(4)
        text.addWidget(dose_box)
        text.addWidget(_label("WHY IT HELPS", "heading"))
        text.addWidget(self._why)
        text.addWidget(_label("STEPS", "heading"))
        text.addLayout(self._steps)
        text.addWidget(_label("FORM", "heading"))
        text.addWidget(self._form)
        text.addWidget(self._breathing_heading)
        text.addWidget(self._breathing)
        text.addWidget(_label("EQUIPMENT", "heading"))
        text.addWidget(self._equipment)
        text.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidget(column)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        set_enum(self._scroll, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self._scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        body = QHBoxLayout()
        body.setSpacing(MARGIN + SPACING)
        body.addWidget(card, 11)
        body.addWidget(self._scroll, 9)

        self.prev_button = QPushButton("◀  Previous")
        self.next_button = QPushButton("Next  ▶")
        for button, tip in ((self.prev_button, "Left arrow"), (self.next_button, "Right arrow")):
            button.setObjectName("navButton")
            button.setToolTip(tip)
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.dots: list[QPushButton] = []
        self._dots_layout = QHBoxLayout()
        self._dots_layout.setSpacing(8)
        self._counter = _label("", "muted", wrap=False)
        self._footer = QHBoxLayout()
        self._footer.setSpacing(SPACING)
        self._footer.addWidget(self.prev_button)
        self._footer.addLayout(self._dots_layout)
        self._footer.addWidget(self.next_button)
        self._footer.addSpacing(SPACING)
        self._footer.addWidget(self._counter)
        self._footer.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(MARGIN)
        layout.addLayout(body, 1)
        layout.addLayout(self._footer)

        for key, slot in (("Left", self.previous), ("Right", self.next)):
            shortcut = QShortcut(QKeySequence.fromString(key), self)  # anywhere in the window
            shortcut.activated.connect(slot)

    def hasHeightForWidth(self) -> bool:
        """No: the carousel shrinks to its minimum at any width (its text scrolls), so a page
        holding it fits the window without scrolling as long as that minimum does."""
        return False

    def focus_chain(self) -> list[QWidget]:
        """Its focusable widgets in reading order: the text, the variant switch at its top,
        Previous, the dots, Next."""
        return [
            self._scroll,
            self.standard_button,
            self.easier_button,
            self.prev_button,
            *self.dots,
            self.next_button,
        ]

    def add_footer_widget(self, widget: QWidget) -> None:
        """Place ``widget`` at the right end of the navigation row."""
        self._footer.addWidget(widget)

    def set_slides(self, slides: list[Slide], context: str) -> None:
        """Show ``slides`` from the first one, with doses for ``context``."""
        self._slides = slides
        self._context = context
        self._index = -1
        _clear(self._dots_layout)
        self.dots = []
        for i, slide in enumerate(slides):
            dot = QPushButton()
            dot.setObjectName("dot")
            dot.setCheckable(True)
            dot.setToolTip(slide.exercise.name)
            dot.setAccessibleName(f"Exercise {i + 1}: {slide.exercise.name}")
            dot.clicked.connect(lambda _checked=False, i=i: self.go_to(i))
            self._dots_layout.addWidget(dot)
            self.dots.append(dot)
        self.go_to(0)

    def set_advice(self, reasons: Mapping[str, str]) -> None:
        """Today's advice: by exercise id, the reason for each exercise whose dose today is
        its easier variant. Their slides open on the variant and show the reason."""
        if reasons != self._advised:
            self._advised = dict(reasons)
            self.go_to(self._index)

    def show_easier(self, easier: bool) -> None:
        """Show the slide's easier variant in its place, or (False) the exercise itself."""
        slide = self.current()
        if slide is not None and slide.easier is not None:
            self._easier = easier
            self._show(slide)

    def set_context(self, context: str) -> None:
        self._context = context
        shown = self.shown()
        if shown is not None:
            self._show_dose(shown)

    def context(self) -> str:
        return self._context

    def count(self) -> int:
        return len(self._slides)

    def index(self) -> int:
        return self._index

    def current(self) -> Slide | None:
        return self._slides[self._index] if 0 <= self._index < len(self._slides) else None

    def shown(self) -> Slide | None:
        """The current slide as shown: its exercise, or its easier variant in its place."""
        slide = self.current()
        return slide.as_easier() if slide is not None and self._easier else slide

    def dose_text(self) -> str:
        """The dose line as shown."""
        return self._dose.text()

    def highlighted_steps(self) -> list[int]:
        """Numbers (from 1) of the steps highlighted for the position on show."""
        return [n for n, row in enumerate(self._step_rows, 1) if row.current]

    def next(self) -> None:
        self.go_to(self._index + 1)

    def previous(self) -> None:
        self.go_to(self._index - 1)

    def go_to(self, index: int) -> None:
        """Show exercise ``index``; out-of-range indexes are ignored (no wrapping)."""
        if not 0 <= index < len(self._slides):
            self._sync_navigation()
            return
        changed = index != self._index
        self._index = index
        slide = self._slides[index]
        self._easier = slide.easier is not None and slide.exercise.id in self._advised
        self._show(slide)
        self._sync_navigation()
        if changed:
            self.current_changed.emit(index)

    def _sync_navigation(self) -> None:
        n = len(self._slides)
        self.prev_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(self._index < n - 1)
        for i, dot in enumerate(self.dots):
            dot.setChecked(i == self._index)
        self._counter.setText(f"Exercise {self._index + 1} of {n}" if n else "")

    def _show(self, slide: Slide) -> None:
        self._switch.setVisible(slide.easier is not None)
        self.standard_button.setChecked(not self._easier)
        self.easier_button.setChecked(self._easier)
        if slide.easier is not None:
            self.standard_button.setToolTip(f"Show {slide.exercise.name}")
            self.easier_button.setToolTip(f"Show the easier variant: {slide.easier.name}")
            self.easier_button.setAccessibleName(f"Easier variant: {slide.easier.name}")
        reason = self._advised.get(slide.exercise.id, "") if slide.easier is not None else ""
        self._advice.setText(reason)
        self._advice.setVisible(bool(reason))
        category = slide.exercise.category
        if self._easier:
            category = f"Easier variant of {slide.exercise.name}"
            slide = slide.as_easier()
        ex = slide.exercise
        self._category.setText(category.upper())
        self._title.setText(ex.name)
        self._tag.setText(f"Works on: {ex.addresses}")
        self._summary.setText(ex.summary)
        self._why.setText(ex.why)
        _clear(self._steps)
        first = ex.positions[0].id if ex.positions else None
        self._step_rows = [
            _StepRow(n, s.text, s.position, current=s.position == first)
            for n, s in enumerate(ex.steps, 1)
        ]
        for row in self._step_rows:
            self._steps.addWidget(row)
        self._form.setText("\n".join(f"•  {cue}" for cue in ex.form_cues))
        self._breathing.setText("\n".join(f"•  {cue}" for cue in ex.breathing_cues))
        self._breathing_heading.setVisible(bool(ex.breathing_cues))
        self._breathing.setVisible(bool(ex.breathing_cues))
        self._equipment.setText(", ".join(ex.equipment))
        self._weight.setText(slide.weight_text())
        self._weight.setVisible(bool(slide.weight_text()))
        self._show_dose(slide)
        self._scroll.verticalScrollBar().setValue(0)
        self.illustration.set_positions(ex.positions, Motion(ex))

    def _show_dose(self, slide: Slide) -> None:
        """Show the dose of ``slide`` as shown (the exercise or its variant)."""
        self._dose_label.setText(f"TODAY · {CONTEXT_LABELS[self._context].upper()}")
        self._dose.setText(slide.dose_text(self._context))

    def _on_position(self, index: int) -> None:
        position = self.illustration.current()
        if position is None:
            return
        total = len(self.illustration.positions())
        self._caption.setText(f"{index + 1}/{total}  ·  {position.label}")
        for row in self._step_rows:
            row.set_current(row.position == position.id)
