"""The local control protocol between a running backcoach and a second process.

A running instance (the window or a terminal session) serves a user-only AF_UNIX
socket named after its data folder; a second ``backcoach start`` and ``backcoach
ctl`` connect and send requests. The wire format is one JSON
object per UTF-8 line each way, every one carrying ``"v": 1``::

    -> {"v": 1, "cmd": "status"}
    <- {"v": 1, "ok": true, ...}
    <- {"v": 1, "ok": false, "error": "<one sentence>", "code": "not-now"}

An error reply may carry a ``code`` (a short word for programs: ``unknown-command``
from :func:`dispatch`, or what a handler gives, such as ``no-session``); its
``error`` is for people. Every request gets exactly one reply, and a connection may send several
requests in turn. :class:`ControlServer` never blocks and starts no thread: its
owner puts :meth:`ControlServer.fds` in its own ``select()`` (or Qt notifiers)
and hands the ready ones to :meth:`ControlServer.process`. :func:`request` is
the blocking client. Nothing here imports Qt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
MAX_REQUEST = 65536
"""Longest request line, in bytes without its newline."""
MAX_CONNECTIONS = 8
"""Connections served at once; more are told the instance is busy and closed."""
IDLE_TIMEOUT = 5.0
"""Seconds a connection may stay silent (with nothing sent to it) before it is closed."""
MAX_SOCKET_PATH = 107
"""Longest AF_UNIX socket path, in bytes (``sun_path`` holds 108 with its NUL)."""
PROBE_TIMEOUT = 0.5
"""Seconds :meth:`ControlServer.start` waits when checking whether a socket file is live."""

Handler = Callable[[dict[str, Any]], dict[str, Any]]
"""Maps a validated request to the fields of its reply."""
UNKNOWN_COMMAND = "unknown-command"
"""The ``code`` of the error reply to a command the instance does not know."""


class ProtocolError(Exception):
    """The control protocol failed: no socket, a timeout, a closed connection, a bad reply."""


class NoInstance(ProtocolError):
    """Nothing listens on the socket: no backcoach is running on that data folder."""


class InstanceRunning(ProtocolError):
    """A live instance already serves the socket a new server wanted to bind."""


def socket_path(folder: Path) -> Path:
    """The control socket of the instance running on the data folder ``folder``.

    The name comes from a digest of the resolved folder path; it lives in
    ``$XDG_RUNTIME_DIR`` when that is a user-only directory and the path fits
    in an AF_UNIX address, else in a ``backcoach-<uid>`` directory of the
    temporary folder, created (or repaired) with mode 0700. Raises
    :class:`ProtocolError` when there is no such place.
    """
    digest = hashlib.sha256(str(folder.expanduser().resolve()).encode()).hexdigest()[:16]
    name = f"backcoach-{digest}.sock"
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and _user_only(Path(runtime)) and _fits(Path(runtime) / name):
        return Path(runtime) / name
    base = Path(tempfile.gettempdir())
    try:
        path = _private_dir(base) / name
    except OSError as exc:
        raise ProtocolError(
            f"no private folder for the socket in {base} ({exc.strerror or exc})"
        ) from exc
    if not _fits(path):
        raise ProtocolError(f"the socket path {path} is too long for a local socket.")
    return path


def dispatch(handlers: Mapping[str, Handler]) -> Handler:
    """A handler that passes each request to ``handlers[cmd]`` and refuses other commands."""

    def handle(message: dict[str, Any]) -> dict[str, Any]:
        handler = handlers.get(message["cmd"])
        if handler is None:
            known = ", ".join(sorted(handlers)) or "none"
            return {
                "ok": False,
                "code": UNKNOWN_COMMAND,
                "error": f"unknown command {message['cmd']!r} (known: {known}).",
            }
        return handler(message)

    return handle


@dataclass(eq=False)
class _Connection:
    sock: socket.socket
    last_active: float
    fd: int = field(init=False)
    inbox: bytearray = field(default_factory=bytearray)
    outbox: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self.fd = self.sock.fileno()


class ControlServer:
    """Serves requests on ``path`` without blocking, driven from its owner's loop.

    ``handler`` gets each well-formed request (a dict with ``v`` and ``cmd``)
    and returns the reply's fields; the server adds ``"v"`` and ``"ok": true``,
    or sends an error reply when the handler returns ``"ok": False`` or an
    ``"error"`` (with its ``"code"``, when that is a non-empty string), returns
    something else than a dict, or raises (which is logged).

    Closed connections are shut down at once but their descriptors are only
    released at the next :meth:`process`, so a caller watching :meth:`fds`
    never sees a descriptor number reused under its feet. A reply that does not
    fit in the socket buffer is finished on later calls to :meth:`process`.
    """

    def __init__(
        self, path: Path, handler: Handler, *, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.path = path
        self._handler = handler
        self._now = now
        self._listener: socket.socket | None = None
        self._identity: tuple[int, int] | None = None
        self._connections: dict[int, _Connection] = {}
        self._retired: list[socket.socket] = []

    def start(self) -> None:
        """Listen on the socket, replacing a stale socket file; InstanceRunning if one answers."""
        if self._listener is not None:
            raise ProtocolError(f"the control server on {self.path} is already started.")
        _clear_stale(self.path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(str(self.path))
        except OSError as exc:
            listener.close()
            raise ProtocolError(f"cannot bind {self.path}: {exc.strerror or exc}.") from exc
        try:
            os.chmod(self.path, 0o600)
            listener.listen()
            listener.setblocking(False)
            info = os.stat(self.path)
        except OSError as exc:
            listener.close()
            self.path.unlink(missing_ok=True)
            raise ProtocolError(f"cannot listen on {self.path}: {exc.strerror or exc}.") from exc
        self._identity = (info.st_dev, info.st_ino)
        self._listener = listener

    def fds(self) -> list[int]:
        """The listening socket and the open connections, to wait on for reading."""
        if self._listener is None:
            return []
        return [self._listener.fileno(), *self._connections]

    def process(self, ready: Iterable[int]) -> None:
        """Accept, read and reply for the ready descriptors; close connections left idle."""
        self._release_retired()
        if self._listener is None:
            return
        wanted = set(ready)
        for connection in [c for fd, c in self._connections.items() if fd in wanted]:
            self._read(connection)
        for connection in list(self._connections.values()):
            if connection.outbox:
                self._flush(connection)
                self._serve(connection)
        if self._listener.fileno() in wanted:
            self._accept(self._listener)
        self._reap()

    def close(self) -> None:
        """Close every connection and the listening socket, and remove the socket file."""
        for connection in self._connections.values():
            connection.sock.close()
        self._connections.clear()
        self._release_retired()
        if self._listener is None:
            return
        self._listener.close()
        self._listener = None
        with contextlib.suppress(FileNotFoundError):
            info = os.lstat(self.path)
            if (info.st_dev, info.st_ino) == self._identity:
                self.path.unlink()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                sock, _ = listener.accept()
            except BlockingIOError:
                return
            except OSError as exc:
                logger.warning("control socket %s: cannot accept: %s", self.path, exc)
                return
            sock.setblocking(False)
            if len(self._connections) < MAX_CONNECTIONS:
                connection = _Connection(sock, self._now())
                self._connections[connection.fd] = connection
                continue
            logger.warning("control socket %s: refused a connection, all slots busy", self.path)
            with contextlib.suppress(OSError):
                sock.send(
                    _encode(
                        _error(f"busy: this instance already serves {MAX_CONNECTIONS} connections.")
                    )
                )
            sock.close()

    def _read(self, connection: _Connection) -> None:
        try:
            data = connection.sock.recv(MAX_REQUEST + 1 - len(connection.inbox))
        except BlockingIOError:
            return
        except OSError:
            self._retire(connection)
            return
        if not data:
            self._retire(connection)
            return
        connection.last_active = self._now()
        connection.inbox += data
        if connection.outbox and len(connection.inbox) > MAX_REQUEST:
            logger.debug("control socket %s: dropped a client that reads no replies", self.path)
            self._retire(connection)
            return
        self._serve(connection)

    def _serve(self, connection: _Connection) -> None:
        """Answer the complete lines waiting in the inbox while the replies go out."""
        while connection.fd in self._connections and not connection.outbox:
            end = connection.inbox.find(b"\n")
            if end == -1 and len(connection.inbox) <= MAX_REQUEST:
                return
            if end == -1 or end > MAX_REQUEST:
                connection.outbox += _encode(
                    _error(f"the request is longer than {MAX_REQUEST} bytes.")
                )
                self._flush(connection)
                self._retire(connection)
                return
            line = bytes(connection.inbox[:end])
            del connection.inbox[: end + 1]
            connection.outbox += self._answer(line)
            self._flush(connection)

    def _flush(self, connection: _Connection) -> None:
        try:
            sent = connection.sock.send(connection.outbox)
        except BlockingIOError:
            return
        except OSError:
            self._retire(connection)
            return
        del connection.outbox[:sent]
        connection.last_active = self._now()

    def _answer(self, line: bytes) -> bytes:
        try:
            message = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            return _encode(_error("the request is not valid UTF-8."))
        except ValueError:
            return _encode(_error("the request is not valid JSON."))
        if not isinstance(message, dict):
            return _encode(_error("the request is not a JSON object."))
        if "v" not in message:
            return _encode(_error('the request carries no protocol version ("v").'))
        version = message["v"]
        if type(version) is not int or version != PROTOCOL_VERSION:
            return _encode(
                _error(f"unsupported protocol version; this instance speaks {PROTOCOL_VERSION}.")
            )
        cmd = message.get("cmd")
        if not isinstance(cmd, str) or not cmd:
            return _encode(_error('the request names no command ("cmd").'))
        try:
            reply = self._handler(message)
        except Exception:
            logger.exception("control command %r failed", cmd)
            return _encode(_error(f"the {cmd!r} command failed inside the instance."))
        if not isinstance(reply, dict):
            logger.error("control command %r returned %r, not a dict", cmd, type(reply))
            return _encode(_error(f"the {cmd!r} command gave no usable reply."))
        if reply.get("ok") is False or "error" in reply:
            error = reply.get("error")
            code = reply.get("code")
            return _encode(
                _error(
                    error if isinstance(error, str) and error else f"{cmd!r} failed.",
                    code if isinstance(code, str) and code else None,
                )
            )
        fields = {key: value for key, value in reply.items() if key not in ("v", "ok")}
        try:
            return _encode({"v": PROTOCOL_VERSION, "ok": True, **fields})
        except (TypeError, ValueError):
            logger.exception("control command %r returned a reply that is not JSON", cmd)
            return _encode(_error(f"the {cmd!r} command gave no usable reply."))

    def _reap(self) -> None:
        now = self._now()
        for connection in list(self._connections.values()):
            if now - connection.last_active > IDLE_TIMEOUT:
                logger.debug("control socket %s: closed an idle connection", self.path)
                self._retire(connection)

    def _retire(self, connection: _Connection) -> None:
        """Hang up now; the descriptor is released at the next :meth:`process`."""
        if self._connections.pop(connection.fd, None) is None:
            return
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)
        self._retired.append(connection.sock)

    def _release_retired(self) -> None:
        for sock in self._retired:
            sock.close()
        self._retired.clear()


def request(
    folder_or_path: Path | str, cmd: str, timeout: float = 2.0, **args: Any
) -> dict[str, Any]:
    """Send one request to the instance and return its reply (``ok`` true or false).

    ``folder_or_path`` is a data folder (a directory) or a socket path. Raises
    NoInstance when nothing listens there, ProtocolError when the instance does
    not answer within ``timeout`` seconds, hangs up, or sends a malformed reply.
    """
    if "v" in args:
        raise ValueError('"v" is set by the protocol, not by the caller')
    target = Path(folder_or_path)
    path = socket_path(target) if target.is_dir() else target
    line = _encode({"v": PROTOCOL_VERSION, "cmd": cmd, **args})
    if len(line) > MAX_REQUEST + 1:
        raise ProtocolError(f"the request is longer than {MAX_REQUEST} bytes.")
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError) as exc:
            raise NoInstance(f"no backcoach instance is listening on {path}.") from exc
        except (TimeoutError, BlockingIOError) as exc:
            raise ProtocolError(f"the instance on {path} did not accept the connection.") from exc
        except OSError as exc:
            raise ProtocolError(f"cannot connect to {path}: {exc.strerror or exc}.") from exc
        try:
            sock.sendall(line)
        except TimeoutError as exc:
            raise ProtocolError(f"the instance took no request within {timeout:g} s.") from exc
        except OSError:
            pass  # it hung up (busy, say), but may have sent its reason first
        return _parse_reply(_read_line(sock, deadline, timeout))


def _read_line(sock: socket.socket, deadline: float, timeout: float) -> bytes:
    received = bytearray()
    while (end := received.find(b"\n")) == -1:
        left = deadline - time.monotonic()
        if left <= 0:
            raise ProtocolError(f"the instance did not reply within {timeout:g} s.")
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except TimeoutError as exc:
            raise ProtocolError(f"the instance did not reply within {timeout:g} s.") from exc
        except OSError as exc:
            raise ProtocolError("the instance closed the connection without replying.") from exc
        if not chunk:
            raise ProtocolError("the instance closed the connection without replying.")
        received += chunk
    return bytes(received[:end])


def _parse_reply(line: bytes) -> dict[str, Any]:
    try:
        reply = json.loads(line.decode("utf-8"))
    except ValueError as exc:
        raise ProtocolError("the instance sent a reply that is not JSON.") from exc
    if not isinstance(reply, dict):
        raise ProtocolError("the instance sent a reply that is not a JSON object.")
    if reply.get("v") != PROTOCOL_VERSION or type(reply.get("v")) is not int:
        raise ProtocolError(f"the instance does not speak protocol version {PROTOCOL_VERSION}.")
    if not isinstance(reply.get("ok"), bool):
        raise ProtocolError('the instance sent a reply without "ok".')
    if reply["ok"] is False and not isinstance(reply.get("error"), str):
        raise ProtocolError("the instance sent an error reply without a reason.")
    return reply


def _encode(message: Mapping[str, Any]) -> bytes:
    text = json.dumps(message, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


def _error(message: str, code: str | None = None) -> dict[str, Any]:
    reply = {"v": PROTOCOL_VERSION, "ok": False, "error": message}
    return reply if code is None else {**reply, "code": code}


def _fits(path: Path) -> bool:
    return len(os.fsencode(path)) <= MAX_SOCKET_PATH


def _user_only(folder: Path) -> bool:
    """True for an existing directory that we own and nobody else may enter."""
    if not folder.is_absolute():
        return False
    try:
        info = os.stat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.geteuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
        and os.access(folder, os.W_OK | os.X_OK)
    )


def _private_dir(base: Path) -> Path:
    """``base/backcoach-<uid>``, made or repaired to be ours with mode 0700."""
    uid = os.geteuid()
    folder = base / f"backcoach-{uid}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise ProtocolError(f"{folder} is not a directory, so it cannot hold the socket.")
    if info.st_uid != uid:
        raise ProtocolError(f"{folder} belongs to another user, so it cannot hold the socket.")
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(folder, 0o700)
    return folder


def _clear_stale(path: Path) -> None:
    """Remove a socket file nothing answers on; InstanceRunning when something does."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(info.st_mode):
        raise ProtocolError(f"{path} exists and is not a socket; not replacing it.")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(PROBE_TIMEOUT)
        try:
            probe.connect(str(path))
        except (ConnectionRefusedError, FileNotFoundError):
            path.unlink(missing_ok=True)
            return
        except (TimeoutError, BlockingIOError):
            pass
        except OSError as exc:
            raise ProtocolError(f"cannot check {path}: {exc.strerror or exc}.") from exc
    raise InstanceRunning(f"another backcoach instance already answers on {path}.")
