"""Guided sessions as both front ends run them: start, resume, pain check-ins, unsaved sets.

:class:`SessionService` is the one place that builds a :class:`Session` and its
:class:`SessionRunner`. The window and the terminal both call it; neither
swaps the other's objects. It owns the policies around a session:

- a session left unfinished by a crash is offered for resuming (the plan then
  leaves out the sets already stored, and the sets go into the same stored
  session) or kept as partial;
- pain check-ins before and after are stored with the session they belong to,
  and the advice comes from the two ratings;
- sets that cannot be written yet stay in memory, are retried, and can be
  exported, or are saved to a file on the way out;
- what the voice left out during the session (it fell behind: a countdown number
  too late to say) is counted for the end of the session (:attr:`ActiveSession.voice_note`);
- today's doses come from the coach (:meth:`SessionService.advise`), the user's own
  changes on the set-up page being overrides; a new session stores the doses it gives
  and says each one's reason as its exercise begins. When the coach advises an
  exercise's easier variant, the session runs the variant in its place (and its sets are
  stored under the variant's id); a resumed session runs the doses and variants it began
  with (:meth:`SessionService.given_doses`, which the set-up page shows with their reasons);
- the morning check: whether to ask it (:meth:`SessionService.morning_due`), which
  session it is about (:meth:`SessionService.morning_about`, in words both front ends
  show), where its answer goes (:meth:`SessionService.record_morning`), and the answer a
  session started within :data:`MORNING_FILLS_HOURS` hours takes as its "before" rating
  (:meth:`SessionService.morning_before`).

Writes that history cannot take yet are kept in memory by the store; a call
that must read first and fails (keeping unfinished sessions as partial) comes
out as :class:`HistoryProblem` with a sentence for the user.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from backcoach.content.model import CONTEXT_LABELS, Content
from backcoach.core.advice import PainAdvice, pain_advice
from backcoach.core.clock import Clock
from backcoach.core.coach import Advice, GivenDose
from backcoach.core.cues import DEFAULT_VERBOSITY
from backcoach.core.phrases import duration_words
from backcoach.core.plan import DoseChoice, Plan, SetKey, build_plan
from backcoach.core.session import Event, Session
from backcoach.core.text import noun_for, session_words
from backcoach.services import coaching
from backcoach.services.runner import SessionRunner
from backcoach.storage import StorageError, queries

if TYPE_CHECKING:
    from backcoach.core.script import SecondsOf
    from backcoach.storage import HistoryStore, InterruptedSession, SessionRecord
    from backcoach.voice import Speaker
    from backcoach.voice.lengths import LineLengths

PainAnswer = tuple["int | None", str]
"""A check-in's answer: the 0–10 rating (None when only a note was given) and the note."""

GONE = "It is no longer in history (deleted meanwhile?)."
MORNING_FILLS_HOURS = 2
"""A session started this many hours after a morning answer takes it as its "before"."""

log = logging.getLogger(__name__)


class HistoryProblem(Exception):
    """A history call failed; the message is a sentence for the user."""


def _store_errors() -> tuple[type[Exception], ...]:
    return (StorageError, sqlite3.Error, OSError)


def plan_summary(plan: Plan, speed: float = 1.0) -> str:
    """A line for history, such as "5 sets, 10 minutes planned"."""
    sets = plan.set_count
    text = f"{sets} set{'s' * (sets != 1)}, {duration_words(plan.total_seconds)} planned"
    return text if speed == 1 else f"{text}, rehearsed at {speed:g}x speed"


@dataclass(frozen=True)
class Resume:
    """A stored session to go on with, and the sets it already holds."""

    session_id: str
    done: frozenset[SetKey]


@dataclass(frozen=True)
class SessionRequest:
    """What to run: a routine in a context with the day's dose choices, or the rest of a
    stored session (``resume``)."""

    routine: str
    context: str
    choices: Mapping[str, DoseChoice] | None = None
    resume: Resume | None = None


