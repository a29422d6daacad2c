"""The session screen, made to be followed from a mat 2 m away; every action on a key and a button.

The figure leads: it takes the left of the screen, at least :data:`FIGURE_GOAL` of the
window's height while there is room, mirrored for the right side. Beside it are the
time or rep count, as large as its column allows, and what comes next; under them
all, the caption: the line the voice is saying (or would say, with the voice off),
at least :data:`CAPTION_MIN_PX` pixels. A rest tints the whole background. Every
part keeps its place in every phase, in pause and behind the end confirmation; when
space is short, the step list goes first, then the margins around the picture, then
the figure shrinks (down to 960×540 it keeps :data:`FIGURE_FLOOR` of the window's
height or more); the caption and the count keep their sizes.

The view only shows what it is given (:meth:`SessionView.show_state`,
:meth:`SessionView.show_caption`, :meth:`SessionView.show_summary`) and turns keys
and clicks into signals; it never decides timing. Keys work whichever child has
focus: Space pauses or resumes, → skips, ← goes back, + adds 10 s, Enter ends a
self-paced set, Esc asks before ending (the session pauses while it asks). F11 (the
main window's View → Full screen) and the full-screen button toggle full screen.

A presenter remote works too: Page Down skips (or ends a self-paced set), Page Up
goes back, B and "." pause or resume, and F5 (which such remotes send to start a
slide show, alternating with Esc) answers an open end question with "keep going";
neither F5 nor Esc ever ends a session unasked. A click or tap on the figure pauses
or resumes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHideEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backcoach.content.model import Exercise
from backcoach.core.phases import Phase
from backcoach.core.plan import Plan
from backcoach.core.pose import TURN_SECONDS, Frame, Motion, turned
from backcoach.core.session import SessionState, Summary
from backcoach.core.text import noun_for
from backcoach.core.timefmt import clock_text
from backcoach.ui.animation import FIGURE_FPS, frame_rate
from backcoach.ui.caption import CaptionLine
from backcoach.ui.illustration import IllustrationView
from backcoach.ui.summary_view import SummaryPage
from backcoach.ui.theme import (
    MARGIN,
    SPACING,
    WARNING_HUE,
    accent,
    is_dark,
    mix,
    muted_text,
    restyles,
    tint,
)
from backcoach.ui.widgets import big_button, next_turn, text_label, weight_text

ADD_SECONDS = 10.0
ADD_TIP = "+: add 10 s to this countdown"
NO_ADD_TIPS = {
    "tempo": "+10 s is off: guided reps run by the rep, so there is no countdown to lengthen",
    "self": "+10 s is off: at your own pace there is no countdown; press Done when finished",
}
"""Why +10 s is off, by phase mode; other phases without a countdown use NO_ADD_TIP."""
NO_ADD_TIP = "+10 s is off: there is no countdown to lengthen now"

PHASE_LABELS = {
    "get-ready": "Get ready",
    "switch-sides": "Switch sides",
    "rest": "Rest",
    "finished": "Finished",
}
PAUSED = "Paused · press Space to go on"
RESUMING = "Resuming…"
"""Shown while the session holds for its spoken answer before going on."""
CHIP_TEXTS = ("Get ready", "Hold", "Reps", "Switch sides", "Rest", "Finished", "Paused", RESUMING)
"""Every text the phase chip shows: it is as wide as the widest, so nothing beside it moves."""

FIGURE_GOAL = 0.5
"""The figure's height, as a share of the window's, that the picture margins give way to."""
FIGURE_FLOOR = 0.35
"""The least share of the window's height the figure keeps, on screens down to 960×540."""
CAPTION_MIN_PX = 28
"""The caption is never drawn smaller than this (logical pixels)."""
LABEL_MIN_PX = 24
"""Set, side and what comes next are never smaller than this."""
COUNT_MIN_PX = 120
"""The time or rep count is never drawn smaller than this: the middle of the screen is
never made shorter than it needs."""
DESIGN_HEIGHT = 768
"""The window's height at which every size is its nominal size (1366×768, scale 1)."""
REST_HUE = QColor(70, 170, 130)
"""The tint of the background during a rest."""


def phasetext_label(state: SessionState) -> str:
    """The phase's name: "Get ready", "Hold", "Reps", "Switch sides", "Rest" or "Finished"."""
    phase = state.phase
    if phase.is_work:
        return "Hold" if phase.mode == "hold" else "Reps"
    return PHASE_LABELS.get(phase.kind, phase.kind.title())


def readout(state: SessionState) -> tuple[str, str]:
    """The huge text and the words under it, such as ("0:42", "left") or ("7 / 10", "reps")."""
    phase = state.phase
    if phase.mode == "tempo" and state.rep is not None and state.target_reps:
        left = clock_text(state.remaining or 0, rounding="up")
        return f"{state.rep} / {state.target_reps}", f"rep · {left} left"
    if phase.mode == "self":
        reps = state.target_reps or 0
        return f"{reps}", f"{noun_for(reps, 'rep')} at your own pace · Enter when done"
    if state.remaining is None:
        return "", ""
    captions = {
        "get-ready": "until you start",
        "switch-sides": "to change sides",
        "rest": "of rest",
        "work": "left to hold",
    }
    return clock_text(state.remaining, rounding="up"), captions.get(phase.kind, "")


