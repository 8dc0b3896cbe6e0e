"""Laying out one subtitle track in one locale, in memory.

Each cue of a source track gets its message's translation from the locale's
catalog, laid out by ``linebreak`` for that language with the cue's
whole-cue markup put back; the timing is the source's. A cue without a
usable translation (untranslated, fuzzy, or withheld by the verdict) keeps
the source text and is listed in ``LocalizedTrack.missing``.
``subtitles.tracks`` writes the files; the checks and the review look at the
same layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.model import Catalog, Cue, Message, MessageKey
from seoultrain_i18n.subtitles.cues import (
    CueMarkup,
    CueMessage,
    cue_messages,
    join_markup,
    load_track_catalog,
    split_markup,
)
from seoultrain_i18n.subtitles.linebreak import break_lines
from seoultrain_i18n.subtitles.norms import Norms
from seoultrain_i18n.subtitles.sources import SourceTrack, project_norms
from seoultrain_i18n.timecode import srt_range

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project


@dataclass(frozen=True, slots=True)
class Missing:
    """A cue without a usable translation (``position``: 1-based place in the track)."""

    position: int
    cue: Cue
    text: str
    reason: str  # "untranslated" | "fuzzy" | "withheld: path:line CODE what"

    def describe(self) -> str:
        return (
            f"cue {self.cue.index} {srt_range(self.cue.start_ms, self.cue.end_ms)} "
            f"({self.reason}): {self.text.replace(chr(10), ' / ')}"
        )

    @property
    def withheld(self) -> bool:
        return self.reason.startswith("withheld")


@dataclass(slots=True)
class LocalizedTrack:
    """A track in one locale, in memory: its cues and which cues fell short."""

    domain: str
    locale: str
    cues: list[Cue]
    missing: list[Missing] = field(default_factory=list)


def _usable(message: Message | None, include_fuzzy: bool) -> bool:
    return message is not None and message.translated and (include_fuzzy or not message.fuzzy)


def _translation_for(
    index: dict[MessageKey, Message],
    item: CueMessage,
    include_fuzzy: bool,
    withheld: Mapping[MessageKey, str],
) -> tuple[str | None, str]:
    """(translation or None, reason it is missing).

    A cue's own message first; an untranslated distinct occurrence falls back
    to the shared message of the same text."""
    assert item.key is not None
    fuzzy = False
    for key in (item.key, item.shared_key):
        if key is None:
            continue
        if key in withheld:
            return None, "withheld: " + withheld[key]
        message = index.get(key)
        if message is not None and _usable(message, include_fuzzy):
            return message.translation, ""
        fuzzy = fuzzy or (message is not None and message.translated)
    return None, "fuzzy" if fuzzy else "untranslated"


@lru_cache(maxsize=1 << 16)
def lay_out(markup: CueMarkup, translation: str, locale: str, norms: Norms) -> str:
    """A translation as it appears on screen: broken into lines, markup restored.

    Pure, so memoised: a build lays out each line once even though the checks
    and the report look at the same tracks again.

    A translator who retyped the cue's own position code or wrapper does not
    get it twice.
    """
    typed = split_markup(translation)
    if typed.position in ("", markup.position) and set(typed.wrappers) <= set(markup.wrappers):
        translation = typed.text
    return join_markup(
        markup, break_lines(translation, locale, norms), italics=norms.italics_allowed
    )


def localize(
    project: Project,
    source: SourceTrack,
    locale: str,
    *,
    include_fuzzy: bool = False,
    catalog: Catalog | None = None,
    withheld: Mapping[MessageKey, str] | None = None,
) -> LocalizedTrack:
    """The track in ``locale``; untranslated cues keep the source text and are listed,
    as are cues whose message is in ``withheld`` (key -> why)."""
    locale = locale_ids.normalize(locale)
    norms = project_norms(project, locale)
    if catalog is None:
        catalog = load_track_catalog(project, source.domain, locale)
    index = catalog.index() if catalog is not None else {}
    result = LocalizedTrack(source.domain, locale, [])
    for number, item in enumerate(cue_messages(project, source), start=1):
        cue = item.cue
        text = cue.text
        if item.key is not None:
            translation, reason = _translation_for(index, item, include_fuzzy, withheld or {})
            if translation is None:
                result.missing.append(Missing(number, cue, cue.text, reason))
            else:
                text = lay_out(item.markup, translation, locale, norms)
        result.cues.append(Cue(number, cue.start_ms, cue.end_ms, text, cue.line, cue.settings))
    return result
