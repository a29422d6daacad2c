"""SQLite history: the file and its migrations (db), the store and its queries
(history), and the export/import formats (export). No Qt here.

The store and its records load on first use (module ``__getattr__``), so the
instance lock, which needs only :mod:`backcoach.storage.db`, stays cheap.
"""

from typing import TYPE_CHECKING, Any

from backcoach.storage.db import (
    FILE_NAME,
    DatabaseTooNew,
    InstanceLock,
    StorageError,
    acquire_instance_lock,
    already_running_message,
    lock_holder,
)

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    """A public name not loaded yet comes from :mod:`backcoach.storage.history`."""
    if name in __all__:
        from backcoach.storage import history

        return getattr(history, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
