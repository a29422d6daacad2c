"""The questions the history views ask, each a function of an open history file.

Ask them inside :meth:`HistoryStore.reading() <backcoach.storage.store.HistoryStore.reading>`,
so that answers read together come from one snapshot::

    with store.reading() as conn:
        listed = queries.sessions(conn, limit=100)
        days = queries.day_totals(conn)

Every answer leaves out the rows that opening the file found unusable (see
:func:`backcoach.storage.db.screen`), so each value handed back has its type and range.
Counts, totals, streaks and progress are of work done: a set skipped (stored with
``skipped`` 1) is left out of them, and listed only with its session.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from backcoach.content.model import KILOGRAMS_PER_UNIT
from backcoach.core import stats
from backcoach.core.coach import MORNING_HOURS, GivenDose, Level, PastSession, Work
from backcoach.core.records import SHORT_BY
from backcoach.core.stats import DayTotal, Streaks, WeekTotal
from backcoach.storage.records import (
    InterruptedSession,
    PainCheckIn,
    PainPoint,
    ProgressPoint,
    SessionRecord,
    SessionSummary,
    StoredSet,
)


class _Shown(NamedTuple):
    """SQL tests that leave out the rows opening the file screened out (see
    :func:`backcoach.storage.db.screen`): of the sessions ``s``, the sets ``st``, the
    check-ins ``p`` and the doses ``d``."""

    sessions: str
    sets: str
    checkins: str
    doses: str


_LEAVE_OUT = _Shown(
    "s.id NOT IN temp.unreadable_sessions",
    "st.id NOT IN temp.unreadable_sets",
    "NOT EXISTS (SELECT 1 FROM temp.unreadable_checkins k"
    " WHERE k.session_id IS p.session_id AND k.moment IS p.moment)",
    "d.id NOT IN temp.unreadable_session_doses",
)


def _shown(conn: sqlite3.Connection) -> _Shown:
    """:data:`_LEAVE_OUT`, with "1" for each table nothing was screened out of: a file
    without such rows, the usual one, pays nothing for them."""
    any_left_out = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM temp.unreadable_sessions),"
        " EXISTS (SELECT 1 FROM temp.unreadable_sets),"
        " EXISTS (SELECT 1 FROM temp.unreadable_checkins),"
        " EXISTS (SELECT 1 FROM temp.unreadable_session_doses)"
    ).fetchone()
    return _Shown(
        *(test if any_ else "1" for test, any_ in zip(_LEAVE_OUT, any_left_out, strict=True))
    )


def _session_rows(shown: _Shown, source: str = "sessions s") -> str:
    """Per-session figures shared by the list and the day totals, of the sessions ``s`` in
    ``source``; callers add "AND …"."""
    return f"""
SELECT s.id, s.uuid, s.routine, s.context, s.status, s.day, s.started_at, s.ended_at,
       (SELECT count(*) FROM (SELECT DISTINCT exercise, set_number FROM sets st
                              WHERE st.session_id = s.id AND st.skipped = 0
                              AND {shown.sets})) AS set_count,
       COALESCE(s.ended_at,
                (SELECT max(ended_at) FROM sets st WHERE st.session_id = s.id AND {shown.sets}),
                s.started_at) - s.started_at AS seconds
