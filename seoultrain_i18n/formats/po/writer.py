"""The PO writer: prints what ``msgcat FILE`` prints for the same catalog.

gettext's comment order and flag order, 79-column wrapping of strings and
``#:`` references, and line breaks inside long CJK strings at the places
libunistring allows (see ``po_wrap``). So Poedit, Weblate and msgmerge see no
churn in our files.
"""

from __future__ import annotations

import re
from pathlib import Path

from seoultrain_i18n.formats.po.syntax import UNESCAPE
from seoultrain_i18n.formats.po_wrap import BREAK_PROHIBITED, break_positions
from seoultrain_i18n.fsutil import atomic_write_bytes
from seoultrain_i18n.model import FUZZY, Catalog, Message

PAGE_WIDTH = 79

# gettext 0.21's format languages, in the order msgcat prints their flags.
FORMAT_LANGUAGES = (
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "java-printf",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
)
_FORMAT_RANK = {name: rank for rank, name in enumerate(FORMAT_LANGUAGES)}

_ESCAPE = {value: "\\" + key for key, value in UNESCAPE.items()}
_ESCAPE_BYTES = {value.encode(): text.encode() for value, text in _ESCAPE.items()}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\t\r\a\b\f\v]')
_NEEDS_ESCAPE_BYTES = re.compile(rb'[\\"\n\t\r\a\b\f\v]')
_SEGMENT = re.compile(r"[^\n]*\n|[^\n]+")


def canonical_flags(flags: list[str]) -> list[str]:
    """Flags in msgcat's order: fuzzy, format flags by language, range, no-wrap, others."""
    fuzzy = False
    formats: dict[str, str] = {}
    range_flag = None
    no_wrap = False
    others: list[str] = []
    for flag in flags:
        if flag == FUZZY:
            fuzzy = True
        elif flag.endswith("-format"):
            base, state = flag[: -len("-format")], "yes"
            for prefix in ("no-", "possible-", "impossible-"):
                if base.startswith(prefix) and base[len(prefix) :] in _FORMAT_RANK:
                    base, state = base[len(prefix) :], prefix[:-1]
            if base in _FORMAT_RANK:
                formats[base] = state
            elif flag not in others:
                others.append(flag)
        elif flag.startswith("range:"):
            range_flag = "range: " + flag[len("range:") :].strip()
        elif flag in ("wrap", "no-wrap"):
            no_wrap = flag == "no-wrap"
        elif flag not in others:
            others.append(flag)
    result = [FUZZY] if fuzzy else []
    for base in sorted(formats, key=_FORMAT_RANK.__getitem__):
        state = formats[base]
        if state == "no":
            result.append(f"no-{base}-format")
        elif state != "impossible":
            result.append(f"{base}-format")
    if range_flag:
        result.append(range_flag)
    if no_wrap:
        result.append("no-wrap")
    return result + others


def _escape(segment: str) -> tuple[bytes, bytearray]:
    """gettext's portable form of a segment (UTF-8) and per-byte break overrides.

    A line is never broken inside an escape sequence, nor before the ``\\n``
    that ends a segment.
    """
    portable = segment.encode("utf-8")
    if _NEEDS_ESCAPE.search(segment) is None:
        return portable, bytearray(len(portable))
    portable = _NEEDS_ESCAPE_BYTES.sub(_escape_match, portable)
    overrides = bytearray(len(portable))
    offset = portable.find(b"\\")
    while offset >= 0:
        overrides[offset + 1] = BREAK_PROHIBITED
        offset = portable.find(b"\\", offset + 2)
    if segment.endswith("\n"):
        overrides[len(portable) - 2] = BREAK_PROHIBITED
    return portable, overrides


def _escape_match(match: re.Match[bytes]) -> bytes:
    return _ESCAPE_BYTES[match.group()]


