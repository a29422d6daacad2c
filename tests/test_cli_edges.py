"""The command line at its edges: what it prints (control characters, plurals), a display
that cannot be reached, exports to standard output or a missing folder, data folders that
cannot be one, ``--last``, the tests' own home folder, and the package's licence."""

from __future__ import annotations

import errno
import json
import os
import pty
import pwd
import re
import socket
import subprocess
import sys
import termios
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from backcoach.storage import HistoryStore
from backcoach.storage.importer import import_records
from tests.storage.seed import session

ROOT = Path(__file__).resolve().parents[1]
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never reach the terminal: C0 controls but newline and tab, DEL, C1, bidi."""
EVIL = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202egnp.exe\x08\r"
"""Retitles and clears the terminal, colours it, reverses the line, backs up, returns."""
SHOWN = "]0;pwned[2J31mgnp.exe"
"""What is left of :data:`EVIL` to show."""
DISPLAY_VARIABLES = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
HOLD_ON = "the terminal commands still work (backcoach --help)"


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m backcoach ARGS`` in a child process, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "backcoach", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd or ROOT,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def seed(folder: Path, sessions: int = 1, routine: str | None = None) -> None:
    """``sessions`` one-set sessions in the history in ``folder``, of ``routine`` if named."""
    records = [session(date(2024, 5, day + 1), sets=1) for day in range(sessions)]
    if routine is not None:
        records = [replace(r, routine=routine) for r in records]
    with HistoryStore(folder) as store:
        import_records(store, records)


def toml_text(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text)


def own_exercise(data_dir: Path, exercise_id: str, name: str, reps: int, sets: int) -> None:
    """A copy of the bundled dead bug as the user's own exercise, with its own name and dose."""
    bundled = (ROOT / "backcoach/content/data/exercises/dead-bug.toml").read_text("utf-8")
    text = bundled.replace('id = "dead-bug"', f'id = "{exercise_id}"')
    text = text.replace('name = "Dead bug"', f"name = {toml_text(name)}")
    text = text.replace(
        "sets = { min = 2, max = 4, default = 3 }",
        f"sets = {{ min = 1, max = 4, default = {sets} }}",
    )
    text = text.replace(
        "reps = { min = 5, max = 10, default = 8 }",
        f"reps = {{ min = 1, max = 10, default = {reps} }}",
    )
    folder = data_dir / "content" / "exercises"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{exercise_id}.toml").write_text(text, encoding="utf-8")


def own_routine(data_dir: Path, routine_id: str, name: str, exercise: str, sets: int) -> None:
    folder = data_dir / "content" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{routine_id}.toml").write_text(
        f'id = "{routine_id}"\nname = {toml_text(name)}\ndescription = "Mine."\n'
        f'default_context = "day-off"\n\n[[items]]\nexercise = "{exercise}"\nsets = {sets}\n',
        encoding="utf-8",
    )


