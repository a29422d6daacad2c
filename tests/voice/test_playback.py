"""The voice worker with backcoach's own player: a cue is spoken only if the player exited 0,
a failing player is told once with the fix, stop() cuts a line, and timing uses the clip."""

from __future__ import annotations

import json
import logging
import shutil
import signal
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.core.clock import MonotonicClock
from backcoach.core.cues import Cue
from backcoach.settings import Settings
from backcoach.voice import (
    CueLog,
    SilentSpeaker,
    VoiceOptions,
    VoiceWorker,
    engine_report,
    make_speaker,
)
from backcoach.voice.backend import PlayerBackend
from backcoach.voice.espeak import load_library, measure_seconds
from backcoach.voice.lengths import LengthCache, LineLengths
from backcoach.voice.options import DEFAULT_VOICE
from backcoach.voice.player import (
    FROM_ENV,
    FROM_OPTION,
    FROM_SETTINGS,
    PLAYER_ENV,
    PlayerChoice,
)
from backcoach.voice.speaker import (
    CLEARED,
    NO_SOUND_CARD,
    SPOKEN,
    STOPPED,
    WOULD_DELAY,
)
from tests.helpers import players
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import FakeSynth, ResultRecorder

WAIT = players.WAIT
START = 1000.0


def cue(text: str, *, priority: int = 1, critical: bool = False) -> Cue:
    return Cue(text=text, kind="info", due=0.0, priority=priority, critical=critical)


@pytest.fixture
def recorder() -> ResultRecorder:
    return ResultRecorder()


@pytest.fixture
def workers() -> Iterator[list[VoiceWorker]]:
    made: list[VoiceWorker] = []
    yield made
    for worker in made:
        worker.close(timeout=WAIT)
        assert not worker.running


def start(
    workers: list[VoiceWorker],
    recorder: ResultRecorder,
    command: str,
    synth: FakeSynth | None = None,
    *,
    clock: FakeClock | MonotonicClock | None = None,
    source: str = FROM_OPTION,
) -> VoiceWorker:
    """A worker playing through ``command`` (silent clips from ``synth``), started."""
    fake = synth or FakeSynth()
    choice = PlayerChoice(command, source)

    def backend() -> PlayerBackend:
        return PlayerBackend(choice, synth=lambda: fake)

    worker = VoiceWorker(clock or FakeClock(START), backend)
    worker.add_listener(recorder)
    workers.append(worker)
    assert worker.wait_ready(WAIT)
    return worker


def test_a_cue_is_spoken_when_the_player_exits_0(
    workers: list[VoiceWorker], recorder: ResultRecorder, tmp_path: Path
) -> None:
    log = tmp_path / "playback.log"
    worker = start(workers, recorder, players.command("--log", log))
    worker.say(cue("Left side"), START)
    [result] = recorder.wait_for(1)
    assert (result.spoken, result.reason) == (True, SPOKEN)
    [(_, _, _, wav_path)] = players.wait_for_log(log, 1)
    assert wav_path.endswith(".wav")
    assert worker.problem == ""


