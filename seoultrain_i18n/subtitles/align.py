"""Import of translated subtitle tracks: align by timing, bring text into a catalog.

Vendors and subtitle editors (Subtitle Edit, Aegisub) merge, split and renumber
cues, so a translated track is aligned to its source track by *timing
overlap*, never by cue number. Cues that overlap (by at least 100 ms and 30 %
of the shorter one) are linked; each connected group is one alignment:

- one source cue ↔ one imported cue with both ends within 200 ms: confident,
  written as a translation;
- the same with the ends further apart (partial overlap), a source cue split
  into several imported cues, several source cues merged into one, or any
  tangle: doubtful, written as fuzzy with a ``# import:`` comment saying why
  (merged text is divided among the source cues by lines, sentences or
  timing);
- cues on either side without a partner are left over and reported.

Reviewed translations (translated and not fuzzy) are never overwritten; the
import fills untranslated messages and replaces fuzzy ones. The vendor's line
breaks are kept as the translator's (``build`` keeps a translator's lines
while they fit), so a built track imported into an empty catalog builds back
to the same track.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.catalogs.layout import catalog_path, new_catalog, save_catalog
from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.formats.srt import read_srt
from seoultrain_i18n.fsutil import project_lock
from seoultrain_i18n.model import Catalog, Cue, MessageKey
from seoultrain_i18n.subtitles.cues import CueMessage, cue_messages, split_markup
from seoultrain_i18n.subtitles.linebreak import join_lines
from seoultrain_i18n.subtitles.sources import (
    SourceTrack,
    discover_tracks,
    parse_track_name,
    source_track,
    track_targets,
)
from seoultrain_i18n.subtitles.templates import track_template

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

MIN_OVERLAP_MS = 100
MIN_OVERLAP_SHARE = 0.3
CONFIDENT_SLACK_MS = 200
COMMENT_PREFIX = "import: "
SENTENCE_END = re.compile(r"(?<=[.!?。！？…⋯])\s*")
CLAUSE_END = re.compile(r"(?<=[,;:，；：、])\s*")
MAX_SHIFT_SHARE = 0.25  # how far from the timing's cut a better boundary may be


@dataclass(frozen=True, slots=True)
class Alignment:
    """Source cue positions ↔ imported cue positions that overlap in time."""

    source: tuple[int, ...]
    imported: tuple[int, ...]
    confident: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Proposal:
    """Text for one source cue, and whether a human should check it."""

    source_position: int
    text: str
    fuzzy: bool
    reason: str


@dataclass(slots=True)
class ImportResult:
    """What an import did; ``as_dict`` is the ``--format json`` output."""

    path: Path
    domain: str
    locale: str
    catalog: Path
    encoding: str
    matched: int = 0
    doubtful: int = 0
    kept: int = 0
    unchanged: int = 0
    not_in_catalog: int = 0
    source_left: list[int] = field(default_factory=list)
    imported_left: list[int] = field(default_factory=list)
    written: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "track": str(self.path),
            "domain": self.domain,
            "locale": self.locale,
            "catalog": str(self.catalog),
            "encoding": self.encoding,
            "matched": self.matched,
            "doubtful": self.doubtful,
            "kept_reviewed": self.kept,
            "unchanged": self.unchanged,
            "not_in_catalog": self.not_in_catalog,
            "source_cues_left_over": self.source_left,
            "imported_cues_left_over": self.imported_left,
            "written": self.written,
        }


# ---------------------------------------------------------------- alignment


def _overlap(a: Cue, b: Cue) -> int:
    return min(a.end_ms, b.end_ms) - max(a.start_ms, b.start_ms)


def _linked(a: Cue, b: Cue) -> bool:
    shorter = min(a.duration_ms, b.duration_ms)
    return _overlap(a, b) >= max(MIN_OVERLAP_MS, MIN_OVERLAP_SHARE * shorter)


def align(source: list[Cue], imported: list[Cue]) -> tuple[list[Alignment], list[int], list[int]]:
    """Groups of overlapping cues, and the positions left over on each side."""
    parent = list(range(len(source) + len(imported)))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    ordered = sorted(range(len(imported)), key=lambda n: imported[n].start_ms)
    linked: set[int] = set()
    for s_pos, cue in enumerate(source):
        for t_pos in ordered:  # tracks are short; a sweep keeps this simple and exact
            other = imported[t_pos]
            if other.start_ms >= cue.end_ms:
                break
            if _linked(cue, other):
                parent[find(s_pos)] = find(len(source) + t_pos)
                linked.update((s_pos, len(source) + t_pos))
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for node in sorted(linked):
        sources, targets = groups.setdefault(find(node), ([], []))
        (sources if node < len(source) else targets).append(
            node if node < len(source) else node - len(source)
        )
    alignments = [
        _classify(source, imported, sources, targets)
        for sources, targets in sorted(groups.values(), key=lambda group: group[0][0])
    ]
    source_left = [n for n in range(len(source)) if n not in linked]
    imported_left = [n for n in range(len(imported)) if len(source) + n not in linked]
    return alignments, source_left, imported_left


def _classify(
    source: list[Cue], imported: list[Cue], sources: list[int], targets: list[int]
) -> Alignment:
    first, numbers = source[sources[0]], ", ".join(str(n + 1) for n in sources)
    if len(sources) == 1 and len(targets) == 1:
        other = imported[targets[0]]
        close = (
            abs(first.start_ms - other.start_ms) <= CONFIDENT_SLACK_MS
            and abs(first.end_ms - other.end_ms) <= CONFIDENT_SLACK_MS
        )
        reason = "" if close else f"timing differs from source cue {numbers} (partial overlap)"
        return Alignment(tuple(sources), tuple(targets), close, reason)
    if len(sources) == 1:
        reason = f"source cue {numbers} is split into {len(targets)} cues there"
    elif len(targets) == 1:
        reason = f"source cues {numbers} are merged into one cue there; the text was divided"
    else:
        reason = f"source cues {numbers} overlap {len(targets)} cues there; the text was divided"
    return Alignment(tuple(sources), tuple(targets), False, reason)


# ---------------------------------------------------------------- text


def _plain(cue: Cue) -> str:
    """An imported cue's text: whole-cue markup removed, the vendor's line breaks
    kept as the translator's (``build`` keeps them while every line fits)."""
    lines = [line.strip() for line in split_markup(cue.text).text.split("\n")]
    return "\n".join(line for line in lines if line)


