"""The session figure's animation: CPU, frames delivered, and the longest GUI stall.

Each figure comes from a fresh process on the same Qt platform (run it under
``xvfb-run`` for a real X server, or offscreen), as in ``bench/session_cpu.py``:

- **bare** (the baseline): a bare PySide6 app, one 1366×768 window with a label
  that a 1 s QTimer updates;
- **reps**: the real window, the two-set dumbbell deadlift, measured from the start
  of its first set of guided reps, the figure moving at its frame rate
  (``backcoach.ui.animation.FIGURE_FPS``);
- **reps, figure still**: the same with the figure's frame rate set to 0, for the
  animation's own share;
- **hold**: the real window, the "After a run" routine, measured from the start of
  the first 60 s hold (the low lunge), the target muscle pulsing
  (``backcoach.ui.animation.PULSE_FPS``).

CPU is the process's user + system time (every thread, the voice's synthesis among
them; the stand-in player of ``bench/stand_in_player.py`` is a process of its own)
over the wall time, as % of one core. Frames delivered are the frame timer's ticks
(each computes the pose at that moment from the session's clock) against the wall
time times the frame rate; a tick whose pose did not change (the deadlift stands
still for a part of each rep) paints nothing, so paints are given apart. The stall
run is the reps again with a 1 ms precise heartbeat on the GUI thread, animating and
speaking; the bare app gets the same heartbeat, as the machine's own jitter.

Goals: reps ≤ 5 % and hold ≤ 1 % of one core, ≥ 95 % of frames delivered, longest
stall ≤ 16 ms.

Usage: xvfb-run -a -s "-screen 0 1920x1080x24" python bench/figure_animation.py [SECONDS]
"""

from __future__ import annotations

import json
import os
import sys

from window_driver import bare_app, measure_loop, run_child, window_at_work

SECONDS = 60.0
GOALS = {"reps": 5.0, "hold": 1.0}
"""The most CPU, in % of one core, each kind may take."""
GOAL_DELIVERED = 95.0
GOAL_STALL_MS = 16.0
KINDS = {
    "hold": ("after-run", "after-run", "hold"),
    "reps": ("deadlift-two-sets", "day-off", "tempo"),
    "still": ("deadlift-two-sets", "day-off", "tempo"),
}
"""What each measured kind runs: routine, context, and the work phase's mode it waits for."""


def _window(kind: str, seconds: float, heartbeat: bool) -> dict[str, float]:
    if kind == "still":
        from backcoach.ui import animation

        animation.FIGURE_FPS = 0.0
    with window_at_work(*KINDS[kind]) as wired:
        figure = wired.flow.view.illustration
        fps = figure.frame_rate()
        ticks, paints = figure.frames.ticks, figure.paints
        figures = measure_loop(seconds, heartbeat)
        return figures | {
            "fps": fps,
            "ticks": figure.frames.ticks - ticks,
            "paints": figure.paints - paints,
        }


def child(kind: str, seconds: float, heartbeat: bool) -> int:
    """In this process: the baseline app or the real window, then one measurement."""
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    figures = bare_app(seconds, heartbeat) if kind == "bare" else _window(kind, seconds, heartbeat)
    print(json.dumps(figures), flush=True)
    app.processEvents()
    return 0


def run(kind: str, seconds: float, heartbeat: bool = False) -> dict[str, float]:
    return run_child(__file__, kind, seconds, heartbeat)


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        return child(sys.argv[2], float(sys.argv[3]), "--heartbeat" in sys.argv)
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else SECONDS
    platform = os.environ.get("QT_QPA_PLATFORM") or ("xcb" if os.environ.get("DISPLAY") else "?")
    print(f"Session figure, window 1366x768 on the {platform} platform; {seconds:g} s each")
    ok = True
    results = {kind: run(kind, seconds) for kind in ("bare", "reps", "still", "hold")}
    labels = {"bare": "bare app", "reps": "reps", "still": "reps, figure still", "hold": "hold"}
    for kind, figures in results.items():
        line = f"  CPU, {labels[kind]:<18} {figures['cpu']:5.2f} % of one core"
        if kind in GOALS:
            ok &= figures["cpu"] <= GOALS[kind]
            line += f" (goal <= {GOALS[kind]:g} %)"
        print(line)
    for kind in ("reps", "hold"):
        figures = results[kind]
        expected = figures["seconds"] * figures["fps"]
        delivered = 100 * figures["ticks"] / expected if expected else 0.0
        ok &= delivered >= GOAL_DELIVERED
        print(
            f"  frames, {kind}: {figures['ticks']:.0f} of {expected:.0f} at {figures['fps']:g} fps"
            f" ({delivered:.1f} % delivered), {figures['paints']:.0f} painted"
        )
    bare = run("bare", seconds, heartbeat=True)["stall"]
    print(f"  longest stall, bare app (this machine's own jitter): {bare:5.1f} ms")
    stall = run("reps", seconds, heartbeat=True)["stall"]
    ok &= stall <= GOAL_STALL_MS
    print(f"  longest stall, reps animating and speaking: {stall:5.1f} ms")
    print(
        f"goals (reps <= {GOALS['reps']:g} %, hold <= {GOALS['hold']:g} % CPU, frames >= "
        f"{GOAL_DELIVERED:g} %, stall <= {GOAL_STALL_MS:g} ms): " + ("met" if ok else "NOT met")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
