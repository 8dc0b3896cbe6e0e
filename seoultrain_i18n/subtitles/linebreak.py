"""Subtitle width counting and language-aware line breaking (docs/norms.md).

Width: for Korean and Chinese a full-width character counts 1 and a
half-width one (Latin letters, digits, spaces, ASCII punctuation) 0.5;
for other languages every character counts 1. Tags (``<i>``, ``</font>``)
and ASS override blocks (``{\\an8}``) count nothing, nor do combining marks
and zero-width characters.

Breaking: a text that fits on one line stays on one line; otherwise it is cut
into at most ``max_lines`` lines of at most ``max_chars_per_line``, as close
in length as possible, with a small preference for cuts after punctuation
(and, in English, before a conjunction and never after an article).
Korean and English break only at spaces; Chinese at spaces, after
punctuation, or at a word boundary from the segmenter (Traditional text is
segmented through its Simplified form) — never inside a word. No language
breaks inside a number (``250,000``, ``3.5``, ``1,200km``), a Latin word, an
e-mail address or a URL, before closing punctuation or after opening
punctuation.
A translator's own line breaks are kept when every line fits.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from seoultrain_i18n.locales import script_family
from seoultrain_i18n.markup import LOOSE_CLOSING_TAG, LOOSE_MARKUP
from seoultrain_i18n.subtitles.norms import Norms

DIALOGUE_DASH = ("-", "–", "—")
ZH_BREAK_AFTER = set("，。、；：？！…⋯）》」』〉】”’,.;:?!)")
ZH_NO_BREAK_BEFORE = set("，。、；：？！…⋯）》」』〉】”’,.;:?!)%")
ZH_NO_BREAK_AFTER = set("（《「『〈【“‘([")
EN_PUNCTUATION = set(",.;:!?…")
EN_CONJUNCTIONS = {
    "and",
    "but",
    "or",
    "because",
    "so",
    "while",
    "when",
    "where",
    "which",
    "who",
    "that",
    "if",
    "until",
    "before",
    "after",
    "as",
    "than",
}
EN_NO_BREAK_AFTER = {
    "a",
    "an",
    "the",
    "my",
    "your",
    "his",
    "her",
    "its",
    "our",
    "their",
    "this",
    "these",
    "those",
    "mr.",
    "mrs.",
    "dr.",
}
MAX_COMBINATIONS = 20_000


@lru_cache(maxsize=64)
def is_cjk_family(locale: str) -> bool:
    return script_family(locale) in ("ko", "zh-Hans", "zh-Hant")


def strip_markup(text: str) -> str:
    """Visible text: tags and ``{\\…}`` override blocks removed."""
    return LOOSE_MARKUP.sub("", text)


@lru_cache(maxsize=1 << 16)
def char_width(char: str, cjk: bool) -> float:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if char == "\n":
        return 0.0
    if not cjk:
        return 1.0
    east_asian = unicodedata.east_asian_width(char)
    if east_asian in ("W", "F"):
        return 1.0
    # Ambiguous punctuation (…, “, ·) is drawn full-width in CJK fonts; ambiguous
    # letters (é, Greek) are Latin-like and count half.
    if east_asian == "A" and not unicodedata.category(char).startswith("L"):
        return 1.0
    return 0.5


def display_width(text: str, locale: str) -> float:
    """Counted characters of one line (or of all lines together, newlines excluded)."""
    cjk = is_cjk_family(locale)
    visible = strip_markup(text) if ("<" in text or "{" in text) else text
    if visible.isascii():
        # Every ASCII character but the newline counts the same: a fast path
        # for the bulk of Latin text.
        return (len(visible) - visible.count("\n")) * (0.5 if cjk else 1.0)
    # Each character's width looked up (the same values, added in the same order).
    widths = _CJK_WIDTHS if cjk else _WIDTHS
    try:
        return sum(map(widths.__getitem__, visible))
    except KeyError:
        for char in visible:
            if char not in widths:
                widths[char] = char_width(char, cjk)
        return sum(map(widths.__getitem__, visible))


_WIDTHS: dict[str, float] = {}  # character -> width, filled as characters are met
_CJK_WIDTHS: dict[str, float] = {}


def is_dialogue(lines: list[str]) -> bool:
    """Two or more lines that each start with a speaker's dash."""
    return len(lines) >= 2 and all(line.lstrip().startswith(DIALOGUE_DASH) for line in lines)


