"""Unexpected errors are logged and shown once; logs and caches follow the data folder."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from backcoach.app import show_error
from backcoach.content import load_content
from backcoach.logs import LOG_NAME, watching_errors
from backcoach.paths import ENV_VAR, folders
from backcoach.ui.errors import ErrorNotice
from backcoach.ui.widgets import Banner
from tests.helpers.app import App


def fail_in_a_thread(message: str) -> None:
    def boom() -> None:
        raise RuntimeError(message)

    worker = threading.Thread(target=boom, name="backcoach-test-worker")
    worker.start()
    worker.join()


def test_an_error_in_a_thread_is_logged_and_shown_once_per_place(tmp_path: Path) -> None:
    shown: list[str] = []
    logs = tmp_path / "logs"
    hooks = (sys.excepthook, threading.excepthook)
    with watching_errors(logs, shown.append) as reporter:
        fail_in_a_thread("the disk went away")
        fail_in_a_thread("the disk went away again")  # same place: logged, not shown again
        assert reporter.log_path == logs / LOG_NAME
    assert (sys.excepthook, threading.excepthook) == hooks  # put back on leaving
    [text] = shown
    assert "RuntimeError: the disk went away" in text and str(logs / LOG_NAME) in text
    logged = (logs / LOG_NAME).read_text(encoding="utf-8")
    assert logged.count("Traceback") == 2 and "backcoach-test-worker" in logged
    assert "the disk went away again" in logged
    assert (logs / LOG_NAME).stat().st_mode & 0o777 == 0o600


def test_an_uncaught_error_on_the_main_thread_goes_through_the_hook(tmp_path: Path) -> None:
    shown: list[str] = []
    with watching_errors(tmp_path, shown.append):
        try:
            raise KeyError("resume")
        except KeyError:
            sys.excepthook(*sys.exc_info())  # what the interpreter and PySide call
    assert len(shown) == 1 and "KeyError" in shown[0]


def test_without_a_writable_log_folder_the_error_is_still_shown(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    shown: list[str] = []
    with watching_errors(blocked / "logs", shown.append) as reporter:
        fail_in_a_thread("no log")
    assert reporter.log_path is None
    assert len(shown) == 1 and "no log file could be written" in shown[0]


def test_log_records_reach_the_file_only_while_watching(tmp_path: Path) -> None:
    log = logging.getLogger("backcoach.test")
    with watching_errors(tmp_path, lambda text: None):
        log.warning("inside")
    log.warning("outside")
    text = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert "inside" in text and "outside" not in text


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_error_in_a_qt_slot_is_shown_on_the_window_and_the_app_goes_on(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    app = App(qtbot, load_content(), data_dir)
    notice = ErrorNotice(app.window, lambda text: show_error(app.wired, text))

    def broken_slot() -> None:
        raise ValueError("a slot broke")

    def shown() -> list[Banner]:
        return [
            b
            for b in app.window.findChildren(Banner)
            if b.isVisible() and b.title.text() == "Something went wrong"
        ]

    with watching_errors(tmp_path, notice.show):
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: bool(shown()))
    [banner] = shown()
    assert "ValueError: a slot broke" in banner.text.text()
    assert str(tmp_path / LOG_NAME) in banner.text.text()
    app.window.select_routine("strength-day")  # the window still works
    assert app.window.routine_id() == "strength-day"


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_error_during_a_session_is_shown_on_the_session_screen(
    qtbot: QtBot, data_dir: Path, tmp_path: Path
) -> None:
    app = App(qtbot, load_content(), data_dir)
    app.confirm_setup()
    qtbot.keyClick(app.checkin(), Qt.Key.Key_Escape)
    assert app.flow.running
    notice = ErrorNotice(app.window, lambda text: show_error(app.wired, text))
    with watching_errors(tmp_path, notice.show):
        fail_in_a_thread("the voice thread broke")
        qtbot.waitUntil(lambda: "the voice thread broke" in app.flow.view.notice("error"))
    assert app.flow.running  # the session goes on


def test_a_named_data_folder_holds_the_logs_and_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = folders(tmp_path / "mine")
    assert (named.data, named.cache, named.logs) == (
        tmp_path / "mine",
        tmp_path / "mine" / "cache",
        tmp_path / "mine" / "logs",
    )
    assert named.content_cache is None  # a cache never creates the data folder
    (tmp_path / "mine").mkdir()
    assert named.content_cache == tmp_path / "mine" / "cache" / "content.json"
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    default = folders()
    assert default.cache == tmp_path / "xdg-cache" / "backcoach"
    assert default.logs.is_relative_to(tmp_path / "xdg-state")


def test_a_data_folder_the_log_is_first_to_need_is_made_user_only(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    with watching_errors(data / "logs", lambda text: None):
        pass
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / "logs").stat().st_mode & 0o777 == 0o700
