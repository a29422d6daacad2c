"""The real engine, pyttsx3 with espeak-ng: a cue renders to audible speech; the doctor report."""

from __future__ import annotations

import array
import importlib
import math
import shutil
import wave
from pathlib import Path

import pytest

from backcoach.voice import engine_report, list_voices, render_to_wav, speech_engine_problem

CUE = "Left side. Hold for thirty seconds, and breathe."


def espeak_missing() -> str:
    if shutil.which("espeak-ng") is None:
        return "espeak-ng is not installed (sudo apt install espeak-ng)"
    problem = speech_engine_problem()
    if problem is not None and problem.why not in ("aplay is not installed", "no sound card"):
        return problem.problem
    return ""


@pytest.mark.skipif(bool(espeak_missing()), reason=espeak_missing() or "espeak-ng present")
def test_a_cue_renders_to_audible_speech(tmp_path: Path) -> None:
    path = tmp_path / "cue.wav"
    render_to_wav(CUE, path, timeout=30.0)
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2
        assert wav.getnchannels() == 1
        seconds = wav.getnframes() / wav.getframerate()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    assert 1.5 < seconds < 10.0
    assert max(abs(s) for s in samples) > 8000  # a quarter of full scale
    assert rms > 1000  # silence is 0; speech sits far above it


@pytest.mark.skipif(bool(espeak_missing()), reason=espeak_missing() or "espeak-ng present")
def test_the_report_names_the_engine_and_its_voices() -> None:
    voices = list_voices()
    assert len(voices) > 10
    assert all(vid and name for vid, name in voices)
    report = engine_report()
    assert "driver espeak" in report
    assert "Started: yes" in report
    assert f"Voices: {len(voices)}" in report


def test_the_report_says_how_to_fix_a_missing_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = importlib.import_module

    def no_library(name: str) -> object:
        if name == "pyttsx3.drivers._espeak":
            raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng installed!")
        return real_import(name)

    monkeypatch.setattr("backcoach.voice.engine.importlib.import_module", no_library)
    report = engine_report()
    assert "Started: no" in report
    assert "Install it with: " in report
    assert list_voices() == []
