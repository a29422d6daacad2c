"""backcoach's own player: which command, the WAV path as its last argument, exit codes
taken at their word, and a stop that ends playback within 200 ms."""

from __future__ import annotations

import os
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.voice.clip import Clip, clip_from_samples
from backcoach.voice.player import (
    DEFAULT_PLAYER,
    FAILED,
    FROM_DEFAULT,
    FROM_ENV,
    FROM_OPTION,
    FROM_SETTINGS,
    MISSING,
    PLAYED,
    PLAYER_ENV,
    STOPPED,
    Player,
    PlayerChoice,
    PlayResult,
    choose_player,
    split_command,
)
from tests.helpers import players
from tests.helpers.players import WAIT

STOP_LIMIT = 0.2


def silence(seconds: float, rate: int = 22050) -> Clip:
    return clip_from_samples(bytes(2 * round(seconds * rate)), rate)


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "playback.log"


@pytest.fixture
def made() -> Iterator[list[Player]]:
    """Players a test makes; each is closed after it."""
    made: list[Player] = []
    yield made
    for player in made:
        player.close()


def player(made: list[Player], command: str) -> Player:
    made.append(Player(command))
    return made[-1]


def play_in_thread(p: Player, clip: Clip) -> tuple[threading.Thread, list[PlayResult]]:
    results: list[PlayResult] = []
    thread = threading.Thread(target=lambda: results.append(p.play(clip)))
    thread.start()
    return thread, results


# ------------------------------------------------------------------ choice


@pytest.mark.parametrize(
    ("option", "env", "setting", "expected"),
    [
        (
            "mpv --really-quiet",
            {PLAYER_ENV: "paplay"},
            "pw-play",
            ("mpv --really-quiet", FROM_OPTION),
        ),
        (None, {PLAYER_ENV: "paplay"}, "pw-play", ("paplay", FROM_ENV)),
        (None, {}, "pw-play", ("pw-play", FROM_SETTINGS)),
        (None, {}, "", (DEFAULT_PLAYER, FROM_DEFAULT)),
        ("  ", {PLAYER_ENV: ""}, "   ", (DEFAULT_PLAYER, FROM_DEFAULT)),
        ("", {PLAYER_ENV: " paplay "}, "", ("paplay", FROM_ENV)),
    ],
)
def test_the_player_is_chosen_option_then_environment_then_setting_then_aplay(
    option: str | None, env: dict[str, str], setting: str, expected: tuple[str, str]
) -> None:
    choice = choose_player(option, env, setting)
    assert (choice.command, choice.source) == expected
    assert choice.named == (expected[1] != FROM_DEFAULT)
    assert choice.describe() == f"{expected[0]} (from {expected[1]})"


def test_a_player_command_is_split_like_a_shell_command() -> None:
    assert split_command("aplay -q") == ["aplay", "-q"]
    assert split_command("'/opt/my player/play' --device 'hw:1,0'") == [
        "/opt/my player/play",
        "--device",
        "hw:1,0",
    ]
    with pytest.raises(ValueError, match="cannot be read"):
        split_command("play 'unclosed")
    with pytest.raises(ValueError, match="empty"):
        split_command("   ")


def test_the_fix_names_where_the_player_came_from() -> None:
    assert "--player" in PlayerChoice("x", FROM_OPTION).fix()
    assert f"${PLAYER_ENV}" in PlayerChoice("x", FROM_ENV).fix()
    assert "voice_player" in PlayerChoice("x", FROM_SETTINGS).fix()


# ---------------------------------------------------------------- playback


def test_a_player_that_exits_0_played_the_clip_given_as_its_last_argument(
    made: list[Player], tmp_path: Path, log: Path
) -> None:
    copies = tmp_path / "copies"
    copies.mkdir()
    clip = silence(0.05)
    p = player(made, players.command("--copy", copies, "--log", log))
    result = p.play(clip)
    assert (result.status, result.exit_code, result.ok) == (PLAYED, 0, True)
    [(_, _, _, wav_path)] = players.wait_for_log(log, 1)
    assert p.folder is not None and Path(wav_path).parent == p.folder
    assert not Path(wav_path).exists(), "each clip's file is removed once played"
    copy = copies / Path(wav_path).name
    assert copy.read_bytes() == clip.wav
    with wave.open(str(copy), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)


