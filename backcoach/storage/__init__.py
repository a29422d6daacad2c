"""SQLite history, no Qt: the file and its migrations (db), the recorder (store), what
it holds (records), the views' questions (queries), merging sessions in (importer),
and the export/import file formats (export).

The file, the store and its records load on first use (module ``__getattr__``),
so the instance lock (:mod:`backcoach.storage.lock`) loads no SQLite.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from backcoach.storage.lock import (
    InstanceLock,
    acquire_instance_lock,
    already_running_message,
    lock_holder,
)

if TYPE_CHECKING:
    from backcoach.storage.db import FILE_NAME, DatabaseTooNew, StorageError
    from backcoach.storage.records import (
        ImportCounts,
        InterruptedSession,
        PainCheckIn,
        PainPoint,
        ProgressPoint,
        SessionRecord,
        SessionSummary,
        StoredSet,
    )
    from backcoach.storage.store import HistoryStore

__all__ = [
    "FILE_NAME",
    "DatabaseTooNew",
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
    "acquire_instance_lock",
    "already_running_message",
    "lock_holder",
]

_LAZY = {
    "FILE_NAME": "db",
    "DatabaseTooNew": "db",
    "StorageError": "db",
    "HistoryStore": "store",
    "ImportCounts": "records",
    "InterruptedSession": "records",
    "PainCheckIn": "records",
    "PainPoint": "records",
    "ProgressPoint": "records",
    "SessionRecord": "records",
    "SessionSummary": "records",
    "StoredSet": "records",
}
"""Each public name not loaded yet, and the module of this package it comes from."""


def __getattr__(name: str) -> Any:
    """A public name not loaded yet comes from its module (see :data:`_LAZY`)."""
    if name in _LAZY:
        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
