"""Subtitle checks: the norms of NORMS.md applied to cues.

Text checks (line length, lines, reading speed, italics, line-end
punctuation, ellipsis, dialogue dashes) run on every *built* track, that is
the cues of ``tracks.localized_cues`` after line breaking, and on the source
track in its own language. Timing checks (duration, gap, overlap, end before
start) run once, on the source track: every localized track copies its
timing, so a timing problem is reported once, at the source file's line,
instead of once per language.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.checks.runner import (
    ASS_CODE,
    TAG,
    CheckResult,
    Finding,
    Settings,
    all_checks,
    display_width_fallback,
    register,
)
from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.model import Cue, Message
from seoultrain_i18n.subtitles.norms import Norms, norms_for

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

ITALIC = re.compile(r"<\s*i\s*>|\{\\i1\}", re.IGNORECASE)
DASHES = "-‐‑–—―"


def width(text: str, locale: str) -> float:
    """Display width as NORMS.md counts it (linebreak.display_width when present)."""
    measure = _display_width()
    return float(measure(text, locale)) if measure else display_width_fallback(text, locale)


@lru_cache(maxsize=1)
def _display_width() -> Callable[[str, str], float] | None:
    try:
        module = importlib.import_module("seoultrain_i18n.subtitles.linebreak")
    except ImportError:
        return None
    function: Callable[[str, str], float] | None = getattr(module, "display_width", None)
    return function


def visible(text: str) -> str:
    """Cue text as a viewer reads it: no tags, no ``{\\an8}`` codes."""
    return ASS_CODE.sub("", TAG.sub("", text))


def cue_lines(cue: Cue) -> list[str]:
    return [line for line in visible(cue.text).split("\n") if line.strip()]


def characters_per_second(cue: Cue, locale: str) -> float:
    """Counted characters (NORMS.md) ÷ duration; line breaks do not count."""
    if cue.duration_ms <= 0:
        return float("inf")
    counted = sum(width(line, locale) for line in cue_lines(cue))
    return counted / (cue.duration_ms / 1000)


@dataclass(frozen=True, slots=True)
class CueContext:
    """A cue's language and limits."""

    locale: str
    norms: Norms

    @property
    def family(self) -> str:
        return locale_ids.script_family(self.locale)


# --------------------------------------------------------------------------
# Text checks (every built track)


@register("S601", "line-length", "error", kind="cue")
def line_length(cue: Cue, context: CueContext) -> Iterator[str]:
    """A subtitle line is wider than the language's characters per line (ko/zh 16, en 42)."""
    limit = context.norms.max_chars_per_line
    for number, line in enumerate(cue_lines(cue), start=1):
        counted = width(line, context.locale)
        if counted > limit:
            yield f"line {number} is {counted:g} characters wide, over {limit:g}"


@register("S602", "line-count", "error", kind="cue")
def line_count(cue: Cue, context: CueContext) -> Iterator[str]:
    """A cue has more lines than the language allows (2)."""
    count = len(cue_lines(cue))
    if count > context.norms.max_lines:
        yield f"{count} lines, over {context.norms.max_lines}"


@register("S603", "reading-speed", "warning", kind="cue")
def reading_speed(cue: Cue, context: CueContext) -> Iterator[str]:
    """Reading speed over the language's characters per second (ko 12, zh 9, en 20)."""
    if cue.duration_ms <= 0:
        return  # S608's business
    cps = characters_per_second(cue, context.locale)
    limit = context.norms.max_cps
    if cps > limit + 1e-9:
        yield f"reading speed {cps:.1f} characters/s, over {limit:g}"


@register("S609", "italics", "warning", kind="cue")
def italics(cue: Cue, context: CueContext) -> Iterator[str]:
    """Italics in a language whose subtitles do not use them (Korean, Chinese)."""
    if not context.norms.italics_allowed and ITALIC.search(cue.text):
        yield f"italics are not used in {locale_ids.display_name(context.locale)} subtitles"


_LINE_END_RULES: dict[str, tuple[str, str]] = {
    # family: (characters not allowed at line end, why)
    "ko": (".,", "no full stop or comma at line end"),
    "zh-Hans": ("，。,.、", "no comma or full stop at line end (use a space)"),
    "zh-Hant": ("、，。,.", "no 、，。 at line end"),
}
_HALF_WIDTH_END = "?!:"


