"""Content loading: the bundled data, and every way a content file can be wrong."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from backcoach.content import CONTEXTS, DATA_DIR, load_content
from tests.content.own_pictures import content_with_bird_dog


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the bundled content."""
    copy = tmp_path / "content"
    shutil.copytree(DATA_DIR, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


VARIANTS = {
    "dead-bug": "heel-taps",
    "low-lunge": "supported-kneeling-stretch",
    "dumbbell-deadlift": "hip-hinge",
}
"""Each bundled exercise's easier variant (issue 14 §5)."""
BUNDLED_EXERCISES = {*VARIANTS, *VARIANTS.values()}


def test_bundled_content_loads_cleanly() -> None:
    content = load_content()
    assert content.problems == []
    assert set(content.exercises) == BUNDLED_EXERCISES
    assert set(content.routines) == {"before-run", "after-run", "strength-day"}


def test_doses_follow_the_brief() -> None:
    ex = load_content().exercises
    lunge = ex["low-lunge"].dose
    assert (lunge.hold["before-run"].min, lunge.hold["before-run"].max) == (15, 30)
    assert lunge.hold["after-run"].min == 60 and lunge.hold["day-off"].min == 60
    assert (lunge.sets.min, lunge.sets.max) == (1, 3)
    bug = ex["dead-bug"].dose
    assert bug.reps is not None and (bug.reps.min, bug.reps.max) == (5, 10)
    assert (bug.sets.min, bug.sets.max) == (2, 4)
    lift = ex["dumbbell-deadlift"].dose
    assert lift.reps is not None and (lift.reps.min, lift.reps.max) == (10, 20)
    assert lift.weight is not None and lift.weight.unit == "kg"
    assert ex["dumbbell-deadlift"].sides == ()
    assert ex["dead-bug"].sides == () and ex["dead-bug"].alternates
    assert ex["low-lunge"].sides == ("left", "right")


def test_each_exercise_has_a_gentler_variant_that_no_routine_lists() -> None:
    content = load_content()
    ex = content.exercises
    assert {e.id: e.easier for e in ex.values() if e.easier} == VARIANTS
    assert {i.exercise for r in content.routines.values() for i in r.items} == set(VARIANTS)
    for main, variant in VARIANTS.items():
        hard, easy = ex[main].dose, ex[variant].dose
        assert (ex[variant].sides, ex[variant].alternates) == (ex[main].sides, ex[main].alternates)
        assert easy.mode == hard.mode and easy.weight is None
        assert easy.sets.max <= hard.sets.max and easy.sets.default <= hard.sets.default
        if easy.mode == "reps":
            assert easy.reps is not None and hard.reps is not None
            assert easy.reps.default < hard.reps.default and easy.motion and easy.tempo
        for context in CONTEXTS if easy.mode == "hold" else ():
            assert easy.hold[context].default <= hard.hold[context].default
    poses = {v: [p.pose for p in ex[v].positions] for v in VARIANTS.values()}
    assert all(pose is not None for each in poses.values() for pose in each)
    taps = [pose for pose in poses["heel-taps"] if pose is not None]
    assert all(min(pose.near_leg.knee, pose.far_leg.knee) >= 80 for pose in taps)
    supported = [pose for pose in poses["supported-kneeling-stretch"] if pose is not None]
    assert all(pose.cushion and pose.chair is not None for pose in supported)
    assert not any(pose is not None and pose.dumbbells for pose in poses["hip-hinge"])


def test_every_exercise_is_complete() -> None:
    for exercise in load_content().exercises.values():
        assert len(exercise.steps) >= 3
        assert len(exercise.positions) >= 2
        assert exercise.why and exercise.equipment and exercise.form_cues
        for context in CONTEXTS:
            assert exercise.dose_text(context)


def test_what_the_voice_says_is_read_with_its_priorities() -> None:
    ex = load_content().exercises
    bug, lift, lunge = ex["dead-bug"], ex["dumbbell-deadlift"], ex["low-lunge"]
    assert lunge.side_words == {
        "left": "Left knee down, right foot forward",
        "right": "Right knee down, left foot forward",
    }
    assert [(t.side, t.kind, t.priority) for t in bug.dose.tempo if t.side] == [
        ("left", "side", "essential"),
        ("right", "side", "essential"),
    ]
    assert [(t.text, t.kind, t.priority) for t in lift.dose.tempo] == [
        ("Breathe in", "breath", "optional"),
        ("brace", "form", "technique"),
        ("hinge", "form", "technique"),
        ("breathe out", "breath", "optional"),
        ("squeeze, stand", "form", "technique"),
    ]
    assert all(step.spoken for exercise in ex.values() for step in exercise.steps)
    assert lift.side_words == {} and lift.steps[2].words == lift.steps[2].spoken


def test_a_file_without_side_words_or_priorities_still_loads(data: Path) -> None:
    lunge = data / "exercises/low-lunge.toml"
    edit(lunge, 'left = "Left knee down, right foot forward"\n', "")
    edit(lunge, 'right = "Right knee down, left foot forward"\n', "")
    edit(lunge, "[side_words]\n", "")
    edit(
        data / "exercises/dumbbell-deadlift.toml",
        'text = "Breathe in"\nkind = "breath"',
        'text = "In"',
    )
    content = load_content(data)
    assert content.problems == []
    assert content.exercises["low-lunge"].side_words == {}
    tempo = content.exercises["dumbbell-deadlift"].dose.tempo[0]
    assert (tempo.text, tempo.kind, tempo.priority) == ("In", "form", "technique")


def test_routines_default_contexts() -> None:
    routines = load_content().routines
    assert routines["before-run"].default_context == "before-run"
    assert routines["after-run"].default_context == "after-run"
    assert routines["strength-day"].default_context == "day-off"
    assert [i.exercise for i in routines["strength-day"].items] == [
        "dead-bug",
        "dumbbell-deadlift",
        "low-lunge",
    ]


BROKEN: list[tuple[str, str, str, str, str]] = [
    # file, old text, new text, expected field, expected message fragment
    (
        "exercises/low-lunge.toml",
        "after-run = { min = 60, max = 120, default = 60 }",
        'after-run = "sixty"',
        "dose.hold.after-run",
        "must be a whole number of seconds from 1 to 600, got 'sixty'",
    ),
    (
        "exercises/low-lunge.toml",
        "after-run = { min = 60, max = 120, default = 60 }",
        "after-run = { min = 60, max = 120, default = 200 }",
        "dose.hold.after-run.default",
        "must lie between 60 and 120, got 200",
    ),
    (
        "exercises/low-lunge.toml",
        "after-run = { min = 60, max = 120, default = 60 }",
        "after-run = { min = 90, max = 60, default = 60 }",
        "dose.hold.after-run",
        "max (60) must not be below min (90)",
    ),
    (
        "exercises/dead-bug.toml",
        'name = "Dead bug"\n',
        "",
        "name",
        "is missing; expected some text",
    ),
    (
        "exercises/dead-bug.toml",
        'name = "Dead bug"',
        'name = "  "',
        "name",
        "must be non-empty text",
    ),
    (
        "exercises/dead-bug.toml",
        'mode = "reps"',
        'mode = "jumps"',
        "dose.mode",
        "must be one of hold, reps, got 'jumps'",
    ),
    (
        "exercises/dead-bug.toml",
        "reps = { min = 5, max = 10, default = 8 }",
        "reps = { min = 0, max = 10, default = 8 }",
        "dose.reps.min",
        "must be a whole number of reps from 1 to 100, got 0",
    ),
    (
        "exercises/dead-bug.toml",
        "tempo_seconds = 8.5",
        "tempo_seconds = true",
        "dose.tempo_seconds",
        "must be a number of seconds per rep from 1 to 60, got True",
    ),
    (
        "exercises/dead-bug.toml",
        "at = 4.0",
        "at = 9.0",
        "dose.tempo[2].at",
        "must be below tempo_seconds (8.5)",
    ),
    (
        "exercises/dead-bug.toml",
        'at = 5.0\nside = "right"',
        'at = 5.0\nside = "up"',
        "dose.tempo[3].side",
        "must be one of left, right, got 'up'",
    ),
    (
        "exercises/dead-bug.toml",
        'at = 5.0\nside = "right"',
        'at = 5.0\nside = "right"\ntext = "Right arm"',
        "dose.tempo[3].text",
        "or side must be given, not both",
    ),
    (
        "exercises/dead-bug.toml",
        'at = 5.0\nside = "right"',
        "at = 5.0",
        "dose.tempo[3].text",
        "or side must be given, not both",
    ),
    (
        "exercises/dead-bug.toml",
        'at = 5.0\nside = "right"',
        'at = 5.0\nside = "right"\npriority = "optional"',
        "dose.tempo[3].priority",
        "must be left out with side (a side is essential)",
    ),
    (
        "exercises/dead-bug.toml",
        'at = 4.0\ntext = "back"',
        'at = 4.0\ntext = "back"\npriority = "vital"',
        "dose.tempo[2].priority",
        "must be one of essential, technique, optional, got 'vital'",
    ),
    (
        "exercises/low-lunge.toml",
        'right = "Right knee down, left foot forward"',
        'top = "Right knee down, left foot forward"',
        "side_words.top",
        "is not a side; expected left and right",
    ),
    (
        "exercises/low-lunge.toml",
        'right = "Right knee down, left foot forward"\n',
        "",
        "side_words.right",
        "is missing; expected some text",
    ),
    (
        "exercises/low-lunge.toml",
        "[side_words]",
        'side_words = "knee down"\n[other_words]',
        "side_words",
        "must be a table",
    ),
    (
        "exercises/dumbbell-deadlift.toml",
        "[[positions]]",
        '[side_words]\nleft = "Left hand"\nright = "Right hand"\n\n[[positions]]',
        "side_words",
        "must be left out when the exercise has no sides",
    ),
    (
        "exercises/low-lunge.toml",
        'sides = ["left", "right"]',
        'sides = ["left"]',
        "sides",
        "must be [] (both at once) or ['left', 'right']",
    ),
    (
        "exercises/dead-bug.toml",
        "alternates = true",
        'alternates = "yes"',
        "alternates",
        "must be true or false",
    ),
    (
        "exercises/dead-bug.toml",
        "sides = []",
        'sides = ["left", "right"]',
        "alternates",
        "must be false when the sides are done separately",
    ),
    (
        "exercises/dead-bug.toml",
        'position = "reach"',
        'position = "handstand"',
        "steps[3].position",
        "must name one of the positions (reach, start), got 'handstand'",
    ),
    (
        "exercises/dead-bug.toml",
        'image = ":/exercises/dead-bug-start.svg"',
        'image = "dead-bug-start.png"',
        "positions[1].image",
        "must be a resource path starting ':/' or an .svg file relative to dead-bug.toml, "
        "got 'dead-bug-start.png'",
    ),
    (
        "exercises/dead-bug.toml",
        'image = ":/exercises/dead-bug-reach.svg"',
        'image = "/usr/share/dead-bug-reach.svg"',
        "positions[2].image",
        "must be a resource path starting ':/' or an .svg file relative to dead-bug.toml",
    ),
    (
        "exercises/dead-bug.toml",
        'image = ":/exercises/dead-bug-start.svg"',
        'image = "images/dead-bug-start.svg"',
        "positions[1].image",
        "/exercises/images/dead-bug-start.svg does not exist",
    ),
    (
        "exercises/dead-bug.toml",
        'equipment = ["Exercise mat"]',
        "equipment = []",
        "equipment",
        "must list at least one item",
    ),
    (
        "exercises/dumbbell-deadlift.toml",
        'weight = { min = 2, max = 40, step = 2, default = 8, unit = "kg" }',
        'weight = { default = 8, unit = "stone" }',
        "dose.weight.unit",
        "must be one of kg, lb, got 'stone'",
    ),
    (
        "exercises/dumbbell-deadlift.toml",
        'id = "dumbbell-deadlift"',
        'id = "deadlift"',
        "id",
        "must match the file name 'dumbbell-deadlift'",
    ),
    (
        "exercises/dead-bug.toml",
        'root = "hip"',
        'root = "shoulder"',
        "positions[1].pose.root",
        "must be one of hip, near-knee, near-ankle, far-knee, far-ankle, got 'shoulder'",
    ),
    (
        "exercises/dead-bug.toml",
        "near_leg = { hip = 90, knee = 90, ankle = 10 }",
        "near_leg = { hip = 90, knee = 200, ankle = 10 }",
        "positions[1].pose.near_leg.knee",
        "must be an angle in degrees from 0 to 170, got 200",
    ),
    (
        "exercises/dead-bug.toml",
        "at = [10, 19.5]",
        "at = [10]",
        "positions[1].pose.at",
        "must be [x, y], two units from -240 to 240, got [10]",
    ),
    (
        "exercises/dead-bug.toml",
        '{ text = "knee-over-hip"',
        '{ text = "knees-up"',
        "positions[1].pose.callouts[1].text",
        "must be one of back-flat, back-pressed,",
    ),
    (
        "exercises/dead-bug.toml",
        'muscles = ["abdominals"]',
        'muscles = ["biceps"]',
        "positions[1].pose.muscles",
        "must be a list of distinct names from abdominals, back-extensors, glutes, hip-flexors",
    ),
    (
        "exercises/dead-bug.toml",
        'toward = "reach", offset = -18',
        'toward = "plank", offset = -18',
        "positions[1].pose.arrows[1].toward",
        "must name another position (reach), got 'plank'",
    ),
    (
        "exercises/dead-bug.toml",
        'toward = "reach", offset = -18',
        'toward = "reach", from = "reach", offset = -18',
        "positions[1].pose.arrows[1].toward",
        "or from must be given, not both",
    ),
    (
        "exercises/dumbbell-deadlift.toml",
        'root = "near-ankle"\nat = [0, 11.5]\ntrunk = 16',
        'root = "far-ankle"\nat = [0, 11.5]\ntrunk = 16',
        "positions[2].pose.root",
        "must be 'near-ankle', as in the first position",
    ),
    (
        "exercises/dumbbell-deadlift.toml",
        '[positions.pose]\nroot = "near-ankle"\nat = [0, 11.5]\ntrunk = 16',
        '[positions.other]\nroot = "near-ankle"\nat = [0, 11.5]\ntrunk = 16',
        "positions[2].pose",
        "is missing; expected a table, as the other positions have",
    ),
    (
        "exercises/supported-kneeling-stretch.toml",
        "chair = 45",
        "chair = 300",
        "positions[1].pose.chair",
        "must be units from -240 to 240, got 300",
    ),
    (
        "exercises/supported-kneeling-stretch.toml",
        "cushion = true",
        'cushion = "yes"',
        "positions[1].pose.cushion",
        "must be true or false, got 'yes'",
    ),
    (
        "exercises/dead-bug.toml",
        'at = 0.0\nposition = "start"',
        'at = 1.0\nposition = "start"',
        "dose.motion[1].at",
        "must be 0: a rep starts in its first pose, got 1",
    ),
    (
        "exercises/dead-bug.toml",
        'at = 2.5\nposition = "reach"',
        'at = 2.5\nposition = "plank"',
        "dose.motion[2].position",
        "must be one of start, reach, got 'plank'",
    ),
    (
        "exercises/dead-bug.toml",
        'at = 5.0\nposition = "start"',
        'at = 3.0\nposition = "start"',
        "dose.motion[4].at",
        "must be after the one before (4), got 3",
    ),
    (
        "exercises/low-lunge.toml",
        'mode = "hold"',
        'mode = "hold"\nmotion = [{ at = 0, position = "kneel" }]',
        "dose.motion",
        "must be left out of a hold (it shows its position)",
    ),
    (
        "routines/after-run.toml",
        'default_context = "after-run"',
        'default_context = "lunch"',
        "default_context",
        "must be one of before-run, after-run, day-off, got 'lunch'",
    ),
    (
        "routines/after-run.toml",
        'exercise = "dead-bug"',
        'exercise = "plank"',
        "items",
        "names exercises that did not load (plank)",
    ),
    (
        "routines/after-run.toml",
        'exercise = "low-lunge"',
        'exercise = "low-lunge"\nsets = "two"',
        "items[1].sets",
        "must be a whole number of sets from 1 to 20, got 'two'",
    ),
]


WEIGHT = 'weight = { min = 2, max = 40, step = 2, default = 8, unit = "kg" }'
BROKEN += [
    (
        "exercises/dumbbell-deadlift.toml",
        WEIGHT,
        'weight = { min = 2, max = 40, default = 8, unit = "kg" }',
        "dose.weight.step",
        "is missing; expected min, max and step together (or none of them)",
    ),
    (
        "exercises/dumbbell-deadlift.toml",
        WEIGHT,
        'weight = { min = 20, max = 10, step = 2, default = 8, unit = "kg" }',
        "dose.weight.max",
        "must not be below min (20), got 10",
    ),
    (
        "exercises/dumbbell-deadlift.toml",
        WEIGHT,
        'weight = { min = 10, max = 40, step = 2, default = 8, unit = "kg" }',
        "dose.weight.default",
        "must lie between 10 and 40, got 8",
    ),
    (
        "exercises/dumbbell-deadlift.toml",
        WEIGHT,
        'weight = { min = 2, max = 40, step = 0, default = 8, unit = "kg" }',
        "dose.weight.step",
        "must be a step in kg from 0.1 to 50, got 0",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "field", "message"), BROKEN)
def test_broken_field_is_named_and_the_rest_still_loads(
    data: Path, file: str, old: str, new: str, field: str, message: str
) -> None:
    edit(data / file, old, new)
    content = load_content(data)
    own = [p for p in content.problems if p.file == Path(file).name]
    assert len(own) == 1, content.problems
    problem = own[0]
    assert problem.field == field
    assert message in problem.message
    assert str(problem).startswith(f"{Path(file).name}: {problem.entry}: {field} ")
    entry = Path(file).stem
    if file.startswith("exercises"):
        assert entry not in content.exercises
        assert len(content.exercises) == len(BUNDLED_EXERCISES) - 1
    elif field != "items":
        assert entry not in content.routines
    assert all(
        item.exercise in content.exercises
        for routine in content.routines.values()
        for item in routine.items
    )


def test_routine_keeps_the_exercises_that_loaded(data: Path) -> None:
    edit(data / "exercises/dumbbell-deadlift.toml", "tempo_seconds = 6.5", "tempo_seconds = 0")
    content = load_content(data)
    assert "dumbbell-deadlift" not in content.exercises
    assert [i.exercise for i in content.routines["strength-day"].items] == [
        "dead-bug",
        "low-lunge",
    ]
    assert sorted(p.field for p in content.problems) == ["dose.tempo_seconds", "items"]


def test_routine_with_no_loadable_exercise_is_dropped(data: Path) -> None:
    for name in ("low-lunge", "dead-bug"):
        edit(data / f"exercises/{name}.toml", f'id = "{name}"', 'id = "x"')
    content = load_content(data)
    assert set(content.routines) == {"strength-day"}


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda p: p.write_text("id = [unclosed"), "is not valid TOML"),
        (lambda p: p.write_bytes(b"\xff\xfe garbage"), "cannot be read"),
    ],
)
def test_unreadable_file_is_reported(
    data: Path, breakage: Callable[[Path], object], expected: str
) -> None:
    breakage(data / "exercises" / "dead-bug.toml")
    content = load_content(data)
    assert any(p.file == "dead-bug.toml" and expected in p.message for p in content.problems)
    assert "low-lunge" in content.exercises


