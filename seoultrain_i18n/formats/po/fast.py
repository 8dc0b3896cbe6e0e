"""The fast PO reader for ``compile``: live messages in one regular-expression pass.

Files our writer (or msgcat) wrote are read in one pass; anything else, and
every error, goes through the strict reader (``reader``), so errors are its
``path:line: problem``.
"""

from __future__ import annotations

import re
from pathlib import Path

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.po.reader import (
    ESCAPE_SEQUENCE,
    Entry,
    check_plural_forms,
    decode,
    parse_header,
    parse_po,
    plural_count,
    unescape,
)
from seoultrain_i18n.fsutil import read_bytes
from seoultrain_i18n.model import FUZZY, Catalog

_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"(?:\n"[^"\\\n]*(?:\\.[^"\\\n]*)*")*'
_FAST_ENTRY = re.compile(
    rf"(?P<comments>(?:#[^\n]*\n|\n)*)"
    rf"(?:(?:msgctxt (?P<context>{_STRING})\n)?"
    rf"msgid (?P<source>{_STRING})\n"
    rf"(?:msgid_plural (?P<plural>{_STRING})\n)?"
    rf"(?:msgstr (?P<translation>{_STRING})\n|(?P<forms>(?:msgstr\[\d+\] {_STRING}\n)+))"
    rf"|\Z)"
)
_FORM = re.compile(rf"msgstr\[(\d+)\] ({_STRING})\n")
_FUZZY_FLAG = re.compile(r"^#,.*\bfuzzy\b", re.MULTILINE)


class _NotFast(Exception):
    """The fast reader met something only the strict reader can judge."""


def _fast_string(quoted: str) -> str:
    value = quoted[1:-1].replace('"\n"', "")
    if "\\" not in value:
        return value
    try:
        value = ESCAPE_SEQUENCE.sub(_fast_escape, value)
    except KeyError:
        raise _NotFast from None
    if "\0" in value or "\x04" in value:
        raise _NotFast  # the strict reader names the entry
    return value


def _fast_escape(match: re.Match[str]) -> str:
    value = unescape(match)
    if value is None:
        raise KeyError  # the strict reader names the bad escape
    return value


CompileEntry = tuple[str | None, str, str | None, tuple[str, ...], bool]
"""(context, msgid, msgid_plural, translations, fuzzy) of a live message."""


def read_po_fast(
    path: str | Path, *, domain: str | None = None, locale: str | None = None
) -> tuple[Catalog, list[CompileEntry]]:
    """The header (as an empty catalog) and live messages of a PO file, fast, for MO.

    Comments other than the fuzzy flag, references and obsolete entries are
    skipped. Files our writer (or msgcat) wrote are read in one regular-
    expression pass; anything else — and every error — goes through the
    strict reader, so errors are its ``path:line: problem``.
    """
    target = Path(path)
    try:
        data = read_bytes(target)
    except OSError as error:
        raise ParseError(target, None, f"cannot read: {error.strerror}") from None
    try:
        return _parse_fast(data, target, domain, locale)
    except _NotFast:
        catalog = parse_po(data, target, domain=domain, locale=locale)
    entries = [
        (
            m.context,
            m.source,
            m.source_plural,
            tuple(m.plural_translations) if m.source_plural is not None else (m.translation,),
            m.fuzzy,
        )
        for m in catalog.messages
        if not m.obsolete
    ]
    catalog.messages = []
    return catalog, entries


def _parse_fast(
    data: bytes, path: Path, domain: str | None, locale: str | None
) -> tuple[Catalog, list[CompileEntry]]:
    text, converted = decode(data, path)
    if "\r" in text or "\0" in text or "\x04" in text:
        raise _NotFast
    catalog = Catalog(domain=domain or path.stem, locale=locale)
    entries: list[CompileEntry] = []
    seen: set[tuple[str | None, str]] = set()
    header: tuple[str, bool] | None = None
    position, end = 0, len(text)
    match_entry = _FAST_ENTRY.match
    unquote = _fast_string
    while position < end:
        match = match_entry(text, position)
        if match is None or match.end() == position:
            raise _NotFast
        position = match.end()
        comments, context_text, source_text, plural_text, translation_text, forms_text = (
            match.groups()
        )
        if source_text is None:
            break  # only comments (obsolete entries) up to the end
        if "#~" in comments:
            raise _NotFast  # an obsolete entry before a live one: let the strict reader judge
        context = unquote(context_text) if context_text is not None else None
        source = unquote(source_text)
        key = (context, source)
        if key in seen:
            raise _NotFast
        seen.add(key)
        fuzzy = "fuzzy" in comments and _FUZZY_FLAG.search(comments) is not None
        if forms_text is None:
            if plural_text is not None:
                raise _NotFast
            if source == "" and context is None:
                if header is not None:
                    raise _NotFast
                header = (unquote(translation_text), fuzzy)
                continue
            entries.append((context, source, None, (unquote(translation_text),), fuzzy))
        else:
            if plural_text is None:
                raise _NotFast
            forms = _FORM.findall(forms_text)
            if [int(index) for index, _ in forms] != list(range(len(forms))):
                raise _NotFast
            translations = tuple(unquote(form) for _, form in forms)
            entries.append((context, source, unquote(plural_text), translations, fuzzy))
    if header is not None:
        entry = Entry()
        entry.fields["msgstr"] = header[0]
        try:
            catalog.header = parse_header(entry, path, converted)
        except ParseError:
            raise _NotFast from None
        catalog.header_flags = [FUZZY] if header[1] else []
        try:
            check_plural_forms(catalog, path, 1)
        except ParseError:
            raise _NotFast from None  # the strict reader names the header's line
    count = plural_count(catalog)
    if count is not None and any(
        len(entry[3]) != count and any(entry[3]) for entry in entries if entry[2] is not None
    ):
        raise _NotFast
    return catalog, entries
