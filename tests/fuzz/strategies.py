"""Shared hypothesis strategies for the fuzz and round-trip tests.

Text is built from pieces of every script and hazard the tool meets: ASCII,
Hangul, Han (Simplified and Traditional), emoji with ZWJ sequences and
modifiers, combining marks, Hebrew and Arabic with bidi controls, control
characters and text that looks like markup or format directives of one of
our formats (``<i>``, ``&amp;``, ``-->``, ``{\\an8}``, ``%s``, ``{name}``,
``#~``, quotes, backslashes). The profiles ``ci`` (bounded, the default) and
``fuzz`` (thousands of examples) are chosen with ``HYPOTHESIS_PROFILE``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)

# Properties that start a subprocess per example run a quarter as many.
_loaded = settings.get_profile(PROFILE)
subprocess_settings = settings(max_examples=max(10, _loaded.max_examples // 4))

ASCII_WORDS = ("Seoul", "train", "refugee", "North Korea", "a", "I", "it's", "x=1", "0", "1984")
HANGUL = ("서울", "기차", "탈북자", "한국어", "ㄱㄴ", "가나다라마바사", "똠방각하")
HAN_SIMPLIFIED = ("首尔", "列车", "难民", "简体中文", "这是一个测试", "边境")
HAN_TRADITIONAL = ("首爾", "列車", "難民", "繁體中文", "這是一個測試", "邊境", "臺灣")
CJK_PUNCTUATION = ("，", "。", "、", "「", "」", "！", "？", "…", "・", "〜", "　")
EMOJI = (
    "🚆",
    "😀",
    "👍🏽",
    "👩\u200d👩\u200d👧",  # family: ZWJ sequence
    "🏳\ufe0f\u200d🌈",  # flag with variation selector and ZWJ
    "🇰🇷",  # regional indicators
    "❤\ufe0f",
    "𠜎",  # astral Han (CJK extension B)
)
COMBINING = ("e\u0301", "a\u0323\u0302", "\u0301", "n\u0303", "\u1100\u1161\u11a8", "Å")
RTL = (
    "שלום",
    "مرحبا",
    "\u202bמימין\u202c",
    "\u202eabc\u202c",
    "\u2067עברית\u2069",
    "\u200f",
    "\u200e",
    "\u061c",
    "١٢٣",
)
# Control characters, including the ones str.splitlines() breaks on but our
# formats do not (\x0b, \x0c, \x1c, \x85).
CONTROLS = (
    "\x00", "\x01", "\x07", "\x08", "\t", "\x0b", "\x0c", "\x1b", "\x1c", "\x1f", "\x7f",
    "\x85", "\x9b",
)  # fmt: skip
# What SubRip, WebVTT and PO files break lines on.
LINE_BREAKS = ("\n", "\r\n", "\r")
SPACES = (" ", "  ", "\t", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u2028", "\u2029")
MARKUP = (
    "<i>",
    "</i>",
    "<b>x</b>",
    "<u>",
    '<font color="red">',
    "</font>",
    "&amp;",
    "&lt;",
    "&",
    "<",
    ">",
    "-->",
    "--&gt;",
    "{\\an8}",
    "{\\i1}",
    "{\\a6}",
    "%s",
    "%d",
    "%(name)s",
    "{name}",
    "{0}",
    "#~",
    "#,",
    "#|",
    "#:",
    "msgid",
    '"',
    "\\",
    "\\n",
    "\\\\",
    "'",
    "<script>alert(1)</script>",
    "<a href='x'>",
    "<!-- c -->",
    "]]>",
    "WEBVTT",
    "NOTE",
    "00:00:01,000",
)

SCRIPT_PIECES = (
    ASCII_WORDS + HANGUL + HAN_SIMPLIFIED + HAN_TRADITIONAL + CJK_PUNCTUATION + EMOJI + COMBINING
)

_any_char = st.characters(exclude_categories=["Cs"])


def pieces(*, controls: bool = False, line_breaks: bool = False) -> st.SearchStrategy[str]:
    """One piece of text: a word of some script, a hazard, or random characters."""
    choices: list[st.SearchStrategy[str]] = [
        st.sampled_from(SCRIPT_PIECES),
        st.sampled_from(RTL),
        st.sampled_from(MARKUP),
        st.sampled_from(SPACES),
        st.text(_any_char, min_size=1, max_size=4).filter(
            lambda text: (
                (controls or not _has_control(text)) and (line_breaks or not _has_break(text))
            )
        ),
    ]
    if controls:
        choices.append(st.sampled_from(CONTROLS))
    if line_breaks:
        choices.append(st.sampled_from(LINE_BREAKS))
    return st.one_of(choices)


def _has_control(text: str) -> bool:
    return any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in text)


def _has_break(text: str) -> bool:
    return "\n" in text or "\r" in text


def text(
    *,
    controls: bool = False,
    line_breaks: bool = False,
    min_pieces: int = 0,
    max_pieces: int = 6,
) -> st.SearchStrategy[str]:
    """Mixed text of ``min_pieces``..``max_pieces`` pieces joined by nothing or a space."""
    return st.lists(
        st.tuples(pieces(controls=controls, line_breaks=line_breaks), st.sampled_from(("", " "))),
        min_size=min_pieces,
        max_size=max_pieces,
    ).map(lambda items: "".join(piece + glue for piece, glue in items))


def line(
    *, controls: bool = False, min_pieces: int = 1, max_pieces: int = 5
) -> st.SearchStrategy[str]:
    """Text on one line: no CR or LF (other Unicode separators may occur)."""
    return text(controls=controls, min_pieces=min_pieces, max_pieces=max_pieces)


def words(min_pieces: int = 1, max_pieces: int = 4) -> st.SearchStrategy[str]:
    """Visible text with at least one letter and no control characters."""
    return text(min_pieces=min_pieces, max_pieces=max_pieces).filter(
        lambda value: any(char.isalnum() for char in value)
    )


def xml_safe(value: str) -> bool:
    """True when XML 1.0 can carry every character of ``value``."""
    return all(
        char in "\t\n\r" or 0x20 <= ord(char) <= 0xD7FF or 0xE000 <= ord(char) <= 0xFFFD
        or ord(char) >= 0x10000
        for char in value
    )  # fmt: skip
