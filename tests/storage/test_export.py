"""CSV and JSON export, and importing the JSON back."""

from __future__ import annotations

import copy
import csv
import dataclasses
import json
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcoach.core.coach import GivenDose, Level
from backcoach.core.records import SetRecord
from backcoach.storage import db, queries
from backcoach.storage.export import (
    CSV_COLUMNS,
    ImportFileError,
    parse_document,
    read_json,
    save_unsaved,
    to_document,
    unknown_exercises,
    unsaved_message,
    write_csv,
    write_json,
)
from backcoach.storage.importer import import_records
from backcoach.storage.records import MOMENTS, PainCheckIn, SessionRecord, StoredSet
from backcoach.storage.store import HistoryStore

from .seed import everything, session


def test_formula_cells_get_a_quote_and_numbers_stay_numbers(data_dir: Path, tmp_path: Path) -> None:
    store = HistoryStore(data_dir)
    evil = session(date(2024, 5, 1), sets=1)
    evil = SessionRecord(
        evil.id,
        '=HYPERLINK("http://x")',
        "+after",
        "-plan",
        "@note",
        evil.started_at,
        evil.ended_at,
        evil.status,
        evil.day,
        evil.sets,
        (
            PainCheckIn("before", 3, "\tcmd", evil.started_at),
            PainCheckIn("after", None, "\rcmd", evil.started_at),
        ),
    )
    import_records(store, [evil])
    out = tmp_path / "h.csv"
    assert write_csv(store, out) == (1, 1)
    with out.open(newline="", encoding="utf-8") as f:
        header, row = list(csv.reader(f))
    assert tuple(header) == CSV_COLUMNS
    cell = dict(zip(header, row, strict=True))
    assert cell["routine"] == '\'=HYPERLINK("http://x")'
    assert (cell["context"], cell["plan_summary"], cell["notes"]) == ("'+after", "'-plan", "'@note")
    assert (cell["pain_before_note"], cell["pain_after_note"]) == ("'\tcmd", "'\rcmd")
    assert (cell["pain_before"], cell["reps"], cell["seconds"]) == ("3", "10", "60.0")
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row)
    assert out.read_text(encoding="utf-8").count('"3"') == 0  # numbers are not quoted


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/St_Johns", "UTC"])
def test_csv_times_are_local_with_their_offset_across_daylight_saving(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        store = HistoryStore(data_dir)
        records = [
            dataclasses.replace(session(day, sets=1), started_at=session(day).started_at + 59.9)
            for day in (date(2024, 1, 15), date(2024, 7, 15))
        ]
        import_records(store, records)
        write_csv(store, tmp_path / "h.csv")
        with (tmp_path / "h.csv").open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for r, row in zip(records, rows, strict=True):
            for ts, column in (
                (r.started_at, "session_start"),
                (r.ended_at, "session_end"),
                (r.sets[0].started_at, "set_start"),
            ):
                assert ts is not None
                local = datetime.fromtimestamp(ts).astimezone()
                assert row[column] == local.isoformat(timespec="seconds")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_csv_keeps_a_session_without_sets(data_dir: Path, tmp_path: Path) -> None:
    store = HistoryStore(data_dir)
    import_records(store, [session(date(2024, 5, 1), sets=0)])
    assert write_csv(store, tmp_path / "h.csv") == (1, 0)
    rows = list(csv.reader((tmp_path / "h.csv").open(newline="")))
    assert len(rows) == 2 and rows[1][CSV_COLUMNS.index("set_id")] == ""


def test_round_trip_loses_nothing_and_importing_twice_adds_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    source = HistoryStore(data_dir)
    import_records(source, [session(date(2024, 5, 1) + timedelta(d)) for d in range(5)])
    sid = source.start_session("before-run", "before-run", 1714900000.0)  # still open
    source.record_pain("before", 2, "fine")
    write_json(everything(source), tmp_path / "h.json")

    target = HistoryStore(tmp_path / "new-laptop")
    first = import_records(target, read_json(tmp_path / "h.json"))
    assert (first.sessions_added, first.sets_added, first.checkins_added) == (6, 75, 11)
    again = import_records(target, read_json(tmp_path / "h.json"))
    assert (again.sessions_added, again.sessions_known, again.sets_added) == (0, 6, 0)
    assert everything(target) == everything(source)
    assert [s.summary.id for s in target.interrupted_sessions()] == [sid]


finite = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
texts = st.text(max_size=12)


@st.composite
def records(draw: st.DrawFn) -> list[SessionRecord]:
    result = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.floats(1e9, 2e9))
        sets = tuple(
            StoredSet(
                str(uuid.uuid4()),
                draw(texts),
                draw(st.sampled_from(["left", "right", "both"])),
                n + 1,
                draw(st.none() | st.integers(0, 500)),
                draw(st.none() | finite),
                draw(st.none() | finite),
                draw(st.sampled_from([None, "kg", "lb"])),
                start + n,
                start + n + draw(finite),
                date(2024, 1, 1) + timedelta(draw(st.integers(0, 900))),
            )
            for n in range(draw(st.integers(0, 4)))
        )
        moments = draw(st.sets(st.sampled_from(MOMENTS)))
        pain = tuple(
            PainCheckIn(m, draw(st.none() | st.integers(0, 10)), draw(texts), start)
            for m in MOMENTS
            if m in moments
        )
        status = draw(st.sampled_from(["open", "completed", "ended-early", "partial"]))
        doses = tuple(
            GivenDose(
                exercise,
                Level(
                    draw(st.integers(1, 20)),
                    draw(st.none() | st.integers(0, 100)),
                    draw(st.none() | st.integers(0, 600)),
                    draw(st.none() | finite),
                    draw(st.sampled_from([None, "kg", "lb"])),
                    draw(st.none() | st.text(min_size=1, max_size=12)),
                ),
                draw(st.booleans()),
                draw(texts),
            )
            for exercise in draw(
                st.lists(st.text(min_size=1, max_size=12), max_size=3, unique=True)
            )
        )
        result.append(
            SessionRecord(
                str(uuid.uuid4()),
                draw(texts),
                draw(texts),
                draw(texts),
                draw(texts),
                start,
                None if status == "open" else start + draw(finite),
                status,
                date(2024, 1, 1) + timedelta(draw(st.integers(0, 900))),
                sets,
                pain,
                doses,
            )
        )
    return sorted(result, key=lambda r: r.started_at)


