"""The runner: finds the catalogs and tracks of a project, applies the
selection and severity settings and turns problems into ``Finding`` objects
pointing at ``file:line``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from seoultrain_i18n import locales as locale_ids
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
from seoultrain_i18n.model import Message

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project
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
        for finding in message_findings(message, context, path, graded):
            if message.fuzzy and not REGISTRY[finding.code].fixed_severity:
                # Fuzzy text is not shipped by default; it only needs review.
                finding = replace(finding, severity="warning")
            findings.append(finding)
    return findings


def graded_checks(settings: Settings) -> list[tuple[Check, Severity]]:
    """The enabled checks of translated strings, each with its configured severity."""
    return [
        (check, settings.severity(check))
        for check in all_checks()
        if check.kind == "message" and settings.enabled(check)
    ]


def message_findings(
    message: Message, context: CheckContext, path: str, graded: list[tuple[Check, Severity]]
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
    from seoultrain_i18n.catalogs.layout import discover_templates, iter_catalogs
    from seoultrain_i18n.errors import MultipleErrors
    from seoultrain_i18n.formats.po import read_po

    settings = Settings.from_project(project, select, ignore)
    wanted_locales = [locale_ids.normalize(locale) for locale in locales]
    wanted_domains = list(domains)
    result = CheckResult(checks=[check for check in all_checks() if settings.enabled(check)])
    glossary = load_project_glossary(project)
    site_domain = project.site_domain
    problems: list[I18nError] = []
    templates = [
        template
        for template in discover_templates(project)
        if not wanted_domains or template.domain in wanted_domains
    ]
    for template in templates:
        relative = project.relative(template.path)
        try:
            catalog = read_po(template.path, domain=template.domain)
        except I18nError as error:
            problems.append(error)
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
    for item in iter_catalogs(project, wanted_locales, wanted_domains, problems):
        relative = project.relative(item.path)
        result.checked_files.append(relative)
        is_track = item.template.domain != site_domain
        result.file_kinds[relative] = {"state", "message", "locale"} | (
            {"cue"} if is_track else set()
        )
        context = CheckContext(
            domain=item.template.domain,
            locale=item.locale,
            source_locale=item.template.source_locale,
            is_track=is_track,
            glossary=glossary,
        )
        result.findings.extend(
            check_catalog_messages(item.catalog.messages, context, relative, settings)
        )
        # Cross-catalog checks need only reviewed singular messages; slim copies
        # let each catalog be freed as soon as it is checked.
        entries = by_locale.setdefault(item.locale, [])
        for message in item.catalog.messages:
            if message.reviewed and message.source_plural is None and not message.obsolete:
                slim = Message(message.source, message.translation, message.context)
                slim.line = message.line
                entries.append((item.template.domain, slim, relative))
        if on_progress:
            on_progress(1)
    result.findings.extend(_locale_findings(by_locale, settings))
    if subtitles:
        from seoultrain_i18n.checks.tracks import check_tracks

        result.findings.extend(
            check_tracks(project, result, settings, wanted_locales, wanted_domains, problems)
        )
    if not wanted_domains or site_domain in wanted_domains:
        from seoultrain_i18n.checks.pages import check_pages

        result.findings.extend(check_pages(project, settings))
    result.findings.sort(key=_sort_key)
    if problems:
        failure = MultipleErrors(problems)
        failure.result = result  # type: ignore[attr-defined]
        raise failure
    return result


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
