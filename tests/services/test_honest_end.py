"""The end of a session told honestly: sets skipped reach history as skipped, a resumed
session offers them again, and what the voice left out is counted for the session alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach.content import load_content
from backcoach.core.clock import Clock
from backcoach.services.root import AppServices, Options
from backcoach.services.sessions import (
    ActiveSession,
    SessionRequest,
    dropped_text,
    voice_drops,
)
from backcoach.settings import Settings
from backcoach.storage import HistoryStore
from backcoach.voice import Speaker
from tests.helpers.app import recording
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import RecordingSpeaker
from tests.storage.seed import listed

CONTENT = load_content()


class FallingBehind(RecordingSpeaker):
    """A speaker that counts the cues it left out, as the voice worker does."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped: dict[str, int] = {}


@pytest.fixture
def speaker() -> FallingBehind:
    return FallingBehind()


@pytest.fixture
def services(data_dir: Path, speaker: FallingBehind) -> AppServices:
    def factory(_settings: Settings, _clock: Clock) -> Speaker:
        return speaker

    return AppServices(
        CONTENT, Options(data_dir), clock=FakeClock(), speaker_factory=factory, settings=Settings()
    )


def run(services: AppServices, active: ActiveSession, skip: set[tuple[str, str, int]]) -> None:
    """Run ``active`` to its end, skipping each work phase of ``skip`` as it starts."""
    clock = services.clock
    assert isinstance(clock, FakeClock)
    runner = active.runner
    session = runner.session
    if not session.started:
        runner.start()
    while not session.finished:
        phase = session.phase
        if phase.is_work and phase.key in skip and not session.resuming:
            runner.skip()
        clock.advance(runner.seconds_until_wakeup() or 0.0)
        runner.pump()


def test_a_set_skipped_reaches_history_as_skipped(services: AppServices, data_dir: Path) -> None:
    active = services.sessions.begin(SessionRequest("after-run", "after-run"))
    run(services, active, {("low-lunge", "right", 1), ("dead-bug", "both", 2)})
    with HistoryStore(data_dir) as store:
        [listed_one] = listed(store)
        record = store.session_detail(listed_one.id)
    assert record is not None and record.status == "completed"
    skipped = [(s.key, s.reps, s.seconds) for s in record.sets if s.skipped]
    assert skipped == [(("low-lunge", "right", 1), None, 0.0), (("dead-bug", "both", 2), 0, 0.0)]
    assert (listed_one.set_count, record.skipped_count) == (4, 2)
    assert {s.key for s in record.sets} == {p.key for p in active.plan.work_phases}


def test_a_resumed_session_offers_its_skipped_sets_again(
    services: AppServices, data_dir: Path
) -> None:
    active = services.sessions.begin(SessionRequest("after-run", "after-run"))
    runner = active.runner
    runner.start()
    clock = services.clock
    assert isinstance(clock, FakeClock)
    while runner.session.phase.key != ("low-lunge", "left", 2) or not runner.session.phase.is_work:
        if runner.session.phase.key == ("low-lunge", "right", 1) and runner.session.phase.is_work:
            runner.skip()
        clock.advance(runner.seconds_until_wakeup() or 0.0)
        runner.pump()
    # The process dies here: the session is left open, with one side done and one skipped.
    later = AppServices(
        CONTENT, Options(data_dir), clock=clock, speaker_factory=recording, settings=Settings()
    )
    unfinished = later.sessions.unfinished()
    assert unfinished is not None and unfinished.done == {("low-lunge", "left", 1)}
    assert "stopped after 1 set;" in unfinished.describe(CONTENT)
    again = later.sessions.begin(
        SessionRequest(unfinished.routine, unfinished.context, resume=unfinished.resume)
    )
    assert ("low-lunge", "right", 1) in {p.key for p in again.plan.work_phases}
    run(later, again, set())
    later.close()
    with HistoryStore(data_dir) as store:
        [one] = listed(store)
        record = store.session_detail(one.id)
    assert record is not None and not any(s.skipped for s in record.sets)
    keys = [s.key for s in record.sets]
    assert sorted(keys) == sorted({p.key for p in active.plan.work_phases})


def test_only_what_the_voice_left_out_during_the_session_is_told(
    services: AppServices, speaker: FallingBehind
) -> None:
    speaker.dropped = {"essential": 1, "optional": 4}  # before this session began
    active = services.sessions.begin(SessionRequest("before-run", "before-run"))
    assert active.voice_dropped == {} and active.voice_note is None
    speaker.dropped = {"essential": 3, "optional": 5, "technique": 1}
    assert active.voice_dropped == {"essential": 2, "optional": 1, "technique": 1}
    assert active.voice_note == (
        "The voice fell behind and left out 2 countdown numbers, 1 technique cue and 1 reminder."
    )


@pytest.mark.parametrize(
    ("dropped", "said"),
    [
        ({}, None),
        ({"essential": 0}, None),
        ({"essential": 1}, "The voice fell behind and left out 1 countdown number."),
        (
            {"optional": 2, "essential": 2},
            "The voice fell behind and left out 2 countdown numbers and 2 reminders.",
        ),
    ],
)
def test_what_the_voice_left_out_in_words(dropped: dict[str, int], said: str | None) -> None:
    assert dropped_text(dropped) == said


def test_a_speaker_that_counts_nothing_left_out_nothing() -> None:
    assert voice_drops(RecordingSpeaker()) == {}
    assert voice_drops(object()) == {}
