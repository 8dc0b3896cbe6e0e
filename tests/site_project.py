"""Scratch site projects for the site, bundle, API and browser tests: a few
small pages, catalogs made by our own extract + update, and translations
written into the PO files (reviewed, fuzzy, missing or hostile as a test needs)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from seoultrain_i18n.catalogs.layout import catalog_path, update_catalogs
from seoultrain_i18n.config import Project, load_project
from seoultrain_i18n.extract import extract
from seoultrain_i18n.formats.po import read_po, write_po

REPO = Path(__file__).resolve().parent.parent

PYPROJECT = """\
[tool.seoultrain-i18n]
project-name = "Scratch Train"
source-locale = "en"
target-locales = ["ko", "zh_Hans", "zh_Hant"]

[tool.seoultrain-i18n.site]
base-url = "https://scratch.example/"
"""

HEAD = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="icon" href="assets/map.svg" type="image/svg+xml">
<link rel="stylesheet" href="assets/style.css">
</head>
<body>
<header>
  <nav class="language-switcher" translate="no" data-l10n-switcher></nav>
  <nav aria-label="Main navigation">
    <ul>
      <li><a href="index.html">Home</a></li>
      <li><a href="film.html">The Film</a></li>
      <li><a href="video.html">Get The Video</a></li>
    </ul>
  </nav>
</header>
<main>
"""
FOOT = """\
</main>
</body>
</html>
"""

PAGES = {
    "index.html": (
        "Home",
        "The story of the underground railroad.",
        """\
<h1>Welcome</h1>
<p>Read <a href="film.html">the story</a> of <em>four</em> families.</p>
<p>The train leaves at night.</p>
""",
    ),
    "film.html": (
        "The Film",
        "About the documentary.",
        """\
<h1>The Film</h1>
<p>A documentary about refugees who cross rivers and borders to reach safety.</p>
<p>Thousands of people wait in safe houses across the border region for a chance to go on.</p>
<figure><img src="assets/map.svg" alt="A map of the routes" width="40" height="20">
<figcaption>The routes south.</figcaption></figure>
""",
    ),
    "video.html": (
        "Get The Video",
        "Watch the trailer.",
        """\
<h1>Get The Video</h1>
<video controls preload="metadata" data-l10n-tracks="trailer" width="320" height="180">
  <source src="assets/trailer.webm" type="video/webm">
  <p>Your browser cannot play this video.</p>
</video>
<p>Choose subtitles from the player.</p>
""",
    ),
}

READ = "Read <a>the story</a> of <em>four</em> families."
DOCUMENTARY = "A documentary about refugees who cross rivers and borders to reach safety."
THOUSANDS = (
    "Thousands of people wait in safe houses across the border region for a chance to go on."
)

STYLE = "body { font-family: Georgia, serif; }\n"
MAP = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="#c8102e"/></svg>\n'
)

# A full translation of every message, by msgid; "{x}" fills in per locale.
KOREAN = {
    "Home": "홈",
    "The story of the underground railroad.": "지하철도 이야기.",
    "Main navigation": "주 메뉴",
    "The Film": "영화",
    "Get The Video": "영상 보기",
    "Welcome": "환영합니다",
    READ: "<em>네</em> 가족의 <a>이야기</a>를 읽어 보세요.",
    "The train leaves at night.": "기차는 밤에 떠난다.",
    "About the documentary.": "다큐멘터리 소개.",
    DOCUMENTARY: "안전한 곳에 닿으려고 강과 국경을 건너는 난민들에 관한 다큐멘터리.",
    THOUSANDS: "수천 명이 국경 지대의 은신처에서 떠날 기회를 기다린다.",
    "A map of the routes": "경로 지도",
    "The routes south.": "남쪽으로 가는 길.",
    "Watch the trailer.": "예고편을 보세요.",
    "Your browser cannot play this video.": "이 브라우저는 영상을 재생할 수 없습니다.",
    "Choose subtitles from the player.": "플레이어에서 자막을 고르세요.",
}
CHINESE = {
    "Home": "首页",
    "The story of the underground railroad.": "地下铁路的故事。",
    "Main navigation": "主导航",
    "The Film": "影片",
    "Get The Video": "观看影片",
    "Welcome": "欢迎",
    READ: "阅读<em>四个</em>家庭的<a>故事</a>。",
    "The train leaves at night.": "火车在夜里出发。",
    "About the documentary.": "关于这部纪录片。",
    DOCUMENTARY: "一部关于难民渡河越境寻求安全的纪录片。",
    THOUSANDS: "成千上万的人在边境地区的安全屋里等待继续前行的机会。",
    "A map of the routes": "路线地图",
    "The routes south.": "南下的路线。",
    "Watch the trailer.": "观看预告片。",
    "Your browser cannot play this video.": "你的浏览器无法播放此视频。",
    "Choose subtitles from the player.": "请在播放器中选择字幕。",
}
# Traditional Chinese: the home page only (film.html and video.html stay
# below the publishing threshold).
TRADITIONAL = {
    "Home": "首頁",
    "The story of the underground railroad.": "地下鐵路的故事。",
    "Main navigation": "主導覽",
    "The Film": "影片",
    "Get The Video": "觀看影片",
    "Welcome": "歡迎",
    READ: "閱讀<em>四個</em>家庭的<a>故事</a>。",
    "The train leaves at night.": "火車在夜裡出發。",
}

