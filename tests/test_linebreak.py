"""Width counting (docs/norms.md) and language-aware line breaking."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seoultrain_i18n.subtitles.linebreak import break_lines, display_width, join_lines
from seoultrain_i18n.subtitles.norms import norms_for
from seoultrain_i18n.subtitles.segmenter import word_boundaries


@pytest.mark.parametrize(
    ("text", "locale", "width"),
    [
        ("안녕하세요", "ko", 5),
        ("안녕 SEOUL 2004", "ko", 2 + 0.5 + 2.5 + 0.5 + 2),  # spaces, Latin, digits count half
        ("<i>中文</i>", "zh_Hans", 2),  # tags count nothing
        ("{\\an8}中文，好", "zh_Hant", 4),  # position codes count nothing; ， is full-width
        ("Hello, world", "en", 12),
        ("<i>Hi</i>", "en", 2),
        ("e\u0301", "en", 1),  # a combining mark counts nothing
        ("…", "ko", 1),
    ],
)
def test_display_width(text: str, locale: str, width: float) -> None:
    assert display_width(text, locale) == width


def _widths(text: str, locale: str) -> list[float]:
    return [display_width(line, locale) for line in text.split("\n")]


def test_a_line_that_fits_stays_one_line() -> None:
    assert break_lines("해마다 사람들이 몰래", "ko", norms_for("ko")) == "해마다 사람들이 몰래"


def test_korean_breaks_at_a_space_into_close_lines() -> None:
    text = "해마다 사람들이 몰래 북한을 빠져나온다"
    broken = break_lines(text, "ko", norms_for("ko"))
    assert broken == "해마다 사람들이 몰래\n북한을 빠져나온다"
    assert broken.replace("\n", " ") == text


def test_english_prefers_punctuation_and_keeps_names_together() -> None:
    broken = break_lines(
        "Every year, people escape North Korea in secret and cross the border.",
        "en",
        norms_for("en"),
    )
    assert "North\nKorea" not in broken
    assert max(_widths(broken, "en")) <= 42


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("朝鲜难民沿着一条秘密路线穿越中国前往泰国", "zh_Hans"),
        ("北韓難民沿著一條秘密路線穿越中國前往泰國", "zh_Hant"),
        ("安全屋让他们躲过警察和告密者的搜捕", "zh_Hans"),
    ],
)
def test_chinese_breaks_at_a_word_boundary(text: str, locale: str) -> None:
    broken = break_lines(text, locale, norms_for(locale))
    first, second = broken.split("\n")
    assert first + second == text
    assert len(first) in word_boundaries(text, traditional=locale == "zh_Hant")
    assert max(_widths(broken, locale)) <= 16


def test_chinese_prefers_its_space_and_punctuation() -> None:
    assert (
        break_lines("每年都有人秘密逃离北韩 穿越中国寻找自由", "zh_Hans", norms_for("zh_Hans"))
        == "每年都有人秘密逃离北韩\n穿越中国寻找自由"
    )
    broken = break_lines("他们在夜里悄悄出发，穿过结冰的图们江", "zh_Hans", norms_for("zh_Hans"))
    assert broken == "他们在夜里悄悄出发，\n穿过结冰的图们江"


def test_never_inside_a_latin_word_or_a_tag() -> None:
    broken = break_lines(
        "<i>SEOUL TRAIN纪录片讲述朝鲜难民的逃亡之路</i>", "zh_Hans", norms_for("zh_Hans")
    )
    assert broken.startswith("<i>")
    assert broken.endswith("</i>")
    assert all(part not in broken for part in ("SEO\n", "S\nE", "<\n", "\n/i>"))


def test_a_translators_own_break_is_kept_when_it_fits() -> None:
    norms = norms_for("ko")
    assert break_lines("짧은 줄\n둘째 줄", "ko", norms) == "짧은 줄\n둘째 줄"
    # does not fit: re-broken as a whole
    too_long = "이 줄은 열여섯 자를 훨씬 넘어서 길다\n짧다"
    assert max(_widths(break_lines(too_long, "ko", norms), "ko")) <= 16


def test_dialogue_keeps_one_speaker_per_line() -> None:
    assert break_lines("- 가자\n- 어디로?", "ko", norms_for("ko")) == "- 가자\n- 어디로?"
    assert join_lines(["- Go.", "- Where?"], "en") == "- Go.\n- Where?"


def test_join_lines() -> None:
    assert join_lines(["Every year,", "people escape"], "en") == "Every year, people escape"
    assert join_lines(["朝鲜难民", "穿越中国"], "zh_Hans") == "朝鲜难民穿越中国"
    assert join_lines(["SEOUL", "TRAIN"], "zh_Hans") == "SEOUL TRAIN"


def test_nothing_fits_still_at_most_two_lines() -> None:
    broken = break_lines("가" * 40, "ko", norms_for("ko"))
    assert broken.count("\n") <= 1


korean_words = st.lists(
    st.sampled_from(
        [
            "해마다",
            "사람들이",
            "몰래",
            "북한을",
            "빠져나온다",
            "그들은",
            "집과",
            "가족을",
            "두고",
            "떠난다",
        ]
    ),
    min_size=1,
    max_size=7,
).map(" ".join)
chinese_words = st.lists(
    st.sampled_from(["朝鲜", "难民", "沿着", "秘密", "路线", "穿越", "中国", "寻找", "自由", " "]),
    min_size=1,
    max_size=9,
).map(lambda w: " ".join("".join(w).split()))


@settings(max_examples=60, deadline=None)
@given(chinese_words)
def test_chinese_breaks_never_split_a_word(text: str) -> None:
    norms = norms_for("zh_Hans")
    broken = break_lines(text, "zh_Hans", norms)
    assert broken.count("\n") <= 1
    if "\n" in broken:
        first, second = broken.split("\n")
        if first + second == text:  # a word-boundary break (not at a space)
            assert len(first) in word_boundaries(text)
        else:
            assert f"{first} {second}" == text
