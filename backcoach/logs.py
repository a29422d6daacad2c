"""The log file, and hooks so that no unexpected error goes unseen.

While :func:`watching_errors` is active, log records go to a rotating file
(``backcoach.log`` in the log folder, see :func:`backcoach.paths.log_dir`), and
an exception that nothing caught, on the main thread, in a Qt slot (PySide
hands those to :data:`sys.excepthook`) or in any other thread, is written to
the log with its traceback and shown to the user once: each distinct error
(type and place) is shown the first time only, with where the log is.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from backcoach.paths import make_data_folder

LOG_NAME = "backcoach.log"
MAX_BYTES = 512 * 1024
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"

log = logging.getLogger("backcoach")


def _open_log(folder: Path) -> logging.Handler | None:
    """A rotating file handler in ``folder`` (user-only), or None when it cannot be written."""
    try:
        make_data_folder(folder.parent)  # a data folder the log is the first to need: 0700
        folder.mkdir(exist_ok=True, mode=0o700)
        path = folder / LOG_NAME
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        path.chmod(0o600)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    return handler


class ErrorReporter:
    """Logs an unexpected error and shows each distinct one once through ``show(text)``.

    ``log_path`` is the log file (None: it could not be opened); ``show`` may be
    called from any thread.
    """

    def __init__(self, log_path: Path | None, show: Callable[[str], None]) -> None:
        self.log_path = log_path
        self._show = show
        self._seen: set[tuple[str, str, int]] = set()
        self._lock = threading.Lock()

    def report(
        self,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
        where: str = "",
    ) -> None:
        """Log ``error`` with its traceback; show it if it is the first of its kind and place."""
        log.error("Unexpected error%s", f" in {where}" if where else "", exc_info=(kind, error, tb))
        frames = traceback.extract_tb(tb)
        place = (frames[-1].filename, frames[-1].lineno or 0) if frames else ("", 0)
        key = (kind.__name__, *place)
        with self._lock:
            if key in self._seen:
                return
            self._seen.add(key)
        self._show(self.message(error))

    def message(self, error: BaseException) -> str:
        """What the user sees: the error in a line, that backcoach goes on, where the log is."""
        said = str(error).strip().rstrip(".")
        what = f"{type(error).__name__}: {said}" if said else type(error).__name__
        where = (
            f"the details are in {self.log_path}."
            if self.log_path is not None
            else "no log file could be written."
        )
        return f"An unexpected error ({what}). backcoach carries on; {where}"

    def _excepthook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        self.report(kind, error, tb)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "a thread"
        self.report(args.exc_type, args.exc_value, args.exc_traceback, where=name)


@contextmanager
def watching_errors(folder: Path, show: Callable[[str], None]) -> Iterator[ErrorReporter]:
    """Log to ``folder`` and report unexpected errors through ``show`` while inside.

    The previous hooks and handlers come back on leaving, so this nests and can run
    in a process (such as a test run) that has hooks of its own.
    """
    handler = _open_log(folder)
    reporter = ErrorReporter(folder / LOG_NAME if handler is not None else None, show)
    root = logging.getLogger()
    level = root.level
    if handler is not None:
        root.addHandler(handler)
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)
    hooks = (sys.excepthook, threading.excepthook)
    sys.excepthook = reporter._excepthook
    threading.excepthook = reporter._thread_hook
    try:
        yield reporter
    finally:
        sys.excepthook, threading.excepthook = hooks
        if handler is not None:
            root.removeHandler(handler)
            root.setLevel(level)
            handler.close()
