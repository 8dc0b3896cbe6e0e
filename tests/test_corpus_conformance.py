"""Every file of the shared corpus through the matching reader, and the CLI over them.

Each file of ``../shared/corpus`` (real-world SubRip, WebVTT, PO and HTML
written by other people) is either read completely or refused with a clean
``ParseError``/``I18nError``, never another exception. What reads must also
survive our writer: PO files round-trip losslessly (comments, flags, previous
strings, obsolete entries), SubRip and WebVTT keep every cue, pages render
back byte for byte. Then the CLI runs over the same files as a user would
(``extract``, ``update``, ``check``, ``stats``, ``compile``, ``import``) and
never shows a traceback.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.formats.html import read_page, render_page
from seoultrain_i18n.formats.po import generate_po, parse_po, read_po
from seoultrain_i18n.formats.srt import generate_srt, parse_srt, read_srt
from seoultrain_i18n.formats.vtt import generate_vtt, parse_vtt, read_vtt
from seoultrain_i18n.model import Cue, Message
from tests.conftest import CORPUS, run_cli

Cli = Callable[..., CompletedProcess[str]]


def corpus_files(*suffixes: str) -> list[str]:
    """Paths relative to the corpus (empty when it is absent: the tests then skip)."""
    if not CORPUS.is_dir():
        return []
    return sorted(
        str(path.relative_to(CORPUS))
        for path in CORPUS.rglob("*")
        if path.is_file() and path.suffix.lower() in suffixes
    )


def read_or_refuse(read: Callable[[], object]) -> object | None:
    """The reader's result, or None when it refused the file with one of our errors."""
    try:
        return read()
    except I18nError as error:
        message = str(error)
    assert message.strip(), "an error must say what is wrong"
    return None


# ---------------------------------------------------------------- SubRip


def subtitle_lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in re.split(r"\r\n|\r|\n", text) if line.strip())


@pytest.mark.parametrize("name", corpus_files(".srt"))
def test_srt_reads_fully_or_fails_cleanly_and_round_trips(corpus: Path, name: str) -> None:
    track = read_or_refuse(lambda: read_srt(corpus / name))
    if track is None:
        return
    cues = track.cues  # type: ignore[attr-defined]
    if any(cue.start_ms < 0 for cue in cues):
        return
    written = generate_srt(cues)
    again = parse_srt(written, name)
    assert [(c.start_ms, c.end_ms, c.settings, c.text) for c in again] == [
        (c.start_ms, c.end_ms, c.settings, subtitle_lines(c.text)) for c in cues
    ]


# ---------------------------------------------------------------- WebVTT


def in_order(cues: list[Cue]) -> bool:
    starts = [cue.start_ms for cue in cues]
    return starts == sorted(starts) and all(cue.end_ms > cue.start_ms for cue in cues)


@pytest.mark.parametrize("name", corpus_files(".vtt"))
def test_vtt_reads_fully_or_fails_cleanly_and_round_trips(corpus: Path, name: str) -> None:
    cues = read_or_refuse(lambda: read_vtt(corpus / name))
    if not isinstance(cues, list) or not in_order(cues):
        return  # refused, or cues WebVTT forbids (the writer refuses to emit them)
    again = parse_vtt(generate_vtt(cues), name)
    assert [(c.start_ms, c.end_ms) for c in again] == [(c.start_ms, c.end_ms) for c in cues]


# ---------------------------------------------------------------- PO


def po_view(message: Message) -> tuple[object, ...]:
    return (
        message.obsolete,
        message.context,
        message.source,
        message.source_plural,
        message.translation,
        message.plural_translations,
        message.references,
        message.notes,
        message.comments,
        message.flags,
        message.previous_context,
        message.previous_source,
        message.previous_source_plural,
    )


