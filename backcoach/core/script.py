"""What the voice says in each phase, and when, so that no two cues overlap.

Each phase gets a list of :class:`Line` objects: a sentence, its cue kind, its
:class:`~backcoach.core.cues.Priority` and its moment, anchored to the phase
start or to its end (end-anchored lines, such as the 3-2-1 countdown, move when
the user adds time). The words come from :mod:`backcoach.core.phrases` and the
content; how much is said follows the verbosity of :class:`Speech`:

- ``counts``: essential lines only;
- ``standard``: technique too; of the optional lines, a hold's start, halfway,
  "10 seconds left", a form or breathing reminder at least every
  ``REMINDER_EVERY["standard"]`` seconds and encouragement in rests;
- ``full``: all that, the tempo's breathing words in every rep, and reminders at
  least every ``REMINDER_EVERY["full"]`` seconds.

Where the lines go:

- get ready: the safety line (first phase only), the exercise, the coach's reason
  for its dose (when the plan has one), how to get into position, the weight, the
  set and its amount, then the side by limb and the technique said as the position
  is taken (every step after the first for a hold; the second, the brace, before
  guided or own-pace reps), then 3-2-1;
- switch sides: the new side by limb, the technique, 3-2-1;
- rest: encouragement and the rest's length; before its 3-2-1, what is next
  (named), and for the next set of the same exercise how to get into position;
- hold: its start, halfway, "10 seconds left" (only when at least
  ``MARKS_APART`` seconds after halfway), reminders, 3-2-1;
- guided reps: each rep's count and the tempo's words, at offsets that stretch
  with the rep (see :func:`rep_layout`); the technique steps after the brace
  are said in turn before the count of every third rep from the third (every
  second when there are more steps than such reps);
- own-pace reps: how many, then the technique steps after the brace.

The phases before work are as long as their words need (:func:`needed_seconds`,
used by the plan); a guided rep is as long as its words at the verbosity, plus a
breath; a hold is as long as the user chose. :func:`fit` turns lines into
:class:`~backcoach.core.cues.Cue` objects at offsets from the phase start:
essential lines first, then technique, then optional; fixed lines before movable
ones; a movable line may slip later by at most its ``slack``, and a line that
still collides with another, or would run past the end of the phase, is left
out. All lengths come from ``Speech.seconds_of``.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backcoach.core import phrases
from backcoach.core.cues import COUNT_MAX_LATE, DEFAULT_VERBOSITY, Cue, Priority
from backcoach.core.phases import Phase

if TYPE_CHECKING:
    from backcoach.content.model import Exercise

DEFAULT_RATE_WPM = 165.0
"""Speech rate assumed when none is given; the same as the voice setting's default."""

GAP = 0.3
"""Silence kept between two lines spoken one after the other, and after a rep's words."""

COUNTDOWN = 3
"""Timed phases end on a spoken "3", "2", "1"."""

REMINDER_EVERY = {"standard": 15.0, "full": 10.0}
"""At most this many seconds pass in a hold without a form or breathing reminder."""
REMINDER_AIM = 0.8
"""Reminders aim at this share of the longest wait after the one before, to leave room."""

HALFWAY_MIN_HOLD = 10.0
"""Holds shorter than this go without "Halfway"."""
MARKS_APART = 8.0
"""Seconds at least between "Halfway" and "10 seconds left" (else the latter is left out)."""
TEN_LEFT = 10

TEMPO_MAX_LATE = 0.5
"""A tempo word other than a side is worth saying only this late (seconds), if at all."""

OWN_PACE_REMINDER_AT = 10.0
"""Seconds into an own-pace set (at the earliest) for its one reminder."""

SecondsOf = Callable[[str], float]
"""How long a line takes to say, in seconds."""
Said = tuple[str, str, int]
"""A line not yet placed: (text, cue kind, priority)."""

_WORD = re.compile(r"[\w'’]+")
_COMMA = re.compile(r",(?=\s*\S)")
_STOP = re.compile(r"[.;:!?](?=\s*\S)")


@functools.lru_cache(maxsize=4096)
def estimate_seconds(text: str, rate_wpm: float = DEFAULT_RATE_WPM) -> float:
    """Roughly how long ``text`` takes to say at ``rate_wpm`` words per minute.

    Fitted to espeak-ng's output: a short onset, about 0.9 of the nominal
    time per word (a number of three or more digits counts as three), a
    pause at each comma and a longer one at each full stop or colon inside
    the text, and a closing pause after a final full stop. The lines of a
    session come back often, so recent answers are kept.
    """
    stripped = text.strip()
    words = sum(3 if w.isdigit() and len(w) >= 3 else 1 for w in _WORD.findall(stripped))
    commas = len(_COMMA.findall(stripped))
    stops = len(_STOP.findall(stripped))
    closing = 0.3 if stripped.endswith((".", "!", "?")) else 0.0
    return 0.3 + 0.9 * words * 60.0 / rate_wpm + 0.15 * commas + 0.35 * stops + closing


