"""Small widgets that several pages share: the message banner, a centring page, plain
labels and the session's large buttons."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

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


def weight_text(weight: float | None, unit: str | None) -> str:
    """How a dumbbell weight is shown: "8 kg dumbbells" ("" without one)."""
    return "" if weight is None else f"{weight:g} {unit or ''} dumbbells".replace("  ", " ")


def text_label(name: str, text: str = "", *, wrap: bool = True) -> QLabel:
    """A plain-text label named ``name`` for the style sheet; wrapped unless ``wrap`` is False."""
    from PySide6.QtCore import Qt  # see backcoach.ui.props: kept off the first paint

    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def big_button(text: str, name: str, tip: str) -> QPushButton:
    """A large session button that never takes focus (Space and Enter belong to the session)."""
    from PySide6.QtCore import Qt

    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space and Enter belong to the session
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button
