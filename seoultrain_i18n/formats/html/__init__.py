"""HTML pages ↔ translatable segments, and segments back into pages.

``parse_page`` reads one page into a tree that keeps the source offset of
every token (``tree``), and cuts it into ``Segment``s (``extract``): the text
units (block-level elements such as ``p``, ``li``, ``h1``, ``td``,
``figcaption``, ``title``…, with inline markup kept as bare tag names) and the
translatable attributes (``alt``, ``title``, ``aria-label``, ``placeholder``,
meta description and Open Graph text). ``render_page`` (``render``) writes the
page again with each segment replaced by its translation; every byte outside a
replaced segment is the source's own.

This package knows HTML only, not catalogs: the caller maps a segment to a
translation through the ``lookup`` callable. The markup language of a
segment's text (``text``: which tags, how they are numbered, how ``&`` and
``<`` are written) is described in docs/html-extraction.md.
"""

from seoultrain_i18n.formats.html.extract import decode_html, parse_page, read_page
from seoultrain_i18n.formats.html.page import Page, Segment
from seoultrain_i18n.formats.html.render import Lookup, RenderProblem, RenderResult, render_page
from seoultrain_i18n.formats.html.text import decode_text, encode_text, word_count
from seoultrain_i18n.formats.html.tree import unescape_attribute

__all__ = [
    "Lookup",
    "Page",
    "RenderProblem",
    "RenderResult",
    "Segment",
    "decode_html",
    "decode_text",
    "encode_text",
    "parse_page",
    "read_page",
    "render_page",
    "unescape_attribute",
    "word_count",
]
