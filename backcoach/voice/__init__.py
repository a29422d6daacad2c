"""The voice: speakers that say cues without blocking the caller, and the cue log.

Wiring, for a driver that runs a session (the app's composition root,
:class:`backcoach.services.root.AppServices`, does this)::

    clock = base_clock  # the speaker's clock runs at real time, whatever the speed
    player = choose_player(options.player, os.environ, settings.voice_player)
    speaker = make_speaker(settings, clock, player=player)
    speaker.add_listener(CueLog(path))  # optional; listeners run on any thread
    # a cue due at routine time cue.due, seen at routine time `now`, with the
    # session running `speed` times faster than real time:
    due = clock.monotonic() + (cue.due - now) / speed
    speaker.say(cue, due)
    speaker.clear()  # on skip, back and end: the line playing now plays on
    speaker.stop()  # on pause (VoiceWorker, SilentSpeaker): the line playing now is cut
    speaker.close()  # when the app quits

Reason strings for unspoken cues live in :mod:`backcoach.voice.speaker`. On
Linux a line is synthesised by espeak-ng (:mod:`backcoach.voice.espeak`) and
played by backcoach's own player process (:mod:`backcoach.voice.player`); a
cue counts as spoken only when the player exited with status 0.
"""

from backcoach.voice.backend import EngineBackend, Outcome, PlayerBackend, SpeechBackend
from backcoach.voice.clip import Clip
from backcoach.voice.cuelog import CueLog, CueLogError
from backcoach.voice.engine import (
    EngineProbe,
    default_player,
    engine_report,
    list_voices,
    make_speaker,
    player_problem,
    probe_engine,
    render_to_wav,
    speech_engine_problem,
)
from backcoach.voice.espeak import (
    describe_synthesis,
    engine_version,
    measure_seconds,
    synthesize,
)
from backcoach.voice.options import SpeechEngineError, VoiceOptions
from backcoach.voice.player import (
    DEFAULT_PLAYER,
    PLAYER_ENV,
    Player,
    PlayerChoice,
    PlayResult,
    choose_player,
)
from backcoach.voice.speaker import CueResult, ResultListener, SilentSpeaker, Speaker
from backcoach.voice.worker import SpeechEngine, VoiceWorker

__all__ = [
    "DEFAULT_PLAYER",
    "PLAYER_ENV",
    "Clip",
    "CueLog",
    "CueLogError",
    "CueResult",
    "EngineBackend",
    "EngineProbe",
    "Outcome",
    "PlayResult",
    "Player",
    "PlayerBackend",
    "PlayerChoice",
    "ResultListener",
    "SilentSpeaker",
    "Speaker",
    "SpeechBackend",
    "SpeechEngine",
    "SpeechEngineError",
    "VoiceOptions",
    "VoiceWorker",
    "choose_player",
    "default_player",
    "describe_synthesis",
    "engine_report",
    "engine_version",
    "list_voices",
    "make_speaker",
    "measure_seconds",
    "player_problem",
    "probe_engine",
    "render_to_wav",
    "speech_engine_problem",
    "synthesize",
]