@register("S610", "line-end-punctuation", "warning", kind="cue")
def line_end_punctuation(cue: Cue, context: CueContext) -> Iterator[str]:
    """Line-end punctuation against the language's rule (ko: no . or ,; zh: no ，。)."""
    rule = _LINE_END_RULES.get(context.family)
    if rule is None:
        return
    forbidden, why = rule
    for number, line in enumerate(cue_lines(cue), start=1):
        stripped = line.rstrip()
        if stripped.endswith(("...", "..", "。。")):
            continue  # an ellipsis; S611 judges its form
        last = stripped[-1:]
        if last and last in forbidden:
            yield f"line {number} ends with {last!r}: {why}"
        elif context.family.startswith("zh") and last and last in _HALF_WIDTH_END:
            full = chr(ord(last) + 0xFEE0)
            yield f"line {number} ends with half-width {last!r}: use full-width {full!r}"


_ELLIPSES = re.compile(r"\.{3,}|。{3,}|…+|⋯+")


@register("S611", "ellipsis", "warning", kind="cue")
def ellipsis(cue: Cue, context: CueContext) -> Iterator[str]:
    """An ellipsis in another form than the language's (ko/en "…", zh "⋯")."""
    wanted = context.norms.ellipsis
    for match in _ELLIPSES.finditer(visible(cue.text)):
        found = match.group(0)
        if set(found) == {wanted} and (len(found) == 1 or (wanted == "⋯" and len(found) == 2)):
            continue
        yield f"ellipsis {found!r}: use {wanted!r}"
        return


@register("S612", "dialogue-dash", "warning", kind="cue")
def dialogue_dash(cue: Cue, context: CueContext) -> Iterator[str]:
    """Two-speaker dashes in another form than the language's (ko "- ", en "-" without space)."""
    lines = cue_lines(cue)
    dashed = [line for line in lines if line.lstrip()[:1] in DASHES]
    if len(lines) < 2 or not dashed:
        return
    if len(dashed) != len(lines):
        yield "two speakers: a dash on every line"
        return
    family = context.family
    for number, line in enumerate(lines, start=1):
        text = line.lstrip()
        if family == "en" and (text[0] != "-" or text[1:2] == " "):
            yield f"line {number}: two speakers take '-' without a space in English"
            return
        if family == "ko" and not text.startswith("- "):
            yield f"line {number}: two speakers take '- ' (hyphen and space) in Korean"
            return


# --------------------------------------------------------------------------
# Timing checks (the source track, once for every language)


@register("S604", "min-duration", "warning", kind="timing")
def min_duration(cues: list[Cue], norms: Norms) -> Iterator[tuple[Cue, str]]:
    """A cue is shown for less than the minimum duration (5/6 s)."""
    for cue in cues:
        if 0 < cue.duration_ms < norms.min_duration_ms:
            yield cue, f"shown {cue.duration_ms} ms, under {norms.min_duration_ms} ms"


@register("S605", "max-duration", "warning", kind="timing")
def max_duration(cues: list[Cue], norms: Norms) -> Iterator[tuple[Cue, str]]:
    """A cue is shown for longer than the maximum duration (7 s)."""
    for cue in cues:
        if cue.duration_ms > norms.max_duration_ms:
            yield cue, f"shown {cue.duration_ms} ms, over {norms.max_duration_ms} ms"


@register("S606", "min-gap", "warning", kind="timing")
def min_gap(cues: list[Cue], norms: Norms) -> Iterator[tuple[Cue, str]]:
    """Two cues are closer than the minimum gap (2 frames, 83 ms) without touching."""
    for previous, cue in pairwise(cues):
        gap = cue.start_ms - previous.end_ms
        if 0 < gap < norms.min_gap_ms:
            yield cue, f"{gap} ms after cue {previous.index}, under {norms.min_gap_ms} ms"


@register("S607", "overlap", "error", kind="timing")
def overlap(cues: list[Cue], norms: Norms) -> Iterator[tuple[Cue, str]]:
    """A cue starts before the previous one has ended."""
    for previous, cue in pairwise(cues):
        if cue.start_ms < previous.end_ms and previous.end_ms > previous.start_ms:
            yield (
                cue,
                f"starts {previous.end_ms - cue.start_ms} ms before cue {previous.index} ends",
            )


@register("S608", "end-before-start", "error", kind="timing")
def end_before_start(cues: list[Cue], norms: Norms) -> Iterator[tuple[Cue, str]]:
    """A cue ends before (or when) it starts."""
    for cue in cues:
        if cue.end_ms < cue.start_ms:
            yield cue, f"ends {cue.start_ms - cue.end_ms} ms before it starts"
        elif cue.end_ms == cue.start_ms:
            yield cue, "ends when it starts (zero duration)"


# --------------------------------------------------------------------------
# Finding the tracks and running the checks


