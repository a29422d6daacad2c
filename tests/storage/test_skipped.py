"""Sets skipped, kept as skipped: the version 5 migration, what history counts, one record per
side of a set, and exports that carry the flag there and back."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backcoach.core.records import SetRecord
from backcoach.storage import db, queries
from backcoach.storage.export import (
    CSV_COLUMNS,
    FORMAT_VERSION,
    ImportFileError,
    read_json,
    write_csv,
    write_json,
)
from backcoach.storage.importer import adds_nothing, import_records
from backcoach.storage.store import HistoryStore

from .make_fixtures import FIXTURES, V4_DELETED, V4_PAIN, V4_SESSIONS, V4_SETS
from .seed import T0, a_set, everything, listed

UTC = ZoneInfo("UTC")


def _rows(path: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """Every table of the file at ``path``: its columns and rows, in key order."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        found = {}
        for table in tables:
            cur = conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
            found[table] = ([d[0] for d in cur.description], cur.fetchall())
        return found
    finally:
        conn.close()


@pytest.mark.parametrize("version", range(1, db.LATEST_VERSION))
def test_every_earlier_version_climbs_to_the_latest_losing_nothing(
    data_dir: Path, version: int
) -> None:
    """Every value a fixture holds comes through the whole ladder (version 2 turns the
    completed flag into a status; every other column is kept as it was)."""
    data_dir.mkdir()
    path = Path(shutil.copy(FIXTURES / f"v{version}.sqlite3", data_dir / db.FILE_NAME))
    before = _rows(path)
    HistoryStore(data_dir, tz=UTC).close()
    after = _rows(path)
    for table, (columns, rows) in before.items():
        now_columns, now_rows = after[table]
        kept = [c for c in columns if c in now_columns]
        assert len(kept) >= len(columns) - (table == "sessions" and version == 1)
        pick = [now_columns.index(c) for c in kept]
        was = [columns.index(c) for c in kept]
        assert [tuple(r[i] for i in pick) for r in now_rows] == [
            tuple(r[i] for i in was) for r in rows
        ], table
    assert {s[0] for s in after["sets"][1]} == {s[0] for s in before["sets"][1]}
    columns, rows = after["sets"]
    if version < 5:  # sets skipped, and plans, came with version 5
        assert {r[columns.index("skipped")] for r in rows} <= {0}
        assert {r[columns.index("planned_reps")] for r in rows} <= {None}


def test_version_4_migrates_with_every_row_intact_and_counts_as_before(data_dir: Path) -> None:
    data_dir.mkdir()
    shutil.copy(FIXTURES / "v4.sqlite3", data_dir / db.FILE_NAME)
    store = HistoryStore(data_dir, tz=UTC)
    records = everything(store)
    assert [(r.id, r.status, r.notes, r.plan_summary) for r in records] == [
        (s[1], s[8], s[5], s[4]) for s in V4_SESSIONS
    ]
    sets = [s for r in records for s in r.sets]
    assert [(s.id, s.reps, s.seconds, s.weight, s.weight_unit) for s in sets] == [
        (s[1], s[6], s[7], s[8], s[11]) for s in V4_SETS
    ]
    assert not any(s.skipped for s in sets)
    assert {(s.planned_reps, s.planned_seconds) for s in sets} == {(None, None)}
    assert not any(s.cut_short for s in sets)  # nothing planned is known: nothing cut short
    assert [r.rating("before") for r in records[:2]] == [V4_PAIN[0][2], None]
    assert records[1].pain[0].note == "only a note"
    assert [s.set_count for s in reversed(listed(store))] == [2, 3, 1, 1]
    assert [s.summary.id for s in store.interrupted_sessions()] == [V4_SESSIONS[3][1]]
    with store.reading() as conn:
        assert queries.streaks(conn, date(2024, 5, 5)).current == 4
        assert conn.execute("SELECT * FROM deleted_sessions").fetchall() == V4_DELETED
    store.close()
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    assert db.schema_version(conn) == db.LATEST_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