@dataclass(frozen=True)
class Unfinished:
    """The newest session a crash left unfinished, and how many such sessions there are."""

    left: InterruptedSession
    count: int

    @property
    def routine(self) -> str:
        return self.left.summary.routine

    @property
    def context(self) -> str:
        return self.left.summary.context

    @property
    def done(self) -> frozenset[SetKey]:
        return self.left.done

    @property
    def resume(self) -> Resume:
        return Resume(self.left.summary.id, self.left.done)

    def describe(self, content: Content) -> str:
        """One sentence: which session stopped when, after how many sets."""
        s = self.left.summary
        known = content.routines.get(s.routine)
        name = known.name if known is not None else s.routine
        noun = "set" if s.set_count == 1 else "sets"
        text = (
            f"“{name}” ({CONTEXT_LABELS.get(s.context, s.context).lower()}) of "
            f"{s.day:%A} {s.day.day} {s.day:%B} stopped after {s.set_count} {noun}; what was "
            "done is saved."
        )
        if self.count > 1:
            text += f" ({self.count - 1} older unfinished sessions are kept as partial.)"
        return text


DROPPED_NAMES = {
    "essential": ("countdown number", "countdown numbers"),
    "technique": ("technique cue", "technique cues"),
    "optional": ("reminder", "reminders"),
}
"""How the end of a session names the cues the voice left out, by priority: the only
essential cues ever left out are countdown numbers (said on time or not at all)."""


def voice_drops(speaker: object) -> dict[str, int]:
    """The cues ``speaker`` has left out so far, by priority name (the voice worker's
    ``dropped``); {} for a speaker that leaves nothing out (silent, or a test's)."""
    counts = getattr(speaker, "dropped", None)
    if not isinstance(counts, Mapping):
        return {}
    return {str(k): int(n) for k, n in counts.items()}


def dropped_text(dropped: Mapping[str, int]) -> str | None:
    """One sentence on the cues the voice left out, such as "The voice fell behind and
    left out 2 countdown numbers and 1 reminder."; None when it left out nothing."""
    parts = [
        f"{n} {noun_for(n, *DROPPED_NAMES.get(name, (f'{name} cue', f'{name} cues')))}"
        for name in (*DROPPED_NAMES, *sorted(set(dropped) - set(DROPPED_NAMES)))
        if (n := dropped.get(name, 0)) > 0
    ]
    if not parts:
        return None
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"The voice fell behind and left out {listed}."


@dataclass
class ActiveSession:
    """A session begun through :class:`SessionService`.

    ``completed`` is the work a resumed session had stored before;
    ``resume_problem`` says why a session asked to be resumed was saved as a new
    one instead. ``rated_before`` is the pain rating before it, if given. ``advice`` is
    the coach's for each exercise of a new session (empty for a resumed one).
    ``speaker`` is the voice it runs with; ``dropped_before`` what that voice had left
    out before the session began (see :attr:`voice_dropped`).
    """

    runner: SessionRunner
    completed: frozenset[SetKey] = frozenset()
    resumed: bool = False
    resume_problem: str | None = None
    rated_before: int | None = None
    speaker: object = None
    dropped_before: Mapping[str, int] = field(default_factory=dict)
    advice: tuple[Advice, ...] = ()

    @property
    def plan(self) -> Plan:
        return self.runner.session.plan

    @property
    def history_id(self) -> str | None:
        return self.runner.history_id

    @property
    def voice_dropped(self) -> dict[str, int]:
        """The cues the voice left out during this session (too late, or in the way of a
        countdown), by priority name; read it again later for cues still queued now."""
        before = self.dropped_before
        return {
            name: n - before.get(name, 0)
            for name, n in voice_drops(self.speaker).items()
            if n > before.get(name, 0)
        }

    @property
    def voice_note(self) -> str | None:
        """What the voice left out during this session, in a sentence (None: nothing)."""
        return dropped_text(self.voice_dropped)


def resumed_text(completed: Iterable[SetKey], sets_now: int) -> str:
    """The summary line of a resumed session, such as "Resumed: 4 sets done before, 5 now"
    (``completed``: the sets done before, not those skipped)."""
    before = len({(exercise, number) for exercise, _side, number in completed})
    return f"Resumed: {before} set{'s' * (before != 1)} done before, {sets_now} now."


