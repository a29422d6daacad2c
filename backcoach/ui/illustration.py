"""An exercise illustration that steps through its key positions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QFile, QIODevice, QRectF, QSize, QTimer, Signal
from PySide6.QtGui import QPainter, QPalette, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from backcoach.content.model import Position
from backcoach.core.clock import Clock, MonotonicClock
from backcoach.core.pose import Frame, Motion
from backcoach.ui.animation import (
    CAROUSEL_FPS,
    CAROUSEL_SLOWER,
    TOUR_SECONDS,
    FrameTimer,
    changed_area,
)
from backcoach.ui.figure import (
    LAYER_ORDER,
    FigureColours,
    paint_pose,
    paint_position,
    recolour,
)
from backcoach.ui.props import set_enum
from backcoach.ui.theme import card_colour, mix, muted_text, restyles
from backcoach.ui.widgets import next_turn

if TYPE_CHECKING:  # annotations only: PySide builds each class on its first use
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QEnterEvent, QHideEvent, QMouseEvent, QPaintEvent, QShowEvent

STEP_INTERVAL_MS = 2500

FrameSource = Callable[[], Frame | None]
"""Gives the frame to show now: the clock is the source's."""


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
    """Draws one key position at a time, scaled to fit and keeping its aspect ratio, or
    the frames of a moving figure.

    With a positive ``interval_ms`` it moves on by itself while visible: a figure with
    poses plays its movement slowly (:class:`~backcoach.core.pose.Motion`), after
    showing its first position still for that long; pictures alone step to the next
    position every ``interval_ms``. The pointer over it pauses the movement on the still
    frame of the position it was in or moving to, a click (or :meth:`step`) shows the
    next position, and the pointer leaving plays on from there. A missing or broken
    image is drawn as a neutral placeholder carrying the position's label.
    :meth:`set_mirrored` flips the pictures left to right (the other side of the body).

    A bundled still frame (a ``:/`` resource) is shown in the palette's colours (see
    :func:`backcoach.ui.figure.recolour`); drawing an SVG is done by Qt in C++ and the
    first paint needs no more. Mirrored, or without a usable still frame, a position with
    a pose is drawn from it by :func:`backcoach.ui.figure.paint_position`, so that its
    words still read left to right; one without a pose (a user's own picture) is flipped
    whole.

    :meth:`show_frames` makes it draw whatever frames a source gives instead (the session
    screen's figure), asking for one on a :class:`~backcoach.ui.animation.FrameTimer`
    and repainting only what changed. ``clock`` times the carousel's movement.
    """

    position_changed = Signal(int)

    def __init__(
        self,
        interval_ms: int = STEP_INTERVAL_MS,
        parent: QWidget | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent)
        self._positions: tuple[Position, ...] = ()
        self._renderers: dict[int, QSvgRenderer | None] = {}
        """Loaded on first use: the first paint needs only the first position's."""
        self._index = 0
        self._mirrored = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(interval_ms, 0))
        self._timer.timeout.connect(self._on_interval)
        self._auto = interval_ms > 0
        self._clock = clock
        self._motion: Motion | None = None
        self._source: FrameSource | None = None
        self._fps = 0.0
        self._frame: Frame | None = None
        self.frames = FrameTimer(self._next_frame, self)
        self._layers: tuple[tuple[object, ...], QPixmap, QPixmap, QPixmap] | None = None
        """The layers of the frame last painted (:data:`~backcoach.ui.figure.LAYERS`), kept
        while it stays still: a hold's pulse draws its muscles' layer fainter or stronger."""
        self._painted: tuple[object, ...] = ()
        self._pending: tuple[tuple[object, ...], Frame, FigureColours, list[QPixmap]] | None = None
        """The layers of a still frame being drawn, one per turn of the event loop."""
        self._layering = next_turn(self, self._draw_next_layer)
        self._palette_colours: FigureColours | None = None
        self._hovered = False
        self._own_backdrop = False
        self.paints = 0
        """Frames painted so far (for the benchmark and tests)."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        self.setToolTip("Click to see the next position")

    def set_positions(self, positions: Sequence[Position], motion: Motion | None = None) -> None:
        """Show ``positions`` from the first one, still; restarts the automatic stepping.
        ``motion`` is their exercise's movement, for the carousel to play."""
        self._positions = tuple(positions)
        self._motion = motion if motion is not None and motion.keys else None
        self._renderers = {}
        self._index = 0
        self._source, self._frame = None, None
        self.frames.stop()
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
        return self._timer.isActive() or (self._motion is not None and self.is_animating())

    def is_animating(self) -> bool:
        """Whether the frame timer runs."""
        return self.frames.fps() > 0

    def frame_rate(self) -> float:
        """The frame timer's rate while it runs, else 0."""
        return self.frames.fps()

    def frame(self) -> Frame | None:
        """The frame on show, or None while it shows still key positions."""
        return self._frame

    def step(self) -> None:
        """Show the next key position, wrapping round to the first."""
        if len(self._positions) < 2:
            return
        self.show_position((self._index + 1) % len(self._positions))

    def show_position(self, index: int) -> None:
        if not 0 <= index < len(self._positions) or index == self._index:
            return
        self._index = index
        if self._frame is None:  # a frame on show is drawn from its own pose
            self.update()
        self.position_changed.emit(index)

    def show_frames(self, source: FrameSource | None, fps: float = 0.0) -> None:
        """Draw the frames ``source`` gives (None from it, or no source: the still key
        positions), asking it ``fps`` times a second while visible (0: once, now)."""
        self._source, self._fps = source, fps
        self._next_frame()
        self._run_frames()

    def sizeHint(self) -> QSize:
        return QSize(560, 420)

    # -- the carousel's movement -------------------------------------------------

    def _on_interval(self) -> None:
        if self._motion is None:
            self.step()
        else:
            self._timer.stop()
            self._play()

    def _play(self) -> None:
        """Play the movement on from the end of the position on show."""
        motion = self._motion
        if motion is None or not self.isVisible():
            return
        clock = self._clock = self._clock or MonotonicClock()
        if motion.rep and motion.tempo:
            loop = motion.tempo * CAROUSEL_SLOWER
        else:
            loop = TOUR_SECONDS * len(self._positions)
        shown = self._positions[self._index].id
        keys = motion.keys
        first = next((i for i, k in enumerate(keys) if k.position == shown), 0)
        last = first
        while last + 1 < len(keys) and keys[last + 1].position == shown:
            last += 1
        origin = clock.monotonic() - keys[last].at * loop
        self.show_frames(lambda: motion.looping(clock.monotonic() - origin, loop), CAROUSEL_FPS)

    def _still(self) -> None:
        """Stop the movement on the still frame of the position it was in or moving to."""
        self._timer.stop()
        if self._motion is not None and self._source is not None:
            self.show_frames(None)

    def _restart_timer(self) -> None:
        if self._auto and len(self._positions) > 1 and self.isVisible():
            self._timer.start()
        else:
            self._timer.stop()

    # -- frames --------------------------------------------------------------------

    def _next_frame(self) -> None:
        frame = self._source() if self._source is not None else None
        if frame == self._frame:
            return
        old, self._frame = self._frame, frame
        if frame is not None:
            ids = [p.id for p in self._positions]
            if frame.position in ids:
                self.show_position(ids.index(frame.position))
        changed = changed_area(self._area(), old, frame)
        if changed is None:
            self.update()
        elif not changed.isEmpty():
            self.update(changed)

    def _run_frames(self) -> None:
        if self._source is not None and self._fps > 0 and self.isVisible():
            self._paint_own_backdrop()
            self.frames.start(self._fps)
        else:
            self.frames.stop()

    def _paint_own_backdrop(self) -> None:
        """From the first moving frame on, the picture paints the card's colour behind
        itself (see :meth:`paintEvent`) and says so to Qt, so a frame repaints this widget
        alone, not the styled card and the screen behind it (set here, not at the first
        paint, which does without PySide's ``Qt`` namespace)."""
        from PySide6.QtCore import Qt

        self._own_backdrop = True
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def _area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(8, 8, -8, -8)

    # -- events --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._motion is not None and self._source is not None:
            self._play()
        else:
            self._restart_timer()
        self._run_frames()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()
        self.frames.stop()

    def enterEvent(self, event: QEnterEvent) -> None:
        from PySide6.QtCore import Qt  # see backcoach.ui.props: not needed before this

        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._hovered = True
        if self._motion is not None:
            self._still()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hovered = False
        if self._motion is not None and self._auto:
            self._play()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        from PySide6.QtCore import Qt

        if event.button() == Qt.MouseButton.LeftButton:
            self._still()
            self.step()
            if not self._hovered:
                self._restart_timer()
        super().mousePressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if restyles(event):
            self._renderers = {}  # the still frames are coloured for the palette
            self._palette_colours = None
            self.update()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._own_backdrop:
            painter.fillRect(event.rect(), card_colour(self.palette()))  # what the card shows
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._area()
        if self._frame is not None:
            self._paint_frame(painter, area, self._frame)
        else:
            self._paint_position(painter, area)
        painter.end()
        self.paints += 1

    def _paint_position(self, painter: QPainter, area: QRectF) -> None:
        """Draw the current key position: from its pose when mirrored or without a picture
        file, else its picture (loaded here, on first use: a moving figure never needs it)."""
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

    def _paint_frame(self, painter: QPainter, area: QRectF, frame: Frame) -> None:
        """Draw ``frame``; when it stands still (painted twice running), from its layers,
        drawn once, with the muscles as strong as its highlight."""
        colours = self._colours()
        key = (self.size(), self.devicePixelRatioF(), frame.pose, frame.marks, frame.turn, colours)
        if self._layers is not None and self._layers[0] == key:
            _, under, muscles, over = self._layers
            painter.drawPixmap(0, 0, under)
            painter.setOpacity(min(max(frame.highlight, 0.0), 1.0))
            painter.drawPixmap(0, 0, muscles)
            painter.setOpacity(1.0)
            painter.drawPixmap(0, 0, over)
            return
        self._layers = None
        paint_pose(
            painter,
            area,
            frame.pose,
            colours,
            marks=frame.marks,
            mirrored=frame.turn,
            highlight=frame.highlight,
        )
        if key == self._painted and (self._pending is None or self._pending[0] != key):
            self._pending = (key, frame, colours, [])
            self._layering.start()  # after this paint: a phase's first frames stay cheap
        self._painted = key

    def _draw_next_layer(self) -> None:
        """Draw one layer of the still frame, until all are drawn (while it stays still)."""
        pending, self._pending = self._pending, None
        if pending is None or pending[0] != self._painted:
            return
        key, frame, colours, drawn = pending
        drawn.append(self._layer(frame, colours, LAYER_ORDER[len(drawn)]))
        if len(drawn) < len(LAYER_ORDER):
            self._pending = pending
            self._layering.start()
            return
        under, muscles, over = drawn
        self._layers = (key, under, muscles, over)

    def _colours(self) -> FigureColours:
        if self._palette_colours is None:
            self._palette_colours = FigureColours.for_palette(self.palette())
        return self._palette_colours

    def _layer(self, frame: Frame, colours: FigureColours, layer: str) -> QPixmap:
        from PySide6.QtCore import Qt

        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_pose(
            painter,
            self._area(),
            frame.pose,
            colours,
            marks=frame.marks,
            mirrored=frame.turn,
            layers=(layer,),
        )
        painter.end()
        return pixmap

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
