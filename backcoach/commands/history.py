"""``backcoach history`` (summary, ``--csv``, ``--json``) and ``backcoach import``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backcoach.content import Content
from backcoach.core.text import plural
from backcoach.paths import data_dir

if TYPE_CHECKING:  # the store loads when a command runs, not with the parser
    from backcoach.storage import HistoryStore, PainPoint, SessionSummary

RECENT = 10
STATUS_NOTES = {
    "ended-early": " (ended early)",
    "partial": " (kept as partial)",
    "open": " (interrupted)",
}


def register(sub: Any, content: Content) -> None:
    shown = sub.add_parser(
        "history",
        help="print recent sessions, streak and pain trend, or export everything",
        description="Without options, print a summary. With --csv or --json, export "
        "every session, set and pain check-in to FILE (- for standard output).",
    )
    shown.add_argument("--csv", metavar="FILE", type=Path, help="export one row per set")
    shown.add_argument("--json", metavar="FILE", type=Path, help="export everything, importable")
    shown.add_argument(
        "--last", metavar="N", type=_above_zero, default=RECENT, help="recent sessions to list"
    )
    shown.set_defaults(func=lambda args: history(args, content, shown))

    p = sub.add_parser(
        "import",
        help="read a JSON export back into history",
        description="Add the sessions of a 'history --json' export. Sessions already "
        "here are not added twice; a file with any error adds nothing.",
    )
    p.add_argument("file", metavar="FILE", type=Path)
    p.set_defaults(func=lambda args: import_file(args, content))


def _above_zero(text: str) -> int:
    """``--last``: a whole number of sessions above 0."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number above 0, got {text!r}")
    return value


def _fail(message: str) -> int:
    print(f"backcoach: {message}", file=sys.stderr)
    return 1


def _open(args: argparse.Namespace) -> HistoryStore:
    from backcoach.storage import HistoryStore, StorageError

    store = HistoryStore(data_dir(args.data_dir))
    for notice in store.notices:
        print(f"backcoach: {notice}", file=sys.stderr)
    if not store.available:
        raise StorageError(store.problem or f"{store.path} cannot be opened")
    return store


def history(args: argparse.Namespace, content: Content, parser: argparse.ArgumentParser) -> int:
    import sqlite3

    from backcoach.storage import FILE_NAME, StorageError
    from backcoach.storage.export import STDOUT

    if args.csv == STDOUT and args.json == STDOUT:
        parser.error("--csv - and --json - cannot both go to standard output")
    if not (data_dir(args.data_dir) / FILE_NAME).exists():
        if args.csv or args.json:
            return _fail(f"there is no history to export yet in {data_dir(args.data_dir)}")
        print(f"No sessions recorded yet (history is kept in {data_dir(args.data_dir)}).")
        return 0
    try:
        with _open(args) as store:
            if args.csv or args.json:
                return _export(store, args.csv, args.json)
            print_summary(store, content, args.last)
    except BrokenPipeError:
        raise  # stdout's reader left (``| head``): the command line ends quietly
    except (StorageError, sqlite3.Error, OSError) as exc:
        return _fail(str(exc))
    return 0


def _export(store: HistoryStore, csv: Path | None, json: Path | None) -> int:
    """Write the exports asked for; "Wrote …" goes to standard error when standard output
    holds the export."""
    from backcoach.storage import queries
    from backcoach.storage.export import STDOUT, ExportWriteError, write_csv, write_json

    for path, kind in ((csv, "csv"), (json, "json")):
        if path is None:
            continue
        try:
            if kind == "csv":
                sessions, rows = write_csv(store, path)
                what = (
                    f"{plural(sessions, 'session')} ({plural(rows, 'row')}, one per set and side)"
                )
            else:
                with store.reading() as conn:
                    records = queries.export_records(conn)
                write_json(records, path)
                what = plural(len(records), "session")
        except ExportWriteError as exc:
            return _fail(f"cannot write {path}: {exc}")
        if path == STDOUT:
            print(f"Wrote {what} to standard output", file=sys.stderr)
        else:
            print(f"Wrote {what} to {path}")
    return 0


def import_file(args: argparse.Namespace, content: Content) -> int:
    import sqlite3

    from backcoach.storage import StorageError
    from backcoach.storage.export import ImportFileError, read_json, unknown_exercises
    from backcoach.storage.importer import import_records

    try:
        records = read_json(args.file)
    except ImportFileError as exc:
        return _fail(f"cannot import {args.file}: {exc}; nothing was imported")
    except OSError as exc:
        return _fail(f"cannot read {args.file}: {exc.strerror or exc}")
    try:
        with _open(args) as store:
            counts = import_records(store, records)
    except ImportFileError as exc:  # an id that history holds under another session
        return _fail(f"cannot import {args.file}: {exc}; nothing was imported")
    except (StorageError, sqlite3.Error, OSError) as exc:
        return _fail(f"cannot import {args.file}: {str(exc).rstrip('.')}; nothing was imported")
    print(
        f"Imported {plural(counts.sessions_added, 'new session')}, "
        f"{plural(counts.sets_added, 'set')} and "
        f"{plural(counts.checkins_added, 'pain check-in')} from {args.file}."
    )
    if counts.sessions_known:
        print(f"{plural(counts.sessions_known, 'session')} already in history.")
    for line in unknown_exercises(records, content.exercises):
        print(f"backcoach: warning: {line}", file=sys.stderr)
    return 0


def routine_name(content: Content, routine: str) -> str:
    known = content.routines.get(routine)
    return known.name if known else routine


def _pain_text(s: SessionSummary) -> str:
    if s.pain_before is None and s.pain_after is None:
        return "–"
    before = "–" if s.pain_before is None else str(s.pain_before)
    after = "–" if s.pain_after is None else str(s.pain_after)
    return f"{before} → {after}"


def print_summary(store: HistoryStore, content: Content, last: int) -> None:
    from backcoach.storage import queries

    with store.reading() as conn:
        sessions = queries.sessions(conn, limit=max(last, 0))
        streaks = queries.streaks(conn, date.today())
        pain = queries.pain_series(conn)
    if not sessions:
        print("No sessions recorded yet.")
        return
    print(f"Recent sessions (history in {store.path})")
    print(f"  {'Date':<15} {'Routine':<22} {'Sets':>4} {'Min':>4}  Pain before → after")
    for s in sessions:
        day = s.day.strftime("%a %Y-%m-%d")
        name = routine_name(content, s.routine)
        note = STATUS_NOTES.get(s.status, "")
        print(
            f"  {day:<15} {name:<22} {s.set_count:>4} {round(s.minutes):>4}  {_pain_text(s)}{note}"
        )
    print()
    print(f"Streak: {plural(streaks.current, 'day')} in a row (best: {streaks.best}).")
    print(pain_trend(pain))


def pain_trend(series: Iterable[PainPoint], window: int = RECENT) -> str:
    """One sentence on how pain changed during the latest sessions rated before and after."""
    rated = [p.after - p.before for p in series if p.before is not None and p.after is not None]
    changes = rated[-window:]
    if not changes:
        return "Pain trend: no session has both a before and an after rating yet."
    average = sum(changes) / len(changes)
    n = len(changes)
    label = "session" if n == 1 else f"{n} sessions"
    if average < 0:
        return f"Pain trend: over the last {label}, pain eased by {-average:.1f} points on average."
    if average > 0:
        return (
            f"Pain trend: over the last {label}, pain rose by {average:.1f} points on average; "
            "consider shorter holds and fewer sets."
        )
    return f"Pain trend: over the last {label}, pain stayed the same on average."
