"""``backcoach today [--json] [--context CONTEXT]``: what to do now, with each dose's
reason. Asks nothing, and exits 0 (with no history: a first session's doses)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from backcoach.content import CONTEXT_LABELS, CONTEXTS, Content
from backcoach.paths import data_dir


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
    if not (folder / FILE_NAME).exists():
        found = work_out(None, content, settings, now, args.context)
    else:
        try:
            with HistoryStore(folder) as store, store.reading() as conn:
                found = work_out(conn, content, settings, now, args.context)
        except (StorageError, sqlite3.Error, OSError) as exc:
            print(f"backcoach: history cannot be read: {exc}", file=sys.stderr)
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
