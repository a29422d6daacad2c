"""The content files as parsed last time, so that most starts need no TOML parser.

Loading Python's TOML parser costs about as much as everything else in the
content step together, so the window would pay it on every start. Instead the
parsed tables of each file are kept in one JSON file in the user cache folder,
keyed by the file's path, size and modification time (as Python keeps its
bytecode), and validated afresh on every load exactly as if just parsed. A
file that changed is parsed again; a cache that is missing, unreadable or not
ours is ignored and written anew, and one that cannot be written is simply not
kept: it only ever saves time.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from backcoach.content.guard import Refused, nests_deeper, read_regular

FORMAT = 1
"""Bumped whenever the layout below changes; a cache of another format is ignored."""
MAX_CACHE_BYTES = 8 * 1_048_576
"""The largest cache file read or written."""
MAX_CACHED_FILE_BYTES = 65_536
"""The largest content file whose tables are kept (the bundled ones are under 5 kB)."""


class ParsedCache:
    """Parsed tables by file, read from and saved to ``file`` (None keeps nothing)."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._old: dict[str, list[Any]] = _read(file) if file is not None else {}
        self._new: dict[str, list[Any]] = {}

    def get(self, path: Path, stat: os.stat_result) -> dict[str, Any] | None:
        """The tables parsed from ``path`` when it last had this size and time, if kept."""
        entry = self._old.get(str(path))
        if entry is None or entry[:2] != [stat.st_mtime_ns, stat.st_size]:
            return None
        data: dict[str, Any] = entry[2]
        self._new[str(path)] = entry
        return data

    def put(self, path: Path, stat: os.stat_result, data: dict[str, Any]) -> None:
        """Keep the tables just parsed from ``path`` as it is now, if it is small."""
        if stat.st_size <= MAX_CACHED_FILE_BYTES:
            self._new[str(path)] = [stat.st_mtime_ns, stat.st_size, data]

    def save(self) -> None:
        """Keep exactly the files of this load, if that changes anything (errors ignored)."""
        if self.file is None or self._new == self._old:
            return
        try:
            text = json.dumps({"format": FORMAT, "files": self._new})
        except (TypeError, ValueError):  # a value JSON cannot hold (a TOML date): keep none
            return
        if len(text) > MAX_CACHE_BYTES:
            return
        import tempfile

        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".content-", suffix=".tmp", dir=self.file.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(text)
            os.replace(tmp, self.file)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _read(file: Path) -> dict[str, list[Any]]:
    try:
        saved = json.loads(read_regular(file, MAX_CACHE_BYTES)[1])
    except (Refused, ValueError, RecursionError):  # RecursionError: JSON nested too deep
        return {}
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        return {}
    files = saved.get("files")
    if not isinstance(files, dict):
        return {}
    return {
        path: entry
        for path, entry in files.items()
        if isinstance(entry, list)
        and len(entry) == 3
        and isinstance(entry[2], dict)
        and not nests_deeper(entry[2])
    }
