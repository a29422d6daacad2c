"""Easier variants in the carousel: one slide per routine item, with a Standard | Easier
switch that shows the variant in the exercise's place, opened on the variant when today's
advice names it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.core.pose import pose_at, rep_keys
from backcoach.ui.animation import CAROUSEL_SLOWER
from backcoach.ui.carousel import Carousel, slides_for
from backcoach.ui.today_card import TodayCard
from tests.helpers.app import App
from tests.helpers.clock import FakeClock
from tests.helpers.coach import reds_at_the_minimum
from tests.ui.test_animation import same

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

VARIANTS = {"heel-taps", "supported-kneeling-stretch", "hip-hinge"}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def carousel_for(qtbot: QtBot, content: Content, routine: str, context: str) -> Carousel:
    widget = Carousel(interval_ms=0)
    qtbot.addWidget(widget)
    widget.set_slides(slides_for(content.routines[routine], content.exercises), context)
    widget.setMinimumSize(1000, 600)  # a fixed size: the offscreen platform warns on size hints
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown_text(carousel: Carousel, name: str) -> str:
    label = carousel.findChild(QLabel, name)
    assert label is not None
    return label.text()


def shown_steps(carousel: Carousel) -> list[str]:
    """The steps on show, in order (rows of an earlier slide are hidden as they go, and a
    new slide's rows show once the event loop runs)."""
    labels = carousel.findChildren(QLabel, "stepText")
    return [label.text() for label in labels if label.isVisibleTo(carousel)]


def shown_reasons(carousel: Carousel) -> list[str]:
    labels = carousel.findChildren(QLabel, "muted")
    return [label.text() for label in labels if label.isVisibleTo(carousel)]


def test_variants_are_bundled_yet_every_routine_keeps_one_slide_per_item(
    qtbot: QtBot, content: Content
) -> None:
    assert set(content.exercises) >= VARIANTS
    for rid, routine in content.routines.items():
        slides = slides_for(routine, content.exercises)
        assert [s.exercise.id for s in slides] == [item.exercise for item in routine.items]
        assert not VARIANTS & {s.exercise.id for s in slides}
        for slide in slides:
            assert slide.easier is content.exercises.get(slide.exercise.easier)
        carousel = carousel_for(qtbot, content, rid, routine.default_context)
        assert carousel.count() == len(carousel.dots) == len(routine.items)
        assert carousel.index() == 0


def test_the_switch_shows_the_variant_in_the_slide_and_goes_back(
    qtbot: QtBot, content: Content
) -> None:
    carousel = carousel_for(qtbot, content, "strength-day", "day-off")
    bug, taps = content.exercises["dead-bug"], content.exercises["heel-taps"]
    assert carousel.standard_button.isVisible() and carousel.standard_button.isChecked()
    assert carousel.easier_button.text() == "Easier"
    assert carousel.easier_button.toolTip() == "Show the easier variant: Heel taps"
    assert not carousel.easier_button.isChecked()

    qtbot.mouseClick(carousel.easier_button, Qt.MouseButton.LeftButton)
    shown = carousel.shown()
    assert shown is not None and shown.exercise is taps
    assert carousel.easier_button.isChecked() and not carousel.standard_button.isChecked()
    assert shown_text(carousel, "title") == "Heel taps"
    assert shown_text(carousel, "category") == "EASIER VARIANT OF DEAD BUG"
    qtbot.waitUntil(lambda: shown_steps(carousel) == [s.text for s in taps.steps])
    assert [p.id for p in carousel.illustration.positions()] == [p.id for p in taps.positions]
    assert carousel.index() == 0 and carousel.count() == 3 and carousel.dots[0].isChecked()

    qtbot.mouseClick(carousel.standard_button, Qt.MouseButton.LeftButton)
    shown = carousel.shown()
    assert shown is not None and shown.exercise is bug
    assert shown_text(carousel, "title") == "Dead bug"
    assert shown_text(carousel, "category") == bug.category.upper()
    qtbot.waitUntil(lambda: shown_steps(carousel) == [s.text for s in bug.steps])
    assert [p.id for p in carousel.illustration.positions()] == [p.id for p in bug.positions]


def test_every_slide_with_a_variant_has_the_switch_and_the_others_none(
    qtbot: QtBot, content: Content
) -> None:
    carousel = carousel_for(qtbot, content, "strength-day", "day-off")
    expected = ["Heel taps", "Hip hinge", "Supported half-kneeling stretch"]
    for i, name in enumerate(expected):
        carousel.go_to(i)
        assert carousel.easier_button.isVisible()
        assert carousel.easier_button.accessibleName() == f"Easier variant: {name}"
        carousel.easier_button.click()
        shown, slide = carousel.shown(), carousel.current()
        assert shown is not None and slide is not None and shown.exercise is slide.easier
        carousel.go_to((i + 1) % len(expected))
        carousel.go_to(i)  # back: the slide opens on the exercise itself
        shown = carousel.shown()
        assert shown is not None and shown is carousel.current()

    lunge = replace(content.exercises["low-lunge"], easier="")  # one with no variant
    exercises = {**content.exercises, "low-lunge": lunge}
    carousel.set_slides(slides_for(content.routines["strength-day"], exercises), "day-off")
    carousel.go_to(2)
    assert not carousel.standard_button.isVisible() and not carousel.easier_button.isVisible()
    carousel.easier_button.click()  # not reachable, and would do nothing
    shown = carousel.shown()
    assert shown is not None and shown.exercise is lunge


def test_the_switch_moves_with_the_keyboard(qtbot: QtBot, content: Content) -> None:
    carousel = carousel_for(qtbot, content, "strength-day", "day-off")
    carousel.activateWindow()
    carousel.standard_button.setFocus()
    qtbot.waitUntil(carousel.standard_button.hasFocus)
    qtbot.keyClick(carousel.standard_button, Qt.Key.Key_Tab)
    assert carousel.easier_button.hasFocus()
    qtbot.keyClick(carousel.easier_button, Qt.Key.Key_Space)
    shown = carousel.shown()
    assert shown is not None and shown.exercise.id == "heel-taps"
    qtbot.keyClick(carousel.easier_button, Qt.Key.Key_Space)  # pressed again: it stays
    assert carousel.easier_button.isChecked() and not carousel.standard_button.isChecked()
    qtbot.keyClick(carousel.easier_button, Qt.Key.Key_Backtab)
    assert carousel.standard_button.hasFocus()
    qtbot.keyClick(carousel.standard_button, Qt.Key.Key_Space)
    shown = carousel.shown()
    assert shown is not None and shown.exercise.id == "dead-bug"
    assert carousel.focus_chain()[1:3] == [carousel.standard_button, carousel.easier_button]


@pytest.mark.parametrize(
    ("context", "standard", "easier"),
    [
        ("before-run", "Hold 15–30 s per side, 1–3 sets", "Hold 15–30 s per side, 1–2 sets"),
        ("after-run", "Hold 60–120 s per side, 1–3 sets", "Hold 30–60 s per side, 1–2 sets"),
        ("day-off", "Hold 60–180 s per side, 1–3 sets", "Hold 30–90 s per side, 1–2 sets"),
    ],
)
def test_the_dose_follows_the_variant_and_the_context(
    qtbot: QtBot, content: Content, context: str, standard: str, easier: str
) -> None:
    carousel = carousel_for(qtbot, content, "strength-day", "day-off")
    carousel.go_to(2)
    carousel.easier_button.click()
    carousel.set_context(context)
    assert carousel.dose_text() == easier
    carousel.standard_button.click()
    assert carousel.dose_text() == standard


def test_a_routine_s_sets_apply_to_the_variant(qtbot: QtBot, content: Content) -> None:
    carousel = carousel_for(qtbot, content, "before-run", "before-run")
    carousel.easier_button.click()
    assert carousel.dose_text() == "Hold 15–30 s per side, 1 set"  # the stretch, as 1 set
    carousel.next()
    carousel.easier_button.click()
    assert carousel.dose_text() == "5–10 reps per side, 2 sets"  # heel taps, as 2 sets


def test_the_variant_plays_its_own_movement(qtbot: QtBot, content: Content) -> None:
    clock = FakeClock()
    carousel = Carousel(interval_ms=20, clock=clock)
    qtbot.addWidget(carousel)
    carousel.set_slides(slides_for(content.routines["strength-day"], content.exercises), "day-off")
    carousel.setMinimumSize(1000, 600)
    carousel.move(400, 300)  # away from the pointer, which pauses the movement
    carousel.show()
    carousel.easier_button.click()
    view = carousel.illustration
    qtbot.waitUntil(view.is_animating)
    taps = content.exercises["heel-taps"]
    tempo = taps.dose.tempo_seconds
    assert tempo is not None
    clock.advance(0.2 * tempo * CAROUSEL_SLOWER)
    keys = rep_keys(taps)
    qtbot.waitUntil(lambda: (f := view.frame()) is not None and same(f.pose, pose_at(keys, 0.2)))


def test_a_slide_opens_on_the_variant_today_s_advice_names(
    qtbot: QtBot, content: Content, data_dir: Path
) -> None:
    reds_at_the_minimum(data_dir)
    app = App(qtbot, content, data_dir)
    qtbot.waitUntil(lambda: app.window.today_card is not None)
    card = app.window.today_card
    assert isinstance(card, TodayCard)
    card.context_buttons["after-run"].click()
    advice = next(a for a in card.advice if a.exercise == "dead-bug")
    assert advice.level.variant == "heel-taps"
    carousel = app.window.carousel
    assert carousel.count() == len(content.routines["after-run"].items)
    carousel.go_to(1)  # after a run: the low lunge, then the dead bug
    shown = carousel.shown()
    assert shown is not None and shown.exercise.id == "heel-taps"
    assert carousel.easier_button.isChecked()
    assert shown_text(carousel, "title") == "Heel taps"
    assert advice.reason in shown_reasons(carousel)
    carousel.standard_button.click()  # the user can still look at the dead bug
    shown = carousel.shown()
    assert shown is not None and shown.exercise.id == "dead-bug"

    assert advice.reason in shown_reasons(carousel)  # still today's advice

    carousel.go_to(0)  # the low lunge, advised as itself
    shown = carousel.shown()
    assert shown is not None and shown.exercise.id == "low-lunge"
    assert not carousel.easier_button.isChecked()
    assert advice.reason not in shown_reasons(carousel)
