"""Property-based round trips for every reader and writer.

Each property writes generated content (every script, emoji, bidi controls,
control characters, markup-looking text; see ``strategies``) with our writer,
reads it back with our reader (and, where there is one, an independent
reader: GNU gettext, Python's ``gettext``, webvtt-py) and asserts that
nothing is lost or corrupted beyond the normalisation the format documents.
The example counts come from the hypothesis profile (``ci`` by default,
``HYPOTHESIS_PROFILE=fuzz`` for the long run in ``scripts/fuzz.py``).

These complement the narrower properties in ``tests/formats/``: those check
timings or a single unit; these check the text, every PO field, MO through
two readers, whole TMX documents, encodings and generated HTML pages.
"""

from __future__ import annotations

import contextlib
import gettext
import html as html_module
import io
import re
import shutil
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import webvtt
from hypothesis import assume, given
from hypothesis import strategies as st

from seoultrain_i18n.errors import I18nError, ParseError
from seoultrain_i18n.formats.encoding import decode_bytes
from seoultrain_i18n.formats.html import encode_text, parse_page, read_page, render_page
from seoultrain_i18n.formats.mo import generate_mo, read_mo
from seoultrain_i18n.formats.po import canonical_flags, generate_po, parse_po, read_po
from seoultrain_i18n.formats.srt import TIMING_CANDIDATE, generate_srt, parse_srt, read_srt
from seoultrain_i18n.formats.tmx import TmxDocument, TranslationUnit, generate_tmx, read_tmx
from seoultrain_i18n.formats.vtt import generate_vtt, parse_vtt, read_vtt
from seoultrain_i18n.markup import ASS_CODE, VTT_FONT_TAGS, VTT_KEPT_TAGS
from seoultrain_i18n.model import Catalog, Cue, Message
from seoultrain_i18n.subtitles.linebreak import break_lines, display_width
from seoultrain_i18n.subtitles.norms import norms_for
from seoultrain_i18n.timecode import vtt_timestamp

from . import strategies as s

LINE_BREAK = re.compile(r"\r\n|\r|\n")


# ---------------------------------------------------------------- SubRip


def subtitle_lines(text: str) -> list[str]:
    """What a subtitle file keeps of a cue's text: non-blank lines, right-trimmed."""
    return [line.rstrip() for line in LINE_BREAK.split(text) if line.strip()]


def srt_text() -> st.SearchStrategy[str]:
    return s.text(controls=True, line_breaks=True, max_pieces=8).filter(
        lambda text: not any(TIMING_CANDIDATE.match(line) for line in subtitle_lines(text))
    )


SRT_SETTINGS = st.sampled_from(["", "X1:100 X2:600 Y1:10 Y2:50", "x1:-1 x2:2 y1:3 y2:4"])


@st.composite
def srt_cues(draw: st.DrawFn, text: st.SearchStrategy[str] | None = None) -> list[Cue]:
    count = draw(st.integers(0, 6))
    cues = []
    for number in range(1, count + 1):
        start = draw(st.integers(0, 100 * 3_600_000 - 1))
        end = draw(st.integers(0, 100 * 3_600_000 - 1))  # ill-timed cues are read as written
        cue_text = srt_text() if text is None else text
        cues.append(Cue(number, start, end, draw(cue_text), settings=draw(SRT_SETTINGS)))
    return cues


def srt_view(cues: list[Cue]) -> list[tuple[int, int, int, str, str]]:
    return [
        (cue.index, cue.start_ms, cue.end_ms, "\n".join(subtitle_lines(cue.text)), cue.settings)
        for cue in cues
    ]


@given(srt_cues(), st.sampled_from(["\n", "\r\n"]))
def test_srt_write_then_read_keeps_every_cue_and_its_text(cues: list[Cue], eol: str) -> None:
    written = generate_srt(cues, eol=eol)
    assert srt_view(parse_srt(written, "gen.srt")) == srt_view(cues)


@given(srt_cues(), st.sampled_from(["utf-8-sig", "utf-16", "utf-32", "utf-16-be"]))
def test_srt_file_in_a_unicode_encoding_reads_back(
    tmp_path_factory: pytest.TempPathFactory, cues: list[Cue], codec: str
) -> None:
    path = tmp_path_factory.mktemp("srt") / "film.ko.srt"
    text = generate_srt(cues)
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    track = read_srt(path)
    assert srt_view(track.cues) == srt_view(cues)


