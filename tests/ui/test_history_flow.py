"""History in the window: the History page, pain check-ins around a session, and what
opening the history file tells (repaired, too new, a session left unfinished)."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from backcoach.app import WindowOptions, run_gui
from backcoach.content import Content, load_content
from backcoach.core.advice import SAFETY_NOTE
from backcoach.core.records import SetRecord
from backcoach.paths import folders
from backcoach.services.root import AppServices, Options
from backcoach.storage import HistoryStore, acquire_instance_lock, db
from backcoach.storage.export import read_json
from backcoach.storage.importer import import_records
from backcoach.ui.checkin import PainCheckIn
from backcoach.ui.main_window import MainWindow
from backcoach.ui.widgets import Banner
from tests.helpers.app import App
from tests.helpers.clock import FakeClock
from tests.storage.seed import everything, frozen, listed

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture
def app(qtbot: QtBot, content: Content, data_dir: Path) -> App:
    return App(qtbot, content, data_dir)


def test_ctrl_h_and_the_button_open_and_leave_the_history_page(qtbot: QtBot, app: App) -> None:
    qtbot.keyClick(app.window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    view = app.history.view
    assert view is not None and app.current() is view
    assert view.pages.currentWidget() is view.empty_page
    qtbot.keyClick(app.window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert app.current() is app.window.home
    qtbot.mouseClick(app.window.history_button, Qt.MouseButton.LeftButton)
    assert app.current() is view
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    assert app.current() is app.window.home


def test_going_to_history_and_back_does_not_build_the_session_screen(
    qtbot: QtBot, app: App
) -> None:
    """Building it costs about 26 ms, paid by the first History opening for nothing."""
    from backcoach.ui.session_view import SessionView

    def screens() -> set[int]:
        return {id(w) for w in QApplication.allWidgets() if isinstance(w, SessionView)}

    before = screens()
    qtbot.keyClick(app.window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(app.window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert app.current() is app.window.home
    assert screens() <= before


def test_pain_before_and_after_is_stored_and_a_rise_suggests_easing_off(
    qtbot: QtBot, app: App
) -> None:
    app.confirm_setup()
    before = app.checkin()
    assert before.moment == "before" and app.flow.controller is None
    qtbot.keyClick(before, Qt.Key.Key_3)
    before.note.setText("tight after the long run")
    qtbot.keyClick(before, Qt.Key.Key_Return)
    assert app.current() is app.flow.view and app.flow.running
    app.end_session()
    after = app.checkin()
    assert after.moment == "after"
    qtbot.mouseClick(after.rating_buttons[6], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(after.save_button, Qt.MouseButton.LeftButton)
    assert app.current() is app.flow.view and app.flow.view.showing_summary()
    assert app.flow.checkin is None
    advice = app.flow.advice
    assert advice is not None and advice.isVisible()
    assert advice.title.text() == "Ease off next time"
    assert "shorter holds" in advice.text.text() and SAFETY_NOTE in advice.text.text()
    with HistoryStore(app.folder) as store:
        [session] = everything(store)
    assert [(p.moment, p.rating, p.note) for p in session.pain] == [
        ("before", 3, "tight after the long run"),
        ("after", 6, ""),
    ]


def test_skipping_both_check_ins_takes_one_key_each_and_stores_no_pain(
    qtbot: QtBot, app: App
) -> None:
    app.confirm_setup()
    qtbot.keyClick(app.checkin(), Qt.Key.Key_Escape)
    assert app.flow.running
    app.end_session()
    qtbot.keyClick(app.checkin(), Qt.Key.Key_S)
    assert app.flow.view.showing_summary() and app.flow.advice is None
    with HistoryStore(app.folder) as store:
        [session] = everything(store)
    assert session.pain == ()


def test_no_easing_off_when_pain_went_down(qtbot: QtBot, app: App) -> None:
    app.confirm_setup()
    qtbot.keyClick(app.checkin(), Qt.Key.Key_5)
    qtbot.keyClick(app.checkin(), Qt.Key.Key_Return)
    app.end_session()
    qtbot.keyClick(app.checkin(), Qt.Key.Key_2)
    qtbot.keyClick(app.checkin(), Qt.Key.Key_Return)
    advice = app.flow.advice
    assert advice is not None and advice.title.text() == "Your back eased"
    assert SAFETY_NOTE not in advice.text.text()


def leave_unfinished(folder: Path) -> str:
    """A before-run session with its first low-lunge hold done, never finished."""
    store = HistoryStore(folder)
    start = time.time() - 3600
    sid = store.start_session("before-run", "before-run", start)
    store.record_pain("before", 4, "", sid, recorded_at=start)
    store.record_set(SetRecord("low-lunge", "left", 1, None, 20.0, None, None, start, start + 20))
    store.close()
    return sid


def offered(qtbot: QtBot, app: App) -> Banner:
    """The banner offering to resume the unfinished session, once it shows."""
    qtbot.waitUntil(lambda: app.history.interrupted_banner is not None)
    banner = app.history.interrupted_banner
    assert banner is not None and banner.isVisible()
    return banner


def test_an_unfinished_session_can_be_kept_as_partial(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    sid = leave_unfinished(data_dir)
    app = App(qtbot, content, data_dir)
    banner = offered(qtbot, app)
    assert "stopped after 1 set" in banner.text.text() and "Before a run" in banner.text.text()
    qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    assert app.history.interrupted_banner is None
    with HistoryStore(data_dir) as store:
        detail = store.session_detail(sid)
        assert detail is not None and detail.status == "partial"
        assert store.interrupted_sessions() == []


def test_an_unfinished_session_resumes_where_it_stopped(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    sid = leave_unfinished(data_dir)
    app = App(qtbot, content, data_dir)
    resume = offered(qtbot, app).findChild(QPushButton, "resumeButton")
    assert resume is not None and resume.isEnabled()
    qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    assert app.current() is app.flow.setup
    qtbot.mouseClick(app.flow.setup.start_button, Qt.MouseButton.LeftButton)
    assert app.flow.checkin is None  # asked before the first part already
    controller = app.flow.controller
    assert controller is not None and controller.runner.history_id == sid
    keys = {p.key for p in controller.runner.session.plan.work_phases}
    assert ("low-lunge", "left", 1) not in keys and ("low-lunge", "right", 1) in keys
    app.end_session()
    qtbot.keyClick(app.checkin(), Qt.Key.Key_7)
    qtbot.keyClick(app.checkin(), Qt.Key.Key_Return)
    assert app.flow.advice is not None  # 4 before, 7 after
    assert app.flow.advice.title.text() == "Ease off next time"
    with HistoryStore(data_dir) as store:
        assert len(listed(store)) == 1
        detail = store.session_detail(sid)
        assert detail is not None and detail.status == "ended-early"


def shown_banners(window: MainWindow) -> list[Banner]:
    return [b for b in window.findChildren(Banner) if b.isVisible()]


def test_a_repaired_history_file_is_announced(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    data_dir.mkdir()
    (data_dir / db.FILE_NAME).write_bytes(b"not a database " * 300)
    app = App(qtbot, content, data_dir)
    qtbot.waitUntil(lambda: any("moved to" in b.text.text() for b in shown_banners(app.window)))
    [banner] = [b for b in shown_banners(app.window) if "moved to" in b.text.text()]
    assert banner.title.text() == "The damaged history file was moved aside; history starts afresh"
    assert list(data_dir.glob("history.damaged-*.sqlite3"))


def test_a_too_new_history_file_is_refused_with_a_banner_and_the_app_runs(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    HistoryStore(data_dir).close()
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    conn.execute(f"PRAGMA user_version = {db.LATEST_VERSION + 1}")
    conn.close()
    app = App(qtbot, content, data_dir)

    def refused() -> list[Banner]:
        return [b for b in shown_banners(app.window) if b.title.text() == "History cannot be used"]

    qtbot.waitUntil(lambda: bool(refused()))
    assert "newer backcoach" in refused()[0].text.text()
    qtbot.mouseClick(app.window.history_button, Qt.MouseButton.LeftButton)
    view = app.history.view
    assert view is not None and "newer backcoach" in view.empty_state.text()


def test_a_second_instance_says_backcoach_is_running_and_opens_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder's lock is held by something that does not answer on the socket."""
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.information",
        lambda parent, title, text: told.append((title, text)),
    )
    lock = acquire_instance_lock(data_dir)
    assert lock is not None
    try:
        assert run_gui(load_content(), WindowOptions(folders())) == 1
    finally:
        lock.release()
    [(title, text)] = told
    assert title == "backcoach is already running"
    assert f"process {os.getpid()}" in text and str(data_dir) in text
    assert capsys.readouterr().err.startswith("backcoach: backcoach is already running")
    assert not any(
        isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def run_two_sets(app: App) -> None:
    """Start a before-run session, skip the check-in, and go on until two sets are done."""
    app.confirm_setup()
    app.qtbot.keyClick(app.checkin(), Qt.Key.Key_Escape)
    controller = app.flow.controller
    assert controller is not None
    session = controller.runner.session
    while len(session.records) < 2:
        remaining = controller.state.remaining
        assert remaining is not None
        app.clock.advance(remaining)
        controller.pump()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def blocked(data_dir: Path) -> None:
    """A file where the data folder should be: history cannot be written."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("a file where the folder should be", encoding="utf-8")


def test_kept_sets_are_retried_on_a_timer_until_history_can_be_written(
    qtbot: QtBot, content: Content, data_dir: Path, home: Path
) -> None:
    blocked(data_dir)
    app = App(qtbot, content, data_dir)
    run_two_sets(app)
    history = app.history
    assert history.retry_timer.isActive() and 5000 <= history.retry_timer.interval() <= 10000
    assert history.unsaved_action.isEnabled()
    data_dir.unlink()
    data_dir.mkdir()
    history.retry_timer.timeout.emit()
    assert not history.retry_timer.isActive() and not history.unsaved_action.isEnabled()
    with HistoryStore(data_dir) as store:
        [session] = listed(store)
        [record] = everything(store)
    assert len(record.sets) == 2 and session.set_count == 1  # both sides of one lunge set


def test_kept_sets_export_on_request_and_go_to_a_file_at_quit(
    qtbot: QtBot, content: Content, data_dir: Path, home: Path, tmp_path: Path
) -> None:
    blocked(data_dir)
    app = App(qtbot, content, data_dir)
    run_two_sets(app)
    history = app.history
    history.choose_path = lambda mode, caption, suggestion, name_filter: tmp_path / "kept.json"
    history.unsaved_action.trigger()
    [exported] = read_json(tmp_path / "kept.json")
    assert len(exported.sets) == 2
    view = history.show_history()
    assert view.unsaved_button.isVisible()
    app.end_session()
    told: list[tuple[str, str]] = []
    history.tell = lambda title, text: told.append((title, text))
    app.window.close()
    assert app.window.isVisible()  # until the message is read
    app.window.close()
    assert not app.window.isVisible()
    [kept] = home.glob("backcoach-unsaved-*.json")
    [(_title, text)] = told
    assert f"backcoach --data-dir {data_dir} import {kept}" in text and "2 sets" in text
    [record] = read_json(kept)
    assert record.status == "ended-early" and len(record.sets) == 2


def test_a_write_lock_held_elsewhere_never_stalls_the_window(data_dir: Path) -> None:
    services = AppServices(load_content(), Options(data_dir, window=True), clock=FakeClock())
    store = services.history()
    assert store is not None
    store.start_session("before-run", "before-run", time.time())
    other = sqlite3.connect(data_dir / db.FILE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a terminal session or an import writing
    began = time.monotonic()
    store.record_set(SetRecord("low-lunge", "left", 1, None, 20.0, None, None, 1.0, 21.0))
    assert time.monotonic() - began < 0.5
    assert store.problem is not None and "locked" in store.problem and store.pending_sets == 1
    other.execute("COMMIT")
    other.close()
    assert store.flush() and store.problem is None
    services.close()


def test_a_read_only_history_is_shown_exported_and_the_session_notice_says_it_once(
    qtbot: QtBot, content: Content, data_dir: Path, home: Path, tmp_path: Path
) -> None:
    leave_unfinished(data_dir)
    with frozen(data_dir):
        app = App(qtbot, content, data_dir)
        qtbot.waitUntil(
            lambda: any(
                b.title.text() == "History cannot be saved" for b in shown_banners(app.window)
            )
        )
        view = app.history.show_history()
        assert view.pages.currentWidget() is view.dashboard and len(view.row_texts()) == 1
        view.choose_path = lambda mode, caption, suggestion, name_filter: tmp_path / "h.json"
        assert view.export_json_button.isEnabled() and not view.import_button.isEnabled()
        assert view.export("json") == tmp_path / "h.json"
        app.window.show_screen(None)
        run_two_sets(app)
        notice = app.flow.view.notice("storage")
        assert "read-only" in notice and "exported from the File menu" in notice
        assert "kept in memory" not in notice
        app.end_session()
        app.history.tell = lambda title, text: None
        app.window.close()
    assert len(read_json(tmp_path / "h.json")) == 1
    assert len(list(home.glob("backcoach-unsaved-*.json"))) == 1


def test_an_unanswered_check_in_leaves_with_the_summary_and_never_piles_up(
    qtbot: QtBot, app: App
) -> None:
    app.confirm_setup()
    qtbot.keyClick(app.checkin(), Qt.Key.Key_Escape)
    first = app.flow.controller
    assert first is not None
    first_id = first.runner.history_id
    app.end_session()
    old = app.checkin()
    qtbot.mouseClick(app.flow.view.summary_page.home_button, Qt.MouseButton.LeftButton)
    assert app.current() is app.window.home and app.flow.checkin is None
    qtbot.waitUntil(lambda: old not in app.flow.view.findChildren(PainCheckIn))
    app.confirm_setup()
    qtbot.keyClick(app.checkin(), Qt.Key.Key_Escape)
    app.end_session()
    assert len(app.flow.view.findChildren(PainCheckIn)) == 1
    qtbot.keyClick(app.checkin(), Qt.Key.Key_4)
    qtbot.keyClick(app.checkin(), Qt.Key.Key_Return)
    with HistoryStore(app.folder) as store:
        first_record = store.session_detail(str(first_id))
        assert first_record is not None and first_record.pain == ()
        assert [s.pain_after for s in listed(store)] == [4, None]


def test_resuming_a_session_deleted_meanwhile_starts_a_fresh_one(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    sid = leave_unfinished(data_dir)
    app = App(qtbot, content, data_dir)
    resume = offered(qtbot, app).findChild(QPushButton, "resumeButton")
    assert resume is not None
    qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    with HistoryStore(data_dir) as other:  # e.g. deleted from another window's History page
        assert other.delete_session(sid)
    qtbot.mouseClick(app.flow.setup.start_button, Qt.MouseButton.LeftButton)
    controller = app.flow.controller
    assert controller is not None and app.flow.running
    assert controller.runner.history_id not in (None, sid)
    assert "could not be resumed" in app.flow.view.notice("resume")
    app.end_session()
    with HistoryStore(data_dir) as store:
        [fresh] = listed(store)
    assert fresh.id == controller.runner.history_id and fresh.status == "ended-early"


def test_the_history_page_shown_again_paints_each_chart_once(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    """Leaving History and coming back reads it again and paints it in one pass, not the
    charts first on their own and then again with the page."""
    from PySide6.QtCore import QEvent, QObject

    from tests.storage.seed import session

    class Paints(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            self.count += event.type() == QEvent.Type.Paint
            return False

    with HistoryStore(data_dir) as store:
        import_records(store, [session(date.today() - timedelta(days=n)) for n in range(1, 30)])
    app = App(qtbot, content, data_dir)
    view = app.history.show_history()
    chart = view.weekly_chart
    qtbot.waitUntil(lambda: not chart.visibleRegion().isEmpty())
    app.window.show_screen(None)
    QApplication.processEvents()
    paints = Paints()
    chart.installEventFilter(paints)
    app.history.show_history()
    qtbot.waitUntil(lambda: paints.count > 0)
    QApplication.processEvents()  # anything else the page has to paint
    assert paints.count == 1
