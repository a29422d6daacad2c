"""Compile resources.qrc into the committed module backcoach/resources_rc.py.

pyside6-rcc runs with ``--format-version 1`` (no file times) and
``--no-compress`` (bytes do not depend on the compression library), and the
line naming the Qt release is dropped, so the same qrc and assets always give
the same module. The module is replaced atomically, and only when it changed.

Usage: python scripts/compile_resources.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QRC = ROOT / "resources.qrc"
MODULE = ROOT / "backcoach" / "resources_rc.py"
RCC = "import sys; from PySide6.scripts.pyside_tool import rcc; sys.argv[0] = 'pyside6-rcc'; rcc()"
RELEASE_LINE = b"# Created by: The Resource Compiler for Qt version"


class CompileError(Exception):
    """pyside6-rcc could not compile the qrc file."""


def compile_qrc(qrc: Path) -> bytes:
    """The Python resource module pyside6-rcc makes from ``qrc``."""
    result = subprocess.run(
        [sys.executable, "-c", RCC, "--format-version", "1", "--no-compress", qrc.name],
        cwd=qrc.parent,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        raise CompileError(f"pyside6-rcc could not compile {qrc}: {message}")
    lines = result.stdout.splitlines(keepends=True)
    return b"".join(line for line in lines if not line.startswith(RELEASE_LINE))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically replace ``path`` with ``data`` unless it already holds it."""
    if path.exists() and path.read_bytes() == data:
        return False
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return True


def main() -> int:
    try:
        data = compile_qrc(QRC)
    except CompileError as error:
        print(error, file=sys.stderr)
        return 1
    changed = write_if_changed(MODULE, data)
    rel = MODULE.relative_to(ROOT)
    print(f"{rel}: {'rewritten' if changed else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
