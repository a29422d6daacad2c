"""Measure every line the planner can say for the bundled routines, into a test fixture.

For each rate in :data:`RATES`, every bundled routine in every context at every
verbosity with every dose a user can pick (each exercise's hold or reps with each
number of sets, in both rep modes; the default weight in each unit) is planned,
and each distinct line is synthesised with the real engine (the default voice at
full volume) and its length written to ``tests/fixtures/line_lengths.json``. The
planner sizes phases by the lines' lengths, so which lines there are depends on
them: planning and measuring are repeated until no new line appears (this takes a
few minutes). The JSON is sorted and rounded, and the lines are measured in the
same order each time, so running this again on the same engine version writes the
same bytes.

Usage::

    python scripts/measure_lines.py            # measure and write the fixture
    python scripts/measure_lines.py --check    # exit 1 when the fixture lacks a planned line
    python scripts/measure_lines.py --report   # estimated and measured slots vs real audio
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Literal

from backcoach.content import Content, load_content
from backcoach.content.model import CONTEXTS, WEIGHT_UNITS, Exercise
from backcoach.core import phrases, script
from backcoach.core.cues import VERBOSITIES
from backcoach.core.plan import REP_MODES, DoseChoice, Plan, build_plan
from backcoach.voice.options import VoiceOptions

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "line_lengths.json"
RATES = (130, 165, 220)
"""Words per minute: a slow, the default and a fast rate."""
DIGITS = 6
"""Seconds are rounded to a microsecond, well below a sample."""
MAX_ROUNDS = 5

SecondsOf = Callable[[str], float]
Lengths = Mapping[int, Mapping[str, float]]
"""By rate, each line's length in seconds."""
Doses = Literal["every", "sample", "defaults"]
"""Which doses are planned: every one a user can pick, the ends of each range, or the
routines' defaults only."""


def _every_choice(exercise: Exercise, context: str) -> Iterator[DoseChoice]:
    """Every dose of ``exercise`` a user can pick in ``context``, but one weight per unit
    (some lines say the set with the amount, so every pair is taken)."""
    dose = exercise.dose
    for sets in range(dose.sets.min, dose.sets.max + 1):
        if dose.mode == "hold":
            hold = dose.hold[context]
            for seconds in range(hold.min, hold.max + 1):
                yield DoseChoice(hold_seconds=seconds, sets=sets)
            continue
        assert dose.reps is not None
        units: tuple[str | None, ...] = WEIGHT_UNITS if dose.weight is not None else (None,)
        for reps in range(dose.reps.min, dose.reps.max + 1):
            for mode in REP_MODES:
                for unit in units:
                    yield DoseChoice(sets=sets, reps=reps, rep_mode=mode, weight_unit=unit)


def _sample_choice(exercise: Exercise, context: str) -> Iterator[DoseChoice]:
    """The ends of each range of ``exercise`` in ``context`` and each mode and unit, one at
    a time, the rest at their defaults."""
    dose = exercise.dose
    yield from (DoseChoice(sets=sets) for sets in (dose.sets.min, dose.sets.max))
    if dose.mode == "hold":
        hold = dose.hold[context]
        yield from (DoseChoice(hold_seconds=seconds) for seconds in (hold.min, hold.max))
        return
    assert dose.reps is not None
    yield from (DoseChoice(reps=reps) for reps in (dose.reps.min, dose.reps.max))
    yield from (DoseChoice(rep_mode=mode) for mode in REP_MODES)
    if dose.weight is not None:
        yield from (DoseChoice(weight_unit=unit) for unit in WEIGHT_UNITS)


def dose_choices(
    content: Content, routine: str, context: str, doses: Doses
) -> Iterator[dict[str, DoseChoice]]:
    """The defaults, then (unless ``doses`` is "defaults") each exercise's other doses with
    the other exercises at their defaults."""
    yield {}
    if doses == "defaults":
        return
    choices = _every_choice if doses == "every" else _sample_choice
    for item in content.routines[routine].items:
        for choice in choices(content.exercises[item.exercise], context):
            yield {item.exercise: choice}


