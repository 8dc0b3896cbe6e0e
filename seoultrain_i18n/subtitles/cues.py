"""Cue ↔ message: which gettext message translates each cue of a source track.

Each cue becomes one message whose msgid is the cue's text *without* its
whole-cue markup (a ``{\\an8}`` position code, ``<i>…</i>`` or ``<font>``
around the whole cue) and with its lines joined into one paragraph: the
layout belongs to each language and is redone by ``linebreak`` on output.
Cue identity is that text, never the timing or the number, so re-timing or
renumbering the source keeps every translation, and identical lines share one
message (several references). An occurrence that needs its own rendering is
declared in ``[tool.seoultrain-i18n.subtitles] distinct``; it gets a message
whose msgctxt is derived from the previous cue's text (see docs/subtitles.md).

``catalog_cues`` is the model every consumer asks (checks, report, import):
for a track and a locale, each source cue with its message key, the message
in that locale's catalog and the catalog line it starts at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from seoultrain_i18n.config import Distinct
from seoultrain_i18n.markup import LEADING_OVERRIDE, POSITION_IN_OVERRIDE, WRAPPER
from seoultrain_i18n.model import Catalog, Cue, Message, MessageKey
from seoultrain_i18n.subtitles.linebreak import join_lines
from seoultrain_i18n.subtitles.sources import SourceTrack, source_track

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

CONTEXT_PREFIX = "after: "


# ---------------------------------------------------------------- whole-cue markup


@dataclass(frozen=True, slots=True)
class CueMarkup:
    """A cue's text split into whole-cue markup and the text to translate.

    ``position`` is a leading override block such as ``{\\an8}`` (kept whole);
    ``wrappers`` the tags around the whole cue, outermost first, as
    (opening tag, closing tag); ``text`` what remains, lines as in the file.
    """

    position: str
    wrappers: tuple[tuple[str, str], ...]
    text: str

    @property
    def italic(self) -> bool:
        return any(opening.lower() == "<i>" for opening, _ in self.wrappers)


def split_markup(text: str) -> CueMarkup:
    """``{\\an8}<i>Hello</i>`` → position ``{\\an8}``, wrappers ``<i>``, text ``Hello``."""
    position = ""
    match = LEADING_OVERRIDE.match(text)
    if match is not None and POSITION_IN_OVERRIDE.search(match.group(0)):
        position, text = match.group(0), text[match.end() :]
    wrappers: list[tuple[str, str]] = []
    while True:
        lines = text.strip().split("\n")
        whole = WRAPPER.match(text.strip())
        if whole is not None and _balanced(whole.group(3), whole.group(1)):
            name = whole.group(1)
            wrappers.append((f"<{name}{whole.group(2)}>", f"</{name}>"))
            text = whole.group(3)
            continue
        per_line = [WRAPPER.match(line.strip()) for line in lines]
        if len(lines) > 1 and all(per_line):
            names = {m.group(1).lower() + m.group(2) for m in per_line if m is not None}
            first = per_line[0]
            if (
                len(names) == 1
                and first is not None
                and all(m is not None and _balanced(m.group(3), m.group(1)) for m in per_line)
            ):
                wrappers.append((f"<{first.group(1)}{first.group(2)}>", f"</{first.group(1)}>"))
                text = "\n".join(m.group(3) for m in per_line if m is not None)
                continue
        return CueMarkup(position, tuple(wrappers), text.strip())


def _balanced(inner: str, name: str) -> bool:
    """True when ``inner`` does not close the wrapper early (``<i>a</i> b <i>c</i>``)."""
    depth = 0
    for tag in re.finditer(rf"<(/?){name}\b[^<>]*>", inner, re.IGNORECASE):
        depth += -1 if tag.group(1) else 1
        if depth < 0:
            return False
    return depth == 0


def join_markup(markup: CueMarkup, text: str, *, italics: bool = True) -> str:
    """The markup put back around ``text`` (italic wrappers only if ``italics``)."""
    for opening, closing in reversed(markup.wrappers):
        if opening.lower() == "<i>" and not italics:
            continue
        text = f"{opening}{text}{closing}"
    return markup.position + text


def cue_source_text(cue: Cue, locale: str) -> str:
    """The msgid of a cue: its text without whole-cue markup, as one paragraph."""
    return join_lines(split_markup(cue.text).text.split("\n"), locale)


# ---------------------------------------------------------------- cue → message


def distinct_rules(project: Project) -> list[Distinct]:
    return list(project.config.subtitles.distinct)


def context_for(previous_text: str) -> str:
    """The msgctxt of a distinct occurrence: derived from the previous cue's text."""
    return CONTEXT_PREFIX + previous_text