@dataclass(frozen=True)
class Speech:
    """How the lines are said: how much (``verbosity``) and how long each takes."""

    seconds_of: SecondsOf = estimate_seconds
    verbosity: str = DEFAULT_VERBOSITY

    @property
    def technique(self) -> bool:
        """Whether technique lines (and the optional ones of standard) are said."""
        return self.verbosity != "counts"

    @property
    def full(self) -> bool:
        return self.verbosity == "full"

    @property
    def reminder_every(self) -> float | None:
        """The longest wait for a reminder in a hold; None: no reminders."""
        return REMINDER_EVERY.get(self.verbosity)


DEFAULT_SPEECH = Speech()
"""Estimated lengths at the default rate, standard verbosity."""


@dataclass(frozen=True)
class Line:
    """A sentence planned for a phase, before fitting.

    ``at`` is seconds after the phase start, or before its end when
    ``from_end`` is set. ``slack`` is how much later than ``at`` the line may
    start if something more important is being said. ``critical``, ``priority``
    and ``max_late`` go to the cue (see :class:`~backcoach.core.cues.Cue`).
    """

    text: str
    kind: str
    at: float
    from_end: bool = False
    priority: int = Priority.OPTIONAL
    critical: bool = False
    slack: float = 0.0
    max_late: float = math.inf


def fit(
    lines: Sequence[Line],
    duration: float | None,
    seconds_of: SecondsOf = estimate_seconds,
    not_before: float = 0.0,
) -> list[Cue]:
    """Place ``lines`` in a phase of ``duration`` seconds (None: open-ended).

    Returns cues sorted by ``due``, which is seconds from the phase start.
    Movable lines (``slack`` > 0) do not start before ``not_before``.
    """
    wanted: list[tuple[float, Line]] = []
    for line in lines:
        if line.from_end:
            if duration is None:
                continue
            due = duration - line.at
        else:
            due = line.at
        if due < 0 or (duration is not None and due >= duration):
            continue
        wanted.append((due, line))
    placed: list[tuple[float, float, Line]] = []
    order = sorted(wanted, key=lambda w: (-w[1].priority, not w[1].critical, w[1].slack > 0, w[0]))
    for due, line in order:
        length = seconds_of(line.text)
        start = _first_free(placed, due, line.slack, length, duration, not_before)
        if start is not None:
            placed.append((start, start + length, line))
    return [
        Cue(line.text, line.kind, start, line.priority, line.critical, line.max_late)
        for start, _, line in sorted(placed, key=lambda p: p[0])
    ]


def _first_free(
    placed: Sequence[tuple[float, float, Line]],
    due: float,
    slack: float,
    length: float,
    duration: float | None,
    not_before: float,
) -> float | None:
    earliest = max(due, not_before) if slack > 0 else due
    candidates = sorted({earliest, *(end for _, end, _ in placed if earliest < end <= due + slack)})
    for start in candidates:
        if start > due + slack:
            break
        if duration is not None and start + length > duration + 1e-9:
            break
        if all(start + length <= a + 1e-9 or b <= start + 1e-9 for a, b, _ in placed):
            return start
    return None


def needed_seconds(lines: Sequence[Line], seconds_of: SecondsOf = estimate_seconds) -> float:
    """The shortest phase in which the start-anchored and end-anchored lines all fit."""
    head = max((ln.at + seconds_of(ln.text) for ln in lines if not ln.from_end), default=0.0)
    tail = max((ln.at for ln in lines if ln.from_end), default=0.0)
    return head + GAP + tail


def _chain(
    said: Sequence[Said], seconds_of: SecondsOf, *, from_end: float | None = None
) -> list[Line]:
    """Lines said one after the other: from the start, or so the last ends ``from_end`` s early."""
    lines: list[Line] = []
    if from_end is None:
        t = 0.0
        for text, kind, priority in said:
            lines.append(Line(text, kind, t, priority=priority, slack=2.0))
            t += seconds_of(text) + GAP
        return lines
    t = from_end
    for text, kind, priority in reversed(said):
        t += seconds_of(text) + GAP
        lines.append(Line(text, kind, t, from_end=True, priority=priority))
    return lines[::-1]


