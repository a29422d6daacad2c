"""Counted nouns, when something happened, and text made safe to print on a terminal."""

from __future__ import annotations

from datetime import datetime

import pytest

from backcoach.core.text import noun_for, plural, printable, session_words, when_words

NOW = datetime(2026, 12, 5, 8, 30)
"""Saturday 5 December 2026, 08:30."""


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 sets"), (1, "1 set"), (2, "2 sets"), (-1, "-1 sets")]
)
def test_plural_puts_the_noun_in_the_plural_for_any_number_but_1(n: int, expected: str) -> None:
    assert plural(n, "set") == expected


def test_plural_takes_an_irregular_plural() -> None:
    assert [plural(n, "person", "people") for n in (1, 3)] == ["1 person", "3 people"]
    assert [noun_for(n, "rep") for n in (1, 8)] == ["rep", "reps"]


@pytest.mark.parametrize(
    "control",
    [
        "\x00", "\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x1f",  # C0 but \t and \n
        "\x7f",  # DEL
        "\x80", "\x9b", "\x9d", "\x9f",  # C1: CSI, OSC…
        "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings and overrides
        "\u2066", "\u2067", "\u2068", "\u2069",  # bidi isolates
    ],
)  # fmt: skip
def test_printable_drops_what_a_terminal_acts_on(control: str) -> None:
    assert printable(f"a{control}b") == "ab"


def test_printable_keeps_lines_tabs_and_every_other_character() -> None:
    text = "Low lunge\tset 1: 60 s → 45 s · ½ – “ok” é 日本 \u200e🙂\n"
    assert printable(text) == text


def test_an_escape_sequence_is_left_as_harmless_text() -> None:
    assert printable("id\x1b]0;title\x07\x1b[2J") == "id]0;title[2J"


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (datetime(2026, 12, 5, 7, 0), "this morning"),
        (datetime(2026, 12, 5, 4, 59), "early this morning"),
        (datetime(2026, 12, 4, 9, 0), "yesterday morning"),
        (datetime(2026, 12, 4, 12, 0), "yesterday afternoon"),
        (datetime(2026, 12, 4, 17, 0), "yesterday evening"),
        (datetime(2026, 12, 4, 20, 59), "yesterday evening"),
        (datetime(2026, 12, 4, 21, 0), "last night"),
        (datetime(2026, 12, 4, 0, 30), "early yesterday morning"),
        (datetime(2026, 12, 3, 23, 0), "on Thursday 3 December"),
        (datetime(2026, 11, 20, 18, 0), "on Friday 20 November"),
    ],
)
def test_when_words_say_when_in_plain_words_from_now(moment: datetime, words: str) -> None:
    assert when_words(moment, NOW) == words


def test_later_today_is_this_afternoon_or_tonight() -> None:
    evening = datetime(2026, 12, 5, 22, 45)
    assert when_words(datetime(2026, 12, 5, 14, 0), evening) == "this afternoon"
    assert when_words(datetime(2026, 12, 5, 21, 30), evening) == "tonight"


@pytest.mark.parametrize(
    ("sets", "counted"), [(3, "(3 sets)"), (1, "(1 set)"), (0, "(no sets done)")]
)
def test_session_words_name_the_routine_when_and_the_sets_done(sets: int, counted: str) -> None:
    started = datetime(2026, 12, 4, 18, 15)
    assert session_words("After a run", sets, started, NOW) == (
        f"your “After a run” session yesterday evening {counted}"
    )
