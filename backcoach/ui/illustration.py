"""An exercise illustration that steps through its key positions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QFile, QIODevice, QRectF, QSize, QTimer, Signal
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from backcoach.content.model import Position
from backcoach.ui.figure import FigureColours, paint_position, recolour
from backcoach.ui.props import set_enum
from backcoach.ui.theme import mix, muted_text, restyles

if TYPE_CHECKING:  # annotations only: PySide builds each class on its first use
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QEnterEvent, QHideEvent, QMouseEvent, QPaintEvent, QShowEvent

STEP_INTERVAL_MS = 2500


def load_svg(path: str, colours: FigureColours | None = None) -> QSvgRenderer | None:
    """A renderer for the SVG at ``path`` (a file or ``:/`` resource), or None if unusable.

    A ``:/`` resource is a still frame drawn by :mod:`backcoach.ui.figure`; with
    ``colours`` it is drawn in them instead of its reference colours.

    A file is read only if it is a regular file of at most 1 MB, without ever blocking,
    and drawn only if it is a well-formed SVG document that refers to no other file (see
    :mod:`backcoach.content.svg`): the loader checked it, but it may have changed since,
    and a broken one is skipped quietly rather than making Qt log a warning. The compiled
    ``:/`` resources are drawn by ``scripts/draw_figures.py`` and checked by the tests, so
    they skip that check (and the first paint skips loading an XML parser).
    """
    if path.startswith(":/"):
        file = QFile(path)
        if not file.open(QIODevice.OpenModeFlag.ReadOnly):
            return None
        data = file.readAll()
        file.close()
        if colours is not None:
            data = QByteArray(recolour(bytes(data.data()), colours))
    else:
        from backcoach.content.guard import Refused, read_regular
        from backcoach.content.svg import svg_problem

        try:
            _, raw = read_regular(Path(path))
        except Refused:
            return None
        if svg_problem(raw) is not None:
            return None
        data = QByteArray(raw)
    renderer = QSvgRenderer(data)
    if not renderer.isValid():
        return None
    set_enum(renderer, "aspectRatioMode", "KeepAspectRatio")
    return renderer


class IllustrationView(QWidget):
    """Draws one key position at a time, scaled to fit and keeping its aspect ratio.

    With a positive ``interval_ms`` it moves to the next position on its own
    while visible; a click (or :meth:`step`) moves on at once. A missing or
    broken image is drawn as a neutral placeholder carrying the position's label.
    :meth:`set_mirrored` flips the pictures left to right (the other side of the body).

    A bundled still frame (a ``:/`` resource) is shown in the palette's colours (see
    :func:`backcoach.ui.figure.recolour`); drawing an SVG is done by Qt in C++ and the
    first paint needs no more. Mirrored, or without a usable still frame, a position with
    a pose is drawn from it by :func:`backcoach.ui.figure.paint_position`, so that its
    words still read left to right; one without a pose (a user's own picture) is flipped
    whole.
    """

    position_changed = Signal(int)

    def __init__(self, interval_ms: int = STEP_INTERVAL_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._positions: tuple[Position, ...] = ()
        self._renderers: dict[int, QSvgRenderer | None] = {}
        """Loaded on first use: the first paint needs only the first position's."""
        self._index = 0
        self._mirrored = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(interval_ms, 0))
        self._timer.timeout.connect(self.step)
        self._auto = interval_ms > 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        self.setToolTip("Click to see the next position")

    def set_positions(self, positions: Sequence[Position]) -> None:
        """Show ``positions`` from the first one; restarts the automatic stepping."""
        self._positions = tuple(positions)
        self._renderers = {}
        self._index = 0
        self._restart_timer()
        self.update()
        self.position_changed.emit(0)

    def set_mirrored(self, mirrored: bool) -> None:
        """Draw the pictures flipped left to right (labels stay readable)."""
        if mirrored != self._mirrored:
            self._mirrored = mirrored
            self.update()

    def mirrored(self) -> bool:
        return self._mirrored

    def positions(self) -> tuple[Position, ...]:
        return self._positions

    def index(self) -> int:
        return self._index

    def current(self) -> Position | None:
        return self._positions[self._index] if self._positions else None

    def has_image(self, index: int) -> bool:
        """Whether position ``index`` has a usable picture (else a placeholder is drawn)."""
        return self._positions[index].pose is not None or self._renderer(index) is not None

    def is_stepping(self) -> bool:
        """Whether the positions currently advance on their own."""
        return self._timer.isActive()

    def step(self) -> None:
        """Show the next key position, wrapping round to the first."""
        if len(self._positions) < 2:
            return
        self.show_position((self._index + 1) % len(self._positions))

    def show_position(self, index: int) -> None:
        if not 0 <= index < len(self._positions) or index == self._index:
            return
        self._index = index
        self.update()
        self.position_changed.emit(index)

    def sizeHint(self) -> QSize:
        return QSize(560, 420)

    def _restart_timer(self) -> None:
        if self._auto and len(self._positions) > 1 and self.isVisible():
            self._timer.start()
        else:
            self._timer.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._restart_timer()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()

    def enterEvent(self, event: QEnterEvent) -> None:
        from PySide6.QtCore import Qt  # see backcoach.ui.props: not needed before this

        self.setCursor(Qt.CursorShape.PointingHandCursor)
        super().enterEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        from PySide6.QtCore import Qt

        if event.button() == Qt.MouseButton.LeftButton:
            self.step()
            self._restart_timer()
        super().mousePressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if restyles(event):
            self._renderers = {}  # the still frames are coloured for the palette
            self.update()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        position = self.current()
        renderer = self._renderer(self._index) if self._positions else None
        if (
            position is not None
            and position.pose is not None
            and (self._mirrored or renderer is None)
        ):
            colours = FigureColours.for_palette(self.palette())
            paint_position(
                painter, area, position, self._positions, colours, mirrored=self._mirrored
            )
        elif renderer is not None:
            if self._mirrored:
                painter.translate(self.width(), 0)
                painter.scale(-1, 1)
            renderer.render(painter, area)
        else:
            self._paint_placeholder(painter, area)
        painter.end()

    def _renderer(self, index: int) -> QSvgRenderer | None:
        if index not in self._renderers:
            colours = FigureColours.for_palette(self.palette())
            self._renderers[index] = load_svg(self._positions[index].image, colours)
        return self._renderers[index]

    def _paint_placeholder(self, painter: QPainter, area: QRectF) -> None:
        from PySide6.QtCore import Qt

        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        pen = QPen(mix(window, text, 0.35), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(mix(window, text, 0.06))
        painter.drawRoundedRect(area, 12, 12)
        position = self.current()
        label = position.label if position else "No illustration"
        painter.setPen(muted_text(palette))
        painter.drawText(
            area.adjusted(24, 24, -24, -24),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            label,
        )
