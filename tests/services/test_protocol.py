"""The local control protocol: socket placement, the server's limits and errors, the client.

The server is driven in the test thread with ``select()``; the blocking client
runs in a worker thread, or the test talks raw sockets. Every test asserts on
replies or state the protocol produced, so none passes by doing nothing.
"""

from __future__ import annotations

import json
import logging
import os
import select
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from backcoach.services import protocol
from backcoach.services.protocol import (
    IDLE_TIMEOUT,
    MAX_CONNECTIONS,
    MAX_REQUEST,
    PROTOCOL_VERSION,
    ControlServer,
    InstanceRunning,
    NoInstance,
    ProtocolError,
    dispatch,
    request,
    socket_path,
)
from tests.helpers.clock import FakeClock

DEADLINE = 5.0
"""Seconds any wait in these tests may take before it fails the test."""


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A fresh directory with a path short enough for AF_UNIX sockets."""
    folder = Path(tempfile.mkdtemp(prefix="bc-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def calls() -> list[dict[str, Any]]:
    return []


@pytest.fixture
def server(short_dir: Path, calls: list[dict[str, Any]]) -> Iterator[ControlServer]:
    """A started server answering "status" and "echo", recording what its handlers saw."""

    def status(message: dict[str, Any]) -> dict[str, Any]:
        calls.append(message)
        return {"state": "idle"}

    def echo(message: dict[str, Any]) -> dict[str, Any]:
        calls.append(message)
        return {"said": message.get("text")}

    running = ControlServer(short_dir / "s.sock", dispatch({"status": status, "echo": echo}))
    running.start()
    yield running
    running.close()


def pump(server: ControlServer, timeout: float = 0.05) -> None:
    ready, _, _ = select.select(server.fds(), [], [], timeout)
    server.process(ready)


def connect(server: ControlServer) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(DEADLINE)
    sock.connect(str(server.path))
    return sock


def read_line(server: ControlServer, sock: socket.socket) -> bytes:
    """The next line ``sock`` receives, pumping the server until it arrives."""
    received = b""
    deadline = time.monotonic() + DEADLINE
    while b"\n" not in received:
        assert time.monotonic() < deadline, f"no reply line; got {received!r}"
        pump(server, 0.01)
        readable, _, _ = select.select([sock], [], [], 0.01)
        if readable:
            chunk = sock.recv(4096, socket.MSG_PEEK)
            assert chunk, f"connection closed before a full line; got {received!r}"
            size = chunk.index(b"\n") + 1 if b"\n" in chunk else len(chunk)
            received += sock.recv(size)
    return received


def reply_to(server: ControlServer, sock: socket.socket, line: bytes) -> dict[str, Any]:
    sock.sendall(line)
    reply = json.loads(read_line(server, sock))
    assert isinstance(reply, dict)
    return reply


def is_closed(server: ControlServer, sock: socket.socket) -> bool:
    """True once the server has hung up on ``sock`` (after any replies were read)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        pump(server, 0.01)
        readable, _, _ = select.select([sock], [], [], 0.01)
        if readable:
            try:
                return sock.recv(4096) == b""
            except ConnectionResetError:
                return True
    return False


def line(message: dict[str, Any]) -> bytes:
    return json.dumps(message).encode() + b"\n"


def in_thread(server: ControlServer, call: Callable[[], Any]) -> Any:
    """Run the blocking ``call`` in a worker thread while pumping the server here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        future: Future[Any] = pool.submit(call)
        deadline = time.monotonic() + DEADLINE
        while not future.done():
            assert time.monotonic() < deadline, "the client never finished"
            pump(server, 0.01)
        return future.result()


# socket_path ------------------------------------------------------------------


@pytest.fixture
def no_runtime_dir(monkeypatch: pytest.MonkeyPatch, short_dir: Path) -> Path:
    """No XDG_RUNTIME_DIR, and a short temporary folder: the fallback location."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(short_dir))
    return short_dir


