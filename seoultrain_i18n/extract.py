"""Extraction: the site's pages and the subtitle tracks → gettext templates.

Every ``content/*.html`` page is cut into segments (``formats.html``); the
segments of all pages become the ``site`` template, one message per distinct
(context, text) with every reference. Subtitle tracks come from
``subtitles.templates`` (one template per track). Templates are
written only when every input could be read, and only when something other
than the POT-Creation-Date changed, so extracting twice changes no byte.
"""

from __future__ import annotations

import glob
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from seoultrain_i18n import __version__
from seoultrain_i18n.config_checks import IDENTIFIER
from seoultrain_i18n.errors import BadNameError, I18nError, MultipleErrors, ParseError
from seoultrain_i18n.formats.html import Page, read_page
from seoultrain_i18n.formats.po import generate_po
from seoultrain_i18n.fsutil import atomic_write_bytes, read_bytes
from seoultrain_i18n.model import Catalog, Message
from seoultrain_i18n.outcome import Outcomes
from seoultrain_i18n.subtitles.templates import extract_track_templates

Progress = Callable[[int], None]

CREATION_DATE = "POT-Creation-Date"


@dataclass(frozen=True, slots=True)
class TemplateResult:
    """One template after extraction: where it is and whether it was written."""

    domain: str
    path: Path
    messages: int
    sources: int  # pages or cues read into it
    written: bool


def page_paths(project: Any) -> list[Path]:
    """The site's pages in a stable order (file name)."""
    folder = Path(project.content_dir)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.html") if path.is_file())


def read_pages(
    project: Any,
    paths: list[Path],
    *,
    on_progress: Progress | None = None,
    on_file: Callable[[str], None] | None = None,
) -> list[Page]:
    """Parse every page; every bad one is reported together (MultipleErrors)."""
    pages: list[Page] = []
    errors: list[I18nError] = []
    for path in paths:
        reference = project.relative(path)
        if on_file is not None:
            on_file(reference)
        try:
            pages.append(read_page(path, reference))
        except I18nError as error:
            errors.append(error)
        except RecursionError:
            errors.append(ParseError(reference, None, "elements are nested too deeply"))
        if on_progress is not None:
            on_progress(1)
    if errors:
        raise MultipleErrors(errors)
    return pages


def site_catalog(project: Any, pages: list[Page]) -> Catalog:
    """The ``site`` template: one message per (context, text), references merged."""
    catalog = Catalog(domain=project.site_domain)
    catalog.header = template_header(project, project.source_locale)
    catalog.header_comments = [
        f"Translatable text of the {project.name} website.",
        "Extracted from the site's HTML pages by seoultrain-i18n; do not edit by hand.",
    ]
    catalog.header_flags = ["fuzzy"]
    index: dict[tuple[str | None, str], Message] = {}
    for page in pages:
        for segment in page.segments:
            key = (segment.context, segment.source)
            message = index.get(key)
            if message is None:
                message = Message(source=segment.source, context=segment.context)
                index[key] = message
                catalog.messages.append(message)
            reference = f"{page.path}:{segment.line}"
            if reference not in message.references:
                message.references.append(reference)
            for note in segment.notes:
                if note not in message.notes:
                    message.notes.append(note)
    return catalog


def template_header(project: Any, source_language: str, date: str = "") -> list[tuple[str, str]]:
    """The header every template carries (xgettext's fields, plus ours)."""
    return [
        ("Project-Id-Version", project.name),
        ("Report-Msgid-Bugs-To", ""),
        (CREATION_DATE, date or now()),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Generator", f"seoultrain-i18n {__version__}"),
        ("X-Source-Language", source_language),
    ]


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def complete_header(project: Any, catalog: Catalog) -> None:
    """Give a template from another stage the fields every template carries."""
    source = catalog.get_header("X-Source-Language") or project.source_locale
    for name, value in template_header(project, source):
        if catalog.get_header(name) is None:
            catalog.set_header(name, value)
    catalog.set_header("X-Generator", f"seoultrain-i18n {__version__}")


def track_catalogs(
    project: Any, on_progress: Progress | None = None, problems: list[I18nError] | None = None
) -> list[Catalog]:
    """One template per readable subtitle track (``subtitles.templates``); with
    ``problems``, each unreadable track is appended there instead of raised."""
    return extract_track_templates(project, on_progress=on_progress, problems=problems)


