"""The voice worker with a fake engine and a fake clock: what is said, when, and what is dropped."""

from __future__ import annotations

import itertools
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.core.cues import COUNT_MAX_LATE, Cue, Priority
from backcoach.core.script import estimate_seconds
from backcoach.settings import MIN_RATE, Settings
from backcoach.voice import (
    SilentSpeaker,
    SpeechEngineError,
    VoiceOptions,
    VoiceWorker,
    make_speaker,
)
from backcoach.voice.player import PLAYER_ENV
from backcoach.voice.speaker import (
    CLEARED,
    CLOSED,
    LATE,
    NO_SOUND_CARD,
    NOTHING_TO_SAY,
    PLAYER_MISSING,
    SPOKEN,
    STALE,
    VOICE_OFF,
    WOULD_DELAY,
)
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import FakeEngine, RecordingSpeaker, ResultRecorder

START = 1000.0


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def engine(clock: FakeClock) -> FakeEngine:
    return FakeEngine(clock)


@pytest.fixture
def recorder() -> ResultRecorder:
    return ResultRecorder()


@pytest.fixture
def worker(clock: FakeClock, engine: FakeEngine, recorder: ResultRecorder) -> Iterator[VoiceWorker]:
    speaker = VoiceWorker(clock, lambda: engine)
    speaker.add_listener(recorder)
    yield speaker
    engine.release()
    speaker.close()
    assert not speaker.running
    assert engine.overlaps == 0


def cue(text: str, *, priority: int = 1, critical: bool = False, kind: str = "info") -> Cue:
    return Cue(text=text, kind=kind, due=0.0, priority=priority, critical=critical)


def count(n: int) -> Cue:
    return Cue(str(n), "count", 0.0, Priority.ESSENTIAL, critical=True, max_late=COUNT_MAX_LATE)


def essential(text: str) -> Cue:
    return cue(text, priority=Priority.ESSENTIAL, kind="next")


def hold_with(worker: VoiceWorker, engine: FakeEngine, clock: FakeClock) -> None:
    """Keep the voice busy on a first cue so that later cues queue up behind it."""
    engine.hold()
    worker.say(cue("Hold it"), clock.now)
    engine.wait_speaking()


