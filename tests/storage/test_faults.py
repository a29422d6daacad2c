"""Why history cannot be saved, named for what it is: a full disk, a read-only folder, a
read-only file, or a lock another program holds. (Tests run as root, which permissions
alone do not stop: ``chattr +i`` and opener seams stand in.)"""

from __future__ import annotations

import errno
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from backcoach.storage import db
from backcoach.storage.store import HistoryStore, Opener

from .seed import T0, a_set


@contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    """``paths`` made immutable (``chattr +i``); skips where that is not possible."""
    names = [str(p) for p in paths]
    done = subprocess.run(["chattr", "+i", *names], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *names], check=True)


def sqlite_error(message: str, code: int) -> sqlite3.OperationalError:
    """The error SQLite raises with ``message`` and result code ``code``."""
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code
    return exc


def failing(exc: BaseException) -> Opener:
    def opener(path: Path) -> db.Opened:
        raise exc

    return opener


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (sqlite_error("database or disk is full", 13), "the disk is full"),
        (
            sqlite_error("database is locked", 5),
            "another program is holding the history file locked",
        ),
    ],
    ids=["no space (errno)", "no space (SQLite)", "locked"],
)
def test_a_file_that_opens_only_for_reading_says_the_real_cause(
    data_dir: Path, fault: BaseException, reason: str
) -> None:
    HistoryStore(data_dir).close()
    store = HistoryStore(data_dir, opener=failing(fault))
    assert store.read_only and store.available
    assert store.problem == (
        f"History cannot be saved to {store.path}: {reason}. "
        "Past sessions can still be shown and exported."
    )


def test_a_disk_that_fills_up_while_recording_is_named(data_dir: Path) -> None:
    HistoryStore(data_dir).close()
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()

    def full(path: Path) -> db.Opened:
        opened = db.open_database(path)
        opened.conn.execute(f"PRAGMA max_page_count = {pages}")  # as a disk with no room left
        return opened

    store = HistoryStore(data_dir, opener=full)
    store.start_session("after-run", "after-run", T0, plan_summary="lunge, " * 3000)
    assert store.fault == f"History cannot be saved to {store.path}: the disk is full."


def test_a_read_only_folder_is_named(data_dir: Path) -> None:
    HistoryStore(data_dir).close()
    with immutable(data_dir):
        store = HistoryStore(data_dir)
        assert store.read_only
        assert store.fault == (
            f"History cannot be saved to {store.path}: the data folder is read-only. "
            "Past sessions can still be shown and exported."
        )
        store.close()


def test_a_read_only_file_in_a_writable_folder_is_named(data_dir: Path) -> None:
    HistoryStore(data_dir).close()
    with immutable(data_dir / db.FILE_NAME):
        store = HistoryStore(data_dir)
        store.start_session("after-run", "after-run", T0)
        store.record_set(a_set(1))
        assert (
            store.fault
            == f"History cannot be saved to {store.path}: the history file is read-only."
        )
        assert store.pending_sets == 1
        store.forget_pending()
        store.close()
