"""The session service: what both front ends do around a session, on a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcoach.content import load_content
from backcoach.services.root import AppServices, Options
from backcoach.services.sessions import Resume, SessionRequest, SessionService
from backcoach.settings import Settings
from backcoach.storage import HistoryStore
from tests.helpers.app import recording
from tests.helpers.clock import FakeClock
from tests.storage.seed import T0, a_set, listed

CONTENT = load_content()


@pytest.fixture
def services(data_dir: Path) -> AppServices:
    return AppServices(
        CONTENT,
        Options(data_dir),
        clock=FakeClock(),
        speaker_factory=recording,
        settings=Settings(),
    )


def crashed(folder: Path, *sessions: tuple[str, int]) -> list[str]:
    """Sessions of (routine, sets done) that never finished, oldest first."""
    ids = []
    with HistoryStore(folder) as store:
        for i, (routine, sets) in enumerate(sessions):
            start = T0 + 3600 * i
            ids.append(store.start_session(routine, routine, start))
            for n in range(1, sets + 1):
                store.record_set(a_set(n, start, exercise="low-lunge"))
    return ids


def run_to_the_end(
    service: SessionService, clock: FakeClock, resume: Resume | None = None
) -> tuple[str, int]:
    """Run the after-run routine (the rest of ``resume``) to the end: (session id, sets)."""
    active = service.begin(SessionRequest("after-run", "after-run", resume=resume))
    runner = active.runner
    runner.start()
    while not runner.session.finished:
        clock.advance(runner.seconds_until_wakeup() or 0.0)
        runner.pump()
    assert active.history_id is not None and runner.session.summary is not None
    return active.history_id, runner.session.summary.sets_done


def test_the_newest_unfinished_session_is_offered_and_counted(
    services: AppServices, data_dir: Path
) -> None:
    crashed(data_dir, ("before-run", 1), ("after-run", 2))
    unfinished = services.sessions.unfinished()
    assert unfinished is not None and unfinished.count == 2
    assert (unfinished.routine, unfinished.context) == ("after-run", "after-run")
    assert unfinished.done == {("low-lunge", "left", 1), ("low-lunge", "left", 2)}
    text = unfinished.describe(CONTENT)
    assert "“After a run”" in text and "stopped after 2 sets" in text
    assert "1 older unfinished sessions are kept as partial" in text


def test_keeping_as_partial_closes_every_unfinished_session(
    services: AppServices, data_dir: Path
) -> None:
    crashed(data_dir, ("before-run", 1), ("after-run", 2))
    services.sessions.keep_partial()
    assert services.sessions.unfinished() is None
    with HistoryStore(data_dir) as store:
        assert [s.status for s in listed(store)] == ["partial", "partial"]


def test_a_resumed_session_goes_on_in_its_stored_session_with_its_rating(
    services: AppServices, data_dir: Path
) -> None:
    [sid] = crashed(data_dir, ("after-run", 0))
    with HistoryStore(data_dir) as store:
        store.record_pain("before", 3, "", sid)
    clock = services.clock
    assert isinstance(clock, FakeClock)
    done = frozenset({("low-lunge", "left", 1)})
    active = services.sessions.begin(
        SessionRequest("after-run", "after-run", resume=Resume(sid, done))
    )
    assert ("low-lunge", "left", 1) not in {p.key for p in active.plan.work_phases}
    assert active.resumed and active.history_id == sid and active.rated_before == 3
    advice = services.sessions.after(active, (6, "sore"))
    assert advice is not None and advice.ease_off


def test_a_session_deleted_before_it_resumes_is_saved_as_a_new_one(
    services: AppServices, data_dir: Path
) -> None:
    [sid] = crashed(data_dir, ("after-run", 1))
    with HistoryStore(data_dir) as store:
        store.delete_session(sid)
    clock = services.clock
    assert isinstance(clock, FakeClock)
    done = frozenset({("low-lunge", "left", 1)})
    new, sets = run_to_the_end(services.sessions, clock, Resume(sid, done))
    assert new != sid and sets == 5  # the whole routine, not what was left of the old one
    with HistoryStore(data_dir) as store:
        [only] = listed(store)
    assert only.id == new and only.status == "completed"


def test_the_check_in_before_is_stored_with_the_session_it_begins(
    services: AppServices, data_dir: Path
) -> None:
    active = services.sessions.begin(
        SessionRequest("before-run", "before-run"), before=(4, "stiff")
    )
    assert active.rated_before == 4
    assert services.sessions.after(active, (4, "")) is not None
    with HistoryStore(data_dir) as store:
        detail = store.session_detail(str(active.history_id))
    assert detail is not None
    assert [(p.moment, p.rating, p.note) for p in detail.pain] == [
        ("before", 4, "stiff"),
        ("after", 4, ""),
    ]


def test_unsaved_sets_are_kept_retried_and_saved_to_a_file_on_the_way_out(
    services: AppServices, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("a file where the folder should be", encoding="utf-8")
    clock = services.clock
    assert isinstance(clock, FakeClock)
    run_to_the_end(services.sessions, clock)
    sessions = services.sessions
    assert sessions.unsaved_sets == 7 and sessions.has_unsaved
    assert not sessions.retry_unsaved()
    assert sessions.export_unsaved(tmp_path / "now.json") == 7
    where = sessions.save_unsaved()
    assert (
        where is not None
        and "backcoach --data-dir" in where
        and " import " in where
        and "7 sets" in where
    )


def test_nothing_unsaved_means_nothing_to_say(services: AppServices) -> None:
    clock = services.clock
    assert isinstance(clock, FakeClock)
    run_to_the_end(services.sessions, clock)
    assert services.sessions.retry_unsaved() and services.sessions.save_unsaved() is None


def test_a_history_too_new_to_open_leaves_the_session_running_unsaved(
    services: AppServices, data_dir: Path
) -> None:
    import sqlite3

    from backcoach.storage import db

    HistoryStore(data_dir).close()
    conn = sqlite3.connect(data_dir / db.FILE_NAME)
    conn.execute(f"PRAGMA user_version = {db.LATEST_VERSION + 1}")
    conn.close()
    clock = services.clock
    assert isinstance(clock, FakeClock)
    assert services.sessions.unfinished() is None
    active = services.sessions.begin(SessionRequest("before-run", "before-run"), before=(2, ""))
    assert active.history_id is None and active.rated_before == 2
    problem = services.storage_problem()
    assert problem is not None and "not saved in history" in problem


def test_a_request_that_cannot_be_planned_stores_nothing(
    services: AppServices, data_dir: Path
) -> None:
    with pytest.raises(ValueError, match="routine"):
        services.sessions.begin(SessionRequest("no-such-routine", "after-run"))
    with HistoryStore(data_dir) as store:
        assert listed(store) == []
