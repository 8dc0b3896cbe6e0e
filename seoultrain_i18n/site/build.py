"""The localized static site: ``content/*.html`` + the ``site`` catalogs → ``build/site``.

For the source language and every target locale, each page is rendered with
its units translated (``formats.html.render_page``: fallback to English marked
``lang="en"``). Which translations a page may show is the verdict's
(``checks.verdict``): a translation a check finds an error in is withheld,
its English source stands in (marked ``lang="en"``) and the build reports it
and exits 1. The page is then framed for its
language (``sitepage``: ``<html lang>``, hreflang alternates, ``og:locale``,
the language switcher, subtitle tracks, the CJK stylesheet). A page whose
translated share of source words is below ``site.publish-threshold`` is not
published in that language: its switcher entries lead to the English page.

Layout of ``build/site``::

    index.html            language chooser; sends a visitor to their browser's language
    sitemap.xml           every published page with xhtml:link alternates
    BCP47/PAGE.html       the pages of one language (relative links stay inside it)
    BCP47/assets/...      content/assets, copied so relative ``assets/...`` URLs work
    BCP47/assets/l10n.css font stacks for Korean and Chinese, the switcher's layout
    subtitles/NAME.BCP47.vtt  the WebVTT tracks the video page offers
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.catalogs.stats import floor_percent
from seoultrain_i18n.checks.verdict import Judge
from seoultrain_i18n.errors import ConfigError, I18nError, MultipleErrors
from seoultrain_i18n.formats.html import Page, RenderResult, Segment, render_page
from seoultrain_i18n.fsutil import read_bytes, remove, write_if_changed
from seoultrain_i18n.model import Message, MessageKey
from seoultrain_i18n.site.frame import Link, PageFrame, apply_frame, missing_markers
from seoultrain_i18n.site.links import broken_references
from seoultrain_i18n.site.urls import published_base_url
from seoultrain_i18n.subtitles.sources import (
    discover_tracks,
    parse_track_name,
    track_file_name,
    track_files,
)

if TYPE_CHECKING:
    from seoultrain_i18n.checks.verdict import CatalogVerdict, Judgement
    from seoultrain_i18n.config import Project

Progress = Callable[[int], None] | None
L10N_STYLESHEET = "assets/l10n.css"
SUBTITLES_FOLDER = "subtitles"


@dataclass(frozen=True, slots=True)
class PageStatus:
    """One page in one language: how much is translated and whether it is published."""

    page: str  # file name, e.g. film.html
    locale: str  # catalog id, e.g. zh_Hans
    translated_words: int
    total_words: int
    published: bool
    threshold: float
    fallback: int = 0  # text units showing the source text (missing or withheld)
    withheld: tuple[str, ...] = ()  # "path:line CODE message" of each withheld translation

    @property
    def lang(self) -> str:
        return locale_ids.to_bcp47(self.locale)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated_words / self.total_words if self.total_words else 100.0

    def describe(self) -> str:
        """The line the build prints for a page it did not publish."""
        return (
            f"{self.lang}/{self.page}: not published: "
            f"{floor_percent(self.translated_words, self.total_words):.0f}% of "
            f"{self.total_words} source words translated (threshold {self.threshold:g}%); "
            f"its language switcher leads to the English page"
        )


@dataclass(frozen=True, slots=True)
class SiteProblem:
    """A translation the site could not use as written (escaped, or a tag missing)."""

    location: str  # where to fix it: the catalog's path:line
    locale: str
    page: str  # where it shows: content/PAGE.html:line
    detail: str

    def __str__(self) -> str:
        return f"{self.location}: [{locale_ids.to_bcp47(self.locale)}] {self.detail} ({self.page})"


@dataclass(slots=True)
class SiteResult:
    """What ``build_site`` wrote and decided."""

    root: Path
    languages: list[str] = field(default_factory=list)  # BCP 47, published languages
    pages: list[PageStatus] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # pages written (changed or not)
    problems: list[SiteProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # source pages missing a marker
    tracks: list[Path] = field(default_factory=list)
    errors: list[I18nError] = field(default_factory=list)

    @property
    def unpublished(self) -> list[PageStatus]:
        return [status for status in self.pages if not status.published]


@dataclass(slots=True)
class _Translations:
    """One locale's ``site`` catalog, as the renderer looks it up."""

    locale: str
    path: str  # project-relative catalog path, for problem locations
    index: dict[MessageKey, Message]

    verdict: CatalogVerdict

    def lookup(self, segment: Segment, withheld: list[Judgement] | None = None) -> str | None:
        """The publishable translation of ``segment``; withheld ones go to ``withheld``."""
        key = (segment.context, segment.source)
        judgement = self.verdict.judgement(key)
        if judgement is None or judgement.message.source_plural is not None:
            return None
        if judgement.state == "withheld" and withheld is not None:
            withheld.append(judgement)
        return judgement.message.translation if judgement.publishable else None

    def location(self, context: str | None, source: str) -> str:
        message = self.index.get((context, source))
        return f"{self.path}:{message.line}" if message is not None and message.line else self.path


