"""Line lengths: measured once in a batch, kept by engine, voice, rate and text in a private,
capped cache file that is only ever a time saver; estimated only when nothing can measure."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path

import pytest

from backcoach.core.script import estimate_seconds
from backcoach.voice.lengths import CACHE_NAME, MAX_CACHE_BYTES, LengthCache, LineLengths
from backcoach.voice.options import SpeechEngineError, VoiceOptions
from tests.helpers.speaker import FakeSynth

VOICE = VoiceOptions(rate=165)
LINES = {"Halfway.": 0.5, "Hold for 30 seconds.": 1.5, "Rest 15 seconds.": 2.0}


class CountingSynth(FakeSynth):
    """A :class:`FakeSynth` that keeps each batch it measured and refuses ``refused`` lines."""

    def __init__(self, seconds: dict[str, float], refused: Sequence[str] = ()) -> None:
        super().__init__(seconds)
        self.batches: list[list[str]] = []
        self.refused = set(refused)

    def measure(self, texts: Sequence[str], voice: VoiceOptions) -> list[float]:
        self.batches.append(list(texts))
        if self.refused.intersection(texts):
            raise RuntimeError("espeak-ng could not synthesise the line (error 1)")
        return super().measure(texts, voice)


def lengths_in(
    file: Path | None, synth: FakeSynth | None, voice: VoiceOptions = VOICE, **kwargs: bool
) -> LineLengths:
    factory = None if synth is None else (lambda: synth)
    return LineLengths(voice, LengthCache(file), factory, **kwargs)


def test_a_line_is_measured_once_then_kept_for_the_next_start(tmp_path: Path) -> None:
    file = tmp_path / CACHE_NAME
    synth = CountingSynth(LINES)
    assert lengths_in(file, synth).seconds_of("Halfway.") == 0.5
    assert synth.batches == [["Halfway."]]
    again = CountingSynth({"Halfway.": 9.0})
    assert lengths_in(file, again).seconds_of("Halfway.") == 0.5
    assert again.batches == []


@pytest.mark.parametrize(
    ("version", "voice"),
    [
        ("fake-synth 2.0", VOICE),
        ("fake-synth 1.0", VoiceOptions(rate=220)),
        ("fake-synth 1.0", VoiceOptions(rate=165, voice_id="gmw/en-gb-x-rp")),
        ("fake-synth 1.0", VoiceOptions(rate=165, volume=0.5)),
    ],
)
def test_a_length_is_kept_for_its_engine_version_voice_and_rate_only(
    tmp_path: Path, version: str, voice: VoiceOptions
) -> None:
    file = tmp_path / CACHE_NAME
    lengths_in(file, CountingSynth(LINES)).seconds_of("Halfway.")
    other = CountingSynth({"Halfway.": 1.0})
    other.version = version
    assert lengths_in(file, other, voice).seconds_of("Halfway.") == 1.0
    assert other.batches == [["Halfway."]]


def test_a_plan_measures_the_lines_it_lacks_in_one_batch(tmp_path: Path) -> None:
    synth = CountingSynth(LINES)
    lengths = lengths_in(tmp_path / CACHE_NAME, synth)
    lengths.seconds_of("Halfway.")
    asked: list[list[str]] = []

    def build(seconds_of: object) -> float:
        assert callable(seconds_of)
        asked.append(list(LINES))
        return sum(seconds_of(text) for text in LINES)

    assert lengths.planned(build) == sum(LINES.values())
    assert synth.batches == [["Halfway."], ["Hold for 30 seconds.", "Rest 15 seconds."]]
    assert len(asked) == 2  # once to learn the lines, once with their lengths
    synth.batches.clear()
    assert lengths.planned(build) == sum(LINES.values())
    assert synth.batches == [] and len(asked) == 3  # all kept: planned once, nothing measured


def test_planning_for_the_gui_thread_neither_starts_the_engine_nor_measures() -> None:
    started: list[bool] = []
    synth = CountingSynth(LINES)

    def factory() -> FakeSynth:
        started.append(True)
        return synth

    lengths = LineLengths(VOICE, LengthCache(None), factory)
    assert lengths.quick("Halfway.") == estimate_seconds("Halfway.", 165)
    assert lengths.planned(lambda seconds_of: seconds_of("Halfway."), wait=False) == (
        estimate_seconds("Halfway.", 165)
    )
    assert started == [] and not lengths.started
    lengths.measure(["Halfway."])
    assert lengths.quick("Halfway.") == 0.5
    assert started == [True] and synth.batches == [["Halfway."]]


def test_without_an_engine_every_line_is_estimated(tmp_path: Path) -> None:
    def missing() -> FakeSynth:
        raise SpeechEngineError("espeak-ng is not installed", "Voice is off.")

    for lengths in (
        LineLengths(VOICE, LengthCache(tmp_path / CACHE_NAME), missing),
        lengths_in(tmp_path / CACHE_NAME, None),
    ):
        assert lengths.seconds_of("Hold for 30 seconds.") == estimate_seconds(
            "Hold for 30 seconds.", 165
        )
        assert lengths.measure(LINES) == {}
        assert not lengths.measuring
    assert not (tmp_path / CACHE_NAME).exists()


def test_a_line_the_engine_refuses_is_estimated_and_the_others_measured(tmp_path: Path) -> None:
    synth = CountingSynth(LINES, refused=["Rest 15 seconds."])
    lengths = lengths_in(tmp_path / CACHE_NAME, synth)
    assert lengths.measure(LINES) == {"Halfway.": 0.5, "Hold for 30 seconds.": 1.5}
    assert lengths.seconds_of("Rest 15 seconds.") == estimate_seconds("Rest 15 seconds.", 165)
    assert lengths.seconds_of("Hold for 30 seconds.") == 1.5
    one_by_one = [[text] for text in LINES]
    assert synth.batches == [list(LINES), *one_by_one]  # refused once, not asked again


def test_without_voice_kept_lengths_are_used_and_nothing_is_synthesised(tmp_path: Path) -> None:
    file = tmp_path / CACHE_NAME
    lengths_in(file, CountingSynth(LINES)).seconds_of("Halfway.")
    synth = CountingSynth(LINES)
    preview = lengths_in(file, synth, measure=False)
    assert preview.seconds_of("Halfway.") == 0.5
    assert preview.seconds_of("Rest 15 seconds.") == estimate_seconds("Rest 15 seconds.", 165)
    assert synth.batches == [] and synth.made == []


def test_the_cache_file_is_private_and_replaced_in_one_piece(tmp_path: Path) -> None:
    file = tmp_path / "cache" / CACHE_NAME
    lengths_in(file, CountingSynth(LINES)).measure(LINES)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700
    assert os.listdir(file.parent) == [CACHE_NAME]  # no temporary file left behind
    saved = json.loads(file.read_text(encoding="utf-8"))
    assert saved["format"] == 1
    assert ["fake-synth 1.0", "", 165, 1.0, "Halfway.", 0.5] in saved["lines"]


def test_the_cache_keeps_the_most_recently_used_lines_up_to_its_cap(tmp_path: Path) -> None:
    file = tmp_path / CACHE_NAME
    synth = CountingSynth({**LINES, "Switch sides: right side.": 1.0})
    lengths = LineLengths(VOICE, LengthCache(file, max_entries=3), lambda: synth)
    lengths.measure(["Halfway.", "Hold for 30 seconds.", "Rest 15 seconds."])
    lengths.seconds_of("Halfway.")  # used again: the oldest use is now "Hold for 30 seconds."
    lengths.measure(["Switch sides: right side."])
    kept = [row[4] for row in json.loads(file.read_text(encoding="utf-8"))["lines"]]
    assert kept == ["Rest 15 seconds.", "Halfway.", "Switch sides: right side."]


def test_lengths_another_process_kept_meanwhile_stay(tmp_path: Path) -> None:
    file = tmp_path / CACHE_NAME
    one, two = lengths_in(file, CountingSynth(LINES)), lengths_in(file, CountingSynth(LINES))
    one.measure(["Halfway."])
    two.measure(["Rest 15 seconds."])
    third = CountingSynth({})
    both = lengths_in(file, third)
    assert (both.seconds_of("Halfway."), both.seconds_of("Rest 15 seconds.")) == (0.5, 2.0)
    assert third.batches == []


GOOD_ROW = ["fake-synth 1.0", "", 165, 1.0, "Halfway.", 0.5]
BAD_ROWS = [
    ["fake-synth 1.0", "", 165, 1.0, "Rest 15 seconds."],
    ["fake-synth 1.0", "", True, 1.0, "Rest 15 seconds.", 1.0],
    ["fake-synth 1.0", "", 165, 1.0, "Rest 15 seconds.", -1.0],
    ["fake-synth 1.0", "", 165, 1.0, "Rest 15 seconds.", 1e9],
    ["fake-synth 1.0", "", 165, 1.0, "Rest 15 seconds.", "1.0"],
    ["fake-synth 1.0", "", 165, 1.0, ["Rest 15 seconds."], 1.0],
    ["fake-synth 1.0", "", 165, 1.0, "x" * 5000, 1.0],
    {"text": "Rest 15 seconds."},
    None,
]


@pytest.mark.parametrize(
    "hostile",
    [
        "not json",
        "[]",
        '{"format": 2, "lines": []}',
        '{"format": 1, "lines": {"Halfway.": 0.5}}',
        '{"format": 1, "lines": [["fake-synth 1.0", "", 165, 1.0, "Rest 15 seconds.", NaN]]}',
        '{"format": 1, "lines": [["fake-synth 1.0", "", 165, 1.0, "Rest 15 seconds.", Infinity]]}',
        "[" * 100_000 + "]" * 100_000,
        " " * (MAX_CACHE_BYTES + 1),
        "\udcff",
    ],
)
def test_a_broken_cache_file_is_ignored_and_replaced(tmp_path: Path, hostile: str) -> None:
    file = tmp_path / CACHE_NAME
    file.write_bytes(hostile.encode("utf-8", "surrogateescape"))
    synth = CountingSynth(LINES)
    lengths = lengths_in(file, synth)
    assert lengths.seconds_of("Rest 15 seconds.") == 2.0
    assert synth.batches == [["Rest 15 seconds."]]
    assert json.loads(file.read_text(encoding="utf-8"))["lines"] == [
        ["fake-synth 1.0", "", 165, 1.0, "Rest 15 seconds.", 2.0]
    ]


def test_bad_rows_are_left_out_and_good_ones_kept(tmp_path: Path) -> None:
    file = tmp_path / CACHE_NAME
    file.write_text(json.dumps({"format": 1, "lines": [*BAD_ROWS, GOOD_ROW]}), encoding="utf-8")
    synth = CountingSynth(LINES)
    lengths = lengths_in(file, synth)
    assert lengths.seconds_of("Halfway.") == 0.5
    assert lengths.seconds_of("Rest 15 seconds.") == 2.0
    assert synth.batches == [["Rest 15 seconds."]]


@pytest.mark.parametrize("kind", ["fifo", "folder", "device link"])
def test_a_cache_that_is_not_a_regular_file_is_never_read_and_never_a_failure(
    tmp_path: Path, kind: str
) -> None:
    file = tmp_path / CACHE_NAME
    if kind == "fifo":
        os.mkfifo(file)  # opening it to read would wait forever for a writer
    elif kind == "folder":
        file.mkdir()
    else:
        file.symlink_to("/dev/zero")
    synth = CountingSynth(LINES)
    lengths = lengths_in(file, synth)
    assert lengths.seconds_of("Halfway.") == 0.5
    assert lengths.seconds_of("Halfway.") == 0.5  # kept in memory all the same
    assert synth.batches == [["Halfway."]]
    if kind != "folder":  # replaced by a regular file (a link is replaced, not followed)
        assert file.is_file() and not file.is_symlink()


def test_a_cache_folder_that_cannot_be_made_is_no_reason_to_fail(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    synth = CountingSynth(LINES)
    lengths = lengths_in(blocker / CACHE_NAME, synth)
    assert lengths.seconds_of("Halfway.") == 0.5
    assert lengths.seconds_of("Halfway.") == 0.5
    assert synth.batches == [["Halfway."]]
    assert blocker.read_text(encoding="utf-8").startswith("a file")


def test_a_cache_too_big_for_its_file_keeps_the_most_recent_lines(tmp_path: Path) -> None:
    file = tmp_path / CACHE_NAME
    keys = [("fake-synth 1.0", "", 165, 1.0, f"{i} " + "x" * 900) for i in range(2000)]
    LengthCache(file).put(dict.fromkeys(keys, 1.0))
    assert 0 < file.stat().st_size <= MAX_CACHE_BYTES
    kept = LengthCache(file)
    assert kept.get(keys[-1]) == 1.0
    assert kept.get(keys[0]) is None


def test_a_line_heard_longer_than_kept_is_kept_longer_once_saved(tmp_path: Path) -> None:
    file = tmp_path / CACHE_NAME
    lengths = lengths_in(file, CountingSynth(LINES))
    lengths.measure(LINES)
    assert lengths.heard("Halfway.", 0.45) == 0.5  # shorter: the slot stays as planned
    assert lengths.heard("Rest 15 seconds.", 2.1) == 2.0  # planned with 2.0, now 2.1 long
    assert lengths.heard("Not planned.", 1.0) is None
    unsaved = lengths_in(file, CountingSynth({}), measure=False)
    assert unsaved.kept("Rest 15 seconds.") == 2.0  # in the file only once saved
    lengths.save()
    later = lengths_in(file, CountingSynth({}), measure=False)
    assert later.kept("Rest 15 seconds.") == 2.1
    assert later.kept("Halfway.") == 0.5