def normalised(message: Message) -> tuple[object, ...]:
    """What our writer may change: reference and flag order/duplicates (as msgcat does)."""
    from seoultrain_i18n.formats.po import canonical_flags

    view = list(po_view(message))
    references = [ref[2:] if ref.startswith("./") else ref for ref in message.references]
    view[6] = list(dict.fromkeys(references))
    view[9] = canonical_flags(message.flags)
    return tuple(view)


@pytest.mark.parametrize("name", corpus_files(".po", ".pot"))
def test_po_reads_fully_or_fails_cleanly_and_round_trips_losslessly(
    corpus: Path, name: str
) -> None:
    catalog = read_or_refuse(lambda: read_po(corpus / name))
    if catalog is None:
        return
    from seoultrain_i18n.model import Catalog

    assert isinstance(catalog, Catalog)
    written = generate_po(catalog)
    again = parse_po(written.encode("utf-8"), Path(name))
    expected = [normalised(m) for m in catalog.live() + catalog.obsolete()]
    assert [po_view(m) for m in again.messages] == expected
    assert again.header == catalog.header
    assert again.header_comments == catalog.header_comments
    assert again.header_flags == catalog.header_flags
    assert generate_po(again) == written


# ---------------------------------------------------------------- HTML


@pytest.mark.parametrize("name", corpus_files(".html", ".htm", ".xhtml"))
def test_html_reads_fully_or_fails_cleanly_and_renders_back(corpus: Path, name: str) -> None:
    page = read_or_refuse(lambda: read_page(corpus / name, reference=name))
    if page is None:
        return
    result = render_page(page, lambda segment: segment.source)  # type: ignore[arg-type]
    # Byte for byte, except a declared legacy charset, which the output rewrites to utf-8.
    declared = re.compile(r"charset\s*=\s*[\"']?[\w.:-]+", re.IGNORECASE)
    assert declared.sub("charset", result.html) == declared.sub("charset", page.text)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the CLI over the corpus


LEGACY_LANGUAGE = {"cp949": "ko", "s0": "ko", "gb2312": "zh-Hans", "gbk": "zh-Hans"}


def track_language(name: str) -> str:
    """The language tag a corpus track is filed under (its legacy encoding needs it)."""
    stem = Path(name).name
    for hint, language in LEGACY_LANGUAGE.items():
        if hint in stem:
            return language
    return "en"


def catalog_locale(name: str) -> str:
    stem = Path(name).stem
    if "zh_TW" in stem or "zh_HK" in stem or "Hant" in stem:
        return "zh_Hant"
    if "zh" in stem:
        return "zh_Hans"
    return "ko"


def assert_clean(result: CompletedProcess[str], project: Path) -> None:
    """Exit 0 or 1, no traceback, and every error line names a file of the project."""
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr, result.stderr
    for line in result.stderr.splitlines():
        if line.startswith("error: "):
            assert re.match(r"error: (content|subtitles|locales|/)", line), line