def _countdown(numbers: int = COUNTDOWN) -> list[Line]:
    return [
        Line(
            phrases.count(n),
            "count",
            float(n),
            from_end=True,
            priority=Priority.ESSENTIAL,
            critical=True,
            max_late=COUNT_MAX_LATE,
        )
        for n in range(numbers, 0, -1)
    ]


def _essential(text: str, kind: str) -> Said:
    return (text, kind, Priority.ESSENTIAL)


def side_words(exercise: Exercise, side: str) -> str:
    """How the voice names ``side`` of ``exercise``: by limb, else "Left side"."""
    return exercise.side_words.get(side) or phrases.side_fallback(side)


def _setup(exercise: Exercise) -> Said:
    return _essential(phrases.sentence(exercise.steps[0].words), "setup")


def _amount(work: Phase, exercise: Exercise) -> str:
    mode = "hold" if work.mode == "hold" else "reps"
    amount = work.duration if work.mode == "hold" else work.target_reps
    return phrases.dose(mode, amount or 0, exercise.per_side)


def _technique(work: Phase, exercise: Exercise, speech: Speech) -> list[Said]:
    """Said as the position for ``work`` is taken: every step after the first before a
    hold, the second (the brace) before reps."""
    if not speech.technique:
        return []
    steps = exercise.steps[1:] if work.mode == "hold" else exercise.steps[1:2]
    return [(phrases.sentence(s.words), "form", Priority.TECHNIQUE) for s in steps]


def _into_position(work: Phase, exercise: Exercise, speech: Speech) -> list[Said]:
    """The side by limb (for a sided exercise), then the technique."""
    said = _technique(work, exercise, speech)
    if work.side != "both":
        said.insert(0, _essential(phrases.sentence(side_words(exercise, work.side)), "side"))
    return said


def _get_ready(
    index: int, work: Phase, exercise: Exercise, speech: Speech, reason: str
) -> list[Line]:
    said = [_essential(phrases.safety(), "safety")] if index == 0 else []
    said.append(_essential(exercise.intro, "intro"))
    if reason:
        said.append(_essential(reason, "info"))
    said.append(_setup(exercise))
    if work.weight is not None:
        said.append(_essential(phrases.weight(work.weight, work.weight_unit or ""), "info"))
    amount = _amount(work, exercise)
    said.append(_essential(phrases.set_start(work.set_number, work.total_sets, amount), "set"))
    said += _into_position(work, exercise, speech)
    return _chain(said, speech.seconds_of) + _countdown()


def _switch(work: Phase, exercise: Exercise, speech: Speech) -> list[Line]:
    said = [_essential(phrases.switch_sides(side_words(exercise, work.side)), "side")]
    said += _technique(work, exercise, speech)
    return _chain(said, speech.seconds_of) + _countdown()


def _rest(
    phase: Phase, work: Phase, exercise: Exercise, new_exercise: bool, turn: int, speech: Speech
) -> list[Line]:
    """Rest before ``work``, the next work phase; ``turn`` counts the rests before it."""
    start: list[Said] = []
    if speech.technique:
        start.append((phrases.encouragement(turn), "info", Priority.OPTIONAL))
    start.append(_essential(phrases.rest(phase.duration or 0.0), "rest"))
    if new_exercise:
        end = [_essential(phrases.next_exercise(exercise.name, _amount(work, exercise)), "next")]
    else:
        text = phrases.next_set(exercise.name, work.set_number, work.total_sets)
        end = [_essential(text, "next"), _setup(exercise)]
        end += _into_position(work, exercise, speech)
    seconds_of = speech.seconds_of
    return (
        _chain(start, seconds_of) + _chain(end, seconds_of, from_end=COUNTDOWN + GAP) + _countdown()
    )


def _reminders(exercise: Exercise, phase: Phase) -> list[tuple[str, str]]:
    """Form and breathing cues, rotated so that each set starts on a different one."""
    pool = [(t, "form") for t in exercise.form_cues] + [
        (t, "breath") for t in exercise.breathing_cues
    ]
    turn = (phase.set_number - 1) * 2 + (phase.side == "right")
    return pool[turn % len(pool) :] + pool[: turn % len(pool)] if pool else []


def _free_near(
    target: float,
    after: float,
    latest: float,
    length: float,
    busy: Sequence[tuple[float, float]],
    until: float,
) -> float | None:
    """The start nearest ``target``, after ``after`` and at most ``latest``, for a line of
    ``length`` that keeps ``GAP`` from every ``busy`` span and ends by ``until``."""
    candidates = {target, latest, *(b + GAP for _, b in busy), *(a - GAP - length for a, _ in busy)}
    free = [
        t
        for t in candidates
        if after < t <= latest
        and t + length <= until
        and all(t + length + GAP <= a or b + GAP <= t for a, b in busy)
    ]
    return min(free, key=lambda t: (abs(t - target), t), default=None)


