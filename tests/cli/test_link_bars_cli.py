"""A footer bar of links, through extract → update → build: one message per
label, and a catalog written when the bar was one message keeps its work."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from seoultrain_i18n.catalogs.layout import catalog_path
from seoultrain_i18n.formats.po import read_po, write_po
from seoultrain_i18n.model import Message
from tests.site_project import KOREAN, PAGES, scratch_site, translate

Cli = Callable[..., subprocess.CompletedProcess[str]]

FOOTER = (
    '<footer><p><a href="index.html">Home</a> | <a href="film.html">The Film</a> | '
    '<a href="video.html">Get The Video</a> | <a href="credits.html">Credits</a></p></footer>\n'
)
OLD_BAR = "<a1>Home</a1> | <a2>The Film</a2> | <a3>Get The Video</a3> | <a4>Credits</a4>"


def test_a_footer_bar_reuses_translations_and_carries_an_old_bar_over(
    tmp_path: Path, cli: Cli
) -> None:
    pages = {name: (title, text, body + FOOTER) for name, (title, text, body) in PAGES.items()}
    pages["credits.html"] = ("Credits", "Who made the site.", "<h1>Credits</h1>\n")
    project = scratch_site(tmp_path / "site", pages=pages)
    template = read_po(project.locales_dir / "site.pot", domain="site")
    sources = [message.source for message in template.live()]
    assert "Credits" in sources
    assert OLD_BAR not in sources
    assert not any("|" in source for source in sources)

    translate(project, "ko", KOREAN)
    # The catalog as an older extraction left it: the footer was one message.
    path = catalog_path(project, "ko", "site")
    catalog = read_po(path, domain="site", locale="ko")
    catalog.messages = [m for m in catalog.messages if m.source != "Credits"]
    catalog.messages.append(
        Message(
            source=OLD_BAR,
            translation="<a1>홈</a1> | <a2>영화</a2> | <a3>영상 보기</a3> | <a4>만든 사람들</a4>",
        )
    )
    write_po(path, catalog)

    result = cli("update", cwd=project.root)
    assert result.returncode == 0, result.stderr
    updated = {m.source: m for m in read_po(path, domain="site", locale="ko").messages}
    assert (updated["Home"].translation, updated["Home"].fuzzy) == ("홈", False)
    credits = updated["Credits"]
    assert (credits.translation, credits.fuzzy, credits.previous_source) == (
        "만든 사람들",
        True,
        OLD_BAR,
    )
    assert updated[OLD_BAR].obsolete

    # Reviewed, the label is published in every footer; separators stay as written.
    credits_page = {"Credits": "만든 사람들", "Who made the site.": "사이트를 만든 사람들."}
    translate(project, "ko", credits_page)
    result = cli("build", cwd=project.root)
    assert result.returncode == 0, result.stderr
    built = (project.build_dir / "site" / "ko" / "film.html").read_text(encoding="utf-8")
    assert (
        '<a href="index.html">홈</a> | <a href="film.html">영화</a> | '
        '<a href="video.html">영상 보기</a> | <a href="credits.html">만든 사람들</a>'
    ) in built
