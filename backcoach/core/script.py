"""What the voice says in each phase, and when, so that no two cues overlap.

Each phase gets a list of :class:`Line` objects: a sentence, its cue kind and
its moment, anchored to the phase start or to its end (end-anchored lines,
such as the 3-2-1 countdown, move when the user adds time). :func:`fit`
turns lines into :class:`~backcoach.core.cues.Cue` objects at offsets from
the phase start: higher-priority lines are placed first, a lower-priority
line may slip later by at most its ``slack``, and a line that still collides
with another (by :func:`estimate_seconds`) or would run past the end of the
phase is left out. Countdown numbers and rep counts never move.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from backcoach.core.cues import Cue
from backcoach.core.phases import Phase

if TYPE_CHECKING:
    from backcoach.content.model import Exercise

DEFAULT_RATE_WPM = 165.0
"""Speech rate assumed when none is given; the same as the voice setting's default."""

GAP = 0.3
"""Silence kept between two lines spoken one after the other."""

COUNTDOWN = 3
"""Timed phases end on a spoken "3", "2", "1"."""

FORM_CUE_EVERY = 20.0
"""Long holds get a form or breathing reminder about this often."""

TEN_LEFT_MIN_HOLD = 28
"""Holds shorter than this skip "10 seconds left": it would crowd the halfway cue."""

SELF_PACED_FORM_CUE_AT = 10.0

_WORD = re.compile(r"[\w'’]+")
_COMMA = re.compile(r",(?=\s*\S)")
_STOP = re.compile(r"[.;:!?](?=\s*\S)")


def estimate_seconds(text: str, rate_wpm: float = DEFAULT_RATE_WPM) -> float:
    """Roughly how long ``text`` takes to say at ``rate_wpm`` words per minute.

    Fitted to espeak-ng's output: a short onset, about 0.9 of the nominal
    time per word (a number of three or more digits counts as three), a
    pause at each comma and a longer one at each full stop or colon inside
    the text, and a closing pause after a final full stop.
    """
    stripped = text.strip()
    words = sum(3 if w.isdigit() and len(w) >= 3 else 1 for w in _WORD.findall(stripped))
    commas = len(_COMMA.findall(stripped))
    stops = len(_STOP.findall(stripped))
    closing = 0.3 if stripped.endswith((".", "!", "?")) else 0.0
    return 0.3 + 0.9 * words * 60.0 / rate_wpm + 0.15 * commas + 0.35 * stops + closing


@dataclass(frozen=True)
class Line:
    """A sentence planned for a phase, before fitting.

    ``at`` is seconds after the phase start, or before its end when
    ``from_end`` is set. ``slack`` is how much later than ``at`` the line may
    start if something more important is being said.
    """

    text: str
    kind: str
    at: float
    from_end: bool = False
    priority: int = 1
    critical: bool = False
    slack: float = 0.0