FROM {source} WHERE {shown.sessions}
"""


def sessions(
    conn: sqlite3.Connection,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> list[SessionSummary]:
    """Sessions between two days (inclusive), newest first.

    The sessions are picked from the index first, so only those listed have their sets
    counted.
    """
    shown = _shown(conn)
    picked = (
        f"(SELECT s.id FROM sessions s WHERE {shown.sessions} AND s.day BETWEEN ? AND ?"
        " ORDER BY s.started_at DESC LIMIT ?) picked JOIN sessions s ON s.id = picked.id"
    )
    rows = conn.execute(
        _session_rows(shown, picked) + " ORDER BY s.started_at DESC",
        (*_span(since, until), -1 if limit is None else limit),
    ).fetchall()
    return _summaries(conn, rows)


def session_detail(conn: sqlite3.Connection, session_id: str) -> SessionRecord | None:
    """One session with its sets and check-ins, or None when there is no such session."""
    records = _records(conn, "AND s.uuid = ?", (session_id,))
    return records[0] if records else None


def export_records(conn: sqlite3.Connection) -> list[SessionRecord]:
    """Every session with its sets and check-ins, oldest first."""
    return _records(conn, "", ())


def interrupted_sessions(conn: sqlite3.Connection) -> list[InterruptedSession]:
    """Sessions started and never finished (one in progress too), oldest first."""
    shown = _shown(conn)
    rows = conn.execute(
        _session_rows(shown) + " AND s.status = 'open' ORDER BY s.started_at"
    ).fetchall()
    return [
        InterruptedSession(
            summary,
            frozenset(
                conn.execute(
                    "SELECT exercise, side, set_number FROM sets st"
                    f" WHERE st.session_id = ? AND st.skipped = 0 AND {shown.sets}",
                    (row[0],),
                ).fetchall()
            ),
        )
        for row, summary in zip(rows, _summaries(conn, rows), strict=True)
    ]


def day_totals(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None
) -> list[DayTotal]:
    """Per day with any session: sessions, sets and minutes, oldest first."""
    rows = conn.execute(
        "SELECT day, count(*), sum(set_count), sum(seconds) FROM ("
        + _session_rows(_shown(conn))
        + " AND s.day BETWEEN ? AND ?) GROUP BY day ORDER BY day",
        _span(since, until),
    )
    return [DayTotal(date.fromisoformat(d), n, sets, secs / 60) for d, n, sets, secs in rows]


def weekly_totals(
    conn: sqlite3.Connection, since: date | None = None, until: date | None = None
) -> list[WeekTotal]:
    """Per week (Monday first), with empty weeks filled in, oldest first."""
    return stats.weekly_totals(day_totals(conn, since, until))


def streaks(conn: sqlite3.Connection, today: date) -> Streaks:
    """Days in a row with at least one set done, counted in the local days stored."""
    days = [
        date.fromisoformat(d)
        for (d,) in conn.execute(
            f"SELECT DISTINCT day FROM sets st WHERE skipped = 0 AND {_shown(conn).sets}"
        )
    ]
    return stats.streaks(days, today)


def pain_series(conn: sqlite3.Connection) -> list[PainPoint]:
    """Sessions with a pain rating before or after, oldest first."""
    shown = _shown(conn)
    rows = conn.execute(
        "SELECT s.uuid, s.day, s.started_at,"
        " max(CASE WHEN p.moment = 'before' THEN p.rating END),"
        " max(CASE WHEN p.moment = 'after' THEN p.rating END)"
        " FROM pain_checkins p JOIN sessions s ON s.id = p.session_id"
        f" WHERE {shown.sessions} AND {shown.checkins}"
        " GROUP BY p.session_id HAVING count(p.rating) > 0 ORDER BY s.started_at"
    )
    return [PainPoint(u, date.fromisoformat(d), t, b, a) for u, d, t, b, a in rows]


def exercises(conn: sqlite3.Connection) -> list[str]:
    """Ids of the exercises with sets done."""
    done = f"skipped = 0 AND {_shown(conn).sets}"
    return [  # one index search per exercise, not a scan of every set
        r[0]
        for r in conn.execute(
            "WITH RECURSIVE found(exercise) AS ("
            f" SELECT (SELECT min(exercise) FROM sets st WHERE {done})"
            " UNION ALL SELECT (SELECT min(exercise) FROM sets st"
            f" WHERE exercise > found.exercise AND {done})"
            " FROM found WHERE found.exercise IS NOT NULL)"
            " SELECT exercise FROM found WHERE exercise IS NOT NULL"
        )
    ]


_MEASURES: dict[str, str] = {
    "total_reps": "sum(reps)",
    "max_reps": "max(reps)",
    "total_seconds": "sum(seconds)",
    "max_seconds": "max(seconds)",
    "max_weight": "max({weight})",
    "volume": "sum({weight} * reps)",
}
"""The work shown by a session's sets of one exercise, by :class:`ProgressPoint` field: SQL
aggregates of the sets, ``{weight}`` standing for a set's weight in the unit asked for."""


