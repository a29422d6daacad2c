"""Hostile content files: each is one clear problem, everything valid still loads, and
nothing hangs, recurses without end or reads without bound."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from backcoach.content import Content, ContentProblem, load_content
from backcoach.content.guard import MAX_CONTENT_BYTES, MAX_NESTING
from backcoach.content.loader import MAX_FILES, MAX_TEXT, MOST
from backcoach.content.svg import MAX_ELEMENT_NESTING
from tests.content.hostile import (
    exercise_with_picture,
    load_in_child,
    nested,
    own_copy,
    svg,
)

BUNDLED = load_content()


def load_measured(user: Path) -> tuple[Content, int]:
    """``load_content(user=user)``, and the most memory it held at once, in bytes."""
    tracemalloc.start()
    try:
        content = load_content(user=user)
        return content, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def own_problems(content: Content, file: Path) -> list[ContentProblem]:
    return [p for p in content.problems if p.file == str(file)]


def only_problem(content: Content, file: Path) -> ContentProblem:
    """The one problem ``file`` has; every other problem is about it too (a routine that
    names its exercise), and all the bundled content still loads."""
    found = own_problems(content, file)
    assert len(found) == 1, content.problems
    assert set(BUNDLED.exercises) <= set(content.exercises)
    assert set(BUNDLED.routines) <= set(content.routines)
    return found[0]


# 6. Nesting


@pytest.mark.parametrize("kind", ["arrays", "inline tables", "dotted keys", "table headers"])
def test_a_file_nested_5000_deep_is_one_problem_and_the_rest_loads(
    tmp_path: Path, kind: str
) -> None:
    deep = tmp_path / "user" / "exercises" / "deep.toml"
    deep.parent.mkdir(parents=True)
    deep.write_text(nested(kind, 5000), encoding="utf-8")
    content = load_content(user=tmp_path / "user", cache=tmp_path / "cache.json")
    problem = only_problem(content, deep)
    assert (problem.entry, problem.field) == ("deep", "")
    assert problem.message == f"nests tables or arrays more than {MAX_NESTING} deep (line 1)"


def test_a_file_nested_just_deep_enough_loads(tmp_path: Path) -> None:
    fine = own_copy(
        tmp_path,
        "exercises",
        "dead-bug",
        "deep-enough",
        ("sides = []", "sides = []\n" + nested("arrays", MAX_NESTING - 1)),
    )
    content = load_content(user=tmp_path, cache=tmp_path / "cache.json")
    assert content.problems == []
    assert "deep-enough" in content.exercises
    fine.write_text(
        fine.read_text(encoding="utf-8").replace(
            nested("arrays", MAX_NESTING - 1), nested("arrays", MAX_NESTING)
        ),
        encoding="utf-8",
    )
    problem = only_problem(load_content(user=tmp_path), fine)
    assert problem.message.startswith("nests tables or arrays more than")


def test_arrays_of_tables_count_towards_the_nesting(tmp_path: Path) -> None:
    deep = tmp_path / "exercises" / "deep.toml"
    deep.parent.mkdir()
    deep.write_text("[[a]]\n[[a.b]]\n[[a.b.c]]\n[[a.b.c.d]]\nx = [[1]]\n", encoding="utf-8")
    problem = only_problem(load_content(user=tmp_path), deep)
    assert problem.message == f"nests tables or arrays more than {MAX_NESTING} deep"


def test_brackets_in_text_and_comments_are_not_nesting(tmp_path: Path) -> None:
    brackets = "[{" * 40
    own_copy(
        tmp_path,
        "exercises",
        "dead-bug",
        "brackets",
        ('name = "Dead bug"', f'name = "Dead bug {brackets}" # {brackets}'),
        (
            'summary = "',
            f'summary = \'\'\'{brackets}\n\'\'\' # {brackets}\nx1 = """\\"{brackets}""""\nxx = "',
        ),
    )
    content = load_content(user=tmp_path)
    assert content.problems == []
    assert content.exercises["brackets"].name == f"Dead bug {brackets}"


# 7. Numbers


FLOATS = [
    ("dead-bug", "tempo_seconds = 8.5", "tempo_seconds = {}", "dose.tempo_seconds", "1 to 60"),
    ("dead-bug", "at = 4.0", "at = {}", "dose.tempo[2].at", "0 to 60"),
    (
        "dumbbell-deadlift",
        "default = 8,",
        "default = {},",
        "dose.weight.default",
        "0 to 200",
    ),
]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan", "1e309"])
@pytest.mark.parametrize(("bundled", "old", "new", "field", "allowed"), FLOATS)
def test_a_number_that_is_not_finite_is_named_with_its_range(
    tmp_path: Path, bundled: str, old: str, new: str, field: str, allowed: str, value: str
) -> None:
    file = own_copy(tmp_path, "exercises", bundled, "odd", (old, new.format(value)))
    problem = only_problem(load_content(user=tmp_path), file)
    assert problem.field == field
    assert f"from {allowed}" in problem.message
    assert problem.message.endswith(("got nan", "got inf", "got -inf")), problem.message


WHOLES = [
    ("exercises", "low-lunge", "max = 3,", "max = {},", "dose.sets.max", "1 to 20"),
    ("exercises", "dead-bug", "max = 10,", "max = {},", "dose.reps.max", "1 to 100"),
    ("exercises", "low-lunge", "max = 120,", "max = {},", "dose.hold.after-run.max", "1 to 600"),
    ("routines", "before-run", "sets = 1", "sets = {}", "items[1].sets", "1 to 20"),
]


@pytest.mark.parametrize("value", ["9223372036854775807", "1_000_000"])
@pytest.mark.parametrize(("kind", "bundled", "old", "new", "field", "allowed"), WHOLES)
def test_a_whole_number_out_of_range_is_named_with_its_range(
    tmp_path: Path,
    kind: str,
    bundled: str,
    old: str,
    new: str,
    field: str,
    allowed: str,
    value: str,
) -> None:
    file = own_copy(tmp_path, kind, bundled, "odd", (old, new.format(value)))
    problem = only_problem(load_content(user=tmp_path), file)
    assert problem.field == field
    assert problem.message.startswith("must be a whole number of ")
    assert problem.message.endswith(f" from {allowed}, got {int(value)}")


def test_weights_in_pounds_may_go_higher(tmp_path: Path) -> None:
    own_copy(
        tmp_path,
        "exercises",
        "dumbbell-deadlift",
        "heavy",
        (
            'weight = { min = 2, max = 40, step = 2, default = 8, unit = "kg" }',
            'weight = { default = 300, unit = "lb" }',
        ),
    )
    content = load_content(user=tmp_path)
    assert content.problems == []
    weight = content.exercises["heavy"].dose.weight
    assert weight is not None and (weight.default, weight.unit) == (300.0, "lb")
    assert (weight.min, weight.max, weight.step) == (5, 300, 5)  # the bundled range, widened


# 8. Special files, sizes and counts


def test_a_fifo_is_a_problem_and_nothing_waits_for_it(tmp_path: Path) -> None:
    user = tmp_path / "user"
    for kind in ("exercises", "routines"):
        (user / kind).mkdir(parents=True)
        os.mkfifo(user / kind / "pipe.toml")
    (tmp_path / "cache").mkdir()
    os.mkfifo(tmp_path / "cache" / "content.json")
    found = load_in_child(user, tmp_path / "cache" / "content.json")
    assert found["problems"] == [
        [str(user / kind / "pipe.toml"), "pipe", "", "is not a regular file (a FIFO)"]
        for kind in ("exercises", "routines")
    ]
    assert found["exercises"] == sorted(BUNDLED.exercises)
    assert found["routines"] == sorted(BUNDLED.routines)


def test_a_link_to_dev_zero_is_a_problem_and_is_never_read(tmp_path: Path) -> None:
    user = tmp_path / "user"
    (user / "exercises").mkdir(parents=True)
    (user / "exercises" / "zero.toml").symlink_to("/dev/zero")
    cache = tmp_path / "content.json"
    cache.symlink_to("/dev/zero")
    found = load_in_child(user, cache)
    assert found["problems"] == [
        [str(user / "exercises" / "zero.toml"), "zero", "", "is not a regular file (a device)"]
    ]
    assert found["exercises"] == sorted(BUNDLED.exercises)


def test_a_folder_named_like_a_content_file_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "routines" / "folder.toml"
    folder.mkdir(parents=True)
    problem = only_problem(load_content(user=tmp_path), folder)
    assert problem.message == "is not a regular file (a folder)"


@pytest.mark.parametrize("size", [MAX_CONTENT_BYTES + 1, 10 * MAX_CONTENT_BYTES])
def test_a_file_over_1_mb_is_a_problem_and_is_not_read(tmp_path: Path, size: int) -> None:
    big = own_copy(tmp_path, "exercises", "dead-bug", "big")
    with big.open("a", encoding="utf-8") as fh:
        line = "# " + "x" * 97 + "\n"
        fh.write(line * (size // len(line) + 1))
    _, bundled_only = load_measured(tmp_path / "nothing")
    content, peak = load_measured(tmp_path)
    problem = only_problem(content, big)
    assert problem.message.startswith("is larger than 1 MB (")
    assert peak < bundled_only + MAX_CONTENT_BYTES // 4


def test_a_file_that_grows_after_its_size_is_checked_is_read_no_further(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcoach.content import guard

    grows = own_copy(tmp_path, "exercises", "dead-bug", "grows")
    real_fstat = os.fstat
    inode = grows.stat().st_ino

    def fstat_then_grow(fd: int) -> os.stat_result:
        status = real_fstat(fd)
        if status.st_ino == inode:
            with grows.open("a", encoding="utf-8") as fh:
                fh.write("#" * (2 * MAX_CONTENT_BYTES))
        return status

    monkeypatch.setattr(guard.os, "fstat", fstat_then_grow)
    problem = only_problem(load_content(user=tmp_path), grows)
    assert problem.message == "is larger than 1 MB (it grew while being read)"


def _cues(n: int) -> str:
    return '\n[[dose.tempo]]\nat = 1.0\ntext = "x"\n' * n


_POSE = """
[positions.pose]
root = "hip"
at = [0, 19.5]
trunk = 180
neck = 0
near_arm = { shoulder = 90, elbow = 0 }
far_arm = { shoulder = 90, elbow = 0 }
near_leg = { hip = 90, knee = 90, ankle = 0 }
far_leg = { hip = 90, knee = 90, ankle = 0 }
"""


def _positions(n: int) -> str:
    """``n`` more positions, each with a pose as the bundled ones have."""
    return "".join(
        f'\n[[positions]]\nid = "p{i}"\nlabel = "P"\nimage = ":/exercises/dead-bug-start.svg"\n'
        + _POSE
        for i in range(n)
    )


COUNTS = [
    (
        "exercises",
        "dead-bug",
        'at = 7.5\ntext = "back"\n',
        'at = 7.5\ntext = "back"\n{}',
        _cues,
        4,
        "dose.tempo",
    ),
    ("exercises", "dead-bug", "\n[dose]", "{}\n[dose]", _positions, 2, "positions"),
    (
        "exercises",
        "dead-bug",
        "\n[dose]",
        "{}\n[dose]",
        lambda n: '\n[[steps]]\ntext = "x"\nposition = "start"\n' * n,
        4,
        "steps",
    ),
    (
        "exercises",
        "dead-bug",
        "form_cues = [",
        "form_cues = [{}",
        lambda n: '"x", ' * n,
        3,
        "form_cues",
    ),
    (
        "exercises",
        "dead-bug",
        'equipment = ["Exercise mat"',
        'equipment = ["Exercise mat"{}',
        lambda n: ', "x"' * n,
        1,
        "equipment",
    ),
    (
        "exercises",
        "dumbbell-deadlift",
        "breathing_cues = [",
        "breathing_cues = [{}",
        lambda n: '"x", ' * n,
        2,
        "breathing_cues",
    ),
    (
        "routines",
        "before-run",
        "sets = 2",
        "sets = 2\n{}",
        lambda n: '\n[[items]]\nexercise = "dead-bug"\n' * n,
        2,
        "items",
    ),
]


@pytest.mark.parametrize(("kind", "bundled", "old", "new", "more", "has", "field"), COUNTS)
def test_a_list_longer_than_its_cap_is_named_with_the_cap(
    tmp_path: Path,
    kind: str,
    bundled: str,
    old: str,
    new: str,
    more: Callable[[int], str],
    has: int,
    field: str,
) -> None:
    most = MOST[field.rsplit(".", 1)[-1]]
    file = own_copy(tmp_path, kind, bundled, "many", (old, new.format(more(most - has))))
    assert own_problems(load_content(user=tmp_path), file) == []
    own_copy(tmp_path, kind, bundled, "many", (old, new.format(more(most - has + 1))))
    problem = only_problem(load_content(user=tmp_path), file)
    assert problem.field == field
    assert problem.message == f"lists {most + 1} entries; at most {most} are allowed"


def test_a_file_of_cues_just_under_1_mb_is_refused_without_growing(tmp_path: Path) -> None:
    file = own_copy(tmp_path, "exercises", "dead-bug", "cues")
    room = MAX_CONTENT_BYTES - file.stat().st_size
    with file.open("a", encoding="utf-8") as fh:
        fh.write(_cues(room // len(_cues(1))))
    assert file.stat().st_size <= MAX_CONTENT_BYTES
    assert only_problem(load_content(user=tmp_path), file).field == "dose.tempo"
    grown = peak_kib_loading(tmp_path) - peak_kib_loading(tmp_path / "nothing")
    assert grown * 1024 < 32 * MAX_CONTENT_BYTES


PEAK = """
import resource, sys
from pathlib import Path
from backcoach.content import load_content
load_content(user=Path(sys.argv[1]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kib_loading(user: Path) -> int:
    """The peak memory (KiB) of a fresh process that loads the content with ``user``'s own.

    A child process, as tracemalloc would slow the parse tenfold."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(user)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(done.stdout)


def test_text_longer_than_its_cap_is_named(tmp_path: Path) -> None:
    file = own_copy(
        tmp_path,
        "exercises",
        "dead-bug",
        "wordy",
        ('summary = "', f'summary = "{"x" * (MAX_TEXT + 1)}"\nold_summary = "'),
    )
    problem = only_problem(load_content(user=tmp_path), file)
    assert problem.field == "summary"
    assert problem.message.startswith(f"must be at most {MAX_TEXT} characters, got {MAX_TEXT + 1}")


def test_a_folder_of_too_many_files_is_read_only_so_far(tmp_path: Path) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    for n in range(MAX_FILES + 5):
        (routines / f"r{n:04d}.toml").write_text("id = [", encoding="utf-8")
    content = load_content(user=tmp_path)
    assert content.problems[0] == ContentProblem(
        str(routines),
        "",
        "",
        f"holds {MAX_FILES + 5} .toml files; only the first {MAX_FILES} are read",
    )
    assert len(content.problems) == MAX_FILES + 1
    assert content.routines == BUNDLED.routines


def test_a_problem_is_one_line_however_its_file_and_values_are_named(tmp_path: Path) -> None:
    odd = own_copy(
        tmp_path, "exercises", "dead-bug", "odd", ('name = "Dead bug"', 'name = ["a\\nb"]')
    )
    odd = odd.rename(odd.with_name("od\nd.toml"))
    content = load_content(user=tmp_path)
    assert len(content.problems) == 1
    assert "\n" not in str(content.problems[0])
    assert "od\\nd.toml" in str(content.problems[0])


# 9. Pictures


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A harmless SVG file outside the user's content folder."""
    path = tmp_path / "elsewhere" / "outside.svg"
    path.parent.mkdir()
    path.write_text(svg(), encoding="utf-8")
    return path


def _link(path: Path, target: Path | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


@pytest.mark.parametrize(
    "image",
    [
        "../../elsewhere/outside.svg",
        "../../../../../../../..{outside}",
        "link.svg",
        "folder/outside.svg",
    ],
)
def test_a_picture_outside_the_folder_of_its_file_is_refused(
    tmp_path: Path, outside: Path, image: str
) -> None:
    user = tmp_path / "user"
    _link(user / "exercises" / "link.svg", outside)
    _link(user / "exercises" / "folder", outside.parent)
    file = exercise_with_picture(user, "escape", image.format(outside=outside))
    problem = only_problem(load_content(user=user), file)
    assert problem.field == "positions[1].image"
    assert f"leads outside {user / 'exercises'}" in problem.message


def test_a_picture_linked_inside_the_folder_of_its_file_is_shown(tmp_path: Path) -> None:
    user = tmp_path / "user"
    real = user / "exercises" / "pictures" / "real.svg"
    real.parent.mkdir(parents=True)
    real.write_text(svg(), encoding="utf-8")
    _link(user / "exercises" / "link.svg", real)
    exercise_with_picture(user, "linked", "link.svg")
    content = load_content(user=user)
    assert content.problems == []
    assert content.exercises["linked"].positions[0].image == str(real)


def test_a_picture_that_links_round_in_a_loop_is_refused(tmp_path: Path) -> None:
    _link(tmp_path / "exercises" / "a.svg", tmp_path / "exercises" / "b.svg")
    _link(tmp_path / "exercises" / "b.svg", tmp_path / "exercises" / "a.svg")
    file = exercise_with_picture(tmp_path, "loop", "a.svg")
    problem = only_problem(load_content(user=tmp_path), file)
    assert problem.field == "positions[1].image"
    assert problem.message.startswith("names 'a.svg', which cannot be followed")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "is not a regular file (a FIFO)"),
        (lambda p: p.mkdir(), "is not a regular file (a folder)"),
        (
            lambda p: p.write_text(svg(f"<!-- {'x' * MAX_CONTENT_BYTES} -->"), encoding="utf-8"),
            "is larger than 1 MB (",
        ),
    ],
    ids=["fifo", "folder", "over 1 MB"],
)
def test_a_picture_that_is_not_a_small_regular_file_is_refused(
    tmp_path: Path, make: Callable[[Path], object], message: str
) -> None:
    picture = tmp_path / "exercises" / "picture.svg"
    picture.parent.mkdir(parents=True)
    make(picture)
    file = exercise_with_picture(tmp_path, "odd", "picture.svg")
    problem = only_problem(load_content(user=tmp_path), file)
    assert problem.field == "positions[1].image"
    assert problem.message.startswith(f"names 'picture.svg', but {picture} {message}")