def fit(
    lines: Sequence[Line],
    duration: float | None,
    rate_wpm: float = DEFAULT_RATE_WPM,
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
    for due, line in sorted(wanted, key=lambda w: (-w[1].priority, w[0])):
        length = estimate_seconds(line.text, rate_wpm)
        start = _first_free(placed, due, line.slack, length, duration, not_before)
        if start is not None:
            placed.append((start, start + length, line))
    return [
        Cue(line.text, line.kind, start, priority=line.priority, critical=line.critical)
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
        if duration is not None and start + length > duration:
            break
        if all(start + length <= a or b <= start for a, b, _ in placed):
            return start
    return None


def needed_seconds(lines: Sequence[Line], rate_wpm: float = DEFAULT_RATE_WPM) -> float:
    """The shortest phase in which the start-anchored and end-anchored lines all fit."""
    head = max(
        (ln.at + estimate_seconds(ln.text, rate_wpm) for ln in lines if not ln.from_end),
        default=0.0,
    )
    tail = max((ln.at for ln in lines if ln.from_end), default=0.0)
    return head + GAP + tail


def _chain(
    texts: Sequence[tuple[str, str]], rate_wpm: float, *, from_end: float | None = None
) -> list[Line]:
    """Lines said one after the other: from the start, or so the last ends ``from_end`` s early."""
    lines: list[Line] = []
    if from_end is None:
        t = 0.0
        for text, kind in texts:
            lines.append(Line(text, kind, t, priority=2, slack=2.0))
            t += estimate_seconds(text, rate_wpm) + GAP
        return lines
    t = from_end
    for text, kind in reversed(texts):
        t += estimate_seconds(text, rate_wpm) + GAP
        lines.append(Line(text, kind, t, from_end=True, priority=2))
    return lines[::-1]


def _countdown() -> list[Line]:
    return [
        Line(str(n), "count", float(n), from_end=True, priority=3, critical=True)
        for n in range(COUNTDOWN, 0, -1)
    ]


def _setup_text(exercise: Exercise) -> str:
    step = exercise.steps[0]
    return step.spoken or step.text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1] in ".!?" else f"{text}."


def _set_and_side(phase: Phase) -> str:
    """For example "set 2 of 3, left side", "left side" or "set 2 of 3"."""
    parts = []
    if phase.total_sets > 1:
        parts.append(f"set {phase.set_number} of {phase.total_sets}")
    if phase.side != "both":
        parts.append(f"{phase.side} side")
    return ", ".join(parts)


def _dose_words(phase: Phase, exercise: Exercise) -> str:
    each = " each side" if exercise.per_side else ""
    if phase.mode == "hold":
        return f"{phase.duration:g} second hold{each}"
    return f"{phase.target_reps} reps{each}"


def _weight_words(phase: Phase) -> str | None:
    if phase.weight is None:
        return None
    unit = {"kg": "kilo", "lb": "pound"}.get(phase.weight_unit or "", phase.weight_unit or "")
    return f"Use {phase.weight:g} {unit} dumbbells."


def _get_ready(phase: Phase, exercise: Exercise, rate_wpm: float) -> list[Line]:
    texts = [(exercise.intro, "intro"), (_sentence(_setup_text(exercise)), "setup")]
    weight = _weight_words(phase)
    if weight:
        texts.append((weight, "info"))
    where = _set_and_side(phase)
    if where:
        kind = "set" if phase.total_sets > 1 else "side"
        first = " first" if phase.side != "both" else ""
        texts.append((f"{where[0].upper()}{where[1:]}{first}.", kind))
    return _chain(texts, rate_wpm) + _countdown()


def _switch(phase: Phase) -> list[Line]:
    return [Line(f"Switch sides: {phase.side} side.", "side", 0.0, priority=2, slack=1.0)]


def _rest(
    phase: Phase, work: Phase, exercise: Exercise, new_exercise: bool, rate_wpm: float
) -> list[Line]:
    """Rest before ``work``, the next work phase."""
    duration = phase.duration or 0.0
    lines = [Line(f"Rest {duration:g} seconds.", "rest", 0.0, priority=2, slack=1.0)]
    if new_exercise:
        texts = [(f"Next up: {exercise.name}, {_dose_words(work, exercise)}.", "next")]
    else:
        texts = [
            (f"Next up: {_set_and_side(phase)}.", "next"),
            (_sentence(_setup_text(exercise)), "setup"),
        ]
    return lines + _chain(texts, rate_wpm, from_end=COUNTDOWN + GAP)


def _reminders(exercise: Exercise, phase: Phase) -> list[tuple[str, str]]:
    """Form and breathing cues, rotated so that each set starts on a different one."""
    pool = [(t, "form") for t in exercise.form_cues] + [
        (t, "breath") for t in exercise.breathing_cues
    ]
    turn = (phase.set_number - 1) * 2 + (phase.side == "right")
    return pool[turn % len(pool) :] + pool[: turn % len(pool)] if pool else []


def _hold(phase: Phase, exercise: Exercise) -> list[Line]:
    hold = phase.duration or 0.0
    lines = [Line(f"Hold for {hold:g} seconds.", "info", 0.0, priority=2, slack=1.0)]
    marks = [hold / 2]
    if hold >= 10:
        lines.append(Line("Halfway.", "halfway", hold / 2, priority=2, slack=1.5))
    if hold >= TEN_LEFT_MIN_HOLD:
        lines.append(Line("10 seconds left.", "remaining", 10.0, from_end=True, priority=2))
        marks.append(hold - 10)
    reminders = iter(_reminders(exercise, phase))
    t = FORM_CUE_EVERY
    while t <= hold - COUNTDOWN - 10:
        if all(abs(t - m) >= 5 for m in marks):
            reminder = next(reminders, None)
            if reminder is None:
                break
            lines.append(Line(reminder[0], reminder[1], t, priority=1, slack=5.0))
        t += FORM_CUE_EVERY
    return lines + _countdown()


def _tempo(phase: Phase, exercise: Exercise) -> list[Line]:
    reps = phase.target_reps or 0
    per_rep = phase.rep_seconds or 0.0
    tempo = exercise.dose.tempo
    lines: list[Line] = []
    for i in range(reps):
        start = i * per_rep
        count = "Last rep" if i == reps - 1 and reps > 1 else f"Rep {i + 1} of {reps}"
        words = list(tempo)
        if words and words[0].at == 0:
            count = f"{count}. {words.pop(0).text}"
        lines.append(Line(count, "rep", start, priority=3, critical=True))
        lines.extend(
            Line(w.text, w.kind, start + w.at, priority=2, critical=True, slack=0.5) for w in words
        )
    return lines


def _self_paced(phase: Phase, exercise: Exercise) -> list[Line]:
    lines = [
        Line(
            f"{phase.target_reps} reps at your own pace. Press done when you finish.",
            "info",
            0.0,
            priority=2,
            slack=1.0,
        )
    ]
    reminder = next(iter(_reminders(exercise, phase)), None)
    if reminder:
        lines.append(Line(reminder[0], reminder[1], SELF_PACED_FORM_CUE_AT, slack=5.0))
    return lines


def phase_lines(
    phases: Sequence[Phase],
    index: int,
    exercises: Mapping[str, Exercise],
    rate_wpm: float = DEFAULT_RATE_WPM,
) -> list[Line]:
    """The lines for ``phases[index]`` (the finish summary is made by the session)."""
    phase = phases[index]
    if phase.kind == "finished":
        return []
    exercise = exercises[phase.exercise]
    if phase.kind == "get-ready":
        return _get_ready(phase, exercise, rate_wpm)
    if phase.kind == "switch-sides":
        return _switch(phase) + _countdown()
    if phase.kind == "rest":
        new_exercise = index + 1 < len(phases) and phases[index + 1].kind == "get-ready"
        work = next(p for p in phases[index + 1 :] if p.is_work)
        return _rest(phase, work, exercise, new_exercise, rate_wpm) + _countdown()
    if phase.mode == "hold":
        return _hold(phase, exercise)
    if phase.mode == "tempo":
        return _tempo(phase, exercise)
    return _self_paced(phase, exercise)


def describe(phase: Phase, exercises: Mapping[str, Exercise]) -> str:
    """A short label for the screen, such as "Low lunge · left side · set 1 of 2"."""
    if phase.kind == "finished":
        return "Finish"
    parts = [exercises[phase.exercise].name]
    if phase.side != "both":
        parts.append(f"{phase.side} side")
    parts.append(f"set {phase.set_number} of {phase.total_sets}")
    return " · ".join(parts)


def duration_words(seconds: float) -> str:
    """ "45 seconds", "1 minute", "9 minutes"."""
    if seconds < 90:
        n = max(1, round(seconds))
        return f"{n} second{'s' * (n != 1)}"
    minutes = round(seconds / 60)
    return f"{minutes} minute{'s' * (minutes != 1)}"


def summary_text(sets: int, seconds: float, ended_early: bool) -> str:
    """The spoken finish, such as "Routine complete: 5 sets in 9 minutes. Well done."."""
    done = f"{sets} set{'s' * (sets != 1)} in {duration_words(seconds)}"
    if not ended_early:
        return f"Routine complete: {done}. Well done."
    if sets == 0:
        return "Session ended. No sets done this time."
    return f"Session ended early: {done}. Good work."


def round_up(seconds: float, step: int = 1) -> float:
    """Round a phase length up to whole seconds, or to a multiple of ``step``."""
    return float(math.ceil(seconds / step - 1e-9) * step)
