"""One window per data folder: a second start asks the first window to come to the front.

The running window listens on a local socket named after its data folder; a
second start (which found the folder's lock taken) connects and the first
window raises itself. The lock itself is :func:`backcoach.storage.acquire_instance_lock`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

WAIT_MS = 1000


def server_name(folder: Path) -> str:
    digest = hashlib.sha256(str(folder.expanduser().resolve()).encode()).hexdigest()[:16]
    return f"backcoach-{digest}"


def bring_forward(folder: Path) -> bool:
    """Ask the window running on ``folder`` to come to the front; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    if not socket.waitForConnected(WAIT_MS):
        return False
    socket.write(b"raise\n")
    sent = socket.waitForBytesWritten(WAIT_MS)
    socket.disconnectFromServer()
    return sent


def listen(folder: Path, window: QWidget) -> QLocalServer:
    """Raise ``window`` whenever a second start on ``folder`` knocks."""
    server = QLocalServer(window)
    name = server_name(folder)
    QLocalServer.removeServer(name)  # left over by a window that was killed
    server.listen(name)

    def knocked() -> None:
        connection = server.nextPendingConnection()
        if connection is not None:
            connection.disconnected.connect(connection.deleteLater)
        if window.isMinimized():
            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()

    server.newConnection.connect(knocked)
    return server
