"""Tokenizer and tree: one page's text → elements that keep their source offsets.

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
import html
import re
from dataclasses import dataclass, field
from typing import Literal

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.html.text import CHARREF, WHITESPACE

# --- element classes -------------------------------------------------------


def name_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


VOID = name_set(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param "
    "source track wbr"
)
RAW_TEXT = name_set("script style xmp iframe noembed noframes")
RCDATA = name_set("title textarea")
# Phrasing elements that stay inside their unit as markup.
INLINE = name_set(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd mark nobr q rb rp "
    "rt rtc ruby s samp small span strike strong sub sup time tt u var"
)
# Inline elements without translatable text of their own: shown as ``<name/>``.
ATOMS = name_set("br wbr img input embed svg math script style template")
# Elements whose content is never extracted (their attributes may be).
OPAQUE = name_set("script style svg math template textarea") | RAW_TEXT
# Known non-inline elements: they end the unit before them and open their own.
BLOCK = name_set(
    "address article aside audio blockquote body button canvas caption center col colgroup "
    "dd details dialog dir div dl dt fieldset figcaption figure footer form frameset h1 h2 h3 "
    "h4 h5 h6 head header hgroup hr html iframe label legend li link main map menu meta meter "
    "nav noscript object ol optgroup option output p picture pre progress search section "
    "select summary table tbody td textarea tfoot th thead title tr ul video"
)
CLOSES_P = name_set(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre search "
    "section summary table ul li dd dt listing plaintext xmp"
)
HEADINGS = name_set("h1 h2 h3 h4 h5 h6")
_TABLE_PARTS = name_set("thead tbody tfoot tr td th caption")
# Start tag → (elements it closes when one of them is open, boundaries of the search).
IMPLIED_BY: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (name_set("li"), name_set("ul ol menu table td th")),
    "dt": (name_set("dt dd"), name_set("dl table td th")),
    "dd": (name_set("dt dd"), name_set("dl table td th")),
    "option": (name_set("option"), name_set("select datalist optgroup")),
    "optgroup": (name_set("option optgroup"), name_set("select datalist")),
    "tr": (name_set("tr td th"), name_set("table thead tbody tfoot")),
    "td": (name_set("td th"), name_set("tr table")),
    "th": (name_set("td th"), name_set("tr table")),
    "thead": (_TABLE_PARTS, name_set("table")),
    "tbody": (_TABLE_PARTS, name_set("table")),
    "tfoot": (_TABLE_PARTS, name_set("table")),
    "caption": (name_set("caption"), name_set("table")),
    "colgroup": (name_set("colgroup"), name_set("table")),
    "rb": (name_set("rb rt rtc rp"), name_set("ruby")),
    "rt": (name_set("rb rt rp"), name_set("ruby rtc")),
    "rp": (name_set("rb rt rp"), name_set("ruby rtc")),
    "rtc": (name_set("rb rt rtc rp"), name_set("ruby")),
    "a": (name_set("a"), name_set("table td th caption button object")),
    "body": (name_set("head"), name_set("html")),
}
# An end tag never closes elements beyond these (the standard's "scope").
SCOPE_BOUNDARY = name_set("html table td th caption template object applet marquee button select")

_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")


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


# --- tokenizer and tree construction -------------------------------------------


class TreeBuilder:
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
            while position < length and text[position] in WHITESPACE:
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
            while scan < length and text[scan] in WHITESPACE:
                scan += 1
            attribute = Attribute(name, "", name_start)
            if scan < length and text[scan] == "=":
                scan += 1
                while scan < length and text[scan] in WHITESPACE:
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
        while name_end < len(text) and text[name_end] not in WHITESPACE + "/>":
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
        while name_end < len(text) and text[name_end] not in WHITESPACE + "/>":
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

    return CHARREF.sub(replace, raw)
