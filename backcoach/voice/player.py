"""backcoach's own sound player: a child process per clip that can be stopped, and honest results.

Which command plays the speech (:func:`choose_player`): ``--player CMD``, then
``$BACKCOACH_PLAYER``, then the setting ``voice_player``, then ``aplay -q``. The
command is split like a shell command (``shlex``) and the WAV file's path is
appended as its last argument.

A :class:`Player` writes each clip to a private temporary folder (removed by
:meth:`Player.close`), starts the command in its own process group (so Ctrl-C
in the terminal reaches backcoach, which then stops the player, and a player
that is a shell script is stopped with its children), waits for it without
polling where Linux allows (a pidfd), and says how it went: played only when
the command exited with status 0.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import select
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from backcoach.voice.clip import Clip

DEFAULT_PLAYER = "aplay -q"
PLAYER_ENV = "BACKCOACH_PLAYER"

FROM_OPTION = "--player"
FROM_ENV = f"${PLAYER_ENV}"
FROM_SETTINGS = "settings"
FROM_DEFAULT = "default"

STOP_GRACE = 0.1
"""Seconds a stopped player has between SIGTERM and SIGKILL."""
STDERR_LIMIT = 4096
"""Bytes of a player's standard error kept for the message about its failure."""

PLAYED = "played"
FAILED = "failed"
MISSING = "missing"
STOPPED = "stopped"


@dataclass(frozen=True)
class PlayerChoice:
    """The player command and where it came from (``source``: one of the FROM_ constants)."""

    command: str
    source: str = FROM_DEFAULT

    @property
    def named(self) -> bool:
        """True when the user named this player (it is then trusted: no sound-card check)."""
        return self.source != FROM_DEFAULT

    def argv(self) -> list[str]:
        """The command split like a shell's. Raises ValueError with a readable message."""
        return split_command(self.command)

    def describe(self) -> str:
        """``aplay -q (from default)``: for reports."""
        return f"{self.command} (from {self.source})"

    def fix(self) -> str:
        """How the user can choose another player, for messages."""
        if self.source == FROM_ENV:
            return f"Set ${PLAYER_ENV} to another player (or unset it) or check the sound settings."
        if self.source == FROM_SETTINGS:
            return (
                "Choose another player with --player (or change voice_player in the settings) "
                "or check the sound settings."
            )
        return "Choose another player with --player or check the sound settings."


DEFAULT_CHOICE = PlayerChoice(DEFAULT_PLAYER, FROM_DEFAULT)


def choose_player(option: str | None, env: Mapping[str, str], setting: str) -> PlayerChoice:
    """The player to use: ``--player``, then ``$BACKCOACH_PLAYER``, then the setting
    ``voice_player``, then ``aplay -q``. Empty or blank values count as not given."""
    for value, source in (
        (option, FROM_OPTION),
        (env.get(PLAYER_ENV), FROM_ENV),
        (setting, FROM_SETTINGS),
    ):
        if value is not None and value.strip():
            return PlayerChoice(value.strip(), source)
    return DEFAULT_CHOICE


def split_command(command: str) -> list[str]:
    """``command`` split like a shell's; ValueError with a readable message if it cannot be."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise ValueError(f"the player command {command!r} cannot be read ({exc})") from None
    if not argv:
        raise ValueError("the player command is empty")
    return argv


@dataclass(frozen=True)
class PlayResult:
    """How one playback went: ``status`` is one of PLAYED, FAILED, MISSING, STOPPED."""

    status: str
    exit_code: int | None = None
    stderr: str = ""
    detail: str = ""  # why a player could not start

    @property
    def ok(self) -> bool:
        return self.status == PLAYED

    @property
    def reason(self) -> str:
        """For the cue log: ``played``, ``player failed (exit 1)``, ``player not found``..."""
        if self.status == FAILED:
            return f"player failed ({self.how_it_failed})"
        if self.status == MISSING:
            return "player not found"
        return self.status

    @property
    def how_it_failed(self) -> str:
        if self.detail:
            return self.detail
        code = self.exit_code
        if code is not None and code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit {code}"

    @property
    def first_error_line(self) -> str:
        """The first non-blank line of the player's standard error, shortened."""
        line = next((ln.strip() for ln in self.stderr.splitlines() if ln.strip()), "")
        return line if len(line) <= 200 else line[:199] + "…"


