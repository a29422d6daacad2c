"""Whole routines from start to finish, spoken by a voice that follows the voice worker's own
rules and whose every line lasts its length: every routine × context × rate × verbosity, on a
fake clock, in milliseconds."""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Callable

import pytest

from backcoach.content import CONTEXTS, load_content
from backcoach.core import script
from backcoach.core.cues import VERBOSITIES, Priority
from backcoach.core.plan import Plan, build_plan
from tests.helpers.lengths import fixture_seconds
from tests.voice.queue_voice import QueueVoice, run_routine

CONTENT = load_content()
ROUTINES = sorted(CONTENT.routines)
RATES = (130, 165, 220)

SecondsOf = Callable[[str], float]
LENGTHS: dict[str, Callable[[int], SecondsOf]] = {"measured": fixture_seconds}
"""How long each line lasts, as a function of the rate: the lengths espeak-ng measured for
every bundled line (tests/fixtures/line_lengths.json). Another source is one more entry;
every test below runs with each."""


def planned(plan: Plan) -> Counter[int]:
    """How many lines of each priority the plan's phases hold."""
    return Counter(
        line.priority
        for index in range(len(plan.phases))
        for line in script.phase_lines(plan.phases, index, plan.exercises, plan.speech)
    )


@functools.cache
def spoken_routine(
    routine: str, context: str, rate: int, verbosity: str, lengths: str
) -> tuple[Plan, QueueVoice]:
    """The plan, and the voice that said it from start to finish (each run once)."""
    seconds_of = LENGTHS[lengths](rate)
    plan = build_plan(
        CONTENT, routine, context, rate_wpm=rate, verbosity=verbosity, seconds_of=seconds_of
    )
    return plan, run_routine(plan, seconds_of)


@pytest.mark.parametrize("lengths", sorted(LENGTHS))
@pytest.mark.parametrize("verbosity", VERBOSITIES)
@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("routine", ROUTINES)
def test_every_essential_cue_is_said_when_due_and_no_two_overlap(
    routine: str, context: str, rate: int, verbosity: str, lengths: str
) -> None:
    plan, voice = spoken_routine(routine, context, rate, verbosity, lengths)
    essential = [r for r in voice.results if r.cue.essential]
    assert [r for r in essential if not r.spoken] == []
    assert len(essential) == planned(plan)[Priority.ESSENTIAL] + 1  # and the finish
    assert voice.said[-1].cue.kind == "finish"
    assert [line for line in voice.said if line.start > line.due + 1e-9] == []
    overlaps = [(a, b) for a, b in itertools.pairwise(voice.said) if b.start < a.end - 1e-9]
    assert overlaps == []
    if verbosity == "counts":
        assert {line.cue.priority for line in voice.said} == {Priority.ESSENTIAL}


@pytest.mark.parametrize("lengths", sorted(LENGTHS))
@pytest.mark.parametrize("verbosity", ["full", "standard"])
@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("routine", ROUTINES)
def test_every_technique_cue_is_spoken_at_the_default_rate(
    routine: str, context: str, verbosity: str, lengths: str
) -> None:
    plan, voice = spoken_routine(routine, context, 165, verbosity, lengths)
    technique = [r for r in voice.results if r.cue.priority == Priority.TECHNIQUE]
    assert len(technique) == planned(plan)[Priority.TECHNIQUE] > 0
    assert all(r.spoken for r in technique)
    assert all(r.spoken for r in voice.results)
