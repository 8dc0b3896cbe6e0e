"""The strict PO/POT reader: what msgfmt refuses is a ``ParseError(path, line, detail)``.

Syntax errors, duplicate messages, plural counts that contradict Plural-Forms,
invalid headers and a UTF-8 byte order mark are refused; files in another
charset are decoded and become UTF-8 catalogs. Parsed catalogs are kept by
content, and each caller gets its own copy. Files in the usual shape are read
by the one-pass path (``fast``), which gives the same catalog or hands the
text back to the line-by-line parser here.
"""

from __future__ import annotations

import codecs
import re
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.plural import PluralFormsError, is_placeholder, parse_plural_forms
from seoultrain_i18n.formats.po.fast import SimpleHeader, read_simple
from seoultrain_i18n.formats.po.syntax import MAY_HOLD_CONTROLS, comment_text, unquote
from seoultrain_i18n.fsutil import inside, read_bytes
from seoultrain_i18n.model import Catalog, Message

_CHARSET = re.compile(rb'"Content-Type:[^"\n]*?charset=([^\s\\"]*)', re.IGNORECASE)
_PLURAL_INDEX = re.compile(r"msgstr\[(\d+)\]$")
_UTF8_NAMES = {"utf-8", "utf8", "charset", "ascii", "us-ascii"}


def read_po(
    path: str | Path, *, domain: str | None = None, locale: str | None = None, keep: bool = True
) -> Catalog:
    """Read a PO or POT file strictly; ParseError on anything msgfmt would refuse.

    A build reads the same catalog in several stages (tracks, checks, report):
    parsed catalogs are kept, keyed by the file's bytes, and each caller gets
    its own copy, so a cached catalog can never be stale or shared. With
    ``keep=False`` (a caller that reads the file once) a catalog not already
    kept is parsed and returned as is: no copy (a third of a parse) to keep.
    """
    target = Path(path)
    try:
        data = read_bytes(target)
    except OSError as error:
        raise ParseError(target, None, f"cannot read: {error.strerror}") from None
    if not keep and not _PARSED:  # nothing kept to find: no digest (nor hashlib's import)
        return parse_po(data, target, domain=domain, locale=locale)
    import hashlib

    key = (hashlib.blake2b(data, digest_size=16).digest(), str(target), domain, locale)
    cached = _PARSED.get(key)
    if cached is None and not keep:
        return parse_po(data, target, domain=domain, locale=locale)
    if cached is None:
        cached = parse_po(data, target, domain=domain, locale=locale)
        _remember(key, cached)
    else:
        _PARSED.move_to_end(key)
    return copy_catalog(cached)


_PARSED: OrderedDict[tuple[bytes, str, str | None, str | None], Catalog] = OrderedDict()
_PARSED_LIMIT = 1_500_000  # messages kept at most (about 1 KB each)


def forget_parsed() -> None:
    """Drop every kept catalog (a worker process does between jobs: its memory stays small)."""
    _PARSED.clear()


@contextmanager
def parsed_limit(messages: int) -> Iterator[None]:
    """Keep at most ``messages`` parsed messages inside the ``with`` block.

    A build that goes through a whole catalogue step by step gains nothing
    from keeping it (a copy costs about as much as a parse) and forks
    workers, which start as large as the process they are forked from.
    """
    global _PARSED_LIMIT
    outer = _PARSED_LIMIT
    _PARSED_LIMIT = min(outer, messages)
    _trim()
    try:
        yield
    finally:
        _PARSED_LIMIT = outer


def _remember(key: tuple[bytes, str, str | None, str | None], catalog: Catalog) -> None:
    _PARSED[key] = catalog
    _trim()


def _trim() -> None:
    kept = sum(len(item.messages) for item in _PARSED.values())
    while kept > _PARSED_LIMIT and len(_PARSED) > 1:
        _, dropped = _PARSED.popitem(last=False)
        kept -= len(dropped.messages)


