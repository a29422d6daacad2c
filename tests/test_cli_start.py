"""``backcoach start --no-window`` in a child process: the cue log, history, errors and keys."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from backcoach.commands.session import Console, keys_pressed
from backcoach.content import load_content
from backcoach.core import phrases
from backcoach.core.cues import Cue
from backcoach.core.plan import build_plan
from backcoach.storage import HistoryStore
from backcoach.storage.export import read_json
from backcoach.voice.espeak import load_library
from backcoach.voice.speaker import CLEARED, LATE, STOPPED, CueResult

from .helpers.coach import first_plan
from .storage.seed import listed

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 60.0  # hard limit for one child run; a test that hits it has failed


def run(
    *args: str, cwd: Path | None = None, home: Path | None = None, timeout: float = LIMIT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backcoach", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd or ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **({"HOME": str(home)} if home else {})},
        check=False,
    )


def minutes(seconds: float) -> str:
    return f"{round(seconds) // 60}:{round(seconds) % 60:02d}"


def test_a_rehearsal_without_a_terminal_runs_to_the_end(tmp_path: Path, data_dir: Path) -> None:
    log = tmp_path / "cues.jsonl"
    args = ("start", "after-run", "--no-window", "--no-voice", "--speed", "1000")
    done = run(*args, "--cue-log", str(log))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    plan = first_plan(load_content(), "after-run", "after-run")
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    keys = {"t", "text", "kind", "priority", "spoken", "reason"}
    assert all(set(line) == keys for line in lines)
    assert all(not line["spoken"] and line["reason"] == "voice off" for line in lines)
    assert lines[-1]["kind"] == "finish"
    assert lines[-1]["t"] == pytest.approx(plan.total_seconds, abs=0.01)
    assert f"Done: 5 of 5 sets in {minutes(plan.total_seconds)} of routine time" in done.stdout
    assert f"[0:00] {phrases.safety()}" in done.stdout
    assert "no substitute for a doctor" in done.stdout


def test_verbosity_counts_says_only_essential_cues_and_the_cue_log_names_priorities(
    tmp_path: Path,
) -> None:
    log = tmp_path / "cues.jsonl"
    done = run("start", "before-run", "--no-window", "--no-voice", "--speed", "1000",
               "--verbosity", "counts", "--cue-log", str(log))  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert {line["priority"] for line in lines} == {"essential"}
    intro = load_content().exercises["low-lunge"].intro
    assert [line["text"] for line in lines][:2] == [phrases.safety(), intro]
    assert "Hold for 30 seconds." not in [line["text"] for line in lines]


def test_a_cue_log_given_before_the_command_is_written(tmp_path: Path) -> None:
    log = tmp_path / "cues.jsonl"
    done = run("--cue-log", str(log), "start", "before-run", "--no-window", "--no-voice",
               "--speed", "1000")  # fmt: skip
    assert done.returncode == 0, done.stderr
    kinds = [json.loads(line)["kind"] for line in log.read_text(encoding="utf-8").splitlines()]
    assert kinds[:2] == ["safety", "intro"] and kinds[-1] == "finish"


def test_the_cue_log_is_in_routine_time_at_any_speed(tmp_path: Path) -> None:
    log = tmp_path / "cues.jsonl"
    done = run(
        "start", "after-run", "--no-window", "--no-voice", "--speed", "2000", "--cue-log", str(log)
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    texts = [line["text"] for line in lines]
    hold = texts.index("Hold for 60 seconds.")
    halfway = texts.index("Halfway.", hold)
    three = texts.index("3", halfway)
    start, mid = lines[hold]["t"], lines[halfway]["t"]
    assert mid - start == pytest.approx(30.0, abs=1.5)
    assert [lines[three + i]["t"] - start for i in range(3)] == pytest.approx([57.0, 58.0, 59.0])
    assert [lines[three + i]["text"] for i in range(3)] == ["3", "2", "1"]


def test_the_sets_are_stored_in_history(data_dir: Path) -> None:
    done = run("start", "before-run", "--no-window", "--no-voice", "--speed", "1000", "--save")
    assert done.returncode == 0, done.stderr
    plan = build_plan(load_content(), "before-run", "before-run")
    with HistoryStore(data_dir) as store:
        sessions = listed(store)
        assert [(s.routine, s.context, s.status) for s in sessions] == [
            ("before-run", "before-run", "completed")
        ]
        record = store.session_detail(sessions[0].id)
    assert record is not None
    assert [s.key for s in record.sets] == [p.key for p in plan.work_phases]
    assert "rehearsed at 1000x speed" in record.plan_summary
    assert f"Saved in history: {store.path}" in done.stdout


def test_a_rehearsal_is_not_saved_unless_asked(data_dir: Path) -> None:
    done = run("start", "before-run", "--no-window", "--no-voice", "--speed", "1000")
    assert done.returncode == 0, done.stderr
    assert "A rehearsal is not saved in history" in done.stdout
    assert "Saved in history" not in done.stdout
    assert not (data_dir / "history.sqlite3").exists()


def test_history_that_cannot_be_written_is_kept_in_a_file(tmp_path: Path) -> None:
    blocked = tmp_path / "data"
    (blocked / "history.sqlite3").mkdir(parents=True)  # a folder where the file should be
    args = ("--data-dir", str(blocked), "start", "before-run", "--no-window", "--no-voice")
    done = run(*args, "--speed", "1000", "--save", cwd=tmp_path, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "History cannot be saved" in done.stdout
    kept = list(blocked.glob("backcoach-unsaved-*.json"))
    assert len(kept) == 1
    assert f"backcoach import {kept[0]}" in done.stdout
    records = read_json(kept[0])
    plan = build_plan(load_content(), "before-run", "before-run")
    assert [(r.routine, r.status) for r in records] == [("before-run", "completed")]
    assert [s.key for s in records[0].sets] == [p.key for p in plan.work_phases]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("start", "marathon", "--no-window"), "invalid choice: 'marathon' (choose from"),
        (("start", "after-run", "--no-window", "--context", "lunch"), "'day-off'"),
        (("start", "after-run", "--no-window", "--speed", "0"), "expected a number above 0"),
        (("start", "after-run", "--no-voice"), "go with --no-window"),
        (("start", "after-run", "--speed", "5"), "go with --no-window"),
        (("start", "after-run", "--save"), "go with --no-window"),
        (("start", "after-run", "--verbosity", "counts"), "go with --no-window"),
        (("start", "after-run", "--no-window", "--verbosity", "loud"), "invalid choice: 'loud'"),
    ],
)
def test_bad_arguments_are_one_line_with_status_2(args: tuple[str, ...], words: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert words in done.stderr


def test_a_cue_log_that_cannot_be_written_is_one_line_with_status_1(tmp_path: Path) -> None:
    bad = tmp_path / "missing" / "cues.jsonl"
    done = run("start", "after-run", "--no-window", "--no-voice", "--cue-log", str(bad))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"backcoach: Cannot write the cue log {bad}: No such file or directory"
    ]


def _read_until(fd: int, text: str, seen: list[str], deadline: float) -> None:
    while text not in "".join(seen):
        left = deadline - time.monotonic()
        assert left > 0, f"never saw {text!r} in:\n{''.join(seen)}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                seen.append(os.read(fd, 4096).decode(errors="replace"))
            except OSError:  # the child closed the terminal
                assert text in "".join(seen), f"never saw {text!r} in:\n{''.join(seen)}"


def in_terminal(*args: str, controlling: bool = False) -> tuple[int, int, subprocess.Popen[bytes]]:
    """``backcoach ARGS`` with a new pseudo-terminal as its stdin, stdout and stderr (and,
    with ``controlling``, as its controlling terminal, in a session of its own): the
    terminal's two ends and the child."""
    master, slave = pty.openpty()
    own = {"start_new_session": True, "preexec_fn": _take_terminal} if controlling else {}
    child = subprocess.Popen(
        [sys.executable, "-m", "backcoach", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        **own,  # type: ignore[call-overload]
    )
    return master, slave, child


def _take_terminal() -> None:
    """In the child, before backcoach runs: make its terminal (stdin) the controlling one,
    so that Ctrl-C typed there reaches it as SIGINT, as in a real terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def test_keys_pause_resume_skip_and_end_in_a_terminal(data_dir: Path) -> None:
    master, slave, child = in_terminal("start", "after-run", "--no-window", "--no-voice")
    before = termios.tcgetattr(slave)
    seen: list[str] = []
    deadline = time.monotonic() + LIMIT
    try:
        _read_until(master, "Keys: Space", seen, deadline)
        os.write(master, b" ")
        _read_until(master, ". Space resumes.", seen, deadline)
        _read_until(master, "] Paused.", seen, deadline)
        os.write(master, b" ")
        _read_until(
            master, "] Resuming. Low lunge, set 1 of 2, left side, starting in ", seen, deadline
        )
        os.write(master, b"s")
        _read_until(master, "] Skipped. Next: low lunge, set 1 of 2, left side.", seen, deadline)
        _read_until(master, "Hold for 60 seconds.", seen, deadline)
        os.write(master, b"+")
        _read_until(master, "] Ten more seconds.", seen, deadline)
        os.write(master, b"b")
        _read_until(master, "] Back to the low lunge, set 1 of 2, left side.", seen, deadline)
        os.write(master, b"q")
        _read_until(master, "Saved in history", seen, deadline)
        assert child.wait(timeout=max(0.1, deadline - time.monotonic())) == 0
        after = termios.tcgetattr(slave)
    finally:
        child.kill()
        child.wait()
        os.close(master)
        os.close(slave)
    out = "".join(seen)
    planned = minutes(first_plan(load_content(), "after-run", "after-run").total_seconds)
    assert "Paused at 0:0" in out
    assert "Done: 0 of 5 sets in 0:" in out
    assert f", ended early; planned {planned}." in out
    assert "Session ended. No sets done this time." in out
    assert "[not said" not in out
    assert after == before
    with HistoryStore(data_dir) as store:
        assert [s.status for s in listed(store)] == ["ended-early"]


def test_ctrl_c_ends_at_once_keeping_every_completed_set(data_dir: Path) -> None:
    args = ("start", "after-run", "--no-window", "--no-voice", "--speed", "300", "--save")
    master, slave, child = in_terminal(*args, controlling=True)
    seen: list[str] = []
    deadline = time.monotonic() + LIMIT
    try:
        _read_until(master, "Keys: Space", seen, deadline)
        os.write(master, b" ")
        _read_until(master, "] Paused.", seen, deadline)
        os.write(master, b" ")
        _read_until(master, "] Resuming. ", seen, deadline)
        _read_until(master, "Switch sides. Right knee down", seen, deadline)  # a set is done
        pressed = time.monotonic()
        os.write(master, b"\x03")
        status = child.wait(timeout=max(0.1, deadline - time.monotonic()))
        took = time.monotonic() - pressed
        _read_until(master, "Saved in history", seen, deadline)
    finally:
        child.kill()
        child.wait()
        os.close(master)
        os.close(slave)
    out = "".join(seen)
    assert status == 130
    assert took < 1.0, f"Ctrl-C took {took:.2f} s to end the session"
    assert "Traceback" not in out and "KeyboardInterrupt" not in out
    with HistoryStore(data_dir) as store:
        [session] = listed(store)
        record = store.session_detail(session.id)
    assert record is not None and session.status == "ended-early"
    assert record.sets[0].key == ("low-lunge", "left", 1) and record.sets[0].seconds == 60.0
    sets = len({(s.exercise, s.set_number) for s in record.sets})
    kept = f"Every completed set is kept in history ({sets} set{'s' * (sets != 1)})."
    assert re.search(r"Ctrl-C: ended at \d+:\d\d\. " + re.escape(kept), out), out


@pytest.mark.parametrize(
    ("chunk", "keys"),
    [
        (" sq", [" ", "s", "q"]),
        ("\x1b[B\x1b[A", []),
        ("\x1b[C", ["s"]),
        ("\x1bOD+", ["b", "+"]),
        ("\x1b[15~b", ["b"]),
    ],
)
def test_terminal_keys_ignore_escape_sequences(chunk: str, keys: list[str]) -> None:
    assert keys_pressed(chunk) == keys


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        (CLEARED, "[0:12] Hold for 60 seconds.  [cleared]"),
        (STOPPED, "[0:12] Hold for 60 seconds.  [cut short]"),
        (LATE, "[0:12] Hold for 60 seconds.  [not said: late]"),
    ],
)
def test_a_cue_cut_by_the_users_own_key_is_not_shown_as_left_out(reason: str, shown: str) -> None:
    out = io.StringIO()
    console = Console(load_content(), out)
    console.cue(CueResult(Cue("Hold for 60 seconds.", "info", 12.0), spoken=False, reason=reason))
    assert out.getvalue() == shown + "\n"


def test_a_terminal_session_answers_status_and_turns_a_window_start_away(data_dir: Path) -> None:
    from backcoach.services.protocol import NoInstance, request

    session = subprocess.Popen(
        [sys.executable, "-m", "backcoach", "start", "after-run", "--no-window", "--no-voice"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    try:
        deadline = time.monotonic() + LIMIT
        while True:
            assert session.poll() is None and time.monotonic() < deadline, "never listened"
            try:
                status = request(data_dir, "status")
                break
            except NoInstance:
                time.sleep(0.05)
        assert status["ok"] and status["front"] == "terminal" and status["state"] == "running"
        assert status["routine"] == "after-run" and status["pid"] == session.pid
        refused = request(data_dir, "open", routine="strength-day", context=None)
        assert not refused["ok"] and "running in the terminal" in refused["error"]
        second = run("start", "strength-day")
        assert second.returncode == 1
        assert "“After a run” (after a run) is running in the terminal" in second.stderr
        assert second.stderr.count("\n") == 1
    finally:
        session.kill()
        session.communicate()


def test_a_session_runs_when_its_socket_has_no_private_folder(
    tmp_path: Path, data_dir: Path
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    (temp / f"backcoach-{os.getuid()}").write_text("a file where the socket folder goes")
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    args = ("start", "before-run", "--no-window", "--no-voice", "--speed", "1000", "--save")
    done = subprocess.run(
        [sys.executable, "-m", "backcoach", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=LIMIT,
        cwd=ROOT,
        env={**env, "TMPDIR": str(temp)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    with HistoryStore(data_dir) as store:
        [session] = listed(store)
    assert session.status == "completed"


@pytest.mark.skipif(load_library() is None, reason="libespeak-ng is not installed")
def test_the_player_named_on_the_command_line_plays_every_spoken_cue(tmp_path: Path) -> None:
    import shlex

    from tests.helpers.players import FAILURE

    log = tmp_path / "cues.jsonl"
    played = tmp_path / "played.log"
    quick = shlex.join(["sh", "-c", f'echo "$1" >> {shlex.quote(str(played))}', "player"])
    args = ("start", "before-run", "--no-window", "--speed", "1000", "--cue-log")
    done = run("--player", quick, *args, str(log))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    spoken = [line for line in lines if line["spoken"]]
    wavs = played.read_text(encoding="utf-8").splitlines()
    assert spoken and len(wavs) == len(spoken)
    assert all(wav.endswith(".wav") for wav in wavs)

    failing = tmp_path / "failing.jsonl"
    broken = shlex.join(["sh", "-c", f"echo {shlex.quote(FAILURE)} >&2; exit 1", "player"])
    done = run(*args, str(failing), "--player", broken)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in failing.read_text(encoding="utf-8").splitlines()]
    assert lines and not any(line["spoken"] for line in lines)
    assert any("exit 1" in line["reason"] for line in lines)
    assert "aplay: main:831" in done.stdout  # the player's own words, in the notice