@dataclass(slots=True)
class BuiltTrack:
    """The cues of one track in one language, and where to point findings."""

    domain: str
    locale: str
    cues: list[Cue]
    path: str  # project-relative file findings point to
    is_source: bool
    norms: Norms
    source_cues: list[Cue] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)  # cue position → line in ``path``


def source_tracks(project: Project, domains: Iterable[str] = ()) -> list[tuple[str, str, Path]]:
    """(domain, locale, path) of every ``subtitles/NAME.LANG.srt``."""
    wanted = set(domains)
    found = []
    folder = project.subtitles_dir
    if not folder.is_dir():
        return []
    for path in sorted(folder.glob("*.srt")):
        parts = path.name.split(".")
        if len(parts) < 3:
            continue
        domain = parts[0]
        if wanted and domain not in wanted:
            continue
        try:
            locale = locale_ids.from_bcp47(parts[-2])
        except I18nError:
            continue
        found.append((domain, locale, path))
    return found


def built_tracks(
    project: Project,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    problems: list[I18nError] | None = None,
    notes: list[str] | None = None,
) -> list[BuiltTrack]:
    """The source track and every built localized track, per domain."""
    return list(iter_built_tracks(project, locales, domains, problems, notes))


def iter_built_tracks(
    project: Project,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    problems: list[I18nError] | None = None,
    notes: list[str] | None = None,
) -> Iterator[BuiltTrack]:
    """Like ``built_tracks``, one track at a time: a catalogue of hundreds of
    tracks is checked without holding all their cues in memory."""
    from seoultrain_i18n.formats.srt import read_srt

    wanted_locales = {locale_ids.normalize(locale) for locale in locales}
    overrides = project.norm_overrides()
    profile = str(project.get("norms.profile"))
    for domain, source_locale, path in source_tracks(project, domains):
        try:
            source = read_srt(path).cues
        except I18nError as error:
            if problems is not None:
                problems.append(error)
            continue
        relative = project.relative(path)
        yield (
            BuiltTrack(
                domain,
                source_locale,
                source,
                relative,
                True,
                _norms(source_locale, overrides, profile),
                source,
                {position: cue.line for position, cue in enumerate(source)},
            )
        )
        for locale in _target_locales(project, source_locale):
            if wanted_locales and locale not in wanted_locales:
                continue
            built = _localized(project, domain, locale, notes)
            if built is None:
                continue
            po_path, lines = _catalog_lines(project, domain, locale, source, relative)
            yield (
                BuiltTrack(
                    domain,
                    locale,
                    built,
                    po_path,
                    False,
                    _norms(locale, overrides, profile),
                    source,
                    lines,
                )
            )


def _norms(locale: str, overrides: dict[str, dict[str, object]], profile: str) -> Norms:
    from dataclasses import replace

    norms = norms_for(locale, overrides)
    if (
        profile
        and profile != norms.profile
        and profile in {"adult", "children", "sdh", "sdh-children"}
    ):
        norms = replace(norms, profile=profile)
    return norms


def _target_locales(project: Project, source_locale: str) -> list[str]:
    wanted = [project.source_locale, *project.target_locales]
    return [
        locale
        for i, locale in enumerate(wanted)
        if locale != source_locale and locale not in wanted[:i]
    ]


def _localized(
    project: Project, domain: str, locale: str, notes: list[str] | None
) -> list[Cue] | None:
    try:
        localized_cues = importlib.import_module("seoultrain_i18n.subtitles.tracks").localized_cues
    except (ImportError, AttributeError):
        if notes is not None:
            notes.append("subtitle tracks: seoultrain_i18n.subtitles.tracks is not available yet")
        return None
    try:
        return list(localized_cues(project, domain, locale, include_fuzzy=False))
    except I18nError as error:
        if notes is not None:
            notes.append(f"{domain} [{locale}]: built track skipped: {error}")
        return None


def _catalog_lines(
    project: Project, domain: str, locale: str, source: list[Cue], source_path: str
) -> tuple[str, dict[int, int]]:
    """Where each cue's message is in ``locales/LOCALE/LC_MESSAGES/DOMAIN.po``.

    A cue is matched to the message whose references name its line in the
    source track, or whose notes carry its timing.
    """
    from seoultrain_i18n.catalogs.layout import catalog_path
    from seoultrain_i18n.formats.po import read_po

    path = catalog_path(project, locale, domain)
    lines: dict[int, int] = {}
    try:
        catalog = read_po(path, domain=domain, locale=locale)
    except I18nError:
        return project.relative(path), lines
    by_reference: dict[str, Message] = {}
    by_timing: dict[str, Message] = {}
    for entry in catalog.live():
        for reference in entry.references:
            by_reference.setdefault(reference, entry)
        for note in entry.notes:
            for timing in re.findall(
                r"\d{2}:\d{2}:\d{2}[,.]\d{3}\s*-->\s*\d{2}:\d{2}:\d{2}[,.]\d{3}", note
            ):
                by_timing.setdefault(_timing_key(timing), entry)
    from seoultrain_i18n.checks.runner import srt_time

    name = source_path.rsplit("/", 1)[-1]
    for position, cue in enumerate(source):
        message: Message | None = None
        for line in (cue.line, cue.line - 1):
            message = by_reference.get(f"{source_path}:{line}") or by_reference.get(
                f"{name}:{line}"
            )
            if message:
                break
        if message is None:
            message = by_timing.get(
                _timing_key(f"{srt_time(cue.start_ms)} --> {srt_time(cue.end_ms)}")
            )
        if message is not None:
            lines[position] = message.line
    return project.relative(path), lines


