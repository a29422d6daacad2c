"""The voice: speakers that say cues without blocking the caller, and the cue log.

Wiring, for a driver that runs a session (the app's composition root,
:class:`backcoach.services.root.AppServices`, does this)::

    clock = base_clock  # the speaker's clock runs at real time, whatever the speed
    speaker = make_speaker(settings, clock)
    speaker.add_listener(CueLog(path))  # optional; listeners run on any thread
    # a cue due at routine time cue.due, seen at routine time `now`, with the
    # session running `speed` times faster than real time:
    due = clock.monotonic() + (cue.due - now) / speed
    speaker.say(cue, due)
    speaker.clear()  # on pause, skip, back and end
    speaker.close()  # when the app quits

Reason strings for unspoken cues live in :mod:`backcoach.voice.speaker`.
"""

from backcoach.voice.cuelog import CueLog, CueLogError
from backcoach.voice.engine import (
    EngineProbe,
    engine_report,
    list_voices,
    make_speaker,
    probe_engine,
    render_to_wav,
    speech_engine_problem,
)
from backcoach.voice.speaker import CueResult, ResultListener, SilentSpeaker, Speaker
from backcoach.voice.worker import SpeechEngine, SpeechEngineError, VoiceOptions, VoiceWorker

__all__ = [
    "CueLog",
    "CueLogError",
    "CueResult",
    "EngineProbe",
    "ResultListener",
    "SilentSpeaker",
    "Speaker",
    "SpeechEngine",
    "SpeechEngineError",
    "VoiceOptions",
    "VoiceWorker",
    "engine_report",
    "list_voices",
    "make_speaker",
    "probe_engine",
    "render_to_wav",
    "speech_engine_problem",
]
