"""PO/POT files ↔ ``Catalog``: a strict reader and a writer identical to GNU msgcat.

The reader refuses what msgfmt refuses (syntax errors, duplicate messages,
plural counts that contradict Plural-Forms, invalid headers, a UTF-8 byte
order mark) with ``ParseError(path, line, detail)``. Files in another charset
are decoded and become UTF-8 catalogs.

The writer prints what ``msgcat FILE`` prints for the same catalog: gettext's
comment order and flag order, 79-column wrapping of strings and ``#:``
references, and line breaks inside long CJK strings at the places
libunistring allows (see ``po_wrap``). So Poedit, Weblate and msgmerge see no
churn in our files.

polib is not used at run time: its reader accepts what msgfmt refuses, reports
errors without exact lines and is slower; its writer re-wraps lines that msgcat
keeps. The tests read everything we write with polib as a second opinion.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections import OrderedDict
from pathlib import Path

from seoultrain_i18n.errors import ParseError
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

_UNESCAPE = {
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
_ESCAPE = {value: "\\" + key for key, value in _UNESCAPE.items()}
_ESCAPE_BYTES = {value.encode(): text.encode() for value, text in _ESCAPE.items()}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\t\r\a\b\f\v]')
_NEEDS_ESCAPE_BYTES = re.compile(rb'[\\"\n\t\r\a\b\f\v]')
_ESCAPE_SEQUENCE = re.compile(r'\\(?:([ntrabfv\\"])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.?))')
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+?)\s*;?\s*$")
_CHARSET = re.compile(rb'"Content-Type:[^"\n]*?charset=([^\s\\"]*)', re.IGNORECASE)
_PLURAL_INDEX = re.compile(r"msgstr\[(\d+)\]$")
_SEGMENT = re.compile(r"[^\n]*\n|[^\n]+")
_UTF8_NAMES = {"utf-8", "utf8", "charset", "ascii", "us-ascii"}


# ---------------------------------------------------------------- reading


def read_po(path: str | Path, *, domain: str | None = None, locale: str | None = None) -> Catalog:
    """Read a PO or POT file strictly; ParseError on anything msgfmt would refuse.

    A build reads the same catalog in several stages (tracks, checks, report):
    parsed catalogs are kept, keyed by the file's bytes, and each caller gets
    its own copy, so a cached catalog can never be stale or shared.
    """
    target = Path(path)
    try:
        data = target.read_bytes()
    except OSError as error:
        raise ParseError(target, None, f"cannot read: {error.strerror}") from None
    key = (hashlib.blake2b(data, digest_size=16).digest(), str(target), domain, locale)
    cached = _PARSED.get(key)
    if cached is None:
        cached = parse_po(data, target, domain=domain, locale=locale)
        _remember(key, cached)
    else:
        _PARSED.move_to_end(key)
    return copy_catalog(cached)


_PARSED: OrderedDict[tuple[bytes, str, str | None, str | None], Catalog] = OrderedDict()
_PARSED_LIMIT = 1_500_000  # messages kept at most (about 1 KB each)


def _remember(key: tuple[bytes, str, str | None, str | None], catalog: Catalog) -> None:
    _PARSED[key] = catalog
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


def read_po_header(path: str | Path) -> list[tuple[str, str]]:
    """Only the header fields of a PO/POT file (cheap for big templates)."""
    target = Path(path)
    try:
        with target.open("rb") as handle:
            head = handle.read(16384)
    except OSError as error:
        raise ParseError(target, None, f"cannot read: {error.strerror}") from None
    # Cut after the header entry: the first blank line after the first msgstr.
    cut = re.search(rb"\nmsgstr[^\n]*\n(?:[ \t]*\"[^\n]*\n)*", head)
    if cut is None:
        return []
    catalog = parse_po(head[: cut.end()], target)
    return list(catalog.header)


def _decode(data: bytes, path: Path) -> tuple[str, bool]:
    """The file's text and whether it was converted from another charset."""
    if data.startswith(codecs.BOM_UTF8):
        raise ParseError(path, 1, "starts with a UTF-8 byte order mark, which gettext rejects")
    match = _CHARSET.search(data, 0, 65536)
    charset = match.group(1).decode("ascii", "replace") if match else "utf-8"
    if not charset:
        line = data.count(b"\n", 0, match.start()) + 1 if match else 1
        raise ParseError(path, line, "invalid header: Content-Type has an empty charset")
    if charset.lower() not in _UTF8_NAMES:
        try:
            codecs.lookup(charset)
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


