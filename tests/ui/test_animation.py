"""The figure moving in time: the session's clock drives it (a fake clock here), the frame
timer runs only while something moves, and a frame repaints only the figure's part."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple, replace
from functools import partial

import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF
from PySide6.QtGui import QEnterEvent, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.content.model import Pose
from backcoach.core.phases import Phase
from backcoach.core.plan import DoseChoice, build_plan
from backcoach.core.pose import (
    PULSE_LOW,
    TURN_SECONDS,
    Frame,
    Motion,
    breathing,
    pose_at,
    rep_keys,
    tour_keys,
)
from backcoach.core.session import Session
from backcoach.ui.animation import (
    CAROUSEL_FPS,
    CAROUSEL_SLOWER,
    FIGURE_FPS,
    PULSE_FPS,
    changed_area,
    frame_rate,
)
from backcoach.ui.illustration import IllustrationView
from backcoach.ui.session_view import SessionView
from tests.helpers.clock import FakeClock


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def same(a: Pose, b: Pose) -> bool:
    """Whether two poses agree but for rounding."""

    def numbers(value: object) -> list[float]:
        if isinstance(value, tuple):
            return [n for v in value for n in numbers(v)]
        return [float(value)] if isinstance(value, (int, float)) else []

    return numbers(astuple(a)) == pytest.approx(numbers(astuple(b)), abs=1e-6)


class Paints(QObject):
    """Records the region of every paint event a widget gets."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.regions: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.regions.append(event.region().boundingRect())
        return False


class Screen:
    """A session of ``routine`` on a fake clock, shown by a session screen that follows it."""

    def __init__(
        self,
        qtbot: QtBot,
        content: Content,
        routine: str,
        choices: dict[str, DoseChoice] | None = None,
    ) -> None:
        self.qtbot = qtbot
        self.clock = FakeClock()
        routines = content.routines[routine]
        self.plan = build_plan(content, routine, routines.default_context, choices)
        self.session = Session(self.plan, self.clock)
        self.view = SessionView()
        qtbot.addWidget(self.view)
        self.view.setFixedSize(1366, 768)  # the offscreen platform warns on size hints
        self.view.set_plan(self.plan)
        self.view.follow(self.session.routine_time)
        self.view.show()
        qtbot.waitExposed(self.view)
        self.session.start()
        self.show()

    @property
    def figure(self) -> IllustrationView:
        return self.view.illustration

    def show(self) -> None:
        self.session.poll()
        self.view.show_state(self.session.state)

    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.show()

    def skip_to(self, kind: str, mode: str = "", side: str = "") -> Phase:
        for _ in range(100):
            phase = self.session.state.phase
            if phase.kind == kind and mode in ("", phase.mode) and side in ("", phase.side):
                return phase
            self.session.skip()
            self.show()
        raise AssertionError(f"no {kind} {mode} {side} phase")

    def drawn(self, check: Callable[[Frame], bool]) -> None:
        """Wait for the figure's own timer to draw a frame that passes ``check``."""
        self.qtbot.waitUntil(lambda: (f := self.figure.frame()) is not None and check(f))

    def drawn_pose(self, pose: Pose) -> None:
        self.drawn(lambda f: same(f.pose, pose))


def test_a_guided_rep_draws_the_pose_of_its_timeline_at_each_moment(
    qtbot: QtBot, content: Content
) -> None:
    screen = Screen(qtbot, content, "strength-day")
    phase = screen.skip_to("work", "tempo")
    assert phase.exercise == "dead-bug" and phase.rep_seconds is not None
    assert screen.figure.frame_rate() == FIGURE_FPS
    keys = rep_keys(content.exercises["dead-bug"])
    moving = phase.rep_end(1) - phase.rep_seconds  # the words before the first count
    screen.wait(moving)
    for fraction in (0.1, 0.2, 0.55, 0.7, 0.95):  # each while moving
        now = screen.session.state.phase_elapsed
        screen.clock.advance(moving + fraction * phase.rep_seconds - now)
        painted = screen.figure.paints
        screen.drawn_pose(pose_at(keys, fraction))
        qtbot.waitUntil(partial(lambda before: screen.figure.paints > before, painted))


def test_a_rep_the_words_stretch_moves_through_the_same_poses_slower(content: Content) -> None:
    exercise = content.exercises["dumbbell-deadlift"]
    motion = Motion(exercise)
    tempo = exercise.dose.tempo_seconds
    assert tempo is not None
    base = Phase(
        "work", exercise.id, "both", 1, 2, 2 * tempo, "tempo", 2, tempo, (tempo, 2 * tempo)
    )
    longer = tempo * 1.6
    stretched = replace(base, rep_seconds=longer, rep_ends=(longer, 2 * longer))
    for key in motion.keys:
        for phase in (base, stretched):
            assert phase.rep_seconds is not None
            frame = motion.in_phase(phase, "stand", key.at * phase.rep_seconds)
            assert frame is not None and same(frame.pose, key.pose)
    halfway = motion.in_phase(stretched, "stand", 3.65 / tempo * longer)
    assert halfway is not None and same(halfway.pose, pose_at(motion.keys, 3.65 / tempo))
    second = motion.in_phase(stretched, "stand", stretched.rep_end(1) + 1.0)
    first = motion.in_phase(stretched, "stand", 1.0)
    assert second is not None and first is not None
    assert same(second.pose, first.pose)  # every rep moves alike


def test_the_figure_turns_to_the_right_side_over_half_a_second(
    qtbot: QtBot, content: Content
) -> None:
    screen = Screen(qtbot, content, "before-run")
    screen.skip_to("work", "hold", "left")
    screen.drawn(lambda f: f.turn == 0.0)
    screen.skip_to("switch-sides")
    assert screen.session.state.phase.side == "right"
    assert screen.figure.frame_rate() == FIGURE_FPS  # turning
    screen.drawn(lambda f: f.turn == 0.0)
    screen.clock.advance(TURN_SECONDS / 2)
    screen.drawn(lambda f: f.turn == pytest.approx(0.5))
    screen.clock.advance(TURN_SECONDS / 2)
    screen.drawn(lambda f: f.turn == 1.0)
    screen.wait(1.0)
    assert not screen.figure.is_animating()  # a still phase, turned
    screen.skip_to("work", "hold", "right")
    screen.drawn(lambda f: f.turn == 1.0)
    image = screen.figure.grab().toImage()
    assert image.width() > 0  # drawn mirrored (the renderer's mirroring is in test_figure)


def test_a_hold_pulses_its_muscles_slowly_repainting_only_them(
    qtbot: QtBot, content: Content
) -> None:
    screen = Screen(qtbot, content, "before-run")
    screen.skip_to("work", "hold")
    assert 0 < screen.figure.frame_rate() == PULSE_FPS <= 10
    screen.drawn(lambda f: f.highlight == pytest.approx(breathing(0.0)) == 1.0)
    QApplication.processEvents()  # the paints due so far
    paints = Paints(screen.figure)
    screen.clock.advance(3.0)  # half a breath: the faintest
    screen.drawn(lambda f: f.highlight == pytest.approx(PULSE_LOW))
    qtbot.waitUntil(lambda: bool(paints.regions))
    whole = screen.figure.rect()
    for region in paints.regions:
        assert whole.contains(region)
        assert region.width() * region.height() < whole.width() * whole.height() / 8


def test_pause_stops_the_frame_timer_and_the_figure(qtbot: QtBot, content: Content) -> None:
    screen = Screen(qtbot, content, "strength-day")
    screen.skip_to("work", "tempo")
    assert screen.figure.is_animating()
    screen.session.pause()
    screen.show()
    assert not screen.figure.is_animating()
    shown = screen.figure.frame()
    screen.clock.advance(2.0)
    QApplication.processEvents()
    assert screen.figure.frame() == shown
    screen.session.resume()
    screen.show()
    assert screen.figure.is_animating()


def test_rest_and_get_ready_are_still(qtbot: QtBot, content: Content) -> None:
    screen = Screen(qtbot, content, "strength-day")
    assert screen.session.state.phase.kind == "get-ready"
    assert not screen.figure.is_animating() and screen.figure.frame() is not None
    screen.skip_to("rest")
    assert not screen.figure.is_animating()


def test_own_pace_reps_loop_at_the_contents_tempo(qtbot: QtBot, content: Content) -> None:
    screen = Screen(qtbot, content, "strength-day", {"dead-bug": DoseChoice(rep_mode="self")})
    phase = screen.skip_to("work", "self")
    assert screen.figure.frame_rate() == FIGURE_FPS
    tempo = content.exercises["dead-bug"].dose.tempo_seconds
    assert tempo is not None
    keys = rep_keys(content.exercises["dead-bug"])
    screen.clock.advance(tempo * 0.3)
    screen.drawn_pose(pose_at(keys, 0.3))
    screen.clock.advance(tempo * 2)
    screen.drawn_pose(pose_at(keys, 0.3))
    assert frame_rate(phase, Motion(content.exercises["dead-bug"])) == FIGURE_FPS


def test_a_moving_frame_repaints_the_figures_box_not_the_widget(
    qtbot: QtBot, content: Content
) -> None:
    screen = Screen(qtbot, content, "strength-day")
    phase = screen.skip_to("work", "tempo")
    assert phase.rep_seconds is not None
    screen.wait(phase.rep_end(1) - phase.rep_seconds + 0.5)
    QApplication.processEvents()  # the paints due so far
    paints = Paints(screen.figure)
    others = Paints(screen.view.readout)
    screen.clock.advance(1.0)
    qtbot.waitUntil(lambda: len(paints.regions) >= 1)
    whole = screen.figure.rect()
    assert all(whole.contains(r) and r != whole for r in paints.regions)
    assert others.regions == []  # no other widget is repainted by the figure's frames


def test_changed_area_is_the_muscles_for_a_pulse_and_all_for_a_turn(content: Content) -> None:
    motion = Motion(content.exercises["low-lunge"])
    area = QRectF(8, 8, 562, 417)
    still = motion.still("stretch", 1.0)
    assert still is not None
    fainter = replace(still, highlight=0.5)
    pulse = changed_area(area, still, fainter)
    assert pulse is not None and 0 < pulse.width() < area.width() / 3
    assert changed_area(area, still, replace(still, turn=0.2)) is None
    assert changed_area(area, None, still) is None


def test_the_carousel_plays_the_movement_pauses_under_the_pointer_and_steps_on_click(
    qtbot: QtBot, content: Content
) -> None:
    clock = FakeClock()
    view = IllustrationView(interval_ms=20, clock=clock)
    qtbot.addWidget(view)
    exercise = content.exercises["dead-bug"]
    view.set_positions(exercise.positions, Motion(exercise))
    view.setFixedSize(560, 420)
    view.move(400, 300)  # away from the pointer
    view.show()
    assert view.frame() is None  # the first position, still
    qtbot.waitUntil(view.is_animating)  # then, after the interval, the movement
    assert view.frame_rate() == CAROUSEL_FPS
    tempo = exercise.dose.tempo_seconds
    assert tempo is not None
    keys = rep_keys(exercise)
    clock.advance(0.2 * tempo * CAROUSEL_SLOWER)
    qtbot.waitUntil(lambda: (f := view.frame()) is not None and same(f.pose, pose_at(keys, 0.2)))
    shown = view.current()
    assert shown is not None and shown.id == "reach"  # heading there

    QApplication.sendEvent(view, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    assert not view.is_animating() and view.frame() is None  # the still frame of "reach"
    assert view.index() == 1
    clock.advance(5.0)
    QApplication.processEvents()
    assert view.frame() is None and view.index() == 1
    from PySide6.QtCore import Qt

    qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
    assert view.index() == 0 and not view.is_stepping()  # stepped, and still paused

    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))
    assert view.is_animating()
    qtbot.waitUntil(lambda: view.frame() is not None)


def test_a_hold_exercise_tours_its_positions_in_the_carousel(content: Content) -> None:
    exercise = content.exercises["low-lunge"]
    keys = tour_keys(exercise)
    assert [k.position for k in keys] == ["kneel", "kneel", "stretch", "stretch", "kneel"]
    assert [k.at for k in keys] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert Motion(exercise).keys == keys and Motion(exercise).rep == ()
