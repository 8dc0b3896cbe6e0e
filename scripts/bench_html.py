"""Benchmark: HTML parse + extract + render on the bundled pages and on a
large synthetic page. Prints one line per case; results go in docs/benchmarks.md."""

from __future__ import annotations

import time
from pathlib import Path

from seoultrain_i18n.formats.html import parse_page, read_page, render_page

REPO = Path(__file__).resolve().parent.parent


def timed(label: str, function: object, repeat: int = 5) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    print(f"{label}: best of {repeat}: {best * 1000:.1f} ms ({result})")


def bundled() -> str:
    pages = [read_page(path) for path in sorted((REPO / "content").glob("*.html"))]
    for page in pages:
        render_page(page, lambda segment: segment.source.upper())
    return f"{len(pages)} pages, {sum(len(p.segments) for p in pages)} segments"


PARAGRAPH = (
    '<p>Read <a href="film.html">the story</a> of <em>four</em> families &mdash; '
    'and the <abbr title="United Nations High Commissioner for Refugees">UNHCR</abbr>.</p>\n'
)
LARGE = "<!DOCTYPE html><html><body>\n" + PARAGRAPH * 10_000 + "</body></html>\n"


def large() -> str:
    page = parse_page(LARGE, "large.html")
    render_page(page, lambda segment: segment.source.upper())
    return f"{len(LARGE) // 1024} KiB, {len(page.segments)} segments"


if __name__ == "__main__":
    timed("bundled content: read + parse + render 11 pages", bundled)
    timed("synthetic page: parse + render 10,000 paragraphs", large, repeat=3)
