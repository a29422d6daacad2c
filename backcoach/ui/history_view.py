"""The History page: sessions grouped by day with the day's light, a weekly review, a heat
strip, streaks, charts (one y-axis each), export and import.

Opening reads only what is shown (see :meth:`HistoryView.refresh`), so the page
paints quickly even on ten years of daily sessions.
Choosing a file is a seam (``choose_path``) so tests never meet a blocking
dialog; deleting asks first in a window-modal box kept in :attr:`confirm_box`.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, Literal, TypeVar

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backcoach.content.model import CONTEXT_LABELS, Content
from backcoach.core.coach import Level, PastSession, lights
from backcoach.core.stats import DayTotal
from backcoach.core.text import noun_for, plural
from backcoach.storage import (
    HistoryStore,
    SessionSummary,
    StorageError,
    queries,
)
from backcoach.storage.export import (
    ImportFileError,
    read_json,
    unknown_exercises,
    write_csv,
    write_json,
)
from backcoach.storage.importer import import_records
from backcoach.ui.calendar_strip import CalendarStrip
from backcoach.ui.charts import Columns, Series, TimeChart
from backcoach.ui.session_detail import (
    STATUS_LABELS,
    SessionDetail,
    exercise_name,
    pain_text,
    routine_name,
)
from backcoach.ui.theme import MARGIN, SPACING, light_colour
from backcoach.ui.widgets import PrimaryButton

PAGE = 100
"""Sessions listed at first, and added by each "Show older"."""
COLUMNS = ("Time", "Routine", "When", "Sets", "Minutes", "Pain", "Status")
COLUMN_TIPS = {5: "Back pain before → after the session (0–10)"}
EMPTY_TEXT = (
    "No sessions yet.\n\nFinish (or even start) a routine and it shows up here: every set, "
    "your streak of days in a row, and whether your back pain goes down over the weeks.\n"
    "Moving from another computer? Import its JSON export."
)
LIGHT_RANK = {"green": 0, "amber": 1, "red": 2}
DAY_LIGHT_WORDS = {
    "green": "green: pain stayed low",
    "amber": "amber: some pain",
    "red": "red: too much pain",
}
Mode = Literal["save", "open"]
ChoosePath = Callable[[Mode, str, str, str], Path | None]
"""(mode, caption, suggested file name, name filter) → the chosen path, or None."""

PROGRESS = {
    "dumbbell-deadlift": ("Top weight", "kg", "Best reps in a set", "reps"),
    "low-lunge": ("Longest hold", "s", None, None),
    "dead-bug": ("Best reps in a set", "reps", "Total reps", "reps"),
}
MEASURE = {
    "Top weight": "max_weight",
    "Longest hold": "max_seconds",
    "Best reps in a set": "max_reps",
    "Total reps": "total_reps",
}
"""The amount (a :class:`~backcoach.storage.ProgressPoint` field) each line of progress shows."""
Row = TypeVar("Row")


def points(
    rows: Sequence[Row],
    value: Callable[[Row], float | None],
    day: Callable[[Row], date] = attrgetter("day"),
) -> Columns:
    """The (day, value) points of ``rows`` for a chart line, as columns: ten years of days make
    thousands."""
    return Columns(list(map(day, rows)), list(map(value, rows)))


def file_dialog(parent: QWidget) -> ChoosePath:
    """The real seam: Qt's file dialogs (blocking, so not for tests)."""

    def choose(mode: Mode, caption: str, suggestion: str, name_filter: str) -> Path | None:
        if mode == "save":
            name, _ = QFileDialog.getSaveFileName(
                parent, caption, str(Path.home() / suggestion), name_filter
            )
        else:
            name, _ = QFileDialog.getOpenFileName(parent, caption, str(Path.home()), name_filter)
        return Path(name) if name else None

    return choose


def progress_measures(exercise: str) -> tuple[str, ...]:
    """What is read of ``exercise``'s progress: the amounts of its lines, or, for an exercise
    without lines of its own, best reps and longest hold (it shows the one it has)."""
    left, _, right, _ = PROGRESS.get(exercise, ("Best reps in a set", "", "Longest hold", ""))
    return tuple(MEASURE[line] for line in (left, right) if line is not None)


