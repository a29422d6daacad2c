"""The session pages of the main window, and their glue to the session service.

Start → set-up → pain check-in → session screen → summary (with the check-in
after it and the advice) → carousel. What a session is, how it is resumed and
what is stored come from :class:`~backcoach.services.sessions.SessionService`;
this module only shows pages, passes the user's answers on, and hands what the
voice says (or would say) to the screen's caption. Nothing of it
shows at start-up, so it builds its pages, and imports what sessions need,
only when first used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from backcoach.core.phases import SetKey
    from backcoach.core.session import SessionState, Summary
    from backcoach.services.root import AppServices
    from backcoach.services.sessions import ActiveSession, PainAnswer
    from backcoach.ui.caption import CaptionFeed
    from backcoach.ui.checkin import PainCheckIn
    from backcoach.ui.session_controller import SessionController
    from backcoach.ui.session_setup import SessionSetup, SetupChoice
    from backcoach.ui.session_view import SessionView
    from backcoach.ui.widgets import Banner

ShowPage = Callable[["QWidget | None"], None]
"""Shows one of the window's full-size pages (None: the carousel)."""


class SessionFlow(QObject):
    """Runs the session pages inside the main window; see the module docstring.

    ``show_page(widget)`` shows a full-size page (None: the carousel) and
    ``tell(title, text)`` a notice on the window. The doses chosen on the setup
    page are remembered in the settings for next time (an easier variant's under its own
    id, leaving its main exercise's as it was). ``session_started``,
    ``session_finished`` and ``setup_cancelled`` let other parts of the window
    follow along.
    """

    session_started = Signal(object)
    """The :class:`SessionController` of a session that just started."""
    session_finished = Signal(object)
    """The :class:`Summary` of a session that just ended."""
    setup_cancelled = Signal()
    """The setup page's Back (or Esc), before it leads home."""

    def __init__(
        self,
        services: AppServices,
        show_page: ShowPage,
        tell: Callable[[str, str], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._show_page = show_page
        self._tell = tell
        self.controller: SessionController | None = None
        self.active: ActiveSession | None = None
        self.checkin: PainCheckIn | None = None
        self.advice: Banner | None = None
        self._resume: str | None = None
        self._checkin_page: QWidget | None = None
        self._setup: SessionSetup | None = None
        self._view: SessionView | None = None
        self._resumed_note: QLabel | None = None
        self._captions: CaptionFeed | None = None

    # ------------------------------------------------------------------ pages
    @property
    def setup(self) -> SessionSetup:
        """The setup page (built on first use)."""
        if self._setup is None:
            from backcoach.ui.session_setup import SessionSetup, planned_total

            self._setup = SessionSetup(
                self.services.content, self.services.settings, total=planned_total(self.services)
            )
            self._setup.cancelled.connect(self._on_setup_cancelled)
            self._setup.confirmed.connect(self._on_confirmed)
        return self._setup

    @property
    def view(self) -> SessionView:
        """The session screen with its summary (built on first use)."""
        return self._session_screen()[0]

    def is_session_screen(self, widget: QWidget | None) -> bool:
        """Whether ``widget`` is the session screen (which this does not build)."""
        return self._view is not None and widget is self._view

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

    def _caption_feed(self) -> CaptionFeed:
        """What the voice says, for the caption (made with the first session)."""
        if self._captions is None:
            from backcoach.ui.caption import CaptionFeed

            self._captions = CaptionFeed(self)
            self._captions.line.connect(self._on_line)
        return self._captions

    @property
    def running(self) -> bool:
        return self.controller is not None and not self.controller.runner.session.finished

    # ------------------------------------------------------------ the flow
    @Slot(str, str)
    def open_setup(
        self,
        routine_id: str,
        context: str,
        completed: frozenset[SetKey] = frozenset(),
        resume: str | None = None,
    ) -> None:
        """Show the setup page for ``routine_id`` in ``context``.

        ``resume`` is the stored session to go on with, ``completed`` the work it holds;
        the page then shows the doses that session began with, its variants and reasons.
        """
        if self.running:
            self._show_page(self.view)
            return
        self._resume = resume
        self.setup.ask(routine_id, context, completed)
        if resume is not None:
            self.setup.advise(self.services.sessions.given_doses(resume))
        self._show_page(self.setup)
        self.setup.start_button.setFocus()  # shown now, so it takes the focus: Enter starts

    def start(self, choice: SetupChoice, before: PainAnswer | None = None) -> None:
        """Begin ``choice`` through the session service and show the session screen.

        A resumed session's plan leaves out ``choice.completed``, so the screen, the
        runner and the summary all count what is left. A finished session still on
        screen (a new one can start from its summary) is let go first.
        """
        from backcoach.services.sessions import Resume, SessionRequest
        from backcoach.ui.session_controller import SessionController

        self._release()
        resume, self._resume = self._resume, None
        request = SessionRequest(
            choice.routine,
            choice.context,
            choice.choices,
            Resume(resume, choice.completed) if resume is not None else None,
        )
        try:
            active = self.services.sessions.begin(request, before=before)
        except ValueError as exc:
            self.go_home()
            self._tell("This session cannot start", str(exc))
            return
        plan = active.plan
        self.active = active
        view = self.view
        view.set_plan(plan)
        self.resumed_note.hide()
        view.set_status("")
        for key in ("storage", "resume", "error"):
            view.clear_notice(key)
        if active.resume_problem is not None:
            view.set_notice(
                "resume",
                "The unfinished session could not be resumed",
                f"{active.resume_problem} This is saved as a new session instead.",
                kind="info",
            )
        self._drop_advice()
        controller = SessionController(active.runner, self)
        self.controller = controller
        view.toggle_pause_requested.connect(controller.toggle_pause)
        view.pause_requested.connect(controller.pause)
        view.resume_requested.connect(controller.resume)
        view.skip_requested.connect(controller.skip)
        view.back_requested.connect(controller.back)
        view.add_time_requested.connect(controller.add_time)
        view.done_requested.connect(controller.done)
        view.end_requested.connect(controller.end)
        view.follow(active.runner.session.routine_time)
        controller.state_changed.connect(self._on_state)
        controller.finished.connect(self._on_finished)
        self._caption_feed().follow(self.services.speaker())
        self._show_page(view)
        self.session_started.emit(controller)
        controller.start()

    @Slot()
    def go_home(self) -> None:
        """Back to the carousel (only when no session is running); a check-in still waiting
        before a session is let go, and the session with it."""
        if self.running:
            return
        page, self._checkin_page = self._checkin_page, None
        if page is not None:
            self._drop_checkin("before")
            page.deleteLater()
        self._resume = None
        self._release()
        self._show_page(None)

    def left_summary(self) -> None:
        """The window moved away from the summary: its unanswered check-in goes."""
        self._drop_checkin("after")

    def _on_setup_cancelled(self) -> None:
        self.setup_cancelled.emit()
        self.go_home()

    def _on_confirmed(self, choice: SetupChoice) -> None:
        self._remember(choice)
        if self._resume is not None:  # the check-in before was given when it began
            self.start(choice)
            return
        from backcoach.ui.widgets import centred_page

        def answered(answer: PainAnswer | None) -> None:
            self._checkin_page = None
            self.start(choice, answer)
            page.deleteLater()

        checkin = self._ask("before", answered)
        page = centred_page(checkin)
        page.setFocusProxy(checkin)
        self._checkin_page = page
        self._show_page(page)
        page.setFocus()

    def _on_state(self, state: SessionState) -> None:
        self.view.show_state(state)
        self._show_problems()

    @Slot(str)
    def _on_line(self, text: str) -> None:
        if self.controller is not None:
            self.view.show_caption(text)

    def _on_finished(self, summary: Summary) -> None:
        from backcoach.services.sessions import resumed_text

        view = self.view
        view.show_summary(summary)
        active = self.active
        view.summary_page.show_voice_note(lambda: active.voice_note if active else None)
        if active is not None and active.completed:
            self.resumed_note.setText(resumed_text(active.completed, summary.sets_done))
            self.resumed_note.show()
        self._drop_checkin("after")
        checkin = self._ask("after", lambda answer: self._after_answered(answer, active))
        checkin.set_ended_early(summary.ended_early)
        view.summary_page.extra.addWidget(checkin)
        view.summary_page.set_home_primary(False)
        checkin.show()
        checkin.setFocus()
        self.session_finished.emit(summary)

    # ------------------------------------------------------------ check-ins
    def _ask(self, moment: str, done: Callable[[PainAnswer | None], None]) -> PainCheckIn:
        """A check-in that calls ``done`` once, with (rating, note) or None, then goes."""
        from backcoach.ui.checkin import PainCheckIn

        checkin = PainCheckIn(moment)
        self.checkin = checkin

        def finish(answer: PainAnswer | None) -> None:
            self.checkin = None
            checkin.hide()
            checkin.deleteLater()
            done(answer)

        checkin.submitted.connect(lambda rating, note: finish((rating, note)))
        checkin.skipped.connect(lambda: finish(None))
        return checkin

    def _drop_checkin(self, moment: str) -> None:
        checkin = self.checkin
        if checkin is not None and checkin.moment == moment:
            self.checkin = None
            checkin.hide()
            checkin.deleteLater()

    def _after_answered(self, answer: PainAnswer | None, active: ActiveSession | None) -> None:
        from backcoach.ui.widgets import Banner

        page = self.view.summary_page
        if answer is not None and active is not None:
            advice = self.services.sessions.after(active, answer)
            if advice is not None:
                text = advice.text
                if advice.safety_note:
                    text += "\n\n" + advice.safety_note
                kind = "warning" if advice.ease_off else "info"
                self.advice = Banner(kind, advice.title, text)
                page.extra.addWidget(self.advice)
                self.advice.show()
        page.set_home_primary(True)
        page.home_button.setFocus()

    def _drop_advice(self) -> None:
        if self.advice is not None:
            self.advice.deleteLater()
            self.advice = None

    # ---------------------------------------------------------------- notes
    def _remember(self, choice: SetupChoice) -> None:
        settings = self.services.settings
        settings.remember_doses(choice.routine, choice.context, choice.choices_run())
        error = self.services.save_settings(settings)
        if error:
            self.view.set_notice("settings", "Today's amounts will not be remembered", error)
        else:
            self.view.clear_notice("settings")

    def _show_problems(self) -> None:
        self.view.set_status(self.services.voice_problem())
        storage = self.services.storage_problem()
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
            self.view.pause_requested,
            self.view.resume_requested,
            self.view.skip_requested,
            self.view.back_requested,
            self.view.add_time_requested,
            self.view.done_requested,
            self.view.end_requested,
        ):
            signal.disconnect()
        controller.deleteLater()
