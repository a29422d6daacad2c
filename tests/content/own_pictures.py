"""A content folder with an exercise that brings its own pictures, as a physiotherapist adds one."""

from __future__ import annotations

import shutil
from pathlib import Path

from backcoach.content import DATA_DIR

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def content_with_bird_dog(folder: Path) -> Path:
    """Copy the bundled content to ``folder`` and add ``bird-dog``, a copy of dead bug whose
    pictures are SVG files beside its TOML (one of them in an ``images`` subfolder).
    The strength-day routine starts with it. Returns ``folder``."""
    shutil.copytree(DATA_DIR, folder)
    exercises = folder / "exercises"
    (exercises / "images").mkdir()
    shutil.copy(ASSETS / "dead-bug-start.svg", exercises / "bird-dog-start.svg")
    shutil.copy(ASSETS / "dead-bug-reach.svg", exercises / "images" / "bird-dog-reach.svg")
    text = (exercises / "dead-bug.toml").read_text(encoding="utf-8")
    for old, new in (
        ('id = "dead-bug"', 'id = "bird-dog"'),
        ('name = "Dead bug"', 'name = "Bird dog"'),
        (":/exercises/dead-bug-start.svg", "bird-dog-start.svg"),
        (":/exercises/dead-bug-reach.svg", "images/bird-dog-reach.svg"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    (exercises / "bird-dog.toml").write_text(text, encoding="utf-8")
    routine = folder / "routines" / "strength-day.toml"
    text = routine.read_text(encoding="utf-8")
    assert 'exercise = "dead-bug"' in text
    routine.write_text(text.replace('exercise = "dead-bug"', 'exercise = "bird-dog"'), "utf-8")
    return folder
