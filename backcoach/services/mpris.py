"""MPRIS2 on the session bus while a session runs: media keys, headsets and phone remotes.

:class:`MprisPlayer` owns ``org.mpris.MediaPlayer2.backcoach`` (or, when another
backcoach has it, ``org.mpris.MediaPlayer2.backcoach.instance<pid>``, as MPRIS
allows) and serves ``/org/mpris/MediaPlayer2``: the root and player interfaces,
``org.freedesktop.DBus.Properties`` (Get, GetAll, and Set, which refuses: every
property is read-only here), ``org.freedesktop.DBus.Introspectable`` and
``org.freedesktop.DBus.Peer``. It is driven like the local protocol's server:
its owner waits on :meth:`MprisPlayer.fileno` (the terminal's ``select()``, the
window's socket notifier), calls :meth:`MprisPlayer.process` when it is
readable and :meth:`MprisPlayer.refresh` after the session moves on, which sends
``PropertiesChanged`` for what changed (a new phase, a pause or resume).

The buttons map to the session screen's controls (:mod:`backcoach.services.control`):
PlayPause toggles; Play and Pause only resume or pause, so pressing one twice
changes nothing; Next skips, or ends an own-pace set; Previous goes back; Stop
ends the session as End does. Times are routine time (``mpris:length`` and
``Position``, in µs) and ``Rate`` is the rehearsal speed. No Qt in here.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jeepney import DBusAddress, HeaderFields, MessageFlag, MessageType, new_signal
from jeepney import new_error as _new_error
from jeepney import new_method_return as _new_return

from backcoach.services.bus import CONNECT_TIMEOUT, BusConnection, BusError, request_name
from backcoach.services.control import Controls, apply, paused, why_not

if TYPE_CHECKING:
    from backcoach.core.session import Session

log = logging.getLogger(__name__)

BUS_NAME = "org.mpris.MediaPlayer2.backcoach"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
ROOT = "org.mpris.MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"
TRACK_PATH = "/org/backcoach/phase/{index}"
"""``mpris:trackid`` of the phase with that index (MPRIS keeps /org/mpris for itself)."""

_ERROR = "org.freedesktop.DBus.Error."

Variant = tuple[str, Any]
"""A D-Bus variant as jeepney writes it: (signature, value)."""

_ANNOTATION = '<annotation name="org.freedesktop.DBus.Property.EmitsChangedSignal" value="false"/>'
INTROSPECTION = f"""\
<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="{INTROSPECTABLE}">
    <method name="Introspect"><arg name="xml_data" type="s" direction="out"/></method>
  </interface>
  <interface name="{PEER}">
    <method name="Ping"/>
    <method name="GetMachineId"><arg name="machine_uuid" type="s" direction="out"/></method>
  </interface>
  <interface name="{PROPERTIES}">
    <method name="Get">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="property_name" type="s" direction="in"/>
      <arg name="value" type="v" direction="out"/>
    </method>
    <method name="GetAll">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="properties" type="a{{sv}}" direction="out"/>
    </method>
    <method name="Set">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="property_name" type="s" direction="in"/>
      <arg name="value" type="v" direction="in"/>
    </method>
    <signal name="PropertiesChanged">
      <arg name="interface_name" type="s"/>
      <arg name="changed_properties" type="a{{sv}}"/>
      <arg name="invalidated_properties" type="as"/>
    </signal>
  </interface>
  <interface name="{ROOT}">
    <method name="Raise"/>
    <method name="Quit"/>
    <property name="CanQuit" type="b" access="read"/>
    <property name="CanRaise" type="b" access="read"/>
    <property name="HasTrackList" type="b" access="read"/>
    <property name="Identity" type="s" access="read"/>
    <property name="DesktopEntry" type="s" access="read"/>
    <property name="SupportedUriSchemes" type="as" access="read"/>
    <property name="SupportedMimeTypes" type="as" access="read"/>
  </interface>
  <interface name="{PLAYER}">
    <method name="Next"/>
    <method name="Previous"/>
    <method name="Pause"/>
    <method name="PlayPause"/>
    <method name="Stop"/>
    <method name="Play"/>
    <method name="Seek"><arg name="Offset" type="x" direction="in"/></method>
    <method name="SetPosition">
      <arg name="TrackId" type="o" direction="in"/>
      <arg name="Position" type="x" direction="in"/>
    </method>
    <method name="OpenUri"><arg name="Uri" type="s" direction="in"/></method>
    <signal name="Seeked"><arg name="Position" type="x"/></signal>
    <property name="PlaybackStatus" type="s" access="read"/>
    <property name="Rate" type="d" access="read"/>
    <property name="Metadata" type="a{{sv}}" access="read"/>
    <property name="Volume" type="d" access="read"/>
    <property name="Position" type="x" access="read">
      {_ANNOTATION}
    </property>
    <property name="MinimumRate" type="d" access="read"/>
    <property name="MaximumRate" type="d" access="read"/>
    <property name="CanGoNext" type="b" access="read"/>
    <property name="CanGoPrevious" type="b" access="read"/>
    <property name="CanPlay" type="b" access="read"/>
    <property name="CanPause" type="b" access="read"/>
    <property name="CanSeek" type="b" access="read"/>
    <property name="CanControl" type="b" access="read">
      {_ANNOTATION}
    </property>
  </interface>
