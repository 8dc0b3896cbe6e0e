"""The localized site stage on scratch projects: pages per language, the
frame (lang, alternates, switcher, tracks), the publishing threshold,
fallbacks, hostile translations, sitemap, root chooser and assets."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

from seoultrain_i18n.config import Project, load_project
from seoultrain_i18n.formats.html import read_page, render_page
from seoultrain_i18n.site.build import build_site
from seoultrain_i18n.site.frame import Link, PageFrame, apply_frame, set_attribute
from tests.conftest import run_cli
from tests.site_project import (
    CHINESE,
    HOSTILE,
    KOREAN,
    full_translations,
    scratch_site,
    translate,
    write_vtt,
)


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def tags_of(path: Path) -> Tags:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def find(tags: Tags, tag_name: str, **attributes: str) -> list[dict[str, str | None]]:
    return [
        attrs
        for tag, attrs in tags.tags
        if tag == tag_name
        and all(attrs.get(key.replace("_", "-")) == value for key, value in attributes.items())
    ]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return scratch_site(tmp_path / "site", full_translations)


@pytest.fixture
def site(project: Project) -> Path:
    build_site(project)
    return project.build_dir / "site"


def test_every_published_page_is_written_and_the_rest_reported(project: Project) -> None:
    result = build_site(project)
    root = project.build_dir / "site"
    written = sorted(path.relative_to(root).as_posix() for path in root.glob("*/*.html"))
    assert written == [
        "en/film.html", "en/index.html", "en/video.html",
        "ko/film.html", "ko/index.html", "ko/video.html",
        "zh-Hans/film.html", "zh-Hans/index.html", "zh-Hans/video.html",
        "zh-Hant/index.html",
    ]  # fmt: skip
    assert result.languages == ["en", "ko", "zh-Hans", "zh-Hant"]
    assert [status.describe() for status in result.unpublished] == [
        "zh-Hant/film.html: not published: 23% of 52 source words translated (threshold 80%); "
        "its language switcher leads to the English page",
        "zh-Hant/video.html: not published: 50% of 28 source words translated (threshold 80%); "
        "its language switcher leads to the English page",
    ]
    assert result.problems == []


def test_english_pages_keep_the_source_bytes_outside_the_frame(
    project: Project, site: Path
) -> None:
    source = (project.content_dir / "film.html").read_text(encoding="utf-8")
    built = (site / "en" / "film.html").read_text(encoding="utf-8")
    assert unframe(built) == source


def test_translated_pages_are_the_rendered_page_plus_the_frame(
    project: Project, site: Path
) -> None:
    page = read_page(project.content_dir / "index.html", "content/index.html")
    rendered = render_page(page, lambda segment: KOREAN.get(segment.source), fallback_lang="en")
    built = (site / "ko" / "index.html").read_text(encoding="utf-8")
    assert unframe(built) == rendered.html
    # Text outside units (indentation, end tags, the figure's line breaks) is the source's.
    for line in (project.content_dir / "index.html").read_text(encoding="utf-8").splitlines():
        translatable = re.search(r">[^<\s][^<]*<", line) or any(key in line for key in KOREAN)
        if not translatable and "lang=" not in line and "data-l10n-switcher" not in line:
            assert line in built.splitlines()


def unframe(built: str) -> str:
    """Undo the site frame: html lang/dir, inserted head lines, switcher content."""
    text = re.sub(r'<html lang="[^"]*" dir="ltr">', '<html lang="en">', built, count=1)
    text = re.sub(r'\n<meta http-equiv="Content-Security-Policy"[^>]*>', "", text, count=1)
    text = re.sub(
        r'\n(?:<link rel="(?:stylesheet" href="assets/l10n.css|alternate" hreflang=[^>]*'
        r'|canonical" href=[^>]*)"?>'
        r'|<meta property="og:locale(?::alternate)?"[^>]*>)',
        "",
        text,
    )
    text = re.sub(r"(<nav [^>]*data-l10n-switcher>).*?(</nav>)", r"\1\2", text, count=1)
    return re.sub(r'\n\s*<track kind="subtitles"[^>]*>', "", text)


def test_language_attributes_title_description_and_open_graph(site: Path) -> None:
    tags = tags_of(site / "ko" / "film.html")
    assert find(tags, "html") == [{"lang": "ko", "dir": "ltr"}]
    assert "영화" in "".join(tags.text[:20])
    page = (site / "ko" / "film.html").read_text(encoding="utf-8")
    assert "<title>영화</title>" in page
    assert find(tags, "meta", name="description") == [
        {"name": "description", "content": "다큐멘터리 소개."}
    ]
    assert [a["content"] for a in find(tags, "meta", property="og:locale")] == ["ko_KR"]
    # film.html is published in en, ko and zh-Hans only.
    assert [a["content"] for a in find(tags, "meta", property="og:locale:alternate")] == [
        "en_US",
        "zh_CN",
    ]
    zh = tags_of(site / "zh-Hans" / "index.html")
    assert find(zh, "html") == [{"lang": "zh-Hans", "dir": "ltr"}]
    assert [a["content"] for a in find(zh, "meta", property="og:locale:alternate")] == [
        "en_US",
        "ko_KR",
        "zh_TW",
    ]


def test_hreflang_alternates_list_every_published_language_and_x_default(site: Path) -> None:
    film = [
        (a["hreflang"], a["href"])
        for a in find(tags_of(site / "ko" / "film.html"), "link", rel="alternate")
    ]
    assert film == [
        ("en", "https://scratch.example/en/film.html"),
        ("ko", "https://scratch.example/ko/film.html"),
        ("zh-Hans", "https://scratch.example/zh-Hans/film.html"),
        ("x-default", "https://scratch.example/en/film.html"),
    ]
    home = [
        a["hreflang"]
        for a in find(tags_of(site / "zh-Hant" / "index.html"), "link", rel="alternate")
    ]
    assert home == ["en", "ko", "zh-Hans", "zh-Hant", "x-default"]


def switcher(path: Path) -> list[tuple[str | None, ...]]:
    text = path.read_text(encoding="utf-8")
    nav = re.search(r"<nav [^>]*data-l10n-switcher>(.*?)</nav>", text, re.S)
    assert nav is not None
    parser = Tags()
    parser.feed(nav.group(1))
    anchors = [attrs for tag, attrs in parser.tags if tag == "a"]
    labels = [label for label in parser.text if label.strip()]
    return [
        (label, a["href"], a["lang"], a["hreflang"], a.get("aria-current"))
        for label, a in zip(labels, anchors, strict=True)
    ]


def test_switcher_labels_are_own_names_and_lead_to_the_same_page(site: Path) -> None:
    assert switcher(site / "ko" / "film.html") == [
        ("English", "../en/film.html", "en", "en", None),
        ("한국어", "film.html", "ko", "ko", "page"),
        ("简体中文", "../zh-Hans/film.html", "zh-Hans", "zh-Hans", None),
        # not published in Traditional Chinese: the English page
        ("繁體中文", "../en/film.html", "zh-Hant", "en", None),
    ]
    assert switcher(site / "zh-Hant" / "index.html") == [
        ("English", "../en/index.html", "en", "en", None),
        ("한국어", "../ko/index.html", "ko", "ko", None),
        ("简体中文", "../zh-Hans/index.html", "zh-Hans", "zh-Hans", None),
        ("繁體中文", "index.html", "zh-Hant", "zh-Hant", "page"),
    ]


def test_untranslated_and_fuzzy_units_fall_back_to_english_marked_lang_en(project: Project) -> None:
    translate(project, "ko", {"Welcome": "어서 오세요"}, fuzzy=frozenset({"Welcome"}))
    translate(project, "ko", {"Choose subtitles from the player.": ""})
    result = build_site(project)
    index = (project.build_dir / "site" / "ko" / "index.html").read_text(encoding="utf-8")
    assert '<h1 lang="en">Welcome</h1>' in index
    assert "어서 오세요" not in index
    video = (project.build_dir / "site" / "ko" / "video.html").read_text(encoding="utf-8")
    assert '<p lang="en">Choose subtitles from the player.</p>' in video
    percent = {(s.lang, s.page): round(s.percent) for s in result.pages}
    assert percent[("ko", "index.html")] == 96
    assert percent[("ko", "video.html")] == 82


def test_fuzzy_translations_are_used_when_the_project_says_so(project: Project) -> None:
    translate(project, "ko", {"Welcome": "어서 오세요"}, fuzzy=frozenset({"Welcome"}))
    build_site(project, include_fuzzy=True)
    page = (project.build_dir / "site" / "ko" / "index.html").read_text(encoding="utf-8")
    assert "<h1>어서 오세요</h1>" in page


def test_threshold_from_the_configuration_and_stale_pages_removed(project: Project) -> None:
    build_site(project)
    assert (project.build_dir / "site" / "zh-Hant" / "index.html").is_file()
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace(
            'base-url = "https://scratch.example/"',
            'base-url = "https://scratch.example/"\npublish-threshold = 100.0',
        ),
        encoding="utf-8",
    )
    translate(project, "zh_Hant", {"Welcome": ""})
    result = build_site(load_project(project.root))
    assert not (project.build_dir / "site" / "zh-Hant" / "index.html").exists()
    assert "zh-Hant" not in result.languages
    assert "繁體中文" not in (project.build_dir / "site" / "ko" / "index.html").read_text(
        encoding="utf-8"
    )


def test_video_page_offers_one_track_per_built_webvtt(project: Project) -> None:
    cue = [("00:00:01.000", "00:00:02.000", "text")]
    for lang in ("zh-Hant", "ko", "en", "zh-Hans", "ko+en"):
        write_vtt(project, "trailer", lang, cue)
    write_vtt(project, "other", "ko", cue)
    result = build_site(project)
    tags = tags_of(project.build_dir / "site" / "ko" / "video.html")
    tracks = [(a["srclang"], a["label"], a["src"], "default" in a) for a in find(tags, "track")]
    assert tracks == [
        ("en", "English", "../subtitles/trailer.en.vtt", False),
        ("ko", "한국어", "../subtitles/trailer.ko.vtt", True),
        ("zh-Hans", "简体中文", "../subtitles/trailer.zh-Hans.vtt", False),
        ("zh-Hant", "繁體中文", "../subtitles/trailer.zh-Hant.vtt", False),
    ]
    assert all(a["kind"] == "subtitles" for a in find(tags, "track"))
    for _, _, src, _ in tracks:
        copied = project.build_dir / "site" / src.removeprefix("../")
        assert copied.read_bytes() == (project.build_dir / "subtitles" / copied.name).read_bytes()
    assert len(result.tracks) == 5  # trailer ×4 and other ×1; the bilingual one is left out
    english = tags_of(project.build_dir / "site" / "en" / "video.html")
    assert [a["srclang"] for a in find(english, "track") if "default" in a] == ["en"]
    page = (project.build_dir / "site" / "ko" / "video.html").read_text(encoding="utf-8")
    assert '<source src="assets/trailer.webm" type="video/webm">\n  <track kind="subtitles"' in page


def test_hostile_translations_never_become_markup(tmp_path: Path) -> None:
    project = scratch_site(tmp_path / "site", lambda p: translate(p, "ko", KOREAN | HOSTILE))
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "publish-threshold = 0\n", encoding="utf-8")
    project = load_project(project.root)
    result = build_site(project)
    site = project.build_dir / "site"
    for name in ("index.html", "film.html", "video.html"):
        built = tags_of(site / "ko" / name)
        english = tags_of(site / "en" / name)
        names = {tag for tag, _ in built.tags}
        assert names <= {tag for tag, _ in english.tags} | {"span"}, name
        assert {"script", "iframe", "svg"} & names == set()
        for tag, attrs in built.tags:
            assert not any(key.startswith("on") for key in attrs), (name, tag, attrs)
            urls = [
                attrs.get(key) or "" for key in ("href", "src", "action", "formaction", "poster")
            ]
            assert not any("javascript:" in url for url in urls), (name, tag, attrs)
            if tag == "meta":
                assert "http-equiv" not in attrs or attrs["http-equiv"] == "Content-Security-Policy"
        hrefs = Counter(a["href"] for a in find(built, "a") if a.get("hreflang") is None)
        assert hrefs <= Counter(a["href"] for a in find(english, "a") if a.get("hreflang") is None)
        text = (site / "ko" / name).read_text(encoding="utf-8")
        assert "alert" not in text, name
        assert "&lt;script" not in text, name
    # Every hostile translation is withheld: the English source stands in, marked lang="en".
    index = (site / "ko" / "index.html").read_text(encoding="utf-8")
    assert '<h1 lang="en">Welcome</h1>' in index
    film = tags_of(site / "ko" / "film.html")
    assert find(film, "img")[0]["alt"] == "A map of the routes"
    assert find(film, "img")[0]["lang"] == "en"
    withheld = [str(error) for error in result.errors]
    assert withheld
    assert all(
        re.match(r"locales/ko/LC_MESSAGES/site\.po:\d+: (M20\d|L50\d) \[ko\] withheld: ", line)
        for line in withheld
    ), withheld
    lines = {int(line.split(":")[1]) for line in withheld}
    assert len(lines) == len(HOSTILE)  # each hostile translation, at its own catalog line


def test_sitemap_lists_published_pages_with_alternates(site: Path) -> None:
    namespaces = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    root = ET.parse(site / "sitemap.xml").getroot()
    urls = {
        url.findtext("s:loc", namespaces=namespaces): [
            (link.get("hreflang"), link.get("href")) for link in url.findall("x:link", namespaces)
        ]
        for url in root.findall("s:url", namespaces)
    }
    assert len(urls) == 10
    assert urls["https://scratch.example/zh-Hant/index.html"][-1] == (
        "x-default",
        "https://scratch.example/en/index.html",
    )
    assert [lang for lang, _ in urls["https://scratch.example/ko/film.html"]] == [
        "en",
        "ko",
        "zh-Hans",
        "x-default",
    ]


def test_root_chooser_links_every_language_and_allows_only_its_own_script(site: Path) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    tags = tags_of(site / "index.html")
    assert [(a["href"], a["lang"]) for a in find(tags, "a")] == [
        ("en/index.html", "en"), ("ko/index.html", "ko"),
        ("zh-Hans/index.html", "zh-Hans"), ("zh-Hant/index.html", "zh-Hant"),
    ]  # fmt: skip
    script = re.search(r"<script>(.*?)</script>", text, re.S)
    assert script is not None
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    csp = find(tags, "meta", http_equiv="Content-Security-Policy")[0]["content"]
    assert csp is not None
    assert f"'sha256-{digest}'" in csp
    entries = json.loads(re.search(r"var entry = (\{.*?\});", text).group(1))  # type: ignore[union-attr]
    assert entries == {
        "en": "en/index.html", "ko": "ko/index.html",
        "zh-Hans": "zh-Hans/index.html", "zh-Hant": "zh-Hant/index.html",
    }  # fmt: skip


def test_assets_are_copied_into_every_language_folder(project: Project, site: Path) -> None:
    for lang in ("en", "ko", "zh-Hans", "zh-Hant"):
        for name in ("style.css", "map.svg", "trailer.webm"):
            assert (site / lang / "assets" / name).read_bytes() == (
                project.content_dir / "assets" / name
            ).read_bytes()
        css = (site / lang / "assets" / "l10n.css").read_text(encoding="utf-8")
        for stack in ('"Noto Sans CJK KR"', '"Noto Sans CJK SC"', '"Noto Sans CJK TC"'):
            assert stack in css
        assert ":lang(zh-Hant)" in css


def internal_links(site: Path) -> list[tuple[Path, str]]:
    """Every local URL of every built page that does not resolve to a file."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        base = page.relative_to(site).as_posix()
        for tag, attrs in tags_of(page).tags:
            for key in ("href", "src", "poster"):
                value = attrs.get(key)
                if not value or (tag == "link" and attrs.get("rel") == "alternate"):
                    continue
                url = urljoin("http://site/" + base, urldefrag(value)[0])
                parsed = urlparse(url)
                if parsed.netloc != "site":
                    continue
                target = site / parsed.path.lstrip("/")
                if not target.is_file():
                    broken.append((page, value))
    return broken


