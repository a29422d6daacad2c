"""Command line: the window by default, plus terminal commands.

Each command lives in :mod:`backcoach.commands` and registers itself on the
parser; this module only builds the parser and dispatches. A command module
loads what it runs on (storage, voice, Qt) only when its command runs, and
when the arguments only name options (plain ``backcoach``), the window opens
without importing the command modules or building their parsers at all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TextIO, cast

from backcoach import __version__
from backcoach.content import Content, load_content
from backcoach.core.text import printable
from backcoach.paths import DataDirError, folders, user_content_dir


class _Parser(argparse.ArgumentParser):
    """Reports bad arguments on one line, naming the valid choices, exit status 2."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("unrecognized arguments"):
            message += f" ({self.valid_choices()})"
        self.exit(2, f"{self.prog}: error: {message}\n")

    def valid_choices(self) -> str:
        """The options this parser takes (and its commands, if it has any), in one phrase."""
        options: list[str] = []
        commands: list[str] = []
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                commands.extend(action.choices)
            elif action.option_strings and not isinstance(action, argparse._HelpAction):
                options.append(max(action.option_strings, key=len))
        said = f"valid options: {', '.join(options)}" if options else "no options besides --help"
        return f"{said}; commands: {', '.join(commands)}" if commands else said


class _CommandParser(_Parser):
    """A command's parser: reports arguments it does not know itself, naming its own options."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        parsed, extra = super().parse_known_args(args, namespace)
        if extra:
            self.error(f"unrecognized arguments: {' '.join(extra)}")
        return parsed, extra


class _NotWindowOnly(Exception):
    """The arguments need the full parser: a command, --help, or an error to report."""


class _WindowOptionsParser(argparse.ArgumentParser):
    """The top-level options alone; gives up rather than report anything itself."""

    def error(self, message: str) -> NoReturn:
        raise _NotWindowOnly(message)


WINDOW_DEFAULTS = {"data_dir": None, "cue_log": None, "player": None, "func": None}
"""The top-level options when none is given (the window opens)."""


def _add_options(parser: argparse.ArgumentParser) -> None:
    """The options that come before any command (and the window takes)."""
    parser.add_argument("--version", action="version", version=f"backcoach {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where history and settings are kept (default: the user data folder, "
        "or $BACKCOACH_DATA_DIR)",
    )
    parser.add_argument(
        "--cue-log",
        metavar="FILE",
        type=Path,
        help="write one JSON line per cue of each session to FILE",
    )
    parser.add_argument(
        "--player",
        metavar="CMD",
        help="the command that plays the speech, given a WAV file as its last argument "
        "(default: $BACKCOACH_PLAYER, the voice settings, else 'aplay -q')",
    )
    parser.set_defaults(**WINDOW_DEFAULTS)


def _window_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The parsed options if ``argv`` only names top-level options, else None.

    Whatever this declines (a command, --help, a mistake) goes to the full parser, which
    parses and reports it exactly as before.
    """
    if not argv:  # plain ``backcoach``: argparse's first parser would cost ~2 ms of start-up
        return argparse.Namespace(**WINDOW_DEFAULTS)
    parser = _WindowOptionsParser(prog="backcoach", add_help=False)
    _add_options(parser)
    try:
        args, extra = parser.parse_known_args(argv)
    except _NotWindowOnly:
        return None
    return None if extra else args


def build_parser(content: Content) -> argparse.ArgumentParser:
    from backcoach.commands import content as content_commands
    from backcoach.commands import ctl as ctl_commands
    from backcoach.commands import doctor as doctor_commands
    from backcoach.commands import history as history_commands
    from backcoach.commands import morning as morning_commands
    from backcoach.commands import session as session_commands
    from backcoach.commands import today as today_commands

    parser = _Parser(
        prog="backcoach",
        description="Coaching through the exercises that prevent and relieve "
        "lower back pain in runners. With no command, opens the window.",
    )
    _add_options(parser)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_CommandParser)
    content_commands.register(sub, content)
    session_commands.register(sub, content)
    today_commands.register(sub, content)
    history_commands.register(sub, content)
    morning_commands.register(sub, content)
    ctl_commands.register(sub, content)
    doctor_commands.register(sub, content)
    return parser


def _data_dir_option(argv: Sequence[str]) -> str | None:
    """``--data-dir``'s value, read before the full parser exists (its choices need the
    content, and the content includes the user's own, kept in the data folder)."""
    parser = _WindowOptionsParser(add_help=False)
    parser.add_argument("--data-dir")
    try:
        known, _ = parser.parse_known_args(argv)
    except _NotWindowOnly:  # e.g. no value: the full parser says so
        return None
    named: str | None = known.data_dir
    return named


class _Printable:
    """A text stream that writes to ``stream`` only what :func:`printable` keeps."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, buffer, encoding…
        return getattr(self.stream, name)


@contextmanager
def _printable_output() -> Iterator[None]:
    """Standard output and error, while inside, print nothing a terminal would act on."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None:
        sys.stdout = cast(TextIO, _Printable(sys.stdout))
    if sys.stderr is not None:
        sys.stderr = cast(TextIO, _Printable(sys.stderr))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for ``backcoach`` and ``python -m backcoach``. Whatever it prints (names
    from the user's files and imports included) goes through :func:`printable`."""
    argv = sys.argv[1:] if argv is None else list(argv)
    with _printable_output():
        return _dispatch(argv)


def _dispatch(argv: list[str]) -> int:
    """Parse ``argv`` and run the window or the command it names; returns the exit status."""
    window = _window_args(argv)
    try:
        places = folders(window.data_dir if window is not None else _data_dir_option(argv))
    except DataDirError as exc:
        print(f"backcoach: error: {exc}", file=sys.stderr)
        return 2
    content = load_content(user=user_content_dir(places.data), cache=places.content_cache)
    args = window or build_parser(content).parse_args(argv)
    if args.func is None:
        from backcoach.app import WindowOptions, run_gui

        return run_gui(content, WindowOptions(places, cue_log=args.cue_log, player=args.player))
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
