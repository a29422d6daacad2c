"""Today's plan on ten years of daily sessions with morning checks (issue 14 §7).

On the history ``history_store.generate_history`` makes (3,650 sessions, 54,750 sets),
each session with the next morning's rating:

- today's plan computed in-process: the coach's history read
  (:func:`backcoach.services.coaching.read_coach`) and ``Coach.plan``; goal ≤ 50 ms;
- ``backcoach today --json`` as a process against ``backcoach routines`` in the same
  run; goal ≤ 1.5×.

Medians of several runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from history_store import generate_history

from backcoach.content import load_content
from backcoach.services.coaching import read_coach
from backcoach.storage.store import HistoryStore

RUNS = 7
PLAN_GOAL_MS = 50.0
PROCESS_GOAL = 1.5


def timed(*argv: str) -> float:
    """Seconds one ``backcoach`` command takes, with compiled modules cached as in an
    installed app (whatever ``$PYTHONDONTWRITEBYTECODE`` says here)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "backcoach", *argv],
        capture_output=True,
        check=True,
        timeout=120,
        env=env,
    )
    return time.perf_counter() - began


def main() -> int:
    content = load_content()
    routine = content.routines["after-run"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with HistoryStore(folder) as store:
            sessions = generate_history(store, morning=True)
            plans = []
            for _ in range(RUNS):
                began = time.perf_counter()
                with store.reading() as conn:
                    coach = read_coach(conn, content)
                coach.plan(routine, "after-run", date.today())
                plans.append((time.perf_counter() - began) * 1000)
        plan_ms = statistics.median(plans)
        timed("--data-dir", tmp, "today", "--json")  # the content cache, warmed once
        base = statistics.median(timed("--data-dir", tmp, "routines") for _ in range(RUNS))
        today = statistics.median(timed("--data-dir", tmp, "today", "--json") for _ in range(RUNS))
    ratio = today / base
    print(f"history: {sessions} sessions with morning checks; medians of {RUNS} runs")
    print(f"today's plan (history read + Coach.plan): {plan_ms:7.1f} ms")
    print(f"backcoach routines:                       {base * 1000:7.0f} ms")
    print(f"backcoach today --json:                   {today * 1000:7.0f} ms ({ratio:.2f}x)")
    plan_met = plan_ms <= PLAN_GOAL_MS
    process_met = ratio <= PROCESS_GOAL
    print(f"goal, plan within {PLAN_GOAL_MS:g} ms: {'met' if plan_met else 'NOT met'}")
    print(f"goal, today within {PROCESS_GOAL:g}x routines: {'met' if process_met else 'NOT met'}")
    return 0 if plan_met and process_met else 1


if __name__ == "__main__":
    sys.exit(main())
