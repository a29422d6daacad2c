"""The terminal's end-of-session report: each side of each set, what was skipped or not
reached, and what the voice left out."""

from __future__ import annotations

import io

from backcoach.commands.session import Console
from backcoach.content import load_content
from backcoach.core.plan import DoseChoice, build_plan
from backcoach.core.session import Session
from tests.helpers.clock import FakeClock

CONTENT = load_content()


def report(session: Session, voice_note: str | None = None) -> list[str]:
    summary = session.summary
    assert summary is not None
    out = io.StringIO()
    Console(CONTENT, out).summary(session.plan, summary, 1.0, 1.0, voice_note)
    return out.getvalue().splitlines()[1:]  # below the rule


def test_the_report_lists_each_side_of_each_set_and_what_was_skipped() -> None:
    clock = FakeClock()
    choices = {"dumbbell-deadlift": DoseChoice(weight=8.0, weight_unit="kg", sets=2)}
    session = Session(build_plan(CONTENT, "strength-day", "day-off", choices), clock)
    session.start()
    skip = {("dead-bug", "both", 2), ("low-lunge", "right", 1)}
    while not session.finished:
        session.poll()
        phase = session.phase
        if phase.is_work and phase.key in skip:
            session.skip()
            continue
        if phase.is_work and phase.key == ("low-lunge", "left", 2):
            clock.advance(20)
            session.end()
            continue
        wakeup = session.next_wakeup()
        clock.advance(max(0.0, (wakeup or clock.now) - clock.now))
    lines = report(session, "The voice fell behind and left out 1 countdown number.")
    assert lines[0].startswith("Done: 6 of 7 sets in ")
    assert ", ended early; planned " in lines[0]
    assert lines[0].endswith(". 1 set and 1 side skipped; 1 cut short.")
    assert lines[1:] == [
        "  Dead bug           set 1: 8 reps",
        "                     set 2 skipped",
        "                     set 3: 8 reps",
        "  Dumbbell deadlift  set 1: 12 reps × 8 kg",
        "                     set 2: 12 reps × 8 kg",
        "  Low lunge          set 1: left 90 s, right skipped",
        "                     set 2: left 20 of 90 s, right not reached",
        "The voice fell behind and left out 1 countdown number.",
    ]


def test_an_exercise_the_session_ended_before_is_not_reached() -> None:
    session = Session(build_plan(CONTENT, "after-run", "after-run"), FakeClock())
    session.start()
    session.end()
    assert report(session) == [
        report(session)[0],
        "  Low lunge  not reached (2 sets)",
        "  Dead bug   not reached (3 sets)",
    ]
    assert report(session)[0].startswith("Done: 0 of 5 sets in 0:00, ended early; planned ")
