"""The history of sessions, sets and pain check-ins, and the queries the history view runs.

:class:`HistoryStore` is the session's recorder. Every write is committed at
once in its own transaction. When the file cannot be written (full disk,
read-only folder, a lock held too long) the write is kept in memory, the
:attr:`HistoryStore.problem` says so, and the kept writes go out, in order,
with the next write or :meth:`HistoryStore.flush`. Writes are idempotent
(keyed by UUIDs), so retrying never doubles anything.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Any, Literal, NamedTuple

from backcoach.content.loader import KILOGRAMS_PER_UNIT
from backcoach.core.plan import SetKey
from backcoach.core.records import SetRecord
from backcoach.storage import db

Status = Literal["open", "completed", "ended-early", "partial"]
Moment = Literal["before", "after"]
STATUSES: tuple[str, ...] = ("open", "completed", "ended-early", "partial")
MOMENTS: tuple[str, ...] = ("before", "after")


@dataclass(frozen=True)
class StoredSet:
    id: str
    exercise: str
    side: str
    set_number: int
    reps: int | None
    seconds: float | None
    weight: float | None
    weight_unit: str | None
    started_at: float
    ended_at: float
    day: date  # local day the set started

    @property
    def key(self) -> SetKey:
        return (self.exercise, self.side, self.set_number)


@dataclass(frozen=True)
class PainCheckIn:
    moment: str  # "before" or "after"
    rating: int | None  # 0–10; None when only a note was given
    note: str
    recorded_at: float


@dataclass(frozen=True)
class SessionRecord:
    """One session with everything recorded in it (detail view, export, import)."""

    id: str
    routine: str
    context: str
    plan_summary: str
    notes: str
    started_at: float
    ended_at: float | None
    status: str
    day: date
    sets: tuple[StoredSet, ...] = ()
    pain: tuple[PainCheckIn, ...] = ()

    def rating(self, moment: str) -> int | None:
        return next((p.rating for p in self.pain if p.moment == moment), None)

    @property
    def set_count(self) -> int:
        """Sets done, as everywhere in backcoach: a set number of an exercise, both sides."""
        return len({(s.exercise, s.set_number) for s in self.sets})


@dataclass(frozen=True)
class SessionSummary:
    """One row of the session list."""

    id: str
    routine: str
    context: str
    status: str
    day: date
    started_at: float
    ended_at: float | None
    set_count: int  # a set number of an exercise, both sides together
    minutes: float  # start to end (or to the last set when it never ended)
    pain_before: int | None
    pain_after: int | None


@dataclass(frozen=True)
class InterruptedSession:
    """A session that started and never finished; ``done`` lists its stored sets."""

    summary: SessionSummary
    done: frozenset[SetKey]


class DayTotal(NamedTuple):
    day: date
    sessions: int
    sets: int
    minutes: float


class WeekTotal(NamedTuple):
    week_start: date  # a Monday
    sessions: int
    sets: int
    minutes: float


@dataclass(frozen=True)
class Streaks:
    current: int  # days in a row up to today (or yesterday, if today has no set yet)
    best: int
    last_day: date | None


class PainPoint(NamedTuple):
    session_id: str
    day: date
    started_at: float
    before: int | None
    after: int | None


class ProgressPoint(NamedTuple):
    """One session's work on one exercise; weights in the unit asked for."""

    session_id: str
    day: date
    started_at: float
    sets: int
    total_reps: int | None
    max_reps: int | None
    total_seconds: float | None
    max_seconds: float | None
    max_weight: float | None
    volume: float | None  # sum of weight × reps


@dataclass(frozen=True)
class HistoryOverview:
    """Everything the history view shows on opening, read in one snapshot."""

    sessions: list[SessionSummary]
    days: list[DayTotal]
    weeks: list[WeekTotal]
    streaks: Streaks
    pain: list[PainPoint]
    progress: dict[str, list[ProgressPoint]]


@dataclass(frozen=True)
class ImportCounts:
    sessions_added: int
    sessions_known: int
    sets_added: int
    checkins_added: int


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


@dataclass(frozen=True)
class _Set:
    session: str
    stored: StoredSet

    def apply(self, conn: sqlite3.Connection) -> None:
        s = self.stored
        conn.execute(
            "INSERT INTO sets (uuid, session_id, exercise, side, set_number, reps,"
            " seconds, weight, weight_unit, started_at, ended_at, day)"
            " SELECT ?, id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM sessions WHERE uuid = ?"
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
                self.session,
            ),
        )


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