def test_socket_path_uses_a_user_only_runtime_dir(
    monkeypatch: pytest.MonkeyPatch, short_dir: Path, tmp_path: Path
) -> None:
    runtime = short_dir / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    path = socket_path(tmp_path / "data")
    assert path.parent == runtime
    assert path.name.startswith("backcoach-") and path.name.endswith(".sock")
    assert len(path.name) == len("backcoach-.sock") + 16
    assert path == socket_path(tmp_path / "data" / ".." / "data")
    assert path != socket_path(tmp_path / "other")


def test_socket_path_falls_back_from_a_shared_or_too_long_runtime_dir(
    monkeypatch: pytest.MonkeyPatch, no_runtime_dir: Path, tmp_path: Path
) -> None:
    expected = no_runtime_dir / f"backcoach-{os.geteuid()}"
    shared = no_runtime_dir / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    assert socket_path(tmp_path).parent == expected
    deep = no_runtime_dir / ("d" * 90)
    deep.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    assert socket_path(tmp_path).parent == expected
    assert len(os.fsencode(socket_path(tmp_path))) <= 107


def test_socket_path_makes_a_user_only_temp_dir(no_runtime_dir: Path, tmp_path: Path) -> None:
    folder = socket_path(tmp_path).parent
    assert folder == no_runtime_dir / f"backcoach-{os.geteuid()}"
    info = folder.lstat()
    assert stat.S_ISDIR(info.st_mode)
    assert stat.S_IMODE(info.st_mode) == 0o700
    assert info.st_uid == os.geteuid()


def test_socket_path_repairs_a_temp_dir_that_is_too_open(
    no_runtime_dir: Path, tmp_path: Path
) -> None:
    folder = no_runtime_dir / f"backcoach-{os.geteuid()}"
    folder.mkdir()
    folder.chmod(0o777)
    assert socket_path(tmp_path).parent == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_socket_path_refuses_a_temp_dir_owned_by_someone_else(
    monkeypatch: pytest.MonkeyPatch, no_runtime_dir: Path, tmp_path: Path
) -> None:
    someone_else = os.geteuid() + 1
    monkeypatch.setattr(os, "geteuid", lambda: someone_else)
    (no_runtime_dir / f"backcoach-{someone_else}").mkdir(mode=0o700)  # made by us, not them
    with pytest.raises(ProtocolError, match="belongs to another user"):
        socket_path(tmp_path)


def test_socket_path_refuses_a_symlink_in_place_of_the_temp_dir(
    no_runtime_dir: Path, tmp_path: Path
) -> None:
    target = no_runtime_dir / "elsewhere"
    target.mkdir(mode=0o700)
    (no_runtime_dir / f"backcoach-{os.geteuid()}").symlink_to(target)
    with pytest.raises(ProtocolError, match="not a directory"):
        socket_path(tmp_path)


def test_socket_path_refuses_a_path_too_long_for_a_socket(
    monkeypatch: pytest.MonkeyPatch, no_runtime_dir: Path, tmp_path: Path
) -> None:
    deep = no_runtime_dir / ("d" * 90)
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    with pytest.raises(ProtocolError, match="too long"):
        socket_path(tmp_path)


# requests and replies -------------------------------------------------------


def test_a_request_gets_the_handlers_fields(
    server: ControlServer, calls: list[dict[str, Any]]
) -> None:
    with connect(server) as sock:
        reply = reply_to(server, sock, line({"v": 1, "cmd": "echo", "text": "héllo"}))
    assert reply == {"v": PROTOCOL_VERSION, "ok": True, "said": "héllo"}
    assert calls == [{"v": 1, "cmd": "echo", "text": "héllo"}]


