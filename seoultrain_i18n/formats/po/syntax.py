"""The lexical pieces of PO syntax both readers share: quoted strings with C
escapes, and comment text (``reader`` is the strict reader, ``fast`` the
one-pass reader of the usual shape)."""

from __future__ import annotations

import re
from pathlib import Path

from seoultrain_i18n.errors import ParseError

UNESCAPE = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
}
ESCAPE_SEQUENCE = re.compile(r'\\(?:([ntrabfv\\"])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.?))')
MAY_HOLD_CONTROLS = re.compile(r"[\0\x04]|\\[04x]")


def unquote(text: str, path: Path, line: int) -> str:
    """The value of a quoted PO string (``"..."`` with C escapes)."""
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ParseError(path, line, "syntax error: expected a string in double quotes")
    body = text[1:-1]
    if "\\" not in body:
        if '"' in body:
            raise ParseError(path, line, 'syntax error: unescaped " inside a string')
        return no_eot(body, path, line)
    if len(body) - len(body.rstrip("\\")) & 1:
        raise ParseError(path, line, "syntax error: string ends with a lone backslash")

    def replace(match: re.Match[str]) -> str:
        value = unescape(match)
        if value is None:
            raise ParseError(path, line, f"invalid escape sequence \\{match.group(4)}")
        return value

    value = ESCAPE_SEQUENCE.sub(replace, body)
    if '"' in ESCAPE_SEQUENCE.sub("", body):
        raise ParseError(path, line, 'syntax error: unescaped " inside a string')
    return no_eot(value, path, line)


def unescape(match: re.Match[str]) -> str | None:
    """The character an ESCAPE_SEQUENCE match stands for; None for an invalid escape."""
    simple, octal, hexa, _bad = match.groups()
    if simple is not None:
        return UNESCAPE[simple]
    if octal is not None:
        return chr(int(octal, 8))
    if hexa is not None:
        return chr(int(hexa, 16))
    return None


def no_eot(value: str, path: Path, line: int) -> str:
    """msgfmt refuses U+0004 in any string: MO files use it to separate msgctxt from msgid."""
    if "\x04" in value:
        raise ParseError(path, line, "context separator <EOT> (U+0004) within string")
    return value


def comment_text(text: str) -> str:
    """A comment's text without the one space after the marker (and without the
    space the writer puts after a final backslash, see ``writer._comment_lines``)."""
    text = text.rstrip("\r")
    text = text[1:] if text.startswith(" ") else text
    return text[:-1] if text.endswith(" ") and text.rstrip(" ").endswith("\\") else text
