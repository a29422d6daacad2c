"""The session pages' glue: pages built on first use, sessions begun through the services."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from backcoach.content import load_content
from backcoach.services.root import AppServices, Options
from backcoach.settings import Settings
from backcoach.ui.session_flow import SessionFlow
from tests.helpers.app import recording
from tests.helpers.clock import FakeClock

pytestmark = pytest.mark.usefixtures("qapp")


def test_a_flow_built_without_pages_shows_each_when_first_needed(
    qtbot: QtBot, data_dir: Path
) -> None:
    shown: list[QWidget | None] = []
    services = AppServices(
        load_content(),
        Options(data_dir),
        clock=FakeClock(),
        speaker_factory=recording,
        settings=Settings(),
    )
    flow = SessionFlow(services, shown.append, lambda title, text: None)
    flow.open_setup("before-run", "before-run")
    qtbot.addWidget(flow.setup)
    assert shown == [flow.setup]
    flow.setup.confirm()
    checkin = flow.checkin
    assert checkin is not None and checkin.moment == "before"
    qtbot.keyClick(checkin, Qt.Key.Key_Escape)
    qtbot.addWidget(flow.view)
    assert shown[-1] is flow.view and flow.controller is not None
    assert flow.view.exercise_label.text() == "Low lunge"
    assert flow.controller.runner.history_id is not None
    services.close()


SESSION_MODULES = (
    "backcoach.core.session",
    "backcoach.services.runner",
    "backcoach.services.sessions",
    "backcoach.storage",
    "backcoach.ui.session_setup",
    "backcoach.ui.session_view",
    "backcoach.voice",
)
FLOW_ALONE = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from backcoach.content import load_content
from backcoach.services.root import AppServices, Options
from backcoach.ui.session_flow import SessionFlow
services = AppServices(load_content(), Options(Path(sys.argv[1])))
flow = SessionFlow(services, lambda page: None, lambda title, text: None)
print(" ".join(sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[2:])))))
"""


def test_the_flow_loads_the_session_modules_and_builds_its_pages_only_when_needed(
    data_dir: Path,
) -> None:
    """The pages' classes live in these modules: none loaded means no page built."""
    done = subprocess.run(
        [sys.executable, "-c", FLOW_ALONE, str(data_dir), *SESSION_MODULES],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == []
