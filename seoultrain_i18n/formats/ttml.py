"""``Cue`` lists ↔ IMSC 1.1 Text Profile TTML, through ttconv (the one adapter to it).

``generate_ttml`` writes, byte for byte, the document that ttconv's IMSC
writer makes of ttconv's document model built from our cues
(``generate_ttml_ttconv``, kept as the reference: the tests compare the two on
every bundled track and on generated cues); it writes the XML itself because
ttconv's model and writer took a third of a full-scale build's CPU time
(docs/benchmarks.md). Timing stays exact (integer milliseconds written as
``HH:MM:SS.mmm`` clock times) and nothing is re-parsed from SubRip text:

- ``xml:lang`` on ``<tt>`` is the track's BCP 47 tag (``mul`` for a bilingual
  track, whose lines are in two languages);
- a ``{\\anN}`` position code puts the cue in a region aligned to the top,
  middle or bottom (and left, centre or right) of a 10 % safe area; cues
  without one go to the bottom centre region;
- ``<i>``, ``<b>`` and ``<u>`` become spans styled italic, bold or underlined;
  other tags (``<font>``) and override blocks are dropped, as in WebVTT;
- each line of a cue is a ``<br/>``-separated line of one ``<p>``.

The document signals the IMSC 1.1 Text Profile in ``ttp:contentProfiles``.
``read_ttml`` reads a TTML document back through ttconv's IMSC reader into
``TimedLine`` records (text, timing, placement): the tests use it to check
that what we write is what a TTML consumer sees.
"""

from __future__ import annotations

import xml.etree.ElementTree as et
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ttconv import model
from ttconv import style_properties as styles
from ttconv.imsc import config as imsc_config
from ttconv.imsc import namespaces as xml_ns
from ttconv.imsc import reader as imsc_reader
from ttconv.imsc import writer as imsc_writer

from seoultrain_i18n.formats.vtt import position_code
from seoultrain_i18n.markup import ASS_CODE, VTT_FONT_TAGS, VTT_KEPT_TAGS
from seoultrain_i18n.model import Cue
from seoultrain_i18n.timecode import vtt_timestamp

IMSC_TEXT_PROFILE = "http://www.w3.org/ns/ttml/profile/imsc1.1/text"
MULTIPLE_LANGUAGES = "mul"
SAFE_AREA_PERCENT = 10

_VERTICAL = {
    "top": styles.DisplayAlignType.before,
    "middle": styles.DisplayAlignType.center,
    "bottom": styles.DisplayAlignType.after,
}
_HORIZONTAL = {
    "left": styles.TextAlignType.start,
    "center": styles.TextAlignType.center,
    "right": styles.TextAlignType.end,
}
_STYLES: dict[str, tuple[Any, Any]] = {
    "i": (styles.StyleProperties.FontStyle, styles.FontStyleType.italic),
    "b": (styles.StyleProperties.FontWeight, styles.FontWeightType.bold),
    "u": (styles.StyleProperties.TextDecoration, styles.TextDecorationType(underline=True)),
}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a cue shows: ``vertical`` top/middle/bottom, ``horizontal`` left/center/right."""

    vertical: str = "bottom"
    horizontal: str = "center"

    @property
    def region_id(self) -> str:
        return f"{self.vertical}-{self.horizontal}"


@dataclass(frozen=True, slots=True)
class TimedLine:
    """One cue as a TTML consumer sees it: plain lines, timing, placement, italic runs."""

    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    placement: Placement
    italic: tuple[str, ...] = ()


def placement_of(text: str) -> Placement:
    """The placement a cue's ``{\\anN}`` code asks for (bottom centre without one)."""
    code = position_code(text)
    if code is None:
        return Placement()
    row, column = divmod(code - 1, 3)
    vertical = ("bottom", "middle", "top")[row] if 0 <= row <= 2 else "bottom"
    return Placement(vertical, ("left", "center", "right")[column])


def _region(doc: model.ContentDocument, placement: Placement) -> model.Region:
    existing = doc.get_region(placement.region_id)
    if existing is not None:
        return existing
    region = model.Region(placement.region_id, doc)
    margin = styles.LengthType(SAFE_AREA_PERCENT, styles.LengthType.Units.pct)
    size = styles.LengthType(100 - 2 * SAFE_AREA_PERCENT, styles.LengthType.Units.pct)
    region.set_style(styles.StyleProperties.Origin, styles.CoordinateType(x=margin, y=margin))
    region.set_style(styles.StyleProperties.Extent, styles.ExtentType(height=size, width=size))
    region.set_style(styles.StyleProperties.DisplayAlign, _VERTICAL[placement.vertical])
    region.set_style(styles.StyleProperties.TextAlign, _HORIZONTAL[placement.horizontal])
    doc.put_region(region)
    return region


