"""The Qt binding keeps Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every call
that returns nothing, and one to ``True`` on every signal emitted; after a
few thousand repaints the interpreter aborts ("none_dealloc",
"bool_dealloc"). This guards the pinned binding against that.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QComboBox, QLabel
from pytestqt.qtbot import QtBot

IMMORTAL = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None and True are immortal from Python 3.12"
)


class _Emitter(QObject):
    fired = Signal(int)


@IMMORTAL
def test_void_calls_do_not_consume_references_to_none(qtbot: QtBot) -> None:
    label, combo = QLabel(), QComboBox()
    qtbot.addWidget(label)
    qtbot.addWidget(combo)
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    before = sys.getrefcount(None)
    painter = QPainter(image)
    for _ in range(500):
        label.setText("x")
        label.update()
        combo.currentData()
        painter.drawLine(0, 0, 4, 4)
    painter.end()
    assert sys.getrefcount(None) >= before - 50


@IMMORTAL
def test_emitting_signals_does_not_consume_references_to_true() -> None:
    emitter = _Emitter()
    seen: list[int] = []
    emitter.fired.connect(seen.append)
    before = sys.getrefcount(True)
    for n in range(500):
        emitter.fired.emit(n)
    assert len(seen) == 500
    assert sys.getrefcount(True) >= before - 50
