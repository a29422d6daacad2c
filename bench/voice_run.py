"""Every word lands: the real routines, followed by ear through both real front ends.

Each run is a whole routine at real speed, with real synthesis (libespeak-ng in
the app's own process) and the app's own player process, through

- the terminal: ``backcoach start ROUTINE --no-window`` as a user types it, and
- the window: the real main window (offscreen), driven as a user would: pick
  the routine and context, Start, Start on the set-up page, skip the pain
  check-in,

each in a fresh data folder. The player is the stand-in of
``bench/stand_in_player.py`` (named with ``--player``): it lasts exactly as long
as each WAV file and logs the wall-clock time it starts and ends. The app's own
``--cue-log`` says what became of every cue it handed to the voice.

Per run it prints: cues handed to the voice, heard, and dropped, by priority
and reason; overlaps (a line starting before the one before it ended); the
audible lateness of rep counts and countdown numbers (player start minus the
session's own schedule for the cue); and the run length (when the last cue,
"routine complete", starts playing) against the plan.

The session's origin on the wall clock: in the window, read in the app's
process (now minus the session's routine time); in the terminal, the moment
the harness reads the line the command prints just before it starts the
session (this reads a fraction of a millisecond late, so the terminal's
lateness figures are a fraction of a millisecond low).

Goals: 100 % of essential cues heard (0 countdown numbers dropped); 0 overlaps;
rep counts and countdown numbers p95 <= 100 ms late; >= 95 % of technique cues
heard at 165 wpm; run length within 50 ms of the plan.

Usage: python bench/voice_run.py [--run NAME ...] [--front-end terminal|window|both]
(runs: strength-165, deadlift-130, deadlift-220; all of them take about 55 minutes)
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stand_in_player import LOG_ENV, Playback, read_playbacks, write_stand_in
from window_driver import content_of, data_folder, services_for, start_in_window

from backcoach.services.root import AppServices, Options

HERE = Path(__file__).resolve().parent
GOAL_LATE_P95_MS = 100.0
GOAL_TECHNIQUE_HEARD = 0.95
GOAL_RUN_LENGTH_MS = 50.0
TIMED_KINDS = ("rep", "count")
"""Cue kinds whose lateness is measured: rep counts and countdown numbers."""
SEPARATOR = "─" * 20
"""The start of the line the terminal prints just before the session starts."""


@dataclass(frozen=True)
class Run:
    name: str
    routine: str
    context: str
    rate: int


RUNS = {
    run.name: run
    for run in (
        Run("strength-165", "strength-day", "day-off", 165),
        Run("deadlift-130", "deadlift-two-sets", "day-off", 130),
        Run("deadlift-220", "deadlift-two-sets", "day-off", 220),
    )
}


def run_terminal(folder: Path, run: Run, player: Path, cue_log: Path) -> float:
    """Run ``run`` through ``backcoach start --no-window``; return the session's wall origin."""
    argv = [
        sys.executable, "-m", "backcoach", "--data-dir", str(folder), "--cue-log", str(cue_log),
        "--player", shlex.quote(str(player)), "start", run.routine, "--context", run.context,
        "--no-window",
    ]  # fmt: skip
    origin = None
    with subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True, bufsize=1
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if origin is None and line.startswith(SEPARATOR):
                origin = time.time()
    if proc.returncode != 0 or origin is None:
        raise RuntimeError(f"the terminal session failed (exit {proc.returncode})")
    return origin


def run_window(folder: Path, run: Run, player: Path, cue_log: Path) -> float:
    """Run ``run`` in the window, in a child process; return the session's wall origin."""
    argv = [
        sys.executable, str(Path(__file__).resolve()), "--window-child", str(folder),
        run.routine, run.context, str(player), str(cue_log),
    ]  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    origins = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("origin ")]
    if done.returncode != 0 or not origins:
        raise RuntimeError(f"the window session failed: {done.stderr.strip()[-2000:]}")
    return float(origins[0])


