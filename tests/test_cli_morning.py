"""``backcoach morning N [--note TEXT]`` through the command line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from backcoach.cli import main
from backcoach.commands.morning import NO_SESSION
from backcoach.storage import HistoryStore

from .storage.seed import a_set, everything


def _session_ago(folder: Path, hours: float) -> str:
    """A finished after-run session that ended ``hours`` ago; returns its id."""
    start = time.time() - hours * 3600 - 600
    with HistoryStore(folder) as store:
        sid = store.start_session("after-run", "after-run", start)
        store.record_set(a_set(1, start))
        store.finish_session(sid, start + 600, completed=True)
        store.record_pain("before", 2, session_id=sid)
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
    assert out.startswith("Recorded 4/10 this morning for the session of ")
    assert out.endswith("(After a run).\n")
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