@dataclass(slots=True)
class _Rendered:
    page: Page
    name: str
    locale: str
    result: RenderResult
    status: PageStatus


def site_locales(project: Project) -> list[str]:
    """The site's languages: the source locale first, then the targets."""
    result: list[str] = []
    for locale in [project.source_locale, *project.target_locales]:
        if locale not in result:
            result.append(locale)
    return result


def site_root(project: Project) -> Path:
    return project.build_dir / "site"


def build_site(
    project: Project,
    locales: Iterable[str] = (),
    *,
    include_fuzzy: bool | None = None,
    on_start: Callable[[int], None] | None = None,
    on_progress: Progress = None,
) -> SiteResult:
    """Write ``build/site`` (see the module docstring) and return what it did.

    ``locales`` limits which languages' pages are written; publication is
    always decided for every language, so switchers, alternates and the
    sitemap stay right. Unreadable pages raise MultipleErrors; an unreadable
    catalog leaves its language unpublished and is returned in ``errors``.
    """
    from seoultrain_i18n.extract import page_paths, read_pages

    pages = read_pages(project, page_paths(project))
    if pages:  # absolute URLs need it; before anything is written
        published_base_url(project)
    fuzzy = project.config.site.include_fuzzy if include_fuzzy is None else include_fuzzy
    all_locales = site_locales(project)
    wanted = {locale_ids.normalize(locale) for locale in locales} or set(all_locales)
    unknown = sorted(wanted - set(all_locales))
    if unknown:
        raise ConfigError(
            f"not a language of the site: {', '.join(unknown)} "
            f"(the site has {', '.join(all_locales)})"
        )
    translations, errors = _load_translations(project, all_locales, fuzzy)
    threshold = project.config.site.publish_threshold
    if on_start is not None:  # every page rendered in every language, then written
        on_start(len(pages) * (len(all_locales) + len(wanted & set(all_locales))))
    advance = on_progress or (lambda step: None)
    rendered = []
    for page in pages:
        for locale in all_locales:
            source = project.source_locale
            rendered.append(_render(page, locale, translations.get(locale), threshold, source))
            advance(1)
    result = SiteResult(root=site_root(project), errors=errors)
    for locale in sorted(wanted):
        if locale in translations:
            result.errors.extend(translations[locale].verdict.errors())
    result.pages = [item.status for item in rendered]
    result.problems = _problems(rendered, translations)
    result.warnings = [
        f"{page.path}: {detail}" for page in pages for detail in missing_markers(page.text)
    ]
    result.warnings += [broken.describe() for broken in broken_references(project, pages)]
    published = {(item.name, item.locale) for item in rendered if item.status.published}
    languages = [loc for loc in all_locales if any(key[1] == loc for key in published)]
    result.languages = [locale_ids.to_bcp47(locale) for locale in languages]
    site = _SiteMap(project, [_page_name(page) for page in pages], languages, published)
    tracks = _copy_tracks(project, result.root)
    result.tracks = [result.root / rel for files in tracks.values() for rel in files]
    for item in rendered:
        if item.locale in wanted:
            path = _write_page(item, site, tracks, result.root)
            if path is not None:
                result.written.append(path)
            if on_progress is not None:
                on_progress(1)
    for locale in languages:
        if locale in wanted:
            _copy_assets(project, result.root / locale_ids.to_bcp47(locale))
    _remove_stale(result.root, all_locales, wanted, published)
    write_if_changed(result.root / "sitemap.xml", site.sitemap().encode("utf-8"), durable=False)
    write_if_changed(result.root / "index.html", site.chooser().encode("utf-8"), durable=False)
    return result


def _page_name(page: Page) -> str:
    return Path(page.path).name


