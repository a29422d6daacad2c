"""Qt enum settings by key name (kept off PySide's ``Qt`` namespace at start-up)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from backcoach.ui.props import (
    TOOL_TIP_ROLE,
    align_centre,
    plain_text,
    set_enum,
    set_shortcut,
    set_standard_shortcut,
)


def test_the_tool_tip_role_is_qts(qtbot: QtBot) -> None:
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("Before a run")
    combo.setItemData(0, "Short holds", TOOL_TIP_ROLE)
    assert combo.itemData(0, Qt.ItemDataRole.ToolTipRole) == "Short holds"


def test_plain_text_shows_markup_as_typed(qtbot: QtBot) -> None:
    label = QLabel("<b>Brace</b> your core")
    qtbot.addWidget(label)
    plain_text(label)
    assert label.textFormat() == Qt.TextFormat.PlainText


def test_centred_centres_both_ways(qtbot: QtBot) -> None:
    label = QLabel("3")
    qtbot.addWidget(label)
    align_centre(label)
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter


def test_set_enum_sets_any_enum_property(qtbot: QtBot) -> None:
    area = QScrollArea()
    qtbot.addWidget(area)
    set_enum(area, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
    assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


@pytest.mark.parametrize(("name", "key"), [("alignment", "AlignMiddle"), ("nothing", "AlignTop")])
def test_set_enum_refuses_an_unknown_property_or_key(qtbot: QtBot, name: str, key: str) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    with pytest.raises(ValueError, match=name):
        set_enum(label, name, key)


def test_shortcuts_by_text_and_by_standard_key(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    history, copy = QAction("History", label), QAction("Copy", label)
    set_shortcut(history, "Ctrl+H")
    set_standard_shortcut(copy, QKeySequence.StandardKey.Copy)  # Quit has none offscreen
    assert history.shortcut() == QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_H)
    assert QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_C) in copy.shortcuts()
