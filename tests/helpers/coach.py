"""The plan a first session runs: the coach's doses, its reasons said."""

from __future__ import annotations

from datetime import date
from typing import Any

from backcoach.content import Content
from backcoach.core.coach import Coach
from backcoach.core.plan import Plan, build_plan


def first_plan(content: Content, routine: str, context: str, **kw: Any) -> Plan:
    """``build_plan`` as a session with no history before it plans ``routine``."""
    advice = Coach((), content.exercises).plan(content.routines[routine], context, date.today())
    choices = {a.exercise: a.choice() for a in advice}
    reasons = {a.exercise: a.reason for a in advice}
    return build_plan(content, routine, context, choices, reasons=reasons, **kw)
