"""The segmenter reads jieba's dictionary lazily from an SQLite copy and cuts
exactly as jieba does with its dictionary loaded whole."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import jieba
import pytest

from seoultrain_i18n.subtitles import segmenter

REPO = Path(__file__).resolve().parent.parent
SENTENCES = [
    "他们在夜里渡过了图们江，躲进了沈阳的安全屋。",
    "金正日政权下的脱北者沿着地下铁路一路向南。",  # names jieba does not know: HMM path
    "2002年，联合国难民署在北京的大门前。",
    "他們在夜裡渡過了圖們江，躲進了瀋陽的安全屋。",
    "《首尔列车》",
]


def bundled_chinese_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted((REPO / "locales").glob("zh_Han*/LC_MESSAGES/*.po")):
        lines += re.findall(r'^msgstr "(.+)"$', path.read_text(encoding="utf-8"), re.MULTILINE)
    return lines


@pytest.fixture
def fresh_tokenizer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The segmenter with no tokenizer yet and its dictionary file in tmp_path."""
    path = tmp_path / "jieba.sqlite"
    monkeypatch.setattr(segmenter, "_TOKENIZER", None)
    monkeypatch.setattr(segmenter, "_WORDS", {})
    monkeypatch.setattr(segmenter, "dictionary_path", lambda: path)
    return path


def test_lazy_dictionary_cuts_exactly_like_jieba(fresh_tokenizer: Path) -> None:
    lines = SENTENCES + bundled_chinese_lines()
    ours = [segmenter.words(line) for line in lines]
    assert fresh_tokenizer.is_file()  # written on first use
    assert type(segmenter._tokenizer().FREQ).__name__ == "_LazyFrequencies"
    jieba.setLogLevel(logging.WARNING)
    reference = jieba.Tokenizer()
    reference.initialize()  # jieba's own whole-dictionary load
    for word in segmenter._subject_words():
        reference.add_word(word, freq=segmenter.SUBJECT_WORD_FREQUENCY)
    assert ours == [tuple(reference.cut(line, HMM=True)) for line in lines]


def test_unreadable_dictionary_file_falls_back_to_jieba_loading(fresh_tokenizer: Path) -> None:
    fresh_tokenizer.write_bytes(b"not a database")
    assert segmenter.words("他们在夜里渡过了图们江") == (
        "他们",
        "在",
        "夜里",
        "渡过",
        "了",
        "图们江",
    )
    assert isinstance(segmenter._tokenizer().FREQ, dict)