def test_one_connection_sends_requests_in_turn_and_back_to_back(server: ControlServer) -> None:
    with connect(server) as sock:
        assert reply_to(server, sock, line({"v": 1, "cmd": "status"}))["state"] == "idle"
        sock.sendall(line({"v": 1, "cmd": "echo", "text": "a"}) + line({"v": 1, "cmd": "echo"}))
        first = json.loads(read_line(server, sock))
        second = json.loads(read_line(server, sock))
    assert first == {"v": 1, "ok": True, "said": "a"}
    assert second == {"v": 1, "ok": True, "said": None}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe\n", "not valid UTF-8"),
        (b"status please\n", "not valid JSON"),
        (b"\n", "not valid JSON"),
        (b'["status"]\n', "not a JSON object"),
        (b'{"v": 1}\n', "names no command"),
        (b'{"v": 1, "cmd": 7}\n', "names no command"),
    ],
)
def test_a_malformed_line_gets_an_error_and_the_next_request_is_answered(
    server: ControlServer, calls: list[dict[str, Any]], raw: bytes, reason: str
) -> None:
    with connect(server) as sock:
        refused = reply_to(server, sock, raw)
        answered = reply_to(server, sock, line({"v": 1, "cmd": "status"}))
    assert refused["v"] == PROTOCOL_VERSION
    assert refused["ok"] is False
    assert reason in refused["error"]
    assert answered == {"v": 1, "ok": True, "state": "idle"}
    assert len(calls) == 1


@pytest.mark.parametrize("version", [None, 2, 0, "1", 1.0, True])
def test_a_wrong_or_missing_version_is_refused(
    server: ControlServer, calls: list[dict[str, Any]], version: Any
) -> None:
    message: dict[str, Any] = {"cmd": "status"}
    if version is not None:
        message["v"] = version
    with connect(server) as sock:
        reply = reply_to(server, sock, line(message))
    assert reply["ok"] is False
    assert "version" in reply["error"]
    assert calls == []


def test_an_unknown_command_is_refused_with_the_known_ones(
    server: ControlServer, calls: list[dict[str, Any]]
) -> None:
    with connect(server) as sock:
        reply = reply_to(server, sock, line({"v": 1, "cmd": "dance"}))
    assert reply == {
        "v": 1,
        "ok": False,
        "error": "unknown command 'dance' (known: echo, status).",
        "code": "unknown-command",
    }
    assert calls == []


def test_a_handler_that_raises_gets_an_error_reply_and_is_logged(
    short_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(message: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("the handler broke")

    server = ControlServer(
        short_dir / "s.sock", dispatch({"explode": explode, "ok": lambda message: {}})
    )
    server.start()
    try:
        with connect(server) as sock, caplog.at_level(logging.ERROR, logger=protocol.__name__):
            failed = reply_to(server, sock, line({"v": 1, "cmd": "explode"}))
            after = reply_to(server, sock, line({"v": 1, "cmd": "ok"}))
    finally:
        server.close()
    assert failed == {
        "v": 1,
        "ok": False,
        "error": "the 'explode' command failed inside the instance.",
    }
    assert after["ok"] is True
    [record] = [r for r in caplog.records if r.exc_info is not None]
    assert record.name == protocol.__name__
    assert "explode" in record.getMessage()
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], RuntimeError)


@pytest.mark.parametrize(
    ("returned", "error"),
    [
        ({"ok": False, "error": "no session is running."}, "no session is running."),
        ({"error": "refused."}, "refused."),
        ({"ok": False}, "'x' failed."),
        ({"ok": False, "error": "not now.", "code": "not-now"}, "not now."),
        ({"ok": False, "error": "odd.", "code": 4}, "odd."),
        ("not a dict", "the 'x' command gave no usable reply."),
        ({"value": float("nan")}, "the 'x' command gave no usable reply."),
        ({"value": object()}, "the 'x' command gave no usable reply."),
    ],
)
def test_a_handler_refusal_or_unusable_reply_becomes_an_error_reply(
    short_dir: Path, returned: Any, error: str
) -> None:
    server = ControlServer(short_dir / "s.sock", lambda message: returned)
    server.start()
    try:
        with connect(server) as sock:
            reply = reply_to(server, sock, line({"v": 1, "cmd": "x"}))
    finally:
        server.close()
    code = returned.get("code") if isinstance(returned, dict) else None
    kept = {"code": code} if isinstance(code, str) else {}  # a code that is not text is dropped
    assert reply == {"v": 1, "ok": False, "error": error, **kept}


