"""What the voice must say about each bundled exercise, whatever the wording."""

from __future__ import annotations

import pytest

from backcoach.content import CONTEXTS, load_content
from backcoach.core import phrases, script
from backcoach.core.cues import Cue, Priority
from backcoach.core.plan import Plan, build_plan

CONTENT = load_content()


def said(plan: Plan, exercise: str = "") -> list[Cue]:
    """Every cue the plan places (of ``exercise``'s phases only, when given)."""
    cues = []
    for index, phase in enumerate(plan.phases):
        if exercise and phase.exercise != exercise:
            continue
        lines = script.phase_lines(plan.phases, index, plan.exercises, plan.speech)
        cues += script.fit(lines, phase.duration, plan.seconds_of)
    return cues


def technique(plan: Plan, exercise: str) -> list[str]:
    return [c.text for c in said(plan, exercise) if c.priority == Priority.TECHNIQUE]


def test_the_deadlift_says_hinge() -> None:
    words = technique(build_plan(CONTENT, "strength-day", "day-off"), "dumbbell-deadlift")
    assert any("hinge" in text.lower() for text in words)
    assert "hinge" in CONTENT.exercises["dumbbell-deadlift"].steps[2].words.lower()


def test_the_dead_bugs_brace_presses_the_lower_back_into_the_floor() -> None:
    brace = CONTENT.exercises["dead-bug"].steps[1].words.lower()
    assert "lower back" in brace and "floor" in brace
    plan = build_plan(CONTENT, "before-run", "before-run")
    assert phrases.sentence(CONTENT.exercises["dead-bug"].steps[1].words) in technique(
        plan, "dead-bug"
    )


@pytest.mark.parametrize("context", CONTEXTS)
def test_the_low_lunge_names_the_glutes_on_every_side_in_every_context(context: str) -> None:
    plan = build_plan(CONTENT, "after-run", context)
    lunge_sides = sum(p.is_work for p in plan.phases if p.exercise == "low-lunge")
    glutes = [t for t in technique(plan, "low-lunge") if "glutes" in t.lower()]
    assert len(glutes) == lunge_sides > 0


def test_the_low_lunges_sides_name_the_kneeling_knee() -> None:
    cues = said(build_plan(CONTENT, "after-run", "after-run"), "low-lunge")
    sides = [c.text for c in cues if c.kind == "side"]
    assert sides and all("knee down" in text.lower() for text in sides)
    assert sides[0].startswith("Left knee down") and "Right knee down" in sides[1]


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("routine", sorted(CONTENT.routines))
def test_every_next_cue_names_the_exercise(routine: str, context: str) -> None:
    plan = build_plan(CONTENT, routine, context)
    nexts = 0
    for index, phase in enumerate(plan.phases):
        lines = script.phase_lines(plan.phases, index, plan.exercises, plan.speech)
        for line in lines:
            if line.kind == "next":
                nexts += 1
                assert plan.exercises[phase.exercise].name.lower() in line.text.lower()
                assert line.priority == Priority.ESSENTIAL
    assert nexts == sum(p.kind == "rest" for p in plan.phases) > 0


def test_the_safety_line_names_what_means_stop() -> None:
    line = phrases.safety().lower()
    assert "stop" in line and "sharp pain" in line and "numb" in line and "leg" in line
