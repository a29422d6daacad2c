"""Wiring: the window built by the app, the GUI entry point, and lazy Qt imports."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backcoach.app import WindowOptions, run_gui
from backcoach.content import load_content
from backcoach.paths import folders
from backcoach.settings import Settings
from backcoach.ui.checkin import PainCheckIn
from backcoach.ui.main_window import MainWindow
from backcoach.ui.session_setup import SessionSetup


def test_run_gui_opens_the_main_window_and_returns_the_loop_status(
    qapp: QApplication, data_dir: Path
) -> None:
    shown: list[MainWindow] = []

    def leave_loop() -> None:
        shown.extend(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow))
        qapp.exit(7)

    QTimer.singleShot(0, leave_loop)
    assert run_gui(load_content(), WindowOptions(folders(data_dir))) == 7
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
    assert run_gui(load_content(), WindowOptions(folders(data_dir))) == 0
    qtbot.waitUntil(lambda: gone == [True])


def ask_window(
    qapp: QApplication,
    qtbot: QtBot,
    folder: Path,
    argv: list[str],
    before: Callable[[MainWindow], None] = lambda window: None,
) -> list[str]:
    """Once the window listens, do ``before`` to it, run a second ``backcoach`` (a real
    process) and close the window; returns the second start's exit status, stdout and
    stderr, and the routine the window shows at the end."""
    outcome: list[str] = []

    def knock() -> None:
        try:
            window = next(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow))
            qtbot.waitUntil(lambda: not window.windowIcon().isNull())  # listening from here on
            before(window)
            second = subprocess.Popen(
                [sys.executable, "-m", "backcoach", "--data-dir", str(folder), *argv],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
            out, err = second.communicate()
            outcome.extend([str(second.returncode), out, err, window.routine_id()])
        finally:
            for w in (w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)):
                w.hide()
                w.deleteLater()
            qapp.exit(0)

    QTimer.singleShot(0, knock)
    assert run_gui(load_content(), WindowOptions(folders(folder))) == 0
    return outcome


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_open_window_answers_a_second_start(
    qapp: QApplication, qtbot: QtBot, data_dir: Path
) -> None:
    status, _out, err, _routine = ask_window(qapp, qtbot, data_dir, [])
    assert status == "1"
    assert "already running" in err and "brought to the front" in err


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_start_while_the_window_is_idle_switches_it_to_the_routine(
    qapp: QApplication, qtbot: QtBot, data_dir: Path
) -> None:
    status, out, _err, routine = ask_window(qapp, qtbot, data_dir, ["start", "strength-day"])
    assert status == "0"
    assert "Strength day" in out and routine == "strength-day"


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_start_while_a_session_runs_says_what_runs_and_changes_nothing(
    qapp: QApplication, qtbot: QtBot, data_dir: Path
) -> None:
    def run_a_session(window: MainWindow) -> None:
        window.select_routine("after-run")
        window.start_button.click()
        setup = window.findChild(SessionSetup)
        assert setup is not None
        setup.confirm()
        checkin = window.findChild(PainCheckIn)
        assert checkin is not None
        qtbot.keyClick(checkin, Qt.Key.Key_Escape)

    status, _out, err, routine = ask_window(
        qapp, qtbot, data_dir, ["start", "strength-day"], run_a_session
    )
    assert status == "1"
    assert "“After a run”" in err and "is running in the window" in err
    assert routine == "after-run"


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
    options = WindowOptions(folders(data_dir), routine="strength-day", context="after-run")
    assert run_gui(load_content(), options) == 0
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
    options = WindowOptions(folders(data_dir), routine="strength-day")
    assert run_gui(load_content(), options) == 0
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
        "'backcoach.services.runner', 'PySide6') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
