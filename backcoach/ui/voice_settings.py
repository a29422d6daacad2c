"""The voice settings: on or off, speed, volume and which voice, kept in the settings file.

The installed voices are listed by a short-lived speech engine in a child
process, run from a plain thread so the window never waits for it; the list
arrives through a queued signal of an object that outlives every dialog.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
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


class _VoiceRelay(QObject):
    """Carries voice lists from loading threads to the GUI thread.

    There is one for the process and it is never deleted, so a loading thread
    always emits on a live object; a dialog closed (and deleted) meanwhile has
    lost its connection and simply gets nothing.
    """

    loaded = Signal(object, object)
    """(the request it answers, the voices)"""


@functools.cache
def _voice_relay() -> _VoiceRelay:
    return _VoiceRelay()


def _load(relay: _VoiceRelay, request: object, load: Callable[[], VoiceList]) -> None:
    try:
        voices = load()
    except Exception:
        voices = []
    relay.loaded.emit(request, voices)


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
        self._request = object()
        relay = _voice_relay()
        relay.loaded.connect(self._on_loaded, Qt.ConnectionType.QueuedConnection)
        threading.Thread(
            target=_load,
            args=(relay, self._request, load_voices),
            name="backcoach-voices",
            daemon=True,
        ).start()

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

    @Slot(object, object)
    def _on_loaded(self, request: object, voices: VoiceList) -> None:
        if request is self._request:
            self._on_voices(voices)

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
