"""What plain ``backcoach`` loads before its window's first paint (see bench/startup.py).

The start-up goal leaves no room for work the first frame does not need, so this
guards the path: no PySide ``Qt`` namespace (see :mod:`backcoach.ui.props`), no
TOML parser once the content cache is written, no SQLite, no voice, no XML parser,
no other pages, no command modules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

NOT_BEFORE_FIRST_PAINT = (
    "tomllib",
    "sqlite3",
    "xml.etree.ElementTree",
    "PySide6.QtNetwork",
    "backcoach.storage.db",
    "backcoach.storage.store",
    "backcoach.voice",
    "backcoach.services.runner",
    "backcoach.commands",
    "backcoach.services.protocol",
    "backcoach.services.bus",
    "backcoach.services.mpris",
    "jeepney",
    "backcoach.services.sessions",
    "backcoach.ui.control_socket",
    "backcoach.logs",
    "backcoach.ui.session_view",
    "backcoach.ui.session_setup",
    "backcoach.ui.history_view",
)

REPORT_AT_FIRST_PAINT = """
import json, sys
from PySide6 import QtCore
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])
from backcoach.ui import main_window

paint = main_window.MainWindow.paintEvent
painted = []


def report():
    print(json.dumps({"qt": "Qt" in vars(QtCore), "modules": sorted(sys.modules)}), flush=True)
    app.quit()


def first_paint(self, event):
    if not painted:
        painted.append(True)
        QtCore.QTimer.singleShot(0, report)  # queued first: runs before first_painted's work
    paint(self, event)


main_window.MainWindow.paintEvent = first_paint
from backcoach.cli import main

sys.exit(main([]))
"""


@pytest.fixture(scope="module")
def at_first_paint(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What the second start (the content cache written by the first) had loaded."""
    env = {
        **os.environ,
        "BACKCOACH_DATA_DIR": str(tmp_path_factory.mktemp("data")),
        "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache")),
    }
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", REPORT_AT_FIRST_PAINT],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    report: dict[str, object] = json.loads(done.stdout.splitlines()[0])
    return report


def test_the_first_paint_does_without_pysides_qt_namespace(
    at_first_paint: dict[str, object],
) -> None:
    assert at_first_paint["qt"] is False


def test_the_first_paint_loads_nothing_it_does_not_show(at_first_paint: dict[str, object]) -> None:
    modules = at_first_paint["modules"]
    assert isinstance(modules, list)
    assert "backcoach.ui.main_window" in modules
    early = [m for m in modules if m.startswith(NOT_BEFORE_FIRST_PAINT)]
    assert early == []
