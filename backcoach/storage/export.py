"""History files for people and other programs: CSV (spreadsheet-safe) and JSON (lossless).

The JSON export is also the import format, the way to move history to a new
computer. Importing validates the whole file first and names the first thing
wrong in it; then everything goes in one transaction.
"""

from __future__ import annotations

import csv
import json
import math
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from backcoach.content.model import WEIGHT_UNITS
from backcoach.storage.records import MOMENTS, STATUSES, PainCheckIn, SessionRecord, StoredSet
from backcoach.storage.store import HistoryStore

FORMAT = "backcoach-history"
FORMAT_VERSION = 1
SIDES = ("left", "right", "both")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "session_id",
    "session_day",
    "session_start",
    "session_end",
    "routine",
    "context",
    "status",
    "plan_summary",
    "notes",
    "pain_before",
    "pain_after",
    "pain_before_note",
    "pain_after_note",
    "set_id",
    "exercise",
    "side",
    "set_number",
    "reps",
    "seconds",
    "weight",
    "weight_unit",
    "set_start",
    "set_end",
)


class ImportFileError(Exception):
    """The import file cannot be used; the message names what is wrong."""


@contextmanager
def _atomic_text(path: Path) -> Iterator[IO[str]]:
    """Write to a temporary file beside ``path`` and move it into place when complete."""
    path = path.expanduser()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _safe_sql(column: str) -> str:
    """SQL for a text cell a spreadsheet cannot run as a formula: one that starts with
    any of :data:`FORMULA_STARTS` gets a leading quote. Numbers are left as numbers."""
    starts = ", ".join(f"char({ord(c)})" for c in FORMULA_STARTS)
    quoted = f"char(39) || {column}"  # char(39) is the quote
    return f"CASE WHEN substr({column}, 1, 1) IN ({starts}) THEN {quoted} ELSE {column} END"


def _offset_sql(column: str) -> str:
    """SQL for the system zone's UTC offset, in seconds, at the UNIX time in ``column``."""
    return (
        f"CAST(strftime('%s', {column}, 'unixepoch', 'localtime') AS INTEGER)"
        f" - CAST({column} AS INTEGER)"
    )


def _stamp_sql(column: str, offset: str) -> str:
    """SQL for a UNIX time as local ISO 8601 to the second, with its UTC ``offset``."""
    sign = f"CASE WHEN {offset} < 0 THEN '-' ELSE '+' END"
    zone = f"printf('%s%02d:%02d', {sign}, abs({offset}) / 3600, abs({offset}) / 60 % 60)"
    local = f"strftime('%Y-%m-%dT%H:%M:%S', {column} + {offset}, 'unixepoch')"
    return f"CASE WHEN {column} IS NULL THEN '' ELSE {local} || {zone} END"


_TIMED = ", ".join(f"{_offset_sql(c)} AS {c}_offset" for c in ("started_at", "ended_at"))
_CSV_QUERY = f"""
WITH pain AS (
    SELECT session_id,
           max(CASE WHEN moment = 'before' THEN rating END) AS before,
           max(CASE WHEN moment = 'after' THEN rating END) AS after,
           max(CASE WHEN moment = 'before' THEN note END) AS before_note,
           max(CASE WHEN moment = 'after' THEN note END) AS after_note
    FROM pain_checkins GROUP BY session_id
),
s AS MATERIALIZED (SELECT *, {_TIMED} FROM sessions),
st AS MATERIALIZED (SELECT *, {_TIMED} FROM sets)
SELECT {_safe_sql("s.uuid")}, {_safe_sql("s.day")},
       {_stamp_sql("s.started_at", "s.started_at_offset")},
       {_stamp_sql("s.ended_at", "s.ended_at_offset")},
       {_safe_sql("s.routine")}, {_safe_sql("s.context")}, {_safe_sql("s.status")},
       {_safe_sql("s.plan_summary")}, {_safe_sql("s.notes")}, p.before, p.after,
       {_safe_sql("COALESCE(p.before_note, '')")}, {_safe_sql("COALESCE(p.after_note, '')")},
       {_safe_sql("st.uuid")}, {_safe_sql("st.exercise")}, {_safe_sql("st.side")},
       st.set_number, st.reps, st.seconds, st.weight, {_safe_sql("st.weight_unit")},
       {_stamp_sql("st.started_at", "st.started_at_offset")},
       {_stamp_sql("st.ended_at", "st.ended_at_offset")}
FROM s
LEFT JOIN pain p ON p.session_id = s.id
LEFT JOIN st ON st.session_id = s.id
ORDER BY s.started_at, s.id, st.started_at, st.id
"""
"""One row per set with its session's columns (a session without sets gets one row),
formatted by SQLite: no Python object per row. Times are in the system's local zone,
each zone offset worked out once per time."""


