"""Pages that link to nothing are reported (``build`` warns, ``check`` H701),
and an element's ``lang`` follows what a screen reader reads: an ``<img>``
with a translated ``alt`` and an untranslated ``title`` is not declared English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seoultrain_i18n.config import Project
from seoultrain_i18n.formats.html import read_page, render_page
from seoultrain_i18n.site.build import build_site
from tests.conftest import run_cli
from tests.site_project import bundled_copy, full_translations, scratch_site

BROKEN = (
    '<p>See <a href="missing.html">the lost page</a>, <a href="film.html#top">the film</a>, '
    '<a href="https://example.org/x.html">elsewhere</a>, <a href="mailto:a@b.org">mail</a> '
    'and <a href="#here">here</a>.</p>\n<img src="assets/nowhere.png" alt="Nothing">\n'
)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = scratch_site(tmp_path / "site", full_translations)
    index = project.content_dir / "index.html"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("</main>", BROKEN + "</main>"), encoding="utf-8")
    return project


def _line(project: Project, needle: str) -> int:
    text = (project.content_dir / "index.html").read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def test_build_reports_each_reference_that_resolves_to_nothing(project: Project) -> None:
    result = build_site(project)
    broken = [w for w in result.warnings if "resolves to nothing" in w]
    line = _line(project, "missing.html")
    assert broken == [
        f'content/index.html:{line}: link <a href="missing.html"> resolves to nothing',
        f"content/index.html:{line + 1}: asset reference "
        '<img src="assets/nowhere.png"> resolves to nothing',
    ]
    cli = run_cli("--project", str(project.root), "build", "--site")
    assert f"warning: content/index.html:{line}: link <a href=\"missing.html\">" in cli.stderr


def test_check_reports_broken_links_as_h701_errors(project: Project) -> None:
    result = run_cli("--project", str(project.root), "check", "--format", "json")
    assert result.returncode == 1, result.stderr
    findings = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "H701"]
    assert [(f["path"], f["line"], f["severity"]) for f in findings] == [
        ("content/index.html", _line(project, "missing.html"), "error"),
        ("content/index.html", _line(project, "missing.html") + 1, "error"),
    ]
    ignored = run_cli("--project", str(project.root), "check", "--ignore", "H701")
    assert "H701" not in ignored.stdout


def test_the_bundled_site_links_only_to_what_exists(tmp_path: Path) -> None:
    project = bundled_copy(tmp_path / "bundled")
    result = run_cli("--project", str(project.root), "check", "--select", "H701")
    assert "H701" not in result.stdout, result.stdout


IMAGE = '<!DOCTYPE html>\n<html lang="en"><body>\n<img src="a.svg" alt="A map" title="Routes">\n'


@pytest.mark.parametrize(
    ("translated", "marked"),
    [
        ({"A map": "지도"}, False),  # alt translated, title not: a reader reads Korean
        ({"Routes": "경로"}, True),  # title translated, alt not: a reader reads English
        ({"A map": "지도", "Routes": "경로"}, False),
        ({}, True),
    ],
)
def test_an_image_takes_the_language_of_its_alt(
    tmp_path: Path, translated: dict[str, str], marked: bool
) -> None:
    path = tmp_path / "page.html"
    path.write_text(IMAGE, encoding="utf-8")
    page = read_page(path, "content/page.html")
    html = render_page(page, lambda segment: translated.get(segment.source)).html
    image = html[html.index("<img") : html.index(">", html.index("<img")) + 1]
    assert ('lang="en"' in image) is marked, image
