"""Track extraction into templates and building localized SRT/WebVTT tracks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import webvtt

from seoultrain_i18n.catalogs.layout import catalog_path, new_catalog, save_catalog
from seoultrain_i18n.config import load_project
from seoultrain_i18n.errors import BuildError, MultipleErrors
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.formats.srt import generate_srt, read_srt
from seoultrain_i18n.model import Cue
from seoultrain_i18n.subtitles import cues as track_cues
from seoultrain_i18n.subtitles import sources as sources
from seoultrain_i18n.subtitles import templates as templates
from seoultrain_i18n.subtitles import tracks as tracks
from seoultrain_i18n.subtitles.linebreak import display_width
from seoultrain_i18n.subtitles.norms import norms_for
from seoultrain_i18n.subtitles.segmenter import word_boundaries
from tests.conftest import run_cli
from tests.formats.test_vtt import assert_conforms
from tests.subtitle_helpers import TRANSLATIONS, reel_project, write_translations

WHOLE_CUE_MARKUP = re.compile(r"^\{\\an\d\}|</?i>")


def test_template_of_a_track(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    [template] = templates.extract_track_templates(project)
    assert template.domain == "reel"
    assert template.get_header("X-Source-Language") == "en"
    by_source = {message.source: message for message in template.messages}
    assert len(template.messages) == 10  # 12 cues, two lines repeat
    # identical lines: one message, several references
    assert by_source["SEOUL TRAIN"].references == [
        "subtitles/reel.en.srt:2",
        "subtitles/reel.en.srt:48",
    ]
    assert len(by_source["Keep moving."].references) == 2
    # whole-cue markup is not in the msgid; lines are one paragraph
    assert "Tumen River, China–North Korea border" in by_source
    assert "Every year, people escape North Korea in secret." in by_source
    assert all("<i>" not in source and "{\\" not in source for source in by_source)
    assert by_source["Tumen River, China–North Korea border"].notes == [
        "Cue 5: 00:00:15,000 --> 00:00:18,000 (3.00 s)",
        "Budget (characters): ko 32, zh-Hans 27, zh-Hant 27",
        "Previous: and a country that forbids them to leave.",
        "Next: Keep moving.",
        "Shown position {\\an8} (added back automatically; do not type it)",
    ]
    assert by_source["Every step could be the last one."].notes[-1] == (
        "Shown in italics (added back automatically; do not type it)"
    )


def test_budget_is_reading_speed_times_duration_capped_by_layout() -> None:
    assert templates.character_budget(2000, norms_for("ko")) == 24  # 12 cps × 2 s
    assert templates.character_budget(10_000, norms_for("ko")) == 32  # 2 lines × 16
    assert templates.character_budget(1500, norms_for("zh_Hant")) == 13.5


def test_a_korean_track_translates_to_the_other_languages(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    (tmp_path / "subtitles" / "talk.ko.srt").write_text(
        "1\n00:00:01,000 --> 00:00:03,000\n그해 겨울\n두만강은 얼어 있었다\n", encoding="utf-8"
    )
    talk = next(t for t in templates.extract_track_templates(project) if t.domain == "talk")
    assert talk.get_header("X-Source-Language") == "ko"
    assert talk.messages[0].source == "그해 겨울 두만강은 얼어 있었다"
    assert talk.messages[0].notes[1] == "Budget (characters): en 40, zh-Hans 18, zh-Hant 18"


def _shift_and_renumber(path: Path, offset_ms: int, stretch: float, first: int) -> None:
    cues = read_srt(path).cues
    moved = [
        Cue(
            first + n,
            round(c.start_ms * stretch) + offset_ms,
            round(c.end_ms * stretch) + offset_ms,
            c.text,
        )
        for n, c in enumerate(cues)
    ]
    path.write_text(generate_srt(moved, renumber=False), encoding="utf-8")


@pytest.mark.parametrize(("offset", "stretch"), [(2500, 1.0), (2500, 1.04)])
def test_retiming_and_renumbering_keeps_every_translation(
    tmp_path: Path, offset: int, stretch: float
) -> None:
    project = reel_project(tmp_path)
    for command in ("extract", "update"):
        assert run_cli("--project", str(tmp_path), "-q", command).returncode == 0
    write_translations(project)
    before = {b.locale: read_srt(b.srt_path).cues for b in tracks.build_tracks(project)}
    _shift_and_renumber(tmp_path / "subtitles" / "reel.en.srt", offset, stretch, first=101)
    for command in ("extract", "update"):
        result = run_cli("--project", str(tmp_path), "-q", command)
        assert result.returncode == 0, result.stderr
    source = read_srt(tmp_path / "subtitles" / "reel.en.srt").cues
    for built in tracks.build_tracks(project):  # raises if any cue lost its translation
        after = read_srt(built.srt_path).cues
        assert [c.text for c in after] == [c.text for c in before[built.locale]]
        assert [(c.start_ms, c.end_ms) for c in after] == [(c.start_ms, c.end_ms) for c in source]
        catalog = read_po(catalog_path(project, built.locale, "reel"))
        assert all(m.reviewed for m in catalog.live())


def _check_built_track(built: tracks.BuiltTrack, source: list[Cue], translations: dict[str, str]):
    locale = built.locale
    norms = norms_for(locale)
    cues = read_srt(built.srt_path).cues
    assert [(c.start_ms, c.end_ms) for c in cues] == [(c.start_ms, c.end_ms) for c in source]
    for cue in cues:
        lines = cue.text.split("\n")
        assert len(lines) <= 2, cue
        assert all(display_width(line, locale) <= norms.max_chars_per_line for line in lines), cue
        if locale.startswith("zh") and len(lines) == 2:
            plain = [WHOLE_CUE_MARKUP.sub("", line) for line in lines]
            joined = "".join(plain)
            if joined in translations.values():  # broken at a word boundary, not a space
                hant = locale == "zh_Hant"
                assert len(plain[0]) in word_boundaries(joined, traditional=hant), cue
    vtt_text = built.vtt_path.read_text(encoding="utf-8")
    assert_conforms(vtt_text)
    parsed = webvtt.read(str(built.vtt_path))
    assert len(parsed.captions) == len(source)


def test_built_tracks_meet_the_norms_and_keep_the_timing(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    write_translations(project)
    built = tracks.build_tracks(project)
    assert sorted(b.srt_path.name for b in built) == [
        "reel.ko.srt",
        "reel.zh-Hans.srt",
        "reel.zh-Hant.srt",
    ]
    assert {b.source_encoding for b in built} == {"utf-8"}
    source = read_srt(tmp_path / "subtitles" / "reel.en.srt").cues
    for track in built:
        assert track.vtt_path == track.srt_path.with_suffix(".vtt")
        _check_built_track(track, source, TRANSLATIONS[track.locale])
    ko = read_srt(tmp_path / "build/subtitles/reel.ko.srt").cues
    assert ko[4].text == "{\\an8}두만강, 북중 국경"  # position code restored
    assert ko[0].text == "서울 트레인"  # no italics in Korean (docs/norms.md)
    vtt = (tmp_path / "build/subtitles/reel.ko.vtt").read_text(encoding="utf-8")
    assert "00:00:15.000 --> 00:00:18.000 line:0\n두만강, 북중 국경\n" in vtt
    assert "경찰과 밀고자로부터" in vtt
    # a second build changes nothing
    assert not any(b.written for b in tracks.build_tracks(project))


def test_italics_come_back_where_the_norms_allow_them(tmp_path: Path) -> None:
    project = reel_project(tmp_path, "[tool.seoultrain-i18n.norms.ko]\nitalics-allowed = true\n")
    write_translations(project)
    tracks.build_tracks(project, locales=["ko"])
    ko = read_srt(tmp_path / "build/subtitles/reel.ko.srt").cues
    assert ko[0].text == "<i>서울 트레인</i>"
    assert ko[8].text.startswith("<i>")
    assert ko[8].text.endswith("</i>")


def test_retyped_markup_is_not_doubled(tmp_path: Path) -> None:
    project = reel_project(tmp_path, "[tool.seoultrain-i18n.norms.ko]\nitalics-allowed = true\n")
    write_translations(project, locales=("ko",))
    path = catalog_path(project, "ko", "reel")
    catalog = read_po(path, domain="reel", locale="ko")
    catalog.index()[(None, "SEOUL TRAIN")].translation = "<i>서울 트레인</i>"
    catalog.index()[(None, "Tumen River, China–North Korea border")].translation = "{\\an8}두만강"
    save_catalog(path, catalog)
    cues = tracks.localized_cues(project, "reel", "ko")
    assert (cues[0].text, cues[4].text) == ("<i>서울 트레인</i>", "{\\an8}두만강")


def test_an_incomplete_track_is_refused_with_its_missing_cues(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    write_translations(project, locales=("ko",))
    path = catalog_path(project, "ko", "reel")
    catalog = read_po(path, domain="reel", locale="ko")
    catalog.messages[1].translation = ""
    catalog.messages[2].set_fuzzy(True)
    save_catalog(path, catalog)
    with pytest.raises(BuildError) as caught:
        tracks.build_tracks(project, locales=["ko"])
    assert str(caught.value) == (
        "subtitles/reel.en.srt: ko: track reel.ko not built: 2 of 12 cues are untranslated "
        "or fuzzy:\n"
        "  cue 2 00:00:03,500 --> 00:00:07,200 (untranslated): Every year, people escape / "
        "North Korea in secret.\n"
        "  cue 3 00:00:07,400 --> 00:00:11,000 (fuzzy): They leave behind their homes, / "
        "their families"
    )
    assert not (tmp_path / "build").exists()  # nothing half-written
    [built] = tracks.build_tracks(project, locales=["ko"], allow_incomplete=True)
    assert built.fallback_cues == 2
    cues = read_srt(built.srt_path).cues
    assert cues[1].text == "Every year, people escape\nNorth Korea in secret."
    assert cues[2].text == "They leave behind their homes,\ntheir families"
    [fuzzy_ok] = tracks.build_tracks(
        project, locales=["ko"], allow_incomplete=True, include_fuzzy=True
    )
    assert fuzzy_ok.fallback_cues == 1
    with pytest.raises(MultipleErrors) as every:
        tracks.build_tracks(project)  # zh catalogs missing too: every track listed
    assert len(every.value.errors) == 3


def test_bilingual_track(tmp_path: Path) -> None:
    project = reel_project(
        tmp_path,
        '[tool.seoultrain-i18n.subtitles]\nbilingual = [{track = "reel", top = "ko", '
        'bottom = "en"}]\n',
    )
    write_translations(project)
    built = tracks.build_tracks(project, locales=["ko"])
    pair = next(b for b in built if b.bilingual)
    assert pair.srt_path.name == "reel.ko+en.srt"
    assert pair.bcp47 == "ko+en"
    cues = read_srt(pair.srt_path).cues
    assert cues[4].text == "{\\an8}두만강, 북중 국경\nTumen River, China–North Korea border"
    assert cues[1].text == (
        "해마다 사람들이 몰래\n북한을 빠져나온다\nEvery year, people escape\nNorth Korea in secret."
    )
    assert_conforms(pair.vtt_path.read_text(encoding="utf-8"))


def test_a_scene_can_have_its_own_rendering_of_an_identical_line(tmp_path: Path) -> None:
    project = reel_project(
        tmp_path,
        '[tool.seoultrain-i18n.subtitles]\ndistinct = [{track = "reel", text = "Keep moving.", '
        'after = "The guides lead them through the mountains at night."}]\n',
    )
    [template] = templates.extract_track_templates(project)
    keys = [(m.context, m.source) for m in template.messages if m.source == "Keep moving."]
    context = "after: The guides lead them through the mountains at night."
    assert keys == [(None, "Keep moving."), (context, "Keep moving.")]
    pairs = track_cues.source_cue_messages(project, "reel")
    assert [key for cue, key in pairs if cue.index in (6, 8)] == keys
    # untranslated override: the shared translation is used
    ko = new_catalog(project, template, "ko")
    for message in ko.messages:
        message.translation = TRANSLATIONS["ko"][message.source]
    ko.index()[(context, "Keep moving.")].translation = ""
    save_catalog(catalog_path(project, "ko", "reel"), ko)
    cues = tracks.localized_cues(project, "reel", "ko")
    assert [c.text for c in cues if c.index in (6, 8)] == ["계속 걸어", "계속 걸어"]
    ko.index()[(context, "Keep moving.")].translation = "멈추지 마"
    save_catalog(catalog_path(project, "ko", "reel"), ko)
    cues = tracks.localized_cues(project, "reel", "ko")
    assert [c.text for c in cues if c.index in (6, 8)] == ["계속 걸어", "멈추지 마"]


def test_localized_cues_leave_out_or_fall_back(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    assert tracks.localized_cues(project, "reel", "ko") == []
    cues = tracks.localized_cues(project, "reel", "ko", fallback_to_source=True)
    assert [c.index for c in cues] == list(range(1, 13))
    write_translations(project, locales=("zh_Hant",))
    cues = tracks.localized_cues(project, "reel", "zh_Hant")
    assert cues[9].text == "安全屋讓他們躲過\n警察和告密者的搜捕"
    assert (cues[9].start_ms, cues[9].end_ms, cues[9].line) == (31_200, 35_800, 40)


BUNDLED_TRACKS = ("trailer", "crossing")


@pytest.mark.parametrize("domain", BUNDLED_TRACKS)
def test_bundled_sample_tracks(repo_root: Path, bundled_project: Path, domain: str) -> None:
    project = load_project(bundled_project)
    source = sources.source_track(project, domain)
    targets = sources.track_targets(project, source)
    if not all(catalog_path(project, locale, domain).is_file() for locale in targets):
        pytest.skip(f"the {domain} catalogs are not written yet")
    translations = {
        locale: {m.source: m.translation for m in read_po(catalog_path(project, locale, domain))}
        for locale in targets
    }
    built = tracks.build_tracks(project, domains=[domain])
    for track in built:
        if track.bilingual is None:
            _check_built_track(track, source.track.cues, translations[track.locale])
