"""espeak-ng as a synthesizer: text in, a WAV :class:`~backcoach.voice.clip.Clip` out.

Nothing here plays sound (backcoach's own player does, see
:mod:`backcoach.voice.player`). Two ways in, best first:

- :class:`LibEspeak`: libespeak-ng through ctypes, in this process, in its
  synchronous mode (no thread of its own). It is initialised once per process
  and every call takes one process-wide lock, so synthesis runs on one thread at
  a time (in practice the voice worker's). A line takes a few milliseconds.
- :class:`EspeakProgram`: ``espeak-ng --stdout``, one process per line, when
  the library cannot be loaded.

:func:`synthesizer` picks one (and raises :class:`SpeechEngineError` when there
is neither); :func:`synthesize`, :func:`measure_seconds` and
:func:`engine_version` use it. Nothing is printed to standard output.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
import threading
from collections.abc import Iterable, Sequence
from typing import Protocol

from backcoach.voice.clip import Clip, clip_from_samples, clip_from_wav_stream
from backcoach.voice.options import DEFAULT_VOICE, SpeechEngineError, VoiceOptions

DEFAULT_VOICE_NAME = "en"
"""espeak-ng's own default voice, used for the "default voice" and for one not installed."""

PROGRAM_TIMEOUT = 20.0

NOT_INSTALLED = SpeechEngineError(
    "espeak-ng is not installed",
    "Voice is off: the speech engine espeak-ng is not installed. "
    "Install it with: sudo apt install espeak-ng",
)

# speak_lib.h
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000  # return an error rather than exit() when the data is missing
_BUFFER_MS = 500  # audio handed to the callback per call: fewer, bigger calls
_RATE, _VOLUME = 1, 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_EE_OK = 0

_LIBRARY_NAMES = (
    "libespeak-ng.so.1",
    "/usr/local/lib/libespeak-ng.so.1",
    "/opt/homebrew/lib/libespeak-ng.1.dylib",
    "/usr/local/lib/libespeak-ng.1.dylib",
)

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _Voice(ctypes.Structure):
    _fields_ = (
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_char_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    )


class Synthesizer(Protocol):
    """Turns text into audio, never playing it."""

    @property
    def version(self) -> str:
        """The engine and its version, e.g. ``espeak-ng 1.51``: a key for cached lengths."""
        ...

    @property
    def how(self) -> str:
        """How it runs, for a report: ``libespeak-ng, in process``."""
        ...

    def has_voice(self, voice_id: str) -> bool:
        """Whether ``voice_id`` (an espeak-ng voice file such as ``gmw/en``) is installed."""
        ...

    def synthesize(self, text: str, voice: VoiceOptions) -> Clip:
        """``text`` spoken with ``voice`` (an unknown voice id speaks with the default)."""
        ...

    def measure(self, texts: Sequence[str], voice: VoiceOptions) -> list[float]:
        """The exact length in seconds of each of ``texts`` spoken with ``voice``."""
        ...


def _volume(voice: VoiceOptions) -> int:
    """espeak-ng's amplitude for a volume from 0 to 1 (100 is its normal loudness)."""
    return round(min(max(voice.volume, 0.0), 1.0) * 100)


def _clean(text: str) -> bytes:
    return text.replace("\0", " ").encode("utf-8")


def load_library() -> ctypes.CDLL | None:
    """libespeak-ng, or None when it cannot be loaded."""
    names = list(_LIBRARY_NAMES)
    found = ctypes.util.find_library("espeak-ng")
    if found:
        names.insert(1, found)
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


