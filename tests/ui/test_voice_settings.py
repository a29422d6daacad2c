"""The voice settings dialog: ranges, the voice list, the test button and speech problems."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backcoach.content import load_content
from backcoach.core.clock import Clock
from backcoach.core.cues import VERBOSITIES, Cue
from backcoach.services.root import AppServices, Options, SpeakerFactory
from backcoach.settings import MAX_RATE, MIN_RATE, Settings
from backcoach.ui.voice_settings import SAMPLE, VoiceSettingsDialog
from backcoach.voice import SilentSpeaker, Speaker, VoiceOptions, VoiceWorker
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import FakeEngine, RecordingSpeaker

pytestmark = pytest.mark.usefixtures("qapp")

VOICES = [("gmw/en", "English"), ("gmw/en-gb-x-rp", "English RP"), ("sem/ar", "Arabic")]


def dialog_for(
    qtbot: QtBot,
    folder: Path,
    settings: Settings | None = None,
    *,
    problem: str = "",
    speaker: SpeakerFactory | None = None,
) -> VoiceSettingsDialog:
    services = AppServices(
        load_content(),
        Options(folder),
        clock=FakeClock(),
        speaker_factory=speaker or (lambda s, c: RecordingSpeaker()),
        settings=settings,
    )
    dialog = VoiceSettingsDialog(
        services.settings,
        lambda s: s.save(folder),
        services.say_sample,
        load_voices=lambda: list(VOICES),
        problem=lambda: problem,
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


def test_the_speed_slider_stops_where_the_plan_keeps_every_essential_cue(
    qtbot: QtBot, data_dir: Path
) -> None:
    dialog = dialog_for(qtbot, data_dir, Settings(voice_rate=165))
    dialog.rate.setValue(80)
    assert dialog.rate.value() == MIN_RATE == 100
    dialog.rate.setValue(450)
    assert dialog.rate.value() == MAX_RATE == 250


def test_how_much_the_voice_says_is_chosen_and_saved(qtbot: QtBot, data_dir: Path) -> None:
    dialog = dialog_for(qtbot, data_dir)
    levels = [dialog.verbosity.itemData(i) for i in range(dialog.verbosity.count())]
    assert levels == list(VERBOSITIES)
    assert dialog.verbosity.currentData() == "standard"
    dialog.verbosity.setCurrentIndex(dialog.verbosity.findData("counts"))
    dialog.enabled.setChecked(False)
    assert not dialog.verbosity.isEnabled()
    dialog.enabled.setChecked(True)
    dialog.accept()
    assert Settings.load(data_dir).voice_verbosity == "counts"
    again = dialog_for(qtbot, data_dir, Settings.load(data_dir))
    assert again.verbosity.currentData() == "counts"


def test_new_voice_settings_never_make_the_window_wait_for_the_old_voice(
    qtbot: QtBot, data_dir: Path
) -> None:
    clock = FakeClock()
    engine = FakeEngine(clock)
    settings = Settings()
    services = AppServices(
        load_content(),
        Options(data_dir),
        clock=clock,
        speaker_factory=lambda s, c: VoiceWorker(c, lambda: engine, VoiceOptions.from_settings(s)),
        settings=settings,
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

    early = VoiceSettingsDialog(
        Settings(),
        lambda s: s.save(data_dir),
        lambda s, text: RecordingSpeaker(),
        load_voices=slow_voices,
        problem=lambda: "",
    )
    early.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    early.show()
    later = dialog_for(qtbot, data_dir)
    with qtbot.waitSignal(early.destroyed, timeout=1000):
        early.close()
    gate.set()
    qtbot.waitUntil(lambda: not any(t.name == "backcoach-voices" for t in threading.enumerate()))
    QApplication.processEvents()  # the late list is delivered to no one
    assert listed(later) == ["", "gmw/en", "gmw/en-gb-x-rp"]


def listed(dialog: VoiceSettingsDialog) -> list[str]:
    return [str(dialog.voice.itemData(i)) for i in range(dialog.voice.count())]


def test_english_voices_are_listed_and_show_all_adds_the_others(
    qtbot: QtBot, data_dir: Path
) -> None:
    dialog = dialog_for(qtbot, data_dir)
    assert listed(dialog) == ["", "gmw/en", "gmw/en-gb-x-rp"]
    assert "2 English voices of 3" in dialog.voice_status.text()
    dialog.voice.setCurrentIndex(2)
    dialog.show_all.setChecked(True)
    assert listed(dialog) == ["", "gmw/en", "gmw/en-gb-x-rp", "sem/ar"]
    assert dialog.voice.currentData() == "gmw/en-gb-x-rp"
    assert dialog.voice_status.text() == "3 voices installed."


def test_a_chosen_voice_in_another_language_stays_listed(qtbot: QtBot, data_dir: Path) -> None:
    dialog = dialog_for(qtbot, data_dir, Settings(voice_id="sem/ar"))
    assert listed(dialog) == ["", "gmw/en", "gmw/en-gb-x-rp", "sem/ar"]
    assert dialog.voice.currentData() == "sem/ar"


def test_test_says_the_sample_as_chosen_and_lets_the_speaker_go(
    qtbot: QtBot, data_dir: Path
) -> None:
    made: list[tuple[Settings, RecordingSpeaker]] = []

    def speaker(settings: Settings, clock: Clock) -> Speaker:
        made.append((settings, RecordingSpeaker()))
        return made[-1][1]

    saved = Settings(voice_rate=165)
    dialog = dialog_for(qtbot, data_dir, saved, speaker=speaker)
    dialog.rate.setValue(200)
    dialog.volume.setValue(40)
    dialog.voice.setCurrentIndex(dialog.voice.findData("gmw/en-gb-x-rp"))
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    [(chosen, sample)] = made
    assert (chosen.voice_rate, chosen.voice_volume, chosen.voice_id) == (200, 0.4, "gmw/en-gb-x-rp")
    assert sample.texts == [SAMPLE] and sample.closed
    assert saved.voice_rate == 165  # testing is not saving


def test_the_sample_is_spoken_off_the_gui_thread(qtbot: QtBot, data_dir: Path) -> None:
    engine = FakeEngine(FakeClock())
    workers: list[VoiceWorker] = []

    def speaker(settings: Settings, clock: Clock) -> Speaker:
        workers.append(VoiceWorker(clock, lambda: engine, VoiceOptions.from_settings(settings)))
        return workers[-1]

    dialog = dialog_for(qtbot, data_dir, speaker=speaker)
    dialog.rate.setValue(220)
    engine.hold()
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    engine.wait_speaking()  # the click returned while the sample is being said
    assert engine.spoken == [SAMPLE] and engine.properties["rate"] == 220
    engine.release()
    qtbot.waitUntil(lambda: not workers[0].running)


def test_why_speech_cannot_play_is_shown(qtbot: QtBot, data_dir: Path) -> None:
    text = "Voice is off: no sound card was found."
    dialog = dialog_for(qtbot, data_dir, problem=text)
    assert dialog.problem.text() == text and not dialog.problem.isHidden()


def test_testing_without_a_speech_engine_shows_the_problem(qtbot: QtBot, data_dir: Path) -> None:
    text = "Voice is off: the speech engine espeak-ng is not installed."
    dialog = dialog_for(qtbot, data_dir, speaker=lambda s, c: SilentSpeaker("none", text))
    assert dialog.problem.isHidden()
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == text and not dialog.problem.isHidden()
