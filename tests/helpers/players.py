"""Stand-in sound players for tests, as commands for backcoach's player, and ways to wait on them.

Run as a script, this file is the stand-in player: the WAV path comes last, as
backcoach appends it. Options before it:

- ``--log FILE``: append ``start <pid> <pgid> <wav path>`` when it starts and
  ``end <pid>`` when it ends of its own accord;
- ``--fail MESSAGE``: write MESSAGE to standard error and exit 1 (at once);
- ``--fail-if FILE``: the same, but only while FILE exists;
- ``--ignore-term``: ignore SIGTERM (to test the SIGKILL that follows);
- ``--copy DIR``: copy the WAV file into DIR before playing.

Otherwise it lasts as long as the audio in the WAV file would.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sys
import time
import wave
from pathlib import Path

WAIT = 5.0  # hard limit for any wait; a test that hits it has failed
FAILURE = "aplay: main:831: audio open error: No such file or directory"


def command(*args: str | Path) -> str:
    """The shell-like command line that runs the stand-in with ``args`` (the WAV path
    is appended by backcoach)."""
    return shlex.join([sys.executable, __file__, *(str(a) for a in args)])


def missing_command() -> str:
    return "/nonexistent/backcoach-test-player -q"


def log_lines(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    return [line.split(" ", 3) for line in log.read_text(encoding="utf-8").splitlines()]


def wait_for_log(log: Path, count: int, kind: str = "start") -> list[list[str]]:
    """Wait until ``log`` holds ``count`` lines of ``kind``; return those lines."""
    deadline = time.monotonic() + WAIT
    while True:
        lines = [line for line in log_lines(log) if line[0] == kind]
        if len(lines) >= count:
            return lines
        assert time.monotonic() < deadline, f"{len(lines)} of {count} '{kind}' lines in {log}"
        time.sleep(0.005)  # polling a file the player writes, not waiting for a timer


def _main(argv: list[str]) -> int:
    *options, wav_path = argv
    log: Path | None = None
    copy_to: Path | None = None
    i = 0
    while i < len(options):
        option = options[i]
        if option == "--log":
            log, i = Path(options[i + 1]), i + 2
        elif option == "--fail":
            print(options[i + 1], file=sys.stderr)
            return 1
        elif option == "--fail-if":
            if Path(options[i + 1]).exists():
                print(FAILURE, file=sys.stderr)
                return 1
            i += 2
        elif option == "--ignore-term":
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            i += 1
        elif option == "--copy":
            copy_to, i = Path(options[i + 1]), i + 2
        else:
            print(f"stand-in player: unknown option {option}", file=sys.stderr)
            return 2
    with wave.open(wav_path, "rb") as wav:
        seconds = wav.getnframes() / wav.getframerate()
    if copy_to is not None:
        shutil.copy(wav_path, copy_to / Path(wav_path).name)
    if log is not None:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"start {os.getpid()} {os.getpgid(0)} {wav_path}\n")
    time.sleep(seconds)
    if log is not None:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"end {os.getpid()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
