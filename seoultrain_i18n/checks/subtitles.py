"""Subtitle checks (S): the subtitle norms applied to cues.

Text checks (line length, lines, reading speed, italics, line-end
punctuation, ellipsis, dialogue dashes) run on every *built* track, that is
the cues of ``tracks.localized_cues`` after line breaking, and on the source
track in its own language. Timing checks (duration, gap, overlap, end before
start) run once, on the source track: every localized track copies its
timing, so a timing problem is reported once, at the source file's line,
instead of once per language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.checks.registry import register
from seoultrain_i18n.markup import ITALIC, visible
from seoultrain_i18n.model import Cue
from seoultrain_i18n.subtitles.linebreak import display_width
from seoultrain_i18n.subtitles.norms import Norms

DASHES = "-‐‑–—―"


def width(text: str, locale: str) -> float:
    """Display width as the norms count it (docs/norms.md)."""
    return float(display_width(text, locale))


def cue_lines(cue: Cue) -> list[str]:
    return list(_lines(cue.text))


# Every cue check and the reading-speed histograms look at the same cues:
# their visible lines and counted characters are worked out once.
@lru_cache(maxsize=1 << 14)
def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in visible(text).split("\n") if line.strip())


@lru_cache(maxsize=1 << 14)
def _counted(text: str, locale: str) -> float:
    return sum(width(line, locale) for line in _lines(text))


def characters_per_second(cue: Cue, locale: str) -> float:
    """Counted characters (docs/norms.md) ÷ duration; line breaks do not count."""
    if cue.duration_ms <= 0:
        return float("inf")
    return _counted(cue.text, locale) / (cue.duration_ms / 1000)


@dataclass(frozen=True, slots=True)
class CueContext:
    """A cue's language and limits."""

    locale: str
    norms: Norms
    is_source: bool = False  # the source track as decoded (not a built translation)
    paragraphs: Mapping[int, str] = field(default_factory=dict)  # cue index → translation

    @property
    def family(self) -> str:
        return locale_ids.script_family(self.locale)


# --------------------------------------------------------------------------
# Text checks (every built track)


@register("S601", "line-length", "error", kind="cue")
def line_length(cue: Cue, context: CueContext) -> Iterator[str]:
    """A subtitle line is wider than the language's characters per line (ko/zh 16, en 42)."""
    limit = context.norms.max_chars_per_line
    for number, line in enumerate(cue_lines(cue), start=1):
        counted = width(line, context.locale)
        if counted > limit:
            yield f"line {number} is {counted:g} characters wide, over {limit:g}"


@register("S602", "line-count", "error", kind="cue")
def line_count(cue: Cue, context: CueContext) -> Iterator[str]:
    """A cue has more lines than the language allows (2)."""
    count = len(cue_lines(cue))
    if count > context.norms.max_lines:
        yield f"{count} lines, over {context.norms.max_lines}"


@register("S603", "reading-speed", "warning", kind="cue")
def reading_speed(cue: Cue, context: CueContext) -> Iterator[str]:
    """Reading speed over the language's characters per second (ko 12, zh 9, en 20)."""
    if cue.duration_ms <= 0:
        return  # S608's business
    cps = characters_per_second(cue, context.locale)
    limit = context.norms.max_cps
    if cps > limit + 1e-9:
        yield f"reading speed {cps:.1f} characters/s, over {limit:g}"


@register("S609", "italics", "warning", kind="cue")
def italics(cue: Cue, context: CueContext) -> Iterator[str]:
    """Italics in a language whose subtitles do not use them (Korean, Chinese)."""
    if not context.norms.italics_allowed and ITALIC.search(cue.text):
        yield f"italics are not used in {locale_ids.display_name(context.locale)} subtitles"


_LINE_END_RULES: dict[str, tuple[str, str]] = {
    # family: (characters not allowed at line end, why)
    "ko": (".,", "no full stop or comma at line end"),
    "zh-Hans": ("，。,.、", "no comma or full stop at line end (use a space)"),
    "zh-Hant": ("、，。,.", "no 、，。 at line end"),
}
_HALF_WIDTH_END = "?!:"


@register("S610", "line-end-punctuation", "warning", kind="cue")
def line_end_punctuation(cue: Cue, context: CueContext) -> Iterator[str]:
    """Line-end punctuation against the language's rule (ko: no . or ,; zh: no ，。)."""
    rule = _LINE_END_RULES.get(context.family)
    if rule is None:
        return
    forbidden, why = rule
    for number, line in enumerate(cue_lines(cue), start=1):
        stripped = line.rstrip()
        if stripped.endswith(("...", "..", "。。")):
            continue  # an ellipsis; S611 judges its form
        last = stripped[-1:]
        if last and last in forbidden:
            yield f"line {number} ends with {last!r}: {why}"
        elif context.family.startswith("zh") and last and last in _HALF_WIDTH_END:
            full = chr(ord(last) + 0xFEE0)
            yield f"line {number} ends with half-width {last!r}: use full-width {full!r}"


