"""Rendering: a parsed page with each segment replaced by its translation.

Every byte outside a replaced segment is the source's own.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from seoultrain_i18n.formats.html.page import AttributeSlot, Page, Segment, Unit
from seoultrain_i18n.formats.html.text import (
    TAG_LIKE,
    decode_text,
    escape_attribute,
    escape_text,
    shorten,
)
from seoultrain_i18n.formats.html.tree import RCDATA, VOID, Element
from seoultrain_i18n.markup import SEGMENT_EMPTY_TAG, SEGMENT_END_TAG, SEGMENT_START_TAG


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
        return f"{self.path}:{self.line}: {self.detail} (in “{shorten(self.source)}”)"


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


# What a screen reader announces for an element without content, first match
# first: the element's language follows that attribute.
SPOKEN_ATTRIBUTES = ("aria-label", "alt", "value", "placeholder", "title")


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
        # element → its translatable attributes: name → shown in the page's language
        self.attribute_states: dict[int, tuple[Element, dict[str, bool]]] = {}
        self.edits: list[_Edit] = []
        self.rebuilt: list[tuple[int, int]] = []

    def render(self) -> RenderResult:
        translated_words = total_words = translated_segments = 0
        units: list[tuple[Unit, str | None]] = []
        for item in self.page._units:
            segment = item.segment
            total_words += segment.words
            translation = self.lookup(segment)
            if translation is not None:
                translated_words += segment.words
                translated_segments += 1
            if isinstance(item, AttributeSlot):
                self.attribute(item, translation)
            else:
                units.append((item, translation))
        self.mark_attribute_languages()
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

    def attribute(self, slot: AttributeSlot, translation: str | None) -> None:
        _, states = self.attribute_states.setdefault(id(slot.element), (slot.element, {}))
        states[slot.attribute.name.lower()] = translation is not None
        if translation is None:
            return
        if translation == slot.segment.source:
            return
        text = self.plain(slot.segment, translation, attribute=True)
        self.attribute_values[(id(slot.element), slot.attribute.start)] = (
            f'"{escape_attribute(text)}"'
        )

    def mark_attribute_languages(self) -> None:
        """``lang=fallback`` on an element without content whose spoken text is untranslated.

        An ``<img>`` or ``<input>`` has only attributes; when some are
        translated and some not, its language is that of the attribute a
        screen reader announces (``SPOKEN_ATTRIBUTES``), so a translated
        ``alt`` is never declared English because the ``title`` still is.
        """
        if not self.fallback_lang:
            return
        for element_id, (element, states) in self.attribute_states.items():
            if element.name not in VOID or element.name == "meta":
                continue
            spoken = next((name for name in SPOKEN_ATTRIBUTES if name in states), None)
            shown = states[spoken] if spoken is not None else all(states.values())
            if not shown:
                self.lang_elements.add(element_id)

    def plain(self, segment: Segment, translation: str, *, attribute: bool) -> str:
        """A translation that may hold no markup: tags become text (reported)."""
        for match in TAG_LIKE.finditer(translation):
            where = "an attribute" if attribute else "this text"
            self.problem(segment, f"“{match.group()}” is not allowed in {where}; written as text")
        pieces = TAG_LIKE.split(translation)
        tags = TAG_LIKE.findall(translation)
        out = decode_text(pieces[0])
        for tag, piece in zip(tags, pieces[1:], strict=True):
            out += tag + decode_text(piece)
        return out

    def unit(self, unit: Unit, translation: str | None) -> None:
        if translation is None:
            if self.fallback_lang:
                self.mark_fallback(unit)
            return
        if translation == unit.segment.source:
            return  # identical: the source's own bytes stay
        if unit.container is not None and unit.container.name in RCDATA:
            replacement = escape_text(self.plain(unit.segment, translation, attribute=False))
        else:
            replacement = self.rebuild(unit, translation)
        self.edits.append(_Edit(unit.core_start, 1, unit.core_end, replacement))
        self.rebuilt.append((unit.core_start, unit.core_end))

    def mark_fallback(self, unit: Unit) -> None:
        lang = self.fallback_lang
        assert lang is not None
        if unit.whole_element and unit.container is not None:
            self.lang_elements.add(id(unit.container))
            return
        self.edits.append(
            _Edit(unit.core_start, 0, unit.core_start, f'<span lang="{escape_attribute(lang)}">')
        )
        self.edits.append(_Edit(unit.core_end, 0, unit.core_end, "</span>"))

    def rebuild(self, unit: Unit, translation: str) -> str:
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
                out.append(escape_text(decode_text(value)))
            elif ok[index] and kind == "end":
                out.append(f"</{unit.tags[value].name}>")
            elif ok[index]:
                out.append(self.element_html(unit.tags[value], unit, value))
            else:
                raw = _raw_tag(kind, value)
                self.problem(segment, f"“{raw}” is not markup of the source text; written as text")
                out.append(escape_text(raw))
        for tag in sorted(set(unit.tags) - used):
            detail = f"the translation leaves out <{tag}> of the source text"
            self.problem(segment, detail, "dropped")
        return "".join(out)

    def element_html(self, element: Element, unit: Unit, tag: str) -> str:
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
            lang = f'"{escape_attribute(self.fallback_lang)}"'
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
    for match in TAG_LIKE.finditer(text):
        if match.start() > position:
            tokens.append(("text", text[position : match.start()]))
        raw = match.group()
        for kind, pattern in (
            ("start", SEGMENT_START_TAG),
            ("end", SEGMENT_END_TAG),
            ("empty", SEGMENT_EMPTY_TAG),
        ):
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
