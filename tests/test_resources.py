"""The illustrations: drawn from the pose data by one script, listed in resources.qrc,
compiled into a module."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QFile, QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

import backcoach.resources_rc  # noqa: F401  (registers the ":/" resources)
from backcoach.content import DATA_DIR, load_content

ROOT = Path(__file__).resolve().parent.parent
QRC = ROOT / "resources.qrc"
ICON = ":/icons/backcoach.svg"


@functools.cache
def _script(name: str) -> ModuleType:
    """A script from scripts/ (not a package), imported once."""
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _qrc_files() -> dict[str, Path]:
    """Resource path (":/prefix/alias") to the file it comes from."""
    files: dict[str, Path] = {}
    for group in ET.parse(QRC).getroot().iter("qresource"):
        prefix = group.get("prefix", "/").rstrip("/")
        for entry in group.iter("file"):
            assert entry.text is not None
            files[f":{prefix}/{entry.get('alias', entry.text)}"] = QRC.parent / entry.text
    return files


def _image_paths() -> list[str]:
    content = load_content()
    paths = [p.image for ex in content.exercises.values() for p in ex.positions]
    return [*paths, ICON]


def test_compiled_module_matches_qrc_and_assets() -> None:
    compiler = _script("compile_resources")
    committed = (ROOT / "backcoach" / "resources_rc.py").read_bytes()
    assert compiler.compile_qrc(QRC) == committed, (
        "backcoach/resources_rc.py is stale: run `python scripts/compile_resources.py`"
    )


def test_compile_reports_a_missing_asset(tmp_path: Path) -> None:
    compiler = _script("compile_resources")
    qrc = tmp_path / "broken.qrc"
    qrc.write_text('<RCC><qresource prefix="/x"><file>gone.svg</file></qresource></RCC>')
    with pytest.raises(compiler.CompileError, match=r"gone\.svg"):
        compiler.compile_qrc(qrc)


def test_write_if_changed_only_rewrites_new_content(tmp_path: Path) -> None:
    compiler = _script("compile_resources")
    target = tmp_path / "module.py"
    assert compiler.write_if_changed(target, b"one")
    assert not compiler.write_if_changed(target, b"one")
    assert compiler.write_if_changed(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["module.py"]


def test_every_listed_file_exists() -> None:
    files = _qrc_files()
    assert files, "resources.qrc lists no files"
    missing = [str(path) for path in files.values() if not path.is_file()]
    assert missing == []


def test_every_content_image_and_the_icon_are_listed_in_the_qrc() -> None:
    listed = _qrc_files()
    assert [p for p in _image_paths() if p not in listed] == []


def test_drawings_are_up_to_date_with_the_pose_data(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "draw_figures.py"), str(tmp_path)],
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    drawn = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_bytes() for p in (ROOT / "assets").glob("*.svg")}
    assert sorted(drawn) == sorted(committed)
    stale = [name for name in drawn if drawn[name] != committed[name]]
    assert stale == [], (
        "run `make resources` and commit assets/ (callouts are set in DejaVu Sans: "
        "fonts-dejavu-core)"
    )


@pytest.mark.usefixtures("qapp")
def test_a_changed_pose_changes_its_drawing_only(tmp_path: Path) -> None:
    drawer = _script("draw_figures")
    data = tmp_path / "content"
    shutil.copytree(DATA_DIR, data)
    lunge = data / "exercises" / "low-lunge.toml"
    text = lunge.read_text(encoding="utf-8")
    old = "near_arm = { shoulder = 24, elbow = 44 }"
    assert text.count(old) == 1
    lunge.write_text(text.replace(old, "near_arm = { shoulder = 30, elbow = 40 }"), "utf-8")
    before, after = drawer.drawings(load_content()), drawer.drawings(load_content(data))
    assert sorted(before) == sorted(after)
    assert [name for name in before if before[name] != after[name]] == ["low-lunge-stretch.svg"]


@pytest.mark.usefixtures("qapp")
def test_drawing_again_leaves_fresh_files_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drawer = _script("draw_figures")
    assert drawer.main([str(tmp_path)]) == 0
    assert "rewritten" in capsys.readouterr().out
    times = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert drawer.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == times


def _painted(path: str, width: int) -> QImage:
    renderer = QSvgRenderer(path)
    assert renderer.isValid(), path
    size = renderer.defaultSize()
    height = round(width * size.height() / size.width())
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("path", _image_paths())
@pytest.mark.parametrize("width", [64, 1024])
def test_image_renders_with_visible_detail(path: str, width: int) -> None:
    assert QFile.exists(path), f"{path} is not in the compiled resources"
    image = _painted(path, width)
    pixels = bytes(image.constBits())
    alpha = pixels[3::4]
    covered = 1 - alpha.count(0) / len(alpha)
    if path == ICON:
        assert covered > 0.5, f"{path} covers only {covered:.0%} of a {width} px image"
    else:  # a figure on a transparent background, which is mostly left unpainted
        assert 0.05 < covered < 0.5, f"{path} covers {covered:.0%} of a {width} px image"
    colours = {pixels[i : i + 4] for i in range(0, len(pixels), 4 * 7)}
    assert len(colours) > 8, f"{path} is nearly a flat fill at {width} px"