@dataclass
class CorpusProject:
    root: Path
    first_extract: CompletedProcess[str]  # before the files it refused were removed


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory: pytest.TempPathFactory) -> CorpusProject:
    """A project whose pages and source tracks are the corpus's HTML and SubRip files,
    extracted once as they are, then without the files extract refused, and updated."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    project = tmp_path_factory.mktemp("corpus") / "project"
    (project / "content").mkdir(parents=True)
    (project / "subtitles").mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.seoultrain-i18n]\ntarget-locales = ["ko", "zh_Hans"]\n', encoding="utf-8"
    )
    for number, name in enumerate(corpus_files(".html", ".htm", ".xhtml"), start=1):
        shutil.copyfile(CORPUS / name, project / "content" / f"p{number:02d}.html")
    for number, name in enumerate(corpus_files(".srt"), start=1):
        target = project / "subtitles" / f"c{number:02d}.{track_language(name)}.srt"
        shutil.copyfile(CORPUS / name, target)
    first = run_cli("--project", str(project), "extract")
    for line in first.stderr.splitlines():
        match = re.match(r"error: (?:\S*/)?((?:subtitles|content)/[cp]\d+\.[\w.-]+)", line)
        if match:
            (project / match.group(1).rstrip(":")).unlink(missing_ok=True)
    return CorpusProject(project, first)


def test_cli_extract_update_check_stats_compile_over_corpus_pages_and_tracks(
    corpus_project: CorpusProject, cli: Cli
) -> None:
    project = corpus_project.root
    extract = corpus_project.first_extract
    assert_clean(extract, project)
    # The corpus holds broken tracks (no timing line, malformed timings…): each is named.
    assert extract.returncode == 1
    assert len(errors_in(extract)) >= 5, extract.stderr
    # Without them every step runs through.
    for command in ("extract", "update", "stats", "check", "compile"):
        result = cli("--project", str(project), command)
        assert_clean(result, project)
        if command in ("extract", "update", "compile"):
            assert result.returncode == 0, (command, result.stderr)


def errors_in(result: CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


# corpus track → (the language it is imported as, the encoding to give)
IMPORTED = {
    "capability_tester.srt": ("ko", None),
    "s04-utf8.srt": ("zh-Hans", None),
    "s01-cp949.srt": ("zh-Hans", "cp949"),
    "gb2312.srt": ("ko", "gb2312"),
}


def test_cli_import_of_corpus_tracks(
    corpus_project: CorpusProject, cli: Cli, tmp_path: Path
) -> None:
    """A corpus track imported as the translation of itself (legacy encodings given)."""
    project = corpus_project.root
    assert cli("--project", str(project), "update").returncode == 0
    imported = 0
    for number, name in enumerate(corpus_files(".srt"), start=1):
        if Path(name).name not in IMPORTED:
            continue
        language, encoding = IMPORTED[Path(name).name]
        translated = tmp_path / f"c{number:02d}.{language}.srt"
        shutil.copyfile(CORPUS / name, translated)
        options = ["--encoding", encoding] if encoding else []
        result = cli("--project", str(project), "import", str(translated), *options)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        # (capability_tester's simultaneous and zero-length cues align only as doubtful)
        assert re.search(r": [1-9]\d* matched", result.stdout), result.stdout
        imported += 1
    assert imported == len(IMPORTED)


def test_cli_check_stats_compile_over_corpus_catalogs(
    cli: Cli, corpus: Path, tmp_path: Path
) -> None:
    """Every corpus PO file as a catalog of a project: the catalog commands read them all."""
    project = tmp_path / "catalogs"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.seoultrain-i18n]\ntarget-locales = ["ko", "zh_Hans", "zh_Hant"]\n',
        encoding="utf-8",
    )
    for number, name in enumerate(corpus_files(".po"), start=1):
        folder = project / "locales" / catalog_locale(name) / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / name, folder / f"d{number:02d}.po")
        # The file is its own template: the catalog commands discover domains from templates.
        shutil.copyfile(corpus / name, project / "locales" / f"d{number:02d}.pot")
    for command in ("stats", "check", "compile"):
        result = cli("--project", str(project), command)
        assert_clean(result, project)
        # Three corpus files have broken headers: every one is reported, not only the first.
        assert result.returncode == 1
        assert len(reported_files(result)) >= 3, result.stderr
    for name in reported_files(result):
        (project / "locales" / name).unlink()
    # With readable templates, each catalog with a broken body is named (a duplicate
    # definition, a syntax error) and the rest is processed.
    for command in ("stats", "check", "compile"):
        result = cli("--project", str(project), command)
        assert_clean(result, project)
        assert result.returncode == 1
        assert len(reported_files(result)) >= 2, result.stderr


def reported_files(result: CompletedProcess[str]) -> set[str]:
    """The file names the ``error:`` lines of a run name."""
    return {
        Path(line.removeprefix("error: ").split(":")[0]).name
        for line in result.stderr.splitlines()
        if line.startswith("error: ")
    }
