"""The HTML report: translation progress, check findings and reading speed.

``write_report(project)`` writes ``build/report/index.html``: one
self-contained page (inline CSS and SVG, no scripts, fonts or requests) that
a producer can open from disk or a CI artifact. Everything taken from
catalogs and tracks is escaped: translations are untrusted.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.catalogs.stats import floor_percent
from seoultrain_i18n.checks import publication
from seoultrain_i18n.checks.registry import REGISTRY, CheckResult, Finding
from seoultrain_i18n.checks.runner import run_checks
from seoultrain_i18n.errors import I18nError, MultipleErrors
from seoultrain_i18n.fsutil import atomic_write_text

if TYPE_CHECKING:
    from seoultrain_i18n.catalogs.layout import Template
    from seoultrain_i18n.catalogs.stats import CatalogStats
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.pipeline import BuildResult

MAX_ITEMS_PER_CODE = 200  # a page a browser opens quickly, even for a big catalogue


@dataclass(frozen=True, slots=True)
class Progress:
    """Translation state of one catalog (domain × locale)."""

    domain: str
    locale: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    path: str = ""
    percent: float = 0.0


@dataclass(frozen=True, slots=True)
class Histogram:
    """Reading speed of one track in one language."""

    domain: str
    locale: str
    is_source: bool
    values: list[float]
    limit: float


def collect_progress(project: Project) -> list[Progress]:
    """Progress per catalog (domain × target locale) from ``stats.gather_stats``."""
    from seoultrain_i18n.catalogs.stats import gather_stats

    # unreadable catalogs are reported by the checks
    rows = gather_stats(project, known=_stats_on_every_core(project)).values
    return [
        Progress(
            row.domain,
            row.locale,
            row.total,
            row.translated,
            row.fuzzy,
            row.untranslated,
            project.relative(row.path),
            row.percent,
        )
        for row in rows
    ]


def _stats_on_every_core(project: Project) -> dict[Path, CatalogStats]:
    """The stats of every catalog, taken by workers when the catalogs are large
    (else none: ``gather_stats`` reads them here); a catalog that cannot be
    read is left to ``gather_stats``, which reports it."""
    from seoultrain_i18n.catalogs.layout import catalog_jobs
    from seoultrain_i18n.parallel import ordered_map, total_bytes, worker_count

    try:
        jobs = [job for job in catalog_jobs(project) if job[2].is_file()]
    except I18nError:
        return {}
    workers = worker_count(total_bytes(path for _, _, path in jobs), len(jobs))
    if workers <= 1:
        return {}
    found = ordered_map(_catalog_stats, jobs, workers)
    return {
        job[2]: stats for job, stats in zip(jobs, found, strict=True) if not isinstance(stats, str)
    }


def _catalog_stats(job: tuple[Template, str, Path]) -> CatalogStats:
    from seoultrain_i18n.catalogs.stats import catalog_stats
    from seoultrain_i18n.checks.memo import file_digest, handed_over
    from seoultrain_i18n.checks.runner import stats_key
    from seoultrain_i18n.formats.po import read_po

    template, locale, path = job
    try:  # the worker that compiled it may have taken them
        kept = handed_over(stats_key(job, file_digest(path)))
    except OSError:
        kept = None  # read_po reports it
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    catalog = read_po(path, domain=template.domain, locale=locale)
    return catalog_stats(template.domain, locale, path, catalog)


def collect_histograms(project: Project) -> list[Histogram]:
    from seoultrain_i18n.checks.tracks import cps_values, iter_checked_tracks

    tracks = iter_checked_tracks(project, problems=[], notes=[])
    return [
        Histogram(
            track.domain, track.locale, track.is_source, cps_values(track), track.norms.max_cps
        )
        for track in tracks
        if track.is_source or track.cues  # a track with no translated cue has nothing to plot
    ]


def write_report(
    project: Project,
    findings: Sequence[Finding] | CheckResult | None = None,
    *,
    output: Path | None = None,
    build: BuildResult | None = None,
    errors: Sequence[I18nError] = (),
) -> Path:
    """Write the report page and return its path (``build/report/index.html``).

    Without ``findings`` the checks are run first. Files that could not be
    read are listed on the page, then raised together as ``MultipleErrors``.
    ``build`` (what the build did so far) and ``errors`` (of earlier steps)
    decide the Publication section: per page and track, and per locale.
    """
    failure: MultipleErrors | None = None
    unreadable: list[str] = []
    speeds = findings.reading_speeds if isinstance(findings, CheckResult) else None
    if findings is None:
        try:
            result = run_checks(project)
        except MultipleErrors as caught:
            failure = caught
            result = caught.result  # type: ignore[attr-defined]
            unreadable = [str(error) for error in caught.errors]
        found = result.findings
        notes = result.skipped
        speeds = result.reading_speeds
    elif isinstance(findings, CheckResult):
        found, notes = findings.findings, findings.skipped
    else:
        found, notes = list(findings), []
    target = output or project.build_dir / "report" / "index.html"
    try:
        histograms = (
            [Histogram(*row) for row in speeds]
            if speeds is not None
            else collect_histograms(project)
        )
    except I18nError as error:
        histograms = []
        notes = [*notes, f"reading speed: {error}"]
    link_base = _link_base(project.root, target.parent)
    failures = [*errors, *(failure.errors if failure is not None else [])]
    languages = list(dict.fromkeys([project.source_locale, *project.target_locales]))
    verdicts = publication.decide(languages, found, build, failures)
    page = render_report(
        project_name=project.name,
        progress=collect_progress(project),
        findings=found,
        histograms=histograms,
        link_base=link_base,
        notes=[*notes, *unreadable],
        verdicts=verdicts,
        publication_html=publication.render_section(
            verdicts, publication.items(build), link_base
        ),
    )
    atomic_write_text(target, page)
    if failure is not None:
        raise failure
    return target


def _link_base(root: Path, folder: Path) -> str:
    relative = os.path.relpath(
        root.resolve(), folder.resolve() if folder.exists() else folder.absolute()
    )
    return "" if relative == "." else relative.replace(os.sep, "/") + "/"


# --------------------------------------------------------------------------
# Rendering


def _build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def render_report(
    *,
    project_name: str,
    progress: Sequence[Progress],
    findings: Sequence[Finding],
    histograms: Sequence[Histogram],
    link_base: str = "",
    notes: Iterable[str] = (),
    generated: datetime | None = None,
    verdicts: Sequence[publication.LocaleVerdict] | None = None,
    publication_html: str = "",
) -> str:
    """The whole page as a string."""
    when = (generated or _build_time()).strftime("%Y-%m-%d %H:%M UTC")
    errors = sum(finding.severity == "error" for finding in findings)
    warnings = len(findings) - errors
    total = sum(row.total for row in progress)
    done = sum(row.translated for row in progress)
    overall = floor_percent(done, total) if total else 0.0
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{escape(project_name)} · localization report</title>",
        f"<style>{_css()}</style>",
        "</head>",
        "<body>",
        '<header class="top">',
        f'<div><p class="eyebrow">Localization report</p><h1>{escape(project_name)}</h1>',
        f'<p class="meta">Generated {escape(when)}</p></div>',
        '<div class="tiles">',
        _tile("overall", f"{overall:.0f}%", "translated", "ok" if overall >= 100 else "info"),
        _tile("errors", str(errors), "errors", "bad" if errors else "ok"),
        _tile("warnings", str(warnings), "warnings", "warn" if warnings else "ok"),
        _status_tile(errors, overall, verdicts),
        "</div>",
        "</header>",
        "<main>",
        publication_html,
        _progress_section(progress),
        _findings_section(findings, link_base),
        _histogram_section(histograms),
        _notes_section(notes),
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _status_tile(
    errors: int, overall: float, verdicts: Sequence[publication.LocaleVerdict] | None
) -> str:
    if verdicts is not None:
        held = [v for v in verdicts if not v.ready]
        if held:
            names = ", ".join(locale_ids.to_bcp47(v.locale) for v in held)
            return _tile("status", "Not ready", f"to publish: {names}", "bad")
        if overall < 100:
            return _tile("status", "Ready", "to publish (with fallbacks)", "warn")
        return _tile("status", "Ready", "to publish", "ok")
    if errors:
        return _tile("status", "Blocked", "delivery", "bad")
    if overall < 100:
        return _tile("status", "In progress", "delivery", "warn")
    return _tile("status", "Ready", "delivery", "ok")


def _tile(key: str, value: str, label: str, tone: str) -> str:
    return (
        f'<div class="tile tile-{tone}" data-tile="{escape(key)}">'
        f'<span class="tile-value">{escape(value)}</span>'
        f'<span class="tile-label">{escape(label)}</span></div>'
    )


def _locale_label(locale: str) -> str:
    try:
        name = locale_ids.display_name(locale)
    except I18nError:
        name = locale
    return f'<span class="loc">{escape(name)}</span> <code>{escape(locale)}</code>'


def _progress_section(progress: Sequence[Progress]) -> str:
    if not progress:
        return (
            '<section id="progress"><h2>Translation progress</h2>'
            '<p class="empty">No catalogs yet: run <code>seoultrain-i18n update</code>.</p>'
            "</section>"
        )
    domains = sorted({row.domain for row in progress}, key=lambda d: (d != "site", d))
    rows = []
    for domain in domains:
        cells = []
        for row in sorted((r for r in progress if r.domain == domain), key=lambda r: r.locale):
            cells.append(_progress_row(row))
        words = max(r.total for r in progress if r.domain == domain)
        kind = "site pages" if domain == "site" else "subtitle track"
        rows.append(
            f'<div class="domain"><h3>{escape(domain)} <span class="kind">{kind}</span>'
            f'<span class="count">{words} messages</span></h3>{"".join(cells)}</div>'
        )
    legend = (
        '<p class="legend"><span class="sw sw-done"></span>translated '
        '<span class="sw sw-fuzzy"></span>fuzzy (needs review) '
        '<span class="sw sw-todo"></span>untranslated</p>'
    )
    return f'<section id="progress"><h2>Translation progress</h2>{legend}{"".join(rows)}</section>'


def _progress_row(row: Progress) -> str:
    width = 480.0
    total = row.total or 1
    done = width * row.translated / total
    fuzzy = width * row.fuzzy / total
    label = (
        f"{row.domain} {row.locale}: {row.translated} of {row.total} translated, "
        f"{row.fuzzy} fuzzy, {row.untranslated} untranslated"
    )
    svg = (
        f'<svg class="progress-bar" viewBox="0 0 {width:g} 14" preserveAspectRatio="none" '
        'role="img" '
        f'aria-label="{escape(label)}" data-domain="{escape(row.domain)}" '
        f'data-locale="{escape(row.locale)}" data-percent="{row.percent:.1f}">'
        f"<title>{escape(label)}</title>"
        f'<rect class="todo" x="0" y="0" width="{width:g}" height="14" rx="7"/>'
        f'<rect class="fuzzy" x="0" y="0" width="{done + fuzzy:.2f}" height="14" rx="7"/>'
        f'<rect class="done" x="0" y="0" width="{done:.2f}" height="14" rx="7"/>'
        "</svg>"
    )
    detail = f"{row.translated}/{row.total}"
    if row.fuzzy:
        detail += f" · {row.fuzzy} fuzzy"
    return (
        f'<div class="prow"><div class="plabel">{_locale_label(row.locale)}</div>'
        f'<div class="pbar">{svg}</div>'
        f'<div class="pnum"><strong>{floor_percent(row.translated, row.total):.0f}%</strong> '
        f"<span>{escape(detail)}</span></div></div>"
    )


def _findings_section(findings: Sequence[Finding], link_base: str) -> str:
    if not findings:
        return (
            '<section id="findings"><h2>Check findings</h2>'
            '<p class="empty ok">No findings: every check passed.</p></section>'
        )
    blocks = []
    for severity, title in (("error", "Errors"), ("warning", "Warnings")):
        group = [finding for finding in findings if finding.severity == severity]
        if not group:
            continue
        codes = Counter(finding.code for finding in group)
        items = []
        for code in sorted(codes):
            in_code = [finding for finding in group if finding.code == code]
            check = REGISTRY.get(code)
            description = check.description if check else ""
            name = in_code[0].name
            rows = "".join(
                _finding_item(finding, link_base) for finding in in_code[:MAX_ITEMS_PER_CODE]
            )
            more = len(in_code) - MAX_ITEMS_PER_CODE
            if more > 0:
                rows += (
                    f'<li class="more">… and {more} more '
                    "(see <code>seoultrain-i18n check</code>)</li>"
                )
            is_open = " open" if severity == "error" or len(in_code) <= 10 else ""
            items.append(
                f'<details class="code-group sev-{severity}" data-code="{escape(code)}"{is_open}>'
                f'<summary><span class="badge {severity}">{escape(code)}</span> '
                f'<strong>{escape(name)}</strong> <span class="desc">{escape(description)}</span>'
                f'<span class="n">{len(in_code)}</span></summary><ul>{rows}</ul></details>'
            )
        blocks.append(
            f'<div class="severity" data-severity="{severity}"><h3>{title} '
            f'<span class="n {severity}">{len(group)}</span></h3>{"".join(items)}</div>'
        )
    return f'<section id="findings"><h2>Check findings</h2>{"".join(blocks)}</section>'


def _finding_item(finding: Finding, link_base: str) -> str:
    href = escape(link_base + finding.path, quote=True)
    where = escape(finding.location)
    locale = f'<span class="chip">{escape(finding.locale)}</span>' if finding.locale else ""
    cue = ""
    if finding.cue is not None:
        cue = f'<span class="chip cue">cue {finding.cue}</span>'
    text = ""
    if finding.source:
        text += f'<div class="src"><span>source</span>{escape(_short(finding.source))}</div>'
    if finding.translation:
        text += f'<div class="tgt"><span>text</span>{escape(_short(finding.translation))}</div>'
    return (
        f'<li class="finding"><div class="fl"><a href="{href}">{where}</a>{locale}{cue}'
        f'<span class="msg">{escape(finding.message)}</span></div>{text}</li>'
    )


def _short(text: str, limit: int = 160) -> str:
    flat = text.replace("\n", " ⏎ ")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _histogram_section(histograms: Sequence[Histogram]) -> str:
    if not histograms:
        return (
            '<section id="reading-speed"><h2>Reading speed</h2>'
            '<p class="empty">No subtitle tracks.</p></section>'
        )
    domains = sorted({h.domain for h in histograms})
    blocks = []
    for domain in domains:
        charts = "".join(
            _histogram(h)
            for h in sorted(
                (h for h in histograms if h.domain == domain),
                key=lambda h: (not h.is_source, h.locale),
            )
        )
        blocks.append(
            f'<div class="track"><h3>{escape(domain)}</h3><div class="charts">{charts}</div></div>'
        )
    intro = (
        '<p class="hint">Characters per second of every cue, counted as docs/norms.md says '
        "(Korean and Chinese: full-width 1, half-width ½). "
        "The dashed line is the language's limit.</p>"
    )
    return f'<section id="reading-speed"><h2>Reading speed</h2>{intro}{"".join(blocks)}</section>'


def _histogram(histogram: Histogram) -> str:
    values = histogram.values
    limit = histogram.limit
    size = 1 if limit <= 15 else 2  # cps per bucket
    highest = min(max(values, default=0.0), limit * 2.5)
    buckets = max(int(highest / size) + 2, int(limit * 1.5 / size) + 1, 10)
    counts = [0] * buckets  # the last bucket also holds everything faster
    for value in values:
        counts[min(int(value / size), buckets - 1)] += 1
    width, height, left, bottom, top_pad = 320.0, 150.0, 30.0, 22.0, 14.0
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    peak = max(counts) or 1
    bar_w = plot_w / buckets
    bars = []
    for bucket, count in enumerate(counts):
        if not count:
            continue
        h = plot_h * count / peak
        x = left + bucket * bar_w
        low, high = bucket * size, (bucket + 1) * size
        over = "over" if low >= limit else "under"
        span = f"{low}–{high}" if bucket < buckets - 1 else f"{low}+"
        bars.append(
            f'<rect class="bucket {over}" x="{x + 1:.1f}" y="{top_pad + plot_h - h:.1f}" '
            f'width="{max(bar_w - 2, 1):.1f}" height="{h:.1f}" rx="1.5">'
            f"<title>{span} cps: {count} cue{'s' if count != 1 else ''}</title></rect>"
        )
    limit_x = left + plot_w * min(limit / size, buckets) / buckets
    ticks = []
    step = 5 if buckets > 15 else 2
    for tick in range(0, buckets + 1, step):
        x = left + plot_w * tick / buckets
        ticks.append(f'<text class="tick" x="{x:.1f}" y="{height - 6:.1f}">{tick * size}</text>')
    ticks.append(f'<text class="tick y" x="{left - 4:.1f}" y="{top_pad + 4:.1f}">{peak}</text>')
    over_count = sum(v > limit for v in values)
    mean = sum(values) / len(values) if values else 0.0
    label = (
        f"{histogram.domain} {histogram.locale}: {len(values)} cues, mean {mean:.1f} cps, "
        f"{over_count} over the limit of {limit:g} cps"
    )
    svg = (
        f'<svg class="cps-histogram" viewBox="0 0 {width:g} {height:g}" role="img" '
        f'aria-label="{escape(label)}" data-domain="{escape(histogram.domain)}" '
        f'data-locale="{escape(histogram.locale)}" data-limit="{limit:g}">'
        f"<title>{escape(label)}</title>"
        f'<line class="axis" x1="{left}" y1="{top_pad + plot_h:.1f}" x2="{left + plot_w:.1f}" '
        f'y2="{top_pad + plot_h:.1f}"/>'
        + "".join(bars)
        + f'<line class="limit" x1="{limit_x:.1f}" y1="{top_pad - 6:.1f}" x2="{limit_x:.1f}" '
        f'y2="{top_pad + plot_h:.1f}"/>'
        f'<text class="limit-label" x="{limit_x + 4:.1f}" y="{top_pad:.1f}">'
        f"limit {limit:g} cps</text>" + "".join(ticks) + "</svg>"
    )
    role = "source" if histogram.is_source else "translation"
    return (
        f'<figure class="hist"><figcaption>{_locale_label(histogram.locale)} '
        f'<span class="role">{role}</span></figcaption>{svg}'
        f'<p class="stats"><span>{len(values)} cues</span><span>mean {mean:.1f} cps</span>'
        f'<span class="{"bad" if over_count else "good"}">{over_count} over limit</span>'
        "</p></figure>"
    )


def _notes_section(notes: Iterable[str]) -> str:
    items = "".join(f"<li>{escape(note)}</li>" for note in notes)
    return (
        f'<section id="notes"><h2>Notes</h2><ul class="notes">{items}</ul></section>'
        if items
        else ""
    )


def _css() -> str:
    return (files("seoultrain_i18n") / "data" / "report.css").read_text(encoding="utf-8")
