"""Extraction stage: pages → the site template, merged references, no
rewrite when nothing changed, every bad page reported and nothing written."""

from __future__ import annotations

from pathlib import Path

from seoultrain_i18n.config import load_project
from seoultrain_i18n.extract import extract, site_catalog
from seoultrain_i18n.formats.html import read_page
from seoultrain_i18n.formats.po import read_po

GOLDEN = Path(__file__).resolve().parent / "golden" / "html"


def project_with(tmp_path: Path, pages: dict[str, str]) -> Path:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    for name, text in pages.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    return root


NAV = (
    '<nav><ul><li><a href="index.html">Home</a></li>'
    '<li><a href="film.html">The Film</a></li></ul></nav>'
)


def test_shared_strings_are_one_message_with_every_reference(tmp_path: Path) -> None:
    root = project_with(
        tmp_path,
        {
            "film.html": f"<title>Film</title>\n{NAV}\n<p>About the film</p>",
            "index.html": f"<title>Home</title>\n\n{NAV}",
        },
    )
    [result] = extract(load_project(root)).values
    catalog = read_po(result.path)
    by_source = {message.source: message for message in catalog}
    assert by_source["Home"].references == [
        "content/film.html:2",
        "content/index.html:1",
        "content/index.html:3",
    ]
    assert by_source["The Film"].references == ["content/film.html:2", "content/index.html:3"]
    assert [m.source for m in catalog] == ["Film", "Home", "The Film", "About the film"]
    assert catalog.get_header("X-Source-Language") == "en"
    assert catalog.get_header("Project-Id-Version") == "SEOUL TRAIN"
    assert catalog.get_header("X-Generator") == "seoultrain-i18n 0.1.0"


def test_second_extract_changes_no_byte_and_keeps_the_date(tmp_path: Path) -> None:
    root = project_with(tmp_path, {"page.html": "<p>One</p>"})
    project = load_project(root)
    [first] = extract(project).values
    before = first.path.read_bytes()
    mtime = first.path.stat().st_mtime_ns
    [second] = extract(project).values
    assert (first.written, second.written) == (True, False)
    assert first.path.read_bytes() == before
    assert first.path.stat().st_mtime_ns == mtime


def test_changed_content_gets_a_new_date(tmp_path: Path) -> None:
    root = project_with(tmp_path, {"page.html": "<p>One</p>"})
    project = load_project(root)
    [first] = extract(project).values
    text = first.path.read_text(encoding="utf-8").replace(
        "POT-Creation-Date: 20", "POT-Creation-Date: 19"
    )
    first.path.write_text(text, encoding="utf-8")
    (root / "content" / "page.html").write_text("<p>Two</p>", encoding="utf-8")
    [second] = extract(project).values
    assert second.written
    assert "POT-Creation-Date: 20" in second.path.read_text(encoding="utf-8")


def test_check_only_writes_nothing(tmp_path: Path) -> None:
    root = project_with(tmp_path, {"page.html": "<p>One</p>"})
    [result] = extract(load_project(root), check_only=True).values
    assert result.written
    assert not result.path.exists()


def test_every_bad_page_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    root = project_with(tmp_path, {"good.html": "<p>Fine</p>"})
    (root / "content" / "a.html").write_bytes(b"<p>ok</p>\n<p>\xc3\x28</p>")
    (root / "content" / "b.html").write_text("<p>x</p><!-- open", encoding="utf-8")
    outcomes = extract(load_project(root))
    assert [(item.item, str(item.errors[0])) for item in outcomes if not item.ok] == [
        ("content/a.html", "content/a.html:2: not valid UTF-8: byte 0xC3 cannot be decoded"),
        ("content/b.html", "content/b.html:1: comment opened here is never closed"),
    ]
    assert outcomes.values == []
    assert outcomes.exit_code == 1
    assert not (root / "locales" / "site.pot").exists()


def test_progress_and_file_callbacks(tmp_path: Path) -> None:
    root = project_with(tmp_path, {"a.html": "<p>A</p>", "b.html": "<p>B</p>"})
    steps: list[int] = []
    files: list[str] = []
    extract(load_project(root), on_progress=steps.append, on_file=files.append)
    assert files == ["content/a.html", "content/b.html"]
    assert sum(steps) >= 2


def test_bundled_site_template_is_current(bundled_project: Path) -> None:
    """locales/site.pot in the repository is what `extract` writes now."""
    results = {result.domain: result for result in extract(load_project(bundled_project)).values}
    assert not results["site"].written
    catalog = read_po(results["site"].path)
    sources = {message.source for message in catalog}
    assert len(catalog) > 150
    assert {"Home", "Get The Video", "Filmmaker Q&A", "Timeline"} <= sources
    assert not any("js-enabled" in s or "site build fills" in s for s in sources)


def test_catalog_notes_merge_in_first_seen_order(tmp_path: Path) -> None:
    page = read_page(GOLDEN / "markers.html", "markers.html")
    catalog = site_catalog(load_project(tmp_path), [page])
    home = next(m for m in catalog if m.source == "Home" and m.context is None)
    assert home.notes == [
        "The image is a house icon.",
        "Text alternative for an image (alt attribute).",
    ]
