"""``backcoach doctor``: the data folder, the content, the history file, the voice and Qt.

Nothing is changed: the history file is opened read-only, the speech engine
and Qt start in child processes (a Qt that cannot start aborts its process).
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
from backcoach.paths import ENV_VAR, data_dir, user_content_dir

if TYPE_CHECKING:
    from backcoach.voice import EngineProbe

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
    report = diagnose(data_dir(args.data_dir), content)
    for title, lines in report.sections:
        print(title)
        for line in lines:
            print(f"  {line}")
    print()
    if not report.problems:
        print("All is well.")
        return 0
    noun = "problem" if len(report.problems) == 1 else "problems"
    print(f"{len(report.problems)} {noun}:")
    for problem in report.problems:
        print(f"  - {problem}")
    return 1


def diagnose(
    folder: Path,
    content: Content,
    probe: Callable[[], EngineProbe] | None = None,
    qt_platform: Callable[[], tuple[str | None, str]] | None = None,
) -> Report:
    """Check everything; ``probe`` and ``qt_platform`` replace the child-process checks.
    ``content`` is what loaded (its origins and problems are reported)."""
    report = Report()
    _check_folder(folder, report)
    _check_content(content, user_content_dir(folder), report)
    _check_history(folder, report)
    _check_speech(probe, report)
    _check_qt(qt_platform or start_qt, report)
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
    lines.append(f"Loaded: {len(content.exercises)} exercises, {len(content.routines)} routines")
    report.problems.extend(f"content: {problem}" for problem in content.problems)


def _check_history(folder: Path, report: Report) -> None:
    import sqlite3

    from backcoach.storage import db

    lines = report.section("History file")
    path = folder / db.FILE_NAME
    lines.append(f"Path: {path}")
    if not path.exists():
        lines.append("Exists: no (no session recorded yet)")
        return
    size = path.stat().st_size
    wal = path.with_name(path.name + "-wal")
    size += wal.stat().st_size if wal.exists() else 0
    lines.append(f"Size: {_size(size)}")
    try:
        conn = db.connect_readonly(path)
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
        health = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        if health != ["ok"]:
            lines.append(f"Health: damaged ({health[0]})")
            report.problems.append(_damaged(path, health[0]))
            return
        lines.append("Health: ok (quick check passed)")
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
            lines.append(f"Contents: {_count(counts[0], 'session')}, {_count(counts[1], 'set')}")
    except sqlite3.DatabaseError as exc:
        lines.append(f"Health: damaged ({exc})")
        report.problems.append(_damaged(path, str(exc)))
        return
    finally:
        conn.close()
    lines.append(f"In use: {_lock_text(folder)}")


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


def _check_speech(probe: Callable[[], EngineProbe] | None, report: Report) -> None:
    from backcoach.voice import probe_engine, speech_engine_problem

    lines = report.section("Speech")
    found = (probe or probe_engine)()
    lines.append(f"Engine: pyttsx3, driver {found.driver}")
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
    player = speech_engine_problem()  # what plays the speech: aplay and a sound card
    if player is not None and player.problem != found.problem:
        lines.append(f"Can be heard: no ({player.why})")
        report.problems.append(player.problem)


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
    lines = report.section("Qt")
    chosen = os.environ.get("QT_QPA_PLATFORM")
    lines.append(f"QT_QPA_PLATFORM: {chosen or 'not set (Qt picks the platform)'}")
    name, why = qt_platform()
    if name:
        lines.append(f"Platform in use: {name}")
    else:
        lines.append("Platform in use: none, Qt did not start")
        if _no_display(chosen):
            why = "no display to open a window on (DISPLAY/WAYLAND_DISPLAY not set)"
        report.problems.append(f"the window cannot open: {why}")


def _no_display(chosen: str | None) -> bool:
    """Whether Qt needs a display (on Linux, by default or for xcb/wayland) and none is set."""
    needs = not chosen or chosen.split(":")[0].startswith(("xcb", "wayland"))
    shown = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    return sys.platform.startswith("linux") and needs and not shown


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n / 1024 / 1024:.1f} MiB"
