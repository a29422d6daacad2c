"""The window's morning question names the session its answer goes to."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.storage import HistoryStore
from backcoach.ui.checkin import PainCheckIn
from backcoach.ui.history_flow import MORNING_HINT
from tests.helpers.app import App
from tests.storage.seed import a_set

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def session_at(folder: Path, start: float, routine: str, sets: int) -> str:
    """A finished session of ``routine`` with ``sets`` dead-bug sets; its id."""
    with HistoryStore(folder) as store:
        sid = store.start_session(routine, "after-run", start)
        for n in range(1, sets + 1):
            store.record_set(a_set(n, start))
        store.finish_session(sid, start + 600, completed=True)
    return sid


def morning_checkin(qtbot: QtBot, app: App) -> PainCheckIn:
    qtbot.waitUntil(lambda: app.history.morning_page is not None)
    page = app.history.morning_page
    assert page is not None and app.current() is page
    checkin = page.findChild(PainCheckIn)
    assert checkin is not None
    return checkin


def test_the_morning_question_names_the_session_its_answer_goes_to(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    midnight = datetime.combine(date.today(), datetime.min.time()).timestamp()
    session_at(data_dir, midnight - 30 * 3600, "strength-day", 4)  # 18:00 two days ago
    sid = session_at(data_dir, midnight - 5 * 3600, "after-run", 2)  # 19:00 yesterday
    app = App(qtbot, content, data_dir)
    checkin = morning_checkin(qtbot, app)
    about = "About your “After a run” session yesterday evening (2 sets)."
    assert checkin.hint.isVisible() and checkin.hint.text() == f"{about} {MORNING_HINT}"
    qtbot.keyClick(checkin, Qt.Key.Key_3)
    qtbot.keyClick(checkin, Qt.Key.Key_Return)
    store = app.services.history()
    assert store is not None
    record = store.session_detail(sid)
    assert record is not None and record.rating("morning") == 3
