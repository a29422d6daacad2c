"""A light per session, from its pain ratings: a cautious rule of thumb after Silbernagel
et al. (Am J Sports Med 2007; see :data:`backcoach.core.phrases.PAIN_RULE`).

Each session with an "after" rating gets one; a session without gets none (and changes
nothing). **Red** when any of these holds (the first that does is its cause):

- ``after``: pain after the session above 5;
- ``rise``: after at least 2 above before;
- ``morning``: the next morning's rating at least 2 above before (so a red that only the
  morning causes appears when that rating arrives);
- ``week``: the mean "before" rating of the 7 days up to the session at least 2 above
  that of the 7 days before.

**Amber**: after 3 to 5, and not red. **Green**: after at most 2, and not red.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from backcoach.core.coach.history import PastSession

Light = Literal["red", "amber", "green"]
RED_CAUSES: tuple[str, ...] = ("after", "rise", "morning", "week")
HIGHEST_AFTER = 5
"""Pain after a session above this is red."""
GREEN_AFTER = 2
"""Pain after a session at most this is green (when nothing makes it red)."""
RISE = 2
"""A rise of this much (after, or the next morning, over before) is red."""
WEEK_RISE = 2
"""A rise of this much in the weekly mean "before" rating is red."""
WEEK_SECONDS = 7 * 86400


@dataclass(frozen=True)
class SessionLight:
    """A session's light, and for a red what made it red (one of :data:`RED_CAUSES`)."""

    light: Light
    cause: str = ""


def session_light(
    before: int | None, after: int | None, morning: int | None, week_rise: float | None
) -> SessionLight | None:
    """The light of one session (None without an "after" rating). ``week_rise`` is how
    much the mean "before" rating of its 7 days exceeds that of the 7 days before (None
    when either week has no rating)."""
    if after is None:
        return None
    if after > HIGHEST_AFTER:
        return SessionLight("red", "after")
    if before is not None and after >= before + RISE:
        return SessionLight("red", "rise")
    if before is not None and morning is not None and morning >= before + RISE:
        return SessionLight("red", "morning")
    if week_rise is not None and week_rise >= WEEK_RISE:
        return SessionLight("red", "week")
    return SessionLight("green" if after <= GREEN_AFTER else "amber")


class _Befores:
    """The "before" ratings of a history by time, for means over any span of time."""

    def __init__(self, sessions: Iterable[PastSession]) -> None:
        rated = sorted((s.started_at, s.before) for s in sessions if s.before is not None)
        self.times = [t for t, _ in rated]
        self.sums = [0, *accumulate(r for _, r in rated)]

    def mean(self, after: float, until: float) -> float | None:
        """The mean rating of the times in (``after``, ``until``], or None if none."""
        lo, hi = bisect_right(self.times, after), bisect_right(self.times, until)
        return (self.sums[hi] - self.sums[lo]) / (hi - lo) if hi > lo else None

    def week_rise(self, at: float) -> float | None:
        """The mean of the 7 days up to ``at`` less that of the 7 days before them."""
        this = self.mean(at - WEEK_SECONDS, at)
        last = self.mean(at - 2 * WEEK_SECONDS, at - WEEK_SECONDS)
        return None if this is None or last is None else this - last


def lights(sessions: Iterable[PastSession]) -> dict[str, SessionLight]:
    """The light of every session that has one, by session id."""
    sessions = list(sessions)
    befores = _Befores(sessions)
    found = {}
    for s in sessions:
        if s.after is not None:
            lit = session_light(s.before, s.after, s.morning, befores.week_rise(s.started_at))
            if lit is not None:
                found[s.id] = lit
    return found
