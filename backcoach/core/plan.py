"""Turn a routine, a context and the user's dose choices into an ordered list of phases.

Per exercise: *get ready* (intro, setup step, countdown), then each set as a
*work* phase per side (left, then right) with *switch sides* between the
sides and *rest* between sets; a *rest* with "next up" leads to the next
exercise; the plan ends with *finished*. Announcement phases are lengthened
when their words would not fit before the countdown, and a guided rep lasts as
long as its words (:func:`backcoach.core.script.rep_layout`), at the chosen voice
and verbosity: the lengths come from ``seconds_of`` (by default the estimate at
``rate_wpm``), so slower speech makes longer phases and reps, never emptier ones.

    plan = build_plan(content, "after-run", "after-run", {"low-lunge": DoseChoice(hold_seconds=90)})
    plan.total_seconds, plan.work_seconds
    done = {("low-lunge", "left", 1)}
    resumed = build_plan(content, "after-run", "after-run", skip_completed=done)
    easier = build_plan(content, "after-run", "after-run", variants={"dead-bug": "heel-taps"})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial

from backcoach.content.model import CONTEXTS, WEIGHT_UNITS, Content, Exercise
from backcoach.core import script
from backcoach.core.cues import DEFAULT_VERBOSITY, VERBOSITIES
from backcoach.core.phases import Phase, SetKey
from backcoach.core.script import SecondsOf, Speech

REP_MODES = ("tempo", "self")
"""Guided tempo (the voice leads each rep) or self-paced (the user says done)."""

GET_READY_SECONDS = 10
SWITCH_SECONDS = 5
REST_BETWEEN_SETS = {"hold": 15, "reps": 30}
"""A short breather between stretches, a real rest between strength sets."""
REST_BETWEEN_EXERCISES = 20


@dataclass(frozen=True)
class DoseChoice:
    """What the user picked for one exercise; None keeps the content's default.

    Values outside the exercise's ranges are clamped into them. ``weight_unit``
    is "kg" or "lb" (None: the content's unit); it applies only to a weighed exercise.
    """

    hold_seconds: int | None = None
    sets: int | None = None
    reps: int | None = None
    rep_mode: str = "tempo"
    weight: float | None = None
    weight_unit: str | None = None


@dataclass(frozen=True)
class ExerciseDose:
    """The resolved dose of one exercise in a plan (``rep_seconds``: the content's tempo,
    the shortest a guided rep lasts)."""

    exercise: str
    mode: str  # "hold", "tempo" or "self"
    sets: int
    hold_seconds: int | None = None
    reps: int | None = None
    rep_seconds: float | None = None
    weight: float | None = None
    weight_unit: str | None = None


@dataclass(frozen=True)
class Plan:
    """An ordered, immutable list of phases plus what built it.

    ``speech`` is how its lines are said (verbosity, and each line's length), which
    sized its phases: the session places the cues with it.
    """

    routine: str
    context: str
    phases: tuple[Phase, ...]
    doses: tuple[ExerciseDose, ...]
    exercises: Mapping[str, Exercise] = field(compare=False, repr=False)
    rate_wpm: float = script.DEFAULT_RATE_WPM
    speech: Speech = field(default=script.DEFAULT_SPEECH, compare=False, repr=False)
    reasons: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    """The coach's reason for each exercise's dose (by the id of the exercise run), said
    as it begins."""

    @property
    def verbosity(self) -> str:
        return self.speech.verbosity

    @property
    def seconds_of(self) -> SecondsOf:
        return self.speech.seconds_of

    @property
    def work_phases(self) -> tuple[Phase, ...]:
        return tuple(p for p in self.phases if p.is_work)

    @property
    def work_seconds(self) -> float:
        """Planned work time (self-paced sets estimated)."""
        return sum(p.expected_seconds for p in self.work_phases)

    @property
    def total_seconds(self) -> float:
        """Planned length of the whole session (self-paced sets estimated)."""
        return sum(p.expected_seconds for p in self.phases)

    @property
    def set_count(self) -> int:
        """Number of sets, counting both sides of a set once."""
        return len({(p.exercise, p.set_number) for p in self.work_phases})

    def exercise(self, phase: Phase) -> Exercise | None:
        return self.exercises.get(phase.exercise)

    def next_work(self, index: int) -> Phase | None:
        """The first work phase after ``phases[index]``."""
        return next((p for p in self.phases[index + 1 :] if p.is_work), None)


def _first(*values: int | None) -> int:
    return next(v for v in values if v is not None)


def resolve_dose(
    exercise: Exercise, context: str, routine_sets: int | None, choice: DoseChoice | None
) -> ExerciseDose:
    """Apply the user's choice (clamped) over the routine's and the content's defaults."""
    choice = choice or DoseChoice()
    dose = exercise.dose
    if choice.rep_mode not in REP_MODES:
        raise ValueError(
            f"rep mode for {exercise.id} must be one of {', '.join(REP_MODES)}, "
            f"got {choice.rep_mode!r}"
        )
    if choice.weight_unit is not None and choice.weight_unit not in WEIGHT_UNITS:
        raise ValueError(
            f"weight unit for {exercise.id} must be one of {', '.join(WEIGHT_UNITS)}, "
            f"got {choice.weight_unit!r}"
        )
    sets = dose.sets.clamp(_first(choice.sets, routine_sets, dose.sets.default))
    if dose.mode == "hold":
        hold = dose.hold[context]
        seconds = hold.clamp(_first(choice.hold_seconds, hold.default))
        return ExerciseDose(exercise.id, "hold", sets, hold_seconds=seconds)
    assert dose.reps is not None
    weight = weight_unit = None
    if dose.weight is not None:
        picked = dose.weight.default if choice.weight is None else choice.weight
        weight = max(0.0, float(picked))
        weight_unit = choice.weight_unit or dose.weight.unit
    return ExerciseDose(
        exercise.id,
        choice.rep_mode,
        sets,
        reps=dose.reps.clamp(_first(choice.reps, dose.reps.default)),
        rep_seconds=dose.tempo_seconds if choice.rep_mode == "tempo" else None,
        weight=weight,
        weight_unit=weight_unit,
    )


def build_plan(
    content: Content,
    routine_id: str,
    context: str,
    choices: Mapping[str, DoseChoice] | None = None,
    *,
    skip_completed: Iterable[SetKey] = (),
    rate_wpm: float = script.DEFAULT_RATE_WPM,
    verbosity: str = DEFAULT_VERBOSITY,
    seconds_of: SecondsOf | None = None,
    reasons: Mapping[str, str] | None = None,
    variants: Mapping[str, str] | None = None,
) -> Plan:
    """Build the plan for ``routine_id`` done in ``context``.

    ``variants`` maps a routine item's exercise id to the exercise run in its place (its
    easier variant): its steps, cues and ranges, its id on the phases and sets.
    ``choices`` maps the routine items' exercise ids to the user's picks. ``skip_completed``
    leaves out work already done (to resume). ``verbosity`` is one of
    :data:`~backcoach.core.cues.VERBOSITIES`. ``seconds_of(text)`` is how long a line
    takes to say (default: the estimate at ``rate_wpm``, the speech rate); the
    phases and guided reps are sized with it. ``reasons`` are the coach's, by routine
    item, said after the intro of the exercise run. Raises ValueError with a readable
    message for an unknown routine, context, verbosity, rep mode, weight unit or variant.
    """
    routine = content.routines.get(routine_id)
    if routine is None:
        known = ", ".join(sorted(content.routines)) or "none"
        raise ValueError(f"unknown routine {routine_id!r}; known: {known}")
    if context not in CONTEXTS:
        raise ValueError(f"unknown context {context!r}; known: {', '.join(CONTEXTS)}")
    if verbosity not in VERBOSITIES:
        raise ValueError(f"unknown verbosity {verbosity!r}; known: {', '.join(VERBOSITIES)}")
    speech = Speech(seconds_of or partial(script.estimate_seconds, rate_wpm=rate_wpm), verbosity)
    choices = choices or {}
    run = {i.exercise: (variants or {}).get(i.exercise, i.exercise) for i in routine.items}
    unknown = sorted(set(run.values()) - set(content.exercises))
    if unknown:
        known = ", ".join(sorted(content.exercises))
        raise ValueError(f"unknown variant {unknown[0]!r}; known: {known}")
    exercises = {run[i.exercise]: content.exercises[run[i.exercise]] for i in routine.items}
    doses = tuple(
        resolve_dose(exercises[run[i.exercise]], context, i.sets, choices.get(i.exercise))
        for i in routine.items
    )
    said = {run[item]: reason for item, reason in (reasons or {}).items() if item in run}
    plan = Plan(routine.id, context, (), doses, exercises, rate_wpm, speech, said)
    return _assemble(plan, frozenset(skip_completed))


def _work_step(exercise: Exercise) -> int:
    """The first step done away from the setup position: the one to show during work."""
    setup = exercise.steps[0].position
    return next((i for i, s in enumerate(exercise.steps) if s.position != setup), 0)


def _work(
    exercise: Exercise, dose: ExerciseDose, set_number: int, side: str, speech: Speech
) -> Phase:
    step = _work_step(exercise)
    duration: float | None = None
    rep_seconds = dose.rep_seconds
    rep_ends: tuple[float, ...] = ()
    if dose.mode == "hold":
        duration = float(dose.hold_seconds or 0)
    elif dose.mode == "tempo":
        rep_seconds, rep_ends = script.rep_layout(exercise, dose.reps or 0, speech)
        duration = rep_ends[-1] if rep_ends else 0.0
    return Phase(
        "work",
        exercise.id,
        side,
        set_number,
        dose.sets,
        duration,
        mode=dose.mode,
        target_reps=dose.reps,
        rep_seconds=rep_seconds,
        rep_ends=rep_ends,
        weight=dose.weight,
        weight_unit=dose.weight_unit,
        step_index=step,
        position=exercise.steps[step].position,
    )


def _around(kind: str, work: Phase, seconds: float, exercise: Exercise) -> Phase:
    """A non-work phase leading to ``work``, showing the setup step."""
    return replace(
        work,
        kind=kind,
        duration=float(seconds),
        mode="",
        rep_ends=(),
        step_index=0,
        position=exercise.steps[0].position,
    )


def _assemble(plan: Plan, completed: frozenset[SetKey]) -> Plan:
    """``plan`` (as yet without phases) with its phases, sized for its speech."""
    phases: list[Phase] = []
    for dose in plan.doses:
        exercise = plan.exercises[dose.exercise]
        sides = exercise.sides or ("both",)
        todo = [
            _work(exercise, dose, n, side, plan.speech)
            for n in range(1, dose.sets + 1)
            for side in sides
            if (exercise.id, side, n) not in completed
        ]
        if not todo:
            continue
        if phases:
            phases.append(_around("rest", todo[0], REST_BETWEEN_EXERCISES, exercise))
        phases.append(_around("get-ready", todo[0], GET_READY_SECONDS, exercise))
        for i, work in enumerate(todo):
            if i:
                if work.set_number == todo[i - 1].set_number:
                    phases.append(_around("switch-sides", work, SWITCH_SECONDS, exercise))
                else:
                    rest = REST_BETWEEN_SETS["hold" if dose.mode == "hold" else "reps"]
                    phases.append(_around("rest", work, rest, exercise))
            phases.append(work)
    phases.append(Phase("finished", "", "both", 0, 0, None))
    for i, phase in enumerate(phases):
        if phase.kind in ("get-ready", "switch-sides", "rest"):
            _size(phases, i, plan)
    return replace(plan, phases=tuple(phases))


def _size(phases: list[Phase], index: int, plan: Plan) -> None:
    """Lengthen ``phases[index]`` to the whole seconds its words need (a rest: to a
    multiple of 5). A rest says its own length, so it is sized again until that settles."""
    step = 5 if phases[index].kind == "rest" else 1
    for _ in range(3):
        lines = script.phase_lines(phases, index, plan.exercises, plan.speech, plan.reasons)
        needed = script.round_up(script.needed_seconds(lines, plan.seconds_of), step)
        if needed <= (phases[index].duration or 0.0):
            return
        phases[index] = replace(phases[index], duration=needed)
