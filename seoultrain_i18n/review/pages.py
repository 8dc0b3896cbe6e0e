"""The pages view: a site page in English and in a target language, each message marked.

Both versions are rendered by the site build's own renderer
(``formats.html.render_page``), so a translation appears exactly as the
published page would show it: only its source's inline tags become markup,
with the source's attributes; anything else is written as text. To mark
where each message is, the lookup wraps every text translation in private-use
marker characters, which the renderer treats as text; afterwards each marker
pair becomes ``<span class="review-seg" data-seg="N">``. Attribute and
``<title>`` translations get no marker (no element can go there).

The preview is served into a sandboxed frame without scripts (see server.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.formats.html import Page, Segment, read_page, render_page
from seoultrain_i18n.model import Catalog, Message
from seoultrain_i18n.review.session import Loaded, ReviewSession, message_json

OPEN, MIDDLE, CLOSE = "\ue000", "\ue001", "\ue002"
_MARKERS = re.compile(f"[{OPEN}{MIDDLE}{CLOSE}]")
_OPENING = re.compile(f"{OPEN}(\\d+){MIDDLE}")
PREVIEW_STYLESHEET = '<link rel="stylesheet" href="/static/preview.css">'


@dataclass(frozen=True, slots=True)
class PageRef:
    name: str
    path: Path


def page_refs(session: ReviewSession) -> list[PageRef]:
    from seoultrain_i18n.extract import page_paths

    return [PageRef(path.name, path) for path in page_paths(session.project)]


def load_page(session: ReviewSession, name: str) -> Page:
    for ref in page_refs(session):
        if ref.name == name:
            return read_page(ref.path, session.relative(ref.path))
    raise I18nError(f"no page {name!r} in {session.relative(session.project.content_dir)}/")


def _marked(index: int, text: str) -> str:
    return f"{OPEN}{index}{MIDDLE}{_MARKERS.sub('', text)}{CLOSE}"


def _markable(segment: Segment) -> bool:
    return segment.kind == "text" and segment.element != "title"


def render_marked(page: Page, catalog: Catalog | None) -> str:
    """The page with each text message wrapped in a marked span.

    ``catalog`` None renders the source (English) page; otherwise every
    translation is shown, drafts included (the reviewer judges them), and an
    untranslated message shows its source text.
    """
    index = catalog.index() if catalog is not None else {}
    positions = {id(segment): number for number, segment in enumerate(page.segments)}

    def lookup(segment: Segment) -> str | None:
        message = index.get((segment.context, segment.source))
        usable = message is not None and message.translated and message.source_plural is None
        text = message.translation if usable and message is not None else None
        if not _markable(segment):
            return None if text is None else _MARKERS.sub("", text)
        return _marked(positions[id(segment)], text if text is not None else segment.source)

    rendered = render_page(page, lookup, fallback_lang=None).html
    rendered = _OPENING.sub(r'<span class="review-seg" data-seg="\1">', rendered)
    rendered = rendered.replace(CLOSE, "</span>").replace(OPEN, "").replace(MIDDLE, "")
    head_end = rendered.lower().find("</head>")
    if head_end >= 0:
        rendered = rendered[:head_end] + PREVIEW_STYLESHEET + "\n" + rendered[head_end:]
    return rendered


def page_view(session: ReviewSession, loaded: Loaded, page: Page) -> dict[str, Any]:
    """The page's messages in order, with their translations and findings."""
    from seoultrain_i18n.review.subtitles import catalog_json

    index = loaded.catalog.index()
    segments = []
    messages: dict[str, dict[str, Any]] = {}
    for number, segment in enumerate(page.segments):
        key = (segment.context, segment.source)
        message = index.get(key)
        key_id = ("" if segment.context is None else segment.context + "\x04") + segment.source
        if message is not None and key_id not in messages:
            shown = message_json(message)
            shown["findings"] = _findings(session, loaded, message)
            shown["verdict"] = session.verdict(loaded.ref, message)
            messages[key_id] = shown
        segments.append(
            {
                "seg": number,
                "key": [segment.context, segment.source],
                "id": key_id,
                "line": segment.line,
                "element": segment.element,
                "attribute": segment.attribute,
                "marked": _markable(segment),
                "in_catalog": message is not None,
            }
        )
    return {"catalog": catalog_json(session, loaded), "segments": segments, "messages": messages}


def _findings(session: ReviewSession, loaded: Loaded, message: Message) -> list[dict[str, Any]]:
    from seoultrain_i18n.review.session import finding_json

    if not message.translated:
        return []
    return [finding_json(f) for f in session.findings(loaded.ref, message)]
