"""Whether an SVG picture is self-contained: drawing it must read no other file.

A user's picture is refused when it links another file (``href`` or ``xlink:href`` other
than ``#fragment`` or a ``data:`` URI, ``url(...)`` other than ``url(#…)``, a CSS
``@import`` or an ``xml-stylesheet``), declares XML entities (external ones read
files; internal ones can expand without bound), nests elements deeper than Qt draws
them (:data:`MAX_ELEMENT_NESTING`), is not well-formed, or is not an SVG document. The
bundled ``:/`` resources are drawn by ``scripts/draw_figures.py`` and are not checked,
so the window's first paint loads no XML parser.
"""

from __future__ import annotations

import re
from xml.parsers import expat

MAX_ELEMENT_NESTING = 32
"""The deepest Qt draws elements, the ``<svg>`` root counting as the first level; it
skips anything deeper, with a warning."""

_URL = re.compile(r"url\(([^)]*)\)?", re.IGNORECASE)
"""A CSS ``url(...)``: one pass, however many there are (an unclosed one runs to the end)."""
_LINKS = frozenset({"href", "src"})
_OWN = ("#", "data:")
"""How a reference that stays inside the document begins."""


class _Refused(Exception):
    """Raised from inside the parser to stop it; ``str()`` is the problem."""


def _short(text: str) -> str:
    return text if len(text) <= 80 else f"{text[:79]}…"


def _urls(text: str) -> None:
    for match in _URL.finditer(text):
        target = match.group(1).strip().strip("'\"").strip()
        if not target.startswith("#"):
            raise _Refused(f"refers to another file (url({_short(target)}))")


def svg_problem(data: bytes) -> str | None:
    """Why ``data`` is not a self-contained SVG document, completing "the picture …"; None
    when it is one."""
    parser = expat.ParserCreate(namespace_separator=" ")
    open_elements: list[str] = []
    style: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        element = name.rpartition(" ")[2]
        if not open_elements and element != "svg":
            raise _Refused("is not an SVG document")
        open_elements.append(element)
        if len(open_elements) > MAX_ELEMENT_NESTING:
            raise _Refused(f"nests elements more than {MAX_ELEMENT_NESTING} deep")
        for attribute, value in attributes.items():
            local = attribute.rpartition(" ")[2]
            if local in _LINKS and not value.startswith(_OWN):
                raise _Refused(f"refers to another file ({element} {local}={_short(value)!r})")
            _urls(value)

    def end(_name: str) -> None:
        open_elements.pop()

    def text(data: str) -> None:
        if open_elements and open_elements[-1] == "style":
            style.append(data)

    def entity(*_declaration: object) -> None:
        raise _Refused("declares XML entities, which a picture may not")

    def instruction(target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            raise _Refused("refers to another file (xml-stylesheet)")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.EntityDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    try:
        parser.Parse(data, True)
        css = "".join(style)
        if "@import" in css.lower():
            raise _Refused("refers to another file (@import)")
        _urls(css)
    except _Refused as exc:
        return str(exc)
    except expat.ExpatError as exc:
        return f"is not well-formed XML ({exc})"
    return None
