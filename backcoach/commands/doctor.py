"""``backcoach doctor``: the data folder, the content, the history file, the voice, Qt and
the session bus.

Nothing is changed: the history file is opened read-only (a journal a crash left
beside it is judged on copies in a temporary folder), the speech engine and Qt
start in child processes (a Qt that cannot start aborts its process).
Exit status 0 when all is well, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backcoach.content import DATA_DIR, Content
from backcoach.core.text import plural
from backcoach.paths import ENV_VAR, data_dir, user_content_dir

if TYPE_CHECKING:
    import sqlite3

    from backcoach.storage import SessionRecord
    from backcoach.voice import EngineProbe, PlayerChoice

QT_TIMEOUT = 20.0
VOICES_LISTED = 5
_QT_CHILD = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "print(app.platformName())\n"
)


@dataclass
class Report:
    """Lines to print, grouped under headings, and the problems found."""

    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def section(self, title: str) -> list[str]:
        lines: list[str] = []
        self.sections.append((title, lines))
        return lines


def register(sub: Any, content: Content) -> None:
    p = sub.add_parser(
        "doctor",
        help="check the data folder, content, history file, voice and Qt platform",
        description="Report where history is kept and whether it is healthy, where the "
        "exercises and routines come from and whether they all load, which speech engine "
        "and voices are available, and which Qt platform the window uses. Exit status 1 "
        "when something is wrong.",
    )
    p.set_defaults(func=lambda args: run(args, content))


def run(args: argparse.Namespace, content: Content) -> int:
    import os

    from backcoach.settings import Settings
    from backcoach.voice import choose_player

    folder = data_dir(args.data_dir)
    player = choose_player(args.player, os.environ, Settings.load(folder).voice_player)
    report = diagnose(folder, content, player=player)
    for title, lines in report.sections:
        print(title)
        for line in lines:
            print(f"  {line}")
    print()
    if not report.problems:
        print("All is well.")
        return 0
    print(f"{plural(len(report.problems), 'problem')}:")
    for problem in report.problems:
        print(f"  - {problem}")
    return 1


def diagnose(
    folder: Path,
    content: Content,
    probe: Callable[[], EngineProbe] | None = None,
    qt_platform: Callable[[], tuple[str | None, str]] | None = None,
    player: PlayerChoice | None = None,
) -> Report:
    """Check everything; ``probe`` and ``qt_platform`` replace the child-process checks.
    ``content`` is what loaded (its origins and problems are reported); ``player`` is the
    sound player chosen (default: $BACKCOACH_PLAYER, else aplay)."""
    report = Report()
    _check_folder(folder, report)
    _check_content(content, user_content_dir(folder), report)
    _check_history(folder, report)
    _check_unsaved(folder, report)
    _check_speech(probe, report, player)
    _check_qt(qt_platform or start_qt, report)
    _check_bus(report)
    return report


def _check_folder(folder: Path, report: Report) -> None:
    lines = report.section("Data folder")
    source = f" (from ${ENV_VAR})" if os.environ.get(ENV_VAR) == str(folder) else ""
    lines.append(f"Path: {folder}{source}")
    if not folder.exists():
        parent = next((p for p in folder.parents if p.exists()), None)
        lines.append("Exists: no (it is made when history or settings are first saved)")
        if parent is None or not os.access(parent, os.W_OK | os.X_OK):
            report.problems.append(
                f"the data folder {folder} cannot be created: {parent} is read-only"
            )
        return
    if not folder.is_dir():
        lines.append("Exists: yes, but it is a file")
        report.problems.append(f"the data folder {folder} is a file, not a folder")
        return
    writable = os.access(folder, os.W_OK | os.X_OK)
    lines.append("Exists: yes")
    lines.append(f"Writable: {'yes' if writable else 'no'}")
    if not writable:
        report.problems.append(f"the data folder {folder} is read-only, so nothing can be saved")


def _check_content(content: Content, yours: Path, report: Report) -> None:
    lines = report.section("Exercises and routines")
    lines.append(f"Bundled: {DATA_DIR}")
    own = sorted(
        f"{kind} {item.id}"
        for kind, items in (("exercise", content.exercises), ("routine", content.routines))
        for item in items.values()
        if Path(item.source).is_relative_to(yours)
    )
    if own:
        lines.append(f"Yours: {yours} ({', '.join(own)})")
    else:
        lines.append(
            f"Yours: {yours} (none; copy a bundled file into its exercises or routines "
            "folder and edit it: the same id replaces the bundled one, a new id adds one)"
        )
    exercises, routines = len(content.exercises), len(content.routines)
    lines.append(f"Loaded: {plural(exercises, 'exercise')}, {plural(routines, 'routine')}")
    report.problems.extend(f"content: {problem}" for problem in content.problems)


def _check_history(folder: Path, report: Report) -> None:
    import sqlite3

    from backcoach.storage import db

    lines = report.section("History file")
    path = folder / db.FILE_NAME
    lines.append(f"Path: {path}")
    _list_set_aside(path, lines)
    if not path.exists():
        lines.append("Exists: no (no session recorded yet)")
        return
    size = path.stat().st_size
    wal = path.with_name(path.name + "-wal")
    size += wal.stat().st_size if wal.exists() else 0
    lines.append(f"Size: {_size(size)}")
    foreign = _check_journal(path, lines, report)
    try:
        conn = db.connect(path, immutable=True) if foreign else db.connect_readonly(path)
    except sqlite3.Error as exc:
        lines.append(f"Cannot be opened: {exc}")
        report.problems.append(f"the history file {path} cannot be opened: {exc}")
        return
    try:
        version = db.schema_version(conn)
        lines.append(f"Format: version {version} (this backcoach reads up to {db.LATEST_VERSION})")
        if version > db.LATEST_VERSION:
            report.problems.append(str(db.DatabaseTooNew(path, version)))
            return
        health = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        indexes = [line for line in health if " index " in line]
        damaged = [line for line in db.damage(health) if line not in indexes]
        if damaged:
            lines.append(f"Health: damaged ({damaged[0]})")
            report.problems.append(_damaged(path, damaged[0]))
            return
        if indexes:
            lines.append(f"Health: its indexes do not match its records ({indexes[0]})")
            report.problems.append(_index_problem(path, indexes))
        else:
            lines.append("Health: ok (integrity check passed)")
        if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK | os.X_OK):
            lines.append("Writable: no (read-only: it can be shown and exported, not added to)")
            if os.access(folder, os.W_OK | os.X_OK):
                report.problems.append(
                    f"the history file {path} is read-only, so new sessions cannot be saved"
                )
        if version < db.LATEST_VERSION:
            lines.append("It is upgraded to the current format the next time backcoach opens it.")
        if version:
            counts = [
                conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("sessions", "sets")
            ]
            lines.append(f"Contents: {plural(counts[0], 'session')}, {plural(counts[1], 'set')}")
        if version == db.LATEST_VERSION:
            _check_records(conn, path, lines, report)
    except sqlite3.DatabaseError as exc:
        lines.append(f"Health: damaged ({exc})")
        report.problems.append(_damaged(path, str(exc)))
        return
    finally:
        conn.close()
    lines.append(f"In use: {_lock_text(folder)}")


def _list_set_aside(path: Path, lines: list[str]) -> None:
    """The copies backcoach set aside beside the history file ``path``, saying why."""
    for copy in sorted(path.parent.glob(f"{path.stem}.mispaired-*{path.suffix}")):
        lines.append(
            f"Set aside: {copy} and {copy.name}-wal (the history file as it was, and a "
            "journal file beside it that did not belong to it and was left out)"
        )
    for copy in sorted(path.parent.glob(f"{path.stem}.damaged-*{path.suffix}")):
        lines.append(
            f"Set aside: {copy} (a damaged history file; what could be read from it was "
            "recovered into history)"
        )


def _check_journal(path: Path, lines: list[str], report: Report) -> bool:
    """Judge the journal (WAL) a crash left beside the history file ``path``, on copies of
    both; True when it does not belong to the file (applying it would remove sessions)."""
    from backcoach.storage import db, lock

    wal = db.wal_path(path)
    if not db.has_frames(wal):
        return False
    try:
        use = lock.HistoryUse(path.parent)
        try:
            with lock.history_alone(path.parent, use) as alone:
                verdict = db.judge_wal_copies(path) if alone else None
        finally:
            use.release()
    except OSError as exc:
        lines.append(f"Journal: {wal} cannot be checked ({exc.strerror or exc})")
        return False
    if verdict is None:
        lines.append(f"Journal: {wal}, in use by a running backcoach")
        return False
    if not verdict.lost:
        lines.append(
            f"Journal: {wal}, left by a backcoach that stopped suddenly; what it holds is "
            "added the next time history opens"
        )
        return False
    lines.append(f"Journal: {wal} does not belong to the history file (it is not read here)")
    report.problems.append(
        f"the journal file {wal} does not belong to the history file beside it: applying it "
        f"would remove {verdict.lost} of the {plural(verdict.held, 'session')} in history. "
        "The next time backcoach opens history, it leaves the journal out and keeps a copy "
        "of both files, so nothing is lost"
    )
    return True


def _check_records(conn: sqlite3.Connection, path: Path, lines: list[str], report: Report) -> None:
    """Name every record with a value that cannot be read (history leaves them out)."""
    from backcoach.storage import db

    unreadable = db.screen(conn)
    if not unreadable:
        lines.append("Records: all readable")
        return
    lines.append(
        f"Records: {plural(len(unreadable), 'record')} with values that cannot be read, "
        "left out of what history shows and of JSON exports:"
    )
    lines.extend(f"  {row}" for row in unreadable)
    they, them = ("it is", "it") if len(unreadable) == 1 else ("they are", "them")
    report.problems.append(
        f"the history file {path} holds {plural(len(unreadable), 'record')} with values that "
        f"cannot be read (listed above); {they} left out of what history shows and of JSON "
        f"exports, and a CSV export includes {them} as stored"
    )


def _index_problem(path: Path, indexes: list[str]) -> str:
    more = f", and {len(indexes) - 1} more" if len(indexes) > 1 else ""
    return (
        f"the indexes of the history file {path} do not match its records ({indexes[0]}{more}); "
        "no record is lost, but lists and totals may leave some out. To rebuild the file, "
        "export it (backcoach history --json FILE), move the history file elsewhere, and "
        "import the export (backcoach import FILE)"
    )


def _damaged(path: Path, detail: str) -> str:
    return (
        f"the history file {path} is damaged ({detail}); the next time backcoach opens it, "
        "the file is moved aside (kept) and what can be read is recovered"
    )


def _lock_text(folder: Path) -> str:
    from backcoach.storage import lock as folder_lock

    try:
        lock = folder_lock.acquire_instance_lock(folder)
    except OSError as exc:
        return f"unknown (the lock file cannot be opened: {exc.strerror or exc})"
    if lock is None:
        pid = folder_lock.lock_holder(folder)
        return f"yes, by backcoach process {pid}" if pid else "yes, by another backcoach"
    lock.release()
    return "no"


def _check_unsaved(folder: Path, report: Report) -> None:
    """List the unsaved-set files (written when history could not be saved), each with
    the command that imports it; one still holding anything history lacks is a problem."""
    from backcoach.storage.export import ImportFileError, import_command, read_json, unsaved_files

    lines = report.section("Unsaved sets")
    files = unsaved_files(folder)
    if not files:
        lines.append("None waiting to be imported")
        return
    for path in files:
        command = import_command(folder, path)
        try:
            records = read_json(path)
        except (ImportFileError, OSError) as exc:
            lines.append(f"{path}: cannot be read ({exc})")
            report.problems.append(f"the unsaved-set file {path} cannot be read: {exc}")
            continue
        sets = sum(len(r.sets) for r in records)
        held = f"{plural(len(records), 'session')}, {plural(sets, 'set')}"
        if _in_history(folder, records):
            lines.append(f"{path} ({held}): already in history, so it can be deleted")
            continue
        lines.append(f"{path} ({held}): waiting; import it with: {command}")
        report.problems.append(f"{path} holds sets not in history yet; import it with: {command}")


def _in_history(folder: Path, records: list[SessionRecord]) -> bool:
    """Whether the history file in ``folder`` already holds everything in ``records``."""
    import sqlite3

    from backcoach.storage import db
    from backcoach.storage.importer import adds_nothing

    path = folder / db.FILE_NAME
    if not path.is_file():
        return not records
    try:
        conn = db.connect_readonly(path)
    except sqlite3.Error:
        return False
    try:
        return adds_nothing(conn, records)
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _check_speech(
    probe: Callable[[], EngineProbe] | None, report: Report, player: PlayerChoice | None
) -> None:
    from backcoach.voice import probe_engine, speech_engine_problem
    from backcoach.voice.espeak import describe_synthesis

    lines = report.section("Speech")
    found = (probe or probe_engine)()
    lines.append(f"Synthesis: {describe_synthesis()}")
    if player is not None:
        lines.append(f"Sound player: {player.describe()}")
    lines.append(f"Voices listed by: pyttsx3, driver {found.driver}")
    lines.append(f"Started: {'yes' if found.started else 'no'}")
    if found.started:
        names = [name for _, name in found.voices[:VOICES_LISTED]]
        more = len(found.voices) - len(names)
        listed = ", ".join(names) + (f" and {more} more" if more > 0 else "")
        lines.append(f"Voices: {len(found.voices)}" + (f" ({listed})" if names else ""))
        lines.append(f"Default voice: {found.current_voice or 'unknown'}")
        if not found.voices:
            report.problems.append("the speech engine has no voices, so cues cannot be spoken")
    if found.problem:
        report.problems.append(found.problem)
    heard = speech_engine_problem(player)  # the player, and a sound card for aplay
    if heard is not None and heard.problem != found.problem:
        lines.append(f"Can be heard: no ({heard.why})")
        report.problems.append(heard.problem)


def start_qt() -> tuple[str | None, str]:
    """Start a QGuiApplication in a child process: (platform name, or None, and why not)."""
    import subprocess

    try:
        done = subprocess.run(
            [sys.executable, "-c", _QT_CHILD],
            capture_output=True,
            text=True,
            timeout=QT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"Qt did not start within {QT_TIMEOUT:.0f} s"
    except OSError as exc:
        return None, f"Qt could not be started: {exc.strerror or exc}"
    name = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode == 0 and name:
        return name, ""
    said = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    why = next((line for line in said if "plugin" in line.lower()), said[0] if said else "")
    why = why.removeprefix("qt.qpa.plugin: ")
    return None, why or f"Qt stopped with status {done.returncode}"


def _check_qt(qt_platform: Callable[[], tuple[str | None, str]], report: Report) -> None:
    from backcoach.app import display_problem

    lines = report.section("Qt")
    chosen = os.environ.get("QT_QPA_PLATFORM")
    lines.append(f"QT_QPA_PLATFORM: {chosen or 'not set (Qt picks the platform)'}")
    unreachable = display_problem()  # Qt would abort, blaming a library
    if unreachable:
        lines.append("Platform in use: none, no display can be reached")
        report.problems.append(f"the window cannot open: {unreachable}")
        return
    name, why = qt_platform()
    if name:
        lines.append(f"Platform in use: {name}")
    else:
        lines.append("Platform in use: none, Qt did not start")
        report.problems.append(f"the window cannot open: {why}")


def _check_bus(report: Report) -> None:
    """One line on the session bus that media keys and remotes reach a session through
    (MPRIS); without one a session runs as usual, so it is not a problem."""
    lines = report.section("Media keys and remotes")
    try:
        from backcoach.services.bus import BusConnection, BusError, NoBus, session_bus_address
    except ImportError as exc:  # jeepney missing from this install
        lines.append(f"Session bus: not used ({exc}); backcoach ctl still works")
        return
    try:
        address = session_bus_address()
        BusConnection.connect(address).close()
    except BusError as exc:
        state = "none" if isinstance(exc, NoBus) else "cannot be used"
        lines.append(
            f"Session bus: {state} ({exc}): media keys, headsets and phone remotes cannot "
            "reach a session; backcoach ctl still works"
        )
        return
    lines.append(f"Session bus: {address} (a running session answers media keys: MPRIS)")


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n / 1024 / 1024:.1f} MiB"