def test_the_server_sets_v_and_ok_itself(short_dir: Path) -> None:
    server = ControlServer(short_dir / "s.sock", lambda message: {"v": 9, "ok": "yes", "n": 1})
    server.start()
    try:
        with connect(server) as sock:
            reply = reply_to(server, sock, line({"v": 1, "cmd": "x"}))
    finally:
        server.close()
    assert reply == {"v": 1, "ok": True, "n": 1}


# limits -----------------------------------------------------------------------


def send_while_pumping(server: ControlServer, sock: socket.socket, data: bytes) -> None:
    """Send all of ``data`` without relying on the socket buffer holding it."""
    sock.setblocking(False)
    view = memoryview(data)
    deadline = time.monotonic() + DEADLINE
    try:
        while view:
            assert time.monotonic() < deadline, "could not send the request"
            try:
                view = view[sock.send(view) :]
            except BlockingIOError:
                pump(server, 0.01)
            except (BrokenPipeError, ConnectionResetError):
                return
    finally:
        sock.settimeout(DEADLINE)


@pytest.mark.parametrize("newline", [b"", b"\n"])
def test_an_oversized_request_gets_an_error_and_its_connection_is_closed(
    server: ControlServer, calls: list[dict[str, Any]], newline: bytes
) -> None:
    oversized = b'{"v":1,"cmd":"echo","text":"' + b"x" * MAX_REQUEST + b'"}' + newline
    with connect(server) as sock:
        send_while_pumping(server, sock, oversized)
        reply = json.loads(read_line(server, sock))
        assert is_closed(server, sock)
    assert reply == {
        "v": 1,
        "ok": False,
        "error": f"the request is longer than {MAX_REQUEST} bytes.",
    }
    assert calls == []
    assert len(server.fds()) == 1
    with connect(server) as sock:
        assert reply_to(server, sock, line({"v": 1, "cmd": "status"}))["ok"] is True


def test_a_request_of_exactly_the_limit_is_served(
    server: ControlServer, calls: list[dict[str, Any]]
) -> None:
    head = b'{"v":1,"cmd":"echo","text":"'
    request_line = head + b"x" * (MAX_REQUEST - len(head) - 2) + b'"}\n'
    assert len(request_line) == MAX_REQUEST + 1
    with connect(server) as sock:
        send_while_pumping(server, sock, request_line)
        received = read_line(server, sock)
    assert json.loads(received)["said"] == "x" * (MAX_REQUEST - len(head) - 2)
    assert len(calls) == 1


def test_twenty_connections_at_once_eight_served_twelve_told_busy(
    server: ControlServer, calls: list[dict[str, Any]]
) -> None:
    clients = [connect(server) for _ in range(20)]
    for client in clients:
        client.sendall(line({"v": 1, "cmd": "status"}))
    pump(server)
    replies = [json.loads(read_line(server, client)) for client in clients]
    served = [c for c, r in zip(clients, replies, strict=True) if r["ok"]]
    refused = [c for c, r in zip(clients, replies, strict=True) if not r["ok"]]
    assert len(served) == MAX_CONNECTIONS == 8
    assert len(refused) == 12
    assert all(r == {"v": 1, "ok": True, "state": "idle"} for r in replies if r["ok"])
    for reply in (r for r in replies if not r["ok"]):
        assert set(reply) == {"v", "ok", "error"}
        assert reply["v"] == 1
        assert reply["error"].startswith("busy: ")
    assert all(is_closed(server, client) for client in refused)
    assert len(calls) == 8
    assert reply_to(server, served[0], line({"v": 1, "cmd": "echo", "text": "still"}))["ok"]
    for client in clients:
        client.close()
    fresh = in_thread(server, lambda: request(server.path, "echo", text="again"))
    assert fresh == {"v": 1, "ok": True, "said": "again"}