LEGACY = {
    "ko": ("cp949", s.HANGUL + s.ASCII_WORDS),
    "zh-Hans": ("gbk", s.HAN_SIMPLIFIED + s.ASCII_WORDS + ("，", "。")),
    "zh-Hant": ("big5", s.HAN_TRADITIONAL + s.ASCII_WORDS + ("，", "。")),
}


@given(st.sampled_from(sorted(LEGACY)), st.data())
def test_srt_in_a_legacy_cjk_encoding_reads_back(
    tmp_path_factory: pytest.TempPathFactory, language: str, data: st.DataObject
) -> None:
    codec, vocabulary = LEGACY[language]
    line = st.lists(st.sampled_from(vocabulary), min_size=1, max_size=5).map(" ".join)
    text = st.lists(line, min_size=1, max_size=2).map("\n".join)
    cues = data.draw(srt_cues(text))
    path = tmp_path_factory.mktemp("legacy") / f"film.{language}.srt"
    path.write_bytes(generate_srt(cues, eol="\r\n").encode(codec))
    track = read_srt(path, language=language)
    assert srt_view(track.cues) == srt_view(cues)


# ---------------------------------------------------------------- WebVTT


def vtt_expected(text: str) -> str:
    """A cue's text as WebVTT keeps it: ASS blocks and <font> dropped, <i>/<b>/<u> lower-cased."""
    text = ASS_CODE.sub("", VTT_FONT_TAGS.sub("", text))
    text = VTT_KEPT_TAGS.sub(lambda match: match.group(0).lower(), text)
    return "\n".join(subtitle_lines(text))


@given(st.lists(st.tuples(st.integers(0, 5_000), st.integers(1, 90_000), srt_text()), max_size=6))
def test_vtt_write_then_read_keeps_every_cue_and_its_text(
    items: list[tuple[int, int, str]],
) -> None:
    cues, start = [], 0
    for number, (gap, length, text) in enumerate(items, start=1):
        start += gap
        cues.append(Cue(number, start, start + length, text))
    written = generate_vtt(cues)
    read = parse_vtt(written, "gen.vtt")
    assert [(c.start_ms, c.end_ms, c.text) for c in read] == [
        (c.start_ms, c.end_ms, vtt_expected(c.text)) for c in cues
    ]
    assert "-->" not in "".join(line for line in written.split("\n") if "-->" not in line[:30])
    # An independent reader sees the same cues.
    captions = webvtt.from_buffer(io.StringIO(written)).captions
    assert [(c.start, c.end) for c in captions] == [
        (vtt_timestamp(c.start_ms), vtt_timestamp(c.end_ms)) for c in cues
    ]


# ---------------------------------------------------------------- PO


def po_string(*, min_pieces: int = 0) -> st.SearchStrategy[str]:
    # gettext cannot carry NUL or EOT (MO files separate strings and contexts with them).
    return s.text(controls=True, line_breaks=True, min_pieces=min_pieces).map(
        lambda text: text.replace("\x00", "").replace("\x04", "")
    )


comment_line = s.line(controls=True, min_pieces=0).map(lambda text: text.replace("\x00", ""))
reference = st.from_regex(
    r"[A-Za-z0-9_./-]{0,19}[A-Za-z0-9_](:[0-9]{1,4})?", fullmatch=True
) | st.sampled_from(["content/film.html:41", "./subtitles/서울.srt:3", "src/中文.py", "a.html:1"])
flag = st.sampled_from(
    [
        "fuzzy",
        "c-format",
        "no-c-format",
        "python-format",
        "python-brace-format",
        "no-wrap",
        "wrap",
        "range: 0..5",
        "x-custom",
        "possible-c-format",
    ]
)


