"""A subtitle translation that would start a cue of its own (a time, then
``-->``) is an M205 error in ``check``; ``build`` withholds it at the same
catalog line, does not build that track, and no track holds the text."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner, Result

from seoultrain_i18n.catalogs.layout import catalog_path
from seoultrain_i18n.cli import cli
from seoultrain_i18n.config import Project
from seoultrain_i18n.formats.po import read_po, write_po
from tests.site_project import bundled_copy

SOURCE = "안내인이 손짓하자 우리는 얼음 위로 나섰다"
INJECTED = "When the guide waved, we stepped out.\n\n00:00:30,000 --> 00:00:40,000\nINJECTED CUE"


def run(project: Project, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(project.root), *args])


def plant(project: Project) -> int:
    path = catalog_path(project, "en", "crossing")
    catalog = read_po(path, domain="crossing", locale="en")
    (message,) = [m for m in catalog.live() if m.source == SOURCE]
    message.translation = INJECTED
    write_po(path, catalog)
    (planted,) = [m for m in read_po(path, domain="crossing").live() if m.source == SOURCE]
    return planted.line


def test_check_and_build_withhold_an_injected_cue(tmp_path: Path) -> None:
    project = bundled_copy(tmp_path / "bundled")
    line = plant(project)
    where = f"locales/en/LC_MESSAGES/crossing.po:{line}: M205 [en]"

    check = run(project, "check", "--format", "json", "-l", "en")
    assert check.exit_code == 1, check.output
    errors = {
        (f["path"], f["line"], f["code"])
        for f in json.loads(check.stdout)["findings"]
        if f["severity"] == "error"
    }
    assert errors == {("locales/en/LC_MESSAGES/crossing.po", line, "M205")}

    build = run(project, "build", "--allow-incomplete")
    assert build.exit_code == 1, build.output
    assert re.search(rf"^error: {re.escape(where)} withheld: ", build.output, re.M), build.output
    assert "track crossing.en: not built" in build.output
    assert "error: build/subtitles" not in build.output  # the check spoke first, not the writer
    tracks = sorted((project.build_dir / "subtitles").iterdir())
    assert not [track for track in tracks if track.name.startswith("crossing.en.")]
    assert [track.name for track in tracks if track.name.startswith("crossing.zh-Hans.")]
    for track in tracks:
        assert "INJECTED" not in track.read_text(encoding="utf-8"), track
