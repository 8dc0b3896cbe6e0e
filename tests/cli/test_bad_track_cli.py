"""One bad track costs only itself: extract, check, build and pipeline go on with the others."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from seoultrain_i18n.cli import cli

PYPROJECT = """[tool.seoultrain-i18n]
source-locale = "en"
target-locales = ["ko"]

[tool.seoultrain-i18n.subtitles]
allow-incomplete = true

[tool.seoultrain-i18n.site]
base-url = "https://bad-track.example/"
"""


def cues(*texts: str, start: int = 1) -> str:
    return "".join(
        f"{n}\n00:00:{n * 4:02d},000 --> 00:00:{n * 4 + 2:02d},000\n{text}\n\n"
        for n, text in enumerate(texts, start=start)
    )


GOOD_A = cues("We waited for the night.", "The river was frozen.")
GOOD_B = cues("The guide waved.", "Nobody looked back.")
# Cue 2's timing line (line 6) has a single-dash arrow.
MALFORMED = (
    "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n"
    "2\n00:00:03,000 -> 00:00:04,000\nTwo.\n\n"
    "3\n00:00:05,000 --> 00:00:06,000\nThree.\n"
)
# A public-style file whose cue 2 ends before it starts (line 6).
REVERSED = (
    "1\n00:33:10,000 --> 00:33:12,000\nWe ran.\n\n"
    "2\n00:33:30,000 --> 00:33:14,000\nThey followed us.\n\n"
    "3\n00:33:40,000 --> 00:33:42,000\nWe hid.\n"
)


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(root), *args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    folder = tmp_path / "subtitles"
    folder.mkdir()
    (folder / "alpha.en.srt").write_text(GOOD_A, encoding="utf-8")
    (folder / "beta.en.srt").write_text(GOOD_B, encoding="utf-8")
    (folder / "broken.en.srt").write_text(MALFORMED, encoding="utf-8")
    return tmp_path


def test_extract_writes_the_good_templates_and_reports_the_malformed_line(project: Path) -> None:
    result = invoke(project, "extract")
    assert result.exit_code == 1
    assert "error: subtitles/broken.en.srt:6: malformed timing line '00:00:03,000 -> " in (
        result.output
    )
    assert (project / "locales" / "alpha.pot").is_file()
    assert (project / "locales" / "beta.pot").is_file()
    assert not (project / "locales" / "broken.pot").exists()
    assert "Traceback" not in result.output


def test_build_writes_the_good_tracks_and_reports_the_bad_one(project: Path) -> None:
    invoke(project, "extract")
    assert invoke(project, "update").exit_code == 0
    result = invoke(project, "build", "--subtitles")
    assert result.exit_code == 1
    assert "subtitles/broken.en.srt:6: malformed timing line" in result.output
    built = sorted(path.name for path in (project / "build" / "subtitles").iterdir())
    assert built == [
        f"{name}.ko.{ext}" for name in ("alpha", "beta") for ext in ("srt", "ttml", "vtt")
    ]


def test_check_checks_the_good_tracks_and_reports_the_bad_one(project: Path) -> None:
    invoke(project, "extract")
    result = invoke(project, "check", "--format", "json")
    assert result.exit_code == 1
    assert "subtitles/broken.en.srt:6: malformed timing line" in result.output
    assert "subtitles/alpha.en.srt" in result.output
    assert "subtitles/beta.en.srt" in result.output


def test_timing_defects_are_findings_and_cost_only_their_track(project: Path) -> None:
    (project / "subtitles" / "broken.en.srt").unlink()
    (project / "subtitles" / "public.en.srt").write_text(REVERSED, encoding="utf-8")
    (project / "content").mkdir()
    (project / "content" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Seoul Train</title></head>'
        "<body><p>A film.</p></body></html>",
        encoding="utf-8",
    )
    result = invoke(project, "pipeline")
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert "subtitles/public.en.srt:6: cue 2 ends before it starts" in result.output
    built = sorted(path.name for path in (project / "build" / "subtitles").iterdir())
    assert "alpha.ko.vtt" in built
    assert "beta.ko.vtt" in built
    assert "public.ko.vtt" not in built
    assert (project / "build" / "site" / "en" / "index.html").is_file()
    assert (project / "build" / "report" / "index.html").is_file()
    checked = invoke(project, "check", "--select", "S608")
    assert "subtitles/public.en.srt:6" in checked.output
