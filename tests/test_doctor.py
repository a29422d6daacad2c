"""``backcoach doctor`` on a healthy set-up and on broken ones."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from backcoach.cli import main
from backcoach.storage import HistoryStore, acquire_instance_lock, db
from backcoach.storage.importer import import_records
from backcoach.voice import EngineProbe
from backcoach.voice.worker import SpeechEngineError

from .storage.seed import flip_in_row, foreign_journal, frozen, session


@pytest.fixture(autouse=True)
def speech(monkeypatch: pytest.MonkeyPatch) -> None:
    """A speech engine with two voices, without starting one."""
    probe = EngineProbe(
        "espeak", True, voices=[("en", "English"), ("de", "German")], current_voice="en"
    )
    monkeypatch.setattr("backcoach.voice.probe_engine", lambda: probe)
    monkeypatch.setattr("backcoach.voice.speech_engine_problem", lambda player=None: None)


def doctor(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main([*argv, "doctor"])
    return status, capsys.readouterr().out


def seed(folder: Path, sessions: int = 2) -> None:
    from datetime import date, timedelta

    with HistoryStore(folder) as store:
        import_records(
            store, [session(date.today() - timedelta(n), sets=3) for n in range(sessions)]
        )


def test_a_healthy_setup_reports_everything_and_exits_0(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    status, out = doctor(capsys)
    assert status == 0, out
    assert f"Path: {data_dir} (from $BACKCOACH_DATA_DIR)" in out
    assert "Exists: yes" in out and "Writable: yes" in out
    assert f"Path: {data_dir / db.FILE_NAME}" in out
    assert (
        f"Format: version {db.LATEST_VERSION} (this backcoach reads up to {db.LATEST_VERSION})"
        in out
    )
    assert "Health: ok" in out
    assert "Contents: 2 sessions, 6 sets" in out
    assert "In use: no" in out
    assert "Voices: 2 (English, German)" in out and "Default voice: en" in out
    assert "QT_QPA_PLATFORM: offscreen" in out and "Platform in use: offscreen" in out
    assert out.rstrip().endswith("All is well.")


def test_a_new_user_without_any_file_is_healthy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "fresh"
    status, out = doctor(capsys, "--data-dir", str(folder))
    assert status == 0, out
    assert "Exists: no (it is made when history or settings are first saved)" in out
    assert "Exists: no (no session recorded yet)" in out
    assert not folder.exists()


def test_the_instance_holding_the_folder_is_named(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    lock = acquire_instance_lock(data_dir)
    assert lock is not None
    try:
        status, out = doctor(capsys)
    finally:
        lock.release()
    assert status == 0
    assert f"In use: yes, by backcoach process {os.getpid()}" in out


def problems(out: str) -> list[str]:
    tail = out.split("problem", 1)[1]
    return [line.strip()[2:] for line in tail.splitlines()[1:] if line.strip()]


def test_a_corrupt_history_file_is_a_problem_and_is_left_alone(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    path = data_dir / db.FILE_NAME
    junk = b"this is not a database at all " * 200
    path.write_bytes(junk)
    status, out = doctor(capsys)
    assert status == 1
    assert "Health: damaged" in out
    [problem] = problems(out)
    assert problem.startswith(f"the history file {path} is damaged")
    assert "moved aside (kept)" in problem
    assert path.read_bytes() == junk


def test_a_too_new_history_file_is_a_problem(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    conn.execute(f"PRAGMA user_version = {db.LATEST_VERSION + 3}")
    conn.close()
    status, out = doctor(capsys)
    assert status == 1
    [problem] = problems(out)
    assert "written by a newer backcoach" in problem
    assert f"history format {db.LATEST_VERSION + 3}" in problem


def test_a_data_folder_that_is_a_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spot = tmp_path / "file"
    spot.write_text("x", encoding="utf-8")
    assert main(["--data-dir", str(spot), "doctor"]) == 2
    said = capsys.readouterr()
    assert said.out == ""
    assert said.err == (
        f"backcoach: error: the data folder {spot} (from --data-dir) is a file, not a folder\n"
    )


def test_speech_that_cannot_start_is_a_problem(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = EngineProbe(
        "espeak", False, problem="The speech engine could not start: libespeak-ng is missing."
    )
    monkeypatch.setattr("backcoach.voice.probe_engine", lambda: broken)
    status, out = doctor(capsys)
    assert status == 1
    assert "Started: no" in out
    assert problems(out) == ["The speech engine could not start: libespeak-ng is missing."]


def test_a_qt_that_cannot_start_is_reported_not_a_crash(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-platform")
    status, out = doctor(capsys)
    assert status == 1
    assert "QT_QPA_PLATFORM: no-such-platform" in out
    assert "Platform in use: none, Qt did not start" in out
    [problem] = problems(out)
    assert problem.startswith("the window cannot open:") and "no-such-platform" in problem


def test_a_read_only_history_file_is_read_only_not_damaged(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    with frozen(data_dir):
        status, out = doctor(capsys)
    assert status == 1
    assert "Health: ok" in out and "damaged" not in out
    assert "Writable: no (read-only: it can be shown and exported" in out
    assert "Contents: 2 sessions, 6 sets" in out
    assert problems(out) == [f"the data folder {data_dir} is read-only, so nothing can be saved"]


def test_a_folder_that_cannot_hold_the_wal_index_is_still_checked(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    (data_dir / f"{db.FILE_NAME}-shm").mkdir()
    _status, out = doctor(capsys)
    assert "Health: ok" in out and "damaged" not in out, out
    assert "Contents: 2 sessions, 6 sets" in out


@pytest.mark.parametrize(
    ("why", "problem"),
    [
        (
            "aplay is not installed",
            "Voice is off: the program aplay, which plays the speech, is missing.",
        ),
        ("no sound card", "Voice is off: no sound card was found."),
    ],
)
def test_speech_that_starts_but_cannot_be_heard_is_a_problem(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    why: str,
    problem: str,
) -> None:
    monkeypatch.setattr(
        "backcoach.voice.speech_engine_problem",
        lambda player=None: SpeechEngineError(why, problem),
    )
    status, out = doctor(capsys)
    assert status == 1
    assert "Started: yes" in out and f"Can be heard: no ({why})" in out
    assert problems(out) == [problem]


def test_no_display_is_named_before_any_missing_library(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    status, out = doctor(capsys)
    assert status == 1
    assert problems(out) == [
        "the window cannot open: no display to open a window on (DISPLAY/WAYLAND_DISPLAY not set)"
    ]


def test_a_journal_from_another_history_is_a_problem_and_nothing_changes_until_history_opens(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir, sessions=3)
    foreign_journal(data_dir, tmp_path)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    status, out = doctor(capsys)
    assert status == 1
    wal = data_dir / f"{db.FILE_NAME}-wal"
    assert f"Journal: {wal} does not belong to the history file" in out
    assert "Contents: 3 sessions, 9 sets" in out  # the history file read without it
    [problem] = problems(out)
    assert problem.startswith(f"the journal file {wal} does not belong to the history file")
    assert "of the 3 sessions in history" in problem and "nothing is lost" in problem
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.name in before} == before
    assert not list(data_dir.glob("*mispaired*"))

    HistoryStore(data_dir).close()
    status, out = doctor(capsys)
    assert status == 0, out
    [kept] = data_dir.glob("history.mispaired-*.sqlite3")
    assert f"Set aside: {kept} and {kept.name}-wal (the history file as it was" in out


def test_a_value_changed_on_the_disk_is_named_with_the_index_that_no_longer_matches(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    with HistoryStore(data_dir) as store:
        import_records(store, [session(date(2026, 12, n), sets=3) for n in (3, 4)])
    flip_in_row(data_dir / db.FILE_NAME, "sessions", "day", "2026-12-04", "2l26-12-04")
    status, out = doctor(capsys)
    assert status == 1
    assert "Health: its indexes do not match its records (row 2 missing from index" in out
    assert "Records: 1 record with values that cannot be read" in out
    assert "    session 2: day" in out
    index, records = problems(out)
    assert index.startswith(f"the indexes of the history file {data_dir / db.FILE_NAME}")
    assert "no record is lost" in index and "backcoach import FILE" in index
    assert records.startswith(f"the history file {data_dir / db.FILE_NAME} holds 1 record")


def test_a_value_its_check_refuses_is_an_unreadable_record_not_damage(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE pain_checkins SET rating = 11 WHERE session_id = 1 AND moment = 'after'")
    conn.commit()
    conn.close()
    status, out = doctor(capsys)
    assert status == 1
    assert "Health: ok (integrity check passed)" in out and "damaged" not in out
    assert "    pain check-in of session 1 (after): rating" in out
    [problem] = problems(out)
    assert "holds 1 record with values that cannot be read" in problem


def test_the_sound_player_in_use_and_where_it_came_from_is_shown(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BACKCOACH_PLAYER", raising=False)
    _status, out = doctor(capsys)
    assert "Sound player: aplay -q (from default)" in out
    monkeypatch.setenv("BACKCOACH_PLAYER", "paplay")
    _status, out = doctor(capsys)
    assert "Sound player: paplay (from $BACKCOACH_PLAYER)" in out
    _status, out = doctor(capsys, "--player", "pw-play --volume 1")
    assert "Sound player: pw-play --volume 1 (from --player)" in out
    assert "Synthesis: " in out