def test_a_version_4_file_held_locked_is_left_as_it_was_and_migrates_later(
    data_dir: Path,
) -> None:
    data_dir.mkdir()
    path = Path(shutil.copy(FIXTURES / "v4.sqlite3", data_dir / db.FILE_NAME))
    before = _rows(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing: readers may still read
    try:
        store = HistoryStore(data_dir, tz=UTC, busy_timeout_ms=50)
        assert store.problem is not None and db.LOCKED in store.problem
        assert not store.available
        store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _rows(path) == before
    with sqlite3.connect(path) as conn:
        assert db.schema_version(conn) == 4
    store = HistoryStore(data_dir, tz=UTC)
    assert store.problem is None and len(everything(store)) == len(V4_SESSIONS)
    store.close()


def _skipped(n: int, start: float = T0) -> SetRecord:
    """Set ``n`` skipped: nothing done of the ten reps planned."""
    return a_set(n, start, reps=0, seconds=0.0, skipped=True, planned_reps=10)


def test_a_skipped_set_is_kept_as_skipped_and_never_counted_as_done(data_dir: Path) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    sid = store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1, planned_reps=10))
    store.record_set(_skipped(2))
    store.record_set(a_set(3, exercise="low-lunge", reps=None, seconds=20.0, planned_seconds=60.0))
    store.finish_session(sid, T0 + 600, completed=True)
    skipped_only = store.start_session("after-run", "after-run", T0 + 86400)
    store.record_set(_skipped(1, start=T0 + 86400))
    store.finish_session(skipped_only, T0 + 86400 + 300, completed=False)
    record = store.session_detail(sid)
    assert record is not None
    assert [(s.set_number, s.skipped, s.reps, s.planned_reps) for s in record.sets] == [
        (1, False, 10, 10),
        (2, True, 0, 10),
        (3, False, None, None),
    ]
    lunge = record.sets[2]
    assert (lunge.seconds, lunge.planned_seconds, lunge.cut_short) == (20.0, 60.0, True)
    assert (record.set_count, record.skipped_count) == (2, 1)
    assert [s.set_count for s in listed(store)] == [0, 2]
    with store.reading() as conn:
        streak = queries.streaks(conn, date(2024, 5, 2))  # the 2nd had only a skipped set
        assert (streak.current, streak.last_day) == (1, date(2024, 5, 1))
        assert [(d.day.day, d.sessions, d.sets) for d in queries.day_totals(conn)] == [
            (1, 1, 2),
            (2, 1, 0),
        ]
        progress = queries.exercise_progress(conn, "dead-bug")
        assert [(p.sets, p.total_reps, p.total_seconds) for p in progress] == [(1, 10, 40.0)]
        assert queries.exercises(conn) == ["dead-bug", "low-lunge"]
    store.close()


def test_a_skipped_side_done_later_keeps_only_the_done_record_in_any_order(
    data_dir: Path,
) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    first = store.start_session("after-run", "after-run", T0)
    store.record_set(_skipped(1))
    store.record_set(a_set(1, start=T0 + 300))
    store.record_set(_skipped(1, start=T0 + 600))  # and again
    second = store.start_session("after-run", "after-run", T0 + 3600)
    store.record_set(_skipped(2, start=T0 + 3600))
    store.record_set(_skipped(2, start=T0 + 3700))
    details = [store.session_detail(first), store.session_detail(second)]
    assert [[(s.set_number, s.skipped) for s in r.sets] for r in details if r] == [
        [(1, False)],
        [(2, True)],
    ]
    store.close()


def test_sets_kept_in_memory_during_a_fault_settle_the_same_way(data_dir: Path) -> None:
    full = True

    def opener(path: Path) -> db.Opened:
        if full:
            raise sqlite3.OperationalError("database or disk is full")
        return db.open_database(path, UTC)

    store = HistoryStore(data_dir, tz=UTC, opener=opener)
    sid = store.start_session("after-run", "after-run", T0)
    store.record_set(_skipped(1))
    store.record_set(a_set(1, start=T0 + 300))
    assert store.problem is not None and db.DISK_FULL in store.problem
    [kept] = store.pending_records()
    assert [(s.set_number, s.skipped) for s in kept.sets] == [(1, False)]
    full = False
    assert store.flush()
    record = store.session_detail(sid)
    assert record is not None
    assert [(s.set_number, s.skipped) for s in record.sets] == [(1, False)]
    store.close()


def test_an_export_with_skipped_sets_imports_back_as_it_was(data_dir: Path, tmp_path: Path) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    sid = store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1, planned_reps=10))
    store.record_set(_skipped(2))
    store.record_set(a_set(3, exercise="low-lunge", reps=None, seconds=20.0, planned_seconds=60.0))
    store.finish_session(sid, T0 + 600, completed=True)
    exported = everything(store)
    out = tmp_path / "history.json"
    write_json(exported, out)
    doc = json.loads(out.read_text("utf-8"))
    assert doc["version"] == FORMAT_VERSION >= 2
    assert [s["skipped"] for s in doc["sessions"][0]["sets"]] == [False, True, False]
    csv_out = tmp_path / "history.csv"
    write_csv(store, csv_out)
    store.close()
    rows = [line.split(",") for line in csv_out.read_text("utf-8").splitlines()]
    at = CSV_COLUMNS.index("skipped")
    assert CSV_COLUMNS[at : at + 3] == ("skipped", "planned_reps", "planned_seconds")
    assert [r[at : at + 3] for r in rows[1:]] == [
        ["0", "10", ""],
        ["1", "10", ""],
        ["0", "", "60.0"],
    ]

    elsewhere = HistoryStore(tmp_path / "new-laptop", tz=UTC)
    counts = import_records(elsewhere, read_json(out))
    assert (counts.sessions_added, counts.sets_added) == (1, 3)
    assert everything(elsewhere) == exported
    assert import_records(elsewhere, read_json(out)).sets_added == 0
    with elsewhere.reading() as conn:
        assert adds_nothing(conn, read_json(out))
    elsewhere.close()


