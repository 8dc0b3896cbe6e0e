"""Templates of subtitle tracks: one ``locales/NAME.pot`` per source track.

Translators see, per occurrence, ``#.`` notes with the cue's own number (as
written in the source file), its timing and duration, the previous and next
cue's text and the character budget of each target language (reading speed
× duration, capped by lines × characters).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.model import Catalog, Message, MessageKey
from seoultrain_i18n.subtitles.cues import CueMessage, cue_messages
from seoultrain_i18n.subtitles.norms import Norms
from seoultrain_i18n.subtitles.sources import (
    SourceTrack,
    discover_tracks,
    project_norms,
    track_targets,
)
from seoultrain_i18n.timecode import srt_range

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

Progress = Callable[[int], None] | None
SOURCE_LANGUAGE_HEADER = "X-Source-Language"


def character_budget(duration_ms: int, norms: Norms) -> float:
    """Characters a cue may hold: reading speed × duration, capped by the layout."""
    by_speed = norms.max_cps * max(duration_ms, 0) / 1000
    by_layout = norms.max_lines * norms.max_chars_per_line
    return int(min(by_speed, by_layout) * 2) / 2  # whole or half characters, rounded down


def _format_budget(value: float) -> str:
    return f"{value:g}"


def _quote(text: str) -> str:
    return text.replace("\n", " / ") if text else "(none)"


def _occurrence_notes(
    project: Project, source: SourceTrack, items: list[CueMessage], position: int
) -> list[str]:
    item = items[position]
    cue = item.cue
    previous = _neighbour_text(items, position, -1)
    following = _neighbour_text(items, position, +1)
    budgets = ", ".join(
        f"{locale_ids.to_bcp47(locale)} "
        + _format_budget(character_budget(cue.duration_ms, project_norms(project, locale)))
        for locale in track_targets(project, source)
    )
    notes = [
        f"Cue {cue.index}: {srt_range(cue.start_ms, cue.end_ms)} ({cue.duration_ms / 1000:.2f} s)",
        f"Budget (characters): {budgets}",
        f"Previous: {_quote(previous)}",
        f"Next: {_quote(following)}",
    ]
    shown = []
    if item.markup.position:
        shown.append(f"position {item.markup.position}")
    styles = {"<i>": "italics", "<b>": "bold", "<u>": "underlined"}
    shown.extend(
        "in " + styles.get(opening.lower(), opening) for opening, _ in item.markup.wrappers
    )
    if shown:
        notes.append("Shown " + ", ".join(shown) + " (added back automatically; do not type it)")
    return notes


def _neighbour_text(items: list[CueMessage], position: int, step: int) -> str:
    index = position + step
    if 0 <= index < len(items):
        key = items[index].key
        return key[1] if key is not None else ""
    return ""


def template_header(project: Project, source_locale: str) -> list[tuple[str, str]]:
    return [
        ("Project-Id-Version", project.name),
        ("Report-Msgid-Bugs-To", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        (SOURCE_LANGUAGE_HEADER, source_locale),
    ]


def track_template(project: Project, source: SourceTrack) -> Catalog:
    """The template Catalog of one source track (domain = track name)."""
    catalog = Catalog(domain=source.domain, header=template_header(project, source.locale))
    by_key: dict[MessageKey, Message] = {}
    items = cue_messages(project, source)
    reference_path = project.relative(source.path)
    for position, item in enumerate(items):
        if item.key is None:
            continue
        message = by_key.get(item.key)
        if message is None:
            message = Message(source=item.key[1], context=item.key[0])
            by_key[item.key] = message
            catalog.messages.append(message)
        message.references.append(f"{reference_path}:{item.cue.line}")
        message.notes.extend(_occurrence_notes(project, source, items, position))
    return catalog


def extract_track_templates(
    project: Project, on_progress: Progress = None, problems: list[I18nError] | None = None
) -> list[Catalog]:
    """One template per source track (``locales/NAME.pot`` is written by the caller).

    With ``problems``, an unreadable track is appended there and the others
    still get their template (see ``sources.discover_tracks``).
    """
    templates = []
    for source in discover_tracks(project, problems=problems):
        templates.append(track_template(project, source))
        if on_progress:
            on_progress(1)
    return templates
