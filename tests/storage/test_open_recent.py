"""Opening only the recent part of history, as ``backcoach today`` does: read-only, its
recent sets screened row by row, and the full opening whenever the file needs it."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from backcoach.storage import db
from backcoach.storage.importer import import_records
from backcoach.storage.store import HistoryStore

from .seed import session

DAY = date(2026, 12, 4)
FIXTURES = Path(__file__).parent / "fixtures"


def seeded(folder: Path) -> Path:
    """Six closed daily sessions up to :data:`DAY`, with a set of the oldest and one of the
    newest garbled on the disk; the history file."""
    records = [session(DAY - timedelta(days=5 - n), sets=4) for n in range(6)]
    with HistoryStore(folder) as store:
        import_records(store, records)
    path = folder / db.FILE_NAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for day in (records[0].day, records[-1].day):
        conn.execute(
            "UPDATE sets SET side = 'sideways' WHERE id = (SELECT min(id) FROM sets WHERE day = ?)",
            (day.isoformat(),),
        )
    conn.commit()
    conn.close()
    return path


def unreadable_days(conn: sqlite3.Connection) -> list[str]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT day FROM sets WHERE id IN temp.unreadable_sets ORDER BY day"
        )
    ]


def test_only_the_sets_from_the_first_day_read_are_screened(data_dir: Path) -> None:
    path = seeded(data_dir)
    before = path.read_bytes()
    conn = db.open_recent(path, lambda _: (DAY - timedelta(days=2)).isoformat())
    assert conn is not None
    assert unreadable_days(conn) == [DAY.isoformat()]  # the old one is never read
    conn.close()
    conn = db.open_recent(path, lambda _: None)  # no session: no set screened
    assert conn is not None and unreadable_days(conn) == []
    conn.close()
    full = HistoryStore(data_dir)
    with full.reading() as everything:
        assert unreadable_days(everything) == [
            (DAY - timedelta(days=5)).isoformat(),
            DAY.isoformat(),
        ]
    full.close()
    assert path.read_bytes() == before  # reading changed nothing


def test_a_journal_with_frames_or_another_format_needs_the_full_opening(
    data_dir: Path, tmp_path: Path
) -> None:
    path = seeded(data_dir)
    db.wal_path(path).write_bytes(b"\0" * 4096)  # frames SQLite would apply (it may be foreign)
    assert db.open_recent(path, lambda _: None) is None
    older = tmp_path / "older" / db.FILE_NAME
    older.parent.mkdir()
    shutil.copy(FIXTURES / "v5.sqlite3", older)
    assert db.open_recent(older, lambda _: None) is None
    assert db.schema_version(sqlite3.connect(older)) == 5  # left for the full opening


def test_a_damaged_file_needs_the_full_opening(tmp_path: Path) -> None:
    path = tmp_path / db.FILE_NAME
    path.write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    assert db.open_recent(path, lambda _: None) is None
