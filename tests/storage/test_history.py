"""HistoryStore: recording, interrupted sessions, and faults that keep sets."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backcoach.storage import db
from backcoach.storage.export import export_pending
from backcoach.storage.importer import import_records
from backcoach.storage.store import HistoryStore

from .seed import T0, a_set, everything, listed, session

UTC = ZoneInfo("UTC")


def test_sets_are_in_the_file_the_moment_they_are_recorded(data_dir: Path) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    sid = store.start_session("after-run", "after-run", T0, plan_summary="2 exercises")
    store.record_set(a_set(1))
    other = sqlite3.connect(data_dir / db.FILE_NAME)
    assert other.execute("SELECT count(*) FROM sets").fetchone() == (1,)
    store.record_pain("before", 5, "stiff")
    store.record_set(a_set(2, weight=8.0, weight_unit="kg"))
    store.record_pain("after", 3)
    store.finish_session(sid, T0 + 600, completed=True)
    detail = store.session_detail(sid)
    assert detail is not None
    assert detail.status == "completed" and detail.ended_at == T0 + 600
    assert detail.plan_summary == "2 exercises"
    assert [(s.set_number, s.weight, s.weight_unit) for s in detail.sets] == [
        (1, None, None),
        (2, 8.0, "kg"),
    ]
    assert (detail.rating("before"), detail.rating("after")) == (5, 3)
    assert detail.pain[0].note == "stiff"
    assert store.interrupted_sessions() == []


def test_record_set_without_a_session_is_a_programming_error(data_dir: Path) -> None:
    with pytest.raises(RuntimeError):
        HistoryStore(data_dir).record_set(a_set(1))


@pytest.mark.parametrize("rating", [-1, 11])
def test_pain_outside_0_to_10_is_refused(data_dir: Path, rating: int) -> None:
    store = HistoryStore(data_dir)
    store.start_session("after-run", "after-run", T0)
    with pytest.raises(ValueError):
        store.record_pain("before", rating)


def test_an_unfinished_session_can_be_resumed_or_kept_as_partial(data_dir: Path) -> None:
    first = HistoryStore(data_dir, tz=UTC)
    sid = first.start_session("after-run", "after-run", T0)
    first.record_set(a_set(1))
    first.record_set(a_set(2, side="right"))
    first.close()

    later = HistoryStore(data_dir, tz=UTC)
    [interrupted] = later.interrupted_sessions()
    assert interrupted.summary.id == sid and interrupted.summary.set_count == 2
    assert interrupted.done == {("dead-bug", "left", 1), ("dead-bug", "right", 2)}
    assert later.resume_session(sid) == interrupted.done
    later.record_set(a_set(3))
    assert later.interrupted_sessions() == []  # the resumed one is in progress here
    later.close()

    last = HistoryStore(data_dir, tz=UTC)
    last.mark_partial(sid)
    detail = last.session_detail(sid)
    assert detail is not None and detail.status == "partial"
    assert detail.ended_at == a_set(3).ended_at
    assert last.interrupted_sessions() == []


def test_delete_removes_a_session_with_its_sets_and_checkins(data_dir: Path) -> None:
    store = HistoryStore(data_dir)
    kept, gone = session(date(2024, 5, 1)), session(date(2024, 5, 2))
    import_records(store, [kept, gone])
    assert store.delete_session(gone.id) is True
    assert store.delete_session(gone.id) is False
    assert [s.id for s in listed(store)] == [kept.id]
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    assert conn.execute("SELECT count(*) FROM sets").fetchone() == (15,)
    assert conn.execute("SELECT count(*) FROM pain_checkins").fetchone() == (2,)


# ------------------------------------------------------------------- faults


def pragma_opener(pragma: str) -> tuple[Callable[[Path], db.Opened], list[sqlite3.Connection]]:
    """Open the real file, then apply ``pragma`` to the connection (tests change it later)."""
    conns: list[sqlite3.Connection] = []

    def opener(path: Path) -> db.Opened:
        opened = db.open_database(path)
        opened.conn.execute(pragma)
        conns.append(opened.conn)
        return opened

    return opener, conns


def stored_set_numbers(folder: Path) -> list[int]:
    conn = sqlite3.connect(folder / db.FILE_NAME)
    return [r[0] for r in conn.execute("SELECT set_number FROM sets ORDER BY set_number")]


@pytest.mark.parametrize(
    ("pragma", "undo", "reason"),
    [
        ("PRAGMA query_only = ON", "PRAGMA query_only = OFF", "read-only"),
        ("PRAGMA max_page_count = 1", "PRAGMA max_page_count = 1000000", "disk is full"),
    ],
)
def test_a_write_fault_keeps_sets_and_writes_them_once_possible(
    data_dir: Path, pragma: str, undo: str, reason: str
) -> None:
    HistoryStore(data_dir).close()  # the file exists, then writing stops working
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    opener, conns = pragma_opener(pragma.replace("= 1", f"= {pages}"))
    problems: list[str | None] = []
    store = HistoryStore(data_dir, opener=opener, on_problem=problems.append)
    # A long plan needs new pages, which a full disk (or a read-only file) refuses.
    store.start_session("after-run", "after-run", T0, plan_summary="lunge, " * 3000)
    store.record_set(a_set(1))
    store.record_set(a_set(2))
    assert store.problem is not None and reason in store.problem
    assert "2 sets are kept in memory" in store.problem
    assert store.pending_sets == 2 and stored_set_numbers(data_dir) == []

    conns[0].execute(undo)
    store.record_set(a_set(3))
    assert store.problem is None and problems[-1] is None
    assert stored_set_numbers(data_dir) == [1, 2, 3]
    assert store.flush() is True


def test_a_folder_that_cannot_be_created_keeps_the_session_going(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.write_text("a file where the folder should be")
    store = HistoryStore(folder)
    assert not store.available
    assert store.problem is not None and "cannot be written" in store.problem
    store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1))
    assert store.pending_sets == 1

    folder.unlink()
    folder.mkdir()
    assert store.flush() is True
    assert store.problem is None and stored_set_numbers(folder) == [1]


def test_a_lock_held_too_long_keeps_the_set_until_it_is_released(data_dir: Path) -> None:
    store = HistoryStore(data_dir, busy_timeout_ms=50)
    store.start_session("after-run", "after-run", T0)
    other = sqlite3.connect(data_dir / db.FILE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    store.record_set(a_set(1))
    assert store.problem is not None and "locked" in store.problem
    other.execute("COMMIT")
    assert store.flush() is True and stored_set_numbers(data_dir) == [1]


def test_kept_sets_can_be_exported_and_imported_elsewhere(data_dir: Path, tmp_path: Path) -> None:
    HistoryStore(data_dir).close()
    opener, _ = pragma_opener("PRAGMA query_only = ON")
    store = HistoryStore(data_dir, opener=opener)
    sid = store.start_session("after-run", "after-run", T0)
    store.record_pain("before", 6)
    store.record_set(a_set(1))
    store.finish_session(sid, T0 + 300, completed=False)
    assert export_pending(store, tmp_path / "kept.json") == 1

    from backcoach.storage.export import read_json

    elsewhere = HistoryStore(tmp_path / "other")
    import_records(elsewhere, read_json(tmp_path / "kept.json"))
    detail = elsewhere.session_detail(sid)
    assert detail is not None
    assert detail.status == "ended-early" and len(detail.sets) == 1
    assert detail.rating("before") == 6


CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from backcoach.core.records import SetRecord
    from backcoach.storage.store import HistoryStore

    store = HistoryStore(Path(sys.argv[1]))
    sid = store.start_session("after-run", "after-run", time.time())
    print(sid, flush=True)
    n = 0
    while True:
        n += 1
        now = time.time()
        store.record_set(SetRecord("dead-bug", "left", n, 10, 1.0, None, None, now - 1, now))
        print(n, flush=True)
    """
)


