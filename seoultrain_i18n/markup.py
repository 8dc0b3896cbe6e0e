"""The inline-markup vocabulary: every pattern that recognises tags and
override codes inside a translatable string, in one module.

Two kinds of markup travel inside messages:

* HTML-like inline tags (``<em>``, ``<a1>``, ``</a2>``, ``<br/>``, ``<i>``):
  page strings carry the tags of their source; subtitle cues carry SubRip's
  ``<i>``/``<b>``/``<u>``/``<font>``.
* SSA/ASS override blocks (``{\\an8}``, ``{\\i1}``) that SubRip files inherit.

Checks, the line breaker, the subtitle builder, the WebVTT writer and
pre-translation all import their patterns from here, so "what counts as a
tag" has one answer. Patterns that differ on purpose say why.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

# A well-formed tag; groups: closing slash, name, attributes, self-closing slash.
TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)"
    r"\s*(/?)>"
)
# One attribute inside TAG's attribute group: (name, "double", 'single', bare).
ATTRIBUTE = re.compile(r"([^\s=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
# A SSA/ASS override block: {\an8}, {\i1}.
ASS_CODE = re.compile(r"\{\\[^{}]*\}")
# Where a tag starts, whether or not it is well formed (finds unterminated tags).
TAG_LIKE = re.compile(r"<\s*/?\s*[A-Za-z]")
VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)

# Subtitle markup, looser than TAG: anything between < and > that starts like a
# tag, so the line breaker never splits inside one and counts none as width.
LOOSE_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|\{\\[^{}]*\}")
LOOSE_CLOSING_TAG = re.compile(r"</[A-Za-z][^<>]*>")
# A cue's leading override block, and whether it sets a position (\an8, \a6).
LEADING_OVERRIDE = re.compile(r"^\{\\[^{}]*\}")
POSITION_IN_OVERRIDE = re.compile(r"\\an?\d{1,2}")
# A wrapper around a whole cue (or line): <i>…</i>, <font color="…">…</font>.
WRAPPER = re.compile(r"^<(i|b|u|font)\b([^<>]*)>(.*)</\1>$", re.IGNORECASE | re.DOTALL)
# Italics, as a SubRip tag or an override code.
ITALIC = re.compile(r"<\s*i\s*>|\{\\i1\}", re.IGNORECASE)
# The SubRip tags WebVTT keeps as they are, and the ones it drops.
VTT_KEPT_TAGS = re.compile(r"</?(?:i|b|u)>", re.IGNORECASE)
VTT_FONT_TAGS = re.compile(r"</?font\b[^>]*>", re.IGNORECASE)
# The text of an HTML page's segment (formats/html, docs/html-extraction.md),
# where tags are bare names (<em>, <a1>, <br/>): anything that reads as markup
# (tags, comments, processing instructions), the three tag shapes a
# translation may use, a "<" that would open markup, and any tag at all.
SEGMENT_TAG_LIKE = re.compile(r"</?[A-Za-z][^<>]*>|<[!?][^<>]*>")
SEGMENT_START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9_:.-]*)\s*>")
SEGMENT_END_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9_:.-]*)\s*>")
SEGMENT_EMPTY_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9_:.-]*)\s*/>")
# One link of a page segment with its plain label (``<a2>The Film</a2>``):
# a bar of them is cut into one message per label (formats/html/extract.py).
SEGMENT_LINK = re.compile(r"<(a[0-9]*)>([^<>]*)</\1>")
MARKUP_OPENER = re.compile(r"<(?=[A-Za-z/!?])")
ANY_TAG = re.compile(r"<[^>]*>")
# What machine translation must leave alone: any <...> and any {...} (tags,
# override blocks and brace placeholders alike).
PROTECTED_SPAN = re.compile(r"<[^<>]+>|\{[^{}]*\}")
# What the MT engine masks before sending text out: tags, entities, printf and
# brace placeholders, and text that looks like its own [X1X]/[S1S] tokens.
MT_PROTECTED = re.compile(
    r"<[^<>]+>"  # inline tags: <em>, </a>, <br/>, <a href="…">
    r"|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);"  # entities
    r"|%(?:\d+\$)?(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-+ #0]*(?:\d+|\*)?(?:\.\d+)?[sdifouxXeEgGcr%]"
    r"|\{[^{}\s]*\}"  # {name}, {0}, {\an8}
    r"|\[\s*[XS]\s*\d+\s*[XS]\s*\]"  # text that looks like our own tokens
)
# Markup and placeholders that are not words (pre-translation asks whether
# anything is left to translate once they are gone).
NOT_WORDS = re.compile(
    r"<[^<>]+>|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);"
    r"|%(?:\d+\$)?(?:\([A-Za-z_]\w*\))?[-+ #0]*\d*(?:\.\d+)?[sdifouxXeEgGcr]|\{[^{}\s]*\}"
)
# What a word count skips: tags, placeholders and entities (catalogs/stats).
NOT_COUNTED = re.compile(r"<[^>]*>|%\(\w+\)[a-z]|%\d*\$?[a-z]|\{[\w.]*\}|&\w+;")


@lru_cache(maxsize=4096)  # several checks strip the same two strings
def strip_markup(text: str) -> str:
    """``text`` without tags, ``{\\an8}`` codes and with entities decoded."""
    return html.unescape(ASS_CODE.sub("", TAG.sub("", text)))


def visible(text: str) -> str:
    """Cue text as a viewer reads it: no tags, no ``{\\an8}`` codes (entities kept)."""
    return ASS_CODE.sub("", TAG.sub("", text))


def tags_of(text: str) -> list[str]:
    """Normalised tags (``<a>``, ``</a>``, ``<br/>``) and override codes."""
    found = []
    for match in TAG.finditer(text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(4)
        if closing:
            found.append(f"</{name}>")
        elif self_closing or name in VOID_ELEMENTS:
            found.append(f"<{name}/>")
        else:
            found.append(f"<{name}>")
    found.extend(code.replace(" ", "") for code in ASS_CODE.findall(text))
    return found


def attributes_of(tag_attributes: str) -> list[tuple[str, str]]:
    """(name, unescaped value) of each attribute in TAG's attribute group."""
    result = []
    for match in ATTRIBUTE.finditer(tag_attributes):
        value = next((group for group in match.groups()[1:] if group is not None), "")
        result.append((match.group(1).lower(), html.unescape(value)))
    return result
