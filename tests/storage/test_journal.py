"""A journal (WAL) beside the history file: a crash's own is applied, another file's is not.

SQLite applies any WAL it finds beside a database. One left by a crash of another
history (the history file restored from a backup, or copied from another
computer) would replace the sessions of this one; opening history keeps them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backcoach.cli import main
from backcoach.content import load_content
from backcoach.storage import acquire_instance_lock, db, lock
from backcoach.storage.importer import import_records
from backcoach.storage.store import HistoryStore
from backcoach.ui.widgets import Banner
from tests.helpers.app import App

from .seed import T0, a_set, foreign_journal, listed, session

WAL = db.FILE_NAME + "-wal"
SHM = db.FILE_NAME + "-shm"


def seed(folder: Path, sessions: int) -> list[str]:
    """A closed history of ``sessions`` sessions (all in the history file); their ids."""
    records = [session(date(2024, 1, 1) + timedelta(days=n), sets=2) for n in range(sessions)]
    with HistoryStore(folder) as store:
        import_records(store, records)
    return [r.id for r in records]


def crashed_copy(store: HistoryStore, folder: Path) -> None:
    """Copy the open history of ``store`` (its file, journal and index) into ``folder``, as
    a crash would leave them: nothing written since the last checkpoint is in the file."""
    folder.mkdir()
    for name in (db.FILE_NAME, WAL, SHM):
        shutil.copyfile(store.path.with_name(name), folder / name)


@pytest.fixture(params=["nobody holds the folder", "this process holds the folder"])
def holder(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[None]:
    """Opening history as ``history`` or ``import`` do (no lock held), and as the window
    and a saving terminal session do (their process holds the folder's lock)."""
    if request.param == "nobody holds the folder":
        yield
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    held = acquire_instance_lock(data_dir)
    assert held is not None
    yield
    held.release()


def test_a_journal_from_another_history_is_left_out_and_both_files_are_kept(
    data_dir: Path, tmp_path: Path, holder: None
) -> None:
    ids = seed(data_dir, 300)
    foreign_journal(data_dir, tmp_path)
    main_file = (data_dir / db.FILE_NAME).read_bytes()
    journal = (data_dir / WAL).read_bytes()

    store = HistoryStore(data_dir, now=lambda: T0)
    assert sorted(s.id for s in listed(store)) == sorted(ids)
    [kept] = sorted(data_dir.glob("history.mispaired-*.sqlite3"))
    kept_journal = kept.with_name(kept.name + "-wal")
    assert kept.read_bytes() == main_file and kept_journal.read_bytes() == journal
    assert {p.stat().st_mode & 0o777 for p in (kept, kept_journal)} == {0o600}
    assert not kept.with_name(kept.name + "-shm").exists()
    [notice] = store.notices
    assert "does not belong to it" in notice
    assert "Applying it would have removed" in notice and "of the 300 sessions" in notice
    assert f"{kept} and {kept_journal}" in notice
    assert store.notice_title == (
        "History was kept; a journal file that did not belong to it was set aside"
    )
    store.start_session("after-run", "after-run", T0)
    store.close()
    with HistoryStore(data_dir) as again:
        assert len(listed(again)) == 301 and again.notices == []


def test_a_crash_leaves_its_own_journal_which_is_applied_and_no_copy_stays(
    data_dir: Path, tmp_path: Path
) -> None:
    seed(data_dir, 5)
    store = HistoryStore(data_dir)
    sid = store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1))
    crashed = tmp_path / "crashed"
    crashed_copy(store, crashed)

    again = HistoryStore(crashed)
    assert len(listed(again)) == 6 and again.notices == []
    [left] = again.interrupted_sessions()
    assert left.summary.id == sid and left.done == {("dead-bug", "left", 1)}
    assert not list(crashed.glob("*mispaired*"))
    taken_for_the_check = acquire_instance_lock(crashed)  # and given back after it
    assert taken_for_the_check is not None
    taken_for_the_check.release()
    store.close()


