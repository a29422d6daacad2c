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
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backcoach.content import CONTEXT_LABELS, Content
from backcoach.paths import Folders
from backcoach.services.root import AppServices, Options

if TYPE_CHECKING:
    from backcoach.services.protocol import Handler
    from backcoach.ui.control_socket import ControlSocket
    from backcoach.ui.history_flow import HistoryFlow
    from backcoach.ui.main_window import MainWindow
    from backcoach.ui.session_controller import SessionController
    from backcoach.ui.session_flow import SessionFlow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WindowOptions:
    """What a start of the window asks for: its folders, a cue log, a routine to set up,
    the command that plays speech."""

    folders: Folders
    cue_log: Path | None = None
    routine: str | None = None
    context: str | None = None
    player: str | None = None


@dataclass(frozen=True)
class WindowApp:
    """The wired window and what it runs on (tests drive it through these)."""

    window: MainWindow
    services: AppServices
    flow: SessionFlow
    history: HistoryFlow


def build_main_window(
    services: AppServices,
    *,
    interval_ms: int | None = None,
    first_paint: Sequence[Callable[[WindowApp], None]] = (),
) -> WindowApp:
    """The window wired to ``services``, not yet shown; needs a QApplication to exist.

    ``interval_ms`` is how long each key position is shown (0 stops the automatic
    stepping; None keeps the default). Just after the window's first paint, each of
    ``first_paint`` runs, then the history file opens and what it has to tell shows.
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
    app = WindowApp(window, services, flow, history)
    flow.session_started.connect(lambda controller: serve_media_keys(app, controller))

    def after_first_paint() -> None:
        for step in first_paint:
            step(app)
        history.check_on_start()
        show_today(app)

    window.first_painted.connect(after_first_paint)

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
    return app


def show_today(app: WindowApp) -> None:
    """Show the today card once the safety note has been read (with routines to show), and
    give the set-up page its doses and reasons."""
    window = app.window
    if window.today_card is not None or not window.routine_id():
        return
    if not window.safety_banner.isHidden():
        window.safety_banner.dismissed.connect(lambda: show_today(app))
        return
    from backcoach.ui.today_card import TodayCard

    card = TodayCard(window, app.services)
    window.show_today(card, card.focus_chain())

    def advise(routine: str, context: str) -> None:
        if (routine, context) == (window.routine_id(), window.context()) and not app.flow.running:
            app.flow.setup.advise(card.advice)

    window.start_requested.connect(advise)  # after the flow's: the set-up page shows by then


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


def show_error(app: WindowApp, text: str) -> None:
    """Show an unexpected error where the user is looking: on the session screen while a
    session runs, else as a notice on the window."""
    title = "Something went wrong"
    if app.flow.running:
        app.flow.view.set_notice("error", title, text)
    else:
        app.window.show_notice(title, text, kind="warning")


def raise_window(window: MainWindow) -> None:
    """Bring ``window`` to the front, restored if it was minimised."""
    from PySide6.QtCore import Qt

    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def serve_media_keys(app: WindowApp, controller: SessionController) -> None:
    """Put the session ``controller`` runs on the session bus (MPRIS) until it finishes;
    without a bus (logged) the session runs as usual."""
    from backcoach.services.bus import BusError
    from backcoach.services.mpris import MprisPlayer
    from backcoach.ui.control_socket import MprisSocket

    runner = controller.runner
    try:
        player = MprisPlayer.start(
            runner.session,
            controller,
            speed=runner.speed,
            raise_window=lambda: raise_window(app.window),
        )
    except BusError as exc:
        log.info("No media keys for this session: %s", exc)
        return
    bus = MprisSocket(player, controller)
    controller.state_changed.connect(bus.refresh)
    controller.finished.connect(bus.close)
    app.window.destroyed.connect(bus.close)


def control_handler(app: WindowApp) -> Handler:
    """What the open window answers on the local protocol: raise, open, status, control."""
    from backcoach.services.control import control_reply, status_reply
    from backcoach.services.protocol import dispatch

    content = app.services.content

    def raise_(_request: dict[str, Any]) -> dict[str, Any]:
        raise_window(app.window)
        return {}

    def status(_request: dict[str, Any]) -> dict[str, Any]:
        return status_reply("window", app.flow.active, app.flow.running, content)

    def open_(request: dict[str, Any]) -> dict[str, Any]:
        routine = request.get("routine")
        context = request.get("context")
        if not isinstance(routine, str) or routine not in content.routines:
            return {"ok": False, "error": f"there is no routine {routine!r} here."}
        if context is not None and context not in CONTEXT_LABELS:
            return {"ok": False, "error": f"there is no context {context!r}."}
        if app.flow.running:
            return {"ok": False, "error": f"{status(request)['text']} Finish or end it first."}
        open_routine(app, routine, context)
        raise_window(app.window)
        return {"routine": routine, "name": content.routines[routine].name}

    def control(request: dict[str, Any]) -> dict[str, Any]:
        controller = app.flow.controller if app.flow.running else None
        session = controller.runner.session if controller is not None else None
        return control_reply(request, session, controller)

    return dispatch({"raise": raise_, "status": status, "open": open_, "control": control})


X11_SOCKETS = Path("/tmp/.X11-unix")
"""Where a local X server listens: the socket ``X<n>`` for the display ``:n``."""
CONNECT_TIMEOUT = 2.0
"""Seconds to wait for a display on another host to answer."""
NO_DISPLAY = "no display to open a window on (DISPLAY/WAYLAND_DISPLAY not set)"


def display_problem() -> str | None:
    """Why Qt could not open a window here, or None when it can (as far as can be told).

    Checked only for Qt's X11 and Wayland platforms ($QT_QPA_PLATFORM unset, or xcb or
    wayland), before Qt starts, since Qt aborts the process without a display: a display
    must be named, and something must listen on its socket (connecting is enough; nothing
    is sent).
    """
    if sys.platform in ("win32", "darwin"):
        return None
    platforms = os.environ.get("QT_QPA_PLATFORM", "").split(";")
    chosen = {p.split(":")[0].strip() for p in platforms} - {""}
    if any(not name.startswith(("xcb", "wayland")) for name in chosen):
        return None
    checks: list[str | None] = []
    x11 = os.environ.get("DISPLAY", "")
    if x11 and (not chosen or "xcb" in chosen):
        checks.append(_x11_problem(x11))
    wayland = os.environ.get("WAYLAND_DISPLAY", "")
    if any(name.startswith("wayland") for name in chosen):
        checks.append(_wayland_problem(wayland or "wayland-0"))  # the Wayland library's default
    elif wayland and not chosen:
        checks.append(_wayland_problem(wayland))
    if not checks:
        return NO_DISPLAY
    problems = [why for why in checks if why is not None]
    return "; ".join(problems) if len(problems) == len(checks) else None


def _x11_problem(display: str) -> str | None:
    """Why no X server answers on ``display`` (such as ":0" or "localhost:10.0"), or None.

    A form this check does not know (a socket path, DECnet) counts as answering.
    """
    where, colon, screen = display.rpartition(":")
    number = screen.split(".")[0]
    protocol, _, host = where.rpartition("/")
    known = protocol in ("", "unix", "tcp", "inet", "inet6") and not where.endswith(":")
    if not (colon and number.isdigit() and known) or display.startswith("/"):
        return None
    if protocol == "unix" or (not protocol and host in ("", "unix")):
        path = X11_SOCKETS / f"X{number}"
        abstract = [f"\0{path}"] if sys.platform.startswith("linux") else []
        if any(_unix_listens(address) for address in [*abstract, str(path)]):
            return None
        return f"the display {display} cannot be reached (no X server listens on {path})"
    import socket  # only here and in _unix_listens: it costs start-up 3 ms

    host, port = host.strip("[]") or "localhost", 6000 + int(number)
    try:
        socket.create_connection((host, port), CONNECT_TIMEOUT).close()
    except OSError:
        return f"the display {display} cannot be reached (nothing answers on {host} port {port})"
    return None


def _wayland_problem(name: str) -> str | None:
    """Why no Wayland compositor answers on ``name`` (a socket in $XDG_RUNTIME_DIR, or a
    path), or None."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if not os.path.isabs(name) and not runtime:
        return f"the Wayland display {name} cannot be reached (XDG_RUNTIME_DIR is not set)"
    path = Path(runtime, name)
    if _unix_listens(str(path)):
        return None
    return f"the Wayland display {name} cannot be reached (nothing listens on {path})"


