"""HTML pages ↔ segments: golden templates for every page structure, the
render round trip, hostile translations, fallback marking, bad input and
the shared corpus."""

from __future__ import annotations

import html as html_module
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seoultrain_i18n.config import load_project
from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.extract import site_catalog
from seoultrain_i18n.formats.html import (
    Segment,
    decode_html,
    encode_text,
    parse_page,
    read_page,
    render_page,
)
from seoultrain_i18n.formats.po import generate_po

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "html"
UPDATE = os.environ.get("SEOULTRAIN_UPDATE_GOLDEN") == "1"
FIXED_DATE = "2026-01-01 00:00+0000"


def golden_pot(page_path: Path, tmp_path: Path) -> str:
    page = read_page(page_path, page_path.name)
    catalog = site_catalog(load_project(tmp_path), [page])
    catalog.set_header("POT-Creation-Date", FIXED_DATE)
    return generate_po(catalog)


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.html")))
def test_golden_template(name: str, tmp_path: Path) -> None:
    source = GOLDEN / f"{name}.html"
    expected_path = GOLDEN / f"{name}.pot"
    generated = golden_pot(source, tmp_path)
    if UPDATE:
        expected_path.write_text(generated, encoding="utf-8")
    assert generated == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.html")))
def test_golden_identity_render_is_byte_exact(name: str) -> None:
    page = read_page(GOLDEN / f"{name}.html")
    result = render_page(page, lambda segment: segment.source)
    assert result.html == page.text
    assert result.problems == []
    assert result.translated_words == result.total_words > 0


def sources(text: str) -> list[str]:
    return [segment.source for segment in parse_page(text, "page.html").segments]


def test_units_keep_inline_tags_without_attributes() -> None:
    assert sources('<p>Read <a href="film.html" class="x">the story</a> of <em>four</em>.</p>') == [
        "Read <a>the story</a> of <em>four</em>."
    ]


def test_elements_of_one_name_with_different_attributes_are_numbered() -> None:
    text = '<p><a href="a.html">One</a> and <a href="b.html">two</a> and <em>x</em><em>y</em></p>'
    assert sources(text) == ["<a1>One</a1> and <a2>two</a2> and <em>x</em><em>y</em>"]


def test_wrapper_tags_are_not_part_of_the_text() -> None:
    assert sources('<li> <strong><a href="film.html">The Film</a></strong> </li>') == ["The Film"]


def test_nested_block_splits_the_unit() -> None:
    assert sources("<div>Before <p>inside</p> after</div>") == ["Before", "inside", "after"]


def test_implied_end_tags() -> None:
    text = "<ul><li>one<li>two</ul><dl><dt>t<dd>d</dl><table><tr><td>a<td>b</table><p>x<p>y"
    assert sources(text) == ["one", "two", "t", "d", "a", "b", "x", "y"]


def test_nothing_from_script_style_comments_or_translate_no() -> None:
    text = (
        "<style>p{content:'style'}</style><script>var s = '<p>script</p>';</script>"
        "<!-- comment --><div translate=no><p>hidden</p><p translate=yes>shown</p></div>"
        "<p>visible<!-- inner --> text</p>"
    )
    assert sources(text) == ["shown", "visible text"]


def test_attributes_and_meta() -> None:
    text = (
        '<meta name="description" content="About the film">'
        '<meta property="og:title" content="Title"><meta name="keywords" content="no">'
        '<img src="a.svg" alt="A map" title="Map"><input placeholder="Name" aria-label="Your name">'
        '<input type="submit" value="Send"><input type="text" value="not text">'
    )
    assert sources(text) == ["About the film", "Title", "A map", "Map", "Name", "Your name", "Send"]


def test_entities_become_characters_and_markup_characters_stay_unambiguous() -> None:
    assert sources("<p>It&rsquo;s Q&amp;A &mdash; &lt;b&gt; &amp;copy;</p>") == [
        "It’s Q&A — &lt;b> &amp;copy;"
    ]
    assert encode_text("Q&A & AT&T <3 a<b") == "Q&A & AT&T <3 a&lt;b"


