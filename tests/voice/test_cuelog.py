"""The cue log: one flushed JSON line per cue result, and a clear error for a bad path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backcoach.core.cues import Cue, Priority
from backcoach.voice import CueLog, CueLogError, CueResult, SilentSpeaker


def read_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_result_is_one_json_line_written_at_once(tmp_path: Path) -> None:
    path = tmp_path / "cues.jsonl"
    with CueLog(path) as log:
        side = Cue("Left side", "side", due=12.34567, priority=Priority.ESSENTIAL)
        log(CueResult(side, spoken=True, reason="spoken"))
        assert read_lines(path) == [
            {
                "t": 12.346,
                "text": "Left side",
                "kind": "side",
                "priority": "essential",
                "spoken": True,
                "reason": "spoken",
            }
        ]
        count = Cue("3", "count", due=57.0, priority=Priority.ESSENTIAL, critical=True)
        log(CueResult(count, spoken=False, reason="late"))
        log(CueResult(Cue("hinge", "form", 58.0, Priority.TECHNIQUE), spoken=True, reason="spoken"))
    lines = read_lines(path)
    assert list(lines[1]) == ["t", "text", "kind", "priority", "spoken", "reason"]
    assert lines[1] == {
        "t": 57.0,
        "text": "3",
        "kind": "count",
        "priority": "essential",
        "spoken": False,
        "reason": "late",
    }
    assert lines[2]["priority"] == "technique"


def test_it_listens_to_a_speaker(tmp_path: Path) -> None:
    path = tmp_path / "cues.jsonl"
    speaker = SilentSpeaker()
    log = CueLog(path)
    speaker.add_listener(log)
    speaker.say(Cue("Rest for 30 seconds — then the dead bug", "rest", due=90.0), due=0.0)
    log.close()
    assert read_lines(path) == [
        {
            "t": 90.0,
            "text": "Rest for 30 seconds — then the dead bug",
            "kind": "rest",
            "priority": "optional",
            "spoken": False,
            "reason": "voice off",
        }
    ]


@pytest.mark.parametrize("where", ["missing-folder/cues.jsonl", "."])
def test_a_bad_path_gives_one_readable_line(tmp_path: Path, where: str) -> None:
    path = tmp_path / where
    with pytest.raises(CueLogError) as caught:
        CueLog(path)
    message = str(caught.value)
    assert message.startswith(f"Cannot write the cue log {path}: ")
    assert "\n" not in message
    assert "Errno" not in message


def test_results_after_close_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "cues.jsonl"
    log = CueLog(path)
    log.close()
    log(CueResult(Cue("Finished", "finish", due=600.0), spoken=True, reason="spoken"))
    assert path.read_text(encoding="utf-8") == ""
    assert log.problem == ""
