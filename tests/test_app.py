"""Wiring: the window built by the app, the GUI entry point, and lazy Qt imports."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backcoach.app import build_main_window, run_gui
from backcoach.content import load_content
from backcoach.settings import Settings
from backcoach.ui.main_window import Banner, MainWindow


def test_start_says_the_session_is_coming_without_crashing(qtbot: QtBot, data_dir: Path) -> None:
    window = build_main_window(load_content(), Settings(), data_dir, interval_ms=0)
    qtbot.addWidget(window)
    window.show()
    window.select_routine("before-run")
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    notices = [b for b in window.findChildren(Banner) if "on its way" in b.title.text()]
    assert len(notices) == 1
    assert "Before a run" in notices[0].text.text()
    assert notices[0].isVisible()


def test_run_gui_opens_the_main_window_and_returns_the_loop_status(
    qapp: QApplication, data_dir: Path
) -> None:
    shown: list[MainWindow] = []

    def leave_loop() -> None:
        shown.extend(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow))
        qapp.exit(7)

    QTimer.singleShot(0, leave_loop)
    assert run_gui(argparse.Namespace(data_dir=str(data_dir))) == 7
    assert [(w.windowTitle(), w.isVisible()) for w in shown] == [("backcoach", True)]
    assert qapp.applicationName() == "backcoach"
    assert qapp.desktopFileName() == "backcoach"
    for w in shown:
        w.hide()
        w.deleteLater()


def test_terminal_commands_do_not_load_qt() -> None:
    code = "import sys, backcoach.cli, backcoach.app; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
