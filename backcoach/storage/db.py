"""The SQLite file: connection settings, the migration ladder, transactions, faults.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS[n]`` turns a
database at version ``n`` into version ``n + 1``; a new empty file climbs the
whole ladder, so the historical steps stay the one true record of every
schema a user may still have on disk.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from backcoach.content.model import WEIGHT_UNITS
from backcoach.core.text import plural
from backcoach.paths import make_data_folder
from backcoach.storage import lock
from backcoach.storage.records import MOMENTS, SIDES, STATUSES, UnreadableRow

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

# Version 4: a record of each session the user deleted, so that a session missing after
# a crash's journal is applied is known to be deleted, not lost (see _set_aside_foreign_wal).
_V4 = """
CREATE TABLE deleted_sessions (
    uuid TEXT PRIMARY KEY,
    deleted_at REAL NOT NULL
) WITHOUT ROWID;
"""

# Version 5: sets skipped are kept, as skipped (0 done), so history can tell a full session
# from a partial one; and each set's planned reps or seconds (None for older sets), so a set
# cut short shows as such. Counts of sets done leave skipped ones out, so the indexes they
# read hold the flag.
_V5 = """
ALTER TABLE sets ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sets ADD COLUMN planned_reps INTEGER;
ALTER TABLE sets ADD COLUMN planned_seconds REAL;
DROP INDEX sets_session_set;
CREATE INDEX sets_session_set ON sets(session_id, skipped, exercise, set_number);
DROP INDEX sets_day;
CREATE INDEX sets_day ON sets(day, skipped);
DROP INDEX sets_exercise;
CREATE INDEX sets_exercise
    ON sets(exercise, skipped, session_id, reps, seconds, weight, weight_unit);
"""

# Version 6: the coach. A third moment of the pain record, the next morning's (the table is
# rebuilt for its CHECK; a value screened out as unreadable is copied as it is), and the dose
# each session gave each exercise: the variant and amounts in use, whether the user chose
# them (an override, the new starting point) and the coach's reason.
_V6 = """
PRAGMA ignore_check_constraints = ON;
CREATE TABLE pain_checkins_v6 (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    moment TEXT NOT NULL CHECK (moment IN ('before', 'after', 'morning')),
    rating INTEGER CHECK (rating BETWEEN 0 AND 10),
    note TEXT NOT NULL DEFAULT '',
    recorded_at REAL NOT NULL,
    PRIMARY KEY (session_id, moment)
) WITHOUT ROWID;
INSERT INTO pain_checkins_v6 (session_id, moment, rating, note, recorded_at)
SELECT session_id, moment, rating, note, recorded_at FROM pain_checkins;
DROP TABLE pain_checkins;
ALTER TABLE pain_checkins_v6 RENAME TO pain_checkins;
PRAGMA ignore_check_constraints = OFF;
CREATE TABLE session_doses (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    exercise TEXT NOT NULL,
    variant TEXT,
    sets INTEGER NOT NULL CHECK (sets >= 1),
    reps INTEGER CHECK (reps >= 0),
    hold_seconds INTEGER CHECK (hold_seconds >= 0),
    weight REAL CHECK (weight >= 0),
    weight_unit TEXT,
    chosen INTEGER NOT NULL DEFAULT 0 CHECK (chosen IN (0, 1)),
    reason TEXT NOT NULL DEFAULT '',
    UNIQUE (session_id, exercise)
);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6)
LATEST_VERSION = len(MIGRATIONS)
TABLES: tuple[str, ...] = ("sessions", "sets", "pain_checkins", "session_doses")
"""The tables of what the user recorded (a damaged file's rows are salvaged from these)."""


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
    a folder where SQLite cannot even create the index (``-shm``). Opened for
    writing, the file is its user's alone (see :func:`_private`). Text that is not
    UTF-8 reads with replacement characters instead of failing.
    """
    mode = "ro" if readonly or immutable else "rwc"
    if mode == "rwc":
        _private(path)
    uri = f"file:{path.resolve()}?mode={mode}" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(
        uri, uri=True, isolation_level=None, timeout=busy_timeout_ms / 1000, check_same_thread=False
    )
    conn.text_factory = _decoded
    conn.create_function("local_day", 1, lambda ts: local_day(ts, tz), deterministic=True)
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")  # nothing of history in a temporary file
    return conn


def _decoded(raw: bytes) -> str:
    """Text from the file; bytes that are not UTF-8 (changed on the disk) become U+FFFD."""
    return raw.decode("utf-8", "replace")


def _private(path: Path) -> None:
    """Create ``path`` for its user alone if it is missing; take away others' access to it
    and to its WAL and index (files backcoach made, maybe by an older version)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        for each in (path, wal_path(path), path.with_name(path.name + "-shm")):
            with contextlib.suppress(OSError):  # missing, or not this user's to change
                st = each.stat()
                if st.st_mode & 0o077 and st.st_uid == os.geteuid():
                    each.chmod(0o600)
    except OSError:
        pass  # the folder cannot be written: opening says so


