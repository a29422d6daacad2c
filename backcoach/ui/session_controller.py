"""Qt side of a guided session: a thin QObject around the runner, and the screen flow.

:class:`SessionController` drives a :class:`~backcoach.runner.SessionRunner`
from the Qt event loop with one single-shot timer, armed to whichever comes
first: the runner's next wakeup (a cue, a rep, a phase end) or the moment the
shown seconds change. It is re-armed after every pump and every control, so
timing always comes from the session's deadlines, never from counting ticks.

:class:`SessionFlow` moves the main window from Start to the setup page, the
session screen and its summary, and back to the carousel. Nothing of it shows
at startup, so it builds its pages, and imports what sessions need, only when
first used.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from backcoach.content.model import Content
    from backcoach.core.plan import Plan, SetKey
    from backcoach.core.session import Event, SessionState, Summary
    from backcoach.runner import SessionRunner
    from backcoach.settings import Settings
    from backcoach.ui.main_window import SaveSettings
    from backcoach.ui.session_setup import SessionSetup, SetupChoice
    from backcoach.ui.session_view import SessionView

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
        if session.finished or session.paused or not session.started:
            self._timer.stop()
            return
        waits = [
            w for w in (self.runner.seconds_until_wakeup(), self._display_wait()) if w is not None
        ]
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


def resumed_text(completed: Iterable[SetKey], sets_now: int) -> str:
    """The summary line of a resumed session, such as "Resumed: 4 sets done before, 5 now"."""
    before = len({(exercise, number) for exercise, _side, number in completed})
    return f"Resumed: {before} set{'s' * (before != 1)} done before, {sets_now} now."


RunnerFactory = Callable[["Plan"], "SessionRunner"]
"""Builds the runner for a plan: the session on its clock, the speaker, the history store."""

ProblemSource = Callable[[], "str | None"]
"""Returns a sentence about a problem for the user, or None / "" when all is well."""


class SessionFlow(QObject):
    """Start → setup → session screen → summary → carousel, inside the main window.

    ``show_page(widget)`` shows one of the window's full-size pages (``None``:
    the carousel). ``make_runner`` builds a runner for a plan. ``voice_problem``
    and ``storage_problem`` are read after every update and shown on the
    session screen while they say something. The doses chosen on the setup page
    are kept in ``settings`` (when given) and written with ``save_settings``, to be
    offered again next time.

    Hook points: ``before_start(choice, proceed)``, when set, is called instead
    of starting at once and must call ``proceed()`` to go on (a pain check-in
    before the session); ``session_started(controller)``,
    ``session_finished(summary)`` and ``setup_cancelled()`` are signals (the
    history id is ``controller.runner.history_id``). The ``setup`` page and the
    session screen (``view``) are built on first use.
    """

    session_started = Signal(object)
    session_finished = Signal(object)
    setup_cancelled = Signal()
    """The setup page's Back (or Esc), before it leads home."""

    def __init__(
        self,
        content: Content,
        show_page: Callable[[SessionSetup | SessionView | None], None],
        make_runner: RunnerFactory,
        *,
        rate_wpm: Callable[[], float],
        voice_problem: ProblemSource = lambda: None,
        storage_problem: ProblemSource = lambda: None,
        settings: Settings | None = None,
        save_settings: SaveSettings = lambda _settings: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._content = content
        self._show_page = show_page
        self._make_runner = make_runner
        self._rate_wpm = rate_wpm
        self._voice_problem = voice_problem
        self._storage_problem = storage_problem
        self._settings = settings
        self._save_settings = save_settings
        self.before_start: Callable[[SetupChoice, Callable[[], None]], None] | None = None
        self.controller: SessionController | None = None
        self._completed: frozenset[SetKey] = frozenset()
        self._setup: SessionSetup | None = None
        self._view: SessionView | None = None
        self._resumed_note: QLabel | None = None

    @property
    def setup(self) -> SessionSetup:
        """The setup page (built on first use)."""
        if self._setup is None:
            from backcoach.ui.session_setup import SessionSetup

            self._setup = SessionSetup(self._content, self._settings)
            self._setup.cancelled.connect(self._on_setup_cancelled)
            self._setup.confirmed.connect(self._on_confirmed)
        return self._setup

    @property
    def view(self) -> SessionView:
        """The session screen with its summary (built on first use)."""
        return self._session_screen()[0]

    @property
    def resumed_note(self) -> QLabel:
        """On the summary of a resumed session: what was done before and now."""
        return self._session_screen()[1]

    def _session_screen(self) -> tuple[SessionView, QLabel]:
        if self._view is None or self._resumed_note is None:
            from backcoach.ui.session_view import SessionView

            view = SessionView()
            note = QLabel()
            note.setObjectName("summarySubtitle")
            note.hide()
            view.summary_page.extra.addWidget(note)
            view.home_requested.connect(self.go_home)
            self._view, self._resumed_note = view, note
        return self._view, self._resumed_note

    @property
    def running(self) -> bool:
        return self.controller is not None and not self.controller.runner.session.finished

    @Slot(str, str)
    def open_setup(self, routine_id: str, context: str, completed: Iterable[SetKey] = ()) -> None:
        """Show the setup page for ``routine_id`` in ``context``.

        ``completed``: the work an interrupted session already holds, to resume it.
        """
        if self.running:
            self._show_page(self.view)
            return
        self.setup.ask(routine_id, context, completed)
        self._show_page(self.setup)

    def start(self, choice: SetupChoice) -> None:
        """Build the plan and runner for ``choice`` and start the session screen.

        The plan leaves out ``choice.completed``, so the screen, the runner and the
        summary all count the same (what is left of a resumed session). A finished
        session still on screen (a new one can start from its summary) is let go first.
        """
        self._release()
        from backcoach.core.plan import build_plan

        try:
            plan = build_plan(
                self._content,
                choice.routine,
                choice.context,
                choice.choices,
                skip_completed=choice.completed,
                rate_wpm=self._rate_wpm(),
            )
        except ValueError as exc:
            self.view.set_notice("plan", "This session cannot start", str(exc))
            return
        self.view.set_plan(plan)
        self._completed = choice.completed
        self.resumed_note.hide()
        for key in ("plan", "voice", "storage"):
            self.view.clear_notice(key)
        controller = SessionController(self._make_runner(plan), self)
        self.controller = controller
        view = self.view
        view.toggle_pause_requested.connect(controller.toggle_pause)
        view.skip_requested.connect(controller.skip)
        view.back_requested.connect(controller.back)
        view.add_time_requested.connect(controller.add_time)
        view.done_requested.connect(controller.done)
        view.end_requested.connect(controller.end)
        controller.state_changed.connect(self._on_state)
        controller.finished.connect(self._on_finished)
        self._show_page(view)
        self.session_started.emit(controller)
        controller.start()

    @Slot()
    def go_home(self) -> None:
        """Back to the carousel (only when no session is running)."""
        if not self.running:
            self._release()
            self._show_page(None)

    def _on_setup_cancelled(self) -> None:
        self.setup_cancelled.emit()
        self.go_home()

    def _on_confirmed(self, choice: SetupChoice) -> None:
        self._remember(choice)
        if self.before_start is not None:
            self.before_start(choice, lambda: self.start(choice))
        else:
            self.start(choice)

    def _on_state(self, state: SessionState) -> None:
        self.view.show_state(state)
        self._show_problems()

    def _on_finished(self, summary: Summary) -> None:
        self.view.show_summary(summary)
        if self._completed:
            self.resumed_note.setText(resumed_text(self._completed, summary.sets_done))
            self.resumed_note.show()
        self.session_finished.emit(summary)

    def _remember(self, choice: SetupChoice) -> None:
        if self._settings is None:
            return
        self._settings.remember_doses(choice.routine, choice.context, choice.choices)
        error = self._save_settings(self._settings)
        if error:
            self.view.set_notice("settings", "Today's amounts will not be remembered", error)
        else:
            self.view.clear_notice("settings")

    def _show_problems(self) -> None:
        voice = self._voice_problem()
        if voice:
            if voice not in self.view.notice("voice"):
                self.view.set_notice("voice", "The session runs without the voice", voice)
        else:
            self.view.clear_notice("voice")
        storage = self._storage_problem()
        if storage:
            text = (
                f"{storage} Your sets are kept and will be saved as soon as the history "
                "file can be written again (File → Export unsaved sets… saves a copy now)."
            )
            if text not in self.view.notice("storage"):
                self.view.set_notice("storage", "Your sets are not saved yet", text)
        else:
            self.view.clear_notice("storage")

    def _release(self) -> None:
        controller, self.controller = self.controller, None
        if controller is None:
            return
        controller.stop()
        for signal in (
            self.view.toggle_pause_requested,
            self.view.skip_requested,
            self.view.back_requested,
            self.view.add_time_requested,
            self.view.done_requested,
            self.view.end_requested,
        ):
            signal.disconnect()
        controller.deleteLater()
