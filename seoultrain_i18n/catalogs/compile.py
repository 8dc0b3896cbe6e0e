"""PO catalogs → MO files next to them: the ``compile`` stage.

``locales/LOCALE/LC_MESSAGES/DOMAIN.po`` → ``DOMAIN.mo`` in the same folder.
An MO file holds only what the verdict (``checks.verdict``) calls
publishable: fuzzy messages are left out unless ``use_fuzzy``, untranslated
ones are omitted (gettext then falls back to the source), and a translation
a check finds an error in is *withheld*: left out and reported with its
catalog ``path:line`` and check code. So ``translations()`` and any consumer
of the MO files only ever see translations that carry their source's inline
tags and nothing unsafe. An MO file is only rewritten when its bytes change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seoultrain_i18n.catalogs.layout import catalog_jobs
from seoultrain_i18n.errors import I18nError, MultipleErrors
from seoultrain_i18n.formats.mo import write_mo
from seoultrain_i18n.fsutil import remove
from seoultrain_i18n.parallel import FAILED, ordered_map, total_bytes, worker_count

if TYPE_CHECKING:
    from seoultrain_i18n.catalogs.layout import Template
    from seoultrain_i18n.checks.registry import Finding
    from seoultrain_i18n.checks.verdict import Judge
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.model import MessageKey


def compile_catalogs(
    project: Project,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    use_fuzzy: bool = False,
    *,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    errors: list[I18nError] | None = None,
    removed: list[Path] | None = None,
) -> list[Path]:
    """Compile every existing catalog; return the MO paths (written or already current).

    Unreadable catalogs and withheld translations are appended to ``errors``
    when it is given, else raised together (MultipleErrors) after every other
    catalog was compiled. The MO file of an unreadable catalog is deleted (so
    no one serves the translations of an earlier compile); ``removed`` gets it.
    """
    from seoultrain_i18n.checks.runner import remember_findings
    from seoultrain_i18n.checks.verdict import Judge, WithheldTranslation

    jobs = [job for job in catalog_jobs(project, locales, domains) if job[2].is_file()]
    if on_start is not None:
        on_start(len(jobs))
    compiler = _Compiler(project, Judge.for_project(project, include_fuzzy=use_fuzzy), use_fuzzy)
    # Catalogs are judged and compiled on every core when they are large; a
    # catalog that fails in a worker is done again here, to report why.
    workers = worker_count(total_bytes(path for _, _, path in jobs), len(jobs))
    outcomes = iter(ordered_map(compiler.compile, jobs, workers)) if workers > 1 else None
    written: list[Path] = []
    problems: list[I18nError] = []
    for job in jobs:
        try:
            outcome = next(outcomes) if outcomes is not None else FAILED
            if isinstance(outcome, str):
                outcome = compiler.compile(job)
            target, reasons, kept = outcome
            remember_findings([kept])  # the other outputs and the report judge by them
            written.append(target)
            problems.extend(WithheldTranslation(reason) for reason in reasons)
        except I18nError as error:
            problems.append(error)
            stale = job[2].with_suffix(".mo")
            if stale.exists():
                remove(stale)
                if removed is not None:
                    removed.append(stale)
        if on_progress is not None:
            on_progress(1)
    if errors is not None:
        errors.extend(problems)
    elif problems:
        raise MultipleErrors(problems)
    return written


@dataclass(frozen=True, slots=True)
class _Compiler:
    """Judges and compiles one catalog (in this process or a worker)."""

    project: Project
    judge: Judge
    use_fuzzy: bool

    def compile(
        self, job: tuple[Template, str, Path]
    ) -> tuple[Path, list[Finding], tuple[Any, dict[MessageKey, list[Finding]]]]:
        """The MO file written, why translations were withheld, and (in a
        build) the catalog's findings with the key they are kept under."""
        from seoultrain_i18n.checks.memo import sharing

        template, locale, path = job
        catalog = self.judge.read_catalog(self.project, job)
        relative = self.project.relative(path)
        kept: tuple[Any, dict[MessageKey, list[Finding]]] = (None, {})
        if sharing():  # a build: keep them for the other outputs and the report
            kept = self.judge.all_findings(catalog, template.domain, locale, relative)
        found = kept[1] if kept[0] is not None else None  # fuzzy ones too: the same verdicts
        verdict = self.judge.catalog(catalog, template.domain, locale, relative, found)
        target = path.with_suffix(".mo")
        write_mo(target, verdict.publishable_catalog(catalog), use_fuzzy=self.use_fuzzy)
        reasons = [reason for judgement in verdict.withheld for reason in judgement.reasons]
        return target, reasons, kept
