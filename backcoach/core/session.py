"""The guided session: a Qt-free state machine that runs a :class:`~backcoach.core.plan.Plan`.

All timing comes from deadlines on the injected monotonic clock, never from
counting ticks. *Routine time* is seconds since :meth:`Session.start` with
pauses left out; every deadline and every cue's ``due`` is in routine time,
so a clock running N times faster (``ScaledClock(base, N)``) rehearses
the same script with the same routine times.

A driver (a Qt timer, a terminal loop, a test) calls :meth:`Session.poll`
whenever it likes and handles the events since the last poll; it can sleep
until :meth:`Session.next_wakeup`. User intents go to the control methods.

    session = Session(build_plan(content, "after-run", "after-run"), clock)
    session.start()
    while not session.finished:
        for event in session.poll():
            match event:
                case CueDue(cue):
                    speaker.say(cue)
                case SetCompleted(record) | SetSkipped(record):
                    history.record_set(record)
                case PhaseStarted() | RepCompleted():
                    screen.show(session.state)
                case Finished(summary):
                    print(summary.text)
        wakeup = session.next_wakeup()  # None while paused or waiting for done()
        time.sleep(max(0.0, wakeup - clock.monotonic()) if wakeup else 0.05)

Controls: pause(), resume(), skip(), back(), add_time(10), done(), end().
``resume(at=t)`` keeps the session paused until the clock reaches ``t`` and then
resumes exactly at ``t`` (whenever it is next read): a driver says something
first, such as where the session stands, and the countdown waits for it. While
paused nothing is said; a phase entered while paused (skip, back) says its
first lines when the session resumes.
Skip and end keep the part of a work phase already done: a hold held for at
least ``PARTIAL_MIN_SECONDS`` or guided reps with at least one rep completed
are recorded with what was done (and what was planned, so it shows as cut
short). A work phase skipped, or ended in, with nothing of it done (a self-paced
set among them: its count is unknown) is recorded as *skipped*: 0 done, and
reported as a :class:`SetSkipped` event. Back restarts the current phase when
more than ``BACK_RESTART_AFTER`` seconds into it, else goes to the previous
phase; the restarted or abandoned attempt is not recorded. Each (exercise,
side, set) is recorded as done at most once, the first time it completes, and
as skipped at most once; done later, a skipped side's record is replaced by the
done one (in :attr:`Session.records`, and in history, which keeps the done
one). The session stores nothing itself: it keeps its sets in
:attr:`Session.records` and reports each once as a :class:`SetCompleted` (or
:class:`SetSkipped`) event, for the driver to store.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from backcoach.core import phrases, script
from backcoach.core.clock import Clock
from backcoach.core.cues import Cue
from backcoach.core.phases import Phase, SetKey
from backcoach.core.plan import Plan
from backcoach.core.records import SetRecord, Tally, sets_done, skipped_words, tally

BACK_RESTART_AFTER = 3.0
"""Back within this many seconds of a phase start goes to the previous phase."""

PARTIAL_MIN_SECONDS = 5.0
"""A hold skipped or ended after at least this long is recorded with what was held."""

_EPS = 1e-6


@dataclass(frozen=True)
class PhaseStarted:
    phase: Phase
    index: int


@dataclass(frozen=True)
class CueDue:
    cue: Cue


@dataclass(frozen=True)
class RepCompleted:
    """A guided rep ended; ``rep`` counts from 1."""

    rep: int
    target: int


@dataclass(frozen=True)
class SetCompleted:
    record: SetRecord


@dataclass(frozen=True)
class SetSkipped:
    """A work phase was skipped (or the session ended in it) with nothing done; its
    record has ``skipped`` True."""

    record: SetRecord


@dataclass(frozen=True)
class Summary:
    """What was done: the recorded sets (done and skipped) and the routine time taken."""

    records: tuple[SetRecord, ...]
    sets_done: int  # distinct (exercise, set number) with a side done, both sides counting once
    planned_sets: int
    routine_seconds: float
    ended_early: bool
    text: str

    @property
    def tally(self) -> Tally:
        """The sets done, and the sets and sides skipped or cut short."""
        return tally(self.records)

    @property
    def skipped(self) -> tuple[SetRecord, ...]:
        """The records of sides skipped with nothing done."""
        return tuple(r for r in self.records if r.skipped)

    @property
    def complete(self) -> bool:
        """Run to the end with every planned side of every set done in full."""
        return (
            not self.ended_early
            and not self.tally.anything_skipped
            and self.sets_done >= self.planned_sets
        )


@dataclass(frozen=True)
class Finished:
    summary: Summary


Event = PhaseStarted | CueDue | RepCompleted | SetCompleted | SetSkipped | Finished


@dataclass(frozen=True)
class SessionState:
    """A snapshot for rendering.

    ``remaining`` is None in an open-ended phase; ``rep`` is the guided rep
    in progress (from 1), else None. ``progress`` runs from 0 to 1 over the
    planned session. ``expected_total`` is the routine time the session should
    end at: time so far, what is left of this phase, and the phases to come.
    ``resuming`` is True while paused with a resume scheduled (``paused`` too).
    """

    phase: Phase
    index: int
    phase_count: int
    exercise_name: str
    remaining: float | None
    phase_elapsed: float
    rep: int | None
    target_reps: int | None
    routine_elapsed: float
    expected_total: float
    progress: float
    next_text: str
    step_index: int
    position: str
    started: bool
    paused: bool
    resuming: bool
    finished: bool


class Session:
    """Runs a plan against a clock; see the module docstring for a usage example.

    Not thread-safe: call it from one thread (the GUI thread, or the terminal loop).
    """

    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        wall_clock: Callable[[], float] = time.time,
        speed: float = 1.0,
    ) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be above 0, got {speed}")
        self.plan = plan
        self._clock = clock
        self._speed = speed  # routine seconds per wall-clock second
        self._wall = wall_clock
        self._origin: float | None = None
        self._paused_total = 0.0
        self._paused_at: float | None = None
        self._resume_at: float | None = None
        self._index = 0
        self._phase_start = 0.0
        self._duration: float | None = plan.phases[0].duration
        self._lines: list[script.Line] = []
        self._cues: list[Cue] = []
        self._next_cue = 0
        self._speech_end = 0.0
        self._reps_done = 0
        self._wall_start = 0.0
        self._recorded: set[SetKey] = set()  # done
        self._skipped: set[SetKey] = set()  # skipped, not done since
        self._records: list[SetRecord] = []
        self._events: list[Event] = []
        self._summary: Summary | None = None

    # -- reading -----------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._origin is not None

    @property
    def paused(self) -> bool:
        """True while the clock is stopped, a scheduled resume still to come included."""
        self._settle()
        return self._paused_at is not None

    @property
    def resuming(self) -> bool:
        """True while paused with a resume scheduled (see :meth:`resume`)."""
        self._settle()
        return self._resume_at is not None

    @property
    def finished(self) -> bool:
        return self._summary is not None

    @property
    def can_add_time(self) -> bool:
        """Whether :meth:`add_time` lengthens the phase now: a running or paused countdown,
        not guided reps (they run by the rep) nor an open-ended phase."""
        return self._active() and self._duration is not None and self.phase.mode != "tempo"

    @property
    def summary(self) -> Summary | None:
        return self._summary

    @property
    def records(self) -> tuple[SetRecord, ...]:
        """The sets recorded so far, in order, done and skipped; each also came out as a
        :class:`SetCompleted` or :class:`SetSkipped` (a skipped side done later holds the
        done record, in the skipped one's place)."""
        return tuple(self._records)

    @property
    def phase(self) -> Phase:
        return self.plan.phases[self._index]

    def routine_time(self) -> float:
        """Seconds since start, pauses excluded; stops at the finish."""
        if self._origin is None:
            return 0.0
        if self._summary is not None:
            return self._summary.routine_seconds
        self._settle()
        now = self._paused_at if self._paused_at is not None else self._clock.monotonic()
        return now - self._origin - self._paused_total

    def next_wakeup(self) -> float | None:
        """Monotonic time of the next cue, rep or phase end, or of a scheduled resume;
        None if nothing is scheduled (as while paused)."""
        if self._origin is None or self.finished:
            return None
        if self.resuming:
            return self._resume_at
        if self.paused:
            return None
        times = []
        if self._next_cue < len(self._cues):
            times.append(self._cues[self._next_cue].due)
        rep_at = self._next_rep_at()
        if rep_at is not None:
            times.append(rep_at)
        end = self._phase_end()
        if end is not None:
            times.append(end)
        if not times:
            return None
        return self._origin + self._paused_total + min(times)

    def upcoming_critical_due(self) -> float | None:
        """Routine time of the next time-critical cue of the current phase not yet due."""
        return next((c.due for c in self._cues[self._next_cue :] if c.critical), None)

    @property
    def state(self) -> SessionState:
        """A snapshot at the clock's current time (poll first to move on to a new phase)."""
        phase = self.phase
        now = self.routine_time()
        elapsed = max(0.0, now - self._phase_start) if self.started else 0.0
        end = self._phase_end()
        remaining = None if end is None else max(0.0, end - now)
        if self.finished:
            remaining = 0.0
        rep = phase.rep_at(elapsed)
        coming = self.plan.next_work(self._index)
        next_text = script.describe(coming, self.plan.exercises) if coming else "Finish"
        exercise = self.plan.exercise(phase)
        left = remaining if remaining is not None else max(0.0, phase.expected_seconds - elapsed)
        later = sum(p.expected_seconds for p in self.plan.phases[self._index + 1 :])
        return SessionState(
            phase=phase,
            index=self._index,
            phase_count=len(self.plan.phases),
            exercise_name=exercise.name if exercise else "",
            remaining=remaining,
            phase_elapsed=elapsed,
            rep=rep,
            target_reps=phase.target_reps,
            routine_elapsed=now,
            expected_total=now if self.finished else now + left + later,
            progress=self._progress(elapsed),
            next_text=next_text,
            step_index=phase.step_index,
            position=phase.position,
            started=self.started,
            paused=self.paused,
            resuming=self.resuming,
            finished=self.finished,
        )

    # -- driving -----------------------------------------------------------

    def start(self) -> None:
        """Begin the first phase now. Raises RuntimeError if already started."""
        if self._origin is not None:
            raise RuntimeError("the session has already started")
        self._origin = self._clock.monotonic()
        self._enter(0, 0.0)

    def poll(self) -> list[Event]:
        """Bring the session up to the clock; return the events since the last poll."""
        self._advance()
        events, self._events = self._events, []
        return events

    # -- controls (no-ops before start and after finish) ----------------------

    def pause(self) -> None:
        """Stop the clock now; while a resume is scheduled, cancel it (stay paused)."""
        if not self._active():
            return
        if self.paused:
            self._resume_at = None
            return
        self._advance()
        self._paused_at = self._clock.monotonic()

    def resume(self, at: float | None = None) -> None:
        """Start the clock again: now, or exactly at clock time ``at`` if that is later
        (until then the session stays paused; a second call replaces the moment)."""
        if not (self._active() and self.paused):
            return
        self._resume_at = at if at is not None and at > self._clock.monotonic() else None
        if self._resume_at is None:
            assert self._paused_at is not None  # paused, checked above
            self._paused_total += self._clock.monotonic() - self._paused_at
            self._paused_at = None

    def toggle_pause(self) -> None:
        """Resume when paused; pause when running, or when a resume is still to come."""
        if self.paused and not self.resuming:
            self.resume()
        else:
            self.pause()

    def skip(self) -> None:
        """Go on to the next phase now, keeping the part of a work phase already done (a
        work phase with nothing done is recorded as skipped)."""
        if self._active():
            now = self._advance()
            self._record_left(now)
            self._enter(self._index + 1, now)

    def back(self) -> None:
        """Restart the current phase, or go to the previous one if it has only just begun."""
        if self._active():
            now = self._advance()
            restart = now - self._phase_start > BACK_RESTART_AFTER or self._index == 0
            self._enter(self._index if restart else self._index - 1, now)

    def add_time(self, seconds: float = 10.0) -> None:
        """Lengthen the current timed phase (see :attr:`can_add_time`)."""
        if seconds <= 0:
            raise ValueError(f"seconds to add must be positive, got {seconds}")
        if not self._active():
            return
        now = self._advance()  # first: the phase may have ended by now
        if self._duration is None or not self.can_add_time:
            return
        self._duration += seconds
        done = self._cues[: self._next_cue]
        later = self._fit(not_before=self._speech_end - self._phase_start)
        self._cues = done + [c for c in later if c.due > now + _EPS]
        self._next_cue = len(done)

    def done(self) -> None:
        """End a self-paced set: it counts as done with its target reps."""
        if self._active() and self.phase.mode == "self":
            now = self._advance()
            self._record(self.phase.target_reps, now)
            self._enter(self._index + 1, now)

    def end(self) -> None:
        """Finish now, keeping the part of a work phase already done (a work phase with
        nothing done is recorded as skipped)."""
        if self._active():
            now = self._advance()
            self._record_left(now)
            self._finish(now, ended_early=True)

    # -- internals -----------------------------------------------------------

    def _active(self) -> bool:
        return self._origin is not None and not self.finished

    def _phase_end(self) -> float | None:
        return None if self._duration is None else self._phase_start + self._duration

    def _next_rep_at(self) -> float | None:
        phase = self.phase
        if phase.mode != "tempo" or self._reps_done >= (phase.target_reps or 0):
            return None
        return self._phase_start + phase.rep_end(self._reps_done + 1)

    def _progress(self, elapsed: float) -> float:
        if self.finished:
            return 1.0
        total = self.plan.total_seconds
        if total <= 0:
            return 0.0
        before = sum(p.expected_seconds for p in self.plan.phases[: self._index])
        current = min(elapsed, self.phase.expected_seconds)
        return min(1.0, (before + current) / total)

    def _fit(self, not_before: float = 0.0) -> list[Cue]:
        cues = script.fit(self._lines, self._duration, self.plan.seconds_of, not_before)
        return [replace(c, due=self._phase_start + c.due) for c in cues]

    def _settle(self) -> None:
        """Carry out a scheduled resume, at its exact moment, once the clock has reached it."""
        at = self._resume_at
        if at is not None and self._paused_at is not None and self._clock.monotonic() >= at:
            self._paused_total += at - self._paused_at
            self._paused_at = self._resume_at = None

    def _advance(self) -> float:
        """Emit everything due up to now (nothing while paused); return the routine time."""
        now = self.routine_time()
        while self._origin is not None and not self.finished and self._paused_at is None:
            while self._next_cue < len(self._cues) and self._cues[self._next_cue].due <= now + _EPS:
                cue = self._cues[self._next_cue]
                self._next_cue += 1
                self._speech_end = cue.due + self.plan.seconds_of(cue.text)
                self._events.append(CueDue(cue))
            rep_at = self._next_rep_at()
            while rep_at is not None and rep_at <= now + _EPS:
                self._reps_done += 1
                self._events.append(RepCompleted(self._reps_done, self.phase.target_reps or 0))
                rep_at = self._next_rep_at()
            end = self._phase_end()
            if end is None or end > now + _EPS:
                break
            if self.phase.is_work:
                self._record(self.phase.target_reps, end)
            self._enter(self._index + 1, end)
        return now

    def _enter(self, index: int, at: float) -> None:
        self._index = index
        phase = self.phase
        self._phase_start = at
        self._duration = phase.duration
        self._reps_done = 0
        self._wall_start = self._wall_at(at)
        self._events.append(PhaseStarted(phase, index))
        if phase.kind == "finished":
            self._finish(at, ended_early=False)
            return
        self._lines = script.phase_lines(
            self.plan.phases, index, self.plan.exercises, self.plan.speech, self.plan.reasons
        )
        self._cues = self._fit()
        self._next_cue = 0

    def _record_left(self, now: float) -> None:
        """Record the work phase being left at routine time ``now`` before its end: what
        was done of it, or else that it was skipped."""
        phase = self.phase
        if not phase.is_work:
            return
        if phase.mode == "hold" and now - self._phase_start >= PARTIAL_MIN_SECONDS:
            self._record(None, now)
        elif phase.mode == "tempo" and self._reps_done > 0:
            self._record(self._reps_done, now)
        else:
            self._record(0 if phase.mode != "hold" else None, now, skipped=True)

    def _wall_at(self, at: float) -> float:
        """Wall-clock time of routine time ``at`` (not later than now), however late the
        session caught up with it."""
        return self._wall() - max(0.0, self.routine_time() - at) / self._speed

    def _record(self, reps: int | None, end: float, skipped: bool = False) -> None:
        """Record the current work phase as done from its start to routine time ``end``
        (``skipped``: as skipped, with nothing done)."""
        phase = self.phase
        key = phase.key
        if key in self._recorded or (skipped and key in self._skipped):
            return
        record = SetRecord(
            exercise=phase.exercise,
            side=phase.side,
            set_number=phase.set_number,
            reps=reps,
            seconds=0.0 if skipped else end - self._phase_start,
            weight=phase.weight,
            weight_unit=phase.weight_unit,
            started_at=self._wall_start,
            ended_at=self._wall_at(end),
            skipped=skipped,
            planned_reps=phase.target_reps if phase.mode != "hold" else None,
            planned_seconds=phase.duration if phase.mode == "hold" else None,
        )
        if skipped:
            self._skipped.add(key)
            self._records.append(record)
            self._events.append(SetSkipped(record))
            return
        self._recorded.add(key)
        if key in self._skipped:  # skipped before, done now: the done record takes its place
            self._skipped.discard(key)
            at = next(i for i, r in enumerate(self._records) if r.key == key)
            self._records[at] = record
        else:
            self._records.append(record)
        self._events.append(SetCompleted(record))

    def _finish(self, at: float, ended_early: bool) -> None:
        last = len(self.plan.phases) - 1
        if self._index != last:
            self._index = last
            self._phase_start = at
            self._events.append(PhaseStarted(self.phase, last))
        self._duration = None
        self._cues, self._next_cue = [], 0
        self._resume_at = None
        sets = sets_done(self._records)
        text = phrases.summary(sets, at, ended_early, skipped=skipped_words(tally(self._records)))
        self._events.append(CueDue(Cue(text, "finish", at, priority=3)))
        self._summary = Summary(
            tuple(self._records), sets, self.plan.set_count, at, ended_early, text
        )
        self._events.append(Finished(self._summary))
