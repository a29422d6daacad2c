"""Where backcoach keeps its files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_VAR = "BACKCOACH_DATA_DIR"


def _chosen(override: str | os.PathLike[str] | None) -> Path | None:
    """The data folder the user named (``--data-dir``, else $BACKCOACH_DATA_DIR), if any."""
    chosen = override or os.environ.get(ENV_VAR)
    return Path(chosen).expanduser() if chosen else None


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``override`` (``--data-dir``), else $BACKCOACH_DATA_DIR, else
    the platform's user data folder. Not created here."""
    return _chosen(override) or Path(platformdirs.user_data_dir("backcoach", appauthor=False))


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where caches go: ``cache`` inside a data folder the user named, else the platform's
    user cache folder. Every cache is only a time saver, safe to delete."""
    chosen = _chosen(override)
    if chosen is not None:
        return chosen / "cache"
    return Path(platformdirs.user_cache_dir("backcoach", appauthor=False))


def log_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where the log goes: ``logs`` inside a data folder the user named, else the
    platform's user log folder."""
    chosen = _chosen(override)
    if chosen is not None:
        return chosen / "logs"
    return Path(platformdirs.user_log_dir("backcoach", appauthor=False))


def user_content_dir(folder: Path) -> Path:
    """A user's own exercises and routines (``exercises/*.toml``, ``routines/*.toml``) in
    the data folder ``folder``: they join the bundled ones, and replace any of the same id."""
    return folder / "content"


@dataclass(frozen=True)
class Folders:
    """Every folder backcoach writes to, by one rule: when the user names a data folder,
    the cache and the log go inside it; otherwise each has the platform's own place."""

    data: Path
    cache: Path
    logs: Path

    @property
    def content_cache(self) -> Path | None:
        """The parsed content files (see :mod:`backcoach.content.cache`): a time saver only.

        None while the cache would go into a data folder that does not exist yet: a
        cache never creates the data folder (history or settings do, when first saved).
        """
        if self.cache.parent == self.data and not self.data.is_dir():
            return None
        return self.cache / "content.json"


def folders(override: str | os.PathLike[str] | None = None) -> Folders:
    """The folders for ``override`` (``--data-dir``), or $BACKCOACH_DATA_DIR, or neither."""
    return Folders(data_dir(override), cache_dir(override), log_dir(override))
