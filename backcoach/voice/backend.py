"""Speech backends for the voice worker: how a line becomes sound, and how that went.

A backend is made and used on the worker's thread only (``stop`` excepted). The
worker asks it to :meth:`~SpeechBackend.prepare` a line (which gives the line's
length, to decide whether it is still worth saying), then to
:meth:`~SpeechBackend.play` it, and gets an :class:`Outcome` back.

- :class:`PlayerBackend` (Linux): espeak-ng synthesises a WAV clip, whose exact
  length the worker uses; backcoach's own :class:`~backcoach.voice.player.Player`
  plays it, and the line counts as spoken only if the player exited with 0. A
  clip shorter than the slot its line was planned with is padded with silence to
  fill it, so the voice is busy exactly as long as the plan says (see
  :class:`PlannedLengths`).
- :class:`EngineBackend` (macOS, Windows; and the tests' fake engines): a
  pyttsx3 engine that plays by itself; lengths are estimated from the text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from backcoach.core.script import estimate_seconds
from backcoach.voice.clip import Clip, padded
from backcoach.voice.espeak import Synthesizer, synthesizer
from backcoach.voice.options import DEFAULT_VOICE, SpeechEngineError, VoiceOptions
from backcoach.voice.player import DEFAULT_CHOICE, MISSING, Player, PlayerChoice, PlayResult
from backcoach.voice.speaker import BAD_PLAYER, SPOKEN, STOPPED


class SpeechEngine(Protocol):
    """The part of a pyttsx3 engine the worker uses."""

    def say(self, text: str) -> object: ...

    def runAndWait(self) -> None: ...

    def setProperty(self, name: str, value: object) -> None: ...

    def getProperty(self, name: str) -> object: ...


@dataclass(frozen=True)
class Utterance:
    """A line ready to play: its length in seconds and, for a player, its audio."""

    text: str
    seconds: float
    clip: Clip | None = None


@dataclass(frozen=True)
class Outcome:
    """How playing a line went. ``problem``: a sentence for the user with the fix when
    the voice is failing ("" when there is nothing to tell)."""

    spoken: bool
    reason: str
    problem: str = ""


class PlannedLengths(Protocol):
    """The lengths plans were sized with, for one voice (a
    :class:`~backcoach.voice.lengths.LineLengths`)."""

    @property
    def voice(self) -> VoiceOptions: ...

    def heard(self, text: str, seconds: float) -> float | None:
        """``text`` comes out ``seconds`` long now: the length its slot was planned with."""
        ...

    def save(self) -> None:
        """Keep what :meth:`heard` learnt."""
        ...


@runtime_checkable
class SpeechBackend(Protocol):
    """Turns lines into sound for the voice worker."""

    def start(self, voice: VoiceOptions) -> str:
        """Get ready to speak with ``voice``; return a sentence for the user about it
        ("" when all is well). Raises SpeechEngineError when nothing can be spoken."""
        ...

    def prepare(self, text: str) -> Utterance:
        """Make ``text`` ready to play, with its length. Raises when it cannot."""
        ...

    def play(self, utterance: Utterance, cancel: threading.Event) -> Outcome:
        """Play it and wait for the end. ``cancel`` set (with :meth:`stop`) cuts it short."""
        ...

    def stop(self) -> None:
        """Cut the line playing now, from any thread (a no-op where it cannot be)."""
        ...

    def close(self) -> None:
        """Release what the backend holds (temporary files)."""
        ...


def unknown_voice_problem(voice_id: str) -> str:
    return (
        f"The voice '{voice_id}' is not installed here, so the default voice "
        "speaks. Choose another voice in the settings."
    )


class EngineBackend:
    """A pyttsx3 engine (or a test's stand-in) that plays by itself."""

    def __init__(self, engine: SpeechEngine) -> None:
        self.engine = engine
        self._rate = DEFAULT_VOICE.rate

    def start(self, voice: VoiceOptions) -> str:
        engine = self.engine
        self._rate = voice.rate
        engine.setProperty("rate", voice.rate)
        engine.setProperty("volume", voice.volume)
        if not voice.voice_id:
            return ""
        voices = engine.getProperty("voices")
        ids = {getattr(v, "id", None) for v in voices} if isinstance(voices, list) else set()
        if voice.voice_id in ids:
            engine.setProperty("voice", voice.voice_id)
            return ""
        return unknown_voice_problem(voice.voice_id)

    def prepare(self, text: str) -> Utterance:
        return Utterance(text, estimate_seconds(text, self._rate))

    def play(self, utterance: Utterance, cancel: threading.Event) -> Outcome:
        self.engine.say(utterance.text)
        self.engine.runAndWait()
        return Outcome(True, SPOKEN)

    def stop(self) -> None:
        """pyttsx3 cannot be cut safely from another thread: the line plays to its end."""

    def close(self) -> None:
        """Nothing to release."""


_TURN = threading.Lock()
"""Held while a line plays: speakers alive at once (a session's, the settings dialog's
Test) take turns rather than talk over each other."""


class PlayerBackend:
    """espeak-ng synthesis played by backcoach's own player process."""

    def __init__(
        self,
        choice: PlayerChoice = DEFAULT_CHOICE,
        *,
        synth: Callable[[], Synthesizer] = synthesizer,
        player: Player | None = None,
        lengths: PlannedLengths | None = None,
    ) -> None:
        self.choice = choice
        self._synth_factory = synth
        self._synth: Synthesizer | None = None
        self._player = player
        self._voice = DEFAULT_VOICE
        self._lengths = lengths

    def start(self, voice: VoiceOptions) -> str:
        self._synth = self._synth_factory()  # raises SpeechEngineError
        if self._player is None:
            try:
                self._player = Player(self.choice.argv())
            except ValueError as exc:
                raise SpeechEngineError(
                    "bad player command", f"Voice is off: {exc}. {self.choice.fix()}", BAD_PLAYER
                ) from None
        self._voice = voice
        if self._lengths is not None and self._lengths.voice != voice.clamped():
            self._lengths = None  # planned for another voice: no use here
        if voice.voice_id and not self._synth.has_voice(voice.voice_id):
            self._voice = VoiceOptions(voice.rate, voice.volume, "")
            return unknown_voice_problem(voice.voice_id)
        return ""

    def prepare(self, text: str) -> Utterance:
        assert self._synth is not None, "start() first"
        clip = self._synth.synthesize(text, self._voice)
        planned = None if self._lengths is None else self._lengths.heard(text, clip.seconds)
        if planned is not None and planned > clip.seconds:
            clip = padded(clip, planned)
        return Utterance(text, clip.seconds, clip)

    def play(self, utterance: Utterance, cancel: threading.Event) -> Outcome:
        assert self._player is not None and utterance.clip is not None, "start() first"
        while not _TURN.acquire(timeout=0.02):  # another speaker's line is playing
            if cancel.is_set():
                return Outcome(False, STOPPED)
        try:
            result = self._player.play(utterance.clip, cancel)
        finally:
            _TURN.release()
        if result.ok:
            return Outcome(True, SPOKEN)
        if result.status == STOPPED:
            return Outcome(False, STOPPED)
        return Outcome(False, result.reason, self.problem_for(result))

    def problem_for(self, result: PlayResult) -> str:
        """The sentence telling the user that the player failed, and the fix."""
        command = self.choice.command
        if result.status == MISSING:
            what = f"the sound player '{command}' was not found"
        else:
            what = f"the sound player '{command}' failed ({result.how_it_failed})"
            if result.first_error_line:
                what += f": {result.first_error_line.rstrip('.')}"
        return f"Voice is off: {what}. {self.choice.fix()}"

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    def close(self) -> None:
        if self._player is not None:
            self._player.close()
        if self._lengths is not None:
            self._lengths.save()
