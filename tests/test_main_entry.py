"""``backcoach`` with no display: one clear line and status 1, not Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from backcoach.app import NO_DISPLAY, display_problem

DISPLAY_VARIABLES = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11 and Wayland only")
@pytest.mark.parametrize("argv", [[], ["start", "before-run"]])
@pytest.mark.usefixtures("data_dir")
def test_without_a_display_the_window_commands_say_so_in_one_line(argv: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in DISPLAY_VARIABLES}
    done = subprocess.run(
        [sys.executable, "-m", "backcoach", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    said = (
        f"backcoach: the window cannot open: {NO_DISPLAY}; "
        "the terminal commands still work (backcoach --help)\n"
    )
    assert (done.returncode, done.stderr, done.stdout) == (1, said, "")


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11 and Wayland only")
@pytest.mark.parametrize(
    ("variables", "missing"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"DISPLAY": ""}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
    ],
)
def test_a_display_or_a_chosen_qt_platform_counts(
    variables: dict[str, str], missing: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether one is named; whether it can be reached is in test_cli_edges.py."""
    for name in DISPLAY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert (display_problem() == NO_DISPLAY) is missing


def test_opening_the_window_loads_no_command_modules() -> None:
    code = (
        "import sys, backcoach.app as app\n"
        "app.run_gui = lambda content, options: 0\n"
        "from backcoach import cli\n"
        "assert cli.main(['--data-dir', '/nonexistent']) == 0\n"
        "print(sorted(m for m in sys.modules if m.startswith('backcoach.commands.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("argv", [[], ["--data-dir", "/somewhere", "--cue-log", "cues.jsonl"]])
def test_the_window_gets_the_options_the_full_parser_would_give(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import backcoach.app as app
    from backcoach import cli
    from backcoach.content import load_content
    from backcoach.paths import folders

    seen: list[app.WindowOptions] = []

    def run_gui(content: object, options: app.WindowOptions) -> int:
        seen.append(options)
        return 0

    monkeypatch.setattr(app, "run_gui", run_gui)
    assert cli.main(argv) == 0
    full = cli.build_parser(load_content()).parse_args(argv)
    assert seen == [
        app.WindowOptions(folders(full.data_dir), cue_log=full.cue_log, player=full.player)
    ]