def _seconds(ms: int) -> Fraction:
    return Fraction(ms, 1000)


def _runs(text: str) -> list[tuple[str, tuple[str, ...]] | None]:
    """``text``'s lines as styled runs (text, style names), None for each ``<br/>``."""
    # The same tags as WebVTT: <i>, <b>, <u> kept (as styles), <font> and {\...} dropped.
    text = ASS_CODE.sub("", VTT_FONT_TAGS.sub("", text))
    open_styles: list[str] = []
    position = 0
    pieces: list[tuple[str, tuple[str, ...]]] = []
    for match in VTT_KEPT_TAGS.finditer(text):
        pieces.append((text[position : match.start()], tuple(open_styles)))
        tag = match.group(0).lower()
        name = tag.strip("</>")
        if tag.startswith("</"):
            if name in open_styles:
                open_styles.remove(name)
        else:
            open_styles.append(name)
        position = match.end()
    pieces.append((text[position:], tuple(open_styles)))
    runs: list[tuple[str, tuple[str, ...]] | None] = []
    first = True
    for chunk, active in pieces:
        for index, line in enumerate(chunk.split("\n")):
            if index > 0 and not first:
                runs.append(None)
            if index > 0:
                first = False
            if not line:
                continue
            first = False
            runs.append((line, tuple(dict.fromkeys(active))))
    return runs


def _fill(doc: model.ContentDocument, paragraph: model.P, text: str) -> None:
    """Spans for ``text``'s lines and styled runs, ``<br/>`` between lines."""
    for run in _runs(text):
        if run is None:
            paragraph.push_child(model.Br(doc))
            continue
        line, active = run
        span = model.Span(doc)
        for name in active:
            prop, value = _STYLES[name]
            span.set_style(prop, value)
        span.push_child(model.Text(doc, line))
        paragraph.push_child(span)


def generate_ttml_ttconv(cues: list[Cue], language: str) -> str:
    """``generate_ttml`` through ttconv's document model and IMSC writer: slower
    (a tenth of a build's time at scale), the second opinion the tests hold
    ``generate_ttml`` to, byte for byte."""
    doc = model.ContentDocument()
    doc.set_lang(language)
    doc.set_content_profiles({IMSC_TEXT_PROFILE})
    body = model.Body(doc)
    doc.set_body(body)
    division = model.Div(doc)
    body.push_child(division)
    _region(doc, Placement())
    for number, cue in enumerate(cues, start=1):
        if cue.start_ms < 0 or cue.end_ms <= cue.start_ms:
            raise ValueError(f"cue {number} does not end after it starts")
        paragraph = model.P(doc)
        paragraph.set_begin(_seconds(cue.start_ms))
        paragraph.set_end(_seconds(cue.end_ms))
        paragraph.set_region(_region(doc, placement_of(cue.text)))
        _fill(doc, paragraph, cue.text.strip("\n"))
        division.push_child(paragraph)
    config = imsc_config.IMSCWriterConfiguration(
        profile_signaling=imsc_config.ContentProfilesSignaling.CONTENT_PROFILES
    )
    tree = imsc_writer.from_model(doc, config)
    body_xml = et.tostring(tree.getroot(), encoding="unicode", xml_declaration=False)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body_xml + "\n"


_TT = f"{{{xml_ns.TTML}}}"
_TTP = f"{{{xml_ns.TTP}}}"
_TTS = f"{{{xml_ns.TTS}}}"
_XML = f"{{{xml_ns.XML}}}"
# The attribute values ttconv's writer gives our styles, in its order of properties.
_SPAN_STYLES = (
    ("i", f"{_TTS}fontStyle", "italic"),
    ("b", f"{_TTS}fontWeight", "bold"),
    ("u", f"{_TTS}textDecoration", "underline"),
)
_DISPLAY_ALIGN = {"top": "before", "middle": "center", "bottom": "after"}
_TEXT_ALIGN = {"left": "start", "center": "center", "right": "end"}


def _register_namespaces() -> None:
    # What ttconv's writer registers (the prefixes of the document it writes).
    et.register_namespace("", xml_ns.TTML)
    et.register_namespace("ttp", xml_ns.TTP)
    et.register_namespace("tts", xml_ns.TTS)
    et.register_namespace("ittp", xml_ns.ITTP)
    et.register_namespace("itts", xml_ns.ITTS)
    et.register_namespace("ebutts", xml_ns.EBUTTS)


