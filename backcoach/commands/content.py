"""``backcoach routines`` and ``backcoach show``: read the content without a window."""

from __future__ import annotations

import sys
import textwrap
from typing import Any

from backcoach.content import CONTEXT_LABELS, CONTEXTS, Content


def register(sub: Any, content: Content) -> None:
    p = sub.add_parser("routines", help="list the ready-made routines")
    p.set_defaults(func=lambda args: list_routines(content))

    p = sub.add_parser("show", help="print one exercise: why, steps and dose")
    p.add_argument("exercise", metavar="EXERCISE", choices=sorted(content.exercises))
    p.add_argument("--context", choices=CONTEXTS, default="after-run")
    p.set_defaults(func=lambda args: show_exercise(content, args.exercise, args.context))


def _report_problems(content: Content) -> None:
    for problem in content.problems:
        print(f"backcoach: content problem: {problem}", file=sys.stderr)


def list_routines(content: Content) -> int:
    _report_problems(content)
    for routine in content.routines.values():
        names = ", ".join(content.exercises[i.exercise].name for i in routine.items)
        print(f"{routine.id:<14} {routine.name}")
        print(f"{'':<14} default context: {routine.default_context}")
        print(f"{'':<14} exercises: {names}")
    return 0


def show_exercise(content: Content, exercise_id: str, context: str) -> int:
    _report_problems(content)
    ex = content.exercises[exercise_id]
    wrap = textwrap.TextWrapper(width=78)
    steps = textwrap.TextWrapper(width=78, initial_indent="", subsequent_indent="   ")
    print(f"{ex.name} ({ex.category})")
    print()
    print("Why it helps")
    print(wrap.fill(ex.why))
    print()
    print("Steps")
    for n, step in enumerate(ex.steps, 1):
        print(steps.fill(f"{n}. {step.text}"))
    print()
    print(f"Dose, {CONTEXT_LABELS[context].lower()}: {ex.dose_text(context)}")
    print(f"Equipment: {', '.join(ex.equipment)}")
    return 0
