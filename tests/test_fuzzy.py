"""The batched fuzzy search (catalogs/fuzzy.py) answers exactly what rapidfuzz's
``extractOne`` answers text by text: the same candidate among equal scores."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from rapidfuzz import fuzz, process

from seoultrain_i18n.catalogs import fuzzy
from seoultrain_i18n.model import Message


def tied_strings(rng: random.Random, count: int) -> list[str]:
    # Three letters and many repeats: most texts have several candidates of
    # exactly the same best score, so the choice among ties is tested.
    return ["".join(rng.choice("abc") for _ in range(rng.randrange(2, 14))) for _ in range(count)]


def one_by_one(sources: list[str], text: str, cutoff: float) -> tuple[int, float] | None:
    found = process.extractOne(text, sources, scorer=fuzz.ratio, score_cutoff=cutoff)
    return None if found is None else (found[2], float(found[1]))


@pytest.mark.parametrize("cutoff", [0.0, 0.5, 60.0, 90.0])
def test_batched_best_is_the_first_of_the_best_scores_as_extract_one(cutoff: float) -> None:
    rng = random.Random(3)
    candidates = [Message(source=text, translation="x") for text in tied_strings(rng, 600)]
    texts = tied_strings(rng, 300)
    ordered = fuzzy._LengthSorted(list(range(len(candidates))), candidates)
    batched = ordered.best_many(texts, cutoff)
    ties = 0
    for text, found in zip(texts, batched, strict=True):
        expected = one_by_one(ordered.sources, text, cutoff)
        if expected is not None:
            scores = [fuzz.ratio(text, source) for source in ordered.sources]
            ties += scores.count(expected[1]) > 1
        if expected is not None and expected[1] <= 0:
            expected = None  # a score of 0 is no match
        if expected is None:
            assert found is None
        else:
            assert found == (ordered.indices[expected[0]], expected[1])
    assert sum(found is not None for found in batched) > 100
    assert ties > 40


def test_known_floors_change_nothing_but_speed() -> None:
    rng = random.Random(4)
    candidates = [Message(source=text, translation="x") for text in tied_strings(rng, 500)]
    texts = tied_strings(rng, 200)
    ordered = fuzzy._LengthSorted(list(range(len(candidates))), candidates)
    plain = ordered.best_many(texts, 60.0)
    floors = [found[1] - 0.01 if found and found[1] >= 95 else 0.0 for found in plain]
    assert sum(floor > 0 for floor in floors) > 20
    assert ordered.best_many(texts, 60.0, floors) == plain


def test_score_matrix_without_rapidfuzz_extension_gives_the_same_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Read through the buffer protocol (no numpy) or through process.cdist's
    # numpy array: the same doubles, so the same answers.
    rng = random.Random(5)
    texts, sources = tied_strings(rng, 70), tied_strings(rng, 3000)
    direct = bytes(fuzzy._score_matrix(texts, sources, 60.0, 2))
    monkeypatch.setitem(sys.modules, "rapidfuzz.process_cpp_impl", None)
    fallback = bytes(fuzzy._score_matrix(texts, sources, 60.0, 2))
    assert direct == fallback
    assert direct.count(0) < len(direct)


def test_the_fuzzy_search_does_not_import_numpy() -> None:
    # numpy's import is a tenth of ``update``'s time on short strings.
    script = """