def generate_ttml(cues: list[Cue], language: str) -> str:
    """An IMSC 1.1 Text Profile document for ``cues`` in BCP 47 ``language``.

    The document ttconv's IMSC writer makes of our cues (``generate_ttml_ttconv``),
    built directly as XML elements: ten times faster, the same bytes.
    ValueError if a cue does not end after it starts.
    """
    _register_namespaces()
    root = et.Element(f"{_TT}tt")
    root.set(f"{_XML}lang", language)
    root.set(f"{_TTP}contentProfiles", IMSC_TEXT_PROFILE)
    layout = et.SubElement(et.SubElement(root, f"{_TT}head"), f"{_TT}layout")
    division = et.SubElement(et.SubElement(root, f"{_TT}body"), f"{_TT}div")
    regions: set[str] = set()

    def region(placement: Placement) -> str:
        name = placement.region_id
        if name not in regions:
            regions.add(name)
            element = et.SubElement(layout, f"{_TT}region")
            element.set(f"{_XML}id", name)
            element.set(f"{_TTS}displayAlign", _DISPLAY_ALIGN[placement.vertical])
            size, margin = 100 - 2 * SAFE_AREA_PERCENT, SAFE_AREA_PERCENT
            element.set(f"{_TTS}extent", f"{size}% {size}%")
            element.set(f"{_TTS}origin", f"{margin}% {margin}%")
            element.set(f"{_TTS}textAlign", _TEXT_ALIGN[placement.horizontal])
        return name

    region(Placement())
    for number, cue in enumerate(cues, start=1):
        if cue.start_ms < 0 or cue.end_ms <= cue.start_ms:
            raise ValueError(f"cue {number} does not end after it starts")
        paragraph = et.SubElement(division, f"{_TT}p")
        paragraph.set("region", region(placement_of(cue.text)))
        paragraph.set("begin", vtt_timestamp(cue.start_ms))  # TTML's clock time is the same
        paragraph.set("end", vtt_timestamp(cue.end_ms))
        for run in _runs(cue.text.strip("\n")):
            if run is None:
                et.SubElement(paragraph, f"{_TT}br")
                continue
            line, active = run
            span = et.SubElement(paragraph, f"{_TT}span")
            for name, attribute, value in _SPAN_STYLES:
                if name in active:
                    span.set(attribute, value)
            span.text = line
    body_xml = et.tostring(root, encoding="unicode", xml_declaration=False)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body_xml + "\n"


def read_ttml(text: str) -> list[TimedLine]:
    """What ttconv's IMSC reader sees in a TTML document, one ``TimedLine`` per ``<p>``.

    ValueError if ttconv cannot read it.
    """
    try:
        doc = imsc_reader.to_model(et.ElementTree(et.fromstring(text.encode("utf-8"))))
    except et.ParseError as error:
        raise ValueError(f"not XML: {error}") from None
    if doc is None or doc.get_body() is None:
        raise ValueError("not a TTML document ttconv can read")
    body = doc.get_body().dfs_iterator()
    return [_timed_line(element) for element in body if isinstance(element, model.P)]


def document_language(text: str) -> str:
    """The ``xml:lang`` of a TTML document, as ttconv reads it."""
    doc = imsc_reader.to_model(et.ElementTree(et.fromstring(text.encode("utf-8"))))
    return str(doc.get_lang()) if doc is not None else ""


def _absolute_ms(element: model.ContentElement, which: str) -> int:
    total = Fraction(0)
    node: model.ContentElement | None = element
    first = True
    while node is not None:
        value = node.get_begin() if (which == "begin" or not first) else node.get_end()
        if value is not None:
            total += value
        first = False
        node = node.parent()
    return round(total * 1000)


def _timed_line(paragraph: model.P) -> TimedLine:
    lines: list[str] = [""]
    italic: list[str] = []
    for node in paragraph.dfs_iterator():
        if isinstance(node, model.Br):
            lines.append("")
        elif isinstance(node, model.Text):
            lines[-1] += node.get_text()
            if _inherited_italic(node):
                italic.append(node.get_text())
    region = paragraph.get_region()
    placement = Placement()
    if region is not None:
        vertical = region.get_style(styles.StyleProperties.DisplayAlign)
        horizontal = region.get_style(styles.StyleProperties.TextAlign)
        placement = Placement(
            next((k for k, v in _VERTICAL.items() if v == vertical), "bottom"),
            next((k for k, v in _HORIZONTAL.items() if v == horizontal), "center"),
        )
    return TimedLine(
        _absolute_ms(paragraph, "begin"),
        _absolute_ms(paragraph, "end"),
        tuple(lines),
        placement,
        tuple(italic),
    )


def _inherited_italic(node: model.ContentElement) -> bool:
    current: model.ContentElement | None = node
    while current is not None:
        if current.get_style(styles.StyleProperties.FontStyle) == styles.FontStyleType.italic:
            return True
        current = current.parent()
    return False