def _divide(parts: list[str], weights: list[int], locale: str) -> list[str]:
    """Share the text of ``parts`` among len(weights) cues, by lines, sentences or time."""
    count = len(weights)
    lines = [line for part in parts for line in part.split("\n") if line.strip()]
    if len(lines) == count:
        return lines
    paragraph = join_lines(lines, locale).replace("\n", " ")
    sentences = [s for s in SENTENCE_END.split(paragraph) if s.strip()]
    if len(sentences) == count:
        return [s.strip() for s in sentences]
    return _divide_by_time(paragraph, weights, locale)


def _divide_by_time(text: str, weights: list[int], locale: str) -> list[str]:
    """Cut ``text`` near where the timing says, at the best boundary close by:
    a sentence end, else a clause end (comma, semicolon…), else a word boundary."""
    chinese = locale_ids.script_family(locale).startswith("zh")
    if chinese:
        from seoultrain_i18n.subtitles.segmenter import word_boundaries

        words = sorted(
            word_boundaries(text, traditional=locale_ids.script_family(locale) == "zh-Hant")
        )
    else:
        words = [match.start() for match in re.finditer(r"\s+", text)]
    tiers = [
        [match.end() for match in SENTENCE_END.finditer(text) if 0 < match.end() < len(text)],
        [match.end() for match in CLAUSE_END.finditer(text) if 0 < match.end() < len(text)],
        words,
    ]
    reach = len(text) * MAX_SHIFT_SHARE
    total = sum(max(weight, 1) for weight in weights)
    cuts: list[int] = []
    running = 0
    for weight in weights[:-1]:
        running += max(weight, 1)
        target = len(text) * running / total
        cut = len(text)
        for tier in tiers:
            candidates = [
                p for p in tier if (not cuts or p > cuts[-1]) and abs(p - target) <= reach
            ]
            if tier is words:  # the last resort: the nearest word boundary anywhere
                candidates = [p for p in tier if not cuts or p > cuts[-1]]
            if candidates:
                cut = min(candidates, key=lambda p: abs(p - target))
                break
        cuts.append(cut)
    pieces, start = [], 0
    for cut in [*cuts, len(text)]:
        pieces.append(text[start:cut].strip())
        start = cut
    return pieces


def proposals(
    project: Project,
    locale: str,
    source: list[Cue],
    imported: list[Cue],
    alignments: list[Alignment],
) -> list[Proposal]:
    out: list[Proposal] = []
    for alignment in alignments:
        texts = [_plain(imported[n]) for n in alignment.imported]
        if len(alignment.source) == 1:
            text = texts[0] if len(texts) == 1 else join_lines(texts, locale)
            out.append(
                Proposal(alignment.source[0], text, not alignment.confident, alignment.reason)
            )
            continue
        weights = [source[n].duration_ms for n in alignment.source]
        for position, text in zip(alignment.source, _divide(texts, weights, locale), strict=True):
            if text:
                out.append(Proposal(position, text, True, alignment.reason))
    return out


# ---------------------------------------------------------------- catalog


def _load_or_create(project: Project, source: SourceTrack, locale: str) -> tuple[Path, Catalog]:
    path = catalog_path(project, locale, source.domain)
    if path.is_file():
        return path, read_po(path, domain=source.domain, locale=locale)
    return path, new_catalog(project, track_template(project, source), locale)


