"""An exercise that brings its own pictures, as a physiotherapist adds one."""

from __future__ import annotations

import shutil
from pathlib import Path

from backcoach.content import DATA_DIR

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def write_bird_dog(exercises: Path) -> Path:
    """Write ``bird-dog``, a copy of dead bug whose pictures are SVG files beside its TOML
    (one of them in an ``images`` subfolder), into ``exercises``. Returns its file."""
    (exercises / "images").mkdir(parents=True)
    shutil.copy(ASSETS / "dead-bug-start.svg", exercises / "bird-dog-start.svg")
    shutil.copy(ASSETS / "dead-bug-reach.svg", exercises / "images" / "bird-dog-reach.svg")
    text = (DATA_DIR / "exercises" / "dead-bug.toml").read_text(encoding="utf-8")
    for old, new in (
        ('id = "dead-bug"', 'id = "bird-dog"'),
        ('name = "Dead bug"', 'name = "Bird dog"'),
        (":/exercises/dead-bug-start.svg", "bird-dog-start.svg"),
        (":/exercises/dead-bug-reach.svg", "images/bird-dog-reach.svg"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    exercise = exercises / "bird-dog.toml"
    exercise.write_text(text, encoding="utf-8")
    return exercise


def write_strength_day_with_bird_dog(routines: Path) -> Path:
    """Write a ``strength-day`` routine that starts with ``bird-dog`` into ``routines``."""
    text = (DATA_DIR / "routines" / "strength-day.toml").read_text(encoding="utf-8")
    assert 'exercise = "dead-bug"' in text
    routines.mkdir(parents=True, exist_ok=True)
    routine = routines / "strength-day.toml"
    routine.write_text(text.replace('exercise = "dead-bug"', 'exercise = "bird-dog"'), "utf-8")
    return routine


def content_with_bird_dog(folder: Path) -> Path:
    """Copy the bundled content to ``folder``, add ``bird-dog`` and make the strength-day
    routine start with it. Returns ``folder``."""
    shutil.copytree(DATA_DIR, folder)
    write_bird_dog(folder / "exercises")
    write_strength_day_with_bird_dog(folder / "routines")
    return folder
