"""Every page but the session screen fits the screen, follows the palette and the keyboard.

Sizes are logical pixels. The window's smallest size on a 960×540 screen (1920×1080
at 200 %) is the tightest case, so the pages are laid out at that size here; what a
scale factor changes beyond that (the pixels per logical pixel) the layout never sees.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QWidget,
)
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.settings import Settings
from backcoach.ui.calendar_strip import CalendarStrip
from backcoach.ui.charts import TimeChart
from backcoach.ui.illustration import IllustrationView
from backcoach.ui.main_window import FRAME_ALLOWANCE, PREFERRED_MINIMUM, minimum_size
from backcoach.ui.theme import accent
from backcoach.ui.voice_settings import VoiceSettingsDialog
from tests.helpers.app import App
from tests.ui.test_history_view import record_session

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SCREENS = {
    "1280×720": QSize(1280, 720),
    "1366×768": QSize(1366, 768),
    "1920×1080": QSize(1920, 1080),
    "1920×1080 at 150 %": QSize(1280, 720),
    "1920×1080 at 200 %": QSize(960, 540),
}
"""Each screen's available area in logical pixels."""
SMALLEST = SCREENS["1920×1080 at 200 %"]
LEAVES = (
    QAbstractButton,
    QLabel,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QAbstractItemView,
    QSlider,
    IllustrationView,
    TimeChart,
    CalendarStrip,
)
"""What a page shows: these must neither leave the window nor overlap each other."""


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture
def app(qtbot: QtBot, content: Content, data_dir: Path) -> App:
    """The window on its first start (the safety note shows), made as small as a 960×540
    screen allows."""
    app = App(qtbot, content, data_dir, settings=Settings())
    window = app.window
    window.fit_screen(QRect(0, 0, SMALLEST.width(), SMALLEST.height()))
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.size() == window.minimumSize())
    return app


def shown(page: QWidget) -> list[QWidget]:
    """The visible widgets of ``page`` that show something (not parts of one another)."""
    found = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, LEAVES) and w.isVisible() and not (isinstance(w, QLabel) and not w.text())
    ]
    return [w for w in found if not any(o is not w and o.isAncestorOf(w) for o in found)]