def exercise_progress(
    conn: sqlite3.Connection, exercise: str, unit: str = "kg"
) -> list[ProgressPoint]:
    """Per session with a set of ``exercise`` done, the work done on it with weights in
    ``unit``, oldest first."""
    rows = _progress(conn, exercise, unit, tuple(_MEASURES), whole=True)
    return [ProgressPoint(r[0], date.fromisoformat(r[1]), r[2], *r[3:]) for r in rows]


def progress_lines(
    conn: sqlite3.Connection, exercise: str, measures: Sequence[str], unit: str = "kg"
) -> list[tuple[Any, ...]]:
    """Per session with a set of ``exercise`` done, oldest first: its day, then each of
    ``measures`` (:class:`ProgressPoint` fields, such as ``"max_reps"``) with weights in
    ``unit``. Only these are read: for a chart, much quicker than :func:`exercise_progress`
    on a long history."""
    rows = _progress(conn, exercise, unit, measures, whole=False)
    return [(date.fromisoformat(r[0]), *r[1:]) for r in rows]


def _progress(
    conn: sqlite3.Connection, exercise: str, unit: str, measures: Sequence[str], *, whole: bool
) -> sqlite3.Cursor:
    """Per session with a set of ``exercise`` done, oldest first: its day and ``measures``;
    ``whole``: its id and start too, and the number of its sets, as in :class:`ProgressPoint`."""
    if unit not in KILOGRAMS_PER_UNIT:
        raise ValueError(f"unknown weight unit {unit!r}")
    unknown = [m for m in measures if m not in _MEASURES]
    if unknown:
        raise ValueError(f"unknown measure {unknown[0]!r}")
    factors = " ".join(f"WHEN '{u}' THEN {f}" for u, f in KILOGRAMS_PER_UNIT.items())
    weight = f"(weight * (CASE weight_unit {factors} ELSE 1.0 END) / {KILOGRAMS_PER_UNIT[unit]})"
    shown = _shown(conn)
    done = f"st.exercise = :exercise AND st.skipped = 0 AND {shown.sets}"
    head = "s.day"
    if whole:  # set numbers counted per session through the index that holds them
        head = (
            "s.uuid, s.day, s.started_at, (SELECT count(*) FROM (SELECT DISTINCT set_number"
            f" FROM sets st WHERE st.session_id = a.session_id AND {done}))"
        )
    amounts = "".join(
        f", {_MEASURES[m].format(weight=weight)} AS m{i}" for i, m in enumerate(measures)
    )
    return conn.execute(
        f"SELECT {head}{''.join(f', a.m{i}' for i in range(len(measures)))} FROM ("
        f"  SELECT session_id{amounts} FROM sets st WHERE {done} GROUP BY session_id"
        f") a JOIN sessions s ON s.id = a.session_id WHERE {shown.sessions} ORDER BY s.started_at",
        {"exercise": exercise},
    )


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


