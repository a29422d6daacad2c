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
    """A default load and the unit it is given in."""

    default: float
    unit: str  # one of WEIGHT_UNITS


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

    def describe(self, context: str, per_side: bool) -> str:
        """One line such as "Hold 60–120 s per side, 1–3 sets"."""
        side = " per side" if per_side else ""
        sets = f"{self.sets.text()} {'set' if self.sets.max == 1 else 'sets'}"
        if self.mode == "hold":
            return f"Hold {self.hold[context].text(' s')}{side}, {sets}"
        assert self.reps is not None
        return f"{self.reps.text()} reps{side}, {sets}"


@dataclass(frozen=True)
class Position:
    """A key position of an exercise and the illustration that shows it."""

    id: str
    label: str
    image: str  # a resource (":/exercises/dead-bug-start.svg") or an absolute SVG file path


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
