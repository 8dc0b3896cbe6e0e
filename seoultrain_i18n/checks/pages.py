"""Checks on the site's source pages themselves (not on their translations).

``H701 broken-link``: a link or asset reference of a page names no file of
the content folder (``site/links.py`` decides); it would be published dead
in every language.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from seoultrain_i18n.checks.registry import Finding, register

if TYPE_CHECKING:
    from seoultrain_i18n.checks.settings import Settings
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.site.links import BrokenReference


@register("H701", "broken-link", "error", "page")
def broken_link(reference: BrokenReference) -> Iterator[str]:
    """A page links to a page or asset that does not exist."""
    yield reference.message


def check_pages(project: Project, settings: Settings) -> list[Finding]:
    """Findings of the page checks over every source page (an unreadable page
    is reported by ``extract`` and ``build``, not here)."""
    from seoultrain_i18n.checks.registry import REGISTRY
    from seoultrain_i18n.errors import I18nError
    from seoultrain_i18n.formats.html import read_page
    from seoultrain_i18n.site.links import broken_references

    check = REGISTRY["H701"]
    if not settings.enabled(check):
        return []
    pages = []
    for path in sorted(project.content_dir.glob("*.html")):
        try:
            pages.append(read_page(path, project.relative(path)))
        except I18nError:
            continue  # extract and build report an unreadable page
    return [
        Finding(
            check.code,
            check.name,
            settings.severity(check),
            message,
            reference.path,
            reference.line,
            project.site_domain,
        )
        for reference in broken_references(project, pages)
        for message in broken_link(reference)
    ]
