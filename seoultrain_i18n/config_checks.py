"""Checks on configuration values, and where each key sits in pyproject.toml.

A check takes a value already of the right type and returns what is wrong
with it, or ``None``. ``key_lines`` maps every key path of a TOML text to the
line that defines it, so errors read ``pyproject.toml:LINE`` (``tomllib``
keeps no positions).
"""

from __future__ import annotations

import codecs
import difflib
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from seoultrain_i18n.errors import ConfigError

Check = Callable[[Any], str | None]

# A name that becomes a file or folder name: a template domain, a track.
IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def between(low: float, high: float) -> Check:
    def check(value: Any) -> str | None:
        if not low <= value <= high:
            return f"must be between {low:g} and {high:g}"
        return None

    return check


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        if value in choices:
            return None
        named = [choice for choice in choices if choice]
        close = difflib.get_close_matches(str(value), named, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return "must be one of " + ", ".join(repr(choice) for choice in named) + hint

    return check


def single_line() -> Check:
    def check(value: Any) -> str | None:
        if _CONTROL.search(value):
            return "must be one line without control characters"
        return None

    return check


def identifier() -> Check:
    def check(value: Any) -> str | None:
        if IDENTIFIER.fullmatch(value) is None:
            return (
                "must be a name of ASCII letters, digits, '-' and '_' "
                "(it becomes a file name inside the project)"
            )
        return None

    return check


def track_or_every() -> Check:
    """A track name, or ``*`` for every track."""
    name = identifier()

    def check(value: Any) -> str | None:
        return None if value == "*" else name(value)

    return check


def canonical_encoding(encoding: str) -> str:
    """The codec's canonical name; ValueError naming the problem if it is not a
    text encoding Python knows (base64, rot13, zlib are codecs, not encodings)."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"{encoding!r} is not a text encoding")
    return info.name.replace("_", "-")


def text_encoding() -> Check:
    """A text encoding Python knows (not base64, rot13, zlib …)."""

    def check(value: Any) -> str | None:
        try:
            canonical_encoding(value)
        except ValueError as error:
            return str(error)
        return None

    return check


def locale_id() -> Check:
    def check(value: Any) -> str | None:
        from seoultrain_i18n.locales import normalize

        try:
            normalize(value)
        except ConfigError as error:
            return str(error)
        return None

    return check


def http_url(*, allow_empty: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if allow_empty and value == "":
            return None
        if _CONTROL.search(value) or " " in value:
            return "must be an http(s) URL without spaces or control characters"
        try:
            parts = urlsplit(value)
        except ValueError as error:
            return f"not a URL: {error}"
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return "must be an http:// or https:// URL with a host"
        return None

    return check


# ------------------------------------------------------------------ positions

_PART = r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)"""
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"\s*\[\[?\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"\s*({_DOTTED})\s*=")
_ONE_PART = re.compile(_PART)


def _split(dotted: str) -> tuple[str, ...]:
    parts = []
    for match in _ONE_PART.finditer(dotted):
        text = match.group(0)
        if text[:1] in "\"'":
            text = text[1:-1]
        parts.append(text)
    return tuple(parts)


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Every key path (and table) of a TOML text → the first line defining it."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
            in_string = not in_string
            if not in_string:
                continue
        if in_string:
            continue
        header = _HEADER.match(line)
        if header:
            table = _split(header.group(1))
            for end in range(1, len(table) + 1):
                lines.setdefault(table[:end], number)
            continue
        key = _KEY.match(line)
        if key:
            path = (*table, *_split(key.group(1)))
            for end in range(len(table) + 1, len(path) + 1):
                lines.setdefault(path[:end], number)
    return lines
