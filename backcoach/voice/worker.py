"""One long-lived thread that owns the speech backend and decides, cue by cue, what to say.

The backend (see :mod:`backcoach.voice.backend`) is made and used only inside
the worker thread. Callers only queue cues (:meth:`VoiceWorker.say` returns at
once); no lock is held while a line is synthesised or played. The worker says
one cue at a time and, when a cue's turn comes, makes it ready (on Linux:
synthesises it, so its exact length is known; a few recent lines are kept) and
decides whether it is still worth saying, by the rules of :class:`CueQueue`:

- among cues already due, the highest priority goes first, time-critical ones
  (countdown numbers, rep counts) first among equals, then the earliest;
- a cue later than its ``max_late`` (a countdown number: 250 ms) is dropped as
  ``late``, never spoken late;
- any other essential cue is said late rather than dropped; one that would still
  be speaking when a queued time-critical cue falls due waits for that cue;
- a technique or optional cue more than ``stale_after`` past due is dropped as
  ``stale``; one whose end (now plus its length) passes its ``finish_by``, or
  that would still be speaking when a queued time-critical cue falls due, is
  dropped as ``would delay countdown``.

Those drops are counted by priority (:attr:`VoiceWorker.dropped`). Cues the
user's own pause, skip or end clears (``cleared``) or cuts (``stopped``) are not
drops.

A cue's start is reported (to the start listeners) just before its line is handed
to the backend to play, from the worker thread; a dropped cue is never started. A cue
counts as spoken only when the backend says so (on Linux: the player
exited with 0); otherwise its result says why, and a failing player sets
:attr:`VoiceWorker.problem` until a cue plays fine again. :meth:`VoiceWorker.stop`
drops the queue and cuts the line playing now (reported as ``stopped``).

Clock readings are taken as seconds of real time: give the worker a clock
running at real speed.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

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
    StartListener,
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


DROPS = (LATE, STALE, WOULD_DELAY)
"""The reasons for which the worker's rules drop a cue (counted in :attr:`VoiceWorker.dropped`)."""
WAIT = "wait"
"""The verdict on an essential cue that must let a queued time-critical cue go first."""


@dataclass(eq=False)
class _Pending:
    due: float
    seq: int
    cue: Cue
    finish_by: float | None
    behind: _Pending | None = None  # the time-critical cue this one waits for

    @property
    def order(self) -> tuple[int, bool, float, int]:
        """Among cues due: the highest priority first, time-critical first, then the earliest."""
        return (-self.cue.priority, not self.cue.critical, self.due, self.seq)


class CueQueue:
    """The cues waiting for the voice, and the rules for which to say next (see the module
    docstring); times are readings of the speaker's clock.

    Not thread-safe: :class:`VoiceWorker` keeps one under its lock, and a test can run the
    same rules on a fake clock, one step at a time.
    """

    def __init__(self, stale_after: float = 4.0) -> None:
        self.stale_after = stale_after
        self._waiting: list[_Pending] = []
        self._seq = itertools.count()

    def __len__(self) -> int:
        return len(self._waiting)

    def push(self, cue: Cue, due: float, finish_by: float | None = None) -> None:
        self._waiting.append(_Pending(due, next(self._seq), cue, finish_by))

    def clear(self) -> list[Cue]:
        """Remove every waiting cue; return them, the earliest due first."""
        dropped = sorted(self._waiting, key=lambda p: (p.due, p.seq))
        self._waiting.clear()
        return [p.cue for p in dropped]

    def take(self, now: float) -> _Pending | None:
        """Remove and return the cue to consider now, if any is due."""
        ready = [p for p in self._waiting if p.due <= now and not self._held(p)]
        if not ready:
            return None
        chosen = min(ready, key=lambda p: p.order)
        self._waiting.remove(chosen)
        return chosen

    def wake_at(self) -> float | None:
        """When a waiting cue falls due (None: nothing waits)."""
        return min((p.due for p in self._waiting if not self._held(p)), default=None)

    def verdict(self, pending: _Pending, now: float, seconds: float | None = None) -> str:
        """Whether ``pending``, taken at ``now`` and ``seconds`` long, is said now (""),
        dropped (the reason) or waits (:data:`WAIT`, then :meth:`wait`). Without
        ``seconds``, only what does not depend on its length is judged."""
        cue = pending.cue
        if not cue.text.strip():
            return NOTHING_TO_SAY
        late = now - pending.due
        if late > cue.max_late:
            return LATE
        if cue.essential:
            critical = None if seconds is None else self._critical(now, now + seconds)
            if critical is not None and not cue.critical:
                return WAIT
            return ""
        if late > self.stale_after:
            return STALE
        if seconds is None:
            return ""
        end = now + seconds
        if pending.finish_by is not None and end > pending.finish_by:
            return WOULD_DELAY
        if not cue.critical and self._critical(now, end) is not None:
            return WOULD_DELAY
        return ""

    def wait(self, pending: _Pending, now: float, seconds: float) -> None:
        """Put ``pending`` back, to be taken once the time-critical cue it would delay is."""
        pending.behind = self._critical(now, now + seconds)
        self._waiting.append(pending)

    def _critical(self, now: float, end: float) -> _Pending | None:
        """A waiting time-critical cue that falls due before ``end`` and is still to be said."""
        return next(
            (
                other
                for other in self._waiting
                if other.cue.critical and other.due < end and now <= other.due + other.cue.max_late
            ),
            None,
        )

    def _held(self, pending: _Pending) -> bool:
        return pending.behind is not None and any(p is pending.behind for p in self._waiting)


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
        self._listeners: Listeners[CueResult] = Listeners()
        self._starts: Listeners[Cue] = Listeners()
        self._cond = threading.Condition()
        self._cues = CueQueue(stale_after)
        self._dropped: Counter[str] = Counter()
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
    def dropped(self) -> dict[str, int]:
        """How many cues the rules dropped (late, stale, in the way), by priority name."""
        with self._cond:
            return dict(self._dropped)

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

    def add_start_listener(self, listener: StartListener) -> None:
        self._starts.add(listener)

    def say(self, cue: Cue, due: float, finish_by: float | None = None) -> None:
        with self._cond:
            reason = CLOSED if self._closing else self._no_engine
            if not reason:
                self._cues.push(cue, due, finish_by)
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
            dropped = self._cues.clear()
            self._generation += 1
            self._cond.notify()
        if cut:
            self._cut()
        for cue in dropped:
            self._listeners.report(CueResult(cue, spoken=False, reason=reason))

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
        while True:
            with self._cond:
                chosen: _Pending | None = None
                while not self._closing:
                    now = self._clock.monotonic()
                    chosen = self._cues.take(now)
                    if chosen is not None:
                        break
                    wake = self._cues.wake_at()
                    self._cond.wait(None if wake is None else max(0.0, wake - now))
                if chosen is None:
                    return None
                verdict = self._cues.verdict(chosen, now)
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
                verdict = self._cues.verdict(chosen, now, utterance.seconds)
                if verdict == WAIT:
                    self._cues.wait(chosen, now, utterance.seconds)
                    continue
                if verdict:
                    return _Turn(chosen, verdict)
                self._cancel = threading.Event()
                return _Turn(chosen, "", utterance, self._cancel)

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
            if turn.verdict in DROPS:
                with self._cond:
                    self._dropped[cue.priority_name] += 1
            self._listeners.report(CueResult(cue, spoken=False, reason=turn.verdict))
            return
        started = self._clock.monotonic()
        self._starts.report(cue)
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
