"""Running the subtitle checks over a project's tracks.

The tracks, their cues, their catalogs and their norms come from the
subtitles package (``subtitles.sources``, ``subtitles.cues``,
``subtitles.tracks``): the source track is checked as written, each
localized track as the build lays it out. A localized cue's finding points
at the catalog line of the message that translates it (``cues.catalog_cues``);
cue numbers are the source file's own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.checks.registry import REGISTRY, Check, CheckResult, Finding
from seoultrain_i18n.checks.settings import Settings, all_checks
from seoultrain_i18n.checks.subtitles import CueContext, characters_per_second, cue_lines
from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.model import Cue
from seoultrain_i18n.subtitles.norms import Norms

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.subtitles.sources import SourceTrack


@dataclass(slots=True)
class CheckedTrack:
    """The cues of one track in one language, and where to point findings.

    ``cues`` of a localized track are only those with a usable translation;
    ``positions`` maps each to its position in the source track and ``lines``
    a position to the line findings point at in ``path``.
    """

    domain: str
    locale: str
    cues: list[Cue]
    path: str  # project-relative file findings point to
    is_source: bool
    norms: Norms
    source_cues: list[Cue] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)
    paragraphs: dict[int, str] = field(default_factory=dict)  # cue index → its translation


def iter_checked_tracks(
    project: Project,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    problems: list[I18nError] | None = None,
    notes: list[str] | None = None,
) -> Iterator[CheckedTrack]:
    """The source track and every localized track, one at a time (a catalogue
    of hundreds of tracks is checked without holding all their cues)."""
    from seoultrain_i18n.subtitles.sources import discover_tracks

    wanted_locales = {locale_ids.normalize(locale) for locale in locales}
    found: list[I18nError] = []
    sources = discover_tracks(project, domains, problems=found)
    if problems is not None:
        problems.extend(found)
    for source in sources:
        yield from _source_tracks(project, source, wanted_locales, notes)


def _source_tracks(
    project: Project, source: SourceTrack, wanted_locales: set[str], notes: list[str] | None
) -> Iterator[CheckedTrack]:
    """The source track as written, then each localized track as the build lays it out."""
    from seoultrain_i18n.subtitles.sources import project_norms, track_targets

    cues = source.track.cues
    yield CheckedTrack(
        source.domain,
        source.locale,
        cues,
        project.relative(source.path),
        True,
        project_norms(project, source.locale),
        cues,
        list(range(len(cues))),
        {position: cue.line for position, cue in enumerate(cues)},
    )
    for locale in track_targets(project, source):
        if wanted_locales and locale not in wanted_locales:
            continue
        checked = _localized(project, source, locale, notes)
        if checked is not None:
            yield checked


def _localized(
    project: Project, source: SourceTrack, locale: str, notes: list[str] | None
) -> CheckedTrack | None:
    from seoultrain_i18n.subtitles.cues import catalog_cues, load_track_catalog, track_catalog_path
    from seoultrain_i18n.subtitles.localize import localize
    from seoultrain_i18n.subtitles.sources import project_norms

    path = track_catalog_path(project, source.domain, locale)
    try:
        catalog = load_track_catalog(project, source.domain, locale)
        localized = localize(project, source, locale, catalog=catalog)
    except I18nError as error:
        if notes is not None:
            notes.append(f"{source.domain} [{locale}]: built track skipped: {error}")
        return None
    entries = catalog_cues(project, source, locale, catalog)
    lines = {entry.position: entry.catalog_line for entry in entries if entry.catalog_line}
    paragraphs = {  # the unbroken translation of each cue, for S614 line-break
        entry.position + 1: entry.message.translation
        for entry in entries
        if entry.message is not None and entry.message.translated
    }
    missing = {entry.position for entry in localized.missing}
    kept = [cue for cue in localized.cues if cue.index not in missing]
    return CheckedTrack(
        source.domain,
        locale,
        kept,
        project.relative(path),
        False,
        project_norms(project, locale),
        source.track.cues,
        [cue.index - 1 for cue in kept],  # localize numbers cues by source position
        lines,
        paragraphs,
    )


def check_track(track: CheckedTrack, settings: Settings) -> list[Finding]:
    """Text checks on one track; timing checks too if it is the source."""
    findings: list[Finding] = []
    checks = [check for check in all_checks() if settings.enabled(check)]
    context = CueContext(track.locale, track.norms, track.is_source, track.paragraphs)
    for cue, position in zip(track.cues, track.positions, strict=True):
        in_range = 0 <= position < len(track.source_cues)
        source = track.source_cues[position] if in_range else cue
        for check in (check for check in checks if check.kind == "cue"):
            for problem in check.function(cue, context):
                finding = _cue_finding(
                    check, settings, problem, track, position, cue, source, track.locale
                )
                findings.append(finding)
    if track.is_source:
        positions = {id(cue): position for position, cue in enumerate(track.cues)}
        for check in (check for check in checks if check.kind == "timing"):
            for cue, problem in check.function(track.cues, track.norms):
                findings.append(
                    _cue_finding(check, settings, problem, track, positions[id(cue)], cue, cue, "")
                )
    return findings


def _cue_finding(
    check: Check,
    settings: Settings,
    problem: str,
    track: CheckedTrack,
    position: int,
    cue: Cue,
    source: Cue,
    locale: str,
) -> Finding:
    return Finding(
        code=check.code,
        name=check.name,
        severity=settings.severity(check),
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


def add_track_outcome(result: CheckResult, outcome: TrackOutcome) -> list[Finding]:
    """Record what checking one source's tracks found in ``result``; its findings."""
    found, rows, files, notes = outcome
    if result.reading_speeds is None:
        result.reading_speeds = []
    result.reading_speeds.extend(rows)
    result.checked_files.extend(files)
    for path in files:
        result.file_kinds[path] = {"cue", "timing"}
    result.skipped.extend(notes)
    return found


