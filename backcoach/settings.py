"""User preferences kept between runs, in ``settings.json`` in the data folder.

Reading never fails: a missing, unreadable or malformed file gives the
defaults (and :attr:`Settings.problem` says why). Writing is atomic, and a
failure to write is reported to the caller, never raised.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

FILE_NAME = "settings.json"


@dataclass
class Settings:
    voice_enabled: bool = True
    voice_rate: int = 165  # words per minute
    voice_volume: float = 1.0  # 0.0 to 1.0
    voice_id: str = ""  # empty: the engine's default voice
    safety_note_seen: bool = False
    last_routine: str = ""
    last_context: str = ""
    problem: str = field(default="", compare=False, repr=False)

    @classmethod
    def load(cls, folder: Path) -> Settings:
        path = folder / FILE_NAME
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            return cls(problem=f"{path} could not be read ({exc}); using defaults")
        if not isinstance(raw, dict):
            return cls(problem=f"{path} does not hold a JSON object; using defaults")
        settings = cls()
        for f in fields(cls):
            if f.name == "problem" or f.name not in raw:
                continue
            value: Any = raw[f.name]
            default = getattr(settings, f.name)
            if isinstance(default, bool) != isinstance(value, bool):
                continue
            if isinstance(default, float) and isinstance(value, int):
                value = float(value)
            if isinstance(value, type(default)):
                setattr(settings, f.name, value)
        return settings

    def save(self, folder: Path) -> str | None:
        """Write atomically; return an error message instead of raising."""
        data = asdict(self)
        del data["problem"]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".settings-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(data, fh, indent=2)
                os.replace(tmp, folder / FILE_NAME)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            return f"Settings could not be saved in {folder}: {exc.strerror or exc}"
        return None
