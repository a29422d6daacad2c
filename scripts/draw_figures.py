"""Draw the exercise illustrations and the app icon as SVG files.

Every exercise picture shows the same figure: one skeleton with fixed segment
lengths, posed by segment directions (degrees; 0 points right, 90 points up)
and placed joint by joint with forward kinematics. Where a hand or foot must
land on a spot (hands on a knee, a planted foot), a two-segment solver finds
the middle joint without changing any length. The output is deterministic.

Usage: python scripts/draw_figures.py [OUTPUT_DIR]   (default: assets/)
"""

from __future__ import annotations

import cmath
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"

# Segment lengths and thicknesses, in drawing units (a standing figure is ~296 tall).
HEAD_R = 20.0
NECK = 24.0  # neck base to head centre
TORSO = 92.0  # hip joint to neck base
SHOULDER_DROP = 12.0  # shoulder joint sits this far below the neck base
UPPER_ARM = 54.0
FOREARM = 48.0
HAND = 14.0
THIGH = 78.0
SHIN = 74.0
FOOT = 27.0  # ankle to toes
TORSO_W = 38.0
LEG_W = 19.0
ARM_W = 15.0
NECK_W = 16.0
OUTLINE = 2.5
DEPTH = complex(8, 5)  # screen offset of the far side, a hint of perspective

# Canvas shared by all exercise pictures; the mat's top edge is world y = 0.
WIDTH, HEIGHT = 480, 360
FLOOR_Y = 314.0


@dataclass(frozen=True)
class Style:
    """Colours and stroke gain for one kind of drawing."""

    near: str = "#2f6ea5"
    near_line: str = "#143656"
    far: str = "#a3c4e2"
    far_line: str = "#5d87ad"
    iron: str = "#484e57"
    iron_far: str = "#8c939d"
    iron_line: str = "#1f2227"
    accent: str = "#f08424"  # highlights and movement arrows
    gain: float = 1.0  # multiplies every thickness


SCENE = Style()
PANEL = "#e7eef5"
PANEL_EDGE = "#c3d2e1"
MAT = "#9fcbbf"
MAT_EDGE = "#6a9d90"


def polar(length: float, degrees: float) -> complex:
    """A vector of ``length`` pointing at ``degrees`` (0 = right, 90 = up)."""
    return cmath.rect(length, math.radians(degrees))


def chain(root: complex, segments: Iterable[tuple[float, float]]) -> list[complex]:
    """Forward kinematics: joint positions from a root and (length, direction) pairs."""
    points = [root]
    for length, degrees in segments:
        points.append(points[-1] + polar(length, degrees))
    return points


def middle_joint(root: complex, end: complex, first: float, second: float, bend: int) -> complex:
    """The middle joint of a two-segment limb reaching from ``root`` to ``end``.

    ``bend`` is +1 or -1: the joint sits left (+1) or right (-1) of the
    root-to-end line, seen from the root.
    """
    reach = end - root
    dist = abs(reach)
    if not abs(first - second) <= dist <= first + second:
        raise ValueError(f"cannot reach {dist:.1f} with segments {first} and {second}")
    along = (first**2 - second**2 + dist**2) / (2 * dist)
    across = math.sqrt(first**2 - along**2)
    unit = reach / dist
    return root + unit * (along + 1j * across * bend)


@dataclass(frozen=True)
class Figure:
    """Joint positions of one posed figure, in world units (y up, mat top at 0).

    Arms run shoulder, elbow, wrist, knuckles; legs run hip, knee, ankle, toes.
    """

    hip: complex
    neck: complex
    head: complex
    near_arm: list[complex]
    far_arm: list[complex]
    near_leg: list[complex]
    far_leg: list[complex]
    dumbbells: bool = False
    highlight: list[complex] = field(default_factory=list)  # where the work is felt
    arrows: list[list[complex]] = field(default_factory=list)  # which way things move


def arc(centre: complex, radius: float, start: float, end: float) -> list[complex]:
    """Points along a circular arc from ``start`` to ``end`` degrees."""
    steps = max(2, round(abs(end - start) / 6))
    return [centre + polar(radius, start + (end - start) * i / steps) for i in range(steps + 1)]


def trunk(hip: complex, torso_deg: float, neck_deg: float) -> tuple[complex, complex, complex]:
    """Hip, neck base, head centre and shoulder joint for a torso and neck direction."""
    _, neck, head = chain(hip, [(TORSO, torso_deg), (NECK, neck_deg)])
    return neck, head, neck + polar(SHOULDER_DROP, torso_deg + 180)


