"""The one place where services are built and wired to the window.

Qt and the widgets are imported inside the functions, so the terminal
commands never pay for them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from backcoach.content import Content
from backcoach.core.clock import Clock, MonotonicClock
from backcoach.paths import data_dir
from backcoach.settings import Settings

if TYPE_CHECKING:
    from backcoach.core.plan import Plan
    from backcoach.runner import SessionRunner
    from backcoach.storage import HistoryStore
    from backcoach.ui.main_window import MainWindow
    from backcoach.voice import CueLog, Speaker, VoiceOptions

SpeakerFactory = Callable[[Settings, Clock], "Speaker"]


def build_main_window(
    content: Content,
    settings: Settings,
    folder: Path,
    *,
    interval_ms: int | None = None,
    clock: Clock | None = None,
    speaker_factory: SpeakerFactory | None = None,
    cue_log: Path | None = None,
) -> MainWindow:
    """The wired main window, not yet shown; needs a QApplication to exist.

    Settings are saved in ``folder``. ``interval_ms`` is how long each key
    position is shown (0 stops the automatic stepping; None keeps the default).
    Sessions run on ``clock`` (default: real time) and speak through
    ``speaker_factory(settings, clock)`` (default: the voice the settings ask for);
    ``cue_log`` writes every cue's fate. Opening the history file, and what it has
    to tell, waits until just after the window's first paint.
    """
    import backcoach.resources_rc  # noqa: F401  (registers the ":/…" illustrations and icon)
    from backcoach.ui.history_flow import HistoryFlow
    from backcoach.ui.illustration import STEP_INTERVAL_MS
    from backcoach.ui.main_window import MainWindow
    from backcoach.ui.session_controller import SessionFlow

    window = MainWindow(
        content,
        settings,
        lambda s: s.save(folder),
        interval_ms=STEP_INTERVAL_MS if interval_ms is None else interval_ms,
    )

    services = SessionServices(
        settings, folder, clock or MonotonicClock(), speaker_factory=speaker_factory
    )
    if cue_log is not None:
        from backcoach.voice import CueLog, CueLogError

        try:
            services.cue_log = CueLog(cue_log)
        except CueLogError as exc:
            window.show_notice("No cue log this time", str(exc), kind="warning")
    history = HistoryFlow(
        window, content, services.history, services.open_problem, services.make_runner
    )
    flow = SessionFlow(
        content,
        window.show_screen,
        history.make_runner,
        rate_wpm=lambda: float(settings.voice_rate),
        voice_problem=services.voice_problem,
        storage_problem=services.storage_problem,
        settings=settings,
        save_settings=lambda s: s.save(folder),
        parent=window,
    )
    window.start_requested.connect(flow.open_setup)
    history.attach(flow)
    window.first_painted.connect(history.check_on_start)
    window.destroyed.connect(services.close)

    def open_voice_settings() -> None:
        from PySide6.QtCore import Qt

        from backcoach.ui.voice_settings import VoiceSettingsDialog

        dialog = VoiceSettingsDialog(settings, lambda s: s.save(folder), parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    window.voice_action.triggered.connect(open_voice_settings)
    return window


class SessionServices:
    """What window sessions use besides widgets: the speaker, the history store, the cue log.

    The speaker is made on first use and again after the voice settings
    change; the history store is opened on first use and kept.
    """

    def __init__(
        self,
        settings: Settings,
        folder: Path,
        clock: Clock,
        *,
        speaker_factory: SpeakerFactory | None = None,
    ) -> None:
        self.settings = settings
        self.folder = folder
        self.clock = clock
        self.cue_log: CueLog | None = None
        self._speaker_factory = speaker_factory
        self._speaker: Speaker | None = None
        self._voice: tuple[bool, VoiceOptions] | None = None
        self._store: HistoryStore | None = None
        self._store_problem: str | None = None

    def speaker(self) -> Speaker:
        from backcoach.voice import VoiceOptions, make_speaker

        voice = (self.settings.voice_enabled, VoiceOptions.from_settings(self.settings))
        if self._speaker is None or voice != self._voice:
            if self._speaker is not None:  # the GUI never waits on speech: its thread ends alone
                self._speaker.close(timeout=0)
            factory = self._speaker_factory or make_speaker
            self._speaker = factory(self.settings, self.clock)
            self._voice = voice
            if self.cue_log is not None:
                self._speaker.add_listener(self.cue_log)
        return self._speaker

    def history(self) -> HistoryStore | None:
        if self._store is None and self._store_problem is None:
            import sqlite3

            from backcoach.storage import DatabaseTooNew, HistoryStore, StorageError, db

            try:
                self._store = HistoryStore(self.folder, busy_timeout_ms=db.GUI_BUSY_TIMEOUT_MS)
            except (DatabaseTooNew, StorageError, sqlite3.Error, OSError) as exc:
                self._store_problem = str(exc)
        return self._store

    def open_problem(self) -> str | None:
        """Why the history file could not be opened at all (None when it opened)."""
        return self._store_problem

    def make_runner(self, plan: Plan) -> SessionRunner:
        from backcoach.core.session import Session
        from backcoach.runner import SessionRunner

        session = Session(plan, self.clock)
        return SessionRunner(
            session, self.clock, self.speaker(), real_clock=self.clock, history=self.history()
        )

    def voice_problem(self) -> str:
        return self._speaker.problem if self._speaker is not None else ""

    def storage_problem(self) -> str | None:
        if self._store is not None:
            fault = self._store.fault
            return fault and f"{fault} Unsaved sets can be exported from the File menu."
        if self._store_problem is None:
            return None
        return f"{self._store_problem} This session is not saved in history."

    def close(self) -> None:
        """Stop the voice and write what history still holds; safe to call twice."""
        if self._speaker is not None:
            self._speaker.close()
            self._speaker = None
        if self._store is not None:
            store, self._store = self._store, None
            store.close()
            if store.has_pending:  # the window went without its close event
                from backcoach.storage.export import save_unsaved, unsaved_message

                sets = store.pending_sets
                print(
                    f"backcoach: {unsaved_message(save_unsaved(store, self.folder), sets)}",
                    file=sys.stderr,
                )
        if self.cue_log is not None:
            self.cue_log.close()


NO_DISPLAY = (
    "no display to open the window on; set DISPLAY, or use the terminal commands (backcoach --help)"
)


def display_missing() -> bool:
    """True where Qt would abort for want of a display: an X11 or Wayland system
    with neither $DISPLAY nor $WAYLAND_DISPLAY, and no $QT_QPA_PLATFORM chosen."""
    if sys.platform in ("win32", "darwin"):
        return False
    return not any(os.environ.get(v) for v in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))


def run_gui(args: argparse.Namespace, content: Content) -> int:
    """Open the main window and run the Qt event loop (in the QApplication if one exists).

    ``content`` is what the command line loaded (bundled and the user's own). The
    instance lock is decided before any window is built; the local server that
    answers a second start opens just after the first paint, and from then on
    closing the window deletes it (which ends its services).
    """
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None and display_missing():
        print(f"backcoach: {NO_DISPLAY}", file=sys.stderr)
        return 1
    from PySide6.QtGui import QGuiApplication

    QApplication.setApplicationName("backcoach")
    QApplication.setOrganizationName("backcoach")
    QGuiApplication.setDesktopFileName("backcoach")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = data_dir(getattr(args, "data_dir", None))
    from backcoach.storage import acquire_instance_lock, already_running_message

    try:
        lock = acquire_instance_lock(folder)
        running = lock is None
    except OSError:  # a folder that cannot be written: the history banner says so
        lock, running = None, False
    if running:
        from PySide6.QtWidgets import QMessageBox

        from backcoach.ui.single_instance import bring_forward

        message = already_running_message(folder)
        print(f"backcoach: {message}", file=sys.stderr)
        if bring_forward(folder):
            return 1
        QMessageBox.information(
            None,
            "backcoach is already running",
            f"{message}\n\nSwitch to that window; two windows would record the same "
            "history twice over.",
        )
        return 1
    cue_log = getattr(args, "cue_log", None)
    window = build_main_window(
        content,
        Settings.load(folder),
        folder,
        cue_log=Path(cue_log) if cue_log else None,
    )

    def after_first_paint() -> None:
        from PySide6.QtCore import Qt  # see backcoach.ui.props: kept off the first paint

        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closing ends the services
        if lock is not None:  # answer a second start
            from backcoach.ui.single_instance import listen

            listen(folder, window)

    window.first_painted.connect(after_first_paint)
    screen = window.screen().availableGeometry()
    if screen.width() < 1200 or screen.height() < 760:
        window.showMaximized()
    else:
        window.resize(min(1440, screen.width() * 9 // 10), min(900, screen.height() * 9 // 10))
        window.show()
    routine = getattr(args, "routine", None)
    if routine:  # ``backcoach start ROUTINE``: straight to that routine's set-up
        window.select_routine(routine)
        if args.context:
            window.select_context(args.context)
        if window.safety_banner.isHidden():  # a first start shows the safety note first
            window.start_button.click()
    try:
        return app.exec()
    finally:
        if lock is not None:
            lock.release()