Speeds = tuple[str, str, bool, list[float], float]
# findings, reading speeds, source files checked, notes
TrackOutcome = tuple[list[Finding], list[Speeds], list[str], list[str]]


@dataclass(frozen=True, slots=True)
class TrackJobs:
    """Checks the tracks of one source (in this process or a worker): returns
    the findings, reading speeds, source files checked and notes."""

    project: Project
    settings: Settings
    wanted: set[str]

    def check(self, source: SourceTrack) -> TrackOutcome:
        """What the subtitle checks find in ``source`` and its localized tracks
        (kept inside ``memo.shared_findings``: a build checks them once)."""
        from seoultrain_i18n.checks.memo import keep_track_outcome, kept_track_outcome, sharing

        key = self.key(source) if sharing() else None
        if key is not None:
            kept: TrackOutcome | None = kept_track_outcome(key)
            if kept is not None:
                return kept
        outcome = self._check(source)
        if key is not None:
            keep_track_outcome(key, outcome)
        return outcome

    def key(self, source: SourceTrack) -> tuple[Any, ...]:
        """Everything the outcome depends on in one process: the settings, the
        locales, the source's cues and the bytes of its catalogs."""
        from seoultrain_i18n.subtitles.cues import track_catalog_path
        from seoultrain_i18n.subtitles.sources import track_targets

        catalogs = []
        for locale in track_targets(self.project, source):
            if self.wanted and locale not in self.wanted:
                continue
            try:
                data = track_catalog_path(self.project, source.domain, locale).read_bytes()
                digest: bytes | None = hashlib.blake2b(data, digest_size=16).digest()
            except OSError:
                digest = None
            catalogs.append((locale, digest))
        return (
            str(source.path),
            source.domain,
            source.locale,
            hash(tuple(source.track.cues)),
            self.settings,
            tuple(sorted(self.wanted)),
            tuple(catalogs),
        )

    def _check(self, source: SourceTrack) -> TrackOutcome:
        findings: list[Finding] = []
        speeds: list[Speeds] = []
        files: list[str] = []
        notes: list[str] = []
        settings = self.settings
        for track in _source_tracks(self.project, source, self.wanted, notes):
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
                files.append(track.path)
                if self.wanted and track.locale not in self.wanted:
                    # Timing concerns every language: still check it, not the text.
                    findings.extend(
                        f for f in check_track(track, _timing_only(settings)) if _is_timing(f)
                    )
                    continue
            findings.extend(check_track(track, settings))
        return findings, speeds, files, notes


def check_ahead(project: Project, source: SourceTrack) -> tuple[tuple[Any, ...], TrackOutcome]:
    """What a whole build's report will ask of ``source``'s tracks, and its key
    (a build worker that has just laid them out computes it; the report then
    finds it kept)."""
    jobs = TrackJobs(project, Settings.from_project(project), set())
    return jobs.key(source), jobs.check(source)


def keep_ahead(found: tuple[tuple[Any, ...], TrackOutcome]) -> None:
    from seoultrain_i18n.checks.memo import keep_track_outcome

    keep_track_outcome(*found)


def _timing_only(settings: Settings) -> Settings:
    return Settings(
        select=tuple(c.code for c in all_checks() if c.kind == "timing" and settings.enabled(c))
        or ("S6",),
        errors=settings.errors,
        warnings=settings.warnings,
    )


def _is_timing(finding: Finding) -> bool:
    return REGISTRY[finding.code].kind == "timing"


def cps_values(track: CheckedTrack) -> list[float]:
    """Reading speed of every cue with a positive duration (for histograms)."""
    return [
        characters_per_second(cue, track.locale)
        for cue in track.cues
        if cue.duration_ms > 0 and cue_lines(cue)
    ]