def plans(content: Content, rate: int, seconds_of: SecondsOf, doses: Doses) -> Iterator[Plan]:
    """The plans of every bundled routine in every context at every verbosity, at ``rate``
    with lines as long as ``seconds_of`` says."""
    for routine in sorted(content.routines):
        for context in CONTEXTS:
            for choices in dose_choices(content, routine, context, doses):
                for verbosity in VERBOSITIES:
                    yield build_plan(
                        content,
                        routine,
                        context,
                        choices,
                        rate_wpm=rate,
                        verbosity=verbosity,
                        seconds_of=seconds_of,
                    )


def plan_lines(plan: Plan) -> Iterator[str]:
    """Every line ``plan`` can say: each phase's lines, and the finish (for the planned
    length give or take a minute, as the session says the time it took)."""
    for index in range(len(plan.phases)):
        for line in script.phase_lines(plan.phases, index, plan.exercises, plan.speech):
            yield line.text
    for off in range(-60, 61, 30):
        yield phrases.summary(plan.set_count, max(0.0, plan.total_seconds + off), False)


def planned_lines(content: Content, rate: int, seconds_of: SecondsOf, doses: Doses) -> set[str]:
    """The distinct lines of :func:`plans`: those they say, and those the planner asked the
    length of while sizing them (a rest tried at 15 seconds says "Rest 20 seconds.")."""
    asked: set[str] = set()

    def asking(text: str) -> float:
        asked.add(text)
        return seconds_of(text)

    said = {text for plan in plans(content, rate, asking, doses) for text in plan_lines(plan)}
    return {text for text in said | asked if text.strip()}


def known_or_estimated(lines: Mapping[str, float], rate: int) -> SecondsOf:
    """``seconds_of``: the length in ``lines``, else the estimate at ``rate``."""

    def seconds_of(text: str) -> float:
        seconds = lines.get(text)
        return script.estimate_seconds(text, rate) if seconds is None else seconds

    return seconds_of


def measure_all(content: Content, rate: int) -> dict[str, float]:
    """Every planned line at ``rate`` and its length measured by the real engine."""
    from backcoach.voice.espeak import measure_seconds

    lengths: dict[str, float] = {}
    for _ in range(MAX_ROUNDS):
        seconds_of = known_or_estimated(lengths, rate)
        new = sorted(planned_lines(content, rate, seconds_of, "every") - lengths.keys())
        if not new:
            return lengths
        measured = measure_seconds(new, VoiceOptions(rate=rate))
        lengths.update(zip(new, (round(s, DIGITS) for s in measured), strict=True))
    raise SystemExit(f"the lines at {rate} wpm did not settle after {MAX_ROUNDS} rounds")


def fixture_json(engine: str, lengths: Lengths) -> str:
    """The fixture's text: the same for the same lengths."""
    data = {
        "engine": engine,
        "voice": VoiceOptions().voice_id,
        "volume": VoiceOptions().volume,
        "rates": {str(rate): dict(lines) for rate, lines in lengths.items()},
    }
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def load_fixture(path: Path = FIXTURE) -> tuple[str, dict[int, dict[str, float]]]:
    """The engine and, by rate, the lengths in the fixture."""
    data = json.loads(path.read_text(encoding="utf-8"))
    lengths = {int(rate): dict(lines) for rate, lines in data["rates"].items()}
    return str(data["engine"]), lengths


def missing_lines(
    content: Content, lengths: Lengths, doses: Doses, rates: Sequence[int] = RATES
) -> dict[int, list[str]]:
    """By rate, the lines planned with the fixture's ``lengths`` that it lacks."""
    missing: dict[int, list[str]] = {}
    for rate in rates:
        lines = lengths.get(rate, {})
        seconds_of = known_or_estimated(lines, rate)
        lacking = sorted(planned_lines(content, rate, seconds_of, doses) - lines.keys())
        if lacking:
            missing[rate] = lacking
    return missing


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _stats(errors: Sequence[float]) -> str:
    sizes = sorted(abs(e) for e in errors)

    def at(share: float) -> float:
        return sizes[min(len(sizes) - 1, round(share * (len(sizes) - 1)))] * 1000

    return (
        f"{len(errors):>6}  {statistics.fmean(errors) * 1000:>+6.0f}  {at(0.5):>5.0f}  "
        f"{at(0.95):>5.0f}  {sizes[-1] * 1000:>5.0f}  {max(errors) * 1000:>+6.0f}  "
        f"{min(errors) * 1000:>+6.0f}"
    )


