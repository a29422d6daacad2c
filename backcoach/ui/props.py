"""Qt enum settings made by key name, so the first paint does without PySide's ``Qt``.

PySide builds its whole ``Qt`` namespace (about ninety enum classes, some 10 ms)
the first time any ``Qt.…`` value is used, or a call is made whose overloads
mention one. The widgets on the way to the main window's first paint set the
few such values they need by name instead: Qt's property system looks the key
up in C++. Code that runs later (key and mouse handlers, dialogs, other pages)
uses ``Qt`` as usual, imported where it is used. ``tests/test_startup_path.py``
keeps the start-up path that way.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

TOOL_TIP_ROLE = 3
"""``Qt.ItemDataRole.ToolTipRole``: item data roles are plain ints in Qt's API."""


def set_enum(target: QObject, name: str, key: str) -> None:
    """Set the enum (or flags) property ``name`` to ``key``, e.g. ("alignment", "AlignCenter").

    Raises ValueError when ``target`` has no such property or the key is not one of its values.
    """
    if not target.setProperty(name, key):
        raise ValueError(f"{type(target).__name__} has no enum property {name} taking {key!r}")


def plain_text(target: QObject) -> None:
    """Show the text as it is, never as markup (``Qt.TextFormat.PlainText``)."""
    set_enum(target, "textFormat", "PlainText")


def align_centre(target: QObject) -> None:
    """Centre the text horizontally and vertically (``Qt.AlignmentFlag.AlignCenter``)."""
    set_enum(target, "alignment", "AlignCenter")


def set_shortcut(action: QAction, key: str) -> None:
    """Give ``action`` the shortcut written as ``key`` (e.g. "Ctrl+H")."""
    action.setShortcuts([QKeySequence.fromString(key)])


def set_standard_shortcut(action: QAction, key: QKeySequence.StandardKey) -> None:
    """Give ``action`` the platform's shortcuts for ``key`` (e.g. Quit)."""
    action.setShortcuts(QKeySequence.keyBindings(key))
