"""The coach in the services: doses from the coach, overrides, reasons said, the morning."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

from backcoach.content import load_content
from backcoach.core.coach import Advice, GivenDose, Level
from backcoach.core.plan import DoseChoice
from backcoach.services.root import AppServices, Options
from backcoach.services.sessions import ActiveSession, SessionRequest
from backcoach.settings import Settings
from backcoach.storage import HistoryStore, queries
from tests.helpers.app import recording
from tests.helpers.clock import FakeClock
from tests.helpers.coach import reds_at_the_minimum
from tests.helpers.speaker import RecordingSpeaker
from tests.storage.seed import a_set, everything

CONTENT = load_content()


def make(folder: Path, settings: Settings | None = None) -> AppServices:
    return AppServices(
        CONTENT,
        Options(folder),
        clock=FakeClock(),
        speaker_factory=recording,
        settings=settings or Settings(),
    )


def run_through(services: AppServices, request: SessionRequest) -> str:
    return run_active(services, services.sessions.begin(request))


def run_active(services: AppServices, active: ActiveSession) -> str:
    """Run ``active`` to its end on the fake clock; its id in history."""
    runner = active.runner
    clock = services.clock
    assert isinstance(clock, FakeClock)
    runner.start()
    while not runner.session.finished:
        clock.advance(runner.seconds_until_wakeup() or 0.0)
        runner.pump()
    assert active.history_id is not None
    return active.history_id


def test_the_reason_is_said_as_each_exercise_begins_and_the_doses_are_stored(
    data_dir: Path,
) -> None:
    services = make(data_dir)
    advice = services.sessions.advise("after-run", "after-run")
    run_through(services, SessionRequest("after-run", "after-run"))
    speaker = services.speaker()
    assert isinstance(speaker, RecordingSpeaker)
    for a in advice:
        assert a.reason.startswith("A first session of this one, so today:")
        assert speaker.calls.count(a.reason) == 1
        intro = CONTENT.exercises[a.exercise].intro
        assert speaker.calls.index(a.reason) == speaker.calls.index(intro) + 1
    services.close()
    with HistoryStore(data_dir) as store, store.reading() as conn:
        (past,) = queries.coach_history(conn)
    assert {g.exercise: g.level for g in past.given} == {a.exercise: a.level for a in advice}


def test_an_override_on_the_set_up_page_is_kept_as_the_new_starting_point(
    data_dir: Path,
) -> None:
    services = make(data_dir)
    coach = {a.exercise: a for a in services.sessions.advise("after-run", "after-run")}
    assert coach["dead-bug"].level.reps == 8
    mine = {"dead-bug": DoseChoice(reps=6), "low-lunge": coach["low-lunge"].choice()}
    advice = {a.exercise: a for a in services.sessions.advise("after-run", "after-run", mine)}
    assert advice["dead-bug"].change == "chosen"
    assert advice["dead-bug"].level.reps == 6
    assert advice["low-lunge"].change == "start"  # the coach's own dose is not an override
    run_through(services, SessionRequest("after-run", "after-run", mine))
    services.close()
    again = make(data_dir)
    after = {a.exercise: a for a in again.sessions.advise("after-run", "after-run")}
    assert after["dead-bug"].level.reps == 6
    assert after["dead-bug"].change == "same"
    again.close()


def _session_ended_yesterday(folder: Path) -> str:
    """A session started 3 hours before today's midnight, with its ratings."""
    start = datetime.combine(date.today(), datetime.min.time()).timestamp() - 3 * 3600
    with HistoryStore(folder) as store:
        sid = store.start_session("after-run", "after-run", start)
        store.record_pain("before", 2, "", sid, start)
        store.record_pain("after", 1, "", sid, start + 600)
        store.finish_session(sid, start + 600, completed=True)
    return sid


def test_the_morning_question_is_due_once_after_a_session_and_not_asked_twice(
    data_dir: Path,
) -> None:
    sid = _session_ended_yesterday(data_dir)
    services = make(data_dir)
    assert services.morning_due()
    assert services.sessions.morning_before() is None
    assert services.sessions.record_morning(4, "stiff")
    assert not services.morning_due()  # answered
    assert services.sessions.morning_before() == 4
    active = services.sessions.begin(
        SessionRequest("after-run", "after-run"), before=(services.sessions.morning_before(), "")
    )
    assert active.rated_before == 4
    services.close()
    with HistoryStore(data_dir) as store:
        record = store.session_detail(sid)
        assert record is not None and record.rating("morning") == 4


def test_the_morning_question_is_asked_once_a_day_even_when_skipped(data_dir: Path) -> None:
    _session_ended_yesterday(data_dir)
    settings = Settings()
    services = make(data_dir, settings)
    assert services.morning_due()
    assert services.morning_asked() is None
    assert settings.morning_asked == date.today().isoformat()
    assert not services.morning_due()
    services.close()


def test_no_morning_question_without_a_session_in_the_last_36_hours(data_dir: Path) -> None:
    with HistoryStore(data_dir) as store:
        old = time.time() - 40 * 3600
        sid = store.start_session("after-run", "after-run", old)
        store.finish_session(sid, old + 600, completed=True)
    services = make(data_dir)
    assert not services.morning_due()
    assert not services.sessions.record_morning(3)
    services.close()