def test_no_broken_internal_link_and_links_stay_in_their_language(project: Project) -> None:
    write_vtt(project, "trailer", "ko", [("00:00:01.000", "00:00:02.000", "자막")])
    build_site(project)
    site = project.build_dir / "site"
    assert internal_links(site) == []
    for tag, attrs in tags_of(site / "ko" / "index.html").tags:
        href = attrs.get("href") or ""
        if tag == "a" and attrs.get("hreflang") is None and not href.startswith("#"):
            assert "/" not in href, href
    # A page missing in a language: its links lead to the English page.
    home = tags_of(site / "zh-Hant" / "index.html")
    film_links = {
        (a["href"], a.get("hreflang")) for a in find(home, "a") if "film.html" in str(a["href"])
    }
    assert film_links == {("../en/film.html", "en")}


def test_second_build_rewrites_nothing(project: Project, site: Path) -> None:
    before = {path: path.stat().st_mtime_ns for path in site.rglob("*") if path.is_file()}
    build_site(project)
    after = {path: path.stat().st_mtime_ns for path in site.rglob("*") if path.is_file()}
    assert after == before


def test_cli_build_site_reports_unpublished_pages_and_hostile_translations(
    project: Project,
) -> None:
    translate(project, "ko", KOREAN | {"Welcome": "<script>alert(1)</script>환영"})
    result = run_cli("--project", str(project.root), "build", "--site")
    assert result.returncode == 1, result.stderr  # a translation was withheld
    lines = result.stderr.splitlines()
    assert (
        "zh-Hant/film.html: not published: 23% of 52 source words translated (threshold 80%); "
        "its language switcher leads to the English page"
    ) in lines
    errors = [line for line in lines if line.startswith("error: ")]
    # M201 (tags differ) and M204 (unsafe markup), once each (not once per page)
    assert [line.split()[2] for line in errors] == ["M201", "M204"], errors
    assert all(line.startswith("error: locales/ko/LC_MESSAGES/site.po:") for line in errors)
    page = (project.build_dir / "site" / "ko" / "index.html").read_text(encoding="utf-8")
    assert "alert" not in page
    assert '<h1 lang="en">Welcome</h1>' in page
    assert (
        result.stdout.splitlines()[0]
        == "site: build/site/index.html  (10 pages in en, ko, zh-Hans, zh-Hant)"
    )