def _apply(
    catalog: Catalog,
    items: list[CueMessage],
    chosen: dict[MessageKey, Proposal],
    track_name: str,
    result: ImportResult,
) -> bool:
    index = catalog.index()
    changed = False
    for key, proposal in chosen.items():
        message = index.get(key)
        if message is None:
            result.not_in_catalog += 1
            continue
        if message.reviewed:
            if _same_words(message.translation, proposal.text):
                result.unchanged += 1
            else:
                result.kept += 1
            continue
        if _same_words(message.translation, proposal.text) and message.fuzzy == proposal.fuzzy:
            result.unchanged += 1
            continue
        message.translation = proposal.text
        message.set_fuzzy(proposal.fuzzy)
        message.comments = [c for c in message.comments if not c.startswith(COMMENT_PREFIX)]
        if proposal.fuzzy:
            message.comments.append(f"{COMMENT_PREFIX}{track_name}: {proposal.reason}; check it")
            result.doubtful += 1
        else:
            result.matched += 1
        changed = True
    return changed


def _same_words(one: str, other: str) -> bool:
    """The same text but for where its lines break (a space or nothing at a break)."""
    if re.sub(r"\s+", " ", one.strip()) == re.sub(r"\s+", " ", other.strip()):
        return True
    return one.replace("\n", "") == other.replace("\n", "")


def _choose(items: list[CueMessage], found: list[Proposal]) -> dict[MessageKey, Proposal]:
    """One proposal per message: a confident one first, else the first doubtful one.

    Occurrences of one message that the vendor rendered differently are never
    collapsed into one reviewed translation: the message comes in fuzzy with
    every rendering and its cue named, and how to give each occurrence its own
    message (``[tool.seoultrain-i18n.subtitles] distinct``).
    """
    chosen: dict[MessageKey, Proposal] = {}
    renderings: dict[MessageKey, dict[str, list[int]]] = {}
    for proposal in found:
        key = items[proposal.source_position].key
        if key is None:
            continue
        number = items[proposal.source_position].cue.index
        if not proposal.fuzzy:
            seen = renderings.setdefault(key, {})
            if not any(_same_words(text, proposal.text) for text in seen):
                seen[proposal.text] = []
            for text, numbers in seen.items():
                if _same_words(text, proposal.text):
                    numbers.append(number)
        current = chosen.get(key)
        if current is None or (current.fuzzy and not proposal.fuzzy):
            chosen[key] = proposal
    for key, seen in renderings.items():
        if len(seen) > 1:
            listed = "; ".join(
                f"cue {', '.join(map(str, numbers))}: {text.replace(chr(10), ' / ')}"
                for text, numbers in seen.items()
            )
            first = chosen[key]
            chosen[key] = Proposal(
                first.source_position,
                first.text,
                True,
                f"rendered {len(seen)} ways ({listed}); to keep each, declare the occurrences "
                "in [tool.seoultrain-i18n.subtitles] distinct and import again",
            )
    return chosen


def language_of_track(path: Path) -> tuple[str, str]:
    """``crossing.en.srt`` → ("crossing", "en")."""
    name = parse_track_name(path.name)
    if name is None:
        raise I18nError(
            f"{path}: name a translated track TRACK.LANG.srt (e.g. trailer.ko.srt), "
            "or give --language (and --domain)"
        )
    return name.domain, name.tag


def _only_track(project: Project, path: Path) -> str:
    """The project's one source track, for a vendor file of any name."""
    tracks = discover_tracks(project, problems=[])
    if len(tracks) != 1:
        raise I18nError(f"{path}: say which source track it translates with --domain")
    return tracks[0].domain


def import_track(
    project: Project,
    path: str | Path,
    *,
    domain: str | None = None,
    encoding: str | None = None,
    language: str | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Align a translated track to its source track and update the catalog of its
    language: ``TRACK.LANG.srt`` names both, or ``domain`` and ``language`` are
    given and the file may have any name."""
    track_path = Path(path)
    if language is not None:
        parsed = parse_track_name(track_path.name)
        tag = language
        name = domain or (parsed.domain if parsed is not None else _only_track(project, track_path))
    else:
        name, tag = language_of_track(track_path)
    locale = locale_ids.normalize(tag)
    source = source_track(project, domain or name)
    if locale == source.locale:
        raise I18nError(f"{track_path}: {tag} is the source language of {source.path.name}")
    if locale not in track_targets(project, source):
        raise I18nError(f"{track_path}: {tag} is not one of the project's locales")
    imported = read_srt(track_path, language=locale_ids.to_bcp47(locale), encoding=encoding)
    items = cue_messages(project, source)
    source_cues = [item.cue for item in items]
    alignments, source_left, imported_left = align(source_cues, imported.cues)
    found = proposals(project, locale, source_cues, imported.cues, alignments)
    with project_lock(project.locales_dir):  # the lock ``update`` holds
        catalog_file, catalog = _load_or_create(project, source, locale)
        result = ImportResult(track_path, source.domain, locale, catalog_file, imported.encoding)
        result.source_left = [n + 1 for n in source_left if items[n].key is not None]
        result.imported_left = [imported.cues[n].index for n in imported_left]
        if _apply(catalog, items, _choose(items, found), track_path.name, result):
            result.written = save_catalog(catalog_file, catalog)
    if on_progress:
        on_progress(len(imported.cues))
    return result
