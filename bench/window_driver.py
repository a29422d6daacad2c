"""What the voice and session benchmarks share: a data folder as a user's, and the real
window driven as a user drives it."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from stand_in_player import LOG_ENV, write_stand_in

from backcoach.app import WindowApp, build_main_window
from backcoach.content import Content, load_content
from backcoach.paths import user_content_dir
from backcoach.services.root import AppServices, Options
from backcoach.settings import Settings

DEADLIFT_TWO = """id = "deadlift-two-sets"
name = "Deadlift, two sets"
description = "Two sets of the dumbbell deadlift."
default_context = "day-off"

[[items]]
exercise = "dumbbell-deadlift"
sets = 2
"""
"""A user's own routine: the two-set deadlift the voice benchmark follows."""
SEEN_MS = 1000
"""How long a user looks at the window before pressing Start: no one can press it unseen."""


def data_folder(root: Path, rate: int = 165) -> Path:
    """A fresh data folder under ``root``: the voice at ``rate`` wpm, the safety note seen,
    and the two-set deadlift routine among the user's own."""
    folder = root / "data"
    routines = user_content_dir(folder) / "routines"
    routines.mkdir(parents=True)
    (routines / "deadlift-two-sets.toml").write_text(DEADLIFT_TWO, encoding="utf-8")
    Settings(voice_rate=rate, safety_note_seen=True).save(folder)
    return folder


def content_of(folder: Path) -> Content:
    """The bundled content and the user's own in ``folder``, as the app loads them."""
    return load_content(user=user_content_dir(folder))


def services_for(folder: Path, player: Path | None, cue_log: Path | None = None) -> AppServices:
    """The window's services on ``folder``, speaking through ``player`` (None: the default)."""
    command = None if player is None else shlex.quote(str(player))
    return AppServices(
        content_of(folder), Options(folder, cue_log=cue_log, player=command, window=True)
    )


def start_in_window(services: AppServices, routine: str, context: str) -> WindowApp:
    """The real main window at 1366×768, with ``routine`` started in ``context`` as a user
    starts it: look at the window for a second (it paints, the carousel plays), pick the
    routine and context, Start, Start on the set-up page, skip the pain check-in."""
    from PySide6.QtCore import QEventLoop, QTimer

    wired = build_main_window(services)
    window, flow = wired.window, wired.flow
    window.resize(1366, 768)
    window.show()
    seen = QEventLoop()
    QTimer.singleShot(SEEN_MS, seen.quit)
    seen.exec()
    services.sessions.plan(routine, context)  # as the set-up page measures while one reads it
    window.select_routine(routine)
    window.select_context(context)
    window.start_button.click()
    flow.setup.start_button.click()
    checkin = flow.checkin
    assert checkin is not None, "the pain check-in should come before the session"
    checkin.skip_button.click()
    assert flow.controller is not None, "the session should have started"
    return wired


def measure_loop(seconds: float, heartbeat: bool) -> dict[str, float]:
    """Run the event loop for ``seconds``: the process's CPU as % of one core, and the
    longest gap in ms between beats of a 1 ms precise timer (with ``heartbeat``)."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    gaps = [0.0]
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(beat)
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    cpu, wall = time.process_time(), time.perf_counter()
    last[0] = wall
    if heartbeat:
        timer.start()
    loop.exec()
    timer.stop()
    used = time.process_time() - cpu
    took = time.perf_counter() - wall
    return {"cpu": 100 * used / took, "stall": max(gaps), "seconds": took}


def bare_app(seconds: float, heartbeat: bool) -> dict[str, float]:
    """The baseline: a bare 1366×768 window whose label a 1 s QTimer updates, measured by
    :func:`measure_loop` after 2 s to settle (a QApplication must exist)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QLabel

    label = QLabel("0")
    label.resize(1366, 768)
    label.show()
    ticks = QTimer()
    ticks.timeout.connect(lambda: label.setText(str(int(label.text()) + 1)))
    ticks.start(1000)
    warm = QEventLoop()
    QTimer.singleShot(2000, warm.quit)
    warm.exec()
    return measure_loop(seconds, heartbeat)


@contextlib.contextmanager
def window_at_work(routine: str, context: str, mode: str) -> Iterator[WindowApp]:
    """The real window on a fresh data folder, the stand-in player logging nowhere, its
    ``routine`` started in ``context`` and run to the start of its first work phase of
    ``mode`` (a QApplication must exist); the session is ended and closed afterwards."""
    from PySide6.QtCore import QEventLoop

    with tempfile.TemporaryDirectory(prefix="backcoach-bench-") as tmp:
        root = Path(tmp)
        os.environ[LOG_ENV] = os.devnull
        services = services_for(data_folder(root), write_stand_in(root))
        wired = start_in_window(services, routine, context)
        controller = wired.flow.controller
        assert controller is not None
        session = controller.runner.session
        started = QEventLoop()

        def on_state() -> None:
            phase = session.state.phase
            if phase.kind == "work" and phase.mode == mode and not session.state.paused:
                started.quit()

        controller.state_changed.connect(on_state)
        started.exec()
        controller.state_changed.disconnect(on_state)
        try:
            yield wired
        finally:
            controller.end()
            services.close()


def run_child(script: str, kind: str, seconds: float, heartbeat: bool) -> dict[str, float]:
    """Run ``script --child KIND SECONDS [--heartbeat]`` in a fresh process and return the
    figures it prints as its last JSON line."""
    argv = [sys.executable, str(Path(script).resolve()), "--child", kind, str(seconds)]
    if heartbeat:
        argv.append("--heartbeat")
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} failed: {done.stderr.strip()[-2000:]}")
    figures: dict[str, float] = json.loads(lines[-1])
    return figures
