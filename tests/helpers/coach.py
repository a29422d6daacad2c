"""The coach in tests: the plan a first session runs, and a history that moves the dead bug
to its easier variant."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from backcoach.content import Content
from backcoach.core.coach import Coach, GivenDose, Level
from backcoach.core.plan import Plan, build_plan
from backcoach.storage import HistoryStore
from tests.storage.seed import a_set


def first_plan(content: Content, routine: str, context: str, **kw: Any) -> Plan:
    """``build_plan`` as a session with no history before it plans ``routine``."""
    advice = Coach((), content.exercises).plan(content.routines[routine], context, date.today())
    choices = {a.exercise: a.choice() for a in advice}
    reasons = {a.exercise: a.reason for a in advice}
    return build_plan(content, routine, context, choices, reasons=reasons, **kw)


def reds_at_the_minimum(folder: Path) -> None:
    """Two finished dead-bug sessions (2 and 1 days ago) at its easiest dose, done in full
    and both red: the coach moves the dead bug to its easier variant."""
    with HistoryStore(folder) as store:
        for days in (2, 1):
            start = time.time() - days * 86400
            sid = store.start_session("after-run", "after-run", start)
            store.record_doses([GivenDose("dead-bug", Level(sets=2, reps=5))], sid)
            for n in (1, 2):
                store.record_set(a_set(n, start, side="both", reps=5, planned_reps=5))
            store.record_pain("before", 2, "", sid, start)
            store.record_pain("after", 7, "", sid, start + 600)
            store.finish_session(sid, start + 600, completed=True)
