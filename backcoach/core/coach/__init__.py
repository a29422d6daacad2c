"""The coach (no Qt, no I/O, no clock): a light per session from its pain ratings
(:mod:`~backcoach.core.coach.lights`), and today's dose of each exercise with its reason
(:mod:`~backcoach.core.coach.progression`), over plain history
(:mod:`~backcoach.core.coach.history`)::

    coach = Coach(history, content.exercises)
    advice = coach.plan(content.routines["after-run"], "after-run", today)
"""

from backcoach.core.coach.history import GivenDose, Level, PastSession, Work
from backcoach.core.coach.lights import RED_CAUSES, Light, SessionLight, lights, session_light
from backcoach.core.coach.progression import CHANGES, Advice, Bounds, Coach, bounds, within

MORNING_HOURS = 36
"""A morning rating belongs to the latest session within this many hours."""

__all__ = [
    "CHANGES",
    "MORNING_HOURS",
    "RED_CAUSES",
    "Advice",
    "Bounds",
    "Coach",
    "GivenDose",
    "Level",
    "Light",
    "PastSession",
    "SessionLight",
    "Work",
    "bounds",
    "lights",
    "session_light",
    "within",
]