</node>
"""

# Arguments each method takes (its D-Bus signature), by interface.
_METHODS: dict[str, dict[str, str]] = {
    INTROSPECTABLE: {"Introspect": ""},
    PEER: {"Ping": "", "GetMachineId": ""},
    PROPERTIES: {"Get": "ss", "GetAll": "s", "Set": "ssv"},
    ROOT: {"Raise": "", "Quit": ""},
    PLAYER: {
        "Next": "",
        "Previous": "",
        "Pause": "",
        "PlayPause": "",
        "Stop": "",
        "Play": "",
        "Seek": "x",
        "SetPosition": "ox",
        "OpenUri": "s",
    },
}

_MICROSECONDS = 1_000_000


def _micro(seconds: float) -> int:
    return round(round(seconds, 3) * _MICROSECONDS)


def title(session: Session) -> str:
    """What the phase is, for ``xesam:title``: "Low lunge, set 1 of 2, left side",
    "Rest · next: Dead bug, set 2 of 2", "Get ready · Dead bug, set 1 of 2"."""
    state = session.state
    phase = state.phase
    if phase.kind == "finished":
        return "Finished"
    parts = [state.exercise_name or phase.exercise, f"set {phase.set_number} of {phase.total_sets}"]
    if phase.side in ("left", "right"):
        parts.append(f"{phase.side} side")
    work = ", ".join(parts)
    prefix = {
        "get-ready": "Get ready · ",
        "rest": "Rest · next: ",
        "switch-sides": "Switch sides · ",
    }
    return prefix.get(phase.kind, "") + work


def metadata(session: Session) -> dict[str, Variant]:
    """The ``Metadata`` of the current phase: ``mpris:trackid``, ``xesam:title``,
    ``xesam:artist`` and ``mpris:length`` (the phase's length in routine µs, as int64)."""
    state = session.state
    phase = state.phase
    if state.remaining is not None:
        length = state.phase_elapsed + state.remaining
    else:
        length = phase.expected_seconds
    return {
        "mpris:trackid": ("o", TRACK_PATH.format(index=state.index)),
        "xesam:title": ("s", title(session)),
        "xesam:artist": ("as", ["backcoach"]),
        "mpris:length": ("x", _micro(length)),
    }


class MprisPlayer:
    """Serves MPRIS2 for ``session`` on ``bus``; see the module docstring.

    ``controls`` carries out what the buttons ask (the runner, or the window's timer
    pump); ``raise_window`` brings the window forward (None: a terminal, CanRaise false);
    ``speed`` is the session's rehearsal speed, reported as its ``Rate``.
    """

    def __init__(
        self,
        bus: BusConnection,
        name: str,
        session: Session,
        controls: Controls,
        *,
        speed: float = 1.0,
        raise_window: Callable[[], None] | None = None,
    ) -> None:
        self.bus = bus
        self.name = name
        self.session = session
        self._controls = controls
        self._speed = speed
        self._raise = raise_window
        self._emitter = DBusAddress(OBJECT_PATH, interface=PROPERTIES)
        self._sent = self._changing()

    @classmethod
    def start(
        cls,
        session: Session,
        controls: Controls,
        *,
        speed: float = 1.0,
        raise_window: Callable[[], None] | None = None,
        address: str | None = None,
        timeout: float = CONNECT_TIMEOUT,
    ) -> MprisPlayer:
        """Connect to the session bus (``address``, default: the environment's) and take
        the player's name. Raises :class:`~backcoach.services.bus.BusError` saying why not."""
        bus = BusConnection.connect(address, timeout)
        try:
            name = BUS_NAME
            if not request_name(bus, name, timeout):
                name = f"{BUS_NAME}.instance{os.getpid()}"
                if not request_name(bus, name, timeout):
                    raise BusError(f"the bus names {BUS_NAME} and {name} are both taken")
        except BusError:
            bus.close()
            raise
        log.info("MPRIS: serving %s on the session bus as %s", name, bus.unique_name)
        return cls(bus, name, session, controls, speed=speed, raise_window=raise_window)

    @property
    def closed(self) -> bool:
        return self.bus.closed

    def fileno(self) -> int:
        """The bus socket, to wait on for reading (-1 once closed)."""
        return self.bus.fileno()

    def process(self) -> None:
        """Answer what has arrived on the bus. A bus that hangs up closes the player
        (logged); the session goes on without it."""
        try:
            for message in self.bus.receive():
                if self.closed:
                    return
                if message.header.message_type is MessageType.method_call:
                    self._call(message)
            self.refresh()
        except BusError as exc:
            log.warning("MPRIS: the session bus is gone, media keys stop working: %s", exc)
            self.close()

    def refresh(self) -> None:
        """Send ``PropertiesChanged`` for the player properties that changed since last time."""
        if self.closed:
            return
        now = self._changing()
        changed = {key: value for key, value in now.items() if self._sent.get(key) != value}
        if not changed:
            return
        self._sent = now
        signal = new_signal(self._emitter, "PropertiesChanged", "sa{sv}as", (PLAYER, changed, []))
        try:
            self.bus.send(signal)
        except BusError as exc:
            log.warning("MPRIS: the session bus is gone, media keys stop working: %s", exc)
            self.close()

    def close(self) -> None:
        """Hang up: the bus drops the player's name (and desktops their media widget)."""
        self.bus.close()

    # -- properties ------------------------------------------------------------

    def _changing(self) -> dict[str, Variant]:
        """The player properties that change while a session runs (sent when they do)."""
        return {
            "PlaybackStatus": ("s", self._status()),
            "Metadata": ("a{sv}", metadata(self.session)),
        }

    def _status(self) -> str:
        session = self.session
        if session.finished:
            return "Stopped"
        return "Paused" if paused(session) else "Playing"

    def properties(self, interface: str) -> dict[str, Variant] | None:
        """Every property of ``interface`` with its value now (None: no such interface)."""
        running = not self.session.finished
        if interface == ROOT:
            return {
                "CanQuit": ("b", False),
                "CanRaise": ("b", self._raise is not None),
                "HasTrackList": ("b", False),
                "Identity": ("s", "backcoach"),
                "DesktopEntry": ("s", "backcoach"),
                "SupportedUriSchemes": ("as", []),
                "SupportedMimeTypes": ("as", []),
            }
        if interface == PLAYER:
            return {
                **self._changing(),
                "Rate": ("d", float(self._speed)),
                "Volume": ("d", 1.0),
                "Position": ("x", _micro(self.session.state.phase_elapsed)),
                "MinimumRate": ("d", float(self._speed)),
                "MaximumRate": ("d", float(self._speed)),
                "CanGoNext": ("b", running),
                "CanGoPrevious": ("b", running),
                "CanPlay": ("b", running),
                "CanPause": ("b", running),
                "CanSeek": ("b", False),
                "CanControl": ("b", True),
            }
        return None

    # -- method calls ----------------------------------------------------------

    def _call(self, message: Any) -> None:
        fields = message.header.fields
        path = fields.get(HeaderFields.path, "")
        member = fields.get(HeaderFields.member, "")
        interface = fields.get(HeaderFields.interface)
        signature = fields.get(HeaderFields.signature, "")
        if path != OBJECT_PATH:
            self._call_elsewhere(message, path, interface, member)
            return
        if interface is None:  # allowed by D-Bus: the first interface with that method
            interface = next((i for i, ms in _METHODS.items() if member in ms), "")
        methods = _METHODS.get(interface)
        if methods is None:
            self._error(message, "UnknownInterface", f"No interface {interface!r} here.")
            return
        if member not in methods:
            self._error(message, "UnknownMethod", f"No method {member!r} in {interface}.")
            return
        if signature != methods[member]:
            self._error(
                message,
                "InvalidArgs",
                f"{interface}.{member} takes ({methods[member]}), not ({signature}).",
            )
            return
        if interface == PROPERTIES:
            self._properties(message, member)
        elif interface == INTROSPECTABLE:
            self._reply(message, "s", (INTROSPECTION,))
        elif interface == PEER:
            self._peer(message, member)
        elif member == "OpenUri":
            self._error(message, "NotSupported", "backcoach opens no URIs.")
        else:
            self._reply(message)  # first: a Stop may end the session and close the bus
            self._press(member)

    def _call_elsewhere(self, message: Any, path: str, interface: str | None, member: str) -> None:
        """Introspecting a parent of the player's path shows the way down; else no object."""
        if path == "/":
            below = OBJECT_PATH
        else:
            below = OBJECT_PATH[len(path) :] if OBJECT_PATH.startswith(path + "/") else ""
        introspect = member == "Introspect" and interface in (None, INTROSPECTABLE)
        if below and introspect:
            child = below.strip("/").split("/")[0]
            xml = f'<node>\n  <node name="{child}"/>\n</node>\n'
            self._reply(message, "s", (xml,))
        elif below and member == "Ping" and interface in (None, PEER):
            self._reply(message)
        else:
            self._error(message, "UnknownObject", f"No object at {path}.")

    def _properties(self, message: Any, member: str) -> None:
        interface = message.body[0]
        values = self.properties(interface)
        if values is None:
            self._error(message, "UnknownInterface", f"No interface {interface!r} here.")
        elif member == "GetAll":
            self._reply(message, "a{sv}", (values,))
        elif message.body[1] not in values:
            self._error(message, "UnknownProperty", f"No property {message.body[1]!r}.")
        elif member == "Get":
            self._reply(message, "v", (values[message.body[1]],))
        else:
            self._error(message, "PropertyReadOnly", f"{message.body[1]} is read-only.")

    def _peer(self, message: Any, member: str) -> None:
        if member == "Ping":
            self._reply(message)
            return
        try:
            with open("/etc/machine-id", encoding="ascii") as file:
                self._reply(message, "s", (file.read().strip(),))
        except OSError:
            self._error(message, "FileNotFound", "No machine id here.")

    def _press(self, member: str) -> None:
        """Carry out a root or player method (already answered)."""
        session = self.session
        action = {
            "PlayPause": "toggle",
            "Play": "resume",
            "Pause": "pause",
            "Previous": "back",
            "Stop": "end",
        }.get(member)
        if member == "Next":
            action = "done" if why_not("done", session) is None else "skip"
        if member == "Raise" and self._raise is not None:
            self._raise()
        if action is not None and why_not(action, session) is None:
            apply(action, self._controls)
        self.refresh()

    def _reply(
        self, message: Any, signature: str | None = None, body: tuple[Any, ...] = ()
    ) -> None:
        if message.header.flags & MessageFlag.no_reply_expected:
            return
        self.bus.send(_new_return(message, signature, body))

    def _error(self, message: Any, name: str, text: str) -> None:
        if message.header.flags & MessageFlag.no_reply_expected:
            return
        self.bus.send(_new_error(message, _ERROR + name, "s", (text,)))
