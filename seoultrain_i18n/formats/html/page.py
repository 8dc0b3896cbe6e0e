"""What a parsed page is: its segments and the units they were cut from."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

from seoultrain_i18n.formats.html.tree import Attribute, Element


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
class Unit:
    segment: Segment
    container: Element | None
    core_start: int
    core_end: int
    whole_element: bool
    tags: dict[str, Element]
    atoms: frozenset[str]
    protected: frozenset[str]


@dataclass(slots=True, eq=False)
class AttributeSlot:
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
    _units: list[Unit | AttributeSlot] = field(default_factory=list, repr=False)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)
