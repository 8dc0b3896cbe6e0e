"""Where templates and catalogs live, and how to find, create, load and save them.

Templates are ``locales/DOMAIN.pot``; each carries ``X-Source-Language`` (its
source locale). A template's target locales are the project's source locale
plus its target locales, minus the template's own source language. Catalogs
are ``locales/LOCALE/LC_MESSAGES/DOMAIN.po``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import locales
from .errors import I18nError, ParseError
from .formats.po import generate_po, read_po, read_po_header
from .fsutil import write_if_changed
from .model import Catalog, Message

if TYPE_CHECKING:
    from .config import Project

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
    for path in sorted(folder.glob("*.pot")):
        header = dict(read_po_header(path))
        declared = header.get(SOURCE_LANGUAGE_HEADER, "").strip()
        try:
            source = locales.normalize(declared) if declared else project.source_locale
        except I18nError as error:
            raise ParseError(path, None, f"invalid {SOURCE_LANGUAGE_HEADER}: {error}") from None
        templates.append(Template(domain=path.stem, path=path, source_locale=source))
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
    return project.locales_dir / locales.normalize(locale) / "LC_MESSAGES" / f"{domain}.po"


def language_team(locale: str) -> str:
    try:
        name = locales.english_name(locale)
    except I18nError:
        name = locale
    return f"{name} <LL@li.org>"


def new_catalog(project: Project, template_catalog: Catalog, locale: str) -> Catalog:
    """An empty catalog for ``locale`` with a full header and the template's messages.

    Header values that would change on every run (dates) come from the
    template, so creating a catalog twice gives the same bytes.
    """
    locale = locales.normalize(locale)
    created = template_catalog.get_header("POT-Creation-Date") or ""
    header = [
        ("Project-Id-Version", template_catalog.get_header("Project-Id-Version") or project.name),
        ("Report-Msgid-Bugs-To", template_catalog.get_header("Report-Msgid-Bugs-To") or ""),
        ("POT-Creation-Date", created),
        ("PO-Revision-Date", created),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language", locale),
        ("Language-Team", language_team(locale)),
        ("Plural-Forms", locales.plural_forms(locale)),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    source = template_catalog.get_header(SOURCE_LANGUAGE_HEADER)
    if source:
        header.append((SOURCE_LANGUAGE_HEADER, source))
    if project.name and header[0][1] in ("", "PACKAGE VERSION"):
        header[0] = ("Project-Id-Version", project.name)
    catalog = Catalog(
        domain=template_catalog.domain,
        locale=locale,
        header=header,
        header_comments=list(template_catalog.header_comments),
    )
    plural_count = locales.plural_count(locale)
    for message in template_catalog.live():
        copy = Message(
            source=message.source,
            context=message.context,
            source_plural=message.source_plural,
            plural_translations=[""] * plural_count if message.source_plural is not None else [],
            references=list(message.references),
            notes=list(message.notes),
            flags=[flag for flag in message.flags if flag != "fuzzy"],
        )
        catalog.messages.append(copy)
    return catalog


def load_catalogs(
    project: Project, locales_: Iterable[str] = (), domains: Iterable[str] = ()
) -> tuple[list[LoadedCatalog], list[I18nError]]:
    """Read every existing catalog (filtered by locale and domain).

    Missing catalogs are simply absent; unreadable ones are returned as errors
    so a caller can report all of them and go on with the rest.
    """
    wanted_locales = {locales.normalize(locale) for locale in locales_}
    wanted_domains = set(domains)
    loaded: list[LoadedCatalog] = []
    errors: list[I18nError] = []
    try:
        templates = discover_templates(project)
    except I18nError as error:
        return [], [error]
    for template in templates:
        if wanted_domains and template.domain not in wanted_domains:
            continue
        for locale in targets_for(project, template):
            if wanted_locales and locale not in wanted_locales:
                continue
            path = catalog_path(project, locale, template.domain)
            if not path.is_file():
                continue
            try:
                catalog = read_po(path, domain=template.domain, locale=locale)
            except I18nError as error:
                errors.append(error)
                continue
            loaded.append(LoadedCatalog(template, locale, path, catalog))
    return loaded, errors


def save_catalog(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` atomically if its bytes differ; True when written."""
    return write_if_changed(path, generate_po(catalog).encode("utf-8"))