def test_an_import_with_a_skipped_and_a_done_record_of_one_side_keeps_the_done_one(
    data_dir: Path, tmp_path: Path
) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    sid = store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1))
    [record] = everything(store)
    store.close()
    done = record.sets[0]
    skipped = replace(done, id="0e9c5b1a-3f2b-4c1d-9a8e-7b6c5d4e3f2a", reps=0, seconds=0.0,
                      skipped=True)  # fmt: skip
    for sets in ((skipped, done), (done, skipped)):
        out = tmp_path / "both.json"
        write_json([replace(record, sets=sets)], out)
        fresh = HistoryStore(tmp_path / f"fresh-{sets[0].skipped}", tz=UTC)
        assert import_records(fresh, read_json(out)).sets_added == 1 + (sets[0] is skipped)
        detail = fresh.session_detail(sid)
        assert detail is not None and [s.id for s in detail.sets] == [done.id]
        with fresh.reading() as conn:
            assert adds_nothing(conn, read_json(out))
        assert import_records(fresh, read_json(out)).sets_added == 0
        fresh.close()


def test_an_export_of_format_1_imports_as_sets_done(data_dir: Path, tmp_path: Path) -> None:
    day = date(2024, 5, 1)
    old = {
        "format": "backcoach-history",
        "version": 1,
        "exported_at": T0,
        "sessions": [
            {
                "id": "8f1d2c3e-0000-4000-8000-000000000001",
                "routine": "after-run",
                "context": "after-run",
                "started_at": T0,
                "ended_at": T0 + 600,
                "status": "completed",
                "day": day.isoformat(),
                "sets": [
                    {
                        "id": "8f1d2c3e-0000-4000-8000-000000000101",
                        "exercise": "dead-bug",
                        "side": "both",
                        "set_number": 1,
                        "reps": 8,
                        "seconds": 40.0,
                        "weight": None,
                        "weight_unit": None,
                        "started_at": T0 + 60,
                        "ended_at": T0 + 100,
                        "day": day.isoformat(),
                    }
                ],
                "pain": [],
            }
        ],
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), "utf-8")
    [record] = read_json(path)
    [s] = record.sets
    assert (s.skipped, s.planned_reps, s.planned_seconds) == (False, None, None)
    store = HistoryStore(data_dir, tz=UTC)
    assert import_records(store, [record]).sets_added == 1
    assert [x.set_count for x in listed(store)] == [1]
    store.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"skipped": "yes"}, 'sessions[0].sets[0].skipped must be true or false, got "yes"'),
        ({"skipped": True}, "sessions[0].sets[0] is skipped, so its reps and seconds must be 0"),
        ({"planned_reps": -1}, "sessions[0].sets[0].planned_reps must be a whole number ≥ 0"),
        ({"planned_seconds": "60"}, "sessions[0].sets[0].planned_seconds must be a number ≥ 0"),
    ],
)
def test_a_set_field_of_format_2_that_cannot_be_used_is_named(
    data_dir: Path, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1))
    out = tmp_path / "history.json"
    write_json(everything(store), out)
    store.close()
    doc = json.loads(out.read_text("utf-8"))
    doc["sessions"][0]["sets"][0].update(change)
    out.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(ImportFileError) as exc:
        read_json(out)
    assert str(exc.value).startswith(message)


def test_an_export_from_a_newer_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    newer = FORMAT_VERSION + 1
    path.write_text(json.dumps({"format": "backcoach-history", "version": newer, "sessions": []}))
    with pytest.raises(ImportFileError, match=rf"newer backcoach \(format {newer}\); this version"):
        read_json(path)


def test_a_garbled_skipped_flag_is_named_and_its_row_left_out(data_dir: Path) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1))
    store.record_set(a_set(2))
    store.close()
    with sqlite3.connect(data_dir / db.FILE_NAME) as conn:
        conn.execute("UPDATE sets SET skipped = 7 WHERE set_number = 2")
    store = HistoryStore(data_dir, tz=UTC)
    assert any("skipped" in notice for notice in store.notices)
    [record] = everything(store)
    assert [s.set_number for s in record.sets] == [1]
    store.close()
