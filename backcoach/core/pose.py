"""Figures from pose data: where every joint is, poses in between, and a rep's timeline.

A :class:`~backcoach.content.model.Pose` gives joint angles; :func:`skeleton` turns
them into points by forward kinematics with fixed segment lengths, so a figure keeps
its proportions in every pose, and :func:`interpolate` blends two poses angle by angle.
Everything is in picture units: the picture (:data:`STAGE`) is 480 by 360, y points
up, the mat's top is y = 0 and the figure faces right. Points are complex numbers
(x + y j). No Qt here: :mod:`backcoach.ui.figure` draws what this computes.
"""

from __future__ import annotations

import cmath
import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from backcoach.content.model import Arm, Callout, Exercise, Leg, Pose, Position
from backcoach.core.phases import Phase

STAGE = (-240.0, -40.0, 480.0, 360.0)
"""The picture's left, bottom, width and height."""

TRUNK = 96.0  # hip joint to the base of the neck
SHOULDER_DROP = 14.0  # the shoulder joint sits this far below the base of the neck
NECK = 13.0
HEAD_RX = 15.0  # half the head's depth (face to back)
HEAD_RY = 18.0  # half its height
UPPER_ARM = 56.0
FOREARM = 47.0
HAND = 18.0
THIGH = 80.0
SHIN = 76.0
FOOT = 36.0  # heel to toe tip
ANKLE_HEIGHT = 11.5  # ankle joint above the sole
DEPTH = complex(8, 5)
"""Where far limbs attach, from near ones: a hint of perspective."""

ARM_RADII = (8.5, 6.0, 4.6, 3.4)
LEG_RADII = (14.0, 8.5, 5.5)
"""Half the thickness at each joint: shoulder, elbow, wrist, fingertips; hip, knee, ankle."""

TRUNK_FRONT = (
    (-0.14, 4.0),
    (-0.04, 13.0),
    (0.1, 16.0),
    (0.3, 15.0),
    (0.46, 16.0),
    (0.62, 19.5),
    (0.78, 19.5),
    (0.92, 14.0),
    (1.0, 7.5),
)
TRUNK_BACK = (
    (-0.14, 9.0),
    (-0.02, 19.0),
    (0.1, 19.5),
    (0.28, 15.5),
    (0.46, 15.5),
    (0.64, 17.5),
    (0.8, 18.0),
    (0.93, 13.0),
    (1.0, 7.5),
)
"""The trunk's side-view profile: (fraction of the way from hip joint to neck, distance
from that line) on the chest's side and on the back's."""


def polar(length: float, degrees: float) -> complex:
    """A vector of ``length`` pointing at ``degrees`` (0 right, 90 up)."""
    return cmath.rect(length, math.radians(degrees))


@dataclass(frozen=True)
class Limb:
    """A limb's joints and each segment's direction in degrees.

    An arm runs shoulder, elbow, wrist, fingertips; a leg hip, knee, ankle, toe tip
    (its last direction is the foot's, heel to toes).
    """

    joints: tuple[complex, complex, complex, complex]
    directions: tuple[float, float, float]


@dataclass(frozen=True)
class Skeleton:
    """Every point of a posed figure, in picture units."""

    hip: complex
    neck: complex  # the base of the neck
    head: complex  # the head's centre
    trunk: float  # direction from hip to neck
    neck_direction: float
    near_arm: Limb
    far_arm: Limb
    near_leg: Limb
    far_leg: Limb
    dumbbells: bool
    cushion: bool
    chair: float | None  # the x of a chair's back (see Pose.chair)

    @property
    def front(self) -> complex:
        """The unit vector the chest faces."""
        return polar(1, self.trunk - 90)

    def surface(self, along: float, side: str, inset: float = 0.0) -> complex:
        """A point on the trunk's chest (``side`` "front") or back outline, ``along`` the
        way from hip joint to neck, moved ``inset`` units into the body."""
        profile = TRUNK_FRONT if side == "front" else TRUNK_BACK
        sign = 1 if side == "front" else -1
        depth = _profile(profile, along) - inset
        return self.hip + polar(TRUNK * along, self.trunk) + self.front * depth * sign


