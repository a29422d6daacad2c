"""A synthesized line as a WAV file in memory, with its exact length."""

from __future__ import annotations

import io
import struct
import sys
import wave
from array import array
from dataclasses import dataclass

SAMPLE_WIDTH = 2  # bytes: 16-bit signed samples
CHANNELS = 1
SILENT = 64
"""Samples this close to 0 (about -54 dBFS) count as silence at the end of a line."""
TAIL_SECONDS = 0.01
"""Silence kept after the last sound of a trimmed line."""


@dataclass(frozen=True)
class Clip:
    """One spoken line: a whole WAV file (16-bit mono PCM) and exactly how long it plays."""

    wav: bytes
    seconds: float
    sample_rate: int

    @property
    def frames(self) -> int:
        return round(self.seconds * self.sample_rate)


def clip_from_samples(pcm: bytes, sample_rate: int, *, trim: bool = False) -> Clip:
    """A :class:`Clip` of 16-bit mono samples in native byte order.

    With ``trim``, silence at the end beyond :data:`TAIL_SECONDS` is cut: espeak-ng
    ends a line with a pause whose length depends on the line before it (and its
    program adds a sentence pause), which is no part of the line. A line that is all
    silence (volume 0) keeps its length.
    """
    samples = array("h", pcm[: len(pcm) // SAMPLE_WIDTH * SAMPLE_WIDTH])
    if trim:
        end = len(samples)
        while end > 0 and -SILENT <= samples[end - 1] <= SILENT:
            end -= 1
        if end:  # all silence (volume 0) keeps its length
            del samples[min(len(samples), end + round(TAIL_SECONDS * sample_rate)) :]
    if sys.byteorder == "big":  # WAV is little-endian
        samples.byteswap()
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(CHANNELS)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(sample_rate)
        wav.writeframes(samples.tobytes())
    return Clip(out.getvalue(), len(samples) / sample_rate, sample_rate)


def clip_from_wav_stream(data: bytes, *, trim: bool = False) -> Clip:
    """A :class:`Clip` from WAV bytes whose sizes may be wrong, as ``espeak-ng --stdout``
    writes them (it streams, so its RIFF and data sizes say "unknown").

    Raises ValueError when ``data`` is not 16-bit mono PCM WAV.
    """
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a WAV file")
    pos = 12
    sample_rate = 0
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        body = pos + 8
        if chunk == b"fmt ":
            fmt, channels, sample_rate, _, _, bits = struct.unpack_from("<HHIIHH", data, body)
            if (fmt, channels, bits) != (1, CHANNELS, SAMPLE_WIDTH * 8):
                raise ValueError(f"not 16-bit mono PCM (format {fmt}, {channels} ch, {bits} bit)")
        elif chunk == b"data":
            if not sample_rate:
                raise ValueError("audio data before its format")
            end = min(len(data), body + size)  # a streamed size runs past the end
            samples = array("h", data[body:end][: (end - body) // 2 * 2])
            if sys.byteorder == "big":  # to native order, as clip_from_samples takes them
                samples.byteswap()
            return clip_from_samples(samples.tobytes(), sample_rate, trim=trim)
        pos = body + size + (size & 1)
    raise ValueError("no audio data")


def padded(clip: Clip, seconds: float) -> Clip:
    """``clip`` with silence added at its end so that it lasts ``seconds`` (to the sample);
    a clip as long already comes back unchanged."""
    extra = round(seconds * clip.sample_rate) - clip.frames
    if extra <= 0:
        return clip
    with wave.open(io.BytesIO(clip.wav), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(CHANNELS)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(clip.sample_rate)
        wav.writeframes(frames + bytes(extra * SAMPLE_WIDTH))
    return Clip(out.getvalue(), (clip.frames + extra) / clip.sample_rate, clip.sample_rate)
