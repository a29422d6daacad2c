"""SQLite history: the file and its migrations (db), the store and its queries
(history), and the export/import formats (export). No Qt here.

The file, the store and its records load on first use (module ``__getattr__``),
so the instance lock (:mod:`backcoach.storage.lock`) loads no SQLite.
"""

from typing import TYPE_CHECKING, Any

from backcoach.storage.lock import (
    InstanceLock,
    acquire_instance_lock,
    already_running_message,
    lock_holder,
)

if TYPE_CHECKING:
    from backcoach.storage.db import FILE_NAME, DatabaseTooNew, StorageError
    from backcoach.storage.history import (
        DayTotal,
        HistoryOverview,
        HistoryStore,
        ImportCounts,
        InterruptedSession,
        PainCheckIn,
        PainPoint,
        ProgressPoint,
        SessionRecord,
        SessionSummary,
        StoredSet,
        Streaks,
        WeekTotal,
    )

__all__ = [
    "FILE_NAME",
    "DatabaseTooNew",
    "DayTotal",
    "HistoryOverview",
    "HistoryStore",
    "ImportCounts",
    "InstanceLock",
    "InterruptedSession",
    "PainCheckIn",
    "PainPoint",
    "ProgressPoint",
    "SessionRecord",
    "SessionSummary",
    "StorageError",
    "StoredSet",
    "Streaks",
    "WeekTotal",
    "acquire_instance_lock",
    "already_running_message",
    "lock_holder",
]


_FROM_DB = frozenset({"FILE_NAME", "DatabaseTooNew", "StorageError"})


def __getattr__(name: str) -> Any:
    """A public name not loaded yet comes from :mod:`backcoach.storage.db` or
    :mod:`backcoach.storage.history`."""
    if name in _FROM_DB:
        from backcoach.storage import db

        return getattr(db, name)
    if name in __all__:
        from backcoach.storage import history

        return getattr(history, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
