"""The session screen seen from the mat: captions, the rest tint, sizes and a layout that
stays put, in the window on a fake clock at 1366×768 and at 960×540 (a 1920×1080 screen
at 200 %)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt, QThread
from PySide6.QtGui import QColor, QFontInfo
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core.clock import Clock
from backcoach.core.cues import Cue
from backcoach.core.script import estimate_seconds
from backcoach.core.session import CueDue, Event
from backcoach.settings import Settings
from backcoach.ui.caption import CaptionFeed
from backcoach.ui.session_controller import SessionController
from backcoach.ui.session_view import (
    CAPTION_MIN_PX,
    COUNT_MIN_PX,
    FIGURE_FLOOR,
    LABEL_MIN_PX,
    BigReadout,
    SessionView,
)
from backcoach.voice import SilentSpeaker, Speaker, VoiceWorker
from backcoach.voice.worker import DROPS
from tests.helpers import app as harness
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import FakeEngine
from tests.voice.queue_voice import QueueVoice


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


class Floor(harness.App):
    """The window at 1366×768 with ``speaker``; sessions skip the pain check-in."""

    def __init__(
        self, qtbot: QtBot, content: Content, folder: Path, speaker: harness.SpeakerFactory
    ) -> None:
        super().__init__(qtbot, content, folder, speaker_factory=speaker)
        self.window.activateWindow()
        qtbot.waitUntil(self.window.isActiveWindow)  # for the session's keys
        self.view: SessionView = self.flow.view

    @property
    def controller(self) -> SessionController:
        assert self.flow.controller is not None
        return self.flow.controller

    def start(self, routine: str = "before-run") -> None:
        self.confirm_setup(routine)
        self.qtbot.keyClick(self.checkin(), Qt.Key.Key_Escape)
        assert self.current() is self.view

    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.controller.pump()

    def skip_to(self, kind: str, mode: str = "") -> None:
        """Skip to a phase of ``kind`` (and ``mode``) and let the skip's answer end."""
        for _ in range(100):
            if not self.state_is(kind, mode):
                self.controller.skip()
            elif self.controller.state.paused:
                self.wait(self.controller.runner.seconds_until_wakeup() or 0.0)
            else:
                return
        raise AssertionError(f"no {kind} {mode} phase")

    def state_is(self, kind: str, mode: str = "") -> bool:
        phase = self.controller.state.phase
        return phase.kind == kind and (not mode or phase.mode == mode)


def slow_voice(made: list[QueueVoice]) -> harness.SpeakerFactory:
    """A voice that takes 1.6 times the planned length for each line, so that it falls
    behind and drops lines, as a slow voice does."""

    def factory(_settings: Settings, clock: Clock) -> Speaker:
        assert isinstance(clock, FakeClock)
        made.append(QueueVoice(clock, lambda text: 1.6 * estimate_seconds(text)))
        return made[-1]

    return factory


