"""A stand-in sound player so the speech benchmarks run on a machine with no sound card.

backcoach plays each synthesised line with its own player command, the WAV
file's path appended as the last argument (``aplay -q`` by default; see
:func:`backcoach.voice.choose_player`). The stand-in is such a command: it
lasts as long as the audio would, so the voice is busy for as long as with a
real card, and, when ``$BENCH_PLAYBACK_LOG`` names a file, it appends one line
when it starts and one when it ends, with the wall-clock time (``date +%s.%N``,
the same clock as Python's ``time.time()``)::

    start 1764878400.123456789 2.345669
    end 1764878402.471234567

(the start line also gives the audio's length in seconds, from the WAV header).
A run cut short (backcoach stops the player's process group) logs no end.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from backcoach.voice import PLAYER_ENV, player_problem
from backcoach.voice.player import DEFAULT_CHOICE

LOG_ENV = "BENCH_PLAYBACK_LOG"

STAND_IN_PLAYER = """#!/bin/sh
# Stands in for aplay: lasts as long as the audio, noting when it starts and ends.
started=$(date +%s.%N)
for arg; do file="$arg"; done  # the WAV file comes last
# 16-bit mono PCM after a 44-byte header; the sample rate is the 4 bytes at offset 24
rate=$(od -An -tu4 -j24 -N4 "$file" | tr -d ' ')
seconds=$(awk "BEGIN { printf \\"%.6f\\", ($(stat -c %s "$file") - 44) / (2 * $rate) }")
log="${BENCH_PLAYBACK_LOG:-/dev/null}"
echo "start $started $seconds" >> "$log"
sleep "$seconds"
echo "end $(date +%s.%N)" >> "$log"
"""


@dataclass(frozen=True)
class Playback:
    """One run of the stand-in: wall-clock start and end (None: cut short), audio length."""

    start: float
    end: float | None
    seconds: float


def needs_stand_in() -> bool:
    """True when the default player could not play here (no aplay, or no sound card)."""
    return player_problem(DEFAULT_CHOICE) is not None


def write_stand_in(folder: Path) -> Path:
    """Write the stand-in player into ``folder``; return its path."""
    player = folder / "stand-in-player"
    player.write_text(STAND_IN_PLAYER, encoding="utf-8")
    player.chmod(0o755)
    return player


def use_stand_in_player(folder: Path) -> Path:
    """Make the stand-in the player (``$BACKCOACH_PLAYER``); return its playback log."""
    player = write_stand_in(folder)
    log = folder / "playback.log"
    log.touch()
    os.environ[PLAYER_ENV] = shlex.quote(str(player))
    os.environ[LOG_ENV] = str(log)
    return log


def read_playbacks(log: Path) -> list[Playback]:
    """The runs in a playback log, in the order they started."""
    runs: list[Playback] = []
    open_run: tuple[float, float] | None = None
    for line in log.read_text(encoding="utf-8").splitlines():
        word, *values = line.split()
        if word == "start":
            if open_run is not None:
                runs.append(Playback(open_run[0], None, open_run[1]))
            open_run = (float(values[0]), float(values[1]))
        elif word == "end" and open_run is not None:
            runs.append(Playback(open_run[0], float(values[0]), open_run[1]))
            open_run = None
    if open_run is not None:
        runs.append(Playback(open_run[0], None, open_run[1]))
    return runs
