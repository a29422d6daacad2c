"""The real engine: pyttsx3 with espeak-ng renders a cue to a WAV that holds speech."""

from __future__ import annotations

import array
import math
import shutil
import wave
from pathlib import Path

import pytest

from backcoach.voice import render_to_wav, speech_engine_problem

CUE = "Left side. Hold for thirty seconds, and breathe."


def espeak_missing() -> str:
    if shutil.which("espeak-ng") is None:
        return "espeak-ng is not installed (sudo apt install espeak-ng)"
    problem = speech_engine_problem()
    if problem is not None and problem.why != "aplay is not installed":
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
