"""Extraction: a page's bytes → a tree → its translatable segments.

Text units are block-level elements (``p``, ``li``, ``h1``, ``td``,
``figcaption``, ``title``…) with inline markup kept as bare tag names;
attribute segments are ``alt``, ``title``, ``aria-label``, ``placeholder``,
meta description and Open Graph text.
"""

from __future__ import annotations

import bisect
import codecs
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.html.page import AttributeSlot, Page, Segment, Unit
from seoultrain_i18n.formats.html.text import (
    COLLAPSE,
    CONTROL,
    WHITESPACE,
    encode_text,
    has_words,
    normalize,
    shorten,
    strip_tags,
    word_count,
)
from seoultrain_i18n.formats.html.tree import (
    ATOMS,
    BLOCK,
    INLINE,
    OPAQUE,
    RAW_TEXT,
    VOID,
    Attribute,
    Comment,
    Element,
    Node,
    Text,
    TreeBuilder,
    name_set,
)
from seoultrain_i18n.fsutil import read_bytes

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
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.+-]+)", re.IGNORECASE)


def read_page(path: str | Path, reference: str | None = None) -> Page:
    """Read and parse an HTML file; ``reference`` is the path shown in messages."""
    target = Path(path)
    shown = reference or str(target)
    try:
        data = read_bytes(target)
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
    bad = CONTROL.search(text)
    if bad is not None:
        line = bisect.bisect_right(line_starts, bad.start())
        raise ParseError(path, line, f"contains the control character U+{ord(bad.group()):04X}")
    root = TreeBuilder(text, path, line_starts).build()
    page = Page(path=path, text=text, root=root, segments=[], _line_starts=line_starts)
    try:
        _Extractor(page).run()
    except RecursionError:
        raise ParseError(path, None, "elements are nested too deeply to read") from None
    page.segments = [unit.segment for unit in page._units]
    return page


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
        note=normalize(note) if note and note.strip() else context.note,
        msgctxt=normalize(msgctxt) if msgctxt and msgctxt.strip() else context.msgctxt,
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
_NO_TEXT_ATTRIBUTES = name_set("base link script style template")
_KNOWN_OTHER = name_set(
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
            source = encode_text(normalize(attribute.value))
            if not has_words(source):
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
            self.page._units.append(AttributeSlot(segment, element, attribute))

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
        self.page._units.extend(self.units(run, container, context))
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

    def units(self, run: list[Node], container: Element, context: _Context) -> list[Unit]:
        """The units of a run of inline content: one, or one per link of a link bar."""
        core = self.core(run, context)
        if core is None:
            return []
        nodes, inner = core
        links = self.link_bar(nodes, inner)
        if links is None:
            unit = self.unit(nodes, run, container, inner)
            return [] if unit is None else [unit]
        units = []
        for link in links:
            link_core = self.core([link], inner)
            if link_core is not None:
                unit = self.unit(link_core[0], [link], container, link_core[1])
                if unit is not None:
                    units.append(unit)
        return units

    def core(self, run: list[Node], context: _Context) -> tuple[list[Node], _Context] | None:
        """The run without wordless edges and wrappers (``<li><a href>Home</a></li>``)."""
        nodes = list(run)
        inner = context
        while True:
            nodes = self.trim(nodes, inner)
            if not nodes:
                return None
            first = nodes[0]
            if len(nodes) == 1 and isinstance(first, Element) and not _is_atom(first, inner):
                inner = _enter(first, inner)
                nodes = list(first.children)
                continue
            return nodes, inner

    def link_bar(self, nodes: list[Node], context: _Context) -> list[Element] | None:
        """The links of a bar or list of links (``<a>Home</a> | <a>The Film</a>``).

        Each label of a navigation bar or footer becomes its own message, so
        "Home" is translated once for every page and every menu, not once per
        bar. A run is a bar when it holds two or more links and nothing else
        with letters or digits: separators, line breaks, images and spaces
        stay in the page as they are.
        """
        links: list[Element] = []
        for node in nodes:
            if isinstance(node, Comment):
                continue
            if isinstance(node, Text):
                if node.kind != "raw" and _has_alphanumerics(self.text[node.start : node.end]):
                    return None
                continue
            if not self.has_text(node, context):
                continue
            if not self.is_link(node, context):
                return None
            links.append(node)
        return links if len(links) >= 2 else None

    def is_link(self, element: Element, context: _Context) -> bool:
        """A link, or an inline wrapper around nothing but one (``<b><a>…</a></b>``)."""
        if _is_atom(element, context) or not _is_inline(element):
            return False
        if element.name == "a":
            return element.get("href") is not None
        inner = _enter(element, context)
        content = self.trim(list(element.children), inner)
        return (
            len(content) == 1
            and isinstance(content[0], Element)
            and self.is_link(content[0], inner)
        )

    def unit(
        self, nodes: list[Node], run: list[Node], container: Element, inner: _Context
    ) -> Unit | None:
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
        source = self.serialize_all(nodes, names, inner)
        if not inner.preformatted:
            source = COLLAPSE.sub(" ", source)
        source = source.strip(WHITESPACE)
        if not has_words(source):
            return None  # only spaces, e.g. a paragraph holding &nbsp;
        notes: list[str] = [inner.note] if inner.note else []
        if container.name == "title":
            notes.append(TITLE_NOTE)
        for element, (tag, _) in names.items():
            if tag in protected:
                shown = normalize(
                    self.text[element.tag_end : max(element.tag_end, self.inner_end(element))]
                )
                meaning = shorten(strip_tags(shown))
                notes.append(f"<{tag}/> stands for “{meaning}”, which is not translated.")
            elif tag != element.name and element.get("href") is not None:
                # Numbered links: say which is which, so the words stay with their target.
                notes.append(f"<{tag}> links to {normalize(element.get('href') or '')}.")
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
        return Unit(
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
            return bool(self.text[node.start : node.end].strip(WHITESPACE))
        if node.name in OPAQUE or node.foreign or node.name in VOID:
            return False
        return self.visible(node)

    def visible(self, element: Element) -> bool:
        for child in element.children:
            if (
                isinstance(child, Text)
                and child.kind != "raw"
                and self.text[child.start : child.end].strip(WHITESPACE)
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
            return node.kind != "raw" and bool(self.text[node.start : node.end].strip(WHITESPACE))
        if isinstance(node, Comment) or _is_atom(node, context):
            return False
        inner = _enter(node, context)
        return any(self.has_text(child, inner) for child in node.children)

    def node_start(self, node: Node) -> int:
        if isinstance(node, Text):
            raw = self.text[node.start : node.end]
            return node.start + len(raw) - len(raw.lstrip(WHITESPACE))
        return node.start

    def node_end(self, node: Node) -> int:
        if isinstance(node, Text):
            raw = self.text[node.start : node.end]
            return node.end - (len(raw) - len(raw.rstrip(WHITESPACE)))
        return node.end

    def inner_end(self, element: Element) -> int:
        """Where an element's content ends (before its end tag, if written)."""
        if element.has_end_tag:
            return self.text.rfind("<", element.tag_end, element.end)
        return element.end

    def serialize_all(
        self, nodes: list[Node], names: dict[Element, tuple[str, bool]], context: _Context
    ) -> str:
        """Nodes as a segment's text. Text on both sides of a comment is encoded
        as one: ``&lt;<!-- -->x>`` reads ``<x>`` on the page, which must not
        become the tag ``<x>`` in the segment."""
        parts: list[str] = []
        text: list[str] = []
        for node in nodes:
            if isinstance(node, Comment):
                continue
            if isinstance(node, Text):
                if node.kind != "raw":
                    text.append(html.unescape(self.text[node.start : node.end]))
                continue
            parts.append(encode_text("".join(text)))
            text = []
            parts.append(self.serialize(node, names, context))
        parts.append(encode_text("".join(text)))
        return "".join(parts)

    def serialize(
        self, element: Element, names: dict[Element, tuple[str, bool]], context: _Context
    ) -> str:
        tag, is_atom = names[element]
        if is_atom:
            return f"<{tag}/>"
        inner = _enter(element, context)
        return f"<{tag}>{self.serialize_all(element.children, names, inner)}</{tag}>"


def _has_alphanumerics(raw: str) -> bool:
    return any(character.isalnum() for character in html.unescape(raw))


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
