"""espeak-ng synthesis to WAV without playing: valid clips of exact length, quickly, quietly,
through libespeak-ng or else the espeak-ng program; and what is said when there is neither."""

from __future__ import annotations

import array
import io
import math
import shutil
import time
import wave

import pytest

from backcoach.voice import espeak
from backcoach.voice.clip import Clip, clip_from_samples, clip_from_wav_stream
from backcoach.voice.espeak import (
    EspeakProgram,
    LibEspeak,
    engine_version,
    measure_seconds,
    synthesize,
    synthesizer,
)
from backcoach.voice.options import SpeechEngineError, VoiceOptions

CUE = "Left side. Hold for thirty seconds, and breathe."
NO_LIBRARY = espeak.load_library() is None
NO_PROGRAM = shutil.which("espeak-ng") is None
needs_library = pytest.mark.skipif(NO_LIBRARY, reason="libespeak-ng is not installed")
needs_program = pytest.mark.skipif(NO_PROGRAM, reason="espeak-ng is not installed")


def read(clip: Clip) -> tuple[wave._wave_params, array.array[int]]:
    with wave.open(io.BytesIO(clip.wav), "rb") as wav:
        return wav.getparams(), array.array("h", wav.readframes(wav.getnframes()))


def assert_speech(clip: Clip, low: float, high: float) -> None:
    params, samples = read(clip)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 22050)
    assert params.nframes / params.framerate == pytest.approx(clip.seconds, abs=1e-9)
    assert low < clip.seconds < high
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    assert max(abs(s) for s in samples) > 8000  # a quarter of full scale
    assert rms > 1000  # silence is 0; speech sits far above it


@needs_library
def test_a_line_becomes_a_valid_wav_clip_of_its_exact_length() -> None:
    synth = synthesizer()
    assert isinstance(synth, LibEspeak)
    assert synth.sample_rate == 22050
    clip = synthesize(CUE)
    assert_speech(clip, 1.5, 10.0)
    assert clip.frames == read(clip)[0].nframes


@needs_library
def test_synthesis_is_fast_and_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    synthesize("Warm up.")  # the first line pays for loading the voice
    began = time.perf_counter()
    for n in range(10):
        synthesize(f"Rep {n} of 10. Left arm, right leg, and back.")
    per_line = (time.perf_counter() - began) / 10
    assert per_line < 0.25, f"{per_line * 1000:.0f} ms a line"
    out, _ = capfd.readouterr()
    assert out == ""


@needs_library
def test_the_rate_and_the_voice_shape_the_clip() -> None:
    slow = synthesize(CUE, VoiceOptions(rate=120)).seconds
    fast = synthesize(CUE, VoiceOptions(rate=300)).seconds
    assert fast < slow * 0.6
    assert synthesizer().has_voice("gmw/en-gb-x-rp")
    assert not synthesizer().has_voice("klingon")
    other = synthesize(CUE, VoiceOptions(voice_id="gmw/en-gb-x-rp"))
    assert_speech(other, 1.5, 10.0)
    unknown = synthesize(CUE, VoiceOptions(voice_id="klingon"))  # speaks with the default
    assert_speech(unknown, 1.5, 10.0)
    quiet = synthesize(CUE, VoiceOptions(volume=0.0))
    assert max(abs(s) for s in read(quiet)[1]) < 100
    assert quiet.seconds > 1.5  # silence all through keeps the line's length


@needs_library
def test_many_lines_are_measured_at_once_as_long_as_their_clips() -> None:
    lines = ["3", "Rep 3 of 8", "Rest for 30 seconds — then the dead bug", CUE]
    measured = measure_seconds(lines, VoiceOptions(rate=180))
    clips = [synthesize(line, VoiceOptions(rate=180)).seconds for line in lines]
    # libespeak-ng's output depends a little on the line said before (about 1 %)
    assert measured == pytest.approx(clips, rel=0.03, abs=0.01)
    assert measured == sorted(measured)


@needs_library
def test_the_engine_version_names_espeak_ng() -> None:
    version = engine_version()
    assert version.startswith("espeak-ng ")
    assert version.split()[1][0].isdigit()


@needs_program
def test_the_espeak_ng_program_stands_in_for_the_library() -> None:
    program = EspeakProgram(shutil.which("espeak-ng") or "")
    clip = program.synthesize(CUE, VoiceOptions())
    assert_speech(clip, 1.5, 10.0)
    assert program.version.startswith("espeak-ng ")
    assert program.has_voice("gmw/en") and not program.has_voice("klingon")
    assert program.synthesize("-x starts like an option", VoiceOptions()).seconds > 0.5
    if not NO_LIBRARY:
        assert clip.seconds == pytest.approx(synthesize(CUE).seconds, rel=0.03)
        assert program.version == engine_version()


@needs_program
def test_without_the_library_the_program_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(espeak, "_SYNTHESIZER", None)
    monkeypatch.setattr(espeak, "_OPENED", None)
    monkeypatch.setattr(espeak, "load_library", lambda: None)
    assert isinstance(synthesizer(), EspeakProgram)
    assert "one process per line" in espeak.describe_synthesis()


def test_without_library_or_program_the_engine_is_missing_with_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(espeak, "_SYNTHESIZER", None)
    monkeypatch.setattr(espeak, "_OPENED", None)
    monkeypatch.setattr(espeak, "load_library", lambda: None)
    monkeypatch.setattr(espeak.shutil, "which", lambda _name: None)
    with pytest.raises(SpeechEngineError) as caught:
        synthesizer()
    assert caught.value.why == "espeak-ng is not installed"
    assert "sudo apt install espeak-ng" in caught.value.problem
    assert caught.value.reason == "no speech engine: espeak-ng is not installed"
    assert espeak.synthesis_problem() is not None
    assert espeak.describe_synthesis() == "none (espeak-ng is not installed)"


def test_a_streamed_wav_with_unknown_sizes_is_read_to_its_end() -> None:
    clip = clip_from_samples(bytes(range(200)) * 10, 22050)
    streamed = bytearray(clip.wav)
    streamed[4:8] = (0x7FFFFFFF).to_bytes(4, "little")
    streamed[40:44] = (0x7FFFFFFF).to_bytes(4, "little")
    again = clip_from_wav_stream(bytes(streamed))
    assert again == clip
    with pytest.raises(ValueError):
        clip_from_wav_stream(b"not a wav file at all")


def test_silence_after_the_last_sound_is_trimmed_to_a_short_tail() -> None:
    rate = 22050
    sound = array.array("h", [3000, -3000] * (rate // 4))  # half a second
    quiet = array.array("h", [5, -5] * (rate // 2))  # a second under the silence floor
    clip = clip_from_samples((sound + quiet).tobytes(), rate, trim=True)
    assert clip.seconds == pytest.approx(0.5 + 0.01, abs=3 / rate)
    assert read(clip)[0].nframes == clip.frames
    untrimmed = clip_from_samples((sound + quiet).tobytes(), rate)
    assert untrimmed.seconds == pytest.approx(1.5, abs=3 / rate)
    all_quiet = clip_from_samples(quiet.tobytes(), rate, trim=True)
    assert all_quiet.seconds == pytest.approx(1.0, abs=3 / rate)


@needs_library
def test_libespeak_ng_is_initialised_once_per_process() -> None:
    assert LibEspeak.open() is LibEspeak.open() is synthesizer()