def _profile(profile: Sequence[tuple[float, float]], along: float) -> float:
    """The profile's distance at ``along``, linear between its points."""
    for (a, da), (b, db) in itertools.pairwise(profile):
        if along <= b:
            t = min(max((along - a) / (b - a), 0.0), 1.0)
            return da + (db - da) * t
    return profile[-1][1]


def _arm(shoulder: complex, trunk: float, arm: Arm) -> Limb:
    upper = trunk + 180 + arm.shoulder
    fore = upper + arm.elbow
    elbow = shoulder + polar(UPPER_ARM, upper)
    wrist = elbow + polar(FOREARM, fore)
    return Limb((shoulder, elbow, wrist, wrist + polar(HAND, fore)), (upper, fore, fore))


def _leg(hip: complex, trunk: float, leg: Leg) -> Limb:
    thigh = trunk + 180 + leg.hip
    shin = thigh - leg.knee
    foot = shin + 90 - leg.ankle
    knee = hip + polar(THIGH, thigh)
    ankle = knee + polar(SHIN, shin)
    toes = ankle + polar(FOOT - 8, foot) + polar(ANKLE_HEIGHT * 0.55, foot - 90)
    return Limb((hip, knee, ankle, toes), (thigh, shin, foot))


def _posed(pose: Pose, hip: complex) -> Skeleton:
    neck = hip + polar(TRUNK, pose.trunk)
    head_direction = pose.trunk - pose.neck
    head = neck + polar(NECK + HEAD_RY * 0.75, head_direction) + polar(2.5, head_direction - 90)
    shoulder = neck - polar(SHOULDER_DROP, pose.trunk) - polar(2.0, pose.trunk - 90)
    return Skeleton(
        hip=hip,
        neck=neck,
        head=head,
        trunk=pose.trunk,
        neck_direction=head_direction,
        near_arm=_arm(shoulder, pose.trunk, pose.near_arm),
        far_arm=_arm(shoulder + DEPTH, pose.trunk, pose.far_arm),
        near_leg=_leg(hip, pose.trunk, pose.near_leg),
        far_leg=_leg(hip + DEPTH, pose.trunk, pose.far_leg),
        dumbbells=pose.dumbbells,
        cushion=pose.cushion,
        chair=pose.chair,
    )


def _root(s: Skeleton, root: str) -> complex:
    if root == "hip":
        return s.hip
    side, joint = root.split("-")
    leg = s.near_leg if side == "near" else s.far_leg
    return leg.joints[1] if joint == "knee" else leg.joints[2]


@functools.lru_cache(maxsize=8)
def skeleton(pose: Pose) -> Skeleton:
    """The figure's points, placed so that its root joint lies at ``pose.at``; the last few
    are kept, as an animation asks for each frame's more than once."""
    trial = _posed(pose, 0j)
    return _posed(pose, complex(*pose.at) - _root(trial, pose.root))


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def interpolate(a: Pose, b: Pose, t: float) -> Pose:
    """The pose ``t`` of the way from ``a`` (t = 0) to ``b`` (t = 1), angle by angle.

    Both must be placed by the same root joint; the props are ``a``'s.
    """
    if a.root != b.root:
        raise ValueError(f"poses placed by {a.root} and {b.root} cannot be blended")
    t = min(max(t, 0.0), 1.0)

    def arm(x: Arm, y: Arm) -> Arm:
        return Arm(_lerp(x.shoulder, y.shoulder, t), _lerp(x.elbow, y.elbow, t))

    def leg(x: Leg, y: Leg) -> Leg:
        return Leg(_lerp(x.hip, y.hip, t), _lerp(x.knee, y.knee, t), _lerp(x.ankle, y.ankle, t))

    return replace(
        a,
        at=(_lerp(a.at[0], b.at[0], t), _lerp(a.at[1], b.at[1], t)),
        trunk=_lerp(a.trunk, b.trunk, t),
        neck=_lerp(a.neck, b.neck, t),
        near_arm=arm(a.near_arm, b.near_arm),
        far_arm=arm(a.far_arm, b.far_arm),
        near_leg=leg(a.near_leg, b.near_leg),
        far_leg=leg(a.far_leg, b.far_leg),
    )


