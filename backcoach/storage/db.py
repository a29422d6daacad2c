"""The SQLite file: connection settings, the migration ladder, transactions, faults.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS[n]`` turns a
database at version ``n`` into version ``n + 1``; a new empty file climbs the
whole ladder, so the historical steps stay the one true record of every
schema a user may still have on disk.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

FILE_NAME = "history.sqlite3"
BUSY_TIMEOUT_MS = 2000
GUI_BUSY_TIMEOUT_MS = 100
"""The window's wait for another process's write lock: short, so a busy file never
freezes the session screen; a write that times out is kept and tried again."""
SYNCHRONOUS = "FULL"  # WAL + FULL: a committed set survives a power cut, not only a kill

_V1 = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    routine TEXT NOT NULL,
    context TEXT NOT NULL,
    started_at REAL NOT NULL,
    ended_at REAL,
    completed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sets (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    exercise TEXT NOT NULL,
    side TEXT NOT NULL,
    set_number INTEGER NOT NULL,
    reps INTEGER,
    seconds REAL,
    weight REAL,
    started_at REAL NOT NULL,
    ended_at REAL NOT NULL
);
CREATE INDEX sets_session ON sets(session_id);
"""

# Version 2: a status instead of a completed flag (so a kept-partial session
# differs from an interrupted one), the plan and a note per session, the local
# day of every session and set (streaks count the user's own days), the unit
# of each weight (version 1 only knew kilograms) and the pain check-ins.
_V2 = """
CREATE TABLE sessions_v2 (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    routine TEXT NOT NULL,
    context TEXT NOT NULL,
    plan_summary TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    started_at REAL NOT NULL,
    ended_at REAL,
    status TEXT NOT NULL
        CHECK (status IN ('open', 'completed', 'ended-early', 'partial')),
    day TEXT NOT NULL
);
INSERT INTO sessions_v2 (id, uuid, routine, context, started_at, ended_at, status, day)
SELECT id, uuid, routine, context, started_at, ended_at,
       CASE WHEN completed THEN 'completed'
            WHEN ended_at IS NULL THEN 'open'
            ELSE 'ended-early' END,
       local_day(started_at)
FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_v2 RENAME TO sessions;
ALTER TABLE sets ADD COLUMN weight_unit TEXT;
UPDATE sets SET weight_unit = 'kg' WHERE weight IS NOT NULL;
ALTER TABLE sets ADD COLUMN day TEXT NOT NULL DEFAULT '';
UPDATE sets SET day = local_day(started_at);
CREATE TABLE pain_checkins (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    moment TEXT NOT NULL CHECK (moment IN ('before', 'after')),
    rating INTEGER CHECK (rating BETWEEN 0 AND 10),
    note TEXT NOT NULL DEFAULT '',
    recorded_at REAL NOT NULL,
    PRIMARY KEY (session_id, moment)
) WITHOUT ROWID;
DROP INDEX sets_session;
CREATE INDEX sets_session ON sets(session_id, set_number);
CREATE INDEX sets_day ON sets(day);
CREATE INDEX sets_exercise ON sets(exercise, session_id, reps, seconds, weight, weight_unit);
CREATE INDEX sessions_day ON sessions(day, started_at);
CREATE INDEX sessions_open ON sessions(status) WHERE status = 'open';
"""

# Version 3: sets indexed by session, exercise and set number, so counting sets
# (a set number of an exercise, both sides together) per session stays quick.
_V3 = """
CREATE INDEX sets_session_set ON sets(session_id, exercise, set_number);
DROP INDEX sets_session;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
LATEST_VERSION = len(MIGRATIONS)
TABLES: tuple[str, ...] = ("sessions", "sets", "pain_checkins")


class StorageError(Exception):
    """A storage fault with a message meant for the user."""


class DatabaseTooNew(StorageError):
    """The file was written by a newer backcoach; it is left untouched."""

    def __init__(self, path: Path, version: int) -> None:
        super().__init__(
            f"{path} was written by a newer backcoach (history format {version}; this "
            f"version reads up to {LATEST_VERSION}). Update backcoach to use it; the file "
            "has been left exactly as it was."
        )
        self.path = path
        self.version = version


def local_day(ts: float, tz: tzinfo | None = None) -> str:
    """The calendar day (YYYY-MM-DD) of a UNIX time in ``tz`` (None: the system's zone)."""
    return datetime.fromtimestamp(ts, tz).date().isoformat()


def connect(
    path: Path,
    tz: tzinfo | None = None,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    readonly: bool = False,
    immutable: bool = False,
) -> sqlite3.Connection:
    """Open ``path`` in autocommit mode (transactions are explicit) without writing to it.

    ``immutable`` reads the main file as it is, without the WAL and its index: for
    a folder where SQLite cannot even create the index (``-shm``).
    """
    mode = "ro" if readonly or immutable else "rwc"
    uri = f"file:{path.resolve()}?mode={mode}" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(
        uri, uri=True, isolation_level=None, timeout=busy_timeout_ms / 1000, check_same_thread=False
    )
    conn.create_function("local_day", 1, lambda ts: local_day(ts, tz), deterministic=True)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; any exception rolls everything back."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextlib.contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction: every query inside sees the same committed state."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> int:
    """Climb the ladder from the file's version to ``target`` in one transaction."""
    version = schema_version(conn)
    if version >= target:
        return version
    conn.execute("PRAGMA foreign_keys = OFF")  # version 2 rebuilds a referenced table
    try:
        with transaction(conn):
            for step in MIGRATIONS[version:target]:
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(target)}")
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise sqlite3.IntegrityError(f"{len(broken)} rows lost their session")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return target


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";\n") if s.strip()]


