"""What the voice is asked to say, and when, and how much each cue matters."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum

CUE_KINDS = (
    "intro",
    "setup",
    "side",
    "set",
    "count",
    "halfway",
    "remaining",
    "rep",
    "breath",
    "form",
    "rest",
    "next",
    "finish",
    "info",
    "safety",
)


class Priority(IntEnum):
    """How much a cue matters; the higher goes first when cues compete for the voice.

    - ``ESSENTIAL``: what to do and when: the exercise and how to get into position,
      the side, the set, every rep count and countdown number, switching sides, the
      rest and what comes next, the end, the safety line. Never dropped by the
      planner; the voice says it late rather than leave it out (a countdown number
      excepted: it is only worth saying on time).
    - ``TECHNIQUE``: how to move: each step's spoken words and the tempo's words.
    - ``OPTIONAL``: form reminders during holds, breathing, halfway, time left and
      encouragement.
    """

    OPTIONAL = 1
    TECHNIQUE = 2
    ESSENTIAL = 3

    @classmethod
    def named(cls, name: str) -> Priority:
        """The priority called ``name`` ("essential", "technique" or "optional")."""
        return cls[name.upper()]


def priority_name(priority: int) -> str:
    """ "essential", "technique" or "optional"; anything above essential is essential."""
    return Priority(min(max(priority, Priority.OPTIONAL), Priority.ESSENTIAL)).name.lower()


VERBOSITIES = ("full", "standard", "counts")
"""How much the voice says: full (every technique line and reminder), standard (technique,
fewer reminders) or counts (essential cues only)."""
DEFAULT_VERBOSITY = "standard"

COUNT_MAX_LATE = 0.25
"""A countdown number later than this (seconds) is dropped, never said late."""


@dataclass(frozen=True)
class Cue:
    """One utterance.

    ``due`` is routine time (seconds of session clock since start, pauses
    excluded). ``priority`` is a :class:`Priority` (higher wins when cues
    compete for the voice). ``critical`` cues (countdown numbers, rep counts)
    keep their moment: other cues must not delay them. A cue is dropped once more
    than ``max_late`` seconds late (a countdown number: :data:`COUNT_MAX_LATE`);
    otherwise an essential one is said late rather than dropped.
    """

    text: str
    kind: str
    due: float
    priority: int = Priority.OPTIONAL
    critical: bool = False
    max_late: float = math.inf

    @property
    def essential(self) -> bool:
        return self.priority >= Priority.ESSENTIAL

    @property
    def priority_name(self) -> str:
        return priority_name(self.priority)
