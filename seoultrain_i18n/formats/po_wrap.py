"""Where GNU gettext may break a long PO string: Unicode line breaking as in libunistring.

``msgcat`` wraps strings with libunistring's ``u8_width_linebreaks`` (UAX #14
break opportunities, East Asian width), so breaks fall between Chinese or
Korean characters as well as after spaces. To write byte-identical files we
call the very same function through ctypes when the library is present (it
is wherever GNU gettext is installed) and fall back to a pure-Python
approximation of the same rules otherwise.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import unicodedata
from functools import lru_cache

BREAK_UNDEFINED = 0
BREAK_PROHIBITED = 1
BREAK_POSSIBLE = 2


@lru_cache(maxsize=1)
def _library() -> ctypes.CDLL | None:
    for name in ("libunistring.so.5", "libunistring.so.2", ctypes.util.find_library("unistring")):
        if not name:
            continue
        try:
            library = ctypes.CDLL(name)
            function = library.u8_width_linebreaks
        except (OSError, AttributeError):
            continue
        function.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_char_p,
            ctypes.c_char_p,
        ]
        function.restype = ctypes.c_int
        return library
    return None


def char_width(char: str) -> int:
    """Columns a character takes in a terminal (0 for controls and combining marks)."""
    code = ord(char)
    if code < 0x7F:
        return 1 if code >= 0x20 else 0
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def break_positions(
    portable: bytes, overrides: bytes | bytearray, width: int, start_column: int
) -> list[int]:
    """Byte offsets in UTF-8 ``portable`` before which gettext breaks the line.

    ``overrides`` holds one value per byte (BREAK_UNDEFINED or
    BREAK_PROHIBITED), as gettext passes for escape sequences.
    """
    library = _library()
    if library is None:
        return _python_breaks_bytes(portable, overrides, width, start_column)
    result = ctypes.create_string_buffer(len(portable))
    library.u8_width_linebreaks(
        portable, len(portable), width, start_column, 0, bytes(overrides), b"UTF-8", result
    )
    raw = result.raw
    positions = []
    offset = raw.find(b"\x02")
    while offset >= 0:
        positions.append(offset)
        offset = raw.find(b"\x02", offset + 1)
    return positions


def _python_breaks_bytes(
    portable: bytes, overrides: bytes | bytearray, width: int, start: int
) -> list[int]:
    text = portable.decode("utf-8")
    offsets = []
    char_overrides = []
    offset = 0
    for char in text:
        offsets.append(offset)
        char_overrides.append(overrides[offset])
        offset += len(char.encode("utf-8"))
    return [offsets[index] for index in _python_breaks(text, char_overrides, width, start)]


# --- pure-Python fallback: the same greedy algorithm over simplified UAX #14 classes ---

_CLOSE = set(
    "、。，．：；！？）」』】〕〉》〗〙〛｝］’”〞ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョ・…‥,.:;!?)]}%"
)
_OPEN = set("（「『【〔〈《〖〘〚｛［‘“〝([{$")


def _python_breaks(text: str, overrides: list[int], width: int, start_column: int) -> list[int]:
    opportunities = [False] * len(text)
    for index in range(1, len(text)):
        before, char = text[index - 1], text[index]
        if overrides[index] == BREAK_PROHIBITED or char == " ":
            continue
        wide = (_wide(before) or _wide(char)) and before not in _OPEN and char not in _CLOSE
        if before == " " or wide:
            opportunities[index] = True
    positions: list[int] = []
    last: int | None = None
    column = start_column
    piece = 0
    for index, char in enumerate(text):
        if opportunities[index]:
            if last is not None and column + piece > width:
                positions.append(last)
                column = 0
            last = index
            column += piece
            piece = 0
        piece += char_width(char)
    if last is not None and column + piece > width:
        positions.append(last)
    return positions


def _wide(char: str) -> bool:
    return ord(char) > 0x2E7F and unicodedata.east_asian_width(char) in ("W", "F")