@settings(max_examples=40, deadline=None)
@given(records())
def test_any_history_survives_export_and_import(original: list[SessionRecord]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = HistoryStore(Path(tmp) / "a")
        import_records(store, original)
        write_json(everything(store), Path(tmp) / "h.json")
        other = HistoryStore(Path(tmp) / "b")
        import_records(other, read_json(Path(tmp) / "h.json"))
        assert everything(other) == original
        store.close()
        other.close()


def _doc() -> dict[str, Any]:
    records = [session(date(2024, 5, 1)), session(date(2024, 5, 2))]
    return json.loads(json.dumps(to_document(records, 0.0)))


def _set_path(doc: dict[str, Any], path: str, value: object) -> None:
    *parents, last = path.split(".")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is KeyError:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "sessions.1.sets.1.reps",
            "ten",
            'sessions[1].sets[1].reps must be a whole number ≥ 0, got "ten"',
        ),
        (
            "sessions.0.sets.0.reps",
            -2,
            "sessions[0].sets[0].reps must be a whole number ≥ 0, got -2",
        ),
        (
            "sessions.0.sets.2.side",
            "up",
            "sessions[0].sets[2].side must be one of left, right, both",
        ),
        (
            "sessions.0.pain.0.rating",
            11,
            "sessions[0].pain[0].rating must be a whole number from 0 to 10",
        ),
        ("sessions.1.id", "abc", 'sessions[1].id must be a UUID, got "abc"'),
        ("sessions.1.day", "yesterday", "sessions[1].day must be a date like 2024-05-31"),
        ("sessions.0.status", "done", "sessions[0].status must be one of open, completed"),
        ("sessions.0.started_at", True, "sessions[0].started_at must be a number ≥ 0, got true"),
        ("sessions.0.routine", KeyError, "sessions[0].routine is missing"),
        ("sessions.0.sets", {}, "sessions[0].sets must be a list"),
        ("sessions.1.ended_at", 5.0, "sessions[1].ended_at is before its started_at"),
        ("version", 99, "exported by a newer backcoach (format 99)"),
        (
            "format",
            "other",
            'its "format" mark is "other"; expected "backcoach-history"',
        ),
        ("format", KeyError, 'no "format" mark; expected "format": "backcoach-history"'),
    ],
)
def test_a_bad_file_names_what_is_wrong_and_imports_nothing(
    data_dir: Path, tmp_path: Path, path: str, value: object, message: str
) -> None:
    doc = _doc()
    _set_path(doc, path, value)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ImportFileError) as exc:
        read_json(bad)
    assert message in str(exc.value)


