"""A small localization project for the pre-translation tests: a site
template, a subtitle track whose sentences run across cues, catalogs for ko,
zh_Hans and zh_Hant with some reviewed, commented and flagged translations."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from seoultrain_i18n.catalogs.layout import catalog_path, new_catalog
from seoultrain_i18n.config import load_project
from seoultrain_i18n.formats.po import generate_po, read_po, write_po
from seoultrain_i18n.model import Catalog, Message

REPO = Path(__file__).resolve().parent.parent

PYPROJECT = """\
[tool.seoultrain-i18n]
project-name = "SEOUL TRAIN"
source-locale = "en"
target-locales = ["ko", "zh_Hans", "zh_Hant"]

[tool.seoultrain-i18n.translate]
backoff = 0.01
timeout = {timeout}
retries = 3
concurrency = 4
"""

REEL = """\
1
00:00:01,000 --> 00:00:03,000
North Korean refugees walk for days

2
00:00:03,500 --> 00:00:06,000
across the mountains to the Tumen River.

3
00:00:08,000 --> 00:00:10,000
<i>Every safe house is a risk.</i>

4
00:00:12,000 --> 00:00:14,000
They wait.

5
00:00:14,500 --> 00:00:16,000
They wait.

6
00:00:20,000 --> 00:00:22,000
♪ ♪

7
00:00:25,000 --> 00:00:27,000
The underground railroad runs

8
00:00:27,400 --> 00:00:29,000
through China and Mongolia

9
00:00:29,300 --> 00:00:31,000
to South Korea.

10
00:00:40,000 --> 00:00:42,000
Some are caught near the Yalu River.

11
00:00:45,000 --> 00:00:47,000
Repatriation means prison.

12
00:00:50,000 --> 00:00:52,000
Nobody knows how many made it.
"""

SITE_MESSAGES = [
    Message("Home", references=["content/index.html:10"]),
    Message("Seoul Train", references=["content/index.html:12"]),
    Message(
        "Refugees cross the <em>Tumen River</em> at night.", references=["content/film.html:20"]
    ),
    Message("%(count)s refugees were sent back to North Korea.", flags=["python-format"]),
    Message("Page %d of %d", flags=["c-format"]),
    Message("Software and information for everyone"),
    Message("Get the video", references=["content/video.html:5"]),
    Message("2005"),
    Message('Read the <a href="learn.html">history of the underground railroad</a>.'),
]

# locale → source → (translation, translator comments, fuzzy)
REVIEWED: dict[str, dict[str, tuple[str, list[str], bool]]] = {
    "ko": {
        "Home": ("홈", ["checked by the Korean team"], False),
        "Page %d of %d": ("%d / %d 페이지", [], False),
        "Get the video": ("비디오", ["old wording"], True),
        "They wait.": ("그들은 기다린다.", ["matches the film"], False),
    },
    "zh_Hans": {
        "Software and information for everyone": ("软件和信息属于每个人", [], False),
        "Home": ("首页", [], False),
    },
    "zh_Hant": {
        "Page %d of %d": ("第 %d 頁，共 %d 頁", ["keep the order"], False),
    },
}


def make_project(root: Path, *, timeout: float = 2.0, reviewed: bool = True) -> Path:
    """Write the project under ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(PYPROJECT.format(timeout=timeout), encoding="utf-8")
    (root / "subtitles").mkdir(exist_ok=True)
    (root / "subtitles" / "reel.en.srt").write_text(REEL, encoding="utf-8")
    locales = root / "locales"
    locales.mkdir(exist_ok=True)
    shutil.copy(REPO / "locales" / "glossary.csv", locales / "glossary.csv")
    project = load_project(root)

    site = Catalog(
        domain="site",
        header=[
            ("Project-Id-Version", "SEOUL TRAIN"),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("X-Source-Language", "en"),
        ],
        messages=SITE_MESSAGES,
    )
    write_po(locales / "site.pot", site)

    from seoultrain_i18n.subtitles.sources import source_track
    from seoultrain_i18n.subtitles.templates import track_template

    reel = track_template(project, source_track(project, "reel"))
    write_po(locales / "reel.pot", reel)

    for template_path in (locales / "site.pot", locales / "reel.pot"):
        template = read_po(template_path, domain=template_path.stem)
        for locale in project.target_locales:
            catalog = new_catalog(project, template, locale)
            if reviewed:
                for message in catalog.messages:
                    found = REVIEWED.get(locale, {}).get(message.source)
                    if found is not None:
                        message.translation, comments, fuzzy = found
                        message.comments = list(comments)
                        if fuzzy:
                            message.set_fuzzy(True)
                            message.previous_source = "Get the videos"
            write_po(catalog_path(project, locale, template_path.stem), catalog)
    return root


def entry_blocks(path: Path) -> list[str]:
    """The entries of a PO file as text blocks (separated by blank lines)."""
    return [block for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if block]


def reviewed_blocks(path: Path) -> list[str]:
    """Blocks of entries that a human translated (non-fuzzy, non-empty msgstr)."""
    result = []
    for block in entry_blocks(path):
        if "#, fuzzy" in block or 'msgid ""\nmsgstr ""\n"' in block:
            continue
        if re.search(r'^msgstr (?!"")', block, re.M):
            result.append(block)
    return result


def commented_blocks(path: Path) -> dict[str, list[str]]:
    """msgid → its translator comment lines (other than our draft lines)."""
    result = {}
    for block in entry_blocks(path):
        msgid = re.search(r'^msgid "(.*)"', block, re.M)
        comments = [
            line
            for line in block.splitlines()
            if line.startswith("# ") and not line.startswith("# draft: ")
        ]
        if msgid and comments:
            result[msgid.group(1)] = comments
    return result


def generate(catalog: Catalog) -> str:
    return generate_po(catalog)
