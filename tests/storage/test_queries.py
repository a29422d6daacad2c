"""The history views' queries, read through a store's snapshot."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backcoach.storage import queries
from backcoach.storage.importer import import_records
from backcoach.storage.store import HistoryStore

from .seed import T0, a_set, session

UTC = ZoneInfo("UTC")
AUCKLAND = ZoneInfo("Pacific/Auckland")


def at(day: date, hour: int, minute: int = 0, tz: ZoneInfo = AUCKLAND) -> float:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).timestamp()


def test_sessions_are_listed_newest_first_between_two_days(data_dir: Path) -> None:
    store = HistoryStore(data_dir)
    first = date(2024, 5, 1)
    import_records(store, [session(first + timedelta(d)) for d in range(5)])
    with store.reading() as conn:
        assert [s.day for s in queries.sessions(conn, limit=2)] == [
            first + timedelta(4),
            first + timedelta(3),
        ]
        between = queries.sessions(conn, since=first + timedelta(1), until=first + timedelta(2))
    assert [s.day for s in between] == [first + timedelta(2), first + timedelta(1)]
    assert [(s.set_count, s.minutes, s.pain_before, s.pain_after) for s in between] == [
        (8, 15.0, 4, 2),
        (8, 15.0, 4, 2),
    ]


def test_streaks_count_local_days_with_a_set(data_dir: Path) -> None:
    store = HistoryStore(data_dir, tz=AUCKLAND)
    mon = date(2024, 5, 6)
    # Late evening and early morning in Auckland fall on other days in UTC.
    for day, hour in [(mon, 6), (mon + timedelta(1), 23), (mon + timedelta(2), 0)]:
        sid = store.start_session("after-run", "after-run", at(day, hour))
        store.record_set(a_set(1, start=at(day, hour)))
        store.finish_session(sid, at(day, hour, 30), completed=True)
    store.start_session("after-run", "after-run", at(mon + timedelta(3), 7))  # no set
    wed = mon + timedelta(2)
    with store.reading() as conn:
        assert [s.day for s in queries.sessions(conn)][1:] == [wed, mon + timedelta(1), mon]
        streaks = queries.streaks(conn, wed + timedelta(1))  # today not done yet
    assert (streaks.current, streaks.best, streaks.last_day) == (3, 3, wed)


def test_weekly_totals_fill_empty_weeks(data_dir: Path) -> None:
    store = HistoryStore(data_dir)
    mon = date(2024, 5, 6)
    import_records(
        store,
        [session(mon, sets=3), session(mon + timedelta(2), sets=2), session(mon + timedelta(15))],
    )
    with store.reading() as conn:
        weeks = queries.weekly_totals(conn)
        days = queries.day_totals(conn, since=mon + timedelta(1))
    # A set is a set number of an exercise with both its sides: 3 sides are 2 sets.
    assert [(w.week_start, w.sessions, w.sets) for w in weeks] == [
        (mon, 2, 2 + 1),
        (mon + timedelta(7), 0, 0),
        (mon + timedelta(14), 1, 8),
    ]
    assert weeks[0].minutes == pytest.approx(5.0)
    assert [(d.day, d.sets) for d in days] == [(mon + timedelta(2), 1), (mon + timedelta(15), 8)]


def test_pain_series_and_progress_with_mixed_units(data_dir: Path) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    sid = store.start_session("strength-day", "day-off", T0)
    store.record_pain("before", 4)
    store.record_set(a_set(1, exercise="dumbbell-deadlift", reps=12, weight=10.0, weight_unit="kg"))
    store.record_set(a_set(2, exercise="dumbbell-deadlift", reps=10, weight=22.0, weight_unit="lb"))
    store.record_set(a_set(3, exercise="low-lunge", reps=None, seconds=75.0))
    store.finish_session(sid, T0 + 900, completed=True)
    import_records(store, [session(date(2024, 5, 3), pain=(None, None))])

    with store.reading() as conn:
        [point] = queries.pain_series(conn)
        [lift] = queries.exercise_progress(conn, "dumbbell-deadlift")
        [lift_lb] = queries.exercise_progress(conn, "dumbbell-deadlift", unit="lb")
        [hold] = queries.exercise_progress(conn, "low-lunge")
        assert queries.exercises(conn) == ["dead-bug", "dumbbell-deadlift", "low-lunge"]
        with pytest.raises(ValueError):
            queries.exercise_progress(conn, "dumbbell-deadlift", unit="stone")
    assert (point.session_id, point.before, point.after) == (sid, 4, None)
    assert lift.sets == 2 and lift.total_reps == 22 and lift.max_reps == 12
    assert lift.max_weight == pytest.approx(10.0)
    assert lift.volume == pytest.approx(12 * 10.0 + 10 * 22 * 0.45359237)
    assert lift_lb.max_weight == pytest.approx(22.046, abs=0.01)
    assert hold.max_seconds == 75.0 and hold.max_weight is None


def test_an_empty_history_gives_empty_answers(data_dir: Path) -> None:
    store = HistoryStore(data_dir)
    with store.reading() as conn:
        assert queries.sessions(conn) == queries.export_records(conn) == []
        assert queries.day_totals(conn) == queries.weekly_totals(conn) == []
        assert queries.pain_series(conn) == queries.exercises(conn) == []
        assert queries.exercise_progress(conn, "dead-bug") == []
        assert queries.interrupted_sessions(conn) == []
        assert queries.session_detail(conn, "no-such-session") is None
        assert queries.streaks(conn, date(2024, 5, 1)).last_day is None


def test_a_set_counts_both_sides_of_one_set_number_everywhere(data_dir: Path) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    sid = store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1, exercise="low-lunge", side="left", reps=None))
    store.record_set(a_set(1, exercise="low-lunge", side="right", reps=None))
    store.record_set(a_set(1, side="both"))
    with store.reading() as conn:
        [left] = queries.interrupted_sessions(conn)  # the one in progress too
        [lunge] = queries.exercise_progress(conn, "low-lunge")
    assert left.summary.set_count == 2 and len(left.done) == 3
    assert lunge.sets == 1
    store.finish_session(sid, T0 + 600, completed=True)
    with store.reading() as conn:
        record = queries.session_detail(conn, sid)
        assert [d.sets for d in queries.day_totals(conn)] == [2]
    assert record is not None and record.set_count == 2 and len(record.sets) == 3


def test_progress_lines_read_only_the_amounts_asked_for_as_the_whole_progress_has_them(
    data_dir: Path,
) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    import_records(store, [session(date(2024, 5, 1) + timedelta(d), sets=3 + d) for d in range(4)])
    sid = store.start_session("strength-day", "day-off", T0 + 5 * 86400)
    store.record_set(a_set(1, exercise="dumbbell-deadlift", reps=12, weight=10.0, weight_unit="kg"))
    store.record_set(a_set(2, exercise="dumbbell-deadlift", reps=10, weight=22.0, weight_unit="lb"))
    store.finish_session(sid, T0 + 5 * 86400 + 900, completed=True)
    measures = ("total_reps", "max_reps", "total_seconds", "max_seconds", "max_weight", "volume")
    with store.reading() as conn:
        for exercise in ("dead-bug", "dumbbell-deadlift", "side-plank"):
            for unit in ("kg", "lb"):
                whole = queries.exercise_progress(conn, exercise, unit)
                lines = queries.progress_lines(conn, exercise, measures, unit)
                assert lines == [(p.day, *p[4:]) for p in whole]
        assert queries.progress_lines(conn, "dead-bug", ["max_seconds", "max_reps"]) == [
            (p.day, p.max_seconds, p.max_reps) for p in queries.exercise_progress(conn, "dead-bug")
        ]
        assert len(queries.progress_lines(conn, "dead-bug", [])) == 4
        with pytest.raises(ValueError, match="measure"):
            queries.progress_lines(conn, "dead-bug", ["sets"])
        with pytest.raises(ValueError, match="unit"):
            queries.progress_lines(conn, "dead-bug", ["max_reps"], unit="stone")


def test_a_page_of_sessions_is_full_when_sessions_are_left_out(data_dir: Path) -> None:
    first = date(2024, 5, 1)
    records = [session(first + timedelta(d)) for d in range(6)]
    with HistoryStore(data_dir, tz=UTC) as store:
        import_records(store, records)
        with store.writing() as conn:  # the newest session holds a status no view can show
            conn.execute("PRAGMA ignore_check_constraints = ON")
            conn.execute("UPDATE sessions SET status = 'lost' WHERE uuid = ?", (records[-1].id,))
    store = HistoryStore(data_dir, tz=UTC)
    with store.reading() as conn:
        page = queries.sessions(conn, limit=3)
        between = queries.sessions(conn, since=first + timedelta(2), until=first + timedelta(5))
    assert [s.id for s in page] == [r.id for r in reversed(records[2:5])]
    assert [s.day for s in between] == [first + timedelta(d) for d in (4, 3, 2)]
    assert [s.set_count for s in page] == [8, 8, 8]


def test_an_exercise_whose_every_set_is_left_out_has_no_progress_to_choose(
    data_dir: Path,
) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    sid = store.start_session("strength-day", "day-off", T0)
    store.record_set(a_set(1, exercise="low-lunge", reps=None, seconds=60.0))
    store.record_set(a_set(2, exercise="dead-bug"))
    store.record_set(a_set(3, exercise="side-plank", skipped=True))
    store.finish_session(sid, T0 + 900, completed=True)
    with store.writing() as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("UPDATE sets SET side = 'middle' WHERE exercise = 'low-lunge'")
    store.close()
    store = HistoryStore(data_dir, tz=UTC)
    with store.reading() as conn:
        assert queries.exercises(conn) == ["dead-bug"]  # side-plank was only skipped
