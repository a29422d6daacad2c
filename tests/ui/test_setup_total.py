"""The set-up page's total and guided rep lengths: those known at once, then the measured ones
from a background thread, reaching the GUI thread by a queued signal; never ones for doses no
longer shown."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backcoach.content import load_content
from backcoach.core.plan import DoseChoice, Plan, build_plan
from backcoach.core.script import estimate_seconds
from backcoach.core.timefmt import clock_text
from backcoach.services.root import AppServices, Options
from backcoach.settings import Settings
from backcoach.ui.session_setup import (
    SessionSetup,
    SetupChoice,
    planned_total,
    rep_lengths,
    seconds_text,
)
from backcoach.voice.options import VoiceOptions
from tests.helpers.app import recording
from tests.helpers.clock import FakeClock
from tests.helpers.lengths import fixture_synth
from tests.helpers.speaker import FakeSynth

pytestmark = pytest.mark.usefixtures("qapp")

CONTENT = load_content()
WAIT_MS = 5000


def slow(text: str) -> float:
    """Measured lengths for these tests: every line takes twice its estimate."""
    return 2 * estimate_seconds(text)


def plan_of(choice: SetupChoice, seconds_of: Callable[[str], float] | None = None) -> Plan:
    return build_plan(
        CONTENT, choice.routine, choice.context, choice.choices, seconds_of=seconds_of
    )


class HeldTotal:
    """Plans for the page: estimated at once; measured (:func:`slow`) only when the test lets
    a measurement through, noting the thread it ran on and the lunge hold it was for."""

    def __init__(self) -> None:
        self.gate = threading.Semaphore(0)
        self.threads: list[threading.Thread] = []
        self.asked: list[int | None] = []

    def __call__(self, choice: SetupChoice, measure: bool) -> Plan:
        if not measure:
            return plan_of(choice)
        self.asked.append(choice.choices["low-lunge"].hold_seconds)
        self.threads.append(threading.current_thread())
        assert self.gate.acquire(timeout=WAIT_MS / 1000), "the test never let it through"
        return plan_of(choice, slow)


def page(
    qtbot: QtBot,
    total: Callable[[SetupChoice, bool], Plan] | None,
    routine: str = "before-run",
) -> SessionSetup:
    setup = SessionSetup(CONTENT, Settings(), total=total)
    qtbot.addWidget(setup)
    setup.ask(routine, routine if routine != "strength-day" else "day-off")
    return setup


def test_the_total_shows_at_once_then_measured_from_another_thread(qtbot: QtBot) -> None:
    total = HeldTotal()
    setup = page(qtbot, total)
    estimated, measured = plan_of(setup.choice()), plan_of(setup.choice(), slow)
    assert (setup.total_seconds, setup.measured) == (estimated.total_seconds, False)
    assert (
        setup.total_label.text()
        == f"About {clock_text(estimated.total_seconds, rounding='up')} in all"
    )
    with qtbot.waitSignal(setup.total_measured, timeout=WAIT_MS) as arrived:
        total.gate.release()
    assert arrived.args == [measured.total_seconds]
    assert (setup.total_seconds, setup.measured) == (measured.total_seconds, True)
    assert (
        setup.total_label.text()
        == f"About {clock_text(measured.total_seconds, rounding='up')} in all"
    )
    assert total.threads[0] is not threading.main_thread()


def test_a_measured_total_for_doses_changed_meanwhile_is_not_shown(qtbot: QtBot) -> None:
    total = HeldTotal()
    setup = page(qtbot, total)
    hold = setup.cards["low-lunge"].hold
    assert hold is not None
    hold.setValue(20)  # while the first measurement (30 s) waits
    assert (setup.total_seconds, setup.measured) == (plan_of(setup.choice()).total_seconds, False)
    with qtbot.waitSignal(setup.total_measured, timeout=WAIT_MS) as arrived:
        total.gate.release()
        total.gate.release()
    measured = plan_of(setup.choice(), slow).total_seconds
    assert arrived.args == [measured]
    assert total.asked == [30, 20]
    assert (setup.total_seconds, setup.measured) == (measured, True)


def guided_text(setup: SessionSetup, exercise: str) -> str:
    guided = setup.cards[exercise].guided
    assert guided is not None
    return guided.text()


def test_guided_reps_show_their_planned_length_and_then_the_measured_one(qtbot: QtBot) -> None:
    total = HeldTotal()
    setup = page(qtbot, total, "strength-day")
    choice = setup.choice()
    tempo = {
        ex: CONTENT.exercises[ex].dose.tempo_seconds for ex in ("dead-bug", "dumbbell-deadlift")
    }
    estimated = rep_lengths(plan_of(choice))
    measured = rep_lengths(plan_of(choice, slow))
    assert set(estimated) == set(tempo)
    for exercise, seconds in tempo.items():  # words that outlast the tempo stretch the rep
        assert seconds is not None and estimated[exercise] >= seconds
        assert measured[exercise] > estimated[exercise]
    assert setup.rep_seconds == estimated
    assert guided_text(setup, "dead-bug").endswith(f"({seconds_text(estimated['dead-bug'])})")
    with qtbot.waitSignal(setup.total_measured, timeout=WAIT_MS):
        total.gate.release()
    assert setup.rep_seconds == measured
    for exercise, seconds in measured.items():
        assert guided_text(setup, exercise).endswith(f"({seconds_text(seconds)})")


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
