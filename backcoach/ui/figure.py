"""Draw a posed figure with QPainter: the one renderer of every exercise picture.

:func:`paint_pose` draws a :class:`~backcoach.content.model.Pose` (a key position, or
any pose in between from :func:`backcoach.core.pose.interpolate`) with its
:class:`~backcoach.core.pose.Overlay`: the muscle at work, callouts and motion
arrows. The background is left unpainted; the colours come from the palette
(:meth:`FigureColours.for_palette`) with lines and words at a contrast of at least
4.5:1 against the window. ``scripts/draw_figures.py`` draws the still frames in
assets/ with it, in :data:`REFERENCE` colours, and :func:`recolour` turns such a
still frame into any palette's colours.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QTransform,
)

from backcoach.content.callouts import CALLOUTS
from backcoach.content.model import Pose, Position
from backcoach.core.pose import (
    ARM_RADII,
    DEPTH,
    HEAD_RX,
    HEAD_RY,
    LEG_RADII,
    STAGE,
    Chain,
    Limb,
    Overlay,
    Skeleton,
    grip,
    landmark,
    muscle,
    overlay,
    pelvis,
    polar,
    skeleton,
)

FONT_FAMILY = "DejaVu Sans"
"""The callouts' typeface: the same in the app and in the SVG files, so the files come out
the same on every machine that has it (Debian's fonts-dejavu-core)."""
TEXT_SIZE = 15.0
"""The callouts' text height in picture units."""
OUTLINE = 2.4
"""The width of a body's outline in picture units."""
MIN_CONTRAST = 4.5
"""The least contrast of lines and words against the window (WCAG's AA for text)."""

RGB = tuple[int, int, int]
BODY_HUE: RGB = (47, 110, 165)
WARM_HUE: RGB = (226, 82, 38)
BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def blend(a: RGB, b: RGB, amount: float) -> RGB:
    """``a`` moved toward ``b`` by ``amount`` (0 gives ``a``, 1 gives ``b``)."""
    return (
        round(a[0] + (b[0] - a[0]) * amount),
        round(a[1] + (b[1] - a[1]) * amount),
        round(a[2] + (b[2] - a[2]) * amount),
    )


def readable(colour: RGB, background: RGB, ratio: float) -> RGB:
    """``colour``, darkened or lightened (away from ``background``) just enough to reach
    ``ratio`` against it."""
    if contrast(colour, background) >= ratio:
        return colour
    target = BLACK if contrast(BLACK, background) >= contrast(WHITE, background) else WHITE
    for step in range(1, 21):
        moved = blend(colour, target, step / 20)
        if contrast(moved, background) >= ratio:
            return moved
    return target


def hex_colour(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


@dataclass(frozen=True)
class FigureColours:
    """Every colour of a picture, as "#rrggbb", made for one window colour."""

    outline: str  # near limbs, trunk and head
    far_outline: str
    near: str  # body fills
    far: str
    pelvis: str
    muscle: str  # the fill over a muscle at work
    muscle_edge: str
    arrow: str
    text: str  # callout words
    leader: str  # a callout's line
    mat_top: str
    mat_side: str
    floor: str
    iron: str  # dumbbell plates
    iron_far: str

    @classmethod
    def for_window(cls, window: RGB, text: RGB) -> FigureColours:
        """The colours for a window of colour ``window`` whose text is ``text``."""
        outline = readable(blend(text, BODY_HUE, 0.45), window, 7.0)
        warm = readable(WARM_HUE, window, MIN_CONTRAST)
        return cls(
            outline=hex_colour(outline),
            far_outline=hex_colour(readable(blend(outline, window, 0.3), window, MIN_CONTRAST)),
            near=hex_colour(blend(window, BODY_HUE, 0.6)),
            far=hex_colour(blend(window, BODY_HUE, 0.28)),
            pelvis=hex_colour(blend(blend(window, BODY_HUE, 0.6), outline, 0.3)),
            muscle=hex_colour(blend(window, WARM_HUE, 0.85)),
            muscle_edge=hex_colour(blend(warm, window, 0.02)),
            arrow=hex_colour(warm),
            text=hex_colour(readable(text, window, 7.0)),
            leader=hex_colour(readable(blend(text, window, 0.3), window, MIN_CONTRAST)),
            mat_top=hex_colour(blend(window, text, 0.07)),
            mat_side=hex_colour(blend(window, text, 0.17)),
            floor=hex_colour(readable(blend(window, text, 0.5), window, MIN_CONTRAST)),
            iron=hex_colour(blend(window, text, 0.62)),
            iron_far=hex_colour(blend(window, text, 0.38)),
        )

    @classmethod
    def for_palette(cls, palette: QPalette) -> FigureColours:
        """The colours for ``palette``'s window and window text."""

        def rgb(role: QPalette.ColorRole) -> RGB:
            colour = palette.color(role)
            return colour.red(), colour.green(), colour.blue()

        return cls.for_window(rgb(QPalette.ColorRole.Window), rgb(QPalette.ColorRole.WindowText))

    def lines(self) -> dict[str, str]:
        """The colours that must read against the window, by name."""
        names = ("outline", "far_outline", "arrow", "text", "leader", "floor")
        return {name: getattr(self, name) for name in names}


REFERENCE_WINDOW: RGB = (239, 239, 239)
REFERENCE = FigureColours.for_window(REFERENCE_WINDOW, BLACK)
"""The colours of the still frames in assets/: a light window with black text."""

_HEX = re.compile(rb"#[0-9a-f]{6}")


def recolour(svg: bytes, colours: FigureColours) -> bytes:
    """A still frame drawn in :data:`REFERENCE` colours, in ``colours`` instead."""
    swaps = {
        getattr(REFERENCE, f.name).encode(): getattr(colours, f.name).encode()
        for f in fields(FigureColours)
    }
    return _HEX.sub(lambda m: swaps.get(m.group(0), m.group(0)), svg)


def _point(p: complex) -> QPointF:
    return QPointF(p.real, p.imag)


Outlined = tuple[QPainterPath, QPainterPath]
"""A shape grown all round by the width of its outline, and the shape itself: the first
is filled in the outline's colour, then the second over it."""


def _outlined() -> Outlined:
    from PySide6.QtCore import Qt

    outer, inner = QPainterPath(), QPainterPath()
    outer.setFillRule(Qt.FillRule.WindingFill)
    inner.setFillRule(Qt.FillRule.WindingFill)
    return outer, inner


def _join(shape: Outlined, a: complex, ra: float, b: complex, rb: float, grow: float) -> None:
    """Add to ``shape`` the band between discs ``a`` and ``b`` along their outer tangents
    (grown by ``grow`` in its outline)."""
    d = abs(b - a)
    if d <= abs(ra - rb):
        return
    along = (b - a) / d
    sin = (ra - rb) / d
    cos = (1 - sin * sin) ** 0.5
    left, right = along * complex(sin, cos), along * complex(sin, -cos)
    for path, g in zip(shape, (grow, 0.0), strict=True):
        # counter-clockwise (y up), as the discs wind, or the fill would leave a hole there
        p = a + (ra + g) * right
        path.moveTo(p.real, p.imag)
        p = b + (rb + g) * right
        path.lineTo(p.real, p.imag)
        p = b + (rb + g) * left
        path.lineTo(p.real, p.imag)
        p = a + (ra + g) * left
        path.lineTo(p.real, p.imag)
        path.closeSubpath()


def _band(chain: Chain, grow: float) -> Outlined:
    """A tapered band through a chain of (point, half-thickness): a disc at every point,
    joined along their outer tangents; its outline ``grow`` wide."""
    shape = _outlined()
    outer, inner = shape
    for p, r in chain:
        centre = QPointF(p.real, p.imag)
        outer.addEllipse(centre, r + grow, r + grow)
        inner.addEllipse(centre, r, r)
    for (a, ra), (b, rb) in itertools.pairwise(chain):
        _join(shape, a, ra, b, rb, grow)
    return shape


def _smooth(points: Sequence[complex], closed: bool) -> QPainterPath:
    """A curve through ``points`` (Catmull-Rom as cubic Béziers)."""
    n = len(points)
    path = QPainterPath(_point(points[0]))
    last = n if closed else n - 1
    for i in range(last):
        p0 = points[(i - 1) % n] if closed or i > 0 else points[0]
        p1, p2 = points[i], points[(i + 1) % n]
        p3 = points[(i + 2) % n] if closed or i + 2 < n else points[-1]
        path.cubicTo(_point(p1 + (p2 - p0) / 6), _point(p2 - (p3 - p1) / 6), _point(p2))
    if closed:
        path.closeSubpath()
    return path


def _arm_path(limb: Limb) -> Outlined:
    shoulder, elbow, wrist, tip = limb.joints
    knuckles = wrist + (tip - wrist) * 0.6
    return _band(
        (
            (shoulder, ARM_RADII[0]),
            (elbow, ARM_RADII[1]),
            (wrist, ARM_RADII[2]),
            (knuckles, ARM_RADII[2] + 0.3),
            (tip, ARM_RADII[3]),
        ),
        OUTLINE,
    )


def _leg_path(limb: Limb) -> Outlined:
    hip, knee, ankle, toes = limb.joints
    foot = limb.directions[2]
    sole = foot - 90
    heel = ankle + polar(6.5, sole) - polar(5.5, foot)
    ball = ankle + polar(20, foot) + polar(6.0, sole)
    shape = _band(
        (
            (hip, LEG_RADII[0]),
            (knee, LEG_RADII[1]),
            (ankle, LEG_RADII[2]),
            (heel, 5.0),
            (ball, 4.6),
            (toes, 3.6),
        ),
        OUTLINE,
    )
    _join(shape, ankle, LEG_RADII[2], ball, 4.6, OUTLINE)
    return shape


def _head_path(s: Skeleton) -> Outlined:
    face = s.neck_direction - 90
    turn = QTransform()
    turn.translate(s.head.real, s.head.imag)
    turn.rotate(s.neck_direction - 90)
    nose = _point(s.head + polar(HEAD_RX - 0.5, face) + polar(-1.5, s.neck_direction))
    neck = _band(((s.neck - polar(4, s.trunk), 7.5), (s.head, 6.5)), OUTLINE)
    shape = _outlined()
    for path, part, grow in zip(shape, neck, (OUTLINE, 0.0), strict=True):
        head = QPainterPath()
        head.addEllipse(QPointF(0, 0), HEAD_RX + grow, HEAD_RY + grow)
        path.addPath(turn.map(head))
        path.addEllipse(nose, 3.2 + grow, 3.2 + grow)
        path.addPath(part)
    return shape


def _trunk_path(s: Skeleton) -> QPainterPath:
    from backcoach.core.pose import TRUNK_BACK, TRUNK_FRONT

    front = [s.surface(u, "front") for u, _ in TRUNK_FRONT]
    back = [s.surface(u, "back") for u, _ in reversed(TRUNK_BACK)]
    return _smooth([*front, *back], closed=True)


_TRUNK: list[tuple[QPainterPath, QPainterPath]] = []
"""The trunk and its pelvis with the hip joint at the origin, pointing right: every
figure's are these, turned and moved (made on first use)."""


def _placed(s: Skeleton) -> QTransform:
    """The map from the trunk's own units (:data:`_TRUNK`) to ``s``'s."""
    place = QTransform()
    place.translate(s.hip.real, s.hip.imag)
    place.rotate(s.trunk)
    return place


def _trunk_shapes(s: Skeleton) -> tuple[QPainterPath, QPainterPath]:
    """The trunk and its pelvis in the trunk's own units; see :func:`_placed`."""
    if not _TRUNK:
        trunk = _trunk_path(s)
        below = QPainterPath(_point(pelvis(s)[0]))
        for corner in pelvis(s)[1:]:
            below.lineTo(_point(corner))
        home, _ = _placed(s).inverted()
        _TRUNK.append((home.map(trunk), home.map(trunk.intersected(below))))
    return _TRUNK[0]


def _pen(colour: str, width: float) -> QPen:
    from PySide6.QtCore import Qt

    pen = QPen(QColor(colour), width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def picture_transform(rect: QRectF, turn: float = 0.0) -> QTransform:
    """The map from picture units to ``rect``: the whole picture centred, as large as fits.

    ``turn`` (0 to 1) is how far the figure has turned to face the other way: 0 faces
    right, 1 is mirrored, and half way it is seen edge on (a half-second turn on screen).
    """
    left, bottom, width, height = STAGE
    scale = min(rect.width() / width, rect.height() / height)
    flip = math.cos(math.pi * min(max(turn, 0.0), 1.0))
    centre = rect.center()
    mid = complex(left + width / 2, bottom + height / 2)
    return QTransform(
        flip * scale,
        0,
        0,
        -scale,
        centre.x() - flip * scale * mid.real,
        centre.y() + scale * mid.imag,
    )


class _Canvas:
    """A painter set up to draw in picture units, and the mapping it uses."""

    def __init__(self, painter: QPainter, rect: QRectF, turn: float) -> None:
        self.painter = painter
        self.scale = min(rect.width() / STAGE[2], rect.height() / STAGE[3])
        self.outer = painter.worldTransform()
        self.to_rect = picture_transform(rect, turn)
        painter.setWorldTransform(self.to_rect * self.outer)

    def silhouette(self, path: QPainterPath, fill: str, edge: str, width: float = OUTLINE) -> None:
        """``path`` filled, with an outline ``width`` wide around the outside of it."""
        from PySide6.QtCore import Qt

        p = self.painter
        p.setPen(_pen(edge, width * 2))
        p.setBrush(QColor(edge))
        p.drawPath(path)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(fill))
        p.drawPath(path)

    def solid(self, shape: Outlined, fill: str, edge: str) -> None:
        """``shape`` filled, with its outline around it: its grown shape filled first. The
        same picture as :meth:`silhouette` for shapes made of discs and the bands between
        them, without stroking (several times faster)."""
        from PySide6.QtCore import Qt

        p = self.painter
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(edge))
        p.drawPath(shape[0])
        p.setBrush(QColor(fill))
        p.drawPath(shape[1])

    def dots(self, points: Sequence[complex], colour: str, radius: float) -> None:
        from PySide6.QtCore import Qt

        self.painter.setPen(Qt.PenStyle.NoPen)
        self.painter.setBrush(QColor(colour))
        for p in points:
            self.painter.drawEllipse(_point(p), radius, radius)

    def line(self, points: Sequence[complex], colour: str, width: float, smooth: bool) -> None:
        from PySide6.QtCore import Qt

        self.painter.setPen(_pen(colour, width))
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        if smooth:
            self.painter.drawPath(_smooth(points, closed=False))
        else:
            path = QPainterPath(_point(points[0]))
            for p in points[1:]:
                path.lineTo(_point(p))
            self.painter.drawPath(path)


def _mat(c: _Canvas, colours: FigureColours) -> None:
    """The mat in perspective: its top, its front edge and the floor line."""
    from PySide6.QtCore import Qt

    p = c.painter
    p.setPen(Qt.PenStyle.NoPen)
    top = QPainterPath(QPointF(-214, 0))
    for x, y in (
        (214, 0),
        (214 + DEPTH.real * 1.6, DEPTH.imag * 1.8),
        (-214 + DEPTH.real * 1.6, DEPTH.imag * 1.8),
    ):
        top.lineTo(QPointF(x, y))
    top.closeSubpath()
    p.setBrush(QColor(colours.mat_top))
    p.drawPath(top)
    p.setBrush(QColor(colours.mat_side))
    p.drawRect(QRectF(-214, -6, 428, 6))
    c.line([complex(-214, 0), complex(214, 0)], colours.floor, 1.4, smooth=False)
    c.line([complex(-232, -6), complex(232, -6)], colours.floor, 2.0, smooth=False)


def _dumbbell(c: _Canvas, limb: Limb, colours: FigureColours, behind: bool) -> None:
    """One dumbbell seen end on, its handle through the hand: the back plate (``behind``,
    drawn before the hand) or the front one."""
    centre = grip(limb) + (DEPTH * 0.55 if behind else -DEPTH * 0.3)

    plate = _band(((centre, 10.5),), OUTLINE)
    c.solid(plate, colours.iron_far if behind else colours.iron, colours.outline)
    if not behind:
        c.dots([centre], colours.outline, 2.6)


CUSHION = (-38.0, 18.0)
"""A cushion's ends, from the knee on it, along the mat."""
CHAIR = (150.0, 78.0, 66.0)
"""A chair's height at the top of its back, and its seat's height and depth."""


def _rects(rects: Sequence[tuple[float, float, float, float]]) -> Outlined:
    """Rounded boxes (x, y, width, height) as one shape, outlined :data:`OUTLINE` wide."""
    shape = _outlined()
    for x, y, w, h in rects:
        for path, grow in zip(shape, (OUTLINE, 0.0), strict=True):
            r = min(w, h) / 2 + grow
            path.addRoundedRect(QRectF(x - grow, y - grow, w + 2 * grow, h + 2 * grow), r, r)
    return shape


def _props(c: _Canvas, s: Skeleton, colours: FigureColours) -> None:
    """The chair to hold, seen from the side (its back toward the figure), and the cushion
    under the near knee."""
    if s.chair is not None:
        x = s.chair
        top, seat, depth = CHAIR
        chair = ((x - 3.5, 0, 7, top), (x - 3.5, seat - 7, depth, 7), (x + depth - 9.5, 0, 6, seat))
        c.solid(_rects(chair), colours.mat_side, colours.far_outline)
    if s.cushion:
        knee = s.near_leg.joints[1]
        box = (knee.real + CUSHION[0], 0, CUSHION[1] - CUSHION[0], knee.imag - LEG_RADII[1] + 2)
        c.solid(_rects((box,)), colours.iron_far, colours.far_outline)


def _arrow(c: _Canvas, path: Sequence[complex], colour: str) -> None:
    from PySide6.QtCore import Qt

    c.line(path, colour, 4.2, smooth=True)
    tip, before = path[-1], path[-2]
    ahead = (tip - before) / abs(tip - before)
    head = [tip + ahead * 9, tip - ahead * 5 + ahead * 1j * 8.5, tip - ahead * 5 - ahead * 1j * 8.5]
    shape = QPainterPath(_point(head[0]))
    for q in head[1:]:
        shape.lineTo(_point(q))
    shape.closeSubpath()
    c.painter.setPen(_pen(colour, 2.0))
    c.painter.setBrush(QColor(colour))
    c.painter.drawPath(shape)
    c.painter.setPen(Qt.PenStyle.NoPen)


def _callouts(
    c: _Canvas, s: Skeleton, overlay: Overlay, colours: FigureColours, family: str
) -> None:
    """Each callout: a dot on its point, a line to its words, and the words, never mirrored."""
    font = QFont(family)
    font.setPixelSize(max(round(TEXT_SIZE * c.scale), 9))
    font.setBold(True)
    metrics = QFontMetricsF(font)
    placed = []
    for callout in overlay.callouts:
        point = landmark(s, callout.point)
        label = point + complex(*callout.label)
        c.line([point, label], colours.leader, 1.6, smooth=False)
        c.dots([point], colours.leader, 3.2)
        placed.append(
            (c.to_rect.map(_point(point)), c.to_rect.map(_point(label)), CALLOUTS[callout.text])
        )
    p = c.painter
    p.setWorldTransform(c.outer)
    p.setFont(font)
    p.setPen(QColor(colours.text))
    gap = 4 * c.scale
    for start, end, text in placed:
        width = metrics.horizontalAdvance(text)
        dx, dy = end.x() - start.x(), end.y() - start.y()
        middle = end.y() + (metrics.ascent() - metrics.descent()) / 2
        if abs(dx) < 0.3 * abs(dy):  # the line runs up or down: the words centred on it
            x = end.x() - width / 2
            y = end.y() + gap + metrics.ascent() if dy > 0 else end.y() - gap - metrics.descent()
        elif dx > 0:
            x, y = end.x() + gap, middle
        else:
            x, y = end.x() - gap - width, middle
        p.drawText(QPointF(x, y), text)


LAYER_ORDER = ("under", "muscles", "over")
LAYERS = frozenset(LAYER_ORDER)
"""A figure's layers, bottom to top: the mat and the body but its near arm; the muscles at
work; the near arm, the dumbbells, arrows and callouts. Only the muscles change with a
breathing pulse, so an animation can keep the others drawn."""


def paint_pose(
    painter: QPainter,
    rect: QRectF,
    pose: Pose,
    colours: FigureColours,
    *,
    marks: Overlay | None = None,
    mirrored: float = False,
    highlight: float = 1.0,
    floor: bool = True,
    family: str = FONT_FAMILY,
    layers: Collection[str] = LAYERS,
) -> None:
    """Draw ``pose`` as large as fits in ``rect`` (the whole 480 by 360 picture, centred).

    ``marks`` adds muscles, callouts and arrows; ``mirrored`` flips the picture left to
    right (the other side of the body) but never the words, and a value between 0 and 1
    draws the figure part of the way through turning round (:func:`picture_transform`);
    ``highlight`` (0 to 1) is how strongly the muscles show, for a breathing pulse;
    ``floor`` draws the mat; ``layers`` are those of :data:`LAYERS` to draw. The
    background is left as it is, and the painter's state is restored afterwards.
    """
    marks = marks or Overlay()
    s = skeleton(pose)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    c = _Canvas(painter, rect, float(mirrored))
    if "under" in layers:
        _under(c, s, colours, floor)
    if "muscles" in layers and marks.muscles and highlight > 0:
        painter.setOpacity(min(highlight, 1.0))
        for name in marks.muscles:
            c.solid(_band(muscle(s, name), 1.2), colours.muscle, colours.muscle_edge)
        painter.setOpacity(1.0)
    if "over" in layers:
        _over(c, s, marks, colours, family)
    painter.restore()


def _under(c: _Canvas, s: Skeleton, colours: FigureColours, floor: bool) -> None:
    """The mat and the body, all but the near arm."""
    if floor:
        _mat(c, colours)
    _props(c, s, colours)
    if s.dumbbells:
        _dumbbell(c, s.far_arm, colours, behind=True)
    c.solid(_arm_path(s.far_arm), colours.far, colours.far_outline)
    if s.dumbbells:
        _dumbbell(c, s.far_arm, colours, behind=False)
    c.solid(_leg_path(s.far_leg), colours.far, colours.far_outline)
    far_joints = [*s.far_arm.joints[:3], *s.far_leg.joints[1:3]]
    c.dots(far_joints, colours.far_outline, 2.2)
    c.solid(_head_path(s), colours.near, colours.outline)
    trunk, hips = _trunk_shapes(s)
    c.painter.save()
    c.painter.setWorldTransform(_placed(s) * c.painter.worldTransform())
    c.silhouette(trunk, colours.near, colours.outline)
    c.painter.setBrush(QColor(colours.pelvis))
    c.painter.drawPath(hips)
    c.painter.restore()
    c.solid(_leg_path(s.near_leg), colours.near, colours.outline)
    c.dots(s.near_leg.joints[:3], colours.outline, 2.2)


def _over(c: _Canvas, s: Skeleton, marks: Overlay, colours: FigureColours, family: str) -> None:
    """The near arm with its dumbbell, the arrows and the callouts."""
    if s.dumbbells:
        _dumbbell(c, s.near_arm, colours, behind=True)
    c.solid(_arm_path(s.near_arm), colours.near, colours.outline)
    if s.dumbbells:
        _dumbbell(c, s.near_arm, colours, behind=False)
    c.dots(s.near_arm.joints[:3], colours.outline, 2.2)
    for path in marks.arrows:
        _arrow(c, path, colours.arrow)
    if marks.callouts:
        _callouts(c, s, marks, colours, family)


def paint_position(
    painter: QPainter,
    rect: QRectF,
    position: Position,
    positions: Sequence[Position],
    colours: FigureColours,
    *,
    mirrored: bool = False,
    family: str = FONT_FAMILY,
) -> None:
    """Draw key position ``position`` (one of ``positions``, which its arrows point to)
    with all its marks; it must have a pose."""
    assert position.pose is not None
    paint_pose(
        painter,
        rect,
        position.pose,
        colours,
        marks=overlay(position, positions),
        mirrored=mirrored,
        family=family,
    )
