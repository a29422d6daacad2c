"""The window front end: builds the window on the app's services and runs it.

The services themselves come from the one composition root,
:class:`~backcoach.services.root.AppServices`, which the terminal front end
uses too. Qt and the widgets are imported inside the functions, so the
terminal commands never pay for them.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backcoach.content import CONTEXT_LABELS, Content
from backcoach.paths import Folders
from backcoach.services.root import AppServices, Options

if TYPE_CHECKING:
    from backcoach.ui.control_socket import ControlSocket
    from backcoach.ui.history_flow import HistoryFlow
    from backcoach.ui.main_window import MainWindow
    from backcoach.ui.session_flow import SessionFlow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WindowOptions:
    """What a start of the window asks for: its folders, a cue log, a routine to set up."""

    folders: Folders
    cue_log: Path | None = None
    routine: str | None = None
    context: str | None = None


@dataclass(frozen=True)
class WindowApp:
    """The wired window and what it runs on (tests drive it through these)."""

    window: MainWindow
    services: AppServices
    flow: SessionFlow
    history: HistoryFlow


def build_main_window(services: AppServices, *, interval_ms: int | None = None) -> WindowApp:
    """The window wired to ``services``, not yet shown; needs a QApplication to exist.

    ``interval_ms`` is how long each key position is shown (0 stops the automatic
    stepping; None keeps the default). Opening the history file, and what it has to
    tell, waits until just after the window's first paint.
    """
    import backcoach.resources_rc  # noqa: F401  (registers the ":/…" illustrations and icon)
    from backcoach.ui.history_flow import HistoryFlow
    from backcoach.ui.illustration import STEP_INTERVAL_MS
    from backcoach.ui.main_window import MainWindow
    from backcoach.ui.session_flow import SessionFlow

    window = MainWindow(
        services.content,
        services.settings,
        services.save_settings,
        interval_ms=STEP_INTERVAL_MS if interval_ms is None else interval_ms,
    )
    if services.options.cue_log is not None:
        from backcoach.voice import CueLogError

        try:
            services.open_cue_log()
        except CueLogError as exc:
            window.show_notice("No cue log this time", str(exc), kind="warning")
    flow = SessionFlow(
        services,
        window.show_screen,
        lambda title, text: window.show_notice(title, text, kind="warning"),
        parent=window,
    )
    history = HistoryFlow(window, services, flow)
    window.start_requested.connect(flow.open_setup)
    window.first_painted.connect(history.check_on_start)

    def closed() -> None:
        for text in services.close():
            print(f"backcoach: {text}", file=sys.stderr)

    window.destroyed.connect(closed)

    def open_voice_settings() -> None:
        from PySide6.QtCore import Qt

        from backcoach.ui.voice_settings import VoiceSettingsDialog

        dialog = VoiceSettingsDialog(
            services.settings, services.save_settings, services.say_sample, parent=window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    window.voice_action.triggered.connect(open_voice_settings)
    return WindowApp(window, services, flow, history)


def open_routine(app: WindowApp, routine: str, context: str | None) -> None:
    """Show ``routine`` (in ``context``, else its own) and, once the safety note has been
    read, its set-up page; a first start shows the safety note first."""
    window = app.window
    app.flow.go_home()
    if window.screens.currentWidget() is not window.home:
        window.show_screen(None)
    window.select_routine(routine)
    if context:
        window.select_context(context)
    if window.safety_banner.isHidden():
        window.start_button.click()


def raise_window(window: MainWindow) -> None:
    """Bring ``window`` to the front, restored if it was minimised."""
    from PySide6.QtCore import Qt

    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def control_handler(app: WindowApp) -> Any:
    """What the open window answers on the local protocol: raise, open, status."""
    from backcoach.services.control import status_reply

    def handle(request: dict[str, Any]) -> dict[str, Any]:
        command = request["cmd"]
        content = app.services.content
        if command == "raise":
            raise_window(app.window)
            return {}
        if command == "status":
            return status_reply("window", app.flow.active, app.flow.running, content)
        if command == "open":
            routine = request.get("routine")
            context = request.get("context")
            if routine not in content.routines:
                return {"ok": False, "error": f"there is no routine {routine!r} here."}
            if context is not None and context not in CONTEXT_LABELS:
                return {"ok": False, "error": f"there is no context {context!r}."}
            if app.flow.running:
                reply = status_reply("window", app.flow.active, True, content)
                return {"ok": False, "error": f"{reply['text']} Finish or end it first."}
            open_routine(app, routine, context)
            raise_window(app.window)
            return {"routine": routine, "name": content.routines[routine].name}
        return {"ok": False, "error": f"the window does not take {command!r}."}

    return handle


NO_DISPLAY = (
    "no display to open the window on; set DISPLAY, or use the terminal commands (backcoach --help)"
)


def display_missing() -> bool:
    """True where Qt would abort for want of a display: an X11 or Wayland system
    with neither $DISPLAY nor $WAYLAND_DISPLAY, and no $QT_QPA_PLATFORM chosen."""
    if sys.platform in ("win32", "darwin"):
        return False
    return not any(os.environ.get(v) for v in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"))


def run_gui(content: Content, options: WindowOptions) -> int:
    """Open the main window and run the Qt event loop (in the QApplication if one exists).

    ``content`` is what the command line loaded (bundled and the user's own). The
    instance lock is decided before any window is built: a second start asks the
    running instance, over the local protocol, to come forward or to open the routine.
    The local server opens just after the first paint, and from then on closing the
    window deletes it (which ends its services).
    """
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None and display_missing():
        print(f"backcoach: {NO_DISPLAY}", file=sys.stderr)
        return 1
    from PySide6.QtGui import QGuiApplication

    QApplication.setApplicationName("backcoach")
    QApplication.setOrganizationName("backcoach")
    QGuiApplication.setDesktopFileName("backcoach")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    folder = options.folders.data
    from backcoach.storage import acquire_instance_lock

    try:
        lock = acquire_instance_lock(folder)
        running = lock is None
    except OSError:  # a folder that cannot be written: the history banner says so
        lock, running = None, False
    if running:
        return second_start(folder, options)
    services = AppServices(
        content,
        Options(folder, cue_log=options.cue_log, window=True),
    )
    app = build_main_window(services)
    window = app.window
    sockets: list[ControlSocket] = []
    watching = ExitStack()

    def after_first_paint() -> None:
        from PySide6.QtCore import Qt  # see backcoach.ui.props: kept off the first paint

        from backcoach.logs import watching_errors
        from backcoach.ui.errors import ErrorNotice

        notice = ErrorNotice(window)
        watching.enter_context(watching_errors(options.folders.logs, notice.show))
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closing ends the services
        if lock is not None:  # answer a second start
            from backcoach.services.protocol import ProtocolError, socket_path
            from backcoach.ui.control_socket import ControlSocket

            control = ControlSocket(socket_path(folder), control_handler(app))
            try:
                control.start()
            except (OSError, ProtocolError) as exc:
                log.warning("A second start cannot reach this window: %s", exc)
                return
            sockets.append(control)

    window.first_painted.connect(after_first_paint)
    screen = window.screen().availableGeometry()
    if screen.width() < 1200 or screen.height() < 760:
        window.showMaximized()
    else:
        window.resize(min(1440, screen.width() * 9 // 10), min(900, screen.height() * 9 // 10))
        window.show()
    if options.routine:  # ``backcoach start ROUTINE``: straight to that routine's set-up
        open_routine(app, options.routine, options.context)
    try:
        return qapp.exec()
    finally:
        watching.close()
        for control in sockets:
            control.close()
        if lock is not None:
            lock.release()


def second_start(folder: Path, options: WindowOptions) -> int:
    """Another backcoach holds ``folder``: ask it to open the routine, or to come forward.

    Opening a routine in an idle window exits 0; anything else exits 1, saying why.
    """
    from backcoach.services.protocol import NoInstance, ProtocolError, request
    from backcoach.storage import already_running_message

    message = already_running_message(folder)
    try:
        if options.routine:
            reply = request(folder, "open", routine=options.routine, context=options.context)
        else:
            reply = request(folder, "raise")
    except NoInstance:
        reply = None
    except ProtocolError as exc:
        reply = {"ok": False, "error": str(exc)}
    if reply is None:
        from PySide6.QtWidgets import QMessageBox

        print(f"backcoach: {message}", file=sys.stderr)
        QMessageBox.information(
            None,
            "backcoach is already running",
            f"{message}\n\nSwitch to that window; two windows would record the same "
            "history twice over.",
        )
        return 1
    if not reply.get("ok"):
        print(f"backcoach: {message} {reply.get('error', '')}".rstrip(), file=sys.stderr)
        return 1
    if options.routine:
        print(f"backcoach: the open window now shows “{reply.get('name', options.routine)}”.")
        return 0
    print(f"backcoach: {message} Its window was brought to the front.", file=sys.stderr)
    return 1
