"""``backcoach history`` and ``backcoach import``, through a parser built as cli.py builds it."""

from __future__ import annotations

import argparse
import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from backcoach.commands import history as history_commands
from backcoach.content import load_content
from backcoach.storage import db
from backcoach.storage.importer import import_records
from backcoach.storage.store import HistoryStore

from .seed import everything, session


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="backcoach")
    parser.add_argument("--data-dir")
    sub = parser.add_subparsers()
    history_commands.register(sub, load_content())
    args = parser.parse_args(argv)
    return int(args.func(args))


def seed(folder: Path) -> None:
    today = date.today()
    store = HistoryStore(folder)
    import_records(
        store,
        [
            session(today - timedelta(2), sets=6, pain=(5, 3)),
            session(today - timedelta(1), sets=4, pain=(4, 3), status="ended-early"),
            session(today, sets=9, pain=(3, None)),
        ],
    )
    store.close()


def test_summary_lists_recent_sessions_streak_and_pain_trend(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    assert run("history") == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    today = date.today()
    assert today.strftime("%a %Y-%m-%d") in lines[2] and "After a run" in lines[2]
    assert lines[2].endswith("   5    9  3 → –")  # 9 sides of 5 sets
    assert "(ended early)" in lines[3] and "4 → 3" in lines[3]
    assert "Streak: 3 days in a row (best: 3)." in out
    assert "over the last 2 sessions, pain eased by 1.5 points on average" in out


def test_summary_with_no_history_creates_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("history") == 0
    assert "No sessions recorded yet" in capsys.readouterr().out
    assert not data_dir.exists()


def test_export_then_import_elsewhere_and_again(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    out_json, out_csv = tmp_path / "h.json", tmp_path / "h.csv"
    assert run("history", "--json", str(out_json), "--csv", str(out_csv)) == 0
    assert "Wrote 3 sessions (19 rows, one per set and side)" in capsys.readouterr().out
    assert len(out_csv.read_text().splitlines()) == 20
    other = tmp_path / "laptop"
    assert run("--data-dir", str(other), "import", str(out_json)) == 0
    assert "Imported 3 new sessions, 19 sets and 5 pain check-ins" in capsys.readouterr().out
    assert run("--data-dir", str(other), "import", str(out_json)) == 0
    out = capsys.readouterr().out
    assert "Imported 0 new sessions, 0 sets" in out and "3 sessions already in history" in out
    assert everything(HistoryStore(other)) == everything(HistoryStore(data_dir))


def test_a_bad_import_file_is_one_line_status_1_and_adds_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    out_json = tmp_path / "h.json"
    run("history", "--json", str(out_json))
    doc = json.loads(out_json.read_text())
    doc["sessions"][2]["sets"][1]["reps"] = "ten"
    out_json.write_text(json.dumps(doc))
    capsys.readouterr()
    other = tmp_path / "laptop"
    assert run("--data-dir", str(other), "import", str(out_json)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert 'sessions[2].sets[1].reps must be a whole number ≥ 0, got "ten"' in err
    assert "nothing was imported" in err
    assert not other.exists()


def test_a_missing_import_file_is_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import", str(tmp_path / "nope.json")) == 1
    assert "cannot read" in capsys.readouterr().err


def test_a_newer_database_is_status_1_with_its_message(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    conn.execute(f"PRAGMA user_version = {db.LATEST_VERSION + 3}")
    conn.close()
    assert run("history") == 1
    assert "newer backcoach" in capsys.readouterr().err


def test_exporting_into_a_missing_folder_is_status_1(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    assert run("history", "--csv", str(tmp_path / "no" / "such" / "h.csv")) == 1
    err = capsys.readouterr().err
    assert err.startswith("backcoach: ") and err.count("\n") == 1


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as exc:
        run("history", "--last", "many")
    assert exc.value.code == 2


def test_an_export_with_its_ids_respelled_adds_nothing_where_it_came_from(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    out_json = tmp_path / "h.json"
    assert run("history", "--json", str(out_json)) == 0
    doc = json.loads(out_json.read_text())
    for s in doc["sessions"]:
        s["id"] = "{" + s["id"].upper() + "}"
        for one in s["sets"]:
            one["id"] = "urn:uuid:" + one["id"].replace("-", "")
    out_json.write_text(json.dumps(doc))
    before = everything(HistoryStore(data_dir))
    capsys.readouterr()
    assert run("import", str(out_json)) == 0
    out = capsys.readouterr().out
    assert "Imported 0 new sessions, 0 sets" in out and "3 sessions already in history" in out
    assert everything(HistoryStore(data_dir)) == before
