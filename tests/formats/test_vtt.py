"""WebVTT writer: W3C rules checked by hand and by an independent parser
(webvtt-py), plus write→read round trips."""

from __future__ import annotations

import re

import pytest
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.vtt import generate_vtt, parse_vtt, position_settings
from seoultrain_i18n.model import Cue
from seoultrain_i18n.timecode import vtt_timestamp

TIMESTAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
TIMING = re.compile(rf"^({TIMESTAMP}) --> ({TIMESTAMP})(?: (.+))?$")
SETTING = re.compile(
    r"^(?:vertical:(?:rl|lr)|line:-?\d+(?:\.\d+)?%?(?:,(?:start|center|end))?"
    r"|position:\d+(?:\.\d+)?%(?:,(?:line-left|center|line-right))?|size:\d+(?:\.\d+)?%"
    r"|align:(?:start|center|end|left|right)|region:\S+)$"
)
ALLOWED_TAG = re.compile(r"</?(?:i|b|u)>")


def assert_conforms(text: str) -> None:
    """The spec rules our files must meet (w3c/webvtt index.bs)."""
    if text == "WEBVTT\n":
        return  # no cues
    assert text.startswith("WEBVTT\n\n"), "signature, then a blank line"
    blocks = text[len("WEBVTT\n\n") :].rstrip("\n").split("\n\n")
    previous_start = -1.0
    for block in blocks:
        lines = block.split("\n")
        assert "-->" not in lines[0], "identifier line without -->"
        match = TIMING.match(lines[1])
        assert match, lines[1]
        start, end = (_seconds(match.group(1)), _seconds(match.group(2)))
        assert start >= previous_start
        assert end > start
        previous_start = start
        for setting in (match.group(3) or "").split():
            assert SETTING.match(setting), setting
        for payload in lines[2:]:
            assert payload.strip(), "no blank line inside a cue"
            assert "-->" not in payload
            bare = ALLOWED_TAG.sub("", payload)
            assert "<" not in bare
            assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt);)*", bare), payload


def _seconds(stamp: str) -> float:
    parts = [float(part) for part in stamp.split(":")]
    return sum(value * 60**power for power, value in enumerate(reversed(parts)))


def test_header_timestamps_escaping_and_settings() -> None:
    cues = [
        Cue(1, 1500, 3_723_004, "A & B <3 --> C > D"),
        Cue(2, 4_000_000, 4_001_000, '{\\an8}<i>Top</i> <font color="red">red</font> {\\i1}x'),
        Cue(3, 4_002_000, 4_003_000, "{\\an7}left\n\n<B>bold</B>"),
    ]
    text = generate_vtt(cues)
    assert text == (
        "WEBVTT\n\n"
        "1\n00:00:01.500 --> 01:02:03.004\nA &amp; B &lt;3 --&gt; C &gt; D\n\n"
        "2\n01:06:40.000 --> 01:06:41.000 line:0\n<i>Top</i> red x\n\n"
        "3\n01:06:42.000 --> 01:06:43.000 line:0 position:10%,line-left align:left\n"
        "left\n<b>bold</b>\n"
    )
    assert_conforms(text)


@pytest.mark.parametrize(
    ("code", "expected"),
    [(2, ""), (8, "line:0"), (5, "line:50%"), (3, "position:90%,line-right align:right")],
)
def test_position_codes(code: int, expected: str) -> None:
    assert position_settings(code) == expected


def test_legacy_ssa_position_code() -> None:
    assert "line:0" in generate_vtt([Cue(1, 0, 1000, "{\\a6}top")])


def test_an_independent_parser_reads_our_output() -> None:
    cues = [Cue(1, 0, 1200, "<i>서울 트레인</i>"), Cue(2, 1300, 2500, "{\\an8}A & B <c>\n둘째 줄")]
    parsed = webvtt.from_string(generate_vtt(cues))
    assert [(c.start, c.end) for c in parsed] == [
        ("00:00:00.000", "00:00:01.200"),
        ("00:00:01.300", "00:00:02.500"),
    ]
    assert parsed[1].raw_text == "A &amp; B &lt;c&gt;\n둘째 줄"


def test_writer_refuses_what_webvtt_forbids() -> None:
    with pytest.raises(ValueError, match="starts before"):
        generate_vtt([Cue(1, 5000, 6000, "b"), Cue(2, 1000, 2000, "a")])
    with pytest.raises(ValueError, match="does not end after it starts"):
        generate_vtt([Cue(1, 5000, 5000, "zero")])


def test_reader_errors() -> None:
    with pytest.raises(ParseError) as caught:
        parse_vtt("1\n00:00.000 --> 00:01.000\nx\n", "t.vtt")
    assert str(caught.value) == "t.vtt:1: not a WebVTT file: the first line must be WEBVTT"
    with pytest.raises(ParseError) as bad_time:
        parse_vtt("WEBVTT\n\n00:00,000 --> 00:01.000\nx\n", "t.vtt")
    assert str(bad_time.value) == "t.vtt:3: malformed WebVTT timestamp '00:00,000'"


def test_reader_skips_notes_and_reads_short_timestamps() -> None:
    cues = parse_vtt(
        "WEBVTT - title\n\nNOTE a comment\n\nid\n00:01.000 --> 00:02.500 line:0\nx &amp; y\n"
    )
    assert [(c.start_ms, c.end_ms, c.text, c.settings) for c in cues] == [
        (1000, 2500, "x & y", "line:0")
    ]


def test_vtt_time() -> None:
    assert vtt_timestamp(0) == "00:00:00.000"
    assert vtt_timestamp(360_000_001) == "100:00:00.001"


payload_line = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="{}\x85\u2028\u2029"
        ),
        min_size=1,
        max_size=25,
    )
    .map(str.strip)
    .filter(lambda line: bool(line) and "<font" not in line.lower())
)
markup_words = st.sampled_from(
    ["<i>", "</i>", "<b>", "</b>", "&amp;", "-->", "<script>", "&", "👩‍👩‍👧", "é", "한글", "中文"]
)
payload = st.lists(st.one_of(payload_line, markup_words), min_size=1, max_size=3).map("\n".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 60_000), payload), max_size=6))
def test_write_then_read_round_trip(items: list[tuple[int, str]]) -> None:
    cues, start = [], 0
    for number, (length, text) in enumerate(items, start=1):
        cues.append(Cue(number, start, start + length, text))
        start += length
    written = generate_vtt(cues)
    assert_conforms(written)
    read = parse_vtt(written)
    expected = [re.sub(r"</?([IBU])>", lambda m: m.group(0).lower(), c.text) for c in cues]
    assert [(c.start_ms, c.end_ms, c.text) for c in read] == [
        (c.start_ms, c.end_ms, text) for c, text in zip(cues, expected, strict=True)
    ]
    assert len(webvtt.from_string(written).captions) == len(cues)
