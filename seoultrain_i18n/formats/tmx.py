"""TMX 1.4 translation memory files ↔ ``TmxDocument`` (stdlib XML only).

Reading accepts any TMX 1.x: each ``<tu>`` becomes a unit mapping language
tags to segment text; inline elements (``<bpt>``, ``<ph>`` …) are flattened
back to the native codes they hold. Documents with entity declarations are
refused (no entity expansion from untrusted files). Writing produces TMX 1.4b
with the required header attributes; segment text is escaped, carriage
returns are written as ``&#13;`` so they survive XML newline normalisation,
and characters XML 1.0 cannot carry make the unit be skipped (counted).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.fsutil import atomic_write_text, read_bytes

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTEXT_PROP = "x-context"
ORIGIN_PROP = "x-origin"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(slots=True)
class TranslationUnit:
    """One ``<tu>``: the same segment in several languages (BCP 47 tags)."""

    segments: dict[str, str] = field(default_factory=dict)
    context: str | None = None
    origin: str | None = None
    note: str | None = None
    line: int = 0


@dataclass(slots=True)
class TmxDocument:
    source_language: str = "en"
    units: list[TranslationUnit] = field(default_factory=list)
    creation_tool: str = "seoultrain-i18n"


# -- reading ---------------------------------------------------------------


class _EntityDeclared(Exception):
    pass


def _refuse_entities(*_args: object) -> None:
    raise _EntityDeclared


def _parse(path: Path) -> ET.Element:
    """Parse with expat first (refusing entity declarations), then build the tree."""
    try:
        data = read_bytes(path)
    except OSError as error:
        raise ParseError(path, None, f"cannot read: {error.strerror}") from None
    checker = expat.ParserCreate()
    checker.EntityDeclHandler = _refuse_entities
    try:
        checker.Parse(data, True)
    except _EntityDeclared:
        raise ParseError(
            path, checker.CurrentLineNumber, "entity declarations are not allowed in TMX files"
        ) from None
    except expat.ExpatError as error:
        raise ParseError(
            path, error.lineno, f"not well-formed XML: {expat.ErrorString(error.code)}"
        ) from None
    except LookupError as error:  # the XML declaration names an encoding Python lacks
        raise ParseError(path, 1, f"not readable XML: {error}") from None
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:  # an entity expat let pass (the DTD could define it)
        line = error.position[0] if error.position else None
        detail = str(error).split(":")[0]
        raise ParseError(path, line, f"not well-formed XML: {detail}") from None


def _segment_text(seg: ET.Element) -> str:
    return "".join(seg.itertext())


def read_tmx(path: str | Path) -> TmxDocument:
    """Read a TMX file; a broken file raises ParseError(path, line, detail)."""
    target = Path(path)
    root = _parse(target)
    if root.tag != "tmx":
        raise ParseError(target, None, f"root element is <{root.tag}>, expected <tmx>")
    header = root.find("header")
    body = root.find("body")
    if body is None:
        raise ParseError(target, None, "no <body> element")
    source = header.get("srclang", "") if header is not None else ""
    document = TmxDocument(source_language=source or "en")
    for number, tu in enumerate(body.iter("tu"), start=1):
        unit = TranslationUnit(line=number)
        for prop in tu.findall("prop"):
            if prop.get("type") == CONTEXT_PROP:
                unit.context = prop.text or ""
            elif prop.get("type") == ORIGIN_PROP:
                unit.origin = prop.text or ""
        note = tu.find("note")
        if note is not None:
            unit.note = note.text or ""
        for tuv in tu.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if not lang:
                raise ParseError(target, None, f"<tu> number {number}: <tuv> without xml:lang")
            if seg is None:
                raise ParseError(target, None, f"<tu> number {number}: <tuv> without <seg>")
            unit.segments[lang] = _segment_text(seg)
        document.units.append(unit)
    return document


# -- writing ---------------------------------------------------------------


def _escape(text: str, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


def writable(unit: TranslationUnit) -> bool:
    """False when a segment holds a character XML 1.0 cannot represent."""
    texts = [*unit.segments.values(), unit.context or "", unit.note or "", unit.origin or ""]
    return not any(_INVALID_XML.search(text) for text in texts)


def generate_tmx(document: TmxDocument, *, version: str = "0.1.0") -> tuple[str, int]:
    """The TMX 1.4 text of ``document`` and the number of units skipped."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<tmx version="1.4">',
        f'  <header creationtool="{_escape(document.creation_tool, True)}" '
        f'creationtoolversion="{_escape(version, True)}" segtype="sentence" '
        f'o-tmf="PO" adminlang="en" srclang="{_escape(document.source_language, True)}" '
        'datatype="plaintext"/>',
        "  <body>",
    ]
    skipped = 0
    for unit in document.units:
        if not writable(unit):
            skipped += 1
            continue
        lines.append("    <tu>")
        if unit.note:
            lines.append(f"      <note>{_escape(unit.note)}</note>")
        if unit.context is not None:
            lines.append(f'      <prop type="{CONTEXT_PROP}">{_escape(unit.context)}</prop>')
        if unit.origin:
            lines.append(f'      <prop type="{ORIGIN_PROP}">{_escape(unit.origin)}</prop>')
        for lang, text in unit.segments.items():
            lines.append(
                f'      <tuv xml:lang="{_escape(lang, True)}"><seg>{_escape(text)}</seg></tuv>'
            )
        lines.append("    </tu>")
    lines += ["  </body>", "</tmx>", ""]
    return "\n".join(lines), skipped


def write_tmx(path: str | Path, document: TmxDocument) -> int:
    """Write ``document`` atomically; returns the number of units skipped."""
    from seoultrain_i18n import __version__

    text, skipped = generate_tmx(document, version=__version__)
    atomic_write_text(path, text)
    return skipped