def _wrap(out: list[str], prefix: str, name: str, value: str, wrap: bool) -> None:
    """Append the lines of ``name "value"`` exactly as gettext's write-po wraps them."""
    if not value:
        out.append(f'{prefix}{name} ""')
        return
    if _NEEDS_ESCAPE.search(value) is None:  # (so no line break either)
        # Fast path: a one-line string that fits even if every character were wide.
        bound = len(value) if value.isascii() else 2 * len(value)
        if len(prefix) + len(name) + 3 + bound <= PAGE_WIDTH or not wrap:
            out.append(f'{prefix}{name} "{value}"')
            return
    segments = _SEGMENT.findall(value)
    after_break = len(prefix) + 1
    width = (PAGE_WIDTH if wrap else 1 << 30) - 1 - after_break
    first = True
    for position, segment in enumerate(segments):
        portable, overrides = _escape(segment)
        start = len(name) + 1 if first else 0
        breaks = _breaks(portable, overrides, width, start)
        if first and (position + 1 < len(segments) or start > width or breaks):
            out.append(f'{prefix}{name} ""')
            first = False
            start = 0
            breaks = _breaks(portable, overrides, width, start)
        lead = f'{prefix}{name} "' if first else f'{prefix}"'
        cuts = [0, *breaks, len(portable)]
        for index in range(len(cuts) - 1):
            piece = portable[cuts[index] : cuts[index + 1]].decode("utf-8")
            out.append(f'{lead}{piece}"')
            lead = f'{prefix}"'
        first = False


def _breaks(portable: bytes, overrides: bytearray, width: int, start: int) -> list[int]:
    # Every character takes at least as many UTF-8 bytes as columns.
    if start + len(portable) <= width:
        return []
    return break_positions(portable, overrides, width, start)


def _references(out: list[str], references: list[str]) -> None:
    line = "#:"
    column = 2
    for reference in dict.fromkeys(references):
        while reference.startswith("./"):
            reference = reference[2:]
        size = len(reference.encode("utf-8")) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            out.append(line)
            line = "#:"
            column = 2
        line += " " + reference
        column += size
    out.append(line)


def _comment_lines(out: list[str], marker: str, texts: list[str]) -> None:
    for text in texts:
        for part in text.split("\n"):
            if part.rstrip(" ").endswith("\\"):
                # gettext joins a line ending in a backslash to the next one (even a
                # comment), which would swallow the msgid below: end it with a space
                # (one more after backslash + spaces, so the reader can undo it exactly).
                part += " "
            out.append(f"{marker} {part}" if part else marker)


def _message_lines(message: Message) -> list[str]:
    out: list[str] = []
    # (Each kind of line only when there is one: most messages have few.)
    if message.comments:
        _comment_lines(out, "#", message.comments)
    if message.notes:
        _comment_lines(out, "#.", message.notes)
    if message.references:
        _references(out, message.references)
    flags = canonical_flags(message.flags) if message.flags else []
    if flags:
        out.append("#, " + ", ".join(flags))
    wrap = "no-wrap" not in flags
    previous = "#~| " if message.obsolete else "#| "
    if message.previous_context is not None:
        _wrap(out, previous, "msgctxt", message.previous_context, wrap)
    if message.previous_source is not None:
        _wrap(out, previous, "msgid", message.previous_source, wrap)
    if message.previous_source_plural is not None:
        _wrap(out, previous, "msgid_plural", message.previous_source_plural, wrap)
    prefix = "#~ " if message.obsolete else ""
    if message.context is not None:
        _wrap(out, prefix, "msgctxt", message.context, wrap)
    _wrap(out, prefix, "msgid", message.source, wrap)
    if message.source_plural is None:
        _wrap(out, prefix, "msgstr", message.translation, wrap)
    else:
        _wrap(out, prefix, "msgid_plural", message.source_plural, wrap)
        forms = message.plural_translations or [message.translation, ""]
        for index, form in enumerate(forms):
            _wrap(out, prefix, f"msgstr[{index}]", form, wrap)
    return out


def _header_lines(catalog: Catalog) -> list[str]:
    """The header entry: written like any message whose msgid is empty."""
    value = "".join(f"{name}: {text}\n" for name, text in catalog.header)
    header = Message(
        "",
        value,
        comments=catalog.header_comments,
        notes=catalog.header_notes,
        references=catalog.header_references,
        flags=catalog.header_flags,
    )
    return _message_lines(header)


def generate_po(catalog: Catalog) -> str:
    """The catalog as PO text, byte-identical to what ``msgcat`` prints for it.

    Live messages come first in catalog order, obsolete ones at the end (as
    msgcat prints them).
    """
    blocks: list[str] = []
    if catalog.header or catalog.header_comments or catalog.header_flags or catalog.header_notes:
        blocks.append("\n".join(_header_lines(catalog)))
    live = [message for message in catalog.messages if not message.obsolete]
    obsolete = [message for message in catalog.messages if message.obsolete]
    for message in live + obsolete:
        blocks.append("\n".join(_message_lines(message)))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def write_po(path: str | Path, catalog: Catalog) -> None:
    """Write the catalog atomically as UTF-8 PO text."""
    atomic_write_bytes(path, generate_po(catalog).encode("utf-8"))
