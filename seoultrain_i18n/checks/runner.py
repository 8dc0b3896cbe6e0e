"""The runner: finds the catalogs and tracks of a project, applies the
selection and severity settings and turns problems into ``Finding`` objects
pointing at ``file:line``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.checks.memo import MemoKey, keep_findings, kept_findings, sharing
from seoultrain_i18n.checks.registry import (
    REGISTRY,
    Check,
    CheckContext,
    CheckResult,
    Finding,
    Severity,
    pairs_of,
)
from seoultrain_i18n.checks.settings import Settings, all_checks
from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.model import Catalog, Message, MessageKey

if TYPE_CHECKING:
    from seoultrain_i18n.catalogs.layout import Template
    from seoultrain_i18n.checks.tracks import TrackJobs, TrackOutcome
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.subtitles.sources import SourceTrack
    from seoultrain_i18n.translate.glossary import Glossary


def load_project_glossary(project: Project) -> Glossary | None:
    from seoultrain_i18n.translate.glossary import load_glossary, project_glossary_path

    path = project_glossary_path(project.locales_dir, project.config.translate.glossary)
    return load_glossary(path)


def _finding(
    check: Check,
    severity: Severity,
    problem: str,
    path: str,
    message: Message,
    context: CheckContext,
    translation: str = "",
) -> Finding:
    return Finding(
        code=check.code,
        name=check.name,
        severity=severity,
        message=problem,
        path=path,
        line=message.line,
        domain=context.domain,
        locale=context.locale,
        source=message.source,
        translation=translation,
    )


def check_catalog_messages(
    messages: Iterable[Message],
    context: CheckContext,
    path: str,
    settings: Settings,
) -> list[Finding]:
    """Run the state and message checks over one catalog's live messages."""
    live = [message for message in messages if not message.obsolete and message.source]
    total = len(live) or 1
    context.untranslated_percent = 100.0 * sum(not m.translated for m in live) / total
    context.fuzzy_percent = 100.0 * sum(m.fuzzy and m.translated for m in live) / total
    enabled = [check for check in all_checks() if settings.enabled(check)]
    state = [
        (check, *_state_severity(check, context, settings))
        for check in enabled
        if check.kind == "state"
    ]
    graded = graded_checks(settings)
    found = catalog_findings(live, context, path, graded, include_fuzzy=True)
    findings: list[Finding] = []
    for message in live:
        for check, severity, suffix in state:
            for problem in check.function(message, context):
                findings.append(
                    _finding(
                        check,
                        severity,
                        problem + suffix,
                        path,
                        message,
                        context,
                        message.translation,
                    )
                )
        if not message.translated:
            continue
        for finding in found.get(message.key, ()):
            if message.fuzzy and not REGISTRY[finding.code].fixed_severity:
                # Fuzzy text is not shipped by default; it only needs review.
                finding = replace(finding, severity="warning")
            findings.append(finding)
    return findings


# --------------------------------------------------------------------------
# The message findings of whole catalogs, computed once per build (``memo``).

_MemoKey = MemoKey


def remember_findings(
    entries: Iterable[tuple[_MemoKey | None, dict[MessageKey, list[Finding]]]],
) -> None:
    """Keep findings computed elsewhere (by a worker) as if computed here, with fuzzy."""
    for key, found in entries:
        if key is not None:
            keep_findings(key, (found, True))


def _signature(messages: Sequence[Message]) -> int:
    """Every field a check may read, of every message (a check sees the whole message)."""
    return hash(
        tuple(
            (
                m.source,
                m.translation,
                m.context,
                m.source_plural,
                tuple(m.plural_translations),
                tuple(m.references),
                tuple(m.notes),
                tuple(m.comments),
                tuple(m.flags),
                m.previous_context,
                m.previous_source,
                m.previous_source_plural,
                m.obsolete,
                m.line,
            )
            for m in messages
        )
    )


def _memo_key(
    messages: Sequence[Message],
    context: CheckContext,
    path: str,
    graded: Sequence[tuple[Check, Severity]],
) -> _MemoKey:
    glossary = context.glossary
    return (
        _signature(messages),
        len(messages),
        path,
        context.domain,
        context.locale,
        context.source_locale,
        context.is_track,
        None if glossary is None else (glossary.path, repr(glossary.terms)),
        tuple((check.code, severity) for check, severity in graded),
    )


