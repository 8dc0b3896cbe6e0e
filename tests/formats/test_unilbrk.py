"""The pure-Python line breaker against libunistring itself, called through ctypes.

``unilbrk`` ports libunistring 1.0's ``u8_possible_linebreaks`` and
``u8_width_linebreaks`` with the library's own tables; here both run on the
same strings and must give the same break arrays: every triple of line
breaking classes, then generated text (CJK, Hangul, Latin, punctuation,
spaces, emoji, combining marks, joiners, regional indicators, long words).
"""

from __future__ import annotations

import ctypes
import random
import subprocess
import sys
from itertools import product
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from seoultrain_i18n.formats import po_wrap, unilbrk

REPO = Path(__file__).resolve().parents[2]


def libunistring_1_0() -> ctypes.CDLL | None:
    library = po_wrap._library()
    if library is None:
        return None
    version = ctypes.c_int.in_dll(library, "_libunistring_version").value
    return library if version >> 8 == 0x0100 else None


LIBRARY = libunistring_1_0()
pytestmark = pytest.mark.skipif(
    LIBRARY is None, reason="libunistring 1.0 (whose tables unilbrk holds) cannot be loaded"
)


def library_breaks(text: str) -> list[int]:
    """``u8_possible_linebreaks(text, "UTF-8")``, one value per character."""
    assert LIBRARY is not None
    encoded = text.encode("utf-8")
    result = ctypes.create_string_buffer(len(encoded))
    function = LIBRARY.u8_possible_linebreaks
    function.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p]
    function.restype = None
    function(encoded, len(encoded), b"UTF-8", result)
    starts = []
    offset = 0
    for char in text:
        starts.append(offset)
        offset += len(char.encode("utf-8"))
    return [result.raw[start] for start in starts]


def one_character_per_class() -> list[str]:
    """The first code point of every line breaking class, and a few with rules of their own."""
    firsts: dict[int, str] = {}
    data = unilbrk.tables()
    for start, value in zip(data.class_starts, data.classes, strict=True):
        if not 0xD800 <= start < 0xE000:  # surrogates cannot be encoded
            firsts.setdefault(value, chr(start))
    return sorted({*firsts.values(), " ", "a", "-", "\u05d0", "\u200d", "\U0001f1f0"})


def test_every_class_of_the_pair_table_has_a_character() -> None:
    classes = {unilbrk.line_break_class(char) for char in one_character_per_class()}
    assert set(range(33)) - classes <= {unilbrk.CP2}  # no character has class CP2 in Unicode 14
    assert {unilbrk.BK, unilbrk.SP, unilbrk.CM, unilbrk.AI, unilbrk.SA, unilbrk.XX} <= classes


def test_every_triple_of_classes_breaks_as_in_libunistring() -> None:
    chars = one_character_per_class()
    mismatches = [
        text
        for text in map("".join, product(chars, repeat=3))
        if unilbrk.possible_linebreaks(text) != library_breaks(text)
    ]
    assert len(chars) ** 3 > 50_000
    assert mismatches == []


WORDS = st.sampled_from(
    [
        "서울",
        "기차가",
        "탈북자들은",
        "두만강을",
        "首尔列车",
        "越过图们江",
        "《首尔列车》",
        "“地下铁路”",
        "（纪录片）",
        "、",
        "。",
        "！？",
        "Seoul",
        "refugees",
        "Tumen-River",
        "e.g.,",
        "$20",
        "(2004)",
        "…",
        "—",
        "👍🏽",
        "👩\u200d👩\u200d👧",
        "🇰🇷🇨🇳",
        "e\u0301",
        "\u200b",
        "\u2060",
        "\u00a0",
        "\u2028",
        "\u0085",
        "\x07\x1b",
        "\u05d0-\u05d1",
        "\u0e01\u0e32",
        "\\n",
        "\t",
        "x" * 90,
        "가" * 50,
    ]
)
TEXTS = st.one_of(
    st.lists(st.one_of(WORDS, st.sampled_from([" ", "  ", ""])), max_size=40).map("".join),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=60),
)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_break_opportunities_match_libunistring(text: str) -> None:
    assert unilbrk.possible_linebreaks(text) == library_breaks(text)


@settings(max_examples=200, deadline=None)
@example("가나 " * 12 + "\u2028" + "가나 " * 12, 30, 5, random.Random(0))  # a new line at U+2028
@given(
    TEXTS,
    st.integers(min_value=1, max_value=90),
    st.integers(min_value=0, max_value=30),
    st.randoms(use_true_random=False),
)
def test_lines_are_filled_as_libunistring_fills_them(
    text: str, width: int, start: int, rng: random.Random
) -> None:
    portable = text.encode("utf-8")
    overrides = bytearray(len(portable))
    offset = 0
    for char in text:  # gettext's overrides: no break inside escape sequences
        if rng.random() < 0.2:
            overrides[offset] = po_wrap.BREAK_PROHIBITED
        offset += len(char.encode("utf-8"))
    through_library = po_wrap.break_positions(portable, overrides, width, start)
    in_python = po_wrap._python_breaks_bytes(portable, overrides, width, start)
    assert in_python == through_library


def test_widths_are_uc_width() -> None:
    assert LIBRARY is not None
    uc_width = LIBRARY.uc_width
    uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    uc_width.restype = ctypes.c_int
    data = unilbrk.tables()
    # Each range's first and last code point (a range ends where the next starts).
    edges = {*data.width_starts, *(start - 1 for start in data.width_starts[1:]), 0x10FFFF}
    assert [unilbrk.columns(chr(code)) for code in sorted(edges)] == [
        uc_width(code, b"UTF-8") for code in sorted(edges)
    ]
    assert {unilbrk.columns(char) for char in "a가中\u0301\x07"} == {1, 2, 0, -1}


def test_the_committed_tables_are_the_installed_librarys() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_unilbrk_tables.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
