"""A site a host can publish: ``site.base-url`` is required (no placeholder
URL is ever published) and every page has a canonical link under it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seoultrain_i18n.config import Project, load_project
from seoultrain_i18n.errors import ConfigError
from seoultrain_i18n.site.build import build_site
from tests.conftest import run_cli
from tests.site_project import full_translations, scratch_site

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return scratch_site(tmp_path / "site", full_translations)


def _set_base(project: Project, line: str) -> Project:
    pyproject = project.root / "pyproject.toml"
    text = re.sub(r'base-url = "[^"]*"\n', line, pyproject.read_text("utf-8"))
    pyproject.write_text(text, encoding="utf-8")
    return load_project(project.root)


def test_without_base_url_the_site_is_refused_before_anything_is_written(
    project: Project,
) -> None:
    project = _set_base(project, "")
    with pytest.raises(ConfigError, match=r"\[tool.seoultrain-i18n.site\] base-url is not set"):
        build_site(project)
    assert not (project.build_dir / "site").exists()
    result = run_cli("--project", str(project.root), "build", "--site")
    assert result.returncode == 2
    assert result.stderr.startswith("error: pyproject.toml: [tool.seoultrain-i18n.site] base-url")
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == ["error", "  hint"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["www.seoultrain.org", "ftp://x.org/", "https:///path"])
def test_a_base_url_that_is_not_absolute_http_is_refused(project: Project, value: str) -> None:
    with pytest.raises(ConfigError, match="must be an http:// or https:// URL with a host"):
        _set_base(project, f'base-url = "{value}"\n')


def test_canonical_hreflang_and_sitemap_use_the_base_url(project: Project) -> None:
    project = _set_base(project, 'base-url = "https://films.example.org/seoul-train"\n')
    build_site(project)
    root = project.build_dir / "site"
    for page in sorted(root.glob("*/*.html")):
        text = page.read_text("utf-8")
        lang, name = page.parent.name, page.name
        assert CANONICAL.findall(text) == [
            f"https://films.example.org/seoul-train/{lang}/{name}"
        ]
        alternates = re.findall(r'<link rel="alternate" hreflang="[^"]*" href="([^"]*)">', text)
        assert alternates
        assert all(a.startswith("https://films.example.org/seoul-train/") for a in alternates)
    sitemap = (root / "sitemap.xml").read_text("utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert len(locations) == 10
    assert all(loc.startswith("https://films.example.org/seoul-train/") for loc in locations)
    assert "seoultrain.example" not in sitemap


def test_the_bundled_project_sets_its_base_url() -> None:
    repo = Path(__file__).resolve().parent.parent
    assert load_project(repo).config.site.base_url.startswith("https://")
