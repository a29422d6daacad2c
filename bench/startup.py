"""Startup benchmark: process start to first painted main window, and peak memory.

Each run is a fresh process. backcoach starts the way a user starts it, through
``backcoach.cli.main([])`` (the parser, ``run_gui``, the instance lock and
everything else the ``backcoach`` command does before its window is painted),
and is compared, in the same run, with a bare PySide6 window (``bare_window.py``).
Time is measured from just before the process is started to the end of its
first paint; memory is the child's peak resident set size at that moment.
Both kinds of child run from compiled bytecode (written to a temporary cache by
the warm-up pair), as an installed app does, even where $PYTHONDONTWRITEBYTECODE
is set; likewise backcoach finds its parsed-content cache, as on every start but
the first after an install or a content change.

    python bench/startup.py [--runs N] [--platform both|xcb|offscreen]

Both platforms by default: xcb, a real X server (the one on $DISPLAY, else a
private Xvfb), which is what a user's start goes through; and offscreen, Qt's
headless platform with no window system at all, where the bare window costs
least. Goal (issue 2): backcoach at most 1.5x the bare window in time and in memory.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication


def child() -> int:
    """Run ``backcoach`` with no arguments; report after the main window's first paint.

    The QApplication is made here only so that the paint watcher is in place
    before anything is shown; ``run_gui`` takes it as its own, as it would
    have made it. The data and cache folders are the platform's (platformdirs), under
    the temporary $XDG_DATA_HOME and $XDG_CACHE_HOME the parent sets.
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    watcher = _main_window_watcher(app)
    from backcoach.cli import main

    code = main([])
    del watcher
    return code


def _main_window_watcher(app: QApplication) -> QObject:
    """Report at the end of the ``MainWindow``'s first paint, then quit (keep it alive).

    An application-wide Python event filter would itself slow the start it
    measures: every event of every object would go through Python, and the
    first object of a class PySide does not wrap (the private widgets inside a
    combo box, say) makes PySide build all its wrapper types. So this filter
    watches the application only until the first event of the ``MainWindow``
    (its constructor's first call), then watches that window alone, whose paint
    opens the first paint pass; the report is queued to run just after that pass,
    as ``bare_window.py`` does.
    """
    from bare_window import peak_rss_kib
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.window: QObject | None = None
            self.painted = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if self.window is None and type(watched).__name__ == "MainWindow":
                self.window = watched
                app.removeEventFilter(self)
                watched.installEventFilter(self)
            elif watched is self.window and event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                QTimer.singleShot(0, self.report)
            return False

        def report(self) -> None:
            print(f"{time.monotonic():.6f} {peak_rss_kib()}", flush=True)
            app.quit()

    watcher = Watcher()
    app.installEventFilter(watcher)
    return watcher


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    sys.exit(child())

import argparse  # noqa: E402  (the child above needs none of these)
import contextlib  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
GOAL = 1.5


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_kib: int


def _measure(command: list[str], env: dict[str, str]) -> Sample:
    t0 = time.monotonic()
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(f"{' '.join(command)} failed ({out.returncode}): {out.stderr.strip()}")
    painted, peak = out.stdout.split()[-2:]
    return Sample(float(painted) - t0, int(peak))


@contextlib.contextmanager
def x_display() -> Iterator[str | None]:
    """An X display for the xcb runs: $DISPLAY, else a private Xvfb (None without one)."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        yield None
        return
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as fh:
            number = fh.readline().strip()
        yield f":{number}" if number else None
    finally:
        server.terminate()
        server.wait()


def run(runs: int, platform: str, display: str | None = None) -> dict[str, list[Sample]]:
    """Alternate bare and backcoach processes ``runs`` times each, after one warm-up pair."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = platform
    if display is not None:
        env["DISPLAY"] = display
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(HERE.parent), str(HERE), env.get("PYTHONPATH")])
    )
    env.pop("BACKCOACH_DATA_DIR", None)  # found as a user's would be
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    commands = {
        "bare": [sys.executable, str(HERE / "bare_window.py")],
        "backcoach": [sys.executable, str(Path(__file__).resolve()), "--child"],
    }
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="backcoach-bench-") as scratch:
        for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "PYTHONPYCACHEPREFIX"):
            env[variable] = os.path.join(scratch, variable.lower())
        for command in commands.values():
            _measure(command, env)
        for _ in range(runs):
            for name, command in commands.items():
                samples[name].append(_measure(command, env))
    return samples


def report(samples: dict[str, list[Sample]], platform: str) -> str:
    def median_ms(name: str) -> float:
        return statistics.median(s.seconds for s in samples[name]) * 1000

    def median_mib(name: str) -> float:
        return statistics.median(s.peak_kib for s in samples[name]) / 1024

    time_ratio = median_ms("backcoach") / median_ms("bare")
    mem_ratio = median_mib("backcoach") / median_mib("bare")
    runs = len(samples["bare"])
    lines = [
        f"Startup to first paint, median of {runs} runs (platform {platform}):",
        f"  bare PySide6 window  {median_ms('bare'):7.1f} ms  {median_mib('bare'):6.1f} MiB peak",
        f"  backcoach main window{median_ms('backcoach'):7.1f} ms  "
        f"{median_mib('backcoach'):6.1f} MiB peak",
        f"  ratio backcoach/bare   time {time_ratio:.2f}x   memory {mem_ratio:.2f}x   "
        f"(goal <= {GOAL}x: {'met' if max(time_ratio, mem_ratio) <= GOAL else 'NOT met'})",
    ]
    return "\n".join(lines)


_NAMED_PLATFORM = os.environ.get("QT_QPA_PLATFORM") in ("xcb", "offscreen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="processes of each kind (default 5)")
    parser.add_argument(
        "--platform",
        choices=("both", "xcb", "offscreen"),
        default=os.environ.get("QT_QPA_PLATFORM") if _NAMED_PLATFORM else "both",
        help="xcb (an X server: $DISPLAY, else a private Xvfb), offscreen (no window "
        "system), or both (the default, unless $QT_QPA_PLATFORM names one)",
    )
    args = parser.parse_args(argv)
    runs = max(args.runs, 1)
    if args.platform in ("both", "xcb"):
        with x_display() as display:
            if display is None:
                print("xcb: skipped, no X server ($DISPLAY unset, and no Xvfb that would start)")
            else:
                print(report(run(runs, "xcb", display), f"xcb on {display}"))
    if args.platform in ("both", "offscreen"):
        print(report(run(runs, "offscreen"), "offscreen"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
