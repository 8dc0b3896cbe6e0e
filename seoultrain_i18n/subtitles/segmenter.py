"""Chinese word segmentation for line breaking: the one module that imports jieba.

jieba loads its prefix dictionary on first use (about half a second even from
its disk cache, a second the first time) and logs to stderr while doing so;
it is initialised lazily, once per process, with its logger silenced. Callers
only segment text that actually needs breaking, and results can be kept in a
small JSON file between runs (``load_cache``/``save_cache``), so a rebuild of
unchanged text never loads jieba at all.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from seoultrain_i18n.fsutil import atomic_write_text

_TOKENIZER: Any = None
_WORDS: dict[str, tuple[str, ...]] = {}
_UNSAVED = False
SUBJECT_WORD_FREQUENCY = 50_000
CACHE_FORMAT = 2  # 2: the subject words of data/segmenter-words.txt


def _tokenizer() -> Any:
    global _TOKENIZER
    if _TOKENIZER is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        for word in _subject_words():
            # As frequent as a common word, so that it wins over the words it
            # overlaps (安全屋|里 rather than 安全|屋里).
            jieba.add_word(word, freq=SUBJECT_WORD_FREQUENCY)
        _TOKENIZER = jieba.dt
    return _TOKENIZER


def _subject_words() -> list[str]:
    """``data/segmenter-words.txt``: the film's words jieba's dictionary lacks."""
    from importlib import resources

    text = (
        resources.files("seoultrain_i18n").joinpath("data/segmenter-words.txt").read_text("utf-8")
    )
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{CACHE_FORMAT}:jieba-{version('jieba')}"
    except PackageNotFoundError:
        return f"{CACHE_FORMAT}:jieba-unknown"


def words(text: str, *, traditional: bool = False) -> tuple[str, ...]:
    """The words of a Chinese text, in order; ``"".join(words(t)) == t``.

    jieba's dictionary is Simplified (Traditional ``北韓``, ``收音機``, ``瀋陽``
    are cut into single characters), so ``traditional`` text is segmented
    through its Simplified form (OpenCC, character for character) and the
    boundaries are mapped back.
    """
    global _UNSAVED
    if not text:
        return ()
    if traditional:
        simplified = to_simplified(text)
        if simplified != text:
            pieces: list[str] = []
            position = 0
            for word in words(simplified):
                pieces.append(text[position : position + len(word)])
                position += len(word)
            return tuple(pieces)
    found = _WORDS.get(text)
    if found is None:
        found = tuple(_tokenizer().cut(text, HMM=True))
        _WORDS[text] = found
        _UNSAVED = True
    return found


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters, the same length (so offsets carry over)."""
    from seoultrain_i18n.translate.chinese import convert

    converted = convert(text, "t2s")
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: convert character by character.
    return "".join(simple if len(simple := convert(char, "t2s")) == 1 else char for char in text)


def word_boundaries(text: str, *, traditional: bool = False) -> frozenset[int]:
    """Offsets in ``text`` between two words (0 and len(text) excluded)."""
    offsets: set[int] = set()
    position = 0
    for word in words(text, traditional=traditional)[:-1]:
        position += len(word)
        offsets.add(position)
    return frozenset(offsets)


def load_cache(path: Path) -> None:
    """Reuse segmentations saved by an earlier run (a bad or stale file is ignored)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(data, dict) or data.get("version") != _version():
        return
    for text, parts in dict(data.get("words", {})).items():
        if isinstance(parts, list) and "".join(map(str, parts)) == text:
            _WORDS.setdefault(text, tuple(parts))


def save_cache(path: Path) -> None:
    """Keep this run's segmentations for the next one (only when there are new ones)."""
    global _UNSAVED
    if not _UNSAVED:
        return
    data = {
        "version": _version(),
        "words": {text: list(parts) for text, parts in sorted(_WORDS.items())},
    }
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=0) + "\n")
    _UNSAVED = False