def read_terminal(args: list[str]) -> str:
    """What ``python -m backcoach ARGS`` shows on a terminal (its standard output)."""
    main, child = pty.openpty()
    attributes = termios.tcgetattr(child)
    attributes[1] &= ~termios.OPOST  # show the bytes as written: no "\n" to "\r\n"
    termios.tcsetattr(child, termios.TCSANOW, attributes)
    process = subprocess.Popen(
        [sys.executable, "-m", "backcoach", *args],
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    os.close(child)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert process.wait(timeout=120) == 0
    return shown.decode("utf-8")


# ----------------------------------------------------------------- control characters


def test_names_from_the_users_files_reach_the_terminal_without_control_characters(
    data_dir: Path,
) -> None:
    own_exercise(data_dir, "mine", f"Mine{EVIL}", reps=5, sets=1)
    own_routine(data_dir, "evil", f"Evil{EVIL}", "mine", sets=1)
    broken = data_dir / "content" / "routines" / f"broken{EVIL}.toml"
    broken.write_text("this is not TOML", encoding="utf-8")
    listed = run("routines")
    assert listed.returncode == 0, listed.stderr
    assert not UNPRINTABLE.search(listed.stdout + listed.stderr)
    assert f"Evil{SHOWN}" in listed.stdout and f"Mine{SHOWN}" in listed.stdout
    assert "content problem" in listed.stderr and "broken" in listed.stderr
    rehearsed = run("start", "evil", "--no-window", "--no-voice", "--speed", "1000")
    assert rehearsed.returncode == 0, rehearsed.stderr
    assert not UNPRINTABLE.search(rehearsed.stdout + rehearsed.stderr)
    assert f"Evil{SHOWN}" in rehearsed.stdout and f"── Mine{SHOWN} ─" in rehearsed.stdout


def test_imported_routine_ids_reach_the_terminal_without_control_characters(
    data_dir: Path,
) -> None:
    seed(data_dir, routine=f"gone{EVIL}")
    shown = run("history")
    assert shown.returncode == 0, shown.stderr
    assert not UNPRINTABLE.search(shown.stdout + shown.stderr)
    assert f"gone{SHOWN}" in shown.stdout
    on_terminal = read_terminal(["history", "--csv", "-"])
    assert not UNPRINTABLE.search(on_terminal)
    assert f"gone{SHOWN}" in on_terminal


# ----------------------------------------------------------------- a display out of reach


def unanswered_display() -> str:
    """A local X display number no server listens on."""
    for number in range(471, 600):
        path = f"/tmp/.X11-unix/X{number}"
        if os.path.exists(path):
            continue
        with socket.socket(socket.AF_UNIX) as probe:
            try:
                probe.connect(f"\0{path}")
            except OSError:
                return f":{number}"
    pytest.skip("every display number tried is in use")


def without_display(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARIABLES}
    return env | variables


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland")
@pytest.mark.parametrize("argv", [[], ["start", "before-run"]])
def test_a_display_nobody_listens_on_is_named_in_one_line_not_a_qt_abort(
    argv: list[str],
) -> None:
    display = unanswered_display()
    done = run(*argv, env=without_display(DISPLAY=display))
    said = (
        f"backcoach: the window cannot open: the display {display} cannot be reached "
        f"(no X server listens on /tmp/.X11-unix/X{display[1:]}); {HOLD_ON}\n"
    )
    assert (done.returncode, done.stderr, done.stdout) == (1, said, "")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland")
def test_doctor_names_the_display_nobody_listens_on_instead_of_a_library() -> None:
    display = unanswered_display()
    done = run("doctor", env=without_display(DISPLAY=display))
    assert done.returncode == 1
    assert "xcb-cursor" not in done.stdout
    assert "  Platform in use: none, no display can be reached\n" in done.stdout
    problem = (
        f"  - the window cannot open: the display {display} cannot be reached "
        f"(no X server listens on /tmp/.X11-unix/X{display[1:]})\n"
    )
    assert problem in done.stdout


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No display variables, and local X sockets looked for in a folder of the test's own."""
    import backcoach.app

    for name in DISPLAY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    sockets = tmp_path / "x11"
    sockets.mkdir()
    monkeypatch.setattr(backcoach.app, "X11_SOCKETS", sockets)
    return sockets


def listening(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen()
    return server


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland")
def test_a_local_x_server_counts_once_its_socket_answers(
    no_display: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcoach.app import display_problem

    monkeypatch.setenv("DISPLAY", ":7.0")
    said = f"the display :7.0 cannot be reached (no X server listens on {no_display / 'X7'})"
    assert display_problem() == said
    with listening(no_display / "X7"):
        assert display_problem() is None
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert display_problem() is None  # Qt needs no display then
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert display_problem() == said


@pytest.fixture
def tcp_display() -> Iterator[tuple[int, socket.socket]]:
    """A listening TCP socket on 127.0.0.1 at an X display's port: (display number, it)."""
    for number in range(400, 500):
        server = socket.socket()
        try:
            server.bind(("127.0.0.1", 6000 + number))
        except OSError:
            server.close()
            continue
        server.listen()
        with server:
            yield number, server
        return
    pytest.skip("no free X display port")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland")
def test_an_x_server_on_a_host_counts_once_its_port_answers(
    no_display: Path, monkeypatch: pytest.MonkeyPatch, tcp_display: tuple[int, socket.socket]
) -> None:
    from backcoach.app import display_problem

    number, server = tcp_display
    monkeypatch.setenv("DISPLAY", f"127.0.0.1:{number}")
    assert display_problem() is None
    server.close()
    assert display_problem() == (
        f"the display 127.0.0.1:{number} cannot be reached "
        f"(nothing answers on 127.0.0.1 port {6000 + number})"
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland")
def test_a_wayland_display_counts_once_its_socket_answers(
    no_display: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from backcoach.app import display_problem

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-test")
    said = (
        "the Wayland display wayland-test cannot be reached "
        f"(nothing listens on {tmp_path / 'wayland-test'})"
    )
    assert display_problem() == said
    with listening(tmp_path / "wayland-test"):
        assert display_problem() is None
        monkeypatch.setenv("DISPLAY", ":7")  # either one answering will do
        assert display_problem() is None
        monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")  # but not when Qt is told to use X11
        assert display_problem() == (
            f"the display :7 cannot be reached (no X server listens on {no_display / 'X7'})"
        )


# ----------------------------------------------------------------- exports


def test_csv_to_standard_output_is_the_file_export_byte_for_byte(
    data_dir: Path, tmp_path: Path
) -> None:
    seed(data_dir, sessions=2)
    assert run("history", "--csv", str(tmp_path / "h.csv")).returncode == 0
    piped = subprocess.run(
        [sys.executable, "-m", "backcoach", "history", "--csv", "-"],
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == (tmp_path / "h.csv").read_bytes()
    assert piped.stderr.decode() == (
        "Wrote 2 sessions (2 rows, one per set and side) to standard output\n"
    )
    assert not (tmp_path / "-").exists()


def test_json_to_standard_output_can_be_read_back(data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir, sessions=1)
    done = run("history", "--json", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "Wrote 1 session to standard output\n"
    assert [s["day"] for s in json.loads(done.stdout)["sessions"]] == ["2024-05-01"]
    assert not (tmp_path / "-").exists()


def test_both_exports_cannot_share_standard_output(data_dir: Path) -> None:
    seed(data_dir)
    done = run("history", "--csv", "-", "--json", "-")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.endswith("error: --csv - and --json - cannot both go to standard output\n")


@pytest.mark.parametrize("kind", ["--csv", "--json"])
def test_an_export_into_a_missing_folder_names_the_folder_only(
    kind: str, data_dir: Path, tmp_path: Path
) -> None:
    seed(data_dir)
    target = tmp_path / "nonexistent" / "dir" / "x.csv"
    done = run("history", kind, str(target))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        f"backcoach: cannot write {target}: the folder {target.parent} does not exist\n"
    )


def test_an_export_under_a_file_says_it_is_not_a_folder(data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir)
    (tmp_path / "plain").write_text("", encoding="utf-8")
    target = tmp_path / "plain" / "x.json"
    done = run("history", "--json", str(target))
    assert done.returncode == 1
    assert done.stderr == f"backcoach: cannot write {target}: {target.parent} is not a folder\n"


def test_a_failed_export_keeps_no_temporary_file_and_no_errno(tmp_path: Path) -> None:
    from backcoach.storage.export import ExportWriteError, write_json

    with pytest.raises(ExportWriteError) as failed:
        write_json([], tmp_path / "x.json" / "y.json")
    assert str(failed.value) == f"the folder {tmp_path / 'x.json'} does not exist"
    assert (failed.value.errno, failed.value.filename) == (errno.ENOENT, None)
    (tmp_path / "taken").mkdir()
    with pytest.raises(ExportWriteError) as failed:
        write_json([], tmp_path / "taken")
    assert str(failed.value) == f"{tmp_path / 'taken'} is a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


# ----------------------------------------------------------------- data folders


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    spot = tmp_path / "notes.txt"
    spot.write_text("not a folder", encoding="utf-8")
    return spot


@pytest.mark.parametrize(
    "command",
    [
        ["history"],
        ["routines"],
        ["start", "before-run", "--no-window", "--no-voice", "--speed", "1000", "--save"],
    ],
)
def test_a_data_folder_that_is_a_file_is_refused(a_file: Path, command: list[str]) -> None:
    done = run("--data-dir", str(a_file), *command)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"backcoach: error: the data folder {a_file} (from --data-dir) is a file, not a folder\n"
    )
    assert a_file.read_text(encoding="utf-8") == "not a folder"


def test_a_data_folder_inside_a_file_is_refused(a_file: Path) -> None:
    done = run("--data-dir", str(a_file / "sub"), "history")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"backcoach: error: the data folder {a_file / 'sub'} (from --data-dir) cannot be made: "
        f"{a_file} is a file\n"
    )


@pytest.mark.parametrize(
    "argv", [["--data-dir", ""], ["--data-dir="], ["--data-dir", "", "history"]]
)
def test_an_empty_data_folder_option_is_refused(argv: list[str]) -> None:
    done = run(*argv)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "backcoach: error: --data-dir was given an empty name; name a folder or leave it out\n"
    )


def test_the_variable_naming_a_file_is_refused(a_file: Path) -> None:
    done = run("history", env=os.environ | {"BACKCOACH_DATA_DIR": str(a_file)})
    assert done.returncode == 2
    assert done.stderr == (
        f"backcoach: error: the data folder {a_file} (from $BACKCOACH_DATA_DIR) is a file, "
        "not a folder\n"
    )


def test_an_empty_variable_counts_as_unset(tmp_path: Path) -> None:
    done = run("history", env=os.environ | {"BACKCOACH_DATA_DIR": ""})
    assert done.returncode == 0, done.stderr
    folder = (
        tmp_path / "home" / "share" / "backcoach"
    )  # the user data folder, under the test's home
    assert done.stdout == f"No sessions recorded yet (history is kept in {folder}).\n"


def test_a_data_folder_that_does_not_exist_yet_is_fine(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"
    done = run("--data-dir", str(folder), "history")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"No sessions recorded yet (history is kept in {folder}).\n"


# ----------------------------------------------------------------- --last


@pytest.mark.parametrize("last", ["0", "-1"])
def test_last_takes_only_a_number_above_0(data_dir: Path, last: str) -> None:
    seed(data_dir)
    done = run("history", "--last", last)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.endswith(
        f"error: argument --last: expected a whole number above 0, got '{last}'\n"
    )


def test_last_1_lists_one_session(data_dir: Path) -> None:
    seed(data_dir, sessions=3)
    done = run("history", "--last", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("2024-05-") == 1


# ----------------------------------------------------------------- plurals


def test_one_session_written_is_one_session(data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir)
    done = run("history", "--csv", str(tmp_path / "h.csv"), "--json", str(tmp_path / "h.json"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"Wrote 1 session (1 row, one per set and side) to {tmp_path / 'h.csv'}\n"
        f"Wrote 1 session to {tmp_path / 'h.json'}\n"
    )


def test_a_terminal_session_of_one_set_of_one_rep_says_so(data_dir: Path) -> None:
    own_exercise(data_dir, "one-rep", "One rep", reps=1, sets=1)
    own_routine(data_dir, "single", "Single", "one-rep", sets=1)
    done = run("start", "single", "--no-window", "--no-voice", "--speed", "1000")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any(line.endswith(" planned, 1 set · rehearsal at 1000x") for line in lines)
    assert any(line.startswith("Done: 1 of 1 set in ") for line in lines)
    assert "  One rep  set 1: 1 rep" in lines


# ----------------------------------------------------------------- the tests' home


@pytest.fixture(scope="module")
def module_home() -> Path:
    """The home folder while module-wide fixtures run (before any one test's)."""
    return Path.home()


def test_every_test_runs_in_a_home_of_its_own(tmp_path: Path) -> None:
    import platformdirs

    own = [
        Path.home(),
        Path(platformdirs.user_data_dir("backcoach")),
        Path(platformdirs.user_cache_dir("backcoach")),
        Path(platformdirs.user_config_dir("backcoach")),
        Path(platformdirs.user_log_dir("backcoach")),
    ]
    assert [p for p in own if not p.is_relative_to(tmp_path)] == []


def test_module_wide_fixtures_run_in_a_temporary_home(
    module_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert module_home != Path(pwd.getpwuid(os.getuid()).pw_dir)
    assert module_home.is_relative_to(tmp_path_factory.getbasetemp())


# ----------------------------------------------------------------- packaging


def test_the_licence_is_an_spdx_expression_with_its_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert project["project"]["license-files"] == ["LICENSE"]
    assert "setuptools>=77" in project["build-system"]["requires"]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) the backcoach authors\n")
