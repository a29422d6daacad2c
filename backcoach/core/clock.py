"""The one clock seam: everything that times anything reads a :class:`Clock`."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes backwards."""
        ...


class MonotonicClock:
    """Real time, from :func:`time.monotonic`: a process's one base clock (see services.root)."""

    def __init__(self) -> None:
        self._origin = time.monotonic()

    def monotonic(self) -> float:
        return time.monotonic() - self._origin


class ScaledClock:
    """``base`` run ``speed`` times faster: a rehearsal's session clock, derived from the
    base clock so that both tell the same moment apart by the same amount."""

    def __init__(self, base: Clock, speed: float) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be above 0, got {speed}")
        self.base = base
        self.speed = speed

    def monotonic(self) -> float:
        return self.base.monotonic() * self.speed
