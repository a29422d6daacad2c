"""Merging sessions from elsewhere (a JSON export, sets kept during a fault) into history."""

from __future__ import annotations

from collections.abc import Iterable

from backcoach.storage.records import ImportCounts, SessionRecord
from backcoach.storage.store import HistoryStore, insert_set


def import_records(store: HistoryStore, records: Iterable[SessionRecord]) -> ImportCounts:
    """Merge sessions into ``store`` in one transaction: known ids are skipped, so importing
    twice adds nothing; an open session here takes the imported end and status."""
    added = known = sets = checkins = 0
    with store.writing() as conn:
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
                insert_set(conn, r.id, s)
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
