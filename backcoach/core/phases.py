"""A session's phases: what the plan builds, the script voices and the session runs."""

from __future__ import annotations

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

    @property
    def expected_seconds(self) -> float:
        """The duration, or an estimate for a self-paced set; 0 for finished."""
        if self.duration is not None:
            return self.duration
        if self.mode == "self" and self.target_reps:
            return self.target_reps * SELF_PACED_SECONDS_PER_REP
        return 0.0
