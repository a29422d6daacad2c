"""Plain histories for the coach's tests: sessions built from a few numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from backcoach.content import load_content
from backcoach.content.model import Exercise
from backcoach.core.coach import GivenDose, Level, PastSession, Work

CONTENT = load_content()
DAY0 = date(2026, 12, 1)
T0 = 1_796_112_000.0  # 2026-12-01 08:00 UTC


def without_variants() -> dict[str, Exercise]:
    """The bundled exercises as if none named an easier variant."""
    return {id: replace(exercise, easier="") for id, exercise in CONTENT.exercises.items()}


def session(
    n: int,
    exercise: str,
    level: Level,
    *,
    pain: tuple[int | None, int | None] = (1, 1),
    morning: int | None = None,
    day: int | None = None,
    context: str = "after-run",
    chosen: bool = False,
    missed: int = 0,
    completed: bool = True,
) -> PastSession:
    """Session ``n`` (on day ``n`` unless ``day`` says) that gave ``exercise`` ``level`` and
    did it all but ``missed`` sides of sets."""
    on = n if day is None else day
    sided = CONTENT.exercises[exercise].sides != ()
    records = level.sets * (2 if sided else 1)
    work = Work(
        level.variant or exercise,
        level.sets,
        records - missed,
        missed,
        sided,
        level.reps,
        None if level.hold_s is None else float(level.hold_s),
        level.weight,
        level.weight_unit,
    )
    return PastSession(
        id=f"s{n}",
        started_at=T0 + 86400 * on + n,
        day=DAY0 + timedelta(on),
        context=context,
        completed=completed,
        before=pain[0],
        after=pain[1],
        morning=morning,
        given=(GivenDose(exercise, level, chosen),),
        work=(work,),
    )
