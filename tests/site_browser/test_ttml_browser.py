"""The TTML tracks in a real player stack: the bundled site's video page in
Chromium plays the trailer clip while imscJS (the W3C IMSC reference
renderer, npm ``imsc``) renders our ``trailer.ko.ttml`` over the video; the
text shown at two moments of playback is the text of the cue of that moment,
and a ``{\\an8}`` cue is drawn in the top half of the picture."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seoultrain_i18n.formats.srt import read_srt
from tests.browser import chromium, needs_browser, serve_directory
from tests.site_project import build_bundled

IMSC = Path(__file__).resolve().parents[1] / "js" / "node_modules" / "imsc" / "dist"
pytestmark = [
    needs_browser,
    pytest.mark.browser,
    pytest.mark.skipif(
        not (IMSC / "imsc.all.min.js").is_file(),
        reason="tests/js/node_modules missing (scripts/setup --dev installs it)",
    ),
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TAG = re.compile(r"</?[a-zA-Z][^<>]*>|\{\\[^{}]*\}")

# Plays the muted clip until `until` seconds (the test server serves no byte
# ranges, so the browser cannot seek) and renders the TTML at that moment
# with imscJS into an overlay the size of the video; returns the lines shown.
PLAY_AND_RENDER = """async ([ttmlUrl, until, fixed]) => {
    const video = document.querySelector('video');
    if (!window.ttmlDoc) {
        const text = await (await fetch(ttmlUrl)).text();
        window.ttmlDoc = imsc.fromXML(text, e => { throw new Error('imsc: ' + e); });
        video.muted = true;
        for (const track of video.textTracks) track.mode = 'disabled';
        const overlay = document.createElement('div');
        overlay.id = 'ttml-overlay';
        const box = video.getBoundingClientRect();
        Object.assign(overlay.style, {position: 'absolute', left: box.left + scrollX + 'px',
            top: box.top + scrollY + 'px', width: box.width + 'px', height: box.height + 'px',
            pointerEvents: 'none'});
        document.body.appendChild(overlay);
    }
    const overlay = document.getElementById('ttml-overlay');
    if (until !== null) {
        await video.play();
        await new Promise(ok => {
            const tick = () => video.currentTime >= until ? ok() : requestAnimationFrame(tick);
            tick();
        });
        video.pause();
    }
    const at = until === null ? fixed : video.currentTime;
    overlay.replaceChildren();
    const isd = imsc.generateISD(window.ttmlDoc, at);
    imsc.renderHTML(isd, overlay, null, overlay.clientHeight, overlay.clientWidth);
    const paragraphs = [...overlay.querySelectorAll('p')];
    const box = overlay.getBoundingClientRect();
    return {at, lines: paragraphs.map(p => p.innerText),
            tops: paragraphs.map(p => (p.getBoundingClientRect().top - box.top) / box.height)};
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    project = build_bundled(tmp_path_factory.mktemp("ttml-browser") / "project")
    with serve_directory(project.build_dir) as url:
        yield url, project.build_dir / "subtitles"


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium() as browser:
        # The site's policy allows no script at all; a player page would carry
        # imscJS itself, so the test lifts the policy to add it.
        context = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
        yield context.new_page()
        context.close()


def cue_text_at(srt: Path, ms: int) -> str:
    cues = [c for c in read_srt(srt, language="ko").cues if c.start_ms <= ms < c.end_ms]
    assert len(cues) == 1, (ms, cues)
    return "\n".join(TAG.sub("", line) for line in cues[0].text.split("\n"))


def test_imscjs_renders_the_ttml_track_over_the_playing_trailer(
    served: tuple[str, Path], page: Any
) -> None:
    url, subtitles = served
    ttml, srt = subtitles / "trailer.ko.ttml", subtitles / "trailer.ko.srt"
    cues = read_srt(srt, language="ko").cues
    page.goto(f"{url}site/ko/video.html")
    page.add_script_tag(path=str(IMSC / "imsc.all.min.js"))
    ttml_url = f"{url}subtitles/{ttml.name}"
    shown = []
    for cue in cues[:2]:
        # a moment well inside the cue, reached by playing the clip
        moment = (cue.start_ms + min(cue.end_ms, cue.start_ms + 1200)) / 2000
        result = page.evaluate(PLAY_AND_RENDER, [ttml_url, moment])
        assert result["at"] >= moment
        expected = cue_text_at(srt, round(result["at"] * 1000))
        assert "\n".join(result["lines"]) == expected
        assert all(top > 0.5 for top in result["tops"]), "bottom cues in the lower half"
        shown.append(expected)
    assert shown[0] != shown[1]
    top_cue = next(c for c in cues if c.text.startswith("{\\an8}"))
    moment = (top_cue.start_ms + 500) / 1000
    result = page.evaluate(PLAY_AND_RENDER, [ttml_url, None, moment])
    assert "\n".join(result["lines"]) == cue_text_at(srt, top_cue.start_ms + 500)
    assert result["tops"]
    assert all(top < 0.5 for top in result["tops"])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ttml-ko-top-cue.png"))
