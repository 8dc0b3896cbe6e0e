"""WebVTT files ↔ ``Cue`` lists: a W3C-conformant writer and a small reader.

The writer follows the W3C WebVTT spec (w3c/webvtt index.bs): ``WEBVTT``
header and a blank line, ``HH:MM:SS.mmm`` timestamps, cue text with ``&``,
``<`` and ``>`` escaped except for the inline tags WebVTT knows (``<i>``,
``<b>``, ``<u>``, kept), SubRip ``<font>`` tags and ASS override blocks
(``{\\i1}``) dropped, and ``{\\anN}`` position codes turned into cue settings
(``line:0`` for the top row, ``line:50%`` for the middle, ``position``/
``align`` for left or right). Escaping ``>`` also guarantees that no payload
contains ``-->``. Cues must start in order (the spec requires it) and end
after they start; the writer refuses anything else instead of emitting an
invalid file.

The reader exists for round trips and tests: it reads what the writer writes
(and ordinary WebVTT), unescaping the character references it knows.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.srt import split_lines
from seoultrain_i18n.fsutil import atomic_write_bytes, read_bytes
from seoultrain_i18n.markup import ASS_CODE, VTT_FONT_TAGS, VTT_KEPT_TAGS
from seoultrain_i18n.model import Cue
from seoultrain_i18n.timecode import vtt_milliseconds, vtt_timestamp

# SSA's legacy {\aN}: 1-3 bottom, 5-7 top, 9-11 middle → numpad {\anN}.
LEGACY_POSITION = {1: 1, 2: 2, 3: 3, 5: 7, 6: 8, 7: 9, 9: 4, 10: 5, 11: 6}
TIMING_LINE = re.compile(r"^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+(.*))?$")


def position_settings(code: int) -> str:
    """Cue settings for an ASS numpad position ``{\\anN}`` (2 = bottom centre = none)."""
    vertical = {7: "line:0", 8: "line:0", 9: "line:0", 4: "line:50%", 5: "line:50%", 6: "line:50%"}
    horizontal = {
        1: "position:10%,line-left align:left",
        4: "position:10%,line-left align:left",
        7: "position:10%,line-left align:left",
        3: "position:90%,line-right align:right",
        6: "position:90%,line-right align:right",
        9: "position:90%,line-right align:right",
    }
    return " ".join(part for part in (vertical.get(code, ""), horizontal.get(code, "")) if part)


def position_code(text: str) -> int | None:
    """The numpad position (1-9) of a cue's first ``{\\anN}`` (or legacy ``{\\aN}``) code."""
    for block in ASS_CODE.findall(text):
        for match in re.finditer(r"\\(an|a)(\d{1,2})", block):
            number = int(match.group(2))
            return number if match.group(1) == "an" else LEGACY_POSITION.get(number)
    return None


def escape_text(text: str) -> str:
    """Cue payload: our kept tags as tags, everything else as text."""
    text = ASS_CODE.sub("", VTT_FONT_TAGS.sub("", text))
    out: list[str] = []
    position = 0
    for match in VTT_KEPT_TAGS.finditer(text):
        out.append(_escape_span(text[position : match.start()]))
        out.append(match.group(0).lower())
        position = match.end()
    out.append(_escape_span(text[position:]))
    return "".join(out)


def _escape_span(span: str) -> str:
    return span.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _payload_lines(text: str) -> list[str]:
    # CR and CRLF end a line too (a lone CR left in a payload would end the cue).
    lines = [line.rstrip() for line in re.split(r"\r\n|\r|\n", escape_text(text))]
    return [line for line in lines if line.strip()]


def generate_vtt(cues: list[Cue]) -> str:
    """A WebVTT file for ``cues``; ValueError if they cannot make a valid one."""
    out = ["WEBVTT", ""]
    previous_start = 0
    for number, cue in enumerate(cues, start=1):
        if cue.start_ms < previous_start:
            raise ValueError(f"cue {number} starts before the cue above it (WebVTT forbids it)")
        if cue.end_ms <= cue.start_ms or cue.start_ms < 0:
            raise ValueError(f"cue {number} does not end after it starts")
        previous_start = cue.start_ms
        code = position_code(cue.text)
        settings = position_settings(code) if code else ""
        timing = f"{vtt_timestamp(cue.start_ms)} --> {vtt_timestamp(cue.end_ms)}"
        out.append(str(number))
        out.append(f"{timing} {settings}" if settings else timing)
        out.extend(_payload_lines(cue.text))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def write_vtt(path: str | Path, cues: list[Cue]) -> None:
    atomic_write_bytes(path, generate_vtt(cues).encode("utf-8"))


def unescape_text(payload: str) -> str:
    """Cue payload → plain text with ``<i>``/``<b>``/``<u>`` kept, references decoded."""
    return html.unescape(payload)


def parse_vtt(text: str, path: str | Path = "<string>") -> list[Cue]:
    """Cues of a WebVTT text (NOTE, STYLE and REGION blocks are skipped)."""
    lines = split_lines(text)
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise ParseError(path, 1, "not a WebVTT file: the first line must be WEBVTT")
    cues: list[Cue] = []
    row = 1
    while row < len(lines) and lines[row].strip():
        row += 1  # header lines
    block: list[tuple[int, str]] = []
    for number, line in enumerate([*lines[row:], ""], start=row + 1):
        if line.strip():
            block.append((number, line))
            continue
        if block:
            cue = _parse_block(block, path, len(cues) + 1)
            if cue is not None:
                cues.append(cue)
        block = []
    return cues


def _parse_block(block: list[tuple[int, str]], path: str | Path, ordinal: int) -> Cue | None:
    first = block[0][1]
    if first.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in first:
        return None
    if "-->" not in first:
        block = block[1:]
        if not block or "-->" not in block[0][1]:
            raise ParseError(path, block[0][0] if block else None, "cue without a timing line")
    number, timing = block[0]
    match = TIMING_LINE.match(timing.strip())
    if match is None:
        raise ParseError(path, number, f"malformed WebVTT timing line {timing!r}")
    start = vtt_milliseconds(match.group(1), path, number)
    end = vtt_milliseconds(match.group(2), path, number)
    payload = "\n".join(line for _, line in block[1:])
    if "-->" in payload:
        raise ParseError(path, number, "cue text contains -->")
    return Cue(ordinal, start, end, unescape_text(payload), number, match.group(3) or "")


def read_vtt(path: str | Path) -> list[Cue]:
    try:
        text = read_bytes(path).decode("utf-8")
    except OSError as error:
        raise ParseError(path, None, f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise ParseError(path, None, f"WebVTT must be UTF-8: {error.reason}") from None
    return parse_vtt(text.removeprefix("\ufeff"), path)