def test_the_morning_question_names_the_session_its_answer_goes_to(data_dir: Path) -> None:
    evening = datetime.combine(date.today(), datetime.min.time()).timestamp() - 5 * 3600
    with HistoryStore(data_dir) as store:
        early = store.start_session("strength-day", "day-off", evening - 3 * 3600)
        store.finish_session(early, evening - 2 * 3600, completed=True)
        sid = store.start_session("after-run", "after-run", evening)
        for n in (1, 2, 3):
            store.record_set(a_set(n, evening))
        store.finish_session(sid, evening + 600, completed=True)
    services = make(data_dir)
    assert services.sessions.morning_about() == (
        "About your “After a run” session yesterday evening (3 sets)."
    )
    assert services.sessions.record_morning(2)
    services.close()
    with HistoryStore(data_dir) as store:
        assert [r.id for r in everything(store) if r.rating("morning") == 2] == [sid]


def test_no_session_to_name_without_one_in_the_last_36_hours(data_dir: Path) -> None:
    services = make(data_dir)
    assert services.sessions.morning_about() is None
    services.close()


def _bug(services: AppServices) -> Advice:
    return next(
        a for a in services.sessions.advise("after-run", "after-run") if a.exercise == "dead-bug"
    )


def test_a_red_at_the_minimum_runs_the_easier_variant_until_two_greens_bring_it_back(
    data_dir: Path,
) -> None:
    reds_at_the_minimum(data_dir)
    services = make(data_dir)
    easier = _bug(services)
    assert (easier.change, easier.level) == ("easier", Level(sets=1, reps=5, variant="heel-taps"))
    heel_taps = CONTENT.exercises["heel-taps"]
    ids = []
    for _ in range(2):
        active = services.sessions.begin(SessionRequest("after-run", "after-run"), before=(1, ""))
        assert set(active.plan.exercises) == {"low-lunge", "heel-taps"}
        assert [(d.sets, d.reps) for d in active.plan.doses if d.exercise == "heel-taps"] == [
            (1, 5)
        ]
        ids.append(run_active(services, active))
        services.sessions.after(active, (1, ""))
    speaker = services.speaker()
    assert isinstance(speaker, RecordingSpeaker)
    assert CONTENT.exercises["dead-bug"].intro not in speaker.calls
    first = speaker.calls.index(heel_taps.intro)
    assert speaker.calls[first + 1] == easier.reason
    assert "so today: heel taps instead, 1 set of 5 reps per side." in easier.reason
    again = _bug(services)
    assert (again.change, again.level.variant) == ("back", None)
    assert again.level == Level(sets=2, reps=5)
    back = services.sessions.begin(SessionRequest("after-run", "after-run"))
    assert set(back.plan.exercises) == {"low-lunge", "dead-bug"}
    services.close()
    with HistoryStore(data_dir) as store:
        for sid in ids:
            record = store.session_detail(sid)
            assert record is not None
            assert {s.exercise for s in record.sets} == {"low-lunge", "heel-taps"}
            given = {d.exercise: d.level.variant for d in record.doses}
            assert given == {"low-lunge": None, "dead-bug": "heel-taps"}


def test_a_resumed_session_runs_the_variant_it_was_given(data_dir: Path) -> None:
    with HistoryStore(data_dir) as store:
        start = time.time() - 600
        sid = store.start_session("after-run", "after-run", start)
        store.record_doses([GivenDose("dead-bug", Level(1, 5, variant="heel-taps"))], sid)
        store.record_set(a_set(1, start, exercise="heel-taps", side="both", reps=5))
    services = make(data_dir)
    left = services.sessions.unfinished()
    assert left is not None
    active = services.sessions.begin(SessionRequest("after-run", "after-run", resume=left.resume))
    assert active.resumed
    assert "heel-taps" in active.plan.exercises and "dead-bug" not in active.plan.exercises
    assert ("heel-taps", "both", 1) not in {p.key for p in active.plan.work_phases}
    services.close()


def test_a_resumed_session_runs_the_doses_it_began_with(data_dir: Path) -> None:
    given = (
        GivenDose("low-lunge", Level(1, hold_s=75), reason="Two pain-free sessions in a row."),
        GivenDose("dead-bug", Level(3, 8, variant="heel-taps"), chosen=True, reason="Mine."),
    )
    with HistoryStore(data_dir) as store:
        start = time.time() - 600
        sid = store.start_session("after-run", "after-run", start)
        store.record_doses(list(given), sid)
        store.record_set(a_set(1, start, exercise="heel-taps", side="both", reps=8))
    services = make(data_dir)
    assert services.sessions.given_doses(sid) == given
    left = services.sessions.unfinished()
    assert left is not None
    active = services.sessions.begin(SessionRequest("after-run", "after-run", resume=left.resume))
    assert active.resumed
    doses = {d.exercise: (d.sets, d.reps, d.hold_seconds) for d in active.plan.doses}
    assert doses == {"low-lunge": (1, None, 75), "heel-taps": (3, 8, None)}
    assert services.sessions.given_doses("no-such-session") == ()
    services.close()