def _unix_listens(address: str) -> bool:
    """Whether something accepts connections on the local socket ``address``."""
    import socket

    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(address)
    except OSError:
        return False
    return True


def run_gui(content: Content, options: WindowOptions) -> int:
    """Open the main window and run the Qt event loop (in the QApplication if one exists).

    ``content`` is what the command line loaded (bundled and the user's own). The
    instance lock is decided before any window is built: a second start asks the
    running instance, over the local protocol, to come forward or to open the routine.
    The local server opens just after the first paint, and from then on closing the
    window deletes it (which ends its services).
    """
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None and (problem := display_problem()):
        print(
            f"backcoach: the window cannot open: {problem}; "
            "the terminal commands still work (backcoach --help)",
            file=sys.stderr,
        )
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
        Options(folder, cue_log=options.cue_log, player=options.player, window=True),
    )
    sockets: list[ControlSocket] = []
    watching = ExitStack()
    ended: list[bool] = []

    def after_first_paint(app: WindowApp) -> None:
        """Watch for errors, delete the window when it closes, answer a second start."""
        from PySide6.QtCore import Qt  # see backcoach.ui.props: kept off the first paint

        from backcoach.logs import watching_errors
        from backcoach.services.protocol import ProtocolError, socket_path
        from backcoach.ui.control_socket import ControlSocket
        from backcoach.ui.errors import ErrorNotice

        if ended:  # the loop ended before the first paint
            return
        notice = ErrorNotice(app.window, lambda text: show_error(app, text))
        watching.enter_context(watching_errors(options.folders.logs, notice.show))
        app.window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # closing ends services
        if lock is None:  # the data folder cannot be written: no second start to answer
            return
        try:
            control = ControlSocket(socket_path(folder), control_handler(app))
            control.start()
        except (OSError, ProtocolError) as exc:
            log.warning("A second start cannot reach this window: %s", exc)
            return
        sockets.append(control)

    app = build_main_window(services, first_paint=[after_first_paint])
    window = app.window
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
        ended.append(True)
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
