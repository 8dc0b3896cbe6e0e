"""Translation progress per domain × locale: the ``stats`` stage.

Counts messages (translated, fuzzy, untranslated, obsolete) and source words.
Words are counted sensibly for every script: a run of letters separated by
spaces is one word (English, Korean), each Chinese character or Japanese kana
is one word (those scripts do not separate words with spaces), and markup
tags and placeholders are not words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seoultrain_i18n.catalogs.layout import catalog_path, discover_templates, targets_for
from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.markup import NOT_COUNTED
from seoultrain_i18n.model import Catalog
from seoultrain_i18n.outcome import Outcomes

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

_IDEOGRAPH = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_WORD = re.compile(rf"[{_IDEOGRAPH}]|[^\W{_IDEOGRAPH}]+(?:['’][^\W{_IDEOGRAPH}]+)*")


def count_words(text: str) -> int:
    """Words in ``text``: space-separated words, plus one per CJK ideograph or kana.

    >>> count_words("Seoul Train is a documentary.")
    5
    >>> count_words("서울 기차는 다큐멘터리입니다.")
    3
    >>> count_words("首尔列车")
    4
    """
    return len(_WORD.findall(NOT_COUNTED.sub(" ", text)))


@dataclass(slots=True)
class CatalogStats:
    """Progress of one catalog (``path`` may not exist yet: then nothing is translated)."""

    domain: str
    locale: str
    path: Path
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    source_words: int
    translated_words: int
    percent: float

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


def catalog_stats(domain: str, locale: str, path: Path, catalog: Catalog) -> CatalogStats:
    live = catalog.live()
    translated = [message for message in live if message.reviewed]
    fuzzy = sum(1 for message in live if message.fuzzy and message.translated)
    total = len(live)
    return CatalogStats(
        domain=domain,
        locale=locale,
        path=path,
        total=total,
        translated=len(translated),
        fuzzy=fuzzy,
        untranslated=total - len(translated) - fuzzy,
        obsolete=len(catalog.messages) - total,
        source_words=sum(count_words(message.source) for message in live),
        translated_words=sum(count_words(message.source) for message in translated),
        percent=floor_percent(len(translated), total, 1),
    )


def gather_stats(
    project: Project,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    *,
    known: Mapping[Path, CatalogStats] | None = None,
) -> Outcomes[CatalogStats]:
    """Stats of every (domain, target locale), or the error of an unreadable file.

    A missing catalog counts as untranslated (its template's messages).
    ``known`` holds stats already taken of catalogs (by workers, from the
    same files): those are not read again.
    """
    from seoultrain_i18n.locales import normalize

    wanted_locales = {normalize(locale) for locale in locales}
    wanted_domains = set(domains)
    outcomes: Outcomes[CatalogStats] = Outcomes()
    try:
        templates = discover_templates(project)
    except I18nError as error:
        outcomes.failed_each(project.relative(project.locales_dir), error)
        return outcomes
    for template in templates:
        if wanted_domains and template.domain not in wanted_domains:
            continue
        template_catalog: Catalog | None = None
        for locale in targets_for(project, template):
            if wanted_locales and locale not in wanted_locales:
                continue
            path = catalog_path(project, locale, template.domain)
            if known is not None and path in known:
                outcomes.succeeded(project.relative(path), known[path])
                continue
            try:
                if path.is_file():
                    catalog = read_po(path, domain=template.domain, locale=locale)
                else:
                    if template_catalog is None:
                        template_catalog = read_po(template.path, domain=template.domain)
                    catalog = Catalog(domain=template.domain, messages=template_catalog.live())
            except I18nError as error:
                outcomes.failed(project.relative(path), error)
                continue
            outcomes.succeeded(
                project.relative(path), catalog_stats(template.domain, locale, path, catalog)
            )
    return outcomes


def floor_percent(done: int, total: int, digits: int = 0) -> float:
    """``done`` of ``total`` in percent, rounded down: 188 of 189 is 99%, never
    100% while anything is missing (and 100.0 for an empty total)."""
    if total <= 0:
        return 100.0
    scale = 10.0**digits
    value = math.floor(100.0 * done * scale / total) / scale
    return min(value, 100.0 - 1 / scale) if done < total else value