def where_text(phase: Phase) -> str:
    """The side and the set, such as "Left side  ·  Set 1 of 3"."""
    parts = []
    if phase.side != "both":
        parts.append(f"{phase.side.title()} side")
    if phase.total_sets:
        parts.append(f"Set {phase.set_number} of {phase.total_sets}")
    return "  ·  ".join(parts)


def next_text(plan: Plan | None, state: SessionState) -> tuple[str, str]:
    """What comes after the work on screen, in two lines, such as ("Next: Dead bug",
    "Set 2 of 3"), or ("Next: Finish", "").

    Getting ready and switching sides show the work they lead to, so they name the work
    after that ("After that: ..."); a rest shows none, so it names the work it leads to.
    """
    if plan is None:
        return "Next: Finish", ""
    index, word = state.index, "Next"
    if state.phase.kind in ("get-ready", "switch-sides"):
        leads_to = next(
            (i for i in range(index + 1, len(plan.phases)) if plan.phases[i].is_work), None
        )
        if leads_to is not None:
            index, word = leads_to, "After that"
    coming = plan.next_work(index)
    if coming is None:
        return f"{word}: Finish", ""
    exercise = plan.exercise(coming)
    name = exercise.name if exercise is not None else coming.exercise
    return f"{word}: {name}", where_text(coming)


class BigReadout(QWidget):
    """Text drawn as large as the widget allows; the size is fixed per shape of text.

    Digits are measured as zeros, so a countdown does not jump in size as it runs, and
    a count "N / M" as if N had as many digits as M, so "9 / 12" and "10 / 12" are
    drawn at one size.
    """

    WIDTH_SHARE = 0.94
    HEIGHT_SHARE = 0.92

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._dimmed = False
        self.setAccessibleName("Time or reps")

    def text(self) -> str:
        return self._text

    def set_text(self, text: str, *, dimmed: bool = False) -> None:
        if (text, dimmed) != (self._text, self._dimmed):
            self._text, self._dimmed = text, dimmed
            self.setAccessibleDescription(text)
            self.update()

    def pixel_size(self) -> int:
        """The font size in pixels that the current text is drawn at."""
        if not self._text:
            return 0
        done, slash, target = self._text.partition(" / ")
        if slash and done.isdigit() and target.isdigit():
            done = "0" * max(len(done), len(target))
        shape = "".join("0" if c.isdigit() else c for c in done + slash + target)
        return max(
            12, int(min(self.fit_width(shape, self.width()), self.fit_height(self.height())))
        )

    def fit_width(self, shape: str, width: float) -> float:
        """The largest size in pixels at which ``shape`` fits ``width``."""
        advance = QFontMetricsF(self._font(100)).horizontalAdvance(shape)
        return 100 * width * self.WIDTH_SHARE / max(advance, 1.0)

    def fit_height(self, height: float) -> float:
        """The largest size in pixels at which digits fit ``height``."""
        return height * self.HEIGHT_SHARE / self._cap_share()

    def height_for(self, pixels: float) -> float:
        """The height in which digits of ``pixels`` fit (the inverse of :meth:`fit_height`)."""
        return pixels * self._cap_share() / self.HEIGHT_SHARE

    def _cap_share(self) -> float:
        return QFontMetricsF(self._font(100)).capHeight() / 100 * 1.25

    def _font(self, pixels: int) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(pixels)
        font.setWeight(QFont.Weight.Bold)
        font.setFeature(QFont.Tag("tnum"), 1)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        palette = self.palette()
        colour = palette.color(QPalette.ColorRole.WindowText)
        painter.setPen(muted_text(palette) if self._dimmed else colour)
        painter.setFont(self._font(self.pixel_size()))
        painter.drawText(QRectF(self.rect()), int(Qt.AlignmentFlag.AlignCenter), self._text)
        painter.end()


class FrameProgressBar(QProgressBar):
    """A progress bar whose new value is painted with the window's next frame.

    :meth:`QProgressBar.setValue` repaints at once when the bar's look changes, and a
    repaint at once paints every other change the window has waiting, inside the caller:
    a session tick that changes the phase would paint the whole new screen before it
    returns, and then again after it.
    """

    def setValue(self, value: int) -> None:
        if value == self.value():
            return
        self.setUpdatesEnabled(False)
        super().setValue(value)
        self.setUpdatesEnabled(True)  # schedules the paint with the next frame


