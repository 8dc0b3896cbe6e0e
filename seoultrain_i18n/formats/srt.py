"""SubRip (.srt) files ↔ ``Cue`` lists: the one module that imports pysrt.

pysrt alone silently drops cues (a blank line inside a cue, a timing without
milliseconds) and cannot decode legacy encodings, so it is wrapped:

1. bytes are decoded by ``formats.encoding`` (BOM, UTF-8, language candidates,
   detection) and line ends (CRLF, CR, LF) are normalised;
2. our own scanner finds every timing line and decides, line by line, what
   belongs to which cue; each malformed variant is either read the way a
   player shows it or rejected with ``ParseError(path, line, problem)``;
3. the normalised cues are handed to pysrt with ``ERROR_RAISE`` and its result
   is cross-checked: as many cues as timing lines, same timings.

Accepted variants (see docs/subtitles.md): ``.`` instead of ``,``; 1–2 digit
milliseconds read as a decimal fraction (``,5`` = 500 ms, ``,25`` = 250 ms);
no milliseconds (``00:00:01`` = 1 s); no spaces around ``-->``; 1-digit
hours, minutes or seconds; ``X1:… X2:… Y1:… Y2:…`` coordinates after the
timing; a missing cue number; gaps and jumps in numbering; leading blank
lines, blank lines inside a cue (removed, the text around them kept), no blank
line at the end or between cues; empty cues. Rejected: text before the first
timing line, text after the timing other than coordinates, a number that is
not followed by its timing line, negative times, minutes or seconds ≥ 60,
4+ digit fractions. Ill-timed cues (end before start, overlaps) are read as
written; checks report them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pysrt

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.encoding import Decoded, decode_bytes
from seoultrain_i18n.fsutil import atomic_write_bytes, read_bytes
from seoultrain_i18n.model import Cue, Track
from seoultrain_i18n.timecode import SRT_TIME, srt_milliseconds, srt_range, srt_timestamp

# A line that *claims* to be a timing line: starts like a time and has an arrow.
TIMING_CANDIDATE = re.compile(r"^\s*-?\d[\d:.,]*\s*-->")
_TIME_LIKE = frozenset("0123456789:.,")


def may_read_as_timing(text: str) -> bool:
    """Whether some line break in ``text`` could make a line that the reader takes
    for a timing line (``TIMING_CANDIDATE``): an arrow after a run of time-like
    characters holding a digit. Line breaking may put a break anywhere, so a cue
    text with one could start a cue of its own. Linear: each arrow looks back
    over the spaces and the run just before it, which no other arrow shares."""
    arrow = text.find("-->")
    while arrow >= 0:
        index = arrow - 1
        while index >= 0 and text[index].isspace():
            index -= 1
        run_end = index
        while index >= 0 and text[index] in _TIME_LIKE:
            index -= 1
        if any(char.isdigit() for char in text[index + 1 : run_end + 1]):
            return True
        arrow = text.find("-->", arrow + 3)
    return False
TIMING = re.compile(rf"^\s*{SRT_TIME}\s*-->\s*{SRT_TIME}(?:\s+(.*?))?\s*$")
COORDINATES = re.compile(r"^X1:\s*-?\d+\s+X2:\s*-?\d+\s+Y1:\s*-?\d+\s+Y2:\s*-?\d+$", re.IGNORECASE)
INDEX = re.compile(r"^\d+$")
TIME_ISH = re.compile(r"\d{1,2}:\d{1,2}:\d{1,2}")
LINE_BREAKS = re.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class _Block:
    """A cue as the scanner sees it, before pysrt confirms it."""

    index: int
    timing_line: int  # 1-based line number of the timing line
    start_ms: int
    end_ms: int
    settings: str
    text_lines: list[str]


def split_lines(text: str) -> list[str]:
    """Lines of a text with CRLF, CR or LF ends (and no BOM)."""
    lines = LINE_BREAKS.split(text.removeprefix("\ufeff"))
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_timing(line: str, path: str | Path = "<string>", number: int = 0) -> tuple[int, int, str]:
    """``00:00:01,5 --> 00:00:02,000 X1:…`` → (1500, 2000, "X1:…")."""
    match = TIMING.match(line)
    if match is None:
        raise ParseError(path, number, f"malformed timing line {line.strip()!r}")
    groups = match.groups()
    start = srt_milliseconds(groups[0:5], path, number)
    end = srt_milliseconds(groups[5:10], path, number)
    rest = groups[10] or ""
    if rest and not COORDINATES.match(rest):
        raise ParseError(
            path,
            number,
            f"unexpected text after the timing: {rest!r} (only X1: X2: Y1: Y2: "
            "coordinates may follow)",
        )
    return start, end, rest


def _is_blank(line: str) -> bool:
    return not line.strip()


def _scan(lines: list[str], path: str | Path) -> list[_Block]:
    timing_rows = [row for row, line in enumerate(lines) if TIMING_CANDIDATE.match(line)]
    if not timing_rows:
        first = next((row for row, line in enumerate(lines) if not _is_blank(line)), None)
        if first is None:
            return []  # an empty file has no cues
        raise ParseError(
            path, first + 1, "no timing line (HH:MM:SS,mmm --> HH:MM:SS,mmm): not a SubRip file"
        )
    blocks: list[_Block] = []
    index_rows: list[int | None] = []
    previous_index = 0
    for position, row in enumerate(timing_rows):
        start, end, settings = parse_timing(lines[row], path, row + 1)
        earliest = timing_rows[position - 1] + 1 if position else 0
        index_row = _index_row(lines, row, earliest, previous_index, first=not blocks)
        if index_row is None and blocks:
            _reject_bad_number(lines, row, earliest, path)
        index = int(lines[index_row].strip()) if index_row is not None else previous_index + 1
        previous_index = index
        index_rows.append(index_row)
        blocks.append(_Block(index, row + 1, start, end, settings, []))
    _check_preamble(lines, timing_rows[0], index_rows[0], path)
    for position, block in enumerate(blocks):
        first_text = timing_rows[position] + 1
        if position + 1 < len(blocks):
            next_index_row = index_rows[position + 1]
            stop = next_index_row if next_index_row is not None else timing_rows[position + 1]
        else:
            stop = len(lines)
        block.text_lines = _text_lines(lines, first_text, stop, block.index, path)
    return blocks


def _index_row(
    lines: list[str], timing_row: int, earliest: int, previous_index: int, *, first: bool
) -> int | None:
    """The row of the cue number that belongs to the timing line, if any.

    A number right above a timing line is the cue's number when a blank line
    (or the start of the file) precedes it, or when it is the next number in
    sequence; otherwise (``1984`` right under a timing line) it is text.
    """
    row = timing_row - 1
    if row < earliest or not INDEX.match(lines[row].strip()):
        return None
    if row == 0 or _is_blank(lines[row - 1]):
        return row
    if not first and int(lines[row].strip()) == previous_index + 1 and row - 1 >= earliest:
        return row
    return None


def _reject_bad_number(lines: list[str], timing_row: int, earliest: int, path: str | Path) -> None:
    """A lone non-number line between a blank line and a timing line is a broken cue number."""
    row = timing_row - 1
    if row - 1 >= earliest and not _is_blank(lines[row]) and _is_blank(lines[row - 1]):
        raise ParseError(path, row + 1, f"expected a cue number, found {lines[row].strip()!r}")


def _check_preamble(
    lines: list[str], timing_row: int, index_row: int | None, path: str | Path
) -> None:
    end = index_row if index_row is not None else timing_row
    for row in range(end):
        if not _is_blank(lines[row]):
            raise ParseError(path, row + 1, f"text before the first cue: {lines[row].strip()!r}")


def _text_lines(lines: list[str], first: int, stop: int, index: int, path: str | Path) -> list[str]:
    """The non-blank text lines of one cue (blank lines inside it are dropped)."""
    text: list[str] = []
    after_blank = False
    for row in range(first, stop):
        line = lines[row]
        if _is_blank(line):
            after_blank = True
            continue
        if after_blank and INDEX.match(line.strip()) and int(line.strip()) == index + 1:
            following = lines[row + 1] if row + 1 < stop else ""
            if TIME_ISH.search(following):  # the timing line is there, but malformed
                raise ParseError(
                    path,
                    row + 2,
                    f"malformed timing line {following.strip()!r} of cue {line.strip()}",
                )
            raise ParseError(path, row + 1, f"cue {line.strip()} has no timing line")
        text.append(line.rstrip())
        after_blank = False
    return text


def _confirm_with_pysrt(blocks: list[_Block], path: str | Path) -> list[Cue]:
    """Parse the normalised cues with pysrt (strict) and cross-check the result."""
    source: list[str] = []
    for block in blocks:
        source.append(f"{block.index}\n")
        timing = srt_range(block.start_ms, block.end_ms)
        source.append(f"{timing} {block.settings}\n" if block.settings else f"{timing}\n")
        source.extend(f"{line}\n" for line in block.text_lines)
        source.append("\n")
    try:
        items = pysrt.SubRipFile().read(source, error_handling=pysrt.ERROR_RAISE)
    except pysrt.Error as error:  # our normalised text should always parse
        raise ParseError(path, None, f"SubRip parser rejected the file: {error!r}") from None
    if len(items) != len(blocks):
        raise ParseError(path, None, f"{len(blocks)} timing lines but {len(items)} cues were read")
    cues: list[Cue] = []
    for block, item in zip(blocks, items, strict=True):
        if (item.start.ordinal, item.end.ordinal) != (block.start_ms, block.end_ms):
            raise ParseError(path, block.timing_line, "timing was read inconsistently")
        cues.append(
            Cue(
                index=block.index,
                start_ms=item.start.ordinal,
                end_ms=item.end.ordinal,
                text=item.text,
                line=block.timing_line,
                settings=item.position,
            )
        )
    return cues


def parse_srt(text: str, path: str | Path = "<string>") -> list[Cue]:
    """Cues of a decoded SubRip text; ParseError names the file and line."""
    return _confirm_with_pysrt(_scan(split_lines(text), path), path)


def read_srt(
    path: str | Path, *, language: str | None = None, encoding: str | None = None
) -> Track:
    """Read a SubRip file into a ``Track`` (``track.encoding`` says how it was decoded).

    ``language`` (a BCP 47 tag; the caller knows it from the track's name,
    ``subtitles.sources``) selects the legacy encodings tried before detection.
    """
    try:
        data = read_bytes(path)
    except OSError as error:
        raise ParseError(path, None, f"cannot read: {error.strerror}") from None
    decoded: Decoded = decode_bytes(data, language=language, encoding=encoding, path=path)
    cues = parse_srt(decoded.text, path)
    return Track(
        cues=cues,
        path=str(path),
        language=language or "",
        encoding=decoded.encoding,
        decoding=decoded.describe(),
    )


def _writable_lines(cue: Cue, number: int) -> list[str]:
    # Split on every line end the reader knows: a lone CR kept inside a line
    # would read back as a line break (and CR CR as the end of the cue).
    lines = [line.rstrip() for line in LINE_BREAKS.split(cue.text) if line.strip()]
    for line in lines:
        if TIMING_CANDIDATE.match(line):
            raise ValueError(f"cue {number}: text line {line!r} would read as a timing line")
    return lines


def generate_srt(cues: list[Cue], *, renumber: bool = True, eol: str = "\n") -> str:
    """SubRip text for ``cues``: numbered 1…n (or as given), ``,`` milliseconds.

    Blank lines inside a cue's text are dropped (SubRip cannot hold them) and
    trailing spaces removed; a negative time is an error. The text is what
    pysrt's writer makes (``_generate_with_pysrt``, which tests hold it to),
    written directly: pysrt's objects cost more than the rest of a track.
    """
    if not eol:
        return _generate_with_pysrt(cues, renumber=renumber, eol=eol)
    parts: list[str] = []
    for number, cue in enumerate(cues, start=1):
        if cue.start_ms < 0 or cue.end_ms < 0:
            raise ValueError(f"cue {number}: negative time")
        settings = str(cue.settings)
        position = f" {settings}" if settings.strip() else ""
        index = number if renumber else cue.index
        text = "\n".join(_writable_lines(cue, number))
        item = (
            f"{index}\n{srt_timestamp(cue.start_ms)} --> {srt_timestamp(cue.end_ms)}"
            f"{position}\n{text}\n"
        )
        if eol != "\n":
            item = item.replace("\n", eol)
        parts.append(item)
        if not item.endswith(2 * eol):
            parts.append(eol)
    return "".join(parts)


def _generate_with_pysrt(cues: list[Cue], *, renumber: bool = True, eol: str = "\n") -> str:
    """``generate_srt`` by pysrt's writer (the reference it is held to)."""
    srt_file = pysrt.SubRipFile(eol=eol)
    for number, cue in enumerate(cues, start=1):
        if cue.start_ms < 0 or cue.end_ms < 0:
            raise ValueError(f"cue {number}: negative time")
        srt_file.append(
            pysrt.SubRipItem(
                index=number if renumber else cue.index,
                start=pysrt.SubRipTime.from_ordinal(cue.start_ms),
                end=pysrt.SubRipTime.from_ordinal(cue.end_ms),
                text="\n".join(_writable_lines(cue, number)),
                position=cue.settings,
            )
        )
    buffer = io.StringIO()
    srt_file.write_into(buffer, eol=eol)
    return buffer.getvalue()


def write_srt(path: str | Path, cues: list[Cue], *, renumber: bool = True) -> None:
    """Write UTF-8 SubRip (no BOM, LF line ends) atomically."""
    atomic_write_bytes(path, generate_srt(cues, renumber=renumber).encode("utf-8"))
