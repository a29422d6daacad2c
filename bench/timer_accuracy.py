"""Timer accuracy at real time: how late the session runner sees what is due.

Drives a session built by the app's own root (:class:`~backcoach.services.root.AppServices`,
voice off, nothing saved) on the real monotonic clock, sleeping until the
runner's next wakeup as the terminal command does. For every phase boundary, cue and rep
it notes how late it was seen: the monotonic time after the pump that
reported it, minus the time it was scheduled for.

(a) the low lunge alone: two real 60 s holds (about two and a half minutes);
(b) the whole after-run routine (about ten minutes), with the drift at the
    end: when the session finished minus when the plan says it should.

Goals: p99 of phase-boundary lateness at most 20 ms; drift at most 50 ms.

Usage: python bench/timer_accuracy.py [--quick]   (--quick runs only (a))
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from backcoach.content import Content, load_content
from backcoach.content.model import Routine, RoutineItem
from backcoach.core.plan import Plan, build_plan
from backcoach.core.session import (
    CueDue,
    Finished,
    PhaseStarted,
    RepCompleted,
)
from backcoach.services.root import AppServices, Options
from backcoach.services.sessions import SessionRequest

GOAL_P99_MS = 20.0
GOAL_DRIFT_MS = 50.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _boundaries(plan: Plan) -> list[float]:
    """Routine time at which each phase starts."""
    starts, t = [], 0.0
    for phase in plan.phases:
        starts.append(t)
        t += phase.duration or 0.0
    return starts


def measure(content: Content, routine: str) -> tuple[dict[str, list[float]], float]:
    """Run ``routine`` at real time; return lateness in ms by kind, and the end drift in ms."""
    with tempfile.TemporaryDirectory() as tmp:  # through the app's own root, voice off
        services = AppServices(content, Options(Path(tmp), voice=False, save=False))
        try:
            return _follow(services, SessionRequest(routine, "after-run"))
        finally:
            services.close()


def _follow(services: AppServices, request: SessionRequest) -> tuple[dict[str, list[float]], float]:
    clock = services.clock
    runner = services.sessions.begin(request).runner
    session = runner.session
    plan = session.plan
    starts = _boundaries(plan)
    late: dict[str, list[float]] = {"phase": [], "cue": [], "rep": []}
    phase, phase_start = plan.phases[0], 0.0
    drift = 0.0
    origin = clock.monotonic()
    events = runner.start()
    while True:
        seen = clock.monotonic()
        for event in events:
            if isinstance(event, PhaseStarted):
                phase, phase_start = event.phase, starts[event.index]
                if event.index:
                    late["phase"].append((seen - origin - phase_start) * 1000)
            elif isinstance(event, CueDue):
                late["cue"].append((seen - origin - event.cue.due) * 1000)
            elif isinstance(event, RepCompleted):
                due = phase_start + phase.rep_end(event.rep)
                late["rep"].append((seen - origin - due) * 1000)
            elif isinstance(event, Finished):
                drift = (seen - origin - plan.total_seconds) * 1000
        if session.finished:
            return late, drift
        time.sleep(runner.seconds_until_wakeup() or 0.0)
        events = runner.pump()


def report(title: str, late: dict[str, list[float]], drift: float | None) -> bool:
    print(title)
    ok = True
    for kind, values in late.items():
        if not values:
            continue
        p50, p99 = _percentile(values, 0.5), _percentile(values, 0.99)
        line = (
            f"  {kind:<6} n={len(values):<4} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  "
            f"max {max(values):6.2f} ms  min {min(values):6.2f} ms"
        )
        if kind == "phase":
            ok &= p99 <= GOAL_P99_MS
            line += f"  (goal p99 <= {GOAL_P99_MS:g} ms)"
        print(line)
    every = [v for values in late.values() for v in values]
    print(f"  all    n={len(every):<4} mean {statistics.fmean(every):6.2f} ms")
    if drift is not None:
        ok &= abs(drift) <= GOAL_DRIFT_MS
        print(f"  drift at the end: {drift:+.2f} ms (goal <= {GOAL_DRIFT_MS:g} ms)")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="run only the low lunge")
    args = parser.parse_args()
    content = load_content()
    lunge = Routine(
        "lunge-alone", "Low lunge alone", "", "after-run", (RoutineItem("low-lunge", 1),)
    )
    content = replace(content, routines={**content.routines, lunge.id: lunge})
    late, drift = measure(content, lunge.id)
    ok = report("(a) the low lunge alone, two 60 s holds, at real time", late, drift)
    if not args.quick:
        minutes = build_plan(content, "after-run", "after-run").total_seconds / 60
        print(f"(b) running the whole after-run routine ({minutes:.1f} min) ...", flush=True)
        late, drift = measure(content, "after-run")
        ok &= report("(b) the whole after-run routine at real time", late, drift)
    print("goals met" if ok else "goals NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