EXTERNAL = [
    ('<image href="/etc/hostname"/>', "refers to another file (image href='/etc/hostname')"),
    ('<image xlink:href="photo.png"/>', "refers to another file (image href='photo.png')"),
    (
        '<image xmlns:l="http://www.w3.org/1999/xlink" l:href="file:///dev/zero"/>',
        "refers to another file (image href='file:///dev/zero')",
    ),
    ('<use href="other.svg#a"/>', "refers to another file (use href='other.svg#a')"),
    ('<rect style="fill: url(other.svg#g)"/>', "refers to another file (url(other.svg#g))"),
    ("<rect fill=\"URL( 'x.svg#g' )\"/>", "refers to another file (url(x.svg#g))"),
    ("<style>rect { fill: url(x.svg#g) }</style>", "refers to another file (url(x.svg#g))"),
    ("<style>@import 'theme.css';</style>", "refers to another file (@import)"),
]


@pytest.mark.parametrize(("body", "message"), EXTERNAL)
def test_a_picture_that_refers_to_other_files_is_refused(
    tmp_path: Path, body: str, message: str
) -> None:
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "picture.svg").write_text(svg(body), encoding="utf-8")
    file = exercise_with_picture(tmp_path, "odd", "picture.svg")
    problem = only_problem(load_content(user=tmp_path), file)
    assert problem.field == "positions[1].image"
    assert problem.message == f"names 'picture.svg', which {message}"


