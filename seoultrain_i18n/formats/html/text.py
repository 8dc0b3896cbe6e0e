"""The text format of a segment, and the character classes HTML shares.

A segment's text is the msgid a translator sees: inline tags as bare names
(``<em>``, ``<a1>``, ``<br/>``), ``&`` and ``<`` written as ``&amp;``/``&lt;``
only where they would otherwise read as markup (docs/html-extraction.md).
"""

from __future__ import annotations

import html
import re

from seoultrain_i18n.markup import ANY_TAG, MARKUP_OPENER, SEGMENT_TAG_LIKE

WHITESPACE = "\t\n\f\r "
COLLAPSE = re.compile(r"[\t\n\f\r ]+")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
TAG_LIKE = SEGMENT_TAG_LIKE  # the markup of a segment's text (markup.py)


def word_count(text: str) -> int:
    """Words of a segment's text, tags left out."""
    return len(TAG_LIKE.sub(" ", text).split())


def encode_text(text: str) -> str:
    """Plain characters → a segment's text: ``&`` and ``<`` are written as
    ``&amp;``/``&lt;`` only where they would otherwise read as markup."""

    def amp(match: re.Match[str]) -> str:
        reference = match.group()
        return "&amp;" + reference[1:] if html.unescape(reference) != reference else reference

    text = CHARREF.sub(amp, text)
    return MARKUP_OPENER.sub("&lt;", text)


def decode_text(text: str) -> str:
    """A segment's text without tags → plain characters."""
    return html.unescape(text)


def has_words(source: str) -> bool:
    return bool(decode_text(TAG_LIKE.sub("", source)).strip())


def normalize(text: str) -> str:
    return COLLAPSE.sub(" ", text).strip(WHITESPACE)


def strip_tags(text: str) -> str:
    return normalize(html.unescape(ANY_TAG.sub(" ", text)))


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape_text(text: str) -> str:
    text = CONTROL.sub("\ufffd", text)  # HTML forbids them; a translation may not add them
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(text: str) -> str:
    return escape_text(text).replace('"', "&quot;")
