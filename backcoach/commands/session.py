"""``backcoach start ROUTINE --no-window``: a guided session by voice, in a terminal.

The same engine, voice and history as the window, driven by a
:class:`~backcoach.services.runner.SessionRunner`. Each cue is printed when the voice
is done with it, stamped with its routine time, the answers to keys
included; a cue the voice left out is marked with the reason (one cut or
cleared by the user's own key is marked so, not as left out). Keys are read in
cbreak mode; the loop sleeps in ``select`` until the next cue, rep or phase
end, a key, word from the voice, or Ctrl-C. Ctrl-C ends the session at once:
SIGINT is turned into an event of the loop, which cuts the voice, keeps every
completed set and says so.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import queue
import re
import select
import signal
import sys
import termios
import textwrap
import threading
import time
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from backcoach.content import CONTEXT_LABELS, CONTEXTS, Content
from backcoach.core.cues import VERBOSITIES

if TYPE_CHECKING:  # what a session runs on loads when one starts, not with the parser
    from backcoach.core.plan import Plan
    from backcoach.core.session import Event, Summary
    from backcoach.services.mpris import MprisPlayer
    from backcoach.services.protocol import ControlServer
    from backcoach.services.root import AppServices
    from backcoach.services.runner import SessionRunner
    from backcoach.services.sessions import ActiveSession, PainAnswer, SessionRequest, Unfinished
    from backcoach.storage import InstanceLock
    from backcoach.voice import CueResult, Speaker
from backcoach.core.advice import SAFETY_NOTE
from backcoach.core.records import skipped_words
from backcoach.core.text import plural
from backcoach.core.timefmt import clock_text

log = logging.getLogger(__name__)

KEY_HELP = "Keys: Space pause/resume · s skip · b back · + add 10 s · q end"
VOICE_WAIT = 5.0
"""Seconds to wait for the speech engine to start before the session begins."""
IDLE_CHECK = 1.0
"""Longest sleep of the loop while it serves the local socket (to close idle clients)."""
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
        "--verbosity",
        metavar="LEVEL",
        choices=VERBOSITIES,
        help="how much the voice says: full, standard (technique, fewer reminders) or counts "
        "(only what to do and when); default: the voice setting",
    )
    p.add_argument(
        "--cue-log",
        metavar="FILE",
        type=Path,
        default=argparse.SUPPRESS,  # keeps a --cue-log given before the command
        help="write one JSON line per cue to FILE",
    )
    p.add_argument(
        "--player",
        metavar="CMD",
        default=argparse.SUPPRESS,  # keeps a --player given before the command
        help="the command that plays the speech (a WAV file is its last argument)",
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


class Console:
    """What the terminal shows: a header, one line per cue, notices and the summary."""

    def __init__(self, content: Content, out: TextIO) -> None:
        self.content = content
        self.voice_problem: Callable[[], str] = lambda: ""
        """What keeps the voice from being heard now ("" when nothing): told once each."""
        self._told_voice: set[str] = set()
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

    def flush_notices(self) -> None:
        """Print the notices held back so far, before a question or an error."""
        early, self._early = self._early or [], None
        for text in early:
            self.notice(text)

    def header(self, plan: Plan, speed: float, keys: bool) -> None:
        routine = self.content.routines[plan.routine].name
        minutes = clock_text(plan.total_seconds, rounding="nearest")
        speed_text = "" if speed == 1 else f" · rehearsal at {speed:g}x"
        self.line(f"backcoach · {routine} · {CONTEXT_LABELS[plan.context].lower()}")
        self.line(f"{minutes} planned, {plural(plan.set_count, 'set')}{speed_text}")
        self.line(KEY_HELP if keys else "No keyboard here: the session runs to the end.")
        for line in textwrap.wrap(SAFETY_NOTE, WIDTH):
            self.line(line)
        self.flush_notices()
        self.line("─" * WIDTH)

    def event(self, event: Event, plan: Plan) -> None:
        from backcoach.core.session import PhaseStarted

        if isinstance(event, PhaseStarted) and event.phase.kind == "get-ready":
            exercise = plan.exercises[event.phase.exercise]
            self.line(f"── {exercise.name} " + "─" * max(0, WIDTH - 4 - len(exercise.name)))

    def cue(self, result: CueResult) -> None:
        self._cue_line(result)
        problem = self.voice_problem()
        if problem and problem not in self._told_voice:  # e.g. the player failed just now
            self._told_voice.add(problem)
            self.notice(problem)

    def told_voice(self, problem: str) -> None:
        """``problem`` has been said already (before the session): not again."""
        self._told_voice.add(problem)

    def _cue_line(self, result: CueResult) -> None:
        import shutil

        from backcoach.voice.speaker import CLEARED, NO_ENGINE, STOPPED, VOICE_OFF

        text = result.cue.text
        silent = result.reason == VOICE_OFF or result.reason.startswith(NO_ENGINE)
        if result.reason in (CLEARED, STOPPED):  # by the user's own key: not left out
            text += "  [cleared]" if result.reason == CLEARED else "  [cut short]"
        elif not (result.spoken or silent or not self.voice_notes):
            text += f"  [not said: {result.reason}]"
        stamp = f"[{clock_text(result.cue.due, rounding='nearest')}] "
        if not self.out.isatty():
            self.line(stamp + text)
            return
        width = max(40, shutil.get_terminal_size().columns - 1)
        wrap = textwrap.TextWrapper(width, initial_indent=stamp, subsequent_indent=" " * len(stamp))
        self.line(wrap.fill(text))

    def summary(
        self,
        plan: Plan,
        summary: Summary,
        real_seconds: float,
        speed: float,
        voice_note: str | None = None,
    ) -> None:
        """The end report: sets done of those planned and what was skipped, then each side
        of each set, then ``voice_note`` (what the voice left out), if any."""
        self.line("─" * WIDTH)
        took = clock_text(summary.routine_seconds, rounding="nearest")
        if speed != 1:
            took += f" of routine time ({real_seconds:.1f} s at {speed:g}x)"
        planned = clock_text(plan.total_seconds, rounding="nearest")
        sets = f"{summary.sets_done} of {plural(summary.planned_sets, 'set')}"
        ending = ", ended early" if summary.ended_early else ""
        skipped = skipped_words(summary.tally)
        skipped = f" {skipped[0].upper()}{skipped[1:]}." if skipped else ""
        self.line(f"Done: {sets} in {took}{ending}; planned {planned}.{skipped}")
        for text in _done_lines(summary, plan):
            self.line(text)
        if voice_note:
            self.line(voice_note)


def _done_lines(summary: Summary, plan: Plan) -> Iterator[str]:
    """One line per set, each side said: "  Low lunge   set 1: left 60 s, right skipped";
    an exercise the session ended before: "  Dead bug    not reached (3 sets)"."""
    from backcoach.core.report import NOT_REACHED, report

    done = report(summary.records, plan)
    names = {
        d.exercise: plan.exercises[d.exercise].name if d.exercise in plan.exercises else d.exercise
        for d in done
    }
    width = max((len(n) for n in names.values()), default=0)
    for d in done:
        name = names[d.exercise]
        if not d.reached:
            yield f"  {name:<{width}}  {NOT_REACHED} ({plural(d.planned, 'set')})"
            continue
        for i, one in enumerate(d.sets):
            yield f"  {name if i == 0 else '':<{width}}  {one.text(weights=True)}"


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
        self._lock = threading.Lock()
        self._closed = False

    def wake(self) -> None:
        """Wake the loop (from a signal handler: takes no lock; only while the pipe is open)."""
        with suppress(BlockingIOError, OSError):
            os.write(self._write_fd, b"!")

    def __call__(self, result: CueResult) -> None:
        """Called from the voice thread; after :meth:`close` the pipe is gone: ignored."""
        with self._lock:
            if self._closed:
                return
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
        with self._lock:
            self._closed = True
            os.close(self.wake_fd)
            os.close(self._write_fd)


def start(args: argparse.Namespace, content: Content, parser: argparse.ArgumentParser) -> int:
    from backcoach.paths import folders

    places = folders(args.data_dir)
    if not args.no_window:
        if args.no_voice or args.speed != 1.0 or args.save or args.verbosity:
            parser.error(
                "--no-voice, --speed, --save and --verbosity go with --no-window; "
                "the window has Voice settings"
            )
        from backcoach.app import WindowOptions, run_gui

        options = WindowOptions(places, args.cue_log, args.routine, args.context, args.player)
        return run_gui(content, options)
    from backcoach.logs import watching_errors
    from backcoach.services.root import AppServices, Options
    from backcoach.voice import CueLogError

    saving = args.speed == 1.0 or args.save
    lock, running = _take_folder(places.data) if saving else (None, None)
    if running:
        print(f"backcoach: {running}", file=sys.stderr)
        return 1
    services = AppServices(
        content,
        Options(
            places.data,
            cue_log=args.cue_log,
            player=args.player,
            speed=args.speed,
            voice=not args.no_voice,
            save=saving,
            verbosity=args.verbosity,
        ),
    )
    console = Console(content, sys.stdout)
    try:
        services.open_cue_log()
    except CueLogError as exc:
        print(f"backcoach: {exc}", file=sys.stderr)
        if lock is not None:
            lock.release()
        return 1
    try:
        with watching_errors(places.logs, console.notice) as reporter:
            try:
                return _session(args, services, console, lock is not None)
            except Exception as exc:  # logged with its traceback; the user gets one line
                reporter.report(type(exc), exc, exc.__traceback__)
                console.flush_notices()
                return 1
    finally:
        for text in services.close():
            console.notice(text)
        if lock is not None:
            lock.release()


class _CtrlC:
    """SIGINT as an event of the session loop: the handler notes it and wakes the loop."""

    def __init__(self, results: _Results) -> None:
        self.pressed = False
        self._results = results

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.pressed = True
        self._results.wake()


@contextmanager
def _catching_ctrl_c(results: _Results) -> Iterator[_CtrlC]:
    """Ctrl-C sets ``pressed`` (and wakes the loop) instead of raising, until the block ends."""
    ctrl_c = _CtrlC(results)
    previous = signal.signal(signal.SIGINT, ctrl_c)
    try:
        yield ctrl_c
    finally:
        signal.signal(signal.SIGINT, previous)


class _Current:
    """The session this terminal runs, once it has begun (for the local protocol)."""

    def __init__(self) -> None:
        self.active: ActiveSession | None = None


def _session(
    args: argparse.Namespace, services: AppServices, console: Console, listen: bool
) -> int:
    """Decide what to run (resuming a session left unfinished, if asked), then run it."""
    from backcoach.services.sessions import SessionRequest

    content = services.content
    settings = services.settings
    if settings.problem:
        console.notice(settings.problem)
    current = _Current()
    server = _control_server(services, current) if listen else None
    try:
        context = args.context or content.routines[args.routine].default_context
        request = SessionRequest(args.routine, context)
        if services.options.save:
            store = services.history()
            if store is None:
                problem = services.open_problem() or "The history file cannot be opened."
                console.notice(f"{problem} This session will not be saved in history.")
            else:
                services.add_history_listener(
                    lambda problem: console.notice(problem or "History is being saved again.")
                )
                for notice in store.notices:
                    console.notice(notice)
                if store.problem:
                    console.notice(store.problem)
                _ask_morning(services, console)
                answer, left = _ask_resume(services, console)
                if answer == "q":
                    console.line("Nothing started; the unfinished session is left as it is.")
                    return 0
                if left is not None:
                    request = SessionRequest(left.routine, left.context, resume=left.resume)
        else:
            console.notice("A rehearsal is not saved in history (add --save to keep it).")
        before = _before(services, console) if request.resume is None else None
        speaker = _speaker(services, console)
        results = _Results()
        speaker.add_listener(results)
        try:
            return _run(args, services, request, console, results, current, server, before)
        finally:
            results.close()
    finally:
        if server is not None:
            server.close()


def _typed_rating(prompt: str) -> int | None:
    """Ask ``prompt`` on the terminal and read a 0-10 rating typed with Enter; None for
    Enter alone, the end of input or anything else."""
    print(prompt, flush=True)
    text = sys.stdin.readline().strip()
    return int(text) if text.isdigit() and int(text) <= 10 else None


def _ask_morning(services: AppServices, console: Console) -> None:
    """The morning question, before the other questions: only on a terminal, and only when
    it is due (:meth:`~backcoach.services.root.AppServices.morning_due`)."""
    from backcoach.core.phrases import morning_question
    from backcoach.services.sessions import HistoryProblem

    if not sys.stdin.isatty() or not services.morning_due():
        return
    console.flush_notices()
    about = services.sessions.morning_about()
    question = f"{morning_question()} {about}" if about else morning_question()
    rating = _typed_rating(f"{question}\nType 0 (none) to 10 and Enter; Enter skips.")
    problem = services.morning_asked()
    if problem:
        console.notice(problem)
    if rating is None:
        console.line("Skipped.")
        return
    try:
        services.sessions.record_morning(rating)
    except HistoryProblem as exc:
        console.notice(f"The rating could not be kept: {exc}")
    else:
        console.line(f"Recorded {rating}/10 this morning.")


def _before(services: AppServices, console: Console) -> PainAnswer | None:
    """The "before" rating from a morning answer of the last two hours (not asked twice):
    on a terminal only confirmed (Enter keeps it, a rating replaces it)."""
    rating = services.sessions.morning_before()
    if rating is None:
        return None
    if sys.stdin.isatty():
        console.flush_notices()
        typed = _typed_rating(
            f"Pain before this session: {rating}/10, as this morning. Enter keeps it, "
            "or type another rating and Enter."
        )
        rating = rating if typed is None else typed
    console.line(f"Before this session: {rating}/10.")
    return rating, ""


def _ask_resume(services: AppServices, console: Console) -> tuple[str, Unfinished | None]:
    """Offer the session a crash left unfinished: one key resumes it (r), keeps it as
    partial (k), or quits (q) leaving it as it is.

    Without a terminal on stdin, or when its routine is no longer here, it is kept as
    partial and the console says so. Returns the key ("" when nothing was asked) and
    the session to resume, if that was the answer.
    """
    from backcoach.services.sessions import HistoryProblem

    unfinished = services.sessions.unfinished()
    if unfinished is None:
        return "", None
    console.flush_notices()
    console.line(f"A session was left unfinished: {unfinished.describe(services.content)}")
    known = unfinished.routine in services.content.routines
    with _keyboard(sys.stdin) as keys:
        if keys is None:
            answer = "k"
            console.line("No keyboard here: it is kept as a partial session.")
        elif not known:
            answer = "k"
            console.line("Its routine is no longer here, so it is kept as a partial session.")
        else:
            console.line(
                "Press r to resume it where it stopped, k to keep it as partial, q to quit."
            )
            answer = _one_of(keys, "rkq")
    if answer == "q":
        return answer, None
    if answer == "r":
        console.line("Resuming.")
        return answer, unfinished
    try:
        services.sessions.keep_partial()
    except HistoryProblem as exc:
        console.notice(f"The unfinished session could not be kept as partial: {exc}")
    else:
        if keys is not None and known:
            console.line("Kept as a partial session.")
    return answer, None


def _one_of(fd: int, choices: str) -> str:
    """Wait for one of ``choices`` (case ignored) on the terminal ``fd``; the end of input
    counts as the last choice."""
    while True:
        chunk = os.read(fd, 64).decode(errors="ignore").lower()
        if not chunk:
            return choices[-1]
        for key in chunk:
            if key in choices:
                return key


def _speaker(services: AppServices, console: Console) -> Speaker:
    from backcoach.voice import VoiceWorker

    speaker = services.speaker()
    if isinstance(speaker, VoiceWorker):
        speaker.wait_ready(VOICE_WAIT)
    if not services.options.voice:
        return speaker
    console.voice_problem = lambda: speaker.problem
    if not services.settings.voice_enabled:
        console.notice("The voice is off in the settings: cues are only printed.")
    elif speaker.problem:
        console.notice(speaker.problem)
        console.told_voice(speaker.problem)
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


def _run(
    args: argparse.Namespace,
    services: AppServices,
    request: SessionRequest,
    console: Console,
    results: _Results,
    current: _Current,
    server: ControlServer | None,
    before: PainAnswer | None = None,
) -> int:
    speaker = services.speaker()
    console.voice_notes = speaker.available
    shown: list[Plan] = []

    def on_event(event: Event) -> None:
        console.event(event, shown[0])

    try:
        active = services.sessions.begin(request, before=before, on_event=on_event)
    except ValueError as exc:
        console.flush_notices()
        print(f"backcoach: {exc}", file=sys.stderr)
        return 1
    current.active = active
    plan = active.plan
    shown.append(plan)
    if active.resume_problem is not None:
        console.notice(f"{active.resume_problem} This is saved as a new session instead.")
    runner = active.runner
    began = time.monotonic()
    status = 0
    with _keyboard(sys.stdin) as keys, _catching_ctrl_c(results) as ctrl_c:
        console.header(plan, args.speed, keys is not None)
        runner.start()
        mpris = _mpris(runner)
        try:
            _loop(runner, console, results, keys, server, ctrl_c, mpris)
        finally:
            if mpris is not None:
                mpris.close()
        if not ctrl_c.pressed:
            _last_words(results, console, runner, ctrl_c, server)
        if ctrl_c.pressed:
            runner.interrupt()
            status = 130
            for result in results.take():
                console.cue(result)
    summary = runner.session.summary
    assert summary is not None
    if status == 130:
        console.line(_interrupted_text(summary, runner.history is not None))
    # After the last words every cue handed to the voice has its result: the count is whole.
    console.summary(plan, summary, time.monotonic() - began, args.speed, active.voice_note)
    if active.completed:
        from backcoach.services.sessions import resumed_text

        console.line(resumed_text(active.completed, summary.sets_done))
    if runner.history is not None and not services.sessions.unsaved_sets:
        console.line(f"Saved in history: {services.folder / 'history.sqlite3'}")
    return status


def _mpris(runner: SessionRunner) -> MprisPlayer | None:
    """The session on the session bus (MPRIS), or None without a bus (logged)."""
    from backcoach.services.bus import BusError
    from backcoach.services.mpris import MprisPlayer

    try:
        return MprisPlayer.start(runner.session, runner, speed=runner.speed)
    except BusError as exc:
        log.info("No media keys for this session: %s", exc)
        return None


def _control_server(services: AppServices, current: _Current) -> ControlServer | None:
    """Answer a second start and ``backcoach ctl`` on the data folder's local socket:
    ``status`` and ``control``; ``open`` and ``raise`` are refused, as this terminal has
    no window to show."""
    from backcoach.services.control import control_reply, status_reply
    from backcoach.services.protocol import ControlServer, ProtocolError, dispatch, socket_path

    def status(_request: dict[str, Any]) -> dict[str, Any]:
        active = current.active
        running = active is not None and not active.runner.session.finished
        return status_reply("terminal", active, running, services.content)

    def control(request: dict[str, Any]) -> dict[str, Any]:
        active = current.active
        runner = active.runner if active is not None else None
        return control_reply(request, runner.session if runner else None, runner)

    def refuse(request: dict[str, Any]) -> dict[str, Any]:
        if current.active is None:
            text = "A session is about to start in a terminal on this data folder."
        else:
            text = str(status(request)["text"])
        return {"ok": False, "error": f"{text} There is no window to show."}

    try:
        server = ControlServer(
            socket_path(services.folder),
            dispatch({"status": status, "control": control, "open": refuse, "raise": refuse}),
        )
        server.start()
    except (OSError, ProtocolError) as exc:
        log.warning("No local socket for this session: %s", exc)
        return None
    return server


def _interrupted_text(summary: Summary, saved: bool) -> str:
    """What Ctrl-C did, in one line: "Ctrl-C: ended at 4:12. Every completed set is kept in
    history (2 sets)."."""
    when = clock_text(summary.routine_seconds, rounding="nearest")
    if not saved:
        return f"Ctrl-C: ended at {when}. A rehearsal is not saved in history."
    sets = plural(summary.sets_done, "set")
    return f"Ctrl-C: ended at {when}. Every completed set is kept in history ({sets})."