@pytest.mark.parametrize(
    ("head", "message"),
    [
        (
            '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
            "declares XML entities, which a picture may not",
        ),
        ('<?xml-stylesheet href="style.css"?>', "refers to another file (xml-stylesheet)"),
    ],
)
def test_a_picture_with_entities_or_a_style_sheet_is_refused(
    tmp_path: Path, head: str, message: str
) -> None:
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "picture.svg").write_text(svg(head=head), encoding="utf-8")
    file = exercise_with_picture(tmp_path, "odd", "picture.svg")
    problem = only_problem(load_content(user=tmp_path), file)
    assert problem.message == f"names 'picture.svg', which {message}"


@pytest.mark.parametrize(
    "body",
    [
        '<defs><linearGradient id="g"/><rect id="a"/></defs><use href="#a"/>',
        '<rect fill="url(#g)" style="stroke: url( \'#g\' )"/>',
        '<image href="data:image/png;base64,iVBORw0KGgo="/>',
    ],
)
def test_a_picture_that_refers_only_to_itself_is_shown(tmp_path: Path, body: str) -> None:
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "picture.svg").write_text(
        svg(body, head='<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd">'),
        encoding="utf-8",
    )
    exercise_with_picture(tmp_path, "fine", "picture.svg")
    content = load_content(user=tmp_path)
    assert content.problems == []
    assert content.exercises["fine"].positions[0].image == str(
        tmp_path / "exercises" / "picture.svg"
    )


