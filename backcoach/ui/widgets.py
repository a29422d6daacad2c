"""Small widgets that several pages share: the message banner and a centring page."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from backcoach.ui.props import plain_text
from backcoach.ui.theme import SPACING


class Banner(QFrame):
    """A dismissible message strip across the top of the window."""

    dismissed = Signal()

    def __init__(self, kind: str, title: str, text: str, button: str = "Hide") -> None:
        super().__init__()
        self.setObjectName("banner")
        self.setProperty("kind", kind)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 10, 10)
        layout.setSpacing(SPACING)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.title = QLabel(title)
        self.title.setObjectName("bannerTitle")
        self.text = QLabel(text)
        self.text.setObjectName("bannerText")
        self.text.setWordWrap(True)
        plain_text(self.text)
        texts.addWidget(self.title)
        texts.addWidget(self.text)
        layout.addLayout(texts, 1)
        self.button = QPushButton(button)
        self.button.clicked.connect(self._dismiss)
        layout.addWidget(self.button)  # a push button keeps its height: the row centres it

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


def centred_page(widget: QWidget, width: int = 980) -> QWidget:
    """A full-window page with ``widget``, at most ``width`` wide, in its middle."""
    from PySide6.QtCore import Qt  # see backcoach.ui.props: kept off the first paint

    page = QWidget()
    row = QHBoxLayout(page)
    row.setContentsMargins(32, 32, 32, 32)
    widget.setMaximumWidth(width)
    row.addWidget(widget, 1, Qt.AlignmentFlag.AlignCenter)
    return page
