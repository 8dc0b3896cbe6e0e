"""The language-specific frame of one built page, spliced into its HTML.

A translated page (``formats.html.render_page``) still says ``lang="en"`` and
has an empty language switcher. This module edits exactly the places the site
build owns, and leaves every other byte as it is:

- the ``<html>`` start tag's ``lang`` and ``dir`` attributes;
- ``<head>``: a Content-Security-Policy that forbids scripts (pages are
  static; a translation that smuggled a script in would still not run), the
  stylesheet with the CJK font stacks, the canonical link, ``hreflang`` alternates and
  ``og:locale`` (+ ``og:locale:alternate``);
- the ``<nav data-l10n-switcher>`` marker, filled with the language switcher;
- each ``<video data-l10n-tracks="DOMAIN">``, given one ``<track>`` per
  subtitle language after its ``<source>`` elements.

Positions come from the standard library's HTML tokenizer, run over the
rendered page, so comments, scripts and attribute values that merely look like
tags are never mistaken for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

SCRIPTLESS_CSP = "script-src 'none'; object-src 'none'; base-uri 'none'"


@dataclass(frozen=True, slots=True)
class Link:
    """A link to one language's version of something (switcher, track, alternate)."""

    lang: str  # BCP 47 of the language the link is for
    href: str
    label: str = ""
    target_lang: str = ""  # BCP 47 of the page it leads to, when not ``lang``


@dataclass(frozen=True, slots=True)
class PageFrame:
    """What the site build puts around one page in one language."""

    lang: str
    direction: str = "ltr"
    stylesheets: tuple[str, ...] = ()
    alternates: tuple[Link, ...] = ()  # absolute URLs, x-default included
    canonical: str = ""  # the absolute URL of this page in this language
    og_locale: str = ""
    og_alternates: tuple[str, ...] = ()
    switcher: tuple[Link, ...] = ()
    tracks: dict[str, tuple[Link, ...]] = field(default_factory=dict)  # domain → tracks
    # Links to pages not published in this language → the page in the source
    # language (``film.html`` → ``../en/film.html``), with the target's hreflang.
    redirects: dict[str, Link] = field(default_factory=dict)
    content_security_policy: str = SCRIPTLESS_CSP


@dataclass(slots=True)
class _Tag:
    name: str
    attrs: dict[str, str | None]
    start: int
    end: int


@dataclass(slots=True)
class Landmarks:
    """Where the places the site build edits are in one page (character offsets)."""

    html_tag: _Tag | None = None
    head_open: _Tag | None = None
    head_close: int | None = None
    charset_meta: _Tag | None = None
    og_locale_metas: list[_Tag] = field(default_factory=list)
    switchers: list[tuple[_Tag, int]] = field(default_factory=list)  # nav, offset of </nav>
    # video, insert offset, start of the tag the tracks follow (to copy its indentation)
    videos: list[tuple[_Tag, int, int]] = field(default_factory=list)
    links: list[_Tag] = field(default_factory=list)  # a and area elements with an href
    has_script: bool = False


class _Scanner(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0]
        for match in re.finditer("\n", text):
            self.line_starts.append(match.end())
        self.found = Landmarks()
        self._open_nav: _Tag | None = None
        self._nav_depth = 0
        self._open_video: _Tag | None = None
        self._video_insert = 0
        self._video_anchor = -1

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        found = _Tag(tag, dict(attrs), start, start + len(raw))
        self._note_start(found)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def _note_start(self, tag: _Tag) -> None:
        landmarks = self.found
        if tag.name == "html" and landmarks.html_tag is None:
            landmarks.html_tag = tag
        elif tag.name == "head" and landmarks.head_open is None:
            landmarks.head_open = tag
        elif tag.name == "meta" and "charset" in tag.attrs and landmarks.charset_meta is None:
            landmarks.charset_meta = tag
        elif tag.name == "meta" and tag.attrs.get("property") in (
            "og:locale",
            "og:locale:alternate",
        ):
            landmarks.og_locale_metas.append(tag)
        elif tag.name == "script":
            landmarks.has_script = True
        elif tag.name in ("a", "area") and tag.attrs.get("href"):
            landmarks.links.append(tag)
        elif tag.name == "nav":
            if self._open_nav is not None:
                self._nav_depth += 1
            elif "data-l10n-switcher" in tag.attrs:
                self._open_nav, self._nav_depth = tag, 0
        elif tag.name == "video" and tag.attrs.get("data-l10n-tracks"):
            self._open_video, self._video_insert, self._video_anchor = tag, tag.end, -1
        elif tag.name in ("source", "track") and self._open_video is not None:
            self._video_insert, self._video_anchor = tag.end, tag.start

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        if tag == "head" and self.found.head_close is None:
            self.found.head_close = start
        elif tag == "nav" and self._open_nav is not None:
            if self._nav_depth:
                self._nav_depth -= 1
            else:
                self.found.switchers.append((self._open_nav, start))
                self._open_nav = None
        elif tag == "video" and self._open_video is not None:
            self.found.videos.append((self._open_video, self._video_insert, self._video_anchor))
            self._open_video = None


