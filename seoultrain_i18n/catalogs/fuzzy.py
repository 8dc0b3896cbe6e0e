"""The fuzzy search of ``update``: for each new msgid, the most similar translated
old msgid (rapidfuzz's Indel ratio, as msgmerge measures similarity), never
below the threshold (merge.py uses it; the search order is on FuzzyIndex).

Scores are computed in batches (``process.cdist`` over texts of similar
length, each against only the candidates whose length can reach the cutoff),
and a known floor narrows that window further: neighbours in the old catalog
of an edited message's template neighbours usually hold its source.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any

from rapidfuzz import fuzz, process

from seoultrain_i18n.model import Message

CONTEXT_PREFERENCE = 0.02  # a same-context candidate wins if at most this much less similar
SHORTLIST_SIZE = 48
_WORD = re.compile(r"\w+")
# The last fuzzy search: [its key, its answer] (FuzzyIndex._search_many).
_LAST_SEARCH: list[Any] = []


def length_bounds(shortest: int, longest: int, cutoff: float) -> tuple[int, int]:
    """The lengths (inclusive) a text needs to reach ``cutoff`` (at least 1)
    with some text of ``shortest`` to ``longest`` characters: the Indel ratio
    is at most 2·min(a, b) / (a + b), so other lengths cannot (the bounds are
    rounded outwards). Below a cutoff of 1 they may exclude a match."""
    ratio = max(cutoff, 1.0) / 100
    return int(shortest * ratio / (2 - ratio)), int(longest * (2 - ratio) / ratio) + 1


class _LengthSorted:
    """Candidate msgids sorted by length, so a cutoff bounds which ones can match."""

    def __init__(
        self, indices: list[int], candidates: list[Message], lengths: list[int] | None = None
    ) -> None:
        """``lengths``: of every candidate's msgid, when the caller has them."""
        if lengths is None:
            lengths = [len(message.source) for message in candidates]
        self.indices = sorted(indices, key=lengths.__getitem__)  # stable: ties keep their order
        self.lengths = [lengths[i] for i in self.indices]
        self.sources = [candidates[i].source for i in self.indices]

    def window(self, shortest: int, longest: int, cutoff: float) -> tuple[int, int]:
        """The slice of candidates whose length lets a text of ``shortest`` to
        ``longest`` characters reach ``cutoff``: the Indel ratio is at most
        2·min(a, b) / (a + b), so lengths outside it cannot."""
        low, high = length_bounds(shortest, longest, cutoff)
        return bisect_left(self.lengths, low), bisect_right(self.lengths, high)

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

    def best_many(
        self,
        texts: list[str],
        cutoff: float,
        floors: list[float] | None = None,
        threads: int | None = None,
    ) -> list[tuple[int, float] | None]:
        """``best`` for many texts at once: one score matrix per group of texts
        of similar length (rapidfuzz's ``cdist``, both cores), each over only
        the candidates whose length can reach ``cutoff``. Same answers as
        ``best`` text by text (the first of equal best scores), several times
        faster on short strings.

        ``floors[i]``, when given, is a score some candidate is known to reach
        for text i: its best is at least that, so only candidates whose length
        can reach it are compared (a narrower window; same answer).
        ``threads``: for each score matrix (default: ``matrix_threads``)."""
        results: list[tuple[int, float] | None] = [None] * len(texts)
        if not texts or not self.sources:
            return results
        floor = [max(cutoff, f) for f in floors] if floors is not None else [cutoff] * len(texts)
        # Texts with a high floor apart, in bands of similar floors (their
        # windows are narrow and about as wide), then by length.
        band = [_band(f) for f in floor]
        order = sorted(range(len(texts)), key=lambda i: (band[i], len(texts[i])))
        group_start = 0
        while group_start < len(order):
            first = order[group_start]
            shortest = len(texts[first])
            group_end = group_start + 1
            # A group is a block of texts for rapidfuzz's SIMD lanes (it scores
            # several short texts against one candidate at once); beyond that
            # block, texts up to ~12 % longer share a window that is barely
            # wider. Longer texts are scored one by one anyway: texts with a
            # high floor then group only with texts of almost their length.
            tight = band[first] > 0 and shortest > _SIMD_LENGTH
            limit = max(shortest + 2, int(shortest * (1.03 if tight else 1.12)))
            while (
                group_end < len(order)
                and band[order[group_end]] == band[first]
                and (
                    (not tight and group_end - group_start < _GROUP)
                    or len(texts[order[group_end]]) <= limit
                )
            ):
                group_end += 1
            members = order[group_start:group_end]
            group_start = group_end
            windows = [self.window(len(texts[i]), len(texts[i]), floor[i]) for i in members]
            start = min(window[0] for window in windows)
            stop = max(window[1] for window in windows)
            if stop <= start:
                continue
            group = [texts[i] for i in members]
            sources = self.sources[start:stop]
            cells = len(group) * len(sources)
            for member, found in zip(
                members,
                _best_in_matrix(
                    group,
                    sources,
                    min(floor[i] for i in members),
                    matrix_threads(cells) if threads is None else threads,
                ),
                strict=True,
            ):
                if found is not None:
                    results[member] = self.indices[start + found[0]], found[1]
        return results