def wal_path(path: Path) -> Path:
    """The write-ahead log (journal) beside the history file ``path``."""
    return path.with_name(path.name + "-wal")


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


DISK_FULL = "the disk is full"
FOLDER_READ_ONLY = "the data folder is read-only"
FILE_READ_ONLY = "the history file is read-only"
LOCKED = "another program is holding the history file locked"

_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_FULL = 5, 6, 8, 13

# What SQLite's message says, when no cause can be seen on the disk.
_WRITE_FAULTS: tuple[tuple[str, str], ...] = (
    ("database or disk is full", DISK_FULL),
    ("readonly database", FILE_READ_ONLY),
    ("read-only", FILE_READ_ONLY),
    ("disk i/o error", "the disk reported an input/output error"),
    ("unable to open", "the history file cannot be opened"),
    ("database is locked", LOCKED),
    ("database table is locked", LOCKED),
)


def write_fault(exc: BaseException, path: Path | None = None) -> str | None:
    """Why ``exc`` stopped a write to the history file ``path``, in plain words, when the
    cause can pass: a full disk, a read-only folder or file, a lock held by another
    program (None for any other error).

    SQLite reports a full disk, or a folder it cannot create its journal in, in a
    few different ways, so the disk and the folder are looked at too.
    """
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DISK_FULL
        if isinstance(exc, FileNotFoundError | FileExistsError | NotADirectoryError):
            return "the data folder cannot be written"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return _unwritable(path) or "the data folder cannot be written"
        return os.strerror(exc.errno).lower() if exc.errno is not None else None
    if not isinstance(exc, sqlite3.OperationalError):
        return None
    text = str(exc).lower()
    if primary == _SQLITE_FULL or "database or disk is full" in text:
        return DISK_FULL
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "is locked" in text:
        return LOCKED
    said = next((reason for needle, reason in _WRITE_FAULTS if needle in text), None)
    if said is None and primary != _SQLITE_READONLY:
        return None
    return _unwritable(path) or said or FILE_READ_ONLY


def _unwritable(path: Path | None) -> str | None:
    """What on the disk stops the history file ``path`` being written, if anything shows."""
    if path is None:
        return None
    folder = path.parent
    with contextlib.suppress(OSError):
        if os.statvfs(folder).f_bavail == 0:
            return DISK_FULL
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        return FOLDER_READ_ONLY
    for each in (path, wal_path(path), path.with_name(path.name + "-shm")):
        if each.exists() and not os.access(each, os.W_OK):
            return FILE_READ_ONLY
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
    use: lock.HistoryUse | None = None
    """This open's share of the data folder's lock (see :func:`~backcoach.storage.lock.
    history_alone`), to release when the connection closes."""


def open_database(
    path: Path,
    tz: tzinfo | None = None,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    now: Callable[[], float] = time.time,
) -> Opened:
    """Open (creating or upgrading) the history file.

    Raises :class:`DatabaseTooNew` for a newer file, and ``sqlite3``/``OSError``
    faults such as a read-only folder for the caller to classify. Notices say what
    happened on the way:

    - a journal (WAL) beside the file that would remove sessions the file holds is
      not applied; both are copied aside (:func:`_set_aside_foreign_wal`);
    - a damaged file is moved aside and what can be read from it is copied into a
      fresh file;
    - rows with values that cannot be used are named, and left out of the views
      (:func:`screen`).
    """
    make_data_folder(path.parent)
    use = lock.HistoryUse(path.parent)
    try:
        opened = _open(path, tz, busy_timeout_ms, now, use)
    except BaseException:
        use.release()
        raise
    opened.use = use
    return opened


