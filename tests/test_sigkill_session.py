"""A real terminal session killed with SIGKILL mid-way: every set it committed stays, once,
and the next window, or the next terminal session, offers to resume it or keep it as partial."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core.phases import Phase
from backcoach.core.plan import Plan
from backcoach.settings import Settings
from backcoach.storage import HistoryStore
from backcoach.storage.records import SessionRecord, StoredSet
from tests.helpers.app import App
from tests.helpers.coach import first_plan
from tests.storage.seed import listed
from tests.ui.test_history_flow import offered

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[1]
ROUTINE = "after-run"
SPEED = 120
COMMAND = ["start", ROUTINE, "--no-window", "--no-voice", "--speed", str(SPEED), "--save"]
SETS_BEFORE_KILL = 2
DEADLINE = 30.0
"""Seconds the session gets to commit its first sets; reaching it fails the test."""
POLL = 0.02


@dataclass(frozen=True)
class Killed:
    """A data folder whose session was killed after committing ``seen`` (and maybe more)."""

    folder: Path
    session_id: str
    seen: tuple[StoredSet, ...]
    began: float
    killed_at: float


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def planned(content: Content, settings: Settings) -> Plan:
    """The plan the terminal session ran: the routine's own context, the speech rate set."""
    context = content.routines[ROUTINE].default_context
    return first_plan(content, ROUTINE, context, rate_wpm=settings.voice_rate)


def open_session(store: HistoryStore) -> SessionRecord | None:
    """The one unfinished session in ``store`` with its sets, once it exists."""
    interrupted = store.interrupted_sessions()
    if not interrupted:
        return None
    [left] = interrupted
    return store.session_detail(left.summary.id)


