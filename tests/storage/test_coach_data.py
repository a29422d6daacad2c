"""What the coach keeps in history: the version 6 migration (a morning moment of the pain
record, the dose each session gave), its writes, reads, exports and imports."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from backcoach.core.coach import GivenDose, Level, Work
from backcoach.storage import db, queries
from backcoach.storage.export import CSV_COLUMNS, read_json, write_csv, write_json
from backcoach.storage.importer import adds_nothing, import_records
from backcoach.storage.store import HistoryStore

from .make_fixtures import FIXTURES, V5_PAIN, V5_SESSIONS
from .seed import T0, a_set, everything

UTC = ZoneInfo("UTC")
DOSES = (
    GivenDose("dead-bug", Level(3, 9), reason="Two pain-free sessions in a row."),
    GivenDose("low-lunge", Level(2, hold_s=65), chosen=True),
)


def test_version_5_migrates_and_takes_a_morning_rating(data_dir: Path) -> None:
    data_dir.mkdir()
    shutil.copy(FIXTURES / "v5.sqlite3", data_dir / db.FILE_NAME)
    store = HistoryStore(data_dir, tz=UTC)
    first = V5_SESSIONS[0][1]
    store.record_pain("morning", 5, "stiff on waking", first, recorded_at=T0)
    record = store.session_detail(first)
    assert record is not None
    assert [(p.moment, p.rating) for p in record.pain] == [
        *[(m, r) for s, m, r, _, _ in V5_PAIN if s == 1],
        ("morning", 5),
    ]
    assert record.doses == ()
    store.close()
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    assert db.schema_version(conn) == db.LATEST_VERSION
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        conn.execute("INSERT INTO pain_checkins VALUES (1, 'noon', 1, '', 0)")
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


def test_a_garbled_rating_survives_the_rebuild_and_is_still_left_out(data_dir: Path) -> None:
    data_dir.mkdir()
    path = data_dir / db.FILE_NAME
    conn = db.connect(path)
    db.migrate(conn, target=5)
    conn.execute(
        "INSERT INTO sessions (uuid, routine, context, started_at, status, day)"
        " VALUES ('8f1d2c3e-0000-4000-8000-000000000801', 'after-run', 'after-run', ?,"
        " 'completed', '2024-05-01')",
        (T0,),
    )
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("INSERT INTO pain_checkins VALUES (1, 'after', 42, '', ?)", (T0,))
    conn.execute("INSERT INTO pain_checkins VALUES (1, 'before', 3, '', ?)", (T0,))
    conn.close()
    store = HistoryStore(data_dir, tz=UTC)
    assert any("pain check-in of session 1 (after): rating" in n for n in store.notices)
    record = store.session_detail("8f1d2c3e-0000-4000-8000-000000000801")
    assert record is not None and [(p.moment, p.rating) for p in record.pain] == [("before", 3)]
    store.close()


def test_doses_and_morning_ratings_are_kept_exported_and_imported(
    data_dir: Path, tmp_path: Path
) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    sid = store.start_session("after-run", "after-run", T0)
    store.record_doses(DOSES)
    changed = GivenDose("low-lunge", Level(3, hold_s=70), chosen=True)
    store.record_doses([changed])  # the user changed it again: it replaces the first
    store.record_set(a_set(1, planned_reps=9))
    store.finish_session(sid, T0 + 600, completed=True)
    store.record_pain("after", 2, session_id=sid)
    store.record_pain("morning", 4, "stiff", sid, recorded_at=T0 + 86400)
    record = store.session_detail(sid)
    assert record is not None and record.doses == (DOSES[0], changed)
    assert record.rating("morning") == 4
    out = tmp_path / "history.json"
    write_json(everything(store), out)
    doc = json.loads(out.read_text("utf-8"))
    assert doc["version"] == 3
    assert doc["sessions"][0]["doses"][1] == {
        "exercise": "low-lunge",
        "variant": None,
        "sets": 3,
        "reps": None,
        "hold_seconds": 70,
        "weight": None,
        "weight_unit": None,
        "chosen": True,
        "reason": "",
    }
    csv_out = tmp_path / "history.csv"
    write_csv(store, csv_out)
    header, row = csv_out.read_text("utf-8").splitlines()[:2]
    assert header.split(",")[-2:] == list(CSV_COLUMNS[-2:]) == ["pain_morning", "pain_morning_note"]
    assert row.split(",")[-2:] == ["4", "stiff"]
    store.close()

    elsewhere = HistoryStore(tmp_path / "elsewhere", tz=UTC)
    import_records(elsewhere, read_json(out))
    assert everything(elsewhere) == [record]
    with elsewhere.reading() as conn:
        assert adds_nothing(conn, read_json(out))
    elsewhere.close()


@pytest.mark.parametrize("version", [1, 2])
def test_older_exports_without_doses_still_import(tmp_path: Path, version: int) -> None:
    store = HistoryStore(tmp_path / "a", tz=UTC)
    sid = store.start_session("after-run", "after-run", T0)
    store.record_set(a_set(1))
    store.finish_session(sid, T0 + 600, completed=True)
    store.record_pain("before", 3, session_id=sid)
    write_json(everything(store), tmp_path / "h.json")
    store.close()
    doc = json.loads((tmp_path / "h.json").read_text("utf-8"))
    doc["version"] = version
    for session in doc["sessions"]:
        del session["doses"]
        for s in session["sets"]:
            if version == 1:
                for key in ("skipped", "planned_reps", "planned_seconds"):
                    del s[key]
    (tmp_path / "h.json").write_text(json.dumps(doc), "utf-8")
    records = read_json(tmp_path / "h.json")
    assert records[0].doses == ()
    other = HistoryStore(tmp_path / "b", tz=UTC)
    counts = import_records(other, records)
    assert (counts.sessions_added, counts.sets_added, counts.checkins_added) == (1, 1, 1)
    other.close()


def test_the_coach_reads_sessions_ratings_doses_and_what_the_sets_show(data_dir: Path) -> None:
    store = HistoryStore(data_dir, tz=UTC)
    sid = store.start_session("after-run", "after-run", T0)
    store.record_doses(DOSES)
    store.record_set(a_set(1, planned_reps=9, reps=9))
    store.record_set(a_set(2, planned_reps=9, reps=6))  # cut short
    store.record_set(a_set(3, reps=0, seconds=0.0, skipped=True, planned_reps=9))
    for side in ("left", "right"):
        store.record_set(
            a_set(1, exercise="low-lunge", side=side, reps=None, seconds=70.0, planned_seconds=70.0)
        )
    store.finish_session(sid, T0 + 900, completed=True)
    store.record_pain("before", 2, session_id=sid)
    store.record_pain("after", 1, session_id=sid)
    store.record_pain("morning", 4, session_id=sid)
    other = store.start_session("before-run", "before-run", T0 + 86400)
    with store.reading() as conn:
        history = queries.coach_history(conn)
        assert queries.latest_session(conn, T0, T0 + 2 * 86400).id == other  # type: ignore[union-attr]
        assert queries.latest_session(conn, T0 + 3 * 86400, T0 + 4 * 86400) is None
    store.close()
    first, second = history
    assert (first.id, first.before, first.after, first.morning, first.completed) == (
        sid,
        2,
        1,
        4,
        True,
    )
    assert first.given == DOSES
    assert sorted(first.work, key=lambda w: w.exercise) == [
        Work("dead-bug", 3, 1, 2, True, reps=9),
        Work("low-lunge", 1, 2, 0, True, hold_s=70.0),
    ]
    assert (second.id, second.completed, second.work) == (other, False, ())