def test_context_and_note_markers() -> None:
    page = parse_page(
        '<ul data-l10n-context="footer" data-l10n-note="Footer link."><li>Home</li></ul>',
        "p.html",
    )
    [segment] = page.segments
    assert (segment.context, segment.notes) == ("footer", ("Footer link.",))


def test_identity_translation_is_byte_exact_on_every_content_page(repo_root: Path) -> None:
    pages = sorted((repo_root / "content").glob("*.html"))
    assert len(pages) == 11
    for path in pages:
        page = read_page(path)
        assert render_page(page, lambda segment: segment.source).html == page.text


# --- rendering translations ---------------------------------------------------

SOURCE = (
    '<p class="lead">Read <a href="film.html" class="more">the story</a> of '
    "<em>four</em> families.</p>"
)


def render(text: str, translations: dict[str, str | None]) -> tuple[str, list[str]]:
    page = parse_page(text, "page.html")
    result = render_page(page, lambda segment: translations.get(segment.source))
    return result.html, [str(problem) for problem in result.problems]


def test_translation_restores_source_attributes() -> None:
    html, problems = render(
        SOURCE,
        {"Read <a>the story</a> of <em>four</em> families.": "<em>네</em> 가족의 <a>이야기</a>"},
    )
    assert html == (
        '<p class="lead"><em>네</em> 가족의 <a href="film.html" class="more">이야기</a></p>'
    )
    assert problems == []


@pytest.mark.parametrize(
    ("translation", "expected", "problem"),
    [
        (
            "<script>alert(1)</script> <a>x</a> <em>y</em>",
            '&lt;script&gt;alert(1)&lt;/script&gt; <a href="film.html" class="more">x</a> '
            "<em>y</em>",
            "page.html:1: “<script>” is not markup of the source text; written as text",
        ),
        (
            '<a href="javascript:alert(1)">x</a> <em>y</em>',
            '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt; <em>y</em>',
            '“<a href="javascript:alert(1)">” is not markup',
        ),
        (
            '<img src=x onerror="alert(1)"> <a>x</a> <em>y</em>',
            '&lt;img src=x onerror="alert(1)"&gt; '
            '<a href="film.html" class="more">x</a> <em>y</em>',
            '“<img src=x onerror="alert(1)">” is not markup',
        ),
        (
            '<a href="https://evil.example/">x</a> <em>y</em>',
            '&lt;a href="https://evil.example/"&gt;x&lt;/a&gt; <em>y</em>',
            "is not markup",
        ),
        (
            "<b>x</b> <a>y</a> <em>z</em>",
            '&lt;b&gt;x&lt;/b&gt; <a href="film.html" class="more">y</a> <em>z</em>',
            "“<b>” is not markup",
        ),
        (
            "<em><a>crossed</em></a>",
            '&lt;em&gt;<a href="film.html" class="more">crossed&lt;/em&gt;</a>',
            "“</em>” is not markup",
        ),
        (
            "unclosed <em>tag <a>x</a>",
            'unclosed &lt;em&gt;tag <a href="film.html" class="more">x</a>',
            "“<em>” is not markup",
        ),
    ],
)
def test_hostile_translations_are_escaped_and_reported(
    translation: str, expected: str, problem: str
) -> None:
    html, problems = render(
        SOURCE, {"Read <a>the story</a> of <em>four</em> families.": translation}
    )
    assert html == f'<p class="lead">{expected}</p>'
    assert any(problem in line for line in problems), problems
    assert "<script" not in html
    assert "onerror=" not in html.replace('onerror="alert', "")