class Player:
    """Plays clips through a command, one at a time; :meth:`stop` cuts one short from any thread.

    ``play`` blocks until the command ends. ``close`` stops any playback and
    removes the temporary folder; the player cannot be used after it.
    """

    def __init__(
        self,
        command: str | Sequence[str],
        *,
        grace: float = STOP_GRACE,
        stderr_limit: int = STDERR_LIMIT,
    ) -> None:
        self.argv = split_command(command) if isinstance(command, str) else list(command)
        if not self.argv:
            raise ValueError("the player command is empty")
        self.grace = grace
        self.stderr_limit = stderr_limit
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._cancel: threading.Event | None = None
        self._term_sent_at: float | None = None
        self._folder: Path | None = None
        self._remove_folder: weakref.finalize[[Path], Player] | None = None
        self._closed = False
        self._count = itertools.count(1)

    @property
    def folder(self) -> Path | None:
        """The private temporary folder, once made (None before the first clip and after close)."""
        return self._folder

    def play(self, clip: Clip, cancel: threading.Event | None = None) -> PlayResult:
        """Play ``clip`` and wait for the command to end.

        ``cancel``, when given, is the caller's stop signal for this playback: set
        before the command starts, nothing is played; :meth:`stop` sets it too.
        """
        cancel = cancel if cancel is not None else threading.Event()
        with self._lock:
            if self._closed or cancel.is_set():
                return PlayResult(STOPPED)
            folder = self._folder_locked()
            wav = folder / f"cue-{next(self._count)}.wav"
            errors = folder / "player-stderr.txt"
            try:
                wav.write_bytes(clip.wav)
                with errors.open("wb") as err:
                    proc = subprocess.Popen(
                        [*self.argv, str(wav)],
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=err,
                        process_group=0,
                    )
            except FileNotFoundError:
                wav.unlink(missing_ok=True)
                return PlayResult(MISSING, detail=f"{self.argv[0]} not found")
            except OSError as exc:
                wav.unlink(missing_ok=True)
                return PlayResult(FAILED, detail=exc.strerror or str(exc))
            self._proc, self._cancel, self._term_sent_at = proc, cancel, None
        try:
            code = self._wait(proc, cancel)
        finally:
            with self._lock:
                self._proc = self._cancel = None
            wav.unlink(missing_ok=True)
        if cancel.is_set():
            return PlayResult(STOPPED, code)
        stderr = self._read_errors(errors)
        return PlayResult(PLAYED if code == 0 else FAILED, code, stderr)

    def stop(self) -> None:
        """Cut the clip playing now (if any): SIGTERM at once, SIGKILL after ``grace``.

        Returns at once; ``play`` returns a STOPPED result within about ``grace``.
        """
        with self._lock:
            if self._cancel is not None:
                self._cancel.set()
            if self._proc is not None and self._proc.returncode is None:
                _signal_group(self._proc, signal.SIGTERM)
                self._term_sent_at = time.monotonic()

    def close(self) -> None:
        """Stop any playback and remove the temporary folder."""
        with self._lock:
            self._closed = True
        self.stop()
        with self._lock:
            self._folder = None
            remove, self._remove_folder = self._remove_folder, None
        if remove is not None:
            remove()

    def _folder_locked(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="backcoach-voice-"))
            # removed at close, or when the process exits with the player still open
            self._remove_folder = weakref.finalize(self, _remove, self._folder)
        return self._folder

    def _wait(self, proc: subprocess.Popen[bytes], cancel: threading.Event) -> int:
        """Wait for ``proc`` to end; kill it ``grace`` seconds after ``cancel`` is set."""
        try:
            pidfd: int | None = os.pidfd_open(proc.pid)
        except (AttributeError, OSError):
            pidfd = None
        try:
            killed_at: float | None = None
            while True:
                if cancel.is_set() and killed_at is None:
                    with self._lock:
                        killed_at = self._term_sent_at
                        if killed_at is None and proc.returncode is None:
                            _signal_group(proc, signal.SIGTERM)
                    killed_at = killed_at or time.monotonic()
                if killed_at is None:
                    step = 0.02  # how soon a cancel set without stop() is seen
                else:
                    step = max(0.0, killed_at + self.grace - time.monotonic())
                if self._wait_step(proc, pidfd, step):
                    with self._lock:
                        return proc.wait()
                if killed_at is not None and time.monotonic() >= killed_at + self.grace:
                    with self._lock:
                        if proc.returncode is None:
                            _signal_group(proc, signal.SIGKILL)
                    return proc.wait()
        finally:
            if pidfd is not None:
                os.close(pidfd)

    @staticmethod
    def _wait_step(proc: subprocess.Popen[bytes], pidfd: int | None, seconds: float) -> bool:
        """Wait up to ``seconds`` for ``proc`` to end; True once it has (not yet reaped)."""
        if pidfd is not None:
            ready, _, _ = select.select([pidfd], [], [], seconds)
            return bool(ready)
        try:
            proc.wait(timeout=min(seconds, 0.01))
        except subprocess.TimeoutExpired:
            return False
        return True

    def _read_errors(self, path: Path) -> str:
        try:
            with path.open("rb") as err:
                data = err.read(self.stderr_limit)
        except OSError:
            return ""
        return data.decode("utf-8", "replace")


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _signal_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Send ``sig`` to ``proc``'s process group (the player and any children it started)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)