def domain_conflicts(project: Any, track_domains: list[str]) -> list[I18nError]:
    """Track names that cannot be template names: not an identifier, the site's
    domain, or another track's name but for case (one file on some disks).

    Checked before anything is written: ``subtitles/site.en.srt`` must not
    replace ``locales/site.pot``.
    """
    errors: list[I18nError] = []
    seen: dict[str, str] = {project.site_domain.casefold(): project.site_domain}
    for domain in track_domains:
        where = _track_file(project, domain)
        if IDENTIFIER.fullmatch(domain) is None:
            errors.append(
                BadNameError(where, f"track name {domain!r} is not a name of ASCII letters, "
                           "digits, '-' and '_' (it becomes locales/NAME.pot)")
            )
            continue
        other = seen.get(domain.casefold())
        if other == project.site_domain:
            errors.append(
                BadNameError(where, f"track name {domain!r} is the site's domain "
                           f"(site-domain = {project.site_domain!r}): rename the track")
            )
        elif other is not None:
            errors.append(
                BadNameError(where, f"track name {domain!r} differs from track {other!r} "
                           "only by case: rename one of them")
            )
        seen.setdefault(domain.casefold(), domain)
    return errors


def _track_file(project: Any, domain: str) -> str:
    folder = Path(project.subtitles_dir)
    found = sorted(folder.glob(f"{glob.escape(domain)}.*.srt")) if folder.is_dir() else []
    return project.relative(found[0]) if found else f"{project.relative(folder)}/{domain}.*.srt"


def template_path(project: Any, domain: str) -> Path:
    return Path(project.locales_dir) / f"{domain}.pot"


def template_bytes(catalog: Catalog, path: Path) -> bytes:
    """The template's bytes; keeps the file's POT-Creation-Date when only the
    date would change."""
    try:
        old = read_bytes(path)
    except OSError:
        old = None
    if old is not None:
        previous = _creation_date(old)
        if previous is not None:
            catalog.set_header(CREATION_DATE, previous)
            data = generate_po(catalog).encode("utf-8")
            if data == old:
                return data
    catalog.set_header(CREATION_DATE, now())
    return generate_po(catalog).encode("utf-8")


def _creation_date(data: bytes) -> str | None:
    for line in data.decode("utf-8", "replace").splitlines():
        if line.startswith(f'"{CREATION_DATE}: '):
            value = line[len(CREATION_DATE) + 3 :]
            return value.removesuffix('"').removesuffix("\\n")
        if line.startswith("msgid") and not line.startswith('msgid ""'):
            return None
    return None


def extract(
    project: Any,
    *,
    on_progress: Progress | None = None,
    on_file: Callable[[str], None] | None = None,
    check_only: bool = False,
) -> Outcomes[TemplateResult]:
    """Extract every page and track and write the templates that changed.

    Per template (named by its path), a ``TemplateResult``; with
    ``check_only`` nothing is written and ``written`` says which templates are
    out of date. Every bad input is a failed item (named by its file) and
    costs only its own template: the site template needs every page, a
    track's template its track; every other template is still written.
    """
    paths = page_paths(project)
    outcomes: Outcomes[TemplateResult] = Outcomes()
    pages: list[Page] = []
    try:
        pages = read_pages(project, paths, on_progress=on_progress, on_file=on_file)
    except I18nError as error:
        outcomes.failed_each(project.relative(project.content_dir), error)
    problems: list[I18nError] = []
    tracks = track_catalogs(project, on_progress, problems)
    for problem in problems:
        outcomes.failed_each(project.relative(project.subtitles_dir), problem)
    conflicts = domain_conflicts(project, [catalog.domain for catalog in tracks])
    for conflict in conflicts:
        outcomes.failed_each(project.relative(project.subtitles_dir), conflict)
    if conflicts:
        return outcomes  # nothing written: one name would replace another's template
    outputs: list[tuple[Catalog, int]] = []
    if pages:
        outputs.append((site_catalog(project, pages), len(pages)))
    for catalog in tracks:
        complete_header(project, catalog)
        outputs.append((catalog, len(catalog.messages)))
    prepared = [
        (catalog, template_path(project, catalog.domain), sources) for catalog, sources in outputs
    ]
    for catalog, path, sources in prepared:
        data = template_bytes(catalog, path)
        changed = _differs(path, data)
        if changed and not check_only:
            atomic_write_bytes(path, data)
        outcomes.succeeded(
            project.relative(path),
            TemplateResult(catalog.domain, path, len(catalog.messages), sources, changed),
        )
    return outcomes


def _differs(path: Path, data: bytes) -> bool:
    try:
        return read_bytes(path) != data
    except OSError:
        return True
