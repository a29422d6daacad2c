"""The voice settings dialog: ranges, the voice list, the test button and speech problems."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backcoach.app import SessionServices
from backcoach.core.cues import Cue
from backcoach.settings import MAX_RATE, MIN_RATE, Settings
from backcoach.ui.voice_settings import VoiceSettingsDialog
from backcoach.voice import VoiceOptions, VoiceWorker
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import FakeEngine

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


def test_new_voice_settings_never_make_the_window_wait_for_the_old_voice(
    qtbot: QtBot, data_dir: Path
) -> None:
    clock = FakeClock()
    engine = FakeEngine(clock)
    settings = Settings()
    services = SessionServices(
        settings,
        data_dir,
        clock,
        speaker_factory=lambda s, c: VoiceWorker(c, lambda: engine, VoiceOptions.from_settings(s)),
    )
    old = services.speaker()
    assert isinstance(old, VoiceWorker)
    engine.hold()  # the next utterance does not end until released
    old.say(Cue(text="Hold it", kind="info", due=0.0), clock.monotonic())
    engine.wait_speaking()
    settings.voice_rate = 140
    started = time.monotonic()
    new = services.speaker()
    assert time.monotonic() - started < 0.5  # closing the old voice waited on nothing
    assert new is not old
    engine.release()
    qtbot.waitUntil(lambda: not old.running)
    services.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_closing_the_dialog_before_the_voices_arrive_is_safe(qtbot: QtBot, data_dir: Path) -> None:
    gate = threading.Event()

    def slow_voices() -> list[tuple[str, str]]:
        assert gate.wait(5), "the test never let the voice list through"
        return list(VOICES)

    early = VoiceSettingsDialog(Settings(), lambda s: s.save(data_dir), load_voices=slow_voices)
    early.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    early.show()
    later = dialog_for(qtbot, data_dir)
    with qtbot.waitSignal(early.destroyed, timeout=1000):
        early.close()
    gate.set()
    qtbot.waitUntil(lambda: not any(t.name == "backcoach-voices" for t in threading.enumerate()))
    QApplication.processEvents()  # the late list is delivered to no one
    assert later.voice.count() == len(VOICES) + 1
