"""Timestamps: the one place that writes and reads them (integer milliseconds).

Three written forms exist:

- SubRip ``00:00:01,000`` (``srt_timestamp``): hours at least two digits, a
  comma before the milliseconds. The timing notes of subtitle templates
  (``Cue 3: 00:00:01,000 --> 00:00:02,500``) and check messages use it too.
- WebVTT ``00:00:01.000`` (``vtt_timestamp``): hours always written (players
  expect them), a full stop before the milliseconds; TTML's clock time too.
- A range ``START --> END`` in the SubRip form (``srt_range``), found again in
  free text by ``find_srt_ranges``.

Readers: ``SRT_TIME`` is the lenient SubRip time the SRT reader accepts
(``.`` or ``,``, 1-digit fields, a short fraction), turned into milliseconds
by ``srt_milliseconds``; ``vtt_milliseconds`` reads a strict WebVTT timestamp.
"""

from __future__ import annotations

import re
from pathlib import Path

from seoultrain_i18n.errors import ParseError

# sign, hours, minutes, seconds, fraction: what SubRip files in the wild write.
SRT_TIME = r"(-?)(\d+):(\d{1,2}):(\d{1,2})(?:[,.](\d+))?"
VTT_TIMESTAMP = re.compile(r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")
_SRT_RANGE_IN_TEXT = re.compile(r"\d{2}:\d{2}:\d{2}[,.]\d{3}\s*-->\s*\d{2}:\d{2}:\d{2}[,.]\d{3}")


def _fields(ms: int) -> tuple[str, int, int, int, int]:
    sign = "-" if ms < 0 else ""
    hours, rest = divmod(abs(ms), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return sign, hours, minutes, seconds, millis


def srt_timestamp(ms: int) -> str:
    """1500 → ``00:00:01,500``; a negative time keeps its sign (``-00:00:00,250``)."""
    sign, hours, minutes, seconds, millis = _fields(ms)
    return f"{sign}{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def vtt_timestamp(ms: int) -> str:
    """1500 → ``00:00:01.500`` (WebVTT has no negative times: the writer refuses them)."""
    sign, hours, minutes, seconds, millis = _fields(ms)
    return f"{sign}{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def srt_range(start_ms: int, end_ms: int) -> str:
    """``00:00:01,000 --> 00:00:02,500``: a cue's timing as notes and messages show it."""
    return f"{srt_timestamp(start_ms)} --> {srt_timestamp(end_ms)}"


def find_srt_ranges(text: str) -> list[str]:
    """Every ``HH:MM:SS,mmm --> HH:MM:SS,mmm`` written in ``text`` (``.`` accepted too)."""
    return _SRT_RANGE_IN_TEXT.findall(text)


def srt_milliseconds(groups: tuple[str | None, ...], path: str | Path, line: int) -> int:
    """The groups of one ``SRT_TIME`` match → milliseconds (ParseError if impossible)."""
    sign, hours, minutes, seconds, fraction = groups
    if sign:
        raise ParseError(path, line, "negative time in the timing line")
    assert hours is not None
    assert minutes is not None
    assert seconds is not None
    if int(minutes) > 59 or int(seconds) > 59:
        raise ParseError(path, line, "minutes and seconds must be 00–59 in the timing line")
    if fraction is not None and len(fraction) > 3:
        raise ParseError(path, line, f"milliseconds with {len(fraction)} digits in the timing line")
    # A short fraction is a decimal fraction: ",5" is half a second.
    millis = int((fraction or "0").ljust(3, "0"))
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + millis


def vtt_milliseconds(value: str, path: str | Path, line: int) -> int:
    """A WebVTT timestamp (``mm:ss.ttt`` or ``hh:mm:ss.ttt``) → milliseconds."""
    match = VTT_TIMESTAMP.match(value)
    if match is None:
        raise ParseError(path, line, f"malformed WebVTT timestamp {value!r}")
    hours, minutes, seconds, millis = match.groups()
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)