def test_a_picture_nested_deeper_than_qt_draws_is_refused(tmp_path: Path) -> None:
    picture = tmp_path / "exercises" / "picture.svg"
    picture.parent.mkdir()
    groups = MAX_ELEMENT_NESTING - 2  # inside <svg>, around <rect>
    picture.write_text(svg("<g>" * groups + "<rect/>" + "</g>" * groups), encoding="utf-8")
    exercise_with_picture(tmp_path, "deep", "picture.svg")
    assert load_content(user=tmp_path).problems == []
    picture.write_text(svg("<g>" * (groups + 1) + "<rect/>" + "</g>" * (groups + 1)), "utf-8")
    problem = only_problem(load_content(user=tmp_path), tmp_path / "exercises" / "deep.toml")
    assert problem.message == (
        f"names 'picture.svg', which nests elements more than {MAX_ELEMENT_NESTING} deep"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [("<svg", "is not well-formed XML"), ("<html/>", "is not an SVG document")],
)
def test_a_picture_that_is_not_svg_is_refused(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "picture.svg").write_text(text, encoding="utf-8")
    file = exercise_with_picture(tmp_path, "odd", "picture.svg")
    problem = only_problem(load_content(user=tmp_path), file)
    assert problem.message.startswith(f"names 'picture.svg', which {message}")


def test_a_picture_is_checked_at_every_load_cached_or_not(tmp_path: Path) -> None:
    (tmp_path / "exercises").mkdir()
    picture = tmp_path / "exercises" / "picture.svg"
    picture.write_text(svg(), encoding="utf-8")
    file = exercise_with_picture(tmp_path, "fine", "picture.svg")
    cache = tmp_path / "cache.json"
    assert load_content(user=tmp_path, cache=cache).problems == []
    picture.write_text(svg('<image href="/etc/hostname"/>'), encoding="utf-8")
    assert json.loads(cache.read_text(encoding="utf-8"))["files"][str(file)]
    problem = only_problem(load_content(user=tmp_path, cache=cache), file)
    assert "refers to another file" in problem.message
