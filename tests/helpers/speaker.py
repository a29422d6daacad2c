"""Speech fakes: an engine that checks it is used one utterance at a time, a synthesizer
of silent clips, and recorders."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from backcoach.core.cues import Cue
from backcoach.voice.clip import Clip, clip_from_samples
from backcoach.voice.options import VoiceOptions
from backcoach.voice.speaker import CueResult, ResultListener, StartListener
from tests.helpers.clock import FakeClock

WAIT = 5.0  # hard limit for any handshake; a test that hits it has failed


@dataclass(frozen=True)
class FakeVoice:
    id: str
    name: str


class FakeEngine:
    """Stands in for a pyttsx3 engine.

    Each utterance moves the fake clock on by ``seconds``. ``hold()`` makes
    the next utterances block until ``release()``; ``wait_speaking()``
    returns once an utterance has started. Two utterances at once are
    counted in ``overlaps`` and raise.
    """

    def __init__(self, clock: FakeClock, seconds: float = 0.0) -> None:
        self.clock = clock
        self.seconds = seconds
        self.spoken: list[str] = []
        self.started_at: list[float] = []
        self.properties: dict[str, object] = {}
        self.voices = [FakeVoice("gmw/en", "English"), FakeVoice("gmw/en-gb-x-rp", "English RP")]
        self.overlaps = 0
        self.fail_with: Exception | None = None
        self._text = ""
        self._busy = threading.Lock()
        self._gate = threading.Event()
        self._gate.set()
        self._speaking = threading.Event()

    def say(self, text: str) -> None:
        self._text = text

    def runAndWait(self) -> None:
        if not self._busy.acquire(blocking=False):
            self.overlaps += 1
            raise AssertionError("two utterances at once")
        try:
            if self.fail_with is not None:
                raise self.fail_with
            self.spoken.append(self._text)
            self.started_at.append(self.clock.monotonic())
            self._speaking.set()
            if not self._gate.wait(WAIT):
                raise AssertionError("a held utterance was never released")
            self.clock.advance(self.seconds)
        finally:
            self._busy.release()

    def setProperty(self, name: str, value: object) -> None:
        self.properties[name] = value

    def getProperty(self, name: str) -> object:
        if name == "voices":
            return self.voices
        return self.properties.get(name)

    def hold(self) -> None:
        self._gate.clear()

    def release(self) -> None:
        self._gate.set()

    def wait_speaking(self) -> None:
        assert self._speaking.wait(WAIT), "no utterance started"
        self._speaking.clear()


class FakeSynth:
    """Stands in for espeak-ng: each line is silence of ``seconds[text]`` (else ``default``)."""

    version = "fake-synth 1.0"
    how = "a test's stand-in"
    sample_rate = 22050

    def __init__(self, seconds: dict[str, float] | None = None, default: float = 0.05) -> None:
        self.seconds = dict(seconds or {})
        self.default = default
        self.made: list[str] = []
        self.voices = {"gmw/en", "gmw/en-gb-x-rp"}

    def has_voice(self, voice_id: str) -> bool:
        return voice_id in self.voices

    def synthesize(self, text: str, voice: VoiceOptions) -> Clip:
        self.made.append(text)
        frames = round(self.seconds.get(text, self.default) * self.sample_rate)
        return clip_from_samples(bytes(2 * frames), self.sample_rate)

    def measure(self, texts: Sequence[str], voice: VoiceOptions) -> list[float]:
        return [self.synthesize(text, voice).seconds for text in texts]


@dataclass
class ResultRecorder:
    """A result listener that keeps every result and lets a test wait for them."""

    results: list[CueResult] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def __call__(self, result: CueResult) -> None:
        with self._cond:
            self.results.append(result)
            self._cond.notify_all()

    def wait_for(self, count: int) -> list[CueResult]:
        """Wait until ``count`` results arrived; return them."""
        with self._cond:
            arrived = self._cond.wait_for(lambda: len(self.results) >= count, WAIT)
            assert arrived, f"only {len(self.results)} of {count} cue results arrived"
            return list(self.results)

    def by_text(self) -> dict[str, CueResult]:
        with self._cond:
            return {r.cue.text: r for r in self.results}


class RecordingSpeaker:
    """A speaker for tests of other parts: keeps each cue with its times, speaks nothing
    (but reports each cue started, then spoken, as soon as it is asked).

    ``calls`` lists what it was asked, in order: the text of each cue said, "<clear>"
    and "<stop>". ``available`` can be set to False (a voice that is off).
    """

    def __init__(self) -> None:
        self.said: list[tuple[Cue, float, float | None]] = []
        self.calls: list[str] = []
        self.clears = 0
        self.stops = 0
        self.speaks = True
        self.closed = False
        self._listeners: list[ResultListener] = []
        self._starts: list[StartListener] = []

    @property
    def available(self) -> bool:
        return self.speaks

    @property
    def problem(self) -> str:
        return ""

    def add_listener(self, listener: ResultListener) -> None:
        self._listeners.append(listener)

    def add_start_listener(self, listener: StartListener) -> None:
        self._starts.append(listener)

    def say(self, cue: Cue, due: float, finish_by: float | None = None) -> None:
        self.said.append((cue, due, finish_by))
        self.calls.append(cue.text)
        for started in self._starts:
            started(cue)
        for listener in self._listeners:
            listener(CueResult(cue, spoken=True, reason="spoken", started_at=due, ended_at=due))

    def clear(self) -> None:
        self.clears += 1
        self.calls.append("<clear>")

    def stop(self) -> None:
        self.stops += 1
        self.calls.append("<stop>")

    def close(self, timeout: float = 2.0) -> None:
        self.closed = True

    @property
    def texts(self) -> list[str]:
        return [cue.text for cue, _, _ in self.said]

    @property
    def answers(self) -> list[str]:
        """The texts of the answers to controls, in order."""
        return [cue.text for cue, _, _ in self.said if cue.kind == "answer"]