def arm(shoulder: complex, upper: float, fore: float, hand: float) -> list[complex]:
    return chain(shoulder, [(UPPER_ARM, upper), (FOREARM, fore), (HAND, hand)])


def leg(hip: complex, thigh: float, shin: float, foot: float) -> list[complex]:
    return chain(hip, [(THIGH, thigh), (SHIN, shin), (FOOT, foot)])


def arm_to(shoulder: complex, wrist: complex, hand: float, bend: int) -> list[complex]:
    """An arm whose wrist lands on ``wrist``; ``bend`` as in :func:`middle_joint`."""
    elbow = middle_joint(shoulder, wrist, UPPER_ARM, FOREARM, bend)
    return [shoulder, elbow, wrist, wrist + polar(HAND, hand)]


def leg_to(hip: complex, ankle: complex, foot: float, bend: int) -> list[complex]:
    """A leg whose ankle lands on ``ankle``; ``bend`` as in :func:`middle_joint`."""
    knee = middle_joint(hip, ankle, THIGH, SHIN, bend)
    return [hip, knee, ankle, ankle + polar(FOOT, foot)]


# Poses. Every figure faces right (or, lying down, has its feet to the right).


def dead_bug(reach: bool) -> Figure:
    """On the back: hips and knees at 90°, both arms pointing at the ceiling.

    Reaching: the near arm goes back overhead, close to the mat, while the far
    (opposite) leg straightens out just above it. In both, a mark under the
    lower back shows it pressing flat into the mat.
    """
    hip = complex(0, TORSO_W / 2)
    neck, head, shoulder = trunk(hip, 180, 175)
    up_arm = arm(shoulder + DEPTH, 90, 90, 90)
    bent_leg = leg(hip, 90, 0, 70)
    pressed = [complex(-x, 2) for x in (8, 24, 40, 56)]
    if not reach:
        start = arm(shoulder, 90, 90, 90)
        far_leg = leg(hip + DEPTH, 90, 0, 70)
        return Figure(hip, neck, head, start, up_arm, bent_leg, far_leg, highlight=pressed)
    sweeps = [arc(shoulder, 140, 100, 158), arc(hip + DEPTH, 178, 62, 20)]
    return Figure(
        hip, neck, head, arm(shoulder, 169, 169, 169), up_arm,
        bent_leg, leg(hip + DEPTH, 6, 6, 30), highlight=pressed, arrows=sweeps,
    )  # fmt: skip


def low_lunge(stretch: bool) -> Figure:
    """Half kneeling: near knee and shin on the mat behind, far foot flat in front.

    Stretching: the hips glide forward and down so the kneeling thigh slopes
    back, the front knee travels to just past the ankle and the trunk stays
    upright. A mark shows where the stretch is felt: the front of the rear hip.
    """
    knee = complex(0, LEG_W / 2)
    ankle = knee + polar(SHIN, 182)
    thigh_deg = 70 if stretch else 90
    hip = knee + polar(THIGH, thigh_deg)
    front = leg_to(hip + DEPTH, complex(THIGH + 8, LEG_W / 2) + DEPTH, 0, 1)
    neck, head, shoulder = trunk(hip, 90, 87)
    on_knee = front[1] + polar(LEG_W / 2 + ARM_W / 2, 100) - HAND * 0.7
    near_arm = arm_to(shoulder, on_knee - DEPTH, -25, -1)
    far_arm = arm_to(shoulder + DEPTH, on_knee, -25, -1)
    back = [hip, knee, ankle, ankle + polar(FOOT, 186)]
    if not stretch:
        return Figure(hip, neck, head, near_arm, far_arm, back, front)
    ahead = polar(1, thigh_deg - 90)
    mark = [
        hip + (knee - hip) * t + ahead * (LEG_W / 2 + 8 + 4 * math.sin(math.pi * (t - 0.05) / 0.6))
        for t in (0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65)
    ]
    glide = [hip + complex(-80, 8), hip + complex(-38, 2)]
    return Figure(hip, neck, head, near_arm, far_arm, back, front, highlight=mark, arrows=[glide])