def test_cli_build_site_json(project: Project) -> None:
    result = run_cli(
        "--project", str(project.root), "build", "--site", "-l", "ko", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["targets"] == ["site"]
    assert data["site"]["languages"] == ["en", "ko", "zh-Hans", "zh-Hant"]
    ko = [page for page in data["site"]["pages"] if page["lang"] == "ko"]
    assert {page["page"]: page["published"] for page in ko} == {
        "film.html": True, "index.html": True, "video.html": True
    }  # fmt: skip
    assert (project.build_dir / "site" / "ko" / "film.html").is_file()
    assert not (project.build_dir / "site" / "zh-Hans").exists()  # -l ko: only Korean written


def test_cli_rejects_a_locale_the_site_does_not_have(project: Project) -> None:
    result = run_cli("--project", str(project.root), "build", "--site", "-l", "fr")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for '-l' / '--locale': unknown locale 'fr': this project's "
        "locales are en, ko, zh_Hans, zh_Hant (source-locale and target-locales in pyproject.toml)"
    )
    assert not (project.build_dir / "site").exists()


def test_build_stage_rejects_a_locale_of_no_project_language(project: Project) -> None:
    from seoultrain_i18n.errors import ConfigError
    from seoultrain_i18n.pipeline import build

    with pytest.raises(ConfigError) as raised:
        build(project, ("site",), ["fr"])
    assert str(raised.value) == "not a locale of the project: fr (it has en, ko, zh_Hans, zh_Hant)"