@st.composite
def po_messages(draw: st.DrawFn, nplurals: int) -> list[Message]:
    messages: list[Message] = []
    keys: set[tuple[str | None, str]] = set()
    for _ in range(draw(st.integers(0, 6))):
        context = draw(st.none() | po_string())
        source = draw(po_string(min_pieces=1 if context is None else 0))
        obsolete = draw(st.booleans())
        key = (context, source)  # msgfmt refuses a live and an obsolete entry with one key
        if (context is None and source == "") or key in keys:
            continue
        keys.add(key)
        plural = draw(st.none() | po_string(min_pieces=1))
        forms = [draw(po_string()) for _ in range(nplurals)] if plural is not None else []
        previous = draw(st.booleans())
        messages.append(
            Message(
                source=source,
                translation=forms[0] if plural is not None else draw(po_string()),
                context=context,
                source_plural=plural,
                plural_translations=forms,
                references=draw(st.lists(reference, max_size=3)),
                notes=draw(st.lists(comment_line, max_size=2)),
                comments=draw(st.lists(comment_line, max_size=2)),
                flags=draw(st.lists(flag, max_size=3, unique=True)),
                previous_context=draw(st.none() | po_string()) if previous else None,
                previous_source=draw(po_string()) if previous else None,
                previous_source_plural=(
                    draw(st.none() | po_string()) if previous and plural is not None else None
                ),
                obsolete=obsolete,
            )
        )
    return messages


@st.composite
def po_catalogs(draw: st.DrawFn) -> Catalog:
    nplurals = draw(st.integers(1, 3))
    expression = {1: "0", 2: "(n != 1)", 3: "(n==1 ? 0 : n==2 ? 1 : 2)"}[nplurals]
    header = [
        ("Project-Id-Version", "seoultrain " + draw(s.line(min_pieces=0)).strip()),
        ("Language", draw(st.sampled_from(["ko", "en", "zh_Hans", "zh_Hant"]))),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", f"nplurals={nplurals}; plural={expression};"),
    ]
    return Catalog(
        domain="site",
        locale="ko",
        header=header,
        header_comments=draw(st.lists(comment_line, max_size=3)),
        header_flags=draw(st.sampled_from([[], ["fuzzy"]])),
        messages=draw(po_messages(nplurals)),
    )


def comment_lines(texts: list[str]) -> list[str]:
    """Comments as a PO file holds them: one per line."""
    return [part for text in texts for part in text.split("\n")]


def po_view(message: Message) -> tuple[object, ...]:
    """Everything a PO file must keep of a message (its line is where it was read)."""

    references = []
    for item in message.references:
        while item.startswith("./"):
            item = item[2:]
        references.append(item)
    return (
        message.obsolete,
        message.context,
        message.source,
        message.source_plural,
        message.translation,
        message.plural_translations,
        list(dict.fromkeys(references)),
        comment_lines(message.notes),
        comment_lines(message.comments),
        canonical_flags(message.flags),
        message.previous_context,
        message.previous_source,
        message.previous_source_plural,
    )


def expected_po(catalog: Catalog) -> list[tuple[object, ...]]:
    ordered = catalog.live() + catalog.obsolete()  # msgcat's order: obsolete entries last
    return [po_view(message) for message in ordered]


@given(po_catalogs())
def test_po_write_then_read_keeps_every_field(catalog: Catalog) -> None:
    written = generate_po(catalog)
    back = parse_po(written.encode("utf-8"), Path("gen.po"), locale="ko")
    assert [po_view(message) for message in back.messages] == expected_po(catalog)
    assert back.header == catalog.header
    assert back.header_comments == comment_lines(catalog.header_comments)
    assert back.header_flags == catalog.header_flags
    # Writing what was read changes nothing (no churn).
    assert generate_po(back) == written


# GNU gettext as a second opinion: msgfmt compiles our PO text into the same
# MO strings as our own compiler (so gettext reads every field as we do).
@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
@s.subprocess_settings
@given(po_catalogs(), st.booleans())
def test_msgfmt_reads_our_po_as_we_do(
    tmp_path_factory: pytest.TempPathFactory, catalog: Catalog, use_fuzzy: bool
) -> None:
    without_edge_newlines(catalog)
    folder = tmp_path_factory.mktemp("po")
    (folder / "gen.po").write_text(generate_po(catalog), encoding="utf-8")
    command = ["msgfmt", *(["--use-fuzzy"] if use_fuzzy else []), "-o", "gnu.mo", "gen.po"]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    (folder / "ours.mo").write_bytes(generate_mo(catalog, use_fuzzy=use_fuzzy))
    gnu, ours = read_mo(folder / "gnu.mo"), read_mo(folder / "ours.mo")
    assert gnu.header == ours.header
    assert sorted(map(mo_view, gnu.messages), key=repr) == sorted(
        map(mo_view, ours.messages), key=repr
    )