def catalog_findings(
    messages: Sequence[Message],
    context: CheckContext,
    path: str,
    graded: Sequence[tuple[Check, Severity]],
    *,
    include_fuzzy: bool,
) -> dict[MessageKey, list[Finding]]:
    """``message_findings`` of every translated live message (fuzzy ones only if
    ``include_fuzzy``), by message key; messages without findings are left out."""
    return catalog_findings_keyed(messages, context, path, graded, include_fuzzy=include_fuzzy)[1]


def catalog_findings_keyed(
    messages: Sequence[Message],
    context: CheckContext,
    path: str,
    graded: Sequence[tuple[Check, Severity]],
    *,
    include_fuzzy: bool,
) -> tuple[_MemoKey | None, dict[MessageKey, list[Finding]]]:
    """``catalog_findings`` and the key they are kept under (None outside
    ``memo.shared_findings``)."""
    live = [message for message in messages if not message.obsolete and message.source]
    key = _memo_key(live, context, path, graded) if sharing() else None
    kept = kept_findings(key) if key is not None else None
    if kept is not None and (kept[1] or not include_fuzzy):
        return key, kept[0]
    found = dict(kept[0]) if kept is not None else {}
    checks = list(graded)
    for message in live:
        if not message.translated:
            continue
        fuzzy = message.fuzzy
        if (fuzzy and not include_fuzzy) or (kept is not None and not fuzzy):
            continue  # not asked for, or already known
        findings = message_findings(message, context, path, checks)
        if findings:
            found[message.key] = findings
    if key is not None:
        keep_findings(key, (found, include_fuzzy))
    return key, found


def graded_checks(settings: Settings) -> list[tuple[Check, Severity]]:
    """The enabled checks of translated strings, each with its configured severity."""
    return [
        (check, settings.severity(check))
        for check in all_checks()
        if check.kind == "message" and settings.enabled(check)
    ]


def message_findings(
    message: Message, context: CheckContext, path: str, graded: Sequence[tuple[Check, Severity]]
) -> list[Finding]:
    """What the message checks find in one translated message, at their configured
    severity: the one judgement ``check`` reports and the verdict obeys."""
    pairs = [pair for pair in pairs_of(message, context.locale) if pair.translation]
    findings: list[Finding] = []
    for check, severity in graded:
        seen: set[str] = set()
        for pair in pairs:
            for problem in check.function(pair, context):
                if problem in seen:
                    continue
                seen.add(problem)
                text = problem + (" (fuzzy)" if message.fuzzy else "")
                findings.append(
                    _finding(check, severity, text, path, message, context, pair.translation)
                )
    return findings


def _state_severity(
    check: Check, context: CheckContext, settings: Settings
) -> tuple[Severity, str]:
    """T101/T102 become errors when their share of the catalog is over the threshold."""
    if check.name == "untranslated":
        threshold, percent = settings.untranslated_error_percent, context.untranslated_percent
    else:
        threshold, percent = settings.fuzzy_error_percent, context.fuzzy_percent
    if percent > threshold:
        return "error", f" ({percent:.0f}% of the catalog, over {threshold:g}%)"
    return settings.severity(check), ""


def check_template_messages(
    messages: Iterable[Message], context: CheckContext, path: str, settings: Settings
) -> list[Finding]:
    findings = []
    for check in all_checks():
        if check.kind != "source" or not settings.enabled(check):
            continue
        for message in messages:
            if message.obsolete or not message.source:
                continue
            for problem in check.function(message, context):
                findings.append(
                    Finding(
                        check.code,
                        check.name,
                        settings.severity(check),
                        problem,
                        path,
                        message.line,
                        context.domain,
                        "",
                        message.source,
                    )
                )
    return findings


