"""What the report decides: per locale "ready to publish", per page and track
what was published, withheld or not built, and how many fallbacks each shows.

A locale is ready when ``check`` found no error for it (nor for every
language, like a timing error of a source track) and the build reported
nothing for it: no withheld translation, no track left unbuilt, no unreadable
catalog. An error the build cannot tie to one locale holds back every locale.
So the main job exits 0 exactly when every locale is ready.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.checks.registry import Finding
from seoultrain_i18n.checks.verdict import WithheldTranslation
from seoultrain_i18n.errors import I18nError

if TYPE_CHECKING:
    from seoultrain_i18n.pipeline import BuildResult

_CATALOG_LOCALE = re.compile(r"locales/([^/\s]+)/LC_MESSAGES/")


@dataclass(frozen=True, slots=True)
class Item:
    """One page or track in one locale and what the build did with it."""

    kind: str  # "page" | "track"
    name: str  # film.html, trailer.zh-Hant
    locale: str
    state: str  # "published" | "withheld" | "not published" | "not built"
    fallback: int = 0  # text units / cues showing the source text
    reasons: tuple[str, ...] = ()  # "path:line CODE what" (or the build's lines)


@dataclass(slots=True)
class LocaleVerdict:
    locale: str
    reasons: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.reasons


def decide(
    locales: Sequence[str],
    findings: Sequence[Finding],
    build: BuildResult | None,
    errors: Sequence[I18nError] = (),
) -> list[LocaleVerdict]:
    """The verdict of every locale from the check findings and the build's errors."""
    verdicts = {locale: LocaleVerdict(locale) for locale in locales}
    everywhere: list[str] = []
    for finding in findings:
        if finding.severity != "error":
            continue
        line = f"{finding.location}: {finding.code} {finding.message}"
        if finding.locale:
            verdicts.setdefault(finding.locale, LocaleVerdict(finding.locale))
            verdicts[finding.locale].reasons.append(line)
        else:
            everywhere.append(line)
    all_errors = [*errors, *(build.errors if build is not None else [])]
    for error in dict.fromkeys(all_errors):
        locale = _locale_of(error, build)
        first = str(error).splitlines()[0]
        if locale:
            verdicts.setdefault(locale, LocaleVerdict(locale)).reasons.append(first)
        else:
            everywhere.append(first)
    for verdict in verdicts.values():
        verdict.reasons.extend(dict.fromkeys(everywhere))
    return list(verdicts.values())


def _locale_of(error: I18nError, build: BuildResult | None) -> str | None:
    if isinstance(error, WithheldTranslation):
        return error.finding.locale
    text = str(error)
    if build is not None:
        for name, locale in build.failed_tracks:
            if f"track {name} not built" in text:
                return locale
    match = _CATALOG_LOCALE.search(text)
    return match.group(1) if match else None


def items(build: BuildResult | None) -> list[Item]:
    """Every page (in a target language) and track the build looked at."""
    if build is None:
        return []
    found: list[Item] = []
    if build.site is not None:
        for page in build.site.pages:
            if not page.published:
                state = "not published"
            else:
                state = "withheld" if page.withheld else "published"
            found.append(
                Item("page", page.page, page.locale, state, page.fallback, page.withheld)
            )
    for track in build.tracks:
        name = f"{track.domain}.{track.bcp47}"
        found.append(Item("track", name, track.locale, "published", track.fallback_cues))
    for name, locale in build.failed_tracks:
        why = next(
            (str(e).splitlines() for e in build.errors if f"track {name} not built" in str(e)),
            [],
        )
        found.append(Item("track", name, locale, "not built", 0, tuple(why)))
    return found


def render_section(
    verdicts: Sequence[LocaleVerdict], found: Sequence[Item], link_base: str
) -> str:
    """The report's "Publication" section (HTML, everything escaped)."""
    rows = []
    for verdict in verdicts:
        state = "ready" if verdict.ready else "not-ready"
        label = "Ready to publish" if verdict.ready else "Not ready"
        reasons = "".join(f"<li>{escape(reason)}</li>" for reason in verdict.reasons[:20])
        more = len(verdict.reasons) - 20
        if more > 0:
            reasons += f"<li>… and {more} more</li>"
        mine = [item for item in found if item.locale == verdict.locale]
        rows.append(
            f'<div class="pub-locale" data-locale="{escape(verdict.locale)}" '
            f'data-verdict="{state}"><h3>{escape(locale_ids.to_bcp47(verdict.locale))} '
            f'<span class="verdict {state}">{label}</span></h3>'
            + (f'<ul class="why">{reasons}</ul>' if reasons else "")
            + _items_table(mine, link_base)
            + "</div>"
        )
    body = "".join(rows) or '<p class="empty">No target languages.</p>'
    return (
        '<section id="publication"><h2>Publication</h2>'
        '<p class="hint">Per language: ready to publish when no check found an error and '
        "the build withheld nothing; per page and track: what was published.</p>"
        f"{body}</section>"
    )


def _items_table(found: Sequence[Item], link_base: str) -> str:
    if not found:
        return ""
    rows = []
    for item in found:
        reasons = "".join(
            f"<li>{_linked(reason, link_base)}</li>" for reason in item.reasons[:10]
        )
        rows.append(
            f'<tr class="pub-item" data-kind="{item.kind}" data-name="{escape(item.name)}" '
            f'data-state="{escape(item.state)}" data-fallback="{item.fallback}">'
            f"<td>{item.kind}</td><td>{escape(item.name)}</td>"
            f'<td class="state {escape(item.state.replace(" ", "-"))}">{escape(item.state)}</td>'
            f"<td>{item.fallback}</td><td><ul>{reasons}</ul></td></tr>"
        )
    return (
        '<table class="pub-items"><thead><tr><th>kind</th><th>name</th><th>status</th>'
        "<th>fallbacks</th><th>withheld / why</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


_LOCATION = re.compile(r"^(\S+?):(\d+)(\s.*)$", re.S)


def _linked(reason: str, link_base: str) -> str:
    """``path:line CODE what`` with the location linked to the catalog file."""
    match = _LOCATION.match(reason)
    if match is None or "/" not in match.group(1):
        return escape(reason)
    path, line, rest = match.groups()
    return (
        f'<a href="{escape(link_base + path)}" data-line="{line}">{escape(path)}:{line}</a>'
        f"{escape(rest)}"
    )
