"""Every crash or corruption the fuzzers found, as an explicit test with its minimal input.

Each test names the property (or fuzz run) that found it and the module that
was fixed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.po import parse_po
from seoultrain_i18n.formats.srt import generate_srt, parse_srt
from seoultrain_i18n.formats.vtt import generate_vtt, parse_vtt
from seoultrain_i18n.model import Cue

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