def swapped(pose: Pose) -> Pose:
    """``pose`` with the near and far limbs traded: the other arm and leg do the moving."""
    return replace(
        pose,
        near_arm=pose.far_arm,
        far_arm=pose.near_arm,
        near_leg=pose.far_leg,
        far_leg=pose.near_leg,
    )


def ease(t: float) -> float:
    """Slow in, slow out: 0 at 0, 1 at 1, gentle at both ends."""
    t = min(max(t, 0.0), 1.0)
    return 0.5 - 0.5 * math.cos(math.pi * t)


def grip(limb: Limb) -> complex:
    """Where a hand holds a dumbbell's handle."""
    wrist, tip = limb.joints[2], limb.joints[3]
    return wrist + (tip - wrist) * 0.45


def landmark(s: Skeleton, name: str) -> complex:
    """The point called ``name`` (one of :data:`backcoach.content.model.LANDMARKS`)."""
    on_trunk = {
        "chest": (0.74, "front"),
        "ribs": (0.58, "front"),
        "belly": (0.3, "front"),
        "upper-back": (0.74, "back"),
        "back": (0.5, "back"),
        "lower-back": (0.24, "back"),
        "glutes": (0.0, "back"),
    }
    if name in on_trunk:
        along, side = on_trunk[name]
        return s.surface(along, side)
    if name == "head":
        return s.head
    if name == "hip":
        return s.hip
    side, part = name.split("-")
    arm = s.near_arm if side == "near" else s.far_arm
    leg = s.near_leg if side == "near" else s.far_leg
    points = {
        "hand": grip(arm),
        "elbow": arm.joints[1],
        "knee": leg.joints[1],
        "ankle": leg.joints[2],
    }
    return points[part]


Chain = tuple[tuple[complex, float], ...]
"""A tapered band: points along it, each with half the band's thickness there."""


def muscle(s: Skeleton, name: str) -> Chain:
    """The band drawn over muscle ``name`` (one of :data:`backcoach.content.model.MUSCLES`)."""
    if name == "abdominals":
        return tuple(
            (s.surface(u, "front", 6.5), r)
            for u, r in ((0.06, 3.5), (0.25, 5.5), (0.5, 5.5), (0.6, 3.5))
        )
    if name == "back-extensors":
        return tuple(
            (s.surface(u, "back", 6.0), r)
            for u, r in ((0.04, 3.5), (0.3, 5.0), (0.6, 4.5), (0.82, 3.0))
        )
    if name == "glutes":
        return ((s.surface(0.12, "back", 8.0), 6.0), (s.surface(-0.02, "back", 8.5), 8.5))
    hip, knee = s.near_leg.joints[:2]
    thigh_front = polar(1, s.near_leg.directions[0] + 90)
    return (
        (s.hip + polar(TRUNK * 0.42, s.trunk) + s.front * 3, 3.0),
        (s.surface(0.08, "front", 5.0), 4.5),
        *((hip + (knee - hip) * f + thigh_front * 6.5, r) for f, r in ((0.35, 5.0), (0.8, 3.5))),
    )


def pelvis(s: Skeleton) -> tuple[complex, ...]:
    """A region whose overlap with the trunk is the pelvis: everything below the waist."""
    front, back = s.surface(0.2, "front") + s.front * 30, s.surface(0.26, "back") - s.front * 30
    down = polar(TRUNK, s.trunk + 180)
    return front, back, back + down, front + down


def arrow_path(
    start: Pose, end: Pose, point: str, offset: float, push: bool = False
) -> tuple[complex, ...]:
    """The path ``point`` travels from ``start`` to ``end``, shortened at both ends and
    moved ``offset`` units to the left of the way it goes; with ``push``, moved back
    along its way to end where the point starts. Empty when the point barely moves."""
    path = [landmark(skeleton(interpolate(start, end, i / 10)), point) for i in range(1, 10)]
    if abs(path[-1] - path[0]) < 12:
        return ()
    if push:
        back = path[-1] - path[0] + (path[-1] - path[0]) / abs(path[-1] - path[0]) * 10
        path = [p - back for p in path]
    moved = []
    for i, p in enumerate(path):
        heading = path[min(i + 1, len(path) - 1)] - path[max(i - 1, 0)]
        moved.append(p + heading / abs(heading) * 1j * offset)
    return tuple(moved)


