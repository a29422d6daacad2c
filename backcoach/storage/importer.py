"""Merging sessions from elsewhere (a JSON export, sets kept during a fault) into history."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from backcoach.storage.export import ImportFileError
from backcoach.storage.records import ImportCounts, SessionRecord, StoredSet
from backcoach.storage.store import KNOWN, SUPERSEDED, HistoryStore, insert_doses, insert_set


def import_records(store: HistoryStore, records: Iterable[SessionRecord]) -> ImportCounts:
    """Merge sessions into ``store`` in one transaction: known ids are skipped, so importing
    twice adds nothing; an open session here takes the imported end and status. Check-ins
    and doses not held yet are added (one held is kept). A set
    skipped whose side of its set history already holds is left out, and a set done
    replaces a skipped record of its side (see :func:`~backcoach.storage.store.insert_set`).

    A set whose id history already holds under another session is a conflict: it raises
    :class:`~backcoach.storage.export.ImportFileError` naming the id, and nothing is added.
    """
    added = known = sets = checkins = 0
    with store.writing() as conn:
        for i, r in enumerate(records):
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
            for j, s in enumerate(r.sets):
                outcome = insert_set(conn, r.id, s)
                if outcome != KNOWN:
                    sets += outcome != SUPERSEDED
                    continue
                owner = _owner(conn, s.id)
                if owner != r.id:
                    raise ImportFileError(
                        f"sessions[{i}].sets[{j}].id {s.id} is already in history under"
                        f" another session ({owner}), not under {r.id}"
                    )
            for c in r.pain:
                cur = conn.execute(
                    "INSERT INTO pain_checkins (session_id, moment, rating, note, recorded_at)"
                    " SELECT id, ?, ?, ?, ? FROM sessions WHERE uuid = ?"
                    " ON CONFLICT DO NOTHING",
                    (c.moment, c.rating, c.note, c.recorded_at, r.id),
                )
                checkins += cur.rowcount
            insert_doses(conn, r.id, r.doses, replace=False)
    return ImportCounts(added, known, sets, checkins)


def _owner(conn: sqlite3.Connection, set_id: str) -> str | None:
    """The id of the session history holds the set ``set_id`` under, if any."""
    row = conn.execute(
        "SELECT s.uuid FROM sets st JOIN sessions s ON s.id = st.session_id WHERE st.uuid = ?",
        (set_id,),
    ).fetchone()
    return None if row is None else str(row[0])


def adds_nothing(conn: sqlite3.Connection, records: Iterable[SessionRecord]) -> bool:
    """Whether importing ``records`` would add nothing to the history open on ``conn``:
    every session (ended, if they are), set (in that session; a skipped one: or another
    record of its side), pain check-in and dose is there."""
    for r in records:
        row = conn.execute("SELECT id, status FROM sessions WHERE uuid = ?", (r.id,)).fetchone()
        if row is None or (row[1] == "open" and r.status != "open"):
            return False
        moments = {
            m
            for (m,) in conn.execute(
                "SELECT moment FROM pain_checkins WHERE session_id = ?", (row[0],)
            )
        }
        if any(c.moment not in moments for c in r.pain):
            return False
        dosed = {
            e
            for (e,) in conn.execute(
                "SELECT exercise FROM session_doses WHERE session_id = ?", (row[0],)
            )
        }
        if any(d.exercise not in dosed for d in r.doses):
            return False
        if any(_owner(conn, s.id) != r.id and not _side_held(conn, row[0], s) for s in r.sets):
            return False
    return True


def _side_held(conn: sqlite3.Connection, session: int, s: StoredSet) -> bool:
    """Whether the skipped set ``s`` is held as history keeps it: its side of its set is
    recorded in the session (row id ``session``), done or skipped."""
    return s.skipped and (
        conn.execute(
            "SELECT 1 FROM sets WHERE session_id = ? AND exercise = ? AND side = ?"
            " AND set_number = ?",
            (session, s.exercise, s.side, s.set_number),
        ).fetchone()
        is not None
    )
