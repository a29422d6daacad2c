"""Plain data describing exercises, routines and training contexts (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

CONTEXTS: tuple[str, ...] = ("before-run", "after-run", "day-off")
"""Context ids: when the routine is done, which sets how long holds last."""

CONTEXT_LABELS: dict[str, str] = {
    "before-run": "Before or during a run",
    "after-run": "After a run",
    "day-off": "Day off",
}

SIDES: tuple[str, ...] = ("left", "right")

KILOGRAMS_PER_UNIT: dict[str, float] = {"kg": 1.0, "lb": 0.45359237}
"""The weight units a dose or a stored set may use, each with its weight in kilograms."""
WEIGHT_UNITS: tuple[str, ...] = tuple(KILOGRAMS_PER_UNIT)
BUNDLED_WEIGHT_RANGE: dict[str, tuple[float, float, float]] = {"kg": (2, 40, 2), "lb": (5, 90, 5)}
"""Per unit, the (min, max, step) a weight moves in when its file gives only a default."""


@dataclass(frozen=True)
class Range:
    """An inclusive range of whole numbers with a sensible default inside it."""

    min: int
    max: int
    default: int

    def clamp(self, value: int) -> int:
        return max(self.min, min(self.max, value))

    def text(self, unit: str = "") -> str:
        if self.min == self.max:
            return f"{self.min}{unit}"
        return f"{self.min}–{self.max}{unit}"


CUE_PRIORITIES: tuple[str, ...] = ("essential", "technique", "optional")
"""How much a spoken line matters (see :class:`backcoach.core.cues.Priority`)."""

TEMPO_PRIORITY: dict[str, str] = {"form": "technique", "breath": "optional", "side": "essential"}
"""A tempo word's priority when its file does not give one, by its kind."""


@dataclass(frozen=True)
class TempoCue:
    """A word spoken at a fixed offset into each guided rep (offsets grow with the rep).

    ``side`` ("left" or "right") says that side's words (:attr:`Exercise.side_words`)
    instead of ``text``; its kind is "side" and it is essential.
    """

    at: float
    text: str
    kind: str = "form"  # "form", "breath" or "side"
    priority: str = "technique"  # one of CUE_PRIORITIES
    side: str = ""


@dataclass(frozen=True)
class Weight:
    """A default load and the unit it is given in, with the range and step the coach
    moves it in (all in that unit)."""

    default: float
    unit: str  # one of WEIGHT_UNITS
    min: float
    max: float
    step: float


@dataclass(frozen=True)
class MotionKey:
    """A pose a guided rep passes through: position ``position`` at ``at`` seconds into a
    rep of ``tempo_seconds`` (offsets grow with the rep), with the near and far limbs
    traded when ``swap`` (the other arm and leg)."""

    at: float
    position: str
    swap: bool = False


@dataclass(frozen=True)
class Dose:
    """How much of an exercise to do.

    ``mode`` is "hold" (timed holds, seconds per context in ``hold``) or
    "reps" (``reps`` per side, or per set when the exercise has no sides).
    """

    mode: str
    sets: Range
    hold: dict[str, Range] = field(default_factory=dict)
    reps: Range | None = None
    tempo_seconds: float | None = None
    tempo: tuple[TempoCue, ...] = ()
    weight: Weight | None = None
    motion: tuple[MotionKey, ...] = ()
    """How the figure moves through one rep, in order (empty: it does not)."""

    def describe(self, context: str, per_side: bool) -> str:
        """One line such as "Hold 60–120 s per side, 1–3 sets"."""
        side = " per side" if per_side else ""
        sets = f"{self.sets.text()} {'set' if self.sets.max == 1 else 'sets'}"
        if self.mode == "hold":
            return f"Hold {self.hold[context].text(' s')}{side}, {sets}"
        assert self.reps is not None
        return f"{self.reps.text()} reps{side}, {sets}"


ROOTS: tuple[str, ...] = ("hip", "near-knee", "near-ankle", "far-knee", "far-ankle")
"""The joints a pose may be placed by (:attr:`Pose.root`)."""

LANDMARKS: tuple[str, ...] = (
    "head",
    "chest",
    "ribs",
    "belly",
    "upper-back",
    "back",
    "lower-back",
    "glutes",
    "hip",
    *(
        f"{side}-{joint}"
        for side in ("near", "far")
        for joint in ("hand", "elbow", "knee", "ankle")
    ),
)
"""The points of a figure that callouts and arrows may name (see :mod:`backcoach.core.pose`)."""

MUSCLES: tuple[str, ...] = ("abdominals", "back-extensors", "glutes", "hip-flexors")
"""The muscles a picture can highlight; glutes and hip flexors are the near leg's."""


@dataclass(frozen=True)
class Arm:
    """Joint angles of an arm in degrees: shoulder flexion (0 hangs along the trunk, 90
    points the way the chest faces, 180 reaches overhead) and elbow flexion (0 straight)."""

    shoulder: float
    elbow: float


@dataclass(frozen=True)
class Leg:
    """Joint angles of a leg in degrees: hip flexion (0 in line with the trunk, 90 thigh
    forward), knee flexion (0 straight) and ankle (0 foot square to the shin, more points
    the toes)."""

    hip: float
    knee: float
    ankle: float


