"""libunistring 1.0's line breaking in pure Python, for machines without the library.

GNU gettext 0.21 (``msgcat``) breaks long PO strings with libunistring's
``u8_width_linebreaks``. ``po_wrap`` calls that function when the library can
be loaded; this module is the same computation without it, so that a pip-only
install writes the same bytes. It is a line-by-line port of gnulib's
``u8_possible_linebreaks_loop`` (UAX #14 break opportunities) and
``u8_width_linebreaks_internal`` (the greedy fill by columns) as libunistring
1.0 ships them, called as gettext calls them (the "UTF-8" encoding, no CR-LF
rule). The per-code-point data (line breaking classes, the class pair table,
``uc_width`` columns) is copied out of libunistring 1.0 itself by
``scripts/make_unilbrk_tables.py`` into ``data/unilbrk.txt``, and read the
first time a string is broken here (never on import).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

# Values of a break array, as in unilbrk.h.
UNDEFINED = 0
PROHIBITED = 1
POSSIBLE = 2
MANDATORY = 3
CR_BEFORE_LF = 5  # only as an override: gettext asks for no CR-LF rule

# Line breaking classes, with libunistring 1.0's numbers (lbrktables.h). Those
# below 33 index the pair table; the others are resolved before it is used.
WJ, GL, B2, BA, BB, HY, CL, CP1, CP2, EX, IN, NS, OP1, OP2, QU, IS = range(16)
NU, PO, PR, SY, AL, H2, H3, ID1, ID2, JL, JV, JT, HL, RI, ZWJ, EB, EM = range(16, 33)
BK, CR, LF, CM, ZW, SP, CB, AI, SA, XX = range(33, 43)
HL_BA = 100  # a Hebrew letter followed by a hyphen or BA: only at run time

# The pair table's entries (UAX #14 table 7.3).
DIRECT = 1
INDIRECT = 2


class Tables:
    """libunistring's data: each value holds from its start to the next start.

    A plain class, not a dataclass: this module is imported with ``po_wrap``
    on every run, and a dataclass costs a millisecond to define.
    """

    def __init__(
        self,
        pairs: tuple[bytes, ...],
        classes: tuple[list[int], list[int]],
        widths: tuple[list[int], list[int]],
    ) -> None:
        self.pairs = pairs  # pairs[class before][class after]: DIRECT, INDIRECT or prohibited
        self.class_starts, self.classes = classes
        self.width_starts, self.widths = widths
        self.class_of: dict[str, int] = {}  # memo per character
        self.width_of: dict[str, int] = {}


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The tables of ``data/unilbrk.txt`` (read once, on first use)."""
    from importlib import resources  # not on import: the ctypes path never needs it

    text = resources.files("seoultrain_i18n").joinpath("data/unilbrk.txt").read_text("utf-8")
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("["):
            current = sections.setdefault(line[1 : line.index("]")], [])
        elif line and not line.startswith("#"):
            current.append(line)
    pairs = tuple(bytes(int(digit) for digit in row) for row in sections["pairs"])
    return Tables(pairs, _ranges(sections["classes"]), _ranges(sections["widths"]))


def _ranges(lines: list[str]) -> tuple[list[int], list[int]]:
    starts, values = [], []
    for line in lines:
        start, value = line.split()
        starts.append(int(start, 16))
        values.append(int(value))
    return starts, values


def line_break_class(char: str) -> int:
    """The class libunistring 1.0 gives ``char`` (before resolving AI, CB, SA, XX)."""
    data = tables()
    return _lookup(char, data.class_of, data.class_starts, data.classes)


def columns(char: str) -> int:
    """``uc_width(char, "UTF-8")``: 0, 1 or 2 columns, -1 for a control character."""
    data = tables()
    return _lookup(char, data.width_of, data.width_starts, data.widths)


def _lookup(char: str, seen: dict[str, int], starts: list[int], values: list[int]) -> int:
    """The value of the range holding ``char``, remembered per character."""
    value = seen.get(char)
    if value is None:
        value = values[bisect_right(starts, ord(char)) - 1]
        seen[char] = value
    return value


