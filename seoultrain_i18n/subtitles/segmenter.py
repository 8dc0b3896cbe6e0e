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
CACHE_FORMAT = 1


def _tokenizer() -> Any:
    global _TOKENIZER
    if _TOKENIZER is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _TOKENIZER = jieba.dt
    return _TOKENIZER


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{CACHE_FORMAT}:jieba-{version('jieba')}"
    except PackageNotFoundError:
        return f"{CACHE_FORMAT}:jieba-unknown"


def words(text: str) -> tuple[str, ...]:
    """The words of a Chinese text, in order; ``"".join(words(t)) == t``."""
    global _UNSAVED
    if not text:
        return ()
    found = _WORDS.get(text)
    if found is None:
        found = tuple(_tokenizer().cut(text, HMM=True))
        _WORDS[text] = found
        _UNSAVED = True
    return found


def word_boundaries(text: str) -> frozenset[int]:
    """Offsets in ``text`` between two words (0 and len(text) excluded)."""
    offsets: set[int] = set()
    position = 0
    for word in words(text)[:-1]:
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
