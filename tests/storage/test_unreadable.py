"""Values that cannot be used, inside a file SQLite finds intact: a byte changed on the disk,
or rows salvaged from damaged pages. Such a row is named, left out of every view and of
the JSON export, and never stops history from being shown."""

from __future__ import annotations

import random
import sqlite3
import uuid
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backcoach.cli import main
from backcoach.content import load_content
from backcoach.storage import db, queries
from backcoach.storage.export import ImportFileError, read_json, write_csv, write_json
from backcoach.storage.importer import import_records
from backcoach.storage.records import SessionRecord
from backcoach.storage.store import HistoryStore
from backcoach.voice import EngineProbe
from tests.helpers.app import App

from .seed import everything, flip_in_row, listed, session

DAY = date(2026, 12, 4)


def seed(folder: Path, days: int = 6) -> list[SessionRecord]:
    """A closed history, one session a day up to :data:`DAY`; the sessions, oldest first."""
    records = [session(DAY - timedelta(days=days - 1 - n), sets=4) for n in range(days)]
    with HistoryStore(folder) as store:
        import_records(store, records)
    return records


def test_a_day_changed_on_the_disk_is_named_and_left_out_of_every_view(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = seed(data_dir)
    flip_in_row(data_dir / db.FILE_NAME, "sessions", "day", "2026-12-04", "2l26-12-04")

    store = HistoryStore(data_dir)
    assert sorted(s.id for s in listed(store)) == sorted(r.id for r in records[:-1])
    assert [r.id for r in everything(store)] == [r.id for r in records[:-1]]
    assert store.session_detail(records[-1].id) is None
    with store.reading() as conn:
        assert [d.day for d in queries.day_totals(conn)] == [r.day for r in records[:-1]]
        assert len(queries.pain_series(conn)) == 5
        assert queries.streaks(conn, DAY).best == 5
        assert [p.sets for p in queries.exercise_progress(conn, "dead-bug")] == [2] * 5
        assert len(queries.progress_lines(conn, "dead-bug", ["max_reps"])) == 5
    [notice] = store.notices
    assert notice.startswith("A record in the history file holds a value that cannot be read")
    assert "(session 6: day)" in notice and "backcoach doctor" in notice
    assert store.notice_title == "A record of history cannot be read"
    store.close()

    assert main(["history"]) == 0
    out, err = capsys.readouterr()
    assert "session 6: day" in err and "Recent sessions" in out
    export = tmp_path / "h.json"
    assert main(["history", "--json", str(export)]) == 0
    assert [r.id for r in read_json(export)] == [r.id for r in records[:-1]]


@pytest.mark.parametrize(
    ("table", "column", "value", "said"),
    [
        ("sessions", "status", "paused", "session 1: status"),
        ("sessions", "started_at", 1e20, "session 1: start time"),
        ("sessions", "uuid", "", "session 1: id"),
        ("sessions", "day", "2026-02-30", "session 1: day"),
        ("sessions", "routine", b"\x00\x01", "session 1: routine"),
        ("sets", "side", "up", "set 1: side"),
        ("sets", "set_number", "one", "set 1: set number"),
        ("sets", "reps", -3, "set 1: reps"),
        ("sets", "seconds", "forty", "set 1: seconds"),
        ("sets", "weight_unit", "stone", "set 1: weight"),
        ("sets", "ended_at", None, "set 1: end time"),
        ("sets", "session_id", 999, "set 1: session"),
        ("pain_checkins", "rating", 11, "pain check-in of session 1 (before): rating"),
        ("pain_checkins", "moment", "during", "pain check-in of session 1: moment"),
    ],
)
def test_each_kind_of_value_is_checked(
    data_dir: Path, table: str, column: str, value: object, said: str
) -> None:
    records = seed(data_dir, days=2)
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("PRAGMA writable_schema = ON")  # NOT NULL cannot be set aside otherwise
    key = "session_id = 1 AND moment = 'before'" if table == "pain_checkins" else "rowid = 1"
    if value is None:
        conn.execute("UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '')")
        conn.commit()
        conn.close()
        conn = sqlite3.connect(data_dir / db.FILE_NAME)
    conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key}", (value,))
    conn.commit()
    conn.close()

    store = HistoryStore(data_dir)
    [notice] = store.notices
    assert said in notice
    shown = everything(store)
    if table == "sessions":
        assert [r.id for r in shown] == [records[1].id]
    elif table == "sets":
        assert [len(r.sets) for r in shown] == [3, 4]
    else:
        assert [len(r.pain) for r in shown] == [1, 2]
    assert len(listed(store)) == len(shown)


def deterministic_history(folder: Path, days: int = 40) -> None:
    """A history whose bytes are the same on every run (fixed ids and times)."""
    rng = random.Random(1)

    def an_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    records = []
    for n in range(days):
        made = session(date(2024, 3, 1) + timedelta(days=n), sets=6, pain=(n % 7, n % 5))
        sets = tuple(replace(s, id=an_id()) for s in made.sets)
        records.append(replace(made, id=an_id(), sets=sets))
    with HistoryStore(folder) as store:
        import_records(store, records)


def look_at_everything(folder: Path, out: Path) -> None:
    """Every view history has, both exports, the detail of each session, and doctor."""
    from backcoach.commands.doctor import diagnose

    store = HistoryStore(folder)
    with store.reading() as conn:
        shown = queries.sessions(conn)
        queries.weekly_totals(conn)
        queries.streaks(conn, date(2024, 5, 1))
        queries.pain_series(conn)
        for exercise in queries.exercises(conn):
            queries.exercise_progress(conn, exercise, unit="lb")
            queries.progress_lines(conn, exercise, ("max_weight", "total_reps"), unit="lb")
        records = queries.export_records(conn)
    store.interrupted_sessions()
    for summary in shown:
        store.session_detail(summary.id)
    write_csv(store, out / "h.csv")
    write_json(records, out / "h.json")
    try:
        back = read_json(out / "h.json")
    except ImportFileError as exc:  # an id or an end the import refuses: it names which
        assert str(exc).startswith("sessions[")
    else:
        assert len(back) == len(records)
    store.close()
    speech = EngineProbe("espeak", True, voices=[("en", "English")], current_voice="en")
    diagnose(folder, load_content(), lambda: speech, lambda: ("offscreen", ""))


@pytest.mark.parametrize("seed_", range(6, 14))
def test_random_damage_then_a_salvage_never_stops_history(
    data_dir: Path, tmp_path: Path, seed_: int
) -> None:
    """64 bytes changed at random past the first page (which names the tables): some damage
    pages, so the file is salvaged; others only change values."""
    deterministic_history(data_dir)
    path = data_dir / db.FILE_NAME
    raw = bytearray(path.read_bytes())
    rng = random.Random(seed_)
    for _ in range(64):
        raw[rng.randrange(4096, len(raw))] = rng.randrange(256)
    path.write_bytes(bytes(raw))
    look_at_everything(data_dir, tmp_path)
    assert main(["history"]) in (0, 1)


def test_the_history_page_shows_the_rest(qtbot: QtBot, data_dir: Path) -> None:
    records = seed(data_dir)
    flip_in_row(data_dir / db.FILE_NAME, "sets", "day", "2026-12-03", "2026-13-03")
    flip_in_row(data_dir / db.FILE_NAME, "sessions", "day", "2026-12-04", "2l26-12-04")
    app = App(qtbot, load_content(), data_dir)
    view = app.history.show_history()
    assert len(view.row_texts()) == len(records) - 1
    assert view.open_session(records[-2].id)
    assert not view.open_session(records[-1].id)
