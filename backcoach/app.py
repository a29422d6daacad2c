"""The one place where services are built and wired to the window.

Qt and the widgets are imported inside the functions, so the terminal
commands never pay for them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from backcoach.content import CONTEXT_LABELS, Content, load_content
from backcoach.paths import data_dir
from backcoach.settings import Settings

if TYPE_CHECKING:
    from backcoach.ui.main_window import MainWindow


def build_main_window(
    content: Content,
    settings: Settings,
    folder: Path,
    *,
    interval_ms: int | None = None,
) -> MainWindow:
    """The wired main window, not yet shown; needs a QApplication to exist.

    Settings are saved in ``folder``. ``interval_ms`` is how long each key
    position is shown (0 stops the automatic stepping; None keeps the default).
    """
    import backcoach.resources_rc  # noqa: F401  (registers the ":/…" illustrations and icon)
    from backcoach.ui.illustration import STEP_INTERVAL_MS
    from backcoach.ui.main_window import MainWindow

    window = MainWindow(
        content,
        settings,
        lambda s: s.save(folder),
        interval_ms=STEP_INTERVAL_MS if interval_ms is None else interval_ms,
    )

    def session_coming(routine_id: str, context: str) -> None:
        name = content.routines[routine_id].name
        window.show_notice(
            "The guided session is on its way",
            f"Spoken, timed coaching for “{name}” ({CONTEXT_LABELS[context].lower()}) "
            "arrives in the next version. Until then, follow the steps and doses shown "
            "here at your own pace.",
        )

    window.start_requested.connect(session_coming)
    return window


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window and run the Qt event loop."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    QApplication.setApplicationName("backcoach")
    QApplication.setOrganizationName("backcoach")
    QGuiApplication.setDesktopFileName("backcoach")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = data_dir(getattr(args, "data_dir", None))
    window = build_main_window(load_content(), Settings.load(folder), folder)
    screen = window.screen().availableGeometry()
    if screen.width() < 1200 or screen.height() < 760:
        window.showMaximized()
    else:
        window.resize(min(1440, screen.width() * 9 // 10), min(900, screen.height() * 9 // 10))
        window.show()
    return app.exec()
