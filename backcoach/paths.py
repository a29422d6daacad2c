"""Where backcoach keeps its files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_VAR = "BACKCOACH_DATA_DIR"


class DataDirError(ValueError):
    """The data folder named cannot be used as one; the message says why, in one line."""


def _chosen(override: str | os.PathLike[str] | None) -> Path | None:
    """The data folder the user named (``--data-dir``, else $BACKCOACH_DATA_DIR), if any.

    An empty $BACKCOACH_DATA_DIR counts as unset. An empty ``override``, or a folder
    that is a file or would lie inside one, raises :class:`DataDirError`; a folder that
    does not exist yet is fine (it is made when first needed).
    """
    if override is not None and not os.fspath(override):
        raise DataDirError("--data-dir was given an empty name; name a folder or leave it out")
    chosen = override or os.environ.get(ENV_VAR)
    if not chosen:
        return None
    folder = Path(chosen).expanduser()
    _refuse_file(folder, "--data-dir" if override else f"${ENV_VAR}")
    return folder


def _refuse_file(folder: Path, source: str) -> None:
    """Raise :class:`DataDirError` when ``folder`` (named by ``source``) is a file, or
    cannot be made because a folder above it is a file."""
    for place in (folder, *folder.parents):
        try:
            if place.is_dir():
                return
            if not place.exists():
                continue
        except OSError:  # cannot be looked at: whatever uses the folder says why
            return
        if place == folder:
            raise DataDirError(f"the data folder {folder} (from {source}) is a file, not a folder")
        raise DataDirError(
            f"the data folder {folder} (from {source}) cannot be made: {place} is a file"
        )


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


def make_data_folder(folder: Path) -> None:
    """Create the data folder ``folder`` if it is missing, readable by its user alone (0700).

    Missing parent folders are made as usual. A folder that already exists keeps its
    mode: it may be one the user chose, and backcoach changes only what it made.
    """
    if folder.is_dir():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        if not folder.is_dir():
            raise
        return  # made by another process just now: not ours to change
    folder.chmod(0o700)  # whatever the umask took away from the user


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
