"""History in the window: the History page, what opening the history file has to tell, the
morning question, and the unsaved-set glue (a retry timer, an export action, a file on
quitting).

The policies (which session to offer for resuming, what to do with sets that
cannot be written) live in :class:`~backcoach.services.sessions.SessionService`;
this module shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from backcoach.core.text import plural
from backcoach.ui.main_window import MainWindow
from backcoach.ui.widgets import Banner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from backcoach.services.root import AppServices
    from backcoach.services.sessions import Unfinished
    from backcoach.ui.history_view import ChoosePath, HistoryView
    from backcoach.ui.session_flow import SessionFlow

MORNING_HINT = (
    "Pick a number from 0 (no pain at all) to 10 (the worst you can imagine; type 1 then "
    "0), or skip. Pain that has settled by the morning is a good sign."
)
"""Under the morning question, after the sentence naming the session it is about."""
RETRY_MS = 5000
"""How often writes kept in memory are tried again while history cannot be saved."""


class HistoryFlow(QObject):
    """Wires history into ``window`` next to the session ``flow``.

    While history cannot be saved, the sets kept in memory are tried again every
    :data:`RETRY_MS`, can be exported (File menu, History page), and are written
    to a file when the window closes (:meth:`save_on_quit`). ``choose_path``,
    ``tell`` (a message box) are seams for tests.
    """

    def __init__(self, window: MainWindow, services: AppServices, flow: SessionFlow) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.flow = flow
        self.view: HistoryView | None = None
        self.interrupted_banner: Banner | None = None
        self.choose_path: ChoosePath | None = None
        self.tell: Callable[[str, str], object] = self._tell_then_close
        self.morning_page: QWidget | None = None
        self._morning = False
        self._leaving = False
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_MS)
        self.retry_timer.timeout.connect(lambda: self.services.sessions.retry_unsaved())
        self.unsaved_action = QAction("Export &unsaved sets…", window)
        self.unsaved_action.setEnabled(False)
        self.unsaved_action.triggered.connect(self.export_unsaved)
        file_menu = window.menuBar().actions()[0].menu()
        assert isinstance(file_menu, QMenu)
        file_menu.insertAction(window.voice_action, self.unsaved_action)
        window.installEventFilter(self)
        window.history_requested.connect(self.toggle_history)
        window.screens.currentChanged.connect(self._on_screen)
        window.safety_banner.dismissed.connect(self.ask_morning_when_free)
        services.add_history_listener(self._problem_changed)

    # -------------------------------------------------------------- opening
    def check_on_start(self) -> None:
        """Open the history file and tell what the user should know about it."""
        store = self.services.history()
        if store is None:
            self.window.show_notice(
                "History cannot be used",
                self.services.open_problem() or "The history file cannot be opened.",
                kind="warning",
            )
            return
        self._problem_changed(store.problem)
        if store.notices:
            title = store.notice_title or "About the history file"
            self.window.show_notice(title, "\n".join(store.notices))
        if store.problem:
            self.window.show_notice("History cannot be saved", store.problem, kind="warning")
        unfinished = self.services.sessions.unfinished()
        if unfinished is not None:
            self._offer_resume(unfinished)
        self._morning = self.services.morning_due()
        self.ask_morning_when_free()

    # -------------------------------------------------------------- morning
    def ask_morning_when_free(self) -> None:
        """Ask the morning question (once) when it is due, the safety note has been read,
        no resume offer waits, and the routines page shows."""
        window = self.window
        if (
            not self._morning
            or not window.safety_banner.isHidden()
            or self.interrupted_banner is not None
            or window.screens.currentWidget() is not window.home
        ):
            return
        self._morning = False
        from backcoach.ui.checkin import PainCheckIn
        from backcoach.ui.widgets import centred_page

        checkin = PainCheckIn("morning")
        about = self.services.sessions.morning_about()
        checkin.hint.setText(f"{about} {MORNING_HINT}" if about else MORNING_HINT)
        page = centred_page(checkin)
        page.setFocusProxy(checkin)
        self.morning_page = page

        def done(answer: tuple[int | None, str] | None) -> None:
            from backcoach.services.sessions import HistoryProblem

            self.morning_page = None
            window.show_screen(None)
            page.deleteLater()
            try:
                if answer is not None and answer[0] is not None:
                    self.services.sessions.record_morning(answer[0], answer[1])
            except HistoryProblem as exc:
                window.show_notice("The answer could not be kept", str(exc), kind="warning")
            problem = self.services.morning_asked()
            if problem:
                window.show_notice("Your choices could not be saved", problem, kind="warning")

        checkin.submitted.connect(lambda rating, note: done((rating, note)))
        checkin.skipped.connect(lambda: done(None))
        window.show_screen(page)
        page.setFocus()

    def _offer_resume(self, unfinished: Unfinished) -> None:
        text = (
            f"{unfinished.describe(self.services.content)} Resume it from where it stopped, "
            "or keep it as a partial session."
        )
        banner = Banner("info", "A session was left unfinished", text, "Keep as partial")
        resume = QPushButton("Resume")
        resume.setObjectName("resumeButton")
        resume.setEnabled(unfinished.routine in self.services.content.routines)
        layout = banner.layout()
        assert layout is not None
        layout.addWidget(resume)
        resume.clicked.connect(lambda: self.resume(unfinished))
        banner.dismissed.connect(self.keep_partial)
        self.interrupted_banner = banner
        self.window.add_banner(banner)

    def keep_partial(self) -> None:
        """Close the unfinished session (and any older ones) as partial."""
        from backcoach.services.sessions import HistoryProblem

        try:
            self.services.sessions.keep_partial()
        except HistoryProblem as exc:
            self.window.show_notice("The session could not be kept", str(exc), kind="warning")
        self._hide_banner()

    def resume(self, unfinished: Unfinished) -> None:
        """Set up the unfinished session's routine again; its stored sets are left out."""
        self.flow.open_setup(
            unfinished.routine,
            unfinished.context,
            unfinished.done,
            resume=unfinished.left.summary.id,
        )
        self._hide_banner()  # after: the morning question waits until home shows again

    def _hide_banner(self) -> None:
        if self.interrupted_banner is not None:
            self.interrupted_banner.hide()
            self.interrupted_banner.deleteLater()
            self.interrupted_banner = None
            self.ask_morning_when_free()

    # -------------------------------------------------------------- history
    def toggle_history(self) -> None:
        """Show the History page, or leave it; a running session keeps the window."""
        if self.flow.running:
            self.window.show_screen(self.flow.view)
            return
        if self.view is not None and self.window.screens.currentWidget() is self.view:
            self.window.show_screen(None)
            return
        self.show_history()

    def show_history(self) -> HistoryView:
        if self.view is None:
            from backcoach.ui.history_view import HistoryView

            self.view = HistoryView(
                self.services.history(),
                self.services.content,
                problem=self.services.open_problem(),
            )
            self.view.setContentsMargins(28, 20, 28, 20)
            self.view.back_requested.connect(lambda: self.window.show_screen(None))
            self.view.unsaved_button.clicked.connect(self.export_unsaved)
            self.view.start_requested.connect(self._start_from_history)
        self.view.refresh()
        self.view.show_list()
        self.window.show_screen(self.view)
        return self.view

    def _start_from_history(self) -> None:
        """The empty history's Start: the routines page, then the chosen routine's set-up."""
        self.window.show_screen(None)
        self.window.start_button.click()

    def _on_screen(self) -> None:
        if not self.flow.is_session_screen(self.window.screens.currentWidget()):
            self.flow.left_summary()
        self.ask_morning_when_free()

    # ------------------------------------------------------ unsaved sets
    def _problem_changed(self, problem: str | None) -> None:
        if problem is None:
            self.retry_timer.stop()
        elif not self.retry_timer.isActive():
            self.retry_timer.start()
        self.unsaved_action.setEnabled(self.services.sessions.has_unsaved)
        if self.view is not None:
            self.view.show_unsaved()

    def export_unsaved(self) -> Path | None:
        """Ask where, then save the sets history still keeps in memory as an importable file."""
        from datetime import date

        from backcoach.ui.history_view import file_dialog

        sessions = self.services.sessions
        if not sessions.has_unsaved:
            return None
        choose = self.choose_path or file_dialog(self.window)
        suggestion = f"backcoach-unsaved-{date.today().isoformat()}.json"
        path = choose("save", "Export unsaved sets", suggestion, "JSON files (*.json)")
        if path is None:
            return None
        try:
            sets = sessions.export_unsaved(path)
        except OSError as exc:
            self._say("The unsaved sets were not exported", f"{path}: {exc.strerror or exc}.")
            return None
        what = plural(sets, "set")
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
        if self._leaving or not self.services.history_opened:
            return False
        where = self.services.sessions.save_unsaved()
        if where is None:
            return False
        self._leaving = True
        self.tell("Some sets are not in history yet", where)
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