def test_an_idle_connection_is_closed_after_the_timeout(short_dir: Path) -> None:
    clock = FakeClock()
    server = ControlServer(short_dir / "s.sock", lambda message: {}, now=clock.monotonic)
    server.start()
    try:
        with connect(server) as silent, connect(server) as talker:
            pump(server)
            assert len(server.fds()) == 3
            clock.advance(IDLE_TIMEOUT - 1)
            assert reply_to(server, talker, line({"v": 1, "cmd": "x"}))["ok"] is True
            clock.advance(1.5)
            server.process([])
            assert len(server.fds()) == 2
            assert is_closed(server, silent)
            clock.advance(IDLE_TIMEOUT - 2)
            server.process([])
            assert len(server.fds()) == 2
            clock.advance(0.6)
            server.process([])
            assert len(server.fds()) == 1
            assert is_closed(server, talker)
    finally:
        server.close()


def test_a_request_arriving_in_pieces_keeps_its_connection_alive(short_dir: Path) -> None:
    clock = FakeClock()
    server = ControlServer(
        short_dir / "s.sock", lambda message: {"whole": True}, now=clock.monotonic
    )
    server.start()
    try:
        with connect(server) as sock:
            for piece in (b'{"v":1,', b'"cmd":"x"}'):
                sock.sendall(piece)
                pump(server)
                pump(server)
                clock.advance(IDLE_TIMEOUT - 1)
            server.process([])
            assert len(server.fds()) == 2
            assert reply_to(server, sock, b"\n") == {"v": 1, "ok": True, "whole": True}
    finally:
        server.close()


def test_a_closed_connections_descriptor_stays_taken_until_the_next_process(
    server: ControlServer,
) -> None:
    with connect(server):
        pump(server)
        [fd] = server.fds()[1:]
    pump(server)
    assert server.fds()[1:] == []
    assert stat.S_ISSOCK(os.fstat(fd).st_mode)
    server.process([])
    with pytest.raises(OSError):
        os.fstat(fd)


# the socket file --------------------------------------------------------------


def test_the_socket_is_user_only(no_runtime_dir: Path, tmp_path: Path) -> None:
    server = ControlServer(socket_path(tmp_path), lambda message: {})
    server.start()
    try:
        assert stat.S_ISSOCK(server.path.lstat().st_mode)
        assert stat.S_IMODE(server.path.lstat().st_mode) == 0o600
        assert stat.S_IMODE(server.path.parent.lstat().st_mode) == 0o700
    finally:
        server.close()


def test_a_stale_socket_file_is_replaced(short_dir: Path) -> None:
    path = short_dir / "s.sock"
    killed = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    killed.bind(str(path))
    killed.close()
    with pytest.raises(NoInstance):
        request(path, "status")
    server = ControlServer(path, lambda message: {"fresh": True})
    server.start()
    try:
        assert in_thread(server, lambda: request(path, "status")) == {
            "v": 1,
            "ok": True,
            "fresh": True,
        }
    finally:
        server.close()


def test_a_live_server_is_not_stolen(server: ControlServer) -> None:
    inode = server.path.stat().st_ino
    second = ControlServer(server.path, lambda message: {"thief": True})
    with pytest.raises(InstanceRunning):
        second.start()
    second.close()
    assert server.path.stat().st_ino == inode
    assert in_thread(server, lambda: request(server.path, "status"))["state"] == "idle"


