"""A connection to the D-Bus session bus, driven from its owner's loop (with jeepney).

:meth:`BusConnection.connect` authenticates and says Hello within a deadline
(a local bus answers in about a millisecond); from then on nothing blocks but a
write to a bus that has stopped reading (at most :data:`SEND_TIMEOUT`). The
owner waits on :meth:`BusConnection.fileno` in its own ``select()`` (or a Qt
socket notifier) and calls :meth:`BusConnection.receive` when it is readable.
No thread, no Qt. jeepney is imported with this module, which loads only
when a session starts.

The bus is ``$DBUS_SESSION_BUS_ADDRESS``; when that is not set, the socket
``$XDG_RUNTIME_DIR/bus`` of a per-user bus, if there is one (as GLib and sd-bus
look for it).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import select
import socket
import stat
import time
from collections import deque
from collections.abc import Mapping
from typing import Any

from jeepney import DBusAddress, HeaderFields, MessageType, Parser, new_method_call
from jeepney.bus import get_connectable_addresses
from jeepney.io.blocking import prep_socket

CONNECT_TIMEOUT = 1.0
"""Seconds to connect, authenticate and be given a name, before giving up on the bus."""
SEND_TIMEOUT = 1.0
"""Seconds a message may wait for room in the socket before the connection is dropped."""
ADDRESS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS"

_BUS = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")


class BusError(Exception):
    """The session bus cannot be used: there is none, it refused us, or it hung up."""


class NoBus(BusError):
    """No session bus is named in the environment."""


def session_bus_address(environ: Mapping[str, str] = os.environ) -> str:
    """The session bus's address: ``$DBUS_SESSION_BUS_ADDRESS``, else the per-user bus
    socket in ``$XDG_RUNTIME_DIR``; raises :class:`NoBus` (saying which) when neither."""
    address = environ.get(ADDRESS_VARIABLE, "")
    if address:
        return address
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if runtime:
        path = os.path.join(runtime, "bus")
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(os.stat(path).st_mode):
                return f"unix:path={path}"
    raise NoBus(f"${ADDRESS_VARIABLE} is not set and there is no per-user bus socket")


class BusConnection:
    """One authenticated connection to a message bus; see the module docstring."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._sock.setblocking(False)
        self._parser = Parser()
        self._serials = itertools.count(1)
        self._waiting: deque[Any] = deque()
        self.unique_name = ""
        self.closed = False

    @classmethod
    def connect(cls, address: str | None = None, timeout: float = CONNECT_TIMEOUT) -> BusConnection:
        """Connect to ``address`` (default: :func:`session_bus_address`), authenticate and
        say Hello, all within ``timeout`` seconds. Raises :class:`BusError` saying why not."""
        address = session_bus_address() if address is None else address
        deadline = time.monotonic() + timeout
        try:
            target = next(get_connectable_addresses(address))
        except (ValueError, StopIteration) as exc:
            raise BusError(f"{address!r} is not a D-Bus address") from exc
        except RuntimeError as exc:
            raise BusError(f"the bus address {address!r} names no local (unix:) socket") from exc
        try:
            sock = prep_socket(target, timeout=timeout)
        except TimeoutError as exc:
            raise BusError(f"the bus at {address} did not answer within {timeout:g} s") from exc
        except OSError as exc:
            raise BusError(
                f"cannot connect to the bus at {address}: {exc.strerror or exc}"
            ) from exc
        except ValueError as exc:  # jeepney's AuthenticationError
            raise BusError(f"the bus at {address} refused us: {exc}") from exc
        connection = cls(sock)
        try:
            reply = connection.call(
                new_method_call(_BUS, "Hello"), max(0.0, deadline - time.monotonic())
            )
        except BusError:
            connection.close()
            raise
        connection.unique_name = str(reply.body[0])
        return connection

    def fileno(self) -> int:
        """The socket to wait on for reading (-1 once closed)."""
        return -1 if self.closed else self._sock.fileno()

    def send(self, message: Any) -> int:
        """Send ``message`` (a jeepney Message) and return its serial. Raises BusError
        when the bus has hung up or takes nothing for :data:`SEND_TIMEOUT` seconds."""
        if self.closed:
            raise BusError("the connection to the bus is closed")
        serial = next(self._serials)
        data = memoryview(message.serialise(serial=serial))
        deadline = time.monotonic() + SEND_TIMEOUT
        while data:
            try:
                sent = self._sock.send(data)
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise BusError(f"the bus took no message for {SEND_TIMEOUT:g} s") from None
                select.select([], [self._sock], [], left)
                continue
            except OSError as exc:
                raise BusError(f"the bus hung up: {exc.strerror or exc}") from exc
            data = data[sent:]
        return serial

    def call(self, message: Any, timeout: float) -> Any:
        """Send a method call and wait up to ``timeout`` seconds for its reply; what
        arrives meanwhile waits for :meth:`receive`. Raises BusError on an error reply."""
        serial = self.send(message)
        deadline = time.monotonic() + timeout
        while True:
            for _ in range(len(self._waiting)):
                reply = self._waiting.popleft()
                if reply.header.fields.get(HeaderFields.reply_serial) != serial:
                    self._waiting.append(reply)
                elif reply.header.message_type is MessageType.error:
                    name = reply.header.fields.get(HeaderFields.error_name, "an error")
                    said = f": {reply.body[0]}" if reply.body else ""
                    raise BusError(f"the bus answered {name}{said}")
                else:
                    return reply
            left = deadline - time.monotonic()
            if left <= 0:
                raise BusError(f"the bus did not reply within {timeout:g} s")
            select.select([self._sock], [], [], left)
            self._read()

    def receive(self) -> list[Any]:
        """The messages that have arrived, without waiting. Raises BusError when the bus
        has hung up (after which the connection is closed)."""
        self._read()
        taken = list(self._waiting)
        self._waiting.clear()
        return taken

    def close(self) -> None:
        """Hang up (the bus releases our names); closing twice does nothing."""
        if not self.closed:
            self.closed = True
            self._sock.close()

    def _read(self) -> None:
        while not self.closed:
            try:
                data = self._sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                self.close()
                raise BusError(f"the bus hung up: {exc.strerror or exc}") from exc
            if not data:
                self.close()
                raise BusError("the bus hung up")
            self._parser.add_data(data)
            try:
                self._waiting.extend(iter(self._parser.get_next_message, None))
            except (ValueError, KeyError, IndexError) as exc:  # not D-Bus: give up on it
                self.close()
                raise BusError(f"the bus sent something that is not D-Bus ({exc})") from exc


def request_name(connection: BusConnection, name: str, timeout: float = CONNECT_TIMEOUT) -> bool:
    """Ask the bus for ``name`` without queueing; True when it is now ours."""
    message = new_method_call(_BUS, "RequestName", "su", (name, 4))  # DO_NOT_QUEUE
    reply = connection.call(message, timeout)
    return int(reply.body[0]) in (1, 4)  # PRIMARY_OWNER, ALREADY_OWNER