def without_edge_newlines(catalog: Catalog) -> None:
    """Strip newlines at both ends of msgids and msgstrs (msgfmt requires them to agree)."""
    keys: set[tuple[str | None, str]] = set()
    kept = []
    for message in catalog.messages:
        message.source = message.source.strip("\n")
        if message.source_plural is not None:
            message.source_plural = message.source_plural.strip("\n")
        message.translation = message.translation.strip("\n")
        message.plural_translations = [form.strip("\n") for form in message.plural_translations]
        if message.plural_translations:
            message.translation = message.plural_translations[0]
        if message.key in keys or message.key == (None, ""):
            continue
        keys.add(message.key)
        kept.append(message)
    catalog.messages = kept


# ---------------------------------------------------------------- MO


mo_string = po_string()


@st.composite
def mo_catalogs(draw: st.DrawFn) -> Catalog:
    messages: dict[tuple[str | None, str], Message] = {}
    for _ in range(draw(st.integers(0, 8))):
        context = draw(st.none() | mo_string)
        source = draw(mo_string.filter(bool))
        if draw(st.booleans()):
            forms = [draw(mo_string.filter(bool)), draw(mo_string.filter(bool))]
            plural = draw(mo_string.filter(bool))
            message = Message(source, forms[0], context, plural, forms)
        else:
            message = Message(source, draw(mo_string), context)
        message.flags = draw(st.sampled_from([[], ["fuzzy"]]))
        messages.setdefault((context, source), message)
    return Catalog(
        domain="site",
        locale="ko",
        header=[
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
        ],
        messages=list(messages.values()),
    )


@given(mo_catalogs(), st.booleans())
def test_mo_is_read_back_by_python_gettext_and_our_reader(
    tmp_path_factory: pytest.TempPathFactory, catalog: Catalog, use_fuzzy: bool
) -> None:
    data = generate_mo(catalog, use_fuzzy=use_fuzzy)
    included = [m for m in catalog if m.translated and (use_fuzzy or not m.fuzzy)]
    translations = gettext.GNUTranslations(io.BytesIO(data))
    for message in included:
        if message.source_plural is None:
            if message.context is None:
                assert translations.gettext(message.source) == message.translation
            else:
                got = translations.pgettext(message.context, message.source)
                assert got == message.translation
        else:
            one, other = message.plural_translations
            if message.context is None:
                assert translations.ngettext(message.source, message.source_plural, 1) == one
                assert translations.ngettext(message.source, message.source_plural, 5) == other
            else:
                got = translations.npgettext(message.context, message.source, "x", 5)
                assert got == other
    path = tmp_path_factory.mktemp("mo") / "site.mo"
    path.write_bytes(data)
    back = read_mo(path)
    assert back.header == catalog.header

    assert sorted(map(mo_view, back.messages), key=repr) == sorted(map(mo_view, included), key=repr)


def mo_view(message: Message) -> tuple[object, ...]:
    return (
        message.context,
        message.source,
        message.source_plural,
        message.translation,
        message.plural_translations if message.source_plural else [],
    )


# ---------------------------------------------------------------- TMX


tmx_text = s.text(controls=True, line_breaks=True, max_pieces=6)


@st.composite
def tmx_documents(draw: st.DrawFn) -> TmxDocument:
    units = []
    for _ in range(draw(st.integers(0, 5))):
        languages = draw(
            st.lists(st.sampled_from(["en", "ko", "zh-Hans", "zh-Hant"]), min_size=1, unique=True)
        )
        units.append(
            TranslationUnit(
                segments={language: draw(tmx_text) for language in languages},
                context=draw(st.none() | tmx_text),
                origin=draw(st.none() | st.sampled_from(["memory", "deepl", "opencc"])),
                note=draw(st.none() | tmx_text),
            )
        )
    return TmxDocument(source_language=draw(st.sampled_from(["en", "ko"])), units=units)


@given(tmx_documents())
def test_tmx_write_then_read_keeps_every_writable_unit(
    tmp_path_factory: pytest.TempPathFactory, document: TmxDocument
) -> None:
    text, skipped = generate_tmx(document)
    path = tmp_path_factory.mktemp("tmx") / "memory.tmx"
    path.write_text(text, encoding="utf-8", newline="")
    back = read_tmx(path)

    def writable(unit: TranslationUnit) -> bool:
        texts = [*unit.segments.values(), unit.context or "", unit.note or ""]
        return all(s.xml_safe(value) for value in texts)

    kept = [unit for unit in document.units if writable(unit)]
    assert skipped == len(document.units) - len(kept)
    assert back.source_language == document.source_language
    assert [(u.segments, u.context, u.origin, u.note or None) for u in back.units] == [
        (u.segments, u.context, u.origin, u.note or None) for u in kept
    ]


