"""Shared test set-up: headless Qt, and every test gets its own data folder and home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")


HOME_FOLDERS = {
    "XDG_CACHE_HOME": "cache",
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "share",
    "XDG_STATE_HOME": "state",
}
"""The user folders inside a temporary home."""


def _move_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Point the home folder and the user's cache, config, data and state folders at
    ``home``, and the session bus at none, for this process and every child it starts:
    a session a test runs never shows up in the desktop's media controls (the tests of
    the bus start their own)."""
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={home / 'no-bus'}")
    for variable, name in HOME_FOLDERS.items():
        monkeypatch.setenv(variable, str(home / name))


@pytest.fixture(autouse=True, scope="session")
def session_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A temporary home for what runs outside any one test (module-wide fixtures)."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _move_home(monkeypatch, home)
        yield home


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data folder at a fresh temporary folder, and the home folder at a
    fresh temporary home, so that nothing a test runs writes to the real home."""
    folder = tmp_path / "data"
    monkeypatch.setenv("BACKCOACH_DATA_DIR", str(folder))
    _move_home(monkeypatch, tmp_path / "home")
    return folder
