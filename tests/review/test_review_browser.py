"""The review application in a real browser (Debian's Chromium through
Playwright) against the real server, on a copy of the project: seek to a cue,
edit it, see the picture change, save (msgfmt -c and msgcat agree); mark a
fuzzy draft reviewed; a conflicting save loses nothing; hostile translations
show as text, are flagged and run nothing."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seoultrain_i18n.config import load_project
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.model import Message
from seoultrain_i18n.subtitles.tracks import localized_cues
from tests.browser import chromium, needs_browser
from tests.conftest import needs_gettext
from tests.review.review_server import (
    KO_SITE,
    KO_TRAILER,
    Server,
    copy_project,
    edit_catalog,
    review_server,
)

pytestmark = [needs_browser, pytest.mark.browser]

CUE_5 = "and a country that forbids them to leave."
CUE_3 = "Every year, people escape North Korea in secret."
CUE_4 = "They leave behind their homes, their families"
HOSTILE_CUE = '그들은 <img src=x onerror="window.pwned=1"> 집을 두고'
HOSTILE_PAGE = '<script>window.pwned=2</script>더 <img src=x onerror="window.pwned=3">알아보기'


def plant(project: Path) -> None:
    """A fuzzy draft with its previous msgid and origin, and hostile translations."""

    def trailer(messages: dict[str, Message]) -> None:
        draft = messages[CUE_3]
        draft.set_fuzzy(True)
        draft.previous_source = "Every year, people flee North Korea in secret."
        draft.comments.append("draft: memory 92% (site)")
        messages[CUE_4].translation = HOSTILE_CUE

    edit_catalog(project / KO_TRAILER, trailer)

    def site(messages: dict[str, Message]) -> None:
        messages["Learn More"].translation = HOSTILE_PAGE

    edit_catalog(project / KO_SITE, site)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    project = copy_project(tmp_path / "project")
    plant(project)
    with review_server(project) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    opened = context.new_page()
    opened.dialogs = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    opened.errors = []
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.requested = []
    opened.on("request", lambda request: opened.requested.append(request.url))
    yield opened
    context.close()


def open_track(page: Any, server: Server) -> None:
    page.goto(f"{server.url}&view=subtitles&domain=trailer&locale=ko")
    page.wait_for_selector("#cues li[data-number='138']")


def cue_row(page: Any, number: int) -> Any:
    return page.locator(f"#cues li[data-number='{number}']")


def until(page: Any, expression: str, timeout: float = 5.0) -> None:
    """Wait until ``expression`` is true in the page. (Playwright's
    wait_for_function evaluates strings with eval, which the page's CSP forbids.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


def picture(page: Any) -> str:
    """The subtitle drawn over the video, as the viewer reads it."""
    text: str = page.eval_on_selector_all(
        "#overlay .cue-box", "boxes => boxes.map(b => b.textContent).join('\\n')"
    )
    return text


def wait_saved(page: Any) -> None:
    until(page, "document.getElementById('status').textContent.startsWith('Saved')")


def msgcat_agrees(path: Path) -> None:
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode == 0
    output = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert output == path.read_bytes()


@needs_gettext
def test_seek_edit_see_the_picture_change_and_save(page: Any, server: Server) -> None:
    open_track(page, server)
    cue_row(page, 5).click()
    until(page, "document.querySelector('#overlay .cue-box') !== null")
    assert picture(page) == "떠나는 것조차 금지하는\n나라를 등진다"
    assert page.text_content("#clock") == "0:19.695"
    # The bundled clip is 6 s long: the picture is the clip at 19.695 mod 6.
    until(page, "document.getElementById('video').duration > 0")
    position = page.evaluate("document.getElementById('video').currentTime")
    assert position == pytest.approx(19.695 % page.evaluate("video.duration"), abs=0.05)

    typed = "고향을 떠날 수도 없는 나라를 등진다"  # too wide for one line of 16
    page.fill("#ed-translation", typed)
    until(page, "document.querySelector('#overlay .cue-box').textContent.includes('\\n')")
    shown = picture(page)  # laid out by the server: two lines within the norm
    assert shown.replace("\n", " ") == typed
    assert "unsaved" in page.text_content("#dirty")
    assert page.text_content("#ed-meters").count("/ 16 characters") == 2
    page.keyboard.press("Control+s")
    wait_saved(page)
    path = server.project / KO_TRAILER
    saved = read_po(path).index()[(None, CUE_5)]
    assert saved.translation == typed
    assert not saved.fuzzy
    # The picture showed exactly what a build of the saved catalog publishes.
    built = localized_cues(load_project(server.project), "trailer", "ko")
    assert next(cue.text for cue in built if cue.index == 5) == shown
    # Offline: everything the page loaded came from the review server itself.
    assert page.requested
    assert [url for url in page.requested if not url.startswith(server.base + "/")] == []
    msgcat_agrees(path)


@needs_gettext
def test_marking_a_fuzzy_draft_reviewed_removes_the_flag(page: Any, server: Server) -> None:
    open_track(page, server)
    cue_row(page, 3).click()
    assert page.text_content("#ed-state").startswith("fuzzy draft")
    assert page.text_content("#ed-origin") == "Draft from: memory 92% (site)"
    assert page.text_content("#ed-previous del") == "flee"
    assert page.text_content("#ed-previous ins") == "escape"
    assert "fuzzy" in page.get_attribute("#overlay .cue-box", "class")
    page.locator("body").press("r")  # the keyboard: mark reviewed
    until(page, "document.getElementById('ed-state').textContent.startsWith('reviewed')")
    page.click("#save")
    wait_saved(page)
    path = server.project / KO_TRAILER
    message = read_po(path).index()[(None, CUE_3)]
    assert not message.fuzzy
    assert message.previous_source is None
    assert message.translation == "해마다 많은 이들이 몰래 북한을 떠난다"
    assert "draft: memory 92% (site)" in message.comments  # nothing of the history is lost
    msgcat_agrees(path)


def test_keyboard_moves_between_cues_and_plays_one(page: Any, server: Server) -> None:
    open_track(page, server)
    cue_row(page, 1).click()
    page.locator("body").press("j")
    page.locator("body").press("ArrowDown")
    assert "current" in cue_row(page, 3).get_attribute("class")
    page.locator("body").press("k")
    assert "current" in cue_row(page, 2).get_attribute("class")
    assert picture(page) == "신변 보호를 위해\n실명을 밝히지 않았다"
    page.locator("body").press("k")
    page.locator("body").press("p")  # play cue 1 (1.500 → 3.565) and stop at its end
    until(page, "document.getElementById('play').textContent === 'Pause'")
    until(page, "document.querySelector('#overlay .cue-box')?.textContent === '서울 트레인'")
    until(page, "document.getElementById('play').textContent === 'Play'", timeout=10)
    assert page.text_content("#clock") == "0:03.565"
    assert picture(page) == ""  # a cue leaves the picture at its end time


def test_a_save_after_the_file_changed_on_disk_loses_nothing(page: Any, server: Server) -> None:
    open_track(page, server)
    cue_row(page, 2).click()
    page.fill("#ed-translation", "리뷰어가 고친 번역")

    def poedit(messages: dict[str, Message]) -> None:
        messages["Seoul Train"].translation = "포에디트의 번역"

    path = server.project / KO_TRAILER
    edit_catalog(path, poedit)
    on_disk = path.read_bytes()
    page.click("#save")
    until(page, "document.getElementById('status').classList.contains('error')")
    assert "changed on disk" in page.text_content("#status")
    assert path.read_bytes() == on_disk
    assert page.input_value("#ed-translation") == "리뷰어가 고친 번역"  # still in the page
    page.click("#reload")
    until(page, "document.getElementById('status').textContent.includes('138 cues')")
    assert page.input_value("#ed-translation") == "리뷰어가 고친 번역"
    page.click("#save")
    wait_saved(page)
    index = read_po(path).index()
    assert index[(None, "Names have been withheld for their safety.")].translation == (
        "리뷰어가 고친 번역"
    )
    assert index[(None, "Seoul Train")].translation == "포에디트의 번역"


def test_a_hostile_cue_is_shown_as_text_flagged_and_never_saved(
    page: Any, server: Server
) -> None:
    open_track(page, server)
    cue_row(page, 4).click()
    assert HOSTILE_CUE.replace(" ", "") in picture(page).replace("\n", "").replace(" ", "")
    assert "<img" in cue_row(page, 4).locator(".tr").text_content()
    assert page.locator("#cues img, #overlay img, #editor img").count() == 0
    findings = page.text_content("#ed-findings")
    assert "M204" in findings
    # The build's verdict (checks/verdict.py): the source is published instead.
    assert page.text_content("#ed-state") == "reviewed · withheld"
    assert "will not be saved" in findings
    page.fill("#ed-translation", '그들은 <svg onload="window.pwned=4"> 집을 두고')
    page.click("#save")
    until(page, "document.getElementById('status').classList.contains('error')")
    assert "unsafe markup" in page.text_content("#status")
    assert page.dialogs == []  # refused outright, not offered for confirmation
    assert read_po(server.project / KO_TRAILER).index()[(None, CUE_4)].translation == HOSTILE_CUE
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None
    assert page.errors == []


def test_pages_view_marks_messages_on_both_sides_and_runs_no_hostile_script(
    page: Any, server: Server
) -> None:
    page.goto(f"{server.url}&view=pages&page=bios.html&locale=ko")
    page.wait_for_selector("#segments li")
    english = page.frame_locator("#frame-source")
    korean = page.frame_locator("#frame-target")
    english.locator(".review-seg").first.wait_for()
    korean.locator(".review-seg").first.wait_for()
    # Click the hostile message in the Korean page itself: it is selected and
    # highlighted on both sides.
    hostile = korean.locator(".review-seg", has_text="window.pwned=2").first
    hostile.click()
    assert page.text_content("#pe-source") == "Learn More"
    assert english.locator(".review-current").first.text_content() == "Learn More"
    assert "window.pwned=2" in korean.locator(".review-current").first.text_content()
    assert korean.locator("script, img[onerror]").count() == 0
    assert page.input_value("#pe-translation") == HOSTILE_PAGE
    assert "M204" in page.text_content("#pe-findings")
    # Edit in place: the Korean page shows the new text at once.
    page.fill("#pe-translation", "더 알아보기")
    korean.locator(".review-current.review-edited", has_text="더 알아보기").first.wait_for()
    until(page, "!document.getElementById('pe-findings').textContent.includes('M204')")
    page.keyboard.press("Control+s")
    wait_saved(page)
    assert read_po(server.project / KO_SITE).index()[(None, "Learn More")].translation == (
        "더 알아보기"
    )
    frames = "[...document.querySelectorAll('iframe')].map(f => f.contentWindow.pwned)"
    assert page.evaluate(f"[window.pwned, ...{frames}]") == [None, None, None]
    assert page.errors == []
