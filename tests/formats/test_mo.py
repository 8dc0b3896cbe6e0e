"""MO writer and reader: Python's gettext and GNU msgunfmt read back the same messages."""

from __future__ import annotations

import gettext
import subprocess
from pathlib import Path

import pytest

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.mo import generate_mo, read_mo, write_mo
from seoultrain_i18n.formats.po import parse_po
from seoultrain_i18n.model import Catalog, Message
from tests.conftest import needs_gettext


def sample(plural_forms: str = "nplurals=2; plural=(n != 1);") -> Catalog:
    return Catalog(
        domain="site",
        locale="en",
        header=[("Content-Type", "text/plain; charset=UTF-8"), ("Plural-Forms", plural_forms)],
        messages=[
            Message(source="Seoul Train", translation="서울 기차"),
            Message(source="Home", context="nav", translation="홈"),
            Message(source="Home", translation="집"),
            Message(
                source="One refugee",
                source_plural="%d refugees",
                translation="난민 한 명",
                plural_translations=["난민 한 명", "난민 %d명"],
            ),
            Message(source="Draft", translation="초안", flags=["fuzzy"]),
            Message(source="Untranslated"),
            Message(source="Gone", translation="사라짐", obsolete=True),
            Message(source='Line\nbreak "quoted"', translation="줄\n바꿈 “인용”"),
        ],
    )


def test_python_gettext_reads_what_we_write(tmp_path: Path) -> None:
    path = tmp_path / "site.mo"
    write_mo(path, sample())
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Seoul Train") == "서울 기차"
    assert translations.pgettext("nav", "Home") == "홈"
    assert translations.gettext("Home") == "집"
    assert translations.ngettext("One refugee", "%d refugees", 1) == "난민 한 명"
    assert translations.ngettext("One refugee", "%d refugees", 5) == "난민 %d명"
    assert translations.gettext("Draft") == "Draft"  # fuzzy left out
    assert translations.gettext("Untranslated") == "Untranslated"  # falls back to the source
    assert translations.gettext("Gone") == "Gone"
    assert translations.gettext('Line\nbreak "quoted"') == "줄\n바꿈 “인용”"


def test_use_fuzzy_includes_fuzzy_translations(tmp_path: Path) -> None:
    path = tmp_path / "site.mo"
    write_mo(path, sample(), use_fuzzy=True)
    with path.open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Draft") == "초안"


@needs_gettext
def test_msgunfmt_reads_back_the_same_messages(tmp_path: Path) -> None:
    path = tmp_path / "site.mo"
    write_mo(path, sample())
    text = subprocess.run(["msgunfmt", str(path)], capture_output=True, check=True).stdout
    back = parse_po(text, "msgunfmt.po")
    got = {
        (m.context, m.source, m.source_plural, tuple(m.plural_translations) or m.translation)
        for m in back.messages
    }
    assert got == {
        (None, "Seoul Train", None, "서울 기차"),
        ("nav", "Home", None, "홈"),
        (None, "Home", None, "집"),
        (None, "One refugee", "%d refugees", ("난민 한 명", "난민 %d명")),
        (None, 'Line\nbreak "quoted"', None, "줄\n바꿈 “인용”"),
    }
    assert back.get_header("Plural-Forms") == "nplurals=2; plural=(n != 1);"


@needs_gettext
def test_msgfmt_and_we_store_the_same_pairs(tmp_path: Path) -> None:
    from seoultrain_i18n.formats.po import write_po

    po = tmp_path / "site.po"
    write_po(po, sample())
    theirs = tmp_path / "msgfmt.mo"
    subprocess.run(["msgfmt", "-o", str(theirs), str(po)], check=True)
    ours = read_mo_pairs(generate_mo(sample()))
    assert ours == read_mo_pairs(theirs.read_bytes())


def read_mo_pairs(data: bytes) -> set[tuple[object, ...]]:
    path = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path("/tmp")
    target = path / f"seoultrain-test-{id(data)}.mo"
    target.write_bytes(data)
    try:
        catalog = read_mo(target)
    finally:
        target.unlink()
    return {
        (m.context, m.source, m.translation, tuple(m.plural_translations)) for m in catalog.messages
    }


def test_read_mo_round_trip_and_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "site.mo"
    assert write_mo(path, sample())
    stamp = path.stat().st_mtime_ns
    assert not write_mo(path, sample())
    assert path.stat().st_mtime_ns == stamp
    catalog = read_mo(path)
    assert catalog.get_header("Content-Type") == "text/plain; charset=UTF-8"
    assert {m.source for m in catalog.messages} == {
        "Seoul Train",
        "Home",
        "One refugee",
        'Line\nbreak "quoted"',
    }


def test_read_mo_rejects_a_file_that_is_not_mo(tmp_path: Path) -> None:
    path = tmp_path / "bad.mo"
    path.write_bytes(b"not an mo file at all, just text.")
    with pytest.raises(ParseError) as caught:
        read_mo(path)
    assert str(caught.value) == f"{path}: not an MO file: bad magic number"
