"""Benchmark: build every bundled subtitle track in every locale, in a fresh process.

Catalogs are filled with synthetic translations long enough to need line
breaking (the real ones may not exist yet), so the Chinese segmenter runs.
Usage: .venv/bin/python scripts/bench_subtitles.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FILLER = {
    "ko": "해마다 사람들이 몰래 북한을 빠져나온다",
    "en": "Every year, people escape North Korea in secret.",
    "zh_Hans": "朝鲜难民沿着一条秘密路线穿越中国前往泰国",
    "zh_Hant": "北韓難民沿著一條秘密路線穿越中國前往泰國",
}
CHILD = """
import sys, time
started = time.perf_counter()
from seoultrain_i18n.config import load_project
from seoultrain_i18n.subtitles.tracks import build_tracks
built = build_tracks(load_project(sys.argv[1]))
elapsed = time.perf_counter() - started
cues = sum(track.cues for track in built)
print(f"{len(built)} tracks, {cues} cues built in {elapsed:.2f} s (including imports)")
"""


def main() -> None:
    sys.path.insert(0, str(REPO))
    from seoultrain_i18n.catalogs.layout import catalog_path, new_catalog, save_catalog
    from seoultrain_i18n.config import load_project
    from seoultrain_i18n.subtitles.sources import discover_tracks, track_targets
    from seoultrain_i18n.subtitles.templates import track_template

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(REPO / "subtitles", root / "subtitles")
        shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
        project = load_project(root)
        for source in discover_tracks(project):
            template = track_template(project, source)
            for locale in track_targets(project, source):
                catalog = new_catalog(project, template, locale)
                for message in catalog.messages:
                    message.translation = FILLER[locale]
                save_catalog(catalog_path(project, locale, source.domain), catalog)
        for run in ("first run", "second run"):
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(root)],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"{run}: {result.stdout.strip()}")


if __name__ == "__main__":
    main()
