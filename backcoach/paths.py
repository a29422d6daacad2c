"""Where backcoach keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "BACKCOACH_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``override`` (``--data-dir``), else $BACKCOACH_DATA_DIR, else
    the platform's user data folder. Not created here."""
    chosen = override or os.environ.get(ENV_VAR)
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir("backcoach", appauthor=False))


def user_content_dir(folder: Path) -> Path:
    """A user's own exercises and routines (``exercises/*.toml``, ``routines/*.toml``) in
    the data folder ``folder``: they join the bundled ones, and replace any of the same id."""
    return folder / "content"


def content_cache() -> Path:
    """The parsed content files (see :mod:`backcoach.content.cache`), in the user cache
    folder: only ever a time saver, safe to delete."""
    return Path(platformdirs.user_cache_dir("backcoach", appauthor=False)) / "content.json"