HOSTILE = {
    "Welcome": '<script>alert("welcome")</script>환영합니다',
    READ: ('<a href="javascript:alert(1)">이야기</a> <img src=x onerror="alert(2)"> <em>네</em>'),
    "The train leaves at night.": "<b>기차</b>는 <a>밤</a>에 떠난다.",
    "Home": '<svg onload="alert(3)">홈',
    "A map of the routes": '" onerror="alert(4)',
    "The routes south.": "</figcaption><script>alert(5)</script>",
    "Choose subtitles from the player.": '<iframe src="javascript:alert(6)"></iframe><em>',
    "Watch the trailer.": '<meta http-equiv="refresh" content="0;url=javascript:alert(7)">',
}


def write_site(root: Path, pages: Mapping[str, tuple[str, str, str]] = PAGES) -> Path:
    """A project folder with ``pages`` in content/ and the shared assets."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    assets = root / "content" / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "style.css").write_text(STYLE, encoding="utf-8")
    (assets / "map.svg").write_text(MAP, encoding="utf-8")
    shutil.copy(REPO / "content" / "assets" / "trailer.webm", assets / "trailer.webm")
    for name, (title, description, body) in pages.items():
        text = HEAD.format(title=title, description=description) + body + FOOT
        (root / "content" / name).write_text(text, encoding="utf-8")
    return root


def prepare_catalogs(project: Project) -> None:
    """extract + update: templates and empty catalogs for every target locale."""
    extract(project).raise_errors()
    result = update_catalogs(project)
    assert not result.errors, result.errors


def translate(
    project: Project,
    locale: str,
    translations: Mapping[str, str],
    *,
    domain: str = "site",
    fuzzy: frozenset[str] = frozenset(),
) -> Path:
    """Write ``translations`` (msgid → msgstr) into a catalog; msgids in
    ``fuzzy`` are flagged fuzzy."""
    path = catalog_path(project, locale, domain)
    catalog = read_po(path, domain=domain, locale=locale)
    for message in catalog.live():
        if message.source in translations:
            message.translation = translations[message.source]
            message.set_fuzzy(message.source in fuzzy)
    write_po(path, catalog)
    return path


def scratch_site(
    root: Path,
    fill: Callable[[Project], None] | None = None,
    pages: Mapping[str, tuple[str, str, str]] = PAGES,
) -> Project:
    """A ready project: pages, templates, catalogs, and ``fill`` applied."""
    project = load_project(write_site(root, pages))
    prepare_catalogs(project)
    if fill is not None:
        fill(project)
    return project


def full_translations(project: Project) -> None:
    """ko and zh_Hans complete; zh_Hant only the home page."""
    translate(project, "ko", KOREAN)
    translate(project, "zh_Hans", CHINESE)
    translate(project, "zh_Hant", TRADITIONAL)


def write_vtt(project: Project, domain: str, lang: str, cues: list[tuple[str, str, str]]) -> Path:
    """A built WebVTT track in build/subtitles (as the tracks stage writes them)."""
    body = "".join(f"\n{start} --> {end}\n{text}\n" for start, end, text in cues)
    path = project.build_dir / "subtitles" / f"{domain}.{lang}.vtt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("WEBVTT\n" + body, encoding="utf-8")
    return path


def bundled_copy(folder: Path) -> Project:
    """A copy of this repository's localization project (no MO files, no locks)."""
    folder.mkdir(parents=True)
    for name in ("content", "subtitles", "locales"):
        shutil.copytree(REPO / name, folder / name, ignore=shutil.ignore_patterns("*.mo", ".*lock"))
    shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")
    return load_project(folder)


def build_bundled(folder: Path) -> Project:
    """The bundled project built: extract, update, then MO, tracks (incomplete
    ones allowed, so a catalog still being written does not stop the site) and
    the site."""
    from seoultrain_i18n.pipeline import build

    project = bundled_copy(folder)
    extract(project).raise_errors()
    assert not update_catalogs(project).errors
    result = build(project, ("mo", "subtitles", "site"), allow_incomplete=True)
    assert result.errors == [], result.errors
    return project
