"""``backcoach today`` and the morning question of ``backcoach start`` in a terminal."""

from __future__ import annotations

import json
import os
import time
from datetime import date, datetime
from pathlib import Path

from backcoach.core import phrases
from backcoach.core.coach import GivenDose, Level
from backcoach.storage import HistoryStore

from .storage.seed import a_set, listed
from .test_cli_start import LIMIT, _read_until, in_terminal, run

ITEM_KEYS = [
    "exercise",
    "variant",
    "sets",
    "reps",
    "reps_per_side",
    "hold_s",
    "weight",
    "weight_unit",
    "light",
    "reason",
]


def test_today_json_has_the_documented_shape_and_asks_nothing(data_dir: Path) -> None:
    done = run("today", "--json", "--context", "after-run")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert list(found) == ["date", "routine", "context", "done_today", "items"]
    assert found["date"] == date.today().isoformat()
    assert (found["routine"], found["context"], found["done_today"]) == (
        "after-run",
        "after-run",
        False,
    )
    assert [list(item) for item in found["items"]] == [ITEM_KEYS] * len(found["items"])
    bug = next(i for i in found["items"] if i["exercise"] == "dead-bug")
    assert bug["reps_per_side"] is True and bug["light"] is None
    assert bug["reason"].startswith("A first session of this one")
    assert not (data_dir / "history.sqlite3").exists()  # reading made no history


def test_today_follows_the_context_and_says_a_session_was_done_today(data_dir: Path) -> None:
    with HistoryStore(data_dir) as store:
        start = time.time() - 60
        sid = store.start_session("after-run", "after-run", start)
        store.record_pain("after", 1, "", sid, start + 30)
        store.finish_session(sid, start + 30, completed=True)
    found = json.loads(run("today", "--json", "--context", "day-off").stdout)
    assert (found["routine"], found["context"], found["done_today"]) == (
        "strength-day",
        "day-off",
        True,
    )
    usual = json.loads(run("today", "--json").stdout)
    assert usual["context"] == "after-run"  # the one chosen at this hour
    text = run("today")
    assert text.returncode == 0
    assert "A session is already done today." in text.stdout


def test_start_in_a_terminal_asks_the_morning_question_then_only_confirms_before(
    data_dir: Path,
) -> None:
    start = datetime.combine(date.today(), datetime.min.time()).timestamp() - 3 * 3600
    with HistoryStore(data_dir) as store:
        sid = store.start_session("after-run", "after-run", start)
        store.finish_session(sid, start + 600, completed=True)
    master, slave, child = in_terminal("start", "after-run", "--no-window", "--no-voice")
    seen: list[str] = []
    deadline = time.monotonic() + LIMIT
    try:
        _read_until(master, phrases.morning_question(), seen, deadline)
        os.write(master, b"3\n")
        _read_until(master, "Recorded 3/10 this morning.", seen, deadline)
        _read_until(master, "Pain before this session: 3/10, as this morning.", seen, deadline)
        os.write(master, b"\n")
        _read_until(master, "Before this session: 3/10.", seen, deadline)
        _read_until(master, "Keys: Space", seen, deadline)
        os.write(master, b"q")
        _read_until(master, "Saved in history", seen, deadline)
        assert child.wait(timeout=max(0.1, deadline - time.monotonic())) == 0
    finally:
        child.kill()
        child.wait()
        os.close(master)
        os.close(slave)
    with HistoryStore(data_dir) as store:
        yesterday = store.session_detail(sid)
        assert yesterday is not None and yesterday.rating("morning") == 3
        (today,) = [s for s in listed(store) if s.id != sid]
        record = store.session_detail(today.id)
        assert record is not None and record.rating("before") == 3


def test_start_without_a_terminal_never_asks_the_morning_question(data_dir: Path) -> None:
    start = datetime.combine(date.today(), datetime.min.time()).timestamp() - 3 * 3600
    with HistoryStore(data_dir) as store:
        sid = store.start_session("after-run", "after-run", start)
        store.finish_session(sid, start + 600, completed=True)
    done = run("start", "after-run", "--no-window", "--no-voice", "--speed", "1000")
    assert done.returncode == 0, done.stderr
    assert phrases.morning_question() not in done.stdout


def test_today_names_the_easier_variant_after_a_red_at_the_minimum(data_dir: Path) -> None:
    with HistoryStore(data_dir) as store:
        start = time.time() - 86400
        sid = store.start_session("after-run", "after-run", start)
        store.record_doses([GivenDose("dead-bug", Level(sets=2, reps=5))], sid)
        for n in (1, 2):
            store.record_set(a_set(n, start, side="both", reps=5, planned_reps=5))
        store.record_pain("after", 7, "", sid, start + 600)
        store.finish_session(sid, start + 600, completed=True)
    found = json.loads(run("today", "--json", "--context", "after-run").stdout)
    bug = next(i for i in found["items"] if i["exercise"] == "dead-bug")
    assert (bug["variant"], bug["sets"], bug["reps"], bug["light"]) == ("heel-taps", 1, 5, "red")
    assert "heel taps instead" in bug["reason"]
    assert (
        "  Heel taps (in place of Dead bug) [red]: "
        in run("today", "--context", "after-run").stdout
    )


def test_today_reads_a_history_file_of_an_older_format_through_its_full_opening(
    data_dir: Path,
) -> None:
    import shutil
    import sqlite3

    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "history.sqlite3"
    shutil.copy(Path(__file__).parent / "storage" / "fixtures" / "v5.sqlite3", path)
    done = run("today", "--json", "--context", "after-run")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["items"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 6  # upgraded, as on any opening
    conn.close()
