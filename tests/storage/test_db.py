"""The history file itself: migrations, a too-new file, a damaged file."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backcoach.storage import db
from backcoach.storage.importer import import_records
from backcoach.storage.store import HistoryStore

from .make_fixtures import FIXTURES, V1_SETS, V3_SESSIONS, V3_SETS
from .seed import everything, listed, session

UTC = ZoneInfo("UTC")


def _copy_fixture(version: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(FIXTURES / f"v{version}.sqlite3", folder / db.FILE_NAME))


def test_every_earlier_version_has_a_fixture() -> None:
    assert sorted(FIXTURES.glob("v*.sqlite3")) == [
        FIXTURES / f"v{v}.sqlite3" for v in range(1, db.LATEST_VERSION)
    ]


def test_version_1_migrates_with_every_row_intact(data_dir: Path) -> None:
    _copy_fixture(1, data_dir)
    store = HistoryStore(data_dir, tz=UTC)
    records = {r.id[-1]: r for r in everything(store)}
    assert [r.status for _, r in sorted(records.items())] == ["completed", "ended-early", "open"]
    assert records["1"].day == date(2024, 5, 1)
    sets = [s for r in everything(store) for s in r.sets]
    assert sorted((s.id, s.reps, s.seconds, s.weight) for s in sets) == sorted(
        (row[1], row[6], row[7], row[8]) for row in V1_SETS
    )
    assert {s.weight_unit for s in sets if s.weight is not None} == {"kg"}
    assert {s.weight_unit for s in sets if s.weight is None} == {None}
    assert [s.summary.id[-1] for s in store.interrupted_sessions()] == ["3"]
    store.close()
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    assert db.schema_version(conn) == db.LATEST_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_new_file_climbs_the_whole_ladder(data_dir: Path) -> None:
    HistoryStore(data_dir).close()
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    assert db.schema_version(conn) == db.LATEST_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {*db.TABLES, "deleted_sessions"}


def test_a_newer_file_is_refused_and_left_byte_for_byte(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / db.FILE_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {db.LATEST_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(db.DatabaseTooNew) as exc:
        HistoryStore(data_dir)
    assert "newer backcoach" in str(exc.value) and str(path) in str(exc.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir()) == [db.FILE_NAME]


def test_a_file_that_is_not_a_database_is_moved_aside_and_history_starts_afresh(
    data_dir: Path,
) -> None:
    data_dir.mkdir()
    junk = b"this is not sqlite at all" * 100
    (data_dir / db.FILE_NAME).write_bytes(junk)
    store = HistoryStore(data_dir, now=lambda: 1714546800.0)
    aside = sorted(data_dir.glob("history.damaged-*.sqlite3"))
    assert len(aside) == 1 and aside[0].read_bytes() == junk
    assert len(store.notices) == 1
    assert str(aside[0]) in store.notices[0] and "starts afresh" in store.notices[0]
    assert store.notice_title == "The damaged history file was moved aside; history starts afresh"
    assert store.problem is None and everything(store) == []
    store.start_session("after-run", "after-run", 1714546800.0)
    assert len(listed(store)) == 1


def _damaged_copy(data_dir: Path, sessions: int) -> bytes:
    """A history with many sets, one page of the sets table overwritten."""
    store = HistoryStore(data_dir, tz=UTC)
    import_records(store, [session(date(2024, 1, 1) + timedelta(days=i)) for i in range(sessions)])
    store.close()
    path = data_dir / db.FILE_NAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    leaf = conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'sets' AND pagetype = 'leaf' LIMIT 1 OFFSET 5"
    ).fetchone()[0]
    conn.close()
    raw = bytearray(path.read_bytes())
    raw[(leaf - 1) * page : leaf * page] = b"\xff" * page
    path.write_bytes(bytes(raw))
    return bytes(raw)


def test_a_damaged_page_costs_only_the_rows_on_it(data_dir: Path) -> None:
    damaged = _damaged_copy(data_dir, sessions=60)
    store = HistoryStore(data_dir, tz=UTC)
    aside = sorted(data_dir.glob("history.damaged-*.sqlite3"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    assert "Recovered from it: 60 sessions" in store.notices[0]
    assert store.notice_title == (
        "The damaged history file was moved aside; 60 sessions were recovered"
    )
    sets = sum(len(r.sets) for r in everything(store))
    assert 60 * 15 - 60 < sets < 60 * 15
    assert len(listed(store)) == 60


def test_a_damaged_check_in_page_keeps_the_readable_check_in_of_a_session_on_its_edge(
    data_dir: Path,
) -> None:
    """Check-ins sort by (session, moment), "after" first. The damaged page is followed,
    in the tree's root, by a session's "after" (a lookup passes through the damaged page
    to reach it) whose "before" starts the next page: that one must come back, as must
    every row after it."""
    store = HistoryStore(data_dir, tz=UTC)
    import_records(store, [session(date(2020, 1, 1) + timedelta(days=i), 0) for i in range(1000)])
    store.close()
    path = data_dir / db.FILE_NAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    uuids = dict(conn.execute("SELECT id, uuid FROM sessions"))
    keys = [
        (uuids[sid], moment)
        for sid, moment in conn.execute(
            "SELECT session_id, moment FROM pain_checkins ORDER BY session_id, moment"
        )
    ]
    layout = conn.execute(
        "SELECT path, pageno, ncell FROM dbstat WHERE name = 'pain_checkins' ORDER BY path"
    ).fetchall()
    conn.close()
    assert layout[0][0] == "/" and all(p.count("/") == 2 for p, _, _ in layout[1:])
    # In key order: leaf 0's rows, the root's cell 0, leaf 1's rows, the root's cell 1…
    edges, start = [], 0
    for _, pageno, cells in layout[1:-1]:
        edges.append((pageno, start, start + cells))  # the root cell after this leaf
        start += cells + 1
    leaf, start, edge = next(
        (e for e in edges if keys[e[2]][1] == "after" and keys[e[2] + 1][1] == "before"),
        (0, 0, 0),
    )
    assert leaf, "no session has its check-ins on both sides of a root cell"
    raw = bytearray(path.read_bytes())
    raw[(leaf - 1) * page : leaf * page] = b"\xff" * page
    path.write_bytes(bytes(raw))

    store = HistoryStore(data_dir, tz=UTC)
    recovered = {(r.id, p.moment) for r in everything(store) for p in r.pain}
    assert keys[edge + 1] in recovered
    assert recovered == set(keys) - set(keys[start : edge + 1])
    assert f"Recovered from it: 1000 sessions, {len(recovered)} pain checkins" in store.notices[0]


def test_an_intact_file_has_no_notice_title(data_dir: Path) -> None:
    HistoryStore(data_dir).close()
    store = HistoryStore(data_dir)
    assert (store.notices, store.notice_title) == ([], None)


def test_version_2_migrates_with_every_row_intact_and_counts_sets_by_number(
    data_dir: Path,
) -> None:
    _copy_fixture(2, data_dir)
    store = HistoryStore(data_dir, tz=UTC)
    records = {r.id[-1]: r for r in everything(store)}
    assert [len(r.sets) for _, r in sorted(records.items())] == [3, 1]
    assert records["1"].pain[0].note == "stiff" and records["1"].rating("after") == 3
    assert [s.set_count for s in listed(store)] == [1, 2]  # two lunge sides are one set
    store.close()
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    assert db.schema_version(conn) == db.LATEST_VERSION
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "sets_session_set" in indexes and "sets_session" not in indexes


@pytest.mark.parametrize("start", ["new", "version 1", "damaged", "read-only, then writable"])
def test_every_connection_the_store_writes_through_syncs_in_full(
    tmp_path: Path, start: str
) -> None:
    """``synchronous = FULL`` (2): a committed set survives a power cut, not only a kill."""
    folder = tmp_path / "data"
    writable = start != "read-only, then writable"

    def opener(path: Path) -> db.Opened:
        if not writable:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return db.open_database(path)

    if start == "version 1":
        _copy_fixture(1, folder)
    elif start == "damaged":
        folder.mkdir()
        (folder / db.FILE_NAME).write_bytes(b"this is not sqlite at all" * 100)
    elif not writable:
        HistoryStore(folder).close()
    store = HistoryStore(folder, opener=opener)
    assert store.read_only is not writable
    assert bool(store.notices) is (start == "damaged")  # moved aside, a fresh file made
    writable = True
    with store.writing() as conn:
        assert conn.execute("PRAGMA synchronous").fetchone() == (2,)
    assert not store.read_only


def test_version_3_migrates_with_every_row_intact_and_records_deletions_from_then_on(
    data_dir: Path,
) -> None:
    _copy_fixture(3, data_dir)
    store = HistoryStore(data_dir, tz=UTC, now=lambda: 1714900000.0)
    records = everything(store)
    assert [(r.id, r.day.isoformat(), r.status) for r in records] == [
        (row[1], row[9], row[8]) for row in V3_SESSIONS
    ]
    assert [s.id for r in records for s in r.sets] == [row[1] for row in V3_SETS]
    assert store.delete_session(records[0].id)
    store.close()
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    assert db.schema_version(conn) == db.LATEST_VERSION
    assert conn.execute("SELECT uuid, deleted_at FROM deleted_sessions").fetchall() == [
        (records[0].id, 1714900000.0)
    ]
