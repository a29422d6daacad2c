"""The History page on a seeded database and on an empty one."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core.records import SetRecord
from backcoach.storage import HistoryStore, StorageError
from backcoach.storage.export import to_document
from backcoach.ui.history_view import EMPTY_TEXT, HistoryView, Mode
from backcoach.ui.session_detail import NO_SETS_TEXT
from tests.storage.seed import everything

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = date(2026, 3, 18)  # a Wednesday


def at(day: date, hour: int, minute: int = 0) -> float:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC).timestamp()


def record_session(
    store: HistoryStore,
    day: date,
    routine: str = "strength-day",
    *,
    pain: tuple[int | None, int | None] = (4, 2),
    weight: float = 8.0,
    finish: str = "completed",
) -> str:
    """A 07:00 session: two low-lunge holds, two dead-bug sets and one deadlift set."""
    start = at(day, 7)
    sid = store.start_session(routine, "day-off", start, plan_summary="5 sets")
    if pain[0] is not None:
        store.record_pain("before", pain[0], "stiff", sid, recorded_at=start)
    sets = [
        SetRecord("low-lunge", "left", 1, None, 62.0, None, None, start, start + 62),
        SetRecord("low-lunge", "right", 1, None, 65.0, None, None, start + 80, start + 145),
        SetRecord("dead-bug", "both", 1, 8, 40.0, None, None, start + 160, start + 200),
        SetRecord("dead-bug", "both", 2, 10, 45.0, None, None, start + 220, start + 265),
        SetRecord("dumbbell-deadlift", "both", 1, 12, 50.0, weight, "kg", start + 300, start + 350),
    ]
    for s in sets:
        store.record_set(s)
    if pain[1] is not None:
        store.record_pain("after", pain[1], "", sid, recorded_at=start + 400)
    if finish == "partial":
        store.mark_partial(sid)
    else:
        store.finish_session(sid, start + 600, finish == "completed")
    return sid


def seeded_store(folder: Path) -> HistoryStore:
    """Four days in a row up to today, and an older run of six days (the best streak)."""
    store = HistoryStore(folder, tz=UTC, now=lambda: at(TODAY, 20))
    for n in range(6):
        record_session(store, TODAY - timedelta(days=30 - n), weight=6 + n)
    record_session(
        store, TODAY - timedelta(days=3), routine="after-run", pain=(None, None), finish="partial"
    )
    record_session(store, TODAY - timedelta(days=2), finish="ended-early", pain=(5, 8))
    record_session(store, TODAY - timedelta(days=1), routine="before-run", weight=12)
    record_session(store, TODAY, weight=14, pain=(3, 1))
    return store


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


class Chooser:
    """Stands in for the file dialogs: hands out prepared paths and remembers the asks."""

    def __init__(self) -> None:
        self.paths: list[Path | None] = []
        self.asked: list[tuple[Mode, str]] = []

    def __call__(self, mode: Mode, caption: str, suggestion: str, name_filter: str) -> Path | None:
        self.asked.append((mode, suggestion))
        return self.paths.pop(0)


def make_view(
    qtbot: QtBot, store: HistoryStore | None, content: Content, chooser: Chooser | None = None
) -> HistoryView:
    view = HistoryView(store, content, today=lambda: TODAY, choose_path=chooser or Chooser())
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.refresh()
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def store(data_dir: Path) -> HistoryStore:
    return seeded_store(data_dir)


@pytest.fixture
def view(qtbot: QtBot, store: HistoryStore, content: Content) -> HistoryView:
    return make_view(qtbot, store, content)


def test_an_empty_history_says_how_it_fills_and_offers_import(
    qtbot: QtBot, data_dir: Path, content: Content
) -> None:
    view = make_view(qtbot, HistoryStore(data_dir, tz=UTC), content)
    assert view.pages.currentWidget() is view.empty_page
    assert view.empty_state.text() == EMPTY_TEXT
    assert view.current_streak.text() == "Current streak: 0 days"
    assert view.best_streak.text() == "Best: 0 days"
    assert not view.export_csv_button.isEnabled() and view.import_button.isEnabled()
    assert view.weekly_chart.is_empty() and view.pain_chart.is_empty()
    assert view.row_texts() == []


def test_sessions_are_listed_newest_first_with_their_figures(view: HistoryView) -> None:
    rows = view.row_texts()
    assert len(rows) == 10
    assert rows[0] == [
        "07:00",
        "Strength day",
        "Day off",
        "4",  # two lunge sides make one set
        "10",
        "3 → 1",
        "Completed",
    ]
    assert rows[1][:2] == ["07:00", "Before a run"]
    assert rows[2][5:] == ["5 → 8", "Ended early"]
    assert rows[3][5:] == ["–", "Kept as partial"]
    days = [item.text(0).split(" · ")[0] for item in view.day_items()]
    assert days == sorted(days, key=lambda t: datetime.strptime(t, "%a %d %b %Y"), reverse=True)
    assert len(days) == 10 and all(day.childCount() == 1 for day in view.day_items())
    assert not view.more_button.isVisible()


def test_streaks_strip_and_charts(view: HistoryView) -> None:
    assert view.current_streak.text() == "Current streak: 4 days"
    assert view.best_streak.text() == "Best: 6 days"
    assert view.strip.active_days() == 10
    assert view.strip.level(TODAY) > 0 and view.strip.level(TODAY - timedelta(days=5)) == 0
    weekly, minutes = view.weekly_chart, view.minutes_chart
    assert not weekly.is_empty() and weekly.bucket() == "week"
    assert (weekly.y_title(), minutes.y_title()) == ("Sets", "Minutes")  # one chart each
    assert weekly.series_names() == ["Sets"] and minutes.series_names() == ["Minutes"]
    pain = view.pain_chart
    assert pain.series_names() == ["Before", "After"] and pain.y_title() == "Pain (0–10)"
    assert pain.point_count() == 9 + 9  # the after-run session has no ratings
    for chart in (weekly, minutes, pain, view.progress_chart):
        assert chart.x_title().startswith("Date") and chart.x_tick_labels()


def test_progress_per_exercise(view: HistoryView) -> None:
    combo = view.progress_combo
    names = [combo.itemText(i) for i in range(combo.count())]
    assert sorted(names) == ["Dead bug", "Dumbbell deadlift", "Low lunge"]
    combo.setCurrentIndex(combo.findData("dumbbell-deadlift"))
    chart, second = view.progress_chart, view.second_progress_chart
    assert chart.title == "Dumbbell deadlift"
    assert chart.y_title() == "Top weight (kg)"
    assert second.isVisible() and second.y_title() == "Best reps in a set (reps)"
    assert chart.y_tick_labels()[-1] == "15"  # weights up to 14 kg
    combo.setCurrentIndex(combo.findData("low-lunge"))
    assert chart.y_title() == "Longest hold (s)" and not second.isVisible()
    combo.setCurrentIndex(combo.findData("dead-bug"))
    assert chart.y_title() == "Best reps in a set (reps)"


def test_a_chosen_exercise_stays_chosen_after_a_refresh(view: HistoryView) -> None:
    view.progress_combo.setCurrentIndex(view.progress_combo.findData("low-lunge"))
    view.refresh()
    assert view.progress_combo.currentData() == "low-lunge"


def test_opening_a_session_shows_its_sets_and_check_ins(qtbot: QtBot, view: HistoryView) -> None:
    item = view.session_items()[2]
    view.session_list.setCurrentItem(item)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    detail = view.detail
    assert view.pages.currentWidget() is detail
    assert detail.heading.text() == "Strength day — Monday 16 March 2026"
    assert "Ended early" in detail.facts.text()
    assert "4 sets" in detail.facts.text()  # both sides of the lunge make one set
    assert "Back pain before → after: 5 → 8" in detail.pain.text()
    assert "Note before: stiff" in detail.pain.text()
    table = detail.sets
    assert table.rowCount() == 5
    first = [
        cell.text() for c in range(table.columnCount()) if (cell := table.item(0, c)) is not None
    ]
    assert first == ["Low lunge", "left", "1", "", "62", "", "07:00:00", "07:01:02"]
    last = [cell.text() for c in range(6) if (cell := table.item(4, c)) is not None]
    assert last == ["Dumbbell deadlift", "both", "1", "12", "50", "8 kg"]
    qtbot.mouseClick(detail.back_button, Qt.MouseButton.LeftButton)
    assert view.pages.currentWidget() is view.dashboard


def first_session(view: HistoryView) -> str:
    return str(view.session_items()[0].data(0, Qt.ItemDataRole.UserRole))


def test_delete_asks_first_and_cancel_keeps_the_session(
    qtbot: QtBot, view: HistoryView, store: HistoryStore
) -> None:
    sid = first_session(view)
    assert view.open_session(sid)
    qtbot.mouseClick(view.detail.delete_button, Qt.MouseButton.LeftButton)
    box = view.confirm_box
    assert box is not None and box.isVisible()
    assert "Wednesday 18 March 2026 with its 4 sets" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert store.session_detail(sid) is not None
    assert view.pages.currentWidget() is view.detail
    assert len(view.row_texts()) == 10


def test_delete_after_confirming_removes_it_everywhere(
    qtbot: QtBot, view: HistoryView, store: HistoryStore
) -> None:
    sid = first_session(view)
    view.open_session(sid)
    box = view.confirm_delete(sid)
    delete = next(b for b in box.buttons() if b.text() == "Delete")
    with qtbot.waitSignal(view.changed):
        delete.click()
    assert store.session_detail(sid) is None
    assert view.pages.currentWidget() is view.dashboard
    assert len(view.row_texts()) == 9
    assert view.current_streak.text() == "Current streak: 3 days"
    assert view.message.text() == "The session was deleted."


def test_export_through_the_seam_then_import_into_a_new_history(
    qtbot: QtBot, tmp_path: Path, store: HistoryStore, content: Content
) -> None:
    chooser = Chooser()
    view = make_view(qtbot, store, content, chooser)
    csv_path, json_path = tmp_path / "h.csv", tmp_path / "h.json"
    chooser.paths = [csv_path, json_path]
    assert view.export("csv") == csv_path
    qtbot.mouseClick(view.export_json_button, Qt.MouseButton.LeftButton)
    assert chooser.asked == [
        ("save", "backcoach-history-2026-03-18.csv"),
        ("save", "backcoach-history-2026-03-18.json"),
    ]
    assert csv_path.read_text(encoding="utf-8").count("\n") == 1 + 10 * 5
    assert len(json.loads(json_path.read_text(encoding="utf-8"))["sessions"]) == 10
    assert view.message.text() == f"Exported 10 sessions to {json_path}."

    other = HistoryStore(tmp_path / "laptop", tz=UTC)
    chooser_b = Chooser()
    fresh = make_view(qtbot, other, content, chooser_b)
    chooser_b.paths = [json_path, json_path]
    with qtbot.waitSignal(fresh.changed):
        qtbot.mouseClick(fresh.import_button, Qt.MouseButton.LeftButton)
    assert fresh.row_texts() == view.row_texts()
    assert everything(other) == everything(store)
    assert fresh.import_file()
    assert "0 sessions" in fresh.message.text() and "10 were already here" in fresh.message.text()
    assert len(everything(other)) == 10


def test_a_bad_import_file_is_named_and_adds_nothing(
    qtbot: QtBot, tmp_path: Path, store: HistoryStore, content: Content
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    chooser = Chooser()
    chooser.paths = [bad]
    view = make_view(qtbot, store, content, chooser)
    with qtbot.assertNotEmitted(view.changed):
        assert not view.import_file()
    assert view.message.text().startswith(f"⚠  Nothing was imported from {bad}:")
    assert len(everything(store)) == 10


def test_an_import_names_each_unknown_exercise_and_keeps_its_sets(
    qtbot: QtBot, tmp_path: Path, store: HistoryStore, content: Content
) -> None:
    exported = tmp_path / "h.json"
    doc = json.loads(json.dumps(to_document(everything(store)[:1], 0.0)))
    doc["sessions"][0]["sets"][0]["exercise"] = "bird-dog-v2"
    exported.write_text(json.dumps(doc), encoding="utf-8")
    chooser = Chooser()
    chooser.paths = [exported]
    view = make_view(qtbot, HistoryStore(tmp_path / "laptop", tz=UTC), content, chooser)
    assert view.import_file()
    assert view.message.text().splitlines() == [
        f"Imported 1 session with 5 sets from {exported}.",
        'Unknown exercise "bird-dog-v2": 1 set imported as recorded.',
    ]
    assert view.progress_combo.findData("bird-dog-v2") >= 0


def test_cancelling_the_file_choice_does_nothing(
    qtbot: QtBot, tmp_path: Path, store: HistoryStore, content: Content
) -> None:
    chooser = Chooser()
    chooser.paths = [None, None]
    view = make_view(qtbot, store, content, chooser)
    assert view.export("csv") is None
    assert not view.import_file()
    assert not view.message.isVisible()
    assert list(tmp_path.glob("*.csv")) == []


def test_an_export_that_cannot_be_written_says_so(
    qtbot: QtBot, tmp_path: Path, store: HistoryStore, content: Content
) -> None:
    chooser = Chooser()
    chooser.paths = [tmp_path / "missing" / "h.csv"]
    view = make_view(qtbot, store, content, chooser)
    assert view.export("csv") is None
    assert view.message.text().startswith("⚠  Nothing was exported to")


def test_older_sessions_load_on_request(
    qtbot: QtBot, data_dir: Path, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("backcoach.ui.history_view.PAGE", 4)
    view = make_view(qtbot, seeded_store(data_dir), content)
    assert len(view.row_texts()) == 4
    assert view.more_button.text() == "Show older sessions (6 more)"
    qtbot.mouseClick(view.more_button, Qt.MouseButton.LeftButton)
    assert len(view.row_texts()) == 8
    view.show_more()
    assert len(view.row_texts()) == 10 and not view.more_button.isVisible()


def test_history_that_cannot_be_read_is_explained(qtbot: QtBot, content: Content) -> None:
    view = HistoryView(None, content, problem="The data folder is read-only.")
    qtbot.addWidget(view)
    view.refresh()
    assert view.pages.currentWidget() is view.empty_page
    assert "The data folder is read-only." in view.empty_state.text()
    assert not view.import_button.isEnabled()


def test_a_session_that_cannot_be_read_is_a_message_not_a_traceback(
    view: HistoryView, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(session_id: str) -> None:
        raise StorageError("the disk reported an input/output error")

    monkeypatch.setattr(store, "session_detail", unreadable)
    assert not view.open_session(first_session(view))
    assert view.pages.currentWidget() is view.dashboard
    assert view.message.text() == (
        "⚠  That session cannot be read: the disk reported an input/output error"
    )


def test_sessions_are_grouped_by_day_with_the_day_s_light(view: HistoryView) -> None:
    days = {item.text(0).split(" · ")[0]: item for item in view.day_items()}
    red = days["Mon 16 Mar 2026"]  # pain 5 → 8
    assert red.text(0) == "Mon 16 Mar 2026 · red: too much pain"
    assert red.data(0, Qt.ItemDataRole.DecorationRole) is not None
    assert days["Wed 18 Mar 2026"].text(0).endswith("green: pain stayed low")
    unrated = days["Sun 15 Mar 2026"]  # no "after" rating: no light
    assert unrated.text(0) == "Sun 15 Mar 2026"
    assert unrated.data(0, Qt.ItemDataRole.DecorationRole) is None
    assert not red.flags() & Qt.ItemFlag.ItemIsSelectable  # sessions are what is chosen
    assert view.session_list.header().sectionSize(
        1
    ) >= view.session_list.fontMetrics().horizontalAdvance(
        "Strength day"
    )  # the routine name is never cut


def test_the_detail_header_counts_its_rows(view: HistoryView) -> None:
    view.open_session(first_session(view))
    detail = view.detail
    assert detail.sets.rowCount() == 5
    assert detail.rows_heading.text() == "SETS · 5 ROWS, EACH SIDE ON ITS OWN"
    assert detail.sets.isVisible() and detail.no_sets.isHidden()


def test_a_session_without_sets_opens_to_a_sentence(view: HistoryView, store: HistoryStore) -> None:
    start = at(TODAY, 12)
    sid = store.start_session("before-run", "before-run", start)
    store.finish_session(sid, start + 30, False)
    view.refresh()
    assert view.open_session(sid)
    detail = view.detail
    assert detail.no_sets.isVisible() and detail.no_sets.text() == NO_SETS_TEXT
    assert detail.sets.isHidden() and detail.rows_heading.isHidden()
    other = view.session_items()[1]  # today's session with sets shows its table again
    assert view.open_session(str(other.data(0, Qt.ItemDataRole.UserRole)))
    assert detail.sets.isVisible() and detail.no_sets.isHidden()


def test_an_empty_history_offers_start(qtbot: QtBot, data_dir: Path, content: Content) -> None:
    view = make_view(qtbot, HistoryStore(data_dir, tz=UTC), content)
    assert view.start_button.isVisible()
    with qtbot.waitSignal(view.start_requested):
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)


def test_the_weekly_review_has_sets_minutes_pain_and_dose_changes(view: HistoryView) -> None:
    lines = view.review.text().splitlines()
    assert lines[0] == "12 sets in 30 min so far (last week: 4 sets in 6 min)."
    assert lines[1] == "Pain before sessions averages 4.0 this week."  # none last week
    assert "1 red session this week: the doses step down." in lines
    assert lines[-1] == "No dose changed this week."


def test_a_day_row_spans_the_list(view: HistoryView) -> None:
    list_ = view.session_list
    day = view.day_items()[0]
    assert day.isFirstColumnSpanned()
    assert list_.visualItemRect(day).width() > list_.header().sectionSize(0)  # never cut


def test_a_session_s_figures_sit_on_the_same_line_as_its_words(view: HistoryView) -> None:
    session = view.day_items()[0].child(0)
    assert session is not None
    for column in (3, 4):  # sets and minutes, right-aligned
        alignment = Qt.AlignmentFlag(session.textAlignment(column))
        assert alignment & Qt.AlignmentFlag.AlignRight
        assert alignment & Qt.AlignmentFlag.AlignVCenter  # as the other columns are drawn


def test_the_list_s_columns_fit_the_rows_of_each_refresh(
    qtbot: QtBot, view: HistoryView, store: HistoryStore
) -> None:
    header, metrics = view.session_list.header(), view.session_list.fontMetrics()
    routine = "a-routine-of-someone-else-with-a-long-name"  # shown by its id, not known here
    assert header.sectionSize(1) < metrics.horizontalAdvance(routine)
    record_session(store, TODAY, routine=routine)
    view.refresh()
    qtbot.waitUntil(lambda: header.sectionSize(1) >= metrics.horizontalAdvance(routine))