def test_a_session_deleted_just_before_a_crash_is_not_taken_for_a_lost_one(
    data_dir: Path, tmp_path: Path
) -> None:
    ids = seed(data_dir, 5)
    store = HistoryStore(data_dir)
    assert store.delete_session(ids[2])
    crashed = tmp_path / "crashed"
    crashed_copy(store, crashed)

    again = HistoryStore(crashed)
    assert sorted(s.id for s in listed(again)) == sorted(ids[:2] + ids[3:])
    assert again.notices == [] and not list(crashed.glob("*mispaired*"))
    store.close()


HOLDER = (
    "import sys; from pathlib import Path; from backcoach.storage import lock;"
    "held = lock.acquire_instance_lock(Path(sys.argv[1]));"
    "print('held', flush=True); sys.stdin.readline()"
)


def test_the_journal_is_not_judged_while_another_backcoach_holds_the_folder(
    data_dir: Path, tmp_path: Path
) -> None:
    """The running instance's own journal belongs where it is: reading goes through it."""
    seed(data_dir, 3)
    foreign_journal(data_dir, tmp_path)
    running = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert running.stdout is not None and running.stdin is not None
    try:
        assert running.stdout.readline().strip() == "held"
        store = HistoryStore(data_dir)
        assert store.notices == [] and not list(data_dir.glob("*mispaired*"))
        store.close()
    finally:
        running.stdin.close()
        running.wait()


OPENER = (
    "import sys; from pathlib import Path; from backcoach.storage.store import HistoryStore;"
    "store = HistoryStore(Path(sys.argv[1]));"
    "print('open', flush=True); sys.stdin.readline(); store.close()"
)


def test_the_folder_is_not_alone_while_another_process_has_history_open(data_dir: Path) -> None:
    seed(data_dir, 1)
    other = subprocess.Popen(
        [sys.executable, "-c", OPENER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert other.stdout is not None and other.stdin is not None
    use = lock.HistoryUse(data_dir)
    try:
        assert other.stdout.readline().strip() == "open"
        with lock.history_alone(data_dir, use) as alone:
            assert not alone
    finally:
        other.stdin.close()
        other.wait()
    with lock.history_alone(data_dir, use) as alone:
        assert alone
    use.release()


def test_history_and_import_print_what_was_set_aside(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir, 4)
    export = tmp_path / "h.json"
    assert main(["history", "--json", str(export)]) == 0
    foreign_journal(data_dir, tmp_path)
    capsys.readouterr()
    assert main(["history"]) == 0
    out, err = capsys.readouterr()
    assert err.startswith("backcoach: Beside the history file was a journal file")
    assert "Recent sessions" in out
    foreign_journal(data_dir, tmp_path)
    assert main(["import", str(export)]) == 0
    out, err = capsys.readouterr()
    assert "does not belong to it" in err and "4 sessions already in history" in out
    assert len(list(data_dir.glob("history.mispaired-*.sqlite3"))) == 2


def test_a_terminal_session_says_what_was_set_aside(data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir, 3)
    foreign_journal(data_dir, tmp_path)
    command = ["start", "before-run", "--no-window", "--no-voice", "--speed", "1000", "--save"]
    done = subprocess.run(
        [sys.executable, "-m", "backcoach", *command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Beside the history file was a journal file" in done.stdout + done.stderr
    with HistoryStore(data_dir) as store:
        assert len(listed(store)) == 4


def test_the_window_says_what_was_set_aside(qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir, 2)
    foreign_journal(data_dir, tmp_path)
    app = App(qtbot, load_content(), data_dir)

    def told() -> list[Banner]:
        return [
            b
            for b in app.window.findChildren(Banner)
            if b.isVisible() and "does not belong to it" in b.text.text()
        ]

    qtbot.waitUntil(lambda: bool(told()))
    assert told()[0].title.text() == (
        "History was kept; a journal file that did not belong to it was set aside"
    )
    store = app.services.history()
    assert store is not None and len(listed(store)) == 2