def test_attribute_translations_are_escaped() -> None:
    html, problems = render(
        '<img src="a.svg" alt="A map">',
        {"A map": 'x" onerror="alert(1)'},
    )
    assert html == '<img src="a.svg" alt="x&quot; onerror=&quot;alert(1)">'
    assert problems == []


def test_dropped_tag_is_reported_not_fatal() -> None:
    html, problems = render(SOURCE, {"Read <a>the story</a> of <em>four</em> families.": "이야기"})
    assert html == '<p class="lead">이야기</p>'
    assert problems == [
        "page.html:1: the translation leaves out <a> of the source text "
        "(in “Read <a>the story</a> of <em>four</em> families.”)",
        "page.html:1: the translation leaves out <em> of the source text "
        "(in “Read <a>the story</a> of <em>four</em> families.”)",
    ]


def test_missing_translation_falls_back_with_lang() -> None:
    text = (
        '<ul><li><a href="a.html">Home</a></li></ul><div>Loose text<p>Para</p></div><img alt="Map">'
    )
    page = parse_page(text, "page.html")
    result = render_page(page, lambda segment: "지도" if segment.source == "Para" else None)
    assert result.html == (
        '<ul><li lang="en"><a href="a.html">Home</a></li></ul>'
        '<div><span lang="en">Loose text</span><p>지도</p></div><img alt="Map" lang="en">'
    )
    assert (result.translated_words, result.total_words) == (1, 5)
    assert result.translated_segments == 1


def test_fallback_lang_none_leaves_the_page_alone() -> None:
    page = parse_page("<p>Text</p>", "page.html")
    assert render_page(page, lambda segment: None, fallback_lang=None).html == "<p>Text</p>"


def test_title_and_attributes_are_translated_in_place() -> None:
    text = (
        '<title>The Film</title><meta name="description" content="About">'
        '<p>See the <abbr title="United Nations">UN</abbr> &amp; more<br>next</p>'
    )
    html, problems = render(
        text,
        {
            "The Film": "<b>영화</b> & 소개",
            "About": "소개 & <정보>",
            "See the <abbr>UN</abbr> & more<br/>next": "<abbr>유엔</abbr> 및 기타<br>다음",
            "United Nations": "국제 연합",
        },
    )
    assert html == (
        "<title>&lt;b&gt;영화&lt;/b&gt; &amp; 소개</title>"
        '<meta name="description" content="소개 &amp; &lt;정보&gt;">'
        '<p><abbr title="국제 연합">유엔</abbr> 및 기타<br>다음</p>'
    )
    assert len(problems) == 2  # <b> and </b> in the title; <정보> is not tag-like


def test_pre_keeps_whitespace() -> None:
    page = parse_page("<pre>\n  two  spaces\n   and more\n</pre>", "p.html")
    assert [s.source for s in page.segments] == ["two  spaces\n   and more"]


# --- bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<p>ok</p>\n<!-- never closed", "page.html:2: comment opened here is never closed"),
        ("<p>ok</p>\n\n<script>var x;", "page.html:3: <script> opened here is never closed"),
        ("<title>no end", "page.html:1: <title> opened here is never closed"),
        ("<p>a\x00b</p>", "page.html:1: contains the control character U+0000"),
        ('<p>a</p>\n<a href="x', "page.html:2: the <a> tag opened here is never closed"),
    ],
)
def test_unparseable_pages_are_rejected(text: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_page(text, "page.html")
    assert str(caught.value) == message


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(b"<p>ok</p>\n<p>\xff\xfe bad</p>")
    with pytest.raises(ParseError) as caught:
        read_page(path, "content/bad.html")
    assert str(caught.value) == "content/bad.html:2: not valid UTF-8: byte 0xFF cannot be decoded"


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError) as caught:
        read_page(tmp_path / "missing.html", "content/missing.html")
    assert str(caught.value) == "content/missing.html: cannot read: No such file or directory"


