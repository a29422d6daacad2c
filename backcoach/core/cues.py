"""What the voice is asked to say, and when."""

from __future__ import annotations

from dataclasses import dataclass

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
)


@dataclass(frozen=True)
class Cue:
    """One utterance.

    ``due`` is routine time (seconds of session clock since start, pauses
    excluded). ``critical`` cues (countdown numbers, rep counts) are worth
    saying only on time: a speaker drops them once ``max_late`` has passed.
    Higher ``priority`` wins when cues compete for the voice.
    """

    text: str
    kind: str
    due: float
    priority: int = 1
    critical: bool = False
    max_late: float = 0.6
