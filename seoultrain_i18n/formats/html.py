"""HTML pages ↔ translatable segments, and segments back into pages.

``parse_page`` reads one page into a tree that keeps the source offset of
every token, and cuts it into ``Segment``s: the text units (block-level
elements such as ``p``, ``li``, ``h1``, ``td``, ``figcaption``, ``title``…,
with inline markup kept as bare tag names) and the translatable attributes
(``alt``, ``title``, ``aria-label``, ``placeholder``, meta description and
Open Graph text). ``render_page`` writes the page again with each segment
replaced by its translation; every byte outside a replaced segment is the
source's own.

This module knows HTML only, not catalogs: the caller maps a segment to a
translation through the ``lookup`` callable. The markup language of a
segment's text (which tags, how they are numbered, how ``&`` and ``<`` are
written) is described in docs/html-extraction.md.

The tokenizer follows the HTML standard's tokenization states for the parts
that matter here (tags, attributes, comments, raw text and RCDATA elements,
character references); tree construction applies the standard's implied end
tags (``p``, ``li``, ``dt``/``dd``, ``td``/``th``, ``tr``, ``option``…) and
void elements. Tree construction is simplified where the difference cannot
change which text belongs to which unit (no ``html``/``head``/``body``
synthesis, no foster parenting, no adoption agency).
"""

from __future__ import annotations

import bisect
import codecs
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from seoultrain_i18n.errors import ParseError

# --- element classes -------------------------------------------------------


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


VOID = _names(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param "
    "source track wbr"
)
RAW_TEXT = _names("script style xmp iframe noembed noframes")
RCDATA = _names("title textarea")
# Phrasing elements that stay inside their unit as markup.
INLINE = _names(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd mark nobr q rb rp "
    "rt rtc ruby s samp small span strike strong sub sup time tt u var"
)
# Inline elements without translatable text of their own: shown as ``<name/>``.
ATOMS = _names("br wbr img input embed svg math script style template")
# Elements whose content is never extracted (their attributes may be).
OPAQUE = _names("script style svg math template textarea") | RAW_TEXT
# Known non-inline elements: they end the unit before them and open their own.
BLOCK = _names(
    "address article aside audio blockquote body button canvas caption center col colgroup "
    "dd details dialog dir div dl dt fieldset figcaption figure footer form frameset h1 h2 h3 "
    "h4 h5 h6 head header hgroup hr html iframe label legend li link main map menu meta meter "
    "nav noscript object ol optgroup option output p picture pre progress search section "
    "select summary table tbody td textarea tfoot th thead title tr ul video"
)
CLOSES_P = _names(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search "
    "section summary table ul li dd dt listing plaintext xmp"
)
HEADINGS = _names("h1 h2 h3 h4 h5 h6")
_TABLE_PARTS = _names("thead tbody tfoot tr td th caption")
# Start tag → (elements it closes when one of them is open, boundaries of the search).
IMPLIED_BY: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (_names("li"), _names("ul ol menu table td th")),
    "dt": (_names("dt dd"), _names("dl table td th")),
    "dd": (_names("dt dd"), _names("dl table td th")),
    "option": (_names("option"), _names("select datalist optgroup")),
    "optgroup": (_names("option optgroup"), _names("select datalist")),
    "tr": (_names("tr td th"), _names("table thead tbody tfoot")),
    "td": (_names("td th"), _names("tr table")),
    "th": (_names("td th"), _names("tr table")),
    "thead": (_TABLE_PARTS, _names("table")),
    "tbody": (_TABLE_PARTS, _names("table")),
    "tfoot": (_TABLE_PARTS, _names("table")),
    "caption": (_names("caption"), _names("table")),
    "colgroup": (_names("colgroup"), _names("table")),
    "rb": (_names("rb rt rtc rp"), _names("ruby")),
    "rt": (_names("rb rt rp"), _names("ruby rtc")),
    "rp": (_names("rb rt rp"), _names("ruby rtc")),
    "rtc": (_names("rb rt rtc rp"), _names("ruby")),
    "a": (_names("a"), _names("table td th caption button object")),
    "body": (_names("head"), _names("html")),
}
# An end tag never closes elements beyond these (the standard's "scope").
SCOPE_BOUNDARY = _names("html table td th caption template object applet marquee button select")

# Translatable attributes on any element, and the note a translator sees.
TEXT_ATTRIBUTES: dict[str, str] = {
    "alt": "Text alternative for an image (alt attribute).",
    "title": "Tooltip (title attribute).",
    "aria-label": "Label read by screen readers (aria-label attribute).",
    "placeholder": "Hint shown in an empty form field (placeholder attribute).",
}
META_NAMES: dict[str, str] = {
    "description": "Page description for search engines (meta description).",
    "og:title": "Page title when the page is shared (og:title).",
    "og:description": "Page description when the page is shared (og:description).",
    "og:image:alt": "Text alternative of the page's share image (og:image:alt).",
    "twitter:title": "Page title when the page is shared (twitter:title).",
    "twitter:description": "Page description when the page is shared (twitter:description).",
}
TITLE_NOTE = "Page title (browser tab, bookmarks and search results)."
BUTTON_INPUT_TYPES = frozenset(("submit", "button", "reset"))

NOTE_ATTRIBUTE = "data-l10n-note"
CONTEXT_ATTRIBUTE = "data-l10n-context"

_WHITESPACE = "\t\n\f\r "
_COLLAPSE = re.compile(r"[\t\n\f\r ]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.+-]+)", re.IGNORECASE)