def progress_series(exercise: str, rows: list[tuple[Any, ...]]) -> tuple[list[Series], str, str]:
    """The lines for one exercise's progress from its rows of :func:`progress_measures` (see
    :func:`~backcoach.storage.queries.progress_lines`; a second line, when there is, goes on a
    chart of its own), with the first and second axis titles."""
    left, left_unit, right, right_unit = PROGRESS.get(
        exercise,
        ("Best reps in a set", "reps", None, None)
        if any(r[1] for r in rows)
        else ("Longest hold", "s", None, None),
    )
    column = {m: i for i, m in enumerate(progress_measures(exercise), start=1)}

    def line(title: str) -> Columns:
        return points(rows, itemgetter(column[MEASURE[title]]), itemgetter(0))

    series = [Series(f"{left} ({left_unit})", line(left), combine="max")]
    right_title = ""
    if right is not None:
        series.append(
            Series(f"{right} ({right_unit})", line(right), combine="max", colour="second")
        )
        right_title = f"{right} ({right_unit})"
    return series, f"{left} ({left_unit})", right_title


class SessionList(QTreeWidget):
    """The list of sessions by day. Its columns that fit their contents are measured once per
    filling (:meth:`fit_columns`), then the measure is kept: Qt measures every row again on each
    layout pass, ten times as the page first shows."""

    def __init__(self) -> None:
        super().__init__()
        self._widths: dict[int, int] = {}

    def sizeHintForColumn(self, column: int) -> int:
        if column not in self._widths:
            self._widths[column] = super().sizeHintForColumn(column)
        return self._widths[column]

    def fit_columns(self) -> None:
        """Measure the columns that fit their contents again, with every row in place."""
        self._widths.clear()
        header = self.header()
        for column in range(header.count()):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents:
                self.resizeColumnToContents(column)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._widths.clear()
        super().changeEvent(event)


