"""The data folder's instance lock: one backcoach at a time writes a folder's history.

Kept apart from :mod:`backcoach.storage.db` so that taking it, the first thing the
window does, loads no SQLite.
"""

from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

LOCK_NAME = "backcoach.lock"


@dataclass
class InstanceLock:
    """Held while one backcoach window runs; released on close or process exit."""

    path: Path
    fd: int

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire_instance_lock(folder: Path) -> InstanceLock | None:
    """Take the data folder's exclusive lock, or None when another backcoach holds it.

    The holder's pid is written into the lock file; :func:`lock_holder` reads it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return InstanceLock(path, fd)


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