def copy_catalog(catalog: Catalog) -> Catalog:
    """A deep copy of a catalog (much faster than ``copy.deepcopy``)."""
    return Catalog(
        domain=catalog.domain,
        locale=catalog.locale,
        header=list(catalog.header),
        header_comments=list(catalog.header_comments),
        header_flags=list(catalog.header_flags),
        header_notes=list(catalog.header_notes),
        header_references=list(catalog.header_references),
        messages=[
            Message(
                m.source,
                m.translation,
                m.context,
                m.source_plural,
                list(m.plural_translations),
                list(m.references),
                list(m.notes),
                list(m.comments),
                list(m.flags),
                m.previous_context,
                m.previous_source,
                m.previous_source_plural,
                m.obsolete,
                m.line,
            )
            for m in catalog.messages
        ],
    )


HEADER_PEEK = 16384
_HEADER_END = re.compile(rb"\nmsgstr[^\n]*\n(?:[ \t]*\"[^\n]*\n)*")


def read_po_header(path: str | Path) -> list[tuple[str, str]]:
    """Only the header fields of a PO/POT file, as ``read_po`` gives them.

    Cheap for big templates: when the first entry of the first 16 KiB is a
    complete header (a whole line follows its last string), only that is
    parsed. Otherwise (long header comments, a header that is not the first
    entry) the file is read by the strict reader, so the answer is always
    the strict reader's.
    """
    target = Path(path)
    try:
        with inside(target).open("rb") as handle:
            head = handle.read(HEADER_PEEK)
    except OSError as error:
        raise ParseError(target, None, f"cannot read: {error.strerror}") from None
    whole = len(head) < HEADER_PEEK
    cut = _HEADER_END.search(head)
    if cut is None and whole:
        return []  # no entry at all
    # A string continued past the peek would match only in part: the cut counts
    # only when a complete line that is not a continuation follows it.
    if cut is not None and (whole or head.find(b"\n", cut.end()) >= 0):
        header = parse_po(head[: cut.end()], target).header
        if header:
            return list(header)
    return list(read_po(target, domain=target.stem).header)


def decode(data: bytes, path: Path) -> tuple[str, bool]:
    """The file's text and whether it was converted from another charset."""
    if data.startswith(codecs.BOM_UTF8):
        raise ParseError(path, 1, "starts with a UTF-8 byte order mark, which gettext rejects")
    # The whole file is searched: a header after long comments is still the header.
    match = _CHARSET.search(data)
    charset = match.group(1).decode("ascii", "replace") if match else "utf-8"
    if not charset:
        line = data.count(b"\n", 0, match.start()) + 1 if match else 1
        raise ParseError(path, line, "invalid header: Content-Type has an empty charset")
    if charset.lower() not in _UTF8_NAMES:
        try:
            # A text encoding that keeps ASCII as ASCII, like every gettext
            # charset (not base64, rot13, zlib, hex; not UTF-16).
            if b"msgid".decode(charset) != "msgid":
                raise LookupError(charset)
        except (LookupError, ValueError):  # ValueError: a NUL byte in the name
            line = data.count(b"\n", 0, match.start()) + 1 if match else 1
            raise ParseError(path, line, f"invalid header: unknown charset {charset!r}") from None
    else:
        charset = "utf-8"
    try:
        return data.decode(charset), charset != "utf-8"
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ParseError(path, line, f"invalid {charset} byte sequence") from None


class Entry:
    """What has been read of one entry so far."""

    __slots__ = (
        "comments",
        "current",
        "fields",
        "flags",
        "has_msgstr",
        "line",
        "notes",
        "obsolete",
        "plurals",
        "previous",
        "references",
    )

    def __init__(self) -> None:
        self.comments: list[str] = []
        self.notes: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.previous: dict[str, str] = {}
        self.fields: dict[str, str] = {}
        self.plurals: list[str] = []
        self.obsolete = False
        self.line = 0
        self.current: tuple[str, str] | None = None  # (table, key) a continuation extends
        self.has_msgstr = False