class HistoryView(QWidget):
    """The History page for ``store``; :meth:`refresh` reads it again."""

    back_requested = Signal()
    start_requested = Signal()
    """The empty history's Start."""
    changed = Signal()
    """After a delete or an import changed what is stored."""

    def __init__(
        self,
        store: HistoryStore | None,
        content: Content,
        *,
        today: Callable[[], date] = date.today,
        choose_path: ChoosePath | None = None,
        problem: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._content = content
        self._today = today
        self.choose_path = choose_path or file_dialog(self)
        self._problem = problem
        self._limit = PAGE
        self.sessions: list[SessionSummary] = []
        self.days: list[DayTotal] = []
        self._progress: dict[str, list[tuple[Any, ...]]] = {}
        """Each exercise's progress as read (see :func:`progress_series`)."""
        self.lights: dict[str, str] = {}
        """The light of each session that has one, by id."""
        self.confirm_box: QMessageBox | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        top = QHBoxLayout()
        top.setSpacing(SPACING)
        self.back_button = QPushButton("←  Exercises")
        self.back_button.setToolTip("Back to the routines (Ctrl+H)")
        self.back_button.clicked.connect(self.back_requested)
        title = QLabel("History")
        title.setObjectName("title")
        self.current_streak = QLabel()
        self.current_streak.setObjectName("tag")
        self.best_streak = QLabel()
        self.best_streak.setObjectName("tag")
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(title)
        top.addStretch(1)
        self.export_csv_button = QPushButton("Export CSV…")
        self.export_csv_button.setToolTip("One row per set, safe to open in a spreadsheet")
        self.export_csv_button.clicked.connect(lambda: self.export("csv"))
        self.export_json_button = QPushButton("Export JSON…")
        self.export_json_button.setToolTip("Everything, in the file Import reads back")
        self.export_json_button.clicked.connect(lambda: self.export("json"))
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Add the sessions of a JSON export; nothing is doubled")
        self.import_button.clicked.connect(self.import_file)
        self.unsaved_button = QPushButton("Export unsaved sets…")
        self.unsaved_button.setToolTip(
            "The sets kept in memory while history cannot be saved, as a file Import reads"
        )
        self.unsaved_button.hide()
        for button in (
            self.unsaved_button,
            self.export_csv_button,
            self.export_json_button,
            self.import_button,
        ):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        layout.addWidget(self.message)

        self.session_list = SessionList()
        self.session_list.setObjectName("sessionList")
        self.session_list.setHeaderLabels(list(COLUMNS))
        header_item = self.session_list.headerItem()
        for column, tip in COLUMN_TIPS.items():
            header_item.setToolTip(column, tip)
        self.session_list.setRootIsDecorated(False)
        self.session_list.setItemsExpandable(False)
        self.session_list.setIndentation(16)
        self.session_list.setUniformRowHeights(True)
        self.session_list.setAccessibleName("Sessions by day, newest first")
        self.session_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.session_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # routine never cut
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the context gives way
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)  # the day rows span it
        self.session_list.itemActivated.connect(self._on_activated)
        self.open_button = QPushButton("Open session")
        self.open_button.clicked.connect(self._open_selected)
        self.more_button = QPushButton("Show older sessions")
        self.more_button.clicked.connect(self.show_more)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.open_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.more_button)
        streaks = QHBoxLayout()  # off the top row, which the buttons need on a small screen
        streaks.setSpacing(SPACING)
        streaks.addWidget(self.current_streak)
        streaks.addWidget(self.best_streak)
        streaks.addStretch(1)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addLayout(streaks)
        left.addWidget(self.session_list, 1)
        left.addLayout(list_buttons)

        self.strip = CalendarStrip()
        self.weekly_chart = TimeChart(
            "Sets each week", "Sets", empty_text="Weekly totals appear after your first session."
        )
        self.minutes_chart = TimeChart(
            "Minutes each week",
            "Minutes",
            empty_text="Weekly minutes appear after your first session.",
        )
        self.pain_chart = TimeChart(
            "Back pain before and after",
            "Pain (0–10)",
            y_max=10,
            empty_text="Rate your back before and after a session to see the trend here.",
        )
        self.progress_combo = QComboBox()
        self.progress_combo.setAccessibleName("Exercise")
        self.progress_combo.currentIndexChanged.connect(self._show_progress)
        self.progress_chart = TimeChart(
            "Progress", "", empty_text="Progress per exercise appears after your first sets."
        )
        self.second_progress_chart = TimeChart("Progress", "")
        self.review = QLabel()
        self.review.setObjectName("weeklyReview")
        self.review.setWordWrap(True)
        self.review.setTextFormat(Qt.TextFormat.PlainText)
        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 8, 0)
        charts_layout.setSpacing(SPACING)
        review_title = QLabel("THIS WEEK")
        review_title.setObjectName("heading")
        charts_layout.addWidget(review_title)
        charts_layout.addWidget(self.review)
        strip_title = QLabel("LAST 26 WEEKS")
        strip_title.setObjectName("heading")
        charts_layout.addWidget(strip_title)
        charts_layout.addWidget(self.strip)
        for small in (self.weekly_chart, self.minutes_chart, self.second_progress_chart):
            small.setMinimumHeight(180)  # a small chart, one y-axis each
        charts_layout.addWidget(self.weekly_chart)
        charts_layout.addWidget(self.minutes_chart)
        charts_layout.addWidget(self.pain_chart)
        progress_row = QHBoxLayout()
        progress_title = QLabel("PROGRESS PER EXERCISE")
        progress_title.setObjectName("heading")
        progress_row.addWidget(progress_title)
        progress_row.addStretch(1)
        progress_row.addWidget(self.progress_combo)
        charts_layout.addLayout(progress_row)
        charts_layout.addWidget(self.progress_chart)
        charts_layout.addWidget(self.second_progress_chart)
        scroll = QScrollArea()
        scroll.setWidget(charts)
        # Not filled (the page's background shows through, the same colour), so Qt paints the
        # charts once when the page shows again, not first on their own and then with the page.
        charts.setAutoFillBackground(False)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._charts_scroll = scroll

        dashboard = QWidget()
        columns = QHBoxLayout(dashboard)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(MARGIN)
        columns.addLayout(left, 4)  # the list's seven columns need a little more room
        columns.addWidget(scroll, 3)

        self.detail = SessionDetail(content)
        self.detail.back_requested.connect(self.show_list)
        self.detail.delete_requested.connect(self.confirm_delete)
        self.empty_state = QLabel(EMPTY_TEXT)
        self.empty_state.setObjectName("empty")
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)
        self.start_button = PrimaryButton("Start a session  ▶")
        self.start_button.setToolTip("Back to the routines, with the set-up of the chosen one")
        self.start_button.clicked.connect(self.start_requested)
        self.empty_page = QWidget()
        empty = QVBoxLayout(self.empty_page)
        empty.addStretch(1)
        empty.addWidget(self.empty_state)
        empty.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty.addStretch(1)
        self.pages = QStackedWidget()
        self.dashboard = dashboard
        for page in (dashboard, self.detail, self.empty_page):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)
        chain: list[QWidget] = [
            self.back_button,
            self.unsaved_button,
            self.export_csv_button,
            self.export_json_button,
            self.import_button,
            self.session_list,
            self.open_button,
            self.more_button,
            scroll,
            self.progress_combo,
            *self.detail.focus_chain(),
            self.start_button,
        ]
        for first, second in itertools.pairwise(chain):  # as the page reads
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_charts()

    def _fit_charts(self) -> None:
        """Keep the charts' column at least as wide as the charts (never cut off at the side,
        as its scroll bar only scrolls up and down): the list takes what is left."""
        area = self._charts_scroll
        charts = area.widget()
        if charts is not None:
            frame = area.width() - area.viewport().width()
            area.setMinimumWidth(charts.minimumSizeHint().width() + max(frame, 0))

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        """Read the store again and redraw everything.

        Only what the page shows is read, all from one snapshot: the listed sessions,
        day totals, streaks, pain, and the progress of the chosen exercise (others
        when chosen).
        """
        self.show_unsaved()
        if self.store is None or not self.store.available:
            self._show_unavailable()
            return
        store = self.store
        today = self._today()
        chosen = self.chosen_exercise()
        try:
            with store.reading() as conn:
                self.sessions = queries.sessions(conn, limit=self._limit)
                self.days = queries.day_totals(conn)
                streaks = queries.streaks(conn, today)
                pain = queries.pain_series(conn)
                exercises = queries.exercises(conn)
                oldest = min((s.day for s in self.sessions), default=today)
                week = today - timedelta(days=today.weekday())
                since = min(oldest, week - timedelta(weeks=1)) - timedelta(weeks=2)
                coached = queries.coach_history(conn, since)
                self._progress = {}
                if exercises:
                    first = chosen if chosen in exercises else exercises[0]
                    self._progress[first] = _progress_lines(conn, first)
        except (StorageError, sqlite3.Error) as exc:
            self._problem = str(exc)
            self._show_unavailable()
            return
        self.current_streak.setText(f"Current streak: {_days(streaks.current)}")
        self.best_streak.setText(f"Best: {_days(streaks.best)}")
        self.lights = {sid: lit.light for sid, lit in lights(coached).items()}
        self._fill_list()
        self.review.setText(weekly_review(self._content, self.days, coached, self.lights, today))
        self.strip.set_days(self.days, today)
        self.weekly_chart.set_series(
            [Series("Sets", points(self.days, attrgetter("sets")), "bar", combine="sum")],
            base="week",
        )
        self.minutes_chart.set_series(
            [Series("Minutes", points(self.days, attrgetter("minutes")), combine="sum")],
            base="week",
        )
        every = "each month" if self.weekly_chart.bucket() == "month" else "each week"
        self.weekly_chart.title = f"Sets {every}"
        self.minutes_chart.title = f"Minutes {every}"
        self.pain_chart.set_series(
            [
                Series("Before", points(pain, attrgetter("before")), colour="second"),
                Series("After", points(pain, attrgetter("after"))),
            ]
        )
        self.progress_combo.blockSignals(True)
        self.progress_combo.clear()
        for exercise in exercises:
            self.progress_combo.addItem(exercise_name(self._content, exercise), exercise)
        self.progress_combo.setCurrentIndex(
            max(self.progress_combo.findData(chosen), 0) if chosen else 0
        )
        self.progress_combo.blockSignals(False)
        self.progress_combo.setEnabled(bool(exercises))
        self._show_progress()
        if self.pages.currentWidget() is not self.detail:
            self.show_list()
        for button in (self.export_csv_button, self.export_json_button):
            button.setEnabled(bool(self.sessions))
        self.import_button.setEnabled(not store.read_only)

    def show_unsaved(self) -> None:
        """Show "Export unsaved sets…" while the store keeps writes it could not save."""
        pending = self.store is not None and self.store.has_pending
        self.unsaved_button.setVisible(pending)
        if pending:
            assert self.store is not None
            sets = self.store.pending_sets
            self.unsaved_button.setText(
                f"Export unsaved {noun_for(sets, 'set')} ({sets})…" if sets else "Export unsaved…"
            )

    def show_more(self) -> None:
        self._limit += PAGE
        self.refresh()

    def day_items(self) -> list[QTreeWidgetItem]:
        """The list's day rows, newest first (each holds its sessions)."""
        count = self.session_list.topLevelItemCount()
        return [item for i in range(count) if (item := self.session_list.topLevelItem(i))]

    def session_items(self) -> list[QTreeWidgetItem]:
        """The list's session rows, newest first."""
        found = [day.child(i) for day in self.day_items() for i in range(day.childCount())]
        return [item for item in found if item is not None]

    def row_texts(self) -> list[list[str]]:
        """The sessions as listed, one list of column texts per session."""
        return [[item.text(c) for c in range(len(COLUMNS))] for item in self.session_items()]

    def _fill_list(self) -> None:
        c = self._content
        self.session_list.clear()
        days: list[QTreeWidgetItem] = []
        worst: dict[date, str] = {}
        items = []
        for s in self.sessions:
            light = self.lights.get(s.id)
            if light is not None and LIGHT_RANK[light] >= LIGHT_RANK.get(worst.get(s.day, ""), -1):
                worst[s.day] = light
            if not days or days[-1].data(0, Qt.ItemDataRole.UserRole) != s.day.isoformat():
                day = QTreeWidgetItem([f"{s.day:%a} {s.day.day} {s.day:%b %Y}"])
                day.setData(0, Qt.ItemDataRole.UserRole, s.day.isoformat())
                day.setFlags(Qt.ItemFlag.ItemIsEnabled)
                days.append(day)
            started = datetime.fromtimestamp(s.started_at)
            item = QTreeWidgetItem(
                days[-1],
                [
                    f"{started.hour:02}:{started.minute:02}",
                    routine_name(c, s.routine),
                    CONTEXT_LABELS.get(s.context, s.context),
                    str(s.set_count),
                    f"{s.minutes:.0f}",
                    pain_text(s.pain_before, s.pain_after),
                    STATUS_LABELS.get(s.status, s.status),
                ],
            )
            item.setData(0, Qt.ItemDataRole.UserRole, s.id)
            item.setToolTip(2, item.text(2))  # shortened with "…" when the window is narrow
            if light is not None:
                item.setToolTip(0, f"This session's light: {DAY_LIGHT_WORDS[light]}")
            for column in (3, 4):
                item.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            items.append(item)
        palette = self.palette()
        bold = QFont()  # the application's, as an item without a font of its own has
        bold.setBold(True)
        for day in days:
            lit = worst.get(date.fromisoformat(str(day.data(0, Qt.ItemDataRole.UserRole))))
            day.setFont(0, bold)
            if lit is not None:
                day.setText(0, f"{day.text(0)} · {DAY_LIGHT_WORDS[lit]}")
                day.setData(0, Qt.ItemDataRole.DecorationRole, light_colour(palette, lit))
        self.session_list.addTopLevelItems(days)
        for day in days:  # spanned once in the tree
            day.setFirstColumnSpanned(True)
        self.session_list.expandAll()
        self.session_list.fit_columns()
        time_width = self.session_list.fontMetrics().horizontalAdvance("Time 00:00")
        self.session_list.header().resizeSection(0, self.session_list.indentation() + time_width)
        total = sum(map(attrgetter("sessions"), self.days))
        self.more_button.setVisible(len(items) < total)
        self.more_button.setText(f"Show older sessions ({total - len(items)} more)")
        self.open_button.setEnabled(bool(items))

    def chosen_exercise(self) -> str | None:
        """The exercise whose progress is shown (read by index: an empty combo's
        ``currentData()`` hands back an unowned None in PySide6 6.12)."""
        index = self.progress_combo.currentIndex()
        data = self.progress_combo.itemData(index) if index >= 0 else None
        return data if isinstance(data, str) else None

    def _show_progress(self) -> None:
        exercise = self.chosen_exercise()
        if exercise is None or self.store is None:
            self.progress_chart.set_series([], title="Progress per exercise")
            self.second_progress_chart.hide()
            return
        if exercise not in self._progress:
            try:
                with self.store.reading() as conn:
                    self._progress[exercise] = _progress_lines(conn, exercise)
            except (StorageError, sqlite3.Error) as exc:
                self.say(f"Progress cannot be read: {exc}", warning=True)
                return
        series, first, second = progress_series(exercise, self._progress[exercise])
        name = exercise_name(self._content, exercise)
        self.progress_chart.set_axis_titles(first)
        self.progress_chart.set_series(series[:1], title=name)
        self.second_progress_chart.setVisible(len(series) > 1)
        if len(series) > 1:
            self.second_progress_chart.set_axis_titles(second)
            self.second_progress_chart.set_series(series[1:], title=f"{name}: {second.lower()}")

    def _show_unavailable(self) -> None:
        reason = self._problem or "History cannot be read right now."
        self.empty_state.setText(f"History cannot be shown.\n\n{reason}")
        self.start_button.hide()
        self.pages.setCurrentWidget(self.empty_page)
        for button in (self.export_csv_button, self.export_json_button, self.import_button):
            button.setEnabled(False)

    # ---------------------------------------------------------------- detail
    def open_session(self, session_id: str) -> bool:
        """Show one session's detail; False when it is gone."""
        if self.store is None:
            return False
        try:
            record = self.store.session_detail(session_id)
        except (StorageError, sqlite3.Error) as exc:
            self.say(f"That session cannot be read: {exc}", warning=True)
            return False
        if record is None:
            self.say("That session is no longer in history.", warning=True)
            return False
        self.detail.show_record(record)
        self.pages.setCurrentWidget(self.detail)
        return True

    def show_list(self) -> None:
        self.start_button.setVisible(not self.sessions)
        self.pages.setCurrentWidget(self.dashboard if self.sessions else self.empty_page)

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        session = item.child(0) if item.parent() is None else item  # a day: its first
        if session is not None:
            self.open_session(str(session.data(0, Qt.ItemDataRole.UserRole)))

    def _open_selected(self) -> None:
        item = self.session_list.currentItem() or self.session_list.topLevelItem(0)
        if item is not None:
            self._on_activated(item, 0)

    def confirm_delete(self, session_id: str) -> QMessageBox:
        """Ask before deleting (window-modal, not blocking); Delete removes it for good."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Delete session")
        record = self.detail.record
        what = "this session"
        if record is not None and record.id == session_id:
            day = f"{record.day:%A} {record.day.day} {record.day:%B %Y}"
            sets = plural(record.set_count, "set")
            what = f"the session of {day} with its {sets} and pain check-ins"
        box.setText(f"Delete {what}?")
        box.setInformativeText("It cannot be brought back, unless you exported it before.")
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self._delete(session_id) if button is delete else None
        )
        box.finished.connect(self._forget_box)
        self.confirm_box = box
        box.open()
        return box

    def _forget_box(self) -> None:
        self.confirm_box = None

    def _delete(self, session_id: str) -> None:
        assert self.store is not None
        try:
            self.store.delete_session(session_id)
        except (StorageError, sqlite3.Error, ValueError) as exc:
            self.say(f"The session could not be deleted: {exc}", warning=True)
            return
        self.say("The session was deleted.")
        self.pages.setCurrentWidget(self.dashboard)
        self.refresh()
        self.changed.emit()

    # -------------------------------------------------------- export, import
    def export(self, kind: Literal["csv", "json"]) -> Path | None:
        """Ask where, then write everything as CSV or JSON; returns the file written."""
        if self.store is None:
            return None
        name = f"backcoach-history-{self._today().isoformat()}.{kind}"
        name_filter = "CSV files (*.csv)" if kind == "csv" else "JSON files (*.json)"
        path = self.choose_path("save", f"Export history as {kind.upper()}", name, name_filter)
        if path is None:
            return None
        try:
            if kind == "csv":
                sessions, rows = write_csv(self.store, path)
                counted = f"{plural(sessions, 'session')} ({plural(rows, 'row')}"
                self.say(f"Exported {counted}, one per set and side) to {path}.")
            else:
                with self.store.reading() as conn:
                    records = queries.export_records(conn)
                write_json(records, path)
                self.say(f"Exported {plural(len(records), 'session')} to {path}.")
        except (StorageError, sqlite3.Error, OSError) as exc:
            self.say(f"Nothing was exported to {path}: {_reason(exc)}", warning=True)
            return None
        return path

    def import_file(self) -> bool:
        """Ask for a JSON export and add its sessions; True when it went in."""
        if self.store is None:
            return False
        path = self.choose_path("open", "Import history", "", "JSON files (*.json)")
        if path is None:
            return False
        try:
            records = read_json(path)
            counts = import_records(self.store, records)
        except ImportFileError as exc:
            self.say(f"Nothing was imported from {path}: {exc}", warning=True)
            return False
        except (StorageError, sqlite3.Error, OSError) as exc:
            self.say(f"Nothing was imported from {path}: {_reason(exc)}", warning=True)
            return False
        known_count = counts.sessions_known
        were = noun_for(known_count, "was", "were")
        known = f"; {known_count} {were} already here" if known_count else ""
        unknown = "".join(
            f"\n{line[0].upper()}{line[1:]}."
            for line in unknown_exercises(records, self._content.exercises)
        )
        self.say(
            f"Imported {plural(counts.sessions_added, 'session')} "
            f"with {plural(counts.sets_added, 'set')} from {path}{known}.{unknown}"
        )
        self.refresh()
        self.changed.emit()
        return True

    def say(self, text: str, *, warning: bool = False) -> None:
        """Show a one-line outcome under the buttons."""
        self.message.setText(("⚠  " if warning else "") + text)
        self.message.setObjectName("bannerText" if warning else "muted")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()


def weekly_review(
    content: Content,
    days: list[DayTotal],
    history: list[PastSession],
    lights_: dict[str, str],
    today: date,
) -> str:
    """This week next to the last: sets and minutes, the pain trend, what changed in the
    doses and why."""
    monday = today - timedelta(days=today.weekday())
    last_monday = monday - timedelta(weeks=1)
    this = [d for d in days if monday <= d.day <= today]
    last = [d for d in days if last_monday <= d.day < monday]
    sets, minutes = sum(d.sets for d in this), sum(d.minutes for d in this)
    lines = [
        f"{plural(sets, 'set')} in {round(minutes)} min so far "
        f"(last week: {plural(sum(d.sets for d in last), 'set')} in "
        f"{round(sum(d.minutes for d in last))} min)."
    ]
    week = [s for s in history if monday <= s.day <= today]
    before = [s.before for s in week if s.before is not None]
    earlier = [s.before for s in history if last_monday <= s.day < monday and s.before is not None]
    if before and earlier:
        change = sum(before) / len(before) - sum(earlier) / len(earlier)
        trend = (
            "about the same as"
            if abs(change) < 0.5
            else "lower than"
            if change < 0
            else "higher than"
        )
        lines.append(
            f"Pain before sessions averages {sum(before) / len(before):.1f}, {trend} last week "
            f"({sum(earlier) / len(earlier):.1f})."
        )
    elif before:
        lines.append(f"Pain before sessions averages {sum(before) / len(before):.1f} this week.")
    else:
        lines.append("No pain ratings this week yet.")
    reds = sum(lights_.get(s.id) == "red" for s in week)
    if reds:
        lines.append(f"{plural(reds, 'red session')} this week: the doses step down.")
    changes: dict[str, str] = {}
    previous: dict[str, Level] = {}
    for s in history:  # oldest first: this week's latest change of each exercise stays
        for given in s.given:
            if s in week and previous.get(given.exercise, given.level) != given.level:
                changes[given.exercise] = given.reason or "changed by you"
            previous[given.exercise] = given.level
    lines += [f"{exercise_name(content, ex)}: {reason}" for ex, reason in changes.items()]
    if not changes:
        lines.append("No dose changed this week.")
    return "\n".join(lines)


def _progress_lines(conn: sqlite3.Connection, exercise: str) -> list[tuple[Any, ...]]:
    return queries.progress_lines(conn, exercise, progress_measures(exercise))


def _days(n: int) -> str:
    return plural(n, "day")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower() + "."
    return str(exc)