# ---------------------------------------------------------------- encodings


@given(
    s.text(controls=True, line_breaks=True, max_pieces=10),
    st.sampled_from(["utf-8-sig", "utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-be"]),
)
def test_decoding_text_with_a_byte_order_mark_gives_it_back(text: str, codec: str) -> None:
    data = text.encode(codec)
    if codec in ("utf-16-le", "utf-16-be", "utf-32-be"):
        data = ("\ufeff" + text).encode(codec)
    # FF FE 00 00 is both the UTF-32 LE BOM and UTF-16 LE's BOM before a NUL: such
    # text is ambiguous (it is read as UTF-16 LE only when it is not valid UTF-32 LE).
    assume(not (codec in ("utf-16", "utf-16-le") and text.startswith("\x00")))
    assert decode_bytes(data, language="ko").text == text


@given(
    s.text(controls=True, line_breaks=True, max_pieces=10),
    st.sampled_from([None, "ko", "zh-Hans", "zh-Hant", "en"]),
)
def test_utf8_is_always_read_as_utf8(text: str, language: str | None) -> None:
    assume(not text.startswith("\ufeff"))
    # NUL is no text: bytes with NULs in every other position are read as the UTF-16
    # they then are (a file saved as UTF-16 without a byte order mark).
    assume("\x00" not in text)
    decoded = decode_bytes(text.encode("utf-8"), language=language)
    assert (decoded.text, decoded.encoding) == (text, "utf-8")


@given(st.binary(max_size=200), st.sampled_from([None, "ko", "zh-Hans", "zh-Hant"]))
def test_any_bytes_decode_or_fail_cleanly(data: bytes, language: str | None) -> None:
    try:
        decode_bytes(data, language=language)
    except ParseError as error:
        message = str(error)
    else:
        return
    assert message.startswith("<bytes>:")


# ---------------------------------------------------------------- HTML


def html_text(value: str) -> str:
    """Text content as an author might write it, with a mix of references."""
    value = html_module.escape(value, quote=False)
    return value.replace("’", "&rsquo;").replace("🚆", "&#x1F686;").replace("서", "&#49436;")


def attribute(value: str) -> str:
    return '"' + html_module.escape(value, quote=True) + '"'


INLINE = ("em", "strong", "a", "abbr", "code", "span", "i", "b", "q", "small")
FLOW_BLOCKS = ("div", "blockquote", "figcaption", "section")
LIST_ITEMS = ("li", "dd")  # a second <li> inside one closes it: only when not ``valid``
PHRASING_BLOCKS = ("p", "h2", "button", "label")  # hold phrasing content only
ATOMS = (
    "<br>",
    "<br/>",
    "<wbr>",
    "<!-- note -->",
    '<span translate="no">SEOUL TRAIN</span>',
    "<script>if (a < b && c) { x = '</p>'; }</script>",
)


@st.composite
def html_fragments(
    draw: st.DrawFn,
    text: st.SearchStrategy[str],
    depth: int = 0,
    *,
    phrasing: bool = False,
    in_link: bool = False,
    valid: bool = True,
) -> str:
    """Body content. ``valid`` keeps HTML's content models (no block inside a
    paragraph, no link inside a link), so that no end tag is stray; otherwise
    anything nests (the parser's error recovery is exercised)."""
    parts: list[str] = []
    blocks_allowed = not (valid and phrasing)
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 12))
        if choice < 5 or depth > 2:
            parts.append(html_text(draw(text)))
        elif choice < 7:
            inline = [n for n in INLINE if not (valid and in_link and n == "a")]
            tag = draw(st.sampled_from(inline))
            attributes = draw(
                st.sampled_from(
                    ["", ' class="c"', ' href="film.html"', " href='q.html?a=1&amp;b=2'"]
                )
            )
            if draw(st.booleans()):
                attributes += f" title={attribute(draw(text))}"
            inner = html_fragments(
                text, depth + 1, phrasing=True, in_link=in_link or tag == "a", valid=valid
            )
            parts.append(f"<{tag}{attributes}>{draw(inner)}</{tag}>")
        elif choice == 7:
            parts.append(draw(st.sampled_from(ATOMS)))
        elif choice == 8:
            parts.append(f'<img src="i.png" alt={attribute(draw(text))}>')
        elif choice == 9:
            marker = draw(st.sampled_from(["data-l10n-context", "data-l10n-note"]))
            tag = "p" if blocks_allowed else "span"
            inner = html_fragments(text, depth + 1, phrasing=True, in_link=in_link, valid=valid)
            parts.append(f"<{tag} {marker}={attribute(draw(text))}>{draw(inner)}</{tag}>")
        elif blocks_allowed:
            names = FLOW_BLOCKS + PHRASING_BLOCKS + (() if valid else LIST_ITEMS)
            tag = draw(st.sampled_from(names))
            inner = html_fragments(
                text, depth + 1, phrasing=tag in PHRASING_BLOCKS, in_link=in_link, valid=valid
            )
            parts.append(f"<{tag}>{draw(inner)}</{tag}>")
    return draw(st.sampled_from(["", " ", "\n  "])).join(parts)


