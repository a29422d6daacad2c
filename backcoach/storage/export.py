"""History files for people and other programs: CSV (spreadsheet-safe) and JSON (lossless).

The JSON export is also the import format, the way to move history to a new
computer. Importing validates the whole file first and names the first thing
wrong in it; then everything goes in one transaction.

Format 2 adds to each set ``skipped`` (true: nothing of it was done) and
``planned_reps`` / ``planned_seconds``. A format 1 file (no such fields) reads as
sets all done, amounts planned unknown. Format 2 is refused by a backcoach that
reads only format 1, which would count a skipped set as done.

Format 3 adds the coach's data: a pain check-in may be the next ``morning``'s, and each
session lists ``doses``, the dose it gave each exercise (``variant``, ``sets``, ``reps``,
``hold_seconds``, ``weight``, ``weight_unit``, ``chosen`` by the user, the ``reason``).
Formats 1 and 2 read as sessions without doses.
"""

from __future__ import annotations

import csv
import errno
import json
import math
import os
import re
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import IO, Any

from backcoach.content.model import WEIGHT_UNITS
from backcoach.core.coach import GivenDose, Level
from backcoach.storage.records import (
    MOMENTS,
    STATUSES,
    PainCheckIn,
    SessionRecord,
    StoredSet,
    settled,
)
from backcoach.storage.store import HistoryStore

FORMAT = "backcoach-history"
FORMAT_VERSION = 3
SIDES = ("left", "right", "both")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WHOLE_LIMIT = 2**63
"""Whole numbers must stay below this: SQLite's INTEGER is 64-bit signed."""
MAX_DEPTH = 100
"""The depth an error names when the JSON parser gives up on nesting (an export nests
five deep; anything deeper is refused field by field)."""
UNSAVED_PREFIX = "backcoach-unsaved-"
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
    "skipped",
    "planned_reps",
    "planned_seconds",
    "pain_morning",
    "pain_morning_note",
)


class ImportFileError(Exception):
    """The import file cannot be used; the message names what is wrong."""


STDOUT = Path("-")
"""The export path that means standard output."""


class ExportWriteError(OSError):
    """An export cannot be written: ``str()`` says why in a few words, naming the folder or
    file at fault and never a temporary file; ``errno`` and ``strerror`` are the system's."""

    def __init__(self, error: OSError, message: str) -> None:
        super().__init__(error.errno, error.strerror)
        self.message = message

    def __str__(self) -> str:
        return self.message


@contextmanager
def _atomic_text(path: Path) -> Iterator[IO[str]]:
    """Write to a temporary file beside ``path`` and move it into place when complete;
    :data:`STDOUT` writes to standard output instead. Raises :class:`ExportWriteError`."""
    if path == STDOUT:
        with _stdout_text() as out:
            yield out
        return
    path = path.expanduser()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise _write_error(exc, path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            yield f
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _write_error(exc, path) from None
        raise


@contextmanager
def _stdout_text() -> Iterator[IO[str]]:
    """Standard output for an export: to a terminal, as everything else is printed there
    (see :func:`backcoach.cli.main`); to a pipe or a file, the UTF-8 text a file gets."""
    out = sys.stdout
    out.flush()
    fd = None if out.isatty() else _dup(out)
    if fd is None:
        yield out
        out.flush()
        return
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        yield f


def _dup(stream: IO[str]) -> int | None:
    """A new descriptor for ``stream``'s file, or None when it has none (text in memory)."""
    try:
        return os.dup(stream.fileno())
    except (OSError, ValueError):
        return None


def _write_error(exc: OSError, path: Path) -> ExportWriteError:
    """What keeps ``path`` from being written, named in a few words."""
    folder = path.parent
    if isinstance(exc, FileNotFoundError):
        why = f"the folder {folder} does not exist"
    elif isinstance(exc, NotADirectoryError):
        why = f"{folder} is not a folder"
    elif isinstance(exc, IsADirectoryError):
        why = f"{path} is a folder"
    elif isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        why = f"the folder {folder} cannot be written to"
    else:
        why = (exc.strerror or "it cannot be written").lower()
    return ExportWriteError(exc, why)


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
           max(CASE WHEN moment = 'after' THEN note END) AS after_note,
           max(CASE WHEN moment = 'morning' THEN rating END) AS morning,
           max(CASE WHEN moment = 'morning' THEN note END) AS morning_note
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
       {_stamp_sql("st.ended_at", "st.ended_at_offset")},
       st.skipped, st.planned_reps, st.planned_seconds,
       p.morning, {_safe_sql("COALESCE(p.morning_note, '')")}
FROM s
LEFT JOIN pain p ON p.session_id = s.id
LEFT JOIN st ON st.session_id = s.id
ORDER BY s.started_at, s.id, st.started_at, st.id
"""
"""One row per set with its session's columns (a session without sets gets one row;
a set skipped has ``skipped`` 1),
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