def _load_translations(
    project: Project, all_locales: list[str], include_fuzzy: bool
) -> tuple[dict[str, _Translations], list[I18nError]]:
    from seoultrain_i18n.catalogs.layout import load_catalogs

    domain = project.site_domain
    targets = [locale for locale in all_locales if locale != project.source_locale]
    loaded, errors = load_catalogs(project, locales=targets, domains=(domain,))
    judge = Judge.for_project(project, include_fuzzy=include_fuzzy)
    translations: dict[str, _Translations] = {}
    for entry in loaded:
        relative = project.relative(entry.path)
        verdict = judge.catalog(entry.catalog, domain, entry.locale, relative)
        translations[entry.locale] = _Translations(
            entry.locale, relative, entry.catalog.index(), verdict
        )
    return translations, list(errors)


def _render(
    page: Page,
    locale: str,
    translations: _Translations | None,
    threshold: float,
    source_locale: str,
) -> _Rendered:
    name = _page_name(page)
    if locale == source_locale:
        result = render_page(page, lambda segment: None, fallback_lang=None)
        status = PageStatus(name, locale, result.total_words, result.total_words, True, threshold)
        return _Rendered(page, name, locale, result, status)
    withheld: list[Judgement] = []

    def lookup(segment: Segment) -> str | None:
        return translations.lookup(segment, withheld) if translations is not None else None

    fallback = locale_ids.to_bcp47(source_locale)
    result = render_page(page, lookup, fallback_lang=fallback)
    published = translations is not None and result.translated_percent >= threshold
    reasons = dict.fromkeys(
        f"{reason.location} {reason.code} {reason.message}"
        for judgement in withheld
        for reason in judgement.reasons
    )
    status = PageStatus(
        name,
        locale,
        result.translated_words,
        result.total_words,
        published,
        threshold,
        result.total_segments - result.translated_segments,
        tuple(reasons),
    )
    return _Rendered(page, name, locale, result, status)


def _problems(
    rendered: list[_Rendered], translations: dict[str, _Translations]
) -> list[SiteProblem]:
    """Render problems located in the catalog, each reported once per locale."""
    seen: set[tuple[str, str, str]] = set()
    problems: list[SiteProblem] = []
    for item in rendered:
        catalog = translations.get(item.locale)
        if catalog is None:
            continue
        contexts = {segment.source: segment.context for segment in item.page.segments}
        for problem in item.result.problems:
            key = (item.locale, problem.source, problem.detail)
            if key in seen:
                continue
            seen.add(key)
            location = catalog.location(contexts.get(problem.source), problem.source)
            page = f"{problem.path}:{problem.line}"
            problems.append(SiteProblem(location, item.locale, page, problem.detail))
    return problems


class _SiteMap:
    """Which page is published in which language, and the URLs between them."""

    def __init__(
        self,
        project: Project,
        names: list[str],
        languages: list[str],
        published: set[tuple[str, str]],
    ) -> None:
        self.names = names
        self.languages = languages
        self.published = published
        self.source = project.source_locale
        self.base = published_base_url(project) if names else ""
        self.title = project.name

    def languages_of(self, name: str) -> list[str]:
        return [locale for locale in self.languages if (name, locale) in self.published]

    def url(self, name: str, locale: str) -> str:
        return f"{self.base}{locale_ids.to_bcp47(locale)}/{name}"

    def frame(self, name: str, locale: str, tracks: dict[str, list[str]]) -> PageFrame:
        lang = locale_ids.to_bcp47(locale)
        available = self.languages_of(name)
        alternates = [Link(locale_ids.to_bcp47(loc), self.url(name, loc)) for loc in available]
        alternates.append(Link("x-default", self.url(name, self.source)))
        return PageFrame(
            lang=lang,
            direction=locale_ids.text_direction(locale),
            stylesheets=(L10N_STYLESHEET,),
            alternates=tuple(alternates),
            canonical=self.url(name, locale),
            og_locale=locale_ids.og_locale(locale),
            og_alternates=tuple(locale_ids.og_locale(loc) for loc in available if loc != locale),
            switcher=tuple(self.switcher(name, locale)),
            tracks={domain: tuple(_track_links(files)) for domain, files in tracks.items()},
            redirects=self.redirects(locale),
        )

    def redirects(self, locale: str) -> dict[str, Link]:
        """Pages missing in ``locale`` → their source-language page."""
        if locale == self.source:
            return {}
        source = locale_ids.to_bcp47(self.source)
        return {
            name: Link(source, f"../{source}/{name}")
            for name in self.names
            if (name, locale) not in self.published and (name, self.source) in self.published
        }

    def switcher(self, name: str, current: str) -> list[Link]:
        links = []
        for locale in self.languages:
            target = locale if (name, locale) in self.published else self.source
            lang, target_lang = locale_ids.to_bcp47(locale), locale_ids.to_bcp47(target)
            href = name if target == current else f"../{target_lang}/{name}"
            links.append(Link(lang, href, locale_ids.display_name(locale), target_lang))
        return links

    def sitemap(self) -> str:
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
            ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
        ]
        for name in self.names:
            available = self.languages_of(name)
            for locale in available:
                lines.append("  <url>")
                lines.append(f"    <loc>{escape(self.url(name, locale))}</loc>")
                for other in [*available, None]:
                    hreflang = locale_ids.to_bcp47(other) if other else "x-default"
                    href = self.url(name, other or self.source)
                    lines.append(
                        f'    <xhtml:link rel="alternate" hreflang="{hreflang}"'
                        f' href="{escape(href)}"/>'
                    )
                lines.append("  </url>")
        lines.append("</urlset>")
        return "\n".join(lines) + "\n"

    def chooser(self) -> str:
        return chooser_page(self.title, self.base, self.entry_points(), self.source)

    def entry_points(self) -> dict[str, str]:
        """BCP 47 → the home page a visitor of that language starts at."""
        home = "index.html" if "index.html" in self.names else (self.names or ["index.html"])[0]
        source = locale_ids.to_bcp47(self.source)
        points = {}
        for locale in self.languages:
            lang = locale_ids.to_bcp47(locale)
            points[lang] = (
                f"{lang}/{home}" if (home, locale) in self.published else f"{source}/{home}"
            )
        return points