def test_chinese_translations_reach_their_pages(site: Path) -> None:
    page = (site / "zh-Hans" / "index.html").read_text(encoding="utf-8")
    assert CHINESE["The train leaves at night."] in page
    assert '阅读<em>四个</em>家庭的<a href="film.html">故事</a>。' in page


# --- the frame on its own (sitepage) ---------------------------------------------

FRAME = PageFrame(
    lang="zh-Hant",
    stylesheets=("assets/l10n.css",),
    alternates=(
        Link("en", "https://x.example/en/a.html"),
        Link("x-default", "https://x.example/en/a.html"),
    ),
    og_locale="zh_TW",
    og_alternates=("en_US",),
    switcher=(Link("en", "../en/a.html", "English"), Link("zh-Hant", "a.html", "繁體中文")),
    redirects={"b.html": Link("en", "../en/b.html")},
)


def test_frame_replaces_og_locale_and_drops_stale_alternates() -> None:
    page = (
        '<html lang="en"><head><meta charset="utf-8"><title>A</title>\n'
        '<meta property="og:locale" content="en_US">\n'
        '<meta property="og:locale:alternate" content="fr_FR">\n'
        "</head><body></body></html>"
    )
    framed = apply_frame(page, FRAME)
    assert '<meta property="og:locale" content="zh_TW">' in framed
    assert "fr_FR" not in framed
    assert framed.count('property="og:locale"') == 1
    assert framed.count('<meta property="og:locale:alternate" content="en_US">') == 1
    assert framed.startswith('<html lang="zh-Hant" dir="ltr"><head><meta charset="utf-8">\n')


