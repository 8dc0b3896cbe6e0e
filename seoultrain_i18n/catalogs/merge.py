"""Template + old catalog → updated catalog, the way msgmerge does it, but faster and smarter.

For every template message, in template order:

1. an exact (context, msgid) match in the old catalog keeps its translation,
   comments and flags (an obsolete ``#~`` entry counts: it comes back);
2. a match that differs only in whitespace or typography (' ’, " “”,
   -- —, ... …) carries the translation over *without* fuzzy;
3. a link label that an old translated link bar held (``<a1>Home</a1> |
   <a2>The Film</a2>``, one message before pages cut bars into one message
   per label) takes the translation of its link in that bar, fuzzy;
4. otherwise the most similar translated old message (similarity as in
   msgmerge: 2·matches / total length, i.e. rapidfuzz's Indel ratio; a
   candidate in the same context wins ties and near-ties) gives a fuzzy
   translation with ``#|`` previous strings, never below ``threshold``;
5. otherwise the message is new and untranslated.

Old messages nobody used become obsolete ``#~`` entries at the end. The
fuzzy search is pruned (a word/character-bigram index picks a short list,
then only candidates whose length allows a better score are compared), so
it is not quadratic in practice.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from seoultrain_i18n import locales
from seoultrain_i18n.markup import SEGMENT_LINK, SEGMENT_TAG_LIKE
from seoultrain_i18n.model import FUZZY, Catalog, Message, MessageKey

DEFAULT_THRESHOLD = 0.6
CONTEXT_PREFERENCE = 0.02  # a same-context candidate wins if at most this much less similar
SHORTLIST_SIZE = 48

_TYPOGRAPHY = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "−": "-",
        "…": "...",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"-{2,3}")
_WORD = re.compile(r"\w+")
_FORMAT_FLAG = re.compile(r"^(?:no-|possible-|impossible-)?[\w-]+-format$")


def normalize_typography(text: str) -> str:
    """The text with whitespace collapsed and typographic quotes/dashes/ellipsis as ASCII."""
    text = text.translate(_TYPOGRAPHY)
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).strip()


@dataclass(slots=True)
class MergeStats:
    """What a merge did, for the one-line summary per catalog."""

    kept: int = 0
    typographic: int = 0
    fuzzy: int = 0
    resurrected: int = 0
    new: int = 0
    obsoleted: int = 0


class _LengthSorted:
    """Candidate msgids sorted by length, so a cutoff bounds which ones can match."""

    def __init__(self, indices: list[int], candidates: list[Message]) -> None:
        self.indices = sorted(indices, key=lambda i: len(candidates[i].source))
        self.lengths = [len(candidates[i].source) for i in self.indices]
        self.sources = [candidates[i].source for i in self.indices]

    def window(self, shortest: int, longest: int, cutoff: float) -> tuple[int, int]:
        """The slice of candidates whose length lets a text of ``shortest`` to
        ``longest`` characters reach ``cutoff``: the Indel ratio is at most
        2·min(a, b) / (a + b), so lengths outside it cannot."""
        ratio = max(cutoff, 1.0) / 100
        start = bisect_left(self.lengths, int(shortest * ratio / (2 - ratio)))
        stop = bisect_right(self.lengths, int(longest * (2 - ratio) / ratio) + 1)
        return start, stop

    def best(self, text: str, cutoff: float) -> tuple[int, float] | None:
        """(candidate index, score) of the best score ≥ cutoff, or None."""
        start, stop = self.window(len(text), len(text), cutoff)
        if stop <= start:
            return None
        found = process.extractOne(
            text, self.sources[start:stop], scorer=fuzz.ratio, score_cutoff=cutoff
        )
        if found is None:
            return None
        return self.indices[start + found[2]], float(found[1])

    def best_many(self, texts: list[str], cutoff: float) -> list[tuple[int, float] | None]:
        """``best`` for many texts at once: one score matrix per group of texts
        of similar length (rapidfuzz's ``cdist``, both cores), each over only
        the candidates whose length can reach ``cutoff``. Same answers as
        ``best`` text by text (the first of equal best scores), several times
        faster on short strings."""
        results: list[tuple[int, float] | None] = [None] * len(texts)
        if not texts or not self.sources:
            return results
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        group_start = 0
        while group_start < len(order):
            shortest = len(texts[order[group_start]])
            group_end = group_start + 1
            # A group is a block of texts for rapidfuzz's SIMD lanes (it scores
            # several texts against one candidate at once); beyond that block,
            # texts up to ~12 % longer share a window that is barely wider.
            limit = max(shortest + 2, int(shortest * 1.12))
            while group_end < len(order) and (
                group_end - group_start < _GROUP or len(texts[order[group_end]]) <= limit
            ):
                group_end += 1
            members = order[group_start:group_end]
            group_start = group_end
            start, stop = self.window(shortest, len(texts[members[-1]]), cutoff)
            if stop <= start:
                continue
            for member, found in zip(
                members,
                _best_in_matrix([texts[i] for i in members], self.sources[start:stop], cutoff),
                strict=True,
            ):
                if found is not None:
                    results[member] = self.indices[start + found[0]], found[1]
        return results


_GROUP = 64
_PARALLEL_CELLS = 200_000  # below this a second thread costs more than it saves


def _best_in_matrix(
    texts: list[str], sources: list[str], cutoff: float
) -> list[tuple[int, float] | None]:
    """For each text, (position, score) of its first best-scoring source ≥ cutoff."""
    import numpy  # only the fuzzy search needs it (rapidfuzz's cdist returns arrays)

    workers = 2 if len(texts) * len(sources) >= _PARALLEL_CELLS else 1
    matrix = process.cdist(
        texts, sources, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=numpy.float64, workers=workers
    )
    results: list[tuple[int, float] | None] = []
    for text, row, top in zip(texts, matrix, matrix.max(axis=1).tolist(), strict=True):
        if top < cutoff or top <= 0:
            results.append(None)
            continue
        # cdist scores some rows with SIMD and some without, depending on how
        # its threads split the work: the last bits of equal scores can
        # differ between runs. Rescoring the near-best one by one keeps the
        # choice among ties the same every run (the first, as extractOne).
        near = numpy.flatnonzero(row >= top - 1e-6).tolist()
        exact = [fuzz.ratio(text, sources[position]) for position in near]
        best = max(exact)
        results.append((near[exact.index(best)], float(best)))
    return results


def _terms(text: str) -> set[str]:
    """Index terms: lowercased words, and character bigrams inside CJK runs."""
    terms: set[str] = set()
    for word in _WORD.findall(text.lower()):
        if word.isascii() or len(word) == 1:
            terms.add(word)
        else:
            terms.update(word[index : index + 2] for index in range(len(word) - 1))
    return terms


class FuzzyIndex:
    """Translated old messages, searchable by similarity of their msgid.

    ``best(context, text)`` returns a candidate whose Indel ratio with
    ``text`` is ≥ threshold (never below), or None. Search order:

    1. ``preferred`` candidates (old messages whose msgid left the template:
       the likely sources of an edit) at cutoff 90, exhaustively; only
       msgids whose length can reach the cutoff are compared, so the window
       is narrow and rapidfuzz gives up early;
    2. otherwise the best of a short list of candidates sharing the most
       (rare) words or CJK bigrams with ``text``, then an exhaustive scan of
       the preferred candidates for anything at least as good;
    3. when both found nothing, an exhaustive scan of all other candidates
       (so every message msgmerge would match gets a match).

    A same-context candidate wins when it is within CONTEXT_PREFERENCE.
    """

    def __init__(
        self, candidates: list[Message], threshold: float, preferred: set[int] | None = None
    ) -> None:
        self.candidates = candidates
        self.cutoff = threshold * 100
        preferred = preferred if preferred is not None else set(range(len(candidates)))
        self.preferred = _LengthSorted(sorted(preferred), candidates)
        self.others = _LengthSorted(
            [index for index in range(len(candidates)) if index not in preferred], candidates
        )
        self.common = max(64, len(candidates) // 200)  # terms this frequent say nothing
        # Built on first use: most edited texts find a preferred candidate ≥ 90
        # and never need them (indexing every candidate's terms cost more than
        # the whole search on one big catalog).
        self._postings: dict[str, list[int]] | None = None
        self._by_context: dict[str | None, _LengthSorted] | None = None

    @property
    def postings(self) -> dict[str, list[int]]:
        if self._postings is None:
            postings: dict[str, list[int]] = defaultdict(list)
            for index, message in enumerate(self.candidates):
                for term in _terms(message.source):
                    postings[term].append(index)
            self._postings = postings
        return self._postings

    @property
    def by_context(self) -> dict[str | None, _LengthSorted]:
        if self._by_context is None:
            by_context: dict[str | None, list[int]] = defaultdict(list)
            for index, message in enumerate(self.candidates):
                by_context[message.context].append(index)
            self._by_context = {
                context: _LengthSorted(indices, self.candidates)
                for context, indices in by_context.items()
            }
        return self._by_context

    def _shortlist(self, text: str) -> list[int]:
        postings = self.postings
        counts: dict[int, float] = defaultdict(float)
        # Sorted terms and ties by index: a set's order changes with the
        # interpreter's string hashing, and with it which of equally ranked
        # candidates made the short list (the same update gave other matches).
        for term in sorted(_terms(text)):
            posting = postings.get(term)
            if posting is None or len(posting) > self.common:
                continue
            weight = 1.0 / len(posting)
            for index in posting:
                counts[index] += weight
        if len(counts) <= SHORTLIST_SIZE:
            return list(counts)
        return sorted(counts, key=lambda index: (-counts[index], index))[:SHORTLIST_SIZE]

    def _shortlist_best(self, text: str) -> tuple[int, float] | None:
        shortlist = self._shortlist(text)
        if not shortlist:
            return None
        hit = process.extractOne(
            text,
            [self.candidates[i].source for i in shortlist],
            scorer=fuzz.ratio,
            score_cutoff=self.cutoff,
        )
        return None if hit is None else (shortlist[hit[2]], float(hit[1]))

    def _search_many(self, texts: list[str]) -> list[tuple[int, float] | None]:
        # The best preferred candidate of every text, in one batch; a text
        # whose best is ≥ 90 takes it (an edit of a message that left). That
        # best is first looked for at cutoff 90 (a narrow length window, and
        # the same candidate: every best score ≥ 90 lies inside it); only the
        # texts without one are scored against the whole window of the
        # threshold. Scoring every text at the threshold grew with pending
        # texts × preferred candidates: 4× per doubling of one big catalog.
        preferred: list[tuple[int, float] | None] = [None] * len(texts)
        rest = list(range(len(texts)))
        if self.cutoff < 90:
            close = self.preferred.best_many(texts, 90.0)
            for position, favourite in enumerate(close):
                preferred[position] = favourite
            rest = [position for position, favourite in enumerate(close) if favourite is None]
        if rest:
            wider = self.preferred.best_many([texts[i] for i in rest], self.cutoff)
            for position, favourite in zip(rest, wider, strict=True):
                preferred[position] = favourite
        found: list[tuple[int, float] | None] = []
        for text, favourite in zip(texts, preferred, strict=True):
            if favourite is not None and favourite[1] >= 90 and self.cutoff < 90:
                found.append(favourite)
                continue
            best = self._shortlist_best(text)
            if best is not None and best[1] >= 100:
                found.append(best)
                continue
            # An equally good preferred candidate wins (the likely source of an edit).
            if favourite is not None and (best is None or favourite[1] >= best[1]):
                best = favourite
            found.append(best)
        # Nothing shares rare words: as msgmerge does, look at every candidate.
        missing = [position for position, best in enumerate(found) if best is None]
        if missing:
            scanned = self.others.best_many([texts[i] for i in missing], self.cutoff)
            for position, best in zip(missing, scanned, strict=True):
                found[position] = best
        return found

    def best_many(
        self, queries: list[tuple[str | None, str]]
    ) -> list[tuple[Message, float] | None]:
        """``best`` of every (context, text), computed together (much faster)."""
        results: list[tuple[Message, float] | None] = []
        for (context, text), found in zip(
            queries, self._search_many([text for _, text in queries]), strict=True
        ):
            if found is None:
                results.append(None)
                continue
            best_index, best_score = found
            if self.candidates[best_index].context != context and context in self.by_context:
                floor = max(self.cutoff, best_score - 100 * CONTEXT_PREFERENCE)
                same = self.by_context[context].best(text, floor)
                if same is not None:
                    best_index, best_score = same
            results.append((self.candidates[best_index], best_score / 100))
        return results

    def best(self, context: str | None, text: str) -> tuple[Message, float] | None:
        return self.best_many([(context, text)])[0]


def default_header(
    template: Catalog, locale: str, project_name: str | None = None
) -> list[tuple[str, str]]:
    """A full header for a new catalog (dates from the template, so runs are repeatable)."""
    created = template.get_header("POT-Creation-Date") or ""
    project = template.get_header("Project-Id-Version") or ""
    if project_name and project in ("", "PACKAGE VERSION"):
        project = project_name
    try:
        team = f"{locales.english_name(locale)} <LL@li.org>"
    except Exception:  # an unknown locale keeps a neutral team name
        team = f"{locale} <LL@li.org>"
    header = [
        ("Project-Id-Version", project or "PACKAGE VERSION"),
        ("Report-Msgid-Bugs-To", template.get_header("Report-Msgid-Bugs-To") or ""),
        ("POT-Creation-Date", created),
        ("PO-Revision-Date", created),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language", locale),
        ("Language-Team", team),
        ("Plural-Forms", locales.plural_forms(locale)),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    source = template.get_header("X-Source-Language")
    if source:
        header.append(("X-Source-Language", source))
    return header


def _updated_header(template: Catalog, old: Catalog, locale: str) -> list[tuple[str, str]]:
    if not old.header:
        return default_header(template, locale)
    updated = Catalog(domain=old.domain, header=list(old.header))
    for name in ("POT-Creation-Date", "X-Source-Language"):
        value = template.get_header(name)
        if value is not None:
            updated.set_header(name, value)
    if updated.get_header("Language") is None:
        updated.set_header("Language", locale)
    if updated.get_header("Plural-Forms") is None:
        updated.set_header("Plural-Forms", locales.plural_forms(locale))
    if updated.get_header("Content-Type") is None:
        updated.set_header("Content-Type", "text/plain; charset=UTF-8")
    return updated.header


def _forms(message: Message, count: int) -> list[str]:
    """The old message's translation shaped as ``count`` plural forms."""
    forms = list(message.plural_translations) if message.source_plural is not None else []
    if not forms:
        forms = [message.translation]
    if len(forms) < count:
        forms += [forms[-1] if message.source_plural is None else ""] * (count - len(forms))
    return forms[:count]


def _flags(template: Message, old: Message | None, fuzzy: bool) -> list[str]:
    flags = [FUZZY] if fuzzy else []
    flags += [flag for flag in template.flags if flag != FUZZY]
    if old is not None:
        flags += [
            flag
            for flag in old.flags
            if flag != FUZZY and flag not in flags and not _FORMAT_FLAG.match(flag)
        ]
    return flags


def _carry(
    template: Message, old: Message | None, plural_count: int, *, fuzzy: bool, same: bool = True
) -> Message:
    """The template message with ``old``'s translation and translator data.

    ``same`` says ``old`` is the same message (exact or typographic match): its
    previous strings are kept if it is fuzzy. A fuzzy match from another
    message records that message as the previous one.
    """
    message = Message(
        source=template.source,
        context=template.context,
        source_plural=template.source_plural,
        references=list(template.references),
        notes=list(template.notes),
        flags=_flags(template, old, fuzzy),
    )
    if old is None:
        if template.source_plural is not None:
            message.plural_translations = [""] * plural_count
        return message
    message.comments = list(old.comments)
    if template.source_plural is not None:
        message.plural_translations = _forms(old, plural_count)
        message.translation = message.plural_translations[0]
    else:
        message.translation = (
            old.plural_translations[0]
            if old.source_plural is not None and old.plural_translations
            else old.translation
        )
    if not same:
        message.previous_context = old.context
        message.previous_source = old.source
        message.previous_source_plural = old.source_plural
    elif old.fuzzy:
        message.previous_context = old.previous_context
        message.previous_source = old.previous_source
        message.previous_source_plural = old.previous_source_plural
    return message


def merge_catalog(
    template: Catalog,
    old: Catalog | None,
    locale: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    fuzzy_matching: bool = True,
    stats: MergeStats | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Catalog:
    """Merge ``template`` into ``old`` (None: a new catalog) for ``locale``."""
    locale = locales.normalize(locale)
    stats = stats if stats is not None else MergeStats()
    plural_count = locales.plural_count(locale)
    result = Catalog(domain=template.domain, locale=locale)
    if old is None:
        result.header = default_header(template, locale)
        old = Catalog(domain=template.domain, locale=locale)
    else:
        result.header = _updated_header(template, old, locale)
        result.header_comments = list(old.header_comments)
        result.header_flags = list(old.header_flags)
        result.header_notes = list(old.header_notes)
        result.header_references = list(old.header_references)

    live: dict[MessageKey, Message] = {}
    dead: dict[MessageKey, Message] = {}
    for message in old.messages:
        (dead if message.obsolete else live)[message.key] = message
    used: set[int] = set()
    unmatched: list[tuple[int, Message]] = []
    for template_message in template.live():
        key = template_message.key
        match = live.get(key) or dead.get(key)
        if match is None:
            unmatched.append((len(result.messages), template_message))
            result.messages.append(template_message)  # placeholder, replaced below
            continue
        if match.obsolete:
            stats.resurrected += 1
        else:
            stats.kept += 1
        used.add(id(match))
        result.messages.append(_carry(template_message, match, plural_count, fuzzy=match.fuzzy))
    # Typographic matches, among the old messages no exact match took.
    normalized: dict[tuple[str | None, str], Message] = {}
    for message in [*dead.values(), *live.values()]:  # live entries win
        if message.translated and id(message) not in used:
            normalized[(message.context, normalize_typography(message.source))] = message
    pending: list[tuple[int, Message]] = []
    for position, template_message in unmatched:
        key = template_message.key
        near = normalized.get((key[0], normalize_typography(key[1]))) if normalized else None
        if near is None:
            pending.append((position, template_message))
            continue
        stats.typographic += 1
        used.add(id(near))
        result.messages[position] = _carry(template_message, near, plural_count, fuzzy=near.fuzzy)
    pending = _label_pass(result, pending, [*dead.values(), *live.values()], plural_count, stats)
    _fuzzy_pass(
        result,
        pending,
        live,
        dead,
        plural_count,
        threshold,
        fuzzy_matching,
        used,
        stats,
        on_progress,
    )
    live_keys = {message.key for message in result.messages}
    result.messages.extend(_obsolete(old, used, live_keys, stats))
    return result


def _label_pass(
    result: Catalog,
    pending: list[tuple[int, Message]],
    old_messages: list[Message],
    plural_count: int,
    stats: MergeStats,
) -> list[tuple[int, Message]]:
    """Link labels whose translation an old link bar holds; returns the rest."""
    labels: dict[tuple[str | None, str], tuple[str, Message]] = {}
    for message in old_messages:
        if message.translated and not message.fuzzy and message.source_plural is None:
            for label, translation in _bar_labels(message.source, message.translation):
                labels[(message.context, label)] = (translation, message)
    if not labels:
        return pending
    rest = []
    for position, template_message in pending:
        found = labels.get(template_message.key)
        if found is None or template_message.source_plural is not None:
            rest.append((position, template_message))
            continue
        translation, bar = found
        message = _carry(template_message, None, plural_count, fuzzy=True)
        message.translation = translation
        message.previous_context = bar.context
        message.previous_source = bar.source
        stats.fuzzy += 1
        result.messages[position] = message
    return rest


def _bar_labels(source: str, translation: str) -> list[tuple[str, str]]:
    """(label, its translation) of each link of a link bar and its translation."""
    links = SEGMENT_LINK.findall(source)
    between = SEGMENT_TAG_LIKE.sub("", SEGMENT_LINK.sub("", source))
    if len(links) < 2 or any(character.isalnum() for character in html.unescape(between)):
        return []
    translated = dict(SEGMENT_LINK.findall(translation))
    return [
        (label.strip(), translated[tag].strip())
        for tag, label in links
        if label.strip() and translated.get(tag, "").strip()
    ]


def _fuzzy_pass(
    result: Catalog,
    pending: list[tuple[int, Message]],
    live: dict[MessageKey, Message],
    dead: dict[MessageKey, Message],
    plural_count: int,
    threshold: float,
    fuzzy_matching: bool,
    used: set[int],
    stats: MergeStats,
    on_progress: Callable[[int], None] | None,
) -> None:
    matches: list[tuple[Message, float] | None] = [None] * len(pending)
    if fuzzy_matching and pending:
        candidates = [message for message in [*live.values(), *dead.values()] if message.translated]
        unused = {i for i, message in enumerate(candidates) if id(message) not in used}
        if candidates:
            index = FuzzyIndex(candidates, threshold, unused)
            matches = index.best_many([(m.context, m.source) for _, m in pending])
    for done, ((position, template_message), found) in enumerate(
        zip(pending, matches, strict=True), 1
    ):
        if found is None:
            stats.new += 1
            result.messages[position] = _carry(template_message, None, plural_count, fuzzy=False)
        else:
            source, _score = found
            stats.fuzzy += 1
            if not source.obsolete:
                used.add(id(source))
            result.messages[position] = _carry(
                template_message, source, plural_count, fuzzy=True, same=False
            )
        if on_progress is not None and done % 100 == 0:
            on_progress(100)


def _obsolete(
    old: Catalog, used: set[int], live_keys: set[MessageKey], stats: MergeStats
) -> Iterable[Message]:
    """Unused old messages as ``#~`` entries, old file order, one per key."""
    by_key: dict[MessageKey, Message] = {}
    for message in old.messages:
        if id(message) in used or message.key in live_keys:
            continue
        if not message.obsolete:
            stats.obsoleted += 1
        previous = by_key.get(message.key)
        if previous is not None and previous.translated and not message.translated:
            continue
        entry = Message(
            source=message.source,
            translation=message.translation,
            context=message.context,
            source_plural=message.source_plural,
            plural_translations=list(message.plural_translations),
            references=list(message.references),
            notes=list(message.notes),
            comments=list(message.comments),
            flags=list(message.flags),
            previous_context=message.previous_context,
            previous_source=message.previous_source,
            previous_source_plural=message.previous_source_plural,
            obsolete=True,
        )
        by_key.pop(message.key, None)
        by_key[message.key] = entry
    return by_key.values()
