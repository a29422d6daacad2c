"""Write fixture databases as each earlier schema version left them on disk.

Run once per new schema version (``python -m tests.storage.make_fixtures N`` writes
version N's) and commit the files: a fixture stays frozen even if the ladder's code changes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from backcoach.storage import db

FIXTURES = Path(__file__).parent / "fixtures"

# Version 1: no units (kilograms), a completed flag, no pain check-ins.
# 1714546800 is 2024-05-01 07:00 UTC.
V1_SESSIONS = [
    (
        1,
        "8f1d2c3e-0000-4000-8000-000000000001",
        "after-run",
        "after-run",
        1714546800.0,
        1714547700.0,
        1,
    ),
    (
        2,
        "8f1d2c3e-0000-4000-8000-000000000002",
        "strength-day",
        "day-off",
        1714633200.0,
        1714633800.0,
        0,
    ),
    (3, "8f1d2c3e-0000-4000-8000-000000000003", "before-run", "before-run", 1714719600.0, None, 0),
]
V1_SETS = [
    (
        1,
        "9a000000-0000-4000-8000-000000000001",
        1,
        "low-lunge",
        "left",
        1,
        None,
        90.0,
        None,
        1714546810.0,
        1714546900.0,
    ),
    (
        2,
        "9a000000-0000-4000-8000-000000000002",
        1,
        "low-lunge",
        "right",
        1,
        None,
        95.5,
        None,
        1714546920.0,
        1714547015.5,
    ),
    (
        3,
        "9a000000-0000-4000-8000-000000000003",
        1,
        "dead-bug",
        "left",
        1,
        10,
        40.0,
        None,
        1714547100.0,
        1714547140.0,
    ),
    (
        4,
        "9a000000-0000-4000-8000-000000000004",
        2,
        "dumbbell-deadlift",
        "both",
        1,
        12,
        60.0,
        8.0,
        1714633210.0,
        1714633270.0,
    ),
    (
        5,
        "9a000000-0000-4000-8000-000000000005",
        2,
        "dumbbell-deadlift",
        "both",
        2,
        11,
        58.0,
        9.5,
        1714633300.0,
        1714633358.0,
    ),
    (
        6,
        "9a000000-0000-4000-8000-000000000006",
        3,
        "low-lunge",
        "left",
        1,
        None,
        20.0,
        None,
        1714719610.0,
        1714719630.0,
    ),
]


def make_v1(path: Path) -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    db.migrate(conn, target=1)
    with db.transaction(conn):
        conn.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)", V1_SESSIONS)
        conn.executemany("INSERT INTO sets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", V1_SETS)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


# Version 2: statuses, local days, units and pain check-ins; a lunge set has two sides.
V2_SESSIONS = [
    (
        1,
        "8f1d2c3e-0000-4000-8000-000000000011",
        "after-run",
        "after-run",
        "",
        "",
        1714546800.0,
        1714547700.0,
        "completed",
        "2024-05-01",
    ),
    (
        2,
        "8f1d2c3e-0000-4000-8000-000000000012",
        "before-run",
        "before-run",
        "",
        "",
        1714633200.0,
        None,
        "open",
        "2024-05-02",
    ),
]
V2_SETS = [
    (
        n,
        f"8f1d2c3e-0000-4000-8000-0000000001{n:02d}",
        session,
        exercise,
        side,
        number,
        reps,
        seconds,
        None,
        1714546800.0 + 100 * n,
        1714546860.0 + 100 * n,
        None,
        day,
    )
    for n, (session, exercise, side, number, reps, seconds, day) in enumerate(
        [
            (1, "low-lunge", "left", 1, None, 60.0, "2024-05-01"),
            (1, "low-lunge", "right", 1, None, 60.0, "2024-05-01"),
            (1, "dead-bug", "both", 1, 8, 40.0, "2024-05-01"),
            (2, "low-lunge", "left", 1, None, 45.0, "2024-05-02"),
        ],
        start=1,
    )
]
V2_PAIN = [(1, "before", 5, "stiff", 1714546800.0), (1, "after", 3, "", 1714547700.0)]


def make_v2(path: Path) -> None:
    path.unlink(missing_ok=True)
    conn = db.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    db.migrate(conn, target=2)
    with db.transaction(conn):
        conn.executemany(f"INSERT INTO sessions VALUES ({', '.join('?' * 10)})", V2_SESSIONS)
        conn.executemany(
            "INSERT INTO sets (id, uuid, session_id, exercise, side, set_number, reps, seconds,"
            f" weight, started_at, ended_at, weight_unit, day) VALUES ({', '.join('?' * 13)})",
            V2_SETS,
        )
        conn.executemany("INSERT INTO pain_checkins VALUES (?, ?, ?, ?, ?)", V2_PAIN)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


# Version 3: as version 2, with sets indexed by session, exercise and set number; no record
# of deleted sessions yet.
V3_SESSIONS = [
    (
        n,
        f"8f1d2c3e-0000-4000-8000-0000000000{20 + n}",
        "after-run",
        "after-run",
        "",
        "",
        1714546800.0 + 86400 * n,
        1714547700.0 + 86400 * n,
        "completed",
        f"2024-05-{1 + n:02d}",
    )
    for n in (1, 2, 3)
]
V3_SETS = [
    (
        n,
        f"8f1d2c3e-0000-4000-8000-0000000003{n:02d}",
        session,
        "dead-bug",
        "both",
        1,
        10,
        40.0,
        None,
        1714546900.0 + 86400 * session,
        1714546940.0 + 86400 * session,
        None,
        f"2024-05-{1 + session:02d}",
    )
    for n, session in enumerate((1, 2, 3), start=1)
]


def make_v3(path: Path) -> None:
    path.unlink(missing_ok=True)
    conn = db.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    db.migrate(conn, target=3)
    with db.transaction(conn):
        conn.executemany(f"INSERT INTO sessions VALUES ({', '.join('?' * 10)})", V3_SESSIONS)
        conn.executemany(
            "INSERT INTO sets (id, uuid, session_id, exercise, side, set_number, reps, seconds,"
            f" weight, started_at, ended_at, weight_unit, day) VALUES ({', '.join('?' * 13)})",
            V3_SETS,
        )
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


# Version 4: as version 3, with a record of deleted sessions; every status, both sides of a
# lunge set, weights in kilograms and pounds, check-ins with notes; no skipped sets yet.
V4_SESSIONS = [
    (
        n,
        f"8f1d2c3e-0000-4000-8000-0000000004{n:02d}",
        routine,
        context,
        plan,
        notes,
        1714546800.0 + 86400 * n,
        None if status == "open" else 1714547700.0 + 86400 * n,
        status,
        f"2024-05-{1 + n:02d}",
    )
    for n, (routine, context, plan, notes, status) in enumerate(
        [
            ("after-run", "after-run", "5 sets, 11 minutes planned", "", "completed"),
            (
                "strength-day",
                "day-off",
                "8 sets, 16 minutes planned",
                "légèrement raide",
                "ended-early",
            ),
            ("before-run", "before-run", "3 sets, 5 minutes planned", "", "partial"),
            ("after-run", "after-run", "5 sets, 11 minutes planned", "", "open"),
        ],
        start=1,
    )
]
V4_SETS = [
    (
        n,
        f"8f1d2c3e-0000-4000-8000-0000000005{n:02d}",
        session,
        exercise,
        side,
        number,
        reps,
        seconds,
        weight,
        1714546800.0 + 86400 * session + 100 * n,
        1714546800.0 + 86400 * session + 100 * n + (seconds or 0),
        unit,
        f"2024-05-{1 + session:02d}",
    )
    for n, (session, exercise, side, number, reps, seconds, weight, unit) in enumerate(
        [
            (1, "low-lunge", "left", 1, None, 60.0, None, None),
            (1, "low-lunge", "right", 1, None, 61.5, None, None),
            (1, "dead-bug", "both", 1, 8, 40.0, None, None),
            (2, "dead-bug", "both", 1, 10, 45.0, None, None),
            (2, "dumbbell-deadlift", "both", 1, 12, 60.0, 8.0, "kg"),
            (2, "dumbbell-deadlift", "both", 2, 9, 50.0, 17.5, "lb"),
            (3, "low-lunge", "left", 1, None, 22.0, None, None),
            (4, "low-lunge", "left", 1, None, 60.0, None, None),
        ],
        start=1,
    )
]
V4_PAIN = [
    (1, "before", 5, "stiff", 1714633200.0),
    (1, "after", 3, "", 1714634100.0),
    (2, "before", None, "only a note", 1714719600.0),
]
V4_DELETED = [("8f1d2c3e-0000-4000-8000-000000000499", 1714900000.0)]


def make_v4(path: Path) -> None:
    path.unlink(missing_ok=True)
    conn = db.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    db.migrate(conn, target=4)
    with db.transaction(conn):
        conn.executemany(f"INSERT INTO sessions VALUES ({', '.join('?' * 10)})", V4_SESSIONS)
        conn.executemany(
            "INSERT INTO sets (id, uuid, session_id, exercise, side, set_number, reps, seconds,"
            f" weight, started_at, ended_at, weight_unit, day) VALUES ({', '.join('?' * 13)})",
            V4_SETS,
        )
        conn.executemany("INSERT INTO pain_checkins VALUES (?, ?, ?, ?, ?)", V4_PAIN)
        conn.executemany("INSERT INTO deleted_sessions VALUES (?, ?)", V4_DELETED)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


# Version 5: as version 4, with skipped sets (0 done) and the reps or seconds planned per set,
# a set cut short; pain only before and after (no morning yet), no doses.
V5_SESSIONS = [
    (
        n,
        f"8f1d2c3e-0000-4000-8000-0000000006{n:02d}",
        routine,
        context,
        "",
        "",
        1714546800.0 + 86400 * n,
        None if status == "open" else 1714547700.0 + 86400 * n,
        status,
        f"2024-05-{1 + n:02d}",
    )
    for n, (routine, context, status) in enumerate(
        [
            ("after-run", "after-run", "completed"),
            ("strength-day", "day-off", "ended-early"),
            ("before-run", "before-run", "open"),
        ],
        start=1,
    )
]
V5_SETS = [
    (
        n,
        f"8f1d2c3e-0000-4000-8000-0000000007{n:02d}",
        session,
        exercise,
        side,
        number,
        reps,
        seconds,
        weight,
        1714546800.0 + 86400 * session + 100 * n,
        1714546800.0 + 86400 * session + 100 * n + (seconds or 0),
        unit,
        f"2024-05-{1 + session:02d}",
        skipped,
        planned_reps,
        planned_seconds,
    )
    for n, (
        session,
        exercise,
        side,
        number,
        reps,
        seconds,
        weight,
        unit,
        skipped,
        planned_reps,
        planned_seconds,
    ) in enumerate(
        [
            (1, "low-lunge", "left", 1, None, 60.0, None, None, 0, None, 60.0),
            (1, "low-lunge", "right", 1, None, 20.0, None, None, 0, None, 60.0),
            (1, "dead-bug", "both", 1, 8, 68.0, None, None, 0, 8, None),
            (1, "dead-bug", "both", 2, 0, 0.0, None, None, 1, 8, None),
            (2, "dumbbell-deadlift", "both", 1, 12, 60.0, 8.0, "kg", 0, 12, None),
            (2, "dumbbell-deadlift", "both", 2, 9, 50.0, 17.5, "lb", 0, 12, None),
            (3, "low-lunge", "left", 1, None, 30.0, None, None, 0, None, 30.0),
        ],
        start=1,
    )
]
V5_PAIN = [
    (1, "before", 4, "stiff", 1714633200.0),
    (1, "after", 2, "", 1714634100.0),
    (2, "after", 6, "sore", 1714720500.0),
]
V5_DELETED = [("8f1d2c3e-0000-4000-8000-000000000699", 1714900000.0)]


def make_v5(path: Path) -> None:
    path.unlink(missing_ok=True)
    conn = db.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    db.migrate(conn, target=5)
    with db.transaction(conn):
        conn.executemany(f"INSERT INTO sessions VALUES ({', '.join('?' * 10)})", V5_SESSIONS)
        conn.executemany(
            "INSERT INTO sets (id, uuid, session_id, exercise, side, set_number, reps, seconds,"
            " weight, started_at, ended_at, weight_unit, day, skipped, planned_reps,"
            f" planned_seconds) VALUES ({', '.join('?' * 16)})",
            V5_SETS,
        )
        conn.executemany("INSERT INTO pain_checkins VALUES (?, ?, ?, ?, ?)", V5_PAIN)
        conn.executemany("INSERT INTO deleted_sessions VALUES (?, ?)", V5_DELETED)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


MAKERS = {1: make_v1, 2: make_v2, 3: make_v3, 4: make_v4, 5: make_v5}


if __name__ == "__main__":
    import sys

    FIXTURES.mkdir(exist_ok=True)
    # Only the versions named (python -m tests.storage.make_fixtures 4): the others stay frozen.
    for version in [int(v) for v in sys.argv[1:]] or list(MAKERS):
        MAKERS[version](FIXTURES / f"v{version}.sqlite3")
        print(f"wrote {FIXTURES / f'v{version}.sqlite3'}")