def test_frame_ignores_markers_in_comments_and_scripts_and_nested_navs() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>A</title></head><body>\n"
        '<!-- <nav data-l10n-switcher></nav> <video data-l10n-tracks="t"></video> -->\n'
        "<nav data-l10n-switcher><nav></nav></nav>\n"
        '<a href="b.html#top" class="x">B</a> <a href="c.html">C</a>\n'
        "</body></html>"
    )
    framed = apply_frame(page, FRAME)
    assert "<!-- <nav data-l10n-switcher></nav> <video" in framed
    assert (
        '<nav data-l10n-switcher><ul><li><a href="../en/a.html" lang="en" hreflang="en">English</a>'
        '</li><li><a href="a.html" lang="zh-Hant" hreflang="zh-Hant" aria-current="page">繁體中文'
        "</a></li></ul></nav>"
    ) in framed
    assert (
        '<a href="../en/b.html#top" class="x" hreflang="en">B</a> <a href="c.html">C</a>' in framed
    )
    # A page with its own script keeps it: no script-forbidding policy is added.
    scripted = apply_frame(page.replace("</head>", "<script>1</script></head>"), FRAME)
    assert "Content-Security-Policy" not in scripted


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ('<html lang="en">', '<html lang="ko">'),
        ("<html LANG=en class=x>", '<html lang="ko" class=x>'),
        ("<html>", '<html lang="ko">'),
        ("<html lang>", '<html lang="ko">'),
        ('<html data-lang="en">', '<html data-lang="en" lang="ko">'),
        ("<br/>", '<br lang="ko"/>'),
    ],
)
def test_set_attribute(tag: str, expected: str) -> None:
    assert set_attribute(tag, "lang", "ko") == expected


def test_a_page_without_markers_is_built_and_reported(tmp_path: Path) -> None:
    project = scratch_site(tmp_path / "site", full_translations)
    film = project.content_dir / "film.html"
    film.write_text(
        film.read_text(encoding="utf-8").replace(
            '  <nav class="language-switcher" translate="no" data-l10n-switcher></nav>\n', ""
        ),
        encoding="utf-8",
    )
    result = run_cli("--project", str(project.root), "build", "--site")
    assert result.returncode == 0, result.stderr
    assert (
        "warning: content/film.html: no <nav data-l10n-switcher>: the page has no language switcher"
    ) in result.stderr.splitlines()
    assert (project.build_dir / "site" / "ko" / "film.html").is_file()