# --- the tree ----------------------------------------------------------------


@dataclass(slots=True)
class Attribute:
    """One attribute of a start tag, with where its value is in the source.

    ``value_start``/``value_end`` delimit the value *including* its quotes;
    both are -1 for an attribute written without a value.
    """

    name: str
    value: str
    start: int
    value_start: int = -1
    value_end: int = -1


@dataclass(slots=True, eq=False)
class Text:
    start: int
    end: int
    kind: Literal["text", "rcdata", "raw"] = "text"


@dataclass(slots=True, eq=False)
class Comment:
    """A comment, doctype, processing instruction or CDATA section."""

    start: int
    end: int


@dataclass(slots=True, eq=False)
class Element:
    name: str
    start: int
    tag_end: int
    attributes: list[Attribute] = field(default_factory=list)
    self_closing: bool = False
    foreign: bool = False
    children: list[Node] = field(default_factory=list)
    end: int = -1
    has_end_tag: bool = False
    line: int = 0
    inline: bool | None = None  # cached answer of _is_inline

    def get(self, name: str) -> str | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute.value
        return None


Node = Text | Comment | Element


# --- public API ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable string of a page.

    Attributes:
        source: the text to translate (the msgid), inline tags as bare names.
        context: the author's ``data-l10n-context`` (msgctxt), or None.
        notes: notes for translators (``#.``), the author's first.
        line: the line of the segment in the page (1-based).
        kind: ``text`` for an element's content, ``attribute`` for an attribute.
        element: the element's name (``p``, ``li``, ``img``, ``meta``…).
        attribute: the attribute's name for an attribute segment.
        words: number of words of the source text (for thresholds).
    """

    source: str
    context: str | None
    notes: tuple[str, ...]
    line: int
    kind: Literal["text", "attribute"]
    element: str
    attribute: str | None = None
    words: int = 0


@dataclass(slots=True, eq=False)
class _Unit:
    segment: Segment
    container: Element | None
    core_start: int
    core_end: int
    whole_element: bool
    tags: dict[str, Element]
    atoms: frozenset[str]
    protected: frozenset[str]


@dataclass(slots=True, eq=False)
class _AttributeSlot:
    segment: Segment
    element: Element
    attribute: Attribute


@dataclass(slots=True, eq=False)
class Page:
    """A parsed page: its source text and its segments in document order."""

    path: str
    text: str
    root: Element
    segments: list[Segment]
    encoding: str = "utf-8"
    _units: list[_Unit | _AttributeSlot] = field(default_factory=list, repr=False)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)


@dataclass(frozen=True, slots=True)
class RenderProblem:
    """Something in a translation that the page could not use as written.

    ``kind`` is ``escaped`` (markup written as text: the translation needs
    fixing) or ``dropped`` (a tag of the source is not in the translation:
    allowed, worth a look).
    """

    path: str
    line: int
    source: str
    detail: str
    kind: Literal["escaped", "dropped"] = "escaped"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.detail} (in “{_shorten(self.source)}”)"


@dataclass(frozen=True, slots=True)
class RenderResult:
    """A rendered page, what was wrong in its translations, and its coverage."""

    html: str
    problems: list[RenderProblem]
    translated_words: int
    total_words: int
    translated_segments: int
    total_segments: int

    @property
    def translated_percent(self) -> float:
        return 100.0 * self.translated_words / self.total_words if self.total_words else 100.0


Lookup = Callable[[Segment], "str | None"]


def read_page(path: str | Path, reference: str | None = None) -> Page:
    """Read and parse an HTML file; ``reference`` is the path shown in messages."""
    target = Path(path)
    shown = reference or str(target)
    try:
        data = target.read_bytes()
    except OSError as error:
        raise ParseError(shown, None, f"cannot read: {error.strerror or error}") from None
    text, encoding = decode_html(data, shown)
    page = parse_page(text, shown)
    page.encoding = encoding
    return page


def decode_html(data: bytes, path: str) -> tuple[str, str]:
    """Decode a page: a BOM first, then a ``<meta charset>``, else UTF-8.

    Returns the text (without BOM) and the Python codec used.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _decode(data[len(bom) :], codec, path), codec
    codec = _declared_encoding(data[:1024]) or "utf-8"
    return _decode(data, codec, path), codec


def _declared_encoding(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
        return "cp1252"  # as the encoding standard maps these labels
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name.startswith("utf-16") or name.startswith("utf-32") else name


def _decode(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise ParseError(
            path, line, f"not valid {codec.upper()}: byte 0x{byte:02X} cannot be decoded"
        ) from None


def parse_page(text: str, path: str) -> Page:
    """Parse a page's text and cut it into segments (raises ParseError)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
    bad = _CONTROL.search(text)
    if bad is not None:
        line = bisect.bisect_right(line_starts, bad.start())
        raise ParseError(path, line, f"contains the control character U+{ord(bad.group()):04X}")
    root = _TreeBuilder(text, path, line_starts).build()
    page = Page(path=path, text=text, root=root, segments=[], _line_starts=line_starts)
    try:
        _Extractor(page).run()
    except RecursionError:
        raise ParseError(path, None, "elements are nested too deeply to read") from None
    page.segments = [unit.segment for unit in page._units]
    return page


def render_page(page: Page, lookup: Lookup, *, fallback_lang: str | None = "en") -> RenderResult:
    """Write the page with every segment replaced by ``lookup(segment)``.

    ``lookup`` returns the translation, or None when there is none usable
    (missing or fuzzy): then the source text stays and its element gets
    ``lang=fallback_lang`` (unless ``fallback_lang`` is None). A translation
    may use only its source's inline tags; anything else is escaped and
    reported in ``problems``. Attributes of the source tags are restored from
    the source, so a translation can never add a script, an event handler or
    change a link.
    """
    return _Renderer(page, lookup, fallback_lang).render()


def word_count(text: str) -> int:
    """Words of a segment's text, tags left out."""
    return len(_TAG_LIKE.sub(" ", text).split())


# --- tokenizer and tree construction -------------------------------------------


class _TreeBuilder:
    def __init__(self, text: str, path: str, line_starts: list[int]) -> None:
        self.text = text
        self.path = path
        self.line_starts = line_starts
        self.root = Element("#document", 0, 0, line=1)
        self.stack: list[Element] = [self.root]
        self.position = 0

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def fail(self, offset: int, detail: str) -> ParseError:
        return ParseError(self.path, self.line(offset), detail)

    def build(self) -> Element:
        text = self.text
        length = len(text)
        while self.position < length:
            lt = text.find("<", self.position)
            if lt < 0:
                self.add_text(self.position, length)
                break
            if lt > self.position:
                self.add_text(self.position, lt)
            self.position = lt
            self.markup()
        for element in self.stack[1:]:
            self.close(element, length)
        self.root.end = length
        return self.root

    # tokens

    def markup(self) -> None:
        text, start = self.text, self.position
        following = text[start + 1 : start + 2]
        if text.startswith("<!--", start):
            self.comment(start)
        elif following == "!" or following == "?":
            if text.startswith("<![CDATA[", start) and self.stack[-1].foreign:
                end = text.find("]]>", start)
                self.bogus(start, end + 3 if end >= 0 else -1, "CDATA section")
            else:
                end = text.find(">", start)
                self.bogus(start, end + 1 if end >= 0 else -1, "declaration")
        elif following == "/":
            self.end_tag(start)
        elif following.isascii() and following.isalpha():
            self.start_tag(start)
        else:
            self.add_text(start, start + 1)
            self.position = start + 1

    def comment(self, start: int) -> None:
        text = self.text
        for short in ("<!-->", "<!--->"):
            if text.startswith(short, start):
                self.bogus(start, start + len(short), "comment")
                return
        end = text.find("-->", start + 4)
        bang = text.find("--!>", start + 4)
        if bang >= 0 and (end < 0 or bang < end):
            self.bogus(start, bang + 4, "comment")
        else:
            self.bogus(start, end + 3 if end >= 0 else -1, "comment")

    def bogus(self, start: int, end: int, what: str) -> None:
        if end < 0:
            raise self.fail(start, f"{what} opened here is never closed")
        self.stack[-1].children.append(Comment(start, end))
        self.position = end

    def add_text(
        self, start: int, end: int, kind: Literal["text", "rcdata", "raw"] = "text"
    ) -> None:
        children = self.stack[-1].children
        if (
            kind == "text"
            and children
            and isinstance(children[-1], Text)
            and children[-1].end == start
            and children[-1].kind == "text"
        ):
            children[-1].end = end
        else:
            children.append(Text(start, end, kind))

    def scan_attributes(self, position: int) -> tuple[list[Attribute], int, bool]:
        """Attributes from ``position`` to the tag's ``>``: (attributes, end, self-closing)."""
        text = self.text
        attributes: list[Attribute] = []
        seen: set[str] = set()
        length = len(text)
        self_closing = False
        while True:
            while position < length and text[position] in _WHITESPACE:
                position += 1
            if position >= length:
                return attributes, -1, False
            char = text[position]
            if char == ">":
                return attributes, position + 1, self_closing
            if char == "/":
                position += 1
                self_closing = text.startswith(">", position)
                continue
            self_closing = False
            match = _ATTR_NAME.match(text, position)
            assert match is not None
            name_start, position = position, match.end()
            name = match.group().lower()
            scan = position
            while scan < length and text[scan] in _WHITESPACE:
                scan += 1
            attribute = Attribute(name, "", name_start)
            if scan < length and text[scan] == "=":
                scan += 1
                while scan < length and text[scan] in _WHITESPACE:
                    scan += 1
                if scan < length and text[scan] in "\"'":
                    close = text.find(text[scan], scan + 1)
                    if close < 0:
                        return attributes, -1, False
                    raw, value_end = text[scan + 1 : close], close + 1
                else:
                    unquoted = _UNQUOTED.match(text, scan)
                    assert unquoted is not None
                    raw, value_end = unquoted.group(), unquoted.end()
                attribute.value = unescape_attribute(raw)
                attribute.value_start, attribute.value_end = scan, value_end
                position = value_end
            if name not in seen:  # the first of duplicate attributes wins
                seen.add(name)
                attributes.append(attribute)

    def start_tag(self, start: int) -> None:
        text = self.text
        name_end = start + 1
        while name_end < len(text) and text[name_end] not in _WHITESPACE + "/>":
            name_end += 1
        name = text[start + 1 : name_end].lower()
        attributes, end, self_closing = self.scan_attributes(name_end)
        if end < 0:
            raise self.fail(start, f"the <{name}> tag opened here is never closed")
        parent = self.stack[-1]
        foreign = parent.foreign or name in ("svg", "math")
        if (
            parent.foreign
            and parent.name in ("foreignobject", "desc", "title")
            and name not in ("svg", "math")
        ):
            foreign = False
        if not foreign:
            self.imply_end_tags(name, start)
        element = Element(
            name, start, end, attributes, self_closing, foreign, line=self.line(start)
        )
        self.stack[-1].children.append(element)
        self.position = end
        if (not foreign and name in VOID) or (foreign and self_closing):
            element.end = end
            return
        self.stack.append(element)
        if foreign:
            return
        if name in RAW_TEXT or name in RCDATA:
            self.raw_content(element, "rcdata" if name in RCDATA else "raw")
        elif name == "plaintext":
            self.add_text(end, len(text), "raw")
            self.position = len(text)

    def raw_content(self, element: Element, kind: Literal["rcdata", "raw"]) -> None:
        pattern = re.compile(rf"</{element.name}[\t\n\f\r />]", re.IGNORECASE)
        match = pattern.search(self.text, element.tag_end)
        if match is None:
            raise self.fail(element.start, f"<{element.name}> opened here is never closed")
        if match.start() > element.tag_end:
            self.add_text(element.tag_end, match.start(), kind)
        self.position = match.start()
        self.end_tag(match.start())

    def end_tag(self, start: int) -> None:
        text = self.text
        if text.startswith("</>", start):
            self.position = start + 3
            return
        following = text[start + 2 : start + 3]
        if not (following.isascii() and following.isalpha()):
            end = text.find(">", start)
            self.bogus(start, end + 1 if end >= 0 else -1, "end tag")
            return
        name_end = start + 2
        while name_end < len(text) and text[name_end] not in _WHITESPACE + "/>":
            name_end += 1
        name = text[start + 2 : name_end].lower()
        _, end, _ = self.scan_attributes(name_end)
        if end < 0:
            raise self.fail(start, f"the </{name}> tag opened here is never closed")
        self.position = end
        for depth in range(len(self.stack) - 1, 0, -1):
            element = self.stack[depth]
            if element.name == name:
                for inner in reversed(self.stack[depth + 1 :]):
                    self.close(inner, start)
                del self.stack[depth:]
                element.end = end
                element.has_end_tag = True
                return
            if element.name in SCOPE_BOUNDARY or (
                element.foreign and not self.stack[depth - 1].foreign
            ):
                break
        self.stray_end_tag(name, start, end)

    def stray_end_tag(self, name: str, start: int, end: int) -> None:
        """An end tag with nothing to close is ignored, as a browser ignores it,
        except the two the HTML standard turns into elements: ``</br>`` is a line
        break and ``</p>`` an empty paragraph (a unit must not run across them)."""
        if name in ("br", "p") and not self.stack[-1].foreign:
            element = Element(name, start, end, line=self.line(start))
            element.end = end
            self.stack[-1].children.append(element)

    def close(self, element: Element, offset: int) -> None:
        if element.end < 0:
            element.end = max(offset, element.tag_end)

    def pop_to(self, depth: int, offset: int) -> None:
        for element in reversed(self.stack[depth:]):
            self.close(element, offset)
        del self.stack[depth:]

    def imply_end_tags(self, name: str, offset: int) -> None:
        if name in CLOSES_P:
            self.close_in_scope("p", offset, frozenset(("button",)))
        if name in HEADINGS and self.stack[-1].name in HEADINGS:
            self.pop_to(len(self.stack) - 1, offset)
        rule = IMPLIED_BY.get(name)
        if rule is None:
            return
        closes, boundary = rule
        for depth in range(len(self.stack) - 1, 0, -1):
            element = self.stack[depth]
            if element.name in closes:
                self.pop_to(depth, offset)
                return
            if element.name in boundary or element.name in SCOPE_BOUNDARY:
                return

    def close_in_scope(self, name: str, offset: int, extra_boundary: frozenset[str]) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            element = self.stack[depth]
            if element.name == name:
                self.pop_to(depth, offset)
                return
            if element.name in SCOPE_BOUNDARY or element.name in extra_boundary:
                return


def unescape_attribute(raw: str) -> str:
    """Decode character references as the standard does inside attribute values.

    A named reference without ``;`` followed by ``=`` or an alphanumeric stays
    as written (``?a=1&copy=2`` keeps its ``&copy``).
    """

    def replace(match: re.Match[str]) -> str:
        reference = match.group()
        if not reference.endswith(";") and not reference.startswith("&#"):
            following = raw[match.end() : match.end() + 1]
            if following == "=" or following.isalnum():
                return reference
        return html.unescape(reference)

    return _CHARREF.sub(replace, raw)


# --- extraction ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    translate: bool = True
    preformatted: bool = False
    note: str | None = None
    msgctxt: str | None = None


def _enter(element: Element, context: _Context) -> _Context:
    translate = element.get("translate")
    flag = context.translate
    if translate is not None:
        value = translate.strip().lower()
        if value in ("", "yes"):
            flag = True
        elif value == "no":
            flag = False
    note = element.get(NOTE_ATTRIBUTE)
    msgctxt = element.get(CONTEXT_ATTRIBUTE)
    return _Context(
        translate=flag,
        preformatted=context.preformatted or element.name in ("pre", "listing", "textarea"),
        note=_normalize(note) if note and note.strip() else context.note,
        msgctxt=_normalize(msgctxt) if msgctxt and msgctxt.strip() else context.msgctxt,
    )


def _is_protected(element: Element, context: _Context) -> bool:
    return not _enter(element, context).translate


def _is_inline(element: Element) -> bool:
    """True for elements that stay inside a unit: phrasing content only."""
    if element.inline is None:
        element.inline = _classify_inline(element)
    return element.inline


def _classify_inline(element: Element) -> bool:
    if element.name in ATOMS or element.name in VOID:
        return element.name not in BLOCK
    if element.foreign or element.name in BLOCK or element.name in RAW_TEXT:
        return False
    if element.name not in INLINE and "-" not in element.name and element.name in _KNOWN_OTHER:
        return False
    return all(not isinstance(child, Element) or _is_inline(child) for child in element.children)


# Standard elements that are neither inline nor listed in BLOCK (no text of
# their own worth a unit, but they must not be mistaken for unknown inline ones).
# Elements whose title/alt… are not shown to readers.
_NO_TEXT_ATTRIBUTES = _names("base link script style template")
_KNOWN_OTHER = _names(
    "area base datalist embed head link meta param script slot source style template track"
)


def _is_atom(element: Element, context: _Context) -> bool:
    return (
        element.name in ATOMS
        or element.name in VOID
        or element.foreign
        or _is_protected(element, context)
    )


class _Extractor:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.text = page.text

    def run(self) -> None:
        self.walk(self.page.root, _Context())

    # attributes

    def attributes(self, element: Element, context: _Context) -> None:
        if not context.translate or element.foreign:
            return
        for attribute in element.attributes:
            note = self.attribute_note(element, attribute)
            if note is None:
                continue
            source = encode_text(_normalize(attribute.value))
            if not _has_words(source):
                continue
            notes = tuple(n for n in (context.note, note) if n)
            segment = Segment(
                source=source,
                context=context.msgctxt,
                notes=notes,
                line=element.line,
                kind="attribute",
                element=element.name,
                attribute=attribute.name,
                words=word_count(source),
            )
            self.page._units.append(_AttributeSlot(segment, element, attribute))

    def attribute_note(self, element: Element, attribute: Attribute) -> str | None:
        if element.name in _NO_TEXT_ATTRIBUTES:
            return None
        if element.name == "meta":
            if attribute.name != "content":
                return None
            key = (element.get("name") or element.get("property") or "").strip().lower()
            return META_NAMES.get(key)
        if attribute.name == "value" and element.name == "input":
            kind = (element.get("type") or "").strip().lower()
            return (
                "Text of a form button (value attribute)." if kind in BUTTON_INPUT_TYPES else None
            )
        if attribute.name == "title" and element.name == "abbr":
            return "Expansion of an abbreviation (title attribute of <abbr>)."
        return TEXT_ATTRIBUTES.get(attribute.name)

    # content

    def walk(self, element: Element, outer: _Context) -> None:
        context = _enter(element, outer) if element is not self.page.root else outer
        self.attributes(element, context)
        if element.name in OPAQUE or element.foreign:
            return
        run: list[Node] = []
        for child in element.children:
            if isinstance(child, Element) and not (
                _is_inline(child) or (_is_atom(child, context) and child.name not in BLOCK)
            ):
                self.flush(run, element, context)
                run = []
                self.walk(child, context)
            else:
                run.append(child)
        self.flush(run, element, context)

    def flush(self, run: list[Node], container: Element, context: _Context) -> None:
        if not run:
            return
        if not context.translate:
            for node in run:
                if isinstance(node, Element):
                    self.walk_protected(node, context)
            return
        unit = self.unit(run, container, context)
        if unit is not None:
            self.page._units.append(unit)
        for node in run:
            if isinstance(node, Element):
                self.inline_attributes(node, context)

    def walk_protected(self, element: Element, outer: _Context) -> None:
        """Inside translate="no": look for descendants that say translate="yes"."""
        context = _enter(element, outer)
        if context.translate:
            self.walk(element, outer)
            return
        if element.name in OPAQUE or element.foreign:
            return
        for child in element.children:
            if isinstance(child, Element):
                self.walk_protected(child, context)

    def inline_attributes(self, element: Element, outer: _Context) -> None:
        context = _enter(element, outer)
        self.attributes(element, context)
        if not context.translate or element.name in OPAQUE or element.foreign:
            return
        for child in element.children:
            if isinstance(child, Element):
                self.inline_attributes(child, context)

    def unit(self, run: list[Node], container: Element, context: _Context) -> _Unit | None:
        nodes = list(run)
        inner = context
        while True:
            nodes = self.trim(nodes, inner)
            if not nodes:
                return None
            first = nodes[0]
            if len(nodes) == 1 and isinstance(first, Element) and not _is_atom(first, inner):
                inner = _enter(first, inner)  # a wrapper: <li><a href>Home</a></li>
                nodes = list(first.children)
                continue
            break
        if not any(self.has_text(node, inner) for node in nodes):
            return None
        core_start = self.node_start(nodes[0])
        core_end = self.node_end(nodes[-1])
        elements = [e for node in nodes for e in _inline_elements(node, inner)]
        names = _tag_names(elements)
        tags: dict[str, Element] = {}
        atoms: set[str] = set()
        protected: set[str] = set()
        for element, (tag, is_atom) in names.items():
            tags[tag] = element
            if is_atom:
                atoms.add(tag)
                if _is_protected(element, inner) and element.name not in ATOMS:
                    protected.add(tag)
        pieces = [self.serialize(node, names, inner) for node in nodes]
        source = "".join(pieces)
        if not inner.preformatted:
            source = _COLLAPSE.sub(" ", source)
        source = source.strip(_WHITESPACE)
        if not _has_words(source):
            return None  # only spaces, e.g. a paragraph holding &nbsp;
        notes: list[str] = [inner.note] if inner.note else []
        if container.name == "title":
            notes.append(TITLE_NOTE)
        for element, (tag, _) in names.items():
            if tag in protected:
                shown = _normalize(
                    self.text[element.tag_end : max(element.tag_end, self.inner_end(element))]
                )
                meaning = _shorten(_strip_tags(shown))
                notes.append(f"<{tag}/> stands for “{meaning}”, which is not translated.")
            elif tag != element.name and element.get("href") is not None:
                # Numbered links: say which is which, so the words stay with their target.
                notes.append(f"<{tag}> links to {_normalize(element.get('href') or '')}.")
        whole = (
            container is not self.page.root
            and container.name not in ("html", "head", "body")
            and all(node in run for node in container.children)
        )
        segment = Segment(
            source=source,
            context=inner.msgctxt,
            notes=tuple(notes),
            line=self.page.line_of(core_start),
            kind="text",
            element=container.name,
            words=word_count(source),
        )
        return _Unit(
            segment,
            container,
            core_start,
            core_end,
            whole,
            tags,
            frozenset(atoms),
            frozenset(protected),
        )

    def trim(self, nodes: list[Node], context: _Context) -> list[Node]:
        """Drop leading and trailing nodes that carry no words."""
        start, end = 0, len(nodes)
        while start < end and not self.keeps(nodes[start], context):
            start += 1
        while end > start and not self.keeps(nodes[end - 1], context):
            end -= 1
        return nodes[start:end]

    def keeps(self, node: Node, context: _Context) -> bool:
        if isinstance(node, Comment):
            return False
        if isinstance(node, Text):
            return bool(self.text[node.start : node.end].strip(_WHITESPACE))
        if node.name in OPAQUE or node.foreign or node.name in VOID:
            return False
        return self.visible(node)

    def visible(self, element: Element) -> bool:
        for child in element.children:
            if (
                isinstance(child, Text)
                and child.kind != "raw"
                and self.text[child.start : child.end].strip(_WHITESPACE)
            ):
                return True
            if (
                isinstance(child, Element)
                and child.name not in OPAQUE
                and not child.foreign
                and self.visible(child)
            ):
                return True
        return False

    def has_text(self, node: Node, context: _Context) -> bool:
        if isinstance(node, Text):
            return node.kind != "raw" and bool(self.text[node.start : node.end].strip(_WHITESPACE))
        if isinstance(node, Comment) or _is_atom(node, context):
            return False
        inner = _enter(node, context)
        return any(self.has_text(child, inner) for child in node.children)

    def node_start(self, node: Node) -> int:
        if isinstance(node, Text):
            raw = self.text[node.start : node.end]
            return node.start + len(raw) - len(raw.lstrip(_WHITESPACE))
        return node.start

    def node_end(self, node: Node) -> int:
        if isinstance(node, Text):
            raw = self.text[node.start : node.end]
            return node.end - (len(raw) - len(raw.rstrip(_WHITESPACE)))
        return node.end

    def inner_end(self, element: Element) -> int:
        """Where an element's content ends (before its end tag, if written)."""
        if element.has_end_tag:
            return self.text.rfind("<", element.tag_end, element.end)
        return element.end

    def serialize(
        self, node: Node, names: dict[Element, tuple[str, bool]], context: _Context
    ) -> str:
        if isinstance(node, Comment):
            return ""
        if isinstance(node, Text):
            raw = self.text[node.start : node.end]
            if node.kind == "raw":
                return ""
            return encode_text(html.unescape(raw))
        tag, is_atom = names[node]
        if is_atom:
            return f"<{tag}/>"
        inner = _enter(node, context)
        content = "".join(self.serialize(child, names, inner) for child in node.children)
        return f"<{tag}>{content}</{tag}>"


def _inline_elements(node: Node, context: _Context) -> Iterator[Element]:
    """Elements of a unit in document order; atoms are not entered."""
    if not isinstance(node, Element):
        return
    yield node
    if _is_atom(node, context):
        return
    inner = _enter(node, context)
    for child in node.children:
        yield from _inline_elements(child, inner)


def _tag_names(elements: list[Element]) -> dict[Element, tuple[str, bool]]:
    """The name each element has in the unit's text: ``a``, or ``a1``/``a2``
    when elements of one name differ in their attributes."""
    by_name: dict[str, list[Element]] = {}
    for element in elements:
        by_name.setdefault(element.name, []).append(element)
    names: dict[Element, tuple[str, bool]] = {}
    for name, group in by_name.items():
        signatures = {tuple((a.name, a.value) for a in element.attributes) for element in group}
        numbered = len(signatures) > 1
        for number, element in enumerate(group, start=1):
            tag = f"{name}{number}" if numbered else name
            is_atom = (
                element.name in ATOMS
                or element.name in VOID
                or element.foreign
                or _protected_flag(element)
            )
            names[element] = (tag, is_atom)
    return names


def _protected_flag(element: Element) -> bool:
    value = element.get("translate")
    return value is not None and value.strip().lower() == "no"


# --- the text format of a segment ---------------------------------------------

_TAG_LIKE = re.compile(r"</?[A-Za-z][^<>]*>|<[!?][^<>]*>")
_START = re.compile(r"<([A-Za-z][A-Za-z0-9_:.-]*)\s*>")
_END = re.compile(r"</([A-Za-z][A-Za-z0-9_:.-]*)\s*>")
_EMPTY = re.compile(r"<([A-Za-z][A-Za-z0-9_:.-]*)\s*/>")


def encode_text(text: str) -> str:
    """Plain characters → a segment's text: ``&`` and ``<`` are written as
    ``&amp;``/``&lt;`` only where they would otherwise read as markup."""

    def amp(match: re.Match[str]) -> str:
        reference = match.group()
        return "&amp;" + reference[1:] if html.unescape(reference) != reference else reference

    text = _CHARREF.sub(amp, text)
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)


def decode_text(text: str) -> str:
    """A segment's text without tags → plain characters."""
    return html.unescape(text)


def _has_words(source: str) -> bool:
    return bool(decode_text(_TAG_LIKE.sub("", source)).strip())


def _normalize(text: str) -> str:
    return _COLLAPSE.sub(" ", text).strip(_WHITESPACE)


def _strip_tags(text: str) -> str:
    return _normalize(html.unescape(re.sub(r"<[^>]*>", " ", text)))


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escape_text(text: str) -> str:
    text = _CONTROL.sub("\ufffd", text)  # HTML forbids them; a translation may not add them
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    return _escape_text(text).replace('"', "&quot;")


# --- rendering --------------------------------------------------------------------


@dataclass(order=True, slots=True)
class _Edit:
    start: int
    rank: int  # 0: insertion, 1: replacement (an insertion at a position goes first)
    end: int
    text: str = field(compare=False)


class _Renderer:
    def __init__(self, page: Page, lookup: Lookup, fallback_lang: str | None) -> None:
        self.page = page
        self.text = page.text
        self.lookup = lookup
        self.fallback_lang = fallback_lang
        self.problems: list[RenderProblem] = []
        self.attribute_values: dict[tuple[int, int], str] = {}  # (element id, attr start) → html
        self.lang_elements: set[int] = set()
        self.edits: list[_Edit] = []
        self.rebuilt: list[tuple[int, int]] = []

    def render(self) -> RenderResult:
        translated_words = total_words = translated_segments = 0
        units: list[tuple[_Unit, str | None]] = []
        for item in self.page._units:
            segment = item.segment
            total_words += segment.words
            translation = self.lookup(segment)
            if translation is not None:
                translated_words += segment.words
                translated_segments += 1
            if isinstance(item, _AttributeSlot):
                self.attribute(item, translation)
            else:
                units.append((item, translation))
        for unit, translation in units:
            self.unit(unit, translation)
        self.declare_utf8()
        self.tag_edits()
        return RenderResult(
            html=self.apply(),
            problems=self.problems,
            translated_words=translated_words,
            total_words=total_words,
            translated_segments=translated_segments,
            total_segments=len(self.page._units),
        )

    def problem(
        self, segment: Segment, detail: str, kind: Literal["escaped", "dropped"] = "escaped"
    ) -> None:
        self.problems.append(
            RenderProblem(self.page.path, segment.line, segment.source, detail, kind)
        )

    def attribute(self, slot: _AttributeSlot, translation: str | None) -> None:
        if translation is None:
            if self.fallback_lang and slot.element.name in VOID and slot.element.name != "meta":
                self.lang_elements.add(id(slot.element))
            return
        if translation == slot.segment.source:
            return
        text = self.plain(slot.segment, translation, attribute=True)
        self.attribute_values[(id(slot.element), slot.attribute.start)] = (
            f'"{_escape_attribute(text)}"'
        )

    def plain(self, segment: Segment, translation: str, *, attribute: bool) -> str:
        """A translation that may hold no markup: tags become text (reported)."""
        for match in _TAG_LIKE.finditer(translation):
            where = "an attribute" if attribute else "this text"
            self.problem(segment, f"“{match.group()}” is not allowed in {where}; written as text")
        pieces = _TAG_LIKE.split(translation)
        tags = _TAG_LIKE.findall(translation)
        out = decode_text(pieces[0])
        for tag, piece in zip(tags, pieces[1:], strict=True):
            out += tag + decode_text(piece)
        return out

    def unit(self, unit: _Unit, translation: str | None) -> None:
        if translation is None:
            if self.fallback_lang:
                self.mark_fallback(unit)
            return
        if translation == unit.segment.source:
            return  # identical: the source's own bytes stay
        if unit.container is not None and unit.container.name in RCDATA:
            replacement = _escape_text(self.plain(unit.segment, translation, attribute=False))
        else:
            replacement = self.rebuild(unit, translation)
        self.edits.append(_Edit(unit.core_start, 1, unit.core_end, replacement))
        self.rebuilt.append((unit.core_start, unit.core_end))

    def mark_fallback(self, unit: _Unit) -> None:
        lang = self.fallback_lang
        assert lang is not None
        if unit.whole_element and unit.container is not None:
            self.lang_elements.add(id(unit.container))
            return
        self.edits.append(
            _Edit(unit.core_start, 0, unit.core_start, f'<span lang="{_escape_attribute(lang)}">')
        )
        self.edits.append(_Edit(unit.core_end, 0, unit.core_end, "</span>"))

    def rebuild(self, unit: _Unit, translation: str) -> str:
        segment = unit.segment
        tokens = _tokenize_translation(translation)
        # Pair start and end tags; what does not pair is written as text.
        ok = [False] * len(tokens)
        stack: list[tuple[int, str]] = []
        used: set[str] = set()
        for index, (kind, value) in enumerate(tokens):
            if kind == "start" and value in unit.tags and value not in unit.atoms:
                stack.append((index, value))
            elif kind == "end" and stack and stack[-1][1] == value:
                ok[stack.pop()[0]] = True
                ok[index] = True
                used.add(value)
            elif kind in ("empty", "start") and value in unit.atoms:
                ok[index] = True
                used.add(value)
        out: list[str] = []
        for index, (kind, value) in enumerate(tokens):
            if kind == "text":
                out.append(_escape_text(decode_text(value)))
            elif ok[index] and kind == "end":
                out.append(f"</{unit.tags[value].name}>")
            elif ok[index]:
                out.append(self.element_html(unit.tags[value], unit, value))
            else:
                raw = _raw_tag(kind, value)
                self.problem(segment, f"“{raw}” is not markup of the source text; written as text")
                out.append(_escape_text(raw))
        for tag in sorted(set(unit.tags) - used):
            detail = f"the translation leaves out <{tag}> of the source text"
            self.problem(segment, detail, "dropped")
        return "".join(out)

    def element_html(self, element: Element, unit: _Unit, tag: str) -> str:
        """An inline element's start tag (an atom's whole source) for a rebuilt unit."""
        if tag in unit.atoms:
            if tag in unit.protected or element.name not in VOID:
                return self.text[element.start : element.end]
            return self.start_tag(element)
        return self.start_tag(element)

    def start_tag(self, element: Element) -> str:
        source = self.text[element.start : element.tag_end]
        replacements: list[tuple[int, int, str]] = []
        for attribute in element.attributes:
            value = self.attribute_values.get((id(element), attribute.start))
            if value is not None:
                if attribute.value_start < 0:
                    end = attribute.start + len(attribute.name)
                    replacements.append((end, end, "=" + value))
                else:
                    replacements.append((attribute.value_start, attribute.value_end, value))
        if id(element) in self.lang_elements and self.fallback_lang:
            lang = f'"{_escape_attribute(self.fallback_lang)}"'
            existing = next((a for a in element.attributes if a.name == "lang"), None)
            if existing is not None and existing.value_start >= 0:
                replacements.append((existing.value_start, existing.value_end, lang))
            elif existing is not None:
                end = existing.start + len(existing.name)
                replacements.append((end, end, "=" + lang))
            else:
                at = element.tag_end - (2 if element.self_closing else 1)
                replacements.append((at, at, " lang=" + lang))
        for start, end, value in sorted(replacements, reverse=True):
            offset = start - element.start
            source = source[:offset] + value + source[offset + end - start :]
        return source

    def declare_utf8(self) -> None:
        """The output is UTF-8: a ``<meta>`` that declares another charset is corrected."""
        for element in _all_elements(self.page.root):
            if element.name != "meta":
                continue
            for attribute in element.attributes:
                declared = attribute.value.strip().lower()
                if attribute.value_start < 0:
                    continue
                if attribute.name == "charset" and declared not in ("utf-8", "utf8"):
                    value = '"utf-8"'
                elif (
                    attribute.name == "content"
                    and (element.get("http-equiv") or "").strip().lower() == "content-type"
                    and not re.search(r"charset\s*=\s*[\"']?utf-?8", declared)
                ):
                    value = '"text/html; charset=utf-8"'
                else:
                    continue
                self.attribute_values[(id(element), attribute.start)] = value

    def tag_edits(self) -> None:
        changed = {key[0] for key in self.attribute_values} | self.lang_elements
        if not changed:
            return
        rebuilt = sorted(self.rebuilt)  # disjoint spans
        starts = [start for start, _ in rebuilt]
        for element in _all_elements(self.page.root):
            if id(element) not in changed:
                continue
            before = bisect.bisect_right(starts, element.start) - 1
            if before >= 0 and element.start < rebuilt[before][1]:
                continue  # its start tag is part of a rebuilt unit already
            self.edits.append(_Edit(element.start, 1, element.tag_end, self.start_tag(element)))

    def apply(self) -> str:
        out: list[str] = []
        position = 0
        for edit in sorted(self.edits):
            out.append(self.text[position : edit.start])
            out.append(edit.text)
            position = max(position, edit.end)
        out.append(self.text[position:])
        return "".join(out)


def _all_elements(element: Element) -> Iterator[Element]:
    for child in element.children:
        if isinstance(child, Element):
            yield child
            yield from _all_elements(child)


def _tokenize_translation(text: str) -> list[tuple[str, str]]:
    """A translation → (kind, value) tokens: text, start, end, empty, other."""
    tokens: list[tuple[str, str]] = []
    position = 0
    for match in _TAG_LIKE.finditer(text):
        if match.start() > position:
            tokens.append(("text", text[position : match.start()]))
        raw = match.group()
        for kind, pattern in (("start", _START), ("end", _END), ("empty", _EMPTY)):
            exact = pattern.fullmatch(raw)
            if exact is not None:
                tokens.append((kind, exact.group(1).lower()))
                break
        else:
            tokens.append(("other", raw))
        position = match.end()
    if position < len(text):
        tokens.append(("text", text[position:]))
    return tokens


def _raw_tag(kind: str, value: str) -> str:
    if kind == "start":
        return f"<{value}>"
    if kind == "end":
        return f"</{value}>"
    if kind == "empty":
        return f"<{value}/>"
    return value
