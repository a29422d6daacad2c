"""The main window: pick a routine and a context, browse its exercises, press Start."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QFile, QRect, QSize, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QIcon,
    QKeySequence,
    QPaintEvent,
    QPalette,
    QScreen,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backcoach import __version__
from backcoach.content.model import CONTEXT_LABELS, CONTEXTS, Content, ContentProblem
from backcoach.core.advice import SAFETY_NOTE
from backcoach.core.phrases import PAIN_RULE
from backcoach.settings import Settings
from backcoach.ui.carousel import Carousel, slides_for
from backcoach.ui.illustration import STEP_INTERVAL_MS
from backcoach.ui.props import (
    TOOL_TIP_ROLE,
    align_centre,
    set_shortcut,
    set_standard_shortcut,
)
from backcoach.ui.theme import MARGIN, SPACING, restyles, style_sheet
from backcoach.ui.widgets import Banner, MinimumHeightWidget, PrimaryButton, scroll_page

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

ICON = ":/icons/backcoach.svg"
SAFETY_TITLE = "Before you start"
SAFETY_TEXT = SAFETY_NOTE
ABOUT_TEXT = (
    "Guided exercises for runners' lower backs: a core exercise, a hip-flexor "
    "stretch and a loaded hinge, with doses for before a run, after a run and "
    "days off. Everything stays on this computer; there is no account."
)
PAIN_RULE_LIGHTS = (
    "backcoach turns it into a light per session, from the ratings you give before, "
    "after and the next morning. Green: pain after at most 2, so the dose may grow after "
    "two green sessions in a row. Amber: pain after 3 to 5, so the dose stays. Red: pain "
    "after above 5, a rise of 2 points or more after the session or by the next morning, "
    "or pain before sessions up 2 points on the week before, so the dose steps down. "
    "It cannot tell what causes your pain: if pain is sharp, spreads down a leg, or keeps "
    "rising, stop and see a clinician."
)
MAX_PROBLEMS_SHOWN = 8
PREFERRED_MINIMUM = QSize(900, 600)
"""The smallest the window may be made, where the screen leaves room for it."""
FRAME_ALLOWANCE = QSize(16, 48)
"""Room left on the screen for the window's frame and title bar while they are unknown."""

SaveSettings = Callable[[Settings], str | None]
"""Writes the settings; returns an error message, or None when saved."""


def app_icon() -> QIcon:
    """The app icon, or an empty icon while the compiled resources are missing."""
    return QIcon(ICON) if QFile.exists(ICON) else QIcon()


def minimum_size(available: QSize, frame: QSize = FRAME_ALLOWANCE) -> QSize:
    """The window's minimum size on a screen whose available area is ``available`` (logical
    pixels): :data:`PREFERRED_MINIMUM`, made smaller where the screen, less ``frame``, is."""
    room = available - frame
    return PREFERRED_MINIMUM.boundedTo(QSize(max(room.width(), 1), max(room.height(), 1)))