class _Parser:
    def __init__(self, text: str, path: Path) -> None:
        self.lines = text.split("\n")
        self.path = path
        self.messages: list[Message] = []
        self.header_entry: Entry | None = None
        self.header_line = 0
        self.live_keys: dict[tuple[str | None, str], int] = {}
        self.obsolete_keys: dict[tuple[str | None, str], int] = {}
        # Only a text holding NUL or EOT, or an escape that can make one
        # (octal \0 \00 \000 \4 \04 \004, hex \x..), can hold them in a string.
        self.has_controls = MAY_HOLD_CONTROLS.search(text) is not None

    def error(self, line: int, detail: str) -> ParseError:
        return ParseError(self.path, line, detail)

    def run(self) -> None:
        entry = Entry()
        for number, raw in enumerate(self.lines, 1):
            line = raw.strip()
            if not line:
                continue
            first = line[0]
            if first == '"':
                self._continue(entry, line, number)
                continue
            if first != "#":
                if entry.has_msgstr and not line.startswith("msgstr"):
                    entry = self._finish(entry)
                self._keyword(entry, line, number, obsolete=False)
                continue
            second = line[1:2]
            if second == "~":
                rest = line[2:].lstrip()
                if not rest:
                    continue
                if rest[0] == "|":
                    if entry.has_msgstr:
                        entry = self._finish(entry)
                    entry.obsolete = True
                    self._previous(entry, rest[1:].strip(), number)
                elif rest[0] == '"':
                    self._continue(entry, rest, number)
                else:
                    if entry.has_msgstr and not rest.startswith("msgstr"):
                        entry = self._finish(entry)
                    if entry.fields and not entry.obsolete:
                        raise self.error(number, "syntax error: obsolete line inside a live entry")
                    entry.obsolete = True
                    self._keyword(entry, rest, number, obsolete=True)
                continue
            if entry.has_msgstr or entry.fields:
                if entry.fields and not entry.has_msgstr:
                    raise self.error(
                        number, "syntax error: comment inside an entry (missing msgstr)"
                    )
                entry = self._finish(entry)
            text = raw.lstrip()
            if second == ".":
                entry.notes.append(comment_text(text[2:]))
            elif second == ":":
                entry.references.extend(text[2:].split())
            elif second == ",":
                entry.flags.extend(flag.strip() for flag in text[2:].split(",") if flag.strip())
            elif second == "|":
                self._previous(entry, line[2:].strip(), number)
            else:
                entry.comments.append(comment_text(text[1:].rstrip("\r")))
        if entry.fields or entry.previous:
            self._finish(entry)

    def _previous(self, entry: Entry, rest: str, number: int) -> None:
        if rest.startswith('"'):
            if entry.current is None or entry.current[0] != "previous":
                raise self.error(number, "syntax error: stray string in a #| comment")
            entry.previous[entry.current[1]] += unquote(rest, self.path, number)
            return
        parts = rest.split(None, 1)
        if not parts:
            return  # an empty "#|" line: msgfmt and msgcat ignore it too
        keyword, value = parts[0], parts[1] if len(parts) > 1 else ""
        if keyword not in ("msgctxt", "msgid", "msgid_plural"):
            raise self.error(number, f"syntax error: unknown keyword {keyword!r} in a #| comment")
        entry.previous[keyword] = unquote(value.strip(), self.path, number)
        entry.current = ("previous", keyword)

    def _continue(self, entry: Entry, line: str, number: int) -> None:
        if entry.current is None:
            raise self.error(number, "syntax error: string without a keyword")
        table, key = entry.current
        value = unquote(line, self.path, number)
        if table == "fields":
            entry.fields[key] += value
        elif table == "plurals":
            entry.plurals[int(key)] += value
        else:
            raise self.error(number, "syntax error: string continues a #| comment")

    def _keyword(self, entry: Entry, line: str, number: int, *, obsolete: bool) -> None:
        split = line.find('"')
        if split < 0:
            raise self.error(number, f"syntax error: {line.split()[0]!r} is not a PO keyword")
        keyword = line[:split].strip()
        value = unquote(line[split:].strip(), self.path, number)
        fields = entry.fields
        if keyword == "msgctxt":
            if fields:
                raise self.error(number, "syntax error: msgctxt after msgid")
            fields["msgctxt"] = value
        elif keyword == "msgid":
            if "msgid" in fields:
                raise self.error(number, "syntax error: second msgid without msgstr")
            fields["msgid"] = value
            entry.line = number
        elif keyword == "msgid_plural":
            if "msgid" not in fields or "msgid_plural" in fields or entry.has_msgstr:
                raise self.error(number, "syntax error: misplaced msgid_plural")
            fields["msgid_plural"] = value
        elif keyword == "msgstr":
            if "msgid" not in fields or entry.has_msgstr:
                raise self.error(number, "syntax error: msgstr without msgid")
            if "msgid_plural" in fields:
                raise self.error(number, "plural message needs msgstr[0], msgstr[1]…")
            fields["msgstr"] = value
            entry.has_msgstr = True
        else:
            match = _PLURAL_INDEX.match(keyword.replace(" ", ""))
            if match is None:
                raise self.error(number, f"syntax error: {keyword!r} is not a PO keyword")
            if "msgid_plural" not in fields:
                raise self.error(number, f"{keyword} in a message without msgid_plural")
            if int(match.group(1)) != len(entry.plurals):
                raise self.error(
                    number, f"{keyword} out of order (expected msgstr[{len(entry.plurals)}])"
                )
            entry.plurals.append(value)
            entry.has_msgstr = True
            entry.current = ("plurals", str(len(entry.plurals) - 1))
            return
        entry.current = ("fields", keyword)
        if obsolete != entry.obsolete:
            raise self.error(number, "syntax error: entry mixes obsolete and live lines")

    def _finish(self, entry: Entry) -> Entry:
        fields = entry.fields
        if not entry.has_msgstr:
            if "msgid" not in fields:
                raise self.error(entry.line or 1, "syntax error: #| comment without a message")
            raise self.error(entry.line, "syntax error: msgid without msgstr")
        context = fields.get("msgctxt")
        source = fields["msgid"]
        if self.has_controls:
            _check_controls(self, entry)
        if source == "" and context is None and not entry.obsolete:
            if self.header_entry is not None:
                raise self.error(
                    entry.line,
                    f"duplicate message definition (header already at line {self.header_line})",
                )
            self.header_entry = entry
            self.header_line = entry.line
            return Entry()
        keys = self.obsolete_keys if entry.obsolete else self.live_keys
        key = (context, source)
        if key in keys:
            raise self.error(
                entry.line, f"duplicate message definition (first at line {keys[key]})"
            )
        keys[key] = entry.line
        plural = fields.get("msgid_plural")
        previous = entry.previous
        # Positional (Message's field order): keywords cost a tenth of a read.
        self.messages.append(
            Message(
                source,
                fields["msgstr"] if plural is None else entry.plurals[0],
                context,
                plural,
                entry.plurals,
                entry.references,
                entry.notes,
                entry.comments,
                entry.flags,
                previous.get("msgctxt") if previous else None,
                previous.get("msgid") if previous else None,
                previous.get("msgid_plural") if previous else None,
                entry.obsolete,
                entry.line,
            )
        )
        return Entry()


