"""The fuzzy search of a big translation memory: the same match as rapidfuzz's
``extractOne`` over all of a language pair's source texts, scoring only the
sources that can reach the cutoff.

The Indel ratio of two texts of a and b characters is 2·LCS / (a + b), and
their longest common subsequence holds no more of a character than either
text: LCS ≤ Σ min(count in the query, count in the source) over the query's
characters. A source whose character overlap is below what the cutoff needs
cannot match, and is never scored. The overlap of every source is counted at
once (numpy, one column of counts per frequent character, short lists for the
rare ones), over only the sources whose length can reach the cutoff
(``catalogs.fuzzy.length_bounds``). The sources left are scored by
``extractOne`` in their original order, so the first of equal best scores,
and the score itself, are exactly those of the scan over all of them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from seoultrain_i18n.catalogs.fuzzy import length_bounds

# A character in at least this share of the sources gets a column of counts;
# the others a list of the sources holding them (short by definition).
_DENSE_SHARE = 64
_MAX_COUNT = 255  # counts are kept as bytes; a query with more of one character skips it
# Below this cutoff the length bounds are not exact (``length_bounds``): scan all.
_LOWEST_CUTOFF = 1.0


class SourceIndex:
    """One language pair's source texts, searchable by Indel similarity."""

    def __init__(self, sources: list[str], dense_share: int = _DENSE_SHARE) -> None:
        """``dense_share``: a character held by at least 1/dense_share of the
        sources gets a column (1: only those held by every source)."""
        self.sources = sources
        # Copies made one after another lie together in memory: extractOne
        # over a memory's own strings, scattered over the heap as the
        # catalogs were read, spent most of its time waiting for them.
        self._choices = np.array([(text + " ")[:-1] for text in sources], dtype=object)
        order = sorted(range(len(sources)), key=lambda index: len(sources[index]))
        self._order = np.array(order, dtype=np.int64)  # index of each length-sorted row
        lengths = [len(sources[index]) for index in order]
        longest = lengths[-1] if lengths else 0
        # _starts[n]: the first row whose source has at least n characters.
        self._starts = np.searchsorted(
            np.array(lengths, dtype=np.int64), np.arange(longest + 2), side="left"
        )
        self._longest = longest
        # Answers by (text, cutoff): the language pairs of a project's locales
        # often hold the same sources, and then share one index (memory.py).
        self._answers: dict[tuple[str, float], tuple[int, float] | None] = {}
        self._columns: dict[str, npt.NDArray[np.uint8]] = {}
        self._rare: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}
        self._count_characters([sources[index] for index in order], dense_share)

    def _count_characters(self, rows: list[str], dense_share: int) -> None:
        counts = [Counter(text) for text in rows]
        holders: Counter[str] = Counter()
        for row in counts:
            holders.update(row.keys())
        dense = {char for char, held in holders.items() if held * dense_share >= len(rows)}
        columns = {char: np.zeros(len(rows), dtype=np.uint8) for char in dense}
        rare: dict[str, tuple[list[int], list[int]]] = {}
        for position, row in enumerate(counts):
            for char, count in row.items():
                column = columns.get(char)
                if column is not None:
                    column[position] = min(count, _MAX_COUNT)
                else:
                    held = rare.setdefault(char, ([], []))
                    held[0].append(position)
                    held[1].append(count)
        self._columns = columns
        self._rare = {
            char: (np.array(positions, dtype=np.int64), np.array(found, dtype=np.int64))
            for char, (positions, found) in rare.items()
        }

    def best(self, text: str, cutoff: float) -> tuple[int, float] | None:
        """(index into ``sources``, score) of the first best source scoring at
        least ``cutoff``, as ``extractOne`` over all of them finds it."""
        key = (text, cutoff)
        if key not in self._answers:
            self._answers[key] = self._search(text, cutoff)
        return self._answers[key]

    def _search(self, text: str, cutoff: float) -> tuple[int, float] | None:
        if cutoff < _LOWEST_CUTOFF or not text:
            return self._extract(text, cutoff, np.arange(len(self.sources)))
        shortest, longest = length_bounds(len(text), len(text), cutoff)
        shortest, longest = max(shortest, 0), min(longest, self._longest)
        if longest < shortest:
            return None
        start, stop = int(self._starts[shortest]), int(self._starts[longest + 1])
        overlap = self._overlap(text, start, stop)
        # The overlap a source of each length needs (a hair less: the
        # scorer's floating point may round a ratio of exactly the cutoff up).
        lengths = np.arange(shortest, longest + 1)
        needed = np.ceil(cutoff * (len(text) + lengths) / 200 - 1e-6)
        per_row = np.repeat(needed, np.diff(self._starts[shortest : longest + 2]))
        rows = np.flatnonzero(overlap >= per_row) + start
        indices = np.sort(self._order[rows])
        return self._extract(text, cutoff, indices)

    def _overlap(self, text: str, start: int, stop: int) -> npt.NDArray[Any]:
        """Σ min(count in ``text``, count in the source) for rows start:stop."""
        size = stop - start
        # The overlap is at most len(text): bytes hold it for all but long texts.
        total: npt.NDArray[Any] = np.zeros(
            size, dtype=np.uint8 if len(text) <= _MAX_COUNT else np.int64
        )
        smaller = np.empty(size, dtype=np.uint8)
        for char, count in Counter(text).items():
            column = self._columns.get(char)
            if column is not None:
                if count >= _MAX_COUNT:  # a byte cannot tell: assume every one is shared
                    total += count
                    continue
                np.minimum(column[start:stop], count, out=smaller)
                np.add(total, smaller, out=total)
                continue
            rare = self._rare.get(char)
            if rare is None:
                continue
            positions, found = rare
            first, last = np.searchsorted(positions, (start, stop))
            total[positions[first:last] - start] += np.minimum(found[first:last], count).astype(
                total.dtype
            )
        return total

    def _extract(
        self, text: str, cutoff: float, indices: npt.NDArray[np.int64]
    ) -> tuple[int, float] | None:
        if not len(indices):
            return None
        found = process.extractOne(
            text,
            self._choices[indices].tolist(),
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            processor=None,
        )
        if found is None:
            return None
        return int(indices[found[2]]), float(found[1])