# Messages for the errors that mean "the file cannot be written just now".
_WRITE_FAULTS: tuple[tuple[str, str], ...] = (
    ("database or disk is full", "the disk is full"),
    ("readonly database", "the data folder is read-only"),
    ("read-only", "the data folder is read-only"),
    ("disk i/o error", "the disk reported an input/output error"),
    ("unable to open", "the file cannot be opened"),
    ("database is locked", "another program is holding the file locked"),
    ("database table is locked", "another program is holding the file locked"),
)


def write_fault(exc: BaseException) -> str | None:
    """Why ``exc`` stopped a write, in plain words, if it is a passing condition."""
    if isinstance(exc, PermissionError | FileNotFoundError | FileExistsError | NotADirectoryError):
        return "the data folder cannot be written"
    if isinstance(exc, OSError) and exc.errno is not None:
        return os.strerror(exc.errno).lower()
    if not isinstance(exc, sqlite3.OperationalError):
        return None
    text = str(exc).lower()
    for needle, reason in _WRITE_FAULTS:
        if needle in text:
            return reason
    return None


def is_corrupt(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "corrupt" in text
    )


@dataclass
class Opened:
    """A ready connection, plus what the user should be told about opening it."""

    conn: sqlite3.Connection
    notices: list[str] = field(default_factory=list)
    title: str | None = None
    """The notices in a few words (for a banner's title), when there are any."""


