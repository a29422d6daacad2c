"""The carousel: navigation, doses per context, key positions and their illustrations."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.content.guard import MAX_CONTENT_BYTES
from backcoach.content.model import Position
from backcoach.ui.carousel import Carousel, slides_for
from backcoach.ui.illustration import IllustrationView, load_svg
from tests.content.hostile import CHILD_MEMORY, LIMIT, ROOT, svg
from tests.content.own_pictures import content_with_bird_dog


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture
def carousel(qtbot: QtBot, content: Content) -> Carousel:
    widget = Carousel(interval_ms=0)
    qtbot.addWidget(widget)
    widget.set_slides(slides_for(content.routines["strength-day"], content.exercises), "day-off")
    widget.setMinimumSize(1000, 600)  # a fixed size: the offscreen platform warns on size hints
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def position_id(view: IllustrationView) -> str:
    position = view.current()
    return position.id if position else ""


def names(carousel: Carousel) -> str:
    slide = carousel.current()
    assert slide is not None
    return slide.exercise.id


def test_next_and_previous_buttons_move_and_stop_at_the_ends(
    qtbot: QtBot, carousel: Carousel
) -> None:
    assert names(carousel) == "dead-bug"
    assert not carousel.prev_button.isEnabled()
    qtbot.mouseClick(carousel.next_button, Qt.MouseButton.LeftButton)
    assert names(carousel) == "dumbbell-deadlift"
    qtbot.mouseClick(carousel.next_button, Qt.MouseButton.LeftButton)
    assert names(carousel) == "low-lunge"
    assert not carousel.next_button.isEnabled()
    qtbot.mouseClick(carousel.next_button, Qt.MouseButton.LeftButton)
    assert names(carousel) == "low-lunge"
    qtbot.mouseClick(carousel.prev_button, Qt.MouseButton.LeftButton)
    assert names(carousel) == "dumbbell-deadlift"
    assert carousel.prev_button.isEnabled() and carousel.next_button.isEnabled()


def test_dots_jump_to_an_exercise_and_show_where_you_are(qtbot: QtBot, carousel: Carousel) -> None:
    assert len(carousel.dots) == 3
    with qtbot.waitSignal(carousel.current_changed) as blocker:
        qtbot.mouseClick(carousel.dots[2], Qt.MouseButton.LeftButton)
    assert blocker.args == [2]
    assert names(carousel) == "low-lunge"
    assert [d.isChecked() for d in carousel.dots] == [False, False, True]
    qtbot.mouseClick(carousel.dots[0], Qt.MouseButton.LeftButton)
    assert [d.isChecked() for d in carousel.dots] == [True, False, False]


def test_arrow_keys_navigate_whichever_child_has_focus(qtbot: QtBot, carousel: Carousel) -> None:
    carousel.activateWindow()
    qtbot.waitUntil(lambda: carousel.isActiveWindow())
    carousel.dots[0].setFocus()
    qtbot.keyClick(carousel.dots[0], Qt.Key.Key_Right)
    assert carousel.index() == 1
    qtbot.keyClick(carousel.next_button, Qt.Key.Key_Right)
    qtbot.keyClick(carousel.next_button, Qt.Key.Key_Right)
    assert carousel.index() == 2
    qtbot.keyClick(carousel.illustration, Qt.Key.Key_Left)
    assert carousel.index() == 1


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ("before-run", "Hold 15–30 s per side, 1–3 sets"),
        ("after-run", "Hold 60–120 s per side, 1–3 sets"),
        ("day-off", "Hold 60–180 s per side, 1–3 sets"),
    ],
)
def test_the_dose_follows_the_context(carousel: Carousel, context: str, expected: str) -> None:
    carousel.go_to(2)
    carousel.set_context(context)
    assert carousel.dose_text() == expected


def test_a_routine_can_lower_the_number_of_sets(qtbot: QtBot, content: Content) -> None:
    widget = Carousel(interval_ms=0)
    qtbot.addWidget(widget)
    widget.set_slides(slides_for(content.routines["before-run"], content.exercises), "before-run")
    assert widget.dose_text() == "Hold 15–30 s per side, 1 set"
    widget.next()
    assert widget.dose_text() == "5–10 reps per side, 2 sets"


def test_clicking_the_illustration_steps_through_positions_and_highlights_steps(
    qtbot: QtBot, carousel: Carousel
) -> None:
    view = carousel.illustration
    assert position_id(view) == "start"
    assert carousel.highlighted_steps() == [1, 2, 4]
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
    assert position_id(view) == "reach"
    assert carousel.highlighted_steps() == [3]
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
    assert view.index() == 0


def test_positions_advance_on_their_own_while_visible(qtbot: QtBot, content: Content) -> None:
    view = IllustrationView(interval_ms=5)
    qtbot.addWidget(view)
    view.set_positions(content.exercises["low-lunge"].positions)
    assert not view.is_stepping()
    view.show()
    assert view.is_stepping()
    with qtbot.waitSignal(view.position_changed, timeout=2000) as blocker:
        pass
    assert blocker.args == [1]
    view.hide()
    assert not view.is_stepping()


def test_changing_exercise_starts_again_from_its_first_position(carousel: Carousel) -> None:
    carousel.illustration.step()
    carousel.next()
    assert carousel.illustration.index() == 0
    assert position_id(carousel.illustration) == "stand"


def _ink(image: QImage, background: QColor) -> int:
    """How many sampled pixels differ clearly from ``background``."""
    count = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = image.pixelColor(x, y)
            if abs(c.lightness() - background.lightness()) > 24 or c.hue() != background.hue():
                count += 1
    return count


def _grab(view: IllustrationView) -> QImage:
    image = view.grab().toImage()
    assert image.width() > 0 and image.height() > 0
    return image


def test_a_missing_image_draws_a_placeholder_without_warnings(
    qtbot: QtBot, content: Content
) -> None:
    exercise = content.exercises["dead-bug"]
    missing = tuple(
        replace(p, image=":/exercises/nowhere.svg", pose=None) for p in exercise.positions
    )
    view = IllustrationView(interval_ms=0)
    qtbot.addWidget(view)
    view.resize(320, 240)
    view.set_positions(missing)
    assert not view.has_image(0)
    image = _grab(view)
    assert _ink(image, view.palette().window().color()) > 0


@pytest.mark.parametrize("text", ["<svg", "<html></html>", "not xml at all"])
def test_a_broken_image_file_is_treated_as_missing(qtbot: QtBot, tmp_path: Path, text: str) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text(text)
    view = IllustrationView(interval_ms=0)
    qtbot.addWidget(view)
    view.set_positions([Position("a", "A", str(bad)), Position("b", "B", str(bad))])
    assert not view.has_image(0)
    assert _ink(_grab(view), view.palette().window().color()) > 0


def test_every_illustration_of_every_exercise_renders(qtbot: QtBot, content: Content) -> None:
    import backcoach.resources_rc  # noqa: F401

    view = IllustrationView(interval_ms=0)
    qtbot.addWidget(view)
    view.resize(240, 180)
    background = view.palette().window().color()
    for exercise in content.exercises.values():
        view.set_positions(exercise.positions)
        for i, position in enumerate(exercise.positions):
            view.show_position(i)
            assert view.has_image(i), position.image
            image = _grab(view)
            assert _ink(image, background) > 100, position.image


def test_an_exercise_with_its_own_picture_files_shows_them(qtbot: QtBot, tmp_path: Path) -> None:
    content = load_content(content_with_bird_dog(tmp_path / "content"))
    widget = Carousel(interval_ms=0)
    qtbot.addWidget(widget)
    widget.set_slides(slides_for(content.routines["strength-day"], content.exercises), "day-off")
    widget.setMinimumSize(1000, 600)
    widget.show()
    qtbot.waitExposed(widget)
    assert names(widget) == "bird-dog"
    view = widget.illustration
    background = view.palette().window().color()
    for i in range(len(view.positions())):
        view.show_position(i)
        assert view.has_image(i), view.positions()[i].image
        assert _ink(_grab(view), background) > 100


def test_a_picture_keeps_the_shape_of_its_view_box(qtbot: QtBot, tmp_path: Path) -> None:
    square = tmp_path / "square.svg"
    square.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 100 100">'
        '<rect width="100" height="100" fill="#000000"/></svg>'
    )
    view = IllustrationView(interval_ms=0)
    qtbot.addWidget(view)
    view.resize(416, 216)
    view.set_positions([Position("a", "A", str(square))])
    image = _grab(view)
    black = [
        (x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).lightness() < 40
    ]
    width = max(x for x, _ in black) - min(x for x, _ in black) + 1
    height = max(y for _, y in black) - min(y for _, y in black) + 1
    assert (width, height) == (200, 200)


@pytest.mark.parametrize(
    "body",
    [
        '<image href="/etc/hostname"/>',
        '<use xlink:href="other.svg#a"/>',
        '<rect fill="url(other.svg#g)"/>',
    ],
)
def test_a_picture_file_that_refers_to_other_files_is_not_drawn(
    qtbot: QtBot, tmp_path: Path, body: str
) -> None:
    picture = tmp_path / "picture.svg"
    picture.write_text(svg(body), encoding="utf-8")
    assert load_svg(str(picture)) is None
    picture.write_text(svg(), encoding="utf-8")
    assert load_svg(str(picture)) is not None


def test_a_picture_file_nested_deeper_than_qt_draws_is_not_drawn(
    qtbot: QtBot, tmp_path: Path
) -> None:
    picture = tmp_path / "picture.svg"
    picture.write_text(svg("<g>" * 40 + "</g>" * 40), encoding="utf-8")
    assert load_svg(str(picture)) is None


def test_a_picture_file_over_1_mb_is_not_drawn(qtbot: QtBot, tmp_path: Path) -> None:
    picture = tmp_path / "picture.svg"
    picture.write_text(svg(f"<!-- {'x' * MAX_CONTENT_BYTES} -->"), encoding="utf-8")
    assert load_svg(str(picture)) is None


LOAD_SVG_IN_CHILD = """
import resource, sys
from PySide6.QtGui import QGuiApplication

resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
app = QGuiApplication(sys.argv[:1])
from backcoach.ui.illustration import load_svg

print([load_svg(path) for path in sys.argv[2:]])
"""


def test_a_picture_that_became_a_fifo_or_a_device_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.svg"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.svg"
    zero.symlink_to("/dev/zero")
    done = subprocess.run(
        [sys.executable, "-c", LOAD_SVG_IN_CHILD, str(CHILD_MEMORY), str(fifo), str(zero)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=LIMIT,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "[None, None]\n"
