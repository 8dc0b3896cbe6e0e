"""Chinese word segmentation for line breaking: the one module that imports jieba.

jieba keeps its prefix dictionary (every word and word prefix with its
frequency, about 580,000 entries) in a dict that it loads whole on first use:
half a second even from its marshal cache, more under load. Line breaking
segments only the few lines that need a word-boundary cut, so the dictionary
is instead written once per machine to an SQLite file beside jieba's own
cache (``seoultrain-i18n-jieba-VERSION.sqlite`` in the temporary folder) and
read one lookup at a time: a cold run that segments a few hundred lines
spends milliseconds, not the whole load. The frequencies and their total are
jieba's own, so every cut is exactly the one jieba gives (a test compares
them). Results can also be kept in a small JSON file between runs
(``load_cache``/``save_cache``), so a rebuild of unchanged text never opens
the dictionary at all.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from seoultrain_i18n.fsutil import atomic_write_text, read_text

_TOKENIZER: Any = None
_WORDS: dict[str, tuple[str, ...]] = {}
_UNSAVED = False
_FRESH: list[str] = []  # texts segmented by this process, in order
SUBJECT_WORD_FREQUENCY = 50_000
CACHE_FORMAT = 2  # 2: the subject words of data/segmenter-words.txt
DICTIONARY_FORMAT = 1


class _LazyFrequencies:
    """jieba's ``Tokenizer.FREQ`` (word → frequency, 0 for a mere prefix), read
    from the SQLite file one word at a time; jieba only uses ``in``, ``[]``,
    ``get`` and (``add_word``) assignment on it."""

    __slots__ = ("_database", "_known")

    def __init__(self, database: sqlite3.Connection) -> None:
        self._database = database
        self._known: dict[str, int | None] = {}

    def get(self, word: str, default: int | None = None) -> int | None:
        if word in self._known:
            value = self._known[word]
        else:
            row = self._database.execute(
                "SELECT frequency FROM words WHERE word = ?", (word,)
            ).fetchone()
            value = self._known[word] = None if row is None else int(row[0])
        return default if value is None else value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def __setitem__(self, word: str, frequency: int) -> None:
        self._known[word] = frequency  # jieba's add_word (our subject words)


def dictionary_path() -> Path:
    """Where the SQLite copy of jieba's dictionary lives (one per jieba version)."""
    version = _version().replace(":", "-")
    return (
        Path(tempfile.gettempdir()) / f"seoultrain-i18n-jieba-{DICTIONARY_FORMAT}-{version}.sqlite"
    )


def _write_dictionary(tokenizer: Any, path: Path) -> None:
    """jieba's own prefix dictionary, as ``Tokenizer.gen_pfdict`` builds it, to ``path``."""
    with tokenizer.get_dict_file() as handle:
        frequencies, total = tokenizer.gen_pfdict(handle)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        database = sqlite3.connect(partial)
        try:
            database.execute(
                "CREATE TABLE words (word TEXT PRIMARY KEY, frequency INTEGER NOT NULL)"
                " WITHOUT ROWID"
            )
            database.execute("CREATE TABLE total (total INTEGER NOT NULL)")
            database.executemany("INSERT INTO words VALUES (?, ?)", frequencies.items())
            database.execute("INSERT INTO total VALUES (?)", (total,))
            database.commit()
        finally:
            database.close()
        os.replace(partial, path)  # a reader sees the whole file or none
    finally:
        partial.unlink(missing_ok=True)


def _lazy_tokenizer(tokenizer: Any, path: Path) -> bool:
    """Give ``tokenizer`` the dictionary from ``path``; False when it cannot be read."""
    try:
        database = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        row = database.execute("SELECT total FROM total").fetchone()
    except sqlite3.Error:
        return False
    if row is None:
        return False
    tokenizer.FREQ = _LazyFrequencies(database)
    tokenizer.total = int(row[0])
    tokenizer.initialized = True
    return True


def _import_jieba() -> Any:
    """jieba, imported without pkg_resources: jieba only uses it to open its
    own data files and opens the same files by path without it, while
    importing it costs more than jieba itself (~0.05 s of every run that
    segments Chinese)."""
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # ImportError
    try:
        import jieba
    finally:
        if hidden:
            del sys.modules["pkg_resources"]
    return jieba


def _tokenizer() -> Any:
    global _TOKENIZER
    if _TOKENIZER is None:
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        path = dictionary_path()
        if not path.is_file():
            # A read-only temporary folder: jieba's own loading below.
            with contextlib.suppress(OSError, sqlite3.Error):
                _write_dictionary(tokenizer, path)
        if not _lazy_tokenizer(tokenizer, path):
            tokenizer.initialize()
        for word in _subject_words():
            # As frequent as a common word, so that it wins over the words it
            # overlaps (安全屋|里 rather than 安全|屋里).
            tokenizer.add_word(word, freq=SUBJECT_WORD_FREQUENCY)
        _TOKENIZER = tokenizer
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
        _FRESH.append(text)
        _UNSAVED = True
    return found


def fresh_count() -> int:
    """How many texts this process has segmented so far (a mark for ``fresh_since``)."""
    return len(_FRESH)


def fresh_since(mark: int) -> dict[str, tuple[str, ...]]:
    """The segmentations made since ``mark`` (a worker hands them to its parent)."""
    return {text: _WORDS[text] for text in _FRESH[mark:] if text in _WORDS}


def remember(found: dict[str, tuple[str, ...]]) -> None:
    """Take segmentations made by a worker, to be saved as if made here."""
    global _UNSAVED
    for text, parts in found.items():
        if text not in _WORDS:
            _WORDS[text] = parts
            _UNSAVED = True


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
        data = json.loads(read_text(path))
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