def deadlift(hinge: bool) -> Figure:
    """Standing side view with a dumbbell in each hand, feet hip-width apart.

    Hinging: hips push back, the back stays flat from hip to neck with the head
    in line, knees soften, and the arms hang straight down so the weights pass
    just below the knees.
    """
    ankle = complex(0, LEG_W / 2)
    knee = ankle + polar(SHIN, 84 if hinge else 90)
    hip = knee + polar(THIGH, 127 if hinge else 90)
    torso_deg = 28 if hinge else 90
    neck, head, shoulder = trunk(hip, torso_deg, torso_deg)
    hang = -93 if hinge else -82
    near_leg = [hip, knee, ankle, ankle + polar(FOOT, 0)]
    return Figure(
        hip, neck, head,
        arm(shoulder, hang, hang, hang), arm(shoulder + DEPTH, hang, hang, hang),
        near_leg, [p + DEPTH for p in near_leg], dumbbells=True,
        arrows=[arc(knee, THIGH + 40, 98, 128)] if hinge else [],
    )  # fmt: skip


def runner() -> Figure:
    """A runner mid-stride, for the app icon."""
    hip = complex(0, 0)
    neck, head, shoulder = trunk(hip, 78, 76)
    behind = polar(TORSO_W / 2 - 5, 168)
    lumbar = [hip + (neck - hip) * t + behind for t in (0.15, 0.3, 0.45, 0.6)]
    return Figure(
        hip, neck, head,
        arm(shoulder, -62, 22, 22), arm(shoulder, -128, -40, -40),
        leg(hip, -40, -112, -20), leg(hip, -118, -160, -95), highlight=lumbar,
    )  # fmt: skip


# SVG output.