def write_csv(store: HistoryStore, path: Path) -> tuple[int, int]:
    """Write everything in ``store`` as CSV, no text cell able to run as a formula;
    returns the sessions and the rows of sets written."""
    with store.reading() as conn, _atomic_text(path) as f:
        sessions, sets = conn.execute(
            "SELECT (SELECT count(*) FROM sessions), (SELECT count(*) FROM sets)"
        ).fetchone()
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(conn.execute(_CSV_QUERY))
    return sessions, sets


def unsaved_places(data_folder: Path) -> list[Path]:
    """Where kept sets go when history cannot take them: the data folder, home, the temp folder."""
    return [data_folder, Path.home(), Path(tempfile.gettempdir())]


def save_unsaved(
    store: HistoryStore, data_folder: Path, now: Callable[[], float] = time.time
) -> Path | None:
    """Write what ``store`` keeps to the first of :func:`unsaved_places` that takes it.

    Once the file is written the store forgets those writes (the file holds them).
    Returns the file, or None when no place could be written.
    """
    stamp = datetime.fromtimestamp(now()).strftime("%Y%m%d-%H%M%S")
    for folder in unsaved_places(data_folder):
        path = folder / f"backcoach-unsaved-{stamp}.json"
        n = 1
        while path.exists():
            n += 1
            path = folder / f"backcoach-unsaved-{stamp}-{n}.json"
        try:
            export_pending(store, path)
        except OSError:
            continue
        store.forget_pending()
        return path
    return None


def unsaved_message(path: Path | None, sets: int) -> str:
    """What to tell the user about the writes :func:`save_unsaved` put in ``path`` (None: lost)."""
    what = "1 set" if sets == 1 else f"{sets} sets"
    if path is None:
        return f"History could not be saved, and no folder could take a file for {what}."
    return (
        f"History could not be saved, so what it still held ({what}) is in {path}. "
        f"Bring it into history later with: backcoach import {path}"
    )


def to_document(records: list[SessionRecord], exported_at: float) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": exported_at,
        "sessions": [
            {
                "id": r.id,
                "routine": r.routine,
                "context": r.context,
                "plan_summary": r.plan_summary,
                "notes": r.notes,
                "started_at": r.started_at,
                "ended_at": r.ended_at,
                "status": r.status,
                "day": r.day.isoformat(),
                "sets": [
                    {
                        "id": s.id,
                        "exercise": s.exercise,
                        "side": s.side,
                        "set_number": s.set_number,
                        "reps": s.reps,
                        "seconds": s.seconds,
                        "weight": s.weight,
                        "weight_unit": s.weight_unit,
                        "started_at": s.started_at,
                        "ended_at": s.ended_at,
                        "day": s.day.isoformat(),
                    }
                    for s in r.sets
                ],
                "pain": [
                    {
                        "moment": p.moment,
                        "rating": p.rating,
                        "note": p.note,
                        "recorded_at": p.recorded_at,
                    }
                    for p in r.pain
                ],
            }
            for r in records
        ],
    }


def write_json(
    records: list[SessionRecord], path: Path, now: Callable[[], float] = time.time
) -> int:
    """Write the JSON export; returns the number of sessions written."""
    with _atomic_text(path) as f:
        json.dump(to_document(records, now()), f, ensure_ascii=False, indent=1)
        f.write("\n")
    return len(records)


def export_pending(store: HistoryStore, path: Path) -> int:
    """Save the sets a store keeps in memory as an importable JSON file; returns sets saved."""
    records = store.pending_records()
    write_json(records, path)
    return sum(len(r.sets) for r in records)


# ------------------------------------------------------------------ reading back


