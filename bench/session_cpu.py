"""The session screen's cost while a user follows a routine: CPU, and the longest GUI stall.

Each figure comes from a fresh process on the same Qt platform (run it under
``xvfb-run`` for a real X server, or offscreen):

- **bare** (the baseline): a bare PySide6 app, one 1366×768 window with a label
  that a 1 s QTimer updates;
- **hold**: the real window, the "After a run" routine started as a user starts
  it, measured from the start of the first 60 s hold (the low lunge);
- **reps**: the real window, the two-set dumbbell deadlift, measured from the
  start of its first set of guided reps.

CPU is the process's user + system time (every thread: the GUI, the session
timers, the voice thread's synthesis, the history writes) over a minute of wall
time, as % of one core. The player is the stand-in of
``bench/stand_in_player.py`` (a separate process, not counted: ``aplay`` would
not be either). The stall runs are the same again with a 1 ms precise
heartbeat on the GUI thread, over the whole set and 1.5 s after it, so that the
moment its record is committed to history (SQLite ``synchronous=FULL``) falls inside;
the bare app gets the same heartbeat for as long, as the machine's own jitter.

Goals: ≤ 1 % of one core in a hold; longest stall ≤ 16 ms while speaking.

Usage: xvfb-run -a -s "-screen 0 1920x1080x24" python bench/session_cpu.py [SECONDS]
"""

from __future__ import annotations

import json
import os
import sys

from window_driver import bare_app, measure_loop, run_child, window_at_work

SECONDS = 60.0
COMMIT_MARGIN = 1.5
"""Seconds a stall run goes on after its set ends, for the set's record to be committed."""
GOAL_HOLD_CPU = 1.0
GOAL_STALL_MS = 16.0
KINDS = {
    "hold": ("after-run", "after-run", "hold"),
    "reps": ("deadlift-two-sets", "day-off", "tempo"),
}
"""What each measured kind runs: routine, context, and the work phase's mode it waits for."""


def child(kind: str, seconds: float, heartbeat: bool) -> int:
    """In this process: the baseline app or the real window, then one measurement."""
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    if kind == "bare":
        print(json.dumps(bare_app(seconds, heartbeat)), flush=True)
        return 0
    with window_at_work(*KINDS[kind]) as wired:
        controller = wired.flow.controller
        assert controller is not None
        if heartbeat:  # the whole set, and the moment its record is committed
            seconds = (controller.runner.session.state.phase.duration or seconds) + COMMIT_MARGIN
        figures = measure_loop(seconds, heartbeat)
    print(json.dumps(figures), flush=True)
    app.processEvents()
    return 0


def run(kind: str, seconds: float, heartbeat: bool) -> dict[str, float]:
    return run_child(__file__, kind, seconds, heartbeat)


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        return child(sys.argv[2], float(sys.argv[3]), "--heartbeat" in sys.argv)
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else SECONDS
    platform = os.environ.get("QT_QPA_PLATFORM") or ("xcb" if os.environ.get("DISPLAY") else "?")
    print(f"Session screen 1366x768 on the {platform} platform; {seconds:g} s each")
    cpu = {kind: run(kind, seconds, False)["cpu"] for kind in ("bare", "hold", "reps")}
    for kind, share in cpu.items():
        print(f"  CPU, {kind:<5} {share:5.2f} % of one core")
    ok = cpu["hold"] <= GOAL_HOLD_CPU
    bare = run("bare", seconds, True)["stall"]
    print(
        f"  longest stall, bare app over {seconds:g} s (this machine's own jitter): {bare:5.1f} ms"
    )
    for kind in ("hold", "reps"):
        stall = run(kind, seconds, True)["stall"]
        ok &= stall <= GOAL_STALL_MS
        print(f"  longest stall, {kind} (set committed within): {stall:5.1f} ms")
    print(
        f"goals (hold <= {GOAL_HOLD_CPU:g} % CPU, stall <= {GOAL_STALL_MS:g} ms): "
        + ("met" if ok else "NOT met")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
