"""Decoding subtitle bytes deliberately: the one module that imports charset_normalizer.

Korean and Chinese subtitle files in the wild are often CP949, GBK/GB18030 or
Big5, with or without a BOM. Order of trials: an explicit ``--encoding``; a
BOM (UTF-32 before UTF-16, whose BOM is a prefix of UTF-32 LE's); strict
UTF-8; the legacy encodings of the file's language tag (narrowest first, so
the name reported is the most specific one that fits); statistical detection.
A legacy candidate must also *look* like the language (mostly Hangul for ko,
mostly Han for zh), because CP949 and GBK accept many of each other's bytes.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.locales import script_family

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Legacy encodings per script family, narrowest first (EUC-KR ⊂ CP949,
# GBK ⊂ GB18030, Big5 ⊂ CP950 ⊂ Big5-HKSCS for practical purposes).
LEGACY_CANDIDATES: dict[str, tuple[str, ...]] = {
    "ko": ("euc-kr", "cp949"),
    "zh-Hans": ("gbk", "gb18030"),
    "zh-Hant": ("big5", "cp950", "big5hkscs"),
}


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and how it was chosen.

    ``method`` is one of ``override``, ``bom``, ``utf-8``, ``language`` and
    ``detected``; ``encoding`` is a Python codec name (``utf-8``, ``cp949``…).
    """

    text: str
    encoding: str
    method: str
    bom: bool = False

    def describe(self) -> str:
        """``cp949 (from the language tag)`` — what ``-v`` prints."""
        how = {
            "override": "given with --encoding",
            "bom": "byte order mark",
            "utf-8": "valid UTF-8",
            "language": "from the language tag",
            "detected": "detected",
        }[self.method]
        return f"{self.encoding} ({how})"


def _canonical(encoding: str) -> str:
    """``EUC_KR`` → ``euc-kr``: the codec's own name, hyphenated."""
    return codecs.lookup(encoding).name.replace("_", "-")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode_override(data: bytes, encoding: str, path: str | Path) -> Decoded:
    try:
        name = _canonical(encoding)
    except LookupError:
        raise ParseError(path, None, f"unknown encoding {encoding!r}") from None
    try:
        text = data.decode(name)
    except UnicodeDecodeError as error:
        raise ParseError(
            path, _line_of(data, error.start), f"not valid {name}: byte {data[error.start]:#04x}"
        ) from None
    return Decoded(text.removeprefix("\ufeff"), name, "override", text.startswith("\ufeff"))


def _looks_like(text: str, family: str) -> bool:
    """True when most non-ASCII letters belong to the family's script."""
    wanted = "HANGUL" if family == "ko" else "CJK"
    letters = [char for char in text if ord(char) > 0x7F and char.isalpha()]
    if not letters:
        return True
    hits = sum(1 for char in letters if unicodedata.name(char, "").startswith(wanted))
    return hits >= 0.8 * len(letters)


def decode_bytes(
    data: bytes,
    *,
    language: str | None = None,
    encoding: str | None = None,
    path: str | Path = "<bytes>",
) -> Decoded:
    """Decode a subtitle file's bytes; raise ParseError if nothing fits.

    ``language`` is the file's language tag (``ko``, ``zh-Hant``…) or None;
    ``encoding`` forces one codec (the ``--encoding`` option).
    """
    if encoding:
        return _decode_override(data, encoding, path)
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(name), name, "bom", True)
            except UnicodeDecodeError as error:
                if name == "utf-32-le":
                    continue  # FF FE 00 00 also starts UTF-16 LE text whose first character is NUL
                offset = error.start + len(bom)
                raise ParseError(
                    path,
                    _line_of(data, offset),
                    f"starts with a {name} byte order mark but is not valid {name}",
                ) from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    family = _family(language)
    for name in LEGACY_CANDIDATES.get(family, ()):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _looks_like(text, family):
            return Decoded(text, _canonical(name), "language")
    detected = _detect(data)
    if detected is not None:
        return detected
    raise ParseError(
        path,
        _line_of(data, utf8_error.start),
        "cannot tell the encoding: not UTF-8"
        + (f" nor {'/'.join(LEGACY_CANDIDATES[family])}" if family in LEGACY_CANDIDATES else "")
        + "; give it with --encoding",
    )


def _family(language: str | None) -> str:
    if not language:
        return ""
    try:
        return script_family(language)
    except Exception:  # an unusual tag in a file name: no language-specific candidates
        return ""


def _detect(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    name = _canonical(best.encoding)
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    return Decoded(text, name, "detected")
