"""A voice for whole-routine tests: the voice worker's own rules, on a fake clock, no thread.

:class:`QueueVoice` keeps its cues in a :class:`~backcoach.voice.worker.CueQueue`, as the
worker does, and says one line at a time, each lasting ``seconds_of(text)``.
:func:`run_routine` runs a plan from start to finish with it, moving the clock from
one moment something happens to the next, so a whole routine takes milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from backcoach.core.cues import Cue
from backcoach.core.plan import Plan
from backcoach.core.session import Session
from backcoach.services.runner import SessionRunner
from backcoach.voice.speaker import (
    CLEARED,
    SPOKEN,
    STOPPED,
    CueResult,
    Listeners,
    ResultListener,
    StartListener,
)
from backcoach.voice.worker import WAIT, CueQueue
from tests.helpers.clock import FakeClock


@dataclass(frozen=True)
class Line:
    """A cue as the voice said it, in clock time."""

    cue: Cue
    due: float
    start: float
    end: float


@dataclass
class QueueVoice:
    """A speaker whose lines last ``seconds_of(text)``, deciding as the voice worker does.

    Call :meth:`run` whenever the clock has moved; :meth:`next_wakeup` says when it
    next has something to do. ``said`` keeps the lines spoken; each is reported started
    when it starts, and every cue, spoken or not, is reported to the result listeners.
    """

    clock: FakeClock
    seconds_of: Callable[[str], float]
    said: list[Line] = field(default_factory=list)
    results: list[CueResult] = field(default_factory=list)
    _queue: CueQueue = field(default_factory=CueQueue)
    _busy_until: float = -math.inf
    _listeners: Listeners[CueResult] = field(default_factory=Listeners)
    _starts: Listeners[Cue] = field(default_factory=Listeners)

    def __post_init__(self) -> None:
        self._listeners.add(self.results.append)

    @property
    def available(self) -> bool:
        return True

    @property
    def problem(self) -> str:
        return ""

    def add_listener(self, listener: ResultListener) -> None:
        self._listeners.add(listener)

    def add_start_listener(self, listener: StartListener) -> None:
        self._starts.add(listener)

    def say(self, cue: Cue, due: float, finish_by: float | None = None) -> None:
        self._queue.push(cue, due, finish_by)

    def clear(self) -> None:
        for cue in self._queue.clear():
            self._listeners.report(CueResult(cue, False, CLEARED))

    def stop(self) -> None:
        self.clear()
        now = self.clock.monotonic()
        if self.said and self.said[-1].end > now:
            self.said[-1] = Line(self.said[-1].cue, self.said[-1].due, self.said[-1].start, now)
            self._listeners.report(CueResult(self.said[-1].cue, False, STOPPED))
        self._busy_until = min(self._busy_until, now)

    def close(self, timeout: float = 2.0) -> None:
        self.clear()

    def run(self) -> None:
        """Start whatever is due now, if the voice is free."""
        now = self.clock.monotonic()
        while self._busy_until <= now:
            pending = self._queue.take(now)
            if pending is None:
                return
            seconds = self.seconds_of(pending.cue.text)
            verdict = self._queue.verdict(pending, now, seconds)
            if verdict == WAIT:
                self._queue.wait(pending, now, seconds)
            elif verdict:
                self._listeners.report(CueResult(pending.cue, False, verdict))
            else:
                self._busy_until = now + seconds
                self.said.append(Line(pending.cue, pending.due, now, self._busy_until))
                self._starts.report(pending.cue)
                result = CueResult(pending.cue, True, SPOKEN, now, self._busy_until)
                self._listeners.report(result)

    def next_wakeup(self) -> float | None:
        if self._busy_until > self.clock.monotonic():
            return self._busy_until
        return self._queue.wake_at()


def run_routine(plan: Plan, seconds_of: Callable[[str], float]) -> QueueVoice:
    """Run ``plan`` to its end (and the voice to its last word) with a :class:`QueueVoice`."""
    clock = FakeClock(0.0)
    voice = QueueVoice(clock, seconds_of)
    runner = SessionRunner(Session(plan, clock), clock, voice, real_clock=clock)
    runner.start()
    voice.run()
    while True:
        moments = [t for t in (runner.session.next_wakeup(), voice.next_wakeup()) if t is not None]
        if not moments:
            return voice
        clock.now = max(clock.now, min(moments))
        runner.pump()
        voice.run()
