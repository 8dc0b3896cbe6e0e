"""JSON bundles of compiled translations for JavaScript and other site builds.

One file per locale and domain, ``build/i18n/BCP47/DOMAIN.json``::

    {
      "locale": "zh-Hans",
      "domain": "site",
      "plural_forms": "nplurals=1; plural=0;",
      "messages": {
        "Home": "首页",
        "menu\\u0004Close": "关闭",
        "%d refugee": ["%d 名难民"]
      }
    }

Keys are the msgid, prefixed by ``msgctxt + "\\u0004"`` when the message has a
context (the separator GNU gettext uses inside MO files). A singular message
maps to its translation; a plural message (keyed by its singular msgid) maps
to the list of every plural form, in the order ``plural_forms`` numbers them.
Like an MO file, a bundle holds only what the verdict (``checks.verdict``)
calls publishable: untranslated messages are absent, fuzzy ones too (unless
``include_fuzzy``), and so is every translation a check finds an error in
(withheld: reported with its catalog ``path:line``), so a lookup that misses
falls back to the source text. Messages keep the catalog's order.

A translation holds only its source's inline tags (``<em>``, ``<a1>``,
``<br/>``) with the source's attributes, never a script, an event handler or
a ``javascript:`` URL: a consumer may insert it as HTML after mapping the
numbered placeholders back to its own elements (docs/bundles.md).

Beside it, the same messages in the forms JavaScript libraries load as they
are (``formats/js_bundles.py``): ``build/i18n/i18next/BCP47/DOMAIN.json``
and ``build/i18n/gettext.js/BCP47/DOMAIN.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.formats.js_bundles import gettextjs_data, i18next_resources
from seoultrain_i18n.formats.plural import PluralFormsError, parse_plural_forms
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.fsutil import remove, write_if_changed
from seoultrain_i18n.model import Catalog

if TYPE_CHECKING:
    from seoultrain_i18n.catalogs.layout import Template
    from seoultrain_i18n.checks.registry import Finding
    from seoultrain_i18n.checks.verdict import CatalogVerdict, Judge
    from seoultrain_i18n.config import Project

CONTEXT_SEPARATOR = "\x04"
# Folder under build/i18n/ → conversion of our bundle into that library's form.
LIBRARY_FORMS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "i18next": i18next_resources,
    "gettext.js": gettextjs_data,
}


@dataclass(frozen=True, slots=True)
class Bundle:
    """One written bundle and how many messages it holds."""

    path: Path
    locale: str
    domain: str
    messages: int


def bundle_path(project: Project, locale: str, domain: str) -> Path:
    """``build/i18n/BCP47/DOMAIN.json``."""
    return project.build_dir / "i18n" / locale_ids.to_bcp47(locale) / f"{domain}.json"


def library_bundle_path(project: Project, form: str, locale: str, domain: str) -> Path:
    """``build/i18n/FORM/BCP47/DOMAIN.json`` (FORM: ``i18next`` or ``gettext.js``)."""
    return project.build_dir / "i18n" / form / locale_ids.to_bcp47(locale) / f"{domain}.json"


def bundle_data(
    catalog: Catalog,
    locale: str,
    *,
    include_fuzzy: bool = False,
    verdict: CatalogVerdict | None = None,
) -> dict[str, Any]:
    """The JSON-ready content of one catalog's bundle (see the module docstring).

    Without ``verdict`` the catalog is judged with the default check settings."""
    if verdict is None:
        from seoultrain_i18n.checks.verdict import Judge

        judge = Judge.default(catalog, include_fuzzy=include_fuzzy)
        verdict = judge.catalog(catalog, catalog.domain, locale, catalog.domain)
    messages: dict[str, str | list[str]] = {}
    for message in catalog.live():
        if verdict.publishable(message.key) is not message:
            continue
        key = message.source
        if message.context is not None:
            key = f"{message.context}{CONTEXT_SEPARATOR}{message.source}"
        if message.source_plural is not None:
            messages[key] = list(message.plural_translations)
        else:
            messages[key] = message.translation
    # Only what the gettext grammar accepted: JavaScript libraries compile it into code.
    plural_forms = safe_plural_forms(catalog.get_header("Plural-Forms"), locale)
    return {
        "locale": locale_ids.to_bcp47(locale),
        "domain": catalog.domain,
        "plural_forms": plural_forms,
        "messages": messages,
    }


def encode_bundle(data: dict[str, Any]) -> bytes:
    # ensure_ascii=False keeps Korean and Chinese readable (and bundles small);
    # the trailing newline makes the files diff cleanly.
    return (script_safe_json(data, indent=1) + "\n").encode("utf-8")


# Characters that could end or confuse an inline <script> element (``</script>``,
# ``<!--``, ``]]>``) or a JavaScript string (U+2028, U+2029), as JSON escapes.
_SCRIPT_UNSAFE = str.maketrans(
    {
        "\u003c": "\\u003c",
        "\u003e": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def script_safe_json(data: Any, *, indent: int | None = None, sort_keys: bool = False) -> str:
    """JSON that is safe to inline in a ``<script>`` element.

    Outside strings JSON never holds these characters, so escaping them
    everywhere changes no value.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
    return text.translate(_SCRIPT_UNSAFE)


