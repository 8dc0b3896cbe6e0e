"""read_po keeps parsed catalogs keyed by the file's bytes; callers get copies."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.po import copy_catalog, parse_po, read_po
from seoultrain_i18n.formats.po.reader import forget_parsed
from seoultrain_i18n.model import Catalog, Message

PO = """# translator comment
#, fuzzy
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

# keep me
#. note
#: content/a.html:3
#, fuzzy, c-format
#| msgid "Old %s"
msgctxt "ctx"
msgid "New %s"
msgstr "새 %s"

msgid "one"
msgid_plural "many"
msgstr[0] "여러"

#~ msgid "gone"
#~ msgstr "사라짐"
"""


def test_copy_catalog_copies_every_field_deeply() -> None:
    original = parse_po(PO.encode(), Path("x.po"), domain="site", locale="ko")
    copy = copy_catalog(original)
    assert copy == original
    for field in dataclasses.fields(Catalog):
        value = getattr(copy, field.name)
        if isinstance(value, list):
            assert value is not getattr(original, field.name), field.name
    for mine, theirs in zip(copy.messages, original.messages, strict=True):
        for field in dataclasses.fields(Message):
            value = getattr(mine, field.name)
            if isinstance(value, list):
                assert value is not getattr(theirs, field.name), field.name


def test_reads_are_independent_and_follow_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "site.po"
    path.write_text(PO, encoding="utf-8")
    first = read_po(path, domain="site", locale="ko")
    first.messages[0].translation = "changed"
    first.messages[0].flags.clear()
    second = read_po(path, domain="site", locale="ko")
    assert second.messages[0].translation == "새 %s"
    assert second.messages[0].flags == ["fuzzy", "c-format"]
    path.write_text(PO.replace("새 %s", "신규 %s"), encoding="utf-8")
    assert read_po(path, domain="site", locale="ko").messages[0].translation == "신규 %s"


def test_a_read_not_kept_is_the_strict_parse_and_keeps_nothing(tmp_path: Path) -> None:
    forget_parsed()
    path = tmp_path / "site.po"
    path.write_text(PO, encoding="utf-8")
    once = read_po(path, domain="site", locale="ko", keep=False)
    assert once == parse_po(PO.encode(), path, domain="site", locale="ko")
    assert once.messages[0].previous_source == "Old %s"
    once.messages[0].translation = "changed"
    # Nothing was kept: a later read parses the file again, unchanged.
    assert read_po(path, domain="site", locale="ko").messages[0].translation == "새 %s"


@pytest.mark.parametrize(
    "bad",
    ["\x00", "\x04", *(f"\\{escape}" for escape in ("0", "000", "4", "004", "x0", "x00", "x4"))],
)
def test_nul_or_eot_in_a_string_is_refused_however_it_is_written(bad: str, tmp_path: Path) -> None:
    data = PO.replace("여러", f"여{bad}러").encode()
    with pytest.raises(ParseError, match=r"x\.po:\d+: .*(NUL|EOT)"):
        parse_po(data, tmp_path / "x.po")


@pytest.mark.parametrize("bad", ["\x00", "\x04"])
def test_a_control_character_in_a_comment_is_no_strings(bad: str, tmp_path: Path) -> None:
    catalog = parse_po(PO.replace("# keep me", f"# keep{bad} me").encode(), tmp_path / "x.po")
    assert catalog.messages[0].comments == [f"keep{bad} me"]