class SessionService:
    """Starts and resumes sessions and keeps what they leave in history.

    ``clock`` is the session clock (the base clock, or it scaled to ``speed``);
    ``real_clock`` is the base clock the speaker runs on. ``speaker()`` and
    ``history()`` hand out the app's speaker and history store (None: history
    cannot be used, or this session is not to be saved). ``lengths()`` gives the spoken
    length of lines with the current voice, which plans are sized with (None: estimated).
    ``verbosity()`` is how much the voice says (see :data:`backcoach.core.cues.VERBOSITIES`).
    """

    def __init__(
        self,
        content: Content,
        *,
        clock: Clock,
        real_clock: Clock,
        speaker: Callable[[], Speaker],
        history: Callable[[], HistoryStore | None],
        rate_wpm: Callable[[], float],
        speed: float = 1.0,
        wall_clock: Callable[[], float] = time.time,
        lengths: Callable[[], LineLengths] | None = None,
        verbosity: Callable[[], str] = lambda: DEFAULT_VERBOSITY,
    ) -> None:
        self.content = content
        self.speed = speed
        self._clock = clock
        self._real = real_clock
        self._speaker = speaker
        self._history = history
        self._rate_wpm = rate_wpm
        self._wall = wall_clock
        self._lengths = lengths
        self._verbosity = verbosity

    # ------------------------------------------------------------- planning
    def plan(
        self,
        routine: str,
        context: str,
        choices: Mapping[str, DoseChoice] | None = None,
        completed: Collection[SetKey] = frozenset(),
        *,
        measure: bool = True,
        reasons: Mapping[str, str] | None = None,
        variants: Mapping[str, str] | None = None,
    ) -> Plan:
        """The phases for ``routine`` in ``context``, leaving out ``completed`` work, sized
        with the real length of each line (measured now if need be). ``measure`` False
        takes the lengths known now (else estimates) and never waits: for the GUI thread.
        ``reasons`` are the coach's, said as each exercise begins; ``variants`` the
        exercises run in place of routine items (see :func:`build_plan`).

        Raises ValueError with a sentence for the user when it cannot be planned.
        """

        def build(seconds_of: SecondsOf | None) -> Plan:
            return build_plan(
                self.content,
                routine,
                context,
                choices,
                skip_completed=completed,
                rate_wpm=self._rate_wpm(),
                verbosity=self._verbosity(),
                seconds_of=seconds_of,
                reasons=reasons,
                variants=variants,
            )

        if self._lengths is None:
            return build(None)
        return self._lengths().planned(build, wait=measure)

    # ---------------------------------------------------------------- coach
    def today(self) -> date:
        """The local day now, on the wall clock."""
        return date.fromtimestamp(self._wall())

    def advise(
        self, routine: str, context: str, choices: Mapping[str, DoseChoice] | None = None
    ) -> tuple[Advice, ...]:
        """Today's dose of each exercise of ``routine`` in ``context``, with its reason (for
        the set-up page, and what :meth:`begin` runs). ``choices`` are the set-up page's
        doses by exercise id: those that differ from the coach's are the user's own
        (overrides), and come back as they are. Empty for an unknown routine."""
        known = self.content.routines.get(routine)
        if known is None:
            return ()
        store = self._history()
        try:
            if store is None:
                coach = coaching.read_coach(None, self.content)
            else:
                with store.reading() as conn:
                    coach = coaching.read_coach(conn, self.content)
        except _store_errors() as exc:
            log.warning("The coach cannot read history: %s", exc)
            coach = coaching.read_coach(None, self.content)
        day = self.today()
        advice = coach.plan(known, context, day)
        mine = coaching.overrides(advice, choices)
        return coach.plan(known, context, day, mine) if mine else advice

    # ------------------------------------------------------------ the morning
    def morning_due(self, asked_on: str = "") -> bool:
        """Whether to ask the morning question now: a session ended on an earlier day in
        the last :data:`MORNING_HOURS` hours, it has no morning answer yet, and the question
        was not asked today (``asked_on``: the day it last was, YYYY-MM-DD)."""
        today = self.today()
        if asked_on == today.isoformat():
            return False
        store = self._history()
        if store is None:
            return False
        now = self._wall()
        try:
            with store.reading() as conn:
                latest = queries.morning_session(conn, now)
                if latest is None or latest.day >= today:
                    return False
                record = queries.session_detail(conn, latest.id)
        except _store_errors() as exc:
            log.warning("Cannot tell whether to ask the morning question: %s", exc)
            return False
        return record is not None and record.rating("morning") is None

    def morning_about(self) -> str | None:
        """The session a morning answer given now goes to (see :meth:`record_morning`), in
        a sentence: "About your “After a run” session yesterday evening (3 sets)."; None
        when there is none, or history cannot be read."""
        store = self._history()
        if store is None:
            return None
        now = self._wall()
        try:
            with store.reading() as conn:
                found = queries.morning_session(conn, now)
        except _store_errors() as exc:
            log.warning("Cannot tell which session the morning question is about: %s", exc)
            return None
        if found is None:
            return None
        known = self.content.routines.get(found.routine)
        name = known.name if known is not None else found.routine
        started, seen = datetime.fromtimestamp(found.started_at), datetime.fromtimestamp(now)
        return f"About {session_words(name, found.set_count, started, seen)}."

    def record_morning(self, rating: int, note: str = "") -> bool:
        """Store the morning answer with the latest session of the last
        :data:`MORNING_HOURS` hours; False when there is none (nothing stored)."""
        store = self._history()
        if store is None:
            return False
        now = self._wall()
        try:
            with store.reading() as conn:
                latest = queries.morning_session(conn, now)
        except _store_errors() as exc:
            raise HistoryProblem(str(exc)) from exc
        if latest is None:
            return False
        store.record_pain("morning", rating, note, latest.id, now)
        return True

    def morning_before(self) -> int | None:
        """The morning answer given in the last :data:`MORNING_FILLS_HOURS` hours, which a
        session starting now takes as its "before" rating (only to be confirmed); None when
        there is none."""
        store = self._history()
        if store is None:
            return None
        now = self._wall()
        try:
            with store.reading() as conn:
                found = queries.latest_morning(conn, now - MORNING_FILLS_HOURS * 3600, now)
        except _store_errors():
            return None
        return found.rating if found is not None else None

    # --------------------------------------------------------- resume policy
    def unfinished(self) -> Unfinished | None:
        """The newest session a crash left unfinished, if any (None when history is unread)."""
        store = self._history()
        if store is None:
            return None
        try:
            left = store.interrupted_sessions()
        except _store_errors():
            return None
        return Unfinished(left[-1], len(left)) if left else None

    def given_doses(self, session_id: str) -> tuple[GivenDose, ...]:
        """The doses the stored session ``session_id`` began with, each with its reason and
        variant (empty: none stored, or history cannot be read): what resuming it shows and
        runs."""
        stored = self._stored(session_id)
        return stored.doses if stored is not None else ()

    def keep_partial(self) -> None:
        """Close every unfinished session as partial, ending each at its last set."""
        store = self._history()
        if store is None:
            return
        try:
            for other in store.interrupted_sessions():
                store.mark_partial(other.summary.id)
        except _store_errors() as exc:
            raise HistoryProblem(str(exc)) from exc

    # ------------------------------------------------------------- sessions
    def begin(
        self,
        request: SessionRequest,
        *,
        before: PainAnswer | None = None,
        on_event: Callable[[Event], None] | None = None,
    ) -> ActiveSession:
        """Plan ``request``, open it in history (or go on in the stored session it resumes)
        and build its runner; the caller starts it. ``before`` is the check-in given first.

        A session that cannot be resumed (deleted meanwhile, unreadable) is saved as a new
        one with the whole routine planned. Raises ValueError, with a sentence for the
        user, when the routine cannot be planned; nothing is stored then.
        """
        resume = request.resume
        advice = self.advise(request.routine, request.context, request.choices)
        choices, reasons = self._coached(advice, request.choices)
        easier = coaching.variants(a.given() for a in advice)
        if resume is None:
            plan = self.plan(
                request.routine, request.context, choices, reasons=reasons, variants=easier
            )
        else:
            given = self.given_doses(resume.session_id)
            plan = self.plan(
                request.routine,
                request.context,
                request.choices or {g.exercise: g.level.choice() for g in given},
                resume.done,
                variants=coaching.variants(given),
            )
        store = self._history()
        history_id: str | None = None
        resume_problem: str | None = None
        if store is not None and resume is not None:
            try:
                store.resume_session(resume.session_id)
                history_id = resume.session_id
            except KeyError:
                resume_problem = GONE
            except _store_errors() as exc:
                resume_problem = str(exc)
        resumed = history_id is not None
        if resume is not None and not resumed:  # all of the routine, in a new session
            plan = self.plan(
                request.routine, request.context, choices, reasons=reasons, variants=easier
            )
        if store is not None and history_id is None:
            history_id = store.start_session(
                plan.routine, plan.context, self._wall(), plan_summary(plan, self.speed)
            )
            store.record_doses([a.given() for a in advice], history_id)
        session = Session(plan, self._clock, speed=self.speed)
        speaker = self._speaker()
        runner = SessionRunner(
            session,
            self._clock,
            speaker,
            real_clock=self._real,
            speed=self.speed,
            history=store if history_id is not None else None,
            history_id=history_id,
            on_event=on_event,
            seconds_of=self._lengths().seconds_of if self._lengths is not None else None,
        )
        active = ActiveSession(
            runner,
            completed=resume.done if resume is not None and resumed else frozenset(),
            resumed=resumed,
            resume_problem=resume_problem,
            speaker=speaker,
            dropped_before=voice_drops(speaker),
            advice=advice if not resumed else (),
        )
        if before is not None:
            active.rated_before = before[0]
            self.record_pain(active, "before", before)
        elif resumed:
            active.rated_before = self._stored_rating(history_id, "before")
        return active

    @staticmethod
    def _coached(
        advice: Iterable[Advice], choices: Mapping[str, DoseChoice] | None
    ) -> tuple[dict[str, DoseChoice], dict[str, str]]:
        """The plan's choices from ``advice`` (each keeping its rep mode from ``choices``),
        and the reasons to say."""
        picked = choices or {}
        doses = {}
        for a in advice:
            mode = picked[a.exercise].rep_mode if a.exercise in picked else "tempo"
            doses[a.exercise] = a.choice(mode)
        return doses, {a.exercise: a.reason for a in advice}

    def record_pain(self, active: ActiveSession, moment: str, answer: PainAnswer) -> None:
        """Store a check-in with ``active``'s session (kept in memory if it cannot be
        written yet, like a set)."""
        store = self._history()
        if store is None or active.history_id is None:
            return
        rating, note = answer
        store.record_pain(moment, rating, note, session_id=active.history_id)

    def after(self, active: ActiveSession, answer: PainAnswer) -> PainAdvice | None:
        """Store the check-in after ``active`` and return the advice its two ratings give."""
        self.record_pain(active, "after", answer)
        return pain_advice(active.rated_before, answer[0])

    def _stored_rating(self, session_id: str | None, moment: str) -> int | None:
        record = self._stored(session_id) if session_id is not None else None
        return record.rating(moment) if record is not None else None

    def _stored(self, session_id: str) -> SessionRecord | None:
        """The stored session ``session_id`` (None: not there, or history cannot be read)."""
        store = self._history()
        if store is None:
            return None
        try:
            return store.session_detail(session_id)
        except _store_errors():
            return None

    # ----------------------------------------------------------- unsaved sets
    @property
    def unsaved_sets(self) -> int:
        """Sets kept in memory because history could not be written yet."""
        store = self._history()
        return store.pending_sets if store is not None else 0

    @property
    def has_unsaved(self) -> bool:
        """Whether any write (a set, a check-in, a session's end) waits in memory."""
        store = self._history()
        return store is not None and store.has_pending

    def retry_unsaved(self) -> bool:
        """Try to write what is kept; True when nothing is left in memory."""
        store = self._history()
        return store is None or store.flush()

    def export_unsaved(self, path: Path) -> int:
        """Write what is kept to an importable file at ``path``; returns the number of sets.

        Raises OSError when the file cannot be written.
        """
        from backcoach.storage.export import export_pending

        store = self._history()
        return export_pending(store, path) if store is not None else 0

    def save_unsaved(self) -> str | None:
        """On the way out: write what is kept, or else put it in a file to import later.

        Returns the sentence that says where it went, or None when all is in history.
        """
        from backcoach.storage.export import save_unsaved, unsaved_message

        store = self._history()
        if store is None or not store.has_pending or store.flush():
            return None
        sets = store.pending_sets
        folder = store.path.parent
        return unsaved_message(save_unsaved(store, folder), sets, folder)