def _check_controls(parser: _Parser, entry: Entry) -> None:
    """NUL ends a string in an MO file and EOT separates a context from its msgid:
    inside a string, either would corrupt the compiled catalog."""
    strings = [*entry.fields.items(), *(("msgstr[]", form) for form in entry.plurals)]
    for keyword, value in strings:
        if "\0" in value:
            raise parser.error(entry.line, f"{keyword.rstrip('[]')} contains a NUL character")
        if "\x04" in value:
            raise parser.error(entry.line, "context separator <EOT> within string")


def parse_header(entry: Entry, path: Path, converted: bool) -> list[tuple[str, str]]:
    header: list[tuple[str, str]] = []
    base_line = entry.line + 1
    for offset, line in enumerate(entry.fields["msgstr"].split("\n")):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip() or " " in name.strip():
            raise ParseError(
                path, base_line + offset, f"invalid header: line {line!r} is not 'Name: value'"
            )
        value = value[1:] if value.startswith(" ") else value
        if converted and name.strip().lower() == "content-type":
            value = re.sub(r"charset=\s*\S*", "charset=UTF-8", value, flags=re.IGNORECASE)
        header.append((name.strip(), value))
    return header


def plural_count(catalog: Catalog) -> int | None:
    """nplurals from the catalog's Plural-Forms, None when absent, invalid or a
    template placeholder."""
    value = catalog.get_header("Plural-Forms")
    if value is None or is_placeholder(value):
        return None
    try:
        return parse_plural_forms(value).count
    except PluralFormsError:
        return None