import sys
from seoultrain_i18n.catalogs.fuzzy import FuzzyIndex
from seoultrain_i18n.model import Message
old = [Message(source=f"Open the file number {i}", translation="x") for i in range(300)]
found = FuzzyIndex(old, 0.6).best_many([(None, f"Open a file number {i}") for i in range(80)])
assert all(found), found
print("numpy" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "False"


def test_same_context_preference_in_one_batch_is_what_best_gives_text_by_text() -> None:
    # A candidate of the query's own context within CONTEXT_PREFERENCE of the
    # best wins; the batched search must pick the one ``best`` picks.
    rng = random.Random(6)
    contexts = [None, "menu", "button", "tooltip"]
    candidates = [
        Message(source=text, context=rng.choice(contexts), translation="x")
        for text in dict.fromkeys(tied_strings(rng, 900))
    ]
    queries = [(rng.choice(contexts), text) for text in tied_strings(rng, 300)]
    index = fuzzy.FuzzyIndex(candidates, 0.6, preferred=set(range(0, len(candidates), 4)))
    batched = index.best_many(queries)
    expected = []
    switched = 0
    searched = index._search([text for _, text in queries], None)
    for (context, text), found in zip(queries, searched, strict=True):
        if found is not None and candidates[found[0]].context != context:
            floor = max(index.cutoff, found[1] - 100 * fuzzy.CONTEXT_PREFERENCE)
            same = index.by_context[context].best(text, floor)
            if same is not None:
                found = same
                switched += 1
        expected.append(None if found is None else (candidates[found[0]], found[1] / 100))
    assert batched == expected
    assert switched > 20


def test_big_matrices_use_every_core_up_to_the_configured_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from seoultrain_i18n import parallel

    assert fuzzy.WORKERS_VARIABLE == parallel.WORKERS_VARIABLE
    monkeypatch.setattr(fuzzy.os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3})
    monkeypatch.delenv(fuzzy.WORKERS_VARIABLE, raising=False)
    assert fuzzy.matrix_threads(10_000) == 1  # a second thread would not pay
    assert fuzzy.matrix_threads(1_000_000) == 4
    monkeypatch.setenv(fuzzy.WORKERS_VARIABLE, "1")
    assert fuzzy.matrix_threads(1_000_000) == 1
    monkeypatch.setenv(fuzzy.WORKERS_VARIABLE, "2")
    assert fuzzy.matrix_threads(1_000_000) == 2
    monkeypatch.setenv(fuzzy.WORKERS_VARIABLE, "16")
    assert fuzzy.matrix_threads(1_000_000) == 4  # no more threads than cores


def test_threads_change_no_score() -> None:
    # Rows are split between threads, and scored with or without SIMD
    # depending on the split: the answers stay the same.
    rng = random.Random(6)
    texts, sources = tied_strings(rng, 300), tied_strings(rng, 4000)
    one = fuzzy._best_in_matrix(texts, sources, 60.0, 1)
    assert fuzzy._best_in_matrix(texts, sources, 60.0, 2) == one
    assert fuzzy._best_in_matrix(texts, sources, 60.0, 4) == one
    assert sum(found is not None for found in one) > 200


def test_the_scan_on_another_thread_finds_what_one_thread_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Big enough that the preferred candidates' wide scan runs on a thread of
    # its own while the short lists are built.
    rng = random.Random(8)
    words = ["node", "mesh", "add", "scene", "edit", "view", "bake", "hair", "uv", "map"]
    def phrase() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randrange(1, 5)))
    candidates = [Message(source=phrase(), translation="x") for _ in range(1500)]
    queries = [(None, phrase() + rng.choice(["", "s", ".", " now"])) for _ in range(400)]
    preferred = set(range(0, 1500, 2))
    threads: list[int] = []
    started = fuzzy.threading.Thread.start
    monkeypatch.setattr(
        fuzzy.threading.Thread, "start", lambda self: (threads.append(1), started(self))[1]
    )
    monkeypatch.delenv(fuzzy.WORKERS_VARIABLE, raising=False)
    fuzzy._LAST_SEARCH.clear()
    both = fuzzy.FuzzyIndex(candidates, 0.6, preferred).best_many(queries)
    assert threads
    monkeypatch.setenv(fuzzy.WORKERS_VARIABLE, "1")
    threads.clear()
    fuzzy._LAST_SEARCH.clear()
    one = fuzzy.FuzzyIndex(candidates, 0.6, preferred).best_many(queries)
    assert not threads
    assert both == one
    assert sum(found is not None for found in one) > 300


def test_an_error_on_the_other_thread_is_raised_by_its_result() -> None:
    def fails() -> None:
        raise ValueError("scan failed")

    job = fuzzy._Background(fails, start=True)
    with pytest.raises(ValueError, match="scan failed"):
        job.result()
    assert fuzzy._Background(sorted, [3, 1], start=False).result() == [1, 3]
