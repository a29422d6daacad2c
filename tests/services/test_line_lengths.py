"""The services plan with the real length of each line: kept in the cache folder of the
one-house rule, measured in a batch for the current voice, only looked up with --no-voice."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from backcoach.content import load_content
from backcoach.core.plan import build_plan
from backcoach.core.script import estimate_seconds
from backcoach.services.root import AppServices, Options
from backcoach.services.sessions import SessionRequest
from backcoach.settings import Settings
from backcoach.voice.lengths import CACHE_NAME
from backcoach.voice.options import VoiceOptions
from tests.helpers.app import recording
from tests.helpers.clock import FakeClock
from tests.helpers.lengths import fixture_lengths
from tests.helpers.speaker import FakeSynth

CONTENT = load_content()


class BatchSynth(FakeSynth):
    """A stand-in espeak-ng with the fixture's lengths that keeps each batch it measured."""

    def __init__(self, rate: int = 165) -> None:
        super().__init__(fixture_lengths().rates[rate])
        self.batches: list[list[str]] = []

    def measure(self, texts: Sequence[str], voice: VoiceOptions) -> list[float]:
        self.batches.append(list(texts))
        return super().measure(texts, voice)

    def seconds_of(self, text: str) -> float:
        return FakeSynth.measure(self, [text], VoiceOptions())[0]


def services_for(
    folder: Path, synth: FakeSynth, settings: Settings | None = None, **options: object
) -> AppServices:
    return AppServices(
        CONTENT,
        Options(folder, **options),  # type: ignore[arg-type]
        clock=FakeClock(),
        speaker_factory=recording,
        settings=settings or Settings(),
        line_synth=lambda: synth,
    )


def test_a_named_data_folder_keeps_the_lengths_in_its_cache_folder(data_dir: Path) -> None:
    data_dir.mkdir()
    synth = BatchSynth()
    services = services_for(data_dir, synth)
    assert services.line_seconds()("Halfway.") == synth.seconds_of("Halfway.")
    assert (data_dir / "cache" / CACHE_NAME).is_file()


def test_without_a_named_data_folder_the_lengths_go_to_the_user_cache_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("BACKCOACH_DATA_DIR")
    from backcoach.paths import data_dir

    services = services_for(data_dir(), BatchSynth())
    services.line_seconds()("Halfway.")
    assert services.cache_folder() == tmp_path / "home" / "cache" / "backcoach"
    assert (services.cache_folder() / CACHE_NAME).is_file()
    assert not data_dir().exists()


def test_a_cache_never_makes_the_data_folder(data_dir: Path) -> None:
    synth = BatchSynth()
    services = services_for(data_dir, synth)
    assert services.line_seconds()("Halfway.") == synth.seconds_of("Halfway.")
    assert services.line_seconds()("Halfway.") == synth.seconds_of("Halfway.")
    assert synth.batches == [["Halfway."]]  # kept in memory all the same
    assert not data_dir.exists()


def test_lengths_follow_the_voice_settings(data_dir: Path) -> None:
    settings = Settings(voice_rate=165)
    synth = BatchSynth()
    services = services_for(data_dir, synth, settings)
    services.line_seconds()("Halfway.")
    settings.voice_rate = 220
    assert services.line_lengths().voice.rate == 220
    services.line_seconds()("Halfway.")
    assert synth.batches == [["Halfway."], ["Halfway."]]


def test_a_plan_is_sized_with_lines_measured_in_a_batch(data_dir: Path) -> None:
    synth = BatchSynth()
    services = services_for(data_dir, synth)
    plan = services.sessions.plan("strength-day", "day-off")
    expected = build_plan(CONTENT, "strength-day", "day-off", seconds_of=synth.seconds_of)
    assert plan.phases == expected.phases
    assert plan.total_seconds != build_plan(CONTENT, "strength-day", "day-off").total_seconds
    first, *rest = synth.batches
    assert len(first) > 40 and sum(map(len, rest)) <= 5  # later lines: rests sized anew
    synth.batches.clear()
    assert services.sessions.plan("strength-day", "day-off").phases == plan.phases
    assert synth.batches == []


def test_a_session_begins_with_measured_lengths(data_dir: Path) -> None:
    synth = BatchSynth()
    services = services_for(data_dir, synth)
    active = services.sessions.begin(SessionRequest("before-run", "before-run"))
    assert active.plan.seconds_of("Halfway.") == synth.seconds_of("Halfway.")
    services.close()


def test_without_voice_the_plan_uses_kept_lengths_and_never_synthesises(data_dir: Path) -> None:
    data_dir.mkdir()
    measured = services_for(data_dir, BatchSynth()).sessions.plan("after-run", "after-run")
    synth = BatchSynth()
    preview = services_for(data_dir, synth, voice=False).sessions.plan("after-run", "after-run")
    assert preview.phases == measured.phases
    assert synth.batches == []
    fresh = BatchSynth()
    unmeasured = services_for(data_dir / "other", fresh, voice=False)
    assert unmeasured.line_seconds()("Halfway.") == estimate_seconds("Halfway.", 165)
    assert fresh.batches == []


def test_a_replaced_voice_plans_with_estimates(data_dir: Path) -> None:
    services = AppServices(
        CONTENT,
        Options(data_dir),
        clock=FakeClock(),
        speaker_factory=recording,
        settings=Settings(),
    )
    assert services.line_seconds()("Halfway.") == estimate_seconds("Halfway.", 165)
    assert services.sessions.plan("before-run", "before-run") == build_plan(
        CONTENT, "before-run", "before-run"
    )
