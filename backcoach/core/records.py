"""Completed sets and the interface that stores them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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


class Recorder(Protocol):
    def record_set(self, record: SetRecord) -> None:
        """Store ``record`` at once; called the moment a set completes."""
        ...


class MemoryRecorder:
    """Keeps sets in a list; used when no history store is attached."""

    def __init__(self) -> None:
        self.sets: list[SetRecord] = []

    def record_set(self, record: SetRecord) -> None:
        self.sets.append(record)
