"""``seoultrain-i18n import``: a real subprocess of the CLI."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from seoultrain_i18n.catalogs.layout import catalog_path
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.subtitles import tracks as tracks
from tests.subtitle_helpers import TRANSLATIONS, reel_project, write_translations

Cli = Callable[..., CompletedProcess[str]]


def _built_ko_track(tmp_path: Path) -> Path:
    project = reel_project(tmp_path)
    write_translations(project, locales=("ko",))
    [built] = tracks.build_tracks(project, locales=["ko"])
    shutil.rmtree(tmp_path / "locales")
    track = tmp_path / "delivery" / "reel.ko.srt"
    track.parent.mkdir()
    # the vendor's file is CP949 with CRLF line ends
    track.write_bytes(
        built.srt_path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("cp949")
    )
    return track


def test_import_text_summary_and_encoding_with_v(tmp_path: Path, cli: Cli) -> None:
    track = _built_ko_track(tmp_path)
    result = cli("--project", str(tmp_path), "-v", "import", str(track))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"{track} → locales/ko/LC_MESSAGES/reel.po: 10 matched, 0 doubtful (fuzzy), "
        "0 reviewed kept, 0 unchanged\n"
    )
    assert f"{track}: decoded as euc-kr" in result.stderr
    catalog = read_po(catalog_path(reel_project(tmp_path), "ko", "reel"))
    # the vendor's line breaks are kept (a Korean break stands for a space)
    assert {m.source: m.translation.replace("\n", " ") for m in catalog.live()} == (
        TRANSLATIONS["ko"]
    )


def test_import_json(tmp_path: Path, cli: Cli) -> None:
    track = _built_ko_track(tmp_path)
    result = cli("--project", str(tmp_path), "import", str(track), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {key: data[key] for key in ("domain", "locale", "matched", "doubtful", "written")} == {
        "domain": "reel",
        "locale": "ko",
        "matched": 10,
        "doubtful": 0,
        "written": True,
    }
    again = json.loads(
        cli("--project", str(tmp_path), "import", str(track), "--format", "json").stdout
    )
    assert (again["matched"], again["unchanged"], again["written"]) == (0, 10, False)


def test_import_with_domain_and_encoding_options(tmp_path: Path, cli: Cli) -> None:
    track = _built_ko_track(tmp_path)
    renamed = track.with_name("vendor-final.ko.srt")
    track.rename(renamed)
    result = cli(
        "--project",
        str(tmp_path),
        "import",
        str(renamed),
        "--domain",
        "reel",
        "--encoding",
        "cp949",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["encoding"] == "cp949"


def test_import_errors_are_one_line(tmp_path: Path, cli: Cli) -> None:
    reel_project(tmp_path)
    broken = tmp_path / "reel.ko.srt"
    broken.write_text("1\n00:00:01,000 --> 00:00:02,000 oops\ntext\n", encoding="utf-8")
    result = cli("--project", str(tmp_path), "import", str(broken))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: {broken}:2: unexpected text after the timing: 'oops' (only X1: X2: Y1: Y2: "
        "coordinates may follow)"
    )
    unnamed = tmp_path / "reel.srt"
    unnamed.write_text("", encoding="utf-8")
    result = cli("--project", str(tmp_path), "import", str(unnamed))
    assert result.stderr.strip() == (
        f"error: {unnamed}: name a translated track TRACK.LANG.srt (e.g. trailer.ko.srt), "
        "or give --language (and --domain)"
    )
    source_language = tmp_path / "reel.en.srt"
    shutil.copy(tmp_path / "subtitles" / "reel.en.srt", source_language)
    result = cli("--project", str(tmp_path), "import", str(source_language))
    assert result.stderr.strip() == (
        f"error: {source_language}: en is the source language of reel.en.srt"
    )
