"""The timer pump of a guided session in the window: a thin QObject around the runner.

:class:`SessionController` drives a :class:`~backcoach.services.runner.SessionRunner`
from the Qt event loop with one single-shot timer, armed to whichever comes
first: the runner's next wakeup (a cue, a rep, a phase end) or the moment the
shown seconds change. It is re-armed after every pump and every control, so
timing always comes from the session's deadlines, never from counting ticks.
While the session holds for an answer (resume, skip, back), the timer is armed
to the moment it goes on.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

if TYPE_CHECKING:
    from backcoach.core.session import Event, SessionState
    from backcoach.services.runner import SessionRunner

_EPS = 1e-6


class SessionController(QObject):
    """Pumps ``runner`` at its deadlines and forwards the user's controls to it."""

    state_changed = Signal(object)
    """A fresh :class:`SessionState`, after every pump and control."""
    event_occurred = Signal(object)
    """Each session :data:`~backcoach.core.session.Event`, in order."""
    finished = Signal(object)
    """The :class:`Summary`, once, when the session ends (complete or early)."""

    def __init__(self, runner: SessionRunner, parent: QObject | None = None) -> None:
        from PySide6.QtCore import Qt  # see backcoach.ui.props: kept off the first paint

        super().__init__(parent)
        self.runner = runner
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.pump)

    @property
    def state(self) -> SessionState:
        return self.runner.session.state

    def armed_ms(self) -> int | None:
        """The timer's interval in ms while armed, else None (paused, waiting or finished)."""
        return self._timer.interval() if self._timer.isActive() else None

    @Slot()
    def start(self) -> None:
        self._after(self.runner.start())

    @Slot()
    def pump(self) -> None:
        """Bring the session up to its clock now (the timer calls this)."""
        self._after(self.runner.pump())

    @Slot()
    def toggle_pause(self) -> None:
        self._after(self.runner.toggle_pause())

    @Slot()
    def pause(self) -> None:
        """Pause (a session already paused stays so; one about to resume stays paused)."""
        self._after(self.runner.pause())

    @Slot()
    def resume(self) -> None:
        self._after(self.runner.resume())

    @Slot()
    def skip(self) -> None:
        self._after(self.runner.skip())

    @Slot()
    def back(self) -> None:
        self._after(self.runner.back())

    @Slot(float)
    def add_time(self, seconds: float = 10.0) -> None:
        self._after(self.runner.add_time(seconds))

    @Slot()
    def done(self) -> None:
        self._after(self.runner.done())

    @Slot()
    def end(self) -> None:
        self._after(self.runner.end())

    def stop(self) -> None:
        """Stop the timer for good (the session is left where it is)."""
        self._timer.stop()

    def _after(self, events: list[Event]) -> None:
        from backcoach.core.session import Finished

        for event in events:
            self.event_occurred.emit(event)
        self.state_changed.emit(self.state)
        for event in events:
            if isinstance(event, Finished):
                self.finished.emit(event.summary)
        self._arm()

    def _arm(self) -> None:
        session = self.runner.session
        if session.finished or not session.started or (session.paused and not session.resuming):
            self._timer.stop()
            return
        display = None if session.paused else self._display_wait()
        waits = [w for w in (self.runner.seconds_until_wakeup(), display) if w is not None]
        if not waits:
            self._timer.stop()
            return
        self._timer.start(max(0, math.ceil(min(waits) * 1000)))

    def _display_wait(self) -> float:
        """Real seconds until the remaining or elapsed time shown changes to the next second."""
        state = self.state
        elapsed = state.routine_elapsed
        wait = math.floor(elapsed + _EPS) + 1 - elapsed
        if state.remaining is not None and state.remaining > 0:
            remaining = state.remaining
            wait = min(wait, remaining - math.ceil(remaining - _EPS) + 1)
        return max(wait, 0.0) / self.runner.speed