def window_child(folder: Path, routine: str, context: str, player: str, cue_log: Path) -> int:
    """In this process: the real window, driven as a user would, until the last cue is said."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    services = services_for(folder, Path(player), cue_log)
    wired = start_in_window(services, routine, context)
    window, flow = wired.window, wired.flow
    assert flow.controller is not None
    session = flow.controller.runner.session
    print(f"origin {time.time() - session.routine_time():.6f}", flush=True)

    def said_the_end() -> None:
        lines = cue_log.read_text(encoding="utf-8").splitlines()
        if any(json.loads(line)["kind"] == "finish" for line in lines):
            app.quit()

    poll = QTimer()
    poll.timeout.connect(said_the_end)
    flow.session_finished.connect(lambda _summary: poll.start(100))
    app.exec()
    window.close()
    services.close()
    return 0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _spread(values: list[float]) -> str:
    if not values:
        return "n=0"
    p50, p95 = _percentile(values, 0.5), _percentile(values, 0.95)
    return f"n={len(values):<3} p50 {p50:6.1f}  p95 {p95:6.1f}  max {max(values):6.1f} ms"


def _planned_total(folder: Path, run: Run) -> float:
    services = AppServices(content_of(folder), Options(folder, save=False))
    try:
        return services.sessions.plan(run.routine, run.context).total_seconds
    finally:
        services.close()


def analyse(
    run: Run, front_end: str, origin: float, planned: float, cues: list[dict[str, Any]],
    plays: list[Playback],
) -> bool:  # fmt: skip
    """Print the run's figures; return whether its goals are met."""
    ok = True
    played = [c for c in cues if c["spoken"] or c["reason"] == "stopped"]
    print(f"{run.name} through the {front_end}: {run.routine}, {run.context}, {run.rate} wpm")
    if len(played) != len(plays):
        print(f"  MISMATCH: {len(played)} cues played, {len(plays)} player runs logged")
        return False
    by_priority = Counter(c["priority"] for c in cues)
    heard = Counter(c["priority"] for c in cues if c["spoken"])
    for priority in ("essential", "technique", "optional"):
        total, got = by_priority[priority], heard[priority]
        share = got / total if total else 1.0
        print(f"  {priority:<9} handed {total:>4}  heard {got:>4} ({share:6.1%})")
    ok &= heard["essential"] == by_priority["essential"]
    if run.rate == 165:
        technique = heard["technique"] / max(1, by_priority["technique"])
        ok &= technique >= GOAL_TECHNIQUE_HEARD
    missed = Counter((c["priority"], c["reason"]) for c in cues if not c["spoken"])
    for (priority, reason), n in sorted(missed.items()):
        print(f"  not heard: {n:>3} {priority}, {reason}")
    overlaps = sum(
        1
        for before, after in itertools.pairwise(plays)
        if before.end is not None and after.start < before.end
    )
    ok &= overlaps == 0
    print(f"  overlaps: {overlaps}")
    late: dict[str, list[float]] = {kind: [] for kind in TIMED_KINDS}
    essential: list[float] = []
    for cue, play in zip(played, plays, strict=True):
        lateness = (play.start - (origin + cue["t"])) * 1000
        if cue["kind"] in late:
            late[cue["kind"]].append(lateness)
        if cue["priority"] == "essential":
            essential.append(lateness)
    for kind, values in late.items():
        label = {"rep": "rep counts", "count": "countdown"}[kind]
        print(f"  late, {label:<10} {_spread(values)}")
        ok &= not values or _percentile(values, 0.95) <= GOAL_LATE_P95_MS
    print(f"  late, essential  {_spread(essential)}")
    ends = [(c, p) for c, p in zip(played, plays, strict=True) if c["kind"] == "finish"]
    if not ends:
        print("  the end was never heard")
        return False
    end_cue, end_play = ends[-1]
    length = end_play.start - origin
    off = (length - planned) * 1000
    print(
        f"  run length {length:8.3f} s (end heard), plan {planned:8.3f} s: {off:+.1f} ms"
        f"  (scheduled end {end_cue['t']:.3f} s)"
    )
    ok &= abs(off) <= GOAL_RUN_LENGTH_MS
    print("  goals met" if ok else "  goals NOT met")
    return ok


def one(run: Run, front_end: str) -> bool:
    with tempfile.TemporaryDirectory(prefix="backcoach-voice-run-") as tmp:
        root = Path(tmp)
        folder = data_folder(root, run.rate)
        player = write_stand_in(root)
        cue_log, playback_log = root / "cues.jsonl", root / "playback.log"
        os.environ[LOG_ENV] = str(playback_log)
        started = time.monotonic()
        if front_end == "terminal":
            origin = run_terminal(folder, run, player, cue_log)
        else:
            origin = run_window(folder, run, player, cue_log)
        took = time.monotonic() - started
        cues = [json.loads(line) for line in cue_log.read_text(encoding="utf-8").splitlines()]
        planned = _planned_total(folder, run)
        ok = analyse(run, front_end, origin, planned, cues, read_playbacks(playback_log))
        print(f"  ({took / 60:.1f} min of wall time)", flush=True)
        return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="append", choices=sorted(RUNS), help="default: all")
    parser.add_argument("--front-end", choices=("terminal", "window", "both"), default="both")
    parser.add_argument("--window-child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.window_child:
        folder, routine, context, player, cue_log = args.window_child
        return window_child(Path(folder), routine, context, player, Path(cue_log))
    front_ends = ("terminal", "window") if args.front_end == "both" else (args.front_end,)
    ok = True
    for name in args.run or list(RUNS):
        for front_end in front_ends:
            ok &= one(RUNS[name], front_end)
    print("all goals met" if ok else "goals NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