def test_duplicate_id_is_reported(data: Path) -> None:
    (data / "routines" / "after-run.toml").rename(data / "routines" / "copy.toml")
    content = load_content(data)
    assert [p.field for p in content.problems] == ["id"]


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    content = load_content(tmp_path)
    assert content.exercises == {} and content.routines == {}
    assert len(content.problems) == 2
    assert all("folder is missing" in p.message for p in content.problems)


def test_a_new_exercise_can_be_added_by_copying_a_file(data: Path) -> None:
    source = (data / "exercises" / "dead-bug.toml").read_text(encoding="utf-8")
    (data / "exercises" / "bird-dog.toml").write_text(
        source.replace('id = "dead-bug"', 'id = "bird-dog"').replace("Dead bug", "Bird dog"),
        encoding="utf-8",
    )
    content = load_content(data)
    assert content.problems == []
    assert content.exercises["bird-dog"].name == "Bird dog"


def test_a_new_exercise_can_bring_its_own_pictures(tmp_path: Path) -> None:
    folder = content_with_bird_dog(tmp_path / "content")
    content = load_content(folder)
    assert content.problems == []
    images = [Path(p.image) for p in content.exercises["bird-dog"].positions]
    assert images == [
        folder / "exercises" / "bird-dog-start.svg",
        folder / "exercises" / "images" / "bird-dog-reach.svg",
    ]
    assert content.routines["strength-day"].items[0].exercise == "bird-dog"


def test_the_deadlift_weight_moves_in_a_range_and_the_old_form_gets_the_bundled_one(
    data: Path,
) -> None:
    weight = load_content().exercises["dumbbell-deadlift"].dose.weight
    assert weight is not None
    assert (weight.min, weight.max, weight.step, weight.default) == (2, 40, 2, 8)
    edit(data / "exercises/dumbbell-deadlift.toml", WEIGHT, 'weight = { default = 8, unit = "kg" }')
    content = load_content(data)
    assert content.problems == []
    old = content.exercises["dumbbell-deadlift"].dose.weight
    assert old == weight


def test_an_easier_variant_must_name_another_exercise_that_loaded(data: Path) -> None:
    bug = data / "exercises/dead-bug.toml"
    edit(bug, 'easier = "heel-taps"', 'easier = "low-lunge"')
    assert load_content(data).exercises["dead-bug"].easier == "low-lunge"
    edit(bug, 'easier = "low-lunge"', 'easier = "plank"')
    content = load_content(data)
    assert content.exercises["dead-bug"].easier == ""  # the exercise itself still loads
    [problem] = content.problems
    assert (problem.entry, problem.field) == ("dead-bug", "easier")
    assert problem.message.startswith("must name another exercise that loaded, got 'plank'")
