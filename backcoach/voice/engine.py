"""pyttsx3 as the speech engine: checks, the engine factory, and one-off probes.

pyttsx3 2.99 pitfalls this module works around:

- ``pyttsx3.init(driver)`` returns the one cached engine per driver, and the
  espeak driver installs a process-wide synthesis callback. So a process
  holds one speaking engine (the :class:`~backcoach.voice.worker.VoiceWorker`),
  and one-off jobs (listing voices, rendering a WAV) run in a child process.
- On Linux the espeak driver plays each utterance by running ``aplay``;
  without it the engine "speaks" in silence.
- The espeak driver synthesises on espeak-ng's own thread; only from the
  second ``runAndWait`` on does the call wait for playback to end (see
  :func:`pyttsx3_engine`).
- ``runAndWait`` with nothing new to say repeats the last utterance, so
  the worker never asks for an empty one.
- ``save_to_file`` is sticky on the espeak driver (later ``say`` calls write
  files too), another reason to render in a separate process.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from backcoach.core.clock import Clock
from backcoach.settings import Settings
from backcoach.voice.speaker import NO_ENGINE, VOICE_OFF, SilentSpeaker, Speaker
from backcoach.voice.worker import (
    DEFAULT_VOICE,
    EngineFactory,
    SpeechEngine,
    SpeechEngineError,
    VoiceOptions,
    VoiceWorker,
)

_CHILD = r"""
import json, sys
import pyttsx3
job = json.loads(sys.argv[1])
engine = pyttsx3.init(job["driver"])
if job["action"] == "voices":
    voices = [[str(v.id), str(v.name)] for v in engine.getProperty("voices")]
    print(json.dumps({"voices": voices, "voice": str(engine.getProperty("voice") or "")}))
else:
    engine.setProperty("rate", job["rate"])
    engine.setProperty("volume", job["volume"])
    if job["voice"]:
        engine.setProperty("voice", job["voice"])
    engine.save_to_file(job["text"], job["path"])
    engine.runAndWait()
"""


def driver_name() -> str | None:
    """The pyttsx3 driver to use: espeak-ng on Linux, the platform default elsewhere."""
    return "espeak" if sys.platform.startswith("linux") else None


def _engine_problem() -> SpeechEngineError | None:
    try:
        importlib.import_module("pyttsx3")
    except ImportError:
        return SpeechEngineError(
            "pyttsx3 is not installed",
            "Voice is off: the Python package pyttsx3 is missing. "
            "Install it with: pip install pyttsx3",
        )
    if driver_name() == "espeak":
        try:
            importlib.import_module("pyttsx3.drivers._espeak")
        except (ImportError, OSError, RuntimeError):
            return SpeechEngineError(
                "espeak-ng is not installed",
                "Voice is off: the speech engine espeak-ng is not installed. "
                "Install it with: sudo apt install espeak-ng",
            )
    return None


SOUND_CARDS = Path("/proc/asound/cards")
"""Linux's list of sound cards; pyttsx3's espeak driver plays through ALSA's aplay."""


def _player_problem() -> SpeechEngineError | None:
    if driver_name() != "espeak":
        return None
    if shutil.which("aplay") is None:
        return SpeechEngineError(
            "aplay is not installed",
            "Voice is off: the program aplay, which plays the speech, is missing. "
            "Install it with: sudo apt install alsa-utils",
        )
    try:
        cards = SOUND_CARDS.read_text(encoding="utf-8", errors="replace")
    except OSError:
        cards = ""
    if not cards.strip() or "no soundcards" in cards:
        return SpeechEngineError(
            "no sound card",
            "Voice is off: no sound card was found. Connect speakers or headphones "
            "(or check that the sound driver is loaded), then restart backcoach.",
        )
    return None


def speech_engine_problem() -> SpeechEngineError | None:
    """Quick checks (no engine is created) for what speech needs; None when all is there."""
    return _engine_problem() or _player_problem()


_TURN = threading.Lock()
"""pyttsx3 keeps one engine per driver in a process, so speakers take turns with it."""
_WARMED: set[int] = set()


class SharedEngine:
    """One speaker's use of the process's pyttsx3 engine.

    Another speaker (a new one after the voice settings change, or the settings
    dialog's Test) gets the same engine from ``pyttsx3.init``. Each keeps its own
    rate, volume and voice, applied just before it speaks, and only one run
    loop runs at a time.
    """

    def __init__(self, engine: SpeechEngine) -> None:
        self._engine = engine
        self._properties: dict[str, object] = {}
        self._texts: list[str] = []

    def say(self, text: str) -> None:
        self._texts.append(text)

    def setProperty(self, name: str, value: object) -> None:
        self._properties[name] = value

    def getProperty(self, name: str) -> object:
        if name in self._properties:
            return self._properties[name]
        return self._engine.getProperty(name)

    def runAndWait(self) -> None:
        texts, self._texts = self._texts, []
        if not texts:
            return
        with _TURN:
            for name, value in self._properties.items():
                self._engine.setProperty(name, value)
            for text in texts:
                self._engine.say(text)
            self._engine.runAndWait()


