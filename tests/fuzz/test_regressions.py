"""Every crash or corruption the fuzzers found, as an explicit test with its minimal input.

Each test names the property (or fuzz run) that found it and the module that
was fixed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.encoding import decode_bytes
from seoultrain_i18n.formats.html import parse_page, render_page
from seoultrain_i18n.formats.mo import read_mo
from seoultrain_i18n.formats.po import generate_po, parse_po
from seoultrain_i18n.formats.srt import generate_srt, parse_srt
from seoultrain_i18n.formats.tmx import read_tmx
from seoultrain_i18n.formats.vtt import generate_vtt, parse_vtt
from seoultrain_i18n.model import Catalog, Cue, Message

HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


# test_srt_write_then_read_keeps_every_cue_and_its_text: the SRT writer split
# cue text on LF only, so a lone CR stayed inside a line; the reader (like
# every player) ends lines at CR too, and "CR CR 2" read as the end of the cue
# followed by a cue number without its timing line. Fixed in formats/srt.py.
@pytest.mark.parametrize(
    ("text", "expected"),
    [("a\r\r2", "a\n2"), ("\rSeoul", "Seoul"), ("one\rtwo\r\n", "one\ntwo")],
)
def test_srt_writer_ends_lines_at_a_lone_cr(text: str, expected: str) -> None:
    cues = [Cue(1, 0, 1000, text), Cue(2, 2000, 3000, "b")]
    written = generate_srt(cues)
    assert "\r" not in written
    assert [cue.text for cue in parse_srt(written, "gen.srt")] == [expected, "b"]


# test_vtt_write_then_read_keeps_every_cue_and_its_text: the same in the
# WebVTT writer; "\rSeoul" became a blank line ending the cue and a block
# without a timing line. Fixed in formats/vtt.py.
@pytest.mark.parametrize(("text", "expected"), [("\rSeoul", "Seoul"), ("a\r\rb", "a\nb")])
def test_vtt_writer_ends_lines_at_a_lone_cr(text: str, expected: str) -> None:
    written = generate_vtt([Cue(1, 0, 1000, text)])
    assert "\r" not in written
    assert [cue.text for cue in parse_vtt(written, "gen.vtt")] == [expected]


# test_msgfmt_reads_our_po_as_we_do: msgfmt refuses U+0004 (the MO context
# separator) in any string; our reader accepted it, and an MO compiled from
# such a msgid reads back with a context that was never there. Fixed in
# formats/po.py (the reader refuses it, naming the line, like msgfmt).
@pytest.mark.parametrize(
    ("entry", "line"),
    [
        ('msgid "a\x04b"\nmsgstr ""\n', 4),
        ('msgid "a"\nmsgstr "b\\004"\n', 5),
        ('#| msgid "q\x04"\nmsgid "a"\nmsgstr "b"\n', 4),
        ('#~ msgid "x"\n#~ msgstr "y\\x04"\n', 5),
    ],
)
def test_po_reader_refuses_the_context_separator_like_msgfmt(entry: str, line: int) -> None:
    with pytest.raises(ParseError) as caught:
        parse_po((HEADER + entry).encode("utf-8"), Path("eot.po"))
    assert str(caught.value) == f"eot.po:{line}: context separator <EOT> (U+0004) within string"


# scripts/fuzz.py (mutation of polib's test_indented.po): an empty "#|" line
# raised IndexError in the PO reader. msgfmt and msgcat ignore such a line;
# so does the reader now. Fixed in formats/po.py.
@pytest.mark.parametrize(
    ("entry", "obsolete"),
    [('#|\nmsgid "a"\nmsgstr "b"\n', False), ('#~|\n#~ msgid "a"\n#~ msgstr "b"\n', True)],
)
def test_po_empty_previous_comment_is_ignored(entry: str, obsolete: bool) -> None:
    catalog = parse_po((HEADER + entry).encode(), Path("e.po"))
    [message] = catalog.messages
    assert (message.source, message.translation, message.previous_source) == ("a", "b", None)
    assert message.obsolete is obsolete


# scripts/fuzz.py (mutation of polib's test_iso-8859-15.po): a NUL byte inside
# the declared charset raised ValueError from codecs.lookup. Fixed in
# formats/po.py: it is an unknown charset, reported with its line.
def test_po_charset_with_a_nul_byte_is_an_unknown_charset() -> None:
    data = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UT\x00F-8\\n"\n'
    with pytest.raises(ParseError) as caught:
        parse_po(data, Path("nul.po"))
    assert str(caught.value) == "nul.po:3: invalid header: unknown charset 'UT\\x00F-8'"


# scripts/fuzz.py (mutation of a generated TMX file): with a DOCTYPE naming an
# external DTD, expat lets an undefined entity pass (the DTD could define it)
# and ElementTree then raised its own ParseError, which is no I18nError. Fixed
# in formats/tmx.py: reported as not well-formed XML with its line.
def test_tmx_undefined_entity_after_an_external_doctype(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
        '<body><tu><tuv xml:lang="en"><seg>a &Famp; b</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as caught:
        read_tmx(path)
    assert str(caught.value) == f"{path}:4: not well-formed XML: undefined entity &Famp;"


# test_decoding_text_with_a_byte_order_mark_gives_it_back: UTF-16 LE text that
# starts with U+0000 begins FF FE 00 00, the UTF-32 LE byte order mark; the
# decoder then failed on UTF-32 instead of trying UTF-16 LE. Fixed in
# formats/encoding.py.
def test_utf16le_text_starting_with_nul_is_not_taken_for_utf32() -> None:
    decoded = decode_bytes("\x00 1\n".encode("utf-16"), language="ko")
    assert (decoded.text, decoded.encoding) == ("\x00 1\n", "utf-16-le")


# test_html_translated_page_extracts_as_its_translations: a stray </p> (no
# paragraph open) makes an empty paragraph in every browser, and a stray </br>
# a line break, but the reader ignored both: "a</p>b" was one unit and its
# translation dropped the break. Fixed in formats/html/tree.py (the HTML standard's
# two exceptions to ignoring stray end tags).
@pytest.mark.parametrize(
    ("page", "sources", "translated"),
    [
        ("<div>a</p>b</div>", ["a", "b"], "<div>A</p>B</div>"),
        ("<div>a</br>b</div>", ["a<br/>b"], "<div>A</br>B</div>"),
        ("<div>a</span>b</div>", ["ab"], "<div>AB</div>"),  # ignored by browsers too
    ],
)
def test_html_stray_end_tags_that_browsers_render(
    page: str, sources: list[str], translated: str
) -> None:
    parsed = parse_page(page, "stray.html")
    assert [segment.source for segment in parsed.segments] == sources
    assert render_page(parsed, lambda segment: segment.source).html == page
    assert render_page(parsed, lambda segment: segment.source.upper()).html == translated


# scripts/fuzz.py (mutation of a generated TMX file): an XML declaration naming
# an encoding Python does not know made expat raise LookupError, which is no
# I18nError. Fixed in formats/tmx.py.
def test_tmx_unknown_encoding_in_the_xml_declaration(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_bytes(b'<?xml version="1.0" encoding="UTFF-8"?>\n<tmx version="1.4"/>\n')
    with pytest.raises(ParseError) as caught:
        read_tmx(path)
    assert str(caught.value) == f"{path}:1: not readable XML: unknown encoding: UTFF-8"


# test_msgfmt_reads_our_po_as_we_do: gettext joins a line that ends in a
# backslash to the next one, even a comment, so "# C:\" swallowed the msgid
# below it and msgfmt reported a syntax error in our file. Fixed in
# formats/po.py: such a comment line is written with a final space, which the
# reader removes again.
@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_po_comment_ending_in_a_backslash_stays_a_comment_for_gettext(tmp_path: Path) -> None:
    catalog = Catalog(
        "site",
        "ko",
        header=[("Content-Type", "text/plain; charset=UTF-8")],
        header_comments=["\\"],
        messages=[Message("a", "b", notes=["C:\\"], comments=["ends in \\"])],
    )
    path = tmp_path / "site.po"
    path.write_text(generate_po(catalog), encoding="utf-8")
    result = subprocess.run(
        ["msgfmt", "-o", str(tmp_path / "site.mo"), str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    [message] = read_mo(tmp_path / "site.mo").messages
    assert (message.source, message.translation) == ("a", "b")
    [back] = parse_po(path.read_bytes(), path).messages
    assert (back.notes, back.comments) == (["C:\\"], ["ends in \\"])
