"""One harness for window tests: the real composition root on a fake clock and speaker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from backcoach.app import WindowApp, build_main_window
from backcoach.content import Content
from backcoach.core.clock import Clock
from backcoach.services.root import AppServices, Options, SpeakerFactory
from backcoach.settings import Settings
from backcoach.ui.checkin import PainCheckIn
from backcoach.voice import Speaker
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import RecordingSpeaker


def recording(_settings: Settings, _clock: Clock) -> Speaker:
    """A speaker factory for tests: records what it is asked to say."""
    return RecordingSpeaker()


class App:
    """The window as ``backcoach`` builds it, shown at 1366×768, with its wired parts.

    ``clock`` drives the sessions; ``speaker_factory`` stands in for the voice.
    """

    def __init__(
        self,
        qtbot: QtBot,
        content: Content,
        folder: Path,
        *,
        settings: Settings | None = None,
        speaker_factory: SpeakerFactory = recording,
        cue_log: Path | None = None,
        options: Options | None = None,
    ) -> None:
        self.qtbot = qtbot
        self.clock = FakeClock()
        self.folder = folder
        self.settings = settings if settings is not None else Settings(safety_note_seen=True)
        self.services = AppServices(
            content,
            options or Options(folder, cue_log=cue_log, window=True),
            clock=self.clock,
            speaker_factory=speaker_factory,
            settings=self.settings,
        )
        self.wired: WindowApp = build_main_window(self.services, interval_ms=0)
        self.window = self.wired.window
        self.flow = self.wired.flow
        self.history = self.wired.history
        qtbot.addWidget(self.window)
        self.window.resize(1366, 768)
        self.window.show()
        qtbot.waitExposed(self.window)

    def current(self) -> object:
        return self.window.screens.currentWidget()

    def checkin(self) -> PainCheckIn:
        checkin = self.flow.checkin
        assert checkin is not None and checkin.isVisible()
        return checkin

    def confirm_setup(self, routine: str = "before-run") -> None:
        """Start → set-up → Start: the check-in before the session shows next."""
        self.window.select_routine(routine)
        self.qtbot.mouseClick(self.window.start_button, Qt.MouseButton.LeftButton)
        self.qtbot.mouseClick(self.flow.setup.start_button, Qt.MouseButton.LeftButton)

    def end_session(self) -> None:
        assert self.flow.controller is not None
        self.flow.controller.end()
