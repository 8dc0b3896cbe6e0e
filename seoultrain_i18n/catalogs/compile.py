"""PO catalogs → MO files next to them: the ``compile`` stage.

``locales/LOCALE/LC_MESSAGES/DOMAIN.po`` → ``DOMAIN.mo`` in the same folder.
Fuzzy messages are left out unless ``use_fuzzy``; untranslated ones are
omitted (gettext then falls back to the source). An MO file is only
rewritten when its bytes change. This path is kept lean for big catalogs:
it reads PO files with ``read_po_fast`` (one regular-expression pass, the strict
reader's errors) and writes MO with ``formats.mo``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from seoultrain_i18n.catalogs.layout import catalog_jobs
from seoultrain_i18n.errors import I18nError, MultipleErrors
from seoultrain_i18n.formats.mo import compile_po

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
) -> list[Path]:
    """Compile every existing catalog; return the MO paths (written or already current).

    Every unreadable catalog is reported (MultipleErrors) after the others
    were compiled.
    """
    jobs = [job for job in catalog_jobs(project, locales, domains) if job[2].is_file()]
    if on_start is not None:
        on_start(len(jobs))
    written: list[Path] = []
    errors: list[I18nError] = []
    for _domain, _locale, path in jobs:
        try:
            target = path.with_suffix(".mo")
            compile_po(path, target, use_fuzzy=use_fuzzy)
            written.append(target)
        except I18nError as error:
            errors.append(error)
        if on_progress is not None:
            on_progress(1)
    if errors:
        raise MultipleErrors(errors)
    return written
