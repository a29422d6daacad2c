"""MPRIS2 on a private session bus, driven with gdbus as a desktop panel or headset would:
a terminal session (a child process) and the window (offscreen, in this process)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backcoach.content import Content, load_content
from backcoach.services.bus import BusError, NoBus, session_bus_address
from backcoach.services.mpris import PLAYER, ROOT, MprisPlayer
from backcoach.settings import Settings
from tests.helpers.app import App
from tests.helpers.bus import WAIT, Gdbus, Monitor, in_qt, private_bus

ROOT_DIR = Path(__file__).resolve().parents[2]
OWNED = "is owned by"
GONE = "does not have an owner"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="module")
def bus() -> Iterator[str]:
    """One private session bus for the module's tests."""
    with private_bus() as address:
        yield address


def changed(line: str) -> str:
    """What a PropertiesChanged line printed by gdbus monitor says changed."""
    assert (
        "org.freedesktop.DBus.Properties.PropertiesChanged ('org.mpris.MediaPlayer2.Player'" in line
    )
    assert line.endswith(", @as [])"), line  # the empty invalidated list is typed
    return line


def track(gdbus: Gdbus) -> str:
    found = re.search(r"'mpris:trackid': <objectpath '([^']*)'>", gdbus.get("Metadata"))
    assert found, gdbus.get("Metadata")
    return found.group(1)


