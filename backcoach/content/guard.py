"""What a content file (TOML or SVG) may be before it is parsed: a regular file of at most
1 MB, read without ever blocking, and, for TOML, nested at most :data:`MAX_NESTING` deep.

Each refusal is a :class:`Refused` whose text completes a sentence about the file
("… is not a regular file (a FIFO)"), so the loader can report it as a problem.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

MAX_CONTENT_BYTES = 1_048_576
"""The largest content file read, TOML or SVG: 1 MB."""

MAX_NESTING = 8
"""The deepest a content file's tables and arrays may nest, the document itself counting
as the first level (the bundled files go 4 deep)."""

TOO_DEEP = f"nests tables or arrays more than {MAX_NESTING} deep"

_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
"""Opening never waits (for a FIFO's writer) nor adopts a terminal."""


class Refused(Exception):
    """A file that is not read or parsed; ``str()`` says why, completing "the file …"."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "an unusual kind of file"


def _check(status: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise Refused(f"is not a regular file ({_kind(status.st_mode)})")
    if status.st_size > limit:
        raise Refused(f"is larger than {_size(limit)} ({status.st_size:,} bytes)")


def _size(limit: int) -> str:
    return f"{limit / MAX_CONTENT_BYTES:g} MB"


def read_regular(path: Path, limit: int = MAX_CONTENT_BYTES) -> tuple[os.stat_result, bytes]:
    """The status and contents of the regular file at ``path`` (links followed), of at most
    ``limit`` bytes; raises :class:`Refused` for anything else.

    Nothing but a regular file is opened (its status is checked first), the opening never
    blocks, the open file is checked again (it may have been swapped meanwhile), and at
    most ``limit`` + 1 bytes are ever read.
    """
    try:
        _check(os.stat(path), limit)
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise Refused("does not exist") from None
    except (OSError, ValueError) as exc:
        raise Refused(f"cannot be read ({exc})") from None
    try:
        status = os.fstat(fd)
        _check(status, limit)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, left)):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise Refused(f"cannot be read ({exc})") from None
    finally:
        os.close(fd)
    if left <= 0:
        raise Refused(f"is larger than {_size(limit)} (it grew while being read)")
    return status, b"".join(chunks)


_TOML_TOKEN = r"""
      (?P<space>[ \t]+|\#[^\n]*)
    | (?P<newline>\r?\n)
    | (?P<text>
          \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"(?:""?)?
        | '''(?:[^']|'(?!''))*'''(?:''?)?
        | "(?:[^"\\\n]|\\[^\n])*"
        | '[^'\n]*'
        | [A-Za-z0-9_+\-:]+
      )
    | (?P<punct>[.=,\[\]{}])
"""
"""The tokens of TOML, as far as nesting goes (compiled on first use: most starts parse
no TOML at all)."""


def check_toml_nesting(text: str) -> None:
    """Raise :class:`Refused` if TOML ``text`` nests tables or arrays more than
    :data:`MAX_NESTING` deep, counting dotted keys and table headers as well as brackets.

    Runs before the TOML parser, which recurses once per bracket and takes time and memory
    growing with the square of a dotted key's length: a file of ``[[[[…`` or
    ``a.a.a.a…`` would otherwise stop every command. The scan stops early at anything
    that is not TOML, where the parser stops too. It never counts too deep, but counts
    one level short for each array of tables a key passes through, so the parsed tables
    are checked again (:func:`nests_deeper`); the parser has had no more than twice the
    limit to go through.
    """
    table = 1  # the depth of the table that keys at the top level go into
    frames: list[tuple[str, int]] = []  # each open "[" or "{" with its depth
    key = "top"  # reading a key: "top", "header" or "inline"; "" while reading a value
    parts = 0  # the parts of the key read so far
    here = 0  # the depth that a "[" or "{" read now would have
    tokens = re.compile(_TOML_TOKEN, re.VERBOSE | re.DOTALL)
    pos = 0
    while match := tokens.match(text, pos):
        pos = match.end()
        kind, token = match.lastgroup, match.group()
        depth = 0
        if kind == "space":
            continue
        if kind == "newline":
            if not frames:
                key, parts = "top", 0
        elif key == "header":
            if kind == "text":
                parts += 1
                depth = table + parts
            elif token == "[" and parts == 0:
                table += 1  # an array of tables: the array, then its table
            elif token == "]":
                table += parts
                key = ""
        elif key:
            base = table if key == "top" else frames[-1][1]
            if kind == "text":
                parts += 1
                depth = base + parts - 1
            elif token == "[" and key == "top" and parts == 0:
                key, table = "header", 1
            elif token == "=":
                key, here = "", base + parts
            elif token == "," and key == "inline":
                parts = 0
            elif token == "}" and key == "inline":
                frames.pop()
                key = ""
        elif kind != "punct":
            continue
        elif token in "[{":
            frames.append((token, here))
            depth = here
            if token == "{":
                key, parts = "inline", 0
            else:
                here += 1
        elif token in "]}" and frames:
            frames.pop()
        elif token == "," and frames:
            if frames[-1][0] == "{":
                key, parts = "inline", 0
            else:
                here = frames[-1][1] + 1
        if depth > MAX_NESTING:
            line = text.count("\n", 0, match.start()) + 1
            raise Refused(f"{TOO_DEEP} (line {line})")


def nests_deeper(value: Any, limit: int = MAX_NESTING) -> bool:
    """Whether ``value`` (parsed TOML or JSON) has dicts or lists nested more than
    ``limit`` deep, itself counting as the first level. Never recurses."""
    level: list[tuple[Any, int]] = [(value, 1)]
    while level:
        item, depth = level.pop()
        if not isinstance(item, dict | list):
            continue
        if depth > limit:
            return True
        level.extend(
            (child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)
        )
    return False
