"""``backcoach history`` and ``backcoach import`` through the real command line."""

from __future__ import annotations

import copy
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcoach.cli import main
from backcoach.commands.doctor import diagnose
from backcoach.content import load_content
from backcoach.core.records import SetRecord
from backcoach.storage import HistoryStore, acquire_instance_lock
from backcoach.storage.export import read_json, write_json
from backcoach.storage.importer import import_records
from backcoach.voice import EngineProbe

from .storage.seed import everything, frozen, listed, session


def seed(folder: Path) -> None:
    today = date.today()
    with HistoryStore(folder) as store:
        import_records(
            store,
            [
                session(today - timedelta(1), sets=4, pain=(5, 2)),
                session(today, sets=3, pain=(3, None), status="ended-early"),
            ],
        )


def test_history_prints_recent_sessions_streak_and_pain_trend(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert f"history in {data_dir}" in out
    assert date.today().strftime("%a %Y-%m-%d") in out and "(ended early)" in out
    assert "Streak: 2 days in a row (best: 2)." in out
    assert "pain eased by 3.0 points" in out


def test_data_dir_option_wins_over_the_environment(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "history"]) == 0
    assert "No sessions recorded yet" in capsys.readouterr().out
    assert not other.exists()


def test_csv_and_json_export_then_import_elsewhere_twice(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    out_csv, out_json = tmp_path / "h.csv", tmp_path / "h.json"
    assert main(["history", "--csv", str(out_csv), "--json", str(out_json)]) == 0
    said = capsys.readouterr().out
    assert f"Wrote 2 sessions (7 rows, one per set and side) to {out_csv}" in said
    assert f"Wrote 2 sessions to {out_json}" in said
    with out_csv.open(encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == 7
    assert len(json.loads(out_json.read_text(encoding="utf-8"))["sessions"]) == 2

    laptop = tmp_path / "laptop"
    assert main(["--data-dir", str(laptop), "import", str(out_json)]) == 0
    assert "Imported 2 new sessions, 7 sets and 3 pain check-ins" in capsys.readouterr().out
    assert main(["--data-dir", str(laptop), "import", str(out_json)]) == 0
    again = capsys.readouterr().out
    assert "Imported 0 new sessions, 0 sets and 0 pain check-ins" in again
    assert "2 sessions already in history." in again
    with HistoryStore(laptop) as moved, HistoryStore(data_dir) as original:
        assert everything(moved) == everything(original)


def test_a_bad_import_file_is_one_line_exit_1_and_adds_nothing(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "backcoach-history", "version": 1, "sessions": [{}]}', "utf-8")
    assert main(["import", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith(f"backcoach: cannot import {bad}:")
    assert line.endswith("nothing was imported")
    with HistoryStore(data_dir) as store:
        assert len(everything(store)) == 2


def test_an_import_with_an_unknown_exercise_says_so_on_one_line_and_imports_it(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    export = tmp_path / "h.json"
    assert main(["history", "--json", str(export)]) == 0
    doc = json.loads(export.read_text(encoding="utf-8"))
    for s in doc["sessions"][0]["sets"]:
        s["exercise"] = "hip-hinge-drill"
    export.write_text(json.dumps(doc), encoding="utf-8")
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "laptop"), "import", str(export)]) == 0
    captured = capsys.readouterr()
    assert "Imported 2 new sessions, 7 sets" in captured.out
    [line] = captured.err.splitlines()
    assert line == (
        'backcoach: warning: unknown exercise "hip-hinge-drill": 4 sets imported as recorded'
    )


def test_a_read_only_data_folder_can_still_be_shown_and_exported(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    out_json = tmp_path / "h.json"
    with frozen(data_dir):
        assert main(["history"]) == 0
        out = capsys.readouterr().out
        assert "Streak: 2 days in a row" in out
        assert main(["history", "--json", str(out_json)]) == 0
        assert main(["import", str(out_json)]) == 1
        err = capsys.readouterr().err
    assert len(read_json(out_json)) == 2
    assert "read-only" in err and "nothing was imported" in err


def test_a_terminal_session_stops_while_a_window_records_to_the_same_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    window = acquire_instance_lock(data_dir)
    assert window is not None
    try:
        assert main(["start", "before-run", "--no-window", "--no-voice"]) == 1
    finally:
        window.release()
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith("backcoach: backcoach is already running") and "that window" in line
    with HistoryStore(data_dir) as store:
        assert len(listed(store)) == 2 and store.interrupted_sessions() == []


def test_a_terminal_session_holds_the_folder_so_a_window_cannot_offer_to_resume_it(
    data_dir: Path,
) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "backcoach", "start", "before-run", "--no-window", "--no-voice"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("──"):  # the header is out: history is open
                break
        assert acquire_instance_lock(data_dir) is None
    finally:
        child.kill()
        child.wait()
    lock = acquire_instance_lock(data_dir)
    assert lock is not None
    lock.release()


@pytest.mark.parametrize("command", [["history"], ["import", "{export}"]])
def test_a_closed_stdout_ends_printing_quietly_with_exit_0(
    command: list[str], data_dir: Path, tmp_path: Path
) -> None:
    seed(data_dir)
    export = tmp_path / "h.json"
    assert main(["history", "--json", str(export)]) == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (``| head``) is gone before anything is printed
    try:
        done = subprocess.run(
            [sys.executable, "-m", "backcoach", *(a.format(export=export) for a in command)],
            stdin=subprocess.DEVNULL,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, "")


def test_an_import_of_one_session_says_session_not_sessions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "one"
    with HistoryStore(source) as store:
        sid = store.start_session("before-run", "before-run", 1_700_000_000.0)
        store.record_set(
            SetRecord(
                "low-lunge", "left", 1, None, 30.0, None, None, 1_700_000_020.0, 1_700_000_050.0
            )
        )
        store.finish_session(sid, 1_700_000_100.0, completed=True)
    exported = tmp_path / "one.json"
    assert main(["--data-dir", str(source), "history", "--json", str(exported)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "new"), "import", str(exported)]) == 0
    out = capsys.readouterr().out
    assert "Imported 1 new session, 1 set and 0 pain check-ins" in out


def test_an_import_reusing_a_set_id_of_another_session_exits_1_naming_it_and_changes_nothing(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    export = tmp_path / "h.json"
    assert main(["history", "--json", str(export)]) == 0
    doc = json.loads(export.read_text(encoding="utf-8"))
    taken = doc["sessions"][0]["sets"][1]["id"]
    copied = copy.deepcopy(doc["sessions"][1])
    copied["id"] = str(uuid.uuid4())
    for one in copied["sets"]:
        one["id"] = str(uuid.uuid4())
    copied["sets"][2]["id"] = taken.upper()
    doc["sessions"] = [copied]
    export.write_text(json.dumps(doc), encoding="utf-8")
    with HistoryStore(data_dir) as store:
        before = everything(store)
    capsys.readouterr()
    assert main(["import", str(export)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"backcoach: cannot import {export}: sessions[0].sets[2].id {taken} is already in "
        f"history under another session ({before[0].id}), not under {copied['id']}; "
        "nothing was imported\n"
    )
    with HistoryStore(data_dir) as store:
        assert everything(store) == before


def _fuzzed(export: Path) -> dict[str, bytes]:
    """What the fuzzer found (numbers, text and nesting no field can hold), then seeded
    random byte mutations of a valid export."""
    text = export.read_text(encoding="utf-8")
    doc = json.loads(text)

    def raw(where: tuple[str | int, ...], value: str) -> bytes:
        changed = copy.deepcopy(doc)
        node: Any = changed
        for step in where[:-1]:
            node = node[step]
        node[where[-1]] = "@raw@"
        return json.dumps(changed).replace('"@raw@"', value).encode("utf-8")

    reps = ("sessions", 0, "sets", 0, "reps")
    notes = ("sessions", 1, "notes")
    started = ("sessions", 0, "started_at")
    cases = {
        "integer 2^63": raw(reps, str(2**63)),
        "integer -2^63 - 1": raw(reps, str(-(2**63) - 1)),
        "float 1e400": raw(started, "1e400"),
        "float -1e400": raw(started, "-1e400"),
        "NaN": raw(started, "NaN"),
        "Infinity": raw(reps, "Infinity"),
        "lone surrogate": raw(notes, '"a\\ud800b"'),
        "lone surrogate in a key": raw(notes, '{"\\udc00": 1}'),
        "arrays 5000 deep": raw(notes, "[" * 5000 + "]" * 5000),
        "objects 5000 deep": raw(reps, '{"a":' * 5000 + "1" + "}" * 5000),
        "a file 5000 deep": b"[" * 5000 + b"]" * 5000,
        "100000 digits": raw(reps, "7" * 100_000),
        "100000 digits and a point": raw(started, "7" * 100_000 + ".5"),
    }
    rng = random.Random(20240501)
    inserts = [b"9223372036854775808", b"1e400", b"NaN", b"\\ud800", b"[" * 3000, b"\xff", b"\x00"]
    base = text.encode("utf-8")
    digits = [i for i, c in enumerate(base) if chr(c).isdigit()]
    for n in range(60):
        data = bytearray(base)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data))
            change = rng.choice(("digit", "byte", "drop", "insert"))
            if change == "digit":  # still JSON: another id, time, count or date
                data[rng.choice(digits)] = ord(rng.choice("0123456789"))
            elif change == "byte":
                data[at] = rng.randrange(256)
            elif change == "drop":
                del data[at : at + rng.randint(1, 8)]
            else:
                data[at:at] = rng.choice(inserts)
        cases[f"mutation {n}"] = bytes(data)
    return cases


def test_fuzzed_import_files_exit_0_or_1_saying_one_line_and_refusals_change_nothing(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(data_dir)
    export = tmp_path / "h.json"
    assert main(["history", "--json", str(export)]) == 0
    fuzz = tmp_path / "fuzz.json"
    for name, data in _fuzzed(export).items():
        fuzz.write_bytes(data)
        with HistoryStore(data_dir) as store:
            before = everything(store)
        capsys.readouterr()
        try:
            status = main(["import", str(fuzz)])
        except Exception as exc:  # a traceback: what this test is here to catch
            pytest.fail(f"{name}: {exc!r}")
        err = capsys.readouterr().err
        assert status in (0, 1), name
        assert "Traceback" not in err and all(
            line.startswith("backcoach: ") for line in err.splitlines()
        ), (name, err)
        if status == 1:
            assert err.startswith(f"backcoach: cannot import {fuzz}: "), (name, err)
            assert err.count("\n") == 1, (name, err)
            with HistoryStore(data_dir) as store:
                assert everything(store) == before, name


def test_doctor_lists_unsaved_set_files_with_the_command_to_import_each(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, temp = tmp_path / "home", tmp_path / "temp"
    home.mkdir()
    temp.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr("backcoach.voice.speech_engine_problem", lambda player=None: None)
    seed(data_dir)
    kept = session(date(2024, 5, 1), sets=3)
    waiting = home / f"backcoach-unsaved-{kept.id}.json"
    write_json([kept], waiting)
    with HistoryStore(data_dir) as store:
        [imported, _] = everything(store)
    done = temp / f"backcoach-unsaved-{imported.id}.json"
    write_json([imported], done)

    def unsaved(folder: Path) -> tuple[list[str], list[str]]:
        probe = EngineProbe("espeak", True, voices=[("en", "English")], current_voice="en")
        report = diagnose(folder, load_content(), lambda: probe, lambda: ("offscreen", ""))
        return dict(report.sections)["Unsaved sets"], report.problems

    lines, problems = unsaved(data_dir)
    command = f"backcoach import {waiting}"
    assert lines == [
        f"{waiting} (1 session, 3 sets): waiting; import it with: {command}",
        f"{done} (1 session, 4 sets): already in history, so it can be deleted",
    ]
    assert f"{waiting} holds sets not in history yet; import it with: {command}" in problems
    elsewhere = tmp_path / "elsewhere"
    assert f"backcoach --data-dir {elsewhere} import {waiting}" in unsaved(elsewhere)[0][0]
    assert main(["import", str(waiting)]) == 0
    lines, problems = unsaved(data_dir)
    assert lines[0] == f"{waiting} (1 session, 3 sets): already in history, so it can be deleted"
    assert not any(str(waiting) in problem for problem in problems)
