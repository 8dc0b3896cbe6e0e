"""Helpers for the subtitle tests: a scratch project with the golden reel and
its translations written as real PO catalogs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from seoultrain_i18n.catalogs.layout import catalog_path, new_catalog, save_catalog
from seoultrain_i18n.config import Project, load_project
from seoultrain_i18n.subtitles.sources import discover_tracks
from seoultrain_i18n.subtitles.templates import track_template

GOLDEN = Path(__file__).resolve().parent / "golden" / "subtitles"
TRANSLATIONS: dict[str, dict[str, str]] = json.loads(
    (GOLDEN / "reel.translations.json").read_text(encoding="utf-8")
)
PYPROJECT = """[tool.seoultrain-i18n]
source-locale = "en"
target-locales = ["ko", "zh_Hans", "zh_Hant"]
"""


def reel_project(root: Path, extra_config: str = "") -> Project:
    """A project with subtitles/reel.en.srt and no catalogs yet."""
    (root / "subtitles").mkdir(parents=True, exist_ok=True)
    shutil.copy(GOLDEN / "reel.en.srt", root / "subtitles" / "reel.en.srt")
    (root / "pyproject.toml").write_text(PYPROJECT + extra_config, encoding="utf-8")
    return load_project(root)


def write_translations(
    project: Project, locales: tuple[str, ...] = ("ko", "zh_Hans", "zh_Hant"), domain: str = "reel"
) -> None:
    """Catalogs for ``locales`` filled from reel.translations.json (reviewed)."""
    source = next(track for track in discover_tracks(project) if track.domain == domain)
    template = track_template(project, source)
    for locale in locales:
        catalog = new_catalog(project, template, locale)
        for message in catalog.messages:
            message.translation = TRANSLATIONS[locale][message.source]
        save_catalog(catalog_path(project, locale, domain), catalog)
