"""SQLite history: the file and its migrations (db), the store and its queries
(history), and the export/import formats (export). No Qt here."""

from backcoach.storage.db import (
    FILE_NAME,
    DatabaseTooNew,
    InstanceLock,
    StorageError,
    acquire_instance_lock,
    already_running_message,
    lock_holder,
)
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
