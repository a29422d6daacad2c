"""The parsed-content cache: same content, no TOML parsing, never stale, never in the way."""

from __future__ import annotations

import json
import os
import shutil
import tomllib
from pathlib import Path

import pytest

from backcoach.content import DATA_DIR, load_content
from backcoach.content.cache import MAX_CACHE_BYTES, MAX_CACHED_FILE_BYTES
from backcoach.content.guard import MAX_NESTING


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(DATA_DIR, copy)
    return copy


def _refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a file was parsed")

    monkeypatch.setattr(tomllib, "load", refuse)


def _touch(path: Path, text: str) -> None:
    """Rewrite ``path`` with a modification time that surely differs from before."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def test_a_second_load_takes_every_file_from_the_cache(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "content.json"
    first = load_content(data, cache=cache)
    assert cache.is_file()
    assert first == load_content(data)
    _refuse_parsing(monkeypatch)
    assert load_content(data, cache=cache) == first


@pytest.mark.parametrize(
    ("name", "same_time"),
    [("Low lungs", False), ("Kneeling lunge", True)],
    ids=["same size, new time", "new size, same time"],
)
def test_a_changed_file_is_read_again(
    data: Path, tmp_path: Path, name: str, same_time: bool
) -> None:
    cache = tmp_path / "content.json"
    load_content(data, cache=cache)
    lunge = data / "exercises" / "low-lunge.toml"
    text = lunge.read_text(encoding="utf-8")
    before = lunge.stat()
    _touch(lunge, text.replace('name = "Low lunge"', f'name = "{name}"'))
    if same_time:
        os.utime(lunge, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert load_content(data, cache=cache).exercises["low-lunge"].name == name


def test_a_file_that_became_broken_is_reported_however_often_it_loads(
    data: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "content.json"
    load_content(data, cache=cache)
    _touch(data / "exercises" / "dead-bug.toml", "id = [")
    for _ in range(2):
        content = load_content(data, cache=cache)
        assert "dead-bug" not in content.exercises
        assert [(p.file, p.message[:20]) for p in content.problems][:1] == [
            ("dead-bug.toml", "is not valid TOML (I")
        ]


@pytest.mark.parametrize(
    "saved",
    [
        "not json at all",
        json.dumps({"format": 999, "files": {}}),
        json.dumps({"format": 1, "files": {"x": "y"}}),
        json.dumps([1, 2, 3]),
    ],
)
def test_a_cache_that_is_not_ours_is_ignored_and_written_anew(
    data: Path, tmp_path: Path, saved: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "content.json"
    cache.write_text(saved, encoding="utf-8")
    parsed = load_content(data)
    assert load_content(data, cache=cache) == parsed
    _refuse_parsing(monkeypatch)
    assert load_content(data, cache=cache) == parsed


def test_a_cache_that_cannot_be_replaced_leaves_nothing_behind(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "content.json"
    cache.mkdir(parents=True)
    assert load_content(data, cache=cache) == load_content(data)
    assert list(cache.parent.iterdir()) == [cache]


def test_a_cache_that_cannot_be_written_costs_nothing(data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    cache = blocker / "content.json"
    assert load_content(data, cache=cache) == load_content(data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "not-a-folder"]


def test_the_cache_keeps_only_the_files_of_the_last_load(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "content.json"
    load_content(data, cache=cache)
    (data / "exercises" / "low-lunge.toml").unlink()
    load_content(data, cache=cache)
    kept = json.loads(cache.read_text(encoding="utf-8"))["files"]
    assert not any(name.endswith("low-lunge.toml") for name in kept)
    assert any(name.endswith("dead-bug.toml") for name in kept)


@pytest.mark.parametrize("depth", [MAX_NESTING, 500, 100_000])
def test_a_cache_nested_deep_is_ignored(
    data: Path, tmp_path: Path, depth: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "content.json"
    parsed = load_content(data, cache=cache)
    saved = json.loads(cache.read_text(encoding="utf-8"))
    entry = next(v for k, v in saved["files"].items() if k.endswith("dead-bug.toml"))
    entry[2]["name"] = "NESTED"
    cache.write_text(
        json.dumps(saved).replace('"NESTED"', "[" * depth + "]" * depth), encoding="utf-8"
    )
    assert load_content(data, cache=cache) == parsed
    _refuse_parsing(monkeypatch)
    assert load_content(data, cache=cache) == parsed


def test_a_cache_over_its_size_is_ignored(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "content.json"
    parsed = load_content(data, cache=cache)
    saved = json.loads(cache.read_text(encoding="utf-8"))
    entry = next(v for k, v in saved["files"].items() if k.endswith("dead-bug.toml"))
    entry[2]["name"] = "From a huge cache"
    saved["padding"] = "x" * MAX_CACHE_BYTES
    cache.write_text(json.dumps(saved), encoding="utf-8")
    assert load_content(data, cache=cache) == parsed


def test_only_small_files_are_kept(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "content.json"
    lunge = data / "exercises" / "low-lunge.toml"
    with lunge.open("a", encoding="utf-8") as fh:
        fh.write("# a long note\n" * (MAX_CACHED_FILE_BYTES // 14 + 1))
    assert lunge.stat().st_size > MAX_CACHED_FILE_BYTES
    parsed = load_content(data, cache=cache)
    kept = json.loads(cache.read_text(encoding="utf-8"))["files"]
    assert sorted(Path(name).name for name in kept) == sorted(
        p.name for p in data.glob("*/*.toml") if p != lunge
    )
    assert load_content(data, cache=cache) == parsed