def unsaved_name(session_id: str) -> str:
    """The file name of a session's unsaved sets: one file per session, named after it."""
    return f"{UNSAVED_PREFIX}{canonical_id(session_id) or session_id}.json"


def unsaved_files(data_folder: Path) -> list[Path]:
    """The unsaved-set files lying in :func:`unsaved_places`, each listed once."""
    return [
        path
        for folder in _distinct(unsaved_places(data_folder))
        for path in sorted(folder.glob(f"{UNSAVED_PREFIX}*.json"))
        if path.is_file()
    ]


def save_unsaved(store: HistoryStore, data_folder: Path) -> list[Path]:
    """Write what ``store`` keeps, one file per session, to the first of
    :func:`unsaved_places` that takes every file.

    A session saved this way before gets one file still: its earlier file (in any of
    the places) is merged into the new one, which replaces it. An earlier file that
    cannot be read is left alone, and its folder is not written to. Once the files are
    written the store forgets those writes. Returns the files ([] when no place took them).
    """
    places = _distinct(unsaved_places(data_folder))
    sessions = [_UnsavedSession.gather(r, places) for r in store.pending_records()]
    written: list[Path] = []
    for folder in places:
        if any(folder in s.blocked for s in sessions):
            continue
        try:
            for s in sessions:
                write_json(s.records, folder / s.name)
                written.append(folder / s.name)
        except OSError:
            continue
        done = [folder / s.name for s in sessions]
        for older in {*written, *(p for s in sessions for p in s.replaced)} - set(done):
            with suppress(OSError):
                older.unlink(missing_ok=True)
        store.forget_pending()
        return done
    return []


@dataclass
class _UnsavedSession:
    """One session's unsaved-set file: what it is to hold (earlier files of the session
    merged in), the earlier files it replaces, and the folders whose file of the
    session cannot be read (left alone)."""

    name: str
    records: list[SessionRecord]
    replaced: list[Path] = field(default_factory=list)
    blocked: list[Path] = field(default_factory=list)

    @classmethod
    def gather(cls, record: SessionRecord, places: list[Path]) -> _UnsavedSession:
        found = cls(unsaved_name(record.id), [record])
        for folder in places:
            path = folder / found.name
            try:
                earlier = read_json(path)
            except (FileNotFoundError, NotADirectoryError):
                continue
            except (ImportFileError, OSError):
                found.blocked.append(folder)
                continue
            found.records = _merge_saves(earlier, found.records)
            found.replaced.append(path)
        return found


def _merge_saves(older: list[SessionRecord], newer: list[SessionRecord]) -> list[SessionRecord]:
    """Two saves of unsaved sessions as one: a session in both gets :func:`_merged`."""
    fresh = {r.id: r for r in newer}
    merged = [_merged(r, fresh.pop(r.id)) if r.id in fresh else r for r in older]
    return [*merged, *fresh.values()]


def _merged(old: SessionRecord, new: SessionRecord) -> SessionRecord:
    """A session saved twice: the sets of both, the newer check-ins, and its end once known."""
    kept = {s.id for s in new.sets}
    sets = settled(
        sorted([*(s for s in old.sets if s.id not in kept), *new.sets], key=lambda s: s.started_at)
    )
    pain = {p.moment: p for p in old.pain} | {p.moment: p for p in new.pain}
    doses = {d.exercise: d for d in old.doses} | {d.exercise: d for d in new.doses}
    end = new if new.status != "open" else old
    return replace(
        new,
        plan_summary=new.plan_summary or old.plan_summary,
        notes=new.notes or old.notes,
        ended_at=end.ended_at,
        status=end.status,
        sets=sets,
        pain=tuple(pain[m] for m in MOMENTS if m in pain),
        doses=tuple(doses.values()),
    )


def _distinct(folders: list[Path]) -> list[Path]:
    """``folders`` without repeats (home may be the data folder)."""
    seen: dict[Path, Path] = {}
    for folder in folders:
        seen.setdefault(folder.resolve(), folder)
    return list(seen.values())


def import_command(folder: Path, path: Path) -> str:
    """The command that imports ``path`` into the history of the data folder ``folder``
    (naming the folder unless it is the one a plain ``backcoach`` uses)."""
    import shlex

    from backcoach.paths import DataDirError, data_dir

    try:
        default = data_dir() == folder
    except DataDirError:  # the default names no usable folder: name this one
        default = False
    given = "" if default else f" --data-dir {shlex.quote(str(folder))}"
    return f"backcoach{given} import {shlex.quote(str(path))}"


