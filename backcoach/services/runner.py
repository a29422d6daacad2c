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

Every completed set, and every set skipped (a record with ``skipped`` True), is
handed to ``history`` the moment the runner sees it: this is the one path by
which sets reach storage.

**Controls answer.** Pause, resume, skip, back and +10 s cut the line being
spoken (:meth:`Speaker.stop`) and answer at once, in words from
:mod:`backcoach.core.phrases`: an ``"answer"`` cue due now, above every
scripted cue in priority. Resume, skip and back also *hold* the session: it
stays paused while the answer is spoken and resumes exactly when the answer
ends (``Session.resume(at=...)`` on the session clock), so the answer never
talks over a countdown or a rep call. How long an answer lasts comes from
``seconds_of`` (real seconds; 0 when the speaker cannot speak). During a hold,
pause (or Space) pauses again, resume resumes at once, and another answer
replaces the one being spoken and moves the end of the hold to its own end.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Protocol

from backcoach.core import phrases
from backcoach.core.clock import Clock
from backcoach.core.cues import Cue, Priority
from backcoach.core.records import SetRecord
from backcoach.core.script import SecondsOf
from backcoach.core.session import CueDue, Event, Finished, Session, SetCompleted, SetSkipped
from backcoach.voice.speaker import Speaker

ANSWER_KIND = "answer"
"""The cue kind of an answer to a control."""
ANSWER_PRIORITY = Priority.ESSENTIAL + 1
"""Essential, and above every scripted cue: an answer to a key goes before anything due."""


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
    its voice and history effects. ``seconds_of`` gives an answer's spoken length
    (default: the plan's, which its script is fitted with).
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
        seconds_of: SecondsOf | None = None,
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
        self._seconds_of = seconds_of or session.plan.seconds_of
        self._quiet = False
        self.cues_handed = 0
        """Cues handed to the speaker so far, answers included: each gets one result."""

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
            if isinstance(event, CueDue) and not self._quiet:
                due = real_now + (event.cue.due - now) / self.speed
                self._hand(event.cue, due, finish_by)
            elif isinstance(event, SetCompleted | SetSkipped):
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
        """Cut the line being spoken, pause, and say "Paused." (a hold pauses again)."""
        session = self.session
        if not session.started or session.finished or (session.paused and not session.resuming):
            return self.pump()
        events = self.pump()
        self._speaker.stop()
        session.pause()
        self._say(phrases.paused())
        return events + self.pump()

    def resume(self) -> list[Event]:
        """Say "Resuming." and where the session stands; the clock resumes when that ends.

        Resume again during that answer to go on at once (the answer is cut).
        """
        session = self.session
        if not session.paused or session.finished:
            return self.pump()
        self._speaker.stop()
        if session.resuming:
            session.resume()
        else:
            text = phrases.resuming(self._where())
            self._say(text)
            session.resume(at=self._end_of(text))
        return self.pump()

    def toggle_pause(self) -> list[Event]:
        """Space: resume when paused, else pause (during a resume's answer: pause again)."""
        session = self.session
        return self.resume() if session.paused and not session.resuming else self.pause()

    def skip(self) -> list[Event]:
        """Go on to the next phase and say what comes next ("Skipped. Next: ...")."""
        return self._answered(self.session.skip, self._skipped, hold=True)

    def back(self) -> list[Event]:
        """Go back and say where to ("Back to the dead bug, set 1 of 3.")."""
        return self._answered(self.session.back, self._went_back, hold=True)

    def add_time(self, seconds: float = 10.0) -> list[Event]:
        """Lengthen the current countdown and say so; where there is none, do nothing."""
        session = self.session
        if not session.can_add_time:
            return self.pump()
        return self._answered(lambda: session.add_time(seconds), lambda: phrases.more_time(seconds))

    def done(self) -> list[Event]:
        """End a self-paced set (no answer: the next phase speaks for itself)."""
        events = self.pump()
        self._speaker.clear()
        self.session.done()
        return events + self.pump()

    def end(self) -> list[Event]:
        """Finish now, cutting the line being spoken; the session is stored as ended early."""
        events = self.pump()
        if self.session.started and not self.session.finished:
            self._speaker.stop()
            self.session.end()
        return events + self.pump()

    def interrupt(self) -> list[Event]:
        """End now without another word (Ctrl-C): the voice is cut, no summary is said."""
        self._quiet = True
        self._speaker.stop()
        return self.end()

    # -- answers -------------------------------------------------------------

    def _answered(
        self, control: Callable[[], None], answer: Callable[[], str], *, hold: bool = False
    ) -> list[Event]:
        """Hand over what is due, cut the voice, apply ``control`` and say ``answer()``.

        With ``hold``, or while a hold runs, the session stays paused until the answer
        ends; a session the user paused stays paused.
        """
        session = self.session
        events = self.pump()
        if not session.started or session.finished:
            return events
        self._speaker.stop()
        held = session.resuming or (hold and not session.paused)
        if held:
            session.pause()
        control()
        if not session.finished:
            text = answer()
            self._say(text)
            if held:
                session.resume(at=self._end_of(text))
        return events + self.pump()

    def _say(self, text: str) -> None:
        """Say an answer now."""
        cue = Cue(text, ANSWER_KIND, self.session.routine_time(), ANSWER_PRIORITY)
        self._hand(cue, self._real.monotonic())

    def _end_of(self, text: str) -> float:
        """Session-clock time at which ``text``, said from now, ends (now if it is not said)."""
        seconds = self._seconds_of(text) if self._speaker.available else 0.0
        return self._clock.monotonic() + seconds * self.speed

    def _hand(self, cue: Cue, due: float, finish_by: float | None = None) -> None:
        self.cues_handed += 1
        self._speaker.say(cue, due, finish_by)

    def _skipped(self) -> str:
        phase = self.session.phase
        name = self.session.plan.exercises[phase.exercise].name
        return phrases.skipped(
            phrases.work_name(name, phase.set_number, phase.total_sets, phase.side)
        )

    def _went_back(self) -> str:
        phase = self.session.phase
        name = self.session.plan.exercises[phase.exercise].name
        where = phrases.work_name(name, phase.set_number, phase.total_sets, phase.side)
        return phrases.back_to(where, rest=phase.kind == "rest")

    def _where(self) -> str:
        state = self.session.state
        phase = state.phase
        left = None if state.remaining is None else math.ceil(state.remaining - 1e-6)
        return phrases.where_now(
            kind=phase.kind,
            mode=phase.mode,
            exercise=state.exercise_name,
            side=phase.side,
            set_number=phase.set_number,
            total_sets=phase.total_sets,
            seconds_left=left,
            rep=state.rep,
            reps=phase.target_reps,
        )
