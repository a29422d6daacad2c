"""History is private: what backcoach writes in the data folder is its user's alone (0600),
in a folder it makes user-only (0700). A folder the user chose keeps its mode, and so
does anything backcoach did not make."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.settings import Settings
from backcoach.storage import acquire_instance_lock, db
from backcoach.storage.store import HistoryStore

from .seed import T0, a_set


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The usual umask, which leaves new files readable by everyone."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_data_folder_backcoach_makes_and_its_files_are_the_users_alone(data_dir: Path) -> None:
    lock = acquire_instance_lock(data_dir)
    assert lock is not None
    store = HistoryStore(data_dir)
    store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1))
    assert Settings().save(data_dir) is None
    written = {p.name: mode(p) for p in data_dir.iterdir()}
    assert written == {
        "backcoach.lock": 0o600,
        db.FILE_NAME: 0o600,
        f"{db.FILE_NAME}-wal": 0o600,
        f"{db.FILE_NAME}-shm": 0o600,
        "settings.json": 0o600,
    }
    assert mode(data_dir) == 0o700
    store.close()
    lock.release()


@pytest.mark.parametrize("first", ["history", "the lock", "settings"])
def test_whichever_makes_the_data_folder_makes_it_user_only(tmp_path: Path, first: str) -> None:
    folder = tmp_path / "new" / "data"
    if first == "history":
        HistoryStore(folder).close()
    elif first == "the lock":
        held = acquire_instance_lock(folder)
        assert held is not None
        held.release()
    else:
        assert Settings().save(folder) is None
    assert mode(folder) == 0o700


def test_a_folder_the_user_chose_keeps_its_mode_and_backcoach_tightens_only_its_own_files(
    data_dir: Path,
) -> None:
    data_dir.mkdir(mode=0o755)
    HistoryStore(data_dir).close()
    assert Settings().save(data_dir) is None
    held = acquire_instance_lock(data_dir)
    assert held is not None
    held.release()
    for name in (db.FILE_NAME, "backcoach.lock", "settings.json"):
        (data_dir / name).chmod(0o644)  # as an older backcoach left them
    notes = data_dir / "my notes.txt"
    notes.write_text("mine")
    notes.chmod(0o644)

    assert Settings.load(data_dir).problem == ""
    lock = acquire_instance_lock(data_dir)
    assert lock is not None
    HistoryStore(data_dir).close()
    lock.release()
    assert {p.name: mode(p) for p in data_dir.iterdir()} == {
        db.FILE_NAME: 0o600,
        "backcoach.lock": 0o600,
        "settings.json": 0o600,
        "my notes.txt": 0o644,
    }
    assert mode(data_dir) == 0o755


def test_a_damaged_file_is_kept_for_its_user_alone(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o755)
    damaged = data_dir / db.FILE_NAME
    damaged.write_bytes(b"this is not sqlite at all" * 100)
    damaged.chmod(0o644)
    HistoryStore(data_dir).close()
    [aside] = data_dir.glob("history.damaged-*.sqlite3")
    assert mode(aside) == 0o600 and mode(data_dir / db.FILE_NAME) == 0o600