class ElidedLabel(QLabel):
    """A one-line label that leaves out part of its text, marked "…", when narrower than
    it (the end, or the middle); :meth:`text` is whole.

    Its height never depends on its text, so the rows it sits in never move.
    """

    def __init__(self, name: str, elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._whole = ""
        self._elide_mode = elide

    def text(self) -> str:
        return self._whole

    def setText(self, text: str) -> None:
        if text != self._whole:
            self._whole = text
            self._elide()
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        self.ensurePolished()
        margins = self.contentsMargins()
        metrics = QFontMetricsF(self.font())
        return QSize(
            math.ceil(metrics.horizontalAdvance(self._whole))
            + 1
            + margins.left()
            + margins.right(),
            math.ceil(metrics.height()) + margins.top() + margins.bottom(),
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._whole, self._elide_mode, self.contentsRect().width()
        )
        super().setText(shown)
        self.setToolTip("" if shown == self._whole else self._whole)


class StepList(QWidget):
    """The exercise's numbered steps; the one being done is highlighted and always in view.

    Only whole steps are shown, as many as fit: the highlighted one, then those after
    it, then those before it. There is no scroll bar; the list moves to the step.
    """

    SPACING = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[QLabel] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(self.SPACING)
        self._layout.addStretch(1)
        self._current = self._wanted = -1
        self._moving = next_turn(self, self._move)

    def set_steps(self, texts: Sequence[str]) -> None:
        for row in self._rows:
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._rows = []
        for n, text in enumerate(texts, 1):
            row = text_label("sessionStep", f"{n}.  {text}")
            row.setProperty("current", False)
            self._layout.insertWidget(n - 1, row)
            self._rows.append(row)
        self._current = self._wanted = -1
        self._moving.stop()
        self._fit()

    def highlight(self, index: int) -> None:
        """Highlight step ``index`` on the next turn of the event loop: the frame that
        shows a new phase is painted first, then the list moves (a set's end stays one
        short stall, not two in a row)."""
        self._wanted = index
        if index != self._current:
            self._moving.start()

    def current(self) -> int:
        """The step (from 0) highlighted, or about to be; -1 for none."""
        return self._wanted

    def is_moving(self) -> bool:
        """Whether the highlight has yet to move to :meth:`current`."""
        return self._wanted != self._current

    def _move(self) -> None:
        index = self._wanted
        if index == self._current:
            return
        for i in (self._current, index):  # restyle the two rows that change, not all
            if 0 <= i < len(self._rows):
                row = self._rows[i]
                row.setProperty("current", i == index)
                row.style().unpolish(row)
                row.style().polish(row)
        self._current = index
        self._fit()

    def current_row(self) -> QLabel | None:
        return self._rows[self._current] if 0 <= self._current < len(self._rows) else None

    def rows(self) -> list[QLabel]:
        """The steps' labels, in order."""
        return list(self._rows)

    def texts(self) -> list[str]:
        return [row.text() for row in self._rows]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Show the whole steps that fit, around the highlighted one."""
        if not self._rows:
            return
        for row in self._rows:
            row.ensurePolished()
        heights = [row.heightForWidth(self.width()) for row in self._rows]
        first = last = min(max(self._current, 0), len(self._rows) - 1)
        used = heights[first]
        while last + 1 < len(heights) and used + self.SPACING + heights[last + 1] <= self.height():
            last += 1
            used += self.SPACING + heights[last]
        while first > 0 and used + self.SPACING + heights[first - 1] <= self.height():
            first -= 1
            used += self.SPACING + heights[first]
        for i, row in enumerate(self._rows):
            row.setHidden(not first <= i <= last)


class FloorBody(QWidget):
    """The middle of the screen: the figure on the left; the count, what comes next and
    the steps on the right. Placed by hand, so that the order in which parts give way
    when space is short is exactly the one in the module docstring."""

    ROW_GAP = SPACING // 2

    def __init__(
        self,
        card: QFrame,
        count: BigReadout,
        under_count: Sequence[QLabel],
        next_up: Sequence[QLabel],
        steps: StepList,
    ) -> None:
        super().__init__()
        self.card = card
        self.count = count
        self.under_count = tuple(under_count)
        self.next_up = tuple(next_up)
        self.steps = steps
        self.margin = MARGIN
        self.gap = MARGIN * 2
        self.step_room = 80
        for widget in (card, count, *under_count, *next_up, steps):
            widget.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_sizes(self, margin: int, gap: int, step_room: int) -> None:
        """The picture's full margin, the gap between the columns and the least room that
        shows the step list."""
        self.margin, self.gap, self.step_room = margin, gap, step_room
        self.place()

    def minimumSizeHint(self) -> QSize:
        """As tall as the count at :data:`COUNT_MIN_PX` with the lines under it."""
        return QSize(0, math.ceil(self.count.height_for(COUNT_MIN_PX) + self._column()[0]))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place()

    def _column(self) -> tuple[int, int, list[int]]:
        """The height of the lines under the count with their spacing, the height of the
        line under the count alone, and of each line of what comes next."""
        for label in (*self.under_count, *self.next_up):
            label.ensurePolished()
        under = max(label.sizeHint().height() for label in self.under_count)
        next_heights = [label.sizeHint().height() for label in self.next_up]
        return under + sum(next_heights) + 2 * self.ROW_GAP, under, next_heights

    def place(self) -> None:
        """Place every part for the widget's size and the window's height."""
        width, height = self.width(), self.height()
        reference = max(self.window().height(), height)
        margin = self.margin
        if height - 2 * margin < FIGURE_GOAL * reference:
            margin = max(0, int((height - FIGURE_GOAL * reference) / 2))
        figure = height - 2 * margin
        card_width = min(round(figure * 4 / 3) + 2 * margin, round(width * 0.62))
        layout = self.card.layout()
        if layout is not None:
            layout.setContentsMargins(margin, margin, margin, margin)
        self.card.setGeometry(0, 0, card_width, height)

        left = card_width + self.gap
        column = max(0, width - left)
        fixed, under, next_heights = self._column()
        spacing = self.ROW_GAP
        wanted = self.count.height_for(self.count.fit_width("0:00", column))
        spare = height - fixed - wanted - spacing
        show_steps = margin == self.margin and spare >= self.step_room
        count_height = int(wanted) if show_steps else max(0, height - fixed)
        block = count_height + fixed
        top = 0 if show_steps else max(0, (height - block) // 2)
        self.count.setGeometry(left, top, column, count_height)
        y = top + count_height + spacing
        for label in self.under_count:
            label.setGeometry(left, y, column, under)
        y += under + spacing
        for label, label_height in zip(self.next_up, next_heights, strict=True):
            label.setGeometry(left, y, column, label_height)
            y += label_height
        y += spacing
        self.steps.setVisible(show_steps)
        if show_steps:
            self.steps.setGeometry(left, y, column, height - y)


class ConfirmEnd(QFrame):
    """A question before ending, over the whole window: Enter ends, Esc keeps going."""

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("confirmShade")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        card = QFrame()
        card.setObjectName("confirmCard")
        title = text_label("confirmTitle", "End the session now?")
        text = text_label(
            "confirmText",
            "The session is paused. The sets you have finished are kept. "
            "Enter ends, Esc keeps going.",
        )
        self.keep_button = big_button("Keep going", "sessionButton", "Esc")
        self.end_button = big_button("End session", "endButton", "Enter")
        self.keep_button.clicked.connect(self.cancel)
        self.end_button.clicked.connect(self.confirm)
        buttons = QHBoxLayout()
        buttons.setSpacing(SPACING)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.end_button)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(SPACING)
        inner.addWidget(title)
        inner.addWidget(text)
        inner.addSpacing(8)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.hide()

    def ask(self, over: QWidget) -> None:
        """Show the question over all of ``over`` (the window)."""
        if self.parentWidget() is not over:
            self.setParent(over)
        self.setGeometry(over.rect())
        self.show()
        self.raise_()

    def confirm(self) -> None:
        self.hide()
        self.confirmed.emit()

    def cancel(self) -> None:
        self.hide()
        self.cancelled.emit()


class SessionView(QWidget):
    """The running session and its summary; see the module docstring for the keys."""

    toggle_pause_requested = Signal()
    pause_requested = Signal()
    """The end confirmation opened while the session ran."""
    resume_requested = Signal()
    """The end confirmation was answered "keep going" after it paused the session."""
    skip_requested = Signal()
    back_requested = Signal()
    add_time_requested = Signal(float)
    done_requested = Signal()
    end_requested = Signal()
    """Emitted only after the user confirmed."""
    home_requested = Signal()
    """The summary's button back to the exercises."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionView")
        self._plan: Plan | None = None
        self._exercise = ""
        self._state: SessionState | None = None
        self._notices: dict[str, QFrame] = {}
        self._style_key = ""
        self._made_full_screen = False
        self._paused_to_ask = False
        self._resting = False
        self._routine_time: Callable[[], float] | None = None
        self._motion: Motion | None = None
        self._facing: tuple[str, bool] | None = None
        self._turn_from = -math.inf

        self.phase_chip = text_label("phaseChip", wrap=False)
        self.phase_chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_chip.setProperty("paused", False)
        self.exercise_label = ElidedLabel("sessionExercise")
        self.where_label = ElidedLabel("sessionWhere")
        self.where_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.weight_label = text_label("sessionWeight", wrap=False)
        self.readout = BigReadout()
        self.readout_caption = ElidedLabel("readoutCaption")
        self.readout_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paused_label = text_label("pausedLabel", PAUSED, wrap=False)
        self.paused_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paused_label.hide()
        self.next_label = ElidedLabel("nextLabel")
        self.next_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_detail = ElidedLabel("nextDetail")
        self.next_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = CaptionLine()
        self.illustration = IllustrationView(0)
        self.illustration.setToolTip("")
        self.illustration.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.steps = StepList()
        self.progress = FrameProgressBar()
        self.progress.setObjectName("sessionProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress_label = text_label("progressLabel", wrap=False)
        self.status_label = ElidedLabel("sessionStatus", Qt.TextElideMode.ElideMiddle)

        self.back_button = big_button("◀◀  Back", "sessionButton", "Left arrow")
        self.pause_button = big_button("❚❚  Pause", "pauseButton", "Space")
        self.skip_button = big_button("Skip  ▶▶", "sessionButton", "Right arrow")
        self.add_button = big_button("+10 s", "sessionButton", "+")
        self.done_button = big_button("✓  Done", "doneButton", "Enter")
        self.end_button = big_button("■  End", "endButton", "Esc")
        self.full_screen_button = big_button("Full screen", "sessionButton", "F11")
        self.full_screen_button.clicked.connect(self.toggle_full_screen)
        self.back_button.clicked.connect(self.back_requested)
        self.pause_button.clicked.connect(self.toggle_pause_requested)
        self.skip_button.clicked.connect(self.skip_requested)
        self.add_button.clicked.connect(lambda: self.add_time_requested.emit(ADD_SECONDS))
        self.done_button.clicked.connect(self.done_requested)
        self.end_button.clicked.connect(self.ask_end)

        self._notice_box = QVBoxLayout()
        self._notice_box.setSpacing(6)

        head = QHBoxLayout()
        head.setSpacing(SPACING + 4)
        head.addWidget(self.phase_chip, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.exercise_label, 1, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.weight_label, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.where_label, 0, Qt.AlignmentFlag.AlignVCenter)

        card = QFrame()
        card.setObjectName("illustrationCard")
        card.setToolTip("Tap the figure to pause or resume")
        card.setCursor(Qt.CursorShape.PointingHandCursor)
        card.installEventFilter(self)
        self.figure_card = card
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(self.illustration, 1)
        self.body = FloorBody(
            card,
            self.readout,
            (self.readout_caption, self.paused_label),
            (self.next_label, self.next_detail),
            self.steps,
        )

        status = QHBoxLayout()
        status.setSpacing(SPACING)
        status.addWidget(self.status_label, 1)
        status.addWidget(self.progress_label)

        buttons = QHBoxLayout()
        buttons.setSpacing(SPACING)
        for button in self.buttons():
            buttons.addWidget(button)

        running = QWidget()
        layout = QVBoxLayout(running)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addLayout(self._notice_box)
        layout.addLayout(head)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.progress)
        layout.addLayout(status)
        layout.addLayout(buttons)
        self._rows = layout
        self.running_page = running
        self.summary_page = SummaryPage()
        self.summary_page.home_button.clicked.connect(self._go_home)
        self.pages = QStackedWidget()
        self.pages.addWidget(running)
        self.pages.addWidget(self.summary_page)
        outer = QVBoxLayout(self)
        outer.addWidget(self.pages)
        self._outer = outer

        self.confirm = ConfirmEnd(self)
        self.confirm.confirmed.connect(self._end_confirmed)
        self.confirm.cancelled.connect(self._end_cancelled)
        self._bind_keys()
        self._apply_style()

    # -- showing -------------------------------------------------------------

    def set_plan(self, plan: Plan) -> None:
        """Start showing a new session of ``plan`` (back on the running page)."""
        self._plan = plan
        self._exercise = ""
        self._state = None
        self._motion = None
        self._facing = None
        self._paused_to_ask = False
        self.confirm.hide()
        self.caption.set_text("")
        self.pages.setCurrentWidget(self.running_page)

    def show_state(self, state: SessionState) -> None:
        """Render a snapshot; cheap when little changed (labels skip equal text)."""
        self._state = state
        phase = state.phase
        if self._plan is not None and phase.exercise and phase.exercise != self._exercise:
            self._show_exercise(self._plan.exercises[phase.exercise])
        resting = phase.kind == "rest"
        if state.resuming:
            chip = RESUMING
        elif state.paused:
            chip = "Paused"
        else:
            chip = phasetext_label(state)
        self.phase_chip.setText(chip.upper())
        _set_flag(self.phase_chip, "paused", state.paused)
        _set_flag(self.phase_chip, "rest", resting)
        self.exercise_label.setText("Rest" if resting else state.exercise_name)
        self.where_label.setText("" if resting or phase.kind == "finished" else where_text(phase))
        weight = weight_text(phase.weight, phase.weight_unit)
        short = "" if phase.weight is None else f"{phase.weight:g} {phase.weight_unit or ''}"
        self.weight_label.setText(short.strip())  # beside the exercise's name: "8 kg"
        self.weight_label.setAccessibleName(weight)
        self.weight_label.setVisible(bool(weight))
        big, under = readout(state)
        self.readout.set_text(big, dimmed=state.paused)
        self.readout_caption.setText(under)
        self.paused_label.setText(RESUMING if state.resuming else PAUSED)
        self.paused_label.setVisible(state.paused)
        self.readout_caption.setVisible(not state.paused)
        coming, detail = next_text(self._plan, state)
        self.next_label.setText(coming)
        self.next_detail.setText(detail)
        self.steps.highlight(state.step_index)
        self.illustration.set_mirrored(phase.side == "right")
        positions = [p.id for p in self.illustration.positions()]
        if state.position in positions:
            self.illustration.show_position(positions.index(state.position))
            self._move_figure(state)
        self.progress.setValue(round(state.progress * 1000))
        done = clock_text(state.routine_elapsed, rounding="down")
        total = clock_text(state.expected_total, rounding="up")
        self.progress_label.setText(f"{done} of about {total}")
        held = state.paused and not state.resuming
        self.pause_button.setText("▶  Resume" if held else "❚❚  Pause")
        self.done_button.setEnabled(phase.mode == "self" and not state.paused)
        can_add = phase.duration is not None and phase.mode != "tempo"
        self.add_button.setEnabled(can_add)
        self.add_button.setToolTip(ADD_TIP if can_add else NO_ADD_TIPS.get(phase.mode, NO_ADD_TIP))
        if resting != self._resting:
            self._resting = resting
            self.update()

    def follow(self, routine_time: Callable[[], float]) -> None:
        """Move the figure by ``routine_time``: the session's clock (seconds of routine
        time, which stops in a pause). Without it the figure shows each state as it was."""
        self._routine_time = routine_time

    def _move_figure(self, state: SessionState) -> None:
        """Show the figure of ``state`` as the session's clock moves on: a guided rep on
        the rep's timeline, reps at one's own pace looping, a hold's pulse, a turn to the
        other side over :data:`~backcoach.core.pose.TURN_SECONDS`; still in a pause."""
        motion, phase, position = self._motion, state.phase, state.position
        if motion is None:
            return
        clock = self._routine_time or (lambda: state.routine_elapsed)
        now = clock()
        mirrored = phase.side == "right"
        if self._facing is None or self._facing[0] != motion.exercise.id:
            self._turn_from = -math.inf  # a new exercise faces its way at once
        elif self._facing[1] != mirrored:
            self._turn_from = now
        self._facing = (motion.exercise.id, mirrored)
        start = state.routine_elapsed - state.phase_elapsed
        turn_from = self._turn_from

        def frame() -> Frame | None:
            t = clock()
            shown = motion.in_phase(phase, position, t - start)
            return None if shown is None else replace(shown, turn=turned(t - turn_from, mirrored))

        fps = 0.0 if state.paused or state.finished else frame_rate(phase, motion)
        if now - turn_from < TURN_SECONDS and not state.paused:
            fps = FIGURE_FPS
        self.illustration.show_frames(frame, fps)

    @Slot(str)
    def show_caption(self, text: str) -> None:
        """Show ``text`` as the caption: the line the voice says (or would say) now."""
        self.caption.set_text(text)

    def buttons(self) -> list[QPushButton]:
        """The session's buttons, left to right."""
        return [
            self.back_button,
            self.pause_button,
            self.skip_button,
            self.add_button,
            self.done_button,
            self.end_button,
            self.full_screen_button,
        ]

    def resting(self) -> bool:
        """Whether the screen shows a rest (and its background is tinted)."""
        return self._resting

    def show_summary(self, summary: Summary) -> None:
        if self._plan is not None:
            self.summary_page.show_summary(summary, self._plan)
        self.confirm.hide()
        self._paused_to_ask = False
        if self._resting:
            self._resting = False
            self.update()
        self.pages.setCurrentWidget(self.summary_page)

    def showing_summary(self) -> bool:
        return self.pages.currentWidget() is self.summary_page

    def set_status(self, text: str) -> None:
        """Show ``text`` in the small status line under the caption ("" clears it)."""
        self.status_label.setText(text)

    def status(self) -> str:
        return self.status_label.text()

    def set_notice(self, key: str, title: str, text: str, *, kind: str = "warning") -> None:
        """Show (or replace) a non-blocking notice above the session, one per ``key``."""
        frame = self._notices.get(key)
        if frame is None:
            frame = QFrame()
            frame.setObjectName("sessionNotice")
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(14, 8, 14, 8)
            inner.setSpacing(2)
            inner.addWidget(text_label("noticeTitle"))
            inner.addWidget(text_label("noticeText"))
            self._notice_box.addWidget(frame)
            self._notices[key] = frame
        frame.setProperty("kind", kind)
        frame.style().unpolish(frame)
        frame.style().polish(frame)
        title_label, body_label = frame.findChildren(QLabel)
        title_label.setText(title)
        body_label.setText(text)
        frame.show()

    def clear_notice(self, key: str) -> None:
        frame = self._notices.pop(key, None)
        if frame is not None:
            frame.hide()
            frame.deleteLater()

    def notice(self, key: str) -> str:
        """The title and text of notice ``key`` ("" when none), for checks."""
        frame = self._notices.get(key)
        if frame is None:
            return ""
        return "\n".join(label.text() for label in frame.findChildren(QLabel))

    # -- actions -------------------------------------------------------------

    def ask_end(self) -> None:
        """Ask before ending, over the whole window; a running session pauses meanwhile."""
        if self.showing_summary() or self.confirm.isVisible():
            return
        state = self._state
        running = state is not None and state.started and not state.finished
        self._paused_to_ask = running and state is not None and (not state.paused or state.resuming)
        if self._paused_to_ask:
            self.pause_requested.emit()
        self.confirm.ask(self.window())

    def toggle_full_screen(self) -> None:
        """Full screen on or off for the whole window (a maximised window stays maximised)."""
        window = self.window()
        self._made_full_screen = not window.isFullScreen()
        window.setWindowState(window.windowState() ^ Qt.WindowState.WindowFullScreen)

    def _end_confirmed(self) -> None:
        self._paused_to_ask = False
        self.end_requested.emit()

    def _end_cancelled(self) -> None:
        if self._paused_to_ask:
            self._paused_to_ask = False
            self.resume_requested.emit()

    def _go_home(self) -> None:
        if self._made_full_screen and self.window().isFullScreen():
            self.toggle_full_screen()
        self._made_full_screen = False
        self.home_requested.emit()

    def _show_full_screen_state(self) -> None:
        full = self.window().isFullScreen()
        self.full_screen_button.setText("Leave full screen" if full else "Full screen")

    def _bind_keys(self) -> None:
        keys: list[tuple[QKeySequence, Callable[[], None]]] = [
            (QKeySequence(Qt.Key.Key_Space), self._on_space),
            (QKeySequence(Qt.Key.Key_Right), self._running(self.skip_requested.emit)),
            (QKeySequence(Qt.Key.Key_Left), self._running(self.back_requested.emit)),
            (QKeySequence(Qt.Key.Key_Plus), self._on_plus),
            (QKeySequence(Qt.Key.Key_Equal), self._on_plus),
            (QKeySequence(Qt.KeyboardModifier.KeypadModifier | Qt.Key.Key_Plus), self._on_plus),
            (QKeySequence(Qt.Key.Key_Return), self._on_enter),
            (QKeySequence(Qt.Key.Key_Enter), self._on_enter),
            (QKeySequence(Qt.KeyboardModifier.KeypadModifier | Qt.Key.Key_Enter), self._on_enter),
            (QKeySequence(Qt.Key.Key_Escape), self._on_escape),
            (QKeySequence(Qt.Key.Key_PageDown), self._running(self._skip_or_done)),
            (QKeySequence(Qt.Key.Key_PageUp), self._running(self.back_requested.emit)),
            (QKeySequence(Qt.Key.Key_B), self._on_space),
            (QKeySequence(Qt.Key.Key_Period), self._on_space),
            (QKeySequence(Qt.Key.Key_F5), self._keep_going),
            (QKeySequence(Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_F5), self._keep_going),
        ]
        self.shortcuts = []
        for sequence, slot in keys:
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.setAutoRepeat(False)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

    def _running(self, emit: Callable[[], object]) -> Callable[[], None]:
        def act() -> None:
            if not self.confirm.isVisible() and not self.showing_summary():
                emit()

        return act

    def _on_space(self) -> None:
        if self.confirm.isVisible():
            self.confirm.cancel()
        elif not self.showing_summary():
            self.toggle_pause_requested.emit()

    def _skip_or_done(self) -> None:
        if self.done_button.isEnabled():
            self.done_requested.emit()
        else:
            self.skip_requested.emit()

    def _keep_going(self) -> None:
        if self.confirm.isVisible():
            self.confirm.cancel()

    def _on_plus(self) -> None:
        if self.add_button.isEnabled() and not self.confirm.isVisible():
            self.add_time_requested.emit(ADD_SECONDS)

    def _on_enter(self) -> None:
        if self.confirm.isVisible():
            self.confirm.confirm()
        elif self.showing_summary():
            self._go_home()
        elif self.done_button.isEnabled():
            self.done_requested.emit()

    def _on_escape(self) -> None:
        if self.confirm.isVisible():
            self.confirm.cancel()
        elif self.window().isFullScreen() and self.showing_summary():
            self.toggle_full_screen()
        else:
            self.ask_end()

    def _show_exercise(self, exercise: Exercise) -> None:
        self._exercise = exercise.id
        self.steps.set_steps([s.text for s in exercise.steps])
        self.illustration.set_positions(exercise.positions)
        self._motion = Motion(exercise)

    # -- look ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.window().installEventFilter(self)  # to follow its size and full-screen state
        self._show_full_screen_state()
        self._apply_style()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not event.spontaneous() and self.confirm.isVisible():
            self.confirm.hide()  # the window moved to another page: the session stays paused
            self._paused_to_ask = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.figure_card:
            return self._figure_event(event)
        if watched is self.window():
            if event.type() == QEvent.Type.WindowStateChange:
                self._show_full_screen_state()
            elif event.type() == QEvent.Type.Resize:
                if self.confirm.isVisible():
                    self.confirm.setGeometry(self.window().rect())
                self._apply_style()
        return False

    def _figure_event(self, event: QEvent) -> bool:
        """A left click or a tap (Qt makes it a click) released on the figure pauses or
        resumes, like Space."""
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self.figure_card.rect().contains(event.position().toPoint())
        ):
            self._on_space()
            return True
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_style()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if restyles(event):
            self._apply_style()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._resting:
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), rest_tint(QApplication.palette()))
        painter.end()

    def _apply_style(self) -> None:
        palette = QApplication.palette()
        height = self.window().height()
        text = max(1.0, min(height / DESIGN_HEIGHT, 1.5))
        chrome = max(0.72, min(height / DESIGN_HEIGHT, 1.5))
        key = f"{palette.color(QPalette.ColorRole.Window).name()}/{text:.2f}/{chrome:.2f}"
        if key == self._style_key:
            return
        self._style_key = key
        sheet = session_style(palette, text, chrome)
        self.setStyleSheet(sheet)
        self.confirm.setStyleSheet(sheet)  # it shows over the whole window, outside this view
        margin = round(MARGIN * chrome)
        self._outer.setContentsMargins(margin, round(12 * chrome), margin, round(12 * chrome))
        self._rows.setSpacing(round(8 * chrome))
        self.caption.set_sizes(round(36 * text), CAPTION_MIN_PX)
        self._fix_chip_width()
        self.body.set_sizes(
            margin=round(MARGIN * chrome),
            gap=round(MARGIN * 1.6 * chrome),
            step_room=round(70 * text),
        )
        self._outer.activate()  # every part where the new sizes put it, at once

    def _fix_chip_width(self) -> None:
        """As wide as the widest text it shows, so the title never moves."""
        chip = self.phase_chip
        shown = chip.text()
        widths = []
        for text in CHIP_TEXTS:
            chip.setText(text.upper())
            widths.append(chip.sizeHint().width())
        chip.setText(shown)
        chip.setFixedWidth(max(widths))


