"""The session screen: readable from the floor, every action on a key and a large button.

The view only shows what it is given (:meth:`SessionView.show_state`,
:meth:`SessionView.show_summary`) and turns keys and clicks into signals; it
never decides timing. Keys work whichever child has focus: Space pauses or
resumes, → skips, ← goes back, + adds 10 s, Enter ends a self-paced set, Esc
asks before ending. F11 (the main window's View → Full screen) and the
full-screen button toggle full screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeySequence,
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
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backcoach.content.model import Exercise
from backcoach.core.plan import Plan
from backcoach.core.session import SessionState, Summary
from backcoach.core.text import noun_for
from backcoach.core.timefmt import clock_text
from backcoach.ui.illustration import IllustrationView
from backcoach.ui.summary_view import SummaryPage
from backcoach.ui.theme import (
    MARGIN,
    SPACING,
    WARNING_HUE,
    accent,
    mix,
    muted_text,
    restyles,
    tint,
)
from backcoach.ui.widgets import big_button, text_label, weight_text

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


def phasetext_label(state: SessionState) -> str:
    """The phase's name: "Get ready", "Hold", "Reps", "Switch sides", "Rest" or "Finished"."""
    phase = state.phase
    if phase.is_work:
        return "Hold" if phase.mode == "hold" else "Reps"
    return PHASE_LABELS.get(phase.kind, phase.kind.title())


def readout(state: SessionState) -> tuple[str, str]:
    """The huge text and the caption under it, such as ("0:42", "left") or ("7 / 10", "reps")."""
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


class BigReadout(QWidget):
    """Text drawn as large as the widget allows; the size is fixed per shape of text.

    Digits are measured as zeros, so a countdown does not jump in size as it runs.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._dimmed = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(120)
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
        font = self._font(100)
        shape = "".join("0" if c.isdigit() else c for c in self._text)
        width = QFontMetricsF(font).horizontalAdvance(shape)
        fit_width = 100 * self.width() * 0.94 / max(width, 1.0)
        fit_height = self.height() * 0.92 / (QFontMetricsF(font).capHeight() / 100 * 1.25)
        return max(12, int(min(fit_width, fit_height)))

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


class StepList(QWidget):
    """The exercise's numbered steps; the one being done is highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[QLabel] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._current = -1

    def set_steps(self, texts: Sequence[str]) -> None:
        for row in self._rows:
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._rows = []
        for n, text in enumerate(texts, 1):
            row = text_label("sessionStep", f"{n}.  {text}")
            row.setProperty("current", False)
            self._layout.addWidget(row)
            self._rows.append(row)
        self._current = -1

    def highlight(self, index: int) -> None:
        if index == self._current:
            return
        self._current = index
        for i, row in enumerate(self._rows):
            row.setProperty("current", i == index)
            row.style().unpolish(row)
            row.style().polish(row)

    def current(self) -> int:
        """The highlighted step (from 0), or -1."""
        return self._current

    def texts(self) -> list[str]:
        return [row.text() for row in self._rows]


