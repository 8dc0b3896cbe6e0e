"""Line breaks a native reader accepts, measured over hundreds of lines.

Judged independently of the breaker: a hand-checked list of words that must
not be split (tests/linebreak_corpus.py), a number pattern, and for Korean
the spaces of the line itself. ``break_problems`` (the S614 check) must agree
with that judgement and must find breaks planted inside words and numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from seoultrain_i18n.catalogs.layout import catalog_path, save_catalog
from seoultrain_i18n.cli import cli
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.subtitles.breaks import break_problems
from seoultrain_i18n.subtitles.linebreak import break_lines, display_width
from seoultrain_i18n.subtitles.norms import norms_for
from tests.linebreak_corpus import (
    HANS_LINES,
    HANT_LINES,
    KO_LINES,
    NO_SPLIT_HANS,
    NO_SPLIT_HANT,
)
from tests.subtitle_helpers import reel_project, write_translations

NUMBER = re.compile(r"\d(?:[\d,.]*\d)?(?:[A-Za-z%]+)?")


def _cuts(line: str, broken: str) -> list[int]:
    """Offsets in ``line`` where ``broken`` starts a new line."""
    cuts: list[int] = []
    position = 0
    for part in broken.split("\n")[:-1]:
        start = line.index(part, position)
        position = start + len(part)
        cuts.append(position)
        while position < len(line) and line[position] == " ":
            position += 1
    return cuts


def _inside(line: str, cut: int, words: list[str]) -> list[str]:
    hits = []
    for word in words:
        start = line.find(word)
        while start != -1:
            if start < cut < start + len(word):
                hits.append(word)
            start = line.find(word, start + 1)
    hits += [m.group(0) for m in NUMBER.finditer(line) if m.start() < cut < m.end()]
    return hits


@pytest.mark.parametrize(
    ("lines", "words", "locale"),
    [(HANT_LINES, NO_SPLIT_HANT, "zh_Hant"), (HANS_LINES, NO_SPLIT_HANS, "zh_Hans")],
    ids=["zh_Hant", "zh_Hans"],
)
def test_chinese_lines_never_break_inside_a_word_or_a_number(
    lines: list[str], words: list[str], locale: str
) -> None:
    norms = norms_for(locale)
    needing = [line for line in lines if display_width(line, locale) > norms.max_chars_per_line]
    assert len(needing) >= 300
    bad: list[str] = []
    for line in needing:
        broken = break_lines(line, locale, norms)
        assert "\n" in broken
        assert "".join(broken.split("\n")) == line.replace(" ", "") or " " in line
        for cut in _cuts(line, broken):
            bad += [f"{broken!r}: {hit}" for hit in _inside(line, cut, words)]
        assert break_problems(broken, locale, paragraph=line) == [], broken
    assert bad == []


def test_korean_lines_break_only_between_eojeol() -> None:
    norms = norms_for("ko")
    needing = [line for line in KO_LINES if display_width(line, "ko") > norms.max_chars_per_line]
    assert len(needing) >= 100
    for line in needing:
        broken = break_lines(line, "ko", norms)
        assert broken.replace("\n", " ") == line  # every break stands where a space was
        assert break_problems(broken, "ko", paragraph=line) == []


@pytest.mark.parametrize(
    ("broken", "paragraph", "locale", "expected"),
    [
        ("他們藏在北\n韓邊境的村子裡", "他們藏在北韓邊境的村子裡", "zh_Hant", "北|韓"),
        ("傳教士把收音\n機藏在米袋裡", "傳教士把收音機藏在米袋裡", "zh_Hant", "收音|機"),
        ("藏身中国的难民多达250,\n000人", "藏身中国的难民多达250,000人", "zh_Hans", "'250,000'"),
        ("他们又走了3.\n5公里", "他们又走了3.5公里", "zh_Hans", "'3.5'"),
        ("卡車開了1,200\nkm才停下", "卡車開了1,200km才停下", "zh_Hant", "'1,200km'"),
        ("請上www.nk-\nrefugees.org查詢", "請上www.nk-refugees.org查詢", "zh_Hant", "URL"),
        (
            "그해 겨울 두만\n강은 얼어 있었다",
            "그해 겨울 두만강은 얼어 있었다",
            "ko",
            "inside a word",
        ),
        ("他說「\n快走」", "他說「快走」", "zh_Hant", "opening punctuation"),
        ("我們走吧\n，快點", "我們走吧，快點", "zh_Hant", "closing punctuation"),
    ],
)
def test_the_check_finds_planted_bad_breaks(
    broken: str, paragraph: str, locale: str, expected: str
) -> None:
    problems = break_problems(broken, locale, paragraph=paragraph)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("broken", "paragraph", "locale"),
    [
        ("他們藏在北韓\n邊境的村子裡", "他們藏在北韓邊境的村子裡", "zh_Hant"),
        ("藏身中国的难民\n多达250,000人", "藏身中国的难民多达250,000人", "zh_Hans"),
        ("그해 겨울 두만강은\n얼어 있었다", "그해 겨울 두만강은 얼어 있었다", "ko"),
        (
            "We crossed the river\nat 3.5 km an hour.",
            "We crossed the river at 3.5 km an hour.",
            "en",
        ),
    ],
)
def test_the_check_accepts_good_breaks(broken: str, paragraph: str, locale: str) -> None:
    assert break_problems(broken, locale, paragraph=paragraph) == []


def test_check_reports_a_bad_break_in_a_built_track_at_its_catalog_line(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    write_translations(project, ("zh_Hant",))
    path = catalog_path(project, "zh_Hant", "reel")
    catalog = read_po(path, domain="reel", locale="zh_Hant")
    message = next(m for m in catalog.messages if m.source == "SEOUL TRAIN")
    message.translation = "首爾列\n車"  # the translator's own break, inside a word
    other = next(m for m in catalog.messages if m.source.startswith("Every year"))
    other.translation = "每年有250,\n000人逃離北韓"  # inside a number
    save_catalog(path, catalog)
    lines = {m.source: m.line for m in read_po(path, domain="reel", locale="zh_Hant").messages}
    result = CliRunner().invoke(
        cli, ["--project", str(tmp_path), "check", "--select", "S614", "-l", "zh_Hant"]
    )
    assert f"locales/zh_Hant/LC_MESSAGES/reel.po:{lines['SEOUL TRAIN']}: S614" in result.output
    assert "break inside the word '列|車'" in result.output
    every_year = lines[other.source]
    assert f"reel.po:{every_year}: S614" in result.output
    assert "break inside the number '250,000'" in result.output
