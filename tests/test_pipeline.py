"""The main job (`seoultrain-i18n pipeline`) and the full `build`, as real
subprocesses: offline, no keys, every output written, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import run_cli
from tests.site_project import full_translations, scratch_site

OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}


def no_keys() -> dict[str, str]:
    """The environment without any provider key (the job must not need one)."""
    return {key: "" for key in os.environ if key.endswith(("_KEY", "_API_KEY", "_AUTH_KEY"))}


def test_pipeline_on_the_bundled_content(bundled_project: Path) -> None:
    result = run_cli("--project", str(bundled_project), "pipeline", env=OFFLINE | no_keys())
    assert result.returncode == 0, result.stderr
    steps = [line.split(":")[0] for line in result.stderr.splitlines() if ": " in line]
    assert steps[:5] == ["extract", "update", "translate", "check", "build"]
    labels = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert labels == ["site", "tracks", "MO files", "JSON", "report"]
    assert "(44 pages in en, ko, zh-Hans, zh-Hant)" in result.stdout.splitlines()[0]
    build = bundled_project / "build"
    for lang in ("en", "ko", "zh-Hans", "zh-Hant"):
        assert len(list((build / "site" / lang).glob("*.html"))) == 11
    assert (build / "site" / "index.html").is_file()
    assert (build / "site" / "sitemap.xml").is_file()
    assert (build / "report" / "index.html").is_file()
    assert sorted(p.name for p in (build / "subtitles").glob("trailer.*.vtt")) == [
        "trailer.ko.vtt", "trailer.zh-Hans.vtt", "trailer.zh-Hant.vtt",
    ]  # fmt: skip
    assert (build / "i18n" / "zh-Hant" / "site.json").is_file()
    assert (bundled_project / "locales" / "ko" / "LC_MESSAGES" / "site.mo").is_file()


def test_pipeline_json_and_a_second_run_changes_nothing(bundled_project: Path) -> None:
    first = run_cli("--project", str(bundled_project), "pipeline", "--format", "json")
    assert first.returncode == 0, first.stderr
    catalogs = {p: p.read_bytes() for p in (bundled_project / "locales").rglob("*.po")}
    second = run_cli("--project", str(bundled_project), "pipeline", "--format", "json")
    assert second.returncode == 0, second.stderr
    assert {p: p.read_bytes() for p in (bundled_project / "locales").rglob("*.po")} == catalogs
    data = json.loads(second.stdout)
    assert data["errors"] == []
    assert data["steps"]["update"]["changed"] == 0
    assert all(not template["written"] for template in data["steps"]["extract"])
    assert data["site"]["languages"] == ["en", "ko", "zh-Hans", "zh-Hant"]
    assert all(page["published"] for page in data["site"]["pages"])
    assert data["report"] == "build/report/index.html"


def test_build_reports_every_failed_output_and_still_builds_the_rest(tmp_path: Path) -> None:
    project = scratch_site(tmp_path / "site", full_translations)
    subtitles = project.root / "subtitles"
    subtitles.mkdir()
    (subtitles / "trailer.en.srt").write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nThe train leaves at night.\n", encoding="utf-8"
    )
    assert run_cli("--project", str(project.root), "extract").returncode == 0
    assert run_cli("--project", str(project.root), "update").returncode == 0
    result = run_cli("--project", str(project.root), "build")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert [line.split(":")[1].strip() for line in errors] == ["subtitles/trailer.en.srt"] * 3
    assert (project.build_dir / "site" / "ko" / "index.html").is_file()
    assert (project.build_dir / "report" / "index.html").is_file()
    again = run_cli("--project", str(project.root), "build", "--allow-incomplete")
    assert again.returncode == 0, again.stderr
    assert (project.build_dir / "subtitles" / "trailer.ko.vtt").is_file()
