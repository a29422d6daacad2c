"""``backcoach ctl COMMAND``: control the session running on the data folder, from anywhere.

One request over the local protocol (:mod:`backcoach.services.protocol`) to the
window or terminal session on the data folder, so that a desktop shortcut, a
script or a second terminal can pause, skip or end it. ``status`` prints one
JSON object on standard output; everything else said goes to standard error.

Exit status: 0 done; 2 unknown command; 3 nothing is running on the data folder;
4 the command does not apply now (no session runs, or e.g. ``done`` during a hold);
1 the instance did not answer as it should.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from backcoach.content import Content
from backcoach.paths import data_dir
from backcoach.services.control import ACTIONS, NO_SESSION, NOT_NOW

COMMANDS = (*ACTIONS, "status")
DONE, UNKNOWN, NOTHING_RUNNING, NOT_APPLICABLE, FAILED = 0, 2, 3, 4, 1
TIMEOUT = 3.0
"""Seconds to wait for the running instance to answer."""

_SAID = {
    "pause": "paused",
    "resume": "resumed",
    "skip": "skipped",
    "back": "back",
    "more": "10 seconds more",
    "done": "set done",
    "end": "session ended",
}


def register(sub: Any, content: Content) -> None:
    p = sub.add_parser(
        "ctl",
        help="control the running session: pause, resume, toggle, skip, back, more, done, "
        "end, status",
        description="Send one command to the session running on the data folder, in the "
        "window or a terminal: pause, resume, toggle (pause or resume), skip, back, more "
        "(10 s more), done (end a set at your own pace), end, or status (one JSON object "
        "on standard output). Exit status 0 done, 2 unknown command, 3 nothing running, "
        "4 the command does not apply now.",
    )
    p.add_argument("command", metavar="COMMAND", choices=COMMANDS)
    p.set_defaults(func=lambda args: run(args, content))


def run(args: argparse.Namespace, content: Content | None = None) -> int:
    """Send ``args.command`` to the instance on ``args.data_dir``; returns the exit status.
    ``content`` names the exercises in what is said."""
    from backcoach.services.protocol import (
        UNKNOWN_COMMAND,
        NoInstance,
        ProtocolError,
        request,
        socket_path,
    )

    folder = data_dir(args.data_dir)
    command: str = args.command
    try:
        path = socket_path(folder)
    except ProtocolError as exc:
        return _say(NOTHING_RUNNING, f"nothing can be running on {folder}: {exc}")
    try:
        if command == "status":
            reply = request(path, "status", timeout=TIMEOUT)
        else:
            reply = request(path, "control", timeout=TIMEOUT, action=command)
    except NoInstance:
        return _say(NOTHING_RUNNING, f"nothing is running on the data folder {folder}.")
    except ProtocolError as exc:
        return _say(FAILED, f"the backcoach running on {folder} did not answer: {exc}")
    if not reply["ok"]:
        code = reply.get("code")
        if code in (NO_SESSION, NOT_NOW):
            return _say(NOT_APPLICABLE, f"{command} does not apply now: {reply['error']}")
        if code == UNKNOWN_COMMAND:
            return _say(
                FAILED,
                f"the backcoach running on {folder} is an older version without ctl; "
                "restart it to use ctl.",
            )
        return _say(FAILED, f"cannot {command}: {reply['error']}")
    session = reply.get("session", False)
    if session is not None and not isinstance(session, dict):
        return _say(FAILED, f"the backcoach running on {folder} sent no session status.")
    if command == "status":
        print(json.dumps(session if session is not None else {"running": False}))
        return DONE
    if command == "toggle":
        said = "paused" if session and session.get("paused") else "resumed"
    else:
        said = _SAID[command]
    return _say(DONE, f"{said}{_where(session, content)}.")


def _where(session: dict[str, Any] | None, content: Content | None) -> str:
    """Where the session is now, after a dash: " — work: Low lunge, set 1 of 2, left side"."""
    if not session or session.get("phase") == "finished":
        return ""
    where = f" — {session.get('phase')}"
    exercise = session.get("exercise")
    if isinstance(exercise, str) and exercise:
        known = content.exercises.get(exercise) if content is not None else None
        name = known.name if known is not None else exercise
        where += f": {name}, set {session.get('set')} of {session.get('sets')}"
        if session.get("side"):
            where += f", {session['side']} side"
    return where


def _say(status: int, text: str) -> int:
    print(f"backcoach: {text}", file=sys.stderr)
    return status
