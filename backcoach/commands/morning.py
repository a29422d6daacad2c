"""``backcoach morning N [--note TEXT]``: the next morning's pain rating, for the latest
session within :data:`~backcoach.core.coach.MORNING_HOURS` hours."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from typing import Any

from backcoach.commands.history import routine_name
from backcoach.content import Content
from backcoach.core.coach import MORNING_HOURS
from backcoach.core.text import session_words
from backcoach.paths import data_dir

NO_SESSION = 3
"""The exit status when there is no session to attach the rating to."""


def register(sub: Any, content: Content) -> None:
    p = sub.add_parser(
        "morning",
        help="record how your lower back is this morning (0-10)",
        description="Record the next morning's back-pain rating (0 none, 10 worst) for the "
        f"latest session of the last {MORNING_HOURS} hours. A rating 2 or more above the "
        "one before that session turns its light red.",
    )
    p.add_argument("rating", metavar="N", type=_rating, help="pain from 0 (none) to 10")
    p.add_argument("--note", metavar="TEXT", default="", help="a note kept with the rating")
    p.set_defaults(func=lambda args: morning(args, content))


def _rating(text: str) -> int:
    """N: a whole number from 0 to 10."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 10, got {text!r}")
    return value


def morning(args: argparse.Namespace, content: Content) -> int:
    import sqlite3

    from backcoach.storage import FILE_NAME, HistoryStore, StorageError, queries

    folder = data_dir(args.data_dir)
    when = time.time()
    none = f"backcoach: no session in the last {MORNING_HOURS} hours to attach the rating to"
    if not (folder / FILE_NAME).exists():
        print(none, file=sys.stderr)
        return NO_SESSION
    try:
        with HistoryStore(folder) as store:
            for notice in store.notices:
                print(f"backcoach: {notice}", file=sys.stderr)
            with store.reading() as conn:
                found = queries.morning_session(conn, when)
            if found is None:
                print(none, file=sys.stderr)
                return NO_SESSION
            store.record_pain("morning", args.rating, args.note, found.id, when)
            problem = store.problem
    except (StorageError, sqlite3.Error, OSError) as exc:
        print(f"backcoach: cannot record the rating: {exc}", file=sys.stderr)
        return 1
    if problem is not None:
        print(f"backcoach: {problem}", file=sys.stderr)
        return 1
    name = routine_name(content, found.routine)
    about = session_words(
        name,
        found.set_count,
        datetime.fromtimestamp(found.started_at),
        datetime.fromtimestamp(when),
    )
    print(f"Recorded {args.rating}/10 this morning for {about}.")
    return 0
