"""One verdict per translation, decided by the checks, obeyed by every output.

A translation is

* **publishable**: translated, not fuzzy (or fuzzy drafts are allowed), and
  no check that ``check`` runs finds an *error* in it;
* **withheld**: an error finding (unsafe or mismatched markup, broken
  placeholders, wrong script, mojibake, ...): it reaches no output, its source
  stands in, and the build reports it with its catalog ``path:line`` and the
  check code, and exits 1;
* **missing**: untranslated, or fuzzy while fuzzy text is not published.

The findings come from the very function ``check`` runs
(``runner.message_findings``) with the project's check settings, so ``build``
and ``check`` cannot judge the same translation differently. The site pages,
the MO files (and so ``translations()``), the JSON bundles, the subtitle
tracks and the report all ask this module; none decides on its own.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.checks.registry import Check, CheckContext, Finding, Severity
from seoultrain_i18n.checks.runner import (
    catalog_findings,
    catalog_findings_keyed,
    graded_checks,
    message_findings,
    remember_findings,
)
from seoultrain_i18n.checks.settings import Settings
from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.model import Catalog, Message, MessageKey

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from seoultrain_i18n.catalogs.layout import Template
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.translate.glossary import Glossary

State = Literal["publishable", "withheld", "missing"]


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict on one message; ``reasons`` are the error findings that withheld it."""

    state: State
    message: Message
    reasons: tuple[Finding, ...] = ()

    @property
    def publishable(self) -> bool:
        return self.state == "publishable"


class WithheldTranslation(I18nError):
    """A translation no output may carry (one ``error:`` line per reason)."""

    def __init__(self, finding: Finding) -> None:
        lang = f"[{locale_ids.to_bcp47(finding.locale)}] " if finding.locale else ""
        super().__init__(
            f"{finding.location}: {finding.code} {lang}withheld: {finding.message} "
            "(the source text stands in)"
        )
        self.finding = finding

    def __reduce__(self) -> tuple[type[WithheldTranslation], tuple[Finding]]:
        return (WithheldTranslation, (self.finding,))  # a worker's error reaches the build


@dataclass(slots=True)
class CatalogVerdict:
    """The verdicts on one catalog's live messages."""

    domain: str
    locale: str
    path: str  # project-relative
    judgements: dict[MessageKey, Judgement] = field(default_factory=dict)

    def judgement(self, key: MessageKey) -> Judgement | None:
        return self.judgements.get(key)

    def publishable(self, key: MessageKey) -> Message | None:
        """The message if its translation may be published, else None."""
        found = self.judgements.get(key)
        return found.message if found is not None and found.publishable else None

    @property
    def withheld(self) -> list[Judgement]:
        return [j for j in self.judgements.values() if j.state == "withheld"]

    @property
    def missing(self) -> list[Judgement]:
        return [j for j in self.judgements.values() if j.state == "missing"]

    def errors(self) -> list[WithheldTranslation]:
        """One error per reason of every withheld translation."""
        return [WithheldTranslation(reason) for j in self.withheld for reason in j.reasons]

    def publishable_catalog(self, catalog: Catalog) -> Catalog:
        """A copy of ``catalog`` whose withheld and missing translations are emptied
        (header, sources and order kept): what an MO file or a bundle may hold."""
        result = copy.copy(catalog)
        result.messages = []
        for message in catalog.messages:
            if message.obsolete or not message.source:
                result.messages.append(message)
                continue
            if self.publishable(message.key) is message:
                result.messages.append(message)
                continue
            blank = copy.copy(message)
            blank.translation = ""
            blank.plural_translations = ["" for _ in message.plural_translations]
            result.messages.append(blank)
        return result


