"""What a running backcoach says about itself, and does, on the local protocol and D-Bus.

The commands of :mod:`backcoach.services.protocol`: ``raise`` (bring the window
forward), ``open`` (routine, context: switch an idle window to that routine's
set-up), ``status`` and ``control`` (``action``: one of :data:`ACTIONS`, the
controls of the session screen). Both front ends answer ``status`` with
:func:`status_reply` and ``control`` with :func:`control_reply`, so ``backcoach
ctl`` and a second start read the same fields from either; MPRIS
(:mod:`backcoach.services.mpris`) goes through :func:`why_not` and :func:`apply` too.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Protocol

from backcoach.content.model import CONTEXT_LABELS

if TYPE_CHECKING:
    from backcoach.content.model import Content
    from backcoach.core.phases import Phase
    from backcoach.core.session import Session
    from backcoach.services.sessions import ActiveSession

ACTIONS = ("pause", "resume", "toggle", "skip", "back", "more", "done", "end")
"""The controls ``backcoach ctl`` sends, named as on the session screen's buttons."""
MORE_SECONDS = 10.0
"""What ``more`` adds to the countdown."""

NO_SESSION = "no-session"
"""The ``code`` of a control refused because no session is running."""
NOT_NOW = "not-now"
"""The ``code`` of a control refused because it does not apply at this point."""
UNKNOWN_ACTION = "unknown-action"
"""The ``code`` of a control that names no known action."""


class Controls(Protocol):
    """What carries out a control: the terminal's runner itself, or the window's timer
    pump around it (so the window re-arms its timer and redraws)."""

    def pause(self) -> object: ...

    def resume(self) -> object: ...

    def toggle_pause(self) -> object: ...

    def skip(self) -> object: ...

    def back(self) -> object: ...

    def add_time(self, seconds: float) -> object: ...

    def done(self) -> object: ...

    def end(self) -> object: ...


def paused(session: Session) -> bool:
    """Paused as the user sees it: false from the moment a resume is accepted, while
    the spoken answer still holds the clock (and during the hold of a skip or back)."""
    return session.paused and not session.resuming


def why_not(action: str, session: Session) -> str | None:
    """None when ``action`` applies to ``session`` now, else one sentence saying why not."""
    if action not in ACTIONS:
        return f"there is no control {action!r} (known: {', '.join(ACTIONS)})."
    if not session.started or session.finished:
        return "no session is running."
    phase = session.phase
    if action == "pause" and paused(session):
        return "the session is already paused."
    if action == "resume" and not paused(session):
        return "the session is not paused."
    if action == "more" and not session.can_add_time:
        if phase.mode == "tempo":
            return "guided reps run by the rep; there is no countdown to add 10 seconds to."
        if phase.mode == "self":
            return "a set at your own pace has no countdown to add 10 seconds to."
        return "there is no countdown to add 10 seconds to."
    if action == "done" and not (phase.is_work and phase.mode == "self"):
        return f"this is {_what(phase)}; done ends a set at your own pace (skip moves on)."
    return None


def _what(phase: Phase) -> str:
    """The phase, inside a sentence: "a timed hold", "a rest"."""
    if phase.is_work:
        return "a timed hold" if phase.mode == "hold" else "a set of guided reps"
    return {"get-ready": "the get-ready countdown", "rest": "a rest"}.get(
        phase.kind, "the switch of sides"
    )


def apply(action: str, controls: Controls) -> None:
    """Carry out ``action`` (one of :data:`ACTIONS`; check :func:`why_not` first)."""
    match action:
        case "pause":
            controls.pause()
        case "resume":
            controls.resume()
        case "toggle":
            controls.toggle_pause()
        case "skip":
            controls.skip()
        case "back":
            controls.back()
        case "more":
            controls.add_time(MORE_SECONDS)
        case "done":
            controls.done()
        case "end":
            controls.end()
        case _:
            raise ValueError(f"unknown control {action!r}")


def session_status(session: Session) -> dict[str, Any]:
    """Where ``session`` stands, as ``backcoach ctl status`` prints it: ``routine`` and
    ``context`` (ids), ``exercise`` (id or None), ``set`` and ``sets``, ``side`` ("left",
    "right" or None), ``phase`` (the phase's kind), ``remaining_s`` (routine seconds, or
    None in an open-ended phase), ``rep`` and ``reps`` (guided rep in progress and the
    set's target, else None) and ``paused`` (see :func:`paused`)."""
    state = session.state
    phase = state.phase
    remaining = None if state.remaining is None else round(state.remaining, 3)
    return {
        "routine": session.plan.routine,
        "context": session.plan.context,
        "exercise": phase.exercise or None,
        "set": phase.set_number,
        "sets": phase.total_sets,
        "side": phase.side if phase.side in ("left", "right") else None,
        "phase": phase.kind,
        "remaining_s": remaining,
        "rep": state.rep,
        "reps": phase.target_reps,
        "paused": paused(session),
    }


def status_reply(
    front: str, active: ActiveSession | None, running: bool, content: Content | None = None
) -> dict[str, Any]:
    """The ``status`` reply: ``front`` ("window" or "terminal"), ``state`` ("idle",
    "running" or "paused"), the process id, the session's routine, context, exercise,
    set and side when one runs, ``session`` (:func:`session_status`, or None when none
    runs), and ``text``, all of it in a sentence."""
    reply: dict[str, Any] = {"front": front, "pid": os.getpid()}
    if active is None or not running:
        reply.update(
            state="idle",
            session=None,
            text=f"backcoach is open in a {front}, with no session running.",
        )
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
        session=session_status(session),
    )
    where = f"{state.exercise_name}, set {phase.set_number} of {phase.total_sets}"
    if phase.side in ("left", "right"):
        where += f", {phase.side} side"
    paused_text = " (paused)" if session.paused else ""
    context = CONTEXT_LABELS.get(plan.context, plan.context).lower()
    reply["text"] = (
        f"A session of “{name}” ({context}) is running in the {front}{paused_text}: {where}."
    )
    return reply


def control_reply(
    request: dict[str, Any], session: Session | None, controls: Controls | None
) -> dict[str, Any]:
    """The ``control`` reply: carry out ``request["action"]`` on ``session`` through
    ``controls`` and answer with ``session`` (:func:`session_status`, after it), or refuse
    with an ``error`` sentence and a ``code``: :data:`UNKNOWN_ACTION`, :data:`NO_SESSION`
    (``session`` None, not started or finished) or :data:`NOT_NOW`."""
    action = request.get("action")
    if not isinstance(action, str) or action not in ACTIONS:
        known = ", ".join(ACTIONS)
        return {
            "ok": False,
            "code": UNKNOWN_ACTION,
            "error": f"there is no control {action!r} (known: {known}).",
        }
    if session is None or controls is None or not session.started or session.finished:
        return {"ok": False, "code": NO_SESSION, "error": "no session is running."}
    why = why_not(action, session)
    if why is not None:
        return {"ok": False, "code": NOT_NOW, "error": why}
    apply(action, controls)
    return {"session": session_status(session)}