@dataclass(frozen=True)
class Overlay:
    """What is drawn on a figure besides its body: muscles at work, callouts, and motion
    arrows as paths in picture units."""

    muscles: tuple[str, ...] = ()
    callouts: tuple[Callout, ...] = ()
    arrows: tuple[tuple[complex, ...], ...] = ()


def overlay(position: Position, positions: Sequence[Position]) -> Overlay:
    """The marks of ``position``, its arrows traced toward the positions they name."""
    if position.pose is None:
        return Overlay()
    poses = {p.id: p.pose for p in positions if p.pose is not None}
    arrows = tuple(
        path
        for a in position.marks.arrows
        if a.start in poses
        and a.end in poses
        and (path := arrow_path(poses[a.start], poses[a.end], a.point, a.offset, a.push))
    )
    return Overlay(position.marks.muscles, position.marks.callouts, arrows)


def bounds(s: Skeleton) -> tuple[complex, complex]:
    """The lower-left and upper-right corners of a box around the figure."""
    points = [
        s.hip,
        s.neck,
        *(s.head + polar(HEAD_RY, a) for a in range(0, 360, 45)),
        *(p for limb in (s.near_arm, s.far_arm, s.near_leg, s.far_leg) for p in limb.joints),
    ]
    pad = LEG_RADII[0]
    low = complex(min(p.real for p in points), min(p.imag for p in points)) - pad * (1 + 1j)
    high = complex(max(p.real for p in points), max(p.imag for p in points)) + pad * (1 + 1j)
    return low, high


@dataclass(frozen=True)
class PoseKey:
    """A pose a rep passes through, ``at`` a fraction (0 to 1) of the way through it, in
    key position ``position``."""

    at: float
    pose: Pose
    position: str = ""


def rep_keys(exercise: Exercise) -> tuple[PoseKey, ...]:
    """How the figure moves through one rep of ``exercise`` (empty when it does not).

    The content's offsets are seconds into a rep of ``tempo_seconds``; a rep that lasts
    longer stretches them all alike, so they are given here as fractions of the rep.
    """
    tempo = exercise.dose.tempo_seconds
    if not exercise.dose.motion or tempo is None:
        return ()
    keys = []
    for key in exercise.dose.motion:
        pose = exercise.position(key.position).pose
        assert pose is not None  # the loader lets motion name only positions with poses
        keys.append(PoseKey(key.at / tempo, swapped(pose) if key.swap else pose, key.position))
    return tuple(keys)


def tour_keys(exercise: Exercise) -> tuple[PoseKey, ...]:
    """A movement for an exercise without a rep's: each key position in turn, held for
    half its share of the loop and then moving to the next, and back to the first.

    Empty when fewer than two positions have poses, or when they are placed by different
    joints (they cannot be blended).
    """
    posed = [(p.id, p.pose) for p in exercise.positions if p.pose is not None]
    if len(posed) < 2 or len({pose.root for _, pose in posed}) > 1:
        return ()
    n = len(posed)
    keys = [
        PoseKey(i / n + half / (2 * n), pose, id)
        for i, (id, pose) in enumerate(posed)
        for half in (0, 1)
    ]
    return (*keys, PoseKey(1.0, posed[0][1], posed[0][0]))


def pose_at(keys: Sequence[PoseKey], fraction: float) -> Pose:
    """The pose ``fraction`` of the way through a rep: between the keys on either side,
    eased (:func:`ease`); the first key's before it, the last one's after."""
    if not keys:
        raise ValueError("a rep without poses has no pose at any time")
    if fraction <= keys[0].at:
        return keys[0].pose
    for before, after in itertools.pairwise(keys):
        if fraction < after.at:
            return interpolate(
                before.pose, after.pose, ease((fraction - before.at) / (after.at - before.at))
            )
    return keys[-1].pose


def heading(keys: Sequence[PoseKey], fraction: float) -> str:
    """The key position the figure is in or moving to ``fraction`` of the way through."""
    return next((k.position for k in keys if fraction <= k.at), keys[-1].position)