def scroller(widget: QWidget) -> QAbstractScrollArea | None:
    """The scroll area ``widget`` scrolls in, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def problems(qtbot: QtBot, page: QWidget) -> list[str]:
    """What leaves its window, overlaps, or is cut off sideways on ``page``, as it shows."""
    window = page.window()
    qtbot.waitUntil(page.isVisible)
    QApplication.processEvents()
    found = []
    widgets = shown(page)
    rects = {id(w): QRect(w.mapTo(window, w.rect().topLeft()), w.size()) for w in widgets}
    for w in widgets:
        if scroller(w) is None and not window.rect().contains(rects[id(w)]):
            found.append(f"{w.objectName() or type(w).__name__} leaves the window")
    for i, a in enumerate(widgets):
        for b in widgets[i + 1 :]:
            if scroller(a) is scroller(b) and rects[id(a)].intersects(rects[id(b)]):
                found.append(f"{type(a).__name__} {a.objectName()} overlaps {type(b).__name__}")
    for area in page.findChildren(QAbstractScrollArea):
        if area.isVisible() and area.horizontalScrollBar().maximum() > 0:
            found.append(f"{area.objectName() or type(area).__name__} is cut off sideways")
    return found


@pytest.mark.parametrize("name", SCREENS)
def test_the_window_may_be_made_as_small_as_the_screen_needs(name: str) -> None:
    available = SCREENS[name]
    smallest = minimum_size(available)
    assert smallest.width() <= available.width() - FRAME_ALLOWANCE.width()
    assert smallest.height() <= available.height() - FRAME_ALLOWANCE.height()
    if available.height() >= PREFERRED_MINIMUM.height() + FRAME_ALLOWANCE.height():
        assert smallest == PREFERRED_MINIMUM


def test_the_window_minimum_follows_its_screen(app: App) -> None:
    window = app.window
    screen = window.screen()
    for name in ("1366×768", "1920×1080 at 150 %", "1920×1080 at 200 %"):
        available = SCREENS[name]
        screen.availableGeometryChanged.emit(QRect(0, 0, available.width(), available.height()))
        assert window.minimumSize() == minimum_size(available), name
    assert window.windowTitle() == "backcoach"


def test_at_960x540_the_routines_page_fits_with_start_in_full_view(app: App) -> None:
    window = app.window
    assert window.safety_banner.isVisible()
    assert problems(app.qtbot, window.home) == []
    assert window.home.verticalScrollBar().maximum() == 0  # no need to scroll to Start
    start = window.start_button
    assert start.visibleRegion().boundingRect() == start.rect()


def test_at_960x540_the_other_pages_fit_or_scroll_with_nothing_cut(app: App) -> None:
    store = app.services.history()
    assert store is not None
    for days_ago in (2, 1, 0):
        record_session(store, date.today() - timedelta(days=days_ago))
    window = app.window
    window.select_routine("strength-day")  # the most inputs
    window.start_button.click()
    assert problems(app.qtbot, app.flow.setup) == []
    app.flow.setup.start_button.click()
    checkin = app.checkin()
    assert problems(app.qtbot, checkin) == []
    window.activateWindow()
    app.qtbot.waitUntil(window.isActiveWindow)
    answers: list[QWidget] = [checkin.rating_buttons[3], checkin.note, checkin.save_button]
    for answer in answers:
        assert focus_ring_shows(app.qtbot, answer), type(answer).__name__
    view = app.history.show_history()
    assert view.pages.currentWidget() is view.dashboard
    assert problems(app.qtbot, view) == []
    for control in (view.back_button, view.session_list, view.progress_combo):
        assert focus_ring_shows(app.qtbot, control), type(control).__name__
    assert view.open_session(view.sessions[0].id)
    assert problems(app.qtbot, view) == []


def test_the_voice_settings_fit_a_960x540_screen(qtbot: QtBot, app: App) -> None:
    dialog = VoiceSettingsDialog(  # as File → Voice settings… opens it
        app.settings,
        lambda _s: None,
        app.services.say_sample,
        load_voices=list,
        problem=str,
        parent=app.window,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.voices_loaded)
    room = SMALLEST - FRAME_ALLOWANCE
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    assert problems(app.qtbot, dialog) == []
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    for control in (dialog.enabled, dialog.rate, dialog.voice, dialog.test_button):
        assert focus_ring_shows(qtbot, control), type(control).__name__


def test_enter_starts_the_routine_shown_or_presses_the_focused_button(
    qtbot: QtBot, app: App
) -> None:
    window = app.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.history_button.setFocus()
    qtbot.keyClick(window.history_button, Qt.Key.Key_Enter)
    assert app.current() is app.history.view
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)  # back again
    assert app.current() is window.home
    window.select_routine("after-run")
    window.routine_combo.setFocus()
    qtbot.keyClick(window.routine_combo, Qt.Key.Key_Return)
    assert app.current() is app.flow.setup
    assert app.flow.setup.title.text() == "After a run"


def filled(button: QPushButton) -> bool:
    """Whether ``button`` shows as filled with the accent colour."""
    image = button.grab().toImage()
    colour = image.pixelColor(image.width() // 2, 8)  # above the label, inside the fill
    return colour == accent(button.palette())


def test_each_page_has_one_start_and_one_filled_button(app: App) -> None:
    window = app.window
    pages: list[QWidget] = [window.home]
    window.start_button.click()
    pages.append(app.flow.setup)
    for page in pages:
        window.show_screen(page)
        buttons = [
            b
            for b in page.findChildren(QPushButton)
            if b.isVisible() and b.objectName() != "dot"  # the dots mark the exercise shown
        ]
        assert len([b for b in buttons if b.text().startswith("Start")]) == 1
        assert len([b for b in buttons if filled(b)]) == 1


def ring_pixel(widget: QWidget) -> QColor:
    """The colour at the middle of ``widget``'s left edge, where the focus ring is drawn, as
    its window shows it."""
    window = widget.window()
    area = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    image = window.grab(area).toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(1 * ratio), round(widget.height() / 2 * ratio))


def focus_ring_shows(qtbot: QtBot, widget: QWidget) -> bool:
    """Whether ``widget`` shows a ring in the accent colour with the focus, and not without."""
    ring = accent(widget.palette())
    area = scroller(widget)
    if isinstance(area, QScrollArea):
        area.ensureWidgetVisible(widget)
    widget.clearFocus()
    qtbot.waitUntil(lambda: not widget.hasFocus())
    before = ring_pixel(widget)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    return before != ring and ring_pixel(widget) == ring


def test_every_focusable_control_shows_an_accent_focus_ring(qtbot: QtBot, app: App) -> None:
    window = app.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    safety_link = window.findChild(QPushButton, "linkButton")
    assert safety_link is not None
    controls: list[QWidget] = [
        window.routine_combo,
        *window.context_buttons.values(),
        window.history_button,
        safety_link,
        window.safety_banner.button,
        window.carousel.dots[1],
        window.carousel.next_button,
        window.start_button,
    ]
    for control in controls:
        assert focus_ring_shows(qtbot, control), control.objectName()
    window.start_button.click()
    card = app.flow.setup.cards["dead-bug"]
    assert card.reps is not None and card.guided is not None
    for control in (card.reps, card.guided, app.flow.setup.back_button):
        assert focus_ring_shows(qtbot, control), type(control).__name__
    assert focus_ring_shows(qtbot, app.flow.setup.start_button)


def lightness_gap(a: QColor, b: QColor) -> int:
    return abs(a.lightness() - b.lightness())


def test_the_set_up_fields_share_one_width_and_their_captions_line_up(app: App) -> None:
    window = app.window
    window.select_routine("strength-day")
    window.start_button.click()
    setup = app.flow.setup
    app.qtbot.waitUntil(setup.isVisible)

    def box(widget: QWidget) -> QRect:
        return QRect(widget.mapTo(setup, widget.rect().topLeft()), widget.size())

    fields = [box(f) for card in setup.cards.values() for f in card.fields]
    assert len(fields) == 7  # reps, sets; reps, sets, the weight with its unit; hold, sets
    assert len({(f.left(), f.width()) for f in fields}) == 1
    rows = [row for card in setup.cards.values() for row in card.rows]
    assert len({(box(caption).left(), box(caption).width()) for caption, _ in rows}) == 1
    for caption, field in rows:  # each caption level with its field, not above it
        assert abs(box(caption).center().y() - box(field).center().y()) <= 1, caption.text()


def tab_through(qtbot: QtBot, first: QWidget, steps: int) -> list[QWidget]:
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    seen = [first]
    for _ in range(steps):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        assert after is not None
        seen.append(after)
    return seen


def test_tab_goes_through_the_routines_page_as_it_reads(qtbot: QtBot, app: App) -> None:
    window = app.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    carousel = window.carousel
    expected = [
        window.routine_combo,
        *window.context_buttons.values(),
        window.history_button,
        window.findChild(QPushButton, "linkButton"),
        window.safety_banner.button,
        carousel.focus_chain()[0],  # the exercise's text, to scroll it
        carousel.standard_button,  # the low lunge's switch to its easier variant
        carousel.easier_button,
        *carousel.dots,  # Previous is off on the first exercise
        carousel.next_button,
        window.start_button,
    ]
    assert tab_through(qtbot, window.routine_combo, len(expected) - 1) == expected


def test_tab_goes_down_the_set_up_fields_then_to_back_and_start(qtbot: QtBot, app: App) -> None:
    window = app.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.select_routine("strength-day")
    window.start_button.click()
    setup = app.flow.setup
    first = setup.cards["dead-bug"].inputs[0]
    seen = tab_through(qtbot, first, 12)
    end = seen.index(setup.back_button)
    assert seen[end + 1] is setup.start_button
    column = setup.fields_area.widget()
    assert column is not None
    centres = [w.mapTo(column, w.rect().center()) for w in seen[:end]]
    for a, b in itertools.pairwise(centres):  # down the page, left to right
        assert b.y() > a.y() + 4 or (abs(b.y() - a.y()) <= 4 and b.x() > a.x())
    assert seen[end - 1] is setup.cards["low-lunge"].sets
