"""A user's own exercises and routines, in the data folder beside the bundled ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach.cli import main
from backcoach.content import DATA_DIR, load_content
from backcoach.paths import user_content_dir

from .own_pictures import write_bird_dog, write_strength_day_with_bird_dog


def add_bird_dog(user: Path) -> Path:
    """A user's own ``bird-dog`` and their own ``strength-day`` that starts with it.
    Returns the exercise's file."""
    write_strength_day_with_bird_dog(user / "routines")
    return write_bird_dog(user / "exercises")


def test_a_users_exercise_joins_and_their_routine_replaces_the_bundled_one(
    tmp_path: Path,
) -> None:
    add_bird_dog(tmp_path)
    content = load_content(user=tmp_path)
    bundled = load_content()
    assert content.problems == []
    assert list(content.exercises) == [*bundled.exercises, "bird-dog"]
    assert list(content.routines) == list(bundled.routines)
    assert content.routines["strength-day"].items[0].exercise == "bird-dog"
    assert content.routines["after-run"] == bundled.routines["after-run"]
    bird_dog = content.exercises["bird-dog"]
    assert bird_dog.source == str(tmp_path / "exercises" / "bird-dog.toml")
    assert [p.image for p in bird_dog.positions] == [
        str(tmp_path / "exercises" / "bird-dog-start.svg"),
        str(tmp_path / "exercises" / "images" / "bird-dog-reach.svg"),
    ]


def test_no_folder_of_ones_own_is_no_problem(tmp_path: Path) -> None:
    assert load_content(user=tmp_path / "nothing here") == load_content()


def test_a_broken_file_of_ones_own_is_named_by_its_whole_path(tmp_path: Path) -> None:
    exercise = add_bird_dog(tmp_path)
    exercise.write_text(exercise.read_text(encoding="utf-8").replace("sets = {", "sets = {{"))
    content = load_content(user=tmp_path)
    assert "bird-dog" not in content.exercises
    routine = tmp_path / "routines" / "strength-day.toml"
    assert [p.file for p in content.problems] == [str(exercise), str(routine)]
    assert "names exercises that did not load (bird-dog)" in content.problems[1].message
    assert "strength-day" in content.routines  # with what of it loaded


def test_the_terminal_commands_see_the_users_content(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_bird_dog(user_content_dir(data_dir))
    assert main(["routines"]) == 0
    assert "exercises: Bird dog, Dumbbell deadlift, Low lunge" in capsys.readouterr().out
    assert main(["show", "bird-dog"]) == 0
    assert capsys.readouterr().out.startswith("Bird dog")


def test_data_dir_given_as_an_option_brings_its_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_bird_dog(user_content_dir(tmp_path / "elsewhere"))
    assert main(["--data-dir", str(tmp_path / "elsewhere"), "show", "bird-dog"]) == 0
    assert capsys.readouterr().out.startswith("Bird dog")
    with pytest.raises(SystemExit) as exited:
        main(["show", "bird-dog"])
    assert exited.value.code == 2
    assert "bird-dog" in capsys.readouterr().err


def test_doctor_says_where_content_comes_from(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("backcoach.commands.doctor._check_speech", lambda *args: None)
    monkeypatch.setattr("backcoach.commands.doctor._check_qt", lambda start, report: None)
    add_bird_dog(user_content_dir(data_dir))
    (user_content_dir(data_dir) / "routines" / "broken.toml").write_text("id = [")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert f"Bundled: {DATA_DIR}" in out
    assert f"Yours: {user_content_dir(data_dir)} (exercise bird-dog, routine strength-day)" in out
    assert "Loaded: 7 exercises, 3 routines" in out
    assert f"content: {user_content_dir(data_dir) / 'routines' / 'broken.toml'}: broken" in out