def kill_mid_session(folder: Path) -> Killed:
    """Run ``backcoach start`` in a child process and SIGKILL it once sets are committed."""
    HistoryStore(folder).close()
    began = time.time()
    child = subprocess.Popen(
        [sys.executable, "-m", "backcoach", "--data-dir", str(folder), *COMMAND],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with HistoryStore(folder) as store:
            deadline = time.monotonic() + DEADLINE
            record = open_session(store)
            while record is None or len(record.sets) < SETS_BEFORE_KILL:
                if child.poll() is not None or time.monotonic() > deadline:
                    child.kill()
                    out, err = child.communicate()
                    pytest.fail(f"no {SETS_BEFORE_KILL} sets committed; output:\n{out}\n{err}")
                time.sleep(POLL)
                record = open_session(store)
            os.kill(child.pid, signal.SIGKILL)
            killed_at = time.time()
            child.communicate()
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == -signal.SIGKILL
    return Killed(folder, record.id, record.sets, began, killed_at)


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> Killed:
    return kill_mid_session(tmp_path_factory.mktemp("killed") / "data")


def assert_plausible(stored: StoredSet, phase: Phase) -> None:
    """``stored`` is what running ``phase`` to its end at ``SPEED`` records."""
    assert phase.duration is not None
    reps = phase.target_reps if phase.mode == "tempo" else None
    assert (stored.reps, stored.weight, stored.weight_unit) == (reps, None, None), stored
    assert stored.seconds == pytest.approx(phase.duration), stored
    took = stored.ended_at - stored.started_at
    assert 0 < took < 4 * phase.duration / SPEED, stored  # wall seconds, not routine seconds


def test_a_killed_session_keeps_every_committed_set_exactly_once(
    killed: Killed, content: Content
) -> None:
    work = planned(content, Settings.load(killed.folder)).work_phases
    with HistoryStore(killed.folder) as store:
        [left] = store.interrupted_sessions()
        record = store.session_detail(killed.session_id)
    assert record is not None and record.status == "open" and record.ended_at is None
    assert (record.routine, record.context) == (ROUTINE, ROUTINE)
    sets = record.sets
    assert {s.id for s in killed.seen} <= {s.id for s in sets}
    assert len(killed.seen) <= len(sets) < len(work)
    assert [s.key for s in sets] == [p.key for p in work[: len(sets)]]
    for stored, phase in zip(sets, work, strict=False):
        assert_plausible(stored, phase)
    assert killed.began < record.started_at <= sets[0].started_at
    assert sets[-1].ended_at < killed.killed_at
    assert left.summary.id == killed.session_id
    assert left.summary.set_count == len({(s.exercise, s.set_number) for s in sets})
    assert left.done == {s.key for s in sets}


def stored(folder: Path, session_id: str) -> SessionRecord:
    with HistoryStore(folder) as store:
        record = store.session_detail(session_id)
    assert record is not None
    return record


@pytest.fixture
def app(qtbot: QtBot, content: Content, killed: Killed, data_dir: Path) -> App:
    """The main window opened on a copy of the killed session's data folder."""
    shutil.copytree(killed.folder, data_dir)
    return App(qtbot, content, data_dir)


def test_the_window_names_the_killed_session_and_keeps_it_as_partial(
    qtbot: QtBot, app: App, killed: Killed, content: Content
) -> None:
    before = stored(app.folder, killed.session_id).sets
    banner = offered(qtbot, app)
    text = banner.text.text()
    sets = len({(s.exercise, s.set_number) for s in before})
    assert content.routines[ROUTINE].name in text
    assert f"stopped after {sets} set{'s' * (sets != 1)}" in text
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert app.history.interrupted_banner is None
    record = stored(app.folder, killed.session_id)
    assert record.status == "partial" and record.sets == before
    assert record.ended_at == before[-1].ended_at
    with HistoryStore(app.folder) as store:
        assert store.interrupted_sessions() == []


def test_resuming_the_killed_session_stores_every_planned_set_exactly_once(
    qtbot: QtBot, app: App, killed: Killed, content: Content
) -> None:
    before = stored(app.folder, killed.session_id).sets
    resume = offered(qtbot, app).findChild(QPushButton, "resumeButton")
    assert resume is not None and resume.isEnabled()
    qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    assert app.current() is app.flow.setup
    qtbot.mouseClick(app.flow.setup.start_button, Qt.MouseButton.LeftButton)
    assert app.flow.checkin is None  # the session had its check-in before the kill
    controller = app.flow.controller
    assert controller is not None and controller.runner.history_id == killed.session_id
    work = planned(content, app.settings).work_phases
    done = {s.key for s in before}
    assert [p.key for p in controller.runner.session.plan.work_phases] == [
        p.key for p in work if p.key not in done
    ]
    session = controller.runner.session
    while not session.finished:
        remaining = controller.state.remaining
        assert remaining is not None
        app.clock.advance(remaining)
        controller.pump()
    record = stored(app.folder, killed.session_id)
    assert record.status == "completed"
    assert [s.key for s in record.sets] == [p.key for p in work]
    assert record.sets[: len(before)] == before
    with HistoryStore(app.folder) as store:
        assert store.interrupted_sessions() == []
        assert [s.id for s in listed(store)] == [killed.session_id]


REHEARSAL = ["start", ROUTINE, "--no-window", "--no-voice", "--speed", "2000", "--save"]


def run_again(folder: Path, key: bytes | None) -> str:
    """``backcoach start`` again on ``folder``: on a terminal that answers the question with
    ``key``, or with no terminal on stdin when ``key`` is None. Returns what it printed."""
    command = [sys.executable, "-m", "backcoach", "--data-dir", str(folder), *REHEARSAL]
    if key is None:
        done = subprocess.run(
            command, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout
    import pty

    keyboard, terminal = pty.openpty()
    try:
        child = subprocess.Popen(
            command, cwd=ROOT, stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert child.stdout is not None
        out = b""
        while b"Press r" not in out:
            line = child.stdout.readline()
            assert line, f"no question asked; printed:\n{out.decode()}"
            out += line
        os.write(keyboard, key)
        rest, err = child.communicate(timeout=60)
    finally:
        os.close(keyboard)
        os.close(terminal)
    assert child.returncode == 0, err.decode()
    return (out + rest).decode()


def test_the_terminal_resumes_the_killed_session_with_one_key(
    killed: Killed, content: Content, data_dir: Path
) -> None:
    shutil.copytree(killed.folder, data_dir)
    before = stored(data_dir, killed.session_id).sets
    out = run_again(data_dir, b"r")
    assert "A session was left unfinished: “After a run”" in out and "Resuming." in out
    sets = len({(s.exercise, s.set_number) for s in before})
    assert f"Resumed: {sets} set{'s' * (sets != 1)} done before" in out
    record = stored(data_dir, killed.session_id)
    work = planned(content, Settings.load(data_dir)).work_phases
    assert record.status == "completed"
    assert [s.key for s in record.sets] == [p.key for p in work]
    assert record.sets[: len(before)] == before
    with HistoryStore(data_dir) as store:
        assert [s.id for s in listed(store)] == [killed.session_id]


def test_the_terminal_keeps_the_killed_session_as_partial_on_k(
    killed: Killed, data_dir: Path
) -> None:
    shutil.copytree(killed.folder, data_dir)
    out = run_again(data_dir, b"k")
    assert "Kept as a partial session." in out
    assert stored(data_dir, killed.session_id).status == "partial"
    with HistoryStore(data_dir) as store:
        [fresh, kept] = listed(store)
    assert kept.id == killed.session_id and fresh.status == "completed"


def test_without_a_terminal_the_killed_session_is_kept_as_partial_and_said_so(
    killed: Killed, data_dir: Path
) -> None:
    shutil.copytree(killed.folder, data_dir)
    out = run_again(data_dir, None)
    assert "No keyboard here: it is kept as a partial session." in out
    assert stored(data_dir, killed.session_id).status == "partial"


def test_q_at_the_question_quits_leaving_the_session_as_it_is(
    killed: Killed, data_dir: Path
) -> None:
    shutil.copytree(killed.folder, data_dir)
    out = run_again(data_dir, b"q")
    assert "Nothing started; the unfinished session is left as it is." in out
    assert stored(data_dir, killed.session_id).status == "open"
    with HistoryStore(data_dir) as store:
        assert [s.id for s in listed(store)] == [killed.session_id]


def test_a_session_of_a_routine_no_longer_here_is_kept_as_partial_without_asking(
    data_dir: Path,
) -> None:
    with HistoryStore(data_dir) as store:
        sid = store.start_session("my-old-routine", "after-run", time.time() - 600)
    import pty

    keyboard, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "backcoach", "--data-dir", str(data_dir), *REHEARSAL],
            cwd=ROOT,
            stdin=terminal,
            capture_output=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(keyboard)
        os.close(terminal)
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "Its routine is no longer here, so it is kept as a partial session." in out
    assert "Press r" not in out
    assert stored(data_dir, sid).status == "partial"
