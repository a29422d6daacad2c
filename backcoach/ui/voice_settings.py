"""The voice settings: on or off, speed, volume and which voice, kept in the settings file.

The installed voices are listed by a short-lived speech engine in a child
process, run from a plain thread so the window never waits for it; the list
arrives through a queued signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from backcoach.settings import MAX_RATE, MIN_RATE, Settings
from backcoach.voice import list_voices

VoiceList = list[tuple[str, str]]
"""Installed voices as (id, name)."""


class _VoiceLoader(QObject):
    """Carries the voice list from the loading thread to the GUI thread."""

    loaded = Signal(list)

    def start(self, load: Callable[[], VoiceList]) -> None:
        def run() -> None:
            try:
                voices = load()
            except Exception:
                voices = []
            try:
                self.loaded.emit(voices)
            except RuntimeError:  # the dialog was closed and deleted meanwhile
                return

        threading.Thread(target=run, name="backcoach-voices", daemon=True).start()


class VoiceSettingsDialog(QDialog):
    """Edits the voice fields of ``settings``; OK saves them with ``save``.

    ``save`` returns an error message or None. ``applied`` is emitted with
    the settings once saved. Open it with :meth:`open` (window-modal, not
    blocking).
    """

    applied = Signal(object)

    def __init__(
        self,
        settings: Settings,
        save: Callable[[Settings], str | None],
        *,
        load_voices: Callable[[], VoiceList] = list_voices,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Voice settings")
        self.setMinimumWidth(460)
        self._settings = settings
        self._save = save
        self.enabled = QCheckBox("Speak the cues")
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
        self.voice_status = QLabel("Looking for installed voices…")
        self.voice_status.setObjectName("muted")
        self.voice_status.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow("Speed", _with_value(self.rate, self.rate_label))
        form.addRow("Volume", _with_value(self.volume, self.volume_label))
        form.addRow("Voice", self.voice)
        form.addRow(self.voice_status)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel("Changes apply from the next session.")
        note.setObjectName("muted")
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.enabled.toggled.connect(self._sync)
        self.rate.valueChanged.connect(self._sync)
        self.volume.valueChanged.connect(self._sync)
        self._sync()
        self._loader = _VoiceLoader(self)
        self._loader.loaded.connect(self._on_voices)
        self._loader.start(load_voices)

    def voices_loaded(self) -> bool:
        return not self.voice_status.text().startswith("Looking")

    def accept(self) -> None:
        s = self._settings
        s.voice_enabled = self.enabled.isChecked()
        s.voice_rate = self.rate.value()
        s.voice_volume = self.volume.value() / 100
        s.voice_id = str(self.voice.currentData() or "")
        error = self._save(s)
        if error:
            self.error.setText(error)
            self.error.show()
            return
        self.applied.emit(s)
        super().accept()

    def _sync(self) -> None:
        on = self.enabled.isChecked()
        for widget in (self.rate, self.volume, self.voice):
            widget.setEnabled(on)
        self.rate_label.setText(f"{self.rate.value()} words a minute")
        self.volume_label.setText(f"{self.volume.value()} %")

    def _on_voices(self, voices: VoiceList) -> None:
        current = str(self.voice.currentData() or "")
        self.voice.clear()
        self.voice.addItem("Default voice", "")
        for vid, name in sorted(voices, key=lambda v: v[1].lower()):
            self.voice.addItem(name if name == vid else f"{name}  ({vid})", vid)
        index = self.voice.findData(current)
        if index < 0 and current:
            self.voice.addItem(f"{current} (not installed)", current)
            index = self.voice.count() - 1
        self.voice.setCurrentIndex(max(index, 0))
        if voices:
            self.voice_status.setText(f"{len(voices)} voices installed.")
        else:
            self.voice_status.setText(
                "No voices found: the speech engine did not start. On Debian or Ubuntu, "
                "install it with: sudo apt install espeak-ng"
            )


def _with_value(slider: QSlider, label: QLabel) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(slider, 1)
    label.setMinimumWidth(140)
    row.addWidget(label)
    return row