def test_close_removes_the_private_temporary_folder(made: list[Player]) -> None:
    p = player(made, players.command())
    assert p.play(silence(0.01)).ok
    folder = p.folder
    assert folder is not None and folder.is_dir()
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
    p.close()
    assert not folder.exists()
    assert p.play(silence(0.01)).status == STOPPED


def test_a_failing_player_is_reported_with_its_exit_status_and_message(
    made: list[Player],
) -> None:
    result = player(made, players.command("--fail", players.FAILURE)).play(silence(0.05))
    assert (result.status, result.exit_code, result.ok) == (FAILED, 1, False)
    assert result.reason == "player failed (exit 1)"
    assert result.first_error_line == players.FAILURE


def test_a_missing_player_is_reported_as_not_found(made: list[Player]) -> None:
    result = player(made, players.missing_command()).play(silence(0.05))
    assert (result.status, result.ok) == (MISSING, False)
    assert result.reason == "player not found"


def test_a_player_killed_by_a_signal_says_so() -> None:
    assert PlayResult(FAILED, -9).reason == "player failed (killed by SIGKILL)"


def test_only_the_start_of_a_long_error_output_is_kept(made: list[Player], tmp_path: Path) -> None:
    script = tmp_path / "noisy"
    script.write_text("#!/bin/sh\nhead -c 1000000 /dev/zero | tr '\\0' x >&2\nexit 3\n")
    script.chmod(0o755)
    result = player(made, str(script)).play(silence(0.01))
    assert (result.status, result.exit_code) == (FAILED, 3)
    assert len(result.stderr) == 4096


@pytest.mark.parametrize("ignore_term", [False, True])
def test_stop_ends_a_long_playback_within_200_ms(
    made: list[Player], log: Path, ignore_term: bool
) -> None:
    args: list[str | Path] = ["--log", log, *(["--ignore-term"] if ignore_term else [])]
    p = player(made, players.command(*args))
    thread, results = play_in_thread(p, silence(30.0))
    players.wait_for_log(log, 1)
    began = time.monotonic()
    p.stop()
    thread.join(WAIT)
    took = time.monotonic() - began
    assert not thread.is_alive()
    assert took < STOP_LIMIT, f"stopping took {took * 1000:.0f} ms"
    [result] = results
    assert (result.status, result.reason, result.ok) == (STOPPED, "stopped", False)
    assert players.log_lines(log)[-1][0] == "start", "the player was cut, never ended"


def test_stop_ends_a_shell_player_and_the_programs_it_started(
    made: list[Player], tmp_path: Path
) -> None:
    pids = tmp_path / "pids"
    script = tmp_path / "player.sh"
    script.write_text(f"#!/bin/sh\nsleep 30 &\necho $! > {pids}\nwait\n")
    script.chmod(0o755)
    p = player(made, str(script))
    thread, results = play_in_thread(p, silence(30.0))
    deadline = time.monotonic() + WAIT
    while not pids.exists() or not pids.read_text().strip():
        assert time.monotonic() < deadline, "the shell player never started its child"
        time.sleep(0.005)  # polling a file the player writes
    child = int(pids.read_text())
    p.stop()
    thread.join(WAIT)
    assert results[0].status == STOPPED
    deadline = time.monotonic() + WAIT
    while _alive(child):
        assert time.monotonic() < deadline, "the player's child outlived the stop"
        time.sleep(0.005)  # polling for the child to be reaped by init


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_the_player_runs_in_its_own_process_group_so_ctrl_c_reaches_backcoach_first(
    made: list[Player], log: Path
) -> None:
    assert player(made, players.command("--log", log)).play(silence(0.01)).ok
    [(_, pid, pgid, _)] = players.wait_for_log(log, 1)
    assert pid == pgid
    assert int(pgid) != os.getpgid(0)


def test_stop_when_nothing_plays_changes_nothing(made: list[Player]) -> None:
    p = player(made, players.command())
    p.stop()
    assert p.play(silence(0.01)).ok


def test_a_cancel_set_before_the_start_plays_nothing(made: list[Player], log: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    result = player(made, players.command("--log", log)).play(silence(0.01), cancel)
    assert result.status == STOPPED
    assert players.log_lines(log) == []