def _unquote(text: str, path: Path, line: int) -> str:
    """The value of a quoted PO string (``"..."`` with C escapes)."""
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ParseError(path, line, "syntax error: expected a string in double quotes")
    body = text[1:-1]
    if "\\" not in body:
        if '"' in body:
            raise ParseError(path, line, 'syntax error: unescaped " inside a string')
        return _no_eot(body, path, line)
    if len(body) - len(body.rstrip("\\")) & 1:
        raise ParseError(path, line, "syntax error: string ends with a lone backslash")

    def replace(match: re.Match[str]) -> str:
        simple, octal, hexa, bad = match.groups()
        if simple is not None:
            return _UNESCAPE[simple]
        if octal is not None:
            return chr(int(octal, 8))
        if hexa is not None:
            return chr(int(hexa, 16))
        raise ParseError(path, line, f"invalid escape sequence \\{bad}")

    value = _ESCAPE_SEQUENCE.sub(replace, body)
    if '"' in _ESCAPE_SEQUENCE.sub("", body):
        raise ParseError(path, line, 'syntax error: unescaped " inside a string')
    return _no_eot(value, path, line)


def _no_eot(value: str, path: Path, line: int) -> str:
    """msgfmt refuses U+0004 in any string: MO files use it to separate msgctxt from msgid."""
    if "\x04" in value:
        raise ParseError(path, line, "context separator <EOT> (U+0004) within string")
    return value


class _Entry:
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

    def empty(self) -> bool:
        return not (
            self.fields
            or self.previous
            or self.comments
            or self.notes
            or self.references
            or self.flags
        )


class _Parser:
    def __init__(self, text: str, path: Path) -> None:
        self.lines = text.split("\n")
        self.path = path
        self.messages: list[Message] = []
        self.header_entry: _Entry | None = None
        self.header_line = 0
        self.live_keys: dict[tuple[str | None, str], int] = {}
        self.obsolete_keys: dict[tuple[str | None, str], int] = {}

    def error(self, line: int, detail: str) -> ParseError:
        return ParseError(self.path, line, detail)

    def run(self) -> None:
        entry = _Entry()
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
                entry.notes.append(_comment_text(text[2:]))
            elif second == ":":
                entry.references.extend(text[2:].split())
            elif second == ",":
                entry.flags.extend(flag.strip() for flag in text[2:].split(",") if flag.strip())
            elif second == "|":
                self._previous(entry, line[2:].strip(), number)
            else:
                entry.comments.append(_comment_text(text[1:].rstrip("\r")))
        if entry.fields or entry.previous:
            self._finish(entry)

    def _previous(self, entry: _Entry, rest: str, number: int) -> None:
        if rest.startswith('"'):
            if entry.current is None or entry.current[0] != "previous":
                raise self.error(number, "syntax error: stray string in a #| comment")
            entry.previous[entry.current[1]] += _unquote(rest, self.path, number)
            return
        parts = rest.split(None, 1)
        if not parts:
            return  # an empty "#|" line: msgfmt and msgcat ignore it too
        keyword, value = parts[0], parts[1] if len(parts) > 1 else ""
        if keyword not in ("msgctxt", "msgid", "msgid_plural"):
            raise self.error(number, f"syntax error: unknown keyword {keyword!r} in a #| comment")
        entry.previous[keyword] = _unquote(value.strip(), self.path, number)
        entry.current = ("previous", keyword)

    def _continue(self, entry: _Entry, line: str, number: int) -> None:
        if entry.current is None:
            raise self.error(number, "syntax error: string without a keyword")
        table, key = entry.current
        value = _unquote(line, self.path, number)
        if table == "fields":
            entry.fields[key] += value
        elif table == "plurals":
            entry.plurals[int(key)] += value
        else:
            raise self.error(number, "syntax error: string continues a #| comment")

    def _keyword(self, entry: _Entry, line: str, number: int, *, obsolete: bool) -> None:
        split = line.find('"')
        if split < 0:
            raise self.error(number, f"syntax error: {line.split()[0]!r} is not a PO keyword")
        keyword = line[:split].strip()
        value = _unquote(line[split:].strip(), self.path, number)
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

    def _finish(self, entry: _Entry) -> _Entry:
        fields = entry.fields
        if not entry.has_msgstr:
            if "msgid" not in fields:
                raise self.error(entry.line or 1, "syntax error: #| comment without a message")
            raise self.error(entry.line, "syntax error: msgid without msgstr")
        context = fields.get("msgctxt")
        source = fields["msgid"]
        if source == "" and context is None and not entry.obsolete:
            if self.header_entry is not None:
                raise self.error(
                    entry.line,
                    f"duplicate message definition (header already at line {self.header_line})",
                )
            self.header_entry = entry
            self.header_line = entry.line
            return _Entry()
        keys = self.obsolete_keys if entry.obsolete else self.live_keys
        key = (context, source)
        if key in keys:
            raise self.error(
                entry.line, f"duplicate message definition (first at line {keys[key]})"
            )
        keys[key] = entry.line
        plural = fields.get("msgid_plural")
        self.messages.append(
            Message(
                source=source,
                translation=fields["msgstr"] if plural is None else entry.plurals[0],
                context=context,
                source_plural=plural,
                plural_translations=entry.plurals,
                references=entry.references,
                notes=entry.notes,
                comments=entry.comments,
                flags=entry.flags,
                previous_context=entry.previous.get("msgctxt"),
                previous_source=entry.previous.get("msgid"),
                previous_source_plural=entry.previous.get("msgid_plural"),
                obsolete=entry.obsolete,
                line=entry.line,
            )
        )
        return _Entry()


