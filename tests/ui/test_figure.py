"""The figure renderer: palette colours that read, a transparent background, mirroring."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette

from backcoach.content import load_content
from backcoach.content.model import Callout, Exercise
from backcoach.core.pose import Overlay
from backcoach.ui.figure import (
    MIN_CONTRAST,
    REFERENCE,
    FigureColours,
    contrast,
    paint_pose,
    paint_position,
    recolour,
)

PALETTES = {"light": ("#efefef", "#000000"), "dark": ("#2b2b2b", "#ffffff")}
W, H = 480, 360


def _palette(window: str, text: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return palette


def _rgb(name: str) -> tuple[int, int, int]:
    c = QColor(name)
    return c.red(), c.green(), c.blue()


@pytest.fixture(scope="module")
def exercises() -> dict[str, Exercise]:
    return load_content().exercises


def _image(fill: int = 0) -> QImage:
    image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(fill)
    return image


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    ("window", "text"), [*PALETTES.values(), ("#ffffff", "#1a1a1a"), ("#5a5a5a", "#ffffff")]
)
def test_lines_and_words_read_against_the_window(window: str, text: str) -> None:
    colours = FigureColours.for_palette(_palette(window, text))
    for name, colour in colours.lines().items():
        assert contrast(_rgb(colour), _rgb(window)) >= MIN_CONTRAST, name


def test_every_colour_of_the_still_frames_is_its_own() -> None:
    names = [getattr(REFERENCE, f) for f in REFERENCE.__dataclass_fields__]
    assert len(set(names)) == len(names), "recolouring a still frame would be ambiguous"


@pytest.mark.usefixtures("qapp")
def test_a_still_frame_is_recoloured_to_the_palette(exercises: dict[str, Exercise]) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtSvg import QSvgGenerator

    bug = exercises["dead-bug"]
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(W, H))
    painter = QPainter(generator)
    paint_position(painter, QRectF(0, 0, W, H), bug.positions[1], bug.positions, REFERENCE)
    painter.end()
    svg = bytes(data.data())
    dark = FigureColours.for_palette(_palette(*PALETTES["dark"]))
    recoloured = recolour(svg, dark).decode()
    for name in ("outline", "near", "muscle", "arrow", "text"):
        assert getattr(REFERENCE, name) in svg.decode()
        assert getattr(REFERENCE, name) not in recoloured
        assert getattr(dark, name) in recoloured
    assert recolour(svg, REFERENCE) == svg


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_every_position_leaves_most_of_its_picture_unpainted(
    exercises: dict[str, Exercise], theme: str
) -> None:
    colours = FigureColours.for_palette(_palette(*PALETTES[theme]))
    for exercise in exercises.values():
        for position in exercise.positions:
            image = _image()
            painter = QPainter(image)
            paint_position(painter, QRectF(0, 0, W, H), position, exercise.positions, colours)
            painter.end()
            alpha = bytes(image.constBits())[3::4]
            covered = 1 - alpha.count(0) / len(alpha)
            assert 0.05 < covered < 0.4, (exercise.id, position.id, covered)


def _differing(a: QImage, b: QImage) -> float:
    """The share of sampled pixels whose colours differ by more than antialiasing would."""
    far = total = 0
    for y in range(0, a.height(), 2):
        for x in range(0, a.width(), 2):
            p, q = a.pixelColor(x, y), b.pixelColor(x, y)
            total += 1
            if (
                max(abs(p.red() - q.red()), abs(p.green() - q.green()), abs(p.alpha() - q.alpha()))
                > 60
            ):
                far += 1
    return far / total


def _painted(exercise: Exercise, marks: Overlay, mirrored: bool) -> QImage:
    pose = exercise.positions[1].pose
    assert pose is not None
    image = _image()
    painter = QPainter(image)
    paint_pose(painter, QRectF(0, 0, W, H), pose, REFERENCE, marks=marks, mirrored=mirrored)
    painter.end()
    return image


@pytest.mark.usefixtures("qapp")
def test_mirroring_flips_the_figure_for_the_other_side(exercises: dict[str, Exercise]) -> None:
    lunge = exercises["low-lunge"]
    marks = Overlay(muscles=("hip-flexors",))
    left, right = _painted(lunge, marks, False), _painted(lunge, marks, True)
    assert _differing(left, right) > 0.01
    assert _differing(right, left.flipped(Qt.Orientation.Horizontal)) < 0.002


@pytest.mark.usefixtures("qapp")
def test_mirroring_keeps_the_words_readable(exercises: dict[str, Exercise]) -> None:
    lunge = exercises["low-lunge"]
    words = Overlay(callouts=(Callout("spine-tall", "head", (0, 80)),))  # centred above
    crops = []
    for mirrored in (False, True):
        callout = _only(_painted(lunge, words, mirrored), _painted(lunge, Overlay(), mirrored))
        box = _bounding(callout)
        assert box is not None
        crops.append(callout.copy(*box))
    left, right = crops
    assert left.size() == right.size()
    assert _differing(right, left) < 0.02  # the same words, left to right
    assert _differing(right, left.flipped(Qt.Orientation.Horizontal)) > 0.05


def _only(picture: QImage, figure: QImage) -> QImage:
    """``picture``'s pixels where it differs from ``figure``; transparent elsewhere."""
    out = _image()
    for y in range(H):
        for x in range(W):
            if picture.pixel(x, y) != figure.pixel(x, y):
                out.setPixel(x, y, picture.pixel(x, y))
    return out


def _bounding(image: QImage) -> tuple[int, int, int, int] | None:
    """x, y, width, height of the painted pixels of ``image``."""
    xs, ys = [], []
    for y in range(H):
        for x in range(W):
            if image.pixel(x, y) >> 24:
                xs.append(x)
                ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