class ConfirmEnd(QFrame):
    """An in-page question before ending: Enter ends, Esc keeps going."""

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("confirmShade")
        card = QFrame()
        card.setObjectName("confirmCard")
        title = text_label("confirmTitle", "End the session now?")
        text = text_label(
            "confirmText", "The sets you have finished are kept. Enter ends, Esc keeps going."
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

    def ask(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
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

        self.phase_chip = text_label("phaseChip", wrap=False)
        self.phase_chip.setProperty("paused", False)
        self.exercise_label = text_label("sessionExercise", wrap=False)
        self.where_label = text_label("sessionWhere", wrap=False)
        self.weight_label = text_label("sessionWeight", wrap=False)
        self.readout = BigReadout()
        self.caption = text_label("readoutCaption", wrap=False)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paused_label = text_label("pausedLabel", "Paused · press Space to go on", wrap=False)
        self.paused_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_label = text_label("nextLabel")
        self.illustration = IllustrationView(0)
        self.illustration.setToolTip("")
        self.illustration.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.steps = StepList()
        self.progress = QProgressBar()
        self.progress.setObjectName("sessionProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress_label = text_label("progressLabel", wrap=False)

        self.back_button = big_button("◀◀  Back", "sessionButton", "Left arrow")
        self.pause_button = big_button("❚❚  Pause", "pauseButton", "Space")
        self.skip_button = big_button("Skip  ▶▶", "sessionButton", "Right arrow")
        self.add_button = big_button("+10 s", "sessionButton", "+")
        self.done_button = big_button("✓  Done", "doneButton", "Enter")
        self.end_button = big_button("■  End", "endButton", "Esc")
        self.full_screen_button = big_button("Full screen", "sessionButton", "F11")
        self.full_screen_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
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
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.exercise_label)
        where = QHBoxLayout()
        where.setSpacing(SPACING)
        where.addWidget(self.where_label)
        where.addWidget(self.weight_label)
        where.addStretch(1)
        names.addLayout(where)
        head.addLayout(names, 1)
        head.addWidget(self.full_screen_button, 0, Qt.AlignmentFlag.AlignTop)

        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(self.readout, 1)
        left.addWidget(self.caption)
        left.addWidget(self.paused_label)
        left.addSpacing(SPACING)
        left.addWidget(self.next_label)

        card = QFrame()
        card.setObjectName("illustrationCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(SPACING, SPACING, SPACING, SPACING)
        card_layout.addWidget(self.illustration, 1)
        right = QVBoxLayout()
        right.setSpacing(SPACING)
        right.addWidget(card, 3)
        right.addWidget(self.steps, 0)
        right.addStretch(0)

        body = QHBoxLayout()
        body.setSpacing(MARGIN * 2)
        body.addLayout(left, 11)
        body.addLayout(right, 9)

        bar = QHBoxLayout()
        bar.setSpacing(SPACING)
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.progress_label)

        buttons = QHBoxLayout()
        buttons.setSpacing(SPACING)
        for button in (
            self.back_button,
            self.pause_button,
            self.skip_button,
            self.add_button,
            self.done_button,
            self.end_button,
        ):
            buttons.addWidget(button)

        running = QWidget()
        layout = QVBoxLayout(running)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addLayout(self._notice_box)
        layout.addLayout(head)
        layout.addLayout(body, 1)
        layout.addLayout(bar)
        layout.addLayout(buttons)
        self.running_page = running
        self.summary_page = SummaryPage()
        self.summary_page.home_button.clicked.connect(self._go_home)
        self.pages = QStackedWidget()
        self.pages.addWidget(running)
        self.pages.addWidget(self.summary_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(MARGIN + 8, MARGIN, MARGIN + 8, MARGIN)
        outer.addWidget(self.pages)

        self.confirm = ConfirmEnd(running)
        self.confirm.confirmed.connect(self.end_requested)
        self._bind_keys()
        self._apply_style()

    # -- showing -------------------------------------------------------------

    def set_plan(self, plan: Plan) -> None:
        """Start showing a new session of ``plan`` (back on the running page)."""
        self._plan = plan
        self._exercise = ""
        self._state = None
        self.confirm.hide()
        self.pages.setCurrentWidget(self.running_page)

    def show_state(self, state: SessionState) -> None:
        """Render a snapshot; cheap when little changed (labels skip equal text)."""
        self._state = state
        phase = state.phase
        if self._plan is not None and phase.exercise and phase.exercise != self._exercise:
            self._show_exercise(self._plan.exercises[phase.exercise])
        self.phase_chip.setText(("Paused" if state.paused else phasetext_label(state)).upper())
        if self.phase_chip.property("paused") != state.paused:
            self.phase_chip.setProperty("paused", state.paused)
            self.phase_chip.style().unpolish(self.phase_chip)
            self.phase_chip.style().polish(self.phase_chip)
        self.exercise_label.setText(state.exercise_name)
        parts = []
        if phase.side != "both" and phase.kind != "finished":
            parts.append(f"{phase.side.title()} side")
        if phase.total_sets:
            parts.append(f"Set {phase.set_number} of {phase.total_sets}")
        self.where_label.setText("  ·  ".join(parts))
        weight = weight_text(phase.weight, phase.weight_unit)
        self.weight_label.setText(weight)
        self.weight_label.setVisible(bool(weight))
        big, caption = readout(state)
        self.readout.set_text(big, dimmed=state.paused)
        self.caption.setText(caption)
        self.paused_label.setVisible(state.paused)
        self.next_label.setText(f"Next: {state.next_text}")
        self.steps.highlight(state.step_index)
        self.illustration.set_mirrored(phase.side == "right")
        positions = [p.id for p in self.illustration.positions()]
        if state.position in positions:
            self.illustration.show_position(positions.index(state.position))
        self.progress.setValue(round(state.progress * 1000))
        done = clock_text(state.routine_elapsed, rounding="down")
        total = clock_text(state.expected_total, rounding="up")
        self.progress_label.setText(f"{done} of about {total}")
        self.pause_button.setText("▶  Resume" if state.paused else "❚❚  Pause")
        self.done_button.setEnabled(phase.mode == "self" and not state.paused)
        can_add = phase.duration is not None and phase.mode != "tempo"
        self.add_button.setEnabled(can_add)
        self.add_button.setToolTip(ADD_TIP if can_add else NO_ADD_TIPS.get(phase.mode, NO_ADD_TIP))

    def show_summary(self, summary: Summary) -> None:
        if self._plan is not None:
            self.summary_page.show_summary(summary, self._plan)
        self.confirm.hide()
        self.pages.setCurrentWidget(self.summary_page)

    def showing_summary(self) -> bool:
        return self.pages.currentWidget() is self.summary_page

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
        """Ask before ending (an in-page question, answered by key or button)."""
        if not self.showing_summary():
            self.confirm.ask()

    def toggle_full_screen(self) -> None:
        """Full screen on or off for the whole window (a maximised window stays maximised)."""
        window = self.window()
        self._made_full_screen = not window.isFullScreen()
        window.setWindowState(window.windowState() ^ Qt.WindowState.WindowFullScreen)

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

    # -- look ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.window().installEventFilter(self)  # to follow its full-screen state
        self._show_full_screen_state()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowStateChange and watched is self.window():
            self._show_full_screen_state()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.confirm.isVisible():
            self.confirm.setGeometry(self.running_page.rect())
        self._apply_style()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if restyles(event):
            self._apply_style()

    def _apply_style(self) -> None:
        palette = QApplication.palette()
        base = max(QApplication.font().pointSizeF(), 10.0)
        scale = min(max(self.height() / 760.0, 1.0), 1.6)
        key = f"{palette.color(QPalette.ColorRole.Window).name()}/{base}/{scale:.2f}"
        if key != self._style_key:
            self._style_key = key
            self.setStyleSheet(session_style(palette, base * scale))


def session_style(palette: QPalette, pt: float) -> str:
    """Style sheet for the session screen, derived from ``palette`` at base size ``pt``."""
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    hi = accent(palette)
    hi_text = palette.color(QPalette.ColorRole.HighlightedText).name()
    muted = muted_text(palette).name()
    line = mix(window, text, 0.18).name()
    warn = WARNING_HUE
    danger = QColor(200, 60, 50)
    button = mix(window, text, 0.08).name()
    return f"""
QLabel#phaseChip {{ font-size: {pt * 1.5:.1f}pt; font-weight: 800; color: {hi_text};
    background: {hi.name()}; border-radius: 10px; padding: 6px 18px; }}
QLabel#phaseChip[paused="true"] {{ background: {warn.name()}; color: #1a1a1a; }}
QLabel#sessionExercise {{ font-size: {pt * 2.3:.1f}pt; font-weight: 700; color: {text.name()}; }}
QLabel#sessionWhere {{ font-size: {pt * 1.6:.1f}pt; font-weight: 600; color: {text.name()}; }}
QLabel#sessionWeight {{ font-size: {pt * 1.4:.1f}pt; font-weight: 700; color: {text.name()};
    background: {tint(palette, hi, 0.22).name()}; border-radius: 8px; padding: 2px 10px; }}
QLabel#readoutCaption {{ font-size: {pt * 1.5:.1f}pt; color: {muted}; }}
QLabel#pausedLabel {{ font-size: {pt * 1.6:.1f}pt; font-weight: 700; color: {text.name()};
    background: {tint(palette, warn, 0.3).name()}; border-radius: 8px; padding: 6px; }}
QLabel#nextLabel {{ font-size: {pt * 1.35:.1f}pt; color: {text.name()};
    border-top: 1px solid {line}; padding-top: 8px; }}
QLabel#sessionStep {{ font-size: {pt * 1.0:.1f}pt; color: {muted}; padding: 4px 8px;
    border-radius: 6px; border-left: 5px solid transparent; }}
QLabel#sessionStep[current="true"] {{ color: {text.name()}; font-weight: 700;
    background: {tint(palette, hi, 0.2).name()}; border-left: 5px solid {hi.name()}; }}
QProgressBar#sessionProgress {{ border: none; background: {line}; border-radius: 6px;
    min-height: 12px; max-height: 12px; }}
QProgressBar#sessionProgress::chunk {{ background: {hi.name()}; border-radius: 6px; }}
QLabel#progressLabel {{ font-size: {pt * 1.2:.1f}pt; color: {muted}; }}
QPushButton#sessionButton, QPushButton#pauseButton, QPushButton#doneButton,
QPushButton#endButton, QPushButton#primaryButton {{
    font-size: {pt * 1.35:.1f}pt; font-weight: 700; min-height: {pt * 4.2:.0f}px;
    padding: 4px 14px; border-radius: 10px; border: 1px solid {line};
    background: {button}; color: {text.name()}; }}
QPushButton#pauseButton, QPushButton#primaryButton {{ background: {hi.name()}; color: {hi_text};
    border: none; padding: 4px 28px; }}
QPushButton#doneButton:enabled {{ background: {tint(palette, QColor(40, 160, 90), 0.35).name()}; }}
QPushButton#endButton {{ border: 2px solid {mix(window, danger, 0.7).name()}; }}
QPushButton:disabled, QPushButton#sessionButton:disabled, QPushButton#doneButton:disabled {{
    color: {mix(window, text, 0.35).name()}; background: {mix(window, text, 0.03).name()};
    border: 1px dashed {line}; }}
QFrame#confirmShade {{ background: rgba(0, 0, 0, 120); }}
QFrame#confirmCard, QFrame#summaryCard {{ background: {window.name()};
    border: 1px solid {line}; border-radius: 14px; }}
QLabel#confirmTitle, QLabel#summaryTitle {{ font-size: {pt * 2.2:.1f}pt; font-weight: 700;
    color: {text.name()}; }}
QLabel#confirmText, QLabel#summarySubtitle {{ font-size: {pt * 1.3:.1f}pt; color: {muted}; }}
QLabel#summaryName {{ font-size: {pt * 1.3:.1f}pt; font-weight: 700; color: {text.name()}; }}
QLabel#summaryCell {{ font-size: {pt * 1.3:.1f}pt; color: {text.name()}; }}
QFrame#sessionNotice {{ background: {tint(palette, warn, 0.22).name()};
    border: 1px solid {mix(window, warn, 0.7).name()}; border-radius: 8px; }}
QFrame#sessionNotice[kind="info"] {{ background: {tint(palette, hi, 0.14).name()};
    border: 1px solid {mix(window, hi, 0.6).name()}; }}
QLabel#noticeTitle {{ font-size: {pt * 1.1:.1f}pt; font-weight: 700; color: {text.name()}; }}
QLabel#noticeText {{ font-size: {pt * 1.0:.1f}pt; color: {text.name()}; }}
"""
