"""A completed set: what the session records and reports in its SetCompleted events."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SetRecord:
    """One completed set (or one side of a set)."""

    exercise: str
    side: str  # "left", "right" or "both"
    set_number: int
    reps: int | None
    seconds: float | None  # seconds held (hold mode) or worked (rep mode)
    weight: float | None
    weight_unit: str | None
    started_at: float  # wall-clock UNIX time
    ended_at: float
