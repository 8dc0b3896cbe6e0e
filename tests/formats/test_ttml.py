"""IMSC 1.1 TTML tracks: what we write, ttconv's own IMSC reader reads back
to the same cues (text, line breaks, timing, top/bottom placement, italics),
for every track the bundled project builds and for generated cues; plus the
delivery profiles (formats, SubRip line ends and BOM) and their validation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from seoultrain_i18n.config import load_project
from seoultrain_i18n.errors import ConfigError
from seoultrain_i18n.formats.srt import read_srt
from seoultrain_i18n.formats.ttml import (
    IMSC_TEXT_PROFILE,
    Placement,
    TimedLine,
    document_language,
    generate_ttml,
    generate_ttml_ttconv,
    read_ttml,
)
from seoultrain_i18n.model import Cue
from seoultrain_i18n.pipeline import build
from seoultrain_i18n.subtitles.delivery import UTF8_BOM, DeliveryProfile, render_track
from tests.site_project import bundled_copy

TTML_NS = "http://www.w3.org/ns/ttml"
TAG = re.compile(r"</?[a-zA-Z][^<>]*>|\{\\[^{}]*\}")
ITALIC_RUN = re.compile(r"<i>(.*?)</i>", re.DOTALL)


def expected(cue: Cue) -> TimedLine:
    """What a TTML consumer must see for a SubRip cue, computed independently."""
    code = re.search(r"\{\\an(\d)\}", cue.text)
    number = int(code.group(1)) if code else 2
    vertical = {0: "bottom", 1: "middle", 2: "top"}[(number - 1) // 3]
    horizontal = ("left", "center", "right")[(number - 1) % 3]
    lines = tuple(TAG.sub("", line) for line in cue.text.split("\n"))
    italic = tuple(
        piece
        for run in ITALIC_RUN.findall(cue.text)
        for piece in TAG.sub("", run).split("\n")
        if piece
    )
    return TimedLine(cue.start_ms, cue.end_ms, lines, Placement(vertical, horizontal), italic)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = bundled_copy(tmp_path_factory.mktemp("ttml") / "project")
    result = build(project, ("subtitles",), allow_incomplete=True)
    assert result.errors == []
    return project.build_dir / "subtitles"


def test_every_bundled_track_reads_back_to_the_same_cues(built: Path) -> None:
    tracks = sorted(built.glob("*.ttml"))
    assert len(tracks) >= 6
    positioned = 0
    for path in tracks:
        srt = read_srt(path.with_suffix(".srt"), language="und")
        text = path.read_text(encoding="utf-8")
        seen = read_ttml(text)
        assert seen == [expected(cue) for cue in srt.cues], path.name
        positioned += sum(line.placement.vertical == "top" for line in seen)
        tag = path.name.split(".")[1]
        assert document_language(text) == tag
    assert positioned >= 2, "the trailer's {\\an8} cues are placed at the top"


def test_bundled_ttml_signals_the_imsc_text_profile(built: Path) -> None:
    root = etree.fromstring((built / "trailer.ko.ttml").read_bytes())
    assert root.tag == f"{{{TTML_NS}}}tt"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ko"
    assert root.get("{http://www.w3.org/ns/ttml#parameter}contentProfiles") == IMSC_TEXT_PROFILE
    paragraphs = root.iter(f"{{{TTML_NS}}}p")
    first = next(paragraphs)
    assert (first.get("begin"), first.get("end")) == ("00:00:01.500", "00:00:03.565")


def test_italics_line_breaks_and_escaping() -> None:
    cues = [
        Cue(1, 0, 999, "<i>Seoul Train</i>"),
        Cue(2, 1001, 2002, "Tom & Jerry <3\nNorth <i>Korea</i>"),
        Cue(3, 3_600_000, 3_600_001, "{\\an7}<b>left</b> <font color=red>top</font>"),
    ]
    text = generate_ttml(cues, "en")
    assert read_ttml(text) == [
        TimedLine(0, 999, ("Seoul Train",), Placement(), ("Seoul Train",)),
        TimedLine(1001, 2002, ("Tom & Jerry <3", "North Korea"), Placement(), ("Korea",)),
        TimedLine(3_600_000, 3_600_001, ("left top",), Placement("top", "left")),
    ]
    assert "<3" not in text
    assert "&amp; Jerry &lt;3" in text


def test_a_cue_that_does_not_end_after_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="cue 1"):
        generate_ttml([Cue(1, 500, 500, "x")], "en")


LINE = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="<>{}"),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() == s and s.strip())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10_000_000),
            st.integers(1, 100_000),
            st.lists(LINE, min_size=1, max_size=3),
            st.sampled_from(["", "{\\an8}", "{\\an1}", "{\\an5}"]),
        ),
        max_size=8,
    )
)
def test_round_trip_through_ttconv(items: list[tuple[int, int, list[str], str]]) -> None:
    cues = [
        Cue(n, start, start + length, position + "\n".join(lines))
        for n, (start, length, lines, position) in enumerate(items, start=1)
    ]
    assert read_ttml(generate_ttml(cues, "zh-Hant")) == [expected(cue) for cue in cues]


# Cue text with every piece the writer treats apart: styles (nested, unclosed,
# upper case), dropped tags and override codes, position codes, blank and
# whitespace lines, XML specials and characters ElementTree escapes.
PIECE = st.sampled_from(
    [
        "<i>", "</i>", "<b>", "</b>", "<u>", "</u>", "<I>", "</B>", "<font color=red>",
        "</font>", "{\\an8}", "{\\an1}", "{\\an5}", "{\\i1}", "\n", "\n\n", " ", "\t",
        "&", "<3", "\"", "'", "]]>", "Tom", "北韓", "기차", "é",
    ]
)
FREE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 400_000_000),
            st.integers(1, 100_000),
            st.lists(st.one_of(PIECE, FREE), max_size=10),
        ),
        max_size=6,
    ),
    st.sampled_from(["en", "zh-Hant", "mul", "ko"]),
)
def test_the_direct_writer_writes_what_ttconv_writes(
    items: list[tuple[int, int, list[str]]], language: str
) -> None:
    cues = [
        Cue(n, start, start + length, "".join(parts))
        for n, (start, length, parts) in enumerate(items, start=1)
    ]
    assert generate_ttml(cues, language) == generate_ttml_ttconv(cues, language)


def test_the_direct_writer_writes_every_bundled_track_as_ttconv_does(built: Path) -> None:
    for path in sorted(built.glob("*.srt")):
        cues = read_srt(path, language="und").cues
        assert generate_ttml(cues, "en") == generate_ttml_ttconv(cues, "en"), path.name


# ---------------------------------------------------------------- delivery profiles


CUES = [Cue(1, 1000, 2000, "first\nline"), Cue(2, 3000, 4000, "{\\an8}second")]


def test_default_profile_writes_srt_vtt_ttml_with_lf_and_no_bom() -> None:
    files = render_track(CUES, "ko", DeliveryProfile())
    assert list(files) == ["srt", "vtt", "ttml"]
    assert not files["srt"].startswith(UTF8_BOM)
    assert b"\r\n" not in files["srt"]


def test_crlf_and_bom_apply_to_srt_only() -> None:
    files = render_track(CUES, "ko", DeliveryProfile(("srt", "vtt"), crlf=True, bom=True))
    assert list(files) == ["srt", "vtt"]
    srt = files["srt"]
    assert srt.startswith(UTF8_BOM)
    assert srt.count(b"\r\n") == srt.count(b"\n")  # every line ends CRLF
    assert srt[3:].decode("utf-8").replace("\r\n", "\n") == (
        "1\n00:00:01,000 --> 00:00:02,000\nfirst\nline\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\n{\\an8}second\n\n"
    )
    assert b"\r" not in files["vtt"]
    assert not files["vtt"].startswith(UTF8_BOM)


def test_bilingual_ttml_declares_several_languages() -> None:
    assert document_language(render_track(CUES, "ko+en", DeliveryProfile())["ttml"].decode()) == (
        "mul"
    )


def _project(tmp_path: Path, delivery: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.seoultrain-i18n.delivery]\n{delivery}\n", encoding="utf-8"
    )
    return tmp_path


def test_build_writes_the_configured_formats(tmp_path: Path) -> None:
    project = bundled_copy(tmp_path / "p")
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8")
        + '\n[tool.seoultrain-i18n.delivery]\nformats = ["ttml", "srt"]\n'
        'srt-line-ends = "crlf"\nsrt-bom = true\n',
        encoding="utf-8",
    )
    project = load_project(project.root)
    result = build(project, ("subtitles",), ["ko"], allow_incomplete=True)
    assert result.errors == []
    folder = project.build_dir / "subtitles"
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [
        "trailer.ko.srt",
        "trailer.ko.ttml",
    ]
    assert (folder / "trailer.ko.srt").read_bytes().startswith(UTF8_BOM + b"1\r\n")


@pytest.mark.parametrize(
    ("delivery", "message"),
    [
        (
            'formats = ["srt", "ttl"]',
            "delivery.formats = 'ttl': must be one of 'srt', 'vtt', 'ttml'; did you mean 'ttml'?",
        ),
        ('srt-line-ends = "cr"', "delivery.srt-line-ends = 'cr': must be one of 'lf', 'crlf'"),
        ('srt-bom = "yes"', "delivery.srt-bom = 'yes': expected true or false"),
        ("srt-boom = true", "unknown key [tool.seoultrain-i18n] delivery.srt-boom"),
    ],
)
def test_delivery_settings_are_validated(tmp_path: Path, delivery: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_project(_project(tmp_path, delivery))
    assert message in str(caught.value)
