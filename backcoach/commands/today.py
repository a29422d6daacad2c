"""``backcoach today [--json] [--context CONTEXT]``: what to do now, with each dose's
reason. Asks nothing, and exits 0 (with no history: a first session's doses)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from backcoach.content import CONTEXT_LABELS, CONTEXTS, Content
from backcoach.paths import data_dir

if TYPE_CHECKING:
    import sqlite3
    from datetime import date
    from pathlib import Path

    from backcoach.services.coaching import Today
    from backcoach.settings import Settings


def register(sub: Any, content: Content) -> None:
    p = sub.add_parser(
        "today",
        help="print what to do now: the routine and today's doses, with their reasons",
        description="Print what to do now: the routine for the context (default: your usual "
        "one at this hour) and today's dose of each exercise, with why. Asks nothing.",
    )
    p.add_argument("--json", action="store_true", help="print it as JSON, for scripts")
    p.add_argument("--context", choices=CONTEXTS, help="when you do it (default: your usual)")
    p.set_defaults(func=lambda args: today(args, content))


def today(args: argparse.Namespace, content: Content) -> int:
    import json
    import sqlite3

    from backcoach.services.coaching import today as work_out
    from backcoach.settings import Settings
    from backcoach.storage import FILE_NAME, HistoryStore, StorageError

    folder = data_dir(args.data_dir)
    settings = Settings.load(folder)
    now = time.time()
    path = folder / FILE_NAME
    found: Today | None = None
    if path.exists():
        try:
            found = _from_recent(path, content, settings, now, args.context)
            if found is None:  # the file needs its full opening (an upgrade, say)
                with HistoryStore(folder) as store, store.reading() as conn:
                    found = work_out(conn, content, settings, now, args.context)
        except (StorageError, sqlite3.Error, OSError) as exc:
            print(f"backcoach: history cannot be read: {exc}", file=sys.stderr)
    if found is None:
        found = work_out(None, content, settings, now, args.context)
    if args.json:
        print(json.dumps(found.as_json()))
        return 0
    routine = content.routines[found.routine].name
    print(f"Today, {found.day:%A %Y-%m-%d}: {routine} ({CONTEXT_LABELS[found.context].lower()})")
    if found.done_today:
        print("A session is already done today.")
    for a in found.advice:
        light = f" [{a.light}]" if a.light else ""
        name = content.exercises[a.exercise].name
        if a.level.variant is not None:
            name = f"{content.exercises[a.level.variant].name} (in place of {name})"
        print(f"  {name}{light}: {a.reason}")
    return 0


def _from_recent(
    path: Path, content: Content, settings: Settings, now: float, context: str | None
) -> Today | None:
    """Today's advice from the recent part of history only (what the coach reads), which
    is checked row by row; None when the file needs its full opening."""
    from backcoach.services.coaching import coach_over, coach_since
    from backcoach.services.coaching import today as work_out
    from backcoach.storage import db

    since: list[date | None] = []

    def first_day(conn: sqlite3.Connection) -> str | None:
        since.append(coach_since(conn, content))
        return None if since[0] is None else since[0].isoformat()

    conn = db.open_recent(path, first_day)
    if conn is None:
        return None
    try:
        with db.snapshot(conn):
            coach = coach_over(conn, content, since[0])
            return work_out(conn, content, settings, now, context, coach)
    finally:
        conn.close()
