"""``backcoach doctor`` on ten years of daily sessions, against ``backcoach --version``.

Runs the real command in a child process, as a user would, on a data folder
holding the history ``history_store.generate_history`` makes (3,650 sessions,
54,750 sets). The baseline is ``backcoach --version`` in the same run: Python,
the command line and the content, without any check. Speech and Qt are probed
for real (each in a child process, as doctor does).

Goal: doctor under 1 s on this history.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from history_store import generate_history

from backcoach.storage.store import HistoryStore

RUNS = 5
GOAL_S = 1.0


def timed(*argv: str) -> float:
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "backcoach", *argv],
        capture_output=True,
        check=False,
        timeout=120,
    )
    return time.perf_counter() - began


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with HistoryStore(folder) as store:
            sessions = generate_history(store)
        size = (folder / "history.sqlite3").stat().st_size / 2**20
        print(f"history: {sessions} sessions, {size:.1f} MiB; medians of {RUNS} runs")
        base = statistics.median(timed("--version") for _ in range(RUNS))
        doctor = statistics.median(timed("--data-dir", tmp, "doctor") for _ in range(RUNS))
    print(f"backcoach --version:          {base * 1000:7.0f} ms")
    print(f"backcoach doctor:             {doctor * 1000:7.0f} ms")
    verdict = "met" if doctor < GOAL_S else "NOT met"
    print(f"goal, doctor under {GOAL_S:g} s: {verdict}")
    return 0 if doctor < GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
