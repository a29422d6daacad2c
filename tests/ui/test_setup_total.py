"""The set-up page's total: the length known at once, then the measured one from a background
thread, reaching the GUI thread by a queued signal; never one for doses no longer shown."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backcoach.content import load_content
from backcoach.core.plan import DoseChoice, build_plan
from backcoach.services.root import AppServices, Options
from backcoach.settings import Settings
from backcoach.ui.session_setup import SessionSetup, SetupChoice, planned_total
from backcoach.voice.options import VoiceOptions
from tests.helpers.app import recording
from tests.helpers.clock import FakeClock
from tests.helpers.lengths import fixture_synth
from tests.helpers.speaker import FakeSynth

pytestmark = pytest.mark.usefixtures("qapp")

CONTENT = load_content()
WAIT_MS = 5000


class HeldTotal:
    """A total for the page: the hold seconds at once; measured (hold seconds × 10) only when
    the test lets a measurement through, noting the thread it ran on."""

    def __init__(self) -> None:
        self.gate = threading.Semaphore(0)
        self.threads: list[threading.Thread] = []
        self.asked: list[int] = []

    def __call__(self, choice: SetupChoice, measure: bool) -> float:
        hold = choice.choices["low-lunge"].hold_seconds or 0
        if not measure:
            return float(hold)
        self.asked.append(hold)
        self.threads.append(threading.current_thread())
        assert self.gate.acquire(timeout=WAIT_MS / 1000), "the test never let it through"
        return hold * 10.0


def page(qtbot: QtBot, total: Callable[[SetupChoice, bool], float] | None) -> SessionSetup:
    setup = SessionSetup(CONTENT, Settings(), total=total)
    qtbot.addWidget(setup)
    setup.ask("before-run", "before-run")
    return setup


def test_the_total_shows_at_once_then_measured_from_another_thread(qtbot: QtBot) -> None:
    total = HeldTotal()
    setup = page(qtbot, total)
    assert (setup.total_seconds, setup.measured) == (30.0, False)
    assert setup.total_label.text() == "About 0:30 in all"
    with qtbot.waitSignal(setup.total_measured, timeout=WAIT_MS) as arrived:
        total.gate.release()
    assert arrived.args == [300.0]
    assert (setup.total_seconds, setup.measured) == (300.0, True)
    assert setup.total_label.text() == "About 5:00 in all"
    assert total.threads[0] is not threading.main_thread()


def test_a_measured_total_for_doses_changed_meanwhile_is_not_shown(qtbot: QtBot) -> None:
    total = HeldTotal()
    setup = page(qtbot, total)
    hold = setup.cards["low-lunge"].hold
    assert hold is not None
    hold.setValue(20)  # while the first measurement (30 s) waits
    assert (setup.total_seconds, setup.measured) == (20.0, False)
    with qtbot.waitSignal(setup.total_measured, timeout=WAIT_MS) as arrived:
        total.gate.release()
        total.gate.release()
    assert arrived.args == [200.0]
    assert total.asked == [30, 20]
    assert (setup.total_seconds, setup.measured) == (200.0, True)


def test_without_a_total_the_page_shows_the_estimated_plan(qtbot: QtBot) -> None:
    settings = Settings(voice_rate=130, voice_verbosity="full")
    setup = SessionSetup(CONTENT, settings)
    qtbot.addWidget(setup)
    setup.ask("strength-day", "day-off")
    reps = setup.cards["dead-bug"].reps
    assert reps is not None
    reps.setValue(6)
    choices = {ex: card.choice() for ex, card in setup.cards.items()}
    expected = build_plan(
        CONTENT, "strength-day", "day-off", choices, rate_wpm=130, verbosity="full"
    ).total_seconds
    assert (setup.total_seconds, setup.measured) == (expected, False)
    assert choices["dead-bug"] == DoseChoice(sets=3, reps=6, rep_mode="tempo")


class ThreadNoting(FakeSynth):
    """Notes the thread of each batch it measures."""

    def __init__(self, seconds: dict[str, float]) -> None:
        super().__init__(seconds)
        self.threads: list[threading.Thread] = []

    def measure(self, texts: Sequence[str], voice: VoiceOptions) -> list[float]:
        self.threads.append(threading.current_thread())
        return super().measure(texts, voice)


def test_the_services_total_is_the_plan_with_measured_lines(qtbot: QtBot, data_dir: Path) -> None:
    synth = ThreadNoting(fixture_synth(165).seconds)
    services = AppServices(
        CONTENT,
        Options(data_dir),
        clock=FakeClock(),
        speaker_factory=recording,
        settings=Settings(voice_rate=165),
        line_synth=lambda: synth,
    )
    setup = page(qtbot, planned_total(services))
    estimated = build_plan(CONTENT, "before-run", "before-run", rate_wpm=165).total_seconds
    assert (setup.total_seconds, setup.measured) == (estimated, False)
    with qtbot.waitSignal(setup.total_measured, timeout=WAIT_MS) as arrived:
        pass
    assert synth.threads and threading.main_thread() not in synth.threads
    voice = VoiceOptions(rate=165)
    measured = build_plan(
        CONTENT, "before-run", "before-run", seconds_of=lambda t: synth.measure([t], voice)[0]
    ).total_seconds
    assert measured != estimated
    assert arrived.args == [measured] and setup.measured
    services.close()
