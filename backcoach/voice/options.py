"""How the voice sounds, and the error for a voice that cannot speak at all."""

from __future__ import annotations

from dataclasses import dataclass

from backcoach.settings import MAX_RATE, MIN_RATE, Settings
from backcoach.voice.speaker import NO_ENGINE


class SpeechEngineError(Exception):
    """No speech can be heard: ``why`` in a few words, ``problem`` for the user with the fix.

    ``reason`` is what each unspoken cue is logged with; by default
    ``no speech engine: <why>``.
    """

    def __init__(self, why: str, problem: str, reason: str = "") -> None:
        super().__init__(problem)
        self.why = why
        self.problem = problem
        self.reason = reason or f"{NO_ENGINE}: {why}"


@dataclass(frozen=True)
class VoiceOptions:
    """How the voice sounds: rate (words per minute), volume (0 to 1) and voice id ("": default)."""

    rate: int = 165
    volume: float = 1.0
    voice_id: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> VoiceOptions:
        return cls(settings.voice_rate, settings.voice_volume, settings.voice_id)

    def clamped(self) -> VoiceOptions:
        """The same options brought inside what engines accept."""
        rate = min(max(self.rate, MIN_RATE), MAX_RATE)
        return VoiceOptions(rate, min(max(self.volume, 0.0), 1.0), self.voice_id)


DEFAULT_VOICE = VoiceOptions()
