"""Cue lateness with the real voice worker, espeak-ng and backcoach's own player, at real time.

Runs about 90 s of a realistic script, placed by the session's own fitting
rules (an exercise intro, a 20 s hold per side with form, halfway, breath
and 3-2-1 cues, a rest with "next up", then ten tempo reps of 3 s with a
movement cue each), then an overload burst no voice can keep up with, and
prints, for the cues that were spoken:

- start of speech: when the worker hands the synthesised line to the player,
  minus due;
- playback start: when the player process has started, minus due (what a
  listener would hear, give or take the player's own start-up).

On Linux espeak-ng synthesises each line to WAV in this process and backcoach
runs the player (``aplay -q`` by default). With no sound card (or no aplay), a
stand-in player (``$BACKCOACH_PLAYER``) notes the moment playback starts and
then takes as long as the audio lasts, so the voice stays busy for as long as
real playback would.

Usage: python bench/cue_lateness.py
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from stand_in_player import needs_stand_in, use_stand_in_player

from backcoach.core.clock import MonotonicClock
from backcoach.core.cues import Cue
from backcoach.core.script import Line, fit
from backcoach.settings import Settings
from backcoach.voice import CueResult, VoiceWorker, describe_synthesis, make_speaker

GOAL_P95_MS = 150.0
LEAD = 1.5  # seconds between starting the worker and the first cue


def script() -> list[Cue]:
    """About 90 s of cues, placed by the session's own fitting rules, due in routine seconds."""
    count = [Line(str(n), "count", n, from_end=True, priority=3, critical=True) for n in (3, 2, 1)]
    hold = [
        Line("Tuck your pelvis and squeeze the back glute.", "form", 3.0, slack=2.0),
        Line("Halfway. 10 seconds left.", "halfway", 10.0, priority=2, slack=1.0),
        Line("Breathe out and sink a little lower.", "breath", 13.5, slack=2.0),
        *count,
    ]
    phases: list[tuple[float, list[Line]]] = [
        (
            7.0,
            [
                Line(
                    "Low lunge. Kneel on your right knee, left foot forward.",
                    "intro",
                    0.0,
                    priority=2,
                )
            ],
        ),
        (20.0, [Line("Left side. Hold.", "side", 0.0, priority=2), *hold]),
        (3.0, [Line("Switch sides.", "side", 0.0, priority=2)]),
        (20.0, [Line("Right side. Hold.", "side", 0.0, priority=2), *hold]),
        (8.0, [Line("Rest. Next up: dead bug, ten reps.", "rest", 0.0, priority=2), *count]),
    ]
    reps: list[Line] = []
    for rep in range(1, 11):
        text = "Last rep" if rep == 10 else f"Rep {rep} of 10"
        reps.append(Line(text, "rep", 3.0 * (rep - 1), priority=3, critical=True))
        reps.append(Line("Reach, and back.", "breath", 3.0 * (rep - 1) + 1.5, slack=0.5))
    phases.append((30.0, reps))
    cues: list[Cue] = []
    start = 0.0
    for duration, lines in phases:
        cues += [replace(c, due=start + c.due) for c in fit(lines, duration)]
        start += duration
    return cues


def overload() -> list[Cue]:
    """A burst no voice can keep up with: rep counts every second, each over a second long."""
    cues = [
        Cue(f"Rep {rep} of 8", "rep", rep - 1.0, priority=3, critical=True) for rep in range(1, 9)
    ]
    cues += [Cue("Keep your lower back flat on the floor.", "form", 2.5)]
    return sorted(cues, key=lambda c: c.due)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def figures(label: str, lateness_ms: list[float]) -> str:
    if not lateness_ms:
        return f"{label}: nothing measured"
    return (
        f"{label}: p50 {percentile(lateness_ms, 50):.0f} ms, "
        f"p95 {percentile(lateness_ms, 95):.0f} ms, max {max(lateness_ms):.0f} ms"
    )


class Collector:
    """Gathers cue results from the worker thread."""

    def __init__(self) -> None:
        self.results: list[CueResult] = []
        self._cond = threading.Condition()

    def __call__(self, result: CueResult) -> None:
        with self._cond:
            self.results.append(result)
            self._cond.notify()

    def take(self, count: int, timeout: float) -> list[CueResult]:
        with self._cond:
            self._cond.wait_for(lambda: len(self.results) >= count, timeout)
            taken, self.results = self.results, []
        return taken


def play(
    label: str,
    cues: list[Cue],
    worker: VoiceWorker,
    clock: MonotonicClock,
    collector: Collector,
    playback_log: Path | None,
) -> float:
    """Queue ``cues`` from now on, wait for every result, print figures; return p95 in ms."""
    wall_minus_clock = time.time() - clock.monotonic()
    origin = clock.monotonic() + LEAD
    logged_before = len(playback_log.read_text().split()) if playback_log else 0
    due_of: dict[int, float] = {}
    say_cost: list[float] = []
    for cue in cues:
        due_of[id(cue)] = origin + cue.due
        before = time.perf_counter()
        worker.say(cue, origin + cue.due)
        say_cost.append(time.perf_counter() - before)
    results = collector.take(len(cues), timeout=LEAD + cues[-1].due + 30.0)

    spoken = sorted((r for r in results if r.spoken), key=lambda r: r.started_at or 0.0)
    dropped = Counter(r.reason for r in results if not r.spoken)
    start_ms = [((r.started_at or 0.0) - due_of[id(r.cue)]) * 1000 for r in spoken]
    print(f"\n{label}: {len(cues)} cues over {cues[-1].due:.0f} s")
    print(f"  spoken {len(spoken)}, dropped {sum(dropped.values())}", end="")
    print(f" ({', '.join(f'{n} {why}' for why, n in sorted(dropped.items()))})" if dropped else "")
    for r in sorted(results, key=lambda r: r.cue.due):
        if not r.spoken:
            print(f"    dropped at {r.cue.due:5.1f} s: {r.cue.text!r} ({r.reason})")
    print(figures("  start of speech minus due", start_ms))
    if playback_log is not None:
        starts = [float(x) for x in playback_log.read_text().split()][logged_before:]
        if len(starts) == len(spoken):
            heard_ms = [
                (wall - wall_minus_clock - due_of[id(r.cue)]) * 1000
                for wall, r in zip(starts, spoken, strict=True)
            ]
            print(figures("  playback start minus due", heard_ms))
        else:
            print(f"  {len(starts)} playback starts logged for {len(spoken)} spoken cues")
    print(f"  say() on the caller's thread: max {max(say_cost) * 1e6:.0f} µs")
    return percentile(start_ms, 95) if start_ms else float("inf")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        real_player = not needs_stand_in()
        playback_log = None if real_player else use_stand_in_player(Path(tmp))
        clock = MonotonicClock()
        worker = make_speaker(Settings(), clock)
        if not isinstance(worker, VoiceWorker):
            print(worker.problem)
            return 1
        collector = Collector()
        worker.add_listener(collector)
        if not worker.wait_ready(10.0):
            print(worker.problem)
            return 1
        player = "aplay -q" if playback_log is None else "a stand-in player (no sound card here)"
        print(f"Cue lateness: {describe_synthesis()} in VoiceWorker, playing through {player}")
        p95 = play("Session script", script(), worker, clock, collector, playback_log)
        play("Overload burst", overload(), worker, clock, collector, playback_log)
        worker.close()
    verdict = "met" if p95 <= GOAL_P95_MS else "NOT met"
    print(f"\nGoal, start of speech p95 <= {GOAL_P95_MS:.0f} ms on the session script: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
