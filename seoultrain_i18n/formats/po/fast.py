"""The one-pass PO reader: files in the usual shape (what our writer, msgcat and
msgmerge write) read with one regular expression per entry.

``read_simple(text, path)`` gives the messages and the header entry exactly
as the strict reader (``reader``) would, or None as soon as the text holds
something it does not read itself: a line with other whitespace, a CR, a
blank line inside an entry, a NUL or EOT (even escaped), a duplicate,
a second header, anything the strict reader might refuse. The caller then
reads the text strictly, which reports errors with their line. So this
reader never judges an error and never gives another catalog than the
strict one (tests compare both on every PO file of the repository and of
the corpus, and on generated catalogs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.po.syntax import comment_text, unquote
from seoultrain_i18n.model import Message

_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_LINES = rf"{_STRING}(?:\n(?P=obsolete){_STRING})*"  # a string and its continuation lines
_ENTRY = re.compile(
    r"(?P<blank>\n*)"
    r"(?P<comments>(?:#(?!~ )[^\n]*\n)*)"
    r"(?P<obsolete>(?:#~ )?)"
    rf"(?:msgctxt (?P<context>{_LINES})\n(?P=obsolete))?"
    rf"msgid (?P<source>{_LINES})\n"
    rf"(?:(?P=obsolete)msgid_plural (?P<plural>{_LINES})\n"
    rf"(?P<forms>(?:(?P=obsolete)msgstr\[[0-9]+\] {_LINES}\n)+)"
    rf"|(?P=obsolete)msgstr (?P<translation>{_LINES})\n)"
)
_FORM = re.compile(rf"(?:#~ )?msgstr\[([0-9]+)\] ({_STRING}(?:\n(?:#~ )?{_STRING})*)\n")
_END = re.compile(r"\n*\Z")
_PREVIOUS_KEYWORDS = ("msgctxt", "msgid", "msgid_plural")


class _NotSimple(Exception):
    """Something only the strict reader may judge."""


@dataclass(slots=True)
class SimpleHeader:
    """The header entry: its msgstr, the line of its msgid and its comments."""

    translation: str
    line: int
    comments: list[str]
    flags: list[str]
    notes: list[str]
    references: list[str]


def read_simple(text: str, path: Path) -> tuple[list[Message], SimpleHeader | None] | None:
    """The messages and header the strict reader reads from ``text``, or None."""
    if "\r" in text or "\0" in text or "\x04" in text:
        return None
    if not text.endswith("\n"):
        text += "\n"  # the strict reader reads a last line without its newline alike
    try:
        return _read(text, path)
    except (_NotSimple, ParseError):
        return None


def _read(text: str, path: Path) -> tuple[list[Message], SimpleHeader | None]:
    messages: list[Message] = []
    header: SimpleHeader | None = None
    live_keys: set[tuple[str | None, str]] = set()
    obsolete_keys: set[tuple[str | None, str]] = set()
    count_lines = text.count
    position, line = 0, 1
    for match in _ENTRY.finditer(text):
        start, end = match.span()
        if start != position:
            raise _NotSimple  # a line this reader does not read
        position = end
        blank, block, prefix, context_text, source_text, plural_text, forms, single = match.groups()
        number = line + len(blank)  # the msgid's line
        line += count_lines("\n", start, end)
        obsolete = prefix != ""
        if block:
            number += block.count("\n")
            comments, notes, references, flags, previous = _comments(block, obsolete, path)
            previous_context = previous.get("msgctxt")
            previous_source = previous.get("msgid")
            previous_plural = previous.get("msgid_plural")
        else:
            comments, notes, references, flags = [], [], [], []
            previous_context = previous_source = previous_plural = None
        if context_text is None:
            context = None
        else:
            number += context_text.count("\n") + 1
            context = _value(context_text, path, number)
        source = (
            source_text[1:-1]  # most strings: one line, no escape
            if "\\" not in source_text and "\n" not in source_text
            else _value(source_text, path, number)
        )
        if source == "" and context is None and not obsolete:
            if header is not None or single is None:
                raise _NotSimple  # a second header, or a plural one
            header = SimpleHeader(
                _value(single, path, number), number, comments, flags, notes, references
            )
            continue
        keys = obsolete_keys if obsolete else live_keys
        key = (context, source)
        if key in keys:
            raise _NotSimple  # a duplicate: the strict reader names both lines
        keys.add(key)
        if forms is None:
            plurals: list[str] = []
            translation = (
                single[1:-1]
                if "\\" not in single and "\n" not in single
                else _value(single, path, number)
            )
            plural = None
        else:
            plurals = _forms(forms, path, number)
            translation = plurals[0]
            plural = _value(plural_text, path, number)
        messages.append(
            Message(
                source,
                translation,
                context,
                plural,
                plurals,
                references,
                notes,
                comments,
                flags,
                previous_context,
                previous_source,
                previous_plural,
                obsolete,
                number,
            )
        )
    if _END.match(text, position) is None:
        raise _NotSimple  # a line this reader does not read
    return messages, header


def _value(lines: str, path: Path, number: int) -> str:
    """The value of a string and its continuation lines (as the strict reader
    joins them: each line unescaped on its own)."""
    if "\\" not in lines:
        if "\n" not in lines:
            return lines[1:-1]
        return "".join(piece.removeprefix("#~ ")[1:-1] for piece in lines.split("\n"))
    value = "".join(unquote(piece.removeprefix("#~ "), path, number) for piece in lines.split("\n"))
    if "\0" in value or "\x04" in value:
        raise _NotSimple  # an escaped NUL or EOT: the strict reader names the entry
    return value


def _forms(forms: str, path: Path, number: int) -> list[str]:
    values = []
    for index, found in enumerate(_FORM.finditer(forms)):
        if int(found.group(1)) != index:
            raise _NotSimple  # forms out of order
        values.append(_value(found.group(2), path, number))
    return values


def _comments(
    block: str, obsolete: bool, path: Path
) -> tuple[list[str], list[str], list[str], list[str], dict[str, str]]:
    """Translator comments, notes, references, flags and previous strings, as
    the strict reader reads each kind of comment line."""
    comments: list[str] = []
    notes: list[str] = []
    references: list[str] = []
    flags: list[str] = []
    previous: dict[str, str] = {}
    if not block:
        return comments, notes, references, flags, previous
    current = None  # the previous string a "#| "..."" line continues
    for text in block[:-1].split("\n"):
        second = text[1:2]
        if second == ":":
            references.extend(text[2:].split())
        elif second == ".":
            notes.append(comment_text(text[2:]))
        elif second == ",":
            flags.extend(flag.strip() for flag in text[2:].split(",") if flag.strip())
        elif second == "|" or text.startswith("#~|"):
            if second == "~" and not obsolete:
                raise _NotSimple  # an obsolete previous string on a live entry
            rest = (text[3:] if second == "~" else text[2:]).strip()
            if rest.startswith('"'):
                if current is None:
                    raise _NotSimple
                previous[current] += unquote(rest, path, 0)
                continue
            parts = rest.split(None, 1)
            if not parts:
                continue  # an empty "#|" line, which the strict reader skips too
            if parts[0] not in _PREVIOUS_KEYWORDS:
                raise _NotSimple
            current = parts[0]
            previous[current] = unquote(parts[1].strip() if len(parts) > 1 else "", path, 0)
        elif second == "~":
            raise _NotSimple  # "#~" lines the pattern did not take as an obsolete entry's
        else:
            comments.append(comment_text(text[1:]))
    return comments, notes, references, flags, previous
