"""The report decides, read in a real browser: after ``pipeline`` on the
bundled project, per language "ready to publish" agrees with the exit code,
and every page and track shows what was published, withheld (with links to
the catalog lines) and how many fallbacks it has."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from seoultrain_i18n.cli import cli
from seoultrain_i18n.config import Project
from tests.browser import chromium, needs_browser, serve_directory
from tests.site_project import bundled_copy
from tests.test_verdict import first_translated, plant, set_translation

pytestmark = [needs_browser, pytest.mark.browser]


@dataclass
class Run:
    exit_code: int
    output: str
    url: str


def pipeline(folder: Path, spoil: Callable[[Project], object]) -> Iterator[Run]:
    project = bundled_copy(folder)
    spoil(project)
    result = CliRunner().invoke(cli, ["--project", str(project.root), "pipeline"])
    with serve_directory(project.build_dir / "report") as url:
        yield Run(result.exit_code, result.output, url)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """Hostile Korean site translations and a Simplified line in a zh_Hant track."""

    def spoil(project: Project) -> None:
        plant(project)
        path, source = first_translated(project, "zh_Hant", "trailer")
        set_translation(path, source, "这是简体字说明书，不是繁体字")

    yield from pipeline(tmp_path_factory.mktemp("hostile") / "bundled", spoil)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    yield from pipeline(tmp_path_factory.mktemp("clean") / "bundled", lambda project: None)


def read_report(browser: Any, url: str) -> dict[str, Any]:
    page = browser.new_page()
    try:
        page.goto(url + "index.html", wait_until="load")
        state: dict[str, Any] = page.evaluate(
            """() => ({
                verdicts: Object.fromEntries([...document.querySelectorAll('[data-verdict]')]
                    .map(e => [e.dataset.locale, e.dataset.verdict])),
                items: [...document.querySelectorAll('tr.pub-item')].map(e => ({
                    locale: e.closest('[data-locale]').dataset.locale,
                    kind: e.dataset.kind, name: e.dataset.name, state: e.dataset.state,
                    fallback: Number(e.dataset.fallback),
                    links: [...e.querySelectorAll('a')].map(a => a.getAttribute('href')),
                    text: e.innerText,
                })),
                status: document.querySelector('[data-tile="status"]').innerText,
            })"""
        )
        return state
    finally:
        page.close()


def test_every_language_is_ready_and_pipeline_exits_0(clean: Run, browser: Any) -> None:
    report = read_report(browser, clean.url)
    assert clean.exit_code == 0, clean.output
    assert set(report["verdicts"].values()) == {"ready"}
    assert set(report["verdicts"]) == {"en", "ko", "zh_Hans", "zh_Hant"}
    assert "Ready" in report["status"]
    states = {(item["kind"], item["state"]) for item in report["items"]}
    assert ("page", "published") in states
    assert ("track", "published") in states
    assert not any(item["state"] in {"withheld", "not built"} for item in report["items"])


def test_withheld_pages_and_an_unbuilt_track_hold_their_language_back(
    hostile: Run, browser: Any
) -> None:
    report = read_report(browser, hostile.url)
    assert hostile.exit_code == 1, hostile.output
    verdicts = report["verdicts"]
    assert verdicts["ko"] == "not-ready"
    assert verdicts["zh_Hant"] == "not-ready"
    assert verdicts["zh_Hans"] == "ready"
    # The per-locale verdict agrees with the exit code: 1 because some language is not ready.
    assert (hostile.exit_code == 0) == all(v == "ready" for v in verdicts.values())
    assert "Not ready" in report["status"]
    bios = next(i for i in report["items"] if i["locale"] == "ko" and i["name"] == "bios.html")
    assert bios["state"] == "withheld"
    assert bios["fallback"] >= 3  # the title, the camera's alt text, the directors line
    assert "../../locales/ko/LC_MESSAGES/site.po" in bios["links"]
    assert "M204" in bios["text"]
    track = next(i for i in report["items"] if i["name"] == "trailer.zh-Hant")
    assert track["state"] == "not built"
    assert "trailer.ko" in {i["name"] for i in report["items"] if i["state"] == "published"}
