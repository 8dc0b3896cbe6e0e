"""The glossary: loading locales/glossary.csv and finding terms in text."""

from __future__ import annotations

from pathlib import Path

import pytest

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.translate.glossary import load_glossary, parse_glossary

HEADER = "source,ko,zh_Hans,zh_Hant,en,note,do_not_translate\n"
COLS = "source, ko, zh_Hans, zh_Hant, en, note, do_not_translate"


@pytest.fixture(scope="module")
def bundled(repo_root: Path):  # type: ignore[no-untyped-def]
    return load_glossary(repo_root / "locales" / "glossary.csv")


def test_bundled_glossary_has_the_film_names_in_every_language(bundled) -> None:  # type: ignore[no-untyped-def]
    for source in (
        "Jim Butterworth",
        "Lisa Sleeth",
        "Aaron Lubarsky",
        "Seoul Train",
        "UNHCR",
        "Tumen River",
        "Yalu River",
        "North Korea",
        "South Korea",
        "China",
        "Seoul",
        "Mongolia",
        "Southeast Asia",
        "underground railroad",
        "safe house",
        "refugee",
        "repatriation",
    ):
        term = bundled.get(source)
        assert term is not None, source
        for locale in ("ko", "zh_Hans", "zh_Hant", "en"):
            assert term.rendering(locale), (source, locale)
    assert bundled.get("Tumen River").rendering("ko") == "두만강"
    assert bundled.get("Tumen River").rendering("zh_Hant") == "圖們江"
    assert bundled.get("Yalu River").rendering("zh_Hans") == "鸭绿江"
    assert bundled.get("UNHCR").rendering("zh_Hant") == "聯合國難民署"


def test_traditional_renderings_are_not_simplified(bundled) -> None:  # type: ignore[no-untyped-def]
    from seoultrain_i18n.translate.chinese import hant_to_hans

    for term in bundled.terms:
        hans, hant = term.rendering("zh_Hans"), term.rendering("zh_Hant")
        if term.do_not_translate or hans is None or hant is None or hans == hant:
            continue
        assert hant != hant_to_hans(hant) or hans == hant_to_hans(hant), term.source


def test_english_matching_respects_word_boundaries_and_case(bundled) -> None:  # type: ignore[no-untyped-def]
    text = "Chinaware aside, North Korean refugees reach China; safe houses help. CHINA"
    found = [(m.text, m.term.source) for m in bundled.find(text, "en")]
    assert ("North Korean", "North Korean") in found  # the longer term wins over "North Korea"
    assert ("refugees", "refugee") in found  # plural of a lower-case term
    assert ("safe houses", "safe house") in found
    assert ("China", "China") in found
    assert ("CHINA", "China") in found  # an all-capitals name
    assert not any(text_ == "Chinaware" for text_, _ in found)
    assert [m.text for m in bundled.find("the china cabinet", "en")] == []  # a name keeps its case


def test_cjk_matching_is_plain_substring(bundled) -> None:  # type: ignore[no-untyped-def]
    found = [m.term.source for m in bundled.find("难民渡过图们江前往中国", "zh_Hans")]
    assert found == ["refugee", "Tumen River", "China"]
    assert [m.term.source for m in bundled.find("탈북자들이 두만강을 건넜다", "ko")] == [
        "defector",
        "Tumen River",
    ]


def test_korean_terms_take_particles_but_not_other_words(bundled) -> None:  # type: ignore[no-untyped-def]
    found = [m.text for m in bundled.find("중국을 떠나 서울에서 중국어를 배웠다", "ko")]
    assert found == ["중국", "서울"]  # 중국어 (the Chinese language) is another word


def test_whole_message(bundled) -> None:  # type: ignore[no-untyped-def]
    assert bundled.whole_message("  UNHCR ", "en").source == "UNHCR"
    assert bundled.whole_message("SEOUL TRAIN", "en").source == "SEOUL TRAIN"
    assert bundled.whole_message("Seoul Train", "en").source == "SEOUL TRAIN"  # title case
    assert bundled.whole_message("UNHCR staff", "en") is None


def test_do_not_translate_keeps_the_source() -> None:
    glossary = parse_glossary(HEADER + "PBS,피비에스,,,,,yes\n")
    assert glossary.terms[0].rendering("ko") == "PBS"


@pytest.mark.parametrize(
    ("text", "line", "detail"),
    [
        ("source,ko,klingon\n", 1, "unknown column 'klingon' (expected " + COLS + ")"),
        ("ko,zh_Hans\n", 1, "missing column 'source' (expected " + COLS + ")"),
        (HEADER + "UNHCR,x,x,x,x,,maybe\n", 2, "do_not_translate must be yes or no, not 'maybe'"),
        (HEADER + "UNHCR,a\n\nunhcr,b\n", 4, "duplicate term 'unhcr' (first on line 2)"),
        (HEADER + ",a\n", 2, "empty source term"),
    ],
)
def test_bad_glossary_lines_are_reported(text: str, line: int, detail: str) -> None:
    with pytest.raises(ParseError) as error:
        parse_glossary(text, "locales/glossary.csv")
    assert str(error.value) == f"locales/glossary.csv:{line}: {detail}"


def test_missing_file_is_an_empty_glossary(tmp_path: Path) -> None:
    assert len(load_glossary(tmp_path / "none.csv")) == 0


def test_unclosed_quote_is_an_error_with_its_line() -> None:
    text = 'source,ko\nTumen River,"두만강\nYalu River,압록강\n'
    with pytest.raises(ParseError) as caught:
        parse_glossary(text, "locales/glossary.csv")
    assert str(caught.value) == (
        "locales/glossary.csv:2: not valid CSV: unexpected end of data "
        "(a quoted cell is never closed?)"
    )


def test_line_numbers_count_physical_lines() -> None:
    text = 'source,note\nTumen River,"a note\nover two lines"\n,missing source\n'
    with pytest.raises(ParseError, match=r"glossary.csv:4: empty source term"):
        parse_glossary(text, "glossary.csv")