def unsaved_message(paths: list[Path], sets: int, folder: Path) -> str:
    """What to tell the user about the writes :func:`save_unsaved` put in ``paths`` ([]: lost)
    from the history of the data folder ``folder``."""
    what = "1 set" if sets == 1 else f"{sets} sets"
    if not paths:
        return f"History could not be saved, and no folder could take a file for {what}."
    if len(paths) == 1:
        return (
            f"History could not be saved, so what it still held ({what}) is in {paths[0]}. "
            f"Bring it into history later with: {import_command(folder, paths[0])}"
        )
    commands = "; ".join(import_command(folder, p) for p in paths)
    return (
        f"History could not be saved, so what it still held ({what}) is in {len(paths)} "
        f"files, one per session. Bring them into history later with: {commands}"
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
                        "skipped": s.skipped,
                        "planned_reps": s.planned_reps,
                        "planned_seconds": s.planned_seconds,
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
                "doses": [
                    {
                        "exercise": d.exercise,
                        "variant": d.level.variant,
                        "sets": d.level.sets,
                        "reps": d.level.reps,
                        "hold_seconds": d.level.hold_s,
                        "weight": d.level.weight,
                        "weight_unit": d.level.weight_unit,
                        "chosen": d.chosen,
                        "reason": d.reason,
                    }
                    for d in r.doses
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

_UUID = re.compile(
    r"(?:urn:uuid:)?(\{)?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?"
    r"([0-9a-f]{12})(?(1)\})",
    re.IGNORECASE | re.ASCII,
)
_ID_RULE = "ids are 32 hexadecimal digits, as in 0e9c5b1a-3f2b-4c1d-9a8e-7b6c5d4e3f2a"
"""How an id must look, as errors say it (upper case, no hyphens, {braces} and a
``urn:uuid:`` prefix are read as the same id)."""


def canonical_id(value: str) -> str | None:
    """``value`` as the one spelling history keeps (a lower-case hyphenated UUID), or None
    when it is not a UUID: 32 hexadecimal digits in any case, hyphens optional, maybe in
    braces or after ``urn:uuid:``."""
    found = _UUID.fullmatch(value)
    return None if found is None else str(uuid.UUID("".join(found.group(2, 3, 4, 5, 6))))


@dataclass(frozen=True)
class _BadNumber:
    """A number in the JSON text that no field can hold (an infinity, NaN, or more digits
    than Python reads), kept as written so the error can show it."""

    text: str

    def __str__(self) -> str:
        return (
            self.text
            if len(self.text) <= 40
            else f"{self.text[:20]}… ({len(self.text)} characters)"
        )


def _parse_int(text: str) -> int | _BadNumber:
    try:
        return int(text)
    except ValueError:  # more digits than sys.get_int_max_str_digits()
        return _BadNumber(text)


def _parse_float(text: str) -> float | _BadNumber:
    value = float(text)
    return value if math.isfinite(value) else _BadNumber(text)


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
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate, such as "\ud800" in the JSON
            lone = value[exc.start].encode("utf-8", "backslashreplace").decode("ascii")
            raise self._fail(key, f"text without a lone surrogate ({lone} here)") from None
        return value

    def ident(self, key: str) -> str:
        value = self.text(key)
        canonical = canonical_id(value)
        if canonical is None:
            raise ImportFileError(
                f"{self.where}.{key} must be a UUID, got {_show(value)}; {_ID_RULE}"
            )
        return canonical

    def whole(self, key: str, low: int = 0, high: int | None = None, optional: bool = False) -> Any:
        value = self._get(key, optional)
        if value is None and optional:
            return None
        if high is None and (
            (isinstance(value, _BadNumber) and value.text.isdigit())
            or (isinstance(value, int) and value >= WHOLE_LIMIT)
        ):
            raise self._fail(key, "a whole number below 2^63")
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
        if isinstance(value, bool) or not isinstance(value, int | float | _BadNumber):
            raise self._fail(key, "a number ≥ 0")
        finite = _finite(value)
        if finite is None:
            raise self._fail(key, "a finite number ≥ 0")
        if finite < 0:
            raise self._fail(key, "a number ≥ 0")
        return finite

    def flag(self, key: str) -> bool:
        """A true or false that may be missing (false)."""
        if key not in self.obj:
            return False
        value = self.obj[key]
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

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


def _finite(value: int | float | _BadNumber) -> float | None:
    """``value`` as a float, or None when it is not a finite one."""
    if isinstance(value, _BadNumber):
        return None
    try:
        result = float(value)
    except OverflowError:  # an int beyond 1.8e308
        return None
    return result if math.isfinite(result) else None


def _show(value: object) -> str:
    """``value`` as JSON, cut to 40 characters, a lone surrogate written as its escape."""
    if isinstance(value, _BadNumber):
        return str(value)
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (RecursionError, ValueError):  # nested too deep, or an int too long to write
        text = "[…]" if isinstance(value, list) else "{…}"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 40 else text[:37] + "..."


_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:,]')


def _too_deep(text: str) -> str:
    """Where the JSON ``text`` first nests arrays or objects more than :data:`MAX_DEPTH`
    deep, named as the reader names fields, to the depth an export goes ("the file" when
    it is the file itself)."""
    path: list[str | int] = []  # per open array or object: the index or key being read
    key = ""
    for token in _TOKEN.finditer(text):
        t = token.group()
        if t in ("[", "{"):
            if len(path) == MAX_DEPTH:
                break
            path.append(0 if t == "[" else "")
        elif t in ("]", "}"):
            if path:
                path.pop()
        elif t == ",":
            if path and isinstance(path[-1], int):
                path[-1] += 1
        elif t == ":":
            if path:
                path[-1] = key if len(key) <= 40 else key[:37] + "..."
        else:
            key = t[1:-1]
    steps = path[:5]
    keys = [i for i, step in enumerate(steps) if isinstance(step, str)]
    if not keys:
        return "the file"
    where = ""
    for step in steps[: keys[-1] + 1]:
        where += f"[{step}]" if isinstance(step, int) else f".{step}" if where else step
    return where


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
            f"this version reads formats up to {FORMAT_VERSION}"
        )
    records = [_session(raw, f"sessions[{i}]") for i, raw in enumerate(top.items("sessions"))]
    _check_ids_once(records)
    return records


