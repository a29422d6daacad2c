"""The end of a session: what was done, set by set and side by side, and the way back to
the exercises.

It says honestly what happened: "Routine complete" only when every side of every set was
done in full; sets and sides skipped or cut short are listed as such, and sets the session
ended before as not reached (see :mod:`backcoach.core.report`). What the voice left out
because it fell behind is said too, and read again for a while, as the voice reports a
cue still queued at the end only once it has let it go.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from backcoach.content.model import Exercise
from backcoach.core.plan import Plan
from backcoach.core.records import SetRecord, skipped_words, tally
from backcoach.core.report import NOT_REACHED, SET_SEPARATOR, SKIPPED, ExerciseDone, report
from backcoach.core.session import Summary
from backcoach.core.text import plural
from backcoach.core.timefmt import clock_text
from backcoach.ui.theme import MARGIN, SPACING
from backcoach.ui.widgets import big_button, text_label, weight_text

COMPLETE = "Routine complete"
WITH_SKIPS = "Routine finished, some work skipped"
ENDED_EARLY = "Session ended early"

CARD_MAX_WIDTH = 1000
"""The card fills a narrow window and stays this wide (logical px) in a wide one."""

VOICE_RECHECK_MS = 1000
VOICE_RECHECKS = 20
"""How often, and how many times, the note on what the voice left out is read again."""

VoiceNote = Callable[[], "str | None"]
"""What the voice left out during the session, in a sentence (None: nothing)."""


def summary_title(summary: Summary) -> str:
    """ "Routine complete" only for a routine done in full; else what happened."""
    if summary.ended_early:
        return ENDED_EARLY
    return COMPLETE if summary.complete else WITH_SKIPS


def summary_subtitle(summary: Summary) -> str:
    """ "3 of 5 sets in 4:51 · 1 set and 2 sides skipped" (sets done: with any side done)."""
    took = clock_text(summary.routine_seconds, rounding="down")
    text = f"{summary.sets_done} of {plural(summary.planned_sets, 'set')} in {took}"
    skipped = skipped_words(tally(summary.records))
    return f"{text} · {skipped}" if skipped else text


class SummaryPage(QWidget):
    """What was done and how long it took, with a way back to the exercises.

    It scrolls when the window is too small for it (the check-in below the table is tall).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = text_label("summaryTitle")
        self.subtitle = text_label("summarySubtitle")
        self._table = QGridLayout()
        self._table.setHorizontalSpacing(MARGIN * 3 // 2)
        self._table.setVerticalSpacing(SPACING * 2 // 3)
        self._rows: list[tuple[str, str, str]] = []
        self.voice_note = text_label("summarySubtitle")
        """What the voice left out because it fell behind (hidden when nothing)."""
        self.voice_note.hide()
        self._voice_source: VoiceNote | None = None
        self._voice_checks = 0
        self._voice_timer = QTimer(self)
        self._voice_timer.setInterval(VOICE_RECHECK_MS)
        self._voice_timer.timeout.connect(self.refresh_voice_note)
        self.extra = QVBoxLayout()
        """Room under the table for more (such as an after-session check-in)."""
        self.home_button = big_button("Back to the exercises", "primaryButton", "")
        self.home_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        card = QFrame()
        card.setObjectName("summaryCard")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(MARGIN * 2, MARGIN * 3 // 2, MARGIN * 2, MARGIN * 3 // 2)
        inner.setSpacing(SPACING)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addSpacing(SPACING // 2)
        inner.addLayout(self._table)
        inner.addWidget(self.voice_note)
        inner.addLayout(self.extra)
        inner.addWidget(self.home_button, 0, Qt.AlignmentFlag.AlignLeft)
        content = QWidget()
        content.setObjectName("summaryContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(SPACING, SPACING // 2, SPACING, SPACING // 2)
        column.addStretch(1)
        card.setMaximumWidth(CARD_MAX_WIDTH)
        row = QHBoxLayout()
        row.addWidget(card)
        column.addLayout(row)
        column.addStretch(2)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for part in (self.scroll_area, self.scroll_area.viewport(), content):
            part.setAutoFillBackground(False)
        self.scroll_area.setStyleSheet(
            "QScrollArea, QWidget#summaryContent { background: transparent; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)

    def show_summary(self, summary: Summary, plan: Plan) -> None:
        self.title.setText(summary_title(summary))
        self.subtitle.setText(summary_subtitle(summary))
        while self._table.count():
            item = self._table.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        done = report(summary.records, plan)
        self._rows = [_row(d, plan.exercises) for d in done]
        reached = [row for d, row in zip(done, self._rows, strict=True) if d.reached]
        for r, (name, count, detail) in enumerate(reached):
            cells = (
                text_label("summaryName", name, wrap=False),
                text_label("summaryCell", count.replace(", ", "\n"), wrap=False),
                _detail_label(detail),
            )
            for c, label in enumerate(cells):
                self._table.addWidget(label, r, c, Qt.AlignmentFlag.AlignTop)
        left = [
            f"{row[0]} ({plural(d.planned, 'set')})"
            for d, row in zip(done, self._rows, strict=True)
            if not d.reached
        ]
        if left or not reached:
            text = f"{NOT_REACHED.capitalize()}: {', '.join(left)}." if left else "Nothing planned."
            self._table.addWidget(text_label("summarySubtitle", text), len(reached), 0, 1, 3)
        self._table.setColumnStretch(2, 1)
        self.show_voice_note(None)
        self.scroll_area.verticalScrollBar().setValue(0)

    def set_home_primary(self, primary: bool) -> None:
        """Fill "Back to the exercises" as the page's one primary button, or not (while a
        check-in with its own primary Save is open)."""
        name = "primaryButton" if primary else "sessionButton"
        if self.home_button.objectName() != name:
            self.home_button.setObjectName(name)
            self.home_button.style().unpolish(self.home_button)
            self.home_button.style().polish(self.home_button)

    def show_voice_note(self, source: VoiceNote | None) -> None:
        """Say what the voice left out, from ``source``, now and again every second for a
        while (None: nothing to say)."""
        self._voice_source = source
        self._voice_checks = 0
        self._voice_timer.stop()
        self.refresh_voice_note()
        if source is not None:
            self._voice_timer.start()

    @property
    def rechecking_voice(self) -> bool:
        """Whether the note on the voice is still read again every second."""
        return self._voice_timer.isActive()

    def refresh_voice_note(self) -> None:
        """Read again what the voice left out (a cue still queued at the end is counted
        only once the voice lets it go); after :data:`VOICE_RECHECKS` reads, stop."""
        text = self._voice_source() if self._voice_source is not None else None
        self.voice_note.setText(text or "")
        self.voice_note.setVisible(bool(text))
        self._voice_checks += 1
        if self._voice_checks > VOICE_RECHECKS:
            self._voice_timer.stop()

    def rows(self) -> list[tuple[str, str, str]]:
        """One row per exercise planned: (exercise, sets, what was done of each side of
        each set). The exercises not reached are shown together, on one line."""
        return list(self._rows)


def _detail_label(text: str) -> QLabel:
    """What was done of each set ("set 1: left 60 s, right skipped · set 2: …"), one set
    per line, wrapped (on a narrow window) only between its sides, with "skipped" and
    "not reached" in bold."""
    sets = []
    for part in text.split(SET_SEPARATOR):
        sides = []
        for side in part.split(", "):
            shown = html.escape(side)
            for word in (SKIPPED, NOT_REACHED):
                shown = shown.replace(word, f"<b>{word}</b>")
            sides.append(shown.replace(" ", "&nbsp;"))
        sets.append(", ".join(sides))
    label = text_label("summaryCell")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText("<br>".join(sets))
    label.setAccessibleName(text)
    return label


def _weights(records: Sequence[SetRecord]) -> list[str]:
    seen = {(r.weight, r.weight_unit) for r in records if r.weight is not None and not r.skipped}
    return [weight_text(w, u) for w, u in sorted(seen, key=lambda wu: (wu[1] or "", wu[0] or 0))]


def _row(done: ExerciseDone, exercises: Mapping[str, Exercise]) -> tuple[str, str, str]:
    known = exercises.get(done.exercise)
    name = known.name if known is not None else done.exercise
    count = ", ".join([done.count_text, *_weights([r for s in done.sets for r in s.records])])
    return (name, count, done.text())


def summary_rows(
    records: Sequence[SetRecord], exercises: Mapping[str, Exercise], plan: Plan
) -> list[tuple[str, str, str]]:
    """One row per exercise in plan order: its name, the sets done (with the weight), and
    each side of each set: done, cut short, skipped or not reached.

    For example ("Low lunge", "1 of 2 sets", "set 1: left 60 s, right 20 of 60 s · set 2
    skipped") or ("Dumbbell deadlift", "3 sets, 8 kg dumbbells", "set 1: 10 reps · …").
    """
    return [_row(done, exercises) for done in report(records, plan)]
