"""Shared test set-up: headless Qt, and every test gets its own data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data folder at a fresh temporary folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("BACKCOACH_DATA_DIR", str(folder))
    return folder