@dataclass(frozen=True)
class _Note:
    session: str
    note: str

    def apply(self, conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE sessions SET notes = ? WHERE uuid = ?", (self.note, self.session))


_Op = _Start | _Set | _Finish | _Pain | _Note
Opener = Callable[[Path], db.Opened]

# Per-session figures shared by the list and the day totals.
_SESSION_ROWS = """
SELECT s.id, s.uuid, s.routine, s.context, s.status, s.day, s.started_at, s.ended_at,
       (SELECT count(*) FROM (SELECT DISTINCT exercise, set_number FROM sets
                              WHERE session_id = s.id)) AS set_count,
       COALESCE(s.ended_at, (SELECT max(ended_at) FROM sets WHERE session_id = s.id),
                s.started_at) - s.started_at AS seconds
FROM sessions s
"""


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
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
        """Commit one completed set of the current session now (kept if it cannot be)."""
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
        """Store the before/after check-in (0–10) of a session; a second one replaces it."""
        if moment not in MOMENTS:
            raise ValueError(f"moment must be 'before' or 'after', got {moment!r}")
        if rating is not None and not 0 <= rating <= 10:
            raise ValueError(f"a pain rating runs from 0 to 10, got {rating}")
        sid = session_id or self._current
        if sid is None:
            raise RuntimeError("record_pain needs a session")
        when = self._now() if recorded_at is None else recorded_at
        self._submit(_Pain(sid, PainCheckIn(moment, rating, note, when)))

    def set_note(self, session_id: str, note: str) -> None:
        self._submit(_Note(session_id, note))

    def interrupted_sessions(self) -> list[InterruptedSession]:
        """Sessions started but never finished (not counting the one in progress here)."""
        conn = self._read()
        with db.snapshot(conn):
            rows = conn.execute(
                _SESSION_ROWS + " WHERE s.status = 'open' ORDER BY s.started_at"
            ).fetchall()
            result = []
            for row in rows:
                if row[1] == self._current:
                    continue
                keys = conn.execute(
                    "SELECT exercise, side, set_number FROM sets WHERE session_id = ?", (row[0],)
                ).fetchall()
                summary = self._summaries(conn, [row])[0]
                result.append(InterruptedSession(summary, frozenset(map(tuple, keys))))
        return result

    def resume_session(self, session_id: str) -> frozenset[SetKey]:
        """Make an interrupted session current again; returns the sets it already has."""
        record = self.session_detail(session_id)
        if record is None:
            raise KeyError(session_id)
        self._meta[session_id] = _Meta(
            record.routine, record.context, record.plan_summary, record.started_at, record.day
        )
        self._current = session_id
        return frozenset(s.key for s in record.sets)

    def mark_partial(self, session_id: str) -> None:
        """Keep an interrupted session as it is, ending it at its last set."""
        conn = self._read()
        row = conn.execute(
            "SELECT COALESCE(max(st.ended_at), s.started_at) FROM sessions s"
            " LEFT JOIN sets st ON st.session_id = s.id WHERE s.uuid = ?",
            (session_id,),
        ).fetchone()
        if row[0] is None:
            raise KeyError(session_id)
        self._submit(_Finish(session_id, float(row[0]), "partial"))

    def delete_session(self, session_id: str) -> bool:
        """Remove a session with its sets and check-ins; False if there was none."""
        if session_id == self._current:
            raise ValueError("the session in progress cannot be deleted")
        conn = self._read(write=True)
        with db.transaction(conn):
            gone = conn.execute("DELETE FROM sessions WHERE uuid = ?", (session_id,)).rowcount
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
        sessions: dict[str, dict[str, object]] = {}
        sets: dict[str, list[StoredSet]] = {}
        pain: dict[str, dict[str, PainCheckIn]] = {}
        for op in self._pending:
            entry = sessions.setdefault(op.session, {"status": "open", "ended_at": None})
            if isinstance(op, _Set):
                sets.setdefault(op.session, []).append(op.stored)
            elif isinstance(op, _Finish):
                entry.update(status=op.status, ended_at=op.ended_at)
            elif isinstance(op, _Pain):
                pain.setdefault(op.session, {})[op.checkin.moment] = op.checkin
            elif isinstance(op, _Note):
                entry["notes"] = op.note
        records = []
        for sid, entry in sessions.items():
            meta = self._meta.get(sid)
            if meta is None:
                continue
            ended = entry["ended_at"]
            records.append(
                SessionRecord(
                    sid,
                    meta.routine,
                    meta.context,
                    meta.plan_summary,
                    str(entry.get("notes", "")),
                    meta.started_at,
                    ended if isinstance(ended, float) else None,
                    str(entry["status"]),
                    meta.day,
                    tuple(sets.get(sid, ())),
                    tuple(pain.get(sid, {}).values()),
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
            if self._conn is None and db.write_fault(exc) and self.path.is_file():
                self._open_read_only()
            if write or self._conn is None:
                raise
            return self._conn
        if self._conn is not None:
            self._conn.close()
        self._conn = opened.conn
        self._read_only = False
        self.notices.extend(opened.notices)
        self.notice_title = opened.title or self.notice_title
        return self._conn

    def _open_read_only(self) -> None:
        try:
            self._conn = db.open_readonly(self.path, self._tz)
        except db.DatabaseTooNew:
            raise
        except (sqlite3.Error, db.StorageError):
            return
        self._read_only = True

    def _read(self, write: bool = False) -> sqlite3.Connection:
        try:
            return self._connection(write)
        except (sqlite3.Error, OSError) as exc:
            raise db.StorageError(self._fault_message(exc)) from exc

    def _fault_message(self, exc: BaseException) -> str:
        reason = db.write_fault(exc) or str(exc)
        if self._read_only:
            reason = "the file or its folder is read-only"
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

    # --------------------------------------------------------------- queries
    def sessions(
        self, since: date | None = None, until: date | None = None, limit: int | None = None
    ) -> list[SessionSummary]:
        """Sessions between two days (inclusive), newest first."""
        conn = self._read()
        with db.snapshot(conn):
            return self._session_list(conn, since, until, limit)

    def session_detail(self, session_id: str) -> SessionRecord | None:
        conn = self._read()
        with db.snapshot(conn):
            records = self._records(conn, "WHERE s.uuid = ?", (session_id,))
        return records[0] if records else None

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The open file inside one read snapshot, for an export that streams its rows."""
        conn = self._read()
        with db.snapshot(conn):
            yield conn

    def export_records(self) -> list[SessionRecord]:
        """Every session with its sets and check-ins, oldest first."""
        conn = self._read()
        with db.snapshot(conn):
            return self._records(conn, "", ())

    def day_totals(self, since: date | None = None, until: date | None = None) -> list[DayTotal]:
        """Per day with any session: sessions, sets and minutes, oldest first."""
        conn = self._read()
        with db.snapshot(conn):
            return self._day_totals(conn, since, until)

    def weekly_totals(
        self, since: date | None = None, until: date | None = None
    ) -> list[WeekTotal]:
        """Per week (Monday first), with empty weeks filled in, oldest first."""
        return _weeks(self.day_totals(since, until))

    def streaks(self, today: date | None = None) -> Streaks:
        """Days in a row with at least one stored set, counted in local days."""
        conn = self._read()
        return _streaks(_active_days(conn), today or self._day(self._now()))

    def pain_series(self) -> list[PainPoint]:
        """Sessions with a pain rating before or after, oldest first."""
        conn = self._read()
        with db.snapshot(conn):
            return _pain(conn)

    def exercises(self) -> list[str]:
        """Ids of the exercises with stored sets."""
        conn = self._read()
        return [r[0] for r in conn.execute("SELECT DISTINCT exercise FROM sets ORDER BY exercise")]

    def exercise_progress(self, exercise: str, unit: str = "kg") -> list[ProgressPoint]:
        """Per session, the work done on ``exercise``, oldest first."""
        conn = self._read()
        with db.snapshot(conn):
            return _progress(conn, exercise, unit).get(exercise, [])

    def overview(
        self, today: date | None = None, recent: int = 100, unit: str = "kg"
    ) -> HistoryOverview:
        """All the view needs on opening, from one consistent snapshot: the ``recent``
        newest sessions (older ones through :meth:`sessions`) and every total."""
        conn = self._read()
        with db.snapshot(conn):
            days = self._day_totals(conn, None, None)
            return HistoryOverview(
                sessions=self._session_list(conn, None, None, recent),
                days=days,
                weeks=_weeks(days),
                streaks=_streaks(_active_days(conn), today or self._day(self._now())),
                pain=_pain(conn),
                progress=_progress(conn, None, unit),
            )

    def import_records(self, records: Iterable[SessionRecord]) -> ImportCounts:
        """Merge sessions in one transaction: known ids are skipped, so importing twice adds
        nothing; an open session here takes the imported end and status."""
        conn = self._read(write=True)
        added = known = sets = checkins = 0
        with db.transaction(conn):
            for r in records:
                cur = conn.execute(
                    "INSERT INTO sessions (uuid, routine, context, plan_summary, notes, started_at,"
                    " ended_at, status, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (uuid) DO NOTHING",
                    (
                        r.id,
                        r.routine,
                        r.context,
                        r.plan_summary,
                        r.notes,
                        r.started_at,
                        r.ended_at,
                        r.status,
                        r.day.isoformat(),
                    ),
                )
                if cur.rowcount:
                    added += 1
                else:
                    known += 1
                    conn.execute(
                        "UPDATE sessions SET ended_at = ?, status = ? WHERE uuid = ?"
                        " AND status = 'open' AND ? != 'open'",
                        (r.ended_at, r.status, r.id, r.status),
                    )
                for s in r.sets:
                    before = conn.total_changes
                    _Set(r.id, s).apply(conn)
                    sets += conn.total_changes - before
                for c in r.pain:
                    cur = conn.execute(
                        "INSERT INTO pain_checkins (session_id, moment, rating, note, recorded_at)"
                        " SELECT id, ?, ?, ?, ? FROM sessions WHERE uuid = ?"
                        " ON CONFLICT DO NOTHING",
                        (c.moment, c.rating, c.note, c.recorded_at, r.id),
                    )
                    checkins += cur.rowcount
        return ImportCounts(added, known, sets, checkins)

    # --------------------------------------------------------------- helpers
    def _session_list(
        self, conn: sqlite3.Connection, since: date | None, until: date | None, limit: int | None
    ) -> list[SessionSummary]:
        rows = conn.execute(
            _SESSION_ROWS + " WHERE s.day BETWEEN ? AND ? ORDER BY s.started_at DESC LIMIT ?",
            (*_span(since, until), -1 if limit is None else limit),
        ).fetchall()
        return self._summaries(conn, rows)

    @staticmethod
    def _summaries(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[SessionSummary]:
        ratings = _ratings(conn, [r[0] for r in rows]) if len(rows) < 500 else _ratings(conn)
        return [
            SessionSummary(
                id=r[1],
                routine=r[2],
                context=r[3],
                status=r[4],
                day=date.fromisoformat(r[5]),
                started_at=r[6],
                ended_at=r[7],
                set_count=r[8],
                minutes=r[9] / 60,
                pain_before=ratings.get((r[0], "before")),
                pain_after=ratings.get((r[0], "after")),
            )
            for r in rows
        ]

    @staticmethod
    def _day_totals(
        conn: sqlite3.Connection, since: date | None, until: date | None
    ) -> list[DayTotal]:
        rows = conn.execute(
            "SELECT day, count(*), sum(set_count), sum(seconds) FROM ("
            + _SESSION_ROWS
            + " WHERE s.day BETWEEN ? AND ?) GROUP BY day ORDER BY day",
            _span(since, until),
        )
        return [DayTotal(date.fromisoformat(d), n, sets, secs / 60) for d, n, sets, secs in rows]

    def _records(
        self, conn: sqlite3.Connection, where: str, params: tuple[object, ...]
    ) -> list[SessionRecord]:
        sessions = conn.execute(
            "SELECT s.id, s.uuid, s.routine, s.context, s.plan_summary, s.notes, s.started_at,"
            f" s.ended_at, s.status, s.day FROM sessions s {where} ORDER BY s.started_at, s.id",
            params,
        ).fetchall()
        sets: dict[int, list[StoredSet]] = {}
        for row in conn.execute(
            "SELECT st.session_id, st.uuid, st.exercise, st.side, st.set_number, st.reps,"
            " st.seconds, st.weight, st.weight_unit, st.started_at, st.ended_at, st.day"
            f" FROM sets st JOIN sessions s ON s.id = st.session_id {where}"
            " ORDER BY st.session_id, st.started_at, st.id",
            params,
        ):
            sets.setdefault(row[0], []).append(_stored_set(row[1:]))
        pain: dict[int, list[PainCheckIn]] = {}
        for row in conn.execute(
            "SELECT p.session_id, p.moment, p.rating, p.note, p.recorded_at"
            f" FROM pain_checkins p JOIN sessions s ON s.id = p.session_id {where}"
            " ORDER BY p.session_id, p.moment DESC",
            params,
        ):
            pain.setdefault(row[0], []).append(PainCheckIn(*row[1:]))
        return [
            SessionRecord(
                id=s[1],
                routine=s[2],
                context=s[3],
                plan_summary=s[4],
                notes=s[5],
                started_at=s[6],
                ended_at=s[7],
                status=s[8],
                day=date.fromisoformat(s[9]),
                sets=tuple(sets.get(s[0], ())),
                pain=tuple(pain.get(s[0], ())),
            )
            for s in sessions
        ]


def _stored_set(r: tuple[Any, ...]) -> StoredSet:
    return StoredSet(
        id=r[0],
        exercise=r[1],
        side=r[2],
        set_number=r[3],
        reps=r[4],
        seconds=r[5],
        weight=r[6],
        weight_unit=r[7],
        started_at=r[8],
        ended_at=r[9],
        day=date.fromisoformat(r[10]),
    )


def _span(since: date | None, until: date | None) -> tuple[str, str]:
    return (since.isoformat() if since else "", until.isoformat() if until else "9999-12-31")


def _ratings(
    conn: sqlite3.Connection, ids: list[int] | None = None
) -> dict[tuple[int, str], int | None]:
    if ids is None:
        rows = conn.execute("SELECT session_id, moment, rating FROM pain_checkins")
    else:
        marks = ", ".join("?" * len(ids))
        rows = conn.execute(
            f"SELECT session_id, moment, rating FROM pain_checkins WHERE session_id IN ({marks})",
            ids,
        )
    return {(sid, moment): rating for sid, moment, rating in rows}


def _active_days(conn: sqlite3.Connection) -> list[date]:
    return [date.fromisoformat(d) for (d,) in conn.execute("SELECT DISTINCT day FROM sets")]


def _streaks(days: list[date], today: date) -> Streaks:
    if not days:
        return Streaks(0, 0, None)
    ordered = sorted(days)
    best = run = 1
    for prev, cur in itertools.pairwise(ordered):
        run = run + 1 if cur - prev == timedelta(days=1) else 1
        best = max(best, run)
    last = ordered[-1]
    current = run if today - last <= timedelta(days=1) and last <= today else 0
    return Streaks(current, best, last)


def _weeks(days: list[DayTotal]) -> list[WeekTotal]:
    if not days:
        return []
    totals: dict[date, list[float]] = {}
    for d in days:
        t = totals.setdefault(d.day - timedelta(days=d.day.weekday()), [0, 0, 0.0])
        t[0] += d.sessions
        t[1] += d.sets
        t[2] += d.minutes
    week, last = min(totals), max(totals)
    result = []
    while week <= last:
        n, sets, minutes = totals.get(week, (0, 0, 0.0))
        result.append(WeekTotal(week, int(n), int(sets), minutes))
        week += timedelta(days=7)
    return result


def _pain(conn: sqlite3.Connection) -> list[PainPoint]:
    rows = conn.execute(
        "SELECT s.uuid, s.day, s.started_at,"
        " max(CASE WHEN p.moment = 'before' THEN p.rating END),"
        " max(CASE WHEN p.moment = 'after' THEN p.rating END)"
        " FROM pain_checkins p JOIN sessions s ON s.id = p.session_id"
        " GROUP BY s.id HAVING count(p.rating) > 0 ORDER BY s.started_at"
    )
    return [PainPoint(u, date.fromisoformat(d), t, b, a) for u, d, t, b, a in rows]


def _progress(
    conn: sqlite3.Connection, exercise: str | None, unit: str
) -> dict[str, list[ProgressPoint]]:
    """Per exercise (one, or all when None), per session: the work done, oldest first."""
    if unit not in KILOGRAMS_PER_UNIT:
        raise ValueError(f"unknown weight unit {unit!r}")
    factors = " ".join(f"WHEN '{u}' THEN {f}" for u, f in KILOGRAMS_PER_UNIT.items())
    weight = f"(weight * (CASE weight_unit {factors} ELSE 1.0 END) / {KILOGRAMS_PER_UNIT[unit]})"
    where = "" if exercise is None else "WHERE exercise = ?"
    rows = conn.execute(
        "SELECT a.exercise, s.uuid, s.day, s.started_at, a.n, a.total_reps, a.max_reps,"
        " a.total_seconds, a.max_seconds, a.max_weight, a.volume FROM ("
        "  SELECT exercise, session_id, count(DISTINCT set_number) AS n, sum(reps) AS total_reps,"
        "  max(reps) AS max_reps, sum(seconds) AS total_seconds, max(seconds) AS max_seconds,"
        f"  max({weight}) AS max_weight, sum({weight} * reps) AS volume"
        f"  FROM sets {where} GROUP BY exercise, session_id"
        ") a JOIN sessions s ON s.id = a.session_id ORDER BY a.exercise, s.started_at",
        () if exercise is None else (exercise,),
    )
    result: dict[str, list[ProgressPoint]] = {}
    for r in rows:
        result.setdefault(r[0], []).append(
            ProgressPoint(r[1], date.fromisoformat(r[2]), r[3], *r[4:])
        )
    return result
