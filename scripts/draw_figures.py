"""Draw the exercise still frames and the app icon as SVG files, from the pose data.

Every position with a ``pose`` in the bundled exercise files is drawn by the app's own
renderer (:func:`backcoach.ui.figure.paint_position`) onto a QSvgGenerator, in the
reference colours that the app turns into its palette's at load, and written to the
file its ``image`` names (``:/exercises/NAME.svg`` is ``assets/NAME.svg``). The icon is
a runner posed in this script. The output is deterministic: a file is rewritten only
when its drawing changed. Callouts are set in DejaVu Sans (fonts-dejavu-core).

Usage: python scripts/draw_figures.py [OUTPUT_DIR]   (default: assets/)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter
from PySide6.QtSvg import QSvgGenerator

from backcoach.content import Content, load_content
from backcoach.content.model import Arm, Leg, Pose, Position
from backcoach.core.pose import STAGE, bounds, skeleton
from backcoach.ui.figure import FONT_FAMILY, REFERENCE, paint_pose, paint_position

ASSETS = Path(__file__).resolve().parent.parent / "assets"
RESOURCE = ":/exercises/"
WIDTH, HEIGHT = int(STAGE[2]), int(STAGE[3])

RUNNER = Pose(
    root="hip",
    at=(0, 0),
    trunk=80,
    neck=4,
    near_arm=Arm(-40, 95),
    far_arm=Arm(45, 80),
    near_leg=Leg(-25, 40, 20),
    far_leg=Leg(70, 95, 10),
)
"""The runner of the app icon, mid-stride."""
ICON_BADGE = "#2f6ea5"
ICON_COLOURS = replace(REFERENCE, near="#ffffff", pelvis="#dce9f5", far="#9cc3e6")


def svg(width: int, height: int, title: str, draw: Callable[[QPainter, QRectF], None]) -> bytes:
    """The SVG document that ``draw`` paints on a ``width`` by ``height`` canvas."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setTitle(title)
    generator.setDescription("Drawn by scripts/draw_figures.py from the exercise's pose data")
    painter = QPainter(generator)
    font = QFont(FONT_FAMILY)
    font.setPixelSize(12)
    painter.setFont(font)  # the document's default, else the machine's own
    draw(painter, QRectF(0, 0, width, height))
    painter.end()
    buffer.close()
    return bytes(data.data())


def icon(painter: QPainter, rect: QRectF) -> None:
    """The app icon: the runner on a rounded badge, filling most of it."""
    painter.setPen(QColor(ICON_BADGE))
    painter.setBrush(QColor(ICON_BADGE))
    painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 14, 14)
    low, high = bounds(skeleton(RUNNER))
    size = max(high.real - low.real, high.imag - low.imag)
    scale = rect.width() * 0.8 / size  # pixels per picture unit
    middle = (low + high) / 2
    # paint_pose fits the whole picture into the rect it is given: give it one sized and
    # placed so that the runner's box lands in the middle of the badge.
    stage = QRectF(0, 0, STAGE[2] * scale, STAGE[3] * scale)
    centre_x = STAGE[0] + STAGE[2] / 2
    centre_y = STAGE[1] + STAGE[3] / 2
    stage.moveCenter(rect.center())
    stage.translate(-(middle.real - centre_x) * scale, (middle.imag - centre_y) * scale)
    paint_pose(painter, stage, RUNNER, ICON_COLOURS, floor=False)


def _position(
    painter: QPainter, rect: QRectF, *, position: Position, positions: Sequence[Position]
) -> None:
    paint_position(painter, rect, position, positions, REFERENCE)


def drawings(content: Content) -> dict[str, bytes]:
    """File name to SVG document for every still frame and the icon."""
    out: dict[str, bytes] = {}
    for exercise in content.exercises.values():
        for position in exercise.positions:
            if position.pose is None or not position.image.startswith(RESOURCE):
                continue
            name = position.image.removeprefix(RESOURCE)
            draw = partial(_position, position=position, positions=exercise.positions)
            out[name] = svg(WIDTH, HEIGHT, f"{exercise.name}: {position.label}", draw)
    out["backcoach.svg"] = svg(64, 64, "backcoach", icon)
    return out


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds it; whether it was written."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def main(argv: Sequence[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    target = Path(argv[0]) if argv else ASSETS
    target.mkdir(parents=True, exist_ok=True)
    for name, data in drawings(load_content()).items():
        if write_if_changed(target / name, data):
            print(f"{target / name}: rewritten")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
