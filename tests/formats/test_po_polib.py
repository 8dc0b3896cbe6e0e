"""polib as a second opinion: the PO files we write read the same in polib,
the library most Python localization tools use to consume them."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from seoultrain_i18n.formats.po import read_po
from tests.conftest import REPO

CATALOGS = sorted((REPO / "locales").glob("**/*.po")) + sorted((REPO / "locales").glob("*.pot"))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_polib_reads_our_catalogs_as_we_do(path: Path) -> None:
    ours = read_po(path)
    theirs = polib.pofile(str(path))
    assert [(e.msgctxt, e.msgid, e.msgstr, e.obsolete) for e in theirs] == [
        (m.context, m.source, m.translation, m.obsolete) for m in ours.messages
    ]
    assert [sorted(e.flags) for e in theirs] == [sorted(m.flags) for m in ours.messages]
    assert [e.tcomment for e in theirs] == ["\n".join(m.comments) for m in ours.messages]
    assert [e.previous_msgid for e in theirs] == [m.previous_source for m in ours.messages]
    assert dict(theirs.metadata) == dict(ours.header)


def test_polib_round_trip_of_a_corpus_catalog(corpus: Path, tmp_path: Path) -> None:
    from seoultrain_i18n.formats.po import write_po

    source = corpus / "po" / "git" / "ko.po"
    written = tmp_path / "ko.po"
    write_po(written, read_po(source))
    theirs = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.pofile(str(source))}
    ours = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.pofile(str(written))}
    assert ours == theirs