def _track_links(files: list[str]) -> list[Link]:
    links = []
    for relative in files:
        name = parse_track_name(Path(relative).name, ".vtt")
        if name is None:
            continue
        lang = name.tag
        links.append(Link(lang, f"../{relative}", locale_ids.display_name(lang)))
    return links


def _write_page(
    item: _Rendered, site: _SiteMap, tracks: dict[str, list[str]], root: Path
) -> Path | None:
    if not item.status.published:
        return None
    frame = site.frame(item.name, item.locale, tracks)
    text = apply_frame(item.result.html, frame)
    path = root / item.status.lang / item.name
    write_if_changed(path, text.encode("utf-8"), durable=False)
    return path


def _copy_tracks(project: Project, root: Path) -> dict[str, list[str]]:
    """Copy every built WebVTT into ``build/site/subtitles``: domain → relative paths.

    The tracks stage writes the translations; a track's own language (the
    English master of the trailer) is converted from its source SRT here, so
    viewers of that language get subtitles too. Bilingual tracks
    (``NAME.ko+en.vtt``) are left out: a ``<track>`` has one language.
    Tracks of the site's languages come first, in the site's order.
    """
    built = project.build_dir / "subtitles"
    order = {locale_ids.to_bcp47(locale): n for n, locale in enumerate(site_locales(project))}
    files: dict[tuple[str, str], bytes] = _source_tracks(project)
    for path in track_files(built, ".vtt"):
        name = parse_track_name(path.name, ".vtt")
        tag = _known_tag(name.tag) if name is not None else None
        if name is not None and tag is not None:
            files[(name.domain, tag)] = read_bytes(path)
    by_domain: dict[str, list[tuple[int, str, str]]] = {}
    for (domain, tag), data in sorted(files.items()):
        relative = f"{SUBTITLES_FOLDER}/{track_file_name(domain, tag, '.vtt')}"
        write_if_changed(root / relative, data, durable=False)
        by_domain.setdefault(domain, []).append((order.get(tag, len(order)), tag, relative))
    return {domain: [entry[2] for entry in sorted(items)] for domain, items in by_domain.items()}


def _source_tracks(project: Project) -> dict[tuple[str, str], bytes]:
    """(domain, BCP 47) → WebVTT of each source track, in its own language."""
    from seoultrain_i18n.formats.vtt import generate_vtt

    files: dict[tuple[str, str], bytes] = {}
    # Unreadable tracks and timing WebVTT cannot hold are reported by the tracks stage.
    for source in discover_tracks(project, problems=[]):
        try:
            text = generate_vtt(source.track.cues)
        except ValueError:
            continue
        files[(source.domain, locale_ids.to_bcp47(source.locale))] = text.encode("utf-8")
    return files


def _known_tag(lang: str) -> str | None:
    if "+" in lang:
        return None
    try:
        locale_ids.display_name(lang)
        return locale_ids.to_bcp47(lang)
    except I18nError:
        return None


