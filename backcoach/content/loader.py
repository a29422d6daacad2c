"""Load exercises and routines from TOML files, with readable validation errors.

Each file is checked on its own: a broken file is reported (file, entry,
field, what was expected, what was found) and skipped, and everything valid
still loads. Nothing here raises for bad content, however hostile: only regular
files of at most 1 MB are read (see :mod:`backcoach.content.guard`), every number is
finite and in a sensible range, every list and text has a cap, and a picture must be
a self-contained SVG file inside the folder of its TOML file.
"""

from __future__ import annotations

import math
import reprlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from backcoach.content.cache import ParsedCache
from backcoach.content.callouts import CALLOUTS
from backcoach.content.guard import (
    TOO_DEEP,
    Refused,
    check_toml_nesting,
    nests_deeper,
    read_regular,
)
from backcoach.content.model import (
    BUNDLED_WEIGHT_RANGE,
    CONTEXTS,
    CUE_PRIORITIES,
    LANDMARKS,
    MUSCLES,
    ROOTS,
    SIDES,
    TEMPO_PRIORITY,
    WEIGHT_UNITS,
    Arm,
    Arrow,
    Callout,
    Content,
    ContentProblem,
    Dose,
    Exercise,
    Leg,
    Marks,
    MotionKey,
    Pose,
    Position,
    Range,
    Routine,
    RoutineItem,
    Step,
    TempoCue,
    Weight,
)

DATA_DIR = Path(__file__).with_name("data")

MAX_FILES = 50
"""The most ``.toml`` files read from one folder; any more are reported, not read."""
MAX_TEXT = 2000
"""The most characters in one text (the longest bundled one has 436)."""
MOST: dict[str, int] = {
    "positions": 12,
    "steps": 40,
    "form_cues": 20,
    "breathing_cues": 20,
    "equipment": 10,
    "tempo": 20,
    "items": 20,
    "sides": 2,
    "muscles": len(MUSCLES),
    "callouts": 3,
    "arrows": 3,
    "motion": 20,
}
"""The most entries each list may hold, by its key."""

SETS = (1, 20)
REPS = (1, 100)
HOLD_SECONDS = (1, 600)
TEMPO_SECONDS = (1, 60)
WEIGHT_MAX = {"kg": 200, "lb": 440}
WEIGHT_STEP = (0.1, 50)
"""The allowed ranges of the numbers in a dose, inclusive."""

ANGLES: dict[str, tuple[float, float]] = {
    "trunk": (-360, 360),
    "neck": (-60, 60),
    "shoulder": (-90, 200),
    "elbow": (0, 160),
    "hip": (-60, 160),
    "knee": (0, 170),
    "ankle": (-40, 90),
}
"""The allowed range of each angle of a pose, in degrees, inclusive."""
STAGE_X = (-240, 240)
STAGE_Y = (-40, 320)
"""Where a pose's root may be placed: the picture is 480 by 360 units, the mat's top at y = 0."""
LABEL_REACH = (-240, 240)
ARROW_OFFSET = (-100, 100)
"""How far a callout's words or an arrow may sit from the point they are about."""


