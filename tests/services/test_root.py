"""The composition root: one base clock for speaker, session and runner; parts built lazily."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from backcoach.content import load_content
from backcoach.core.clock import Clock
from backcoach.core.session import CueDue
from backcoach.services.root import AppServices, Options
from backcoach.services.sessions import SessionRequest
from backcoach.settings import Settings
from backcoach.voice import CueLogError, Speaker
from tests.helpers.clock import FakeClock
from tests.helpers.speaker import RecordingSpeaker

CONTENT = load_content()


def services_on(
    folder: Path, clock: FakeClock, speed: float = 1.0, **options: object
) -> tuple[AppServices, list[tuple[Clock, RecordingSpeaker]]]:
    made: list[tuple[Clock, RecordingSpeaker]] = []

    def speaker(_settings: Settings, speaker_clock: Clock) -> Speaker:
        made.append((speaker_clock, RecordingSpeaker()))
        return made[-1][1]

    services = AppServices(
        CONTENT,
        Options(folder, speed=speed, **options),  # type: ignore[arg-type]
        clock=clock,
        speaker_factory=speaker,
        settings=Settings(),
    )
    return services, made


@pytest.mark.parametrize("speed", [1.0, 4.0])
def test_the_speaker_and_the_runner_run_on_the_one_base_clock(data_dir: Path, speed: float) -> None:
    base = FakeClock(500.0)
    services, made = services_on(data_dir, base, speed)
    runner = services.sessions.begin(SessionRequest("after-run", "after-run")).runner
    [(speaker_clock, speaker)] = made
    assert speaker_clock is base
    assert services.session_clock.monotonic() == pytest.approx(base.now * speed)
    events = runner.start()
    first = next(e.cue for e in events if isinstance(e, CueDue))
    base.advance(3.0)
    later = [e.cue for e in runner.pump() if isinstance(e, CueDue)]
    for cue, due, _finish_by in speaker.said:  # each cue handed over in base-clock time
        assert due == pytest.approx(500.0 + cue.due / speed, abs=1e-6)
    assert speaker.said[0][0] == first and len(speaker.said) == 1 + len(later)
    services.close()


def test_nothing_is_opened_until_asked_for(data_dir: Path) -> None:
    services, made = services_on(data_dir, FakeClock())
    assert made == [] and not services.history_opened
    assert not (data_dir / "history.sqlite3").exists()
    assert services.history() is not None and services.history_opened
    assert services.close() == []


def test_a_rehearsal_opens_no_history_and_a_silent_one_no_voice(data_dir: Path) -> None:
    services, made = services_on(data_dir, FakeClock(), 20.0, save=False, voice=False)
    active = services.sessions.begin(SessionRequest("before-run", "before-run"))
    assert services.history() is None and active.history_id is None
    assert made == [] and not services.speaker().available
    assert not data_dir.exists()


def test_a_cue_log_that_cannot_be_written_is_refused_at_once(tmp_path: Path) -> None:
    services, _ = services_on(tmp_path, FakeClock(), cue_log=tmp_path / "missing" / "x.jsonl")
    with pytest.raises(CueLogError):
        services.open_cue_log()


def test_the_sample_goes_through_the_app_speaker_factory_on_the_base_clock(
    data_dir: Path,
) -> None:
    base = FakeClock(42.0)
    services, made = services_on(data_dir, base)
    sample = services.say_sample(Settings(voice_rate=200), "Breathe in.")
    [(speaker_clock, speaker)] = made
    assert speaker is sample and speaker_clock is base
    assert speaker.said[0][1] == 42.0 and speaker.texts == ["Breathe in."] and speaker.closed


ROOT_ALONE = """
import sys
from pathlib import Path
from backcoach.content import load_content
from backcoach.services.root import AppServices, Options
services = AppServices(load_content(), Options(Path(sys.argv[1])))
print(" ".join(sorted(m for m in sys.modules if m.startswith(("sqlite3", "backcoach.voice",
    "backcoach.storage.store", "backcoach.services.sessions", "PySide6")))))
"""


def test_building_the_root_loads_neither_history_nor_voice_nor_qt(data_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", ROOT_ALONE, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == []
