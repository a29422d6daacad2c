"""Real line lengths without synthesis: the committed fixture of measured lengths.

``tests/fixtures/line_lengths.json`` holds the length of every line the planner says
for the bundled routines (every context, verbosity and dose) at 130, 165 and 220 words
per minute, measured with espeak-ng by ``scripts/measure_lines.py`` (run it again after
changing a line's wording; ``tests/voice/test_line_fixture.py`` fails until then).

For a whole routine whose every line lasts its measured length, plan with
``seconds_of=fixture_seconds(rate)`` and speak with
``tests.voice.queue_voice.QueueVoice(clock, fixture_seconds(rate))``; for the real
voice worker, :func:`fixture_synth` stands in for espeak-ng.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.speaker import FakeSynth

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "line_lengths.json"
FIXTURE_RATES = (130, 165, 220)


@dataclass(frozen=True)
class FixtureLengths:
    """The fixture: the engine that measured it and, by rate, each line's length."""

    engine: str
    rates: dict[int, dict[str, float]]


@functools.cache
def fixture_lengths() -> FixtureLengths:
    """The committed fixture, read once."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    rates = {
        int(rate): {str(text): float(seconds) for text, seconds in lines.items()}
        for rate, lines in data["rates"].items()
    }
    return FixtureLengths(str(data["engine"]), rates)


class NotInFixture(LookupError):
    """A line the fixture has no length for: the planner's wording changed since it was made."""


def fixture_seconds(
    rate: int, *, otherwise: Callable[[str], float] | None = None
) -> Callable[[str], float]:
    """``seconds_of(text)`` at ``rate`` wpm: the measured length from the fixture.

    A line the fixture lacks (answers to the controls, say) takes ``otherwise(text)``;
    without it, it raises :class:`NotInFixture` (run ``scripts/measure_lines.py``).
    """
    lines = fixture_lengths().rates[rate]

    def seconds_of(text: str) -> float:
        seconds = lines.get(text)
        if seconds is not None:
            return seconds
        if otherwise is not None:
            return otherwise(text)
        raise NotInFixture(
            f"{text!r} has no length at {rate} wpm in {FIXTURE.name}: run scripts/measure_lines.py"
        )

    return seconds_of


def fixture_synth(rate: int) -> FakeSynth:
    """A stand-in espeak-ng whose lines are silences of their fixture length at ``rate``."""
    return FakeSynth(dict(fixture_lengths().rates[rate]))