_ELLIPSES = re.compile(r"\.{3,}|。{3,}|…+|⋯+")


@register("S611", "ellipsis", "warning", kind="cue")
def ellipsis(cue: Cue, context: CueContext) -> Iterator[str]:
    """An ellipsis in another form than the language's (ko/en "…", zh "⋯")."""
    wanted = context.norms.ellipsis
    for match in _ELLIPSES.finditer(visible(cue.text)):
        found = match.group(0)
        if set(found) == {wanted} and (len(found) == 1 or (wanted == "⋯" and len(found) == 2)):
            continue
        yield f"ellipsis {found!r}: use {wanted!r}"
        return


@register("S612", "dialogue-dash", "warning", kind="cue")
def dialogue_dash(cue: Cue, context: CueContext) -> Iterator[str]:
    """Two-speaker dashes in another form than the language's (ko "- ", en "-" without space)."""
    lines = cue_lines(cue)
    dashed = [line for line in lines if line.lstrip()[:1] in DASHES]
    if len(lines) < 2 or not dashed:
        return
    if len(dashed) != len(lines):
        yield "two speakers: a dash on every line"
        return
    family = context.family
    for number, line in enumerate(lines, start=1):
        text = line.lstrip()
        if family == "en" and (text[0] != "-" or text[1:2] == " "):
            yield f"line {number}: two speakers take '-' without a space in English"
            return
        if family == "ko" and not text.startswith("- "):
            yield f"line {number}: two speakers take '- ' (hyphen and space) in Korean"
            return


@register("S613", "script-mismatch", "error", kind="cue")
def script_mismatch(cue: Cue, context: CueContext) -> Iterator[str]:
    """A source cue is not in its language's script (wrong encoding or wrong language tag)."""
    from seoultrain_i18n.formats.encoding import script_mismatch as mismatch

    if not context.is_source:
        return
    problem = mismatch(visible(cue.text), locale_ids.to_bcp47(context.locale))
    if problem is not None:
        yield f"{problem}: check the track's encoding (--encoding) and the language in its name"


@register("S614", "line-break", "warning", kind="cue")
def line_break(cue: Cue, context: CueContext) -> Iterator[str]:
    """A built line breaks inside a word, a number or a URL, or next to punctuation it
    must stay with (verified independently of the breaker)."""
    from seoultrain_i18n.subtitles.breaks import break_problems

    if context.is_source:
        return
    yield from break_problems(cue.text, context.locale, context.paragraphs.get(cue.index))


# --------------------------------------------------------------------------
# Timing checks (the source track, once for every language)


@register("S604", "min-duration", "warning", kind="timing")
def min_duration(cues: list[Cue], norms: Norms) -> Iterator[tuple[Cue, str]]:
    """A cue is shown for less than the minimum duration (5/6 s)."""
    for cue in cues:
        if 0 < cue.duration_ms < norms.min_duration_ms:
            yield cue, f"shown {cue.duration_ms} ms, under {norms.min_duration_ms} ms"


@register("S605", "max-duration", "warning", kind="timing")
def max_duration(cues: list[Cue], norms: Norms) -> Iterator[tuple[Cue, str]]:
    """A cue is shown for longer than the maximum duration (7 s)."""
    for cue in cues:
        if cue.duration_ms > norms.max_duration_ms:
            yield cue, f"shown {cue.duration_ms} ms, over {norms.max_duration_ms} ms"


@register("S606", "min-gap", "warning", kind="timing")
def min_gap(cues: list[Cue], norms: Norms) -> Iterator[tuple[Cue, str]]:
    """Two cues are closer than the minimum gap (2 frames, 83 ms) without touching."""
    for previous, cue in pairwise(cues):
        gap = cue.start_ms - previous.end_ms
        if 0 < gap < norms.min_gap_ms:
            yield cue, f"{gap} ms after cue {previous.index}, under {norms.min_gap_ms} ms"


@register("S607", "overlap", "error", kind="timing")
def overlap(cues: list[Cue], norms: Norms) -> Iterator[tuple[Cue, str]]:
    """A cue starts before the previous one has ended."""
    for previous, cue in pairwise(cues):
        if cue.start_ms < previous.end_ms and previous.end_ms > previous.start_ms:
            yield (
                cue,
                f"starts {previous.end_ms - cue.start_ms} ms before cue {previous.index} ends",
            )


@register("S608", "end-before-start", "error", kind="timing")
def end_before_start(cues: list[Cue], norms: Norms) -> Iterator[tuple[Cue, str]]:
    """A cue ends before (or when) it starts."""
    for cue in cues:
        if cue.end_ms < cue.start_ms:
            yield cue, f"ends {cue.start_ms - cue.end_ms} ms before it starts"
        elif cue.end_ms == cue.start_ms:
            yield cue, "ends when it starts (zero duration)"
