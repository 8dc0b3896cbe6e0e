"""Subtitle tracks ↔ gettext: extraction into templates and building localized tracks.

A source track ``subtitles/NAME.LANG.srt`` is the domain NAME, written in LANG.
Each cue becomes one message whose msgid is the cue's text *without* its
whole-cue markup (a ``{\\an8}`` position code, ``<i>…</i>`` or ``<font>``
around the whole cue) and with its lines joined into one paragraph: the
layout belongs to each language and is redone by ``linebreak`` on output.
Cue identity is that text, never the timing or the number, so re-timing or
renumbering the source keeps every translation, and identical lines share one
message (several references). An occurrence that needs its own rendering is
declared in ``[tool.seoultrain-i18n.subtitles] distinct``; it gets a message
whose msgctxt is derived from the previous cue's text (see docs/subtitles.md).

Translators see, per occurrence, ``#.`` notes with the cue's timing and
duration, the previous and next cue's text and the character budget of each
target language (reading speed × duration, capped by lines × characters).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import BuildError, ConfigError, I18nError, MultipleErrors, ParseError
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.formats.srt import generate_srt, read_srt
from seoultrain_i18n.formats.vtt import generate_vtt
from seoultrain_i18n.fsutil import write_if_changed
from seoultrain_i18n.markup import LEADING_OVERRIDE, POSITION_IN_OVERRIDE, WRAPPER
from seoultrain_i18n.model import Catalog, Cue, Message, MessageKey, Track
from seoultrain_i18n.subtitles.linebreak import break_lines, join_lines
from seoultrain_i18n.subtitles.norms import Norms, norms_for

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

Progress = Callable[[int], None] | None
SOURCE_LANGUAGE_HEADER = "X-Source-Language"
CONTEXT_PREFIX = "after: "


# ---------------------------------------------------------------- markup


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


# ---------------------------------------------------------------- source tracks


@dataclass(frozen=True, slots=True)
class SourceTrack:
    """One ``subtitles/NAME.LANG.srt``: domain NAME in locale LANG."""

    domain: str
    locale: str
    path: Path
    track: Track

    @property
    def encoding(self) -> str:
        return self.track.encoding


def _name_parts(path: Path) -> tuple[str, str] | None:
    parts = path.name.split(".")
    if len(parts) != 3 or not parts[0]:
        return None
    return parts[0], parts[1]


@lru_cache(maxsize=64)
def _read_cached(path: str, mtime_ns: int, size: int, language: str) -> Track:
    return read_srt(path, language=language)


def read_track(path: Path, language: str) -> Track:
    """A source track, read once per process while the file is unchanged."""
    try:
        stat = path.stat()
    except OSError as error:
        raise ParseError(path, None, f"cannot read: {error.strerror}") from None
    return _read_cached(str(path), stat.st_mtime_ns, stat.st_size, language)


def discover_tracks(project: Project, domains: Iterable[str] = ()) -> list[SourceTrack]:
    """Every source track of the project (sorted by domain); all bad files reported."""
    wanted = set(domains)
    folder = project.subtitles_dir
    if not folder.is_dir():
        return []
    found: dict[str, SourceTrack] = {}
    errors: list[I18nError] = []
    for path in sorted(folder.glob("*.srt")):
        parts = _name_parts(path)
        if parts is None:
            errors.append(
                ParseError(
                    path, None, "a source track is named NAME.LANG.srt (e.g. trailer.en.srt)"
                )
            )
            continue
        domain, tag = parts
        if wanted and domain not in wanted:
            continue
        try:
            locale = locale_ids.normalize(tag)
        except I18nError:
            errors.append(ParseError(path, None, f"{tag!r} is not a language tag"))
            continue
        if domain in found:
            errors.append(
                ParseError(
                    path,
                    None,
                    f"a second source track for {domain!r} (first: {found[domain].path.name})",
                )
            )
            continue
        try:
            track = read_track(path, locale_ids.to_bcp47(locale))
        except I18nError as error:
            errors.append(error)
            continue
        found[domain] = SourceTrack(domain, locale, path, track)
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(errors)
    return [found[domain] for domain in sorted(found)]


def source_track(project: Project, domain: str) -> SourceTrack:
    tracks = discover_tracks(project, [domain])
    if not tracks:
        raise I18nError(
            f"no source track for {domain!r} in {project.relative(project.subtitles_dir)}/"
            f" (expected {domain}.LANG.srt)"
        )
    return tracks[0]


def track_targets(project: Project, source: SourceTrack) -> list[str]:
    """The locales a track is translated into: project locales minus its own."""
    result: list[str] = []
    for locale in [project.source_locale, *project.target_locales]:
        if locale != source.locale and locale not in result:
            result.append(locale)
    return result


def project_norms(project: Project, locale: str) -> Norms:
    """The norms of ``locale`` with the project's overrides and reading-speed profile."""
    norms = norms_for(locale, project.norm_overrides())
    profile = str(project.get("norms.profile") or norms.profile)
    return norms if profile == norms.profile else replace(norms, profile=profile)


