"""The built site in a real browser (Debian's Chromium through Playwright),
served on 127.0.0.1: every page of every language loads cleanly, the
language switcher and the root chooser lead where they should, every
subtitle track loads all its cues, hostile translations run nothing, and
Korean and Chinese render with CJK fonts (screenshots in test-artifacts/)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import webvtt

from seoultrain_i18n.config import Project, load_project
from seoultrain_i18n.pipeline import build
from tests.browser import chromium, needs_browser, serve_directory
from tests.site_project import (
    HOSTILE,
    KOREAN,
    build_bundled,
    full_translations,
    scratch_site,
    translate,
)

pytestmark = [needs_browser, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
LANGUAGES = ("en", "ko", "zh-Hans", "zh-Hant")
CJK_FONTS = {"ko": "Noto Sans CJK KR", "zh-Hans": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC"}


@dataclass
class Served:
    """A built site and the URL it is served at."""

    project: Project
    root: Path
    url: str

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.glob("*/*.html"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """This repository's site, built from its own catalogs."""
    project = build_bundled(tmp_path_factory.mktemp("bundled") / "project")
    root = project.build_dir / "site"
    with serve_directory(root) as url:
        yield Served(project, root, url)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A small site complete in ko, zh-Hans and (home page) zh-Hant."""
    project = scratch_site(tmp_path_factory.mktemp("scratch") / "project", full_translations)
    build(project, ("site",))
    root = project.build_dir / "site"
    with serve_directory(root) as url:
        yield Served(project, root, url)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A site whose Korean catalog is full of scripts, handlers and rewritten links."""
    project = scratch_site(tmp_path_factory.mktemp("hostile") / "project")
    translate(project, "ko", KOREAN | HOSTILE)
    # Every Korean page is published, however much is withheld.
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "publish-threshold = 0\n", encoding="utf-8")
    project = load_project(project.root)
    result = build(project, ("site",))
    assert result.site is not None
    # Every hostile translation is withheld (the English source stands in).
    assert len({str(error).split(":")[1] for error in result.errors}) == len(HOSTILE)
    root = project.build_dir / "site"
    # The same pages without their Content-Security-Policy, to prove that the
    # escaping alone keeps every payload inert (the policy is a second wall).
    for page in list((root / "ko").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
        assert stripped != text
        page.with_name("nocsp-" + page.name).write_text(stripped, encoding="utf-8")
    with serve_directory(root) as url:
        yield Served(project, root, url)


@dataclass
class Watch:
    """Everything a page reports that a visitor would call broken."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def _failed(self, request: Any) -> None:
        # Leaving a page aborts what it still loads in the background (the
        # favicon, video metadata): not a failure of the page. Anything else is.
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"failed: {request.url} {request.failure}")

    def attach(self, page: Any) -> None:
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("requestfailed", self._failed)
        page.on(
            "response",
            lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"),
        )

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def switcher_links(page: Any) -> list[dict[str, str]]:
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        "nav[data-l10n-switcher] a",
        "links => links.map(a => ({href: a.href, lang: a.lang, hreflang: a.hreflang,"
        " label: a.textContent, current: a.getAttribute('aria-current') || ''}))",
    )


def expected_target(site: Served, path: str, lang: str) -> str:
    """Where the switcher of ``path`` should lead for ``lang``: the same page in
    that language, or the English page when it is not published there."""
    name = path.split("/")[1]
    wanted = f"{lang}/{name}"
    return wanted if wanted in set(site.pages()) else f"en/{name}"


def test_every_page_of_every_language_loads_cleanly(bundled: Served, page: Any) -> None:
    watch = Watch()
    watch.attach(page)
    pages = bundled.pages()
    published_languages = [
        lang for lang in LANGUAGES if any(p.startswith(lang + "/") for p in pages)
    ]
    assert sum(path.startswith("en/") for path in pages) == 11
    for path in pages:
        page.goto(bundled.url + path, wait_until="load")
        assert page.evaluate("document.documentElement.lang") == path.split("/")[0], path
        assert page.evaluate("document.documentElement.dir") == "ltr"
        links = switcher_links(page)
        assert [link["lang"] for link in links] == published_languages, path
        for link in links:
            target = expected_target(bundled, path, link["lang"])
            assert link["href"] == bundled.url + target, (path, link)
            assert link["hreflang"] == target.split("/")[0]
            assert bool(link["current"]) == (target == path)
    assert watch.errors == []
    assert watch.dialogs == []


@pytest.mark.parametrize("served", ["bundled", "scratch"])
def test_switcher_reaches_the_same_page_in_each_other_language(
    served: str, page: Any, request: pytest.FixtureRequest
) -> None:
    site: Served = request.getfixturevalue(served)
    watch = Watch()
    watch.attach(page)
    # Every page's links were checked above; here a visitor clicks through
    # from each language's film page (or home page) to every other language.
    starts = [p for p in site.pages() if p.endswith("/film.html")] or [
        p for p in site.pages() if p.endswith("/index.html")
    ]
    for path in starts:
        page.goto(site.url + path)
        for position, link in enumerate(switcher_links(page)):
            if link["current"]:
                continue
            expected = expected_target(site, path, link["lang"])
            page.click(f"nav[data-l10n-switcher] a >> nth={position}")
            page.wait_for_url(site.url + expected)
            assert page.evaluate("document.documentElement.lang") == expected.split("/")[0]
            page.goto(site.url + path)
    assert watch.errors == []


@pytest.mark.parametrize(
    ("browser_language", "landing"),
    [("ko-KR", "ko"), ("zh-TW", "zh-Hant"), ("zh-CN", "zh-Hans"), ("fr-FR", "en"), ("en-GB", "en")],
)
def test_root_sends_visitors_to_their_language(
    scratch: Served, browser: Any, browser_language: str, landing: str
) -> None:
    context = browser.new_context(locale=browser_language)
    try:
        tab = context.new_page()
        tab.goto(scratch.url)
        tab.wait_for_url(f"{scratch.url}{landing}/index.html")
        assert tab.evaluate("document.documentElement.lang") == landing
    finally:
        context.close()


def test_root_is_a_plain_chooser_without_scripts(scratch: Served, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, locale="ko-KR")
    try:
        tab = context.new_page()
        tab.goto(scratch.url)
        assert tab.url == scratch.url
        labels = tab.eval_on_selector_all("main a", "links => links.map(a => a.textContent)")
        assert labels == ["English", "한국어", "简体中文", "繁體中文"]
        tab.click("text=简体中文")
        assert tab.url == scratch.url + "zh-Hans/index.html"
    finally:
        context.close()


def vtt_cue_count(path: Path) -> int:
    return len(webvtt.read(str(path)).captions)


def test_every_subtitle_track_loads_all_its_cues(bundled: Served, page: Any) -> None:
    watch = Watch()
    watch.attach(page)
    videos = [p for p in bundled.pages() if p.endswith("/video.html")]
    assert videos
    for path in videos:
        page.goto(bundled.url + path)
        tracks = page.eval_on_selector_all(
            "video track",
            "ts => ts.map(t => ({src: t.src, lang: t.srclang, default: t.default,"
            " label: t.label}))",
        )
        assert len(tracks) >= 4, path  # the English master and three translations
        defaults = [t["lang"] for t in tracks if t["default"]]
        assert defaults == [path.split("/")[0]]
        counts = page.evaluate(
            """async () => {
                const video = document.querySelector('video');
                const elements = [...video.querySelectorAll('track')];
                elements.forEach(t => { t.track.mode = 'hidden'; });
                await Promise.all(elements.map(t => t.readyState === 2 ? null :
                    new Promise((ok, fail) => { t.addEventListener('load', ok);
                                               t.addEventListener('error', fail); })));
                return elements.map(t => t.track.cues.length);
            }"""
        )
        for track, count in zip(tracks, counts, strict=True):
            local = bundled.root / track["src"].removeprefix(bundled.url)
            assert count == vtt_cue_count(local), (path, track)
            assert count > 0
    assert watch.errors == []


def test_hostile_translations_raise_no_dialog_and_run_no_script(hostile: Served, page: Any) -> None:
    watch = Watch()
    watch.attach(page)
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective));"
    )
    for name in ("index.html", "film.html", "video.html"):
        for variant in (name, "nocsp-" + name):
            page.goto(f"{hostile.url}ko/{variant}", wait_until="load")
            page.wait_for_timeout(50)
            state = page.evaluate(
                """() => ({
                    scripts: document.scripts.length,
                    handlers: [...document.querySelectorAll('*')].flatMap(e =>
                        [...e.attributes].filter(a => a.name.startsWith('on')).map(a => a.name)),
                    javascriptUrls: [...document.querySelectorAll('[href],[src]')].filter(e =>
                        /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src')
                                                 || '')).length,
                    frames: document.querySelectorAll('iframe, object, embed, svg').length,
                    refresh: document.querySelectorAll('meta[http-equiv="refresh"]').length,
                    violations: window.__violations,
                })"""
            )
            assert state == {
                "scripts": 0, "handlers": [], "javascriptUrls": 0, "frames": 0, "refresh": 0,
                "violations": [],
            }, variant  # fmt: skip
    assert watch.dialogs == []
    assert watch.errors == []
    # The payloads are withheld: the English source stands in, marked as English.
    page.goto(f"{hostile.url}ko/index.html")
    assert page.inner_text("h1") == "Welcome"
    assert page.get_attribute("h1", "lang") == "en"
    assert "alert" not in page.inner_text("body")


def platform_fonts(page: Any, selector: str) -> list[str]:
    """The fonts Chromium actually used to draw an element's text."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    document = session.send("DOM.getDocument")
    node = session.send(
        "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector}
    )
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    return [font["familyName"] for font in fonts]


