"""``--cue-log FILE``: one JSON line per cue result, written as it happens."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from types import TracebackType
from typing import TextIO

from backcoach.voice.speaker import CueResult


class CueLogError(Exception):
    """The cue log cannot be written; the message is one readable line."""


class CueLog:
    """Writes each :class:`CueResult` as a JSON line; use it as a speaker's result listener.

    Each line holds ``t`` (routine seconds when the cue was due), ``text``,
    ``kind``, ``priority`` ("essential", "technique" or "optional"), ``spoken`` and
    ``reason``, and is flushed at once. Opening a
    bad path raises :class:`CueLogError`; a later write failure never
    raises (a speech thread calls this) but stops the log and sets
    :attr:`problem`.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.problem = ""
        self._lock = threading.Lock()
        try:
            self._file: TextIO | None = self.path.open("w", encoding="utf-8")
        except OSError as exc:
            raise CueLogError(
                f"Cannot write the cue log {self.path}: {exc.strerror or exc}"
            ) from exc

    def __call__(self, result: CueResult) -> None:
        line = json.dumps(
            {
                "t": round(result.cue.due, 3),
                "text": result.cue.text,
                "kind": result.cue.kind,
                "priority": result.cue.priority_name,
                "spoken": result.spoken,
                "reason": result.reason,
            },
            ensure_ascii=False,
        )
        with self._lock:
            if self._file is None:
                return
            try:
                self._file.write(line + "\n")
                self._file.flush()
            except OSError as exc:
                self.problem = f"The cue log {self.path} stopped: {exc.strerror or exc}"
                self._close_file()

    def close(self) -> None:
        with self._lock:
            self._close_file()

    def _close_file(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError as exc:
                self.problem = self.problem or f"The cue log {self.path} stopped: {exc}"
            self._file = None

    def __enter__(self) -> CueLog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
