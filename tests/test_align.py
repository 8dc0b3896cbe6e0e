"""Import of translated tracks: alignment by timing, fuzzy for doubtful cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seoultrain_i18n.catalogs.layout import catalog_path, save_catalog
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.formats.srt import generate_srt, read_srt
from seoultrain_i18n.model import Cue
from seoultrain_i18n.subtitles import sources as track_sources
from seoultrain_i18n.subtitles import tracks as tracks
from seoultrain_i18n.subtitles.align import align, import_track
from tests.subtitle_helpers import TRANSLATIONS, reel_project, write_translations


def test_a_built_track_imported_into_an_empty_catalog_restores_every_translation(
    tmp_path: Path,
) -> None:
    project = reel_project(tmp_path)
    write_translations(project)
    built = tracks.build_tracks(project)
    shutil.rmtree(tmp_path / "locales")
    for track in built:
        result = import_track(project, track.srt_path)
        assert (result.matched, result.doubtful, result.source_left, result.imported_left) == (
            10,
            0,
            [],
            [],
        )
        catalog = read_po(catalog_path(project, track.locale, "reel"))
        # the vendor's (here: the build's) line breaks are kept as the translator's
        assert {m.source: _flat(m.translation) for m in catalog.live()} == {
            source: _flat(text) for source, text in TRANSLATIONS[track.locale].items()
        }
        assert not any(m.fuzzy for m in catalog.live())
    rebuilt = tracks.build_tracks(project)
    assert [t.srt_path.read_bytes() for t in rebuilt] == [t.srt_path.read_bytes() for t in built]


def _flat(text: str) -> str:
    return "".join(text.split())


def _cues(path: Path) -> list[Cue]:
    return read_srt(path).cues


def test_merged_and_split_cues_come_in_fuzzy(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    write_translations(project, locales=("ko",))
    [built] = tracks.build_tracks(project, locales=["ko"])
    cues = _cues(built.srt_path)
    two, three, seven = cues[1], cues[2], cues[6]
    merged = Cue(
        2,
        two.start_ms,
        three.end_ms,
        "해마다 사람들이 몰래 북한을 빠져나온다\n그들은 집과 가족을 두고 떠난다",
    )
    middle = (seven.start_ms + seven.end_ms) // 2
    first_half = Cue(6, seven.start_ms, middle, "안내인들은 밤에 그들을")
    second_half = Cue(7, middle + 40, seven.end_ms, "이끌고 산을 넘는다")
    edited = [cues[0], merged, *cues[3:6], first_half, second_half, *cues[7:]]
    track = tmp_path / "vendor" / "reel.ko.srt"
    track.parent.mkdir()
    track.write_text(generate_srt(edited), encoding="utf-8")
    shutil.rmtree(tmp_path / "locales")
    result = import_track(project, track)
    assert (result.matched, result.doubtful) == (7, 3)
    catalog = read_po(catalog_path(project, "ko", "reel")).index()
    year = catalog[(None, "Every year, people escape North Korea in secret.")]
    homes = catalog[(None, "They leave behind their homes, their families")]
    guides = catalog[(None, "The guides lead them through the mountains at night.")]
    assert (year.translation, year.fuzzy) == ("해마다 사람들이 몰래 북한을 빠져나온다", True)
    assert (homes.translation, homes.fuzzy) == ("그들은 집과 가족을 두고 떠난다", True)
    assert (guides.translation, guides.fuzzy) == ("안내인들은 밤에 그들을 이끌고 산을 넘는다", True)
    assert year.comments == [
        "import: reel.ko.srt: source cues 2, 3 are merged into one cue there; the text was "
        "divided; check it"
    ]
    assert guides.comments == [
        "import: reel.ko.srt: source cue 7 is split into 2 cues there; check it"
    ]
    assert not catalog[(None, "Keep moving.")].fuzzy


def test_reviewed_translations_are_never_overwritten(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    write_translations(project, locales=("ko",))
    [built] = tracks.build_tracks(project, locales=["ko"])
    path = catalog_path(project, "ko", "reel")
    catalog = read_po(path, domain="reel", locale="ko")
    catalog.messages[0].translation = "서울 열차"  # reviewed, different from the track
    catalog.messages[1].set_fuzzy(True)
    catalog.messages[1].translation = "기계 번역"
    save_catalog(path, catalog)
    result = import_track(project, built.srt_path)
    assert (result.kept, result.matched, result.unchanged) == (1, 1, 8)
    after = read_po(path).messages
    assert after[0].translation == "서울 열차"
    # the track's text, with the track's line breaks kept as the translator's
    assert after[1].translation.replace("\n", " ") == TRANSLATIONS["ko"][after[1].source]
    assert not after[1].fuzzy


def test_alignment_groups_and_left_overs() -> None:
    source = [
        Cue(1, 0, 2000, "a"),
        Cue(2, 2100, 4000, "b"),
        Cue(3, 5000, 6000, "c"),
        Cue(4, 9000, 9500, "d"),
    ]
    imported = [
        Cue(1, 50, 1950, "A"),
        Cue(2, 2100, 3400, "B"),
        Cue(3, 4500, 6000, "C"),
        Cue(4, 7000, 8000, "stray"),
    ]
    groups, source_left, imported_left = align(source, imported)
    assert [(g.source, g.imported, g.confident) for g in groups] == [
        ((0,), (0,), True),
        ((1,), (1,), False),
        ((2,), (2,), False),
    ]
    assert groups[1].reason == "timing differs from source cue 2 (partial overlap)"
    assert (source_left, imported_left) == ([3], [3])


def test_cues_that_only_touch_are_not_aligned() -> None:
    groups, left, extra = align([Cue(1, 0, 2000, "a")], [Cue(1, 1950, 4000, "b")])
    assert (groups, left, extra) == ([], [0], [0])


def test_bundled_built_tracks_import_back_exactly(bundled_project: Path) -> None:
    from seoultrain_i18n.config import load_project

    project = load_project(bundled_project)
    sources = track_sources.discover_tracks(project)
    pairs = [(s.domain, loc) for s in sources for loc in track_sources.track_targets(project, s)]
    if not all(catalog_path(project, loc, domain).is_file() for domain, loc in pairs):
        pytest.skip("the bundled subtitle catalogs are not written yet")
    built = tracks.build_tracks(project)
    reviewed = {
        (b.domain, b.locale): {
            m.key: m.translation
            for m in read_po(catalog_path(project, b.locale, b.domain)).live()
            if m.reviewed
        }
        for b in built
    }
    before = {track.srt_path: track.srt_path.read_bytes() for track in built}
    for track in built:
        catalog_path(project, track.locale, track.domain).unlink()
    for track in built:
        result = import_track(project, track.srt_path)
        assert result.doubtful == 0
        restored = {
            m.key: _flat(m.translation)
            for m in read_po(catalog_path(project, track.locale, track.domain)).live()
        }
        expected = {
            key: _flat(text) for key, text in reviewed[(track.domain, track.locale)].items()
        }
        assert {key: restored.get(key) for key in expected} == expected
    rebuilt = tracks.build_tracks(project)
    assert {track.srt_path: track.srt_path.read_bytes() for track in rebuilt} == before
