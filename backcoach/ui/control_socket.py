"""Drive the window's control sockets from the Qt event loop: the local protocol and MPRIS.

:class:`ControlSocket` serves a :class:`~backcoach.services.protocol.ControlServer`:
one read notifier per descriptor the server watches (its listening socket and
each open connection), kept in step with :meth:`ControlServer.fds` after every
call to :meth:`ControlServer.process`, and a timer that lets the server close
idle connections and finish replies while any connection is open.
:class:`MprisSocket` does the same for the session bus while a session runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Slot

from backcoach.services.protocol import ControlServer, Handler

if TYPE_CHECKING:
    from backcoach.services.mpris import MprisPlayer

REAP_INTERVAL_MS = 1000


class ControlSocket(QObject):
    """Serve the control protocol on ``path`` with ``handler``, from the Qt event loop."""

    def __init__(
        self,
        path: Path,
        handler: Handler,
        parent: QObject | None = None,
        *,
        now: Callable[[], float] = time.monotonic,
        reap_interval_ms: int = REAP_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.server = ControlServer(path, handler, now=now)
        self._notifiers: dict[int, QSocketNotifier] = {}
        self.reaper = QTimer(self)
        self.reaper.setInterval(reap_interval_ms)
        self.reaper.timeout.connect(self._tick)

    def start(self) -> None:
        """Start listening (see :meth:`ControlServer.start` for the errors it raises)."""
        self.server.start()
        self._sync()

    def close(self) -> None:
        """Stop serving: drop every notifier, then close the server and its socket file."""
        self.reaper.stop()
        for fd in list(self._notifiers):
            self._drop(fd)
        self.server.close()

    @Slot()
    def _ready(self) -> None:
        # One slot for all notifiers, found by sender(): PySide 6.11 crashes when a notifier
        # connected to a lambda is pending deleteLater as this object is deleted.
        notifier = self.sender()
        assert isinstance(notifier, QSocketNotifier)
        self.server.process([notifier.socket()])
        self._sync()

    @Slot()
    def _tick(self) -> None:
        self.server.process([])
        self._sync()

    def _sync(self) -> None:
        """Match the notifiers to the server's descriptors, and run the timer while clients are."""
        fds = self.server.fds()
        for fd in [fd for fd in self._notifiers if fd not in fds]:
            self._drop(fd)
        for fd in fds:
            if fd not in self._notifiers:
                notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
                notifier.activated.connect(self._ready)
                self._notifiers[fd] = notifier
        if len(fds) > 1 and not self.reaper.isActive():
            self.reaper.start()
        elif len(fds) <= 1:
            self.reaper.stop()

    def _drop(self, fd: int) -> None:
        notifier = self._notifiers.pop(fd)
        notifier.setEnabled(False)
        notifier.deleteLater()


class MprisSocket(QObject):
    """Drive an :class:`~backcoach.services.mpris.MprisPlayer` from the Qt event loop: a
    read notifier on its bus socket, and :meth:`refresh` for the session's changes (connect
    it to the session controller's ``state_changed``). Closing it closes the player."""

    def __init__(self, player: MprisPlayer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self._notifier: QSocketNotifier | None = QSocketNotifier(
            player.fileno(), QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._ready)

    @Slot()
    def refresh(self) -> None:
        """Tell the bus what changed (a new phase, a pause or resume)."""
        self.player.refresh()
        self._check()

    @Slot()
    def close(self) -> None:
        """Stop watching the bus and hang up (the name goes away); twice does nothing."""
        if self._notifier is not None:  # disabled, and deleted with this object
            self._notifier.setEnabled(False)
            self._notifier = None
        self.player.close()

    @Slot()
    def _ready(self) -> None:
        self.player.process()
        self._check()

    def _check(self) -> None:
        if self.player.closed:  # the bus hung up, or the session ended on a button
            self.close()