def test_sets_of_unknown_exercises_are_named_once_per_exercise_and_imported(
    data_dir: Path,
) -> None:
    doc = _doc()
    _set_path(doc, "sessions.0.sets.0.exercise", "side-plank-v2")
    _set_path(doc, "sessions.1.sets.3.exercise", "side-plank-v2")
    _set_path(doc, "sessions.1.sets.4.exercise", "=cmd")
    records = parse_document(doc)
    assert unknown_exercises(records, {"dead-bug"}) == [
        'unknown exercise "=cmd": 1 set imported as recorded',
        'unknown exercise "side-plank-v2": 2 sets imported as recorded',
    ]
    assert unknown_exercises(records, {"dead-bug", "side-plank-v2", "=cmd"}) == []
    with HistoryStore(data_dir) as store:
        assert import_records(store, records).sets_added == 30
        with store.reading() as conn:
            assert "side-plank-v2" in queries.exercises(conn)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": ', "not valid JSON (line 1, column 12"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[1, 2]", "the file must be an object, got [1, 2]"),
    ],
)
def test_unreadable_files_are_named(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    with pytest.raises(ImportFileError) as exc:
        read_json(bad)
    assert message in str(exc.value)


def test_a_failure_midway_leaves_nothing_half_imported(data_dir: Path) -> None:
    store = HistoryStore(data_dir)
    good = parse_document(_doc())
    clash = dataclasses.replace(good[1], status="finished")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint"):
        import_records(store, [good[0], clash])
    assert everything(store) == []


def kept_store(folder: Path, session_id: str | None = None, set_number: int = 1) -> HistoryStore:
    """A store whose file refuses writes, keeping one set (of ``session_id``) in memory."""

    def read_only(path: Path) -> db.Opened:
        opened = db.open_database(path)
        opened.conn.execute("PRAGMA query_only = ON")
        return opened

    store = HistoryStore(folder, opener=read_only)
    store.start_session("after-run", "after-run", 1714546800.0, session_id=session_id)
    at = 60.0 * set_number
    store.record_set(SetRecord("dead-bug", "left", set_number, 10, 40.0, None, None, at, at + 40))
    assert store.pending_sets == 1
    return store


def test_unsaved_sets_go_to_the_data_folder_else_home_else_temp(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, temp = tmp_path / "home", tmp_path / "temp"
    home.mkdir()
    temp.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    store = kept_store(data_dir)
    [first] = save_unsaved(store, data_dir)
    assert first.parent == data_dir
    assert first.name.startswith("backcoach-unsaved-") and not store.has_pending
    assert len(read_json(first)[0].sets) == 1
    [second] = save_unsaved(kept_store(data_dir), data_dir)
    assert second != first and second.parent == data_dir
    missing = tmp_path / "no" / "such"
    [third] = save_unsaved(kept_store(data_dir), missing)
    assert third.parent == home
    monkeypatch.setenv("HOME", str(missing))
    [fourth] = save_unsaved(kept_store(data_dir), missing)
    assert fourth.parent == temp
    message = unsaved_message([second], 1, data_dir)
    assert "(1 set)" in message and message.endswith(f"backcoach import {second}")
    elsewhere = unsaved_message([second], 1, tmp_path / "mine")
    assert elsewhere.endswith(f"backcoach --data-dir {tmp_path / 'mine'} import {second}")


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A home and a temp folder of this test's own, as :func:`unsaved_places` finds them."""
    home, temp = tmp_path / "home", tmp_path / "temp"
    home.mkdir()
    temp.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return home, temp


def test_a_later_failed_save_of_the_same_session_replaces_its_file_and_keeps_both(
    data_dir: Path, places: tuple[Path, Path]
) -> None:
    first = kept_store(data_dir)
    sid = first.current_session
    assert sid is not None
    [path] = save_unsaved(first, data_dir)
    assert path == data_dir / f"backcoach-unsaved-{sid}.json"
    later = kept_store(data_dir, session_id=sid, set_number=2)
    later.finish_session(sid, 1714547300.0, completed=True)
    assert save_unsaved(later, data_dir) == [path]
    assert list(data_dir.glob("backcoach-unsaved-*.json")) == [path]
    [record] = read_json(path)
    assert record.id == sid and record.status == "completed" and record.ended_at == 1714547300.0
    assert [s.set_number for s in record.sets] == [1, 2]


def test_a_session_saved_elsewhere_before_ends_up_in_one_file_where_it_is_saved_now(
    data_dir: Path, tmp_path: Path, places: tuple[Path, Path]
) -> None:
    home, _temp = places
    store = kept_store(data_dir)
    sid = store.current_session
    assert sid is not None
    [at_home] = save_unsaved(store, tmp_path / "no" / "such")
    assert at_home.parent == home
    [here] = save_unsaved(kept_store(data_dir, session_id=sid, set_number=2), data_dir)
    assert here.parent == data_dir and not at_home.exists()
    assert [s.set_number for s in read_json(here)[0].sets] == [1, 2]


def test_an_unreadable_file_of_the_session_is_left_alone_and_the_save_goes_elsewhere(
    data_dir: Path, places: tuple[Path, Path]
) -> None:
    home, _temp = places
    store = kept_store(data_dir)
    sid = store.current_session
    assert sid is not None
    damaged = data_dir / f"backcoach-unsaved-{sid}.json"
    damaged.write_text('{"format": ', encoding="utf-8")
    [path] = save_unsaved(store, data_dir)
    assert path.parent == home and damaged.read_text(encoding="utf-8") == '{"format": '


def test_importing_an_unsaved_file_twice_adds_nothing_the_second_time(
    data_dir: Path, tmp_path: Path, places: tuple[Path, Path]
) -> None:
    store = kept_store(data_dir)
    store.record_pain("before", 3)
    [path] = save_unsaved(store, data_dir)
    target = HistoryStore(tmp_path / "laptop")
    first = import_records(target, read_json(path))
    assert (first.sessions_added, first.sets_added, first.checkins_added) == (1, 1, 1)
    again = import_records(target, read_json(path))
    assert (again.sessions_added, again.sets_added, again.checkins_added) == (0, 0, 0)


SPELLINGS: dict[str, Callable[[str], str]] = {
    "upper case": str.upper,
    "no hyphens": lambda u: u.replace("-", ""),
    "braces": lambda u: "{" + u + "}",
    "urn": lambda u: "urn:uuid:" + u,
    "all of them": lambda u: "URN:UUID:{" + u.upper().replace("-", "") + "}",
}


def _respell(doc: dict[str, Any], spell: Callable[[str], str]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for s in doc["sessions"]:
        s["id"] = spell(s["id"])
        for one in s["sets"]:
            one["id"] = spell(one["id"])
    return doc


@pytest.mark.parametrize("spell", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_ids_spelled_differently_are_the_same_sessions_and_sets(
    data_dir: Path, spell: Callable[[str], str]
) -> None:
    doc = _doc()
    store = HistoryStore(data_dir)
    import_records(store, parse_document(doc))
    before = everything(store)
    records = parse_document(_respell(doc, spell))
    assert [r.id for r in records] == [s["id"] for s in doc["sessions"]]
    counts = import_records(store, records)
    assert (counts.sessions_added, counts.sessions_known, counts.sets_added) == (0, 2, 0)
    assert everything(store) == before


@pytest.mark.parametrize(
    "bad",
    [
        "abc",
        "+" + "0" * 31,  # Python's UUID() would read this one
        "0e9c5b1a_3f2b_4c1d_9a8e_7b6c5d4e3f2a",
        "{0e9c5b1a-3f2b-4c1d-9a8e-7b6c5d4e3f2a",
        "0e9c5b1a-3f2b-4c1d-9a8e-7b6c5d4e3f2",
        " 0e9c5b1a-3f2b-4c1d-9a8e-7b6c5d4e3f2a",
    ],
)
def test_an_id_that_is_not_a_uuid_is_refused_saying_what_an_id_is(bad: str) -> None:
    doc = _doc()
    _set_path(doc, "sessions.0.sets.1.id", bad)
    with pytest.raises(ImportFileError) as exc:
        parse_document(doc)
    assert str(exc.value) == (
        f"sessions[0].sets[1].id must be a UUID, got {json.dumps(bad)}; "
        "ids are 32 hexadecimal digits, as in 0e9c5b1a-3f2b-4c1d-9a8e-7b6c5d4e3f2a"
    )


@pytest.mark.parametrize(
    ("path", "copied", "message"),
    [
        ("sessions.1.id", "sessions.0.id", "sessions[1].id {} is also sessions[0].id"),
        (
            "sessions.1.sets.2.id",
            "sessions.0.sets.0.id",
            "sessions[1].sets[2].id {} is also sessions[0].sets[0].id",
        ),
        (
            "sessions.0.sets.3.id",
            "sessions.0.sets.1.id",
            "sessions[0].sets[3].id {} is also sessions[0].sets[1].id",
        ),
    ],
)
def test_an_id_given_twice_in_one_file_is_refused_naming_both(
    path: str, copied: str, message: str
) -> None:
    doc = _doc()
    node: Any = doc
    for part in copied.split("."):
        node = node[int(part)] if part.isdigit() else node[part]
    _set_path(doc, path, "{" + str(node).upper() + "}")
    with pytest.raises(ImportFileError) as exc:
        parse_document(doc)
    assert str(exc.value) == (
        message.format(node) + "; every session and every set needs its own id"
    )


def test_a_set_id_history_holds_under_another_session_refuses_the_whole_import(
    data_dir: Path,
) -> None:
    store = HistoryStore(data_dir)
    [stored, _] = parse_document(_doc())
    import_records(store, [stored])
    before = everything(store)
    doc = _doc()
    taken = stored.sets[4].id
    _set_path(doc, "sessions.1.sets.2.id", taken.upper())
    with pytest.raises(ImportFileError) as exc:
        import_records(store, parse_document(doc))
    assert str(exc.value) == (
        f"sessions[1].sets[2].id {taken} is already in history under another session "
        f"({stored.id}), not under {doc['sessions'][1]['id']}"
    )
    assert everything(store) == before


def _raw_file(folder: Path, path: str, raw: str) -> Path:
    """An export whose field at ``path`` is the JSON text ``raw``, written as it is."""
    doc = _doc()
    _set_path(doc, path, "@raw@")
    file = folder / "raw.json"
    file.write_text(json.dumps(doc).replace('"@raw@"', raw), encoding="utf-8")
    return file


@pytest.mark.parametrize(
    ("path", "raw", "message"),
    [
        (
            "sessions.0.sets.0.reps",
            str(2**63),
            f"sessions[0].sets[0].reps must be a whole number below 2^63, got {2**63}",
        ),
        (
            "sessions.1.sets.3.set_number",
            "1" * 100_000,
            "sessions[1].sets[3].set_number must be a whole number below 2^63, "
            "got 11111111111111111111… (100000 characters)",
        ),
        (
            "sessions.0.sets.0.seconds",
            "1e400",
            "sessions[0].sets[0].seconds must be a finite number ≥ 0, got 1e400",
        ),
        (
            "sessions.0.pain.0.recorded_at",
            "NaN",
            "sessions[0].pain[0].recorded_at must be a finite number ≥ 0, got NaN",
        ),
        (
            "sessions.0.ended_at",
            "9" * 400,
            "sessions[0].ended_at must be a finite number ≥ 0, got 999999999999",
        ),
        (
            "sessions.0.notes",
            '"a\\ud800b"',
            "sessions[0].notes must be text without a lone surrogate (\\ud800 here), "
            'got "a\\ud800b"',
        ),
        (
            "sessions.1.sets.0.exercise",
            '"\\udfff"',
            "sessions[1].sets[0].exercise must be text without a lone surrogate",
        ),
        (
            "sessions.0.notes",
            "[" * 5000 + "]" * 5000,
            "sessions[0].notes holds arrays or objects nested more than 100 deep",
        ),
        (
            "sessions.1.sets.2.reps",
            '{"a": ' * 5000 + "1" + "}" * 5000,
            "sessions[1].sets[2].reps holds arrays or objects nested more than 100 deep",
        ),
        (
            "sessions.0.notes",
            "[" * 500 + "]" * 500,
            "sessions[0].notes must be text, got [[[[[[",
        ),
    ],
)
def test_numbers_text_and_nesting_no_field_can_hold_are_named(
    tmp_path: Path, path: str, raw: str, message: str
) -> None:
    with pytest.raises(ImportFileError) as exc:
        read_json(_raw_file(tmp_path, path, raw))
    assert message in str(exc.value)
    assert "\n" not in str(exc.value) and len(str(exc.value)) < 200


def test_a_file_nested_too_deep_is_named_as_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "deep.json"
    bad.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ImportFileError) as exc:
        read_json(bad)
    assert str(exc.value) == "the file holds arrays or objects nested more than 100 deep"


def test_the_largest_whole_number_sqlite_holds_goes_in(data_dir: Path, tmp_path: Path) -> None:
    records = read_json(_raw_file(tmp_path, "sessions.0.sets.0.reps", str(2**63 - 1)))
    with HistoryStore(data_dir) as store:
        import_records(store, records)
        assert everything(store)[0].sets[0].reps == 2**63 - 1