def test_a_failing_player_leaves_cues_unspoken_and_is_told_once_with_the_fix(
    workers: list[VoiceWorker],
    recorder: ResultRecorder,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = tmp_path / "sound-is-broken"
    broken.touch()
    command = players.command("--fail-if", broken)
    worker = start(workers, recorder, command)
    with caplog.at_level(logging.WARNING, logger="backcoach.voice"):
        for n in range(3):
            worker.say(cue(f"Rep {n}"), START)
        results = recorder.wait_for(3)
    assert [(r.spoken, r.reason) for r in results] == [(False, "player failed (exit 1)")] * 3
    assert worker.available  # the next cue may play
    problem = worker.problem
    assert problem == (
        f"Voice is off: the sound player '{command}' failed (exit 1): {players.FAILURE}. "
        "Choose another player with --player or check the sound settings."
    )
    told = [r for r in caplog.records if "sound player" in r.getMessage()]
    assert len(told) == 1, "the failing player is told once, not once a cue"

    broken.unlink()  # the sound works again
    worker.say(cue("Rest"), START)
    assert recorder.wait_for(4)[3].spoken
    assert worker.problem == ""


def test_a_missing_player_says_it_was_not_found(
    workers: list[VoiceWorker], recorder: ResultRecorder
) -> None:
    worker = start(workers, recorder, players.missing_command(), source=FROM_ENV)
    worker.say(cue("Rest"), START)
    [result] = recorder.wait_for(1)
    assert (result.spoken, result.reason) == (False, "player not found")
    assert worker.problem == (
        f"Voice is off: the sound player '{players.missing_command()}' was not found. "
        f"Set ${PLAYER_ENV} to another player (or unset it) or check the sound settings."
    )


def test_stop_cuts_the_line_playing_within_200_ms_and_drops_the_queue(
    workers: list[VoiceWorker], recorder: ResultRecorder, tmp_path: Path
) -> None:
    log = tmp_path / "playback.log"
    synth = FakeSynth({"A long explanation": 30.0})
    worker = start(workers, recorder, players.command("--log", log), synth)
    worker.say(cue("A long explanation"), START)
    worker.say(cue("Queued behind it"), START + 1.0)
    players.wait_for_log(log, 1)
    began = time.monotonic()
    worker.stop()
    results = recorder.wait_for(2)
    took = time.monotonic() - began
    assert took < 0.2, f"stopping took {took * 1000:.0f} ms"
    assert {r.cue.text: (r.spoken, r.reason) for r in results} == {
        "A long explanation": (False, STOPPED),
        "Queued behind it": (False, CLEARED),
    }
    assert worker.problem == "", "a stopped line is not a failing player"
    worker.say(cue("After the pause"), START)
    assert recorder.wait_for(3)[2].spoken


def test_close_cuts_a_line_that_outlasts_its_timeout(
    workers: list[VoiceWorker], recorder: ResultRecorder, tmp_path: Path
) -> None:
    log = tmp_path / "playback.log"
    synth = FakeSynth({"Long": 30.0})
    worker = start(workers, recorder, players.command("--log", log), synth)
    worker.say(cue("Long"), START)
    players.wait_for_log(log, 1)
    began = time.monotonic()
    worker.close(timeout=0.05)
    assert time.monotonic() - began < 1.0
    assert not worker.running
    assert recorder.wait_for(1)[0].reason == STOPPED


def test_timing_uses_the_length_of_the_clip_not_an_estimate(
    workers: list[VoiceWorker], recorder: ResultRecorder
) -> None:
    # "Go" is estimated well under a second, but its clip lasts 3 s
    synth = FakeSynth({"Go": 3.0, "Rest": 0.01})
    worker = start(workers, recorder, players.command(), synth)
    worker.say(cue("Go"), START, finish_by=START + 2.0)
    worker.say(cue("Rest"), START, finish_by=START + 2.0)
    results = recorder.wait_for(2)
    assert {r.cue.text: r.reason for r in results} == {"Go": WOULD_DELAY, "Rest": SPOKEN}


def test_a_line_said_again_is_synthesised_once(
    workers: list[VoiceWorker], recorder: ResultRecorder
) -> None:
    synth = FakeSynth()
    worker = start(workers, recorder, players.command(), synth)
    for n in (3, 2, 3, 2, 3):
        worker.say(cue(str(n)), START)
    assert all(r.spoken for r in recorder.wait_for(5))
    assert sorted(synth.made) == ["2", "3"]


def test_the_cue_log_shows_a_failing_player(
    workers: list[VoiceWorker], recorder: ResultRecorder, tmp_path: Path
) -> None:
    path = tmp_path / "cues.jsonl"
    with CueLog(path) as cue_log:
        worker = start(workers, recorder, players.command("--fail", "no such device"))
        worker.add_listener(cue_log)
        worker.say(Cue("Left side", "side", due=12.0), START)
        recorder.wait_for(1)
    [line] = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert line == {
        "t": 12.0,
        "text": "Left side",
        "kind": "side",
        "priority": "optional",
        "spoken": False,
        "reason": "player failed (exit 1)",
    }


def test_an_unknown_voice_speaks_with_the_default_and_says_so(
    workers: list[VoiceWorker], recorder: ResultRecorder
) -> None:
    synth = FakeSynth()

    def backend() -> PlayerBackend:
        return PlayerBackend(PlayerChoice(players.command(), FROM_SETTINGS), synth=lambda: synth)

    worker = VoiceWorker(FakeClock(START), backend, VoiceOptions(voice_id="klingon"))
    workers.append(worker)
    worker.add_listener(recorder)
    assert worker.wait_ready(WAIT)
    assert "'klingon' is not installed" in worker.problem
    worker.say(cue("Rest"), START)
    assert recorder.wait_for(1)[0].spoken


# ------------------------------------------------------- make_speaker and the report


@pytest.fixture
def no_sound_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listing = tmp_path / "cards"
    listing.write_text(" --- no soundcards ---\n")
    monkeypatch.setattr("backcoach.voice.engine.SOUND_CARDS", listing)
    monkeypatch.delenv(PLAYER_ENV, raising=False)
    real_which = shutil.which
    monkeypatch.setattr(
        "backcoach.voice.engine.shutil.which",
        lambda name: "/usr/bin/aplay" if name == "aplay" else real_which(name),
    )


needs_espeak = pytest.mark.skipif(load_library() is None, reason="libespeak-ng is not installed")


@needs_espeak
@pytest.mark.usefixtures("no_sound_card")
def test_the_default_player_needs_a_sound_card() -> None:
    speaker = make_speaker(Settings(), FakeClock(START))
    assert isinstance(speaker, SilentSpeaker)
    assert speaker.reason == NO_SOUND_CARD


@needs_espeak
@pytest.mark.usefixtures("no_sound_card")
@pytest.mark.parametrize("how", ["argument", "environment"])
def test_a_named_player_is_trusted_without_a_sound_card(
    how: str,
    recorder: ResultRecorder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: list[VoiceWorker],
) -> None:
    """End to end: espeak-ng synthesises the line for real, the stand-in plays it."""
    log = tmp_path / "playback.log"
    command = players.command("--log", log)
    if how == "argument":
        speaker = make_speaker(
            Settings(), MonotonicClock(), player=PlayerChoice(command, FROM_OPTION)
        )
    else:
        monkeypatch.setenv(PLAYER_ENV, command)
        speaker = make_speaker(Settings(), MonotonicClock())
    assert isinstance(speaker, VoiceWorker)
    workers.append(speaker)
    speaker.add_listener(recorder)
    assert speaker.wait_ready(WAIT)
    speaker.say(cue("Rest."), 0.0)
    [result] = recorder.wait_for(1)
    assert (result.spoken, result.reason) == (True, SPOKEN)
    assert result.started_at is not None and result.ended_at is not None
    # the stand-in lasts as long as the audio
    [seconds] = measure_seconds(["Rest."])
    assert result.ended_at - result.started_at > seconds * 0.9
    players.wait_for_log(log, 1, kind="end")


@needs_espeak
@pytest.mark.usefixtures("no_sound_card")
def test_a_player_command_that_cannot_be_read_is_told() -> None:
    speaker = make_speaker(
        Settings(), FakeClock(START), player=PlayerChoice("play 'oops", FROM_OPTION)
    )
    assert isinstance(speaker, SilentSpeaker)
    assert "cannot be read" in speaker.problem and "--player" in speaker.problem


@pytest.mark.parametrize(
    ("choice", "line"),
    [
        (None, "Sound player: aplay -q (from default)"),
        (PlayerChoice("paplay", FROM_OPTION), "Sound player: paplay (from --player)"),
    ],
)
def test_the_report_names_the_player_and_where_it_came_from(
    choice: PlayerChoice | None,
    line: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(PLAYER_ENV, raising=False)
    report = engine_report(player=choice)
    assert line in report.splitlines()
    assert any(x.startswith("Synthesis: ") for x in report.splitlines())


def test_two_speakers_take_turns_rather_than_talk_over_each_other(
    workers: list[VoiceWorker], tmp_path: Path
) -> None:
    log = tmp_path / "playback.log"
    synth = FakeSynth(default=0.2)
    first, second = ResultRecorder(), ResultRecorder()
    session = start(workers, first, players.command("--log", log), synth)
    sample = start(workers, second, players.command("--log", log), synth)
    session.say(cue("Halfway"), START)
    sample.say(cue("This is how I sound"), START)
    session.say(cue("Ten seconds left"), START)
    assert all(r.spoken for r in first.wait_for(2) + second.wait_for(1))
    kinds = [line[0] for line in players.log_lines(log)]
    assert kinds == ["start", "end"] * 3, "one line at a time"


CTRL_C_CHILD = """
import signal, sys, threading
signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with it ignored
from backcoach.core.clock import MonotonicClock
from backcoach.core.cues import Cue
from backcoach.voice import PlayerBackend, VoiceWorker
from backcoach.voice.player import FROM_OPTION, PlayerChoice
from tests.helpers.speaker import FakeSynth

choice = PlayerChoice(sys.argv[1], FROM_OPTION)
synth = FakeSynth(default=30.0)
worker = VoiceWorker(MonotonicClock(), lambda: PlayerBackend(choice, synth=lambda: synth))
worker.say(Cue("A thirty second line", "info", 0.0), 0.0)
print("ready", flush=True)
try:
    threading.Event().wait()
except KeyboardInterrupt:
    worker.close(timeout=0)
    print("interrupted", flush=True)
"""


def test_ctrl_c_reaches_backcoach_while_a_line_plays(tmp_path: Path) -> None:
    log = tmp_path / "playback.log"
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", CTRL_C_CHILD, players.command("--log", log)],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        [(_, pid, _, wav_path)] = players.wait_for_log(log, 1)
        began = time.monotonic()
        child.send_signal(signal.SIGINT)  # what Ctrl-C in the terminal sends
        out, _ = child.communicate(timeout=WAIT)
        assert time.monotonic() - began < 1.0
        assert "interrupted" in out
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    deadline = time.monotonic() + WAIT
    while Path(f"/proc/{pid}").exists() and "Z" not in _state(int(pid)):
        assert time.monotonic() < deadline, "the player outlived backcoach's Ctrl-C"
        time.sleep(0.005)  # polling for the cut player to go
    assert [line[0] for line in players.log_lines(log)] == ["start"], "cut, never ended"
    assert not Path(wav_path).parent.exists(), "the private temporary folder is removed"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_a_clip_shorter_than_its_planned_slot_fills_it_and_a_longer_one_is_kept_for_later(
    workers: list[VoiceWorker], recorder: ResultRecorder, tmp_path: Path
) -> None:
    planned = FakeSynth({"Brace.": 1.0, "Hinge at the hips.": 2.0})
    lengths = LineLengths(DEFAULT_VOICE, LengthCache(tmp_path / "lengths.json"), lambda: planned)
    lengths.measure(["Brace.", "Hinge at the hips."])
    now = FakeSynth({"Brace.": 0.9, "Hinge at the hips.": 2.1})  # espeak-ng varies a little
    copies = tmp_path / "played"
    copies.mkdir()
    choice = PlayerChoice(players.command("--copy", copies), FROM_OPTION)
    worker = VoiceWorker(
        FakeClock(START), lambda: PlayerBackend(choice, synth=lambda: now, lengths=lengths)
    )
    workers.append(worker)
    worker.add_listener(recorder)
    worker.say(cue("Brace."), START)
    assert recorder.wait_for(1)[0].spoken
    worker.say(cue("Hinge at the hips."), START)
    assert recorder.wait_for(2)[1].spoken
    worker.close(timeout=WAIT)
    played = sorted(copies.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    seconds = []
    for path in played:
        with wave.open(str(path)) as wav:
            seconds.append(wav.getnframes() / wav.getframerate())
    assert seconds == pytest.approx([1.0, 2.1], abs=1 / 22050)
    again = LineLengths(DEFAULT_VOICE, LengthCache(tmp_path / "lengths.json"), lambda: planned)
    assert again.kept("Hinge at the hips.") == pytest.approx(2.1, abs=1 / 22050)
    assert again.kept("Brace.") == 1.0
