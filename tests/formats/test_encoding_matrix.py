"""Every legacy and Unicode encoding under every language tag: the exact text or a clear refusal.

Files are generated in Windows-1252, ISO-8859-1, Windows-1250, CP949, EUC-KR,
GBK, GB18030, Big5, UTF-16 (both byte orders, with and without a BOM) and
UTF-8 (with and without a BOM). Under the right tag each decodes to its exact
text; under any other tag it decodes to the exact text as well, or is refused
with an error naming the file, the candidates and the fix — never other text.
"""

from __future__ import annotations

import codecs

import pytest

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.encoding import decode_bytes, plausibility, script_mismatch

TIMING = "00:00:01,000 --> 00:00:03,000"


def srt(*lines: str) -> str:
    return "".join(f"{number}\n{TIMING}\n{line}\n\n" for number, line in enumerate(lines, start=1))


TEXTS = {
    "en": srt(
        "He was naïve, Señor Kim said.",
        "The crème of the café was cold.",
        "We crossed the river at night.",
        "Nobody looked back.",
    ),
    "fr": srt(
        "Nous avons traversé le fleuve gelé à pied.",
        "Personne n'a regardé en arrière ; c'était déjà l'hiver.",
        "Ça va, dit le garçon, on arrive bientôt.",
    ),
    "cs": srt("Příliš žluťoučký kůň úpěl ďábelské ódy.", "Řeka byla zamrzlá."),
    "pl": srt("Zażółć gęślą jaźń.", "Rzeka była zamarznięta, szliśmy nocą."),
    "ko": srt(
        "그해 겨울 두만강은 꽁꽁 얼어 있었다",
        "우리는 밤이 되기를 기다렸다",
        "안내인이 손짓하자 우리는 얼음 위로 나섰다",
    ),
    "zh-Hans": srt("那年冬天图们江结了冰", "我们等到天黑才过江", "向导一挥手，我们就走上了冰面"),
    "zh-Hant": srt("那年冬天圖們江結了冰", "我們等到天黑才過江", "嚮導一揮手，我們就走上了冰面"),
}

FILES = [
    ("cp1252", "en"),
    ("cp1252", "fr"),
    ("latin-1", "en"),
    ("cp1250", "cs"),
    ("cp1250", "pl"),
    ("cp949", "ko"),
    ("euc-kr", "ko"),
    ("gbk", "zh-Hans"),
    ("gb18030", "zh-Hans"),
    ("big5", "zh-Hant"),
    ("utf-16-le", "ko"),
    ("utf-16-be", "zh-Hant"),
    ("utf-16-le", "en"),
    ("utf-16", "zh-Hans"),  # with a BOM
    ("utf-8-sig", "en"),
    ("utf-8", "ko"),
]
TAGS = ["en", "fr", "cs", "pl", "ko", "zh-Hans", "zh-Hant"]


@pytest.mark.parametrize(("codec", "language"), FILES)
def test_right_tag_gives_the_exact_text(codec: str, language: str) -> None:
    decoded = decode_bytes(TEXTS[language].encode(codec), language=language, path="x.srt")
    assert decoded.text == TEXTS[language]


@pytest.mark.parametrize(("codec", "language"), FILES)
@pytest.mark.parametrize("tag", TAGS)
def test_any_tag_gives_the_exact_text_or_a_clear_refusal(
    codec: str, language: str, tag: str
) -> None:
    data = TEXTS[language].encode(codec)
    try:
        decoded = decode_bytes(data, language=tag, path=f"film.{tag}.srt")
    except ParseError as error:
        message = str(error)
        assert message.startswith(f"film.{tag}.srt:")
        assert "tried" in message
        assert "--encoding" in message
        return
    assert decoded.text == TEXTS[language]


def test_windows_1252_english_is_not_read_as_central_european() -> None:
    decoded = decode_bytes(TEXTS["en"].encode("cp1252"), language="en")
    assert (decoded.encoding, decoded.method) == ("cp1252", "language")
    assert "naïve" in decoded.text
    assert "Señor" in decoded.text
    assert "crème" in decoded.text


def test_korean_cp949_named_simplified_chinese_is_korean_not_chinese_nonsense() -> None:
    decoded = decode_bytes(TEXTS["ko"].encode("cp949"), language="zh-Hans")
    assert decoded.text == TEXTS["ko"]
    assert decoded.method == "detected"
    assert "gbk" in decoded.describe()  # the refused candidate is named
    assert script_mismatch(decoded.text, "zh-Hans") is not None


def test_utf16_without_bom() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        decoded = decode_bytes(TEXTS["en"].encode(codec), language="en")
        assert (decoded.text, decoded.encoding, decoded.method) == (TEXTS["en"], codec, "utf-16")


def test_a_refusal_names_the_file_the_line_of_the_bad_byte_and_the_fix() -> None:
    lines = ["We crossed the river."] * 6 + ["Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105"]
    data = srt(*lines).encode("cp1250")
    with pytest.raises(ParseError) as caught:
        decode_bytes(data, language="en", path="subtitles/film.en.srt")
    message = str(caught.value)
    bad_line = srt(*lines).split("\n").index(lines[-1]) + 1
    assert message.startswith(f"subtitles/film.en.srt:{bad_line}: cannot decode this en track")
    assert "cp1252" in message
    assert "cp1250" in message
    assert "--encoding" in message


def test_an_undecodable_byte_is_reported_at_its_own_line() -> None:
    text = srt(*(["우리는 밤이 되기를 기다렸다"] * 5))
    data = text.encode("cp949")
    broken = data + b"6\n" + TIMING.encode() + b"\n\xff\xff\xff\n"
    with pytest.raises(ParseError) as caught:
        decode_bytes(broken, language="ko", path="x.ko.srt", encoding="cp949")
    assert caught.value.line == text.count("\n") + 3


@pytest.mark.parametrize(
    ("text", "language", "plausible"),
    [
        ("우리는 밤이 되기를 기다렸다", "ko", True),
        ("우리는밤이되기를기다렸다우리는밤이되기를기다렸다", "ko", False),  # no spaces
        ("朝鲜难民沿着秘密路线穿越中国", "zh-Hans", True),
        ("北韓難民沿著秘密路線穿越中國", "zh-Hant", True),
        ("He was naïve, said the café owner.", "en", True),
        ("naďve Seńor", "en", False),
        ("Za¿ó³æ", "pl", False),
        ("Rzeka była zamarznięta, szliśmy nocą.", "pl", True),
    ],
)
def test_plausibility(text: str, language: str, plausible: bool) -> None:
    assert (plausibility(text, language) is None) == plausible


def test_a_western_text_that_also_reads_as_czech_is_refused_not_guessed() -> None:
    # Only é and è: Windows-1250 reads è as č, which is Czech. Which one is meant
    # cannot be told from so little text; the tool says so instead of guessing.
    data = srt("Nous avons traversé le fleuve.", "Personne n'a regardé en arrière.")
    for tag in ("fr", "cs"):
        with pytest.raises(ParseError, match="also reads as"):
            decode_bytes(data.encode("cp1252"), language=tag, path="x.srt")
    assert decode_bytes(data.encode("cp1252"), language="fr", encoding="cp1252").text == data


def test_a_bom_still_wins() -> None:
    data = codecs.BOM_UTF8 + TEXTS["ko"].encode()
    assert decode_bytes(data, language="en").text == TEXTS["ko"]