@pytest.mark.parametrize("lang", ["ko", "zh-Hans", "zh-Hant"])
def test_korean_and_chinese_render_with_cjk_fonts(
    lang: str, bundled: Served, scratch: Served, page: Any
) -> None:
    site = bundled if (bundled.root / lang / "index.html").is_file() else scratch
    page.goto(f"{site.url}{lang}/index.html")
    page.evaluate("document.fonts.ready")
    family = page.eval_on_selector("main h1", "e => getComputedStyle(e).fontFamily")
    assert family.startswith(f'"{CJK_FONTS[lang]}"'), family
    used = platform_fonts(page, "main h1")
    assert used[0] == CJK_FONTS[lang], used
    paragraph = platform_fonts(page, "main p")
    assert CJK_FONTS[lang] in paragraph, paragraph
    # The switcher names each language in its own script and font.
    for other in switcher_links(page):
        if other["lang"] in CJK_FONTS:
            selector = f'nav[data-l10n-switcher] a[lang="{other["lang"]}"]'
            assert platform_fonts(page, selector)[0] == CJK_FONTS[other["lang"]]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"site-{lang}-index.png"), full_page=False)


@pytest.mark.parametrize("lang", ["ko", "zh-Hant"])
def test_the_trailer_shows_subtitles_in_the_page_language(
    lang: str, bundled: Served, page: Any
) -> None:
    if not (bundled.root / lang / "video.html").is_file():
        pytest.skip(f"video.html is not published in {lang} yet")
    page.goto(f"{bundled.url}{lang}/video.html")
    # Play the muted clip up to its first cue (the test server does not serve
    # byte ranges, so the browser cannot seek) and keep a screenshot.
    shown = page.evaluate(
        """async () => {
            const video = document.querySelector('video');
            video.muted = true;
            const track = [...video.textTracks].find(t => t.mode === 'showing');
            if (!track.cues || !track.cues.length) {
                await new Promise(ok => video.querySelector('track[default]')
                    .addEventListener('load', ok));
            }
            const cue = track.cues[0];
            await video.play();
            await new Promise(ok => {
                const tick = () => video.currentTime > cue.startTime + 0.1 ? ok()
                    : requestAnimationFrame(tick);
                tick();
            });
            video.pause();
            return {lang: track.language, active: [...track.activeCues].map(c => c.text),
                    first: cue.text};
        }"""
    )
    assert shown["lang"] == lang
    assert shown["active"] == [shown["first"]]
    page.locator("video").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"site-{lang}-video.png"))