def _records(
    conn: sqlite3.Connection, also: str, params: tuple[object, ...]
) -> list[SessionRecord]:
    """The sessions shown that meet ``also`` ("AND …" on the sessions ``s``), in full."""
    shown = _shown(conn)
    found = conn.execute(
        "SELECT s.id, s.uuid, s.routine, s.context, s.plan_summary, s.notes, s.started_at,"
        f" s.ended_at, s.status, s.day FROM sessions s WHERE {shown.sessions} {also}"
        " ORDER BY s.started_at, s.id",
        params,
    ).fetchall()
    sets: dict[int, list[StoredSet]] = {}
    for row in conn.execute(
        "SELECT st.session_id, st.uuid, st.exercise, st.side, st.set_number, st.reps,"
        " st.seconds, st.weight, st.weight_unit, st.started_at, st.ended_at, st.day,"
        " st.skipped, st.planned_reps, st.planned_seconds"
        f" FROM sets st JOIN sessions s ON s.id = st.session_id"
        f" WHERE {shown.sessions} AND {shown.sets} {also}"
        " ORDER BY st.session_id, st.started_at, st.id",
        params,
    ):
        sets.setdefault(row[0], []).append(_stored_set(row[1:]))
    pain: dict[int, list[PainCheckIn]] = {}
    for row in conn.execute(
        "SELECT p.session_id, p.moment, p.rating, p.note, p.recorded_at"
        f" FROM pain_checkins p JOIN sessions s ON s.id = p.session_id"
        f" WHERE {shown.sessions} AND {shown.checkins} {also}"
        " ORDER BY p.session_id, CASE p.moment WHEN 'before' THEN 0 WHEN 'after' THEN 1 ELSE 2 END",
        params,
    ):
        pain.setdefault(row[0], []).append(PainCheckIn(*row[1:]))
    doses: dict[int, list[GivenDose]] = {}
    for row in conn.execute(
        f"SELECT d.session_id, {_DOSE_COLUMNS} FROM session_doses d"
        f" JOIN sessions s ON s.id = d.session_id WHERE {shown.sessions} AND {shown.doses} {also}"
        " ORDER BY d.session_id, d.id",
        params,
    ):
        doses.setdefault(row[0], []).append(_given(row[1:]))
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
            doses=tuple(doses.get(s[0], ())),
        )
        for s in found
    ]


_DOSE_COLUMNS = (
    "d.exercise, d.variant, d.sets, d.reps, d.hold_seconds, d.weight, d.weight_unit,"
    " d.chosen, d.reason"
)


def _given(r: tuple[Any, ...]) -> GivenDose:
    return GivenDose(r[0], Level(r[2], r[3], r[4], r[5], r[6], r[1]), bool(r[7]), r[8])


def latest_session(conn: sqlite3.Connection, since: float, until: float) -> SessionSummary | None:
    """The session that ended (or, unfinished, started) last between ``since`` and
    ``until`` (UNIX times), or None."""
    rows = conn.execute(
        _session_rows(_shown(conn)) + " AND COALESCE(s.ended_at, s.started_at) BETWEEN ? AND ?"
        " ORDER BY COALESCE(s.ended_at, s.started_at) DESC LIMIT 1",
        (since, until),
    ).fetchall()
    found = _summaries(conn, rows)
    return found[0] if found else None


def morning_session(conn: sqlite3.Connection, now: float) -> SessionSummary | None:
    """The session a morning rating given at ``now`` belongs to: the latest of the last
    :data:`~backcoach.core.coach.MORNING_HOURS` hours, or None."""
    return latest_session(conn, now - MORNING_HOURS * 3600, now)