def test_a_terminal_session_answers_media_keys(bus: str, data_dir: Path) -> None:
    monitor = Monitor(bus)
    session = subprocess.Popen(
        [sys.executable, "-m", "backcoach", "start", "after-run", "--no-window", "--no-voice"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT_DIR,
        env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": bus},
    )
    try:
        monitor.wait_for(OWNED)
        gdbus = Gdbus(bus)
        xml = gdbus.call("org.freedesktop.DBus.Introspectable.Introspect")
        assert f'<interface name="{ROOT}">' in xml and f'<interface name="{PLAYER}">' in xml
        root = gdbus.call("org.freedesktop.DBus.Properties.GetAll", ROOT)
        assert "'Identity': <'backcoach'>" in root and "'DesktopEntry': <'backcoach'>" in root
        for can in ("CanRaise", "CanQuit", "HasTrackList"):
            assert f"'{can}': <false>" in root
        player = gdbus.call("org.freedesktop.DBus.Properties.GetAll", PLAYER)
        for can in ("CanControl", "CanPlay", "CanPause", "CanGoNext", "CanGoPrevious"):
            assert f"'{can}': <true>" in player
        assert gdbus.status() == "Playing"
        metadata = gdbus.get("Metadata")
        assert "'mpris:trackid': <objectpath '/org/backcoach/phase/0'>" in metadata
        assert "'xesam:title': <'Get ready · Low lunge, set 1 of 2, left side'>" in metadata
        assert "'xesam:artist': <['backcoach']>" in metadata
        assert re.search(r"'mpris:length': <int64 [1-9]\d*>", metadata)

        seen = len(monitor.lines)
        gdbus.press("Pause")
        line = changed(monitor.wait_for("PropertiesChanged", seen))
        assert "{'PlaybackStatus': <'Paused'>}" in line
        gdbus.press("Pause")  # headsets send Pause and Play in turn: twice changes nothing
        assert gdbus.status() == "Paused"
        gdbus.press("Play")
        gdbus.press("Play")
        assert gdbus.status() == "Playing"
        gdbus.press("PlayPause")
        assert gdbus.status() == "Paused"
        gdbus.press("PlayPause")
        assert gdbus.status() == "Playing"

        seen = len(monitor.lines)
        gdbus.press("Next")
        line = changed(monitor.wait_for("'Metadata'", seen))
        assert "'xesam:title': <'Low lunge, set 1 of 2, left side'>" in line
        assert track(gdbus) == "/org/backcoach/phase/1"
        gdbus.press("Previous")
        assert track(gdbus) == "/org/backcoach/phase/0"
        refused = gdbus.fails("org.freedesktop.DBus.Properties.Set", PLAYER, "Volume", "<0.5>")
        assert "org.freedesktop.DBus.Error.PropertyReadOnly" in refused

        gdbus.press("Stop")
        out, err = session.communicate(timeout=WAIT)
        monitor.wait_for(GONE, seen)
    finally:
        session.kill()
        session.communicate()
        monitor.close()
    assert session.returncode == 0, err
    assert "Session ended. No sets done this time." in out


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_window_answers_media_keys_while_a_session_runs(
    bus: str, qtbot: QtBot, content: Content, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus)
    own_pace = {"dead-bug": {"reps": 8, "rep_mode": "self"}}
    app = App(
        qtbot, content, data_dir, settings=Settings(safety_note_seen=True, dose_choices=own_pace)
    )
    monitor = Monitor(bus)
    try:
        monitor.wait_for(GONE)  # nothing on the bus before a session
        app.confirm_setup("strength-day")
        app.checkin().skip()
        controller = app.flow.controller
        assert controller is not None
        session = controller.runner.session
        monitor.wait_for(OWNED)
        gdbus = Gdbus(bus, wait=in_qt(qtbot))
        assert "'CanRaise': <true>" in gdbus.call("org.freedesktop.DBus.Properties.GetAll", ROOT)
        assert gdbus.call(f"{ROOT}.Raise") == "()"

        seen = len(monitor.lines)
        gdbus.press("PlayPause")
        assert "{'PlaybackStatus': <'Paused'>}" in changed(
            monitor.wait_for("PropertiesChanged", seen)
        )
        assert session.paused and gdbus.status() == "Paused"
        gdbus.press("Pause")
        assert gdbus.status() == "Paused"
        gdbus.press("Play")  # "Resuming …" is said first: the clock waits for it, unpaused
        assert session.resuming and gdbus.status() == "Playing"
        gdbus.press("Play")  # and a second Play does not cut it short
        assert session.resuming and gdbus.status() == "Playing"

        gdbus.press("Next")  # skips the get-ready countdown
        assert session.phase.mode == "self" and track(gdbus) == "/org/backcoach/phase/1"
        gdbus.press("Next")  # ends the set at your own pace: done, not skipped
        [record] = session.records
        assert record.reps == 8 and not record.skipped
        assert track(gdbus) == "/org/backcoach/phase/2"
        gdbus.press("Previous")
        assert track(gdbus) == "/org/backcoach/phase/1"
        assert app.flow.view.isVisible()  # the screen follows: it is the window's own controls

        seen = len(monitor.lines)
        gdbus.press("Stop")
        assert session.finished and session.summary is not None and session.summary.ended_early
        assert app.flow.view.showing_summary()
        monitor.wait_for(GONE, seen)  # the player leaves the bus with the session
    finally:
        monitor.close()


def test_without_a_session_bus_there_is_no_player(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/nonexistent")
    with pytest.raises(NoBus, match="DBUS_SESSION_BUS_ADDRESS is not set"):
        session_bus_address()
    with pytest.raises(BusError, match="not a D-Bus address"):
        MprisPlayer.start(None, None, address="nonsense")  # type: ignore[arg-type]


def test_doctor_names_the_session_bus_in_one_line(
    bus: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcoach.commands.doctor import diagnose
    from backcoach.voice import EngineProbe

    monkeypatch.setattr("backcoach.voice.speech_engine_problem", lambda player=None: None)

    def bus_lines() -> list[str]:
        report = diagnose(
            data_dir,
            load_content(),
            probe=lambda: EngineProbe("espeak", True, voices=[("en", "English")]),
            qt_platform=lambda: ("offscreen", ""),
        )
        [lines] = [lines for title, lines in report.sections if title == "Media keys and remotes"]
        assert not report.problems  # no bus is no problem: sessions run as usual
        return lines

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus)
    assert bus_lines() == [f"Session bus: {bus} (a running session answers media keys: MPRIS)"]
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(data_dir))
    [line] = bus_lines()
    assert line.startswith("Session bus: none ($DBUS_SESSION_BUS_ADDRESS is not set")
    assert line.endswith("cannot reach a session; backcoach ctl still works")
