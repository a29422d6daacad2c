"""User preferences kept between runs, in ``settings.json`` in the data folder.

Reading never fails: a missing, unreadable or malformed file gives the
defaults (and :attr:`Settings.problem` says why). Writing is atomic, and a
failure to write is reported to the caller, never raised.

The dose last chosen for each exercise is kept in :attr:`Settings.dose_choices`
as plain JSON, for example::

    {"low-lunge": {"hold": {"after-run": 90}, "sets": {"after-run": 3}},
     "dumbbell-deadlift": {"reps": 10, "rep_mode": "self", "weight": 12.5, "unit": "lb",
                           "sets": {"strength-day": 3}}}

Hold seconds are kept per context and sets per routine, as the content sets
their defaults. :meth:`Settings.remembered_dose` skips whatever is malformed.
A voice rate or volume outside its range is brought inside it on loading, an
unknown voice verbosity gives the default, and :attr:`Settings.problem` says so.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from backcoach.content.model import WEIGHT_UNITS
from backcoach.core.cues import DEFAULT_VERBOSITY, VERBOSITIES
from backcoach.paths import make_data_folder

if TYPE_CHECKING:
    from backcoach.core.plan import DoseChoice

FILE_NAME = "settings.json"
MIN_RATE = 100
MAX_RATE = 250
"""The voice rates, in words a minute, that backcoach offers: at any of them the plan
keeps every essential cue (slower speech lengthens the phases and reps instead)."""


@dataclass
class Settings:
    voice_enabled: bool = True
    voice_rate: int = 165  # words per minute
    voice_volume: float = 1.0  # 0.0 to 1.0
    voice_id: str = ""  # empty: the engine's default voice
    voice_player: str = ""  # the command that plays speech; empty: $BACKCOACH_PLAYER or aplay
    voice_verbosity: str = DEFAULT_VERBOSITY  # one of VERBOSITIES: full, standard or counts
    safety_note_seen: bool = False
    last_routine: str = ""
    last_context: str = ""
    dose_choices: dict[str, Any] = field(default_factory=dict)
    today_context: dict[str, Any] = field(default_factory=dict)
    """The context chosen on the today card, and the day it was chosen for:
    ``{"day": "2026-12-05", "context": "after-run"}``."""
    context_routines: dict[str, Any] = field(default_factory=dict)
    """The routine last chosen for each context, by context id."""
    morning_asked: str = ""
    """The day (ISO date) the window last asked the morning question."""
    problem: str = field(default="", compare=False, repr=False)

    @classmethod
    def load(cls, folder: Path) -> Settings:
        """The settings in ``folder``; a file others may read is made readable by its user
        alone (it may come from an older backcoach)."""
        path = folder / FILE_NAME
        with contextlib.suppress(OSError):
            st = path.stat()
            if st.st_mode & 0o077 and st.st_uid == os.geteuid():
                path.chmod(0o600)
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
        corrections = settings._clamp_voice()
        if corrections:
            settings.problem = f"In {path}, {' '.join(corrections)}"
        return settings

    def _clamp_voice(self) -> list[str]:
        """Bring the voice rate, volume and verbosity inside their ranges; a sentence per
        change."""
        fixes = []
        if self.voice_verbosity not in VERBOSITIES:
            fixes.append(
                f"the voice verbosity {self.voice_verbosity!r} is not one of "
                f"{', '.join(VERBOSITIES)}, so {DEFAULT_VERBOSITY} is used."
            )
            self.voice_verbosity = DEFAULT_VERBOSITY
        rate = min(max(self.voice_rate, MIN_RATE), MAX_RATE)
        if rate != self.voice_rate:
            fixes.append(
                f"the voice speed {self.voice_rate} is outside {MIN_RATE} to {MAX_RATE} "
                f"words a minute, so {rate} is used."
            )
            self.voice_rate = rate
        volume = self.voice_volume
        fixed = Settings.voice_volume if math.isnan(volume) else min(max(volume, 0.0), 1.0)
        if fixed != volume:  # NaN too
            fixes.append(f"the voice volume {volume:g} is outside 0 to 1, so {fixed:g} is used.")
            self.voice_volume = fixed
        return fixes

    def remembered_dose(self, exercise: str, routine: str, context: str) -> DoseChoice:
        """The dose last chosen for ``exercise`` in ``routine`` done in ``context``.

        Parts never chosen, or stored malformed, are None (the content's defaults);
        the values are not clamped here: the plan and the setup page clamp them.
        """
        from backcoach.core.plan import REP_MODES, DoseChoice  # not needed to open the window

        entry = _mapping(self.dose_choices.get(exercise))
        weight = entry.get("weight")
        mode = entry.get("rep_mode")
        unit = entry.get("unit")
        return DoseChoice(
            hold_seconds=_whole(_mapping(entry.get("hold")).get(context)),
            sets=_whole(_mapping(entry.get("sets")).get(routine)),
            reps=_whole(entry.get("reps")),
            rep_mode=mode if isinstance(mode, str) and mode in REP_MODES else "tempo",
            weight=float(weight) if _number(weight) else None,
            weight_unit=unit if isinstance(unit, str) and unit in WEIGHT_UNITS else None,
        )

    def remembers(self, exercise: str) -> bool:
        """Whether a dose was ever chosen for ``exercise`` (see :meth:`remembered_dose`)."""
        return bool(_mapping(self.dose_choices.get(exercise)))

    def remember_doses(self, routine: str, context: str, choices: Mapping[str, DoseChoice]) -> None:
        """Keep ``choices`` (per id of the exercise run: an easier variant's own, never its
        main exercise's) as the ones to offer next time."""
        for exercise, choice in choices.items():
            entry = dict(_mapping(self.dose_choices.get(exercise)))
            if choice.hold_seconds is not None:
                entry["hold"] = {**_mapping(entry.get("hold")), context: choice.hold_seconds}
            if choice.sets is not None:
                entry["sets"] = {**_mapping(entry.get("sets")), routine: choice.sets}
            if choice.reps is not None:
                entry["reps"] = choice.reps
                entry["rep_mode"] = choice.rep_mode
            if choice.weight is not None:
                entry["weight"] = choice.weight
            if choice.weight_unit is not None:
                entry["unit"] = choice.weight_unit
            self.dose_choices[exercise] = entry

    def save(self, folder: Path) -> str | None:
        """Write atomically, readable by the user alone; return an error message instead of
        raising."""
        data = asdict(self)
        del data["problem"]
        try:
            make_data_folder(folder)
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


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
