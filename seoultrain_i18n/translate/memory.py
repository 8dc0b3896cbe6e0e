"""Translation memory: reviewed translations from every catalog, plus TMX.

The memory of a project holds every reviewed (translated, not fuzzy) message
of every catalog, all domains, in both directions (an en→ko pair of the site
also answers a ko→en question of a Korean track), plus the units of the
project's imported memory (``locales/memory.tmx``, written by ``memory
import``) and any TMX files listed in ``translate.tmx``.

Lookup is by (source locale, target locale): ``exact`` finds the same source
text (preferring the same context), ``fuzzy`` the most similar source text by
rapidfuzz's normalised Indel similarity (0–100), which works on characters and
so suits Korean and Chinese as well as English; a big language pair through
an index of its source texts (``memory_index``: the same match as the scan).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import I18nError, ParseError
from seoultrain_i18n.formats.tmx import TmxDocument, TranslationUnit, read_tmx, write_tmx

if TYPE_CHECKING:
    from seoultrain_i18n.catalogs.layout import LoadedCatalog
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.translate.memory_index import SourceIndex

PROJECT_TMX = "memory.tmx"
# A language pair with this many source texts is searched through an index
# (memory_index: the same match, most sources never scored); a smaller one is
# scanned whole, sooner than numpy is loaded and the index built.
INDEXED_SOURCES = 2_000


def memory_locale(tag: str) -> str:
    """The catalog locale a TMX language tag stands for: ``ko-KR`` → ``ko``,
    ``zh-TW`` → ``zh_Hant``, ``zh-Hans-CN`` → ``zh_Hans``."""
    normalized = locale_ids.normalize(tag)
    if locale_ids.language(normalized) == "zh":
        return "zh_Hant" if locale_ids.script_family(normalized) == "zh-Hant" else "zh_Hans"
    return locale_ids.language(normalized)


@dataclass(frozen=True, slots=True)
class Entry:
    """One reviewed translation pair."""

    source: str
    translation: str
    source_locale: str
    target_locale: str
    context: str | None = None
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    score: float


@dataclass(slots=True)
class _Bucket:
    """One language pair's entries by source text, in the order they came.

    A source text has one entry, or a list when it has several translations
    or contexts: most have one, and a list per source cost as much memory as
    the entry itself (a whole catalogue's memory holds over a million).
    """

    by_source: dict[str, Entry | list[Entry]] = field(default_factory=dict)
    # The source texts as a list for rapidfuzz, made at the first fuzzy lookup
    # after a new source came, and for a big memory their index.
    sources: list[str] | None = None
    index: SourceIndex | None = None

    def same_source(self, source: str) -> list[Entry]:
        found = self.by_source.get(source)
        if found is None:
            return []
        return found if isinstance(found, list) else [found]

    def add(self, entry: Entry) -> bool:
        found = self.by_source.get(entry.source)
        if found is None:
            self.by_source[entry.source] = entry
            self.sources = self.index = None
            return True
        same = found if isinstance(found, list) else [found]
        if any(e.translation == entry.translation and e.context == entry.context for e in same):
            return False
        same.append(entry)
        self.by_source[entry.source] = same
        return True


class TranslationMemory:
    """Reviewed pairs indexed by language pair and source text."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._count = 0
        for entry in entries:
            self.add(entry)

    def __len__(self) -> int:
        return self._count

    def add(self, entry: Entry) -> None:
        if not entry.source or not entry.translation:
            return
        pair = (entry.source_locale, entry.target_locale)
        bucket = self._buckets.get(pair)
        if bucket is None:
            bucket = self._buckets[pair] = _Bucket()
        if bucket.add(entry):
            self._count += 1

    def add_catalog(self, item: LoadedCatalog) -> None:
        """Add a catalog's reviewed messages (see ``entries_from_catalog``)."""
        for entry in entries_from_catalog(item):
            self.add(entry)

    def entries(self) -> list[Entry]:
        return [
            entry
            for bucket in self._buckets.values()
            for source in bucket.by_source
            for entry in bucket.same_source(source)
        ]

    def exact(
        self, source: str, source_locale: str, target_locale: str, context: str | None = None
    ) -> Entry | None:
        """A reviewed translation of exactly ``source``; same context preferred."""
        bucket = self._buckets.get((source_locale, target_locale))
        if bucket is None:
            return None
        same = bucket.same_source(source)
        if not same:
            return None
        for entry in same:
            if entry.context == context:
                return entry
        return same[0]

    def _index_of(self, sources: list[str]) -> SourceIndex:
        """An index of ``sources``: another language pair's when it holds the
        same sources in the same order (the pairs of a project's locales do
        when the same messages are reviewed in each), else a new one."""
        from seoultrain_i18n.translate.memory_index import SourceIndex

        for other in self._buckets.values():
            if other.index is not None and other.index.sources == sources:
                return other.index
        return SourceIndex(sources)

    def fuzzy(
        self, source: str, source_locale: str, target_locale: str, threshold: float
    ) -> Match | None:
        """The most similar different source text scoring at least ``threshold``."""
        bucket = self._buckets.get((source_locale, target_locale))
        if bucket is None or not source.strip():
            return None
        if bucket.sources is None:
            bucket.sources = list(bucket.by_source)
        if len(bucket.sources) < INDEXED_SOURCES:
            best = process.extractOne(
                source,
                bucket.sources,
                scorer=fuzz.ratio,
                score_cutoff=threshold,
                processor=None,
            )
            if best is None:
                return None
            text, score, _ = best
            return Match(bucket.same_source(text)[0], float(score))
        if bucket.index is None:
            bucket.index = self._index_of(bucket.sources)
        found = bucket.index.best(source, threshold)
        if found is None:
            return None
        position, score = found
        return Match(bucket.same_source(bucket.sources[position])[0], score)


# -- building the project's memory -----------------------------------------


def entries_from_catalog(item: LoadedCatalog) -> Iterator[Entry]:
    """Reviewed singular messages of one catalog, both directions.

    A memory built from a whole catalogue must cost far less than its parsed
    catalogs, which are dropped as it is built: the texts are the catalog's
    own strings, the source text interned (every locale's catalog of a
    template holds its own copy of it), and the two origins are made once
    per catalog.
    """
    source_locale, target_locale = item.template.source_locale, item.locale
    forward = item.template.domain
    reversed_origin = f"{forward}, reversed"
    for message in item.catalog.messages:
        if message.obsolete or message.source_plural is not None or not message.reviewed:
            continue
        source, translation = sys.intern(message.source), message.translation
        yield Entry(source, translation, source_locale, target_locale, message.context, forward)
        yield Entry(
            translation, source, target_locale, source_locale, message.context, reversed_origin
        )


def entries_from_tmx(document: TmxDocument, origin: str) -> list[Entry]:
    """Every ordered language pair of every unit (source language first)."""
    entries: list[Entry] = []
    for unit in document.units:
        by_locale: dict[str, str] = {}
        for tag, text in unit.segments.items():
            try:
                by_locale.setdefault(memory_locale(tag), text)
            except I18nError:
                continue
        for source_locale, source_text in by_locale.items():
            for target_locale, target_text in by_locale.items():
                if source_locale != target_locale:
                    entries.append(
                        Entry(
                            source_text,
                            target_text,
                            source_locale,
                            target_locale,
                            unit.context,
                            unit.origin or origin,
                        )
                    )
    return entries


def tmx_paths(project: Project) -> list[Path]:
    """The project's imported memory and the files named in ``translate.tmx``."""
    from seoultrain_i18n.config import safe_join
    from seoultrain_i18n.errors import ConfigError

    imported = project.locales_dir / PROJECT_TMX
    paths = [imported] if imported.is_file() else []
    for configured in project.config.translate.tmx:
        path = safe_join(project.root, str(configured), "translate.tmx")
        if not path.is_file():
            raise ConfigError(
                f"{project.root / 'pyproject.toml'}: [tool.seoultrain-i18n] translate.tmx "
                f"names {configured!r}, which is not a file"
            )
        paths.append(path)
    return paths


def build_memory(project: Project, loaded: Iterable[LoadedCatalog]) -> TranslationMemory:
    """The project's memory: every reviewed message plus every TMX file."""
    memory = TranslationMemory()
    for item in loaded:
        memory.add_catalog(item)
    add_tmx_files(project, memory)
    return memory


def add_tmx_files(project: Project, memory: TranslationMemory) -> None:
    """Add the units of the project's TMX files (after its catalogs: they rank after them)."""
    for path in tmx_paths(project):
        for entry in entries_from_tmx(read_tmx(path), path.name):
            memory.add(entry)


# -- import and export -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    units_read: int
    units_added: int
    path: Path


def _unit_key(unit: TranslationUnit) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    return unit.context, tuple(sorted(unit.segments.items()))


def import_tmx(project: Project, path: str | Path) -> ImportResult:
    """Merge a TMX file into ``locales/memory.tmx`` (duplicates dropped)."""
    incoming = read_tmx(path)
    target = project.locales_dir / PROJECT_TMX
    current = read_tmx(target) if target.is_file() else TmxDocument(project.source_locale)
    known = {_unit_key(unit) for unit in current.units}
    added = 0
    for unit in incoming.units:
        if len(unit.segments) < 2:
            continue
        key = _unit_key(unit)
        if key in known:
            continue
        known.add(key)
        if not unit.origin:
            unit.origin = Path(path).name
        current.units.append(unit)
        added += 1
    write_tmx(target, current)
    return ImportResult(len(incoming.units), added, target)


def export_document(project: Project, loaded: Iterable[LoadedCatalog]) -> TmxDocument:
    """Every reviewed message as a TMX unit (one per message and locale)."""
    document = TmxDocument(source_language=locale_ids.to_bcp47(project.source_locale))
    for item in loaded:
        source_tag = locale_ids.to_bcp47(item.template.source_locale)
        target_tag = locale_ids.to_bcp47(item.locale)
        for message in item.catalog.live():
            if not message.reviewed or message.source_plural is not None:
                continue
            document.units.append(
                TranslationUnit(
                    segments={source_tag: message.source, target_tag: message.translation},
                    context=message.context,
                    origin=item.template.domain,
                )
            )
    return document


def export_tmx(
    project: Project, loaded: Iterable[LoadedCatalog], path: str | Path
) -> tuple[int, int]:
    """Write the project's reviewed messages to ``path``: (units written, skipped)."""
    document = export_document(project, loaded)
    try:
        skipped = write_tmx(path, document)
    except I18nError:
        raise
    except OSError as error:  # pragma: no cover - write_tmx reports OSError itself
        raise ParseError(path, None, f"cannot write: {error.strerror}") from None
    return len(document.units) - skipped, skipped
