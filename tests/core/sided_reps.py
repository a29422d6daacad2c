"""Content with a rep exercise done one side at a time, which the shipped content lacks."""

from __future__ import annotations

from dataclasses import replace

from backcoach.content import Content, load_content
from backcoach.content.model import Routine, RoutineItem, TempoCue

EXERCISE = "single-leg-bridge"
ROUTINE = "bridges"


def sided_reps_content() -> Content:
    """A two-set routine of a guided rep exercise (4 s reps at least) with separate left and
    right sides, which are not named by limb."""
    content = load_content()
    base = content.exercises["dead-bug"]
    bridge = replace(
        base,
        id=EXERCISE,
        name="Single-leg bridge",
        sides=("left", "right"),
        alternates=False,
        side_words={},  # the sides are said as "Left side", "Right side"
        dose=replace(
            base.dose,
            sets=replace(base.dose.sets, default=2),
            tempo_seconds=4.0,
            tempo=(TempoCue(0.0, "Lift"), TempoCue(2.0, "and lower")),
        ),
    )
    routine = Routine(ROUTINE, "Bridges", "One leg at a time.", "day-off", (RoutineItem(EXERCISE),))
    return Content(
        exercises={**content.exercises, EXERCISE: bridge},
        routines={**content.routines, ROUTINE: routine},
        problems=[],
    )
