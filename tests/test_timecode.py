"""timecode: the one module that writes and reads timestamps."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.timecode import (
    SRT_TIME,
    find_srt_ranges,
    srt_milliseconds,
    srt_range,
    srt_timestamp,
    vtt_milliseconds,
    vtt_timestamp,
)

MS = st.integers(min_value=0, max_value=400 * 3_600_000)


def test_written_forms() -> None:
    assert srt_timestamp(0) == "00:00:00,000"
    assert srt_timestamp(3_723_004) == "01:02:03,004"
    assert srt_timestamp(-250) == "-00:00:00,250"
    assert vtt_timestamp(1500) == "00:00:01.500"
    assert vtt_timestamp(360_000_001) == "100:00:00.001"
    assert srt_range(1000, 2500) == "00:00:01,000 --> 00:00:02,500"


def test_ranges_are_found_in_notes() -> None:
    note = "Cue 3: 00:00:01,000 --> 00:00:02,500 (1.50 s); also 00:01:00.000 --> 00:01:02.000"
    assert find_srt_ranges(note) == [
        "00:00:01,000 --> 00:00:02,500",
        "00:01:00.000 --> 00:01:02.000",
    ]


@pytest.mark.parametrize(
    ("written", "ms"),
    [("00:00:01,5", 1500), ("0:0:1.25", 1250), ("00:00:01", 1000), ("01:00:00,001", 3_600_001)],
)
def test_srt_reading_accepts_what_players_accept(written: str, ms: int) -> None:
    match = re.fullmatch(SRT_TIME, written)
    assert match is not None
    assert srt_milliseconds(match.groups(), "a.srt", 4) == ms


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("-00:00:01,000", "negative time"),
        ("00:61:00,000", "minutes and seconds must be 00–59"),
        ("00:00:01,0001", "milliseconds with 4 digits"),
    ],
)
def test_srt_reading_refuses_impossible_times(written: str, problem: str) -> None:
    match = re.fullmatch(SRT_TIME, written)
    assert match is not None
    with pytest.raises(ParseError, match=problem) as caught:
        srt_milliseconds(match.groups(), "a.srt", 4)
    assert str(caught.value).startswith("a.srt:4: ")


@pytest.mark.parametrize("written", ["00:00:01,000", "0:00:01.000", "00:00:01.00", "00:60.000"])
def test_vtt_reading_is_strict(written: str) -> None:
    with pytest.raises(ParseError, match="malformed WebVTT timestamp"):
        vtt_milliseconds(written, "a.vtt", 2)


@given(MS)
def test_srt_round_trip(ms: int) -> None:
    match = re.fullmatch(SRT_TIME, srt_timestamp(ms))
    assert match is not None
    assert srt_milliseconds(match.groups(), "a.srt", 1) == ms


@given(MS)
def test_vtt_round_trip(ms: int) -> None:
    assert vtt_milliseconds(vtt_timestamp(ms), "a.vtt", 1) == ms
    assert vtt_milliseconds(vtt_timestamp(ms % 3_600_000)[3:], "a.vtt", 1) == ms % 3_600_000
