"""Wiring: the window built by the app, the GUI entry point, and lazy Qt imports."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backcoach.app import run_gui
from backcoach.content import load_content
from backcoach.settings import Settings
from backcoach.ui.main_window import MainWindow
from backcoach.ui.session_setup import SessionSetup
from backcoach.ui.single_instance import bring_forward


def test_run_gui_opens_the_main_window_and_returns_the_loop_status(
    qapp: QApplication, data_dir: Path
) -> None:
    shown: list[MainWindow] = []

    def leave_loop() -> None:
        shown.extend(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow))
        qapp.exit(7)

    QTimer.singleShot(0, leave_loop)
    assert run_gui(argparse.Namespace(data_dir=str(data_dir)), load_content()) == 7
    assert [(w.windowTitle(), w.isVisible()) for w in shown] == [("backcoach", True)]
    assert qapp.applicationName() == "backcoach"
    assert qapp.desktopFileName() == "backcoach"
    for w in shown:
        w.hide()
        w.deleteLater()


def test_closing_the_window_after_its_first_paint_deletes_it(
    qapp: QApplication, qtbot: QtBot, data_dir: Path
) -> None:
    gone: list[bool] = []

    def close_after_first_paint() -> None:
        window = next(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow))
        window.destroyed.connect(lambda: gone.append(True))
        qtbot.waitUntil(lambda: not window.windowIcon().isNull())  # first_painted has run
        window.close()

    QTimer.singleShot(0, close_after_first_paint)
    assert run_gui(argparse.Namespace(data_dir=str(data_dir)), load_content()) == 0
    qtbot.waitUntil(lambda: gone == [True])


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_open_window_answers_a_second_start(
    qapp: QApplication, qtbot: QtBot, data_dir: Path
) -> None:
    answered: list[bool] = []

    def knock() -> None:
        try:
            qtbot.waitUntil(lambda: bring_forward(data_dir))
            answered.append(True)
        finally:
            for window in (w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)):
                window.hide()
                window.deleteLater()
            qapp.exit(0)

    QTimer.singleShot(0, knock)
    assert run_gui(argparse.Namespace(data_dir=str(data_dir)), load_content()) == 0
    assert answered == [True]


def test_start_without_no_window_opens_the_routine_set_up(
    qapp: QApplication, data_dir: Path
) -> None:
    assert Settings(safety_note_seen=True).save(data_dir) is None
    seen: list[tuple[str, str]] = []

    def leave_loop() -> None:
        for window in (w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)):
            page = window.screens.currentWidget()
            if isinstance(page, SessionSetup):
                seen.append((page.title.text(), page.subtitle.text()))
            window.hide()
            window.deleteLater()
        qapp.exit(0)

    QTimer.singleShot(0, leave_loop)
    args = argparse.Namespace(
        data_dir=str(data_dir), routine="strength-day", context="after-run", cue_log=None
    )
    assert run_gui(args, load_content()) == 0
    assert len(seen) == 1
    assert seen[0][0] == "Strength day"
    assert seen[0][1].startswith("Doses for: after a run.")


def test_start_on_a_first_run_shows_the_safety_note_before_the_set_up(
    qapp: QApplication, data_dir: Path
) -> None:
    seen: list[tuple[str, bool, bool]] = []

    def leave_loop() -> None:
        for window in (w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)):
            seen.append(
                (
                    window.routine_id(),
                    window.screens.currentWidget() is window.home,
                    window.safety_banner.isVisible(),
                )
            )
            window.hide()
            window.deleteLater()
        qapp.exit(0)

    QTimer.singleShot(0, leave_loop)
    args = argparse.Namespace(
        data_dir=str(data_dir), routine="strength-day", context=None, cue_log=None
    )
    assert run_gui(args, load_content()) == 0
    assert seen == [("strength-day", True, True)]


def test_terminal_commands_do_not_load_qt() -> None:
    code = "import sys, backcoach.cli, backcoach.app; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_command_line_loads_neither_storage_nor_voice_until_a_command_runs() -> None:
    code = (
        "import sys; from backcoach import cli; from backcoach.content import load_content; "
        "cli.build_parser(load_content()).parse_args(['history']); "
        "print(sorted(m for m in ('sqlite3', 'backcoach.storage', 'backcoach.voice', "
        "'backcoach.runner', 'PySide6') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
