"""Build sets and sessions for tests, read a store back, and spoil a history file as a bad
disk or a stray file would."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timezone
from pathlib import Path

import pytest

from backcoach.core.records import SetRecord
from backcoach.storage import db, queries
from backcoach.storage.records import PainCheckIn, SessionRecord, SessionSummary, StoredSet
from backcoach.storage.store import HistoryStore

T0 = 1714546800.0  # 2024-05-01 07:00 UTC


def a_set(n: int, start: float = T0, exercise: str = "dead-bug", **kw: object) -> SetRecord:
    """Set ``n`` as a session records it: 40 s of ten reps, a minute apart."""
    values: dict[str, object] = {
        "exercise": exercise,
        "side": "left",
        "set_number": n,
        "reps": 10,
        "seconds": 40.0,
        "weight": None,
        "weight_unit": None,
        "started_at": start + 60 * n,
        "ended_at": start + 60 * n + 40,
    }
    values.update(kw)
    return SetRecord(**values)  # type: ignore[arg-type]


def session(
    day: date,
    sets: int = 15,
    pain: tuple[int | None, int | None] = (4, 2),
    tz: timezone = UTC,
    status: str = "completed",
) -> SessionRecord:
    """A session at 07:00 on ``day`` with ``sets`` one-minute dead-bug sets."""
    start = datetime.combine(day, time(7), tz).timestamp()
    stored = tuple(
        StoredSet(
            str(uuid.uuid4()),
            "dead-bug",
            "left" if n % 2 else "right",
            n // 2 + 1,
            10,
            60.0,
            None,
            None,
            start + 60 * n,
            start + 60 * (n + 1),
            day,
        )
        for n in range(sets)
    )
    checkins = tuple(
        PainCheckIn(moment, rating, "", start)
        for moment, rating in zip(("before", "after"), pain, strict=True)
        if rating is not None
    )
    end = start + 60 * sets
    return SessionRecord(
        str(uuid.uuid4()),
        "after-run",
        "after-run",
        "",
        "",
        start,
        end,
        status,
        day,
        stored,
        checkins,
    )


def listed(store: HistoryStore) -> list[SessionSummary]:
    """Every session in ``store`` as the history list shows it, newest first."""
    with store.reading() as conn:
        return queries.sessions(conn)


def everything(store: HistoryStore) -> list[SessionRecord]:
    """Every session in ``store`` with all it holds, oldest first (what an export writes)."""
    with store.reading() as conn:
        return queries.export_records(conn)


@contextmanager
def frozen(folder: Path) -> Iterator[None]:
    """``folder`` and its files made immutable (``chattr +i``), as QA made a read-only
    data folder; skips the test where that is not possible (not root, no chattr)."""
    paths = [folder, *folder.iterdir()]
    done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, check=False)
    if done.returncode != 0 or os.access(folder, os.W_OK):
        subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True, check=False)
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True)


def foreign_journal(folder: Path, tmp_path: Path) -> None:
    """Put beside the history in ``folder`` the journal and index a crash of another
    history (one session, one set) left behind."""
    other = HistoryStore(tmp_path / "other-laptop")
    other.start_session("after-run", "after-run", T0)
    other.record_set(a_set(1))
    for name in (f"{db.FILE_NAME}-wal", f"{db.FILE_NAME}-shm"):
        shutil.copyfile(other.path.with_name(name), folder / name)
    other.close()


def flip_in_row(path: Path, table: str, column: str, old: str, new: str) -> None:
    """Change the bytes of ``old`` into ``new`` (as long) where ``table`` stores ``column``
    (not in an index), as a bad disk sector or a stray write would."""
    raw = bytearray(path.read_bytes())
    start = 0
    while (at := raw.find(old.encode(), start)) >= 0:
        changed = bytearray(raw)
        changed[at : at + len(old)] = new.encode()
        path.write_bytes(bytes(changed))
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            query = f"SELECT count(*) FROM {table} NOT INDEXED WHERE {column} = ?"
            hit = conn.execute(query, (new,)).fetchone()[0]
        except sqlite3.DatabaseError:  # an index's copy on a page read first
            hit = 0
        finally:
            conn.close()
        if hit:
            return
        start = at + 1
    path.write_bytes(bytes(raw))
    raise AssertionError(f"{old!r} is not stored in {table}.{column}")