def possible_linebreaks(text: str) -> list[int]:
    """Break array of ``text``, one value per character: ``u8_possible_linebreaks``.

    Value i says whether a line may break before character i (POSSIBLE),
    may not (PROHIBITED), or character i is itself a line break (MANDATORY).
    """
    pairs = tables().pairs
    result = [PROHIBITED] * len(text)
    prev_prop = BK  # class of the previous character
    last_prop = BK  # class of the last character that is not a space
    seen_space = False  # a space since the last character that is not one
    ri_count = 0  # regional indicators just before this character
    for index, char in enumerate(text):
        prop = line_break_class(char)
        if prop in (BK, LF, CR):
            # (LB4, LB5, LB6) Mandatory break.
            result[index] = MANDATORY
            prev_prop = prop
            last_prop = BK
            seen_space = False
        else:
            prop = _resolved(prop)
            if prop == SP:
                # (LB7) No break just before a space.
                seen_space = True
            elif prop == ZW:
                # (LB7) No break just before a zero-width space.
                last_prop = ZW
                seen_space = False
            elif prop in (CM, ZWJ):
                # (LB9) No break before a combining mark or ZWJ, except after a
                # mandatory break, a space or a zero-width space; (LB10) treat it as AL.
                if last_prop == BK:
                    last_prop = AL
                    seen_space = False
                elif last_prop == ZW or seen_space:
                    result[index] = POSSIBLE
                    last_prop = AL
                    seen_space = False
            else:
                result[index] = _pair_break(pairs, prev_prop, last_prop, prop, seen_space, ri_count)
                last_prop = prop
                seen_space = False
            prev_prop = HL_BA if prev_prop == HL and prop in (HY, BA) else prop
        ri_count = ri_count + 1 if prop == RI else 0
    return result


def _resolved(prop: int) -> int:
    if prop in (AI, SA, XX):
        # Ambiguous is alphabetic outside CJK encodings; complex-context and
        # unknown characters are treated as alphabetic too.
        return AL
    if prop == CB:
        return ID1
    return prop


def _pair_break(
    pairs: tuple[bytes, ...],
    prev_prop: int,
    last_prop: int,
    prop: int,
    seen_space: bool,
    ri_count: int,
) -> int:
    if last_prop == BK:
        return PROHIBITED  # (LB4, LB5, LB6) never at the start of a line
    if last_prop == ZW:
        return POSSIBLE  # (LB8) after a zero-width space
    if prev_prop == ZWJ:
        return PROHIBITED  # (LB8a) not right after a zero-width joiner
    if last_prop == RI and prop == RI:
        # (LB30a) Between regional indicators only after an even number of them.
        return POSSIBLE if seen_space or ri_count % 2 == 0 else PROHIBITED
    if prev_prop == HL_BA:
        return PROHIBITED  # (LB21a) not after a Hebrew letter + hyphen
    entry = pairs[last_prop][prop]
    if entry == DIRECT or (entry == INDIRECT and seen_space):
        return POSSIBLE
    return PROHIBITED


def width_linebreaks(
    text: str,
    overrides: Sequence[int],
    width: int,
    start_column: int,
    at_end_columns: int = 0,
) -> list[int]:
    """Indexes of the characters of ``text`` before which the line is broken.

    ``u8_width_linebreaks``: greedy filling of lines of ``width`` columns, the
    first starting at ``start_column``. ``overrides`` holds one break value per
    character (UNDEFINED: no override).
    """
    breaks = possible_linebreaks(text)
    inserted: list[int] = []
    last: int | None = None  # where the current piece starts, if a break may go there
    last_column = start_column
    piece_width = 0
    for index, char in enumerate(text):
        value = breaks[index] if overrides[index] == UNDEFINED else overrides[index]
        ends_piece = value in (POSSIBLE, MANDATORY, CR_BEFORE_LF)
        if ends_piece and last is not None and last_column + piece_width > width:
            # The piece that ends here does not fit: break before it.
            inserted.append(last)
            last_column = 0
        if value in (MANDATORY, CR_BEFORE_LF):
            # A line break character: a new piece starts at column 0.
            last = None
            last_column = 0
            piece_width = 0
        else:
            if value == POSSIBLE:
                last = index
                last_column += piece_width
                piece_width = 0
            char_columns = columns(char)
            if char_columns >= 0:  # control characters are ignored
                piece_width += char_columns
    if last is not None and last_column + piece_width + at_end_columns > width:
        inserted.append(last)
    return inserted
