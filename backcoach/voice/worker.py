"""One long-lived thread that owns the speech backend and decides, cue by cue, what to say.

The backend (see :mod:`backcoach.voice.backend`) is made and used only inside
the worker thread. Callers only queue cues (:meth:`VoiceWorker.say` returns at
once); no lock is held while a line is synthesised or played. The worker says
one cue at a time and, when a cue's turn comes, makes it ready (on Linux:
synthesises it, so its exact length is known; a few recent lines are kept) and
decides whether it is still worth saying:

- a critical cue (countdown number, rep count) more than ``cue.max_late``
  past due is dropped as ``late``, never spoken late;
- any other cue more than ``stale_after`` past due is dropped as ``stale``;
- a cue whose end (now plus its length) passes its ``finish_by``, or a
  non-critical cue that would still be speaking when a queued critical cue
  falls due, is dropped as ``would delay countdown``;
- among cues already due, the highest priority goes first, then the earliest.

A cue counts as spoken only when the backend says so (on Linux: the player
exited with 0); otherwise its result says why, and a failing player sets
:attr:`VoiceWorker.problem` until a cue plays fine again. :meth:`VoiceWorker.stop`
drops the queue and cuts the line playing now (reported as ``stopped``).

Clock readings are taken as seconds of real time: give the worker a clock
running at real speed.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from backcoach.core.clock import Clock
from backcoach.core.cues import Cue
from backcoach.voice.backend import (
    EngineBackend,
    Outcome,
    SpeechBackend,
    Utterance,
)
from backcoach.voice.backend import SpeechEngine as SpeechEngine
from backcoach.voice.options import DEFAULT_VOICE as DEFAULT_VOICE
from backcoach.voice.options import SpeechEngineError as SpeechEngineError
from backcoach.voice.options import VoiceOptions as VoiceOptions
from backcoach.voice.speaker import (
    CLEARED,
    CLOSED,
    LATE,
    NO_ENGINE,
    NOTHING_TO_SAY,
    STALE,
    WOULD_DELAY,
    CueResult,
    Listeners,
    ResultListener,
)

log = logging.getLogger(__name__)

BackendFactory = Callable[[], SpeechBackend | SpeechEngine]
"""Makes the worker's backend, on its thread; a pyttsx3-like engine is wrapped in an
:class:`~backcoach.voice.backend.EngineBackend`."""
EngineFactory = BackendFactory

CLIP_CACHE = 32
"""Lines kept ready to play, by (text, voice): countdowns and rep calls come back often."""
CUT_WAIT = 0.3
"""Seconds :meth:`VoiceWorker.close` waits for the thread after cutting the line playing."""


@dataclass(order=True)
class _Pending:
    due: float
    rank: int  # minus priority: higher priority sorts first
    seq: int
    cue: Cue = field(compare=False)
    finish_by: float | None = field(compare=False)


@dataclass(frozen=True)
class _Turn:
    """A cue whose turn came: a reason to drop it, or the line to play and its stop signal."""

    pending: _Pending
    verdict: str
    utterance: Utterance | None = None
    cancel: threading.Event | None = None


class VoiceWorker:
    """A :class:`~backcoach.voice.speaker.Speaker` backed by a speech backend in its own thread."""

    def __init__(
        self,
        clock: Clock,
        factory: BackendFactory,
        voice: VoiceOptions = DEFAULT_VOICE,
        *,
        stale_after: float = 4.0,
        cache_size: int = CLIP_CACHE,
    ) -> None:
        self._clock = clock
        self._factory = factory
        self._voice = voice.clamped()
        self._stale_after = stale_after
        self._listeners = Listeners()
        self._cond = threading.Condition()
        self._queue: list[_Pending] = []
        self._seq = itertools.count()
        self._closing = False
        self._generation = 0  # moves on at clear(), stop() and close()
        self._no_engine = ""  # the reason cues are not spoken once the engine failed
        self._problem = ""  # about the engine or the voice, for as long as the worker lives
        self._play_problem = ""  # about the player, until a cue plays fine again
        self._backend: SpeechBackend | None = None
        self._cancel: threading.Event | None = None  # the playing line's stop signal
        self._cache: OrderedDict[tuple[str, VoiceOptions], Utterance] = OrderedDict()
        self._cache_size = cache_size
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backcoach-voice", daemon=True)
        self._thread.start()

    @property
    def available(self) -> bool:
        return not self._no_engine

    @property
    def problem(self) -> str:
        with self._cond:
            return self._play_problem or self._problem

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
        """Drop every queued cue (reported as cleared); the line playing now plays on."""
        self._drop_queued(CLEARED)

    def stop(self) -> None:
        """Drop every queued cue and cut the line playing now (reported as stopped).

        Returns at once; with backcoach's own player the sound ends within 200 ms.
        A pyttsx3 engine (macOS, Windows) cannot be cut: its line plays to the end.
        """
        self._drop_queued(CLEARED, cut=True)

    def wake(self) -> None:
        """Read the clock again now; needed only when the clock jumps (a test clock)."""
        with self._cond:
            self._cond.notify()

    def close(self, timeout: float = 2.0) -> None:
        """Drop queued cues and end the thread.

        The line playing now may finish within ``timeout`` seconds; then it is cut
        (where the backend can cut it). Returns after about ``timeout`` seconds at
        most; a line that cannot be cut ends the thread as soon as it finishes.
        """
        with self._cond:
            self._closing = True
        self._drop_queued(CLOSED)
        if threading.current_thread() is self._thread:
            return
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._cut()
            self._thread.join(CUT_WAIT if timeout > 0 else 0)

    def _drop_queued(self, reason: str, *, cut: bool = False) -> None:
        with self._cond:
            dropped = sorted(self._queue)
            self._queue.clear()
            self._generation += 1
            self._cond.notify()
        if cut:
            self._cut()
        for pending in dropped:
            self._listeners.report(CueResult(pending.cue, spoken=False, reason=reason))

    def _cut(self) -> None:
        """Cut the line playing now, if any."""
        with self._cond:
            cancel, backend = self._cancel, self._backend
            if cancel is not None:
                cancel.set()
        if cancel is not None and backend is not None:
            backend.stop()

    def _run(self) -> None:
        try:
            backend = self._start_backend()
        except SpeechEngineError as exc:
            self._fail(exc.reason, exc.problem)
            return
        except Exception as exc:
            log.exception("The speech engine could not start")
            self._fail(
                f"{NO_ENGINE}: could not start ({exc})",
                f"Voice is off: the speech engine could not start ({exc}).",
            )
            return
        finally:
            self._ready.set()
        try:
            while (turn := self._next_turn(backend)) is not None:
                self._take(backend, turn)
        except Exception as exc:  # the thread is ending: say so rather than go quiet
            log.exception("The speech thread stopped")
            self._fail(
                f"{NO_ENGINE}: stopped ({exc})",
                f"Voice is off: the speech thread stopped ({exc}). Restart backcoach to hear it.",
            )
        finally:
            with self._cond:
                self._backend = None
            backend.close()

    def _start_backend(self) -> SpeechBackend:
        made = self._factory()
        backend = made if isinstance(made, SpeechBackend) else EngineBackend(made)
        try:
            problem = backend.start(self._voice)
        except BaseException:
            backend.close()
            raise
        with self._cond:
            self._backend = backend
            self._problem = problem
        return backend

    def _fail(self, reason: str, problem: str) -> None:
        with self._cond:
            self._no_engine = reason
            self._problem = problem
            self._play_problem = ""
        self._drop_queued(self._no_engine)

    def _next_turn(self, backend: SpeechBackend) -> _Turn | None:
        """Wait for the next cue's turn; return it with a reason to drop it or its line."""
        with self._cond:
            chosen: _Pending | None = None
            while not self._closing:
                now = self._clock.monotonic()
                due = [p for p in self._queue if p.due <= now]
                if not due:
                    self._cond.wait(self._queue[0].due - now if self._queue else None)
                    continue
                chosen = min(due, key=lambda p: (p.rank, p.due, p.seq))
                self._queue.remove(chosen)
                heapq.heapify(self._queue)
                break
            if chosen is None:
                return None
            verdict = self._drop_reason(chosen, now)
            if verdict:
                return _Turn(chosen, verdict)
            generation = self._generation
        try:  # without the lock: callers never wait for synthesis
            utterance = self._prepare(backend, chosen.cue.text)
        except Exception as exc:
            log.warning("Making %r ready to say failed", chosen.cue.text, exc_info=True)
            return _Turn(chosen, f"speech failed: {exc}")
        with self._cond:
            if self._closing:
                return _Turn(chosen, CLOSED)
            if generation != self._generation:
                return _Turn(chosen, CLEARED)
            now = self._clock.monotonic()
            verdict = self._drop_reason(chosen, now) or self._delay_reason(
                chosen, now, utterance.seconds
            )
            if verdict:
                return _Turn(chosen, verdict)
            self._cancel = threading.Event()
            return _Turn(chosen, "", utterance, self._cancel)

    def _drop_reason(self, pending: _Pending, now: float) -> str:
        """Why ``pending`` is not worth saying whatever its length ("" when it is)."""
        cue = pending.cue
        if not cue.text.strip():
            return NOTHING_TO_SAY
        late = now - pending.due
        if cue.critical and late > cue.max_late:
            return LATE
        if not cue.critical and late > self._stale_after:
            return STALE
        return ""

    def _delay_reason(self, pending: _Pending, now: float, seconds: float) -> str:
        """Why ``pending``, ``seconds`` long, would be in the way if started ``now``."""
        end = now + seconds
        if pending.finish_by is not None and end > pending.finish_by:
            return WOULD_DELAY
        if not pending.cue.critical and any(
            other.cue.critical and now <= other.due + other.cue.max_late and other.due < end
            for other in self._queue
        ):
            return WOULD_DELAY
        return ""

    def _prepare(self, backend: SpeechBackend, text: str) -> Utterance:
        key = (text, self._voice)
        utterance = self._cache.get(key)
        if utterance is not None:
            self._cache.move_to_end(key)
            return utterance
        utterance = backend.prepare(text)
        self._cache[key] = utterance
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return utterance

    def _take(self, backend: SpeechBackend, turn: _Turn) -> None:
        cue = turn.pending.cue
        if turn.verdict or turn.utterance is None or turn.cancel is None:
            self._listeners.report(CueResult(cue, spoken=False, reason=turn.verdict))
            return
        started = self._clock.monotonic()
        try:
            outcome = backend.play(turn.utterance, turn.cancel)
        except Exception as exc:
            log.warning("Speaking %r failed", cue.text, exc_info=True)
            outcome = Outcome(False, f"speech failed: {exc}")
        finally:
            with self._cond:
                self._cancel = None
        ended = self._clock.monotonic()
        self._note(outcome)
        self._listeners.report(CueResult(cue, outcome.spoken, outcome.reason, started, ended))

    def _note(self, outcome: Outcome) -> None:
        """Keep the player's problem from a failed line until a line plays fine again."""
        with self._cond:
            before = self._play_problem
            if outcome.spoken:
                self._play_problem = ""
            elif outcome.problem:
                self._play_problem = outcome.problem
            now = self._play_problem
        if now and now != before:
            log.warning("%s", now)
        elif before and not now:
            log.info("The voice plays again")