def safe_plural_forms(value: str | None, locale: str) -> str:
    """The catalog's Plural-Forms as parsed by the gettext grammar, else the locale's."""
    if value:
        try:
            return parse_plural_forms(value).canonical
        except PluralFormsError:
            pass
    return locale_ids.plural_forms(locale)


def build_bundles(
    project: Project,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    *,
    include_fuzzy: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    removed: list[Path] | None = None,
) -> tuple[list[Bundle], list[I18nError]]:
    """Write a bundle for every existing catalog (filtered by locale and domain).

    Unchanged bundles are not rewritten. Unreadable catalogs do not stop the
    others: they come back as errors, after every readable one is written.
    Bundles in the selection that this run did not write (an unreadable
    catalog's, a removed domain's) are deleted; ``removed`` gets them.
    """
    from seoultrain_i18n.catalogs.layout import catalog_jobs
    from seoultrain_i18n.checks.verdict import Judge, WithheldTranslation
    from seoultrain_i18n.parallel import FAILED, ordered_map, total_bytes, worker_count

    read_errors: list[I18nError] = []
    try:
        existing = [job for job in catalog_jobs(project, locales, domains) if job[2].is_file()]
    except I18nError as error:
        read_errors.append(error)
        existing = []
    later: list[I18nError] = []
    writer = _BundleWriter(project, Judge.for_project(project, include_fuzzy=include_fuzzy))
    bundles: list[Bundle] = []
    if on_start is not None:
        on_start(len(existing))
    # One catalog at a time (a whole catalogue does not fit in memory at once),
    # on every core when they are large; a catalog a worker could not do is
    # done again here. Unreadable ones are reported first.
    workers = worker_count(total_bytes(path for _, _, path in existing), len(existing))
    outcomes = iter(ordered_map(writer.remote, existing, workers)) if workers > 1 else None
    for job in existing:
        outcome = next(outcomes) if outcomes is not None else FAILED
        if isinstance(outcome, str):
            try:
                catalog = read_po(job[2], domain=job[0].domain, locale=job[1])
            except I18nError as error:
                read_errors.append(error)
                continue
            outcome = writer.write(job, catalog)
        bundle, reasons, errors = outcome
        later.extend(WithheldTranslation(reason) for reason in reasons)
        later.extend(errors)
        bundles.append(bundle)
        if on_progress is not None:
            on_progress(1)
    if on_progress is not None and len(existing) > len(bundles):
        on_progress(len(existing) - len(bundles))  # the unreadable ones
    gone = _remove_unwritten(project, bundles, locales, domains)
    if removed is not None:
        removed.extend(gone)
    return bundles, [*read_errors, *later]


@dataclass(frozen=True, slots=True)
class _BundleWriter:
    """Writes the bundles of one catalog (in this process or a worker)."""

    project: Project
    judge: Judge

    def write(
        self, job: tuple[Template, str, Path], catalog: Catalog
    ) -> tuple[Bundle, list[Finding], list[I18nError]]:
        """The bundle, why translations were withheld, and the files not written."""
        template, locale, path = job
        relative = self.project.relative(path)
        verdict = self.judge.catalog(catalog, template.domain, locale, relative)
        reasons = [reason for judgement in verdict.withheld for reason in judgement.reasons]
        data = bundle_data(
            catalog, locale, include_fuzzy=self.judge.include_fuzzy, verdict=verdict
        )
        target = bundle_path(self.project, locale, template.domain)
        data["domain"] = template.domain
        write_if_changed(target, encode_bundle(data), durable=False)
        errors: list[I18nError] = []
        for form, convert in LIBRARY_FORMS.items():
            form_path = library_bundle_path(self.project, form, locale, template.domain)
            try:
                write_if_changed(form_path, encode_bundle(convert(data)), durable=False)
            except I18nError as error:
                errors.append(error)
        return Bundle(target, locale, template.domain, len(data["messages"])), reasons, errors

    def remote(
        self, job: tuple[Template, str, Path]
    ) -> tuple[Bundle, list[Finding], list[I18nError]] | str:
        """``write`` in a worker; FAILED when a file could not be written (the
        parent writes it again and reports why: its error is its own)."""
        from seoultrain_i18n.checks.memo import read_catalog
        from seoultrain_i18n.parallel import FAILED

        template, locale, path = job
        outcome = self.write(job, read_catalog(path, template.domain, locale))
        return FAILED if outcome[2] else outcome


def _remove_unwritten(
    project: Project, bundles: list[Bundle], locales: Iterable[str], domains: Iterable[str]
) -> list[Path]:
    """Delete ``build/i18n/BCP47/DOMAIN.json`` files of the selection this run did not write."""
    folder = project.build_dir / "i18n"
    tags = {locale_ids.to_bcp47(locale_ids.normalize(locale)) for locale in locales}
    wanted_domains = set(domains)
    written = {bundle.path for bundle in bundles}
    stale = [
        path
        for path in (sorted(folder.glob("*/*.json")) if folder.is_dir() else [])
        if path not in written
        and (not tags or path.parent.name in tags)
        and (not wanted_domains or path.stem in wanted_domains)
    ]
    for path in stale:
        remove(path)
    return stale