def _timing_key(text: str) -> str:
    return re.sub(r"\s+", "", text).replace(".", ",")


def check_built_track(track: BuiltTrack, settings: Settings) -> list[Finding]:
    """Text checks on one built track; timing checks too if it is the source."""
    findings: list[Finding] = []
    checks = [check for check in all_checks() if settings.enabled(check)]
    context = CueContext(track.locale, track.norms)
    locale = "" if track.is_source else track.locale
    for position, cue in enumerate(track.cues):
        # localized_cues numbers each cue by its position in the source track
        # and leaves out the untranslated ones.
        if not track.is_source:
            position = cue.index - 1
        in_range = 0 <= position < len(track.source_cues)
        source = track.source_cues[position] if in_range else cue
        for check in checks:
            if check.kind != "cue":
                continue
            for problem in check.function(cue, context):
                findings.append(
                    _cue_finding(
                        check.code,
                        check.name,
                        settings.severity(check),
                        problem,
                        track,
                        position,
                        cue,
                        source,
                        locale or track.locale,
                    )
                )
    if track.is_source:
        positions = {id(cue): position for position, cue in enumerate(track.cues)}
        for check in checks:
            if check.kind != "timing":
                continue
            for cue, problem in check.function(track.cues, track.norms):
                findings.append(
                    _cue_finding(
                        check.code,
                        check.name,
                        settings.severity(check),
                        problem,
                        track,
                        positions[id(cue)],
                        cue,
                        cue,
                        "",
                    )
                )
    return findings


def _cue_finding(
    code: str,
    name: str,
    severity: str,
    problem: str,
    track: BuiltTrack,
    position: int,
    cue: Cue,
    source: Cue,
    locale: str,
) -> Finding:
    return Finding(
        code=code,
        name=name,
        severity=severity,  # type: ignore[arg-type]
        message=problem,
        path=track.path,
        line=track.lines.get(position, 0),
        domain=track.domain,
        locale=locale,
        source=source.text,
        translation="" if track.is_source else cue.text,
        cue=source.index,
        start_ms=source.start_ms,
        end_ms=source.end_ms,
    )


def check_tracks(
    project: Project,
    result: CheckResult,
    settings: Settings,
    locales: Iterable[str],
    domains: Iterable[str],
    problems: list[I18nError],
) -> list[Finding]:
    """Run the subtitle checks over every track of the project."""
    findings: list[Finding] = []
    wanted = {locale_ids.normalize(locale) for locale in locales}
    speeds = result.reading_speeds = []
    for track in iter_built_tracks(project, locales, domains, problems, result.skipped):
        if track.is_source or track.cues:
            speeds.append(
                (
                    track.domain,
                    track.locale,
                    track.is_source,
                    cps_values(track),
                    track.norms.max_cps,
                )
            )
        if track.is_source:
            result.checked_files.append(track.path)
            result.file_kinds[track.path] = {"cue", "timing"}
            if wanted and track.locale not in wanted:
                # Timing concerns every language: still check it, not the text.
                timing_only = Settings(
                    select=tuple(
                        c.code for c in all_checks() if c.kind == "timing" and settings.enabled(c)
                    )
                    or ("S6",),
                    errors=settings.errors,
                    warnings=settings.warnings,
                )
                findings.extend(f for f in check_built_track(track, timing_only) if _is_timing(f))
                continue
        findings.extend(check_built_track(track, settings))
    return findings


def _is_timing(finding: Finding) -> bool:
    from seoultrain_i18n.checks.runner import REGISTRY

    return REGISTRY[finding.code].kind == "timing"


def cps_values(track: BuiltTrack) -> list[float]:
    """Reading speed of every cue with a positive duration (for histograms)."""
    return [
        characters_per_second(cue, track.locale)
        for cue in track.cues
        if cue.duration_ms > 0 and cue_lines(cue)
    ]