def open_database(
    path: Path,
    tz: tzinfo | None = None,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    now: Callable[[], float] = time.time,
) -> Opened:
    """Open (creating or upgrading) the history file.

    Raises :class:`DatabaseTooNew` for a newer file, and ``sqlite3``/``OSError``
    faults such as a read-only folder for the caller to classify. A damaged file
    is moved aside, what can be read from it is copied into a fresh file, and a
    notice says where the damaged one went.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path, tz, busy_timeout_ms)
    try:
        _check(conn, path)
        _configure(conn)
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if not is_corrupt(exc):
            raise
        return _replace_corrupt(path, tz, busy_timeout_ms, now)
    except BaseException:
        conn.close()
        raise
    return Opened(conn)


def connect_readonly(path: Path, tz: tzinfo | None = None) -> sqlite3.Connection:
    """``path`` for reading only: immutable when the folder cannot hold the WAL index."""
    conn = connect(path, tz, readonly=True)
    try:
        schema_version(conn)
    except sqlite3.OperationalError:
        conn.close()
        return connect(path, tz, immutable=True)
    except sqlite3.DatabaseError:
        pass  # a damaged file: the caller's own queries say so
    return conn


def open_readonly(path: Path, tz: tzinfo | None = None) -> sqlite3.Connection:
    """Open an existing history file that cannot be written, for reading only.

    See :func:`connect_readonly`. Raises :class:`DatabaseTooNew`, :class:`StorageError`
    for a file in an older format (it cannot be upgraded in place), or ``sqlite3``
    errors.
    """
    conn = connect_readonly(path, tz)
    version = schema_version(conn)
    if version != LATEST_VERSION:
        conn.close()
        if version > LATEST_VERSION:
            raise DatabaseTooNew(path, version)
        raise StorageError(
            f"{path} is in an older history format, which cannot be upgraded while it is read-only"
        )
    return conn


def _check(conn: sqlite3.Connection, path: Path) -> None:
    version = schema_version(conn)
    if version > LATEST_VERSION:
        raise DatabaseTooNew(path, version)
    if version:
        problems = conn.execute("PRAGMA quick_check").fetchall()
        if problems != [("ok",)]:
            raise sqlite3.DatabaseError(f"database disk image is malformed: {problems[0][0]}")


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")


def _replace_corrupt(
    path: Path, tz: tzinfo | None, busy_timeout_ms: int, now: Callable[[], float]
) -> Opened:
    stamp = datetime.fromtimestamp(now()).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(aside.with_name(aside.name + suffix))
    conn = connect(path, tz, busy_timeout_ms)
    _configure(conn)
    saved = salvage(aside, conn)
    migrate(conn)
    if saved:
        what = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in saved.items())
        outcome = f"Recovered from it: {what}."
        sessions = saved["sessions"]  # rows of other tables need their session
        title = (
            "The damaged history file was moved aside; "
            f"{sessions} {'session was' if sessions == 1 else 'sessions were'} recovered"
        )
    else:
        outcome = "Nothing could be read from it, so history starts afresh."
        title = "The damaged history file was moved aside; history starts afresh"
    notice = f"The history file was damaged. It was moved to {aside} and kept. {outcome}"
    return Opened(conn, [notice], title)


def salvage(source: Path, target: sqlite3.Connection) -> dict[str, int]:
    """Copy every readable row of ``source`` into the empty ``target``.

    The target is brought to the source's schema version first, so rows keep
    their meaning; the caller migrates afterwards. Returns rows copied per table.
    """
    try:
        src = sqlite3.connect(f"file:{source.resolve()}?mode=ro&immutable=1", uri=True)
        version = schema_version(src)
    except sqlite3.DatabaseError:
        return {}
    if not 0 < version <= LATEST_VERSION:
        src.close()
        return {}
    migrate(target, version)
    saved: dict[str, int] = {}
    target.execute("PRAGMA foreign_keys = OFF")
    try:
        with transaction(target):
            for table in TABLES:
                columns = [r[1] for r in target.execute(f"PRAGMA table_info({table})")]
                if columns:
                    rows = _readable_rows(src, table, columns)
                    marks = ", ".join("?" * len(columns))
                    target.executemany(
                        f"INSERT OR IGNORE INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                        rows,
                    )
                    saved[table] = len(rows)
            for table in TABLES[1:]:
                if table in saved:
                    gone = target.execute(
                        f"DELETE FROM {table} WHERE session_id NOT IN (SELECT id FROM sessions)"
                    ).rowcount
                    saved[table] -= gone
    finally:
        target.execute("PRAGMA foreign_keys = ON")
        src.close()
    return {table: count for table, count in saved.items() if count}


def _readable_rows(
    src: sqlite3.Connection, table: str, columns: list[str]
) -> list[tuple[object, ...]]:
    """Rows of ``table`` in key order; a damaged stretch is stepped over key by key.

    ``pain_checkins`` has no rowid: its key is (session_id, moment), and each
    check-in is looked up on its own, so a damaged page never costs a readable
    second check-in of a session that also had one on that page.
    """
    keys, steps = _KEYS.get(table, (("rowid",), (None,)))
    key = ", ".join(keys)
    marks = ", ".join("?" * len(keys))
    fields = f"{key}, {', '.join(columns)}"
    scan = f"SELECT {fields} FROM {table} WHERE ({key}) > ({marks}) ORDER BY {key}"
    probe = f"SELECT {fields} FROM {table} WHERE ({key}) = ({marks})"
    try:
        top = src.execute(f"SELECT max({keys[0]}) FROM {table}").fetchone()[0]
    except sqlite3.DatabaseError:
        top = None
    width = len(keys)
    rows: list[tuple[object, ...]] = []
    last: tuple[Any, ...] = (-(2**63), "")[:width]
    while True:
        try:
            for row in src.execute(scan, last):
                last = tuple(row[:width])
                rows.append(tuple(row[width:]))
            return rows
        except sqlite3.DatabaseError:
            first = max(last[0], 0)
            end = top if isinstance(top, int) else first + 100_000
            found = None
            for k in range(first, end + 1):
                for step in steps:
                    at = (k, step)[:width]
                    if at > last:
                        with contextlib.suppress(sqlite3.DatabaseError):
                            found = src.execute(probe, at).fetchone()
                        if found is not None:
                            break
                if found is not None:
                    break
            if found is None:
                return rows
            last = tuple(found[:width])
            rows.append(tuple(found[width:]))


_KEYS: dict[str, tuple[tuple[str, ...], tuple[str | None, ...]]] = {
    "pain_checkins": (("session_id", "moment"), ("after", "before")),
}
"""Tables without a rowid: their key columns, and the values of the second, in key order."""
