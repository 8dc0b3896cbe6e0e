"""The indexed fuzzy search of a big translation memory finds exactly what
rapidfuzz's ``extractOne`` over every source finds: the same source (the
first of equal best scores), the same score, the same None."""

from __future__ import annotations

from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from seoultrain_i18n.translate import memory as memory_module
from seoultrain_i18n.translate.memory import Entry, TranslationMemory
from seoultrain_i18n.translate.memory_index import SourceIndex


def exhaustive(text: str, sources: list[str], cutoff: float) -> tuple[int, float] | None:
    """The reference: the scan the index replaces (memory.py before it)."""
    found = process.extractOne(
        text, sources, scorer=fuzz.ratio, score_cutoff=cutoff, processor=None
    )
    return None if found is None else (found[2], float(found[1]))


# Few characters, so texts share many and scores tie often: Latin, Hangul,
# CJK (simplified and traditional), punctuation and spaces.
ALPHABET = "abcdeAB .,?가나다한국中国國人"
texts = st.text(alphabet=ALPHABET, min_size=1, max_size=40)


@st.composite
def memories(draw: st.DrawFn) -> tuple[list[str], str, float]:
    """Sources (with near-copies of one base text, so equal scores at
    several lengths, and exact duplicates), a query and a cutoff."""
    base = draw(texts)
    sources = draw(st.lists(texts, max_size=30))
    for _ in range(draw(st.integers(0, 12))):
        position = draw(st.integers(0, len(base)))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "same"]))
        char = draw(st.sampled_from(ALPHABET))
        if edit == "insert":
            variant = base[:position] + char + base[position:]
        elif edit == "delete":
            variant = base[:position] + base[position + 1 :]
        elif edit == "replace":
            variant = base[:position] + char + base[position + 1 :]
        else:
            variant = base
        sources.insert(draw(st.integers(0, len(sources))), variant)
    if draw(st.booleans()):  # very long texts, more than 255 of one character
        sources.append(base * 300)
        sources.append("가" * 260 + base)
    sources = [source for source in sources if source]
    query = draw(st.one_of(texts, st.just(base), st.sampled_from(sources or [base])))
    if draw(st.booleans()):
        query = query * draw(st.integers(1, 300))
    cutoffs = st.sampled_from([0.0, 0.5, 50.0, 75.0, 90.0, 100.0])
    cutoff = draw(st.one_of(cutoffs, st.floats(0, 100)))
    return sources, query, cutoff


@settings(max_examples=400, deadline=None)
@given(memories(), st.sampled_from([1, 3, 64]))
@example((["abxx", "a", "ba"], "ab", 60.0), 64)  # 66.7 at lengths 4 and 1: the first wins
@example((["x" * 300, "x" * 299 + "y"], "x" * 300, 99.0), 64)  # counts above a byte
@example((["a" * 400], "b", 0.0), 64)  # below every length bound: scored all the same
def test_index_finds_what_the_whole_scan_finds(
    case: tuple[list[str], str, float], dense_share: int
) -> None:
    """``dense_share`` 1 and 3 put most characters in the short lists of rare ones."""
    sources, query, cutoff = case
    index = SourceIndex(sources, dense_share)
    assert index.best(query, cutoff) == exhaustive(query, sources, cutoff)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(texts, texts, st.sampled_from([None, "menu"])), max_size=40),
    texts,
    st.sampled_from([50.0, 75.0, 90.0]),
)
def test_memory_fuzzy_is_the_same_with_and_without_the_index(
    pairs: list[tuple[str, str, str | None]], query: str, cutoff: float
) -> None:
    """Several translations of one source (the first added is the match) and
    duplicate entries, searched with the index forced on and off."""
    entries = [Entry(source, text, "en", "ko", context) for source, text, context in pairs]
    answers = []
    for smallest in (0, 10**9):
        with mock.patch.object(memory_module, "INDEXED_SOURCES", smallest):
            memory = TranslationMemory(entries + entries)
            answers.append(memory.fuzzy(query, "en", "ko", cutoff))
    assert answers[0] == answers[1]


def test_a_big_memory_is_searched_through_its_index() -> None:
    sources = [f"The train leaves platform {number} at dawn." for number in range(2_500)]
    memory = TranslationMemory(Entry(source, "기차", "en", "ko") for source in sources)
    match = memory.fuzzy("The train leaves platform 17 at dusk.", "en", "ko", 75)
    assert match is not None
    assert match.entry.source == exhaustive_source(
        "The train leaves platform 17 at dusk.", sources, 75
    )
    bucket = memory._buckets[("en", "ko")]
    assert isinstance(bucket.index, SourceIndex)
    # A new source makes the index stale: the next search builds another.
    memory.add(Entry("The train leaves platform 17 at dusk!", "기차", "en", "ko"))
    assert bucket.index is None
    again = memory.fuzzy("The train leaves platform 17 at dusk.", "en", "ko", 75)
    assert again is not None
    assert again.entry.source == "The train leaves platform 17 at dusk!"


def exhaustive_source(text: str, sources: list[str], cutoff: float) -> str:
    found = exhaustive(text, sources, cutoff)
    assert found is not None
    return sources[found[0]]


def test_language_pairs_with_the_same_sources_share_one_index() -> None:
    """en→ko and en→zh_Hans hold the same reviewed sources: one index, each
    pair's own translation; en→ja holds one more source: its own index."""
    sources = [f"Platform {number}: the night train to the border." for number in range(2_100)]
    memory = TranslationMemory()
    for target in ("ko", "zh_Hans", "ja"):
        for number, source in enumerate(sources):
            memory.add(Entry(source, f"{target} {number}", "en", target))
    memory.add(Entry("Platform 7: the night train to Dandong.", "ja extra", "en", "ja"))
    query = "Platform 7: the night train to the river."
    expected = exhaustive_source(query, sources, 75)
    found = {target: memory.fuzzy(query, "en", target, 75) for target in ("ko", "zh_Hans", "ja")}
    assert found["ko"] is not None
    assert found["zh_Hans"] is not None
    number = sources.index(expected)
    assert (found["ko"].entry.source, found["ko"].entry.translation) == (expected, f"ko {number}")
    assert found["zh_Hans"].entry.translation == f"zh_Hans {number}"
    assert found["ko"].score == found["zh_Hans"].score
    buckets = memory._buckets
    assert buckets[("en", "ko")].index is buckets[("en", "zh_Hans")].index
    assert buckets[("en", "ja")].index is not buckets[("en", "ko")].index
    ja_sources = [*sources, "Platform 7: the night train to Dandong."]
    found_ja = found["ja"]
    assert found_ja is not None
    assert found_ja.entry.source == exhaustive_source(query, ja_sources, 75)