def test_speaks_a_due_cue_with_its_times(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    engine.seconds = 1.5
    worker.say(cue("Left side", kind="side"), clock.now)
    [result] = recorder.wait_for(1)
    assert engine.spoken == ["Left side"]
    assert (result.spoken, result.reason) == (True, SPOKEN)
    assert result.started_at == START
    assert result.ended_at == START + 1.5


def test_waits_until_the_cue_is_due(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    worker.say(cue("Halfway"), START + 5.0)
    clock.advance(5.0)
    worker.wake()
    [result] = recorder.wait_for(1)
    assert result.spoken
    assert result.started_at == START + 5.0


def test_due_cues_go_by_priority_then_due_time(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    hold_with(worker, engine, clock)
    worker.say(cue("form, due first", priority=1), START)
    worker.say(cue("rest, due second", priority=1), START + 0.1)
    worker.say(cue("side, urgent", priority=5), START + 0.2)
    worker.say(cue("next, later"), START + 30.0)
    clock.advance(0.3)
    engine.release()
    recorder.wait_for(4)
    assert engine.spoken == ["Hold it", "side, urgent", "form, due first", "rest, due second"]
    clock.advance(30.0)
    worker.wake()
    recorder.wait_for(5)
    assert engine.spoken[-1] == "next, later"


def test_a_late_countdown_number_is_dropped_never_spoken_late(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    hold_with(worker, engine, clock)
    worker.say(count(3), START)
    worker.say(count(2), START + 0.5)
    clock.advance(0.7)  # "3" is now 0.7 s late (limit 0.25); "2" is 0.2 s late
    engine.release()
    recorder.wait_for(3)
    results = recorder.by_text()
    assert (results["3"].spoken, results["3"].reason) == (False, LATE)
    assert results["2"].spoken
    assert "3" not in engine.spoken
    assert worker.dropped == {"essential": 1}


def test_a_line_is_reported_started_as_it_starts_playing_and_a_dropped_one_never(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    reports: list[tuple[str, str, float, bool]] = []
    worker.add_start_listener(
        lambda c: reports.append(
            ("started", c.text, clock.now, threading.current_thread() is threading.main_thread())
        )
    )
    worker.add_listener(lambda r: reports.append(("result", r.cue.text, clock.now, False)))
    hold_with(worker, engine, clock)
    worker.say(count(3), START)
    worker.say(count(2), START + 0.5)
    clock.advance(0.7)  # "3" is too late to say; "2" is not
    engine.release()
    recorder.wait_for(3)
    assert reports == [
        ("started", "Hold it", START, False),
        ("result", "Hold it", START + 0.7, False),
        ("result", "3", START + 0.7, False),
        ("started", "2", START + 0.7, False),
        ("result", "2", START + 0.7, False),
    ]


def test_a_countdown_number_a_little_over_250_ms_late_is_dropped(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    hold_with(worker, engine, clock)
    worker.say(count(1), START)
    clock.advance(COUNT_MAX_LATE + 0.01)
    engine.release()
    assert [r.reason for r in recorder.wait_for(2)] == [SPOKEN, LATE]
    assert engine.spoken == ["Hold it"]


def test_other_essential_cues_are_said_late_rather_than_dropped(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    hold_with(worker, engine, clock)
    rep_count = cue("Rep 3 of 8", priority=Priority.ESSENTIAL, critical=True, kind="rep")
    worker.say(essential("Next: dead bug, set 2 of 3."), START, finish_by=START + 0.1)
    worker.say(rep_count, START)
    worker.say(cue("Keep your back flat.", priority=Priority.TECHNIQUE), START)
    clock.advance(6.0)  # every one of them is 6 s late: past stale, past finish_by
    engine.release()
    results = {r.cue.text: r.reason for r in recorder.wait_for(4)}
    assert results == {
        "Hold it": SPOKEN,
        "Rep 3 of 8": SPOKEN,
        "Next: dead bug, set 2 of 3.": SPOKEN,
        "Keep your back flat.": STALE,
    }
    assert engine.spoken == ["Hold it", "Rep 3 of 8", "Next: dead bug, set 2 of 3."]
    assert worker.dropped == {"technique": 1}


def test_an_essential_cue_waits_for_a_queued_countdown_number_it_would_delay(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    setup = essential("Lie on your back, knees and hips bent to a right angle, arms up.")
    hold_with(worker, engine, clock)
    worker.say(setup, START)
    worker.say(count(3), START + 1.0)
    engine.release()
    recorder.wait_for(1)
    clock.advance(1.0)
    worker.wake()
    recorder.wait_for(3)
    assert engine.spoken == ["Hold it", "3", setup.text]
    assert worker.dropped == {}


def test_cues_cleared_by_the_user_are_not_counted_as_dropped(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    hold_with(worker, engine, clock)
    worker.say(count(3), START + 1.0)
    worker.say(essential("Next: low lunge, set 2 of 2."), START + 0.5)
    worker.clear()
    engine.release()
    results = recorder.wait_for(3)
    assert [r.reason for r in results[:2]] == [CLEARED, CLEARED]
    assert worker.dropped == {}


def test_a_stale_non_critical_cue_is_dropped(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    hold_with(worker, engine, clock)
    worker.say(cue("Breathe out"), START)
    worker.say(cue("Squeeze"), START + 1.5)
    clock.advance(4.5)
    engine.release()
    recorder.wait_for(3)
    results = recorder.by_text()
    assert (results["Breathe out"].spoken, results["Breathe out"].reason) == (False, STALE)
    assert results["Squeeze"].spoken


def test_a_long_cue_never_delays_a_queued_countdown(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    intro = cue("Dead bug. Lie on your back, arms up, knees bent over your hips.", priority=2)
    hold_with(worker, engine, clock)
    worker.say(intro, START)
    worker.say(count(3), START + 1.0)
    engine.release()
    recorder.wait_for(2)
    assert recorder.by_text()[intro.text].reason == WOULD_DELAY
    clock.advance(1.0)
    worker.wake()
    recorder.wait_for(3)
    assert engine.spoken == ["Hold it", "3"]


def test_a_cue_that_would_run_past_finish_by_is_not_started(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    text = "Next up: low lunge. Kneel on one knee."
    needed = estimate_seconds(text, 165)
    worker.say(cue(text), START, finish_by=START + needed - 0.1)
    worker.say(cue("Rest"), START, finish_by=START + 5.0)
    recorder.wait_for(2)
    results = recorder.by_text()
    assert (results[text].spoken, results[text].reason) == (False, WOULD_DELAY)
    assert results["Rest"].spoken


def test_a_blank_cue_never_reaches_the_engine(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    worker.say(cue("  "), clock.now)
    worker.say(cue("Rest"), clock.now)
    assert [r.reason for r in recorder.wait_for(2)] == [NOTHING_TO_SAY, SPOKEN]
    assert engine.spoken == ["Rest"]


def test_never_two_utterances_at_once(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    engine.seconds = 0.01

    def feed(name: str) -> None:
        for i in range(25):
            worker.say(cue(f"{name} {i}"), clock.now)

    feeders = [threading.Thread(target=feed, args=(name,)) for name in "abcd"]
    for feeder in feeders:
        feeder.start()
    for feeder in feeders:
        feeder.join()
    results = recorder.wait_for(100)
    assert engine.overlaps == 0
    assert all(r.spoken for r in results)
    assert len(engine.spoken) == 100
    spans = sorted((r.started_at or 0.0, r.ended_at or 0.0) for r in results)
    assert all(end <= next_start for (_, end), (next_start, _) in itertools.pairwise(spans))


def test_clear_drops_every_queued_cue(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    hold_with(worker, engine, clock)
    worker.say(count(3), START + 1.0)
    worker.say(cue("Switch sides"), START + 2.0)
    worker.clear()
    engine.release()
    results = recorder.wait_for(3)
    assert {(r.cue.text, r.reason) for r in results} == {
        ("Hold it", SPOKEN),
        ("3", CLEARED),
        ("Switch sides", CLEARED),
    }
    clock.advance(5.0)
    worker.say(cue("Rest"), clock.now)
    recorder.wait_for(4)
    assert engine.spoken == ["Hold it", "Rest"]


def test_close_with_a_cue_far_ahead_ends_the_thread_at_once(
    worker: VoiceWorker, recorder: ResultRecorder, clock: FakeClock
) -> None:
    worker.say(cue("Finished"), START + 3600.0)
    began = time.monotonic()
    worker.close(timeout=2.0)
    assert time.monotonic() - began < 1.0
    assert not worker.running
    [result] = recorder.wait_for(1)
    assert (result.spoken, result.reason) == (False, CLOSED)
    worker.say(cue("After"), clock.now)
    assert recorder.wait_for(2)[1].reason == CLOSED


def test_close_mid_utterance_returns_without_waiting_for_it(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    hold_with(worker, engine, clock)
    worker.say(count(1), START + 1.0)
    began = time.monotonic()
    worker.close(timeout=0.05)
    assert time.monotonic() - began < 1.0
    assert worker.running  # still inside the utterance, which cannot be cut
    engine.release()
    worker.close(timeout=2.0)
    assert not worker.running
    assert engine.spoken == ["Hold it"]
    assert {r.cue.text: r.reason for r in recorder.wait_for(2)} == {"1": CLOSED, "Hold it": SPOKEN}


def test_engine_that_cannot_start_leaves_cues_unspoken_with_the_fix(
    clock: FakeClock, recorder: ResultRecorder
) -> None:
    release = threading.Event()

    def missing() -> FakeEngine:
        release.wait(5.0)
        raise SpeechEngineError(
            "espeak-ng is not installed",
            "Voice is off: espeak-ng is missing. Install it with: sudo apt install espeak-ng",
        )

    worker = VoiceWorker(clock, missing)
    worker.add_listener(recorder)
    worker.say(cue("Queued before the failure"), clock.now)
    release.set()
    assert worker.wait_ready(5.0) is False
    worker.say(cue("Said after the failure"), clock.now)
    results = recorder.wait_for(2)
    assert [r.reason for r in results] == ["no speech engine: espeak-ng is not installed"] * 2
    assert not any(r.spoken for r in results)
    assert not worker.available
    assert "sudo apt install espeak-ng" in worker.problem
    worker.close()
    assert not worker.running


def test_an_unexpected_engine_start_error_is_reported_not_raised(
    clock: FakeClock, recorder: ResultRecorder
) -> None:
    def broken() -> FakeEngine:
        raise OSError("libespeak-ng.so.1: cannot open shared object file")

    worker = VoiceWorker(clock, broken)
    worker.add_listener(recorder)
    assert worker.wait_ready(5.0) is False
    worker.say(cue("Rest"), clock.now)
    [result] = recorder.wait_for(1)
    assert result.reason.startswith("no speech engine: could not start")
    assert "libespeak-ng.so.1" in worker.problem


def test_a_crash_in_the_speech_thread_is_reported_not_silent(
    engine: FakeEngine, recorder: ResultRecorder
) -> None:
    class FailingClock(FakeClock):
        fail = False

        def monotonic(self) -> float:
            if self.fail:
                raise RuntimeError("clock went away")
            return super().monotonic()

    clock = FailingClock(START)
    worker = VoiceWorker(clock, lambda: engine)
    worker.add_listener(recorder)
    assert worker.wait_ready(5.0)
    clock.fail = True
    worker.say(cue("Rest"), START + 60.0)
    recorder.wait_for(1)
    assert "speech thread stopped (clock went away)" in worker.problem
    clock.fail = False
    worker.say(cue("Next"), START)
    assert [r.reason for r in recorder.wait_for(2)] == [
        "no speech engine: stopped (clock went away)"
    ] * 2


def test_a_failing_utterance_is_reported_and_the_next_one_still_speaks(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    engine.fail_with = RuntimeError("device busy")
    worker.say(cue("First"), clock.now)
    assert recorder.wait_for(1)[0].reason == "speech failed: device busy"
    engine.fail_with = None
    worker.say(cue("Second"), clock.now)
    assert recorder.wait_for(2)[1].spoken


def test_a_failing_listener_does_not_stop_the_voice(
    worker: VoiceWorker, engine: FakeEngine, recorder: ResultRecorder, clock: FakeClock
) -> None:
    def broken(_: object) -> None:
        raise ValueError("listener bug")

    worker.add_listener(broken)
    worker.say(cue("One"), clock.now)
    worker.say(cue("Two"), clock.now)
    assert [r.spoken for r in recorder.wait_for(2)] == [True, True]


def test_settings_reach_the_engine(clock: FakeClock) -> None:
    engine = FakeEngine(clock)
    settings = Settings(voice_rate=190, voice_volume=0.7, voice_id="gmw/en-gb-x-rp")
    speaker = make_speaker(settings, clock, engine_factory=lambda: engine)
    assert isinstance(speaker, VoiceWorker)
    assert speaker.wait_ready(5.0)
    speaker.close()
    assert engine.properties == {"rate": 190, "volume": 0.7, "voice": "gmw/en-gb-x-rp"}
    assert speaker.problem == ""


def test_an_unknown_voice_falls_back_to_the_default_and_says_so(clock: FakeClock) -> None:
    engine = FakeEngine(clock)
    worker = VoiceWorker(
        clock, lambda: engine, VoiceOptions(rate=5, volume=3.0, voice_id="klingon")
    )
    assert worker.wait_ready(5.0)
    worker.close()
    assert "voice" not in engine.properties
    assert "'klingon' is not installed" in worker.problem
    assert (engine.properties["rate"], engine.properties["volume"]) == (MIN_RATE, 1.0)


def test_voice_off_reports_every_cue_unspoken(clock: FakeClock, recorder: ResultRecorder) -> None:
    speaker = make_speaker(Settings(voice_enabled=False), clock)
    assert isinstance(speaker, SilentSpeaker)
    assert not speaker.available
    speaker.add_listener(recorder)
    started: list[Cue] = []
    speaker.add_start_listener(started.append)
    speaker.say(count(3), clock.now)
    [result] = recorder.wait_for(1)
    assert (result.spoken, result.reason) == (False, VOICE_OFF)
    assert started == []  # nothing is ever played


def test_a_missing_engine_gives_a_silent_speaker_with_the_fix(
    clock: FakeClock, recorder: ResultRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PLAYER_ENV, raising=False)
    monkeypatch.setattr("backcoach.voice.engine.shutil.which", lambda _name: None)
    monkeypatch.setattr("backcoach.voice.espeak.load_library", lambda: None)
    speaker = make_speaker(Settings(), clock)
    assert isinstance(speaker, SilentSpeaker)
    assert "sudo apt install espeak-ng" in speaker.problem
    speaker.add_listener(recorder)
    speaker.say(cue("Rest"), clock.now)
    assert recorder.wait_for(1)[0].reason == "no speech engine: espeak-ng is not installed"


def test_a_missing_aplay_gives_a_silent_speaker_with_the_fix(
    clock: FakeClock, recorder: ResultRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PLAYER_ENV, raising=False)
    real_which = shutil.which
    monkeypatch.setattr(
        "backcoach.voice.engine.shutil.which",
        lambda name: None if name == "aplay" else real_which(name),
    )
    speaker = make_speaker(Settings(), clock)
    assert isinstance(speaker, SilentSpeaker)
    assert "sudo apt install alsa-utils" in speaker.problem
    speaker.add_listener(recorder)
    speaker.say(cue("Rest"), clock.now)
    assert recorder.wait_for(1)[0].reason == PLAYER_MISSING


@pytest.mark.parametrize("cards", ["", " --- no soundcards ---\n"])
def test_no_sound_card_gives_a_silent_speaker_that_says_so(
    cards: str, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PLAYER_ENV, raising=False)
    listing = tmp_path / "cards"
    listing.write_text(cards)
    monkeypatch.setattr("backcoach.voice.engine.shutil.which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr("backcoach.voice.engine.SOUND_CARDS", listing)
    speaker = make_speaker(Settings(), clock)
    assert isinstance(speaker, SilentSpeaker)
    assert "no sound card was found" in speaker.problem
    assert speaker.reason == NO_SOUND_CARD


def test_recording_speaker_keeps_what_it_was_asked_to_say(recorder: ResultRecorder) -> None:
    speaker = RecordingSpeaker()
    speaker.add_listener(recorder)
    speaker.say(count(2), 5.0, finish_by=6.0)
    assert speaker.said == [(count(2), 5.0, 6.0)]
    assert recorder.wait_for(1)[0].spoken