def run_checks(
    project: Project,
    *,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    subtitles: bool = True,
    on_progress: Callable[[int], None] | None = None,
) -> CheckResult:
    """Check every catalog (and built subtitle track) of ``project``.

    Unreadable catalogs or tracks are collected and raised together as
    ``MultipleErrors`` after everything readable has been checked.
    """
    from seoultrain_i18n.catalogs.layout import catalog_jobs, discover_templates
    from seoultrain_i18n.checks.tracks import TrackJobs, add_track_outcome
    from seoultrain_i18n.errors import MultipleErrors
    from seoultrain_i18n.formats.po import read_po
    from seoultrain_i18n.parallel import FAILED, ordered_map, total_bytes, worker_count

    settings = Settings.from_project(project, select, ignore)
    wanted_locales = [locale_ids.normalize(locale) for locale in locales]
    wanted_domains = list(domains)
    result = CheckResult(checks=[check for check in all_checks() if settings.enabled(check)])
    glossary = load_project_glossary(project)
    site_domain = project.site_domain
    problems: list[I18nError] = []
    template_problems: list[I18nError] = []  # reported first
    templates = [
        template
        for template in discover_templates(project)
        if not wanted_domains or template.domain in wanted_domains
    ]

    def check_templates() -> None:
        for template in templates:
            relative = project.relative(template.path)
            try:
                catalog = read_po(template.path, domain=template.domain)
            except I18nError as error:
                template_problems.append(error)
                continue
            context = CheckContext(
                template.domain,
                template.source_locale,
                template.source_locale,
                template.domain != site_domain,
                glossary,
            )
            result.findings.extend(
                check_template_messages(catalog.messages, context, relative, settings)
            )

    by_locale: dict[str, list[tuple[str, Message, str]]] = {}
    try:
        jobs = catalog_jobs(project, wanted_locales, wanted_domains)
        jobs = [job for job in jobs if job[2].is_file()]
    except I18nError as error:
        problems.append(error)
        jobs = []
    track_problems: list[I18nError] = []
    sources = _sources(project, wanted_domains, track_problems) if subtitles else []
    units = _units(jobs, sources)
    checker = _Checker(
        _CatalogJobs(project, settings, glossary),
        TrackJobs(project, settings, set(wanted_locales)),
        sources,
    )
    workers = worker_count(total_bytes(path for _, _, path in jobs), len(units))
    outcomes: dict[int, TrackOutcome] = {}
    # The templates are checked here while the workers check the catalogs
    # (before any catalog's findings or errors are taken: the same order).
    checked = ordered_map(checker.run, units, workers, meanwhile=check_templates)
    if not units:
        check_templates()
    for unit, outcome in zip(units, checked, strict=True):
        if outcome == FAILED:
            outcome = checker.run(unit)  # the worker's error, raised here again
        assert not isinstance(outcome, str)
        catalog_outcomes, track_outcome = outcome
        if track_outcome is not None:
            outcomes[unit[1]] = track_outcome
        for job, catalog_outcome in zip(unit[0], catalog_outcomes, strict=True):
            if catalog_outcome == FAILED:
                try:  # the worker's error, raised here again
                    catalog_outcome = checker.catalogs.check(job)
                except I18nError as error:
                    problems.append(error)
                    continue
            assert not isinstance(catalog_outcome, str)
            _add_catalog(result, by_locale, job, catalog_outcome, site_domain)
            if on_progress:
                on_progress(1)
    result.findings.extend(_locale_findings(by_locale, settings))
    if subtitles:
        problems.extend(track_problems)
        result.reading_speeds = []
        for position in range(len(sources)):
            result.findings.extend(add_track_outcome(result, outcomes[position]))
    if not wanted_domains or site_domain in wanted_domains:
        from seoultrain_i18n.checks.pages import check_pages

        result.findings.extend(check_pages(project, settings))
    result.findings.sort(key=_sort_key)
    problems[:0] = template_problems
    if problems:
        failure = MultipleErrors(problems)
        failure.result = result  # type: ignore[attr-defined]
        raise failure
    return result


CatalogJob = tuple["Template", str, Path]
CatalogOutcome = tuple[str, list[Finding], list[tuple[str, str, str | None, int]]]
# The catalogs of one domain and the position of its source track (-1: none):
# checked together, so the track's checks find its catalogs already read.
Unit = tuple[list[CatalogJob], int]


def _sources(
    project: Project, domains: list[str], problems: list[I18nError]
) -> list[SourceTrack]:
    from seoultrain_i18n.subtitles.sources import discover_tracks

    return discover_tracks(project, domains, problems=problems)


def _units(jobs: list[CatalogJob], sources: list[SourceTrack]) -> list[Unit]:
    """Catalog jobs grouped by domain (in order), each with its source track."""
    track_of = {source.domain: position for position, source in enumerate(sources)}
    units: list[Unit] = []
    for job in jobs:
        domain = job[0].domain
        if units and units[-1][0][0][0].domain == domain:
            units[-1][0].append(job)
        else:
            units.append(([job], track_of.pop(domain, -1)))
    units.extend(([], position) for position in sorted(track_of.values()))
    return units


def _add_catalog(
    result: CheckResult,
    by_locale: dict[str, list[tuple[str, Message, str]]],
    job: CatalogJob,
    outcome: CatalogOutcome,
    site_domain: str,
) -> None:
    relative, findings, reviewed = outcome
    template, locale, _ = job
    result.checked_files.append(relative)
    is_track = template.domain != site_domain
    result.file_kinds[relative] = {"state", "message", "locale"} | (
        {"cue"} if is_track else set()
    )
    result.findings.extend(findings)
    entries = by_locale.setdefault(locale, [])
    for source, translation, msgctxt, line in reviewed:
        slim = Message(source, translation, msgctxt)
        slim.line = line
        entries.append((template.domain, slim, relative))


