"""The pain check-in: pick or type a rating, add a note, save; or skip with one key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from backcoach.ui.checkin import QUESTIONS, PainCheckIn

# The offscreen platform says this whenever a top-level widget with a layout is shown.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def checkin(qtbot: QtBot) -> PainCheckIn:
    widget = PainCheckIn("before")
    qtbot.addWidget(widget)
    widget.resize(900, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_asks_the_question_for_its_moment(qtbot: QtBot) -> None:
    after = PainCheckIn("after")
    qtbot.addWidget(after)
    assert after.question.text() == QUESTIONS["after"]
    assert len(after.rating_buttons) == 11
    assert [b.text() for b in after.rating_buttons] == [str(n) for n in range(11)]


def test_an_unknown_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="before, after, morning"):
        PainCheckIn("during")


def test_clicking_a_rating_and_saving_submits_it_with_the_note(
    qtbot: QtBot, checkin: PainCheckIn
) -> None:
    qtbot.mouseClick(checkin.rating_buttons[7], Qt.MouseButton.LeftButton)
    checkin.note.setText("  stiff after driving ")
    with qtbot.waitSignal(checkin.submitted) as got:
        qtbot.mouseClick(checkin.save_button, Qt.MouseButton.LeftButton)
    assert got.args == [7, "stiff after driving"]


def test_ten_is_a_rating_too(qtbot: QtBot, checkin: PainCheckIn) -> None:
    qtbot.mouseClick(checkin.rating_buttons[10], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(checkin.submitted) as got:
        qtbot.keyClick(checkin, Qt.Key.Key_Return)
    assert got.args == [10, ""]


def test_a_digit_key_picks_the_rating_and_enter_saves(qtbot: QtBot, checkin: PainCheckIn) -> None:
    qtbot.keyClick(checkin, Qt.Key.Key_3)
    assert checkin.rating() == 3
    assert checkin.rating_buttons[3].isChecked()
    with qtbot.waitSignal(checkin.submitted) as got:
        qtbot.keyClick(checkin, Qt.Key.Key_Enter)
    assert got.args == [3, ""]


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_S])
def test_one_key_skips(qtbot: QtBot, checkin: PainCheckIn, key: Qt.Key) -> None:
    with qtbot.assertNotEmitted(checkin.submitted), qtbot.waitSignal(checkin.skipped):
        qtbot.keyClick(checkin, key)


def test_escape_skips_even_while_typing_a_note(qtbot: QtBot, checkin: PainCheckIn) -> None:
    checkin.note.setFocus()
    qtbot.keyClicks(checkin.note, "sore")
    assert checkin.note.text() == "sore"
    with qtbot.waitSignal(checkin.skipped):
        qtbot.keyClick(checkin.note, Qt.Key.Key_Escape)


def test_s_in_the_note_is_just_a_letter(qtbot: QtBot, checkin: PainCheckIn) -> None:
    checkin.note.setFocus()
    with qtbot.assertNotEmitted(checkin.skipped):
        qtbot.keyClicks(checkin.note, "sss")
    assert checkin.note.text() == "sss"


def test_a_note_without_a_rating_is_kept(qtbot: QtBot, checkin: PainCheckIn) -> None:
    checkin.note.setText("no pain today, just tired")
    with qtbot.waitSignal(checkin.submitted) as got:
        qtbot.keyClick(checkin.note, Qt.Key.Key_Return)
    assert got.args == [None, "no pain today, just tired"]


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_in_the_note_answers_once(qtbot: QtBot, checkin: PainCheckIn, key: Qt.Key) -> None:
    answers: list[object] = []
    checkin.submitted.connect(lambda rating, note: answers.append((rating, note)))
    checkin.skipped.connect(lambda: answers.append("skipped"))
    qtbot.keyClick(checkin, Qt.Key.Key_6)
    checkin.note.setFocus()
    qtbot.keyClicks(checkin.note, "tight")
    qtbot.keyClick(checkin.note, key)
    qtbot.keyClick(checkin, Qt.Key.Key_Escape)
    qtbot.mouseClick(checkin.save_button, Qt.MouseButton.LeftButton)
    assert answers == [(6, "tight")]


def test_saving_with_nothing_given_is_a_skip(qtbot: QtBot, checkin: PainCheckIn) -> None:
    with qtbot.assertNotEmitted(checkin.submitted), qtbot.waitSignal(checkin.skipped):
        qtbot.mouseClick(checkin.save_button, Qt.MouseButton.LeftButton)


def test_skip_button(qtbot: QtBot, checkin: PainCheckIn) -> None:
    checkin.set_rating(4)
    with qtbot.waitSignal(checkin.skipped):
        qtbot.mouseClick(checkin.skip_button, Qt.MouseButton.LeftButton)


def test_a_rating_can_be_cleared(checkin: PainCheckIn) -> None:
    checkin.set_rating(5)
    checkin.set_rating(None)
    assert checkin.rating() is None
    assert not any(b.isChecked() for b in checkin.rating_buttons)
