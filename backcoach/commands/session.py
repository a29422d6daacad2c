"""``backcoach start ROUTINE --no-window``: a guided session by voice, in a terminal.

The same engine, voice and history as the window, driven by a
:class:`~backcoach.runner.SessionRunner`. Each cue is printed when the voice
is done with it, stamped with its routine time; a cue the voice left out is
marked with the reason. Keys are read in cbreak mode; the loop sleeps in
``select`` until the next cue, rep or phase end, a key, or word from the voice.
"""

from __future__ import annotations

import argparse
import math
import os
import queue
import re
import select
import sys
import termios
import textwrap
import time
import tty
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from backcoach.content import CONTEXT_LABELS, CONTEXTS, Content

if TYPE_CHECKING:  # what a session runs on loads when one starts, not with the parser
    from backcoach.core.plan import Plan
    from backcoach.core.session import Event, Summary
    from backcoach.runner import SessionRunner
    from backcoach.settings import Settings
    from backcoach.storage import HistoryStore, InstanceLock
    from backcoach.voice import CueResult, Speaker
from backcoach.core.advice import SAFETY_NOTE
from backcoach.core.clock import MonotonicClock

KEY_HELP = "Keys: Space pause/resume · s skip · b back · + add 10 s · q end"
VOICE_WAIT = 5.0
"""Seconds to wait for the speech engine to start before the session begins."""
LAST_WORDS_WAIT = 15.0
"""Seconds to wait at the end for the voice to finish the summary."""
WIDTH = 72


def register(sub: Any, content: Content) -> None:
    p = sub.add_parser(
        "start",
        help="run a routine with spoken cues (in the window, or --no-window: in this terminal)",
        description="Run ROUTINE as a guided session: the window opens on its set-up page. "
        "With --no-window, the voice guides "
        "you in this terminal: Space pauses and resumes, s skips, b goes back, + adds "
        "10 seconds, q ends. The session is saved in history.",
    )
    p.add_argument("routine", metavar="ROUTINE", choices=sorted(content.routines))
    p.add_argument(
        "--context", choices=CONTEXTS, help="when you do it (default: the routine's own)"
    )
    p.add_argument("--no-window", action="store_true", help="run in this terminal, by voice")
    p.add_argument("--no-voice", action="store_true", help="print the cues without speaking")
    p.add_argument(
        "--speed",
        metavar="N",
        type=_speed,
        default=1.0,
        help="rehearse N times faster, to preview the script (default: 1)",
    )
    p.add_argument(
        "--save",
        action="store_true",
        help="keep a --speed rehearsal in history (sessions at real speed are always kept)",
    )
    p.add_argument(
        "--cue-log",
        metavar="FILE",
        type=Path,
        default=argparse.SUPPRESS,  # keeps a --cue-log given before the command
        help="write one JSON line per cue to FILE",
    )
    p.set_defaults(func=lambda args: start(args, content, p))


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {text!r}")
    return value