def _is_cjk_char(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def join_lines(lines: list[str], locale: str) -> str:
    """One paragraph from subtitle lines: a space between them, except between
    two Chinese characters; dialogue keeps its lines."""
    lines = [line.strip() for line in lines if line.strip()]
    if is_dialogue(lines):
        return "\n".join(lines)
    chinese = script_family(locale).startswith("zh")
    out = lines[0] if lines else ""
    for line in lines[1:]:
        left, right = strip_markup(out)[-1:], strip_markup(line)[:1]
        glue = (
            "" if chinese and left and right and _is_cjk_char(left) and _is_cjk_char(right) else " "
        )
        out += glue + line
    return out


@dataclass(frozen=True, slots=True)
class _Cut:
    """A place to break: line one ends at ``start``, line two begins at ``end``."""

    start: int
    end: int
    bonus: float


def _visible_positions(text: str) -> list[int]:
    """Raw offsets of the visible characters of ``text``."""
    positions: list[int] = []
    offset = 0
    for match in LOOSE_MARKUP.finditer(text):
        positions.extend(range(offset, match.start()))
        offset = match.end()
    positions.extend(range(offset, len(text)))
    return positions


def _insertion_point(text: str, after: int) -> int:
    """Where to put a break after raw offset ``after``: past closing tags."""
    position = after + 1
    while True:
        match = LOOSE_CLOSING_TAG.match(text, position)
        if match is None:
            return position
        position = match.end()


PROTECTED = re.compile(
    r"(?:https?://|www\.)[^\s，。、）」』]+"  # a URL
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|\d(?:[\d,.]*\d)?(?:[A-Za-z%‰]+)?"  # a number, with its unit: 1,200km, 3.5, 250,000
    r"|[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*"  # a Latin word
)


def _inside_protected(chars: list[str]) -> set[int]:
    """Visible offsets a line may not start at: inside a number, word or URL."""
    inside: set[int] = set()
    for match in PROTECTED.finditer("".join(chars)):
        inside.update(range(match.start() + 1, match.end()))
    return inside


def _cuts(text: str, family: str, *, segment: bool = True) -> list[_Cut]:
    visible = _visible_positions(text)
    chars = [text[index] for index in visible]
    cuts: list[_Cut] = []
    seen: set[int] = set()
    for number, char in enumerate(chars):
        if char.isspace() and 0 < number < len(chars) - 1:
            if chars[number + 1] in ZH_NO_BREAK_BEFORE or chars[number - 1] in ZH_NO_BREAK_AFTER:
                seen.add(number)
                continue  # a line would start with closing (end with opening) punctuation
            previous = chars[number - 1]
            if family == "en":
                bonus = _english_bonus(chars, number)
            elif family.startswith("zh"):
                bonus = 3.0  # in Chinese subtitles a space stands in for a comma
            else:
                bonus = 2.0 if previous in ZH_BREAK_AFTER else 0.0
            cuts.append(_Cut(visible[number], visible[number] + 1, bonus))
            seen.add(number)
    if family.startswith("zh"):
        cuts.extend(_chinese_cuts(text, chars, visible, seen, family, segment=segment))
    return sorted(cuts, key=lambda cut: cut.start)


def _english_bonus(chars: list[str], space: int) -> float:
    before = "".join(chars[:space]).split()
    after = "".join(chars[space + 1 :]).split()
    bonus = 0.0
    if chars[space - 1] in EN_PUNCTUATION:
        bonus += 6.0
    if after and after[0].lower().strip(",.") in EN_CONJUNCTIONS:
        bonus += 3.0
    if before and before[-1].lower() in EN_NO_BREAK_AFTER:
        bonus -= 10.0
    if before and after and before[-1][:1].isupper() and after[0][:1].isupper():
        bonus -= 12.0  # probably a name: "North | Korea"
    return bonus


def _chinese_cuts(
    text: str,
    chars: list[str],
    visible: list[int],
    seen: set[int],
    family: str,
    *,
    segment: bool,
) -> list[_Cut]:
    """Cuts after punctuation and, if ``segment``, at the segmenter's word boundaries."""
    boundaries: frozenset[int] = frozenset()
    if segment:
        from seoultrain_i18n.subtitles.segmenter import word_boundaries

        boundaries = word_boundaries("".join(chars), traditional=family == "zh-Hant")
    protected = _inside_protected(chars)
    cuts: list[_Cut] = []
    for number in range(1, len(chars)):
        if number in seen or number - 1 in seen:
            continue  # a space is already a cut
        if number in protected:
            continue  # inside a number, a Latin word or a URL
        left, right = chars[number - 1], chars[number]
        if left.isspace() or right.isspace():
            continue
        if right in ZH_NO_BREAK_BEFORE or left in ZH_NO_BREAK_AFTER:
            continue
        if left in ZH_BREAK_AFTER:
            bonus = 3.0
        elif number in boundaries:
            bonus = 0.0
        else:
            continue  # inside a word
        if left.isascii() and right.isascii() and left.isalnum() and right.isalnum():
            continue  # never inside a Latin word or a number
        point = _insertion_point(text, visible[number - 1])
        cuts.append(_Cut(point, point, bonus))
    return cuts


def _split(text: str, cuts: tuple[_Cut, ...]) -> list[str]:
    lines: list[str] = []
    position = 0
    for cut in cuts:
        lines.append(text[position : cut.start].strip())
        position = cut.end
    lines.append(text[position:].strip())
    return lines


Layout = tuple[float, list[str]]


def _search(
    text: str, locale: str, norms: Norms, cuts: list[_Cut]
) -> tuple[Layout | None, list[str] | None]:
    """(best fitting layout with its score, least overlong layout) over ``cuts``."""
    limit = norms.max_chars_per_line
    most_lines = max(norms.max_lines, 2)
    overflow: tuple[tuple[float, float], list[str]] | None = None
    for count in range(1, most_lines):
        best: Layout | None = None
        for chosen in itertools.islice(itertools.combinations(cuts, count), MAX_COMBINATIONS):
            lines = _split(text, chosen)
            if not all(lines):
                continue
            widths = [display_width(line, locale) for line in lines]
            score = max(widths) - min(widths) - sum(cut.bonus for cut in chosen)
            if max(widths) <= limit:
                if best is None or score < best[0]:
                    best = (score, lines)
            elif count == most_lines - 1 and (
                overflow is None or (max(widths), score) < overflow[0]
            ):
                overflow = ((max(widths), score), lines)
        if best is not None:
            return best, None
    return None, overflow[1] if overflow is not None else None


def _best_split(text: str, locale: str, norms: Norms) -> list[str]:
    family = script_family(locale)
    if family.startswith("zh") and norms.max_lines <= 2:
        # A cut at a space or after punctuation that scores below zero beats every
        # word-boundary cut (those score ≥ 0), so the segmenter is not needed.
        quick, _ = _search(text, locale, norms, _cuts(text, family, segment=False))
        if quick is not None and quick[0] < 0:
            return quick[1]
    best, overflow = _search(text, locale, norms, _cuts(text, family))
    if best is not None:
        return best[1]
    # Nothing fits: the least overlong layout; checks report the long line.
    return overflow if overflow is not None else [text]


def break_lines(text: str, locale: str, norms: Norms) -> str:
    """``text`` laid out for a subtitle in ``locale`` (lines joined by "\\n")."""
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    if not lines:
        return ""
    limit = norms.max_chars_per_line
    if len(lines) > 1:
        fits = len(lines) <= norms.max_lines and all(
            display_width(line, locale) <= limit for line in lines
        )
        if fits or (is_dialogue(lines) and len(lines) <= norms.max_lines):
            return "\n".join(lines)
    paragraph = join_lines(lines, locale)
    if "\n" in paragraph:  # dialogue with more speakers than lines
        return paragraph
    if display_width(paragraph, locale) <= limit or norms.max_lines <= 1:
        return paragraph
    return "\n".join(_best_split(paragraph, locale, norms))
