"""GUI responsiveness while the voice speaks: the longest event-loop stall on the session screen.

A 1 ms heartbeat timer on the GUI thread notes the gap between its
timeouts; a gap much longer than 1 ms is a stall (the loop was busy). The
same heartbeat runs first on the idle session screen (the baseline), then
while a real session plays at real time on it: the dead bug's guided reps
(a spoken count and movement words every few seconds), with the real voice
worker and espeak-ng, and the screen repainting at every cue and
every second. Goal: longest stall ≤ 16 ms.

espeak-ng synthesises each line in the voice thread and backcoach's own
player plays it (``aplay -q``); with no sound card here, a stand-in player
(``$BACKCOACH_PLAYER``) lasts as long as the audio would, so the voice is as
busy as with real playback (only the sound is missing).

Usage: QT_QPA_PLATFORM=offscreen python bench/gui_responsiveness.py [SECONDS]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication
from stand_in_player import needs_stand_in, use_stand_in_player

import backcoach.resources_rc  # noqa: F401
from backcoach.content import load_content
from backcoach.services.root import AppServices, Options
from backcoach.services.sessions import SessionRequest
from backcoach.settings import Settings
from backcoach.ui.session_controller import SessionController
from backcoach.ui.session_view import SessionView
from backcoach.voice import CueResult, VoiceWorker, describe_synthesis

BASELINE_SECONDS = 10.0
SESSION_SECONDS = 40.0
GOAL_MS = 16.0


class Heartbeat:
    """A 1 ms precise timer on the GUI thread that records the gaps between its timeouts."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._beat)

    def run(self, seconds: float) -> list[float]:
        """Beat for ``seconds`` of event loop; return the gaps in ms."""
        self.gaps = []
        loop = QEventLoop()
        QTimer.singleShot(round(seconds * 1000), loop.quit)
        self._last = time.perf_counter()
        self._timer.start()
        loop.exec()
        self._timer.stop()
        return self.gaps

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now


def describe(name: str, gaps: list[float]) -> str:
    ordered = sorted(gaps)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"{name:<28} beats {len(gaps):>6}   max stall {max(gaps):6.1f} ms   "
        f"p99 {p99:5.2f} ms   median {statistics.median(gaps):5.2f} ms"
    )


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else SESSION_SECONDS
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="backcoach-bench-"))
    real_player = not needs_stand_in()
    if not real_player:
        use_stand_in_player(folder)
    content = load_content()
    services = AppServices(content, Options(folder, save=False), settings=Settings())
    speaker = services.speaker()
    if not isinstance(speaker, VoiceWorker) or not speaker.wait_ready(10.0):
        print(f"No speech engine: {speaker.problem}", file=sys.stderr)
        return 1
    results: list[CueResult] = []
    speaker.add_listener(results.append)

    plan = services.sessions.plan("strength-day", "day-off")
    view = SessionView()
    view.resize(1366, 768)
    view.set_plan(plan)
    view.show()
    app.processEvents()
    heartbeat = Heartbeat()
    baseline = heartbeat.run(BASELINE_SECONDS)

    runner = services.sessions.begin(SessionRequest("strength-day", "day-off")).runner
    controller = SessionController(runner)
    controller.state_changed.connect(view.show_state)
    controller.start()
    while runner.session.state.phase.mode != "tempo":
        controller.skip()
    speaking = heartbeat.run(seconds)
    controller.end()
    services.close()

    spoken = sum(r.spoken for r in results)
    print(f"Session screen 1366x768, {os.environ['QT_QPA_PLATFORM']} platform, 1 ms heartbeat")
    player = "aplay -q" if real_player else "a stand-in player (no sound card here)"
    print(f"Voice: {describe_synthesis()}, played by {player}")
    print(describe("idle screen (baseline)", baseline))
    print(describe(f"guided reps, {seconds:g} s", speaking))
    print(f"cues handed to the voice: {len(results)}, spoken: {spoken}")
    worst = max(speaking)
    verdict = "meets" if worst <= GOAL_MS else "misses"
    print(f"longest stall while speaking: {worst:.1f} ms ({verdict} the {GOAL_MS:g} ms goal)")
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    # PySide6 6.12.0 on Python 3.11 releases one reference to True per Python-side signal
    # emission, so interpreter shutdown can abort; leave without running it.
    os._exit(status)
