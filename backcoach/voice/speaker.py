"""What every speaker offers, what it reports back, and the speaker that stays silent.

A speaker reports each cue twice at most: *started*, the moment its line begins to
play (to a :data:`StartListener`; a cue that never plays is never started), and its
:class:`CueResult` once it is over, spoken or not. Times given to a speaker
(``due``, ``finish_by``) and the times it reports (``started_at``, ``ended_at``)
are readings of the speaker's own clock, not routine time: the driver converts
(see :mod:`backcoach.voice`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from backcoach.core.cues import Cue

log = logging.getLogger(__name__)

SPOKEN = "spoken"
LATE = "late"
STALE = "stale"
WOULD_DELAY = "would delay countdown"
CLEARED = "cleared"
CLOSED = "closed"
VOICE_OFF = "voice off"
NO_ENGINE = "no speech engine"
NOTHING_TO_SAY = "nothing to say"
STOPPED = "stopped"  # cut short by stop() (the user's own pause, skip, end...)
PLAYER_FAILED = "player failed"  # followed by "(exit N)"
PLAYER_MISSING = "player not found"
NO_SOUND_CARD = "no sound card"
BAD_PLAYER = "bad player command"


@dataclass(frozen=True)
class CueResult:
    """What became of one cue: spoken, or not and why."""

    cue: Cue
    spoken: bool
    reason: str
    started_at: float | None = None
    ended_at: float | None = None


ResultListener = Callable[[CueResult], None]
StartListener = Callable[[Cue], None]
"""Called with a cue the moment its line starts playing, before its result."""


class Speaker(Protocol):
    """Says cues without ever making the caller wait for speech."""

    @property
    def available(self) -> bool:
        """False when cues cannot be spoken (voice off, no speech engine)."""
        ...

    @property
    def problem(self) -> str:
        """A sentence for the user about the voice, with the fix; empty when all is well."""
        ...

    def add_listener(self, listener: ResultListener) -> None:
        """Call ``listener`` with every :class:`CueResult`, from any thread."""
        ...

    def add_start_listener(self, listener: StartListener) -> None:
        """Call ``listener`` with each cue the moment its line starts playing, from any
        thread; a cue that is not played (dropped, cleared, voice off) is never started."""
        ...

    def say(self, cue: Cue, due: float, finish_by: float | None = None) -> None:
        """Queue ``cue`` to start at ``due``; it must end by ``finish_by`` if given."""
        ...

    def clear(self) -> None:
        """Drop every queued cue that has not started (reported as cleared)."""
        ...

    def stop(self) -> None:
        """Drop every queued cue (reported as cleared) and cut the line being spoken
        (reported as stopped); return at once. For the user's own pause, skip or end."""
        ...

    def close(self, timeout: float = 2.0) -> None:
        """Stop speaking cues; return within about ``timeout`` seconds."""
        ...


Report = TypeVar("Report")


class Listeners(Generic[Report]):
    """A thread-safe list of listeners to one kind of report (results, starts); one
    failing listener never stops the others."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Callable[[Report], None]] = []

    def add(self, listener: Callable[[Report], None]) -> None:
        with self._lock:
            self._listeners.append(listener)

    def report(self, report: Report) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(report)
            except Exception:
                log.exception("A cue listener failed")


class SilentSpeaker:
    """Speaks nothing: reports every cue as not spoken, with one reason.

    Used when the voice is off, and when no speech engine can start (then
    ``problem`` tells the user how to fix it). Nothing ever starts.
    """

    def __init__(self, reason: str = VOICE_OFF, problem: str = "") -> None:
        self.reason = reason
        self._problem = problem
        self._listeners: Listeners[CueResult] = Listeners()

    @property
    def available(self) -> bool:
        return False

    @property
    def problem(self) -> str:
        return self._problem

    def add_listener(self, listener: ResultListener) -> None:
        self._listeners.add(listener)

    def add_start_listener(self, listener: StartListener) -> None:
        """Nothing ever starts, so ``listener`` is never called."""

    def say(self, cue: Cue, due: float, finish_by: float | None = None) -> None:
        self._listeners.report(CueResult(cue, spoken=False, reason=self.reason))

    def clear(self) -> None:
        """Nothing is ever queued."""

    def stop(self) -> None:
        """Nothing ever plays."""

    def close(self, timeout: float = 2.0) -> None:
        """Nothing to stop."""
