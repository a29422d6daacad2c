"""Counted nouns on the window's pages: "1 set", "1 rep", never "1 sets"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core.plan import build_plan
from backcoach.core.records import SetRecord
from backcoach.core.stats import DayTotal
from backcoach.paths import user_content_dir
from backcoach.ui.calendar_strip import CalendarStrip
from backcoach.ui.session_setup import SessionSetup
from backcoach.ui.summary_view import summary_rows
from tests.test_cli_edges import own_exercise, own_routine


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def test_the_set_up_page_counts_sets_and_reps_as_they_change(qtbot: QtBot, data_dir: Path) -> None:
    own_exercise(data_dir, "one-rep", "One rep", reps=1, sets=1)  # bundled ones start at 5
    own_routine(data_dir, "single", "Single", "one-rep", sets=1)
    setup = SessionSetup(load_content(user=user_content_dir(data_dir)))
    qtbot.addWidget(setup)
    setup.ask("single", "day-off")
    card = setup.cards["one-rep"]
    assert card.reps is not None
    shown = [(card.sets.text(), card.reps.text())]
    card.sets.setValue(3)
    card.reps.setValue(3)
    shown.append((card.sets.text(), card.reps.text()))
    assert shown == [("1 set", "1 rep"), ("3 sets", "3 reps")]


def test_a_summary_row_of_one_set_of_one_rep(data_dir: Path) -> None:
    own_exercise(data_dir, "one-rep", "One rep", reps=1, sets=1)
    own_routine(data_dir, "single", "Single", "one-rep", sets=1)
    mine = load_content(user=user_content_dir(data_dir))
    plan = build_plan(mine, "single", "day-off")
    done = SetRecord("one-rep", "both", 1, 1, 8.0, None, None, 100.0, 108.0, planned_reps=1)
    assert summary_rows([done], mine.exercises, plan) == [("One rep", "1 set", "set 1: 1 rep")]
    skipped = replace(done, reps=0, seconds=0.0, skipped=True)
    assert summary_rows([skipped], mine.exercises, plan) == [
        ("One rep", "0 of 1 set", "set 1 skipped")
    ]


def test_a_summary_row_of_a_set_cut_short_after_one_rep(content: Content) -> None:
    plan = build_plan(content, "strength-day", "day-off")
    done = SetRecord("dead-bug", "both", 1, 1, 8.0, None, None, 100.0, 108.0, planned_reps=8)
    rows = summary_rows([done], content.exercises, plan)
    assert rows[0] == (
        "Dead bug",
        "1 of 3 sets",
        "set 1: 1 of 8 reps · set 2 not reached · set 3 not reached",
    )


def test_a_day_on_the_calendar_with_one_set(qtbot: QtBot) -> None:
    strip = CalendarStrip()
    qtbot.addWidget(strip)
    day = date(2024, 5, 1)
    strip.set_days([DayTotal(day, 1, 1, 2.0)], day)
    assert strip.describe(day) == "Wed 1 May 2024: 1 session, 1 set"
