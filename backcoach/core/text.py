"""Words for people: counted nouns, and text made safe to print on a terminal."""

from __future__ import annotations

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


def printable(text: str) -> str:
    """``text`` without what a terminal would act on instead of showing: control characters
    (but newlines and tabs), DEL, C1 controls and bidi overrides are dropped."""
    return text.translate(_UNPRINTABLE)
