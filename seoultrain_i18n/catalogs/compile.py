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
from pathlib import Path
from typing import TYPE_CHECKING

from seoultrain_i18n.catalogs.layout import catalog_jobs
from seoultrain_i18n.errors import I18nError, MultipleErrors
from seoultrain_i18n.formats.mo import write_mo
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.fsutil import remove

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project


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
    from seoultrain_i18n.checks.verdict import Judge

    jobs = [job for job in catalog_jobs(project, locales, domains) if job[2].is_file()]
    if on_start is not None:
        on_start(len(jobs))
    judge = Judge.for_project(project, include_fuzzy=use_fuzzy)
    written: list[Path] = []
    problems: list[I18nError] = []
    for template, locale, path in jobs:
        try:
            catalog = read_po(path, domain=template.domain, locale=locale)
            verdict = judge.catalog(catalog, template.domain, locale, project.relative(path))
            target = path.with_suffix(".mo")
            write_mo(target, verdict.publishable_catalog(catalog), use_fuzzy=use_fuzzy)
            written.append(target)
            problems.extend(verdict.errors())
        except I18nError as error:
            problems.append(error)
            stale = path.with_suffix(".mo")
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