HEADER = "rate  slots         n    mean    p50    p95    max    most  least  (ms; slot - audio)"


def spoken_in_order(plan: Plan) -> Iterator[str]:
    """The cues of ``plan`` as its phases place them (with its own lengths), in order."""
    for index, phase in enumerate(plan.phases):
        lines = script.phase_lines(plan.phases, index, plan.exercises, plan.speech)
        for cue in script.fit(lines, phase.duration, plan.seconds_of):
            yield cue.text


def slot_report(content: Content, lengths: Lengths) -> Iterator[str]:
    """Planned slots against the real audio, per rate.

    The fixture's lengths against the estimate, for every line; then, with the real
    engine, for the cues of every default plan said in order (as the voice says them,
    its output varying with what it said before), the slot each cue was planned with
    (estimated, or measured) against the length of its audio.
    """
    from backcoach.voice.espeak import measure_seconds

    yield HEADER
    for rate in RATES:
        lines = lengths[rate]
        yield f"{rate:>4}  {'estimated':<10} " + _stats(
            [script.estimate_seconds(t, rate) - s for t, s in lines.items()]
        )
    for rate in RATES:
        voice = VoiceOptions(rate=rate)
        for name, seconds_of in (
            ("estimated", partial(script.estimate_seconds, rate_wpm=rate)),
            ("measured", known_or_estimated(lengths[rate], rate)),
        ):
            errors: list[float] = []
            for plan in plans(content, rate, seconds_of, "defaults"):
                said = list(spoken_in_order(plan))
                real = measure_seconds(said, voice)
                errors += [seconds_of(t) - s for t, s in zip(said, real, strict=True)]
            yield f"{rate:>4}  {name + ' *':<10} " + _stats(errors)
            if name == "measured":  # a clip shorter than its slot is played padded to fill it
                played = [min(0.0, e) for e in errors]
                yield f"{rate:>4}  {'played *':<10} " + _stats(played)
    yield "* every default plan's cues, synthesised in the order they are said"


def jitter_report(lengths: Lengths, repeats: int = 3) -> Iterator[str]:
    """How much the same line's audio varies with what the engine said before it."""
    from backcoach.voice.espeak import measure_seconds

    yield HEADER.replace("slot - audio", "fixture - again")
    shuffled = random.Random(7)
    for rate in RATES:
        lines = lengths[rate]
        texts = sorted(lines)
        errors: list[float] = []
        for _ in range(repeats):
            order = shuffled.sample(texts, len(texts))
            again = measure_seconds(order, VoiceOptions(rate=rate))
            errors += [lines[t] - s for t, s in zip(order, again, strict=True)]
        yield f"{rate:>4}  {'again':<10} " + _stats(errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the fixture's lines")
    parser.add_argument("--report", action="store_true", help="planned slots vs real audio")
    args = parser.parse_args(argv)
    content = load_content()
    if args.check:
        missing = missing_lines(content, load_fixture()[1], "every")
        for rate, lines in missing.items():
            print(f"{rate} wpm: {len(lines)} lines missing, such as {lines[0]!r}")
        return 1 if missing else 0
    if args.report:
        engine, lengths = load_fixture()
        print(f"Measured with {engine}.")
        for line in itertools.chain(slot_report(content, lengths), [""], jitter_report(lengths)):
            print(line, flush=True)
        return 0
    from backcoach.voice.espeak import engine_version

    measured = {rate: measure_all(content, rate) for rate in RATES}
    _write(FIXTURE, fixture_json(engine_version(), measured))
    counts = ", ".join(f"{len(lines)} at {rate} wpm" for rate, lines in measured.items())
    print(f"{FIXTURE.relative_to(ROOT)}: {counts} ({engine_version()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