# ---------------------------------------------------------------- cue → message


@dataclass(frozen=True, slots=True)
class Distinct:
    """A declared occurrence with its own message: ``text`` after the cue ``after``."""

    track: str
    text: str
    after: str


def distinct_rules(project: Project) -> list[Distinct]:
    rules: list[Distinct] = []
    for number, entry in enumerate(project.get("subtitles.distinct"), start=1):
        if not isinstance(entry, dict) or not {"track", "text", "after"} <= set(entry):
            raise ConfigError(
                f"[tool.seoultrain-i18n.subtitles] distinct entry {number}: expected a table "
                "with track, text and after (the previous cue's text)"
            )
        rules.append(Distinct(str(entry["track"]), str(entry["text"]), str(entry["after"])))
    return rules


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


def cue_messages(project: Project, source: SourceTrack) -> list[CueMessage]:
    """Every cue of a source track with the key of its message, in order."""
    rules = {
        (rule.text, rule.after) for rule in distinct_rules(project) if rule.track == source.domain
    }
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


# ---------------------------------------------------------------- extraction


def srt_time(ms: int) -> str:
    sign = "-" if ms < 0 else ""
    hours, rest = divmod(abs(ms), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{sign}{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


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
    project: Project, source: SourceTrack, items: list[CueMessage], position: int, number: int
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
        f"Cue {number}: {srt_time(cue.start_ms)} --> {srt_time(cue.end_ms)} "
        f"({cue.duration_ms / 1000:.2f} s)",
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
        message.notes.extend(_occurrence_notes(project, source, items, position, position + 1))
    return catalog


def extract_track_templates(project: Project, on_progress: Progress = None) -> list[Catalog]:
    """One template per source track (``locales/NAME.pot`` is written by the caller)."""
    templates = []
    for source in discover_tracks(project):
        templates.append(track_template(project, source))
        if on_progress:
            on_progress(1)
    return templates


# ---------------------------------------------------------------- building


@dataclass(frozen=True, slots=True)
class Missing:
    """A cue without a usable translation."""

    number: int
    cue: Cue
    text: str
    reason: str  # "untranslated" | "fuzzy"

    def describe(self) -> str:
        return (
            f"cue {self.number} {srt_time(self.cue.start_ms)} --> {srt_time(self.cue.end_ms)} "
            f"({self.reason}): {self.text.replace(chr(10), ' / ')}"
        )


@dataclass(slots=True)
class LocalizedTrack:
    """A track in one locale, in memory: its cues and which cues fell short."""

    domain: str
    locale: str
    cues: list[Cue]
    missing: list[Missing] = field(default_factory=list)


def _load_catalog(project: Project, domain: str, locale: str) -> Catalog | None:
    from seoultrain_i18n.catalogs.layout import catalog_path

    path = catalog_path(project, locale, domain)
    if not path.is_file():
        return None
    return read_po(path, domain=domain, locale=locale)


def _usable(message: Message | None, include_fuzzy: bool) -> bool:
    return message is not None and message.translated and (include_fuzzy or not message.fuzzy)


def _translation_for(
    index: dict[MessageKey, Message], item: CueMessage, include_fuzzy: bool
) -> tuple[str | None, str]:
    """(translation or None, reason it is missing)."""
    assert item.key is not None
    own = index.get(item.key)
    if _usable(own, include_fuzzy):
        assert own is not None
        return own.translation, ""
    if item.shared_key is not None:  # an untranslated distinct occurrence falls back
        shared = index.get(item.shared_key)
        if _usable(shared, include_fuzzy):
            assert shared is not None
            return shared.translation, ""
        own = own if own is not None and own.translated else shared
    return None, "fuzzy" if own is not None and own.translated else "untranslated"


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
) -> LocalizedTrack:
    """The track in ``locale``; untranslated cues keep the source text and are listed."""
    locale = locale_ids.normalize(locale)
    norms = project_norms(project, locale)
    if catalog is None:
        catalog = _load_catalog(project, source.domain, locale)
    index = catalog.index() if catalog is not None else {}
    result = LocalizedTrack(source.domain, locale, [])
    for number, item in enumerate(cue_messages(project, source), start=1):
        cue = item.cue
        text = cue.text
        if item.key is not None:
            translation, reason = _translation_for(index, item, include_fuzzy)
            if translation is None:
                result.missing.append(Missing(number, cue, cue.text, reason))
            else:
                text = lay_out(item.markup, translation, locale, norms)
        result.cues.append(Cue(number, cue.start_ms, cue.end_ms, text, cue.line, cue.settings))
    return result


def localized_cues(
    project: Project,
    domain: str,
    locale: str,
    *,
    include_fuzzy: bool = False,
    fallback_to_source: bool = False,
) -> list[Cue]:
    """The translated cues of a track after line breaking (nothing is written).

    ``Cue.index`` is the cue's position in the source track (1-based) and
    ``Cue.line`` its timing line there. Cues without a usable translation are
    left out unless ``fallback_to_source`` (then they carry the source text).
    """
    _load_segment_cache(project)
    localized = localize(
        project, source_track(project, domain), locale, include_fuzzy=include_fuzzy
    )
    if fallback_to_source:
        return localized.cues
    missing = {entry.number for entry in localized.missing}
    return [cue for cue in localized.cues if cue.index not in missing]


@dataclass(frozen=True, slots=True)
class BuiltTrack:
    """One written track: ``build/subtitles/NAME.BCP47.srt`` and ``.vtt``.

    ``locale`` is the track's locale (the top one for a bilingual track, whose
    ``bilingual`` holds (top, bottom)); ``fallback_cues`` counts cues that show
    the source text; ``source_encoding`` is how the source SRT was decoded.
    """

    domain: str
    locale: str
    srt_path: Path
    vtt_path: Path
    cues: int
    fallback_cues: int
    source_encoding: str
    bilingual: tuple[str, str] | None = None
    written: bool = True

    @property
    def bcp47(self) -> str:
        if self.bilingual:
            return "+".join(locale_ids.to_bcp47(locale) for locale in self.bilingual)
        return locale_ids.to_bcp47(self.locale)


@dataclass(frozen=True, slots=True)
class _Planned:
    domain: str
    locale: str
    tag: str
    cues: list[Cue]
    fallback: int
    encoding: str
    bilingual: tuple[str, str] | None


def _incomplete_error(
    project: Project, source: SourceTrack, localized: LocalizedTrack
) -> BuildError:
    tag = locale_ids.to_bcp47(localized.locale)
    total = len(localized.cues)
    lines = [
        f"{project.relative(source.path)}: {tag}: {len(localized.missing)} of {total} cues are "
        "untranslated or fuzzy:"
    ]
    lines.extend(f"  {entry.describe()}" for entry in localized.missing)
    return BuildError(
        "\n".join(lines),
        hint="translate them, or build with --allow-incomplete to show the source text there",
    )


def bilingual_pairs(project: Project) -> list[tuple[str, str, str]]:
    """Configured bilingual tracks as (track, top locale, bottom locale)."""
    pairs: list[tuple[str, str, str]] = []
    for number, entry in enumerate(project.get("subtitles.bilingual"), start=1):
        if not isinstance(entry, dict) or set(entry) != {"track", "top", "bottom"}:
            raise ConfigError(
                f"[tool.seoultrain-i18n.subtitles] bilingual entry {number}: expected "
                '{track = "trailer", top = "ko", bottom = "en"}'
            )
        pairs.append(
            (
                str(entry["track"]),
                locale_ids.normalize(str(entry["top"])),
                locale_ids.normalize(str(entry["bottom"])),
            )
        )
    return pairs


def _side(
    project: Project,
    source: SourceTrack,
    locale: str,
    include_fuzzy: bool,
    cache: dict[str, LocalizedTrack],
) -> LocalizedTrack:
    if locale == source.locale:
        cues = [
            Cue(n, c.start_ms, c.end_ms, c.text, c.line, c.settings)
            for n, c in enumerate(source.track.cues, start=1)
        ]
        return LocalizedTrack(source.domain, locale, cues)
    if locale not in cache:
        cache[locale] = localize(project, source, locale, include_fuzzy=include_fuzzy)
    return cache[locale]


def _stack(top: Cue, bottom: Cue) -> Cue:
    top_markup, bottom_markup = split_markup(top.text), split_markup(bottom.text)
    top_text = join_markup(CueMarkup("", top_markup.wrappers, ""), top_markup.text)
    bottom_text = join_markup(CueMarkup("", bottom_markup.wrappers, ""), bottom_markup.text)
    text = top_markup.position + "\n".join(part for part in (top_text, bottom_text) if part)
    return Cue(top.index, top.start_ms, top.end_ms, text, top.line, top.settings)


def build_tracks(
    project: Project,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    *,
    allow_incomplete: bool = False,
    include_fuzzy: bool = False,
    on_progress: Progress = None,
) -> list[BuiltTrack]:
    """Write ``build/subtitles/NAME.BCP47.srt`` and ``.vtt`` per track and target locale.

    Incomplete tracks raise BuildError (all of them listed, nothing written)
    unless ``allow_incomplete``: their missing cues then show the source text.
    """
    from seoultrain_i18n.subtitles import segmenter as segmenter

    _load_segment_cache(project)
    planned = _plan(project, locales, domains, allow_incomplete, include_fuzzy)
    built = [_write(project, plan, on_progress) for plan in planned]
    segmenter.save_cache(_segment_cache_path(project))
    return built


def _segment_cache_path(project: Project) -> Path:
    return project.build_dir / ".cache" / "segmenter.json"


_LOADED_CACHES: set[Path] = set()


def _load_segment_cache(project: Project) -> None:
    """Reuse the word splits of earlier builds (once per process), so that
    laying out unchanged Chinese lines never loads jieba's dictionary."""
    from seoultrain_i18n.subtitles import segmenter as segmenter

    path = _segment_cache_path(project)
    if path not in _LOADED_CACHES:
        _LOADED_CACHES.add(path)
        segmenter.load_cache(path)


def _plan(
    project: Project,
    locales: Iterable[str],
    domains: Iterable[str],
    allow_incomplete: bool,
    include_fuzzy: bool,
) -> list[_Planned]:
    wanted = {locale_ids.normalize(locale) for locale in locales}
    planned: list[_Planned] = []
    errors: list[I18nError] = []
    bilingual = bilingual_pairs(project)
    for source in discover_tracks(project, domains):
        cache: dict[str, LocalizedTrack] = {}
        for locale in track_targets(project, source):
            if wanted and locale not in wanted:
                continue
            localized = _side(project, source, locale, include_fuzzy, cache)
            if localized.missing and not allow_incomplete:
                errors.append(_incomplete_error(project, source, localized))
                continue
            planned.append(
                _Planned(
                    source.domain,
                    locale,
                    locale_ids.to_bcp47(locale),
                    localized.cues,
                    len(localized.missing),
                    source.encoding,
                    None,
                )
            )
        for track, top, bottom in bilingual:
            if track != source.domain or (wanted and not {top, bottom} & wanted):
                continue
            sides = [_side(project, source, side, include_fuzzy, cache) for side in (top, bottom)]
            short = [side for side in sides if side.missing]
            if short and not allow_incomplete:
                errors.extend(_incomplete_error(project, source, side) for side in short)
                continue
            cues = [_stack(a, b) for a, b in zip(sides[0].cues, sides[1].cues, strict=True)]
            tag = f"{locale_ids.to_bcp47(top)}+{locale_ids.to_bcp47(bottom)}"
            fallback = len({m.number for side in sides for m in side.missing})
            planned.append(
                _Planned(source.domain, top, tag, cues, fallback, source.encoding, (top, bottom))
            )
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(errors)
    return planned


def _write(project: Project, plan: _Planned, on_progress: Progress) -> BuiltTrack:
    folder = project.build_dir / "subtitles"
    srt_path = folder / f"{plan.domain}.{plan.tag}.srt"
    vtt_path = folder / f"{plan.domain}.{plan.tag}.vtt"
    try:
        srt_text = generate_srt(plan.cues)
        vtt_text = generate_vtt(plan.cues)
    except ValueError as error:
        raise BuildError(f"{project.relative(srt_path)}: {error}") from None
    changed = write_if_changed(srt_path, srt_text.encode("utf-8"))
    changed = write_if_changed(vtt_path, vtt_text.encode("utf-8")) or changed
    if on_progress:
        on_progress(1)
    return BuiltTrack(
        plan.domain,
        plan.locale,
        srt_path,
        vtt_path,
        len(plan.cues),
        plan.fallback,
        plan.encoding,
        plan.bilingual,
        changed,
    )


def describe_built(built: BuiltTrack) -> dict[str, Any]:
    """A JSON-ready summary of a built track (for ``--format json``)."""
    return {
        "domain": built.domain,
        "locale": built.bcp47,
        "srt": str(built.srt_path),
        "vtt": str(built.vtt_path),
        "cues": built.cues,
        "fallback_cues": built.fallback_cues,
        "source_encoding": built.source_encoding,
    }
