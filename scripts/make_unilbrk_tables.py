"""Write seoultrain_i18n/data/unilbrk.txt: libunistring 1.0's line breaking data.

``formats.unilbrk`` (the pure-Python line breaker used when libunistring
cannot be loaded) must give every code point the same line breaking class and
the same column width as the libunistring that GNU gettext's ``msgcat`` uses,
so that both write the same bytes. This script copies them out of the installed
library itself:

- the class of every code point, from the three-level table libunistring
  exports as ``libunistring_unilbrkprop`` (in the layout of libunistring 1.0's
  ``lbrkprop_t``, for Unicode 14);
- the pair table of UAX #14 (``libunistring_unilbrk_table``, 33 x 33);
- ``uc_width(c, "UTF-8")`` for every code point (the public function).

All are written as ranges (a value holds from its start to the next start).
The table layout differs between libunistring versions, so the script refuses
any other version than 1.0.

Run: .venv/bin/python scripts/make_unilbrk_tables.py [--check] [path/to/libunistring.so.2]
"""

from __future__ import annotations

import argparse
import ctypes
import struct
import sys
from collections.abc import Sequence
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "seoultrain_i18n" / "data" / "unilbrk.txt"
VERSION = 0x010000  # _libunistring_version of libunistring 1.0.x (major << 16 | minor << 8)
CODE_POINTS = 0x110000
# lbrkprop1.h of libunistring 1.0: level1[15] ints, level2[4 << 9] ints, level3[246 << 7] bytes.
LEVEL1, LEVEL2, LEVEL3 = 15, 4 << 9, 246 << 7
CLASSES = 33  # the pair table's size (LBP_WJ .. LBP_EM)
LBP_XX = 42


def read_classes(library: ctypes.CDLL) -> list[int]:
    size = 4 * LEVEL1 + 4 * LEVEL2 + LEVEL3
    raw = bytes((ctypes.c_ubyte * size).in_dll(library, "libunistring_unilbrkprop"))
    level1 = struct.unpack(f"={LEVEL1}i", raw[: 4 * LEVEL1])
    level2 = struct.unpack(f"={LEVEL2}i", raw[4 * LEVEL1 : 4 * (LEVEL1 + LEVEL2)])
    level3 = raw[4 * (LEVEL1 + LEVEL2) :]

    def lookup(code: int) -> int:  # unilbrkprop_lookup() of lbrktables.h
        index1 = code >> 16
        if index1 < LEVEL1 and (lookup1 := level1[index1]) >= 0:
            lookup2 = level2[lookup1 + ((code >> 7) & 511)]
            if lookup2 >= 0:
                return level3[lookup2 + (code & 127)]
        return LBP_XX

    return [lookup(code) for code in range(CODE_POINTS)]


def read_widths(library: ctypes.CDLL) -> list[int]:
    width = library.uc_width
    width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    width.restype = ctypes.c_int
    return [width(code, b"UTF-8") for code in range(CODE_POINTS)]


def read_pairs(library: ctypes.CDLL) -> list[str]:
    raw = bytes((ctypes.c_ubyte * CLASSES**2).in_dll(library, "libunistring_unilbrk_table"))
    rows = [raw[row * CLASSES : (row + 1) * CLASSES] for row in range(CLASSES)]
    return ["".join(str(value) for value in row) for row in rows]


def runs(values: Sequence[int]) -> list[str]:
    lines = [f"0 {values[0]}"]
    lines.extend(
        f"{code:X} {values[code]}"
        for code in range(1, len(values))
        if values[code] != values[code - 1]
    )
    return lines


def render(library: ctypes.CDLL, version: int) -> str:
    sections: list[tuple[str, list[str]]] = [
        (
            "[pairs] row: class before, column: class after; 1 direct, 2 indirect, 3 prohibited",
            read_pairs(library),
        ),
        ("[classes] HEXSTART CLASS (libunistring's LBP_* numbers)", runs(read_classes(library))),
        (
            '[widths] HEXSTART COLUMNS (uc_width(c, "UTF-8"); -1 for control characters)',
            runs(read_widths(library)),
        ),
    ]
    lines = [
        "# Line breaking data of libunistring 1.0 (Unicode 14.0.0), read from the library",
        f"# (_libunistring_version {version:06X}) by scripts/make_unilbrk_tables.py",
        "# for formats/unilbrk.py. Do not edit.",
    ]
    for title, values in sections:
        lines.append(title)
        lines.extend(values)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("library", nargs="?", default="libunistring.so.2")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the committed file differs, write nothing"
    )
    options = parser.parse_args()
    library = ctypes.CDLL(options.library)
    version = ctypes.c_int.in_dll(library, "_libunistring_version").value
    if version >> 8 != VERSION >> 8:
        sys.exit(
            f"error: {options.library} is libunistring {version >> 16}.{(version >> 8) & 255},"
            " whose tables have another layout; this script reads 1.0"
        )
    text = render(library, version)
    if options.check:
        same = TARGET.read_text(encoding="utf-8") == text
        print(f"{TARGET}: {'up to date' if same else 'differs from ' + options.library}")
        sys.exit(0 if same else 1)
    TARGET.write_text(text, encoding="utf-8")
    print(f"{TARGET}: {text.count(chr(10))} lines from {options.library}")


if __name__ == "__main__":
    main()
