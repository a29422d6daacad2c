"""Build sessions for tests without going through a recorder."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timezone
from pathlib import Path

import pytest

from backcoach.storage.history import PainCheckIn, SessionRecord, StoredSet


def session(
    day: date,
    sets: int = 15,
    pain: tuple[int | None, int | None] = (4, 2),
    tz: timezone = UTC,
    status: str = "completed",
) -> SessionRecord:
    """A session at 07:00 on ``day`` with ``sets`` one-minute dead-bug sets."""
    start = datetime.combine(day, time(7), tz).timestamp()
    stored = tuple(
        StoredSet(
            str(uuid.uuid4()),
            "dead-bug",
            "left" if n % 2 else "right",
            n // 2 + 1,
            10,
            60.0,
            None,
            None,
            start + 60 * n,
            start + 60 * (n + 1),
            day,
        )
        for n in range(sets)
    )
    checkins = tuple(
        PainCheckIn(moment, rating, "", start)
        for moment, rating in zip(("before", "after"), pain, strict=True)
        if rating is not None
    )
    end = start + 60 * sets
    return SessionRecord(
        str(uuid.uuid4()),
        "after-run",
        "after-run",
        "",
        "",
        start,
        end,
        status,
        day,
        stored,
        checkins,
    )


@contextmanager
def frozen(folder: Path) -> Iterator[None]:
    """``folder`` and its files made immutable (``chattr +i``), as QA made a read-only
    data folder; skips the test where that is not possible (not root, no chattr)."""
    paths = [folder, *folder.iterdir()]
    done = subprocess.run(["chattr", "+i", *map(str, paths)], capture_output=True, check=False)
    if done.returncode != 0 or os.access(folder, os.W_OK):
        subprocess.run(["chattr", "-i", *map(str, paths)], capture_output=True, check=False)
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