def _check_ids_once(records: list[SessionRecord]) -> None:
    """Refuse a session id, or a set id, given twice (in any spelling): one of the two
    would be dropped or merged into the other."""
    sessions: dict[str, str] = {}
    sets: dict[str, str] = {}
    for i, r in enumerate(records):
        _claim(sessions, r.id, f"sessions[{i}].id")
        for j, s in enumerate(r.sets):
            _claim(sets, s.id, f"sessions[{i}].sets[{j}].id")


def _claim(seen: dict[str, str], ident: str, where: str) -> None:
    first = seen.setdefault(ident, where)
    if first != where:
        raise ImportFileError(
            f"{where} {ident} is also {first}; every session and every set needs its own id"
        )


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
    doses = tuple(
        _dose(d, f"{where}.doses[{i}]")
        for i, d in enumerate(r.items("doses") if "doses" in r.obj else [])
    )
    if len({d.exercise for d in doses}) != len(doses):
        raise ImportFileError(f"{where}.doses has two doses of the same exercise")
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
        doses=doses,
    )


def _dose(raw: object, where: str) -> GivenDose:
    r = _Reader(raw, where)
    level = Level(
        sets=r.whole("sets", low=1),
        reps=r.whole("reps", optional=True),
        hold_s=r.whole("hold_seconds", optional=True),
        weight=r.number("weight", optional=True),
        weight_unit=r.text("weight_unit", WEIGHT_UNITS, optional=True) or None,
        variant=r.text("variant", optional=True) or None,
    )
    return GivenDose(
        r.text("exercise"), level, chosen=r.flag("chosen"), reason=r.text("reason", optional=True)
    )


def _set(raw: object, where: str) -> StoredSet:
    r = _Reader(raw, where)
    started = r.number("started_at")
    ended = r.number("ended_at")
    if ended < started:
        raise ImportFileError(f"{where}.ended_at is before its started_at")
    reps = r.whole("reps", optional=True)
    seconds = r.number("seconds", optional=True)
    skipped = r.flag("skipped")
    if skipped and (reps or seconds):
        raise ImportFileError(f"{where} is skipped, so its reps and seconds must be 0 or null")
    return StoredSet(
        id=r.ident("id"),
        exercise=r.text("exercise"),
        side=r.text("side", SIDES),
        set_number=r.whole("set_number", low=1),
        reps=reps,
        seconds=seconds,
        weight=r.number("weight", optional=True),
        weight_unit=r.text("weight_unit", WEIGHT_UNITS, optional=True) or None,
        started_at=started,
        ended_at=ended,
        day=r.day("day"),
        skipped=skipped,
        planned_reps=r.whole("planned_reps", optional=True),
        planned_seconds=r.number("planned_seconds", optional=True),
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
        doc = json.loads(
            text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_BadNumber
        )
    except RecursionError:
        where = _too_deep(text)
        raise ImportFileError(
            f"{where} holds arrays or objects nested more than {MAX_DEPTH} deep"
        ) from None
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    return parse_document(doc)
