"""Every hostile content file at once, and the terminal commands still do their work."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from backcoach.paths import user_content_dir
from backcoach.storage import HistoryStore
from backcoach.storage.importer import import_records
from tests.content.hostile import exercise_with_picture, nested, own_copy, svg
from tests.storage.seed import session
from tests.test_cli_start import run


def hostile_folder(user: Path, outside: Path) -> list[Path]:
    """Fill the user content folder ``user`` with every kind of hostile file (and ``outside``,
    a picture outside it). Returns the files that must each be reported."""
    exercises, routines = user / "exercises", user / "routines"
    exercises.mkdir(parents=True)
    routines.mkdir(parents=True)
    outside.write_text(svg(), encoding="utf-8")
    os.mkfifo(exercises / "pipe.toml")
    (exercises / "zero.toml").symlink_to("/dev/zero")
    big = exercises / "big.toml"
    big.write_text("# " + "x" * 2 * 1024 * 1024 + "\n", encoding="utf-8")
    (exercises / "arrays.toml").write_text(nested("arrays", 5000), encoding="utf-8")
    (routines / "tables.toml").write_text(nested("inline tables", 5000), encoding="utf-8")
    (exercises / "evil.svg").write_text(svg('<image href="/dev/zero"/>'), encoding="utf-8")
    (exercises / "link.svg").symlink_to(outside)
    own_copy(
        user, "exercises", "dead-bug", "dead-bug", ("tempo_seconds = 8.5", "tempo_seconds = nan")
    )
    own_copy(user, "exercises", "dumbbell-deadlift", "lift", ("default = 8,", "default = inf,"))
    own_copy(user, "exercises", "low-lunge", "lunge", ("max = 120,", "max = 99999999999,"))
    exercise_with_picture(user, "climb", "../../../../../../../../etc/hostname.svg")
    exercise_with_picture(user, "linked", "link.svg")
    exercise_with_picture(user, "evil", "evil.svg")
    own_copy(user, "routines", "before-run", "negative", ("sets = 1", "sets = -1"))
    (routines / "od\nd.toml").write_text("id = [", encoding="utf-8")
    return [*sorted(exercises.glob("*.toml")), *sorted(routines.glob("*.toml"))]


@pytest.fixture
def hostile(data_dir: Path, tmp_path: Path) -> list[Path]:
    files = hostile_folder(user_content_dir(data_dir), tmp_path / "outside.svg")
    with HistoryStore(data_dir) as store:
        import_records(store, [session(date.today(), sets=2, pain=(3, 2))])
    return files


def test_routines_lists_everything_valid_and_each_problem_on_one_line(
    hostile: list[Path],
) -> None:
    done = run("routines")
    assert done.returncode == 0, done.stderr
    for routine in ("before-run", "after-run", "strength-day"):
        assert f"{routine} " in done.stdout
    lines = done.stderr.splitlines()
    assert all(line.startswith("backcoach: content problem: ") for line in lines), lines
    assert len(lines) == len(hostile)
    named = [line.removeprefix("backcoach: content problem: ") for line in lines]
    for file, line in zip(hostile, named, strict=True):
        assert line.startswith(str(file).replace("\n", "\\n") + ": "), (file, line)


def test_history_exports_a_backup(hostile: list[Path], tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    done = run("history", "--json", str(backup))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(backup.read_text(encoding="utf-8"))["sessions"]) == 1


def test_a_rehearsal_runs_to_the_end(hostile: list[Path]) -> None:
    done = run("start", "before-run", "--no-window", "--no-voice", "--speed", "1000")
    assert done.returncode == 0, done.stderr
    assert "Done: 3 of 3 sets" in done.stdout