def test_encodings() -> None:
    assert decode_html("<p>é</p>".encode("utf-16"), "p") == ("<p>é</p>", "utf-16-le")
    assert decode_html(b"\xef\xbb\xbf<p>x</p>", "p") == ("<p>x</p>", "utf-8")
    legacy = '<meta charset="windows-1252"><p>caf\xe9</p>'.encode("cp1252")
    assert decode_html(legacy, "p") == ('<meta charset="windows-1252"><p>café</p>', "cp1252")
    euc = '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr"><p>서울</p>'
    assert decode_html(euc.encode("euc-kr"), "p")[0] == euc


# --- the shared corpus ------------------------------------------------------------


def test_every_corpus_page_is_read_fully_or_rejected_cleanly(corpus: Path) -> None:
    files = sorted((corpus / "html").rglob("*.html"))
    assert len(files) >= 15
    rejected: list[str] = []
    for path in files:
        try:
            page = read_page(path)
        except ParseError as error:
            rejected.append(str(error))
            continue
        identity = render_page(page, lambda segment: segment.source).html
        if re.search(r"charset\s*=\s*[\"']?(?!utf-?8)", page.text, re.IGNORECASE):
            assert "utf-8" in identity  # the declaration is corrected, the rest kept
        else:
            assert identity == page.text, path
        swapped = render_page(page, swap_case)
        again = parse_page(swapped.html, "again.html")
        assert [s.source for s in again.segments] == [swap_case(s) for s in page.segments], path
    assert rejected == []  # every corpus page is valid enough to read


def test_corpus_expectations(corpus: Path) -> None:
    tt = read_page(corpus / "html" / "translate-toolkit" / "template.html")
    assert [s.source for s in tt.segments] == ["One", "†wo"]
    bom = read_page(corpus / "html" / "okapi" / "FFFEBOM.html")
    assert bom.encoding == "utf-16-le"
    table = read_page(corpus / "html" / "po4a-xhtml" / "table.html")
    assert "The table caption" in [s.source for s in table.segments]


# --- properties -------------------------------------------------------------------

_TAG_OR_TEXT = re.compile(r"(<[^<>]*>)")


def swap_case(segment: Segment | str) -> str:
    """A 'translation' that changes every letter and keeps every tag."""
    source = segment if isinstance(segment, str) else segment.source
    pieces = _TAG_OR_TEXT.split(source)
    return "".join(
        piece if index % 2 else encode_text(html_module.unescape(piece).swapcase())
        for index, piece in enumerate(pieces)
    )


