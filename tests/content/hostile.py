"""Hostile content files, built in a temporary folder: what a careless or malicious file can be."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from backcoach.content import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 60.0
"""Seconds a child process may take; one that needs longer has hung."""
CHILD_MEMORY = 1 << 30
"""Bytes of address space a child process that loads content (and no Qt) may use."""


def own_copy(user: Path, kind: str, bundled: str, new_id: str, *edits: tuple[str, str]) -> Path:
    """Copy the bundled ``kind/bundled.toml`` into the user folder ``user`` as ``new_id``,
    with each (old, new) text of ``edits`` replaced once. Returns the new file."""
    text = (DATA_DIR / kind / f"{bundled}.toml").read_text(encoding="utf-8")
    for old, new in ((f'id = "{bundled}"', f'id = "{new_id}"'), *edits):
        assert old in text, old
        text = text.replace(old, new, 1)
    (user / kind).mkdir(parents=True, exist_ok=True)
    path = user / kind / f"{new_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def nested(kind: str, depth: int) -> str:
    """A TOML document whose only value is nested ``depth`` deep in the way ``kind`` says."""
    if kind == "arrays":
        return "x = " + "[" * depth + "]" * depth + "\n"
    if kind == "inline tables":
        return "x = " + "{ a = " * depth + "1" + " }" * depth + "\n"
    if kind == "dotted keys":
        return "a." * depth + "a = 1\n"
    assert kind == "table headers", kind
    return "[" + "a." * depth + "a]\nb = 1\n"


def svg(body: str = "", head: str = "") -> str:
    """A small SVG document: a black square, after ``body``, with ``head`` before the root."""
    return (
        f'{head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' viewBox="0 0 10 10">{body}<rect width="10" height="10"/></svg>'
    )


def exercise_with_picture(user: Path, new_id: str, image: str) -> Path:
    """A user's copy of dead bug, as ``new_id``, whose first picture is ``image``."""
    return own_copy(
        user,
        "exercises",
        "dead-bug",
        new_id,
        ('image = ":/exercises/dead-bug-start.svg"', f"image = {json.dumps(image)}"),
    )


LOAD_IN_CHILD = """
import json, resource, sys
from pathlib import Path

resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[3]), int(sys.argv[3])))
from backcoach.content import load_content

content = load_content(user=Path(sys.argv[1]), cache=Path(sys.argv[2]))
print(json.dumps({
    "problems": [[p.file, p.entry, p.field, p.message] for p in content.problems],
    "exercises": sorted(content.exercises),
    "routines": sorted(content.routines),
}))
"""


def load_in_child(user: Path, cache: Path) -> dict[str, list[str] | list[list[str]]]:
    """What ``load_content(user=user, cache=cache)`` finds, loaded in a child process that
    must finish within :data:`LIMIT` seconds and :data:`CHILD_MEMORY` bytes."""
    done = subprocess.run(
        [sys.executable, "-c", LOAD_IN_CHILD, str(user), str(cache), str(CHILD_MEMORY)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=LIMIT,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found: dict[str, list[str] | list[list[str]]] = json.loads(done.stdout)
    return found
