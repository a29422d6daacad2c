"""Words for people: counted nouns, when something happened, and text made safe to print
on a terminal."""

from __future__ import annotations

from datetime import datetime

from backcoach.core.phrases import day_words

_UNPRINTABLE = dict.fromkeys(
    [
        *(c for c in range(0x20) if chr(c) not in "\n\t"),  # C0 controls (ESC, BEL, CR…)
        *range(0x7F, 0xA0),  # DEL and the C1 controls (CSI, OSC…)
        *range(0x202A, 0x202F),  # bidi embeddings and overrides (LRE … RLO)
        *range(0x2066, 0x206A),  # bidi isolates (LRI … PDI)
    ]
)


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``n`` with its noun: "1 set", "3 sets", "0 sets" (``nouns`` for an irregular plural)."""
    return f"{n} {noun_for(n, noun, nouns)}"


def noun_for(n: int, noun: str, nouns: str | None = None) -> str:
    """The noun alone, as :func:`plural` puts it after ``n``: "set" for 1, else "sets"."""
    return noun if n == 1 else nouns or noun + "s"


def when_words(moment: datetime, now: datetime) -> str:
    """When ``moment`` was, seen from ``now`` (both local times), to follow a noun: "this
    morning", "yesterday evening", "last night", "early yesterday morning", and two days
    back or more "on Monday 7 December"."""
    days = (now.date() - moment.date()).days
    if days >= 2:
        return f"on {day_words(moment.date())}"
    hour = moment.hour
    day = "yesterday" if days == 1 else "this"
    if hour < 5:
        return f"early {day} morning"
    if hour >= 21:
        return "last night" if days == 1 else "tonight"
    part = "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"
    return f"{day} {part}"


def session_words(routine: str, sets: int, started: datetime, now: datetime) -> str:
    """One past session of ``routine`` (its name), started at ``started`` with ``sets``
    sets done, seen from ``now``: "your “After a run” session yesterday evening (3 sets)"."""
    done = plural(sets, "set") if sets else "no sets done"
    return f"your “{routine}” session {when_words(started, now)} ({done})"


def printable(text: str) -> str:
    """``text`` without what a terminal would act on instead of showing: control characters
    (but newlines and tabs), DEL, C1 controls and bidi overrides are dropped."""
    return text.translate(_UNPRINTABLE)