def find_landmarks(text: str) -> Landmarks:
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    return scanner.found


def missing_markers(text: str) -> list[str]:
    """What a source page lacks for the frame to be complete (one line each)."""
    found = find_landmarks(text)
    missing = []
    if found.html_tag is None:
        missing.append("no <html> start tag: the page's language cannot be set")
    if found.head_close is None:
        missing.append("no </head> end tag: no hreflang alternates, og:locale or CJK stylesheet")
    if not found.switchers:
        missing.append("no <nav data-l10n-switcher>: the page has no language switcher")
    return missing


_ATTRIBUTE = r"(?P<lead>\s){name}(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?(?=[\s/>])"


def set_attribute(tag_text: str, name: str, value: str) -> str:
    """``tag_text`` (a whole start tag) with ``name="value"`` set or replaced."""
    rendered = f'{name}="{_escape_attribute(value)}"'
    pattern = re.compile(_ATTRIBUTE.format(name=re.escape(name)), re.IGNORECASE)
    replaced, count = pattern.subn(lambda m: m.group("lead") + rendered, tag_text, count=1)
    if count:
        return replaced
    closing = len(tag_text) - (2 if tag_text.endswith("/>") else 1)
    return f"{tag_text[:closing].rstrip()} {rendered}{tag_text[closing:]}"


def _escape_attribute(value: str) -> str:
    # Double-quoted attribute values: only these characters need escaping
    # (a CSP's single quotes stay readable).
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _attributes(**values: str | bool) -> str:
    parts = []
    for name, value in values.items():
        name = name.rstrip("_").replace("_", "-")
        if value is True:
            parts.append(f" {name}")
        elif value:
            parts.append(f' {name}="{_escape_attribute(str(value))}"')
    return "".join(parts)


def switcher_html(links: tuple[Link, ...], current: str) -> str:
    """``<ul>`` of links labelled in each language's own name."""
    items = []
    for link in links:
        attributes = _attributes(
            href=link.href,
            lang=link.lang,
            hreflang=link.target_lang or link.lang,
            aria_current="page" if link.lang == current else "",
        )
        anchor = f"<a{attributes}>{escape(link.label)}</a>"
        items.append(f"<li>{anchor}</li>")
    return f"<ul>{''.join(items)}</ul>"


def track_html(link: Link, *, default: bool, indent: str) -> str:
    return (
        f"\n{indent}<track"
        f"{_attributes(kind='subtitles', src=link.href, srclang=link.lang, label=link.label)}"
        f"{' default' if default else ''}>"
    )


def head_html(frame: PageFrame, landmarks: Landmarks, indent: str) -> str:
    lines = [f'<link rel="stylesheet"{_attributes(href=href)}>' for href in frame.stylesheets]
    if frame.canonical:
        lines.append(f'<link rel="canonical"{_attributes(href=frame.canonical)}>')
    for link in frame.alternates:
        lines.append(f"<link{_attributes(rel='alternate', hreflang=link.lang, href=link.href)}>")
    if frame.og_locale and not any(
        tag.attrs.get("property") == "og:locale" for tag in landmarks.og_locale_metas
    ):
        lines.append(f'<meta property="og:locale"{_attributes(content=frame.og_locale)}>')
    for alternate in frame.og_alternates:
        lines.append(f'<meta property="og:locale:alternate"{_attributes(content=alternate)}>')
    return "".join(f"{indent}{line}\n" for line in lines)


