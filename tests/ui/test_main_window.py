"""The main window: routine and context, remembered choices, banners, Start, palettes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from backcoach import __version__
from backcoach.content import DATA_DIR, Content, ContentProblem, load_content
from backcoach.settings import Settings
from backcoach.ui.figure import MIN_CONTRAST, contrast
from backcoach.ui.main_window import MainWindow
from backcoach.ui.session_setup import SessionSetup
from backcoach.ui.theme import card_colour
from backcoach.ui.widgets import Banner
from tests.helpers.app import App
from tests.ui.test_fit import focus_ring_shows, lightness_gap, ring_pixel


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def open_window(
    qtbot: QtBot, content: Content, data_dir: Path, settings: Settings | None = None
) -> MainWindow:
    return App(qtbot, content, data_dir, settings=settings or Settings.load(data_dir)).window


@pytest.fixture
def window(qtbot: QtBot, content: Content, data_dir: Path) -> MainWindow:
    return open_window(qtbot, content, data_dir)


def test_title_and_icon(qtbot: QtBot, window: MainWindow) -> None:
    assert window.windowTitle() == "backcoach"
    qtbot.waitUntil(lambda: not window.windowIcon().isNull())  # set just after the first paint


def test_changing_routine_restarts_the_carousel_in_its_default_context(
    window: MainWindow,
) -> None:
    window.select_routine("strength-day")
    assert window.context() == "day-off"
    window.carousel.go_to(2)
    window.select_context("before-run")
    window.select_routine("after-run")
    assert window.carousel.index() == 0
    assert window.context() == "after-run"
    assert window.context_buttons["after-run"].isChecked()
    assert window.description.text() == load_content().routines["after-run"].description


def test_clicking_a_context_changes_the_dose_and_is_remembered(
    qtbot: QtBot, window: MainWindow, content: Content, data_dir: Path
) -> None:
    window.select_routine("after-run")
    assert window.carousel.dose_text() == "Hold 60–120 s per side, 1–3 sets"
    qtbot.mouseClick(window.context_buttons["before-run"], Qt.MouseButton.LeftButton)
    assert window.context() == "before-run"
    assert window.carousel.dose_text() == "Hold 15–30 s per side, 1–3 sets"
    saved = Settings.load(data_dir)
    assert (saved.last_routine, saved.last_context) == ("after-run", "before-run")
    again = open_window(qtbot, content, data_dir)
    assert (again.routine_id(), again.context()) == ("after-run", "before-run")


def test_arrow_keys_work_while_the_routine_picker_has_focus(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.routine_combo.setFocus()
    routine = window.routine_id()
    qtbot.keyClick(window.routine_combo, Qt.Key.Key_Right)
    assert window.carousel.index() == 1
    qtbot.keyClick(window.routine_combo, Qt.Key.Key_Left)
    assert window.carousel.index() == 0
    assert window.routine_id() == routine


def test_start_asks_for_the_chosen_routine_and_context(qtbot: QtBot, window: MainWindow) -> None:
    window.select_routine("before-run")
    window.select_context("day-off")
    with qtbot.waitSignal(window.start_requested) as blocker:
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["before-run", "day-off"]


def test_the_safety_note_shows_until_acknowledged_and_can_be_reopened(
    qtbot: QtBot, window: MainWindow, content: Content, data_dir: Path
) -> None:
    banner = window.safety_banner
    assert banner.isVisible()
    assert "numbness" in banner.text.text() and "bladder or bowel" in banner.text.text()
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    assert Settings.load(data_dir).safety_note_seen
    again = open_window(qtbot, content, data_dir)
    assert not again.safety_banner.isVisible()
    again.safety_action.trigger()
    assert again.safety_banner.isVisible()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_about_names_the_version(qtbot: QtBot, window: MainWindow) -> None:
    box = window.show_about()
    assert isinstance(box, QMessageBox)
    assert __version__ in box.text()
    box.close()


def test_a_settings_file_that_cannot_be_written_is_reported(qtbot: QtBot, content: Content) -> None:
    window = MainWindow(content, Settings(), lambda s: "Settings could not be saved: disk full")
    qtbot.addWidget(window)
    window.select_routine("strength-day")
    texts = [b.text.text() for b in window.findChildren(Banner)]
    assert "Settings could not be saved: disk full" in texts


@pytest.fixture
def broken_content(tmp_path: Path) -> Content:
    root = tmp_path / "content"
    shutil.copytree(DATA_DIR, root)
    lunge = root / "exercises" / "low-lunge.toml"
    lunge.write_text(lunge.read_text().replace("after-run = { min = 60,", 'after-run = "sixty" #'))
    return load_content(root)


def test_content_problems_are_listed_and_the_rest_still_works(
    qtbot: QtBot, broken_content: Content, data_dir: Path
) -> None:
    assert broken_content.problems
    window = open_window(qtbot, broken_content, data_dir)
    banner = window.problems_banner
    assert banner is not None and banner.isVisible()
    text = banner.text.text()
    assert "low-lunge.toml" in text and "hold.after-run" in text and "'sixty'" in text
    window.select_routine("after-run")
    slide = window.carousel.current()
    assert slide is not None and slide.exercise.id == "dead-bug"
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()


def test_no_routine_at_all_shows_an_empty_state(qtbot: QtBot, data_dir: Path) -> None:
    content = Content({}, {}, [ContentProblem("routines", "", "", "folder is missing")])
    window = open_window(qtbot, content, data_dir)
    assert window.empty_state.isVisible()
    assert not window.carousel.isVisible()
    assert window.routine_id() == ""
    assert window.problems_banner is not None and window.problems_banner.isVisible()


def dark_palette() -> QPalette:
    palette = QPalette(QColor("#2b2d30"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#3d8ee6"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return palette


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    light = qapp.palette()
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(light)


def _dose_box_colour(window: MainWindow) -> QColor:
    box = window.carousel.findChild(QFrame, "doseBox")
    assert box is not None
    image = box.grab().toImage()
    return image.pixelColor(image.width() - 4, image.height() // 2)


def test_colours_follow_a_dark_palette(qtbot: QtBot, window: MainWindow, dark: None) -> None:
    qtbot.waitUntil(lambda: _dose_box_colour(window).lightness() < 100)
    assert window.carousel.illustration.palette().window().color().lightness() < 100
    picture = window.carousel.findChild(QFrame, "illustrationCard")
    assert picture is not None  # the picture's card and frame: dark, and the frame shows
    image = picture.grab().toImage()
    card, frame = (image.pixelColor(x, image.height() // 2) for x in (4, 0))
    assert card == card_colour(dark_palette()) and card.lightness() < 80
    assert lightness_gap(frame, window.palette().color(QPalette.ColorRole.Window)) > 20
    assert lightness_gap(frame, card) > 20
    assert window.windowTitle() == "backcoach"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.select_routine("strength-day")
    window.start_button.click()
    setup = window.screens.currentWidget()
    assert isinstance(setup, SessionSetup)
    dose = setup.cards["dead-bug"]
    assert dose.reps is not None and dose.self_paced is not None
    image = dose.grab().toImage()
    background = image.pixelColor(dose.width() - 8, dose.height() // 2)
    assert background == card_colour(dark_palette()) and background.lightness() < 80
    assert lightness_gap(ring_pixel(dose.reps), background) > 40  # the field's border shows
    radio = dose.self_paced.grab().toImage()  # so does the radio button's circle
    across = [radio.pixelColor(x, radio.height() // 2) for x in range(radio.width() // 4)]
    assert max(lightness_gap(c, background) for c in across) > 40
    assert focus_ring_shows(qtbot, dose.reps)  # in the palette's accent
    assert ring_pixel(dose.reps) == dark_palette().color(QPalette.ColorRole.Highlight)


def test_colours_are_light_in_a_light_palette(window: MainWindow) -> None:
    assert _dose_box_colour(window).lightness() > 160


def test_a_settings_file_that_could_not_be_read_is_reported(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text("{broken")
    window = open_window(qtbot, content, data_dir)
    notices = [b for b in window.findChildren(Banner) if b.title.text() == "About your settings"]
    assert len(notices) == 1 and notices[0].isVisible()
    assert "settings.json" in notices[0].text.text()


def _row_colour(row: QFrame) -> QColor:
    return row.grab().toImage().pixelColor(3, row.height() // 2)


def test_the_steps_of_the_position_on_show_are_highlighted(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.select_routine("strength-day")

    def visible_rows() -> list[QFrame]:
        return [row for row in window.carousel.findChildren(QFrame, "step") if row.isVisible()]

    qtbot.waitUntil(lambda: len(visible_rows()) == 4)
    rows = visible_rows()
    assert window.carousel.highlighted_steps() == [1, 2, 4]
    lit, plain = _row_colour(rows[0]), _row_colour(rows[2])
    assert lit != plain
    assert [_row_colour(row) for row in rows] == [lit, lit, plain, lit]
    qtbot.mouseClick(window.carousel.illustration, Qt.MouseButton.LeftButton)
    assert window.carousel.highlighted_steps() == [3]
    assert [_row_colour(row) for row in rows] == [plain, plain, lit, plain]


def test_the_safety_note_link_reads_on_a_dark_palette_without_a_link_colour(
    qtbot: QtBot, window: MainWindow, dark: None
) -> None:
    link = window.findChild(QPushButton, "linkButton")
    assert link is not None and link.text() == "Safety note"
    background = window.palette().color(QPalette.ColorRole.Window)
    assert contrast(rgb(dark_palette().color(QPalette.ColorRole.Link)), rgb(background)) < 3

    def strongest() -> float:
        image = link.grab().toImage()
        return max(
            contrast(rgb(image.pixelColor(x, y)), rgb(background))
            for x in range(image.width())
            for y in range(image.height())
        )

    qtbot.waitUntil(lambda: strongest() >= MIN_CONTRAST)


def rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()
