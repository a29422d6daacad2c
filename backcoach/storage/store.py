"""The session's recorder: the history file's connection, its writes and its faults.

:class:`HistoryStore` commits every write at once in its own transaction. When
the file cannot be written (full disk, read-only folder, a lock held too long)
the write is kept in memory, :attr:`HistoryStore.problem` says so, and the kept
writes go out, in order, with the next write or :meth:`HistoryStore.flush`.
Writes are idempotent (keyed by UUIDs), so retrying never doubles anything.
The views read through :meth:`HistoryStore.reading` with :mod:`backcoach.storage.queries`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path

from backcoach.core.coach import GivenDose
from backcoach.core.phases import SetKey
from backcoach.core.records import SetRecord
from backcoach.storage import db, lock, queries
from backcoach.storage.records import (
    MOMENTS,
    InterruptedSession,
    PainCheckIn,
    SessionRecord,
    StoredSet,
    settled,
)


@dataclass
class _Meta:
    """What this store knows of a session it started or resumed (for pending exports)."""

    routine: str
    context: str
    plan_summary: str
    started_at: float
    day: date


@dataclass(frozen=True)
class _Start:
    session: str
    meta: _Meta

    def apply(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO sessions (uuid, routine, context, plan_summary, started_at, status, day)"
            " VALUES (?, ?, ?, ?, ?, 'open', ?) ON CONFLICT (uuid) DO NOTHING",
            (
                self.session,
                self.meta.routine,
                self.meta.context,
                self.meta.plan_summary,
                self.meta.started_at,
                self.meta.day.isoformat(),
            ),
        )


ADDED, KNOWN, SUPERSEDED = "added", "known", "superseded"
"""What :func:`insert_set` did: added the set; found its id already stored (the set is
left as it is); or left out a skipped set whose side of its set the session already holds."""

_SAME_SIDE = "session_id = {session} AND exercise = ? AND side = ? AND set_number = ?"


def insert_set(conn: sqlite3.Connection, session_id: str, s: StoredSet) -> str:
    """Add a set to the session ``session_id``: :data:`ADDED`, :data:`KNOWN` or
    :data:`SUPERSEDED`.

    A session holds one record of each side of each set: a set done replaces a skipped
    record of its side (the user went back and did it), and a skipped set is left out
    when its side is already recorded, done or skipped. So sets may arrive in any order
    (an import, sets kept in memory and written later) with the same result.
    """
    session = "(SELECT id FROM sessions WHERE uuid = ?)"
    side = (session_id, s.exercise, s.side, s.set_number)
    if s.skipped:
        held = conn.execute(
            f"SELECT uuid FROM sets WHERE {_SAME_SIDE.format(session=session)}", side
        ).fetchone()
        if held is not None and held[0] != s.id:
            return SUPERSEDED
    cur = conn.execute(
        "INSERT INTO sets (uuid, session_id, exercise, side, set_number, reps, seconds, weight,"
        " weight_unit, started_at, ended_at, day, skipped, planned_reps, planned_seconds)"
        " SELECT ?, id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM sessions WHERE uuid = ?"
        " ON CONFLICT (uuid) DO NOTHING",
        (
            s.id,
            s.exercise,
            s.side,
            s.set_number,
            s.reps,
            s.seconds,
            s.weight,
            s.weight_unit,
            s.started_at,
            s.ended_at,
            s.day.isoformat(),
            int(s.skipped),
            s.planned_reps,
            s.planned_seconds,
            session_id,
        ),
    )
    if not cur.rowcount:
        return KNOWN
    if not s.skipped:
        conn.execute(
            f"DELETE FROM sets WHERE skipped = 1 AND {_SAME_SIDE.format(session=session)}", side
        )
    return ADDED


@dataclass(frozen=True)
class _Set:
    session: str
    stored: StoredSet

    def apply(self, conn: sqlite3.Connection) -> None:
        insert_set(conn, self.session, self.stored)


@dataclass(frozen=True)
class _Finish:
    session: str
    ended_at: float
    status: str

    def apply(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "UPDATE sessions SET ended_at = ?, status = ? WHERE uuid = ?",
            (self.ended_at, self.status, self.session),
        )


@dataclass(frozen=True)
class _Pain:
    session: str
    checkin: PainCheckIn

    def apply(self, conn: sqlite3.Connection) -> None:
        c = self.checkin
        conn.execute(
            "INSERT INTO pain_checkins (session_id, moment, rating, note, recorded_at)"
            " SELECT id, ?, ?, ?, ? FROM sessions WHERE uuid = ? ON CONFLICT DO UPDATE SET"
            " rating = excluded.rating, note = excluded.note, recorded_at = excluded.recorded_at",
            (c.moment, c.rating, c.note, c.recorded_at, self.session),
        )


def insert_doses(
    conn: sqlite3.Connection, session_id: str, doses: Iterable[GivenDose], *, replace: bool
) -> int:
    """Store the doses the session ``session_id`` gave, one per exercise; ``replace``
    replaces one already stored (else it is kept). Returns the doses written."""
    keep = (
        " ON CONFLICT (session_id, exercise) DO UPDATE SET variant = excluded.variant,"
        " sets = excluded.sets, reps = excluded.reps, hold_seconds = excluded.hold_seconds,"
        " weight = excluded.weight, weight_unit = excluded.weight_unit,"
        " chosen = excluded.chosen, reason = excluded.reason"
        if replace
        else " ON CONFLICT DO NOTHING"
    )
    written = 0
    for d in doses:
        lv = d.level
        written += conn.execute(
            "INSERT INTO session_doses (session_id, exercise, variant, sets, reps, hold_seconds,"
            " weight, weight_unit, chosen, reason)"
            " SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM sessions WHERE uuid = ?" + keep,
            (
                d.exercise,
                lv.variant,
                lv.sets,
                lv.reps,
                lv.hold_s,
                lv.weight,
                lv.weight_unit,
                int(d.chosen),
                d.reason,
                session_id,
            ),
        ).rowcount
    return written


@dataclass(frozen=True)
class _Doses:
    session: str
    doses: tuple[GivenDose, ...]

    def apply(self, conn: sqlite3.Connection) -> None:
        insert_doses(conn, self.session, self.doses, replace=True)


_Op = _Start | _Set | _Finish | _Pain | _Doses
Opener = Callable[[Path], db.Opened]


class HistoryStore:
    """Sessions, sets and pain check-ins in ``history.sqlite3`` in ``folder``.

    Opening never raises for a passing fault (see :attr:`problem`); it raises
    :class:`~backcoach.storage.db.DatabaseTooNew` for a file from a newer
    backcoach. :attr:`notices` holds one-off news from opening, such as a
    damaged file moved aside, and :attr:`notice_title` sums it up.
    """

    def __init__(
        self,
        folder: Path,
        *,
        tz: tzinfo | None = None,
        now: Callable[[], float] = time.time,
        busy_timeout_ms: int = db.BUSY_TIMEOUT_MS,
        opener: Opener | None = None,
        on_problem: Callable[[str | None], None] | None = None,
    ) -> None:
        self.path = folder / db.FILE_NAME
        self.notices: list[str] = []
        self.notice_title: str | None = None
        """The :attr:`notices` in a few words, as a title above them."""
        self.on_problem = on_problem
        self._tz = tz
        self._now = now
        self._opener: Opener = opener or (lambda p: db.open_database(p, tz, busy_timeout_ms, now))
        self._conn: sqlite3.Connection | None = None
        self._use: lock.HistoryUse | None = None
        self._pending: list[_Op] = []
        self._meta: dict[str, _Meta] = {}
        self._current: str | None = None
        self._problem: str | None = None
        self._fault: str | None = None
        self._read_only = False
        try:
            self._connection(write=True)
        except db.DatabaseTooNew:
            raise
        except (sqlite3.Error, OSError) as exc:
            self._set_problem(self._fault_message(exc))

    # ----------------------------------------------------------------- state
    @property
    def problem(self) -> str | None:
        """Why history cannot be saved right now, or None when all is written."""
        return self._problem

    @property
    def fault(self) -> str | None:
        """Why history cannot be saved, in one sentence (:attr:`problem` adds what is kept)."""
        return self._fault if self._problem is not None else None

    @property
    def available(self) -> bool:
        """Whether the file is open (reads work)."""
        return self._conn is not None

    @property
    def read_only(self) -> bool:
        """Whether the file is open for reading only (it can be shown and exported)."""
        return self._read_only

    @property
    def pending_sets(self) -> int:
        return sum(isinstance(op, _Set) for op in self._pending)

    @property
    def has_pending(self) -> bool:
        """Whether any write (a set, a check-in, a session's end…) is kept in memory."""
        return bool(self._pending)

    @property
    def current_session(self) -> str | None:
        return self._current

    def close(self) -> None:
        """Write what is kept (if possible) and close the file."""
        self.flush()
        self._adopt(None)

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ connection
    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The open file inside one read snapshot, for :mod:`~backcoach.storage.queries`
        and exports. Raises :class:`~backcoach.storage.db.StorageError` when it cannot open."""
        conn = self._open()
        with db.snapshot(conn):
            yield conn

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """The file opened for writing, inside one transaction that commits at the end or
        rolls back on an error. Nothing is kept in memory: a fault raises
        :class:`~backcoach.storage.db.StorageError` or a ``sqlite3`` error."""
        conn = self._open(write=True)
        with db.transaction(conn):
            yield conn

    # ------------------------------------------------------------- recording
    def start_session(
        self,
        routine: str,
        context: str,
        started_at: float,
        plan_summary: str = "",
        session_id: str | None = None,
    ) -> str:
        """Open a session; later :meth:`record_set` calls belong to it. Returns its id."""
        sid = session_id or str(uuid.uuid4())
        meta = _Meta(routine, context, plan_summary, started_at, self._day(started_at))
        self._meta[sid] = meta
        self._current = sid
        self._submit(_Start(sid, meta))
        return sid

    def record_set(self, record: SetRecord) -> None:
        """Commit one set of the current session now, done or skipped (kept in memory if
        it cannot be). A set done replaces the session's skipped record of its side."""
        if self._current is None:
            raise RuntimeError("record_set needs a session: call start_session first")
        stored = StoredSet(
            str(uuid.uuid4()),
            record.exercise,
            record.side,
            record.set_number,
            record.reps,
            record.seconds,
            record.weight,
            record.weight_unit,
            record.started_at,
            record.ended_at,
            self._day(record.started_at),
            skipped=record.skipped,
            planned_reps=record.planned_reps,
            planned_seconds=record.planned_seconds,
        )
        self._submit(_Set(self._current, stored))

    def finish_session(self, session_id: str, ended_at: float, completed: bool) -> None:
        """Close a session: ``completed`` False means the user ended it early."""
        self._submit(_Finish(session_id, ended_at, "completed" if completed else "ended-early"))
        if self._current == session_id:
            self._current = None

    def record_pain(
        self,
        moment: str,
        rating: int | None,
        note: str = "",
        session_id: str | None = None,
        recorded_at: float | None = None,
    ) -> None:
        """Store a check-in (0–10) of a session, before or after it or the next morning; a
        second one of the same moment replaces it."""
        if moment not in MOMENTS:
            raise ValueError(f"moment must be one of {', '.join(MOMENTS)}, got {moment!r}")
        if rating is not None and not 0 <= rating <= 10:
            raise ValueError(f"a pain rating runs from 0 to 10, got {rating}")
        sid = session_id or self._current
        if sid is None:
            raise RuntimeError("record_pain needs a session")
        when = self._now() if recorded_at is None else recorded_at
        self._submit(_Pain(sid, PainCheckIn(moment, rating, note, when)))

    def record_doses(self, doses: Iterable[GivenDose], session_id: str | None = None) -> None:
        """Store the dose a session (the current one by default) gives each exercise; a
        dose stored before for an exercise (the user changed it) is replaced."""
        sid = session_id or self._current
        if sid is None:
            raise RuntimeError("record_doses needs a session")
        self._submit(_Doses(sid, tuple(doses)))

    def session_detail(self, session_id: str) -> SessionRecord | None:
        """One session with its sets and check-ins, or None when there is no such session."""
        with self.reading() as conn:
            return queries.session_detail(conn, session_id)

    def interrupted_sessions(self) -> list[InterruptedSession]:
        """Sessions started but never finished (not counting the one in progress here)."""
        with self.reading() as conn:
            found = queries.interrupted_sessions(conn)
        return [s for s in found if s.summary.id != self._current]

    def resume_session(self, session_id: str) -> frozenset[SetKey]:
        """Make an interrupted session current again; returns the sets it already has done
        (not those skipped)."""
        record = self.session_detail(session_id)
        if record is None:
            raise KeyError(session_id)
        self._meta[session_id] = _Meta(
            record.routine, record.context, record.plan_summary, record.started_at, record.day
        )
        self._current = session_id
        return frozenset(s.key for s in record.sets if not s.skipped)

    def mark_partial(self, session_id: str) -> None:
        """Keep an interrupted session as it is, ending it at its last set."""
        conn = self._open()
        row = conn.execute(
            "SELECT COALESCE(max(st.ended_at), s.started_at) FROM sessions s"
            " LEFT JOIN sets st ON st.session_id = s.id AND st.id NOT IN temp.unreadable_sets"
            " WHERE s.uuid = ? AND s.id NOT IN temp.unreadable_sessions",
            (session_id,),
        ).fetchone()
        if row[0] is None:
            raise KeyError(session_id)
        self._submit(_Finish(session_id, float(row[0]), "partial"))

    def delete_session(self, session_id: str) -> bool:
        """Remove a session with its sets and check-ins; False if there was none.

        The deletion is recorded (``deleted_sessions``), so that a crash's journal that
        no longer holds the session is not taken for one from another history file.
        """
        if session_id == self._current:
            raise ValueError("the session in progress cannot be deleted")
        with self.writing() as conn:
            gone = conn.execute("DELETE FROM sessions WHERE uuid = ?", (session_id,)).rowcount
            if gone:
                conn.execute(
                    "INSERT OR REPLACE INTO deleted_sessions (uuid, deleted_at) VALUES (?, ?)",
                    (session_id, self._now()),
                )
        return gone > 0

    # ---------------------------------------------------------------- faults
    def flush(self) -> bool:
        """Try to write everything kept; True when nothing is left in memory."""
        if not self._pending:
            return True
        try:
            conn = self._connection(write=True)
            with db.transaction(conn):
                for op in self._pending:
                    op.apply(conn)
        except (sqlite3.Error, OSError, db.StorageError) as exc:
            self._set_problem(self._fault_message(exc))
            return False
        self._pending.clear()
        self._fault = None
        self._set_problem(None)
        return True

    def forget_pending(self) -> None:
        """Drop the kept writes, once they are safe elsewhere (an exported file)."""
        self._pending.clear()

    def pending_records(self) -> list[SessionRecord]:
        """What is kept in memory, as sessions (for exporting on request)."""
        ends: dict[str, tuple[str, float | None]] = {}
        sets: dict[str, list[StoredSet]] = {}
        pain: dict[str, dict[str, PainCheckIn]] = {}
        doses: dict[str, dict[str, GivenDose]] = {}
        for op in self._pending:
            ends.setdefault(op.session, ("open", None))
            if isinstance(op, _Set):
                sets.setdefault(op.session, []).append(op.stored)
            elif isinstance(op, _Finish):
                ends[op.session] = (op.status, op.ended_at)
            elif isinstance(op, _Pain):
                pain.setdefault(op.session, {})[op.checkin.moment] = op.checkin
            elif isinstance(op, _Doses):
                doses.setdefault(op.session, {}).update((d.exercise, d) for d in op.doses)
        records = []
        for sid, (status, ended_at) in ends.items():
            meta = self._meta.get(sid)
            if meta is None:
                continue
            records.append(
                SessionRecord(
                    sid,
                    meta.routine,
                    meta.context,
                    meta.plan_summary,
                    "",
                    meta.started_at,
                    ended_at,
                    status,
                    meta.day,
                    settled(sets.get(sid, ())),
                    tuple(pain.get(sid, {}).values()),
                    tuple(doses.get(sid, {}).values()),
                )
            )
        return records

    def _submit(self, op: _Op) -> None:
        self._pending.append(op)
        self.flush()

    def _connection(self, write: bool = False) -> sqlite3.Connection:
        """The open file; ``write`` insists on a writable one (reopening a read-only one).

        When the file cannot be opened for writing, it is opened read-only, so history
        can still be shown and exported; the error is raised all the same for a write.
        """
        if self._conn is not None and not (write and self._read_only):
            return self._conn
        try:
            opened = self._opener(self.path)
        except (sqlite3.Error, OSError) as exc:
            if self._conn is None and db.write_fault(exc, self.path) and self.path.is_file():
                self._open_read_only()
            if write or self._conn is None:
                raise
            return self._conn
        self._adopt(opened)
        self._read_only = False
        return opened.conn

    def _open_read_only(self) -> None:
        try:
            opened = db.open_readonly(self.path, self._tz)
        except db.DatabaseTooNew:
            raise
        except (sqlite3.Error, db.StorageError):
            return
        self._adopt(opened)
        self._read_only = True

    def _adopt(self, opened: db.Opened | None) -> None:
        """Use ``opened`` (None: nothing) instead of the connection open so far, and keep
        what it has to tell that was not told yet."""
        if self._conn is not None:
            self._conn.close()
        if self._use is not None:
            self._use.release()
        self._conn = opened.conn if opened else None
        self._use = opened.use if opened else None
        if opened is not None and any(n not in self.notices for n in opened.notices):
            self.notices.extend(n for n in opened.notices if n not in self.notices)
            self.notice_title = opened.title or self.notice_title

    def _open(self, write: bool = False) -> sqlite3.Connection:
        """:meth:`_connection`, its faults raised as :class:`~backcoach.storage.db.StorageError`."""
        try:
            return self._connection(write)
        except (sqlite3.Error, OSError) as exc:
            raise db.StorageError(self._fault_message(exc)) from exc

    def _fault_message(self, exc: BaseException) -> str:
        reason = db.write_fault(exc, self.path) or str(exc)
        kept = self.pending_sets
        self._fault = f"History cannot be saved to {self.path}: {reason}."
        if self._read_only:
            self._fault += " Past sessions can still be shown and exported."
        message = self._fault
        if self._pending:
            noun = "set is" if kept == 1 else "sets are"
            message += (
                f" {kept} {noun} kept in memory and will be saved as soon as possible;"
                " they can also be exported."
            )
        return message

    def _set_problem(self, problem: str | None) -> None:
        if problem != self._problem:
            self._problem = problem
            if self.on_problem is not None:
                self.on_problem(problem)

    def _day(self, ts: float) -> date:
        return date.fromisoformat(db.local_day(ts, self._tz))
