"""Advice for the summary from the pain check-ins before and after a session."""

from __future__ import annotations

import pytest

from backcoach.core.advice import SAFETY_NOTE, pain_advice


@pytest.mark.parametrize(("before", "after"), [(3, 5), (0, 10), (4, 9), (8, 10)])
def test_a_rise_of_two_or_more_suggests_easing_off_with_the_safety_note(
    before: int, after: int
) -> None:
    advice = pain_advice(before, after)
    assert advice is not None and advice.ease_off
    assert "shorter holds" in advice.text and "fewer sets" in advice.text
    assert f"from {before} to {after}" in advice.text
    assert advice.safety_note == SAFETY_NOTE


@pytest.mark.parametrize(("before", "after"), [(3, 4), (5, 5), (0, 1), (6, 2), (10, 0)])
def test_a_smaller_rise_or_a_fall_does_not(before: int, after: int) -> None:
    advice = pain_advice(before, after)
    assert advice is not None
    assert not advice.ease_off and advice.safety_note is None


def test_a_fall_is_called_out_as_easing() -> None:
    advice = pain_advice(6, 3)
    assert advice is not None and advice.title == "Your back eased"


@pytest.mark.parametrize(("before", "after"), [(None, 5), (3, None), (None, None)])
def test_no_advice_without_both_ratings(before: int | None, after: int | None) -> None:
    assert pain_advice(before, after) is None


def test_the_safety_note_names_every_warning_sign() -> None:
    for words in ("no substitute", "sharp pain", "numbness", "bladder or bowel", "hurts"):
        assert words in SAFETY_NOTE
