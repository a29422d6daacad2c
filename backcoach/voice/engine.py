"""Speech set-up: checks, the speaker factory, and one-off pyttsx3 jobs in child processes.

On Linux backcoach speaks through espeak-ng (:mod:`backcoach.voice.espeak`,
synthesis to WAV in this process) and its own player process
(:mod:`backcoach.voice.player`); pyttsx3 only lists the installed voices, in a
child process. On macOS and Windows, pyttsx3 speaks and plays by itself.

pyttsx3 2.99 pitfalls this module works around:

- ``pyttsx3.init(driver)`` returns the one cached engine per driver, and the
  espeak driver installs a process-wide synthesis callback. So a process
  holds one speaking engine (the :class:`~backcoach.voice.worker.VoiceWorker`),
  and one-off jobs (listing voices, rendering a WAV) run in a child process.
- The espeak driver plays each utterance with ``os.system("aplay ...")``: the
  exit status is lost and Ctrl-C is ignored while it plays. That is why Linux
  no longer speaks through pyttsx3.
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
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from backcoach.core.clock import Clock
from backcoach.settings import Settings
from backcoach.voice.backend import PlannedLengths, PlayerBackend, SpeechEngine
from backcoach.voice.espeak import describe_synthesis, synthesis_problem
from backcoach.voice.options import DEFAULT_VOICE, SpeechEngineError, VoiceOptions
from backcoach.voice.player import DEFAULT_CHOICE, PlayerChoice, choose_player
from backcoach.voice.speaker import (
    BAD_PLAYER,
    NO_SOUND_CARD,
    PLAYER_MISSING,
    VOICE_OFF,
    SilentSpeaker,
    Speaker,
)
from backcoach.voice.worker import BackendFactory, VoiceWorker

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


def plays_itself() -> bool:
    """True where pyttsx3 speaks and plays (macOS, Windows); on Linux backcoach plays."""
    return driver_name() != "espeak"


def _pyttsx3_problem() -> SpeechEngineError | None:
    """What keeps pyttsx3 (and, on Linux, its espeak driver) from starting."""
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
"""Linux's list of sound cards, checked before the default player, ALSA's aplay, is used."""


def player_problem(choice: PlayerChoice = DEFAULT_CHOICE) -> SpeechEngineError | None:
    """Quick checks of the player; None when it may play.

    A player the user named (``--player``, ``$BACKCOACH_PLAYER``, the setting) is
    trusted: only its command line is checked. The default, ``aplay -q``, must be
    installed and find a sound card.
    """
    try:
        argv = choice.argv()
    except ValueError as exc:
        return SpeechEngineError(
            BAD_PLAYER, f"Voice is off: {exc}. {choice.fix()}", reason=BAD_PLAYER
        )
    if choice.named:
        return None
    if shutil.which(argv[0]) is None:
        return SpeechEngineError(
            "aplay is not installed",
            "Voice is off: the program aplay, which plays the speech, is missing. "
            "Install it with: sudo apt install alsa-utils (or choose another player with "
            "--player).",
            reason=PLAYER_MISSING,
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
            reason=NO_SOUND_CARD,
        )
    return None


def speech_engine_problem(player: PlayerChoice | None = None) -> SpeechEngineError | None:
    """Quick checks (nothing is started) for what speech needs; None when all is there.

    On Linux: espeak-ng (the library, or else the program) and the ``player``
    (None: ``$BACKCOACH_PLAYER`` if set, else ``aplay -q``).
    """
    if plays_itself():
        return _pyttsx3_problem()
    if player is None:
        player = choose_player(None, os.environ, "")
    return synthesis_problem() or player_problem(player)


def default_player(settings: Settings) -> PlayerChoice:
    """The player when none is given: ``$BACKCOACH_PLAYER``, the setting, then aplay."""
    setting = settings.voice_player
    return choose_player(None, os.environ, setting)


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
    problem = _pyttsx3_problem()
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
    player: PlayerChoice | None = None,
    engine_factory: BackendFactory | None = None,
    stale_after: float = 4.0,
    lengths: PlannedLengths | None = None,
) -> Speaker:
    """A new speaker for the settings. Never raises.

    Voice off gives a :class:`SilentSpeaker`; so does a missing speech engine or
    a player that cannot play, with ``problem`` telling the user how to fix it.
    Otherwise a new :class:`VoiceWorker` with its own thread: on Linux, espeak-ng
    synthesis played by ``player`` (None: :func:`default_player`, i.e.
    ``$BACKCOACH_PLAYER``, the setting ``voice_player``, then ``aplay -q``; see
    :func:`~backcoach.voice.player.choose_player`); elsewhere pyttsx3, every such
    speaker taking turns with the process's one engine. ``engine_factory``
    replaces both (tests). ``lengths``: the line lengths plans are sized with, for
    espeak-ng's clips to fill their planned slots. Several speakers may be alive at
    once (the app makes a new one when the voice settings change, the voice settings
    dialog one per Test); ``close()`` each when done with it.
    """
    if not settings.voice_enabled:
        return SilentSpeaker(VOICE_OFF)
    voice = VoiceOptions.from_settings(settings)
    if engine_factory is None:
        choice = player if player is not None else default_player(settings)
        problem = speech_engine_problem(choice)
        if problem is not None:
            return SilentSpeaker(problem.reason, problem.problem)
        engine_factory = pyttsx3_engine if plays_itself() else _player_backend(choice, lengths)
    return VoiceWorker(clock, engine_factory, voice, stale_after=stale_after)


def _player_backend(choice: PlayerChoice, lengths: PlannedLengths | None) -> BackendFactory:
    def make() -> PlayerBackend:
        return PlayerBackend(choice, lengths=lengths)

    return make


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
    problem = _pyttsx3_problem()
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


def engine_report(timeout: float = 10.0, player: PlayerChoice | None = None) -> str:
    """A few lines on the speech set-up, for a diagnostics command.

    ``player`` is the one in use (None: ``$BACKCOACH_PLAYER``, then ``aplay -q``).
    """
    probe = probe_engine(timeout)
    try:
        version = importlib.metadata.version("pyttsx3")
    except importlib.metadata.PackageNotFoundError:
        version = "not installed"
    lines = [f"Speech engine: pyttsx3 {version}, driver {probe.driver}"]
    if not plays_itself():
        lines[0] += " (lists the voices)"
        lines.append(f"Synthesis: {describe_synthesis()}")
    lines.append(f"Started: {'yes' if probe.started else 'no'}")
    if probe.started:
        lines.append(f"Voices: {len(probe.voices)} (default: {probe.current_voice or 'unknown'})")
    problem = None
    if not plays_itself():
        choice = player if player is not None else choose_player(None, os.environ, "")
        lines.append(f"Sound player: {choice.describe()}")
        problem = speech_engine_problem(choice)
    if probe.problem:
        lines.append(probe.problem)
    if problem is not None and problem.problem != probe.problem:
        lines.append(problem.problem)
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