@dataclass(frozen=True)
class Pose:
    """A figure's body in one key position, in side view, facing right.

    ``trunk`` is the direction from hip joint to neck (0 points right, 90 up), ``neck``
    bends the head forward from the trunk's line. The figure is placed so that its
    ``root`` joint lies at ``at`` (x, y): the mat's top is y = 0, the picture's middle
    x = 0. Near limbs are on the viewer's side, far ones behind the body.
    """

    root: str  # one of ROOTS
    at: tuple[float, float]
    trunk: float
    neck: float
    near_arm: Arm
    far_arm: Arm
    near_leg: Leg
    far_leg: Leg
    dumbbells: bool = False
    cushion: bool = False
    """A cushion on the mat under the near knee (``at`` lifts the knee onto it)."""
    chair: float | None = None
    """The x of the back of a chair that stands ahead of the figure, for balance (None:
    no chair)."""


@dataclass(frozen=True)
class Callout:
    """A few words in the picture (a key of :data:`backcoach.content.callouts.CALLOUTS`),
    with a line to the ``point`` they are about; the words sit ``label`` (dx, dy) from it."""

    text: str
    point: str  # one of LANDMARKS
    label: tuple[float, float]


@dataclass(frozen=True)
class Arrow:
    """An arrow along the path ``point`` takes from position ``start`` to position ``end``
    (one of them the position it is drawn in), ``offset`` units to the left of that path
    (negative: to the right)."""

    point: str  # one of LANDMARKS
    start: str  # a Position.id
    end: str
    offset: float = 0.0
    push: bool = False
    """Drawn up to where the point starts, pushing it, rather than along its way."""


@dataclass(frozen=True)
class Marks:
    """What a picture marks on its figure: muscles at work, callouts and motion arrows."""

    muscles: tuple[str, ...] = ()
    callouts: tuple[Callout, ...] = ()
    arrows: tuple[Arrow, ...] = ()


@dataclass(frozen=True)
class Position:
    """A key position of an exercise and the illustration that shows it.

    With a ``pose`` the picture is drawn from it (and ``image`` is the still frame made
    from it by ``scripts/draw_figures.py``); without one, ``image`` is all there is.
    """

    id: str
    label: str
    image: str  # a resource (":/exercises/dead-bug-start.svg") or an absolute SVG file path
    pose: Pose | None = None
    marks: Marks = Marks()


@dataclass(frozen=True)
class Step:
    """One instruction of an exercise, done in one of its positions.

    The voice says the first step's words as how to get into position (essential)
    and the others as technique.
    """

    text: str
    position: str  # Position.id this step is done in
    spoken: str = ""  # shorter wording for the voice; empty means use text

    @property
    def words(self) -> str:
        """What the voice says for this step."""
        return self.spoken or self.text


@dataclass(frozen=True)
class Exercise:
    """One exercise: what it is, why it helps, how to do it and how much."""

    id: str
    name: str
    category: str
    summary: str
    why: str
    addresses: str  # the cause it works on
    steps: tuple[Step, ...]
    form_cues: tuple[str, ...]
    breathing_cues: tuple[str, ...]
    equipment: tuple[str, ...]
    sides: tuple[str, ...]  # ("left", "right"), or () when one set works both sides
    positions: tuple[Position, ...]
    dose: Dose
    intro: str  # what the voice says to announce it
    alternates: bool = False  # each rep works one side then the other
    source: str = ""  # file it was loaded from
    side_words: dict[str, str] = field(default_factory=dict)
    """How the voice names each side by limb ("Left knee down, right foot forward"), by
    side; empty: "Left side", "Right side"."""
    easier: str = ""
    """The id of its easier variant, an exercise of its own, for bad days ("": none)."""

    @property
    def per_side(self) -> bool:
        """Whether the dose counts per side (separate sides, or alternating reps)."""
        return bool(self.sides) or self.alternates

    def position(self, position_id: str) -> Position:
        for p in self.positions:
            if p.id == position_id:
                return p
        raise KeyError(position_id)

    def dose_text(self, context: str) -> str:
        return self.dose.describe(context, self.per_side)


@dataclass(frozen=True)
class RoutineItem:
    """One exercise in a routine, optionally with its own set count."""

    exercise: str
    sets: int | None = None  # overrides the exercise's default set count


@dataclass(frozen=True)
class Routine:
    """An ordered list of exercises done together, for a default context."""

    id: str
    name: str
    description: str
    default_context: str
    items: tuple[RoutineItem, ...]
    source: str = ""


_ONE_LINE = {
    **{code: f"\\x{code:02x}" for code in (*range(32), *range(127, 160))},
    **{ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"},
    **{code: f"\\u{code:04x}" for code in (0x2028, 0x2029)},
}
"""Escapes for the control characters, which could break a line or hide in one."""


@dataclass(frozen=True)
class ContentProblem:
    """A readable complaint about one content file."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        """The problem on one line, whatever its file is called."""
        where = f"{self.entry}: " if self.entry else ""
        fld = f"{self.field} " if self.field else ""
        return f"{self.file}: {where}{fld}{self.message}".translate(_ONE_LINE)


@dataclass
class Content:
    """Everything that loaded, plus what did not."""

    exercises: dict[str, Exercise]
    routines: dict[str, Routine]
    problems: list[ContentProblem]