def problems_text(problems: list[ContentProblem]) -> str:
    """One line per problem (file, entry, field, message), the overflow counted."""
    lines = [f"•  {p}" for p in problems[:MAX_PROBLEMS_SHOWN]]
    hidden = len(problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        lines.append(f"…and {hidden} more (run “backcoach routines” in a terminal for all).")
    return "\n".join(lines)


class MainWindow(QMainWindow):
    """Routine and context pickers above the exercise carousel and the Start button."""

    start_requested = Signal(str, str)
    """(routine id, context id) when the user presses Start."""
    history_requested = Signal()
    """The History button or Ctrl+H (which also leads back from the History page)."""
    first_painted = Signal()
    """Once, just after the window's first paint: for work that need not delay it."""
    choice_changed = Signal(str, str)
    """(routine id, context id) when the user picks either in the header."""

    def __init__(
        self,
        content: Content,
        settings: Settings,
        save_settings: SaveSettings,
        *,
        interval_ms: int = STEP_INTERVAL_MS,
    ) -> None:
        super().__init__()
        self._content = content
        self._settings = settings
        self._save_settings = save_settings
        self._routine_ids = list(content.routines)
        self._style_key: tuple[str, ...] = ()
        self._painted = False
        self._screen: QScreen | None = None
        self.setWindowTitle("backcoach")
        self.first_painted.connect(self._after_first_paint)
        self.fit_screen(self.screen().availableGeometry())
        self._build_menu()

        self.routine_combo = QComboBox()
        self.routine_combo.setObjectName("routineCombo")
        self.routine_combo.setAccessibleName("Routine")
        for rid in self._routine_ids:
            routine = content.routines[rid]
            self.routine_combo.addItem(routine.name, rid)
            self.routine_combo.setItemData(
                self.routine_combo.count() - 1, routine.description, TOOL_TIP_ROLE
            )
        self.context_buttons: dict[str, QPushButton] = {}
        contexts = QHBoxLayout()
        contexts.setSpacing(4)
        for cid in CONTEXTS:
            button = QPushButton(CONTEXT_LABELS[cid])
            button.setObjectName("contextButton")
            button.setCheckable(True)
            self.context_buttons[cid] = button
            contexts.addWidget(button)
            button.clicked.connect(lambda _checked=False, c=cid: self._on_context(c))
        self.description = QLabel()
        self.description.setObjectName("muted")
        self.description.setWordWrap(True)
        self._safety_link = safety_link = QPushButton("Safety note")
        safety_link.setObjectName("linkButton")
        safety_link.setFlat(True)
        safety_link.clicked.connect(self.show_safety_note)

        header = QHBoxLayout()
        header.setSpacing(MARGIN)
        header.addLayout(_captioned("Routine", self.routine_combo))
        header.addLayout(_captioned("When", contexts))
        header.addStretch(1)
        self.history_button = QPushButton("History")
        self.history_button.setObjectName("navButton")
        self.history_button.setToolTip("Past sessions, streaks and pain trend (Ctrl+H)")
        self.history_button.clicked.connect(self.history_requested)
        links = QHBoxLayout()
        links.addWidget(self.history_button)
        links.addWidget(safety_link)
        bottom = QVBoxLayout()  # level with the routine and context controls
        bottom.addStretch(1)
        bottom.addLayout(links)
        header.addLayout(bottom)

        self._banners = QVBoxLayout()
        self._banners.setSpacing(8)
        self.safety_banner = Banner("info", SAFETY_TITLE, SAFETY_TEXT, "I understand")
        self.safety_banner.dismissed.connect(self._on_safety_seen)
        if settings.safety_note_seen:
            self.safety_banner.hide()
        self._banners.addWidget(self.safety_banner)
        self.problems_banner: Banner | None = None
        if content.problems:
            self.problems_banner = Banner(
                "warning",
                "Some exercise or routine files could not be loaded; everything else is ready",
                problems_text(content.problems),
            )
            self._banners.addWidget(self.problems_banner)
        self._notice: Banner | None = None

        self.carousel = Carousel(interval_ms)
        self.start_button = PrimaryButton("Start  ▶")
        self.start_button.setToolTip("Start the guided session for this routine (Enter)")
        self.start_button.clicked.connect(self._on_start)
        self.carousel.add_footer_widget(self.start_button)
        self.empty_state = QLabel(
            "No routine could be loaded, so there is nothing to show yet.\n"
            "The problems are listed above; once the files are fixed, restart backcoach."
        )
        self.empty_state.setObjectName("empty")
        align_centre(self.empty_state)
        self.empty_state.setWordWrap(True)
        self._pages = QStackedWidget()
        self._pages.addWidget(self.carousel)
        self._pages.addWidget(self.empty_state)

        self.today_card: QWidget | None = None
        self._today_chain: list[QWidget] = []
        central = MinimumHeightWidget()
        self._central = layout = QVBoxLayout(central)
        layout.setContentsMargins(MARGIN + 8, SPACING, MARGIN + 8, SPACING)
        layout.setSpacing(8)  # tight enough for Start to show at 960×540 with the safety note
        layout.addLayout(header)
        layout.addWidget(self.description)
        layout.addLayout(self._banners)
        rule = QFrame()
        rule.setObjectName("rule")
        rule.setFixedHeight(1)
        layout.addWidget(rule)
        layout.addWidget(self._pages, 1)
        self.home = scroll_page(central)
        """The routines page: it scrolls when the window is too small for all it shows."""
        for key in ("Return", "Enter"):
            enter = QShortcut(QKeySequence.fromString(key), self.home)  # only while it shows
            enter.activated.connect(self._on_enter)
        self.screens = QStackedWidget()
        self.screens.addWidget(self.home)
        self.setCentralWidget(self.screens)
        self._apply_style()
        if settings.problem:
            self.show_notice("About your settings", settings.problem, kind="warning")

        if not self._routine_ids:
            self._pages.setCurrentWidget(self.empty_state)
            self.routine_combo.setEnabled(False)
            for button in self.context_buttons.values():
                button.setEnabled(False)
            self.description.hide()
            return
        self._restore_choice()
        self.routine_combo.currentIndexChanged.connect(self._on_routine_index)
        self._order_tabs()

    def routine_id(self) -> str:
        """The chosen routine's id ("" when no routine loaded)."""
        data = self.routine_combo.currentData()
        return data if isinstance(data, str) else ""

    def context(self) -> str:
        return self.carousel.context()

    def select_routine(self, routine_id: str) -> None:
        """Choose ``routine_id``; the carousel restarts in the routine's default context."""
        self.routine_combo.setCurrentIndex(self._routine_ids.index(routine_id))

    def select_context(self, context: str) -> None:
        self.context_buttons[context].click()

    def show_choice(self, routine_id: str, context: str) -> None:
        """Show ``routine_id`` in ``context`` without keeping it as the user's choice."""
        self.routine_combo.blockSignals(True)
        self.routine_combo.setCurrentIndex(self._routine_ids.index(routine_id))
        self.routine_combo.blockSignals(False)
        self._show_routine(routine_id, context)

    def show_notice(self, title: str, text: str, *, kind: str = "info") -> Banner:
        """Show a dismissible message above the carousel, replacing the previous one."""
        if self._notice is not None:
            self._notice.deleteLater()
        self._notice = Banner(kind, title, text)
        self._banners.addWidget(self._notice)
        self._notice.show()
        self._order_tabs()
        return self._notice

    def show_screen(self, widget: QWidget | None) -> None:
        """Fill the window with ``widget`` (added on first use); None shows the carousel again."""
        if widget is None:
            widget = self.home
        if self.screens.indexOf(widget) < 0:
            self.screens.addWidget(widget)
        self.screens.setCurrentWidget(widget)

    def add_banner(self, banner: Banner) -> None:
        """Show ``banner`` above the carousel, below the others (it hides itself when done)."""
        self._banners.addWidget(banner)
        banner.show()
        self._order_tabs()

    def show_today(self, card: QWidget, chain: list[QWidget]) -> None:
        """Show the today ``card`` between the banners and the carousel; ``chain`` is its
        focus chain."""
        self.today_card, self._today_chain = card, chain
        self._central.insertWidget(self._central.indexOf(self._pages) - 1, card)
        card.show()
        self._order_tabs()

    def show_safety_note(self) -> None:
        self.safety_banner.show()

    def show_pain_rule(self) -> QMessageBox:
        """Explain the pain rule of thumb behind the lights (window-modal, not blocking)."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setWindowTitle("The pain rule of thumb")
        box.setText("How backcoach reads your pain ratings")
        box.setInformativeText(f"{PAIN_RULE}\n\n{PAIN_RULE_LIGHTS}")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def show_about(self) -> QMessageBox:
        """Open the About box (window-modal, not blocking) and return it."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setWindowTitle("About backcoach")
        box.setIconPixmap(app_icon().pixmap(64, 64))
        box.setText(f"backcoach {__version__}")
        box.setInformativeText(f"{ABOUT_TEXT}\n\n{SAFETY_TEXT}")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def fit_screen(self, available: QRect) -> None:
        """Make the minimum size fit a screen whose available area is ``available``, with room
        for the window's frame (:data:`FRAME_ALLOWANCE`, or the real one when larger)."""
        frame = self.frameGeometry().size() - self.geometry().size()
        minimum = minimum_size(available.size(), frame.expandedTo(FRAME_ALLOWANCE))
        if minimum != self.minimumSize():
            self.setMinimumSize(minimum)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.windowHandle()
        if self._screen is None and handle is not None:
            handle.screenChanged.connect(self._follow_screen)
            self._follow_screen(handle.screen())

    def _follow_screen(self, screen: QScreen | None) -> None:
        """Keep the minimum size fitting the screen the window is on, as that screen changes."""
        if self._screen is not None:
            with suppress(RuntimeError):  # the screen is gone
                self._screen.availableGeometryChanged.disconnect(self.fit_screen)
        self._screen = screen
        if screen is not None:
            screen.availableGeometryChanged.connect(self.fit_screen)
            self.fit_screen(screen.availableGeometry())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def _after_first_paint(self) -> None:
        """What the first frame can do without: the icon (its SVG engine costs ~2 ms) and the
        link's pointing hand (see :mod:`backcoach.ui.props`)."""
        from PySide6.QtCore import Qt

        self.setWindowIcon(app_icon())
        self._safety_link.setCursor(Qt.CursorShape.PointingHandCursor)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            full = self.isFullScreen()
            self.menuBar().setVisible(not full)  # the full-screen button and F11 lead back
            self.full_screen_action.setChecked(full)
        if restyles(event):
            self._apply_style()

    def _apply_style(self) -> None:
        palette = QApplication.palette()
        base_pt = max(QApplication.font().pointSizeF(), 10.0)
        key = (*(palette.color(role).name() for role in _STYLE_ROLES), str(base_pt))
        if key == self._style_key:
            return
        self._style_key = key
        self.setStyleSheet(style_sheet(palette, base_pt))

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        set_standard_shortcut(quit_action, QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.voice_action = QAction("&Voice settings…", self)
        file_menu.addAction(self.voice_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        self.history_action = QAction("&History", self)
        set_shortcut(self.history_action, "Ctrl+H")
        self.history_action.triggered.connect(self.history_requested)
        view_menu.addAction(self.history_action)
        self.full_screen_action = QAction("&Full screen", self)
        self.full_screen_action.setCheckable(True)
        set_shortcut(self.full_screen_action, "F11")
        self.full_screen_action.triggered.connect(self._set_full_screen)
        view_menu.addSeparator()
        view_menu.addAction(self.full_screen_action)
        self.addAction(self.full_screen_action)  # F11 still works with the menu bar hidden
        help_menu = self.menuBar().addMenu("&Help")
        self.safety_action = QAction("&Safety note", self)
        self.safety_action.triggered.connect(self.show_safety_note)
        help_menu.addAction(self.safety_action)
        self.pain_rule_action = QAction("The &pain rule of thumb", self)
        self.pain_rule_action.triggered.connect(self.show_pain_rule)
        help_menu.addAction(self.pain_rule_action)
        self.about_action = QAction("&About backcoach", self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _set_full_screen(self, on: bool) -> None:
        from PySide6.QtCore import Qt

        state = self.windowState() & ~Qt.WindowState.WindowFullScreen
        self.setWindowState(state | Qt.WindowState.WindowFullScreen if on else state)

    def _restore_choice(self) -> None:
        s = self._settings
        rid = s.last_routine if s.last_routine in self._content.routines else self._routine_ids[0]
        routine = self._content.routines[rid]
        context = s.last_context if s.last_context in CONTEXTS else routine.default_context
        self.routine_combo.setCurrentIndex(self._routine_ids.index(rid))
        self._show_routine(rid, context)

    def _on_routine_index(self, index: int) -> None:
        rid = self._routine_ids[index]
        context = self._content.routines[rid].default_context
        self._show_routine(rid, context)
        self._remember()

    def _show_routine(self, routine_id: str, context: str) -> None:
        routine = self._content.routines[routine_id]
        self.description.setText(routine.description)
        self._check_context(context)
        self.carousel.set_slides(slides_for(routine, self._content.exercises), context)
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab follows the page as it reads: the pickers and links, the banners' buttons, the
        carousel, then Start."""
        chain: list[QWidget] = [
            self.routine_combo,
            *self.context_buttons.values(),
            self.history_button,
            self._safety_link,
        ]
        for i in range(self._banners.count()):
            item = self._banners.itemAt(i)
            banner = item.widget() if item is not None else None
            if isinstance(banner, Banner):
                chain += banner.buttons()
        chain += [*self._today_chain, *self.carousel.focus_chain(), self.start_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_enter(self) -> None:
        """Enter presses the focused button, as in a dialog; anywhere else it starts."""
        focused = QApplication.focusWidget()
        if (
            isinstance(focused, QPushButton)
            and focused is not self.start_button
            and focused.isEnabled()
            and self.home.isAncestorOf(focused)
        ):
            focused.click()
        else:
            self.start_button.click()

    def _on_context(self, context: str) -> None:
        self._check_context(context)
        self.carousel.set_context(context)
        self._remember()

    def _check_context(self, context: str) -> None:
        """Show ``context`` as the one chosen. The buttons are not an exclusive group, which
        Tab would pass through at the chosen one only (the arrow keys that move within such
        a group belong to the carousel): each takes the focus, and Space or Enter picks it."""
        for cid, button in self.context_buttons.items():
            button.setChecked(cid == context)

    def _on_start(self) -> None:
        if self.routine_id():
            self.start_requested.emit(self.routine_id(), self.context())

    def _on_safety_seen(self) -> None:
        if not self._settings.safety_note_seen:
            self._settings.safety_note_seen = True
            self._save()

    def _remember(self) -> None:
        self._settings.last_routine = self.routine_id()
        self._settings.last_context = self.context()
        self.choice_changed.emit(self.routine_id(), self.context())
        self._save()

    def _save(self) -> None:
        error = self._save_settings(self._settings)
        if error:
            self.show_notice("Your choices could not be saved", error, kind="warning")


def _captioned(caption: str, content: QWidget | QHBoxLayout) -> QVBoxLayout:
    layout = QVBoxLayout()
    layout.setSpacing(4)
    label = QLabel(caption.upper())
    label.setObjectName("fieldHeading")
    layout.addWidget(label)
    if isinstance(content, QWidget):
        layout.addWidget(content)
    else:
        layout.addLayout(content)
    return layout


_STYLE_ROLES = (
    QPalette.ColorRole.Window,
    QPalette.ColorRole.WindowText,
    QPalette.ColorRole.Base,
    QPalette.ColorRole.Highlight,
    QPalette.ColorRole.HighlightedText,
)
