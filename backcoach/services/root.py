"""The composition root: the one place that builds backcoach's services, for both front ends.

The window (:func:`backcoach.app.build_main_window`) and the terminal
(``backcoach start --no-window``) each make one :class:`AppServices` from
typed :class:`Options` and take everything from it. Each part is built on
first use, so nothing here slows the window's first paint: the history file,
the speech engine and the cue log open only when a session or a page needs
them.

There is one real-time base clock per process, made here. The speaker runs on
it; the session clock is the same clock, or it run ``speed`` times faster for
a rehearsal; the runner converts between the two.

Plans are sized with the real spoken length of each line for the voice the
settings choose (:meth:`AppServices.line_lengths`), kept in the cache folder.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backcoach.content.model import Content
from backcoach.core.clock import Clock, MonotonicClock, ScaledClock
from backcoach.settings import Settings

if TYPE_CHECKING:
    from backcoach.core.script import SecondsOf
    from backcoach.services.sessions import SessionService
    from backcoach.storage import HistoryStore
    from backcoach.voice import CueLog, PlayerChoice, Speaker, VoiceOptions
    from backcoach.voice.lengths import LengthCache, LineLengths, SynthFactory

SpeakerFactory = Callable[[Settings, Clock], "Speaker"]
ProblemListener = Callable[["str | None"], None]


@dataclass(frozen=True)
class Options:
    """What a front end asks of the services.

    ``folder`` is the data folder. ``speed`` runs sessions that many times
    faster (a rehearsal); ``voice`` False keeps the speaker silent; ``player``
    is the command that plays speech (``--player``); ``save``
    False keeps sessions out of history. ``window`` True: a history write never
    stalls the GUI thread, waiting at most a moment for another writer's lock.
    ``verbosity`` replaces the setting's (``--verbosity``), for this process only.
    ``cache`` is the cache folder (None: by the rule of :func:`backcoach.paths.folders`).
    """

    folder: Path
    cue_log: Path | None = None
    speed: float = 1.0
    voice: bool = True
    player: str | None = None
    save: bool = True
    window: bool = False
    verbosity: str | None = None
    cache: Path | None = None


class AppServices:
    """The services of one process, each built on first use; see the module docstring.

    ``clock`` replaces the real base clock (tests pass a fake one);
    ``speaker_factory(settings, clock)`` replaces the voice the settings ask for;
    ``settings`` replaces the settings file's. ``line_synth`` gives the synthesizer that
    measures lines (None: espeak-ng when it is the voice, that is without a
    ``speaker_factory`` and where backcoach plays speech itself; else none: estimates).
    """

    def __init__(
        self,
        content: Content,
        options: Options,
        *,
        clock: Clock | None = None,
        speaker_factory: SpeakerFactory | None = None,
        settings: Settings | None = None,
        line_synth: SynthFactory | None = None,
    ) -> None:
        self.content = content
        self.options = options
        self.folder = options.folder
        self.clock: Clock = clock if clock is not None else MonotonicClock()
        self.session_clock: Clock = (
            self.clock if options.speed == 1 else ScaledClock(self.clock, options.speed)
        )
        self._settings = settings
        self._speaker_factory = speaker_factory
        self._speaker: Speaker | None = None
        self._voice: tuple[bool, VoiceOptions, PlayerChoice] | None = None
        self._store: HistoryStore | None = None
        self._store_problem: str | None = None
        self._store_opened = False
        self._problem_listeners: list[ProblemListener] = []
        self._cue_log: CueLog | None = None
        self._sessions: SessionService | None = None
        self._line_synth = line_synth
        self._length_cache: LengthCache | None = None
        self._lengths: LineLengths | None = None
        self._lengths_lock = threading.Lock()

    # -------------------------------------------------------------- settings
    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = Settings.load(self.folder)
        return self._settings

    def save_settings(self, settings: Settings) -> str | None:
        """Write ``settings`` to the data folder; a sentence for the user if it failed."""
        return settings.save(self.folder)

    # ----------------------------------------------------------------- voice
    def open_cue_log(self) -> None:
        """Open the cue log the options name (raises CueLogError when it cannot be)."""
        if self.options.cue_log is None or self._cue_log is not None:
            return
        from backcoach.voice import CueLog

        self._cue_log = CueLog(self.options.cue_log)
        if self._speaker is not None:
            self._speaker.add_listener(self._cue_log)

    def player(self) -> PlayerChoice:
        """The command that plays speech: ``--player``, $BACKCOACH_PLAYER, the setting, aplay."""
        import os

        from backcoach.voice import choose_player

        return choose_player(self.options.player, os.environ, self.settings.voice_player)

    def _make_speaker(self, settings: Settings) -> Speaker:
        """A new speaker for ``settings`` on the base clock, through the factory if given."""
        if self._speaker_factory is not None:
            return self._speaker_factory(settings, self.clock)
        from backcoach.voice import make_speaker

        return make_speaker(settings, self.clock, player=self.player(), lengths=self.line_lengths())

    def speaker(self) -> Speaker:
        """The speaker, made on first use and again after the voice settings change."""
        from backcoach.voice import SilentSpeaker, VoiceOptions
        from backcoach.voice.speaker import VOICE_OFF

        settings = self.settings
        voice = (settings.voice_enabled, VoiceOptions.from_settings(settings), self.player())
        if self._speaker is None or voice != self._voice:
            if self._speaker is not None:  # the GUI never waits on speech: its thread ends alone
                self._speaker.close(timeout=0)
            if not self.options.voice:
                self._speaker = SilentSpeaker(VOICE_OFF)
            else:
                self._speaker = self._make_speaker(settings)
            self._voice = voice
            if self._cue_log is not None:
                self._speaker.add_listener(self._cue_log)
        return self._speaker

    def say_sample(self, settings: Settings, text: str) -> Speaker:
        """Say ``text`` now with ``settings``' voice through a one-off speaker, made as the
        session speaker is, on the base clock; it closes itself once it has spoken."""
        from backcoach.core.cues import Cue

        speaker = self._make_speaker(settings)
        speaker.add_listener(lambda _result: speaker.close(timeout=0))
        speaker.say(Cue(text, kind="intro", due=0.0), self.clock.monotonic())
        return speaker

    def voice_problem(self) -> str:
        """Why the voice cannot speak, with the fix; empty when it can (or is not made yet)."""
        return self._speaker.problem if self._speaker is not None else ""

    def cache_folder(self) -> Path:
        """The cache folder: ``cache`` in a data folder the user named, else the platform's."""
        if self.options.cache is not None:
            return self.options.cache
        from backcoach.paths import DataDirError, folders

        try:
            places = folders()
        except DataDirError:
            return self.folder / "cache"
        return places.cache if places.data == self.folder else self.folder / "cache"

    def line_lengths(self) -> LineLengths:
        """Spoken line lengths for the voice the settings choose (see
        :mod:`backcoach.voice.lengths`): kept in the cache folder, measured when missing
        (never with ``--no-voice``), estimated when nothing can synthesise."""
        from backcoach.voice import VoiceOptions
        from backcoach.voice.lengths import CACHE_NAME, LengthCache, LineLengths

        voice = VoiceOptions.from_settings(self.settings).clamped()
        with self._lengths_lock:  # the set-up page measures in a thread of its own
            if self._lengths is None or self._lengths.voice != voice:
                if self._length_cache is None:
                    folder = self.cache_folder()
                    # A cache never makes the data folder (history or settings do).
                    keep = self.folder.is_dir() or folder.parent != self.folder
                    self._length_cache = LengthCache(folder / CACHE_NAME if keep else None)
                self._lengths = LineLengths(
                    voice, self._length_cache, self._measurer(), measure=self.options.voice
                )
            return self._lengths

    def line_seconds(self) -> SecondsOf:
        """``seconds_of(text)``: a line's spoken length with the current voice settings."""
        return self.line_lengths().seconds_of

    def _measurer(self) -> SynthFactory | None:
        if self._line_synth is not None or self._speaker_factory is not None:
            return self._line_synth
        from backcoach.voice.engine import plays_itself

        if plays_itself():
            return None
        from backcoach.voice.espeak import synthesizer

        return synthesizer

    # --------------------------------------------------------------- history
    def history(self) -> HistoryStore | None:
        """The history store, opened once on first use; None when sessions are not saved or
        the file cannot be used (:meth:`open_problem` says why)."""
        if not self.options.save:
            return None
        if not self._store_opened:
            self._store_opened = True
            import sqlite3

            from backcoach.storage import DatabaseTooNew, HistoryStore, StorageError, db

            timeout = db.GUI_BUSY_TIMEOUT_MS if self.options.window else db.BUSY_TIMEOUT_MS
            try:
                self._store = HistoryStore(
                    self.folder,
                    busy_timeout_ms=timeout,
                    on_problem=self._problem_changed,
                )
            except (DatabaseTooNew, StorageError, sqlite3.Error, OSError) as exc:
                self._store_problem = str(exc)
        return self._store

    @property
    def history_opened(self) -> bool:
        """Whether :meth:`history` has opened the file (nothing to save otherwise)."""
        return self._store is not None

    def add_history_listener(self, listener: ProblemListener) -> None:
        """Call ``listener`` with the history store's problem whenever it changes (None: solved)."""
        self._problem_listeners.append(listener)

    def _problem_changed(self, problem: str | None) -> None:
        for listener in list(self._problem_listeners):
            listener(problem)

    def open_problem(self) -> str | None:
        """Why the history file could not be opened at all (None when it opened)."""
        return self._store_problem

    def storage_problem(self) -> str | None:
        """Why this session's sets are not being saved right now, or None."""
        if self._store is not None:
            fault = self._store.fault
            return fault and f"{fault} Unsaved sets can be exported from the File menu."
        if self._store_problem is None:
            return None
        return f"{self._store_problem} This session is not saved in history."

    # -------------------------------------------------------------- sessions
    @property
    def sessions(self) -> SessionService:
        """Starting, resuming and recording sessions (see :mod:`backcoach.services.sessions`)."""
        if self._sessions is None:
            from backcoach.services.sessions import SessionService

            self._sessions = SessionService(
                self.content,
                clock=self.session_clock,
                real_clock=self.clock,
                speaker=self.speaker,
                history=self.history,
                rate_wpm=lambda: float(self.settings.voice_rate),
                speed=self.options.speed,
                lengths=self.line_lengths,
                verbosity=lambda: self.options.verbosity or self.settings.voice_verbosity,
            )
        return self._sessions

    # ----------------------------------------------------------- the morning
    def morning_due(self) -> bool:
        """Whether to ask the morning question now (not asked today yet, and see
        :meth:`SessionService.morning_due`)."""
        return self.sessions.morning_due(self.settings.morning_asked)

    def morning_asked(self) -> str | None:
        """Note that the morning question was asked today (answered or skipped); a sentence
        for the user if the settings could not be saved."""
        settings = self.settings
        settings.morning_asked = self.sessions.today().isoformat()
        return self.save_settings(settings)

    # ----------------------------------------------------------------- close
    def close(self) -> list[str]:
        """Stop the voice, write what history still holds and close the cue log.

        Returns what the user should still be told (where unsaved sets went, a cue
        log that could not be written). Safe to call twice.
        """
        told: list[str] = []
        if self._speaker is not None:
            self._speaker.close()
            self._speaker = None
        if self._store is not None:
            where = self.sessions.save_unsaved()
            if where is not None:
                told.append(where)
            store, self._store = self._store, None
            store.close()
        if self._cue_log is not None:
            self._cue_log.close()
            if self._cue_log.problem:
                told.append(self._cue_log.problem)
            self._cue_log = None
        return told