class _Reader:
    """Checks one JSON object field by field, naming the path of anything wrong."""

    def __init__(self, obj: object, where: str) -> None:
        if not isinstance(obj, dict):
            raise ImportFileError(f"{where} must be an object, got {_show(obj)}")
        self.obj: dict[str, Any] = obj
        self.where = where

    def _get(self, key: str, optional: bool) -> Any:
        if key not in self.obj:
            if optional:
                return None
            raise ImportFileError(f"{self.where}.{key} is missing")
        return self.obj[key]

    def _fail(self, key: str, expected: str) -> ImportFileError:
        return ImportFileError(f"{self.where}.{key} must be {expected}, got {_show(self.obj[key])}")

    def text(self, key: str, choices: tuple[str, ...] = (), optional: bool = False) -> str:
        value = self._get(key, optional)
        if value is None and optional:
            return ""
        if not isinstance(value, str) or (choices and value not in choices):
            raise self._fail(key, f"one of {', '.join(choices)}" if choices else "text")
        return value

    def ident(self, key: str) -> str:
        value = self.text(key)
        try:
            uuid.UUID(value)
        except ValueError:
            raise self._fail(key, "a UUID") from None
        return value

    def whole(self, key: str, low: int = 0, high: int | None = None, optional: bool = False) -> Any:
        value = self._get(key, optional)
        if value is None and optional:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < low
            or (high is not None and value > high)
        ):
            span = f"from {low} to {high}" if high is not None else f"≥ {low}"
            raise self._fail(key, f"a whole number {span}")
        return value

    def number(self, key: str, optional: bool = False) -> Any:
        value = self._get(key, optional)
        if value is None and optional:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise self._fail(key, "a number ≥ 0")
        return float(value)

    def day(self, key: str) -> date:
        value = self.text(key)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self._fail(key, "a date like 2024-05-31") from None

    def items(self, key: str) -> list[Any]:
        value = self._get(key, False)
        if not isinstance(value, list):
            raise self._fail(key, "a list")
        return value


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def parse_document(doc: object) -> list[SessionRecord]:
    """Turn a JSON export into records, or raise :class:`ImportFileError`."""
    top = _Reader(doc, "the file")
    if "format" not in top.obj:
        raise ImportFileError(
            f'the file is not a backcoach history export (no "format" mark; '
            f'expected "format": "{FORMAT}")'
        )
    if top.obj["format"] != FORMAT:
        raise ImportFileError(
            f'the file is not a backcoach history export (its "format" mark is '
            f'{_show(top.obj["format"])}; expected "{FORMAT}")'
        )
    version = top.whole("version", low=1)
    if version > FORMAT_VERSION:
        raise ImportFileError(
            f"the file was exported by a newer backcoach (format {version}); "
            f"this version reads format {FORMAT_VERSION}"
        )
    return [_session(raw, f"sessions[{i}]") for i, raw in enumerate(top.items("sessions"))]


def _session(raw: object, where: str) -> SessionRecord:
    r = _Reader(raw, where)
    started = r.number("started_at")
    ended = r.number("ended_at", optional=True)
    if ended is not None and ended < started:
        raise ImportFileError(f"{where}.ended_at is before its started_at")
    sets = tuple(_set(s, f"{where}.sets[{i}]") for i, s in enumerate(r.items("sets")))
    pain = tuple(_pain(p, f"{where}.pain[{i}]") for i, p in enumerate(r.items("pain")))
    if len({p.moment for p in pain}) != len(pain):
        raise ImportFileError(f"{where}.pain has two check-ins for the same moment")
    return SessionRecord(
        id=r.ident("id"),
        routine=r.text("routine"),
        context=r.text("context"),
        plan_summary=r.text("plan_summary", optional=True),
        notes=r.text("notes", optional=True),
        started_at=started,
        ended_at=ended,
        status=r.text("status", STATUSES),
        day=r.day("day"),
        sets=sets,
        pain=pain,
    )


def _set(raw: object, where: str) -> StoredSet:
    r = _Reader(raw, where)
    started = r.number("started_at")
    ended = r.number("ended_at")
    if ended < started:
        raise ImportFileError(f"{where}.ended_at is before its started_at")
    return StoredSet(
        id=r.ident("id"),
        exercise=r.text("exercise"),
        side=r.text("side", SIDES),
        set_number=r.whole("set_number", low=1),
        reps=r.whole("reps", optional=True),
        seconds=r.number("seconds", optional=True),
        weight=r.number("weight", optional=True),
        weight_unit=r.text("weight_unit", WEIGHT_UNITS, optional=True) or None,
        started_at=started,
        ended_at=ended,
        day=r.day("day"),
    )


def _pain(raw: object, where: str) -> PainCheckIn:
    r = _Reader(raw, where)
    return PainCheckIn(
        moment=r.text("moment", MOMENTS),
        rating=r.whole("rating", high=10, optional=True),
        note=r.text("note", optional=True),
        recorded_at=r.number("recorded_at"),
    )


def unknown_exercises(records: Iterable[SessionRecord], known: Collection[str]) -> list[str]:
    """One line per exercise id in ``records`` that ``known`` lacks, naming its sets.

    Such sets are imported all the same (they are the user's data, and a later
    backcoach may know the exercise); the lines say so.
    """
    counts: dict[str, int] = {}
    for r in records:
        for s in r.sets:
            if s.exercise not in known:
                counts[s.exercise] = counts.get(s.exercise, 0) + 1
    return [
        f"unknown exercise {_show(name)}: {n} {'set' if n == 1 else 'sets'} imported as recorded"
        for name, n in sorted(counts.items())
    ]


def read_json(path: Path) -> list[SessionRecord]:
    """Read and check an export file completely; raises ImportFileError or OSError."""
    try:
        text = path.expanduser().read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ImportFileError("the file is not UTF-8 text") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    return parse_document(doc)