def _copy_assets(project: Project, folder: Path) -> None:
    """``content/assets`` → ``folder/assets``, plus the l10n stylesheet."""
    source = project.content_dir / "assets"
    target = folder / "assets"
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                _copy_if_changed(path, target / path.relative_to(source))
    stylesheet = resources.files("seoultrain_i18n").joinpath("data", "l10n.css").read_bytes()
    write_if_changed(folder / L10N_STYLESHEET, stylesheet, durable=False)


def _copy_if_changed(source: Path, target: Path) -> None:
    write_if_changed(target, read_bytes(source), durable=False)


def _remove_stale(
    root: Path, all_locales: list[str], wanted: set[str], published: set[tuple[str, str]]
) -> None:
    """Delete pages a previous build published that this one does not."""
    for locale in all_locales:
        if locale not in wanted:
            continue
        folder = root / locale_ids.to_bcp47(locale)
        for path in folder.glob("*.html") if folder.is_dir() else []:
            if (path.name, locale) not in published:
                remove(path)


# --- the root page ---------------------------------------------------------------

_CHOOSER_SCRIPT = """
(function () {
  var entry = %s;
  function pick(tag) {
    tag = String(tag).toLowerCase();
    var parts = tag.split("-");
    if (parts[0] === "zh") {
      var hant = /-(hant|tw|hk|mo)(-|$)/.test(tag);
      return entry[hant ? "zh-Hant" : "zh-Hans"];
    }
    for (var key in entry) {
      if (key.toLowerCase() === tag) { return entry[key]; }
    }
    for (var other in entry) {
      if (other.toLowerCase().split("-")[0] === parts[0]) { return entry[other]; }
    }
    return null;
  }
  var wanted = navigator.languages && navigator.languages.length
    ? navigator.languages : [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var found = pick(wanted[i]);
    if (found) { location.replace(found); return; }
  }
  location.replace(entry[%s]);
})();
"""


def chooser_page(title: str, base: str, entry_points: dict[str, str], source_locale: str) -> str:
    """The root ``index.html``: a script picks the visitor's language; without
    scripts it is a plain list of the languages, each in its own name."""
    import json

    source = locale_ids.to_bcp47(source_locale)
    script = _CHOOSER_SCRIPT % (
        json.dumps(entry_points, ensure_ascii=False, sort_keys=True),
        json.dumps(source),
    )
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = f"script-src 'sha256-{digest}'; object-src 'none'; base-uri 'none'"
    items = "\n".join(
        f'      <li><a href="{escape(href)}" lang="{lang}" hreflang="{lang}">'
        f"{escape(locale_ids.display_name(lang))}</a></li>"
        for lang, href in entry_points.items()
    )
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{lang}" href="{escape(base + href)}">'
        for lang, href in entry_points.items()
    )
    return _CHOOSER_PAGE.format(
        lang=source,
        csp=escape(csp),
        title=escape(title),
        alternates=alternates,
        x_default=escape(base),
        items=items,
        script=script,
    )


_CHOOSER_PAGE = """<!DOCTYPE html>
<html lang="{lang}" dir="ltr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
{alternates}
<link rel="alternate" hreflang="x-default" href="{x_default}">
<style>
  body {{ margin: 0; min-height: 100vh; display: grid; place-items: center;
         background: #0b1526; color: #f4e7c5; font-family: "Helvetica Neue", Arial, sans-serif; }}
  main {{ text-align: center; padding: 2rem; }}
  h1 {{ letter-spacing: 0.14em; font-weight: 800; margin: 0 0 1.5rem; }}
  ul {{ list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap;
        gap: 0.75rem; justify-content: center; }}
  a {{ display: block; padding: 0.5rem 1.2rem; border: 1px solid rgba(244, 231, 197, 0.5);
       border-radius: 999px; color: #f4e7c5; text-decoration: none; font-size: 1.1rem; }}
  a:hover, a:focus-visible {{ background: #f4e7c5; color: #0b1526; }}
  :lang(ko) {{ font-family: "Noto Sans CJK KR", "Apple SD Gothic Neo", sans-serif; }}
  :lang(zh-Hans) {{ font-family: "Noto Sans CJK SC", "PingFang SC", sans-serif; }}
  :lang(zh-Hant) {{ font-family: "Noto Sans CJK TC", "PingFang TC", sans-serif; }}
</style>
</head>
<body>
<main>
  <h1 translate="no">{title}</h1>
  <nav aria-label="Languages">
    <ul>
{items}
    </ul>
  </nav>
</main>
<script>{script}</script>
</body>
</html>
"""


def raise_errors(result: SiteResult) -> None:
    """Raise the catalogs the site could not read (after everything was written)."""
    if result.errors:
        raise MultipleErrors(result.errors)
