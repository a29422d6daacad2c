"""Seconds as clock text, such as "0:42", "1:05" or "61:00"."""

from __future__ import annotations

import math
from typing import Literal

Rounding = Literal["up", "down", "nearest"]
"""How a clock shows part of a second: "up" for a countdown (0:00 only at its end),
"down" for time done so far, "nearest" (halves up) for a moment such as a cue's time."""

_EPS = 1e-6
"""A value this close to a whole second counts as that second (float noise)."""


def clock_text(seconds: float, *, rounding: Rounding) -> str:
    """``seconds`` as m:ss: whole seconds rounded as ``rounding`` says, never below 0:00.

    Minutes are not padded and run past 59, so an hour is "60:00".
    """
    if rounding == "up":
        whole = math.ceil(seconds - _EPS)
    elif rounding == "down":
        whole = math.floor(seconds + _EPS)
    else:
        whole = math.floor(seconds + 0.5 + _EPS)
    whole = max(0, whole)
    return f"{whole // 60}:{whole % 60:02d}"