@dataclass(slots=True)
class Judge:
    """Judges catalogs with a project's check settings and glossary."""

    settings: Settings
    glossary: Glossary | None
    site_domain: str
    source_locales: dict[str, str]  # domain -> source locale
    include_fuzzy: bool = False

    @classmethod
    def for_project(cls, project: Project, *, include_fuzzy: bool = False) -> Judge:
        from seoultrain_i18n.catalogs.layout import discover_templates
        from seoultrain_i18n.checks.runner import load_project_glossary

        sources = {t.domain: t.source_locale for t in discover_templates(project)}
        return cls(
            Settings.from_project(project),
            load_project_glossary(project),
            project.site_domain,
            sources,
            include_fuzzy,
        )

    @classmethod
    def default(cls, catalog: Catalog, *, include_fuzzy: bool = False) -> Judge:
        """A judge with the default check settings, for a catalog outside a project
        (its source language from the ``X-Source-Language`` header, else English)."""
        source = catalog.get_header("X-Source-Language") or "en"
        return cls(Settings(), None, "site", {catalog.domain: source}, include_fuzzy)

    def catalog(
        self,
        catalog: Catalog,
        domain: str,
        locale: str,
        path: str,
        found: dict[MessageKey, list[Finding]] | None = None,
    ) -> CatalogVerdict:
        """The verdict on every live message of one catalog (``path`` project-relative);
        ``found``: its findings from ``all_findings``, when the caller has them."""
        if found is None:
            found = catalog_findings(
                catalog.messages,
                self._context(domain, locale),
                path,
                _graded(self.settings),
                include_fuzzy=self.include_fuzzy,
            )
        verdict = CatalogVerdict(domain, locale, path)
        for message in catalog.live():
            if not message.source:
                continue
            if not message.translated or (message.fuzzy and not self.include_fuzzy):
                judgement = Judgement("missing", message)
            else:
                reasons = tuple(f for f in found.get(message.key, ()) if f.severity == "error")
                judgement = Judgement("withheld" if reasons else "publishable", message, reasons)
            verdict.judgements[message.key] = judgement
        return verdict

    def prefetch(self, project: Project, locales: Sequence[str], domains: Sequence[str]) -> None:
        """Check every catalog of the selection on every core (when the catalogs
        are large) and keep the findings (inside ``memo.shared_findings``), so
        the outputs judged afterwards only look them up; fuzzy ones included,
        for the report."""
        from seoultrain_i18n.catalogs.layout import catalog_jobs
        from seoultrain_i18n.parallel import ordered_map, total_bytes, worker_count

        try:
            jobs = [job for job in catalog_jobs(project, locales, domains) if job[2].is_file()]
        except I18nError:
            return  # the steps report it
        workers = worker_count(total_bytes(path for _, _, path in jobs), len(jobs))
        if workers <= 1:
            return  # judged as each output asks, in this process
        check = _Prefetch(self, project)
        remember_findings(
            outcome
            for outcome in ordered_map(check.findings, jobs, workers)
            if not isinstance(outcome, str)
        )

    def all_findings(
        self, catalog: Catalog, domain: str, locale: str, path: str
    ) -> tuple[Any, dict[MessageKey, list[Finding]]]:
        """The message findings ``catalog`` judges by, fuzzy messages too (the
        report shows them), and the key they are kept under (for a worker's
        parent: ``runner.remember_findings``)."""
        return catalog_findings_keyed(
            catalog.messages,
            self._context(domain, locale),
            path,
            _graded(self.settings),
            include_fuzzy=True,
        )

    def _context(self, domain: str, locale: str) -> CheckContext:
        """What the checks of ``domain``'s catalog in ``locale`` need to know."""
        source_locale = self.source_locales.get(domain, locale)
        return CheckContext(
            domain, locale, source_locale, domain != self.site_domain, self.glossary
        )

    def read_catalog(self, project: Project, job: tuple[Template, str, Path]) -> Catalog:
        """``job``'s catalog, for an output of a build. When the build's later
        steps will ask for it (``memo.handing_over``), the parsed catalog (from
        a worker) and what the report asks of it are handed over, so they do
        not parse it again."""
        from seoultrain_i18n.catalogs.stats import catalog_stats
        from seoultrain_i18n.checks.memo import file_digest, hand_over, hand_over_catalog, wanted
        from seoultrain_i18n.checks.runner import catalog_outcome, report_key, stats_key
        from seoultrain_i18n.formats.po import read_po
        from seoultrain_i18n.parallel import in_worker

        template, locale, path = job
        outcome, stats = wanted("catalog outcome"), wanted("catalog stats")
        # In one process, read_po keeps the catalogs a later step reads again.
        parsed = wanted("parsed catalog") and in_worker()
        if not outcome and not stats and not parsed:
            return read_po(path, domain=template.domain, locale=locale)
        digest = file_digest(path)
        catalog = read_po(path, domain=template.domain, locale=locale)
        if file_digest(path) != digest:
            return catalog  # changed while read: the later steps read it themselves
        if parsed:
            hand_over_catalog(path, digest, template.domain, locale, catalog)
        if outcome:
            found = catalog_outcome(project, job, catalog, self.settings, self.glossary)
            hand_over(report_key(project, job, digest, self.settings, self.glossary), found)
        if stats:
            hand_over(stats_key(job, digest), catalog_stats(template.domain, locale, path, catalog))
        return catalog

    def message(
        self,
        message: Message,
        context: CheckContext,
        path: str,
        graded: list[tuple[Check, Severity]] | None = None,
    ) -> Judgement:
        if not message.translated or (message.fuzzy and not self.include_fuzzy):
            return Judgement("missing", message)
        checks = graded if graded is not None else _graded(self.settings)
        findings = message_findings(message, context, path, checks)
        reasons = tuple(finding for finding in findings if finding.severity == "error")
        return Judgement("withheld" if reasons else "publishable", message, reasons)


@dataclass(frozen=True, slots=True)
class _Prefetch:
    judge: Judge
    project: Project

    def findings(
        self, job: tuple[Template, str, Path]
    ) -> tuple[Any, dict[MessageKey, list[Finding]]]:
        template, locale, path = job
        catalog = self.judge.read_catalog(self.project, job)
        relative = self.project.relative(path)
        return self.judge.all_findings(catalog, template.domain, locale, relative)


@lru_cache(maxsize=8)
def _graded_cached(settings: Settings) -> tuple[tuple[Check, Severity], ...]:
    return tuple(graded_checks(settings))


def _graded(settings: Settings) -> list[tuple[Check, Severity]]:
    return list(_graded_cached(settings))
