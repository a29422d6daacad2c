"""A stand-in for ``aplay`` so the speech benchmarks run on a machine with no sound card.

pyttsx3's espeak driver plays each utterance by running ``aplay``. The
stand-in lasts as long as the audio would, and notes when each playback
starts, so the worker's timing is the same as with a real card.
"""

from __future__ import annotations

import os
from pathlib import Path

from backcoach.voice import engine, speech_engine_problem

STAND_IN_PLAYER = """#!/bin/sh
# Stands in for aplay: notes when playback starts, then lasts as long as the audio.
if [ -n "$BENCH_PLAYBACK_LOG" ]; then date +%s.%N >> "$BENCH_PLAYBACK_LOG"; fi
for arg; do case "$arg" in -*) ;; *) file="$arg" ;; esac; done
sleep "$(awk "BEGIN { print ($(stat -c %s "$file") - 44) / 44100 }")"
"""


def needs_stand_in() -> bool:
    """True when speech could not play here (no aplay, or no sound card)."""
    problem = speech_engine_problem()
    return problem is not None and problem.why in ("aplay is not installed", "no sound card")


def use_stand_in_player(folder: Path) -> Path:
    """Put the stand-in first on PATH and report a card; return its playback-start log."""
    player = folder / "aplay"
    player.write_text(STAND_IN_PLAYER, encoding="utf-8")
    player.chmod(0o755)
    cards = folder / "cards"
    cards.write_text(" 0 [StandIn ]: stand-in for aplay\n", encoding="utf-8")
    engine.SOUND_CARDS = cards
    log = folder / "playback.log"
    log.touch()
    os.environ["PATH"] = f"{folder}{os.pathsep}{os.environ['PATH']}"
    os.environ["BENCH_PLAYBACK_LOG"] = str(log)
    return log