def _comment_text(text: str) -> str:
    """A comment's text without the one space after the marker (and without the
    space the writer puts after a final backslash, see ``_comment_lines``)."""
    text = text.rstrip("\r")
    text = text[1:] if text.startswith(" ") else text
    return text[:-1] if text.endswith(" ") and text.rstrip(" ").endswith("\\") else text


def _parse_header(entry: _Entry, path: Path, converted: bool) -> list[tuple[str, str]]:
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
    """nplurals from the catalog's Plural-Forms, None when absent or a template placeholder."""
    value = catalog.get_header("Plural-Forms")
    if value is None:
        return None
    match = _PLURAL_FORMS.match(value)
    return int(match.group(1)) if match else None


def _check_plural_forms(catalog: Catalog, path: Path, line: int) -> None:
    value = catalog.get_header("Plural-Forms")
    if value is None or "INTEGER" in value:
        return
    match = _PLURAL_FORMS.match(value)
    if match is None or int(match.group(1)) < 1:
        raise ParseError(
            path,
            line,
            f"invalid header: Plural-Forms {value!r} is not 'nplurals=N; plural=EXPRESSION;'",
        )
    count = int(match.group(1))
    for message in catalog.messages:
        if message.obsolete or message.source_plural is None:
            continue
        if len(message.plural_translations) != count:
            raise ParseError(
                path,
                message.line,
                f"plural message has {len(message.plural_translations)} "
                f"translations but Plural-Forms says nplurals={count}",
            )


def parse_po(
    data: bytes, path: str | Path, *, domain: str | None = None, locale: str | None = None
) -> Catalog:
    """Parse PO bytes read from ``path`` (used in error messages)."""
    target = Path(path)
    text, converted = _decode(data, target)
    parser = _Parser(text, target)
    parser.run()
    catalog = Catalog(domain=domain or target.stem, locale=locale, messages=parser.messages)
    header_entry = parser.header_entry
    if header_entry is not None:
        catalog.header = _parse_header(header_entry, target, converted)
        catalog.header_comments = header_entry.comments
        catalog.header_flags = header_entry.flags
        catalog.header_notes = header_entry.notes
        catalog.header_references = header_entry.references
        _check_plural_forms(catalog, target, header_entry.line)
    return catalog


# ---------------------------------------------------------------- fast reading for compile

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
        return _ESCAPE_SEQUENCE.sub(_fast_escape, value)
    except KeyError:
        raise _NotFast from None


def _fast_escape(match: re.Match[str]) -> str:
    simple, octal, hexa, _bad = match.groups()
    if simple is not None:
        return _UNESCAPE[simple]
    if octal is not None:
        return chr(int(octal, 8))
    if hexa is not None:
        return chr(int(hexa, 16))
    raise KeyError


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
        data = target.read_bytes()
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
    text, converted = _decode(data, path)
    if "\r" in text:
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
        entry = _Entry()
        entry.fields["msgstr"] = header[0]
        try:
            catalog.header = _parse_header(entry, path, converted)
        except ParseError:
            raise _NotFast from None
        catalog.header_flags = [FUZZY] if header[1] else []
    count = plural_count(catalog)
    if count is not None and any(
        len(entry[3]) != count for entry in entries if entry[2] is not None
    ):
        raise _NotFast
    return catalog, entries


# ---------------------------------------------------------------- writing


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
    if "\n" not in value[:-1] and _NEEDS_ESCAPE.search(value) is None:
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
    _comment_lines(out, "#", message.comments)
    _comment_lines(out, "#.", message.notes)
    if message.references:
        _references(out, message.references)
    flags = canonical_flags(message.flags)
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


def write_mo(path: str | Path, catalog: Catalog, *, use_fuzzy: bool = False) -> None:
    """Compile the catalog to an MO file (see ``formats.mo``)."""
    from seoultrain_i18n.formats.mo import write_mo as write_mo_file

    write_mo_file(path, catalog, use_fuzzy=use_fuzzy)