def _hold(phase: Phase, exercise: Exercise, speech: Speech) -> list[Line]:
    hold = phase.duration or 0.0
    numbers = min(COUNTDOWN, math.floor(hold))
    lines = _countdown(numbers)
    every = speech.reminder_every
    if every is None:
        return lines
    seconds_of = speech.seconds_of
    marks = [(phrases.hold_start(hold), "info", 0.0)]
    if hold >= HALFWAY_MIN_HOLD:
        marks.append((phrases.halfway(), "halfway", hold / 2))
        if hold / 2 - TEN_LEFT >= MARKS_APART:
            marks.append((phrases.seconds_left(TEN_LEFT), "remaining", hold - TEN_LEFT))
    busy = [(at, at + seconds_of(text)) for text, _, at in marks]
    for text, kind, at in marks:  # "10 seconds left" keeps to the end when time is added
        left = kind == "remaining"
        lines.append(
            Line(text, kind, hold - at if left else at, from_end=left, priority=Priority.OPTIONAL)
        )
    pool = _reminders(exercise, phase)
    turn, last = 0, 0.0
    while pool and hold - last > every:
        for tried in range(len(pool)):  # in turn; one that does not fit lets a shorter one try
            text, kind = pool[(turn + tried) % len(pool)]
            length = seconds_of(text)
            aim = last + every * REMINDER_AIM
            start = _free_near(aim, last, last + every, length, busy, hold - numbers - GAP)
            if start is not None:
                break
        if start is None:
            break
        lines.append(Line(text, kind, start, priority=Priority.OPTIONAL))
        busy.append((start, start + length))
        turn, last = turn + tried + 1, start
    return lines


def _tempo_words(exercise: Exercise, speech: Speech) -> list[tuple[float, list[Said]]]:
    """A rep's words at the verbosity, grouped by their offset in the content's tempo;
    the first group is at 0 (where the rep's count goes)."""
    groups: dict[float, list[Said]] = {0.0: []}
    for cue in exercise.dose.tempo:
        priority = Priority.named(cue.priority)
        if priority == Priority.TECHNIQUE and not speech.technique:
            continue
        if priority == Priority.OPTIONAL and not speech.full:
            continue
        text = side_words(exercise, cue.side) if cue.side else cue.text
        groups.setdefault(cue.at, []).append((text, cue.kind, priority))
    return sorted(groups.items())


def _later_steps(exercise: Exercise, speech: Speech) -> list[str]:
    """The technique said during reps: the steps after the brace."""
    return [phrases.sentence(s.words) for s in exercise.steps[2:]] if speech.technique else []


def _spread(exercise: Exercise, reps: int, speech: Speech) -> list[list[str]]:
    """For each rep, the technique steps said before its count: the steps after the brace,
    in turn, before every third rep from the third (every second when there are more steps
    than such reps; those left over go before the last rep)."""
    before: list[list[str]] = [[] for _ in range(reps)]
    steps = _later_steps(exercise, speech)
    if not steps or not reps:
        return before
    step = 3 if len(range(2, reps, 3)) >= len(steps) else 2
    slots = list(range(min(2, reps - 1), reps, step))
    for i in range(max(len(steps), len(slots))):
        before[slots[min(i, len(slots) - 1)]].append(steps[i % len(steps)])
    return before


def rep_layout(exercise: Exercise, reps: int, speech: Speech) -> tuple[float, tuple[float, ...]]:
    """How long a guided rep of ``exercise`` lasts, and when each of ``reps`` reps ends.

    The first is the content's tempo stretched (never shrunk) so that each group of
    words fits before the next group's offset, stretched alike, with ``GAP`` of
    silence after each line; the count opens the first group. A rep whose count
    has technique steps before it is longer by the time they take. Lengths are
    rounded up to eighths of a second.
    """
    tempo = exercise.dose.tempo_seconds or 0.0
    seconds_of = speech.seconds_of
    groups = _tempo_words(exercise, speech)
    count = max(seconds_of(phrases.rep(n, reps)) for n in range(1, reps + 1)) + GAP
    stretch = 1.0
    for i, (at, said) in enumerate(groups):
        width = (groups[i + 1][0] if i + 1 < len(groups) else tempo) - at
        need = sum(seconds_of(text) + GAP for text, _, _ in said) + (count if i == 0 else 0.0)
        stretch = max(stretch, need / width)
    rep_seconds = _eighths_up(tempo * stretch)
    ends = itertools.accumulate(
        _eighths_up(sum(seconds_of(text) + GAP for text in lead)) + rep_seconds
        for lead in _spread(exercise, reps, speech)
    )
    return rep_seconds, tuple(ends)


