"""Where GNU gettext may break a long PO string: Unicode line breaking as in libunistring.

``msgcat`` wraps strings with libunistring's ``u8_width_linebreaks`` (UAX #14
break opportunities, East Asian width), so breaks fall between Chinese or
Korean characters as well as after spaces. To write byte-identical files we
call the very same function through ctypes when the library is present (it
is wherever GNU gettext is installed); without it, ``unilbrk`` computes the
same breaks in pure Python (a port of the function, with libunistring 1.0's
own tables, loaded only then).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from functools import lru_cache

from seoultrain_i18n.formats import unilbrk

# libunistring's break values (unilbrk.h), as gettext passes and reads them.
BREAK_PROHIBITED = unilbrk.PROHIBITED
_POSSIBLE = bytes([unilbrk.POSSIBLE])


def _names() -> Iterator[str]:
    """The library's names to try, in order; ``find_library`` only when the
    usual sonames fail: it imports subprocess and runs ``ldconfig -p`` (a
    process started by every command that writes a PO file, for a name the
    sonames give)."""
    yield "libunistring.so.5"
    yield "libunistring.so.2"
    import ctypes.util

    found = ctypes.util.find_library("unistring")
    if found:
        yield found


@lru_cache(maxsize=1)
def _library() -> ctypes.CDLL | None:
    for name in _names():
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


def break_positions(
    portable: bytes, overrides: bytes | bytearray, width: int, start_column: int
) -> list[int]:
    """Byte offsets in UTF-8 ``portable`` before which gettext breaks the line.

    ``overrides`` holds one value per byte: 0 (none) or BREAK_PROHIBITED, as
    gettext passes for escape sequences.
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
    offset = raw.find(_POSSIBLE)
    while offset >= 0:
        positions.append(offset)
        offset = raw.find(_POSSIBLE, offset + 1)
    return positions


def _python_breaks_bytes(
    portable: bytes, overrides: bytes | bytearray, width: int, start: int
) -> list[int]:
    """The same breaks without libunistring: its algorithm and data, in Python."""
    text = portable.decode("utf-8")
    offsets = []
    char_overrides = []
    offset = 0
    for char in text:
        offsets.append(offset)
        char_overrides.append(overrides[offset])
        offset += len(char.encode("utf-8"))
    breaks = unilbrk.width_linebreaks(text, char_overrides, width, start)
    return [offsets[index] for index in breaks]