def test_sigkill_mid_session_loses_no_committed_set(data_dir: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    sid = child.stdout.readline().strip()
    reported = [int(child.stdout.readline()) for _ in range(25)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    store = HistoryStore(data_dir)
    [interrupted] = store.interrupted_sessions()
    assert interrupted.summary.id == sid
    stored = sorted(n for _, _, n in interrupted.done)
    assert set(reported) <= set(stored)
    assert stored == list(range(1, len(stored) + 1))


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from backcoach.core.records import SetRecord
    from backcoach.storage.store import HistoryStore

    store = HistoryStore(Path(sys.argv[1]))
    store.start_session("after-run", "after-run", 1714546800.0)
    for n in range(1, 81):
        store.record_set(SetRecord("dead-bug", "left", n, 10, 1.0, None, None, 1.0, 2.0))
    assert store.problem is None, store.problem
    store.close()
    """
)


def test_two_processes_writing_at_once_lose_and_double_nothing(data_dir: Path) -> None:
    HistoryStore(data_dir).close()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir)]) for _ in range(2)]
    reader = HistoryStore(data_dir)
    while any(w.poll() is None for w in writers):
        listed(reader)
    assert [w.returncode for w in writers] == [0, 0]
    assert sorted(s.set_count for s in listed(reader)) == [80, 80]


def unwritable_opener(path: Path) -> db.Opened:
    """The file cannot be opened for writing (a read-only folder or file)."""
    raise sqlite3.OperationalError("attempt to write a readonly database")


def block_wal_index(folder: Path) -> None:
    """Make the WAL index impossible to create, as in a folder that cannot be written."""
    (folder / f"{db.FILE_NAME}-shm").mkdir()


def test_a_file_that_cannot_be_written_is_still_read_shown_and_exported(data_dir: Path) -> None:
    with HistoryStore(data_dir) as seeded:
        import_records(seeded, [session(date(2024, 5, 1)), session(date(2024, 5, 2))])
    block_wal_index(data_dir)
    problems: list[str | None] = []
    store = HistoryStore(data_dir, opener=unwritable_opener, on_problem=problems.append)
    assert store.available and store.read_only
    assert store.problem is not None and "read-only" in store.problem
    assert "can still be shown and exported" in store.problem
    assert len(listed(store)) == 2 and len(everything(store)) == 2
    store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1))
    assert store.pending_sets == 1 and store.fault is not None
    assert "kept in memory" not in store.fault
    with pytest.raises(db.StorageError):
        store.delete_session(listed(store)[0].id)


def test_a_read_only_store_writes_again_once_the_file_can_be_written(data_dir: Path) -> None:
    HistoryStore(data_dir).close()
    writable = False

    def opener(path: Path) -> db.Opened:
        if not writable:
            unwritable_opener(path)
        return db.open_database(path)

    store = HistoryStore(data_dir, opener=opener)
    assert store.read_only
    store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1))
    writable = True
    assert store.flush() and not store.read_only and store.problem is None
    assert stored_set_numbers(data_dir) == [1]


def test_every_unit_a_dose_may_use_is_one_history_converts_and_resumes_by_plan_keys(
    data_dir: Path,
) -> None:
    """Units and set keys have one definition, shared by content, plans and history."""
    from backcoach.content.model import KILOGRAMS_PER_UNIT, WEIGHT_UNITS
    from backcoach.core import phases
    from backcoach.storage import queries, records

    assert records.SetKey is phases.SetKey
    store = HistoryStore(data_dir, tz=UTC)
    sid = store.start_session("strength-day", "day-off", T0)
    for n, unit in enumerate(WEIGHT_UNITS, start=1):
        store.record_set(
            a_set(n, exercise="dumbbell-deadlift", reps=1, weight=1.0, weight_unit=unit)
        )
    for unit in WEIGHT_UNITS:
        with store.reading() as conn:
            [point] = queries.exercise_progress(conn, "dumbbell-deadlift", unit=unit)
        in_kg = sum(KILOGRAMS_PER_UNIT.values())
        assert point.volume == pytest.approx(in_kg / KILOGRAMS_PER_UNIT[unit])
    store.close()
    assert HistoryStore(data_dir, tz=UTC).resume_session(sid) == {
        ("dumbbell-deadlift", "left", n) for n in range(1, len(WEIGHT_UNITS) + 1)
    }