def _eighths_up(seconds: float) -> float:
    """``seconds`` rounded up to an eighth: such lengths add up exactly, so the phases after
    the reps still start on whole seconds."""
    return math.ceil(seconds * 8 - 1e-6) / 8


def _tempo(phase: Phase, exercise: Exercise, speech: Speech) -> list[Line]:
    reps = phase.target_reps or 0
    rep_seconds = phase.rep_seconds or 0.0
    tempo = exercise.dose.tempo_seconds or rep_seconds
    stretch = rep_seconds / tempo if tempo else 1.0
    seconds_of = speech.seconds_of
    lines: list[Line] = []
    start = 0.0
    for rep, lead in enumerate(_spread(exercise, reps, speech), 1):
        t = start
        for text in lead:
            lines.append(Line(text, "form", t, priority=Priority.TECHNIQUE))
            t += seconds_of(text) + GAP
        moving = phase.rep_end(rep) - rep_seconds
        for i, (at, said) in enumerate(_tempo_words(exercise, speech)):
            t = moving + at * stretch
            if i == 0:
                count = phrases.rep(rep, reps)
                lines.append(Line(count, "rep", t, priority=Priority.ESSENTIAL, critical=True))
                t += seconds_of(count) + GAP
            for text, kind, priority in said:
                essential = priority >= Priority.ESSENTIAL
                late = math.inf if essential else TEMPO_MAX_LATE
                lines.append(
                    Line(text, kind, t, priority=priority, critical=essential, max_late=late)
                )
                t += seconds_of(text) + GAP
        start = phase.rep_end(rep)
    return lines


def _own_pace(phase: Phase, exercise: Exercise, speech: Speech) -> list[Line]:
    said = [_essential(phrases.own_pace(phase.target_reps or 0), "info")]
    said += [(text, "form", Priority.TECHNIQUE) for text in _later_steps(exercise, speech)]
    lines = _chain(said, speech.seconds_of)
    reminder = next(iter(_reminders(exercise, phase)), None)
    if reminder and speech.technique:
        end = max(ln.at + speech.seconds_of(ln.text) for ln in lines) + GAP
        at = max(OWN_PACE_REMINDER_AT, end)
        lines.append(Line(reminder[0], reminder[1], at, priority=Priority.OPTIONAL, slack=5.0))
    return lines


def phase_lines(
    phases: Sequence[Phase],
    index: int,
    exercises: Mapping[str, Exercise],
    speech: Speech = DEFAULT_SPEECH,
    reasons: Mapping[str, str] | None = None,
) -> list[Line]:
    """The lines for ``phases[index]`` (the finish summary is made by the session);
    ``reasons``: the coach's, by exercise id, said once as each exercise begins."""
    phase = phases[index]
    if phase.kind == "finished":
        return []
    exercise = exercises[phase.exercise]
    if phase.kind == "get-ready":
        reason = (reasons or {}).get(phase.exercise, "")
        return _get_ready(index, phases[index + 1], exercise, speech, reason)
    if phase.kind == "switch-sides":
        return _switch(phases[index + 1], exercise, speech)
    if phase.kind == "rest":
        new_exercise = index + 1 < len(phases) and phases[index + 1].kind == "get-ready"
        work = next(p for p in phases[index + 1 :] if p.is_work)
        turn = sum(p.kind == "rest" for p in phases[:index])
        return _rest(phase, work, exercise, new_exercise, turn, speech)
    if phase.mode == "hold":
        return _hold(phase, exercise, speech)
    if phase.mode == "tempo":
        return _tempo(phase, exercise, speech)
    return _own_pace(phase, exercise, speech)


def describe(phase: Phase, exercises: Mapping[str, Exercise]) -> str:
    """A short label for the screen, such as "Low lunge · left side · set 1 of 2"."""
    if phase.kind == "finished":
        return "Finish"
    parts = [exercises[phase.exercise].name]
    if phase.side != "both":
        parts.append(f"{phase.side} side")
    parts.append(f"set {phase.set_number} of {phase.total_sets}")
    return " · ".join(parts)


def round_up(seconds: float, step: int = 1) -> float:
    """Round a phase length up to whole seconds, or to a multiple of ``step``."""
    return float(math.ceil(seconds / step - 1e-9) * step)