class LibEspeak:
    """libespeak-ng in this process; make it with :meth:`open` (one per process)."""

    def __init__(self, lib: ctypes.CDLL, sample_rate: int) -> None:
        self._lib = lib
        self.sample_rate = sample_rate
        self._chunks: list[bytes] = []
        self._callback = _SynthCallback(self._on_audio)  # referenced for as long as used
        self._voice_name: str | None = None
        self._voice_ids: set[str] | None = None
        info = lib.espeak_Info(None)
        self._version = f"espeak-ng {info.decode('utf-8', 'replace') if info else 'unknown'}"

    @classmethod
    def open(cls) -> LibEspeak:
        """Load and initialise libespeak-ng. Raises :class:`SpeechEngineError`.

        libespeak-ng is initialised once per process: use :func:`synthesizer`.
        """
        global _OPENED
        with _LOCK:
            if _OPENED is not None:
                return _OPENED
            _OPENED = cls._open()
            return _OPENED

    @classmethod
    def _open(cls) -> LibEspeak:
        lib = load_library()
        if lib is None:
            raise NOT_INSTALLED
        _declare(lib)
        rate = int(
            lib.espeak_Initialize(
                _AUDIO_OUTPUT_SYNCHRONOUS, _BUFFER_MS, None, _INITIALIZE_DONT_EXIT
            )
        )
        if rate <= 0:
            raise SpeechEngineError(
                "espeak-ng could not start",
                "Voice is off: the speech engine espeak-ng could not start (its voice data may "
                "be missing). Reinstall it with: sudo apt install --reinstall espeak-ng-data",
            )
        synth = cls(lib, rate)
        synth._synth("Ready.", DEFAULT_VOICE)  # loads the voice now, not at the first cue
        return synth

    @property
    def version(self) -> str:
        return self._version

    @property
    def how(self) -> str:
        return "libespeak-ng, in process"

    def has_voice(self, voice_id: str) -> bool:
        with _LOCK:
            if self._voice_ids is None:
                self._voice_ids = self._list_voices()
            return voice_id.lower() in self._voice_ids

    def synthesize(self, text: str, voice: VoiceOptions) -> Clip:
        with _LOCK:
            pcm = self._synth(text, voice)
        return clip_from_samples(pcm, self.sample_rate, trim=True)

    def measure(self, texts: Sequence[str], voice: VoiceOptions) -> list[float]:
        with _LOCK:
            return [
                clip_from_samples(self._synth(text, voice), self.sample_rate, trim=True).seconds
                for text in texts
            ]

    def _list_voices(self) -> set[str]:
        found: set[str] = set()
        voices = self._lib.espeak_ListVoices(None)
        i = 0
        while voices and voices[i]:
            identifier = voices[i].contents.identifier
            if identifier:
                found.add(identifier.decode("utf-8", "replace").lower())
            i += 1
        return found

    def _synth(self, text: str, voice: VoiceOptions) -> bytes:
        """``text`` as 16-bit samples in native order; hold _LOCK."""
        lib = self._lib
        name = voice.voice_id or DEFAULT_VOICE_NAME
        if name != self._voice_name:
            if lib.espeak_SetVoiceByName(name.encode("utf-8")) != _EE_OK:
                lib.espeak_SetVoiceByName(DEFAULT_VOICE_NAME.encode())
            self._voice_name = name
        lib.espeak_SetParameter(_RATE, voice.rate, 0)
        lib.espeak_SetParameter(_VOLUME, _volume(voice), 0)
        lib.espeak_SetSynthCallback(self._callback)  # ours, whoever set one before
        self._chunks = []
        data = _clean(text)
        status = lib.espeak_Synth(
            data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        pcm, self._chunks = b"".join(self._chunks), []
        if status != _EE_OK:
            raise RuntimeError(f"espeak-ng could not synthesise the line (error {status})")
        return pcm

    def _on_audio(
        self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int | None
    ) -> int:
        if wav and count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0


def _declare(lib: ctypes.CDLL) -> None:
    c_int, c_char_p, c_void_p = ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p
    lib.espeak_Initialize.argtypes = (c_int, c_int, c_char_p, c_int)
    lib.espeak_Initialize.restype = c_int
    lib.espeak_SetSynthCallback.argtypes = (_SynthCallback,)
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_SetParameter.argtypes = (c_int, c_int, c_int)
    lib.espeak_SetParameter.restype = c_int
    lib.espeak_SetVoiceByName.argtypes = (c_char_p,)
    lib.espeak_SetVoiceByName.restype = c_int
    lib.espeak_Synth.argtypes = (
        c_void_p, ctypes.c_size_t, ctypes.c_uint, c_int, ctypes.c_uint, ctypes.c_uint,
        c_void_p, c_void_p,
    )  # fmt: skip
    lib.espeak_Synth.restype = c_int
    lib.espeak_Info.argtypes = (c_void_p,)
    lib.espeak_Info.restype = c_char_p
    lib.espeak_ListVoices.argtypes = (c_void_p,)
    lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))


