"""A private D-Bus session bus for tests, and ``gdbus`` run against it as a client would.

:func:`private_bus` starts ``dbus-daemon --session --print-address`` and yields its
address (give it to the app as ``$DBUS_SESSION_BUS_ADDRESS``). :class:`Gdbus` runs
``gdbus call`` in a child process; :class:`Monitor` runs ``gdbus monitor`` and
collects what it prints. Waits poll with a deadline, never sleep for a set time.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pytestqt.qtbot import QtBot

from backcoach.services.mpris import BUS_NAME, OBJECT_PATH, PLAYER

WAIT = 10.0
"""Seconds any wait on the bus may take before it fails the test."""
NEEDS = "the MPRIS tests need dbus-daemon and gdbus (apt install dbus libglib2.0-bin)"


@contextmanager
def private_bus() -> Iterator[str]:
    """A session bus of its own, for as long as the block runs; yields its address."""
    assert shutil.which("dbus-daemon") and shutil.which("gdbus"), NEEDS
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--print-address", "--nofork", "--nopidfile"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # what it cannot set up (fd limits) is no concern here
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address.startswith("unix:"), f"dbus-daemon printed {address!r}"
        yield address
    finally:
        daemon.kill()
        daemon.wait()


Wait = Callable[[subprocess.Popen[str]], None]
"""Waits for a child to end: in the test thread, or while Qt's loop runs (the window)."""


def _wait_plainly(child: subprocess.Popen[str]) -> None:
    child.wait(timeout=WAIT)


def in_qt(qtbot: QtBot) -> Wait:
    """Wait for a child while the window's event loop runs (it is what answers the child),
    checking every millisecond: ``qtbot.waitUntil`` checks every 10."""

    def wait(child: subprocess.Popen[str]) -> None:
        qt_until(qtbot, lambda: child.poll() is not None)

    return wait


def qt_until(qtbot: QtBot, done: Callable[[], bool]) -> None:
    """Run the Qt event loop until ``done()``, failing after :data:`WAIT` seconds."""
    deadline = time.monotonic() + WAIT
    while not done():
        assert time.monotonic() < deadline, f"not done within {WAIT} s"
        qtbot.wait(1)


class Gdbus:
    """``gdbus call`` on the player's object, on the bus at ``address``."""

    def __init__(self, address: str, wait: Wait = _wait_plainly, dest: str = BUS_NAME) -> None:
        self.env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
        self.wait = wait
        self.dest = dest

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        child = subprocess.Popen(
            ["gdbus", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
        )
        self.wait(child)
        out, err = child.communicate()
        return subprocess.CompletedProcess(child.args, child.returncode, out, err)

    def call(self, method: str, *args: str) -> str:
        """Call ``method`` (``Interface.Member``) with ``args`` in GVariant text; its reply."""
        done = self.run(
            "call", "--session", "--dest", self.dest, "--object-path", OBJECT_PATH,
            "--method", method, *args,
        )  # fmt: skip
        assert done.returncode == 0, f"{method}: {done.stderr}"
        return done.stdout.strip()

    def fails(self, method: str, *args: str) -> str:
        """Call ``method``, which must fail; the error gdbus printed."""
        done = self.run(
            "call", "--session", "--dest", self.dest, "--object-path", OBJECT_PATH,
            "--method", method, *args,
        )  # fmt: skip
        assert done.returncode != 0, f"{method} answered {done.stdout}"
        return done.stderr.strip()

    def press(self, member: str) -> None:
        """A player button: ``Play``, ``Pause``, ``PlayPause``, ``Next``, ``Previous``, ``Stop``."""
        assert self.call(f"{PLAYER}.{member}") == "()"

    def get(self, name: str, interface: str = PLAYER) -> str:
        """A property, as gdbus prints it: ``(<'Playing'>,)``."""
        return self.call("org.freedesktop.DBus.Properties.Get", interface, name)

    def status(self) -> str:
        """``PlaybackStatus``: "Playing" or "Paused"."""
        return self.get("PlaybackStatus").removeprefix("(<'").removesuffix("'>,)")


class Monitor:
    """``gdbus monitor`` of the player's name: what it prints, line by line.

    ``wait_for`` returns once the name has an owner, so starting one before the app
    also tells when the app is on the bus.
    """

    def __init__(self, address: str) -> None:
        self.child = subprocess.Popen(
            ["gdbus", "monitor", "--session", "--dest", BUS_NAME],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
        )
        assert self.child.stdout is not None
        self._fd = self.child.stdout.fileno()
        os.set_blocking(self._fd, False)
        self._seen = b""

    @property
    def lines(self) -> list[str]:
        return self._seen.decode(errors="replace").splitlines()

    def wait_for(self, text: str, after: int = 0) -> str:
        """The first line from number ``after`` on that holds ``text``, once it is printed."""
        deadline = time.monotonic() + WAIT
        while True:
            found = next((line for line in self.lines[after:] if text in line), None)
            if found is not None:
                return found
            left = deadline - time.monotonic()
            assert left > 0, f"gdbus monitor never printed {text!r}:\n" + "\n".join(self.lines)
            ready, _, _ = select.select([self._fd], [], [], left)
            if ready:
                self._seen += os.read(self._fd, 65536)

    def close(self) -> None:
        self.child.kill()
        self.child.wait()
        assert self.child.stdout is not None
        self.child.stdout.close()
