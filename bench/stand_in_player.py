"""A stand-in sound player so the speech benchmarks run on a machine with no sound card.

backcoach plays each synthesised line with its own player command, the WAV
file's path appended as the last argument (``aplay -q`` by default; see
:func:`backcoach.voice.choose_player`). The stand-in is such a command: it
notes when each playback starts, then lasts as long as the audio would, so the
worker's timing is the same as with a real card. It is handed to backcoach
through ``$BACKCOACH_PLAYER``, which every speaker made without an explicit
player honours.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from backcoach.voice import PLAYER_ENV, player_problem
from backcoach.voice.player import DEFAULT_CHOICE

STAND_IN_PLAYER = """#!/bin/sh
# Stands in for aplay: notes when playback starts, then lasts as long as the audio.
if [ -n "$BENCH_PLAYBACK_LOG" ]; then date +%s.%N >> "$BENCH_PLAYBACK_LOG"; fi
for arg; do file="$arg"; done  # the WAV file comes last
# 16-bit mono at 22050 Hz after a 44-byte header: 44100 bytes a second
exec sleep "$(awk "BEGIN { print ($(stat -c %s "$file") - 44) / 44100 }")"
"""


def needs_stand_in() -> bool:
    """True when the default player could not play here (no aplay, or no sound card)."""
    return player_problem(DEFAULT_CHOICE) is not None


def use_stand_in_player(folder: Path) -> Path:
    """Make the stand-in the player (``$BACKCOACH_PLAYER``); return its playback-start log."""
    player = folder / "stand-in-player"
    player.write_text(STAND_IN_PLAYER, encoding="utf-8")
    player.chmod(0o755)
    log = folder / "playback.log"
    log.touch()
    os.environ[PLAYER_ENV] = shlex.quote(str(player))
    os.environ["BENCH_PLAYBACK_LOG"] = str(log)
    return log
