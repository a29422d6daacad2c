"""What the coach reads of history: past sessions, the dose each was given, what was done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backcoach.core.plan import DoseChoice


@dataclass(frozen=True)
class Level:
    """A dose of one exercise: which form of it, and how much.

    ``variant`` is the id of the easier variant in use (None: the exercise itself);
    ``reps`` (per side for a sided exercise), ``hold_s`` and ``weight`` are None when
    the exercise has no such part.
    """

    sets: int
    reps: int | None = None
    hold_s: int | None = None
    weight: float | None = None
    weight_unit: str | None = None
    variant: str | None = None

    def choice(self, rep_mode: str = "tempo") -> DoseChoice:
        """The dose as the plan takes it (:func:`backcoach.core.plan.build_plan`)."""
        return DoseChoice(
            hold_seconds=self.hold_s,
            sets=self.sets,
            reps=self.reps,
            rep_mode=rep_mode,
            weight=self.weight,
            weight_unit=self.weight_unit,
        )


@dataclass(frozen=True)
class GivenDose:
    """The dose a session was given for one exercise (by its main id), as stored."""

    exercise: str
    level: Level
    chosen: bool = False
    """The user's own choice (an override): the new starting point, never stepped in its
    own session."""
    reason: str = ""


@dataclass(frozen=True)
class Work:
    """What a session's sets show of one exercise id (a main exercise's or a variant's)."""

    exercise: str
    sets: int
    """Set numbers recorded, done or skipped."""
    done: int
    """Sides of sets (or sets of both sides) done in full."""
    missed: int
    """Sides of sets skipped or cut short."""
    sided: bool
    """Recorded side by side (left and right)."""
    reps: int | None = None
    """The most reps planned (else done) in a set; None for holds."""
    hold_s: float | None = None
    """The longest hold planned (else held); None for reps."""
    weight: float | None = None
    weight_unit: str | None = None


@dataclass(frozen=True)
class PastSession:
    """One session as the coach sees it: when, its pain ratings, its doses and its work.

    ``morning`` is the rating given the morning after; ``completed`` is False for a
    session ended early, kept as partial or never finished.
    """

    id: str
    started_at: float
    day: date
    context: str
    completed: bool = True
    before: int | None = None
    after: int | None = None
    morning: int | None = None
    given: tuple[GivenDose, ...] = ()
    work: tuple[Work, ...] = ()
