"""The Qt adapter serves the control protocol from the event loop, notifiers in step with it.

Clients are raw sockets in the test thread, or the blocking client in a worker
thread; the test waits on the event loop with ``qtbot.waitUntil``. Any Qt
warning (a notifier left on a closed descriptor, say) fails the test.
"""

from __future__ import annotations

import json
import select
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSocketNotifier
from pytestqt.qtbot import QtBot

from backcoach.services.protocol import (
    IDLE_TIMEOUT,
    MAX_CONNECTIONS,
    InstanceRunning,
    NoInstance,
    request,
)
from backcoach.ui.control_socket import ControlSocket
from tests.helpers.clock import FakeClock

WAIT_MS = 5000
"""How long any wait in these tests may take before it fails the test."""


@pytest.fixture
def path() -> Iterator[Path]:
    """A socket path short enough for AF_UNIX, in a fresh directory."""
    folder = Path(tempfile.mkdtemp(prefix="bc-"))
    yield folder / "s.sock"
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def seen() -> list[dict[str, Any]]:
    return []


@pytest.fixture
def control(
    qtbot: QtBot, path: Path, clock: FakeClock, seen: list[dict[str, Any]]
) -> Iterator[ControlSocket]:
    def handle(message: dict[str, Any]) -> dict[str, Any]:
        seen.append(message)
        return {"echo": message.get("text")}

    adapter = ControlSocket(path, handle, now=clock.monotonic, reap_interval_ms=20)
    adapter.start()
    yield adapter
    adapter.close()


def watched(control: ControlSocket) -> list[int]:
    """The descriptors the adapter's live notifiers watch."""
    notifiers = control.findChildren(QSocketNotifier)
    assert all(n.type() == QSocketNotifier.Type.Read for n in notifiers)
    return sorted(n.socket() for n in notifiers if n.isEnabled())


def in_step(control: ControlSocket) -> bool:
    return watched(control) == sorted(control.server.fds())


def ask(qtbot: QtBot, path: Path, **args: Any) -> dict[str, Any]:
    """Run the blocking client in a thread while the event loop serves it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        future: Future[dict[str, Any]] = pool.submit(request, path, "echo", 2.0, **args)
        qtbot.waitUntil(future.done, timeout=WAIT_MS)
        return future.result()


def connect(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(WAIT_MS / 1000)
    sock.connect(str(path))
    return sock


def readable(sock: socket.socket) -> Callable[[], bool]:
    return lambda: bool(select.select([sock], [], [], 0)[0])


def test_answers_a_request_from_the_event_loop(
    qtbot: QtBot, control: ControlSocket, path: Path, seen: list[dict[str, Any]]
) -> None:
    assert watched(control) == control.server.fds() != []
    assert ask(qtbot, path, text="hi") == {"v": 1, "ok": True, "echo": "hi"}
    assert seen == [{"v": 1, "cmd": "echo", "text": "hi"}]


def test_notifiers_follow_connections_and_the_timer_runs_only_while_clients_are(
    qtbot: QtBot, control: ControlSocket
) -> None:
    assert len(watched(control)) == 1
    assert not control.reaper.isActive()
    clients = [connect(control.server.path) for _ in range(3)]
    qtbot.waitUntil(lambda: len(control.server.fds()) == 4, timeout=WAIT_MS)
    assert in_step(control)
    assert control.reaper.isActive()
    clients.pop().close()
    qtbot.waitUntil(lambda: len(control.server.fds()) == 3, timeout=WAIT_MS)
    assert in_step(control)
    for client in clients:
        client.close()
    qtbot.waitUntil(lambda: len(control.server.fds()) == 1, timeout=WAIT_MS)
    assert in_step(control)
    assert not control.reaper.isActive()


def test_descriptor_numbers_reused_by_new_connections_are_served(
    qtbot: QtBot, control: ControlSocket, path: Path, seen: list[dict[str, Any]]
) -> None:
    for round_ in range(30):
        with connect(path) as sock:
            sock.sendall(json.dumps({"v": 1, "cmd": "echo", "text": round_}).encode() + b"\n")
            qtbot.waitUntil(readable(sock), timeout=WAIT_MS)
            assert json.loads(sock.recv(4096)) == {"v": 1, "ok": True, "echo": round_}
        assert in_step(control)
    assert [m["text"] for m in seen] == list(range(30))


def test_busy_clients_are_refused_and_the_instance_keeps_answering(
    qtbot: QtBot, control: ControlSocket, path: Path
) -> None:
    clients = [connect(path) for _ in range(MAX_CONNECTIONS + 2)]
    qtbot.waitUntil(lambda: len(control.server.fds()) == MAX_CONNECTIONS + 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(select.select(clients, [], [], 0)[0]) == 2, timeout=WAIT_MS)
    refused, _, _ = select.select(clients, [], [], 0)
    assert all(json.loads(c.recv(4096))["error"].startswith("busy: ") for c in refused)
    assert len(control.server.fds()) == MAX_CONNECTIONS + 1  # the refused were never served
    assert in_step(control)
    for client in clients:
        client.close()
    qtbot.waitUntil(lambda: len(control.server.fds()) == 1, timeout=WAIT_MS)
    assert ask(qtbot, path, text="after")["echo"] == "after"


def test_the_timer_closes_idle_connections(
    qtbot: QtBot, control: ControlSocket, clock: FakeClock
) -> None:
    with connect(control.server.path) as silent:
        qtbot.waitUntil(lambda: len(control.server.fds()) == 2, timeout=WAIT_MS)
        with qtbot.waitSignal(control.reaper.timeout, timeout=WAIT_MS):
            pass
        assert len(control.server.fds()) == 2
        clock.advance(IDLE_TIMEOUT + 0.1)
        qtbot.waitUntil(lambda: len(control.server.fds()) == 1, timeout=WAIT_MS)
        assert silent.recv(1) == b""
    assert in_step(control)
    assert not control.reaper.isActive()


def test_close_drops_the_notifiers_and_unlinks_the_socket(
    qtbot: QtBot, control: ControlSocket, path: Path
) -> None:
    with connect(path) as client:
        qtbot.waitUntil(lambda: len(control.server.fds()) == 2, timeout=WAIT_MS)
        control.close()
        assert watched(control) == []
        assert not path.exists()
        assert client.recv(1) == b""
    with pytest.raises(NoInstance):
        request(path, "echo")


def test_a_second_adapter_does_not_steal_a_live_socket(
    qtbot: QtBot, control: ControlSocket, path: Path
) -> None:
    second = ControlSocket(path, lambda message: {})
    with pytest.raises(InstanceRunning):
        second.start()
    assert watched(second) == []
    assert ask(qtbot, path, text="first")["echo"] == "first"