def _field_line(entry: Entry, name: str) -> int:
    """The line of a header field (one field per line, as every tool writes them)."""
    prefix = name.lower() + ":"
    for offset, line in enumerate(entry.fields["msgstr"].split("\n")):
        if line.lower().startswith(prefix):
            return entry.line + 2 + offset  # msgid "", msgstr "", then a field per line
    return entry.line


def check_plural_forms(catalog: Catalog, path: Path, line: int) -> None:
    """msgfmt -c's rules: a valid Plural-Forms (the gettext grammar), and every
    translated plural message with nplurals forms (an untranslated one, all
    forms empty, may have any number)."""
    value = catalog.get_header("Plural-Forms")
    if value is None or is_placeholder(value):
        return
    try:
        count = parse_plural_forms(value).count
    except PluralFormsError as error:
        raise ParseError(path, line, f"invalid header: {error}") from None
    for message in catalog.messages:
        if message.obsolete or message.source_plural is None:
            continue
        if len(message.plural_translations) != count and any(message.plural_translations):
            raise ParseError(
                path,
                message.line,
                f"plural message has {len(message.plural_translations)} "
                f"translations but Plural-Forms says nplurals={count}",
            )


def _header_entry(header: SimpleHeader | None) -> Entry | None:
    if header is None:
        return None
    entry = Entry()
    entry.fields = {"msgid": "", "msgstr": header.translation}
    entry.has_msgstr = True
    entry.line = header.line
    entry.comments = header.comments
    entry.flags = header.flags
    entry.notes = header.notes
    entry.references = header.references
    return entry


def parse_po(
    data: bytes, path: str | Path, *, domain: str | None = None, locale: str | None = None
) -> Catalog:
    """Parse PO bytes read from ``path`` (used in error messages)."""
    target = Path(path)
    text, converted = decode(data, target)
    simple = read_simple(text, target)
    if simple is None:  # not the usual shape: the strict parser reads it (and judges errors)
        parser = _Parser(text, target)
        parser.run()
        messages, header_entry = parser.messages, parser.header_entry
    else:
        messages, header_entry = simple[0], _header_entry(simple[1])
    catalog = Catalog(domain=domain or target.stem, locale=locale, messages=messages)
    if header_entry is not None:
        catalog.header = parse_header(header_entry, target, converted)
        catalog.header_comments = header_entry.comments
        catalog.header_flags = header_entry.flags
        catalog.header_notes = header_entry.notes
        catalog.header_references = header_entry.references
        check_plural_forms(catalog, target, _field_line(header_entry, "Plural-Forms"))
    return catalog
