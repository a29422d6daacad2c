"""Drives a guided session: the one place that turns session events into voice and history.

The terminal command and the session screen both use a :class:`SessionRunner`
(built by :class:`~backcoach.services.sessions.SessionService`); it has no Qt
in it and, like :class:`~backcoach.core.session.Session`, is called from one
thread.

Two clocks are involved, both from the process's one base clock. The session
runs on ``clock``, which may run ``speed`` times faster than real time
(:class:`~backcoach.core.clock.ScaledClock`) to rehearse a routine; the
speaker always speaks in real time on ``real_clock``, the base clock itself. A
cue keeps its routine time ``due`` (so the cue log stays in routine time); the
runner converts that moment, and the next time-critical cue's moment used as
``finish_by``, to ``real_clock`` time when it hands the cue over.

    runner = SessionRunner(session, clock, speaker, real_clock=base, history=store,
                           history_id=session_id)
    runner.start()
    while not runner.session.finished:
        time.sleep(runner.seconds_until_wakeup() or 0.05)  # or wait for a key
        runner.pump()

Every completed set is handed to ``history`` the moment the runner sees it:
this is the one path by which sets reach storage.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from backcoach.core.clock import Clock
from backcoach.core.records import SetRecord
from backcoach.core.session import CueDue, Event, Finished, Session, SetCompleted
from backcoach.voice.speaker import Speaker


class HistorySink(Protocol):
    """The part of :class:`~backcoach.storage.HistoryStore` a runner writes to."""

    def record_set(self, record: SetRecord) -> None: ...

    def finish_session(self, session_id: str, ended_at: float, completed: bool) -> None: ...


EventListener = Callable[[Event], None]


class SessionRunner:
    """Runs ``session`` (on ``clock``) with ``speaker`` and ``history``; see the module docstring.

    ``speed`` is how many times faster than ``real_clock`` the ``clock``
    runs. ``history_id`` is the session already opened in ``history`` (started
    or resumed) that the sets belong to. ``on_event`` sees every event after
    its voice and history effects.
    Each control returns the events it caused (they also go to ``on_event``).
    """

    def __init__(
        self,
        session: Session,
        clock: Clock,
        speaker: Speaker,
        *,
        real_clock: Clock,
        speed: float = 1.0,
        history: HistorySink | None = None,
        history_id: str | None = None,
        wall_clock: Callable[[], float] = time.time,
        on_event: EventListener | None = None,
    ) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be above 0, got {speed}")
        self.session = session
        self.speed = speed
        if (history is None) != (history_id is None):
            raise ValueError("history and history_id go together")
        self.history = history
        self.history_id = history_id
        self._clock = clock
        self._speaker = speaker
        self._real = real_clock
        self._wall = wall_clock
        self._on_event = on_event

    # -- driving -----------------------------------------------------------

    def start(self) -> list[Event]:
        """Start the session and handle its first events."""
        self.session.start()
        return self.pump()

    def pump(self) -> list[Event]:
        """Bring the session up to its clock and apply each new event's effects."""
        events = self.session.poll()
        if not events:
            return events
        now = self.session.routine_time()
        real_now = self._real.monotonic()
        critical = self.session.upcoming_critical_due()
        finish_by = None if critical is None else real_now + (critical - now) / self.speed
        for event in events:
            if isinstance(event, CueDue):
                due = real_now + (event.cue.due - now) / self.speed
                self._speaker.say(event.cue, due, finish_by)
            elif isinstance(event, SetCompleted):
                if self.history is not None:
                    self.history.record_set(event.record)
            elif isinstance(event, Finished) and self.history is not None:
                assert self.history_id is not None  # checked in __init__
                self.history.finish_session(
                    self.history_id, self._wall(), completed=not event.summary.ended_early
                )
            if self._on_event is not None:
                self._on_event(event)
        return events

    def next_wakeup_real(self) -> float | None:
        """``real_clock`` time of the session's next cue, rep or phase end; None if none."""
        wakeup = self.session.next_wakeup()
        if wakeup is None:
            return None
        return self._real.monotonic() + (wakeup - self._clock.monotonic()) / self.speed

    def seconds_until_wakeup(self) -> float | None:
        """Real seconds to wait before the next :meth:`pump` (0 if overdue); None if none."""
        wakeup = self.next_wakeup_real()
        return None if wakeup is None else max(0.0, wakeup - self._real.monotonic())

    # -- controls ------------------------------------------------------------

    def pause(self) -> list[Event]:
        """Pause; queued cues are dropped so nothing new is said while paused."""
        return self._jump(self.session.pause)

    def resume(self) -> list[Event]:
        self.session.resume()
        return self.pump()

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.session.paused else self.pause()

    def skip(self) -> list[Event]:
        return self._jump(self.session.skip)

    def back(self) -> list[Event]:
        return self._jump(self.session.back)

    def add_time(self, seconds: float = 10.0) -> list[Event]:
        self.session.add_time(seconds)
        return self.pump()

    def done(self) -> list[Event]:
        """End a self-paced set."""
        return self._jump(self.session.done)

    def end(self) -> list[Event]:
        """Finish now; the session is stored as ended early."""
        return self._jump(self.session.end)

    def _jump(self, control: Callable[[], None]) -> list[Event]:
        """Hand over what is already due, drop the queued cues, then move the session."""
        events = self.pump()
        self._speaker.clear()
        control()
        return events + self.pump()
