"""Captions: what the voice says, on screen, so that a session works with no sound.

:class:`CaptionFeed` listens to a speaker (its reports come from any thread) and
hands each line on to the GUI thread through a Qt signal:

- a line the voice plays, the moment it starts;
- a line the voice never played for a reason of its own (dropped as late or
  stale, the voice off, no speech engine), when its result comes: with the voice
  off that is the moment the session hands it over, which is when it is due.

A line the user's own pause, skip or end cleared or cut, or one that started and
then failed, is not shown again. :class:`CaptionLine` draws the line as large as
its box allows, between two sizes.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QTextLayout
from PySide6.QtWidgets import QSizePolicy, QWidget

from backcoach.core.cues import Cue
from backcoach.voice.speaker import (
    CLEARED,
    CLOSED,
    NOTHING_TO_SAY,
    STOPPED,
    CueResult,
    Speaker,
)

NOT_CAPTIONED = frozenset({CLEARED, STOPPED, CLOSED, NOTHING_TO_SAY})
"""Reasons a line is not spoken for which it is not captioned either: the user's own
pause, skip or end, the voice closing, or nothing to say."""


def captioned(result: CueResult) -> bool:
    """Whether a line's result calls for a caption: it never started, for a reason of the
    voice's own (a line that started was captioned then)."""
    return not result.spoken and result.started_at is None and result.reason not in NOT_CAPTIONED


class CaptionFeed(QObject):
    """Turns a speaker's reports into :attr:`line`, delivered on the GUI thread."""

    line = Signal(str)
    """The text of a line to caption now."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._speaker: Speaker | None = None

    def follow(self, speaker: Speaker) -> None:
        """Caption ``speaker``'s lines from now on (a speaker followed already is kept)."""
        if speaker is self._speaker:
            return
        self._speaker = speaker
        speaker.add_start_listener(self._started)
        speaker.add_listener(self._ended)

    def _started(self, cue: Cue) -> None:
        self._emit(cue.text)

    def _ended(self, result: CueResult) -> None:
        if captioned(result):
            self._emit(result.cue.text)

    def _emit(self, text: str) -> None:
        # From the voice thread the signal is queued to the GUI thread; a speaker can
        # outlive the window, so a feed already deleted is left alone.
        if shiboken6.isValid(self):
            self.line.emit(text)


class CaptionLine(QWidget):
    """One line of speech, centred, at most :attr:`LINES` lines of its largest size tall.

    The text is drawn at the largest size, between :meth:`set_sizes`' two, at which it
    fits the box; at the smallest size, what does not fit ends in an ellipsis. The box
    never changes height with the text.
    """

    LINES = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._largest = 36
        self._smallest = 28
        self._fit: tuple[str, int, int] | None = None
        self._fit_size = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Caption")
        self._size_box()

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setAccessibleDescription(text)
            self.update()

    def set_sizes(self, largest: int, smallest: int) -> None:
        """Draw between ``smallest`` and ``largest`` pixels; the box is sized for the largest."""
        largest = max(largest, smallest)
        if (largest, smallest) != (self._largest, self._smallest):
            self._largest, self._smallest = largest, smallest
            self._fit = None
            self._size_box()
            self.update()

    def smallest(self) -> int:
        return self._smallest

    def pixel_size(self) -> int:
        """The size in pixels the current text is drawn at (the largest when empty)."""
        key = (self._text, self.width(), self.height())
        if key != self._fit:
            self._fit = key
            self._fit_size = self._choose_size()
        return self._fit_size

    def _size_box(self) -> None:
        spacing = QFontMetricsF(self._font(self._largest)).lineSpacing()
        self.setFixedHeight(int(self.LINES * spacing + 0.999) + 4)

    def _font(self, pixels: int) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(pixels)
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def _choose_size(self) -> int:
        for size in range(self._largest, self._smallest, -1):
            if len(self._lines(self._font(size))) <= self._room(size):
                return size
        return self._smallest

    def _room(self, pixels: int) -> int:
        """How many lines of ``pixels`` fit the box."""
        return max(1, int(self.height() // QFontMetricsF(self._font(pixels)).lineSpacing()))

    def _lines(self, font: QFont) -> list[str]:
        """The text broken into lines as wide as the box at ``font``."""
        layout = QTextLayout(self._text, font)
        lines: list[str] = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(self.width())
            start = line.textStart()
            lines.append(self._text[start : start + line.textLength()].strip())
        layout.endLayout()
        return lines

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        size = self.pixel_size()
        font = self._font(size)
        metrics = QFontMetricsF(font)
        lines = self._lines(font)
        room = self._room(size)
        if len(lines) > room:
            rest = " ".join(lines[room - 1 :])
            lines = [
                *lines[: room - 1],
                metrics.elidedText(rest, Qt.TextElideMode.ElideRight, self.width()),
            ]
        spacing = metrics.lineSpacing()
        top = (self.height() - spacing * len(lines)) / 2
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        centre = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        for n, line in enumerate(lines):
            painter.drawText(QRectF(0, top + n * spacing, self.width(), spacing), centre, line)
        painter.end()
