"""What the voice and session benchmarks share: a data folder as a user's, and the real
window driven as a user drives it."""

from __future__ import annotations

import shlex
import time
from pathlib import Path

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
    starts it: pick the routine and context, Start, Start on the set-up page, skip the pain
    check-in."""
    wired = build_main_window(services)
    window, flow = wired.window, wired.flow
    window.resize(1366, 768)
    window.show()
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
