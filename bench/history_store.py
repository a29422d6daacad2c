"""History store figures on ten years of daily sessions.

Prints: the time to commit one set on a big file (median and 95th percentile,
with synchronous=FULL as shipped and NORMAL for comparison), opening the file,
the reads the History page makes on opening (together and one by one), and a full
CSV export.

``generate_history`` is reused by the history view's benchmark.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from backcoach.core.records import SetRecord
from backcoach.storage import db, queries
from backcoach.storage.export import write_csv
from backcoach.storage.importer import import_records
from backcoach.storage.records import PainCheckIn, SessionRecord, SessionSummary, StoredSet
from backcoach.storage.store import HistoryStore
from backcoach.ui.history_view import PAGE, progress_measures

ROUTINES = ("after-run", "before-run", "strength-day")


def _session(day: date, rng: random.Random, week: int, morning: bool = False) -> SessionRecord:
    """A morning session: lunge holds, dead-bug reps and deadlifts that get heavier;
    ``morning``: with the next morning's rating."""
    start = datetime(day.year, day.month, day.day, 7, rng.randrange(60)).timestamp()
    plan: list[tuple[str, str, int, int | None, float, float | None]] = []
    for n in (1, 2, 3):
        for side in ("left", "right"):
            plan.append(("low-lunge", side, n, None, float(60 + rng.randrange(61)), None))
    for n in (1, 2, 3):
        for side in ("left", "right"):
            plan.append(("dead-bug", side, n, 8 + rng.randrange(8), 40.0, None))
    for n in (1, 2, 3):
        plan.append(("dumbbell-deadlift", "both", n, 10 + rng.randrange(6), 60.0, 8.0 + week // 26))
    sets = []
    t = start
    for exercise, side, n, reps, seconds, weight in plan:
        unit = "kg" if weight is not None else None
        sets.append(
            StoredSet(
                str(uuid.uuid4()),
                exercise,
                side,
                n,
                reps,
                seconds,
                weight,
                unit,
                t,
                t + seconds,
                day,
            )
        )
        t += seconds + 20
    before = rng.randrange(0, 7)
    pain: tuple[PainCheckIn, ...] = (
        PainCheckIn("before", before, "", start - 5),
        PainCheckIn("after", max(0, before - rng.randrange(3)), "", t),
    )
    if morning:
        pain += (PainCheckIn("morning", max(0, before - rng.randrange(3)), "", start + 86000),)
    routine = ROUTINES[day.toordinal() % 3]
    return SessionRecord(
        str(uuid.uuid4()),
        routine,
        "after-run",
        "",
        "",
        start,
        t,
        "completed",
        day,
        tuple(sets),
        pain,
    )


def generate_history(
    store: HistoryStore, years: int = 10, seed: int = 7, *, morning: bool = False
) -> int:
    """Fill ``store`` with one session a day for ``years`` years up to yesterday.

    Every session has 15 sets (holds, reps, and weighted reps) and both pain
    ratings (``morning``: and the next morning's). Returns the number of sessions added.
    """
    rng = random.Random(seed)
    first = date.today() - timedelta(days=365 * years)
    records = [
        _session(first + timedelta(days=i), rng, i // 7, morning) for i in range(365 * years)
    ]
    return import_records(store, records).sessions_added


def _timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Best wall time of ``fn`` in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def _coached_since(listed: list[SessionSummary], today: date) -> date:
    """The first day of the sessions whose lights the History page reads (as it does)."""
    week = today - timedelta(days=today.weekday())
    oldest = min((s.day for s in listed), default=today)
    return min(oldest, week - timedelta(weeks=1)) - timedelta(weeks=2)


def _history_page(store: HistoryStore) -> None:
    """What the History page reads on opening (``HistoryView.refresh``), in one snapshot."""
    today = date.today()
    with store.reading() as conn:
        listed = queries.sessions(conn, limit=PAGE)
        queries.day_totals(conn)
        queries.streaks(conn, today)
        queries.pain_series(conn)
        exercises = queries.exercises(conn)
        queries.coach_history(conn, _coached_since(listed, today))
        queries.progress_lines(conn, exercises[0], progress_measures(exercises[0]))


def _read(store: HistoryStore, query: Callable[[sqlite3.Connection], object]) -> object:
    with store.reading() as conn:
        return query(conn)


def _commit_times(folder: Path, synchronous: str, count: int = 300) -> list[float]:
    def opener(path: Path) -> db.Opened:
        opened = db.open_database(path)
        opened.conn.execute(f"PRAGMA synchronous = {synchronous}")
        return opened

    store = HistoryStore(folder, opener=opener)
    store.start_session("after-run", "after-run", time.time())
    times = []
    for n in range(count):
        now = time.time()
        record = SetRecord("dead-bug", "left", n + 1, 10, 40.0, None, None, now - 40, now)
        t0 = time.perf_counter()
        store.record_set(record)
        times.append((time.perf_counter() - t0) * 1000)
    assert store.problem is None
    store.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = HistoryStore(folder)
        t0 = time.perf_counter()
        sessions = generate_history(store)
        generated = time.perf_counter() - t0
        conn = sqlite3.connect(folder / db.FILE_NAME)
        sets = conn.execute("SELECT count(*) FROM sets").fetchone()[0]
        conn.close()
        print(f"generated {sessions} sessions, {sets} sets in {generated:.1f} s")
        size = (folder / db.FILE_NAME).stat().st_size / 1e6
        print(f"file size: {size:.1f} MB")

        open_ms = _timed(lambda: HistoryStore(folder).close())
        print(f"open (quick_check + migrations check): {open_ms:.1f} ms")

        today = date.today()
        with store.reading() as conn:
            since = _coached_since(queries.sessions(conn, limit=PAGE), today)
        timed: dict[str, Callable[[], object]] = {
            "History page (its reads)": lambda: _history_page(store),
            "sessions()": lambda: _read(store, queries.sessions),
            "day_totals()": lambda: _read(store, queries.day_totals),
            "weekly_totals()": lambda: _read(store, queries.weekly_totals),
            "streaks()": lambda: _read(store, lambda conn: queries.streaks(conn, today)),
            "pain_series()": lambda: _read(store, queries.pain_series),
            "exercise_progress(deadlift)": lambda: _read(
                store, lambda conn: queries.exercise_progress(conn, "dumbbell-deadlift")
            ),
            "progress_lines(deadlift, chart)": lambda: _read(
                store,
                lambda conn: queries.progress_lines(
                    conn, "dumbbell-deadlift", progress_measures("dumbbell-deadlift")
                ),
            ),
            "coach_history(the page's)": lambda: _read(
                store, lambda conn: queries.coach_history(conn, since)
            ),
            "interrupted_sessions()": store.interrupted_sessions,
        }
        for name, fn in timed.items():
            print(f"{name:<32} {_timed(fn):7.1f} ms")

        out = folder / "export.csv"
        csv_ms = _timed(lambda: write_csv(store, out), repeat=3)
        print(f"{'export everything to CSV':<32} {csv_ms:7.1f} ms")
        store.close()

        for mode in ("FULL", "NORMAL"):
            times = _commit_times(folder, mode)
            median = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1]
            print(
                f"commit one set, synchronous={mode:<6}  median {median:.2f} ms, p95 {p95:.2f} ms"
            )


if __name__ == "__main__":
    main()
