"""Where templates and catalogs live, and how to find, create, load and save them.

Templates are ``locales/DOMAIN.pot``; each carries ``X-Source-Language`` (its
source locale). A template's target locales are the project's source locale
plus its target locales, minus the template's own source language. Catalogs
are ``locales/LOCALE/LC_MESSAGES/DOMAIN.po``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import I18nError, MultipleErrors, ParseError
from seoultrain_i18n.formats.po import generate_po, parse_po, read_po, read_po_header
from seoultrain_i18n.fsutil import atomic_write_bytes, project_lock, read_bytes, write_if_changed
from seoultrain_i18n.model import Catalog
from seoultrain_i18n.outcome import Outcomes

if TYPE_CHECKING:
    from seoultrain_i18n.catalogs.merge import MergeStats

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

SOURCE_LANGUAGE_HEADER = "X-Source-Language"


@dataclass(frozen=True, slots=True)
class Template:
    """One ``locales/DOMAIN.pot`` and the locale its msgids are written in."""

    domain: str
    path: Path
    source_locale: str


@dataclass(slots=True)
class LoadedCatalog:
    """A catalog read from disk with the template and locale it belongs to."""

    template: Template
    locale: str
    path: Path
    catalog: Catalog


def discover_templates(project: Project) -> list[Template]:
    """Every ``locales/*.pot`` of the project, sorted by domain.

    Only the header is read; a template without ``X-Source-Language`` is in the
    project's source locale. A broken header raises ParseError.
    """
    folder = project.locales_dir
    if not folder.is_dir():
        return []
    templates = []
    errors: list[I18nError] = []  # every broken template is reported, not only the first
    for path in sorted(folder.glob("*.pot")):
        try:
            header = dict(read_po_header(path))
        except I18nError as error:
            errors.append(error)
            continue
        declared = header.get(SOURCE_LANGUAGE_HEADER, "").strip()
        try:
            source = locale_ids.normalize(declared) if declared else project.source_locale
        except I18nError as error:
            errors.append(ParseError(path, None, f"invalid {SOURCE_LANGUAGE_HEADER}: {error}"))
            continue
        templates.append(Template(domain=path.stem, path=path, source_locale=source))
    if errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(errors)
    return templates


def targets_for(project: Project, template: Template) -> list[str]:
    """The locales a template is translated into (its source language excluded)."""
    wanted = [project.source_locale, *project.target_locales]
    result: list[str] = []
    for locale in wanted:
        if locale != template.source_locale and locale not in result:
            result.append(locale)
    return result


def catalog_path(project: Project, locale: str, domain: str) -> Path:
    """``locales/LOCALE/LC_MESSAGES/DOMAIN.po``."""
    return project.locales_dir / locale_ids.normalize(locale) / "LC_MESSAGES" / f"{domain}.po"


def new_catalog(project: Project, template_catalog: Catalog, locale: str) -> Catalog:
    """An empty catalog for ``locale`` with a full header and the template's messages.

    Header dates come from the template, so creating a catalog twice gives
    the same bytes.
    """
    from seoultrain_i18n.catalogs.merge import merge_catalog

    catalog = merge_catalog(template_catalog, None, locale)
    project_id = catalog.get_header("Project-Id-Version")
    if project_id in (None, "", "PACKAGE VERSION"):
        catalog.set_header("Project-Id-Version", project.name)
    return catalog


def load_catalogs(
    project: Project, locales: Iterable[str] = (), domains: Iterable[str] = ()
) -> tuple[list[LoadedCatalog], list[I18nError]]:
    """Read every existing catalog (filtered by locale and domain).

    Missing catalogs are simply absent; unreadable ones are returned as errors
    so a caller can report all of them and go on with the rest.
    """
    errors: list[I18nError] = []
    loaded = list(iter_catalogs(project, locales, domains, errors))
    return loaded, errors


def iter_catalogs(
    project: Project,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    errors: list[I18nError] | None = None,
    *,
    keep: bool = True,
) -> Iterator[LoadedCatalog]:
    """Like ``load_catalogs``, one catalog at a time (a large project is never
    held in memory whole); unreadable catalogs are appended to ``errors``.
    ``keep=False``: a caller reading each catalog once does not have the
    reader keep a parsed copy (see ``read_po``)."""
    problems = errors if errors is not None else []
    try:
        jobs = catalog_jobs(project, locales, domains)
    except I18nError as error:
        problems.append(error)
        return
    for template, locale, path in jobs:
        if not path.is_file():
            continue
        try:
            catalog = read_po(path, domain=template.domain, locale=locale, keep=keep)
        except I18nError as error:
            problems.append(error)
            continue
        yield LoadedCatalog(template, locale, path, catalog)


def catalog_jobs(
    project: Project, locales: Iterable[str] = (), domains: Iterable[str] = ()
) -> list[tuple[Template, str, Path]]:
    """Every (template, target locale, catalog path), filtered by locale and
    domain; the catalog may not exist yet. Raises for broken templates."""
    wanted_locales = {locale_ids.normalize(locale) for locale in locales}
    wanted_domains = set(domains)
    return [
        (template, locale, catalog_path(project, locale, template.domain))
        for template in discover_templates(project)
        if not wanted_domains or template.domain in wanted_domains
        for locale in targets_for(project, template)
        if not wanted_locales or locale in wanted_locales
    ]


def save_catalog(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` atomically if its bytes differ; True when written."""
    return write_if_changed(path, generate_po(catalog).encode("utf-8"))


@dataclass(slots=True)
class CatalogUpdate:
    """The outcome of updating one catalog: ``status`` is created, updated or unchanged."""

    domain: str
    locale: str
    path: Path
    status: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    new_fuzzy: int = 0


class UpdateResult(Outcomes[CatalogUpdate]):
    """Per catalog (named by its path), its ``CatalogUpdate`` or the error it met."""

    __slots__ = ()

    @property
    def updates(self) -> list[CatalogUpdate]:
        return self.values

    @property
    def changed(self) -> list[CatalogUpdate]:
        return [update for update in self.updates if update.status != "unchanged"]


def update_catalogs(
    project: Project,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    *,
    check: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> UpdateResult:
    """Merge every template into every target catalog (the ``update`` stage).

    A broken template or catalog is reported in ``errors`` and left untouched;
    the others are still processed. With ``check`` nothing is written.
    ``on_start(total)`` announces how many catalogs ``on_progress(1)`` counts.
    """
    with _no_cycle_collection():
        if check:
            return _update_all(project, locales, domains, check, on_start, on_progress)
        with project_lock(project.locales_dir):
            return _update_all(project, locales, domains, check, on_start, on_progress)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: reading and merging catalogs makes
    hundreds of thousands of small containers (messages, their lists) and no
    reference cycle, and each young-generation collection walked 50,000 of
    them (0.035 s of ``update`` on 20,000 messages). Freed by their reference
    counts as before; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _update_all(
    project: Project,
    locales: Iterable[str],
    domains: Iterable[str],
    check: bool,
    on_start: Callable[[int], None] | None,
    on_progress: Callable[[int], None] | None,
) -> UpdateResult:
    from seoultrain_i18n.catalogs.merge import MergeStats, merge_catalog

    result = UpdateResult()
    threshold = project.config.update.fuzzy_threshold
    fuzzy_matching = project.config.update.fuzzy_matching
    try:
        selected = catalog_jobs(project, locales, domains)
        jobs = [(template, locale) for template, locale, _ in selected]
    except I18nError as error:
        result.failed_each(project.relative(project.locales_dir), error)
        return result
    if on_start is not None:
        on_start(len(jobs))
    loaded: dict[Path, Catalog | I18nError] = {}
    for template, locale in jobs:
        if template.path not in loaded:
            try:
                # Read once here (``loaded``): not kept for other stages, no copy.
                loaded[template.path] = read_po(template.path, domain=template.domain, keep=False)
            except I18nError as error:
                loaded[template.path] = error
                result.failed(project.relative(template.path), error)
        template_catalog = loaded[template.path]
        if on_progress is not None:
            on_progress(1)
        if isinstance(template_catalog, I18nError):
            continue
        path = catalog_path(project, locale, template.domain)
        try:
            old_bytes = read_bytes(path) if path.is_file() else None
            old = None
            if old_bytes is not None:
                old = parse_po(old_bytes, path, domain=template.domain, locale=locale)
        except I18nError as error:
            result.failed(project.relative(path), error)
            continue
        stats = MergeStats()
        if old is None:
            merged = new_catalog(project, template_catalog, locale)
        else:
            merged = merge_catalog(
                template_catalog,
                old,
                locale,
                threshold=threshold,
                fuzzy_matching=fuzzy_matching,
                stats=stats,
            )
        data = generate_po(merged).encode("utf-8")
        if old_bytes is None:
            status = "created"
        elif old_bytes != data:
            status = "updated"
        else:
            status = "unchanged"
        if status != "unchanged" and not check:
            try:
                atomic_write_bytes(path, data)
            except I18nError as error:
                result.failed(project.relative(path), error)
                continue
        result.succeeded(
            project.relative(path), _summary(template.domain, locale, path, status, merged, stats)
        )
    return result


def _summary(
    domain: str, locale: str, path: Path, status: str, catalog: Catalog, stats: MergeStats
) -> CatalogUpdate:
    live = catalog.live()
    fuzzy = sum(1 for message in live if message.fuzzy)
    translated = sum(1 for message in live if message.reviewed)
    return CatalogUpdate(
        domain=domain,
        locale=locale,
        path=path,
        status=status,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=len(live) - translated - fuzzy,
        obsolete=len(catalog.messages) - len(live),
        new_fuzzy=stats.fuzzy,
    )
