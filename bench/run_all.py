"""Run every benchmark in turn and print their figures (``make bench``).

Each benchmark runs in its own process so one cannot warm up another. The
timer benchmark runs its quick form (one real 60 s hold); run
``bench/timer_accuracy.py`` without ``--quick`` for the whole routine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS: list[list[str]] = [
    ["startup.py", "--runs", "7", "--platform", "both"],
    ["history_store.py"],
    ["doctor.py"],
    ["history_view.py"],
    ["coach_today.py"],
    ["gui_responsiveness.py"],
    ["voice_run.py", "--run", "deadlift-220"],
    ["timer_accuracy.py", "--quick"],
]


def main() -> int:
    failed = []
    for script, *args in BENCHMARKS:
        print(f"\n=== {script} {' '.join(args)}".rstrip(), flush=True)
        result = subprocess.run([sys.executable, str(HERE / script), *args], check=False)
        if result.returncode != 0:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
