"""The subtitle model: the one naming rule, cue numbers as written, cue → catalog line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seoultrain_i18n.catalogs.layout import catalog_path
from seoultrain_i18n.subtitles.cues import catalog_cues
from seoultrain_i18n.subtitles.sources import (
    discover_tracks,
    parse_track_name,
    source_track,
    track_file_name,
)
from seoultrain_i18n.subtitles.templates import track_template
from tests.subtitle_helpers import reel_project, write_translations

PACKAGE = Path(__file__).resolve().parent.parent / "seoultrain_i18n"


@pytest.mark.parametrize(
    ("name", "suffix", "expected"),
    [
        ("trailer.en.srt", ".srt", ("trailer", "en")),
        ("trailer.zh-Hant.srt", ".srt", ("trailer", "zh-Hant")),
        ("trailer.ko+en.vtt", ".vtt", ("trailer", "ko+en")),
        ("Trailer.EN.SRT", ".srt", ("Trailer", "EN")),
        ("trailer.srt", ".srt", None),
        ("a.b.en.srt", ".srt", None),
        (".en.srt", ".srt", None),
        ("trailer..srt", ".srt", None),
        ("trailer.en.vtt", ".srt", None),
    ],
)
def test_the_naming_rule(name: str, suffix: str, expected: tuple[str, str] | None) -> None:
    parsed = parse_track_name(name, suffix)
    assert (None if parsed is None else (parsed.domain, parsed.tag)) == expected
    if expected is not None:
        assert parse_track_name(track_file_name(*expected, suffix), suffix) == parsed


def test_no_other_module_parses_track_names() -> None:
    """The NAME.LANG.srt rule lives in subtitles/sources.py; nobody else splits names."""
    suspicious = re.compile(
        r"""glob\(\s*f?["']\*\.(\*\.)?(srt|vtt)|name\.split\(\s*["']\.["']|rpartition\(\s*["']\.["']"""
    )
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "sources.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if suspicious.search(line)
    ]
    assert offenders == []


GAPPED = """10
00:00:01,000 --> 00:00:03,000
The river was frozen.

11
00:00:04,000 --> 00:00:06,000
We waited for the night.

20
00:00:07,000 --> 00:00:09,000
The river was frozen.
"""


def test_notes_and_build_errors_number_cues_as_the_source_does(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    (tmp_path / "subtitles" / "gaps.en.srt").write_text(GAPPED, encoding="utf-8")
    template = track_template(project, source_track(project, "gaps"))
    notes = [note for message in template.messages for note in message.notes]
    assert [note.split(":")[0] for note in notes if note.startswith("Cue ")] == [
        "Cue 10",
        "Cue 20",
        "Cue 11",
    ]


def test_catalog_cues_give_each_cue_its_message_and_catalog_line(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    write_translations(project, ("ko",))
    [source] = discover_tracks(project)
    entries = catalog_cues(project, source, "ko")
    assert [entry.cue.index for entry in entries] == [cue.index for cue in source.track.cues]
    po_lines = catalog_path(project, "ko", "reel").read_text(encoding="utf-8").splitlines()
    for entry in entries:
        if entry.key is None:
            assert entry.catalog_line == 0
            continue
        assert entry.message is not None
        assert entry.message.key == entry.key
        # the catalog line is where the message's msgid is (or its msgctxt)
        line = po_lines[entry.catalog_line - 1]
        assert line.startswith(("msgid ", "msgctxt ")), line
        first = entry.key[1].split("\n")[0][:10]
        window = "\n".join(po_lines[entry.catalog_line - 1 : entry.catalog_line + 4])
        assert first in window


def test_catalog_cues_without_a_catalog(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    [source] = discover_tracks(project)
    entries = catalog_cues(project, source, "zh_Hant")
    assert len(entries) == len(source.track.cues)
    assert all(entry.message is None and entry.catalog_line == 0 for entry in entries)
