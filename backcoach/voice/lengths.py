"""How long each line really is when spoken: measured once with the chosen voice, then kept.

The planner sizes phases and places cues with a ``seconds_of(text)`` function.
:class:`LineLengths` is that function for one voice (id, rate, volume): a line's
length is looked up among the lengths kept, else measured now by synthesising it
(espeak-ng through :func:`backcoach.voice.espeak.measure_seconds`'s path: in
process, under its one lock, a few milliseconds a line, nothing played), else,
only when nothing can synthesise it, estimated by
:func:`backcoach.core.script.estimate_seconds`. :meth:`LineLengths.planned`
measures all the lines a plan needs in one batch.

The lengths are kept by (engine and version, voice id, rate, volume, text) in
one JSON file in the cache folder, :data:`CACHE_NAME` (see :class:`LengthCache`).
It only saves time: it is never a reason to fail. A file that is missing,
unreadable, too big, not a regular file or not in our format is ignored (row by
row: a bad row is left out); it is written atomically, readable by its user alone,
and holds at most :data:`MAX_ENTRIES` lines, the most recently used.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from backcoach.content.guard import Refused, read_regular
from backcoach.core.script import SecondsOf, estimate_seconds
from backcoach.voice.espeak import Synthesizer
from backcoach.voice.options import SpeechEngineError, VoiceOptions

log = logging.getLogger(__name__)

CACHE_NAME = "line-lengths.json"
"""The file in the cache folder that keeps measured lengths."""
FORMAT = 1
"""Bumped whenever the layout changes; a file of another format is ignored."""
MAX_ENTRIES = 5000
"""Lines kept at most (the bundled routines use a few hundred per voice)."""
MAX_CACHE_BYTES = 1_048_576
"""The largest cache file read or written."""
MAX_TEXT = 1000
"""Characters: a longer line is measured but not kept."""
MAX_SECONDS = 600.0
"""A kept length above this (or not above 0) is not believed."""

SynthFactory = Callable[[], Synthesizer]
"""Gives the synthesizer that measures lines; raises SpeechEngineError when there is none."""
Key = tuple[str, str, int, float, str]
"""(engine and version, voice id, rate, volume, text)."""

T = TypeVar("T")


class LengthCache:
    """Measured lengths by :data:`Key`, kept in ``file`` (None: in memory only). Thread-safe.

    The file is read on first use; :meth:`put` writes it again, merged with what
    another process may have written meanwhile. Nothing here raises for the file's sake.
    """

    def __init__(self, file: Path | None, *, max_entries: int = MAX_ENTRIES) -> None:
        self.file = file
        self._max = max_entries
        self._lock = threading.Lock()
        self._file_lock = threading.Lock()
        self._entries: OrderedDict[Key, float] | None = None
        self._unsaved = False

    @property
    def unsaved(self) -> bool:
        """Whether lengths were kept with ``save=False`` since the last :meth:`save`."""
        with self._lock:
            return self._unsaved

    def get(self, key: Key) -> float | None:
        """The length kept for ``key``, if any (it then counts as just used)."""
        with self._lock:
            entries = self._loaded()
            seconds = entries.get(key)
            if seconds is not None:
                entries.move_to_end(key)
            return seconds

    def put(self, measured: Mapping[Key, float], *, save: bool = True) -> None:
        """Keep ``measured`` (lines too long or lengths not believable are left out), and
        save; with ``save`` False, keep them in memory until the next :meth:`save`."""
        kept = {k: s for k, s in measured.items() if _believable(k, s)}
        if not kept:
            return
        with self._lock:
            entries = self._loaded()
            for key, seconds in kept.items():
                entries[key] = seconds
                entries.move_to_end(key)
            _trim(entries, self._max)
            self._unsaved = not save
        if save:
            self.save()

    def save(self) -> None:
        """Write what is kept to the file, merged with what another process wrote meanwhile."""
        with self._lock:
            ours = OrderedDict(self._loaded())
            self._unsaved = False
        if self.file is None:
            return
        with self._file_lock:  # the file is read and written without blocking lookups
            on_disk = _read(self.file)
            for key in ours:  # ours are newer, and more recently used
                on_disk.pop(key, None)
            on_disk.update(ours)
            _trim(on_disk, self._max)
            _write(self.file, on_disk)

    def _loaded(self) -> OrderedDict[Key, float]:
        if self._entries is None:
            self._entries = _read(self.file) if self.file is not None else OrderedDict()
            _trim(self._entries, self._max)
        return self._entries


def _believable(key: Key, seconds: float) -> bool:
    return len(key[4]) <= MAX_TEXT and math.isfinite(seconds) and 0 < seconds <= MAX_SECONDS


def _trim(entries: OrderedDict[Key, float], limit: int) -> None:
    """Drop the least recently used entries beyond ``limit``."""
    while len(entries) > limit:
        entries.popitem(last=False)


def _row(row: object) -> tuple[Key, float] | None:
    """A file row ``[engine, voice, rate, volume, text, seconds]`` as a key and length, if valid."""
    if not isinstance(row, list) or len(row) != 6:
        return None
    engine, voice, rate, volume, text, seconds = row
    if not (isinstance(engine, str) and isinstance(voice, str) and isinstance(text, str)):
        return None
    if type(rate) is not int or type(volume) not in (int, float) or type(seconds) is not float:
        return None
    if not math.isfinite(volume):
        return None
    key = (engine, voice, rate, float(volume), text)
    return (key, seconds) if _believable(key, seconds) else None


def _read(file: Path) -> OrderedDict[Key, float]:
    """The entries in ``file``, oldest use first; empty when it is missing or not ours."""
    entries: OrderedDict[Key, float] = OrderedDict()
    try:
        saved = json.loads(read_regular(file, MAX_CACHE_BYTES)[1])
    except (Refused, ValueError, RecursionError):  # RecursionError: JSON nested too deep
        return entries
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        return entries
    rows = saved.get("lines")
    for row in rows if isinstance(rows, list) else ():
        found = _row(row)
        if found is not None:
            entries[found[0]] = found[1]
            entries.move_to_end(found[0])
    return entries


def _encoded(entries: Mapping[Key, float]) -> bytes:
    """The file's bytes for ``entries``: the most recently used, as many as fit the cap."""
    rows = [[*key, seconds] for key, seconds in entries.items()]
    while True:
        text = json.dumps({"format": FORMAT, "lines": rows}, ensure_ascii=False, allow_nan=False)
        data = text.encode("utf-8")
        if len(data) <= MAX_CACHE_BYTES:
            return data
        rows = rows[len(rows) // 2 + 1 :]


def _write(file: Path, entries: Mapping[Key, float]) -> None:
    """Replace ``file`` with ``entries`` in one step, mode 0600; give up quietly on any error."""
    data = _encoded(entries)
    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".line-lengths-", suffix=".tmp", dir=file.parent)
    except OSError as exc:
        log.info("Line lengths are not kept: %s", exc)
        return
    try:
        with os.fdopen(fd, "wb") as out:  # mkstemp made it 0600
            out.write(data)
        os.replace(tmp, file)
    except OSError as exc:
        log.info("Line lengths are not kept: %s", exc)
        with contextlib.suppress(OSError):
            os.unlink(tmp)


