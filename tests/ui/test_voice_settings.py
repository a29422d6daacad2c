"""The voice settings dialog: ranges, the voice list, the test button and speech problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backcoach.settings import MAX_RATE, MIN_RATE, Settings
from backcoach.ui.voice_settings import VoiceSettingsDialog

pytestmark = pytest.mark.usefixtures("qapp")

VOICES = [("gmw/en", "English"), ("gmw/en-gb-x-rp", "English RP"), ("sem/ar", "Arabic")]


def dialog_for(qtbot: QtBot, folder: Path, settings: Settings | None = None) -> VoiceSettingsDialog:
    dialog = VoiceSettingsDialog(
        settings or Settings(), lambda s: s.save(folder), load_voices=lambda: list(VOICES)
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.voices_loaded)
    return dialog


def test_the_speed_slider_offers_the_rates_the_voice_accepts(qtbot: QtBot, data_dir: Path) -> None:
    dialog = dialog_for(qtbot, data_dir, Settings(voice_rate=MAX_RATE))
    assert (dialog.rate.minimum(), dialog.rate.maximum()) == (MIN_RATE, MAX_RATE)
    assert dialog.rate.value() == MAX_RATE
    dialog.accept()
    assert Settings.load(data_dir).voice_rate == MAX_RATE