def test_a_file_that_is_not_a_socket_is_left_alone(short_dir: Path) -> None:
    path = short_dir / "s.sock"
    path.write_text("mine")
    with pytest.raises(ProtocolError, match="not a socket"):
        ControlServer(path, lambda message: {}).start()
    assert path.read_text() == "mine"


def test_close_unlinks_the_socket_and_closes_everything(server: ControlServer) -> None:
    client = connect(server)
    pump(server)
    assert len(server.fds()) == 2
    assert server.path.exists()
    server.close()
    assert not server.path.exists()
    assert server.fds() == []
    assert client.recv(1) == b""
    client.close()
    with pytest.raises(NoInstance):
        request(server.path, "status")


def test_close_leaves_a_socket_that_replaced_its_own(short_dir: Path) -> None:
    path = short_dir / "s.sock"
    first = ControlServer(path, lambda message: {})
    first.start()
    path.unlink()
    second = ControlServer(path, lambda message: {})
    second.start()
    try:
        first.close()
        assert path.exists()
    finally:
        second.close()
    assert not path.exists()


# the client -------------------------------------------------------------------


def test_request_finds_the_instance_by_its_data_folder(
    no_runtime_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    server = ControlServer(socket_path(folder), lambda message: {"cmd": message["cmd"]})
    server.start()
    try:
        reply = in_thread(server, lambda: request(folder, "status"))
    finally:
        server.close()
    assert reply == {"v": 1, "ok": True, "cmd": "status"}


def test_request_returns_error_replies(server: ControlServer) -> None:
    reply = in_thread(server, lambda: request(server.path, "dance"))
    assert reply["ok"] is False
    assert reply["error"].startswith("unknown command")


def test_request_without_an_instance_raises_no_instance(
    no_runtime_dir: Path, tmp_path: Path
) -> None:
    with pytest.raises(NoInstance, match="no backcoach instance is listening"):
        request(tmp_path, "status")
    assert issubclass(NoInstance, ProtocolError)


def test_request_refuses_to_set_the_version(short_dir: Path) -> None:
    with pytest.raises(ValueError, match='"v"'):
        request(short_dir / "s.sock", "status", v=2)


@pytest.fixture
def raw_listener(short_dir: Path) -> Iterator[socket.socket]:
    """A bare listening socket the test answers (or not) by hand."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(str(short_dir / "raw.sock"))
        listener.listen()
        listener.settimeout(DEADLINE)
        yield listener


def client_against(
    listener: socket.socket, sent: bytes | None, timeout: float = 2.0
) -> BaseException | None:
    """What ``request`` raises when the instance sends ``sent`` and hangs up (None: stays mute)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(request, listener.getsockname(), "status", timeout)
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(DEADLINE)
            assert json.loads(conn.recv(4096)) == {"v": 1, "cmd": "status"}
            if sent is None:
                return future.exception(DEADLINE)
            conn.sendall(sent)
        return future.exception(DEADLINE)


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (b"", "closed the connection without replying"),
        (b'{"v":1,"ok":tru', "closed the connection without replying"),
        (b"nonsense\n", "not JSON"),
        (b"[1]\n", "not a JSON object"),
        (b'{"v":2,"ok":true}\n', "protocol version 1"),
        (b'{"v":1}\n', 'without "ok"'),
        (b'{"v":1,"ok":false}\n', "without a reason"),
    ],
)
def test_request_raises_on_a_bad_or_missing_reply(
    raw_listener: socket.socket, sent: bytes, message: str
) -> None:
    error = client_against(raw_listener, sent)
    assert isinstance(error, ProtocolError)
    assert not isinstance(error, NoInstance)
    assert message in str(error)


def test_request_times_out_when_the_instance_never_replies(raw_listener: socket.socket) -> None:
    error = client_against(raw_listener, None, timeout=0.2)
    assert isinstance(error, ProtocolError)
    assert "did not reply within 0.2 s" in str(error)