def pyttsx3_engine() -> SpeechEngine:
    """This speaker's share of the process's pyttsx3 engine (see :class:`SharedEngine`)."""
    problem = speech_engine_problem()
    if problem is not None:
        raise problem
    import pyttsx3

    with _TURN:
        engine: SpeechEngine = pyttsx3.init(driver_name())
        if id(engine) not in _WARMED:
            # The first runAndWait of a fresh espeak driver returns before the
            # audio has played; every later one blocks until playback ends. Spend
            # the odd first one on nothing, once per engine (on a used engine an
            # empty runAndWait would repeat the last utterance).
            engine.runAndWait()
            _WARMED.add(id(engine))
    return SharedEngine(engine)


def make_speaker(
    settings: Settings,
    clock: Clock,
    *,
    engine_factory: EngineFactory | None = None,
    stale_after: float = 4.0,
) -> Speaker:
    """A new speaker for the settings. Never raises.

    Voice off gives a :class:`SilentSpeaker`; so does a missing speech
    engine, with ``problem`` telling the user how to fix it. Otherwise a new
    :class:`VoiceWorker` with its own thread; ``engine_factory`` defaults to
    :func:`pyttsx3_engine`, so every such speaker in the process shares the
    one pyttsx3 engine, taking turns with it. Several speakers may be alive at
    once (the app makes a new one when the voice settings change, the voice
    settings dialog one per Test); ``close()`` each when done with it.
    """
    if not settings.voice_enabled:
        return SilentSpeaker(VOICE_OFF)
    if engine_factory is None:
        problem = speech_engine_problem()
        if problem is not None:
            return SilentSpeaker(f"{NO_ENGINE}: {problem.why}", problem.problem)
        engine_factory = pyttsx3_engine
    voice = VoiceOptions.from_settings(settings)
    return VoiceWorker(clock, engine_factory, voice, stale_after=stale_after)


def _run_child(job: dict[str, object], timeout: float) -> str:
    """Run one pyttsx3 job in a child process; return its standard output."""
    job = {"driver": driver_name(), **job}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, json.dumps(job)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SpeechEngineError(
            "timed out", f"The speech engine did not answer within {timeout:g} s."
        ) from exc
    except OSError as exc:
        raise SpeechEngineError(
            "could not start", f"The speech engine could not start: {exc}"
        ) from exc
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        detail = lines[-1] if lines else f"exit status {done.returncode}"
        raise SpeechEngineError("failed", f"The speech engine failed: {detail}")
    return done.stdout


@dataclass(frozen=True)
class EngineProbe:
    """What a short-lived engine in a child process found."""

    driver: str
    started: bool
    problem: str = ""
    voices: list[tuple[str, str]] = field(default_factory=list)
    current_voice: str = ""


def probe_engine(timeout: float = 10.0) -> EngineProbe:
    """Start a throwaway engine in a child process and list its voices. Never raises."""
    driver = driver_name() or "platform default"
    problem = _engine_problem()
    if problem is not None:
        return EngineProbe(driver, started=False, problem=problem.problem)
    try:
        out = _run_child({"action": "voices"}, timeout)
        found = json.loads(out.strip().splitlines()[-1])
        voices = [(str(vid), str(name)) for vid, name in found["voices"]]
    except SpeechEngineError as exc:
        return EngineProbe(driver, started=False, problem=exc.problem)
    except (ValueError, IndexError, KeyError, TypeError):
        return EngineProbe(
            driver, started=False, problem="The speech engine gave an answer that makes no sense."
        )
    return EngineProbe(driver, started=True, voices=voices, current_voice=str(found["voice"]))


def list_voices(timeout: float = 10.0) -> list[tuple[str, str]]:
    """The installed voices as (id, name); empty when no engine starts."""
    return probe_engine(timeout).voices


def engine_report(timeout: float = 10.0) -> str:
    """A few lines on the speech set-up, for a diagnostics command."""
    probe = probe_engine(timeout)
    try:
        version = importlib.metadata.version("pyttsx3")
    except importlib.metadata.PackageNotFoundError:
        version = "not installed"
    lines = [
        f"Speech engine: pyttsx3 {version}, driver {probe.driver}",
        f"Started: {'yes' if probe.started else 'no'}",
    ]
    if probe.started:
        lines.append(f"Voices: {len(probe.voices)} (default: {probe.current_voice or 'unknown'})")
    if driver_name() == "espeak":
        lines.append(f"Sound player: {shutil.which('aplay') or 'aplay missing'}")
    player = _player_problem()
    if probe.problem:
        lines.append(probe.problem)
    elif player is not None:
        lines.append(player.problem)
    return "\n".join(lines)


def render_to_wav(
    text: str,
    path: Path,
    voice: VoiceOptions = DEFAULT_VOICE,
    *,
    timeout: float = 20.0,
) -> None:
    """Speak ``text`` into the WAV file ``path`` (in a child process).

    Raises :class:`SpeechEngineError` when the engine fails or times out.
    """
    voice = voice.clamped()
    job = {
        "action": "render",
        "text": text,
        "path": str(path),
        "rate": voice.rate,
        "volume": voice.volume,
        "voice": voice.voice_id,
    }
    _run_child(job, timeout)
    if not path.is_file() or path.stat().st_size <= 44:
        raise SpeechEngineError("no audio", f"The speech engine wrote no audio to {path}.")