@st.composite
def html_pages(draw: st.DrawFn, text: st.SearchStrategy[str], *, valid: bool = True) -> str:
    title = html_text(draw(text))
    description = attribute(draw(text))
    body = draw(html_fragments(text, valid=valid))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<meta name="description" content={description}>\n'
        f"</head>\n<body>\n<main>{body}</main>\n</body>\n</html>\n"
    )


html_any_text = s.text(controls=True, line_breaks=True)
html_clean_text = s.text(line_breaks=True)


@given(html_pages(html_any_text, valid=False))
def test_html_identity_translation_reproduces_the_page_or_the_page_is_refused(
    page_text: str,
) -> None:
    try:
        page = parse_page(page_text, "gen.html")
    except ParseError as error:
        refused = str(error)
    else:
        refused = ""
    if refused:
        assert "contains the control character" in refused
        return
    result = render_page(page, lambda segment: segment.source)
    assert result.html == page_text
    assert result.problems == []


@given(html_pages(html_clean_text), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_html_file_identity_render_is_byte_exact(
    tmp_path_factory: pytest.TempPathFactory, page_text: str, codec: str
) -> None:
    path = tmp_path_factory.mktemp("html") / "page.html"
    path.write_bytes(page_text.encode(codec))
    page = read_page(path)
    assert render_page(page, lambda segment: segment.source).html == page_text


TAG = re.compile(r"(<[^<>]*>)")
HTML_SPACE = re.compile(r"[\t\n\f\r ]+")


def replacement_words() -> st.SearchStrategy[list[str]]:
    word = s.words().map(lambda text: HTML_SPACE.sub(" ", text).strip(" ")).filter(bool)
    return st.lists(word, min_size=1, max_size=8)


def translate(source: str, words: list[str]) -> str:
    """Every text piece of ``source`` replaced by a word; tags and spacing kept."""
    out = []
    for piece in TAG.split(source):
        if not piece or TAG.fullmatch(piece) or not piece.strip(" "):
            out.append(piece)
            continue
        word = words[zlib.crc32(piece.encode("utf-8")) % len(words)]
        lead = piece[: len(piece) - len(piece.lstrip(" "))]
        trail = piece[len(piece.rstrip(" ")) :]
        out.append(lead + encode_text(word) + trail)
    return "".join(out)


@given(html_pages(html_clean_text), replacement_words())
def test_html_translated_page_extracts_as_its_translations(
    page_text: str, words: list[str]
) -> None:
    page = parse_page(page_text, "gen.html")
    expected = [
        (seg.context, unnumbered(translate(seg.source, words)), seg.kind) for seg in page.segments
    ]
    result = render_page(page, lambda segment: translate(segment.source, words))
    assert result.problems == []
    again = parse_page(result.html, "gen.html")
    assert [(seg.context, unnumbered(seg.source), seg.kind) for seg in again.segments] == expected
    # The markup around the text is the source's: the same elements in the same order.
    assert _skeleton(result.html) == _skeleton(page_text)


def unnumbered(source: str) -> str:
    """``<img1/>`` → ``<img/>``: elements are numbered when their attributes differ, and a
    translation may make two ``alt`` or ``title`` values equal (or different)."""
    return re.sub(r"<(/?[A-Za-z]+)\d+(/?)>", r"<\1\2>", source)


def _skeleton(page: str) -> list[str]:
    """The element names of a page in order (text and attribute values left out)."""
    return re.findall(r"</?([A-Za-z][A-Za-z0-9]*)", re.sub(r"=(\"[^\"]*\"|'[^']*')", "", page))


# ---------------------------------------------------------------- subtitle line breaking


@given(
    s.text(controls=True, min_pieces=1, max_pieces=14),
    st.sampled_from(["ko", "en", "zh_Hans", "zh_Hant"]),
)
def test_line_breaking_loses_no_character(text: str, locale: str) -> None:
    """Breaking a cue's text into lines only trims it and turns whitespace into line
    breaks (or inserts one between Chinese words): no visible character changes."""
    norms = norms_for(locale)
    paragraph = " ".join(text.split(" "))  # one line, as a msgstr joined by join_lines
    broken = break_lines(paragraph, locale, norms)
    # Only whitespace may change: a space or tab becomes the line break.
    assert visible(broken) == visible(paragraph)
    assert (
        broken.count("\n") < max(norms.max_lines, 1)
        or display_width(paragraph, locale) > norms.max_lines * norms.max_chars_per_line
    )


def visible(text: str) -> str:
    return "".join(char for char in text if not char.isspace())


# ---------------------------------------------------------------- any input


SOUP = {
    "srt": [
        "1", "2", "00:00:01,000 --> 00:00:02,000", "0:0:1.5-->0:0:2", "-->",
        "X1:1 X2:2 Y1:3 Y2:4", "99:99:99,9999 --> 1", "-1:00:00,000 --> 00:00:01,000", "<i>",
        "{\\an8}",
    ],
    "vtt": [
        "WEBVTT", "WEBVTT - title", "NOTE x", "STYLE", "00:01.000 --> 00:02.000",
        "00:00:01.000 --> 00:00:02.000 line:0", "id", "&amp;", "-->", "<c.x>",
    ],
    "po": [
        'msgid "a"', 'msgstr "b"', 'msgctxt "c"', 'msgid_plural "p"', 'msgstr[0] "x"',
        'msgstr[1] "y"', '#~ msgid "o"', '#~ msgstr ""', '#| msgid "q"', "#, fuzzy", "#: a:1",
        '"continued"', 'msgid ""', 'msgstr "Content-Type: text/plain; charset=UTF-8\\n"',
        '"Plural-Forms: nplurals=2; plural=n!=1;\\n"', '"\\', "msgstr[5]", "#~|",
    ],
    "html": [
        "<p>", "</p>", "<div>", "</div>", "<a href=x>", "</a>", "<!--", "-->", "<script>",
        "</script>", "<br>", "</br>", "<img alt='a'>", "&amp;", "&", "<title>", "</title>",
        '<meta charset="big5">', "<svg>", "<p translate=no>", "<textarea>", "<", ">", "x",
    ],
    "tmx": [
        "<tmx>", "</tmx>", "<body>", "</body>", "<tu>", "</tu>", '<tuv xml:lang="en">',
        "</tuv>", "<seg>", "</seg>", "<bpt>", "</bpt>", "&amp;", "<!DOCTYPE tmx>",
        '<?xml version="1.0"?>', '<prop type="x-context">', "</prop>", "<note>", "</note>",
    ],
}  # fmt: skip


def soup(kind: str) -> st.SearchStrategy[str]:
    token = st.one_of(st.sampled_from(SOUP[kind]), s.pieces(controls=True, line_breaks=True))
    return st.lists(
        st.tuples(token, st.sampled_from(["", "\n", "\n\n", " ", "\r\n"])), max_size=20
    ).map(lambda items: "".join(a + b for a, b in items))


@given(st.sampled_from(sorted(SOUP)), st.data())
def test_every_reader_reads_or_refuses_any_input(
    tmp_path_factory: pytest.TempPathFactory, kind: str, data: st.DataObject
) -> None:
    """Tokens of the format in any order: a full read or an I18nError, nothing else."""
    text = data.draw(soup(kind))
    path = tmp_path_factory.mktemp("soup") / f"input.ko.{kind}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    readers: dict[str, Callable[[Path], object]] = {
        "srt": read_srt,
        "vtt": read_vtt,
        "po": read_po,
        "html": read_page,
        "tmx": read_tmx,
    }
    with contextlib.suppress(I18nError):
        readers[kind](path)
