"""The terminal commands that read content: routines, show, and their errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from backcoach import __version__
from backcoach.cli import main


def test_routines_lists_ids_names_contexts_and_exercises(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["routines"]) == 0
    out = capsys.readouterr().out
    for rid in ("before-run", "after-run", "strength-day"):
        assert rid in out
    assert "default context: day-off" in out
    assert "Dead bug, Dumbbell deadlift, Low lunge" in out


@pytest.mark.parametrize(
    ("context", "dose"),
    [
        ("before-run", "Hold 15–30 s per side, 1–3 sets"),
        ("after-run", "Hold 60–120 s per side, 1–3 sets"),
    ],
)
def test_show_prints_dose_for_context(
    context: str, dose: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "low-lunge", "--context", context]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Low lunge")
    assert "Why it helps" in out
    assert "\n1. Drop onto one knee" in out and "\n4. " in out
    assert dose in out


def test_show_deadlift_has_no_sides(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "dumbbell-deadlift"]) == 0
    assert "10–20 reps, 2–4 sets" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["show", "plank"], "dead-bug"),
        (["show", "dead-bug", "--context", "lunch"], "after-run"),
        (["--bogus"], "--bogus"),
        (["dance"], "routines"),
        (["show", "dead-bug", "--bogus"], "--context"),
    ],
)
def test_bad_arguments_give_one_line_and_status_2(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert named in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["--bogus"],
            "backcoach: error: unrecognized arguments: --bogus (valid options: --version, "
            "--data-dir, --cue-log, --player; commands: routines, show, start, today, history, "
            "import, morning, ctl, doctor)",
        ),
        (
            ["show", "dead-bug", "--bogus"],
            "backcoach show: error: unrecognized arguments: --bogus (valid options: --context)",
        ),
        (
            ["routines", "all"],
            "backcoach routines: error: unrecognized arguments: all (no options besides --help)",
        ),
    ],
)
def test_an_unknown_argument_is_named_with_the_valid_options_of_its_command(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    assert capsys.readouterr().err == said + "\n"


def test_version_via_python_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "backcoach", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"backcoach {__version__}"