@dataclass(frozen=True, slots=True)
class CueMessage:
    """A source cue, its markup, and the key of the message that translates it."""

    cue: Cue
    markup: CueMarkup
    key: MessageKey | None  # None: nothing to translate (an empty cue)
    shared_key: MessageKey | None  # the message without context, for a distinct occurrence


# The last few answers of ``cue_messages``: a track is seen in every locale
# (laid out, checked, reported), and its cues are the same each time.
_KEPT_CUE_MESSAGES: list[
    tuple[SourceTrack, tuple[Cue, ...], frozenset[tuple[str, str]], list[CueMessage]]
] = []


def cue_messages(project: Project, source: SourceTrack) -> list[CueMessage]:
    """Every cue of a source track with the key of its message, in order."""
    rules = frozenset(
        (rule.text, rule.after) for rule in distinct_rules(project) if rule.track == source.domain
    )
    cues = tuple(source.track.cues)
    for kept_source, kept_cues, kept_rules, kept in _KEPT_CUE_MESSAGES:
        if kept_source is source and kept_rules == rules and kept_cues == cues:
            return list(kept)
    result = _cue_messages(source, rules)
    _KEPT_CUE_MESSAGES.insert(0, (source, cues, rules, result))
    del _KEPT_CUE_MESSAGES[4:]
    return list(result)


def _cue_messages(source: SourceTrack, rules: frozenset[tuple[str, str]]) -> list[CueMessage]:
    texts = [cue_source_text(cue, source.locale) for cue in source.track.cues]
    result: list[CueMessage] = []
    for position, cue in enumerate(source.track.cues):
        markup = split_markup(cue.text)
        text = texts[position]
        if not text:
            result.append(CueMessage(cue, markup, None, None))
            continue
        previous = texts[position - 1] if position else ""
        if (text, previous) in rules:
            result.append(CueMessage(cue, markup, (context_for(previous), text), (None, text)))
        else:
            result.append(CueMessage(cue, markup, (None, text), None))
    return result


def source_cue_messages(project: Project, domain: str) -> list[tuple[Cue, MessageKey]]:
    """Ordered source cues with the key of the message that translates each
    (cues with nothing to translate are left out)."""
    source = source_track(project, domain)
    return [(item.cue, item.key) for item in cue_messages(project, source) if item.key]


# ---------------------------------------------------------------- the catalog of a track


def track_catalog_path(project: Project, domain: str, locale: str) -> Path:
    """``locales/LOCALE/LC_MESSAGES/DOMAIN.po``."""
    from seoultrain_i18n.catalogs.layout import catalog_path

    return catalog_path(project, locale, domain)


def load_track_catalog(project: Project, domain: str, locale: str) -> Catalog | None:
    """The track's catalog in ``locale``, or None when there is none yet."""
    from seoultrain_i18n.checks.memo import read_catalog

    path = track_catalog_path(project, domain, locale)
    if not path.is_file():
        return None
    return read_catalog(path, domain, locale)


@dataclass(frozen=True, slots=True)
class CatalogCue:
    """A source cue seen from one locale's catalog.

    ``cue`` is the source cue as written (``cue.index`` its own number,
    ``cue.line`` its timing line); ``position`` its 0-based place in the
    track; ``key`` the message that translates it (None for an empty cue);
    ``message`` that message in the catalog (None when the catalog lacks it).
    """

    cue: Cue
    position: int
    key: MessageKey | None
    message: Message | None

    @property
    def catalog_line(self) -> int:
        """The line the message starts at in the catalog (0 when absent)."""
        return self.message.line if self.message is not None else 0


def catalog_cues(
    project: Project, source: SourceTrack, locale: str, catalog: Catalog | None = None
) -> list[CatalogCue]:
    """Every cue of ``source`` with its message in ``locale``'s catalog, in order.

    ``catalog`` may be given when the caller has already read it; otherwise
    it is read from disk (no catalog: every ``message`` is None). A distinct
    occurrence whose own message is missing points to the shared one.
    """
    if catalog is None:
        catalog = load_track_catalog(project, source.domain, locale)
    index = catalog.index() if catalog is not None else {}
    result: list[CatalogCue] = []
    for position, item in enumerate(cue_messages(project, source)):
        message = index.get(item.key) if item.key is not None else None
        if message is None and item.shared_key is not None:
            message = index.get(item.shared_key)
        result.append(CatalogCue(item.cue, position, item.key, message))
    return result
