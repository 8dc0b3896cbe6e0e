"""One verdict: hostile translations planted in the bundled project's Korean
site catalog are errors in ``check``, make ``build`` and ``pipeline`` exit 1,
and reach no output: no built page, MO file, JSON bundle, ``translations()``
lookup or the README's Jinja2 recipe shows them; their English source stands
in. ``build`` and ``check`` name the very same catalog lines and codes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner, Result

import seoultrain_i18n
from seoultrain_i18n.catalogs.layout import catalog_path
from seoultrain_i18n.cli import cli
from seoultrain_i18n.config import Project, load_project
from seoultrain_i18n.formats.po import read_po, write_po
from tests.site_project import bundled_copy

# msgid prefix → a hostile Korean translation. Each carries the marker 쀍쀍 (a
# syllable no real text uses), so one search finds any output holding one.
HOSTILE = {
    "Filmmaker Bios — SEOUL TRAIN": "쀍쀍1 영화인</title><script>alert(1)</script>",
    "A film camera on a tripod": '쀍쀍2 카메라" onmouseover="alert(2)',
    "GNU gettext Portable Object": "쀍쀍3 ' onfocus='alert(3)",
    "<em>SEOUL TRAIN</em> was directed": (
        "<em>서울 트레인</em>은 <img src=x onerror=alert(4)> 쀍쀍4 세 명이 연출했다."
    ),
    "Read the <a1>timeline</a1>": "쀍쀍5 <a1>연표</a2>와 <a2>더 알아보기</a1>",
    "<em>SEOUL TRAIN</em> is completed.": (
        "<em>서울 트레인</em><em>쀍쀍6</em><em>완성</em>. 같은 해 남한은 탈북자를 데려온다."
    ),
    "Why is the film called": '<a href="javascript:alert(7)">쀍쀍7</a> <em>서울 트레인</em>?',
    "United Nations High Commissioner": "쀍쀍8 유엔난민기구 <script>alert(8)</script>",
    "<em>SEOUL TRAIN</em> is broadcast": "쀍쀍9 서울 트레인은 미국 공영 방송에서 방영되었다.",
}
MARKER = "쀍쀍"
PLACEHOLDER = re.compile(r"</?(?:a\d+|em|strong|b|i|span|br|abbr)\s*/?>")


def plant(project: Project) -> dict[str, int]:
    """Write HOSTILE into locales/ko/LC_MESSAGES/site.po; msgid → catalog line."""
    path = catalog_path(project, "ko", "site")
    catalog = read_po(path, domain="site", locale="ko")
    planted: dict[str, str] = {}
    for message in catalog.live():
        for prefix, translation in HOSTILE.items():
            if message.source.startswith(prefix):
                message.translation = translation
                message.set_fuzzy(False)
                planted[message.source] = translation
    assert len(planted) == len(HOSTILE), sorted(planted)
    write_po(path, catalog)
    lines = {m.source: m.line for m in read_po(path, domain="site").live()}
    return {source: lines[source] for source in planted}


def run(project: Project, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(project.root), *args])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[str, int]]:
    project = bundled_copy(tmp_path_factory.mktemp("verdict") / "bundled")
    return project, plant(project)


@pytest.fixture(scope="module")
def built(hostile: tuple[Project, dict[str, int]]) -> tuple[Project, dict[str, int], Result]:
    project, lines = hostile
    result = run(project, "build", "--allow-incomplete")
    return project, lines, result


def error_locations(text: str) -> set[tuple[int, str]]:
    """(catalog line, code) of every ``error: locales/ko/LC_MESSAGES/site.po:N: CODE`` line."""
    pattern = re.compile(r"^error: locales/ko/LC_MESSAGES/site\.po:(\d+): (\w\d+) ", re.M)
    return {(int(line), code) for line, code in pattern.findall(text)}


def test_check_reports_every_hostile_translation_as_an_error(
    hostile: tuple[Project, dict[str, int]],
) -> None:
    project, lines = hostile
    result = run(project, "check", "--format", "json", "-l", "ko", "--domain", "site")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    errors = {f["line"] for f in findings if f["severity"] == "error"}
    for source, line in lines.items():
        assert line in errors, (source, line)


def test_build_exits_1_and_names_each_withheld_translation(
    built: tuple[Project, dict[str, int], Result],
) -> None:
    _project, lines, result = built
    assert result.exit_code == 1, result.output
    reported = {line for line, _ in error_locations(result.output)}
    assert reported == set(lines.values())
    assert "withheld" in result.output
    assert "(the source text stands in)" in result.output


def test_build_and_check_judge_alike(built: tuple[Project, dict[str, int], Result]) -> None:
    project, _, result = built
    check = run(project, "check", "--format", "json", "-l", "ko", "--domain", "site")
    from_check = {
        (f["line"], f["code"])
        for f in json.loads(check.stdout)["findings"]
        if f["severity"] == "error" and f["path"] == "locales/ko/LC_MESSAGES/site.po"
    }
    assert from_check == error_locations(result.output)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.extend(value or "" for _, value in attrs)


def built_pages(project: Project) -> Iterator[tuple[Path, _Text, str]]:
    for path in sorted((project.build_dir / "site").rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        parser = _Text()
        parser.feed(html)
        yield path, parser, html


def test_no_output_holds_a_hostile_translation(
    built: tuple[Project, dict[str, int], Result],
) -> None:
    project, _, _ = built
    pages = list(built_pages(project))
    assert len(pages) > 40
    for path, _, html in pages:
        assert MARKER not in html, path
        assert "alert(" not in html, path
    korean = (project.build_dir / "site" / "ko" / "bios.html").read_text(encoding="utf-8")
    # The source stands in, marked as English.
    assert '<title lang="en">Filmmaker Bios &mdash; SEOUL TRAIN</title>' in korean
    assert 'alt="A film camera on a tripod" width="320" height="320" lang="en">' in korean
    mo_files = list(project.locales_dir.glob("*/LC_MESSAGES/*.mo"))
    assert len(mo_files) == 9
    for path in mo_files:
        assert MARKER.encode() not in path.read_bytes(), path
    bundles = list((project.build_dir / "i18n").rglob("*.json"))
    assert len(bundles) == 3 * 9  # each bundle also in its i18next and gettext.js forms
    for path in bundles:
        assert MARKER not in path.read_text(encoding="utf-8"), path
    korean_site = json.loads((project.build_dir / "i18n" / "ko" / "site.json").read_text())
    assert len(korean_site["messages"]) > 100  # the publishable rest is there
    translations = seoultrain_i18n.translations("ko", project=project.root)
    for source in hostile_sources(project):
        assert translations.gettext(source) == source


def hostile_sources(project: Project) -> list[str]:
    catalog = read_po(catalog_path(project, "ko", "site"), domain="site")
    return [m.source for m in catalog.live() if MARKER in m.translation]


def test_the_readme_jinja2_recipe_renders_the_english_source(
    built: tuple[Project, dict[str, int], Result],
) -> None:
    project, _, _ = built
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_translations(
        seoultrain_i18n.translations("ko", project=project.root), newstyle=True
    )
    sources = hostile_sources(project)
    assert len(sources) == len(HOSTILE)
    for source in sources:
        text = env.from_string("<p>{{ _(source) }}</p>").render(source=source)
        attribute = env.from_string('<img alt="{{ _(source) }}">').render(source=source)
        assert MARKER not in text + attribute
        assert text == f"<p>{source}</p>"  # newstyle output is trusted: the source, as written
    assert env.from_string('{{ _("The Film") }}').render() == "영화 소개"


def test_no_placeholder_is_visible_text_on_any_built_page(
    built: tuple[Project, dict[str, int], Result],
) -> None:
    project, _, _ = built
    for path, parser, _ in built_pages(project):
        visible = "".join(parser.text)
        assert not PLACEHOLDER.search(visible), (path, PLACEHOLDER.search(visible))
        for value in parser.attributes:
            assert not PLACEHOLDER.search(value), (path, value)


def test_pipeline_exits_1_after_building_everything_else(tmp_path: Path) -> None:
    project = bundled_copy(tmp_path / "bundled")
    lines = plant(project)
    result = run(project, "pipeline", "--allow-incomplete")
    assert result.exit_code == 1, result.output
    assert {line for line, _ in error_locations(result.output)} == set(lines.values())
    project = load_project(project.root)
    assert (project.build_dir / "site" / "ko" / "bios.html").is_file()
    assert (project.build_dir / "report" / "index.html").is_file()
    assert len(list((project.build_dir / "i18n").rglob("*.json"))) == 3 * 9  # + i18next, gettext.js


def first_translated(project: Project, locale: str, domain: str) -> tuple[Path, str]:
    path = catalog_path(project, locale, domain)
    catalog = read_po(path, domain=domain, locale=locale)
    message = next(m for m in catalog.live() if m.translated and not m.fuzzy)
    return path, message.source


def set_translation(path: Path, source: str, translation: str, *, fuzzy: bool = False) -> None:
    catalog = read_po(path)
    for message in catalog.live():
        if message.source == source:
            message.translation = translation
            message.set_fuzzy(fuzzy)
    write_po(path, catalog)


def test_one_bad_track_costs_only_itself(tmp_path: Path) -> None:
    project = bundled_copy(tmp_path / "bundled")
    first = run(project, "build", "--subtitles")
    assert first.exit_code == 0, first.output
    folder = project.build_dir / "subtitles"
    before = sorted(path.name for path in folder.iterdir())
    assert "trailer.zh-Hant.vtt" in before
    assert len(before) == 18  # six tracks, SRT + WebVTT + TTML
    path, source = first_translated(project, "zh_Hant", "trailer")
    set_translation(path, source, "这是简体字说明书，不是繁体字")  # Simplified in zh_Hant: L504
    result = run(project, "build", "--subtitles")
    assert result.exit_code == 1, result.output
    after = sorted(p.name for p in folder.iterdir())
    assert after == [n for n in before if not n.startswith("trailer.zh-Hant.")]
    assert "not built: trailer.zh-Hant" in result.output  # the summary names it
    assert "removed build/subtitles/trailer.zh-Hant.srt" in result.output
    withheld = r"error: locales/zh_Hant/LC_MESSAGES/trailer\.po:\d+: L504 \[zh-Hant\]"
    assert re.search(withheld, result.output)
    check = run(project, "check", "-l", "zh_Hant", "--domain", "trailer")
    assert check.exit_code == 1
    assert "L504" in check.output


def test_allow_incomplete_counts_fallbacks_per_track_and_page(tmp_path: Path) -> None:
    project = bundled_copy(tmp_path / "bundled")
    path, source = first_translated(project, "ko", "trailer")
    set_translation(path, source, "초안", fuzzy=True)
    site_path, site_source = first_translated(project, "ko", "site")
    set_translation(site_path, site_source, "")
    refused = run(project, "build", "--subtitles", "-l", "ko")
    assert refused.exit_code == 1
    refusal = r"track trailer\.ko not built: \d+ of \d+ cues are untranslated"
    assert re.search(refusal, refused.output)
    result = run(project, "build", "--subtitles", "--site", "-l", "ko", "--allow-incomplete")
    assert result.exit_code == 0, result.output
    fallback = r"^track trailer\.ko: \d+ of 138 cues show the source text"
    assert re.search(fallback, result.output, re.M)
    unit = r"^ko/(\w+\.html): (\d+) text units show the source text"
    pages = re.findall(unit, result.output, re.M)
    assert pages  # per page, in the text output
