"""A session's phases: what the plan builds, the script voices and the session runs."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

PHASE_KINDS = ("get-ready", "work", "switch-sides", "rest", "finished")

SELF_PACED_SECONDS_PER_REP = 3.0
"""Used only to estimate how long a self-paced set takes, for progress and totals."""

SetKey = tuple[str, str, int]
"""(exercise id, side, set number): identifies one side of one set."""


@dataclass(frozen=True)
class Phase:
    """One stretch of the session.

    ``exercise``/``side``/``set_number`` name the work the phase belongs to;
    for get-ready, switch-sides and rest phases that is the work coming up.
    ``duration`` is None for open-ended phases (self-paced reps, finished).
    ``mode`` is "hold", "tempo" or "self" for work phases and "" otherwise.
    Guided reps last ``rep_seconds`` each, plus, for some, the technique said
    before their count: ``rep_ends`` holds when each ends, in seconds from the
    phase start (the last is the duration).
    """

    kind: str
    exercise: str
    side: str
    set_number: int
    total_sets: int
    duration: float | None
    mode: str = ""
    target_reps: int | None = None
    rep_seconds: float | None = None
    rep_ends: tuple[float, ...] = ()
    weight: float | None = None
    weight_unit: str | None = None
    step_index: int = 0
    position: str = ""

    @property
    def is_work(self) -> bool:
        return self.kind == "work"

    @property
    def key(self) -> SetKey:
        return (self.exercise, self.side, self.set_number)

    def rep_end(self, rep: int) -> float:
        """Seconds from the phase start at which guided rep ``rep`` (from 1) ends."""
        return self.rep_ends[rep - 1]

    def rep_at(self, elapsed: float) -> int | None:
        """The guided rep in progress ``elapsed`` seconds into the phase (from 1), else None."""
        if self.mode != "tempo" or not self.rep_ends:
            return None
        return min(bisect_right(self.rep_ends, elapsed) + 1, len(self.rep_ends))

    @property
    def expected_seconds(self) -> float:
        """The duration, or an estimate for a self-paced set; 0 for finished."""
        if self.duration is not None:
            return self.duration
        if self.mode == "self" and self.target_reps:
            return self.target_reps * SELF_PACED_SECONDS_PER_REP
        return 0.0