class EspeakProgram:
    """``espeak-ng --stdout``: one process per line, for when the library will not load."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._version = ""
        self._voice_ids: set[str] | None = None

    @property
    def version(self) -> str:
        if not self._version:
            out = self._run(["--version"]).decode("utf-8", "replace")
            # The output reads: eSpeak NG text-to-speech, a colon, the version, where its data is.
            number = out.split(":", 1)[-1].split()[:1]
            self._version = f"espeak-ng {number[0] if number else 'unknown'}"
        return self._version

    @property
    def how(self) -> str:
        return f"the program {self.path}, one process per line"

    def has_voice(self, voice_id: str) -> bool:
        if self._voice_ids is None:
            listing = self._run(["--voices"]).decode("utf-8", "replace").splitlines()[1:]
            self._voice_ids = {cols[4].lower() for line in listing if len(cols := line.split()) > 4}
        return voice_id.lower() in self._voice_ids

    def synthesize(self, text: str, voice: VoiceOptions) -> Clip:
        argv = ["--stdout", "-s", str(voice.rate), "-a", str(_volume(voice))]
        if voice.voice_id and self.has_voice(voice.voice_id):
            argv += ["-v", voice.voice_id]
        # The text goes in on standard input, so a line starting with "-" is not an option.
        data = self._run(argv, _clean(text))
        try:
            return clip_from_wav_stream(data, trim=True)
        except ValueError as exc:
            raise RuntimeError(f"espeak-ng wrote no usable audio ({exc})") from exc

    def measure(self, texts: Sequence[str], voice: VoiceOptions) -> list[float]:
        return [self.synthesize(text, voice).seconds for text in texts]

    def _run(self, args: list[str], text: bytes = b"") -> bytes:
        try:
            done = subprocess.run(
                [self.path, *args],
                input=text,
                capture_output=True,
                timeout=PROGRAM_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RuntimeError(f"espeak-ng could not run: {exc}") from exc
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            detail = lines[0] if lines else f"exit {done.returncode}"
            raise RuntimeError(f"espeak-ng failed: {detail}")
        return done.stdout


_LOCK = threading.RLock()
"""Held for every use of libespeak-ng: it has one state per process."""
_SYNTHESIZER: Synthesizer | None = None
_OPENED: LibEspeak | None = None


def synthesis_problem() -> SpeechEngineError | None:
    """A quick check (nothing is started) that espeak-ng is here; None when it is."""
    if load_library() is not None or shutil.which("espeak-ng") is not None:
        return None
    return NOT_INSTALLED


def synthesizer() -> Synthesizer:
    """The process's synthesizer, made on first use. Raises :class:`SpeechEngineError`."""
    global _SYNTHESIZER
    with _LOCK:
        if _SYNTHESIZER is None:
            try:
                _SYNTHESIZER = LibEspeak.open()
            except SpeechEngineError as exc:
                program = shutil.which("espeak-ng")
                if program is None:
                    raise exc from None
                _SYNTHESIZER = EspeakProgram(program)
        return _SYNTHESIZER


def synthesize(text: str, voice: VoiceOptions = DEFAULT_VOICE) -> Clip:
    """``text`` spoken with ``voice`` as a WAV clip with its exact length.

    Raises :class:`SpeechEngineError` when there is no espeak-ng, RuntimeError when
    this line cannot be synthesised.
    """
    return synthesizer().synthesize(text, voice.clamped())


def measure_seconds(texts: Iterable[str], voice: VoiceOptions = DEFAULT_VOICE) -> list[float]:
    """The exact spoken length of each of ``texts`` with ``voice``, all in one go.

    For caching lengths by (text, voice, rate, :func:`engine_version`). Raises as
    :func:`synthesize` does.
    """
    return synthesizer().measure(list(texts), voice.clamped())


def engine_version() -> str:
    """The speech engine and its version, e.g. ``espeak-ng 1.51``. Raises as :func:`synthesize`."""
    return synthesizer().version


def describe_synthesis() -> str:
    """One line for a report: the engine, its version and how it runs, or what is missing."""
    try:
        synth = synthesizer()
        return f"{synth.version} ({synth.how})"
    except SpeechEngineError as exc:
        return f"none ({exc.why})"
    except RuntimeError as exc:
        return f"none ({exc})"