def _line_indent(text: str, offset: int) -> tuple[int, str]:
    """The start of ``offset``'s line and its indentation, when only blanks precede it."""
    line_start = text.rfind("\n", 0, offset) + 1
    prefix = text[line_start:offset]
    return (line_start, prefix) if prefix.strip() == "" else (offset, "")


def apply_frame(text: str, frame: PageFrame) -> str:
    """``text`` with the frame spliced in (see the module docstring)."""
    landmarks = find_landmarks(text)
    edits: list[tuple[int, int, str]] = []
    if landmarks.html_tag is not None:
        tag = landmarks.html_tag
        new_tag = set_attribute(text[tag.start : tag.end], "lang", frame.lang)
        new_tag = set_attribute(new_tag, "dir", frame.direction)
        edits.append((tag.start, tag.end, new_tag))
    edits.extend(_head_edits(text, frame, landmarks))
    edits.extend(_redirect_edits(text, frame, landmarks))
    for nav, close in landmarks.switchers:
        edits.append((nav.end, close, switcher_html(frame.switcher, frame.lang)))
    for video, insert_at, anchor in landmarks.videos:
        links = frame.tracks.get(str(video.attrs.get("data-l10n-tracks")), ())
        if anchor >= 0:  # after the last <source>: the same indentation
            indent = _line_indent(text, anchor)[1]
        else:
            indent = _line_indent(text, video.start)[1] + "  "
        tracks = "".join(
            track_html(link, default=link.lang == frame.lang, indent=indent) for link in links
        )
        edits.append((insert_at, insert_at, tracks))
    for start, end, replacement in sorted(edits, key=lambda edit: edit[0], reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _redirect_edits(
    text: str, frame: PageFrame, landmarks: Landmarks
) -> list[tuple[int, int, str]]:
    edits = []
    for tag in landmarks.links if frame.redirects else []:
        href = str(tag.attrs.get("href"))
        page, hash_, fragment = href.partition("#")
        target = frame.redirects.get(page)
        if target is None:
            continue
        new = set_attribute(text[tag.start : tag.end], "href", target.href + hash_ + fragment)
        new = set_attribute(new, "hreflang", target.lang)
        edits.append((tag.start, tag.end, new))
    return edits


def _head_edits(text: str, frame: PageFrame, landmarks: Landmarks) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    for tag in landmarks.og_locale_metas:
        if tag.attrs.get("property") == "og:locale":
            new = set_attribute(text[tag.start : tag.end], "content", frame.og_locale)
            edits.append((tag.start, tag.end, new))
        else:  # the build writes the alternates itself, from what is published
            line_start, _ = _line_indent(text, tag.start)
            end = tag.end + 1 if text[tag.end : tag.end + 1] == "\n" else tag.end
            edits.append((line_start, end, ""))
    if frame.content_security_policy and not landmarks.has_script:
        anchor = landmarks.charset_meta or landmarks.head_open
        if anchor is not None:
            _, indent = _line_indent(text, anchor.start)
            meta = (
                f'<meta http-equiv="Content-Security-Policy"'
                f"{_attributes(content=frame.content_security_policy)}>"
            )
            edits.append((anchor.end, anchor.end, f"\n{indent}{meta}"))
    if landmarks.head_close is not None:
        insert_at, _ = _line_indent(text, landmarks.head_close)
        anchor = landmarks.charset_meta or landmarks.head_open
        child_indent = _line_indent(text, anchor.start)[1] if anchor is not None else ""
        head = head_html(frame, landmarks, child_indent)
        if insert_at == landmarks.head_close and text[insert_at - 1 : insert_at] not in ("\n", ""):
            head = "\n" + head  # </head> shares its line with other markup
        edits.append((insert_at, insert_at, head))
    return edits