def _loop(
    runner: SessionRunner,
    console: Console,
    results: _Results,
    keys: int | None,
    server: ControlServer | None,
    ctrl_c: _CtrlC,
    mpris: MprisPlayer | None = None,
) -> None:
    session = runner.session
    watch = [results.wake_fd] if keys is None else [results.wake_fd, keys]
    while not session.finished and not ctrl_c.pressed:
        listening = server.fds() if server is not None else []
        bus = [mpris.fileno()] if mpris is not None and not mpris.closed else []
        ready, _, _ = select.select(watch + listening + bus, [], [], _wait(runner, server))
        if ctrl_c.pressed:
            return
        if keys is not None and keys in ready:
            for key in keys_pressed(os.read(keys, 64).decode(errors="ignore")):
                _press(key, runner, console)
        if server is not None:
            server.process([fd for fd in ready if fd in listening])
        if mpris is not None and bus and bus[0] in ready:
            mpris.process()
        runner.pump()
        if mpris is not None:
            mpris.refresh()
        for result in results.take():
            console.cue(result)


def _wait(runner: SessionRunner, server: ControlServer | None) -> float | None:
    """Seconds the loop may sleep: until the session's next wakeup, and no longer than the
    local server's idle check (a paused session has no wakeup)."""
    wait = runner.seconds_until_wakeup()
    if server is None:
        return wait
    return IDLE_CHECK if wait is None else min(wait, IDLE_CHECK)


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
        if session.paused and not session.resuming:
            when = clock_text(session.routine_time(), rounding="nearest")
            console.line(f"Paused at {when}. Space resumes.")
    elif key in "sS":
        runner.skip()
    elif key in "bB":
        runner.back()
    elif key == "+":
        if session.can_add_time:
            runner.add_time(10.0)
        else:
            console.line("No countdown to add 10 seconds to now.")
    elif key in "qQ":
        runner.end()


def _last_words(
    results: _Results,
    console: Console,
    runner: SessionRunner,
    ctrl_c: _CtrlC,
    server: ControlServer | None = None,
) -> None:
    """Print results until every cue handed to the voice has one, the wait runs out, or
    Ctrl-C is pressed (answering the local socket meanwhile: no session runs now)."""
    deadline = time.monotonic() + LAST_WORDS_WAIT
    while not ctrl_c.pressed:
        for result in results.take():
            console.cue(result)
        left = deadline - time.monotonic()
        if results.count >= runner.cues_handed or left <= 0:
            return
        listening = server.fds() if server is not None else []
        ready, _, _ = select.select([results.wake_fd, *listening], [], [], left)
        if server is not None:
            server.process([fd for fd in ready if fd in listening])