@dataclass(frozen=True, slots=True)
class _Checker:
    """Checks one unit: its catalogs, then its source's tracks."""

    catalogs: _CatalogJobs
    tracks: TrackJobs
    sources: list[SourceTrack]

    def run(self, unit: Unit) -> tuple[list[CatalogOutcome | str], TrackOutcome | None]:
        from seoultrain_i18n.parallel import FAILED

        jobs, track = unit
        catalogs: list[CatalogOutcome | str] = []
        for job in jobs:
            try:
                catalogs.append(self.catalogs.check(job))
            except I18nError:
                catalogs.append(FAILED)  # raised again by the caller, in order
        if track < 0:
            return catalogs, None
        return catalogs, self.tracks.check(self.sources[track])


@dataclass(frozen=True, slots=True)
class _CatalogJobs:
    """Checks one catalog (in this process or a worker) and returns what the
    run keeps of it: its findings and its reviewed singular messages."""

    project: Project
    settings: Settings
    glossary: Glossary | None

    def check(self, job: CatalogJob) -> CatalogOutcome:
        from seoultrain_i18n.checks.memo import file_digest, handed_over
        from seoultrain_i18n.formats.po import read_po

        template, locale, path = job
        if sharing():  # a build: the worker that compiled it may have done it
            try:
                key = report_key(self.project, job, file_digest(path), self.settings, self.glossary)
            except OSError:
                key = None  # read_po reports it
            kept = handed_over(key) if key is not None else None
            if kept is not None:
                return kept  # type: ignore[no-any-return]
        catalog = read_po(path, domain=template.domain, locale=locale)
        return catalog_outcome(self.project, job, catalog, self.settings, self.glossary)


def report_key(
    project: Project,
    job: CatalogJob,
    digest: bytes,
    settings: Settings,
    glossary: Glossary | None,
) -> MemoKey:
    """What a catalog's ``catalog_outcome`` is handed over under: its file's
    bytes and everything the checks are told."""
    template, locale, path = job
    return (
        "catalog outcome",
        project.relative(path),
        digest,
        template.domain,
        locale,
        template.source_locale,
        project.site_domain,
        settings,
        None if glossary is None else (glossary.path, repr(glossary.terms)),
    )


def stats_key(job: CatalogJob, digest: bytes) -> MemoKey:
    """What a catalog's stats (``catalogs.stats.catalog_stats``) are handed over under."""
    template, locale, path = job
    return ("catalog stats", str(path), digest, template.domain, locale)


def catalog_outcome(
    project: Project,
    job: CatalogJob,
    catalog: Catalog,
    settings: Settings,
    glossary: Glossary | None,
) -> CatalogOutcome:
    """What a run of the checks keeps of one parsed catalog."""
    template, locale, path = job
    relative = project.relative(path)
    context = CheckContext(
        domain=template.domain,
        locale=locale,
        source_locale=template.source_locale,
        is_track=template.domain != project.site_domain,
        glossary=glossary,
    )
    findings = check_catalog_messages(catalog.messages, context, relative, settings)
    # Cross-catalog checks need only reviewed singular messages: the
    # catalog itself is freed as soon as it is checked.
    reviewed = [
        (message.source, message.translation, message.context, message.line)
        for message in catalog.messages
        if message.reviewed and message.source_plural is None and not message.obsolete
    ]
    return relative, findings, reviewed


def _sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.path, finding.line, finding.cue or 0, finding.code)


def _locale_findings(
    by_locale: dict[str, list[tuple[str, Message, str]]], settings: Settings
) -> list[Finding]:
    findings: list[Finding] = []
    for check in all_checks():
        if check.kind != "locale" or not settings.enabled(check):
            continue
        for locale, entries in by_locale.items():
            paths = {id(message): path for _, message, path in entries}
            context = CheckContext("", locale, locale)
            pairs = [(domain, message) for domain, message, _ in entries]
            for domain, message, problem in check.function(pairs, context):
                findings.append(
                    Finding(
                        check.code,
                        check.name,
                        settings.severity(check),
                        problem,
                        paths[id(message)],
                        message.line,
                        domain,
                        locale,
                        message.source,
                        message.translation,
                    )
                )
    return findings
