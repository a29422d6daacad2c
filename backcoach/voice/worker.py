"""One long-lived thread that owns the speech engine and decides, cue by cue, what to say.

The engine is created and used only inside the worker thread. Callers only
queue cues (:meth:`VoiceWorker.say` returns at once); no lock is held while
the engine speaks. The worker says one cue at a time and, when a cue's turn
comes, decides whether it is still worth saying:

- a critical cue (countdown number, rep count) more than ``cue.max_late``
  past due is dropped as ``late``, never spoken late;
- any other cue more than ``stale_after`` past due is dropped as ``stale``;
- a cue whose estimated end passes its ``finish_by``, or a non-critical cue
  that would still be speaking when a queued critical cue falls due, is
  dropped as ``would delay countdown``;
- among cues already due, the highest priority goes first, then the earliest.

Clock readings are taken as seconds of real time: give the worker a clock
running at real speed.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from backcoach.core.clock import Clock
from backcoach.core.cues import Cue
from backcoach.core.script import estimate_seconds
from backcoach.settings import MAX_RATE, MIN_RATE, Settings
from backcoach.voice.speaker import (
    CLEARED,
    CLOSED,
    LATE,
    NO_ENGINE,
    NOTHING_TO_SAY,
    SPOKEN,
    STALE,
    WOULD_DELAY,
    CueResult,
    Listeners,
    ResultListener,
)

log = logging.getLogger(__name__)


class SpeechEngine(Protocol):
    """The part of a pyttsx3 engine the worker uses."""

    def say(self, text: str) -> object: ...

    def runAndWait(self) -> None: ...

    def setProperty(self, name: str, value: object) -> None: ...

    def getProperty(self, name: str) -> object: ...


EngineFactory = Callable[[], SpeechEngine]


class SpeechEngineError(Exception):
    """No speech engine can start: ``why`` in a few words, ``problem`` for the user with the fix."""

    def __init__(self, why: str, problem: str) -> None:
        super().__init__(problem)
        self.why = why
        self.problem = problem


@dataclass(frozen=True)
class VoiceOptions:
    """How the voice sounds: rate (words per minute), volume (0 to 1) and voice id ("": default)."""

    rate: int = 165
    volume: float = 1.0
    voice_id: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> VoiceOptions:
        return cls(settings.voice_rate, settings.voice_volume, settings.voice_id)

    def clamped(self) -> VoiceOptions:
        """The same options brought inside what engines accept."""
        rate = min(max(self.rate, MIN_RATE), MAX_RATE)
        return VoiceOptions(rate, min(max(self.volume, 0.0), 1.0), self.voice_id)


DEFAULT_VOICE = VoiceOptions()


@dataclass(order=True)
class _Pending:
    due: float
    rank: int  # minus priority: higher priority sorts first
    seq: int
    cue: Cue = field(compare=False)
    finish_by: float | None = field(compare=False)


class VoiceWorker:
    """A :class:`~backcoach.voice.speaker.Speaker` backed by a speech engine in its own thread."""

    def __init__(
        self,
        clock: Clock,
        engine_factory: EngineFactory,
        voice: VoiceOptions = DEFAULT_VOICE,
        *,
        stale_after: float = 4.0,
    ) -> None:
        self._clock = clock
        self._factory = engine_factory
        self._voice = voice.clamped()
        self._stale_after = stale_after
        self._listeners = Listeners()
        self._cond = threading.Condition()
        self._queue: list[_Pending] = []
        self._seq = itertools.count()
        self._closing = False
        self._no_engine = ""  # the reason cues are not spoken once the engine failed
        self._problem = ""
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backcoach-voice", daemon=True)
        self._thread.start()

    @property
    def available(self) -> bool:
        return not self._no_engine

    @property
    def problem(self) -> str:
        return self._problem

    @property
    def running(self) -> bool:
        """True while the worker thread is alive."""
        return self._thread.is_alive()

    def wait_ready(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s for the engine to start or fail; return :attr:`available`."""
        self._ready.wait(timeout)
        return self.available

    def add_listener(self, listener: ResultListener) -> None:
        self._listeners.add(listener)

    def say(self, cue: Cue, due: float, finish_by: float | None = None) -> None:
        with self._cond:
            reason = CLOSED if self._closing else self._no_engine
            if not reason:
                pending = _Pending(due, -cue.priority, next(self._seq), cue, finish_by)
                heapq.heappush(self._queue, pending)
                self._cond.notify()
                return
        self._listeners.report(CueResult(cue, spoken=False, reason=reason))

    def clear(self) -> None:
        self._drop_queued(CLEARED)

    def wake(self) -> None:
        """Read the clock again now; needed only when the clock jumps (a test clock)."""
        with self._cond:
            self._cond.notify()

    def close(self, timeout: float = 2.0) -> None:
        """Drop queued cues and end the thread.

        Returns after at most ``timeout`` seconds even when an utterance
        cannot be interrupted; the thread then ends as soon as it finishes.
        """
        with self._cond:
            self._closing = True
        self._drop_queued(CLOSED)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _drop_queued(self, reason: str) -> None:
        with self._cond:
            dropped = sorted(self._queue)
            self._queue.clear()
            self._cond.notify()
        for pending in dropped:
            self._listeners.report(CueResult(pending.cue, spoken=False, reason=reason))

    def _run(self) -> None:
        try:
            engine = self._start_engine()
        except SpeechEngineError as exc:
            self._fail(exc.why, exc.problem)
            return
        except Exception as exc:
            log.exception("The speech engine could not start")
            self._fail(
                f"could not start ({exc})",
                f"Voice is off: the speech engine could not start ({exc}).",
            )
            return
        finally:
            self._ready.set()
        try:
            while (turn := self._next_turn()) is not None:
                pending, verdict = turn
                if verdict:
                    self._listeners.report(CueResult(pending.cue, spoken=False, reason=verdict))
                else:
                    self._speak(engine, pending.cue)
        except Exception as exc:  # the thread is ending: say so rather than go quiet
            log.exception("The speech thread stopped")
            self._fail(
                f"stopped ({exc})",
                f"Voice is off: the speech thread stopped ({exc}). Restart backcoach to hear it.",
            )

    def _start_engine(self) -> SpeechEngine:
        engine = self._factory()
        voice = self._voice
        engine.setProperty("rate", voice.rate)
        engine.setProperty("volume", voice.volume)
        if voice.voice_id:
            voices = engine.getProperty("voices")
            ids = {getattr(v, "id", None) for v in voices} if isinstance(voices, list) else set()
            if voice.voice_id in ids:
                engine.setProperty("voice", voice.voice_id)
            else:
                self._problem = (
                    f"The voice '{voice.voice_id}' is not installed here, so the default voice "
                    "speaks. Choose another voice in the settings."
                )
        return engine

    def _fail(self, why: str, problem: str) -> None:
        with self._cond:
            self._no_engine = f"{NO_ENGINE}: {why}"
            self._problem = problem
        self._drop_queued(self._no_engine)

    def _next_turn(self) -> tuple[_Pending, str] | None:
        """Wait for the next cue's turn; return it with a reason to drop it ("" to speak)."""
        with self._cond:
            while not self._closing:
                now = self._clock.monotonic()
                due = [p for p in self._queue if p.due <= now]
                if not due:
                    self._cond.wait(self._queue[0].due - now if self._queue else None)
                    continue
                chosen = min(due, key=lambda p: (p.rank, p.due, p.seq))
                self._queue.remove(chosen)
                heapq.heapify(self._queue)
                return chosen, self._verdict(chosen, now)
        return None

    def _verdict(self, pending: _Pending, now: float) -> str:
        cue = pending.cue
        if not cue.text.strip():
            return NOTHING_TO_SAY
        late = now - pending.due
        if cue.critical and late > cue.max_late:
            return LATE
        if not cue.critical and late > self._stale_after:
            return STALE
        end = now + estimate_seconds(cue.text, self._voice.rate)
        if pending.finish_by is not None and end > pending.finish_by:
            return WOULD_DELAY
        if not cue.critical and any(
            other.cue.critical and now <= other.due + other.cue.max_late and other.due < end
            for other in self._queue
        ):
            return WOULD_DELAY
        return ""

    def _speak(self, engine: SpeechEngine, cue: Cue) -> None:
        started = self._clock.monotonic()
        try:
            engine.say(cue.text)
            engine.runAndWait()
        except Exception as exc:
            log.warning("Speaking %r failed", cue.text, exc_info=True)
            result = CueResult(
                cue, False, f"speech failed: {exc}", started, self._clock.monotonic()
            )
        else:
            result = CueResult(cue, True, SPOKEN, started, self._clock.monotonic())
        self._listeners.report(result)
