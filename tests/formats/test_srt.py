"""SubRip reading and writing: the real-world corpus, every malformed variant,
legacy encodings, and a write→read round trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.srt import (
    TIMING_CANDIDATE,
    generate_srt,
    may_read_as_timing,
    parse_srt,
    read_srt,
    write_srt,
)
from seoultrain_i18n.model import Cue

# Every SRT of the shared corpus: its cue count, or the exact error it gets.
CORPUS_RESULTS: dict[str, int | str] = {
    "aspasia/gbk.srt": 3,
    "cdown-srt/ascii.srt": 3,
    "cdown-srt/gb2312.srt": 3,
    "pysrt/bom-utf-16-be.srt": 7,
    "pysrt/bom-utf-16-le.srt": 7,
    "pysrt/bom-utf-32-be.srt": 7,
    "pysrt/bom-utf-32-le.srt": 7,
    "pysrt/bom-utf-8.srt": 7,
    "pysrt/capability_tester.srt": 37,
    "pysrt/empty.srt": 7,
    "pysrt/invalid.srt": 1,
    "pysrt/no-indexes.srt": 7,
    "pysrt/utf-8.srt": 1332,
    "pysrt/windows-1252.srt": 1332,
    "srt-tools/s01-cp949.srt": 737,
    "srt-tools/s01-utf8.srt": 737,
    "srt-tools/s02-utf16.srt": 847,
    "srt-tools/s03-ascii-bom-cr.srt": 8,
    "srt-tools/s03-ascii.srt": 8,
    "srt-tools/s04-utf8.srt": 7,
    "srt-tools/s07-malformed.srt": ":8: unexpected text after the timing: '-누구의 어깨 위에? "
    "-내가 누구의 어깨 위에 서 있어야 한다는 거죠?' (only X1: X2: Y1: Y2: coordinates may follow)",
    "srt-tools/s08-position.srt": 6,
    "webvtt-py/invalid_format1.srt": ":1: no timing line (HH:MM:SS,mmm --> HH:MM:SS,mmm): "
    "not a SubRip file",
    "webvtt-py/invalid_format2.srt": ":1: no timing line (HH:MM:SS,mmm --> HH:MM:SS,mmm): "
    "not a SubRip file",
    "webvtt-py/invalid_format3.srt": ":1: no timing line (HH:MM:SS,mmm --> HH:MM:SS,mmm): "
    "not a SubRip file",
    "webvtt-py/invalid_format4.srt": ":1: text before the first cue: 'some text'",
    "webvtt-py/invalid_timeframe.srt": 5,
    "webvtt-py/missing_caption_text.srt": 5,
    "webvtt-py/missing_timeframe.srt": ":5: cue 2 has no timing line",
    "webvtt-py/one_caption.srt": 1,
    "webvtt-py/sample.srt": 5,
}


def test_the_corpus_table_covers_every_srt_file(corpus: Path) -> None:
    found = {path.relative_to(corpus / "srt").as_posix() for path in corpus.glob("srt/*/*.srt")}
    assert found == set(CORPUS_RESULTS)


@pytest.mark.parametrize(("name", "expected"), sorted(CORPUS_RESULTS.items()))
def test_corpus_file_is_read_whole_or_rejected_with_a_line(
    corpus: Path, name: str, expected: int | str
) -> None:
    path = corpus / "srt" / name
    if isinstance(expected, int):
        track = read_srt(path)
        assert len(track.cues) == expected
        raw = path.read_bytes()
        if b"\x00" not in raw:  # count arrows in 8-bit files: one cue per timing line
            assert raw.count(b"-->") == expected
        return
    with pytest.raises(ParseError) as caught:
        read_srt(path)
    assert str(caught.value) == f"{path}{expected}"


def test_legacy_korean_decodes_like_its_utf8_twin(corpus: Path) -> None:
    legacy = read_srt(corpus / "srt/srt-tools/s01-cp949.srt", language="ko")
    utf8 = read_srt(corpus / "srt/srt-tools/s01-utf8.srt", language="ko")
    assert legacy.encoding in ("euc-kr", "cp949")
    assert [(c.start_ms, c.end_ms, c.text) for c in legacy.cues] == [
        (c.start_ms, c.end_ms, c.text) for c in utf8.cues
    ]


def test_corpus_details_are_read_right(corpus: Path) -> None:
    gbk = read_srt(corpus / "srt/aspasia/gbk.srt")
    assert [cue.text for cue in gbk.cues] == ["这是中文", "还有更多的中文", "再见"]
    gb2312 = read_srt(corpus / "srt/cdown-srt/gb2312.srt")
    assert [cue.index for cue in gb2312.cues] == [2, 4, 6]  # gaps in numbering kept
    assert gb2312.cues[0].text == "宇宙守护神  保护我们远离邪恶"
    malformed_timing = read_srt(corpus / "srt/webvtt-py/invalid_timeframe.srt")
    assert malformed_timing.cues[1].end_ms == 11_890  # "." instead of ","
    no_ms = read_srt(corpus / "srt/pysrt/invalid.srt")
    assert (no_ms.cues[0].start_ms, no_ms.cues[0].end_ms) == (1000, 10_000)
    empty = read_srt(corpus / "srt/pysrt/empty.srt")
    assert [cue.text for cue in empty.cues][2:4] == ["", ""]
    positions = read_srt(corpus / "srt/srt-tools/s08-position.srt")
    assert positions.cues[1].text == "{\\an8}top"
    assert positions.cues[3].text == ""


def _parse(text: str) -> list[Cue]:
    return parse_srt(text, "t.srt")


def _timings(cues: list[Cue]) -> list[tuple[int, int, str]]:
    return [(cue.start_ms, cue.end_ms, cue.text) for cue in cues]


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_ends_bom_leading_blank_lines_and_no_final_blank_line(eol: str) -> None:
    text = "\ufeff" + eol.join(
        [
            "",
            "",
            "1",
            "00:00:01,000 --> 00:00:02,000",
            "Hello",
            "world",
            "",
            "2",
            "00:00:03,000 --> 00:00:04,000",
            "Bye",
        ]
    )
    assert _timings(_parse(text)) == [(1000, 2000, "Hello\nworld"), (3000, 4000, "Bye")]


@pytest.mark.parametrize(
    ("timing", "start", "end"),
    [
        ("00:00:01.500 --> 00:00:02.250", 1500, 2250),  # "." instead of ","
        ("00:00:01,5 --> 00:00:02,25", 1500, 2250),  # 1–2 digit ms are fractions
        ("00:00:01 --> 00:00:02", 1000, 2000),  # no milliseconds
        ("1:44:10.5-->1:44:11.25", 6_250_500, 6_251_250),  # no spaces, 1-digit hour
    ],
)
def test_timing_variants(timing: str, start: int, end: int) -> None:
    assert _timings(_parse(f"1\n{timing}\nText\n")) == [(start, end, "Text")]


def test_coordinates_after_the_timing_are_kept_as_settings() -> None:
    cue = _parse("1\n00:00:01,000 --> 00:00:02,000 X1:100 X2:600 Y1:050 Y2:100\nHi\n")[0]
    assert cue.settings == "X1:100 X2:600 Y1:050 Y2:100"
    assert "X1:100 X2:600 Y1:050 Y2:100" in generate_srt([cue])


def test_tags_and_position_codes_are_kept_verbatim() -> None:
    text = '{\\an8}<i>One</i> <b>two</b> <u>3</u> <font color="#ff0000">four</font>'
    assert _parse(f"1\n00:00:01,000 --> 00:00:02,000\n{text}\n")[0].text == text


def test_blank_lines_inside_a_cue_keep_the_text() -> None:
    cues = _parse(
        "1\n00:00:01,000 --> 00:00:02,000\nLine one\n\nLine two\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\n\n\nLate text\n"
    )
    assert [cue.text for cue in cues] == ["Line one\nLine two", "Late text"]


def test_numbering_gaps_jumps_missing_numbers_and_number_like_text() -> None:
    cues = _parse(
        "5\n00:00:01,000 --> 00:00:02,000\nA\n\n"
        "9\n00:00:03,000 --> 00:00:04,000\nB\n\n"
        "00:00:05,000 --> 00:00:06,000\nC\n\n"
        "11\n00:00:07,000 --> 00:00:08,000\n1984\n"
        "00:00:09,000 --> 00:00:10,000\nD\n"
        "13\n00:00:11,000 --> 00:00:12,000\nE"
    )
    assert [(cue.index, cue.text) for cue in cues] == [
        (5, "A"),
        (9, "B"),
        (10, "C"),
        (11, "1984"),
        (12, "D"),
        (13, "E"),
    ]


def test_ill_timed_cues_are_read_as_written() -> None:
    cues = _parse(
        "1\n00:00:05,000 --> 00:00:02,000\nBackwards\n\n2\n00:00:01,000 --> 00:00:09,000\nOverlap\n"
    )
    assert _timings(cues) == [(5000, 2000, "Backwards"), (1000, 9000, "Overlap")]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("1\n-00:00:01,000 --> 00:00:02,000\nA\n", "t.srt:2: negative time in the timing line"),
        (
            "1\n00:61:01,000 --> 00:00:02,000\nA\n",
            "t.srt:2: minutes and seconds must be 00–59 in the timing line",
        ),
        (
            "1\n00:00:01,0000 --> 00:00:02,000\nA\n",
            "t.srt:2: milliseconds with 4 digits in the timing line",
        ),
        (
            "1\n00:00:01,000 --> 00:00:02,000 Hello\nA\n",
            "t.srt:2: unexpected text after the timing: 'Hello' (only X1: X2: Y1: Y2: coordinates "
            "may follow)",
        ),
        (
            "1\n00:00:01,000 -> 00:00:02,000\nA\n",
            "t.srt:1: no timing line (HH:MM:SS,mmm --> HH:MM:SS,mmm): not a SubRip file",
        ),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\nB\n\n3\n00:00:05,000 --> 00:00:06,000\nC\n",
            "t.srt:5: cue 2 has no timing line",
        ),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nA\n\nx2\n00:00:05,000 --> 00:00:06,000\nC\n",
            "t.srt:5: expected a cue number, found 'x2'",
        ),
        (
            "1\n00:00:01,000 --> 00:0x:02,000\nA\n",
            "t.srt:2: malformed timing line '00:00:01,000 --> 00:0x:02,000'",
        ),
    ],
)
def test_malformed_files_are_rejected_with_file_and_line(text: str, error: str) -> None:
    with pytest.raises(ParseError) as caught:
        _parse(text)
    assert str(caught.value) == error


def test_an_empty_file_has_no_cues() -> None:
    assert _parse("") == []
    assert _parse("\n\n") == []


KNOWN_TEXT = {
    "ko": ("그해 겨울 두만강은 꽁꽁 얼어 있었다", ("cp949", "euc-kr")),
    "zh-Hans": ("朝鲜难民穿越中国寻找自由", ("gbk", "gb18030")),
    "zh-Hant": ("北韓難民穿越中國尋找自由", ("big5", "cp950")),
}


@pytest.mark.parametrize(
    ("language", "codec", "eol"),
    [
        (language, codec, eol)
        for language, (_, codecs) in KNOWN_TEXT.items()
        for codec in codecs
        for eol in ("\n", "\r\n")
    ],
)
def test_legacy_encodings_decode_to_the_right_text(
    tmp_path: Path, language: str, codec: str, eol: str
) -> None:
    text = KNOWN_TEXT[language][0]
    body = eol.join(
        [
            "1",
            "00:00:01,000 --> 00:00:02,000",
            text,
            "",
            "2",
            "00:00:03,000 --> 00:00:04,000",
            text[:4],
            "",
        ]
    )
    path = tmp_path / f"sample.{language}.srt"
    path.write_bytes(body.encode(codec))
    track = read_srt(path)
    assert [cue.text for cue in track.cues] == [text, text[:4]]
    assert track.encoding in KNOWN_TEXT[language][1] + ("big5hkscs",)


@pytest.mark.parametrize("language", sorted(KNOWN_TEXT))
def test_utf8_with_bom_and_crlf_decodes_for_every_language(tmp_path: Path, language: str) -> None:
    text = KNOWN_TEXT[language][0]
    path = tmp_path / f"sample.{language}.srt"
    path.write_bytes(b"\xef\xbb\xbf" + f"1\r\n00:00:01,000 --> 00:00:02,000\r\n{text}\r\n".encode())
    track = read_srt(path)
    assert (track.encoding, track.cues[0].text) == ("utf-8", text)


def test_encoding_override(tmp_path: Path) -> None:
    path = tmp_path / "sample.srt"
    path.write_bytes("1\n00:00:01,000 --> 00:00:02,000\n안녕\n".encode("cp949"))
    assert read_srt(path, encoding="cp949").cues[0].text == "안녕"
    with pytest.raises(ParseError) as caught:
        read_srt(path, encoding="ascii")
    assert str(caught.value) == f"{path}:3: not valid ascii: byte 0xbe"


def test_writer_output(tmp_path: Path) -> None:
    cues = [Cue(7, 1500, 3000, "<i>Hello</i>\n\nworld  "), Cue(9, 3_600_000, 3_601_001, "")]
    path = tmp_path / "out.srt"
    write_srt(path, cues)
    assert path.read_bytes() == (
        b"1\n00:00:01,500 --> 00:00:03,000\n<i>Hello</i>\nworld\n\n"
        b"2\n01:00:00,000 --> 01:00:01,001\n\n"
    )
    assert [cue.text for cue in read_srt(path).cues] == ["<i>Hello</i>\nworld", ""]


def test_writer_refuses_text_that_would_read_as_a_timing_line() -> None:
    with pytest.raises(ValueError, match="would read as a timing line"):
        generate_srt([Cue(1, 0, 1000, "00:00:01,000 --> 00:00:02,000")])


plain_line = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
            blacklist_characters="\x85\u2028\u2029",
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(lambda line: bool(line) and not TIMING_CANDIDATE.match(line))
)
# CJK, emoji with joiners, combining marks and text that looks like markup or numbers
special_line = st.sampled_from(
    [
        "<i>기울임</i>",
        "{\\an8}上",
        "a < b & c > d",
        "-->",
        "2",
        "1984",
        "👩\u200d👩\u200d👧",
        "e\u0301\u0323",
        "中文，標點。",
        '<font color="red">x</font>',
        "&amp;",
    ]
)
cue_text = st.lists(st.one_of(plain_line, special_line), min_size=0, max_size=3).map("\n".join)
cue_strategy = st.tuples(
    st.integers(min_value=0, max_value=10 * 3_600_000),
    st.integers(min_value=0, max_value=60_000),
    cue_text,
)


@settings(max_examples=100, deadline=None)
@given(st.lists(cue_strategy, max_size=8))
def test_write_then_read_round_trip(items: list[tuple[int, int, str]]) -> None:
    cues = [Cue(n, start, start + length, text) for n, (start, length, text) in enumerate(items, 1)]
    read = parse_srt(generate_srt(cues))
    assert _timings(read) == _timings(cues)
    assert [cue.index for cue in read] == list(range(1, len(cues) + 1))


# The writer writes directly what pysrt's writer makes (its objects cost more
# than the rest of a track): held to it byte for byte.
SRT_PIECE = st.sampled_from(
    [
        "<i>", "</i>", "{\\an8}", "\n", "\n\n", "\r", "\r\n", " ", "\t", "  ", "&", "-->",
        "Tom", "北韓", "기차", "é", "1", "00:00:01,000",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-2000, 400_000_000),
            st.integers(0, 100_000),
            st.lists(st.one_of(SRT_PIECE, st.text(max_size=6)), max_size=8),
            st.sampled_from(["", " ", "X1:100 X2:200 Y1:10 Y2:20", "position:10%"]),
            st.integers(0, 5000),
        ),
        max_size=6,
    ),
    st.booleans(),
    st.sampled_from(["\n", "\r\n"]),
)
def test_the_direct_writer_writes_what_pysrt_writes(
    items: list[tuple[int, int, list[str], str, int]], renumber: bool, eol: str
) -> None:
    from seoultrain_i18n.formats.srt import _generate_with_pysrt

    cues = [
        Cue(index, start, start + length, "".join(parts), settings=position)
        for start, length, parts, position, index in items
    ]
    try:
        expected = _generate_with_pysrt(cues, renumber=renumber, eol=eol)
    except ValueError as error:
        with pytest.raises(ValueError, match=re.escape(str(error))):
            generate_srt(cues, renumber=renumber, eol=eol)
        return
    assert generate_srt(cues, renumber=renumber, eol=eol) == expected


def test_the_direct_writer_writes_every_bundled_track_as_pysrt_does() -> None:
    from seoultrain_i18n.formats.srt import _generate_with_pysrt

    tracks = sorted((Path(__file__).parents[2] / "subtitles").glob("*.srt"))
    assert tracks
    for path in tracks:
        cues = read_srt(path, language="und").cues
        for eol in ("\n", "\r\n"):
            assert generate_srt(cues, eol=eol) == _generate_with_pysrt(cues, eol=eol), path.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We stepped out.\n\n00:00:30,000 --> 00:00:40,000\nINJECTED", True),
        ("go 5 --> 6", True),  # a break before "5" makes a timing-like line
        ("1.5-->", True),
        ("We hid in the bushes --> waiting", False),
        ("a:, --> b", False),  # time-like characters, but no digit
        ("--> 12", False),
        ("2 -- > 3", False),
        ("", False),
    ],
)
def test_may_read_as_timing(text: str, expected: bool) -> None:
    assert may_read_as_timing(text) is expected


@settings(max_examples=300)
@given(
    st.text(alphabet="0123456789:.,- >a\n", max_size=40),
    st.lists(st.integers(min_value=0, max_value=40), max_size=4),
)
def test_no_line_break_makes_a_timing_line_that_the_check_missed(
    text: str, breaks: list[int]
) -> None:
    # Line breaking only puts breaks into a text: wherever they go, a line the
    # writer would refuse means may_read_as_timing said so of the whole text.
    broken = text
    for position in sorted(set(breaks), reverse=True):
        broken = broken[:position] + "\n" + broken[position:]
    if any(TIMING_CANDIDATE.match(line) for line in broken.split("\n")):
        assert may_read_as_timing(text)