WORDS = st.sampled_from(
    ["Seoul", "train", "refugee", "&amp;", "&rsquo;", "Q&A", "  ", "\n", "한국", "&lt;", "x>y", "ß"]
)
INLINE = st.sampled_from(["em", "strong", "a", "abbr", "code", "span"])
BLOCKS = st.sampled_from(["p", "li", "div", "td", "h2", "blockquote", "figcaption"])


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 9))
        if choice < 5 or depth > 2:
            parts.append(" ".join(draw(st.lists(WORDS, min_size=1, max_size=4))))
        elif choice < 7:
            tag = draw(INLINE)
            attribute = draw(st.sampled_from(["", ' class="c"', ' href="x.html"', " title='T'"]))
            parts.append(f"<{tag}{attribute}>{draw(fragments(depth + 1))}</{tag}>")
        elif choice == 7:
            parts.append(
                draw(st.sampled_from(["<br>", '<img src="i.svg" alt="pic">', "<!-- c -->"]))
            )
        else:
            tag = draw(BLOCKS)
            parts.append(f"<{tag}>{draw(fragments(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=100, deadline=None)
@given(fragments())
def test_identity_render_reproduces_generated_html(body: str) -> None:
    text = f"<!DOCTYPE html>\n<html><body>\n<div>{body}</div>\n</body></html>\n"
    page = parse_page(text, "gen.html")
    assert render_page(page, lambda segment: segment.source).html == text


@settings(max_examples=100, deadline=None)
@given(fragments())
def test_rendered_translations_extract_as_themselves(body: str) -> None:
    text = f"<div>{body}</div>"
    page = parse_page(text, "gen.html")
    result = render_page(page, swap_case)
    assert result.problems == []
    again = parse_page(result.html, "gen.html")
    assert [s.source for s in again.segments] == [swap_case(s) for s in page.segments]


def test_output_declares_utf8() -> None:
    text = (
        '<meta charset="windows-1252">'
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>x</p>'
    )
    page = parse_page(text, "p.html")
    assert render_page(page, lambda segment: segment.source).html == (
        '<meta charset="utf-8"><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        "<p>x</p>"
    )


def test_control_characters_in_translations_are_replaced() -> None:
    html, _ = render("<p>Text</p>", {"Text": "a\x00b"})
    assert html == "<p>a\ufffdb</p>"


def test_deeply_nested_page_is_rejected_cleanly() -> None:
    with pytest.raises(ParseError) as caught:
        parse_page("<div>" * 5000 + "x", "deep.html")
    assert str(caught.value) == "deep.html: elements are nested too deeply to read"


def test_each_link_of_a_link_bar_is_its_own_message() -> None:
    bar = '<p><a href="index.html">Home</a> | <a href="film.html">The Film</a></p>'
    assert sources(bar) == ["Home", "The Film"]
    # Separators may be any punctuation, line breaks or images; wrappers around one link count.
    assert sources(
        '<td><a href="a">Home</a><br>&middot; <b><a href="b">Bios</a></b> <img src="x"> '
        '<a href="c">Q&amp;A</a></td>'
    ) == ["Home", "Bios", "Q&A"]


@pytest.mark.parametrize(
    "text",
    [
        '<p>Read <a href="a">this</a> or <a href="b">that</a>.</p>',  # words between links
        '<p>See: <a href="a">A</a> | <a href="b">B</a></p>',  # a label before the bar
        '<p><a href="a">Only one</a> |</p>',  # a single link is an ordinary unit
        '<p><a href="a">Home</a> <a name="top">Top</a></p>',  # an anchor is not a link
        '<p><a href="a">Home</a> <em>now</em> <a href="b">Bios</a></p>',  # text outside links
    ],
)
def test_prose_with_links_stays_one_message(text: str) -> None:
    assert len(sources(text)) == 1


def test_link_bar_labels_are_translated_in_place_and_separators_kept() -> None:
    text = (
        '<nav><p><a href="index.html" class="on">Home</a> | '
        '<a href="film.html">The Film</a> | <a href="qa.html">Q&amp;A</a></p></nav>'
    )
    output, problems = render(text, {"Home": "홈", "The Film": "<영화>", "Q&A": None})
    assert problems == []
    assert output == (
        '<nav><p><a href="index.html" class="on">홈</a> | '
        '<a href="film.html">&lt;영화&gt;</a> | '
        '<a href="qa.html"><span lang="en">Q&amp;A</span></a></p></nav>'
    )
    # The rendered bar extracts as the translated labels, one message each.
    assert sources(output) == ["홈", "<영화>", "Q&A"]


@pytest.mark.parametrize(
    ("body", "source"),
    [
        ("&lt;<!-- c -->x>y", "&lt;x>y"),  # not the tag <x>
        ("a &amp;<!-- c -->lt; b", "a &amp;lt; b"),  # not the entity &lt;
        ("R&amp;<!-- c -->D", "R&D"),  # as without the comment
        ("<em>&lt;<!-- c -->b</em>c", "<em>&lt;b</em>c"),
    ],
)
def test_text_around_a_comment_is_encoded_as_one(body: str, source: str) -> None:
    page = parse_page(f"<p>{body}</p>", "page.html")
    assert [segment.source for segment in page.segments] == [source]
    result = render_page(page, lambda segment: segment.source)
    assert (result.html, result.problems) == (f"<p>{body}</p>", [])
