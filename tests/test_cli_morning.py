"""``backcoach morning N [--note TEXT]`` through the command line, and the morning
question of ``backcoach start`` in a terminal: both name the session the rating goes to."""

from __future__ import annotations

import os
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from backcoach.cli import main
from backcoach.commands.morning import NO_SESSION
from backcoach.storage import HistoryStore

from .storage.seed import a_set, everything
from .test_cli_start import LIMIT, _read_until, in_terminal

LAST_NIGHT = "your “After a run” session last night (1 set)"
"""A session started at 21:00 yesterday with one set, as the morning question names it."""


def _session_ago(folder: Path, hours: float) -> str:
    """A finished after-run session that ended ``hours`` ago; returns its id."""
    start = time.time() - hours * 3600 - 600
    with HistoryStore(folder) as store:
        sid = store.start_session("after-run", "after-run", start)
        store.record_set(a_set(1, start))
        store.finish_session(sid, start + 600, completed=True)
        store.record_pain("before", 2, session_id=sid)
    return sid


def _session_last_night(folder: Path) -> str:
    """A finished after-run session with one set, started at 21:00 yesterday; its id."""
    start = datetime.combine(date.today(), datetime.min.time()).timestamp() - 3 * 3600
    with HistoryStore(folder) as store:
        sid = store.start_session("after-run", "after-run", start)
        store.record_set(a_set(1, start))
        store.finish_session(sid, start + 600, completed=True)
    return sid


def _exit(args: list[str]) -> int:
    try:
        return main(args)
    except SystemExit as exc:
        return int(exc.code or 0)


def test_the_morning_rating_goes_to_the_latest_session_of_the_last_36_hours(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _session_ago(data_dir, 30)
    latest = _session_ago(data_dir, 10)
    assert main(["morning", "4", "--note", "stiff getting up"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Recorded 4/10 this morning for your “After a run” session ")
    assert out.endswith(" (1 set).\n")
    with HistoryStore(data_dir) as store:
        by_id = {r.id: r for r in everything(store)}
    assert [(p.moment, p.rating, p.note) for p in by_id[latest].pain if p.moment == "morning"] == [
        ("morning", 4, "stiff getting up")
    ]
    assert sum(r.rating("morning") is not None for r in by_id.values()) == 1
    assert main(["morning", "2"]) == 0  # answered again: the new rating replaces it
    with HistoryStore(data_dir) as store:
        assert [r.rating("morning") for r in everything(store)] == [None, 2]


@pytest.mark.parametrize("given", ["11", "-1", "three", "4.5"])
def test_a_rating_outside_0_to_10_exits_2_with_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str], given: str
) -> None:
    _session_ago(data_dir, 1)
    assert _exit(["morning", given]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "from 0 to 10" in captured.err
    with HistoryStore(data_dir) as store:
        assert [r.rating("morning") for r in everything(store)] == [None]


def test_no_session_in_the_last_36_hours_exits_3_with_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["morning", "3"]) == NO_SESSION == 3  # no history at all
    assert capsys.readouterr().err == (
        "backcoach: no session in the last 36 hours to attach the rating to\n"
    )
    _session_ago(data_dir, 37)
    assert main(["morning", "3"]) == NO_SESSION
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    with HistoryStore(data_dir) as store:
        assert [r.rating("morning") for r in everything(store)] == [None]


def test_the_recorded_rating_names_the_session_it_went_to(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _session_last_night(data_dir)
    assert main(["morning", "5"]) == 0
    assert capsys.readouterr().out == f"Recorded 5/10 this morning for {LAST_NIGHT}.\n"


def test_start_in_a_terminal_names_the_session_the_morning_question_is_about(
    data_dir: Path,
) -> None:
    sid = _session_last_night(data_dir)
    master, slave, child = in_terminal("start", "after-run", "--no-window", "--no-voice")
    seen: list[str] = []
    deadline = time.monotonic() + LIMIT
    try:
        question = f"How is your lower back this morning? About {LAST_NIGHT}."
        _read_until(master, question, seen, deadline)
        os.write(master, b"4\n")
        _read_until(master, "Recorded 4/10 this morning.", seen, deadline)
        _read_until(master, "Pain before this session: 4/10", seen, deadline)
        os.write(master, b"\n")
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
        by_id = {r.id: r for r in everything(store)}
    assert by_id[sid].rating("morning") == 4
