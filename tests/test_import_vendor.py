"""Faithful import of a vendor's track: per-occurrence renderings, jittered timing,
merged and split cues, the vendor's line breaks, any file name with --language."""

from __future__ import annotations

import random
from pathlib import Path

from click.testing import CliRunner

from seoultrain_i18n.catalogs.layout import catalog_path
from seoultrain_i18n.cli import cli
from seoultrain_i18n.config import load_project
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.formats.srt import generate_srt
from seoultrain_i18n.model import Cue
from seoultrain_i18n.subtitles.align import import_track
from seoultrain_i18n.subtitles.sources import source_track
from tests.subtitle_helpers import reel_project


def _vendor_cues(project_root: Path) -> tuple[list[Cue], dict[int, str]]:
    """The reel rendered by a vendor in Korean, timing jittered by up to ±150 ms.

    Cue 6 and cue 8 are the same English line ("Keep moving.") rendered two
    ways; cues 2+3 are merged into one; cue 7 is split in two. Returns the
    vendor cues and, per source cue number, the text a confident cue carries.
    """
    source = source_track(load_project(project_root), "reel")
    cues = source.track.cues
    rng = random.Random(13)
    texts = {
        1: "서울 트레인",
        4: "그리고 떠나는 것을\n금지하는 나라도",
        5: "중국과 북한 국경,\n두만강",
        6: "계속 걸어",
        8: "멈추지 마",
        9: "한 걸음 한 걸음이\n마지막일 수 있다",
        10: "그들은 살아남기 위해\n걷는다",
        11: "끝이 보이지 않는다",
        12: "서울 트레인",
    }

    def jitter(ms: int) -> int:
        return max(0, ms + rng.randint(-150, 150))

    out: list[Cue] = []
    for cue in cues:
        if cue.index == 2:
            merged_end = next(c for c in cues if c.index == 3).end_ms
            out.append(
                Cue(
                    len(out) + 1,
                    jitter(cue.start_ms),
                    jitter(merged_end),
                    "해마다 사람들이 몰래 북한을 빠져나온다. 그들은 집과 가족을 두고 떠난다.",
                )
            )
        elif cue.index == 3:
            continue
        elif cue.index == 7:
            middle = (cue.start_ms + cue.end_ms) // 2
            out.append(Cue(len(out) + 1, jitter(cue.start_ms), middle - 20, "안내인들은 밤에"))
            out.append(Cue(len(out) + 1, middle + 20, jitter(cue.end_ms), "산을 넘는다"))
        else:
            out.append(
                Cue(len(out) + 1, jitter(cue.start_ms), jitter(cue.end_ms), texts[cue.index])
            )
    return out, texts


def test_a_vendor_track_comes_in_faithfully(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    vendor, texts = _vendor_cues(tmp_path)
    path = tmp_path / "delivery" / "VENDOR_FINAL_v3.srt"  # any name
    path.parent.mkdir()
    path.write_text(generate_srt(vendor), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["--project", str(tmp_path), "import", str(path), "--language", "ko", "--domain", "reel"],
    )
    assert result.exit_code == 0, result.output
    catalog = read_po(catalog_path(project, "ko", "reel"), domain="reel", locale="ko")
    by_source = {m.source: m for m in catalog.live()}
    source = source_track(project, "reel")

    # every cue whose text is unambiguous: exact (the vendor's line breaks kept), not fuzzy
    for number in (4, 5, 9, 10, 11):
        reference = f"subtitles/reel.en.srt:{source.track.cues[number - 1].line}"
        message = next(m for m in catalog.live() if reference in m.references)
        assert (message.translation, message.fuzzy) == (texts[number], False), number
    title = next(m for m in catalog.live() if "SEOUL TRAIN" in m.source)
    assert (title.translation, title.fuzzy) == ("서울 트레인", False)  # rendered alike twice

    # one English line rendered two ways: never collapsed into one reviewed translation
    keep = by_source["Keep moving."]
    assert keep.fuzzy
    note = " ".join(keep.comments)
    assert "rendered 2 ways" in note
    assert "계속 걸어" in note
    assert "멈추지 마" in note

    # merged cues divided at the sentence boundary, split cues joined: fuzzy with a note
    year = next(m for m in catalog.live() if m.source.startswith("Every year"))
    homes = next(m for m in catalog.live() if m.source.startswith("They leave"))
    assert (year.translation, year.fuzzy) == ("해마다 사람들이 몰래 북한을 빠져나온다.", True)
    assert (homes.translation, homes.fuzzy) == ("그들은 집과 가족을 두고 떠난다.", True)
    assert any("merged" in c for c in year.comments)
    guides = next(m for m in catalog.live() if m.source.startswith("The guides"))
    assert guides.fuzzy
    assert any("split" in c for c in guides.comments)


def test_import_needs_a_language_for_an_unnamed_file(tmp_path: Path) -> None:
    project = reel_project(tmp_path)
    path = tmp_path / "delivery.srt"
    path.write_text(generate_srt([Cue(1, 0, 1000, "x")]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "import", str(path)])
    assert result.exit_code == 1
    assert "--language" in result.output
    done = import_track(project, path, language="ko")  # the project's one track
    assert done.domain == "reel"