def test_the_caption_shows_each_line_as_the_voice_starts_it_and_each_line_it_drops(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    voices: list[QueueVoice] = []
    floor = Floor(qtbot, content, data_dir, slow_voice(voices))
    floor.start()
    [voice] = voices
    clock = floor.clock
    lines: list[tuple[float, str]] = []  # as the voice starts or drops each line
    voice.add_start_listener(lambda cue: lines.append((clock.now, cue.text)))
    voice.add_listener(
        lambda result: (
            lines.append((clock.now, result.cue.text)) if result.reason in DROPS else None
        )
    )
    voice.run()
    session = floor.controller.runner.session
    paused = False
    while len(voice.said) < 40 or not any(r.reason in DROPS for r in voice.results):
        assert not session.finished
        assert floor.view.caption.text() == (lines[-1][1] if lines else "")
        if len(voice.said) == 20 and not paused:  # the line being said is cut; "Paused." shows
            paused = True
            qtbot.keyClick(floor.view.next_label, Qt.Key.Key_Space)
            voice.run()
            assert floor.view.caption.text() == "Paused." == lines[-1][1]
            qtbot.keyClick(floor.view.next_label, Qt.Key.Key_Space)
        moments = [floor.controller.runner.next_wakeup_real(), voice.next_wakeup()]
        clock.now = max(clock.now, min(t for t in moments if t is not None))
        floor.controller.pump()
        voice.run()
    assert paused


def test_with_the_voice_off_the_caption_shows_each_line_when_it_is_due(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    floor = Floor(qtbot, content, data_dir, lambda _s, _c: SilentSpeaker())
    due: list[str] = []

    def seen(event: Event) -> None:
        if isinstance(event, CueDue):
            due.append(event.cue.text)

    floor.flow.session_started.connect(lambda c: c.event_occurred.connect(seen))
    floor.start()
    assert due and floor.view.caption.text() == due[-1]
    while len(due) < 40:
        before = len(due)
        wakeup = floor.controller.runner.seconds_until_wakeup()
        assert wakeup is not None
        floor.wait(wakeup)
        if len(due) > before:
            assert floor.view.caption.text() == due[-1]


def test_a_line_started_on_the_voice_thread_is_captioned_on_the_gui_thread(
    qtbot: QtBot,
) -> None:
    clock = FakeClock()
    engine = FakeEngine(clock)
    worker = VoiceWorker(clock, lambda: engine)
    feed = CaptionFeed()
    view = SessionView()
    qtbot.addWidget(view)
    threads: list[QThread] = []

    def show(text: str) -> None:
        threads.append(QThread.currentThread())
        view.show_caption(text)

    feed.line.connect(show)
    feed.follow(worker)
    engine.hold()
    worker.say(Cue("Left arm, right leg", "form", 0.0), clock.now)
    engine.wait_speaking()  # the line is playing: its start has been reported
    qtbot.waitUntil(lambda: view.caption.text() == "Left arm, right leg")
    engine.release()
    worker.close()
    assert threads == [QApplication.instance().thread()]  # type: ignore[union-attr]


def corners(widget: QWidget) -> set[str]:
    image = widget.grab().toImage()
    points = [(2, 2), (image.width() - 3, 2), (2, image.height() - 3)]
    return {image.pixelColor(x, y).name() for x, y in points}


def test_a_rest_tints_the_whole_screen_and_shows_rest_its_countdown_and_what_is_next(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    floor = Floor(qtbot, content, data_dir, harness.recording)
    floor.start("strength-day")
    floor.skip_to("work")
    work = corners(floor.view)
    window = floor.view.palette().color(floor.view.backgroundRole()).name()
    assert work == {window}
    floor.skip_to("rest")
    [rest] = corners(floor.view)
    green = QColor(rest).green() - QColor(rest).red()
    assert rest != window and green > QColor(window).green() - QColor(window).red()
    view, state = floor.view, floor.controller.state
    assert view.resting()
    assert view.exercise_label.text() == "Rest" and view.phase_chip.text() == "REST"
    assert view.readout.text() == "0:30" and view.readout.pixel_size() >= COUNT_MIN_PX
    assert view.next_label.text() == "Next: Dead bug"
    assert view.next_detail.text() == "Set 2 of 3"
    assert view.illustration.current() == content.exercises["dead-bug"].position(state.position)
    floor.skip_to("work")
    assert corners(floor.view) == work


def placed(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def layout(view: SessionView) -> dict[str, tuple[int, ...]]:
    """Where the parts of the screen are, in window coordinates: the title by its top left
    (it ends where the side and set begin, which keep their top right), the time taken by
    its top right (its width follows the text), every other part by its whole rectangle."""
    window = view.window()
    parts = {
        "chip": view.phase_chip,
        "figure": view.illustration,
        "count": view.readout,
        "next": view.next_label,
        "next detail": view.next_detail,
        "caption": view.caption,
        "progress": view.progress,
        **{f"button {n}": button for n, button in enumerate(view.buttons())},
    }
    where: dict[str, tuple[int, ...]] = {}
    for name, widget in parts.items():
        rect = placed(widget, window)
        where[name] = (rect.x(), rect.y(), rect.width(), rect.height())
    title = placed(view.exercise_label, window)
    where["title"] = (title.left(), title.top(), title.height())
    for name, label in (("side and set", view.where_label), ("time", view.progress_label)):
        rect = placed(label, window)
        where[name] = (rect.right(), rect.top(), rect.height())
    return where


def check_fits(view: SessionView, figure_share: float) -> None:
    """Every part inside the window, the main parts apart, each at least its size."""
    window = view.window()
    screen = window.rect()
    shown = [w for w in view.findChildren(QWidget) if w.isVisibleTo(window)]
    assert shown and all(screen.contains(placed(w, window)) for w in shown)
    parts = [view.phase_chip, view.illustration, view.readout, view.next_label, view.caption]
    parts += [view.steps] if view.steps.isVisible() else []
    for n, a in enumerate(parts):
        assert not any(placed(a, window).intersects(placed(b, window)) for b in parts[n + 1 :])
    assert view.illustration.height() >= figure_share * window.height()
    assert view.caption.pixel_size() >= CAPTION_MIN_PX
    assert view.readout.pixel_size() >= COUNT_MIN_PX
    for label in (view.where_label, view.next_label, view.next_detail):
        assert QFontInfo(label.font()).pixelSize() >= LABEL_MIN_PX


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
@pytest.mark.parametrize(
    ("width", "height", "figure_share"),
    [(1366, 768, 0.45), (960, 540, FIGURE_FLOOR)],
    ids=["1366x768", "960x540"],
)
def test_the_session_screen_fits_and_nothing_moves_between_phases_in_pause_or_the_question(
    qtbot: QtBot,
    content: Content,
    data_dir: Path,
    width: int,
    height: int,
    figure_share: float,
) -> None:
    floor = Floor(qtbot, content, data_dir, harness.recording)
    window, view = floor.window, floor.view
    window.setMinimumSize(width, height)  # as on a screen this size (the test's is 800×800)
    window.resize(width, height)
    floor.start("strength-day")
    assert (window.width(), window.height()) == (width, height)
    layouts = []
    for kind, mode in [("get-ready", ""), ("work", "tempo"), ("rest", ""), ("work", "hold")]:
        floor.skip_to(kind, mode)
        check_fits(view, figure_share if kind == "work" else FIGURE_FLOOR)
        layouts.append(layout(view))
        if kind == "rest":
            floor.controller.toggle_pause()
            assert view.paused_label.isVisible()
            layouts.append(layout(view))
            floor.controller.toggle_pause()
    view.ask_end()
    assert view.confirm.isVisible() and view.confirm.geometry() == window.rect()
    layouts.append(layout(view))
    for seen in layouts:
        assert {k: v for k, v in seen.items() if layouts[0][k] != v} == {}
    qtbot.waitUntil(lambda: not view.steps.is_moving())  # it follows a frame after the phase
    row = view.steps.current_row()
    if width >= 1366:  # the step being done is in view
        assert view.readout.pixel_size() >= 250  # the count as large as before the floor screen
        assert view.steps.isVisible() and row is not None and row.isVisible()
        assert view.steps.rect().contains(placed(row, view.steps))
    else:  # the first to go when space is short
        assert not view.steps.isVisible()


def test_the_end_question_pauses_a_running_session_and_resumes_it_only_if_it_ran(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    floor = Floor(qtbot, content, data_dir, harness.recording)
    floor.start()
    key = floor.view.next_label
    qtbot.keyClick(key, Qt.Key.Key_Escape)
    assert floor.view.confirm.isVisible()
    assert floor.controller.state.paused and not floor.controller.state.resuming
    qtbot.keyClick(key, Qt.Key.Key_Escape)
    assert not floor.view.confirm.isVisible() and floor.controller.state.resuming
    qtbot.keyClick(key, Qt.Key.Key_Space)  # the user pauses
    qtbot.keyClick(key, Qt.Key.Key_Escape)
    qtbot.keyClick(key, Qt.Key.Key_Escape)
    assert floor.controller.state.paused and not floor.controller.state.resuming


def test_a_rep_count_keeps_one_size_through_a_set(qtbot: QtBot) -> None:
    readout = BigReadout()
    qtbot.addWidget(readout)
    readout.resize(680, 300)
    sizes = {}
    for text in ("1 / 12", "9 / 12", "10 / 12", "12 / 12", "3 / 8"):
        readout.set_text(text)
        sizes[text] = readout.pixel_size()
    assert sizes["1 / 12"] == sizes["9 / 12"] == sizes["10 / 12"] == sizes["12 / 12"]
    assert sizes["3 / 8"] > sizes["1 / 12"]  # a shorter count may be larger
