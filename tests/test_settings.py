"""Settings survive a round trip and never fail to load."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backcoach.core.plan import DoseChoice
from backcoach.core.script import estimate_seconds
from backcoach.paths import data_dir
from backcoach.settings import FILE_NAME, MAX_RATE, MIN_RATE, Settings
from backcoach.voice import VoiceOptions


def test_round_trip(tmp_path: Path) -> None:
    s = Settings(voice_enabled=False, voice_rate=140, voice_volume=0.5, voice_id="en-gb")
    assert s.save(tmp_path) is None
    assert Settings.load(tmp_path) == s


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    loaded = Settings.load(tmp_path / "nowhere")
    assert loaded == Settings()
    assert loaded.problem == ""


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"voice_rate": "fast"}'])
def test_bad_file_gives_defaults(tmp_path: Path, text: str) -> None:
    (tmp_path / FILE_NAME).write_text(text)
    loaded = Settings.load(tmp_path)
    assert loaded.voice_rate == Settings().voice_rate


def test_wrong_typed_value_is_ignored_but_others_kept(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text(
        '{"voice_enabled": 1, "voice_volume": 0, "last_routine": "x"}'
    )
    loaded = Settings.load(tmp_path)
    assert loaded.voice_enabled is True
    assert loaded.voice_volume == 0.0
    assert loaded.last_routine == "x"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_reports_instead_of_raising(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        message = Settings().save(tmp_path)
    finally:
        tmp_path.chmod(0o700)
    assert message is not None and str(tmp_path) in message


def test_unwritable_target_reports_instead_of_raising(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    message = Settings().save(blocker / "sub")
    assert message is not None and "could not be saved" in message


def test_data_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BACKCOACH_DATA_DIR", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert data_dir(tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.delenv("BACKCOACH_DATA_DIR")
    assert data_dir().name == "backcoach"


def test_chosen_doses_survive_a_round_trip_per_context_and_routine(tmp_path: Path) -> None:
    s = Settings()
    s.remember_doses(
        "after-run",
        "after-run",
        {
            "low-lunge": DoseChoice(hold_seconds=90, sets=3),
            "dead-bug": DoseChoice(sets=2, reps=6, rep_mode="self"),
        },
    )
    s.remember_doses("strength-day", "day-off", {"low-lunge": DoseChoice(hold_seconds=150)})
    s.remember_doses(
        "strength-day", "day-off", {"dumbbell-deadlift": DoseChoice(weight=12.5, weight_unit="lb")}
    )
    assert s.save(tmp_path) is None
    loaded = Settings.load(tmp_path)
    assert loaded.remembered_dose("low-lunge", "after-run", "after-run") == DoseChoice(
        hold_seconds=90, sets=3
    )
    assert loaded.remembered_dose("low-lunge", "strength-day", "day-off") == DoseChoice(
        hold_seconds=150
    )
    assert loaded.remembered_dose("dead-bug", "before-run", "after-run") == DoseChoice(
        reps=6, rep_mode="self"
    )
    assert loaded.remembered_dose("dumbbell-deadlift", "strength-day", "day-off") == DoseChoice(
        weight=12.5, weight_unit="lb"
    )
    assert loaded.remembered_dose("unknown", "after-run", "after-run") == DoseChoice()


@pytest.mark.parametrize(
    "stored",
    [
        '"lots"',
        "[1, 2]",
        '{"low-lunge": [90]}',
        '{"low-lunge": {"hold": [90], "sets": {"after-run": "three"}}}',
        '{"low-lunge": {"hold": {"after-run": true}, "sets": {"after-run": 2.5}}}',
        '{"low-lunge": {"reps": null, "rep_mode": ["self"], "weight": NaN, "unit": "stone"}}',
        '{"low-lunge": {"rep_mode": "fast", "weight": "heavy", "unit": 1}}',
    ],
)
def test_malformed_dose_choices_give_the_defaults(tmp_path: Path, stored: str) -> None:
    (tmp_path / FILE_NAME).write_text(f'{{"voice_rate": 140, "dose_choices": {stored}}}')
    loaded = Settings.load(tmp_path)
    assert loaded.voice_rate == 140 and loaded.problem == ""
    assert loaded.remembered_dose("low-lunge", "after-run", "after-run") == DoseChoice()
    loaded.remember_doses("after-run", "after-run", {"low-lunge": DoseChoice(hold_seconds=70)})
    assert loaded.remembered_dose("low-lunge", "after-run", "after-run").hold_seconds == 70


@pytest.mark.parametrize(
    ("stored", "rate", "volume", "said"),
    [
        ('{"voice_rate": 0}', MIN_RATE, 1.0, "voice speed"),
        ('{"voice_rate": -40, "voice_volume": 0.5}', MIN_RATE, 0.5, "voice speed"),
        ('{"voice_rate": 9000}', MAX_RATE, 1.0, "voice speed"),
        ('{"voice_volume": 7}', 165, 1.0, "voice volume"),
        ('{"voice_volume": -0.5}', 165, 0.0, "voice volume"),
        ('{"voice_volume": NaN}', 165, 1.0, "voice volume"),
    ],
)
def test_voice_rate_and_volume_out_of_range_are_corrected_and_reported(
    tmp_path: Path, stored: str, rate: int, volume: float, said: str
) -> None:
    (tmp_path / FILE_NAME).write_text(stored)
    loaded = Settings.load(tmp_path)
    assert (loaded.voice_rate, loaded.voice_volume) == (rate, volume)
    assert said in loaded.problem and str(tmp_path / FILE_NAME) in loaded.problem
    estimate_seconds("Rest for thirty seconds.", loaded.voice_rate)


def test_voice_rates_in_range_load_as_stored_with_no_problem(tmp_path: Path) -> None:
    for rate in (MIN_RATE, MAX_RATE):
        (tmp_path / FILE_NAME).write_text(f'{{"voice_rate": {rate}, "voice_volume": 0}}')
        loaded = Settings.load(tmp_path)
        assert (loaded.voice_rate, loaded.voice_volume, loaded.problem) == (rate, 0.0, "")


def test_the_voice_worker_and_the_settings_share_one_rate_range() -> None:
    assert VoiceOptions(rate=1).clamped().rate == MIN_RATE
    assert VoiceOptions(rate=10_000).clamped().rate == MAX_RATE


def test_the_voice_verbosity_is_kept_and_an_unknown_one_gives_the_default(tmp_path: Path) -> None:
    assert Settings().voice_verbosity == "standard"
    Settings(voice_verbosity="counts").save(tmp_path)
    assert Settings.load(tmp_path).voice_verbosity == "counts"
    (tmp_path / FILE_NAME).write_text('{"voice_verbosity": "chatty"}')
    loaded = Settings.load(tmp_path)
    assert loaded.voice_verbosity == "standard"
    assert "the voice verbosity 'chatty' is not one of full, standard, counts" in loaded.problem