def _clock_text(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


class Console:
    """What the terminal shows: a header, one line per cue, notices and the summary."""

    def __init__(self, plan: Plan, content: Content, out: TextIO) -> None:
        self.plan = plan
        self.content = content
        self.out = out
        self.voice_notes = True
        self._early: list[str] | None = []

    def line(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def notice(self, text: str) -> None:
        """Say something the user should know; held back until the header is out."""
        if self._early is not None:
            self._early.append(text)
        else:
            self.line(f"! {text}")

    def header(self, speed: float, keys: bool) -> None:
        plan = self.plan
        routine = self.content.routines[plan.routine].name
        minutes = _clock_text(plan.total_seconds)
        sets = plan.set_count
        speed_text = "" if speed == 1 else f" · rehearsal at {speed:g}x"
        self.line(f"backcoach · {routine} · {CONTEXT_LABELS[plan.context].lower()}")
        self.line(f"{minutes} planned, {sets} set{'s' * (sets != 1)}{speed_text}")
        self.line(KEY_HELP if keys else "No keyboard here: the session runs to the end.")
        for line in textwrap.wrap(SAFETY_NOTE, WIDTH):
            self.line(line)
        early, self._early = self._early or [], None
        for text in early:
            self.notice(text)
        self.line("─" * WIDTH)

    def event(self, event: Event) -> None:
        from backcoach.core.session import PhaseStarted

        if isinstance(event, PhaseStarted) and event.phase.kind == "get-ready":
            exercise = self.plan.exercises[event.phase.exercise]
            self.line(f"── {exercise.name} " + "─" * max(0, WIDTH - 4 - len(exercise.name)))

    def cue(self, result: CueResult) -> None:
        import shutil

        from backcoach.voice.speaker import NO_ENGINE, VOICE_OFF

        text = result.cue.text
        silent = result.reason == VOICE_OFF or result.reason.startswith(NO_ENGINE)
        if not (result.spoken or silent or not self.voice_notes):
            text += f"  [not said: {result.reason}]"
        stamp = f"[{_clock_text(result.cue.due)}] "
        if not self.out.isatty():
            self.line(stamp + text)
            return
        width = max(40, shutil.get_terminal_size().columns - 1)
        wrap = textwrap.TextWrapper(width, initial_indent=stamp, subsequent_indent=" " * len(stamp))
        self.line(wrap.fill(text))

    def summary(self, summary: Summary, real_seconds: float, speed: float) -> None:
        self.line("─" * WIDTH)
        took = _clock_text(summary.routine_seconds)
        if speed != 1:
            took += f" of routine time ({real_seconds:.1f} s at {speed:g}x)"
        planned = _clock_text(self.plan.total_seconds)
        sets = f"{summary.sets_done} of {summary.planned_sets} sets"
        ending = ", ended early" if summary.ended_early else ""
        self.line(f"Done: {sets} in {took}{ending}; planned {planned}.")
        for text in _done_lines(summary, self.plan):
            self.line(text)


def _done_lines(summary: Summary, plan: Plan) -> Iterator[str]:
    """One line per set: "  Low lunge   set 1: left 60 s, right 60 s"."""
    sets: dict[tuple[str, int], list[str]] = {}
    for r in summary.records:
        amount = f"{r.reps} reps" if r.reps is not None else f"{round(r.seconds or 0)} s"
        if r.weight is not None:
            amount += f" × {r.weight:g} {r.weight_unit or ''}".rstrip()
        part = amount if r.side == "both" else f"{r.side} {amount}"
        sets.setdefault((r.exercise, r.set_number), []).append(part)
    names = {key[0]: plan.exercises[key[0]].name for key in sets}
    width = max((len(n) for n in names.values()), default=0)
    shown = ""
    for (exercise, number), parts in sets.items():
        name = names[exercise] if exercise != shown else ""
        shown = exercise
        yield f"  {name:<{width}}  set {number}: {', '.join(parts)}"


@contextmanager
def _keyboard(stream: TextIO) -> Iterator[int | None]:
    """The stdin descriptor in cbreak mode (restored on exit), or None without a terminal."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        yield None
        return
    if not os.isatty(fd):
        yield None
        return
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield fd
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


class _Results:
    """Collects cue results from the voice thread and wakes the terminal loop through a pipe."""

    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[CueResult] = queue.SimpleQueue()
        self.count = 0
        self.wake_fd, self._write_fd = os.pipe()
        os.set_blocking(self.wake_fd, False)
        os.set_blocking(self._write_fd, False)

    def __call__(self, result: CueResult) -> None:
        self.queue.put(result)
        with suppress(BlockingIOError, OSError):
            os.write(self._write_fd, b"!")

    def take(self) -> list[CueResult]:
        with suppress(BlockingIOError):
            os.read(self.wake_fd, 4096)
        taken = []
        while True:
            try:
                taken.append(self.queue.get_nowait())
            except queue.Empty:
                break
        self.count += len(taken)
        return taken

    def close(self) -> None:
        os.close(self.wake_fd)
        os.close(self._write_fd)


def start(args: argparse.Namespace, content: Content, parser: argparse.ArgumentParser) -> int:
    if not args.no_window:
        if args.no_voice or args.speed != 1.0 or args.save:
            parser.error(
                "--no-voice, --speed and --save go with --no-window; the window has Voice settings"
            )
        from backcoach.app import run_gui

        return run_gui(args, content)
    from backcoach.core.plan import build_plan
    from backcoach.paths import data_dir
    from backcoach.settings import Settings
    from backcoach.voice import CueLog, CueLogError

    context = args.context or content.routines[args.routine].default_context
    folder = data_dir(args.data_dir)
    saving = args.speed == 1.0 or args.save
    lock, running = _take_folder(folder) if saving else (None, None)
    if running:
        print(f"backcoach: {running}", file=sys.stderr)
        return 1
    settings = Settings.load(folder)
    try:
        cue_log = CueLog(args.cue_log) if args.cue_log else None
    except CueLogError as exc:
        print(f"backcoach: {exc}", file=sys.stderr)
        return 1
    plan = build_plan(content, args.routine, context, rate_wpm=settings.voice_rate)
    console = Console(plan, content, sys.stdout)
    if settings.problem:
        console.notice(settings.problem)
    speaker = _speaker(args, settings, console)
    results = _Results()
    speaker.add_listener(results)
    if cue_log is not None:
        speaker.add_listener(cue_log)
    if saving:
        store = _open_history(folder, console)
    else:
        store = None
        console.notice("A rehearsal is not saved in history (add --save to keep it).")
    try:
        return _run(args, plan, console, speaker, results, store)
    finally:
        speaker.close()
        results.close()
        if cue_log is not None:
            cue_log.close()
            if cue_log.problem:
                console.notice(cue_log.problem)
        if store is not None:
            _close_history(store, console)
        if lock is not None:
            lock.release()


def _speaker(args: argparse.Namespace, settings: Settings, console: Console) -> Speaker:
    from backcoach.voice import SilentSpeaker, VoiceWorker, make_speaker
    from backcoach.voice.speaker import VOICE_OFF

    if args.no_voice:
        return SilentSpeaker(VOICE_OFF)
    speaker = make_speaker(settings, MonotonicClock())
    if isinstance(speaker, VoiceWorker):
        speaker.wait_ready(VOICE_WAIT)
    if not settings.voice_enabled:
        console.notice("The voice is off in the settings: cues are only printed.")
    elif speaker.problem:
        console.notice(speaker.problem)
    return speaker


def _take_folder(folder: Path) -> tuple[InstanceLock | None, str | None]:
    """The data folder's lock, held while the session is saved, or why it cannot be had.

    A window on the same folder would otherwise offer to resume, or keep as partial,
    the session this terminal is still recording; so the terminal says so and stops.
    """
    from backcoach.storage import acquire_instance_lock, already_running_message

    try:
        lock = acquire_instance_lock(folder)
    except OSError:  # a folder that cannot be written: opening history says so
        return None, None
    if lock is None:
        return None, (
            f"{already_running_message(folder)} Run the session in that window, or close "
            "the window and start again."
        )
    return lock, None


def _open_history(folder: Path, console: Console) -> HistoryStore | None:
    import sqlite3

    from backcoach.storage import DatabaseTooNew, HistoryStore, StorageError

    def report(problem: str | None) -> None:
        console.notice(problem or "History is being saved again.")

    try:
        store = HistoryStore(folder, on_problem=report)
    except (DatabaseTooNew, StorageError, sqlite3.Error, OSError) as exc:
        console.notice(f"{exc} This session will not be saved in history.")
        return None
    for notice in store.notices:
        console.notice(notice)
    return store


def _close_history(store: HistoryStore, console: Console) -> None:
    """Write what is kept; if it still cannot be written, put it in a file to import later."""
    from backcoach.storage.export import save_unsaved, unsaved_message

    store.close()
    if store.has_pending:
        sets = store.pending_sets
        console.notice(unsaved_message(save_unsaved(store, store.path.parent), sets))


def _run(
    args: argparse.Namespace,
    plan: Plan,
    console: Console,
    speaker: Speaker,
    results: _Results,
    store: HistoryStore | None,
) -> int:
    from backcoach.core.session import CueDue, Session
    from backcoach.runner import SessionRunner

    console.voice_notes = speaker.available
    clock = MonotonicClock(args.speed)
    cues = 0

    def on_event(event: Event) -> None:
        nonlocal cues
        cues += isinstance(event, CueDue)
        console.event(event)

    session = Session(plan, clock, speed=args.speed)
    runner = SessionRunner(
        session, clock, speaker, speed=args.speed, history=store, on_event=on_event
    )
    began = time.monotonic()
    status = 0
    with _keyboard(sys.stdin) as keys:
        console.header(args.speed, keys is not None)
        try:
            runner.start()
            _loop(runner, console, results, keys)
        except KeyboardInterrupt:
            runner.end()
            status = 130
        _last_words(results, console, cues)
    summary = session.summary
    assert summary is not None
    console.summary(summary, time.monotonic() - began, args.speed)
    if store is not None and not store.pending_sets:
        console.line(f"Saved in history: {store.path}")
    return status


def _loop(runner: SessionRunner, console: Console, results: _Results, keys: int | None) -> None:
    session = runner.session
    watch = [results.wake_fd] if keys is None else [results.wake_fd, keys]
    while not session.finished:
        ready, _, _ = select.select(watch, [], [], runner.seconds_until_wakeup())
        if keys is not None and keys in ready:
            for key in keys_pressed(os.read(keys, 64).decode(errors="ignore")):
                _press(key, runner, console)
        runner.pump()
        for result in results.take():
            console.cue(result)


_ESCAPE = re.compile(r"\x1b(?:\[[0-9;]*[@-~]|O.|.)?")
_ARROWS = {"\x1b[C": "s", "\x1bOC": "s", "\x1b[D": "b", "\x1bOD": "b"}


def keys_pressed(chunk: str) -> list[str]:
    """The keys in what the terminal sent: → skips and ← goes back; other escape
    sequences (the other arrows, function keys) count as nothing."""
    found: list[str] = []
    end = 0
    for match in _ESCAPE.finditer(chunk):
        found.extend(chunk[end : match.start()])
        if match.group() in _ARROWS:
            found.append(_ARROWS[match.group()])
        end = match.end()
    found.extend(chunk[end:])
    return found


def _press(key: str, runner: SessionRunner, console: Console) -> None:
    session = runner.session
    if session.finished:
        return
    if key == " ":
        runner.toggle_pause()
        when = _clock_text(session.routine_time())
        console.line(f"Paused at {when}. Space resumes." if session.paused else "Resumed.")
    elif key in "sS":
        console.line("Skipped.")
        runner.skip()
    elif key in "bB":
        console.line("Back.")
        runner.back()
    elif key == "+":
        console.line("10 seconds added.")
        runner.add_time(10.0)
    elif key in "qQ":
        runner.end()


def _last_words(results: _Results, console: Console, forwarded: int) -> None:
    """Print results until every cue handed to the voice has one, or the wait runs out."""
    deadline = time.monotonic() + LAST_WORDS_WAIT
    while True:
        for result in results.take():
            console.cue(result)
        left = deadline - time.monotonic()
        if results.count >= forwarded or left <= 0:
            return
        select.select([results.wake_fd], [], [], left)