_GROUP = 64
_HIGH = 95.0  # texts whose known floor is this high are grouped apart
_SIMD_LENGTH = 64  # rapidfuzz scores texts up to this long several at once


def _band(floor: float) -> int:
    """0 below _HIGH, then one band per 1.5 points of floor."""
    return 0 if floor < _HIGH else 1 + int((floor - _HIGH) / 1.5)


_PARALLEL_CELLS = 200_000  # below this a second thread costs more than it saves
# parallel.py's variable (test_fuzzy checks they agree), read here without
# importing parallel.py: multiprocessing's import is ~0.025 s of an update.
WORKERS_VARIABLE = "SEOULTRAIN_I18N_WORKERS"


def matrix_threads(cells: int) -> int:
    """Threads for a score matrix of ``cells`` scores: every core the process
    may use (as msgmerge's search), at most ``SEOULTRAIN_I18N_WORKERS`` when
    it is set (1: one thread), and one for a small matrix. The scores do not
    depend on it."""
    if cells < _PARALLEL_CELLS:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    configured = os.environ.get(WORKERS_VARIABLE, "")
    if configured.isdigit() and int(configured) > 0:
        return min(int(configured), cores or 1)
    return cores or 1


def _best_in_matrix(
    texts: list[str], sources: list[str], cutoff: float, threads: int
) -> list[tuple[int, float] | None]:
    """For each text, (position, score) of its first best-scoring source ≥
    cutoff; the score matrix computed on ``threads`` threads."""
    matrix = _score_matrix(texts, sources, cutoff, threads)
    scores = matrix.cast("d")
    row_bytes = 8 * len(sources)
    zeros = bytes(row_bytes)
    results: list[tuple[int, float] | None] = []
    for row, text in enumerate(texts):
        line = matrix[row * row_bytes : (row + 1) * row_bytes]
        if zeros.startswith(line):  # no score ≥ cutoff (most rows of a wide scan)
            results.append(None)
            continue
        # The byte of a score that holds its exponent is 0 only for a 0.
        signs = bytes(line)[_EXPONENT_BYTE::8]
        base = row * len(sources)
        hits = [found.start() for found in _NONZERO.finditer(signs)]
        values = [scores[base + position] for position in hits]
        top = max(values)
        if top < cutoff or top <= 0:
            results.append(None)
            continue
        # cdist scores some rows with SIMD and some without, depending on how
        # its threads split the work: the last bits of equal scores can
        # differ between runs. Rescoring the near-best one by one keeps the
        # choice among ties the same every run (the first, as extractOne).
        near = [hit for hit, value in zip(hits, values, strict=True) if value >= top - 1e-6]
        exact = [fuzz.ratio(text, sources[position]) for position in near]
        best = max(exact)
        results.append((near[exact.index(best)], float(best)))
    return results


_NONZERO = re.compile(rb"[^\x00]")
_EXPONENT_BYTE = 7 if sys.byteorder == "little" else 0


def _score_matrix(texts: list[str], sources: list[str], cutoff: float, workers: int) -> memoryview:
    """Every text's Indel ratio with every source (0 below ``cutoff``): a
    row of doubles per text, in the machine's byte order, as bytes.

    ``process.cdist`` is rapidfuzz's C++ ``cdist`` wrapped in a numpy array;
    its matrix is read here through the buffer protocol instead, the same
    doubles, so ``update`` does not import numpy (a tenth of its time on
    short strings)."""
    try:
        from rapidfuzz.process_cpp_impl import FLOAT64, cdist
    except ImportError:  # rapidfuzz without its C++ extension
        import numpy

        array = process.cdist(
            texts, sources, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=numpy.float64
        )
        return memoryview(array.tobytes())
    matrix = cdist(
        texts, sources, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=FLOAT64, workers=workers
    )
    return memoryview(matrix).cast("B")


