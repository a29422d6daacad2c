"""The committed fixture of measured line lengths: complete for what the planner says, written
as its script writes it, and true to the engine here."""

from __future__ import annotations

import functools
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from backcoach.content import load_content
from backcoach.core.plan import build_plan
from backcoach.voice import espeak
from backcoach.voice.lengths import LengthCache, LineLengths
from backcoach.voice.options import VoiceOptions
from tests.helpers.lengths import (
    FIXTURE,
    FIXTURE_RATES,
    NotInFixture,
    fixture_lengths,
    fixture_seconds,
    fixture_synth,
)

ROOT = Path(__file__).resolve().parents[2]
CONTENT = load_content()
needs_library = pytest.mark.skipif(
    espeak.load_library() is None, reason="libespeak-ng is not installed"
)


@functools.cache
def measure_lines() -> ModuleType:
    """scripts/measure_lines.py (not a package), imported once."""
    path = ROOT / "scripts" / "measure_lines.py"
    spec = importlib.util.spec_from_file_location("measure_lines", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["measure_lines"] = module
    spec.loader.exec_module(module)
    return module


def test_the_fixture_has_every_line_the_planner_says() -> None:
    """Every routine, context and verbosity with its default doses at each rate, and at the
    default rate with the ends of each dose's range (the script checks every dose)."""
    script = measure_lines()
    lengths = fixture_lengths().rates
    missing = script.missing_lines(CONTENT, lengths, "defaults")
    missing |= script.missing_lines(CONTENT, lengths, "sample", rates=[165])
    assert missing == {}, "tests/fixtures/line_lengths.json is stale: run scripts/measure_lines.py"


def test_a_line_missing_from_the_fixture_is_found() -> None:
    lengths = {rate: dict(lines) for rate, lines in fixture_lengths().rates.items()}
    del lengths[165]["Halfway."]
    assert measure_lines().missing_lines(CONTENT, lengths, "defaults") == {165: ["Halfway."]}


def test_the_fixture_is_written_as_its_script_writes_it() -> None:
    fixture = fixture_lengths()
    assert sorted(fixture.rates) == list(FIXTURE_RATES) == list(measure_lines().RATES)
    text = measure_lines().fixture_json(fixture.engine, fixture.rates)
    assert FIXTURE.read_text(encoding="utf-8") == text


def test_fixture_seconds_gives_measured_lengths_and_names_a_line_it_lacks() -> None:
    seconds_of = fixture_seconds(165)
    assert 0.3 < seconds_of("Halfway.") < 1.5
    assert (
        fixture_seconds(130)("Halfway.") > seconds_of("Halfway.") > fixture_seconds(220)("Halfway.")
    )
    with pytest.raises(NotInFixture, match=r"'Never said\.' has no length at 165 wpm"):
        seconds_of("Never said.")
    assert fixture_seconds(165, otherwise=lambda text: 7.0)("Never said.") == 7.0


def test_the_fixtures_stand_in_engine_makes_lines_of_their_measured_length() -> None:
    synth = fixture_synth(220)
    clip = synth.synthesize("Halfway.", VoiceOptions(rate=220))
    assert clip.seconds == pytest.approx(
        fixture_seconds(220)("Halfway."), abs=1 / synth.sample_rate
    )


@needs_library
def test_the_fixture_matches_the_engine_here() -> None:
    """Real synthesis: a sample of the fixture's lines measured again.

    libespeak-ng's output for a line varies a little with what it said before (pauses
    differ by tens of milliseconds; its API cannot reset that), so this is no longer
    exact once the lines are said in another order: well within 150 ms, mostly within 30.
    """
    fixture = fixture_lengths()
    if espeak.engine_version() != fixture.engine:
        pytest.skip(f"the fixture was measured with {fixture.engine}")
    errors: list[float] = []
    for rate in FIXTURE_RATES:
        sample = sorted(fixture.rates[rate])[::25]
        measured = espeak.measure_seconds(sample, VoiceOptions(rate=rate))
        errors += [abs(s - fixture.rates[rate][t]) for t, s in zip(sample, measured, strict=True)]
    assert max(errors) < 0.15
    assert sorted(errors)[len(errors) // 2] < 0.03


@needs_library
def test_a_whole_routines_lines_are_measured_well_under_a_second() -> None:
    """Real synthesis: every line of the after-run routine, none kept before, in one batch."""
    plan = build_plan(CONTENT, "after-run", "after-run", rate_wpm=165)
    lines = set(measure_lines().plan_lines(plan))
    lengths = LineLengths(VoiceOptions(rate=165), LengthCache(None), espeak.synthesizer)
    espeak.engine_version()  # the engine starts once per process, before any session
    started = time.perf_counter()
    measured = lengths.measure(lines)
    elapsed = time.perf_counter() - started
    assert measured.keys() == lines and len(lines) > 30
    assert elapsed < 0.5, f"{len(lines)} lines took {elapsed:.3f} s"