def fmt(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


class Canvas:
    """Collects SVG elements; world points map to the canvas by an offset and a scale."""

    def __init__(self, origin: complex, scale: float, style: Style) -> None:
        self.origin = origin
        self.scale = scale
        self.style = style
        self.parts: list[str] = []

    def points(self, pts: Sequence[complex]) -> str:
        return " ".join(
            f"{fmt(self.origin.real + p.real * self.scale)},"
            f"{fmt(self.origin.imag - p.imag * self.scale)}"
            for p in pts
        )

    def line(self, pts: Sequence[complex], width: float, color: str, opacity: float = 1) -> None:
        """A round-capped stroke through ``pts``; a single point makes a dot."""
        if len(pts) == 1:
            x, y = self.points(pts).split(",")
            self.parts.append(
                f'<circle cx="{x}" cy="{y}" r="{fmt(width * self.scale / 2)}" fill="{color}"/>'
            )
            return
        extra = "" if opacity == 1 else f' stroke-opacity="{opacity}"'
        self.parts.append(
            f'<polyline points="{self.points(pts)}" fill="none" stroke="{color}" '
            f'stroke-width="{fmt(width * self.scale)}" stroke-linecap="round" '
            f'stroke-linejoin="round"{extra}/>'
        )

    def shape(
        self, pieces: Sequence[tuple[Sequence[complex], float]], fill: str, edge: str
    ) -> None:
        """Rounded capsule chains drawn as one silhouette: all outlines, then all fills."""
        gain = self.style.gain
        for pts, width in pieces:
            self.line(pts, (width + 2 * OUTLINE) * gain, edge)
        for pts, width in pieces:
            self.line(pts, width * gain, fill)

    def dumbbell(self, grip: complex, far: bool) -> None:
        """A dumbbell seen from the side, its handle through the grip point."""
        plate = self.style.iron_far if far else self.style.iron
        edge = self.style.iron_line
        bar = [grip - 22, grip + 22]
        plates = [([end - 12j, end + 12j], 13.0) for end in bar]
        self.shape([(bar, 7.0)], plate, edge)
        self.shape(plates, plate, edge)

    def figure(self, fig: Figure) -> None:
        """Far limbs behind the body, near limbs in front."""
        s = self.style
        grips = [a[2] + (a[3] - a[2]) * 0.4 for a in (fig.far_arm, fig.near_arm)]
        if fig.dumbbells:
            self.dumbbell(grips[0], far=True)
        self.shape([(fig.far_arm, ARM_W)], s.far, s.far_line)
        self.shape([(fig.far_leg, LEG_W)], s.far, s.far_line)
        self.shape(
            [
                ([fig.hip, fig.neck], TORSO_W),
                ([fig.neck, fig.head], NECK_W),
                ([fig.head], HEAD_R * 2),
            ],
            s.near,
            s.near_line,
        )
        self.shape([(fig.near_leg, LEG_W)], s.near, s.near_line)
        if fig.dumbbells:
            self.dumbbell(grips[1], far=False)
        self.shape([(fig.near_arm, ARM_W)], s.near, s.near_line)
        if fig.highlight:
            self.line(fig.highlight, 16 * s.gain, s.accent, opacity=0.35)
            self.line(fig.highlight, 5 * s.gain, s.accent)
        for path in fig.arrows:
            self.arrow(path)

    def arrow(self, path: Sequence[complex]) -> None:
        """A movement arrow along ``path``, its head at the end."""
        self.line(path, 5, self.style.accent)
        tip = path[-1]
        ahead = (tip - path[-2]) / abs(tip - path[-2])
        head = [tip + ahead * 10, tip - ahead * 4 + ahead * 9j, tip - ahead * 4 - ahead * 9j]
        self.parts.append(
            f'<polygon points="{self.points(head)}" fill="{self.style.accent}" '
            f'stroke="{self.style.accent}" stroke-width="{fmt(3 * self.scale)}" '
            'stroke-linejoin="round"/>'
        )


def svg(width: int, height: int, parts: Iterable[str]) -> str:
    body = "\n".join(f"  {p}" for p in parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">\n{body}\n</svg>\n'
    )


def bounds(fig: Figure, gain: float = 1.0) -> tuple[complex, complex]:
    """Lower-left and upper-right corners of the box around the figure, thickness included."""
    pts = [*fig.near_arm, *fig.far_arm, *fig.near_leg, *fig.far_leg, fig.hip, fig.neck, fig.head]
    pad = (TORSO_W / 2 + OUTLINE) * gain
    low = complex(min(p.real for p in pts), min(p.imag for p in pts)) - pad * (1 + 1j)
    high = complex(max(p.real for p in pts), max(p.imag for p in pts)) + pad * (1 + 1j)
    return low, high


def scene(fig: Figure, centre_x: float) -> str:
    """One exercise picture: a soft panel, the mat and the figure."""
    canvas = Canvas(complex(WIDTH / 2 - centre_x, FLOOR_Y), 1.0, SCENE)
    canvas.parts += [
        f'<rect x="2" y="2" width="{WIDTH - 4}" height="{HEIGHT - 4}" rx="28" '
        f'fill="{PANEL}" stroke="{PANEL_EDGE}" stroke-width="3"/>',
        f'<rect x="26" y="{fmt(FLOOR_Y - 4)}" width="{WIDTH - 52}" height="18" rx="9" '
        f'fill="{MAT}" stroke="{MAT_EDGE}" stroke-width="3"/>',
    ]
    canvas.figure(fig)
    return svg(WIDTH, HEIGHT, canvas.parts)


ICON = Style(near="#ffffff", near_line="#0f2c47", far="#9cc3e6", far_line="#0f2c47", gain=1.5)


def icon() -> str:
    """The app icon: a runner on a rounded badge, bold enough for 16 px."""
    fig = runner()
    low, high = bounds(fig, ICON.gain)
    scale = 48 / max(high.real - low.real, high.imag - low.imag)
    middle = (low + high) / 2
    canvas = Canvas(complex(32 - middle.real * scale, 32 + middle.imag * scale), scale, ICON)
    canvas.parts.append(f'<rect x="1" y="1" width="62" height="62" rx="14" fill="{SCENE.near}"/>')
    canvas.figure(fig)
    return svg(64, 64, canvas.parts)


EXERCISES = {
    "dead-bug": {"start": dead_bug(False), "reach": dead_bug(True)},
    "low-lunge": {"kneel": low_lunge(False), "stretch": low_lunge(True)},
    "dumbbell-deadlift": {"stand": deadlift(False), "hinge": deadlift(True)},
}


def drawings() -> dict[str, str]:
    """File name to SVG text for every picture.

    Both positions of an exercise share one placement, so the body part that
    stays put (hips, knee, feet) does not jump when the pictures alternate.
    """
    out: dict[str, str] = {}
    for name, poses in EXERCISES.items():
        spans = [bounds(fig) for fig in poses.values()]
        centre = (min(lo.real for lo, _ in spans) + max(hi.real for _, hi in spans)) / 2
        for label, fig in poses.items():
            out[f"{name}-{label}.svg"] = scene(fig, centre)
    out["backcoach.svg"] = icon()
    return out


def main(argv: Sequence[str]) -> int:
    target = Path(argv[0]) if argv else ASSETS
    target.mkdir(parents=True, exist_ok=True)
    for name, text in drawings().items():
        (target / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