def _open(
    path: Path,
    tz: tzinfo | None,
    busy_timeout_ms: int,
    now: Callable[[], float],
    use: lock.HistoryUse,
) -> Opened:
    news: list[tuple[str, str]] = []  # (title, notice), the most important first
    if path.is_file() and has_frames(wal_path(path)):
        with lock.history_alone(path.parent, use) as alone:
            set_aside = _set_aside_foreign_wal(path, now) if alone else None
        if set_aside is not None:
            news.append(set_aside)
    use.share()
    conn = connect(path, tz, busy_timeout_ms)
    try:
        _check(conn, path)
        _configure(conn)
        migrate(conn)
        unreadable = screen(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if not is_corrupt(exc):
            raise
        conn, damaged = _replace_corrupt(path, tz, busy_timeout_ms, now)
        news.append(damaged)
        unreadable = screen(conn)
    except BaseException:
        conn.close()
        raise
    if unreadable:
        news.append(unreadable_notice(unreadable))
    return Opened(conn, [notice for _, notice in news], news[0][0] if news else None)


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


def open_recent(
    path: Path, first_day: Callable[[sqlite3.Connection], str | None]
) -> sqlite3.Connection | None:
    """Open the history file ``path`` to read its recent part only, quickly: read-only,
    with no file check, screening (:func:`screen`) only the sets of the sessions from
    ``first_day(conn)`` on (None: no sets). For a reader such as ``backcoach today`` that
    reads nothing older.

    Returns None, having changed nothing, when the file needs the full opening
    (:func:`open_database`): a journal with frames beside it (it may be another file's),
    an older or newer format, or a damaged file.
    """
    if has_frames(wal_path(path)):
        return None
    conn = connect_readonly(path)
    try:
        if schema_version(conn) != LATEST_VERSION:
            conn.close()
            return None
        screen(conn, first_day(conn) or "9999-12-31")
    except sqlite3.DatabaseError:
        conn.close()
        return None
    return conn


def open_readonly(path: Path, tz: tzinfo | None = None) -> Opened:
    """Open an existing history file that cannot be written, for reading only.

    See :func:`connect_readonly`; a notice names the rows left out (:func:`screen`).
    Raises :class:`DatabaseTooNew`, :class:`StorageError` for a file in an older
    format (it cannot be upgraded in place), or ``sqlite3`` errors.
    """
    conn = connect_readonly(path, tz)
    try:
        version = schema_version(conn)
        if version > LATEST_VERSION:
            raise DatabaseTooNew(path, version)
        if version < LATEST_VERSION:
            raise StorageError(
                f"{path} is in an older history format, which cannot be upgraded while it is"
                " read-only"
            )
        unreadable = screen(conn)
    except BaseException:
        conn.close()
        raise
    if not unreadable:
        return Opened(conn)
    title, notice = unreadable_notice(unreadable)
    return Opened(conn, [notice], title)


def _check(conn: sqlite3.Connection, path: Path) -> None:
    version = schema_version(conn)
    if version > LATEST_VERSION:
        raise DatabaseTooNew(path, version)
    if version:
        problems = damage([r[0] for r in conn.execute("PRAGMA quick_check")])
        if problems:
            raise sqlite3.DatabaseError(f"database disk image is malformed: {problems[0]}")


VALUE_PROBLEMS = ("CHECK constraint failed", "NULL value in")
"""How SQLite's checks begin a line about one value of a row: such a row is left out of the
views (:func:`screen`), and the file is not damaged for it."""


def damage(problems: list[str]) -> list[str]:
    """The lines of a ``quick_check`` or ``integrity_check`` that say the file is damaged."""
    return [p for p in problems if p != "ok" and not p.startswith(VALUE_PROBLEMS)]


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")


def _aside(path: Path, kind: str, now: Callable[[], float]) -> Path:
    """A free name beside ``path`` for a copy set aside: ``history.<kind>-<time>.sqlite3``."""
    stamp = datetime.fromtimestamp(now()).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.{kind}-{stamp}{path.suffix}")
    n = 1
    while aside.exists() or wal_path(aside).exists():
        n += 1
        aside = path.with_name(f"{path.stem}.{kind}-{stamp}-{n}{path.suffix}")
    return aside


def _replace_corrupt(
    path: Path, tz: tzinfo | None, busy_timeout_ms: int, now: Callable[[], float]
) -> tuple[sqlite3.Connection, tuple[str, str]]:
    aside = _aside(path, "damaged", now)
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
    return conn, (title, notice)


# ------------------------------------------------------- a journal from elsewhere

_WAL_HEADER = 32
"""Bytes of a WAL's header: a longer WAL holds frames SQLite would apply."""


def has_frames(wal: Path) -> bool:
    """Whether the WAL ``wal`` exists and holds anything to apply."""
    try:
        return wal.stat().st_size > _WAL_HEADER
    except OSError:
        return False


@dataclass(frozen=True)
class WalVerdict:
    """What applying a WAL would do to the sessions of the history file beside it."""

    held: int
    """Sessions the history file holds on its own."""
    lost: int
    """How many of them would be gone once the WAL is applied (sessions the user deleted
    are not counted: deleting records them in ``deleted_sessions``)."""


def judge_wal(path: Path) -> WalVerdict:
    """Judge the WAL beside the history file ``path``; both must be copies nothing else uses.

    The file is read on its own (immutable: the WAL is not read), then with the WAL
    (read-only: it is applied in memory, and neither file changes; SQLite makes an
    index, ``-shm``, beside them). A file that cannot be read on its own holds nothing
    to lose; one that cannot be read with the WAL would lose everything.
    """
    alone = _session_ids(path, with_wal=False)
    after = _session_ids(path, with_wal=True)
    return WalVerdict(len(alone), len(alone - after))


def _session_ids(path: Path, with_wal: bool) -> set[object]:
    """The ids of the sessions in ``path`` (with the WAL: and of the sessions deleted)."""
    try:
        conn = connect(path, readonly=True, immutable=not with_wal)
    except sqlite3.Error:
        return set()
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
        wanted = ["sessions", "deleted_sessions"] if with_wal else ["sessions"]
        return {
            uuid
            for table in wanted
            if table in tables
            for (uuid,) in conn.execute(f"SELECT uuid FROM {table}")
        }
    except sqlite3.DatabaseError:
        return set()
    finally:
        conn.close()


def judge_wal_copies(path: Path) -> WalVerdict:
    """:func:`judge_wal` on copies of the history file ``path`` and its WAL in a
    temporary folder (user-only): nothing beside ``path`` changes."""
    with tempfile.TemporaryDirectory(prefix="backcoach-") as scratch:
        copy = Path(scratch) / path.name
        _copy_private(path, copy)
        _copy_private(wal_path(path), wal_path(copy))
        return judge_wal(copy)


def _set_aside_foreign_wal(path: Path, now: Callable[[], float]) -> tuple[str, str] | None:
    """Keep the sessions of ``path`` if the WAL beside it would remove any of them.

    SQLite cannot tell a WAL left by a crash of this file from one left beside it by
    another file (a history restored from a backup, or copied from another computer):
    it applies either. So before SQLite opens the file, the file and its WAL are
    copied aside, byte for byte, and judged on the copies (:func:`judge_wal`). When
    sessions would be lost, the WAL and its index are removed, so the file opens as
    it is, and the copies stay, with a notice (title, text) saying where; otherwise
    the copies are deleted and the WAL is applied as usual.

    The caller holds the folder alone (:func:`~backcoach.storage.lock.history_alone`):
    no other process writes the files meanwhile.
    """
    wal = wal_path(path)
    aside = _aside(path, "mispaired", now)
    copies = (aside, wal_path(aside))
    try:
        _copy_private(path, aside)
        _copy_private(wal, copies[1])
        verdict = judge_wal(aside)
        if verdict.lost:
            for copy in copies:
                _sync(copy)
    except BaseException:
        _remove(*copies)
        raise
    finally:
        _remove(aside.with_name(aside.name + "-shm"))
    if not verdict.lost:
        _remove(*copies)
        return None
    wal.unlink()
    _remove(path.with_name(path.name + "-shm"))
    title = "History was kept; a journal file that did not belong to it was set aside"
    notice = (
        f"Beside the history file was a journal file ({wal.name}) that does not belong to it, "
        "for example because the history file was restored from a backup or copied from "
        f"another computer. Applying it would have removed {verdict.lost} of the "
        f"{plural(verdict.held, 'session')} in history, so it was left out: history is "
        "exactly what the history file holds. Both files, as they were, are kept: "
        f"{aside} and {copies[1]}."
    )
    return title, notice


def _copy_private(source: Path, target: Path) -> None:
    """Copy ``source`` to the new file ``target``, byte for byte, readable by its user alone."""
    with open(source, "rb") as src:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


# ---------------------------------------------------------- values to be trusted

_MAX_TIME = 253402214400
"""The last time with a calendar day (9999-12-30): any later one cannot be shown."""
_MAX_WHOLE = 2**31 - 1
_MAX_AMOUNT = 1e9
"""Seconds or a weight beyond any set (31 years, a million tonnes): a changed exponent."""


def _quoted(choices: tuple[str, ...]) -> str:
    return ", ".join("'" + c.replace("'", "''") + "'" for c in choices)


# Each test is 1 or 0, never NULL (NOT NULL would hide a row), and checks the type too.
def _text(column: str, empty: bool = True) -> str:
    return f"typeof({column}) = 'text'" + ("" if empty else f" AND {column} <> ''")


def _one_of(column: str, choices: tuple[str, ...], optional: bool = False) -> str:
    test = f"{column} IN ({_quoted(choices)})"
    return f"({column} IS NULL OR {test})" if optional else f"{column} NOT NULL AND {test}"


def _whole(column: str, low: int, high: int = _MAX_WHOLE, optional: bool = False) -> str:
    test = f"typeof({column}) = 'integer' AND {column} BETWEEN {low} AND {high}"
    return f"({column} IS NULL OR ({test}))" if optional else test


def _number(column: str, high: float = _MAX_AMOUNT, optional: bool = False) -> str:
    test = f"{column} BETWEEN 0 AND {high!r}"  # text and blobs sort above every number
    return f"({column} IS NULL OR {test})" if optional else f"{column} NOT NULL AND {test}"


def _day(column: str) -> str:
    # A modifier makes date() carry a day past its month's end over ("2026-02-30" becomes
    # "2026-03-02"), so only a real day comes back as it was.
    valid = f"date({column}, '+0 days') IS {column}"
    return f"typeof({column}) = 'text' AND {valid} AND {column} >= '0001'"


_SESSION = "session_id NOT NULL AND session_id IN (SELECT id FROM sessions)"
CHECKS: dict[str, tuple[tuple[str, str], ...]] = {
    "sessions": (
        ("id", _text("uuid", empty=False)),
        ("routine", _text("routine", empty=False)),
        ("context", _text("context")),
        ("plan", _text("plan_summary")),
        ("notes", _text("notes")),
        ("start time", _number("started_at", _MAX_TIME)),
        ("end time", _number("ended_at", _MAX_TIME, optional=True)),
        ("status", _one_of("status", STATUSES)),
        ("day", _day("day")),
    ),
    "sets": (
        ("id", _text("uuid", empty=False)),
        ("session", _SESSION),
        ("exercise", _text("exercise", empty=False)),
        ("side", _one_of("side", SIDES)),
        ("set number", _whole("set_number", 1)),
        ("reps", _whole("reps", 0, optional=True)),
        ("seconds", _number("seconds", optional=True)),
        ("weight", _number("weight", optional=True)),
        ("weight unit", _one_of("weight_unit", WEIGHT_UNITS, optional=True)),
        ("start time", _number("started_at", _MAX_TIME)),
        ("end time", _number("ended_at", _MAX_TIME)),
        ("day", _day("day")),
        ("skipped", _whole("skipped", 0, 1)),
        ("planned reps", _whole("planned_reps", 0, optional=True)),
        ("planned seconds", _number("planned_seconds", optional=True)),
    ),
    "pain_checkins": (
        ("session", _SESSION),
        ("moment", _one_of("moment", MOMENTS)),
        ("rating", _whole("rating", 0, 10, optional=True)),
        ("note", _text("note")),
        ("time", _number("recorded_at", _MAX_TIME)),
    ),
    "session_doses": (
        ("session", _SESSION),
        ("exercise", _text("exercise", empty=False)),
        ("variant", f"(variant IS NULL OR ({_text('variant', empty=False)}))"),
        ("sets", _whole("sets", 1)),
        ("reps", _whole("reps", 0, optional=True)),
        ("hold", _whole("hold_seconds", 0, optional=True)),
        ("weight", _number("weight", optional=True)),
        ("weight unit", _one_of("weight_unit", WEIGHT_UNITS, optional=True)),
        ("chosen", _whole("chosen", 0, 1)),
        ("reason", _text("reason")),
    ),
}
"""Per table, each value a row must hold to be shown: (what it is, in words; an SQL test)."""

_KEY_COLUMNS = {
    "sessions": "id",
    "sets": "id",
    "pain_checkins": "session_id, moment",
    "session_doses": "id",
}


def screen(conn: sqlite3.Connection, sets_from: str | None = None) -> list[UnreadableRow]:
    """Find the rows with a value that fails :data:`CHECKS` (a byte changed on the disk,
    a row salvaged from a damaged page) and note them in the connection's temporary
    tables ``unreadable_sessions``, ``unreadable_sets``, ``unreadable_checkins`` and
    ``unreadable_session_doses``, which every view leaves out. The sets, check-ins and doses
    of such a session are left out with it.

    ``sets_from`` (a day, ``YYYY-MM-DD``) screens only the sets of the sessions of that day
    or later (every other table whole), for a reader that reads no older set.

    Returns the rows found, in table and key order. The file is not changed.
    """
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS unreadable_sessions (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS unreadable_sets (id INTEGER PRIMARY KEY)")
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS unreadable_session_doses (id INTEGER PRIMARY KEY)"
    )
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS unreadable_checkins"
        " (session_id, moment, PRIMARY KEY (session_id, moment))"
    )
    found: list[UnreadableRow] = []
    for table, checks in CHECKS.items():
        tests = [f"({sql})" for _, sql in checks]
        keys = _KEY_COLUMNS[table]
        width = keys.count(",") + 1
        recent = ""
        arguments: tuple[str, ...] = ()
        if table == "sets" and sets_from is not None:
            recent = " AND session_id IN (SELECT id FROM sessions WHERE day >= ?)"
            arguments = (sets_from,)
        rows = conn.execute(
            f"SELECT {keys}, {', '.join(tests)} FROM {table}"
            f" WHERE NOT ({' AND '.join(tests)}){recent} ORDER BY {keys}",
            arguments,
        )
        for row in rows:
            failed = tuple(
                what for (what, _), ok in zip(checks, row[width:], strict=True) if not ok
            )
            found.append(UnreadableRow(table, tuple(row[:width]), failed))
    for name in _UNREADABLE:
        conn.execute(f"DELETE FROM temp.{name}")
    for row in found:
        if row.table == "pain_checkins":
            conn.execute("INSERT OR IGNORE INTO temp.unreadable_checkins VALUES (?, ?)", row.key)
        else:
            conn.execute(f"INSERT INTO temp.unreadable_{row.table} VALUES (?)", row.key)
    if any(row.table == "sessions" for row in found):
        for table, keys, source in (
            ("sets", "id", "sets"),
            ("checkins", "session_id, moment", "pain_checkins"),
            ("session_doses", "id", "session_doses"),
        ):
            conn.execute(
                f"INSERT OR IGNORE INTO temp.unreadable_{table} SELECT {keys} FROM {source}"
                " WHERE session_id IN temp.unreadable_sessions"
            )
    return found


_UNREADABLE = (
    "unreadable_sessions",
    "unreadable_sets",
    "unreadable_checkins",
    "unreadable_session_doses",
)


def unreadable_notice(rows: list[UnreadableRow]) -> tuple[str, str]:
    """What to tell the user about the rows :func:`screen` found: (title, text)."""
    shown = "; ".join(str(row) for row in rows[:3])
    if len(rows) > 3:
        shown += f"; and {len(rows) - 3} more"
    if len(rows) == 1:
        title = "A record of history cannot be read"
        said = "A record in the history file holds a value that cannot be read"
        it = "It is"
    else:
        title = f"{len(rows)} records of history cannot be read"
        said = f"{len(rows)} records in the history file hold values that cannot be read"
        it = "They are"
    text = (
        f"{said} ({shown}). {it} left out of what history shows and of JSON exports, and "
        "kept in the file as stored; “backcoach doctor” lists every one."
    )
    return title, text


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
    target.execute("PRAGMA ignore_check_constraints = ON")  # a garbled value is kept, and screened
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
        target.execute("PRAGMA ignore_check_constraints = OFF")
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
    "pain_checkins": (("session_id", "moment"), ("after", "before", "morning")),
}
"""Tables without a rowid: their key columns, and the values of the second, in key order."""
