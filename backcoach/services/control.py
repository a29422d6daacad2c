"""What a running backcoach says about itself on the local protocol, window or terminal.

The commands of :mod:`backcoach.services.protocol` today: ``raise`` (bring the
window forward), ``open`` (routine, context: switch an idle window to that
routine's set-up) and ``status``. Both front ends answer ``status`` with
:func:`status_reply`, so a second start reads the same fields from either.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from backcoach.content.model import CONTEXT_LABELS

if TYPE_CHECKING:
    from backcoach.content.model import Content
    from backcoach.services.sessions import ActiveSession


def status_reply(
    front: str, active: ActiveSession | None, running: bool, content: Content | None = None
) -> dict[str, Any]:
    """The ``status`` reply: ``front`` ("window" or "terminal"), ``state`` ("idle",
    "running" or "paused"), the process id, the session's routine, context, exercise,
    set and side when one runs, and ``text``, all of it in a sentence."""
    reply: dict[str, Any] = {"front": front, "pid": os.getpid()}
    if active is None or not running:
        reply.update(state="idle", text=f"backcoach is open in a {front}, with no session running.")
        return reply
    session = active.runner.session
    state = session.state
    phase = state.phase
    plan = session.plan
    known = content.routines.get(plan.routine) if content is not None else None
    name = known.name if known is not None else plan.routine
    reply.update(
        state="paused" if session.paused else "running",
        routine=plan.routine,
        context=plan.context,
        exercise=phase.exercise,
        set=phase.set_number,
        sets=phase.total_sets,
        side=phase.side,
    )
    where = f"{state.exercise_name}, set {phase.set_number} of {phase.total_sets}"
    if phase.side in ("left", "right"):
        where += f", {phase.side} side"
    paused = " (paused)" if session.paused else ""
    context = CONTEXT_LABELS.get(plan.context, plan.context).lower()
    reply["text"] = f"A session of “{name}” ({context}) is running in the {front}{paused}: {where}."
    return reply
