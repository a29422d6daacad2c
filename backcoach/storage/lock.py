"""The data folder's locks: one backcoach at a time holds a folder, and who uses its history.

The instance lock (``backcoach.lock``, :func:`acquire_instance_lock`) is held by the
window and by a terminal session that saves, for as long as they run. Each open
of the history file also holds a shared lock on the data folder itself
(:class:`HistoryUse`), so that :func:`history_alone` can tell whether any other
process has the file open.

Kept apart from :mod:`backcoach.storage.db` so that taking the instance lock, the
first thing the window does, loads no SQLite.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from backcoach.paths import make_data_folder

LOCK_NAME = "backcoach.lock"

_held: dict[Path, InstanceLock] = {}
"""The instance locks this process holds, by data folder."""


@dataclass
class InstanceLock:
    """Held while one backcoach window runs; released on close or process exit."""

    path: Path
    fd: int

    def release(self) -> None:
        if self.fd >= 0:
            if _held.get(self.path.parent) is self:
                del _held[self.path.parent]
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire_instance_lock(folder: Path) -> InstanceLock | None:
    """Take the data folder's exclusive lock, or None when another backcoach holds it.

    The holder's pid is written into the lock file (user-only); :func:`lock_holder`
    reads it.
    """
    make_data_folder(folder)
    path = folder.resolve() / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    with contextlib.suppress(OSError):  # a lock file an older backcoach made for all to read
        os.fchmod(fd, 0o600)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    lock = InstanceLock(path, fd)
    _held[path.parent] = lock
    return lock


def held_here(folder: Path) -> bool:
    """Whether this process holds the instance lock of ``folder``."""
    return folder.resolve() in _held


def lock_holder(folder: Path) -> int | None:
    """The pid written by the backcoach that holds the folder's lock, if readable."""
    try:
        text = (folder / LOCK_NAME).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def already_running_message(folder: Path) -> str:
    pid = lock_holder(folder)
    who = f" (process {pid})" if pid else ""
    return f"backcoach is already running{who} with the data folder {folder}."


class HistoryUse:
    """A lock on the data folder ``folder`` (the folder itself, so no file is added),
    shared by every open of its history file and released by :meth:`release`, or when
    this object is collected, or with the process."""

    def __init__(self, folder: Path) -> None:
        self._fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        self._closer = weakref.finalize(self, os.close, self._fd)

    def alone(self) -> bool:
        """Take the lock exclusively if no other open of the history holds it."""
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def share(self) -> None:
        """Hold the lock shared, beside the other opens (waiting out an :meth:`alone`)."""
        fcntl.flock(self._fd, fcntl.LOCK_SH)

    def release(self) -> None:
        self._closer()


@contextlib.contextmanager
def history_alone(folder: Path, use: HistoryUse) -> Iterator[bool]:
    """Whether, for the duration, this process alone deals with the history in ``folder``.

    True when no other open of the history file exists (``use`` gets the folder
    exclusively) and this process holds the instance lock, or takes it for the
    duration because nobody does. False when another backcoach holds the folder, or
    has the history open: the journal beside the file is then its own, in use.
    """
    if not use.alone():
        yield False
        return
    if held_here(folder):
        yield True
        return
    try:
        lock = acquire_instance_lock(folder)
    except OSError:
        lock = None
    try:
        yield lock is not None
    finally:
        if lock is not None:
            lock.release()