def rep_fraction(phase: Phase, elapsed: float) -> float | None:
    """How far through its rep's movement a guided set is ``elapsed`` seconds into
    ``phase`` (below 0 while the words before a rep's count are said), or None when the
    phase has no guided reps. The rep's movement takes its last ``rep_seconds``, so a rep
    the words stretch moves slower, in step with them."""
    rep = phase.rep_at(elapsed)
    if rep is None or not phase.rep_seconds:
        return None
    return (elapsed - (phase.rep_end(rep) - phase.rep_seconds)) / phase.rep_seconds


BREATH_SECONDS = 6.0
"""One slow breath: the period of a hold's pulse."""
PULSE_LOW = 0.35
"""The target highlight's least strength in a hold's pulse (1 is full)."""
TURN_SECONDS = 0.5
"""How long the figure takes to turn round to the other side."""


def breathing(seconds: float) -> float:
    """The target highlight's strength ``seconds`` into a hold: full at the start, fading
    to :data:`PULSE_LOW` and back once a breath."""
    wave = 0.5 + 0.5 * math.cos(2 * math.pi * seconds / BREATH_SECONDS)
    return PULSE_LOW + (1 - PULSE_LOW) * wave


def turned(since: float, mirrored: bool) -> float:
    """How far the figure has turned to face left (0 to 1) ``since`` seconds after it began
    turning to ``mirrored``; eased, and done after :data:`TURN_SECONDS`."""
    done = ease(since / TURN_SECONDS)
    return done if mirrored else 1.0 - done


@dataclass(frozen=True)
class Frame:
    """What a figure shows at one moment: a pose with its marks, how strongly its muscles
    show, how far it has turned to face left, and the key position it is in or moving to."""

    pose: Pose
    marks: Overlay
    position: str
    highlight: float = 1.0
    turn: float = 0.0


class Motion:
    """The frames of one exercise's figure: its key positions still, and its movement.

    The movement is a guided rep's (:func:`rep_keys`), or else its key positions in turn
    (:func:`tour_keys`). Each position's marks are worked out once.
    """

    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise
        self.rep = rep_keys(exercise)
        self.keys = self.rep or tour_keys(exercise)
        self.tempo = exercise.dose.tempo_seconds
        self._marks: dict[str, Overlay] = {}

    @property
    def posed(self) -> bool:
        """Whether its positions have poses (else it has only pictures)."""
        return any(p.pose is not None for p in self.exercise.positions)

    def marks(self, position: str) -> Overlay:
        if position not in self._marks:
            self._marks[position] = overlay(
                self.exercise.position(position), self.exercise.positions
            )
        return self._marks[position]

    def still(self, position: str, highlight: float = 1.0) -> Frame | None:
        """Key position ``position`` with all its marks; None without a pose."""
        pose = self.exercise.position(position).pose
        if pose is None:
            return None
        return Frame(pose, self.marks(position), position, highlight)

    def moving(self, fraction: float) -> Frame:
        """The movement ``fraction`` of the way through: the pose and the muscles at work
        of the position it is in or moving to (callouts and arrows belong to stills)."""
        position = heading(self.keys, fraction)
        marks = Overlay(muscles=self.marks(position).muscles)
        return Frame(pose_at(self.keys, fraction), marks, position)

    def looping(self, seconds: float, loop_seconds: float) -> Frame:
        """The movement ``seconds`` into playing it over and over, once every
        ``loop_seconds``."""
        return self.moving(seconds / loop_seconds % 1.0)

    def in_phase(self, phase: Phase, position: str, elapsed: float) -> Frame | None:
        """The figure ``elapsed`` seconds into ``phase`` of a session, showing ``position``
        when it is still: guided reps move with the rep's timeline, reps at one's own pace
        loop at the content's tempo, and a hold's muscles pulse (:func:`breathing`).
        None when the exercise has no poses."""
        if not self.posed:
            return None
        if phase.is_work and self.rep and self.tempo:
            if phase.mode == "tempo":
                fraction = rep_fraction(phase, elapsed)
                if fraction is not None:
                    return self.moving(fraction)
            if phase.mode == "self":
                return self.looping(elapsed, self.tempo)
        if phase.is_work and phase.mode == "hold":
            return self.still(position, breathing(elapsed))
        return self.still(position)
