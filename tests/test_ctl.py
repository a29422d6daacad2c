"""``backcoach ctl``: every command against a terminal session and the window, with each
exit status (0 done, 2 unknown command, 3 nothing running, 4 does not apply now)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backcoach.app import control_handler
from backcoach.cli import main
from backcoach.content import Content, load_content
from backcoach.services.protocol import socket_path
from backcoach.settings import Settings
from backcoach.ui.control_socket import ControlSocket
from tests.helpers.app import App
from tests.helpers.bus import qt_until

ROOT = Path(__file__).resolve().parent.parent
WAIT = 10.0
"""Seconds any wait may take before it fails the test."""
STATUS_KEYS = [
    "routine", "context", "exercise", "set", "sets", "side", "phase", "remaining_s", "rep",
    "reps", "paused",
]  # fmt: skip


def ctl(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``backcoach ctl ARGS``: its exit status, standard output and standard error."""
    status = main(["ctl", *args])
    out, err = capsys.readouterr()
    return status, out, err


def status_of(out: str) -> dict[str, object]:
    assert out.count("\n") == 1, out  # one JSON object, on one line
    reply = json.loads(out)
    assert isinstance(reply, dict)
    return reply


def test_ctl_drives_a_terminal_session(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert ctl(capsys, "status")[0] == 3  # nothing is running yet
    session = subprocess.Popen(
        [sys.executable, "-m", "backcoach", "start", "after-run", "--no-window", "--no-voice"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + WAIT
        while (said := ctl(capsys, "status"))[0] != 0:  # a child process starting
            assert session.poll() is None and time.monotonic() < deadline, said
            time.sleep(0.02)
        status = status_of(said[1])
        assert list(status) == STATUS_KEYS
        assert status["routine"] == "after-run" and status["context"] == "after-run"
        assert status["exercise"] == "low-lunge" and status["side"] == "left"
        assert (status["set"], status["sets"], status["phase"]) == (1, 2, "get-ready")
        assert isinstance(status["remaining_s"], float) and status["remaining_s"] > 0
        assert (status["rep"], status["reps"], status["paused"]) == (None, None, False)

        assert ctl(capsys, "pause")[0] == 0
        assert status_of(ctl(capsys, "status")[1])["paused"] is True
        code, out, err = ctl(capsys, "pause")
        assert (code, out) == (4, "")
        assert err == "backcoach: pause does not apply now: the session is already paused.\n"
        assert ctl(capsys, "resume")[0] == 0
        assert ctl(capsys, "resume")[:2] == (4, "")
        assert ctl(capsys, "toggle")[0] == 0
        assert status_of(ctl(capsys, "status")[1])["paused"] is True
        assert ctl(capsys, "toggle")[0] == 0
        assert status_of(ctl(capsys, "status")[1])["paused"] is False
        assert ctl(capsys, "skip")[0] == 0
        hold = status_of(ctl(capsys, "status")[1])
        assert (hold["phase"], hold["remaining_s"]) == ("work", pytest.approx(60, abs=1))
        assert ctl(capsys, "more")[0] == 0
        assert status_of(ctl(capsys, "status")[1])["remaining_s"] == pytest.approx(70, abs=1)
        code, _, err = ctl(capsys, "done")  # a hold is not a set at your own pace
        assert code == 4 and err.count("\n") == 1 and "this is a timed hold" in err
        assert ctl(capsys, "back")[0] == 0
        assert status_of(ctl(capsys, "status")[1])["phase"] == "get-ready"
        assert ctl(capsys, "end")[0] == 0
        out, err = session.communicate(timeout=WAIT)
    finally:
        session.kill()
        session.communicate()
    assert session.returncode == 0, err
    assert "Session ended. No sets done this time." in out
    code, out, err = ctl(capsys, "pause")
    assert (code, out) == (3, "")
    assert err == f"backcoach: nothing is running on the data folder {data_dir}.\n"


def test_an_unknown_command_names_the_valid_ones(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["ctl", "jump"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice: 'jump'" in err
    assert "'pause', 'resume', 'toggle', 'skip', 'back', 'more', 'done', 'end', 'status'" in err


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_ctl_drives_the_window(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    content: Content = load_content()
    own_pace = {"dead-bug": {"reps": 8, "rep_mode": "self"}}
    app = App(
        qtbot, content, data_dir, settings=Settings(safety_note_seen=True, dose_choices=own_pace)
    )
    control = ControlSocket(socket_path(data_dir), control_handler(app.wired))
    control.start()

    def window_ctl(*args: str) -> tuple[int, str, str]:
        """ctl from another thread, while the window's event loop answers it."""
        done: list[int] = []
        worker = threading.Thread(target=lambda: done.append(main(["ctl", *args])))
        worker.start()
        qt_until(qtbot, lambda: not worker.is_alive())
        out, err = capsys.readouterr()
        return done[0], out, err

    try:
        code, out, _ = window_ctl("status")
        assert (code, json.loads(out)) == (0, {"running": False})
        code, out, err = window_ctl("skip")
        assert (code, out) == (4, "")
        assert err == "backcoach: skip does not apply now: no session is running.\n"

        app.confirm_setup("strength-day")
        app.checkin().skip()
        controller = app.flow.controller
        assert controller is not None
        session = controller.runner.session
        status = status_of(window_ctl("status")[1])
        assert list(status) == STATUS_KEYS
        assert (status["routine"], status["context"]) == ("strength-day", "day-off")
        assert (status["exercise"], status["side"], status["phase"]) == (
            "dead-bug",
            None,
            "get-ready",
        )

        assert window_ctl("pause")[0] == 0 and session.paused
        assert window_ctl("pause")[0] == 4
        assert window_ctl("resume")[0] == 0  # "Resuming …" holds the clock, and it is not paused
        assert session.resuming and status_of(window_ctl("status")[1])["paused"] is False
        assert window_ctl("resume")[0] == 4
        assert window_ctl("toggle")[0] == 0 and session.paused and not session.resuming
        assert window_ctl("toggle")[0] == 0 and session.resuming
        assert window_ctl("more")[0] == 0  # the get-ready countdown
        assert window_ctl("skip")[0] == 0
        reps = status_of(window_ctl("status")[1])
        assert (reps["phase"], reps["reps"], reps["remaining_s"]) == ("work", 8, None)
        code, _, err = window_ctl("more")  # an own-pace set has no countdown
        assert code == 4 and "no countdown" in err
        assert window_ctl("done")[0] == 0
        assert [(r.exercise, r.reps, r.skipped) for r in session.records] == [
            ("dead-bug", 8, False)
        ]
        assert window_ctl("back")[0] == 0
        assert app.flow.view.isVisible()  # the screen followed every control
        assert window_ctl("end")[0] == 0 and session.finished
        assert app.flow.view.showing_summary()
        code, out, _ = window_ctl("status")
        assert (code, json.loads(out)) == (0, {"running": False})
        assert window_ctl("done")[0] == 4
    finally:
        control.close()
    assert ctl(capsys, "status")[0] == 3
