"""Load exercises and routines from TOML files, with readable validation errors.

Each file is checked on its own: a broken file is reported (file, entry,
field, what was expected, what was found) and skipped, and everything valid
still loads. Nothing here raises for bad content.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from backcoach.content.cache import ParsedCache
from backcoach.content.model import (
    CONTEXTS,
    SIDES,
    WEIGHT_UNITS,
    Content,
    ContentProblem,
    Dose,
    Exercise,
    Position,
    Range,
    Routine,
    RoutineItem,
    Step,
    TempoCue,
    Weight,
)

DATA_DIR = Path(__file__).with_name("data")


class Invalid(Exception):
    """One field failed validation; carries where and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field} {message}")
        self.field = field
        self.message = message


def _got(value: object) -> str:
    return f"got {value!r}" if not isinstance(value, dict) else "got a table"


class _Reader:
    """Typed access to one TOML table, raising :class:`Invalid` with the field path."""

    def __init__(self, data: dict[str, Any], prefix: str = "") -> None:
        self.data = data
        self.prefix = prefix

    def path(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def _need(self, key: str, expected: str) -> Any:
        if key not in self.data:
            raise Invalid(self.path(key), f"is missing; expected {expected}")
        return self.data[key]

    def text(self, key: str, *, optional: bool = False) -> str:
        if optional and key not in self.data:
            return ""
        value = self._need(key, "some text")
        if not isinstance(value, str) or not value.strip():
            raise Invalid(self.path(key), f"must be non-empty text, {_got(value)}")
        return " ".join(value.split())

    def texts(self, key: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        value = self._need(key, "a list of text")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise Invalid(self.path(key), f"must be a list of non-empty text, {_got(value)}")
        if not value and not allow_empty:
            raise Invalid(self.path(key), "must list at least one item")
        return tuple(" ".join(v.split()) for v in value)

    def number(self, key: str, what: str, minimum: float) -> float:
        value = self._need(key, f"{what} ≥ {minimum:g}")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise Invalid(self.path(key), f"must be {what} ≥ {minimum:g}, {_got(value)}")
        return float(value)

    def whole(self, key: str, what: str, minimum: int) -> int:
        value = self._need(key, f"{what} ≥ {minimum}")
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise Invalid(self.path(key), f"must be {what} ≥ {minimum}, {_got(value)}")
        return value

    def table(self, key: str) -> _Reader:
        value = self._need(key, "a table")
        if not isinstance(value, dict):
            raise Invalid(self.path(key), f"must be a table, {_got(value)}")
        return _Reader(value, f"{self.path(key)}.")

    def tables(self, key: str) -> list[_Reader]:
        value = self._need(key, "a list of tables")
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise Invalid(self.path(key), f"must be a non-empty list of tables, {_got(value)}")
        return [_Reader(v, f"{self.path(key)}[{i + 1}].") for i, v in enumerate(value)]

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self._need(key, f"one of {', '.join(choices)}")
        if value not in choices:
            raise Invalid(self.path(key), f"must be one of {', '.join(choices)}, {_got(value)}")
        return str(value)

    def range(self, key: str, what: str, minimum: int) -> Range:
        if key not in self.data:
            raise Invalid(self.path(key), f"is missing; expected {{ min, max, default }} {what}")
        value = self.data[key]
        if isinstance(value, dict):
            sub = _Reader(value, f"{self.path(key)}.")
            lo = sub.whole("min", what, minimum)
            hi = sub.whole("max", what, minimum)
            default = sub.whole("default", what, minimum)
            if hi < lo:
                raise Invalid(self.path(key), f"max ({hi}) must not be below min ({lo})")
            if not lo <= default <= hi:
                raise Invalid(
                    f"{self.path(key)}.default", f"must lie between {lo} and {hi}, got {default}"
                )
            return Range(lo, hi, default)
        n = self.whole(key, what, minimum)
        return Range(n, n, n)


def _image(p: _Reader, file: Path) -> str:
    """A ``:/`` resource as written, or an SVG file beside ``file`` as an absolute path."""
    image = p.text("image")
    if image.startswith(":/"):
        return image
    expected = f"a resource path starting ':/' or an .svg file relative to {file.name}"
    if Path(image).is_absolute() or Path(image).suffix.lower() != ".svg":
        raise Invalid(p.path("image"), f"must be {expected}, got {image!r}")
    found = (file.parent / image).resolve()
    if not found.is_file():
        raise Invalid(p.path("image"), f"names {image!r}, but there is no file at {found}")
    return str(found)


def _positions(r: _Reader, file: Path) -> tuple[Position, ...]:
    positions = []
    for p in r.tables("positions"):
        positions.append(Position(p.text("id"), p.text("label"), _image(p, file)))
    ids = [p.id for p in positions]
    if len(set(ids)) != len(ids):
        raise Invalid("positions", f"ids must be unique, got {ids}")
    if len(positions) < 2:
        raise Invalid("positions", "must show at least two key positions")
    return tuple(positions)


def _steps(r: _Reader, position_ids: set[str]) -> tuple[Step, ...]:
    steps = []
    for s in r.tables("steps"):
        pos = s.text("position")
        if pos not in position_ids:
            raise Invalid(
                s.path("position"),
                f"must name one of the positions ({', '.join(sorted(position_ids))}), got {pos!r}",
            )
        steps.append(Step(s.text("text"), pos, s.text("spoken", optional=True)))
    return tuple(steps)


def _dose(r: _Reader) -> Dose:
    d = r.table("dose")
    mode = d.choice("mode", ("hold", "reps"))
    sets = d.range("sets", "a whole number of sets", 1)
    if mode == "hold":
        h = d.table("hold")
        hold = {c: h.range(c, "a number of seconds", 1) for c in CONTEXTS}
        return Dose(mode, sets, hold=hold)
    reps = d.range("reps", "a whole number of reps", 1)
    tempo_seconds = d.number("tempo_seconds", "a number of seconds per rep", 1)
    tempo: list[TempoCue] = []
    if "tempo" in d.data:
        for t in d.tables("tempo"):
            at = t.number("at", "a number of seconds into the rep", 0)
            if at >= tempo_seconds:
                raise Invalid(t.path("at"), f"must be below tempo_seconds ({tempo_seconds:g})")
            kind = t.choice("kind", ("form", "breath")) if "kind" in t.data else "form"
            tempo.append(TempoCue(at, t.text("text"), kind))
    weight = None
    if "weight" in d.data:
        w = d.table("weight")
        weight = Weight(w.number("default", "a weight", 0), w.choice("unit", WEIGHT_UNITS))
    return Dose(
        mode,
        sets,
        reps=reps,
        tempo_seconds=tempo_seconds,
        tempo=tuple(sorted(tempo, key=lambda c: c.at)),
        weight=weight,
    )


def _exercise(r: _Reader, file: Path) -> Exercise:
    positions = _positions(r, file)
    sides = r.texts("sides", allow_empty=True)
    if sides and sorted(sides) != sorted(SIDES):
        raise Invalid("sides", f"must be [] (both at once) or ['left', 'right'], got {list(sides)}")
    alternates = r.data.get("alternates", False)
    if not isinstance(alternates, bool):
        raise Invalid("alternates", f"must be true or false, {_got(alternates)}")
    if alternates and sides:
        raise Invalid("alternates", "must be false when the sides are done separately")
    return Exercise(
        id=r.text("id"),
        name=r.text("name"),
        category=r.text("category"),
        summary=r.text("summary"),
        why=r.text("why"),
        addresses=r.text("addresses"),
        steps=_steps(r, {p.id for p in positions}),
        form_cues=r.texts("form_cues"),
        breathing_cues=r.texts("breathing_cues", allow_empty=True)
        if "breathing_cues" in r.data
        else (),
        equipment=r.texts("equipment"),
        sides=tuple(s for s in SIDES if s in sides),
        positions=positions,
        dose=_dose(r),
        intro=r.text("intro"),
        alternates=alternates,
        source=file.name,
    )


def _routine(r: _Reader, file: Path) -> Routine:
    items = []
    for it in r.tables("items"):
        sets = it.whole("sets", "a whole number of sets", 1) if "sets" in it.data else None
        items.append(RoutineItem(it.text("exercise"), sets))
    return Routine(
        id=r.text("id"),
        name=r.text("name"),
        description=r.text("description"),
        default_context=r.choice("default_context", CONTEXTS),
        items=tuple(items),
        source=file.name,
    )


def _read(
    path: Path, name: str, problems: list[ContentProblem], cache: ParsedCache
) -> dict[str, Any] | None:
    try:
        stat = path.stat()
    except OSError as exc:
        problems.append(ContentProblem(name, path.stem, "", f"cannot be read ({exc})"))
        return None
    data = cache.get(path, stat)
    if data is not None:
        return data
    import tomllib  # only for a file the cache does not hold as it is now

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        problems.append(ContentProblem(name, path.stem, "", f"is not valid TOML ({exc})"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(ContentProblem(name, path.stem, "", f"cannot be read ({exc})"))
    else:
        cache.put(path, stat, data)
        return data
    return None


def _load_dir(
    directory: Path,
    build: Any,
    problems: list[ContentProblem],
    cache: ParsedCache,
    *,
    users: bool = False,
) -> dict[str, Any]:
    """Every valid entry in ``directory``, by id. The bundled folders must exist; a
    user's need not, and their files are named by their whole path (and carry it as
    ``source``), so that whoever wrote one can find it."""
    found: dict[str, Any] = {}
    if not directory.is_dir():
        if not users:
            problems.append(ContentProblem(str(directory), "", "", "folder is missing"))
        return found
    for path in sorted(directory.glob("*.toml")):
        name = str(path) if users else path.name
        data = _read(path, name, problems, cache)
        if data is None:
            continue
        raw_id = data.get("id")
        entry = raw_id if isinstance(raw_id, str) else path.stem
        try:
            item = build(_Reader(data), path)
        except Invalid as exc:
            problems.append(ContentProblem(name, entry, exc.field, exc.message))
            continue
        if item.id != path.stem:
            problems.append(
                ContentProblem(name, entry, "id", f"must match the file name {path.stem!r}")
            )
        elif item.id in found:
            problems.append(ContentProblem(name, entry, "id", "is used twice"))
        else:
            found[item.id] = replace(item, source=name) if users else item
    return found


def load_content(
    root: Path | None = None, *, user: Path | None = None, cache: Path | None = None
) -> Content:
    """Load every exercise and routine under ``root`` (the bundled data by default).

    ``user`` is a user's own content folder (see :func:`backcoach.paths.user_content_dir`),
    with the same ``exercises`` and ``routines`` subfolders, both optional: its files
    add exercises and routines, and one with the id of a bundled one takes its place.
    With ``cache`` (a file), files parsed before are taken from it as parsed
    (see :mod:`backcoach.content.cache`), and it is brought up to date.
    """
    root = root or DATA_DIR
    parsed = ParsedCache(cache)
    problems: list[ContentProblem] = []
    exercises: dict[str, Exercise] = _load_dir(root / "exercises", _exercise, problems, parsed)
    routines: dict[str, Routine] = {}
    loaded_routines = _load_dir(root / "routines", _routine, problems, parsed)
    if user is not None:
        exercises |= _load_dir(user / "exercises", _exercise, problems, parsed, users=True)
        loaded_routines |= _load_dir(user / "routines", _routine, problems, parsed, users=True)
    parsed.save()
    for rid, routine in loaded_routines.items():
        missing = [i.exercise for i in routine.items if i.exercise not in exercises]
        if missing:
            problems.append(
                ContentProblem(
                    routine.source,
                    rid,
                    "items",
                    f"names exercises that did not load ({', '.join(missing)}); "
                    f"known: {', '.join(sorted(exercises)) or 'none'}",
                )
            )
            kept = tuple(i for i in routine.items if i.exercise in exercises)
            if not kept:
                continue
            routine = replace(routine, items=kept)
        routines[rid] = routine
    return Content(exercises, routines, problems)
