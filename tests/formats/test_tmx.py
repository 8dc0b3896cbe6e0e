"""TMX 1.4: reading, writing, escaping, and round trips."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.tmx import (
    XML_LANG,
    TmxDocument,
    TranslationUnit,
    generate_tmx,
    read_tmx,
    write_tmx,
)

REQUIRED_HEADER = (
    "creationtool",
    "creationtoolversion",
    "segtype",
    "o-tmf",
    "adminlang",
    "srclang",
    "datatype",
)


def test_written_file_is_tmx_1_4(tmp_path: Path) -> None:
    document = TmxDocument(
        "en",
        [
            TranslationUnit(
                {
                    "en": "Refugees cross the <em>Tumen River</em> & hide.",
                    "ko": "난민들은 <em>두만강</em>을 건너 숨는다.",
                },
                context="film",
                origin="site",
            ),
        ],
    )
    path = tmp_path / "out.tmx"
    assert write_tmx(path, document) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
    )
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "tmx"
    assert root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    for name in REQUIRED_HEADER:
        assert header.get(name), name
    tu = root.find("body/tu")
    assert tu is not None
    # TMX 1.4 content model of <tu>: (note|prop)* then tuv+
    kinds = [child.tag for child in tu]
    assert kinds == ["prop", "prop", "tuv", "tuv"]
    assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["en", "ko"]
    assert "&lt;em&gt;Tumen River&lt;/em&gt; &amp; hide." in text


def test_read_flattens_inline_codes(tmp_path: Path) -> None:
    path = tmp_path / "in.tmx"
    path.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en-US"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>Go <bpt i="1">&lt;b&gt;</bpt>now'
        '<ept i="1">&lt;/b&gt;</ept></seg></tuv>'
        '<tuv xml:lang="zh-TW"><seg>現在<ph>&lt;br/&gt;</ph>走</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    document = read_tmx(path)
    assert document.source_language == "en-US"
    assert document.units[0].segments == {"en-US": "Go <b>now</b>", "zh-TW": "現在<br/>走"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<tmx><body><tu>", "in.tmx:1: not well-formed XML: no element found"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY a "aaaa">\n]>\n<tmx/>',
            "in.tmx:3: entity declarations are not allowed in TMX files",
        ),
        ("<xliff/>", "in.tmx: root element is <xliff>, expected <tmx>"),
        (
            "<tmx><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>",
            "in.tmx: <tu> number 1: <tuv> without xml:lang",
        ),
    ],
)
def test_broken_files_are_reported(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "in.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParseError) as error:
        read_tmx(path)
    assert str(error.value) == str(tmp_path / expected)


def test_units_xml_cannot_hold_are_skipped_and_counted() -> None:
    document = TmxDocument(
        "en",
        [
            TranslationUnit({"en": "bell\x07", "ko": "벨"}),
            TranslationUnit({"en": "ok", "ko": "좋아"}),
        ],
    )
    text, skipped = generate_tmx(document)
    assert skipped == 1
    assert "bell" not in text
    assert "좋아" in text


xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"),
    max_size=40,
).filter(lambda t: all(ord(c) >= 0x20 or c in "\t\n\r" for c in t))


@settings(max_examples=100, deadline=None)
@given(source=xml_text, target=xml_text, context=st.none() | xml_text)
def test_round_trip(
    tmp_path_factory: pytest.TempPathFactory, source: str, target: str, context: str | None
) -> None:
    path = tmp_path_factory.mktemp("tmx") / "round.tmx"
    document = TmxDocument(
        "en", [TranslationUnit({"en": source, "zh-Hant": target}, context=context)]
    )
    write_tmx(path, document)
    back = read_tmx(path)
    assert back.units[0].segments == {"en": source, "zh-Hant": target}
    assert back.units[0].context == context
