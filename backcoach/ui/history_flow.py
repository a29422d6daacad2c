"""History in the window: the History page, pain check-ins around a session, and what
opening the history file has to tell (a damaged file moved aside, a file too new,
a session left unfinished, to resume or keep as partial).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QWidget

from backcoach.content.model import CONTEXT_LABELS, Content
from backcoach.core.advice import pain_advice
from backcoach.ui.main_window import Banner, MainWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from backcoach.core.plan import Plan
    from backcoach.core.records import SetRecord
    from backcoach.runner import SessionRunner
    from backcoach.storage import HistoryStore, InterruptedSession
    from backcoach.ui.checkin import PainCheckIn
    from backcoach.ui.history_view import ChoosePath, HistoryView
    from backcoach.ui.session_controller import ProblemSource, SessionController, SessionFlow
    from backcoach.ui.session_setup import SetupChoice

StoreSource = Callable[[], "HistoryStore | None"]
RETRY_MS = 5000
"""How often writes kept in memory are tried again while history cannot be saved."""


class _Sink:
    """The store as a runner sees it: says which session opened (a resumed one goes on)."""

    def __init__(
        self,
        store: HistoryStore,
        resume: str | None,
        opened: Callable[[str, bool], None],
        cannot_resume: Callable[[str], None],
    ) -> None:
        self._store = store
        self._resume = resume
        self._opened = opened
        self._cannot_resume = cannot_resume

    def start_session(
        self, routine: str, context: str, started_at: float, plan_summary: str = ""
    ) -> str:
        resumed = self._resume is not None
        if self._resume is not None:
            gone: tuple[type[Exception], ...] = (KeyError, *_store_errors())
            try:
                self._store.resume_session(self._resume)
            except gone as exc:
                self._cannot_resume(str(exc) if not isinstance(exc, KeyError) else "")
                resumed = False
        if resumed:
            assert self._resume is not None
            session_id = self._resume
        else:
            session_id = self._store.start_session(routine, context, started_at, plan_summary)
        self._opened(session_id, resumed)
        return session_id

    def record_set(self, record: SetRecord) -> None:
        self._store.record_set(record)

    def finish_session(self, session_id: str, ended_at: float, completed: bool) -> None:
        self._store.finish_session(session_id, ended_at, completed)


def _store_errors() -> tuple[type[Exception], ...]:
    """What a history store call may raise (the storage modules load on first need)."""
    import sqlite3

    from backcoach.storage import StorageError

    return (StorageError, sqlite3.Error)


def centred(widget: QWidget, width: int = 980) -> QWidget:
    """``widget`` at most ``width`` wide in the middle of a full-window page."""
    from PySide6.QtCore import Qt  # see backcoach.ui.props: kept off the first paint

    page = QWidget()
    row = QHBoxLayout(page)
    row.setContentsMargins(32, 32, 32, 32)
    widget.setMaximumWidth(width)
    row.addWidget(widget, 1, Qt.AlignmentFlag.AlignCenter)
    return page


class HistoryFlow(QObject):
    """Wires history into ``window`` and the session ``flow``.

    ``store`` opens (once) and returns the history store, or None when it cannot
    be used; ``open_problem`` then says why. ``make_runner`` is the runner
    factory this wraps: pass :meth:`make_runner` to the session flow instead.

    While history cannot be saved, the sets kept in memory are tried again every
    :data:`RETRY_MS`, can be exported (File menu, History page), and are written
    to a file when the window closes (:meth:`save_on_quit`). ``choose_path`` and
    ``tell`` (a message box) are seams for tests.
    """

    def __init__(
        self,
        window: MainWindow,
        content: Content,
        store: StoreSource,
        open_problem: ProblemSource,
        make_runner: Callable[[Plan], SessionRunner],
    ) -> None:
        super().__init__(window)
        self.window = window
        self._content = content
        self._store = store
        self._open_problem = open_problem
        self._make_runner = make_runner
        self.flow: SessionFlow | None = None
        self.view: HistoryView | None = None
        self.checkin: PainCheckIn | None = None
        self.interrupted_banner: Banner | None = None
        self.advice: Banner | None = None
        """What the summary says about the pain ratings of the last session."""
        self._resume: str | None = None
        """The id of the interrupted session being resumed."""
        self._before: tuple[int | None, str] | None = None
        self._rated_before: int | None = None
        self._session_id: str | None = None
        self._watched: HistoryStore | None = None
        self.choose_path: ChoosePath | None = None
        self.tell: Callable[[str, str], object] = self._tell_then_close
        self._leaving = False
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_MS)
        self.retry_timer.timeout.connect(self._retry)
        self.unsaved_action = QAction("Export &unsaved sets…", window)
        self.unsaved_action.setEnabled(False)
        self.unsaved_action.triggered.connect(self.export_unsaved)
        file_menu = window.menuBar().actions()[0].menu()
        assert isinstance(file_menu, QMenu)
        file_menu.insertAction(window.voice_action, self.unsaved_action)
        window.installEventFilter(self)
        window.history_requested.connect(self.toggle_history)

    def attach(self, flow: SessionFlow) -> None:
        """Ask for pain around each session of ``flow``."""
        self.flow = flow
        flow.before_start = self._before_start
        flow.session_started.connect(self._on_started)
        flow.session_finished.connect(self._on_finished)
        self.window.screens.currentChanged.connect(self._on_screen)
        flow.setup_cancelled.connect(self._forget_resume)

    # -------------------------------------------------------------- opening
    def check_on_start(self) -> None:
        """Open the history file and tell what the user should know about it."""
        store = self._store()
        if store is not None:
            self._watch(store)
        if store is None:
            self.window.show_notice(
                "History cannot be used",
                self._open_problem() or "The history file cannot be opened.",
                kind="warning",
            )
            return
        if store.notices:
            title = store.notice_title or "About the history file"
            self.window.show_notice(title, "\n".join(store.notices))
        if store.problem:
            self.window.show_notice("History cannot be saved", store.problem, kind="warning")
        try:
            interrupted = store.interrupted_sessions()
        except _store_errors():
            return
        if interrupted:
            self._offer_resume(interrupted[-1], len(interrupted))

    def _offer_resume(self, left: InterruptedSession, count: int) -> None:
        from backcoach.ui.session_detail import routine_name

        s = left.summary
        name = routine_name(self._content, s.routine)
        noun = "set" if s.set_count == 1 else "sets"
        text = (
            f"“{name}” ({CONTEXT_LABELS.get(s.context, s.context).lower()}) of "
            f"{s.day:%A} {s.day.day} {s.day:%B} stopped after {s.set_count} {noun}; what was done "
            "is saved. Resume it from where it stopped, or keep it as a partial session."
        )
        if count > 1:
            text += f" ({count - 1} older unfinished sessions are kept as partial.)"
        banner = Banner("info", "A session was left unfinished", text, "Keep as partial")
        resume = QPushButton("Resume")
        resume.setObjectName("resumeButton")
        resume.setEnabled(s.routine in self._content.routines and self.flow is not None)
        layout = banner.layout()
        assert layout is not None
        layout.addWidget(resume)
        resume.clicked.connect(lambda: self.resume(left))
        banner.dismissed.connect(lambda: self.keep_partial(left))
        self.interrupted_banner = banner
        self.window.add_banner(banner)

    def keep_partial(self, left: InterruptedSession) -> None:
        """Close the unfinished session (and any older ones) as partial."""
        store = self._store()
        if store is None:
            return
        try:
            for other in store.interrupted_sessions():
                store.mark_partial(other.summary.id)
        except _store_errors() as exc:
            self.window.show_notice("The session could not be kept", str(exc), kind="warning")
        self._hide_banner()

    def resume(self, left: InterruptedSession) -> None:
        """Set up the unfinished session's routine again; its stored sets are left out."""
        assert self.flow is not None
        self._resume = left.summary.id
        self._hide_banner()
        self.flow.open_setup(left.summary.routine, left.summary.context, left.done)

    def make_runner(self, plan: Plan) -> SessionRunner:
        """The wrapped factory's runner; a resumed session goes on in its stored session."""
        resume, self._resume = self._resume, None
        runner = self._make_runner(plan)
        store = self._store()
        if store is not None and runner.history is not None:
            self._watch(store)
            runner.history = _Sink(store, resume, self._opened, self._cannot_resume)
        return runner

    def _forget_resume(self) -> None:
        self._resume = None

    def _hide_banner(self) -> None:
        if self.interrupted_banner is not None:
            self.interrupted_banner.hide()
            self.interrupted_banner.deleteLater()
            self.interrupted_banner = None

    # -------------------------------------------------------------- history
    def toggle_history(self) -> None:
        """Show the History page, or leave it; a running session keeps the window."""
        if self.flow is not None and self.flow.running:
            self.window.show_screen(self.flow.view)
            return
        if self.view is not None and self.window.screens.currentWidget() is self.view:
            self.window.show_screen(None)
            return
        self.show_history()

    def show_history(self) -> HistoryView:
        if self.view is None:
            from backcoach.ui.history_view import HistoryView

            self.view = HistoryView(self._store(), self._content, problem=self._open_problem())
            self.view.setContentsMargins(28, 20, 28, 20)
            self.view.back_requested.connect(lambda: self.window.show_screen(None))
            self.view.unsaved_button.clicked.connect(self.export_unsaved)
        self.view.refresh()
        self.view.show_list()
        self.window.show_screen(self.view)
        return self.view

    # ------------------------------------------------------ unsaved sets
    def _watch(self, store: HistoryStore) -> None:
        if store is not self._watched:
            self._watched = store
            store.on_problem = self._problem_changed
            self._problem_changed(store.problem)

    def _problem_changed(self, problem: str | None) -> None:
        if problem is None:
            self.retry_timer.stop()
        elif not self.retry_timer.isActive():
            self.retry_timer.start()
        pending = self._watched is not None and self._watched.has_pending
        self.unsaved_action.setEnabled(pending)
        if self.view is not None:
            self.view.show_unsaved()

    def _retry(self) -> None:
        if self._watched is not None and self._watched.has_pending:
            self._watched.flush()

    def export_unsaved(self) -> Path | None:
        """Ask where, then save the sets history still keeps in memory as an importable file."""
        from datetime import date

        from backcoach.storage.export import export_pending
        from backcoach.ui.history_view import file_dialog

        store = self._watched
        if store is None or not store.has_pending:
            return None
        choose = self.choose_path or file_dialog(self.window)
        suggestion = f"backcoach-unsaved-{date.today().isoformat()}.json"
        path = choose("save", "Export unsaved sets", suggestion, "JSON files (*.json)")
        if path is None:
            return None
        try:
            sets = export_pending(store, path)
        except OSError as exc:
            self._say("The unsaved sets were not exported", f"{path}: {exc.strerror or exc}.")
            return None
        what = "1 set" if sets == 1 else f"{sets} sets"
        self._say(
            "Unsaved sets exported",
            f"{what} went to {path}; bring them in with Import… on the History page or "
            f"“backcoach import {path}”. They are still saved in history once it can be "
            "written; importing the file as well adds nothing twice.",
            kind="info",
        )
        return path

    def save_on_quit(self) -> bool:
        """On closing: what history still keeps goes to a file, and ``tell`` says where.

        Returns whether there was anything to tell (once: the next close goes through).
        """
        from backcoach.storage.export import save_unsaved, unsaved_message

        store = self._watched
        if self._leaving or store is None or not store.has_pending or store.flush():
            return False
        self._leaving = True
        sets = store.pending_sets
        path = save_unsaved(store, store.path.parent)
        self.tell("Some sets are not in history yet", unsaved_message(path, sets))
        return True

    def _tell_then_close(self, title: str, text: str) -> QMessageBox:
        """A window-modal box; the window closes once it is read."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.window)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self.window.close)
        box.open()
        return box

    def _say(self, title: str, text: str, kind: str = "warning") -> None:
        if self.view is not None and self.window.screens.currentWidget() is self.view:
            self.view.say(f"{title}: {text}", warning=kind == "warning")
        else:
            self.window.show_notice(title, text, kind=kind)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close and self.save_on_quit():
            event.ignore()  # the box says where the sets went; the window closes after it
            return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ check-ins
    def _ask(
        self, moment: str, done: Callable[[tuple[int | None, str] | None], None]
    ) -> PainCheckIn:
        """A check-in that calls ``done`` once, with (rating, note) or None, then goes."""
        from backcoach.ui.checkin import PainCheckIn

        checkin = PainCheckIn(moment)
        self.checkin = checkin

        def finish(answer: tuple[int | None, str] | None) -> None:
            self.checkin = None
            checkin.hide()
            checkin.deleteLater()
            done(answer)

        checkin.submitted.connect(lambda rating, note: finish((rating, note)))
        checkin.skipped.connect(lambda: finish(None))
        return checkin

    def _before_start(self, choice: SetupChoice, proceed: Callable[[], None]) -> None:
        if self._resume is not None:
            self._before = None
            proceed()
            return

        def answered(answer: tuple[int | None, str] | None) -> None:
            self._before = answer
            proceed()
            page.deleteLater()

        checkin = self._ask("before", answered)
        page = centred(checkin)
        page.setFocusProxy(checkin)
        self.window.show_screen(page)
        page.setFocus()

    def _on_started(self, _controller: SessionController) -> None:
        assert self.flow is not None
        self.flow.view.clear_notice("resume")
        if self.advice is not None:
            self.advice.deleteLater()
            self.advice = None

    def _cannot_resume(self, reason: str) -> None:
        """The session to resume is gone (deleted meanwhile) or unreadable: start afresh."""
        assert self.flow is not None
        why = reason or "It is no longer in history (deleted meanwhile?)."
        self.flow.view.set_notice(
            "resume",
            "The unfinished session could not be resumed",
            f"{why} This is saved as a new session instead.",
            kind="info",
        )

    def _opened(self, session_id: str, resumed: bool) -> None:
        self._session_id = session_id
        before, self._before = self._before, None
        self._rated_before = None
        if before is not None:
            self._rated_before = before[0]
            self._record("before", before, session_id)
        elif resumed:
            self._rated_before = self._stored_rating(session_id)

    def _on_finished(self, _summary: object) -> None:
        assert self.flow is not None
        self._drop_after()
        session_id, before = self._session_id, self._rated_before
        checkin = self._ask(
            "after", lambda answer: self._after_answered(answer, session_id, before)
        )
        self.flow.view.summary_page.extra.addWidget(checkin)
        checkin.show()
        checkin.setFocus()

    def _on_screen(self) -> None:
        """Leaving the summary takes its unanswered check-in away."""
        if self.flow is not None and self.window.screens.currentWidget() is not self.flow.view:
            self._drop_after()

    def _drop_after(self) -> None:
        checkin = self.checkin
        if checkin is not None and checkin.moment == "after":
            self.checkin = None
            checkin.hide()
            checkin.deleteLater()

    def _after_answered(
        self, answer: tuple[int | None, str] | None, session_id: str | None, before: int | None
    ) -> None:
        assert self.flow is not None
        if answer is not None:
            self._record("after", answer, session_id)
            advice = pain_advice(before, answer[0])
            if advice is not None:
                text = advice.text
                if advice.safety_note:
                    text += "\n\n" + advice.safety_note
                kind = "warning" if advice.ease_off else "info"
                self.advice = Banner(kind, advice.title, text)
                self.flow.view.summary_page.extra.addWidget(self.advice)
                self.advice.show()
        self.flow.view.summary_page.home_button.setFocus()

    def _stored_rating(self, session_id: str) -> int | None:
        store = self._store()
        try:
            record = store.session_detail(session_id) if store is not None else None
        except _store_errors():
            return None
        return record.rating("before") if record is not None else None

    def _record(self, moment: str, answer: tuple[int | None, str], session_id: str | None) -> None:
        store = self._store()
        if store is None or session_id is None:
            return
        rating, note = answer
        try:
            store.record_pain(moment, rating, note, session_id=session_id)
        except _store_errors() as exc:
            self.window.show_notice("The pain rating was not saved", str(exc), kind="warning")
