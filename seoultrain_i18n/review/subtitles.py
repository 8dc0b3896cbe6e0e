"""The subtitles view: each cue of a track with its translation as it will show.

A cue's translation is laid out exactly as a build lays it out
(``subtitles.tracks.lay_out``: the language's line breaking, the cue's own
position code and italics); its meters are the subtitle checks' own measures
(``checks.subtitles.width`` and ``characters_per_second``) against the
language's norms; its findings are those of the catalog checks on its message
and of the cue checks on the laid-out cue (``checks.tracks.check_track``).
"""

from __future__ import annotations

import html.parser
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seoultrain_i18n.checks.subtitles import characters_per_second, cue_lines, width
from seoultrain_i18n.checks.tracks import CheckedTrack, check_track
from seoultrain_i18n.fsutil import read_bytes
from seoultrain_i18n.model import Cue, Message, MessageKey
from seoultrain_i18n.review.session import (
    CatalogRef,
    Loaded,
    ReviewSession,
    finding_json,
    message_json,
)
from seoultrain_i18n.subtitles.cues import CueMessage, cue_messages, split_markup
from seoultrain_i18n.subtitles.localize import lay_out
from seoultrain_i18n.subtitles.sources import SourceTrack, discover_tracks, project_norms

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.subtitles.norms import Norms

VIDEO_TYPES = {".webm": "video/webm", ".mp4": "video/mp4", ".ogv": "video/ogg", ".mov": "video/mp4"}


@dataclass(slots=True)
class TrackView:
    """One track in one locale, ready to lay out cues of drafts too."""

    session: ReviewSession
    source: SourceTrack
    ref: CatalogRef
    norms: Norms
    items: list[CueMessage]

    @classmethod
    def open(cls, session: ReviewSession, locale: str, domain: str) -> TrackView:
        ref = session.ref(locale, domain)
        source = next((track for track in discover_tracks(session.project, [domain])), None)
        if source is None:
            from seoultrain_i18n.errors import I18nError

            raise I18nError(f"no source track for {domain!r}")
        items = cue_messages(session.project, source)  # numbered as in the source track
        norms = project_norms(session.project, ref.locale)
        return cls(session, source, ref, norms, items)

    def items_of(self, key: MessageKey) -> list[tuple[int, CueMessage]]:
        return [
            (number, item)
            for number, item in enumerate(self.items, start=1)
            if item.key is not None and item.key == key
        ]

    def cue(self, number: int, item: CueMessage, message: Message | None) -> dict[str, Any]:
        """A cue as the page shows it: timing, laid-out lines, meters and findings."""
        translation = message.translation if message is not None else ""
        source_cue = item.cue
        shown = ""
        if translation:
            shown = lay_out(item.markup, translation, self.ref.locale, self.norms)
        cue = Cue(number, source_cue.start_ms, source_cue.end_ms, shown, source_cue.line)
        lines = cue_lines(cue) if shown else []
        findings = []
        if message is not None and translation:
            findings = [finding_json(f) for f in self.session.findings(self.ref, message)]
            track = CheckedTrack(
                self.ref.domain,
                self.ref.locale,
                [cue],
                self.session.relative(self.ref.path),
                False,
                self.norms,
                [entry.cue for entry in self.items],
                [number - 1],
            )
            findings += [finding_json(f) for f in check_track(track, self.session.settings)]
        return {
            "number": number,
            "start_ms": source_cue.start_ms,
            "end_ms": source_cue.end_ms,
            "source": "\n".join(cue_lines(source_cue)),
            "key": list(item.key) if item.key else None,
            # What the viewer reads, as text: the laid-out lines without the
            # cue's own position code and italics (the overlay draws those),
            # any other markup left visible so a reviewer sees it.
            "lines": split_markup(shown).text.split("\n") if shown else [],
            "widths": [width(line, self.ref.locale) for line in lines],
            "cps": round(characters_per_second(cue, self.ref.locale), 2) if lines else 0,
            "counted_lines": len(lines),
            "italic": item.markup.italic and self.norms.italics_allowed,
            "top": bool(item.markup.position) and "8" in item.markup.position,
            "findings": findings,
            "verdict": self.session.verdict(self.ref, message) if message else "missing",
        }

    def view(self, loaded: Loaded) -> dict[str, Any]:
        index = loaded.catalog.index()
        messages: dict[str, dict[str, Any]] = {}
        cues = []
        for number, item in enumerate(self.items, start=1):
            if item.key is None:
                continue  # an empty cue: nothing to translate
            message = self._message(index, item)
            if message is not None and item.key is not None:
                messages[_key_id(message.key)] = message_json(message)
            cues.append(self.cue(number, item, message))
        video = find_video(self.session.project, self.ref.domain)
        return {
            "catalog": catalog_json(self.session, loaded),
            "norms": {
                "max_chars_per_line": self.norms.max_chars_per_line,
                "max_lines": self.norms.max_lines,
                "max_cps": self.norms.max_cps,
                "profile": self.norms.profile,
            },
            "video": f"/media/{self.ref.domain}" if video is not None else None,
            "video_path": self.session.relative(video) if video is not None else None,
            "messages": messages,
            "cues": cues,
        }

    def _message(self, index: dict[MessageKey, Message], item: CueMessage) -> Message | None:
        assert item.key is not None
        own = index.get(item.key)
        if (own is not None and own.translated) or item.shared_key is None:
            return own
        return index.get(item.shared_key) or own

    def preview(self, message: Message) -> list[dict[str, Any]]:
        """Every cue that shows ``message`` (a reviewer's draft), laid out and checked."""
        return [self.cue(number, item, message) for number, item in self.items_of(message.key)]


def _key_id(key: MessageKey) -> str:
    context, source = key
    return ("" if context is None else context + "\x04") + source


def catalog_json(session: ReviewSession, loaded: Loaded) -> dict[str, Any]:
    return {
        "domain": loaded.ref.domain,
        "locale": loaded.ref.locale,
        "source_locale": loaded.ref.source_locale,
        "path": session.relative(loaded.ref.path),
        "stamp": loaded.stamp.token(),
    }


class _VideoFinder(html.parser.HTMLParser):
    """The first ``<video data-l10n-tracks=DOMAIN>`` source of a page."""

    def __init__(self, domain: str) -> None:
        super().__init__()
        self.domain = domain
        self.inside = False
        self.found: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.found is not None:
            return
        if tag == "video":
            names = (values.get("data-l10n-tracks") or "").split()
            self.inside = self.domain in names
            if self.inside and values.get("src"):
                self.found = values["src"]
        elif tag == "source" and self.inside and values.get("src"):
            self.found = values["src"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "video":
            self.inside = False


def find_video(project: Project, domain: str) -> Path | None:
    """The video a track plays over: the one the site's page declares for it.

    A page's ``<video data-l10n-tracks="DOMAIN">`` names the video of each
    track (the bundled trailer clip for ``trailer``). Only a file inside the
    project with a video suffix is ever returned.
    """
    root = Path(project.root).resolve()
    content = Path(project.content_dir)
    if not content.is_dir():
        return None
    for page in sorted(content.glob("*.html")):
        finder = _VideoFinder(domain)
        try:
            finder.feed(read_bytes(page).decode("utf-8", errors="replace"))
        except (OSError, AssertionError):
            continue
        if not finder.found or "://" in finder.found or finder.found.startswith("/"):
            continue
        target = (page.parent / finder.found.split("?")[0].split("#")[0]).resolve()
        if target.is_relative_to(root) and target.is_file() and target.suffix in VIDEO_TYPES:
            return target
    return None
