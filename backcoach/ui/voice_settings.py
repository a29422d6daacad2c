"""The voice settings: on or off, speed, volume, which voice and how much it says, kept in
the settings file.

The installed voices are listed by a short-lived speech engine in a child
process, run from a plain thread so the window never waits for it; the list
(and what, if anything, keeps speech from playing) arrives through a queued
signal of an object that outlives every dialog. English voices are offered
first, as the cues are English; "Show all voices" lists the others too.
"Test" says a sample sentence through the app's speaker service (a one-off
speaker with the settings as chosen, which speaks in its own thread and closes
once it has spoken).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from backcoach.core.cues import VERBOSITIES
from backcoach.core.text import plural
from backcoach.settings import MAX_RATE, MIN_RATE, Settings
from backcoach.ui.theme import WARNING_HUE, tint
from backcoach.ui.widgets import CheckBox
from backcoach.voice import Speaker, list_voices, speech_engine_problem

log = logging.getLogger(__name__)

VoiceList = list[tuple[str, str]]
"""Installed voices as (id, name)."""
SaySample = Callable[[Settings, str], Speaker]
"""Says a sentence with these settings, now, through a one-off speaker that it returns."""
SAMPLE = "This is how your cues will sound. Breathe in, brace, and hold still."
VERBOSITY_LABELS = {
    "full": "Full: every technique cue, breathing and reminders",
    "standard": "Standard: technique, fewer reminders",
    "counts": "Counts only: what to do and when",
}
"""The choices of how much the voice says, by setting value (all of VERBOSITIES)."""


def is_english(voice_id: str, name: str) -> bool:
    """Whether a voice speaks English: its language tag is en or en-…, or its name says so."""
    tag = voice_id.rsplit("/", 1)[-1].lower()
    return tag == "en" or tag.startswith("en-") or "english" in name.lower()


def speech_problem() -> str:
    """Why speech cannot play here, for the user with the fix ("" when it can)."""
    problem = speech_engine_problem()
    return problem.problem if problem is not None else ""


class _VoiceRelay(QObject):
    """Carries voice lists from loading threads to the GUI thread.

    There is one for the process and it is never deleted, so a loading thread
    always emits on a live object; a dialog closed (and deleted) meanwhile has
    lost its connection and simply gets nothing.
    """

    loaded = Signal(object, object, str)
    """(the request it answers, the voices, why speech cannot play or "")"""


@functools.cache
def _voice_relay() -> _VoiceRelay:
    return _VoiceRelay()


def _load(
    relay: _VoiceRelay,
    request: object,
    load: Callable[[], VoiceList],
    problem: Callable[[], str],
) -> None:
    try:
        voices = load()
    except Exception:  # the dialog says no voices were found; the log keeps why
        log.exception("Listing the installed voices failed")
        voices = []
    try:
        why = problem()
    except Exception as exc:
        log.exception("Checking the speech set-up failed")
        why = f"The speech set-up could not be checked ({exc})."
    relay.loaded.emit(request, voices, why)


class VoiceSettingsDialog(QDialog):
    """Edits the voice fields of ``settings``; OK saves them with ``save``.

    ``save`` returns an error message or None. ``applied`` is emitted with
    the settings once saved. Open it with :meth:`open` (window-modal, not
    blocking). ``load_voices`` and ``problem`` run in a thread; "Test" speaks
    through ``say_sample`` (:meth:`backcoach.services.root.AppServices.say_sample`).
    """

    applied = Signal(object)

    def __init__(
        self,
        settings: Settings,
        save: Callable[[Settings], str | None],
        say_sample: SaySample,
        *,
        load_voices: Callable[[], VoiceList] = list_voices,
        problem: Callable[[], str] = speech_problem,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Voice settings")
        self.setMinimumWidth(500)
        self._settings = settings
        self._save = save
        self._say_sample = say_sample
        self._voices: VoiceList = []
        self._sample: Speaker | None = None
        self.enabled = CheckBox("Speak the cues")
        self.enabled.setChecked(settings.voice_enabled)
        self.rate = QSlider(Qt.Orientation.Horizontal)
        self.rate.setRange(MIN_RATE, MAX_RATE)
        self.rate.setSingleStep(5)
        self.rate.setPageStep(20)
        self.rate.setValue(settings.voice_rate)  # the slider keeps it inside its range
        self.rate_label = QLabel()
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(round(min(max(settings.voice_volume, 0.0), 1.0) * 100))
        self.volume_label = QLabel()
        self.voice = QComboBox()
        self.voice.addItem("Default voice", "")
        if settings.voice_id:
            self.voice.addItem(settings.voice_id, settings.voice_id)
            self.voice.setCurrentIndex(1)
        self.verbosity = QComboBox()
        for value in VERBOSITIES:
            self.verbosity.addItem(VERBOSITY_LABELS[value], value)
        self.verbosity.setCurrentIndex(max(0, self.verbosity.findData(settings.voice_verbosity)))
        self.show_all = CheckBox("Show all voices, not only English ones")
        self.show_all.setEnabled(False)
        self.test_button = QPushButton("Test")
        self.test_button.setToolTip("Say a sample sentence with this speed, volume and voice")
        self.test_button.clicked.connect(self.test)
        self.voice_status = QLabel("Looking for installed voices…")
        self.voice_status.setObjectName("muted")
        self.voice_status.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("voiceProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        palette = QApplication.palette()
        self.problem.setStyleSheet(
            f"QLabel#voiceProblem {{ background: {tint(palette, WARNING_HUE, 0.22).name()}; "
            f"color: {palette.color(QPalette.ColorRole.WindowText).name()}; "
            "border-radius: 6px; padding: 8px 10px; }"
        )
        self.problem.hide()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        voice_row = QHBoxLayout()
        voice_row.addWidget(self.voice, 1)
        voice_row.addWidget(self.test_button)
        for box in (self.enabled, self.show_all):  # its focus ring as wide as its words
            box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        form = QGridLayout()  # each label level with its field's middle, not its top
        form.setColumnStretch(1, 1)
        rows: list[tuple[str, QWidget | QHBoxLayout, QWidget]] = [
            ("", self.enabled, self.enabled),
            ("Speed", _with_value(self.rate, self.rate_label), self.rate),
            ("Volume", _with_value(self.volume, self.volume_label), self.volume),
            ("Voice", voice_row, self.voice),
            ("Says", self.verbosity, self.verbosity),
            ("", self.show_all, self.show_all),
            ("", self.voice_status, self.voice_status),
        ]
        for row, (caption, field, buddy) in enumerate(rows):
            column = 0
            if caption:
                label = QLabel(caption)
                label.setBuddy(buddy)
                form.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter)
                column = 1
            span = 2 - column
            if isinstance(field, QWidget):
                form.addWidget(field, row, column, 1, span)
            else:
                form.addLayout(field, row, column, 1, span)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        note = QLabel("Changes apply from the next session.")
        note.setObjectName("muted")
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for first, second in (  # Tab as the dialog reads: the voice, then Test, then Says
            (self.voice, self.test_button),
            (self.test_button, self.verbosity),
            (self.verbosity, self.show_all),
        ):
            QWidget.setTabOrder(first, second)
        self.enabled.toggled.connect(self._sync)
        self.rate.valueChanged.connect(self._sync)
        self.volume.valueChanged.connect(self._sync)
        self.show_all.toggled.connect(self._fill_voices)
        self._sync()
        self._request = object()
        relay = _voice_relay()
        relay.loaded.connect(self._on_loaded, Qt.ConnectionType.QueuedConnection)
        threading.Thread(
            target=_load,
            args=(relay, self._request, load_voices, problem),
            name="backcoach-voices",
            daemon=True,
        ).start()

    def voices_loaded(self) -> bool:
        return not self.voice_status.text().startswith("Looking")

    def chosen(self) -> Settings:
        """A copy of the settings with the values shown in the dialog."""
        return dataclasses.replace(
            self._settings,
            voice_enabled=self.enabled.isChecked(),
            voice_rate=self.rate.value(),
            voice_volume=self.volume.value() / 100,
            voice_id=str(self.voice.currentData() or ""),
            voice_verbosity=str(self.verbosity.currentData()),
        )

    def test(self) -> None:
        """Say the sample sentence as chosen; the speaker speaks in its own thread."""
        if self._sample is not None:
            self._sample.close(timeout=0)
        chosen = dataclasses.replace(self.chosen(), voice_enabled=True)
        self._sample = self._say_sample(chosen, SAMPLE)
        if self._sample.problem:
            self._show_problem(self._sample.problem)

    def accept(self) -> None:
        chosen = self.chosen()
        s = self._settings
        s.voice_enabled = chosen.voice_enabled
        s.voice_rate = chosen.voice_rate
        s.voice_volume = chosen.voice_volume
        s.voice_id = chosen.voice_id
        s.voice_verbosity = chosen.voice_verbosity
        error = self._save(s)
        if error:
            self.error.setText(error)
            self.error.show()
            return
        self.applied.emit(s)
        super().accept()

    def _sync(self) -> None:
        on = self.enabled.isChecked()
        for widget in (self.rate, self.volume, self.voice, self.test_button, self.verbosity):
            widget.setEnabled(on)
        self.rate_label.setText(f"{self.rate.value()} words a minute")
        self.volume_label.setText(f"{self.volume.value()} %")

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    @Slot(object, object, str)
    def _on_loaded(self, request: object, voices: VoiceList, problem: str) -> None:
        if request is not self._request:
            return
        self._voices = list(voices)
        if problem:
            self._show_problem(problem)
        english = sum(is_english(*v) for v in self._voices)
        self.show_all.setEnabled(0 < english < len(self._voices))
        self._fill_voices()

    def _fill_voices(self) -> None:
        current = str(self.voice.currentData() or "")
        shown = self._voices
        if self.show_all.isEnabled() and not self.show_all.isChecked():
            shown = [v for v in shown if is_english(*v) or v[0] == current]
        self.voice.clear()
        self.voice.addItem("Default voice", "")
        for vid, name in sorted(shown, key=lambda v: (not is_english(*v), v[1].lower())):
            self.voice.addItem(name if name == vid else f"{name}  ({vid})", vid)
        index = self.voice.findData(current)
        if index < 0 and current:
            self.voice.addItem(f"{current} (not installed)", current)
            index = self.voice.count() - 1
        self.voice.setCurrentIndex(max(index, 0))
        if not self._voices:
            self.voice_status.setText(
                "No voices found: the speech engine did not start. On Debian or Ubuntu, "
                "install it with: sudo apt install espeak-ng"
            )
        elif len(shown) < len(self._voices):
            english = sum(is_english(*v) for v in self._voices)
            self.voice_status.setText(
                f"Listed: {plural(english, 'English voice')} of {len(self._voices)} installed."
            )
        else:
            self.voice_status.setText(f"{plural(len(self._voices), 'voice')} installed.")


def _with_value(slider: QSlider, label: QLabel) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(slider, 1)
    label.setMinimumWidth(140)
    row.addWidget(label)
    return row
