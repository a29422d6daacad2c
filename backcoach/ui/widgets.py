"""Small widgets that several pages share: the message banner, the filled primary button,
a check box, a page that fits or scrolls, a centring page, plain labels and the session's
large buttons; a timer for the next turn of the event loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRectF, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from backcoach.ui.props import plain_text, set_enum
from backcoach.ui.theme import FOCUS_WIDTH, PRIMARY_RADIUS, SPACING, accent


def next_turn(parent: QObject, slot: Callable[[], None]) -> QTimer:
    """A single-shot timer that calls ``slot`` on the next turn of the event loop once
    started: after the paint that work posted before it, so the two are not one stall."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer


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

    def buttons(self) -> list[QPushButton]:
        """Its buttons, left to right (one may be added to its layout after :attr:`button`)."""
        layout = self.layout()
        items = [layout.itemAt(i) for i in range(layout.count())] if layout is not None else []
        widgets = [item.widget() for item in items if item is not None]
        return [w for w in widgets if isinstance(w, QPushButton)]

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


class PrimaryButton(QPushButton):
    """The screen's one filled button (Start, Save): styled as ``QPushButton#startButton``.

    An accent ring on an accent fill would not show, so while it has the focus it draws
    its ring outside the fill, in the margin the style sheet leaves around it, with a gap.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("startButton")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.hasFocus():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(accent(self.palette()), FOCUS_WIDTH))
        half = FOCUS_WIDTH / 2
        ring = QRectF(self.rect()).adjusted(half, half, -half, -half)
        radius = PRIMARY_RADIUS + FOCUS_WIDTH * 2 - half
        painter.drawRoundedRect(ring, radius, radius)
        painter.end()


class CheckBox(QCheckBox):
    """A check box whose tick is drawn in the palette's colours.

    The style sheet draws the box (a plain border, the accent fill when checked, as
    visible on a dark palette as on a light one) but has no tick to draw, so this adds it.
    """

    def paintEvent(self, event: QPaintEvent) -> None:
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtWidgets import QStyle, QStyleOptionButton

        super().paintEvent(event)
        if not self.isChecked():
            return
        option = QStyleOptionButton()
        self.initStyleOption(option)
        box = QRectF(
            self.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, self)
        )
        pen = QPen(self.palette().color(QPalette.ColorRole.HighlightedText), 2)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        x, y, w, h = box.x(), box.y(), box.width(), box.height()
        painter.drawPolyline(
            [
                QPointF(x + 0.25 * w, y + 0.52 * h),
                QPointF(x + 0.43 * w, y + 0.70 * h),
                QPointF(x + 0.76 * w, y + 0.32 * h),
            ]
        )
        painter.end()


class MinimumHeightWidget(QWidget):
    """A page's content for :func:`scroll_page`: at each width it asks for no more height
    than its layout's minimum, so the area scrolls only when the page cannot fit."""

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            return layout.totalMinimumHeightForWidth(width)
        return super().heightForWidth(width)


def scroll_page(content: MinimumHeightWidget) -> QScrollArea:
    """A whole-window page that shows ``content`` filling it, or scrolling where the window
    is smaller than ``content`` can be."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    set_enum(area, "focusPolicy", "NoFocus")  # its controls take the focus, not the page
    return area


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
