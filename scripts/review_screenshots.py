"""Take the screenshots of docs/review.md with Playwright on Debian's Chromium.

    .venv/bin/python scripts/review_screenshots.py

Runs ``seoultrain-i18n review`` on a copy of this repository's project in a
temporary folder (one Korean trailer cue turned into a fuzzy memory draft, so
the picture shows how a draft is reviewed), opens both views and writes
docs/review-subtitles.png and docs/review-pages.png. The repository's own
catalogs are not touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from seoultrain_i18n.formats.po import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def copy_project(target: Path) -> None:
    for name in ("content", "subtitles", "locales"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("*.mo", ".*"))
    shutil.copy(REPO / "pyproject.toml", target / "pyproject.toml")
    path = target / "locales/ko/LC_MESSAGES/trailer.po"
    catalog = read_po(path)
    for message in catalog.messages:
        if message.source == "Every year, people escape North Korea in secret.":
            message.set_fuzzy(True)
            message.previous_source = "Every year, people flee North Korea in secret."
            message.comments.append("draft: memory 92% (site)")
    write_po(path, catalog)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        project.mkdir()
        copy_project(project)
        server = subprocess.Popen(
            [sys.executable, "-m", "seoultrain_i18n", "--project", str(project), "review",
             "--no-open"],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUTF8": "1"},
        )
        try:
            assert server.stdout is not None
            url = server.stdout.readline().split(" ", 1)[1].strip()
            shoot(url)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


def shoot(url: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.goto(f"{url}&view=subtitles&domain=trailer&locale=ko")
        page.wait_for_selector("#cues li[data-number='3']")
        page.click("#cues li[data-number='3']")
        page.wait_for_timeout(800)  # the video frame at the cue
        page.screenshot(path=str(REPO / "docs/review-subtitles.png"))
        page.goto(f"{url}&view=pages&page=film.html&locale=ko")
        page.wait_for_selector("#segments li")
        page.wait_for_timeout(800)
        page.click("#segments li[data-index='18']")
        page.wait_for_timeout(500)
        page.screenshot(path=str(REPO / "docs/review-pages.png"))
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