def _set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set a style-sheet property of ``widget`` and restyle it when it changed."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def rest_tint(palette: QPalette) -> QColor:
    """The background of the screen during a rest."""
    return tint(palette, REST_HUE, 0.16 if is_dark(palette) else 0.26)


def session_style(palette: QPalette, text_scale: float, chrome: float) -> str:
    """Style sheet for the session screen, derived from ``palette``; text sizes in pixels
    grow with ``text_scale`` (never below their floors), buttons and paddings with
    ``chrome``."""

    def px(size: float, floor: float = 0) -> str:
        return f"{max(round(size * text_scale), round(floor))}px"

    def cx(size: float) -> str:
        return f"{round(size * chrome)}px"

    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    hi = accent(palette)
    hi_text = palette.color(QPalette.ColorRole.HighlightedText).name()
    muted = muted_text(palette).name()
    line = mix(window, text, 0.18).name()
    warn = WARNING_HUE
    danger = QColor(200, 60, 50)
    button = mix(window, text, 0.08).name()
    button_px = max(round(18 * chrome), 14)
    return f"""
QLabel#phaseChip {{ font-size: {px(24, LABEL_MIN_PX)}; font-weight: 800; color: {hi_text};
    background: {hi.name()}; border-radius: 10px; padding: {cx(6)} {cx(16)}; }}
QLabel#phaseChip[rest="true"] {{ background: {REST_HUE.darker(130).name()}; color: #ffffff; }}
QLabel#phaseChip[paused="true"] {{ background: {warn.name()}; color: #1a1a1a; }}
QLabel#sessionExercise {{ font-size: {px(36)}; font-weight: 700; color: {text.name()}; }}
QLabel#sessionWhere {{ font-size: {px(28, LABEL_MIN_PX)}; font-weight: 700;
    color: {text.name()}; }}
QLabel#sessionWeight {{ font-size: {px(24, LABEL_MIN_PX)}; font-weight: 700; color: {text.name()};
    background: {tint(palette, hi, 0.22).name()}; border-radius: 8px; padding: 2px 10px; }}
QLabel#readoutCaption {{ font-size: {px(24)}; color: {muted}; padding: 2px; }}
QLabel#pausedLabel {{ font-size: {px(24)}; font-weight: 700; color: #1a1a1a;
    background: {warn.name()}; border-radius: 8px; padding: 2px 10px; }}
QLabel#nextLabel {{ font-size: {px(28, LABEL_MIN_PX)}; font-weight: 700; color: {text.name()};
    border-top: 2px solid {line}; padding-top: {cx(6)}; }}
QLabel#nextDetail {{ font-size: {px(26, LABEL_MIN_PX)}; font-weight: 600; color: {text.name()}; }}
QLabel#sessionStep {{ font-size: {px(17)}; color: {muted}; padding: 4px 8px;
    border-radius: 6px; border-left: 5px solid transparent; }}
QLabel#sessionStep[current="true"] {{ color: {text.name()}; font-weight: 700;
    background: {tint(palette, hi, 0.2).name()}; border-left: 5px solid {hi.name()}; }}
CaptionLine {{ color: {text.name()}; }}
QProgressBar#sessionProgress {{ border: none; background: {line}; border-radius: 5px;
    min-height: {cx(10)}; max-height: {cx(10)}; }}
QProgressBar#sessionProgress::chunk {{ background: {hi.name()}; border-radius: 5px; }}
QLabel#progressLabel {{ font-size: {px(17)}; color: {muted}; }}
QLabel#sessionStatus {{ font-size: {px(16)}; color: {text.name()}; }}
QPushButton#sessionButton, QPushButton#pauseButton, QPushButton#doneButton,
QPushButton#endButton, QPushButton#primaryButton {{
    font-size: {button_px}px; font-weight: 700; min-height: {cx(46)}; max-height: {cx(46)};
    padding: 0px {cx(12)}; border-radius: 10px; border: 1px solid {line};
    background: {button}; color: {text.name()}; }}
QPushButton#pauseButton, QPushButton#primaryButton {{ background: {hi.name()}; color: {hi_text};
    border: none; }}
QPushButton#doneButton:enabled {{ background: {tint(palette, QColor(40, 160, 90), 0.35).name()}; }}
QPushButton#endButton {{ border: 2px solid {mix(window, danger, 0.7).name()}; }}
QPushButton:disabled, QPushButton#sessionButton:disabled, QPushButton#doneButton:disabled {{
    color: {mix(window, text, 0.35).name()}; background: {mix(window, text, 0.03).name()};
    border: 1px dashed {line}; }}
QFrame#illustrationCard {{ border-radius: 12px; }}
QFrame#confirmShade {{ background: rgba(0, 0, 0, 140); }}
QFrame#confirmCard, QFrame#summaryCard {{ background: {window.name()};
    border: 1px solid {line}; border-radius: 14px; }}
QLabel#confirmTitle, QLabel#summaryTitle {{ font-size: {px(32)}; font-weight: 700;
    color: {text.name()}; }}
QLabel#confirmText, QLabel#summarySubtitle {{ font-size: {px(20)}; color: {muted}; }}
QLabel#summaryName {{ font-size: {px(20)}; font-weight: 700; color: {text.name()}; }}
QLabel#summaryCell {{ font-size: {px(20)}; color: {text.name()}; }}
QFrame#sessionNotice {{ background: {tint(palette, warn, 0.22).name()};
    border: 1px solid {mix(window, warn, 0.7).name()}; border-radius: 8px; }}
QFrame#sessionNotice[kind="info"] {{ background: {tint(palette, hi, 0.14).name()};
    border: 1px solid {mix(window, hi, 0.6).name()}; }}
QLabel#noticeTitle {{ font-size: {px(16)}; font-weight: 700; color: {text.name()}; }}
QLabel#noticeText {{ font-size: {px(15)}; color: {text.name()}; }}
"""
