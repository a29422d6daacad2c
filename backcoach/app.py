"""The one place where services are built and wired to the window."""

from __future__ import annotations

import argparse
import sys


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window and run the Qt event loop."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    QMessageBox.information(None, "backcoach", "The window is on its way.")
    return 0 if app else 1