class _Background:
    """``function(*args, **kwargs)`` on a thread of its own (``start``), or
    in ``result()`` on the caller's; ``result()`` returns or raises what it
    did."""

    def __init__(
        self, function: Callable[..., Any], *args: Any, start: bool, **kwargs: Any
    ) -> None:
        self._call: Callable[[], Any] = partial(function, *args, **kwargs)
        self._outcome: list[Any] = []
        self._thread: threading.Thread | None = None
        if start:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            self._outcome[:] = [True, self._call()]
        except BaseException as error:  # handed to result()
            self._outcome[:] = [False, error]

    def result(self) -> Any:
        if self._thread is None:
            self._run()
        else:
            self._thread.join()
        succeeded, value = self._outcome
        if not succeeded:
            raise value
        return value


def _terms(text: str) -> set[str]:
    """Index terms: lowercased words, and character bigrams inside CJK runs."""
    words = _WORD.findall(text.lower())
    if text.isascii():  # every word is ASCII: the words themselves
        return set(words)
    terms: set[str] = set()
    for word in words:
        if word.isascii() or len(word) == 1:
            terms.add(word)
        else:
            terms.update(word[index : index + 2] for index in range(len(word) - 1))
    return terms


def _all_terms(texts: list[str]) -> list[set[str]]:
    """``_terms`` of each text; lowercased all at once when every text is ASCII
    and one line (then the terms are just the words)."""
    blob = "\n".join(texts)
    if blob.isascii() and blob.count("\n") == len(texts) - 1:
        findall = _WORD.findall
        return [set(findall(text)) for text in blob.lower().split("\n")]
    return [_terms(text) for text in texts]


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
        self.preferred_set = preferred
        self.lengths = [len(message.source) for message in candidates]
        self.preferred = _LengthSorted(sorted(preferred), candidates, self.lengths)
        self.others = _LengthSorted(
            [index for index in range(len(candidates)) if index not in preferred],
            candidates,
            self.lengths,
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
            self._postings = self._postings_of(None)
        return self._postings

    def _postings_of(self, wanted: set[str] | None) -> dict[str, list[int]]:
        """The candidates holding each term (only the ``wanted`` terms, when
        given: each list still complete)."""
        if self._postings is not None:
            return self._postings
        postings: dict[str, list[int]] = defaultdict(list)
        for index, terms in enumerate(_all_terms([m.source for m in self.candidates])):
            for term in terms:
                if wanted is None or term in wanted:
                    postings[term].append(index)
        return postings

    @property
    def by_context(self) -> dict[str | None, _LengthSorted]:
        if self._by_context is None:
            by_context: dict[str | None, list[int]] = defaultdict(list)
            for index, message in enumerate(self.candidates):
                by_context[message.context].append(index)
            self._by_context = {
                context: _LengthSorted(indices, self.candidates, self.lengths)
                for context, indices in by_context.items()
            }
        return self._by_context

    def _shortlist(self, text: str, postings: dict[str, list[int]] | None = None) -> list[int]:
        postings = self.postings if postings is None else postings
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
        ranked = sorted([(-weight, index) for index, weight in counts.items()])
        return [index for _, index in ranked[:SHORTLIST_SIZE]]

    def _shortlist_best(
        self, text: str, postings: dict[str, list[int]] | None = None
    ) -> tuple[int, float] | None:
        shortlist = self._shortlist(text, postings)
        if not shortlist:
            return None
        hit = process.extractOne(
            text,
            [self.candidates[i].source for i in shortlist],
            scorer=fuzz.ratio,
            score_cutoff=self.cutoff,
        )
        return None if hit is None else (shortlist[hit[2]], float(hit[1]))

    def _search_many(
        self, texts: list[str], floors: list[float] | None = None
    ) -> list[tuple[int, float] | None]:
        """``_search`` of the texts, or the last search's answer when it was
        over the same texts, candidates and preferred candidates (the
        catalogs of a project's locales usually share their msgids: ``update``
        searches once for all of them). Floors change only how fast."""
        key = (
            self.cutoff,
            tuple(texts),
            tuple(sorted(self.preferred_set)),
            tuple(message.source for message in self.candidates),
        )
        if _LAST_SEARCH and _LAST_SEARCH[0] == key:
            return list(_LAST_SEARCH[1])
        found = self._search(texts, floors)
        _LAST_SEARCH[:] = [key, list(found)]
        return found

    def _search(
        self, texts: list[str], floors: list[float] | None
    ) -> list[tuple[int, float] | None]:
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
            close = self.preferred.best_many(texts, 90.0, floors)
            for position, favourite in enumerate(close):
                preferred[position] = favourite
            rest = [position for position, favourite in enumerate(close) if favourite is None]
        # The other texts' scan is rapidfuzz's C++ (no GIL): on another
        # thread, while this one builds their short lists (Python), as
        # msgmerge's search uses both cores. What it finds is below 90, so
        # which texts are settled is known without it.
        wider = _Background(
            self.preferred.best_many,
            [texts[i] for i in rest],
            self.cutoff,
            threads=1,  # this thread holds the other core meanwhile
            start=bool(rest) and matrix_threads(len(rest) * len(self.preferred.sources)) > 1,
        )
        settled = [
            favourite is not None and favourite[1] >= 90 and self.cutoff < 90
            for favourite in preferred
        ]
        # Postings of only the terms the short lists will look up.
        wanted = {
            term
            for text, done in zip(texts, settled, strict=True)
            if not done
            for term in _terms(text)
        }
        postings = self._postings_of(wanted) if wanted else {}
        shortlisted = [
            None if done else self._shortlist_best(text, postings)
            for text, done in zip(texts, settled, strict=True)
        ]
        if rest:
            for position, favourite in zip(rest, wider.result(), strict=True):
                preferred[position] = favourite
        found: list[tuple[int, float] | None] = []
        for favourite, best, done in zip(preferred, shortlisted, settled, strict=True):
            if done:
                found.append(favourite)
                continue
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
        self,
        queries: list[tuple[str | None, str]],
        hints: list[list[int]] | None = None,
    ) -> list[tuple[Message, float] | None]:
        """``best`` of every (context, text), computed together (much faster).

        ``hints[i]`` are candidates likely to be query i's source (its
        neighbours' old neighbours): the best score among them ≥ 90 bounds the
        search from below. They change how fast, never what is found."""
        texts = [text for _, text in queries]
        floors = None if hints is None else self._floors(texts, hints)
        found = self._search_many(texts, floors)
        # A same-context candidate within CONTEXT_PREFERENCE of the best wins:
        # looked for in one batch per context (the same answer as ``best``
        # text by text: only scores ≥ the text's own floor count).
        wanting: dict[str | None, list[tuple[int, float]]] = defaultdict(list)
        for position, ((context, _), best) in enumerate(zip(queries, found, strict=True)):
            if (
                best is not None
                and self.candidates[best[0]].context != context
                and context in self.by_context
            ):
                floor = max(self.cutoff, best[1] - 100 * CONTEXT_PREFERENCE)
                wanting[context].append((position, floor))
        for context, wanted in wanting.items():
            same = self.by_context[context].best_many(
                [texts[position] for position, _ in wanted],
                self.cutoff,
                [floor for _, floor in wanted],
            )
            for (position, floor), candidate in zip(wanted, same, strict=True):
                if candidate is not None and candidate[1] >= floor:
                    found[position] = candidate
        return [
            None if best is None else (self.candidates[best[0]], best[1] / 100) for best in found
        ]

    def best(self, context: str | None, text: str) -> tuple[Message, float] | None:
        return self.best_many([(context, text)])[0]

    def _floors(self, texts: list[str], hints: list[list[int]]) -> list[float]:
        """For each text, a score ≥ 90 that one of its preferred hints reaches
        (less a margin: cdist's scores may differ from ``fuzz.ratio`` in the
        last bits), else 0."""
        preferred = self.preferred_set
        floors: list[float] = []
        for text, indices in zip(texts, hints, strict=True):
            best = 0.0
            for index in indices:
                if index in preferred:
                    score = fuzz.ratio(text, self.candidates[index].source, score_cutoff=90)
                    best = max(best, score)
            floors.append(best - 0.01 if best else 0.0)
        return floors


def neighbour_hints(
    pending: list[tuple[int, Message]],
    sources: dict[int, Message],
    old_order: list[Message],
    candidates: list[Message],
) -> list[list[int]]:
    """For each pending message, the candidates next to where its template
    neighbours were in the old catalog (an edited message usually stays
    between the same neighbours): indices into ``candidates``."""
    where = {id(message): position for position, message in enumerate(old_order)}
    candidate_of = {id(message): index for index, message in enumerate(candidates)}
    at = [candidate_of.get(id(message)) for message in old_order]  # None: not a candidate
    size = len(old_order)
    hints: list[list[int]] = []
    for position, _ in pending:
        near: list[int] = []
        for step, direction in ((1, -1), (1, 1), (2, -1), (2, 1)):
            source = sources.get(position + step * direction)
            if source is None:
                continue
            old = where[id(source)]
            for offset in (1, 2, 3):
                neighbour = old - direction * offset
                if 0 <= neighbour < size:
                    found = at[neighbour]
                    if found is not None:
                        near.append(found)
        hints.append(near)
    return hints
