"""The HTML report: written by ``report``, self-contained, escaped, and
rendered by headless Chromium with its progress bars and histograms."""

from __future__ import annotations

from pathlib import Path

from seoultrain_i18n.checks.report import write_report
from seoultrain_i18n.config import load_project
from tests.browser import chromium, needs_browser, serve_directory
from tests.check_support import make_project, srt

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

REEL = srt(
    (1000, 3500, "They left the village at night."),
    (3600, 6000, "The river was frozen."),
    (6100, 7200, "Nobody saw them cross the border into China that winter."),
    (7300, 9800, "<i>We will meet again in Seoul.</i>"),
    (9900, 12500, "Safe houses hid them for weeks."),
    (12600, 14000, "Then they moved on."),
)


def demo_project(root: Path) -> Path:
    lines = [
        ("They left the village at night.", "그들은 밤에 마을을 떠났다."),
        ("The river was frozen.", "강은 얼어 있었다."),
        (
            "Nobody saw them cross the border into China that winter.",
            "그해 겨울 아무도 그들이 중국 국경을 넘는 것을 보지 못했다.",
        ),
        ("We will meet again in Seoul.", "서울에서 다시 만나자."),
        ("Safe houses hid them for weeks.", "은신처가 몇 주 동안 그들을 숨겨 주었다."),
        ("Then they moved on.", ""),
    ]
    hans = [
        ("They left the village at night.", "他们在夜里离开了村子"),
        ("The river was frozen.", "江面结了冰"),
        (
            "Nobody saw them cross the border into China that winter.",
            "那年冬天没人看见他们越境进入中国",
        ),
        ("We will meet again in Seoul.", "我们会在首尔重逢", True),
        ("Safe houses hid them for weeks.", "", False),
        ("Then they moved on.", "", False),
    ]
    site = [
        (
            'Read <a href="film.html">about the film</a>.',
            '<a href="film.html">영화 소개</a>를 읽어 보세요.',
        ),
        ("<script>alert('x')</script> & friends", '<b onclick="x()">친구들</b>'),
        ("Get the video", "비디오 구입"),
    ]
    return make_project(
        root,
        {
            ("reel", "ko"): lines,
            ("reel", "zh_Hans"): hans,
            ("reel", "zh_Hant"): [(source, "") for source, _ in lines],
            ("site", "ko"): site,
            ("site", "zh_Hans"): [(s, "") for s, _ in site],
        },
        tracks={"reel.en.srt": REEL},
    )


def test_report_is_self_contained_and_escaped(tmp_path: Path) -> None:
    root = demo_project(tmp_path / "p")
    path = write_report(load_project(root))
    assert path == root / "build" / "report" / "index.html"
    page = path.read_text(encoding="utf-8")
    assert "<script" not in page  # the translation's <script> and onclick are escaped
    assert "&lt;b onclick=&quot;x()&quot;&gt;" in page
    for outside in ("http://", "https://", "@import"):
        assert outside not in page
    assert 'href="../../locales/ko/LC_MESSAGES/site.po"' in page


def test_report_cli(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = demo_project(tmp_path / "p")
    result = cli("--project", str(root), "report")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "wrote build/report/index.html"
    assert (root / "build" / "report" / "index.html").is_file()


@needs_browser
def test_report_renders_in_chromium(tmp_path: Path) -> None:
    root = demo_project(tmp_path / "p")
    write_report(load_project(root))
    errors: list[str] = []
    requests: list[str] = []
    with serve_directory(root) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "build/report/index.html")
        bars = page.locator("svg.progress-bar")
        assert bars.count() == 6  # reel and site × 3 locales (a missing catalog counts as 0%)
        ko_reel = page.locator('svg.progress-bar[data-domain="reel"][data-locale="ko"]')
        assert ko_reel.get_attribute("data-percent") == "83.3"
        assert ko_reel.locator("rect.done").bounding_box()["width"] > 0  # type: ignore[index]
        histograms = page.locator("svg.cps-histogram")
        assert histograms.count() == 3  # en source, ko, zh_Hans (zh_Hant has no translated cue)
        assert histograms.first.locator("line.limit").count() == 1
        assert (
            page.locator('svg.cps-histogram[data-locale="ko"]').get_attribute("data-limit") == "12"
        )
        assert page.locator('details[data-code="M204"] li.finding').count() >= 1
        assert page.locator('[data-severity="error"]').is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert errors == []
    assert all(url.startswith(base) for url in requests), requests