def coach_history(conn: sqlite3.Connection, since: date | None = None) -> list[PastSession]:
    """Every session (``since``: of that day or later) as the coach reads it
    (:class:`~backcoach.core.coach.PastSession`): its ratings, the doses it gave, and per
    exercise what its sets show, oldest first."""
    shown = _shown(conn)
    day = since.isoformat() if since is not None else ""
    within = "SELECT s.id FROM sessions s WHERE s.day >= ?"
    ratings = {
        (sid, moment): rating
        for sid, moment, rating in conn.execute(
            "SELECT session_id, moment, rating FROM pain_checkins p"
            f" WHERE {shown.checkins} AND session_id IN ({within})",
            (day,),
        )
    }
    short = (
        "(st.skipped = 1 OR COALESCE(st.reps < st.planned_reps, 0) OR"
        f" (st.reps IS NULL AND COALESCE(st.seconds + {SHORT_BY!r} < st.planned_seconds, 0)))"
    )
    work: dict[int, list[Work]] = {}
    for r in conn.execute(
        "SELECT st.session_id, st.exercise, count(DISTINCT st.set_number),"
        f" sum(NOT {short}), sum({short}), max(st.side <> 'both'),"
        " max(COALESCE(st.planned_reps, st.reps)),"
        " max(CASE WHEN st.reps IS NULL THEN COALESCE(st.planned_seconds, st.seconds) END),"
        " max(st.weight), max(st.weight_unit)"
        f" FROM sets st WHERE {shown.sets} AND st.session_id IN ({within})"
        " GROUP BY st.session_id, st.exercise",
        (day,),
    ):
        work.setdefault(r[0], []).append(Work(r[1], r[2], r[3], r[4], bool(r[5]), *r[6:]))
    doses: dict[int, list[GivenDose]] = {}
    for r in conn.execute(
        f"SELECT d.session_id, {_DOSE_COLUMNS} FROM session_doses d WHERE {shown.doses}"
        f" AND d.session_id IN ({within})",
        (day,),
    ):
        doses.setdefault(r[0], []).append(_given(r[1:]))
    return [
        PastSession(
            id=uuid,
            started_at=started,
            day=date.fromisoformat(day),
            context=context,
            completed=status == "completed",
            before=ratings.get((sid, "before")),
            after=ratings.get((sid, "after")),
            morning=ratings.get((sid, "morning")),
            given=tuple(doses.get(sid, ())),
            work=tuple(work.get(sid, ())),
        )
        for sid, uuid, started, day, context, status in conn.execute(
            "SELECT s.id, s.uuid, s.started_at, s.day, s.context, s.status FROM sessions s"
            f" WHERE {shown.sessions} AND s.day >= ? ORDER BY s.started_at, s.id",
            (day,),
        )
    ]


def coach_start(conn: sqlite3.Connection, exercises: Iterable[str], keep: int) -> date | None:
    """The first day of the ``keep`` latest recorded sessions of each of ``exercises``
    (None: no session has any of them)."""
    firsts = [
        conn.execute(
            "SELECT min(s.day) FROM sessions s WHERE s.id IN (SELECT DISTINCT st.session_id"
            " FROM sets st WHERE st.exercise = ? ORDER BY st.session_id DESC LIMIT ?)",
            (exercise, keep),
        ).fetchone()[0]
        for exercise in exercises
    ]
    found = [day for day in firsts if day is not None]
    return date.fromisoformat(min(found)) if found else None


def latest_morning(conn: sqlite3.Connection, since: float, until: float) -> PainCheckIn | None:
    """The latest morning rating recorded between ``since`` and ``until`` (UNIX times)."""
    row = conn.execute(
        "SELECT moment, rating, note, recorded_at FROM pain_checkins p WHERE moment = 'morning'"
        f" AND recorded_at BETWEEN ? AND ? AND {_shown(conn).checkins}"
        " ORDER BY recorded_at DESC LIMIT 1",
        (since, until),
    ).fetchone()
    return PainCheckIn(*row) if row is not None else None


def context_counts(conn: sqlite3.Connection, hour: int) -> dict[str, int]:
    """How many sessions were started in each context within an hour of ``hour`` o'clock
    (local time)."""
    hours = [f"{(hour + d) % 24:02d}" for d in (-1, 0, 1)]
    return dict(
        conn.execute(
            "SELECT s.context, count(*) FROM sessions s"
            f" WHERE {_shown(conn).sessions} AND strftime('%H', s.started_at, 'unixepoch',"
            " 'localtime') IN (?, ?, ?) GROUP BY s.context",
            hours,
        ).fetchall()
    )


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
        skipped=bool(r[11]),
        planned_reps=r[12],
        planned_seconds=r[13],
    )


def _span(since: date | None, until: date | None) -> tuple[str, str]:
    return (since.isoformat() if since else "", until.isoformat() if until else "9999-12-31")


def _ratings(
    conn: sqlite3.Connection, ids: list[int] | None = None
) -> dict[tuple[int, str], int | None]:
    query = f"SELECT session_id, moment, rating FROM pain_checkins p WHERE {_shown(conn).checkins}"
    if ids is None:
        rows = conn.execute(query)
    else:
        marks = ", ".join("?" * len(ids))
        rows = conn.execute(f"{query} AND session_id IN ({marks})", ids)
    return {(sid, moment): rating for sid, moment, rating in rows}
