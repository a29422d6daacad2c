"""The data folder's instance lock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from backcoach.storage import lock


def test_the_second_instance_cannot_take_the_lock_and_learns_the_holder(
    tmp_path: Path,
) -> None:
    first = lock.acquire_instance_lock(tmp_path)
    assert first is not None
    assert lock.acquire_instance_lock(tmp_path) is None
    assert lock.lock_holder(tmp_path) == os.getpid()
    assert "already running" in lock.already_running_message(tmp_path)
    first.release()
    again = lock.acquire_instance_lock(tmp_path)
    assert again is not None
    again.release()


def test_the_lock_is_held_across_processes_and_freed_when_the_holder_dies(
    tmp_path: Path,
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from backcoach.storage import lock;"
            f"held = lock.acquire_instance_lock(Path({str(tmp_path)!r}));"
            "print('held', flush=True);"
            "sys.stdin.readline()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline().strip() == "held"
    assert lock.acquire_instance_lock(tmp_path) is None
    assert lock.lock_holder(tmp_path) == holder.pid
    holder.kill()
    holder.wait()
    again = lock.acquire_instance_lock(tmp_path)
    assert again is not None
    again.release()


def test_taking_the_lock_loads_no_sqlite_and_the_store_comes_when_used(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from backcoach.storage import acquire_instance_lock\n"
        f"assert acquire_instance_lock(Path({str(tmp_path)!r})) is not None\n"
        "print(sorted(m for m in sys.modules if 'sqlite' in m or m.startswith('backcoach.storage.')"
        " and m != 'backcoach.storage.lock'))\n"
        "from backcoach.storage import HistoryStore; print(HistoryStore.__name__)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["[]", "HistoryStore"]


def test_the_process_holding_the_lock_knows_it(tmp_path: Path) -> None:
    assert not lock.held_here(tmp_path)
    held = lock.acquire_instance_lock(tmp_path)
    assert held is not None
    assert lock.held_here(tmp_path)
    held.release()
    assert not lock.held_here(tmp_path)