class LineLengths:
    """The spoken length of lines said with ``voice``: kept, else measured, else estimated.

    ``synth`` gives the synthesizer that measures (it must sound as the speaker does);
    None: no line is measured or looked up, every length is the estimate. With
    ``measure`` False, kept lengths are used but nothing is synthesised (a
    ``--no-voice`` preview). Once the synthesizer fails to start, lines are estimated.
    Safe to use from any thread.
    """

    def __init__(
        self,
        voice: VoiceOptions,
        cache: LengthCache,
        synth: SynthFactory | None,
        *,
        measure: bool = True,
    ) -> None:
        self.voice = voice.clamped()
        self.cache = cache
        self.measuring = measure and synth is not None
        self._factory = synth
        self._starting = threading.Lock()
        self._synth: Synthesizer | None = None
        self._engine: str | None = None
        self._refused: set[str] = set()

    def estimate(self, text: str) -> float:
        """Today's guess of ``text``'s length at this voice's rate."""
        return estimate_seconds(text, self.voice.rate)

    def _key(self, engine: str, text: str) -> Key:
        voice = self.voice
        return (engine, voice.voice_id, voice.rate, voice.volume, text)

    def _started(self) -> tuple[Synthesizer, str] | None:
        """The synthesizer and its version, started on first use; None when there is none."""
        with self._starting:
            if self._factory is not None:
                factory, self._factory = self._factory, None
                try:
                    synth = factory()
                    engine = synth.version
                except (SpeechEngineError, RuntimeError, OSError) as exc:
                    log.info("Line lengths are estimated: %s", exc)
                    self.measuring = False
                    return None
                self._synth, self._engine = synth, engine
        if self._synth is None or self._engine is None:
            return None
        return self._synth, self._engine

    @property
    def started(self) -> bool:
        """Whether the synthesizer is known, so that kept lengths can be looked up at once."""
        return self._engine is not None

    def kept(self, text: str) -> float | None:
        """``text``'s kept length, if any (this may start the synthesizer, not synthesise)."""
        started = self._started()
        return None if started is None else self.cache.get(self._key(started[1], text))

    def quick(self, text: str) -> float:
        """``text``'s kept length, else the estimate; never waits for the synthesizer."""
        if not self.started:
            return self.estimate(text)
        seconds = self.kept(text)
        return self.estimate(text) if seconds is None else seconds

    def seconds_of(self, text: str) -> float:
        """``text``'s kept length, else measured now (and kept), else the estimate."""
        seconds = self.kept(text)
        if seconds is None:
            seconds = self.measure([text]).get(text)
        return self.estimate(text) if seconds is None else seconds

    def heard(self, text: str, seconds: float) -> float | None:
        """``text`` was synthesised to be played now, ``seconds`` long; return the length
        its slot was planned with (None: none kept, it was not planned by this voice).

        espeak-ng's audio for the same line varies by up to about 0.1 s with what it said
        before, so a line may come out longer than the length kept: then the longer one is
        kept (in memory; :meth:`save` writes it), so that later plans leave it room. A
        line that comes out shorter is played padded with silence to its planned slot.
        """
        started = self._started()
        if started is None:
            return None
        key = self._key(started[1], text)
        planned = self.cache.get(key)
        if planned is not None and seconds > planned:
            self.cache.put({key: seconds}, save=False)
        return planned

    def save(self) -> None:
        """Write lengths :meth:`heard` kept to the cache file, if there are any."""
        if self.cache.unsaved:
            self.cache.save()

    def measure(self, texts: Iterable[str]) -> dict[str, float]:
        """Measure those of ``texts`` that are not kept, all in one go, and keep them.

        Returns the lengths measured (empty when nothing can measure). A line the
        engine refuses is left out, and not tried again.
        """
        started = self._started() if self.measuring else None
        if started is None:
            return {}
        synth, engine = started
        missing = [
            t
            for t in dict.fromkeys(texts)
            if t not in self._refused and self.cache.get(self._key(engine, t)) is None
        ]
        if not missing:
            return {}
        try:
            found = dict(zip(missing, synth.measure(missing, self.voice), strict=True))
        except RuntimeError:  # one bad line spoils the batch: measure them one by one
            found = {}
            for text in missing:
                try:
                    found[text] = synth.measure([text], self.voice)[0]
                except RuntimeError as exc:
                    log.warning("The length of %r is estimated: %s", text, exc)
                    self._refused.add(text)
        self.cache.put({self._key(engine, t): s for t, s in found.items()})
        return found

    def planned(self, build: Callable[[SecondsOf], T], *, wait: bool = True) -> T:
        """What ``build(seconds_of)`` makes (a plan) with real lengths, lines measured in a batch.

        ``build`` runs once with the kept lengths (the estimate for the rest), the lines
        it asked about are measured together, and it runs again with them. With ``wait``
        False it runs once with :meth:`quick`: for the GUI thread.
        """
        if not wait:
            return build(self.quick)
        asked: list[str] = []

        def first(text: str) -> float:
            seconds = self.kept(text)
            if seconds is None:
                asked.append(text)
                return self.estimate(text)
            return seconds

        made = build(first)
        if not asked or not self.measuring:
            return made
        self.measure(asked)
        return build(self.seconds_of)
