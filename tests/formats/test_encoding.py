"""Deliberate decoding: BOM, UTF-8, language candidates, detection, override."""

from __future__ import annotations

import codecs

import pytest

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.encoding import decode_bytes

KOREAN = "그해 겨울 두만강은 꽁꽁 얼어 있었다\n우리는 밤이 되기를 기다렸다\n"
SIMPLIFIED = "朝鲜难民沿着秘密路线穿越中国\n他们在安全屋里等待\n"
TRADITIONAL = "北韓難民沿著秘密路線穿越中國\n他們在安全屋裡等待\n"


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_byte_order_marks_win(bom: bytes, codec: str, name: str) -> None:
    decoded = decode_bytes(bom + KOREAN.encode(codec), language="zh-Hans")
    assert (decoded.text, decoded.encoding, decoded.method, decoded.bom) == (
        KOREAN,
        name,
        "bom",
        True,
    )


def test_valid_utf8_is_utf8_whatever_the_language() -> None:
    decoded = decode_bytes(SIMPLIFIED.encode(), language="ko")
    assert (decoded.text, decoded.encoding, decoded.method) == (SIMPLIFIED, "utf-8", "utf-8")


@pytest.mark.parametrize(
    ("text", "codec", "language", "expected"),
    [
        (KOREAN, "euc-kr", "ko", "euc-kr"),
        (KOREAN + "똠방각하", "cp949", "ko", "cp949"),  # 똠 is CP949-only
        (SIMPLIFIED, "gbk", "zh-Hans", "gbk"),
        (SIMPLIFIED + "€", "gb18030", "zh-Hans", "gb18030"),
        (TRADITIONAL, "big5", "zh-Hant", "big5"),
    ],
)
def test_language_candidates_narrowest_first(
    text: str, codec: str, language: str, expected: str
) -> None:
    decoded = decode_bytes(text.encode(codec), language=language)
    assert (decoded.text, decoded.encoding, decoded.method) == (text, expected, "language")
    assert decoded.describe().startswith(f"{expected} (from the language tag")


def test_a_candidate_must_look_like_the_language() -> None:
    # GBK bytes also decode as CP949, into nonsense Hangul/Hanja; tagged ko, the
    # nonsense is refused and detection takes over.
    decoded = decode_bytes((SIMPLIFIED * 5).encode("gbk"), language="ko")
    assert decoded.method == "detected"
    assert decoded.text == SIMPLIFIED * 5


def test_detection_without_a_language_tag() -> None:
    decoded = decode_bytes((KOREAN * 5).encode("cp949"))
    assert (decoded.text, decoded.method) == (KOREAN * 5, "detected")


def test_override_and_its_errors() -> None:
    data = KOREAN.encode("cp949")
    assert decode_bytes(data, encoding="CP949").encoding == "cp949"
    with pytest.raises(ParseError) as caught:
        decode_bytes(data, encoding="ascii", path="x.srt")
    assert str(caught.value).startswith("x.srt:1: not valid ascii: byte 0x")
    with pytest.raises(ParseError) as unknown:
        decode_bytes(data, encoding="klingon", path="x.srt")
    assert str(unknown.value) == "x.srt: unknown encoding 'klingon'"


def test_broken_bom_is_an_error() -> None:
    with pytest.raises(ParseError) as caught:
        decode_bytes(codecs.BOM_UTF8 + b"ok\n\xff\xfe", path="x.srt")
    assert (
        str(caught.value) == "x.srt:2: starts with a utf-8 byte order mark but is not valid utf-8"
    )


def test_a_stray_nul_in_utf8_is_not_utf16() -> None:
    # Found by the fuzz property: six bytes with one NUL passed the old "a quarter
    # of the bytes are NUL" rule and came back as UTF-16 LE nonsense.
    decoded = decode_bytes(b"Seoul\x00", language="en")
    assert (decoded.text, decoded.encoding) == ("Seoul\x00", "utf-8")


def test_utf16_without_bom_still_recognised() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n서울 열차\n"
    for codec in ("utf-16-le", "utf-16-be"):
        decoded = decode_bytes(text.encode(codec), language="ko")
        assert (decoded.text, decoded.encoding, decoded.method) == (text, codec, "utf-16")