class Invalid(Exception):
    """One field failed validation; carries where and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field} {message}")
        self.field = field
        self.message = message


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60
_SHORT.maxlist = 4


def _got(value: object) -> str:
    """What was found, in at most a line (a long text or list is cut short)."""
    return f"got {_SHORT.repr(value)}" if not isinstance(value, dict) else "got a table"


def _within(value: object, allowed: tuple[float, float]) -> bool:
    """Whether ``value`` is a finite int or float within ``allowed`` (inclusive)."""
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(value)
        and allowed[0] <= value <= allowed[1]
    )


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

    def _capped(self, key: str, value: list[Any]) -> None:
        most = MOST[key]
        if len(value) > most:
            raise Invalid(self.path(key), f"lists {len(value)} entries; at most {most} are allowed")

    def text(self, key: str, *, optional: bool = False) -> str:
        if optional and key not in self.data:
            return ""
        value = self._need(key, "some text")
        if not isinstance(value, str) or not value.strip():
            raise Invalid(self.path(key), f"must be non-empty text, {_got(value)}")
        if len(value) > MAX_TEXT:
            raise Invalid(
                self.path(key), f"must be at most {MAX_TEXT} characters, got {len(value)}"
            )
        return " ".join(value.split())

    def texts(self, key: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        value = self._need(key, "a list of text")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise Invalid(self.path(key), f"must be a list of non-empty text, {_got(value)}")
        if not value and not allow_empty:
            raise Invalid(self.path(key), "must list at least one item")
        self._capped(key, value)
        if any(len(v) > MAX_TEXT for v in value):
            raise Invalid(self.path(key), f"must hold texts of at most {MAX_TEXT} characters")
        return tuple(" ".join(v.split()) for v in value)

    def number(self, key: str, what: str, allowed: tuple[float, float]) -> float:
        """A finite int or float within ``allowed`` (inclusive)."""
        lo, hi = allowed
        expected = f"{what} from {lo:g} to {hi:g}"
        value = self._need(key, expected)
        if not _within(value, allowed):
            raise Invalid(self.path(key), f"must be {expected}, {_got(value)}")
        return float(value)

    def pair(self, key: str, what: str, allowed: tuple[float, float]) -> tuple[float, float]:
        """Two numbers [x, y], each a finite int or float within ``allowed`` (inclusive)."""
        lo, hi = allowed
        expected = f"[x, y], two {what} from {lo:g} to {hi:g}"
        value = self._need(key, expected)
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(_within(v, allowed) for v in value)
        ):
            raise Invalid(self.path(key), f"must be {expected}, {_got(value)}")
        return float(value[0]), float(value[1])

    def flag(self, key: str) -> bool:
        """An optional true or false, false when left out."""
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise Invalid(self.path(key), f"must be true or false, {_got(value)}")
        return value

    def whole(self, key: str, what: str, allowed: tuple[int, int]) -> int:
        """An int within ``allowed`` (inclusive)."""
        lo, hi = allowed
        expected = f"{what} from {lo} to {hi}"
        value = self._need(key, expected)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise Invalid(self.path(key), f"must be {expected}, {_got(value)}")
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
        self._capped(key, value)
        return [_Reader(v, f"{self.path(key)}[{i + 1}].") for i, v in enumerate(value)]

    def choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = self._need(key, f"one of {', '.join(choices)}")
        if value not in choices:
            raise Invalid(self.path(key), f"must be one of {', '.join(choices)}, {_got(value)}")
        return str(value)

    def choices(self, key: str, choices: tuple[str, ...]) -> tuple[str, ...]:
        """A list of distinct entries of ``choices``."""
        expected = f"a list of distinct names from {', '.join(choices)}"
        value = self._need(key, expected)
        if (
            not isinstance(value, list)
            or not all(isinstance(v, str) and v in choices for v in value)
            or len(set(value)) != len(value)
        ):
            raise Invalid(self.path(key), f"must be {expected}, {_got(value)}")
        self._capped(key, value)
        return tuple(value)

    def range(self, key: str, what: str, allowed: tuple[int, int]) -> Range:
        if key not in self.data:
            raise Invalid(self.path(key), f"is missing; expected {{ min, max, default }} {what}")
        value = self.data[key]
        if isinstance(value, dict):
            sub = _Reader(value, f"{self.path(key)}.")
            lo = sub.whole("min", what, allowed)
            hi = sub.whole("max", what, allowed)
            default = sub.whole("default", what, allowed)
            if hi < lo:
                raise Invalid(self.path(key), f"max ({hi}) must not be below min ({lo})")
            if not lo <= default <= hi:
                raise Invalid(
                    f"{self.path(key)}.default", f"must lie between {lo} and {hi}, got {default}"
                )
            return Range(lo, hi, default)
        n = self.whole(key, what, allowed)
        return Range(n, n, n)


def _image(p: _Reader, file: Path) -> str:
    """A ``:/`` resource as written, or a self-contained SVG file in the folder of ``file``
    (or below it, links followed) as an absolute path."""
    image = p.text("image")
    if image.startswith(":/"):
        return image
    field = p.path("image")
    expected = f"a resource path starting ':/' or an .svg file relative to {file.name}"
    if Path(image).is_absolute() or Path(image).suffix.lower() != ".svg":
        raise Invalid(field, f"must be {expected}, got {image!r}")
    try:
        folder = file.parent.resolve()
        found = (file.parent / image).resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # a loop of links is a RuntimeError
        raise Invalid(field, f"names {image!r}, which cannot be followed ({exc})") from None
    if not found.is_relative_to(folder):
        raise Invalid(
            field,
            f"names {image!r}, which leads outside {file.parent} (to {found}); a picture must "
            "be in the folder of its file or below it",
        )
    try:
        _, data = read_regular(found)
    except Refused as exc:
        raise Invalid(field, f"names {image!r}, but {found} {exc}") from None
    from backcoach.content.svg import svg_problem  # only for a picture of one's own

    problem = svg_problem(data)
    if problem is not None:
        raise Invalid(field, f"names {image!r}, which {problem}")
    return str(found)


def _angle(r: _Reader, key: str) -> float:
    return r.number(key, "an angle in degrees", ANGLES[key])


def _pose(t: _Reader) -> Pose:
    """The body of a ``pose`` table: where it stands and its joint angles."""

    def arm(key: str) -> Arm:
        a = t.table(key)
        return Arm(_angle(a, "shoulder"), _angle(a, "elbow"))

    def leg(key: str) -> Leg:
        g = t.table(key)
        return Leg(_angle(g, "hip"), _angle(g, "knee"), _angle(g, "ankle"))

    x, y = t.pair("at", "units", STAGE_X)
    if not STAGE_Y[0] <= y <= STAGE_Y[1]:
        raise Invalid(t.path("at"), f"must have y from {STAGE_Y[0]} to {STAGE_Y[1]}, got {y:g}")
    return Pose(
        root=t.choice("root", ROOTS),
        at=(x, y),
        trunk=_angle(t, "trunk"),
        neck=_angle(t, "neck"),
        near_arm=arm("near_arm"),
        far_arm=arm("far_arm"),
        near_leg=leg("near_leg"),
        far_leg=leg("far_leg"),
        dumbbells=t.flag("dumbbells"),
        cushion=t.flag("cushion"),
        chair=t.number("chair", "units", STAGE_X) if "chair" in t.data else None,
    )


def _marks(t: _Reader, here: str) -> Marks:
    """The muscles, callouts and arrows of the ``pose`` table of position ``here`` (each
    list optional)."""
    muscles = t.choices("muscles", MUSCLES) if "muscles" in t.data else ()
    callouts = tuple(
        Callout(
            c.choice("text", tuple(CALLOUTS)),
            c.choice("point", LANDMARKS),
            c.pair("label", "units", LABEL_REACH),
        )
        for c in (t.tables("callouts") if "callouts" in t.data else ())
    )
    arrows = tuple(_arrow(a, here) for a in (t.tables("arrows") if "arrows" in t.data else ()))
    return Marks(muscles, callouts, arrows)


def _arrow(a: _Reader, here: str) -> Arrow:
    """An arrow ``toward`` another position from position ``here``, or ``from`` one to it."""
    if ("toward" in a.data) == ("from" in a.data):
        raise Invalid(a.path("toward"), "or from must be given, not both")
    offset = a.number("offset", "a number of units", ARROW_OFFSET) if "offset" in a.data else 0.0
    point = a.choice("point", LANDMARKS)
    push = a.flag("push")
    if "toward" in a.data:
        return Arrow(point, here, a.text("toward"), offset, push)
    return Arrow(point, a.text("from"), here, offset, push)


def _check_poses(readers: list[_Reader], positions: list[Position]) -> None:
    """Every position has a pose or none does; all are placed by the same joint; each
    arrow points toward another position."""
    posed = [p for p in positions if p.pose is not None]
    if not posed:
        return
    first = posed[0].pose
    assert first is not None
    for p, position in zip(readers, positions, strict=True):
        if position.pose is None:
            raise Invalid(
                p.path("pose"), "is missing; expected a table, as the other positions have"
            )
        if position.pose.root != first.root:
            raise Invalid(
                p.path("pose.root"),
                f"must be {first.root!r}, as in the first position, so that the figure can "
                f"move between them, got {position.pose.root!r}",
            )
        others = [o.id for o in positions if o.id != position.id]
        for i, arrow in enumerate(position.marks.arrows):
            key, other = (
                ("toward", arrow.end) if arrow.start == position.id else ("from", arrow.start)
            )
            if other not in others:
                raise Invalid(
                    p.path(f"pose.arrows[{i + 1}].{key}"),
                    f"must name another position ({', '.join(sorted(others))}), {_got(other)}",
                )


def _positions(r: _Reader, file: Path) -> tuple[Position, ...]:
    positions = []
    readers = r.tables("positions")
    for p in readers:
        pose, marks = None, Marks()
        if "pose" in p.data:
            t = p.table("pose")
            pose, marks = _pose(t), _marks(t, p.text("id"))
        positions.append(Position(p.text("id"), p.text("label"), _image(p, file), pose, marks))
    ids = [p.id for p in positions]
    if len(set(ids)) != len(ids):
        raise Invalid("positions", f"ids must be unique, got {_SHORT.repr(ids)}")
    if len(positions) < 2:
        raise Invalid("positions", "must show at least two key positions")
    _check_poses(readers, positions)
    return tuple(positions)


def _steps(r: _Reader, position_ids: set[str]) -> tuple[Step, ...]:
    steps = []
    for s in r.tables("steps"):
        pos = s.text("position")
        if pos not in position_ids:
            raise Invalid(
                s.path("position"),
                f"must name one of the positions ({', '.join(sorted(position_ids))}), {_got(pos)}",
            )
        steps.append(Step(s.text("text"), pos, s.text("spoken", optional=True)))
    return tuple(steps)


def _tempo_cue(t: _Reader, at: float) -> TempoCue:
    """A tempo word: its ``text`` (a "form" or "breath" word, of a priority that defaults by
    kind), or a ``side`` whose words are said (essential)."""
    if ("text" in t.data) == ("side" in t.data):
        raise Invalid(t.path("text"), "or side must be given, not both")
    if "side" in t.data:
        for key in ("kind", "priority"):
            if key in t.data:
                raise Invalid(t.path(key), "must be left out with side (a side is essential)")
        return TempoCue(at, "", "side", TEMPO_PRIORITY["side"], t.choice("side", SIDES))
    kind = t.choice("kind", ("form", "breath")) if "kind" in t.data else "form"
    priority = (
        t.choice("priority", CUE_PRIORITIES) if "priority" in t.data else TEMPO_PRIORITY[kind]
    )
    return TempoCue(at, t.text("text"), kind, priority)


def _side_words(r: _Reader, sided: bool) -> dict[str, str]:
    """How the voice names each side, when the file says (both sides then)."""
    if "side_words" not in r.data:
        return {}
    if not sided:
        raise Invalid("side_words", "must be left out when the exercise has no sides")
    words = r.table("side_words")
    extra = sorted(set(words.data) - set(SIDES))
    if extra:
        raise Invalid(words.path(extra[0]), "is not a side; expected left and right")
    return {side: words.text(side) for side in SIDES}


def _motion(d: _Reader, tempo_seconds: float, posed: tuple[str, ...]) -> tuple[MotionKey, ...]:
    """The poses a rep passes through: from 0 s, in order, up to ``tempo_seconds``."""
    keys: list[MotionKey] = []
    for m in d.tables("motion"):
        at = m.number("at", "a number of seconds into the rep", (0, tempo_seconds))
        if not keys and at != 0:
            raise Invalid(m.path("at"), f"must be 0: a rep starts in its first pose, got {at:g}")
        if keys and at <= keys[-1].at:
            raise Invalid(
                m.path("at"), f"must be after the one before ({keys[-1].at:g}), got {at:g}"
            )
        if not posed:
            raise Invalid(m.path("position"), "must name a position with a pose; there are none")
        keys.append(MotionKey(at, m.choice("position", posed), m.flag("swap")))
    if len(keys) < 2:
        raise Invalid(d.path("motion"), "must list at least two poses")
    return tuple(keys)


def _dose(r: _Reader, posed: tuple[str, ...]) -> Dose:
    """The dose; ``posed`` are the ids of the positions that have a pose."""
    d = r.table("dose")
    mode = d.choice("mode", ("hold", "reps"))
    sets = d.range("sets", "a whole number of sets", SETS)
    if mode == "hold":
        if "motion" in d.data:
            raise Invalid(d.path("motion"), "must be left out of a hold (it shows its position)")
        h = d.table("hold")
        hold = {c: h.range(c, "a whole number of seconds", HOLD_SECONDS) for c in CONTEXTS}
        return Dose(mode, sets, hold=hold)
    reps = d.range("reps", "a whole number of reps", REPS)
    tempo_seconds = d.number("tempo_seconds", "a number of seconds per rep", TEMPO_SECONDS)
    tempo: list[TempoCue] = []
    if "tempo" in d.data:
        for t in d.tables("tempo"):
            at = t.number("at", "a number of seconds into the rep", (0, TEMPO_SECONDS[1]))
            if at >= tempo_seconds:
                raise Invalid(t.path("at"), f"must be below tempo_seconds ({tempo_seconds:g})")
            tempo.append(_tempo_cue(t, at))
    weight = _weight(d.table("weight")) if "weight" in d.data else None
    return Dose(
        mode,
        sets,
        reps=reps,
        tempo_seconds=tempo_seconds,
        tempo=tuple(sorted(tempo, key=lambda c: c.at)),
        weight=weight,
        motion=_motion(d, tempo_seconds, posed) if "motion" in d.data else (),
    )


def _weight(w: _Reader) -> Weight:
    """A load: ``{ min, max, step, default, unit }``, or ``{ default, unit }`` alone (the
    bundled range of its unit then, widened to hold the default)."""
    unit = w.choice("unit", WEIGHT_UNITS)
    what = f"a weight in {unit}"
    allowed = (0, WEIGHT_MAX[unit])
    default = w.number("default", what, allowed)
    parts = ("min", "max", "step")
    if not any(k in w.data for k in parts):
        lo, hi, step = BUNDLED_WEIGHT_RANGE[unit]
        return Weight(default, unit, min(lo, default), max(hi, default), step)
    missing = [k for k in parts if k not in w.data]
    if missing:
        raise Invalid(
            w.path(missing[0]),
            "is missing; expected min, max and step together (or none of them)",
        )
    lo = w.number("min", what, allowed)
    hi = w.number("max", what, allowed)
    step = w.number("step", f"a step in {unit}", WEIGHT_STEP)
    if hi < lo:
        raise Invalid(w.path("max"), f"must not be below min ({lo:g}), got {hi:g}")
    if not lo <= default <= hi:
        raise Invalid(w.path("default"), f"must lie between {lo:g} and {hi:g}, got {default:g}")
    return Weight(default, unit, lo, hi, step)


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
        dose=_dose(r, tuple(p.id for p in positions if p.pose is not None)),
        intro=r.text("intro"),
        alternates=alternates,
        source=file.name,
        side_words=_side_words(r, bool(sides) or alternates),
        easier=r.text("easier", optional=True),
    )


def _routine(r: _Reader, file: Path) -> Routine:
    items = []
    for it in r.tables("items"):
        sets = it.whole("sets", "a whole number of sets", SETS) if "sets" in it.data else None
        items.append(RoutineItem(it.text("exercise"), sets))
    return Routine(
        id=r.text("id"),
        name=r.text("name"),
        description=r.text("description"),
        default_context=r.choice("default_context", CONTEXTS),
        items=tuple(items),
        source=file.name,
    )


def _parse(raw: bytes) -> dict[str, Any]:
    """The tables of a TOML file's bytes; raises :class:`Refused` for anything else."""
    import tomllib  # only for a file the cache does not hold as it is now

    try:
        text = raw.decode("utf-8")
        check_toml_nesting(text)
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise Refused(f"cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise Refused(f"is not valid TOML ({exc})") from None
    if nests_deeper(data):
        raise Refused(TOO_DEEP)
    return data


def _read(
    path: Path, name: str, problems: list[ContentProblem], cache: ParsedCache
) -> dict[str, Any] | None:
    try:
        stat, raw = read_regular(path)
        data = cache.get(path, stat)
        if data is None:
            data = _parse(raw)
            cache.put(path, stat, data)
    except Refused as exc:
        problems.append(ContentProblem(name, path.stem, "", str(exc)))
        return None
    return data


def _entry(data: dict[str, Any], path: Path) -> str:
    """The id a file gives itself, to name it by in a problem, unless that is not a short
    text (then its file name, which the id must match anyway)."""
    raw_id = data.get("id")
    return raw_id if isinstance(raw_id, str) and 0 < len(raw_id) <= 100 else path.stem


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
    paths = sorted(directory.glob("*.toml"))
    if len(paths) > MAX_FILES:
        problems.append(
            ContentProblem(
                str(directory),
                "",
                "",
                f"holds {len(paths)} .toml files; only the first {MAX_FILES} are read",
            )
        )
    for path in paths[:MAX_FILES]:
        name = str(path) if users else path.name
        data = _read(path, name, problems, cache)
        if data is None:
            continue
        entry = _entry(data, path)
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
    for eid, exercise in exercises.items():
        if exercise.easier and (exercise.easier == eid or exercise.easier not in exercises):
            others = sorted(set(exercises) - {eid})
            problems.append(
                ContentProblem(
                    exercise.source,
                    eid,
                    "easier",
                    f"must name another exercise that loaded, got {exercise.easier!r}; "
                    f"known: {', '.join(others) or 'none'}",
                )
            )
            exercises[eid] = replace(exercise, easier="")
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
