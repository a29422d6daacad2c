"""The figure's frame timer, and what a new frame repaints.

The pose at any moment comes from a clock (the session's routine time, or the
carousel's own), never from counting frames: the timer only says when to look again.
It runs only while something moves, at :data:`FIGURE_FPS` for a moving figure and
:data:`PULSE_FPS` for a hold's breathing pulse, and each tick repaints only the part of
the figure's widget that changed (:func:`changed_area`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, QRectF, QTimer

from backcoach.content.model import Pose
from backcoach.core.phases import Phase
from backcoach.core.pose import Frame, Motion, bounds, muscle, skeleton
from backcoach.ui.figure import picture_transform

FIGURE_FPS = 24.0
"""Frames a second while the figure moves: guided reps, own-pace reps, a turn (film's rate:
smooth for movements that take seconds, and a fifth cheaper than 30)."""
PULSE_FPS = 4.0
"""Frames a second of a hold's breathing pulse (a 6 s breath in 24 steps): each repaints
only the muscles' box, so a hold stays under 1 % of a core."""
CAROUSEL_FPS = 20.0
"""Frames a second of the carousel's slow movement."""
CAROUSEL_SLOWER = 1.5
"""The carousel plays a rep this many times slower than its content's tempo."""
TOUR_SECONDS = 4.0
"""Seconds per key position of the carousel's movement for an exercise without reps."""
PAD = 10.0
"""Picture units round a figure's joints that its plates, outline and smoothing reach."""


class FrameTimer(QObject):
    """Calls ``tick`` ``fps`` times a second while started.

    The QTimer is made on the first start, so that a widget's first paint needs none.
    """

    def __init__(self, tick: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tick = tick
        self._timer: QTimer | None = None
        self._fps = 0.0
        self.ticks = 0
        """Ticks so far: the frames asked for (for the benchmark and tests)."""

    def start(self, fps: float) -> None:
        """Tick ``fps`` times a second from now (0 stops); a running timer at that rate
        keeps its beat."""
        if fps <= 0:
            self.stop()
            return
        if self._timer is None:
            from PySide6.QtCore import Qt  # see backcoach.ui.props: not needed before this

            self._timer = QTimer(self)
            self._timer.setTimerType(Qt.TimerType.PreciseTimer)
            self._timer.timeout.connect(self._on_timeout)
        if self._timer.isActive() and fps == self._fps:
            return
        self._fps = fps
        self._timer.start(round(1000 / fps))

    def _on_timeout(self) -> None:
        self.ticks += 1
        self._tick()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    def fps(self) -> float:
        """Ticks a second while running, else 0."""
        return self._fps if self._timer is not None and self._timer.isActive() else 0.0


def frame_rate(phase: Phase, motion: Motion) -> float:
    """How often the figure of ``phase`` changes: reps move, a hold pulses, the rest is
    still (0)."""
    if not phase.is_work or not motion.posed:
        return 0.0
    if phase.mode in ("tempo", "self") and motion.rep and motion.tempo:
        return FIGURE_FPS
    return PULSE_FPS if phase.mode == "hold" else 0.0


def _box(points: list[complex], pad: float) -> tuple[complex, complex]:
    low = complex(min(p.real for p in points), min(p.imag for p in points))
    high = complex(max(p.real for p in points), max(p.imag for p in points))
    return low - pad * (1 + 1j), high + pad * (1 + 1j)


def _mapped(area: QRectF, turn: float, box: tuple[complex, complex]) -> QRect:
    low, high = box
    rect = picture_transform(area, turn).mapRect(
        QRectF(low.real, low.imag, high.real - low.real, high.imag - low.imag)
    )
    return rect.toAlignedRect().adjusted(-2, -2, 2, 2)


def changed_area(area: QRectF, old: Frame | None, new: Frame | None) -> QRect | None:
    """The part of a widget whose figure fills ``area`` that differs between frames
    ``old`` and ``new``: the muscles alone for a pulse, the figure's box before and
    after for a move without words; None for the whole widget (a turn, a new position,
    callouts or arrows that move)."""
    if old is None or new is None or old.turn != new.turn:
        return None
    if old.marks is not new.marks and old.marks != new.marks:
        return None
    if old.pose == new.pose:
        box = _muscles_box(new.pose, new.marks.muscles)
        return _mapped(area, new.turn, box) if box is not None else QRect()
    if new.marks.callouts or new.marks.arrows:
        return None
    corners = [*_figure_box(old.pose), *_figure_box(new.pose)]
    return _mapped(area, new.turn, _box(corners, PAD))


@functools.lru_cache(maxsize=4)
def _muscles_box(pose: Pose, muscles: tuple[str, ...]) -> tuple[complex, complex] | None:
    """A box round the bands of ``muscles`` on ``pose``'s figure, with their outline."""
    s = skeleton(pose)
    points = [p for name in muscles for p, _ in muscle(s, name)]
    return _box(points, 12.0) if points else None


@functools.lru_cache(maxsize=4)
def _figure_box(pose: Pose) -> tuple[complex, complex]:
    """:func:`~backcoach.core.pose.bounds` of ``pose``'s figure (each frame's is asked
    for twice: as the new frame, and as the old one of the next)."""
    return bounds(skeleton(pose))
