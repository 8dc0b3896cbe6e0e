"""The error audit: what a user sees when each command meets bad input.

Every command runs as a real subprocess in a small project that has been
broken in one realistic way (a missing folder, an undecodable page, a broken
PO file, a bad SubRip track, an unknown locale, a bad TMX file, a bad
configuration). Each run must exit 1 (2 for usage and configuration errors),
print one ``error:`` line per problem naming the file and line and what is
wrong, and never a traceback, unless ``--debug`` is given.

These are the end-to-end runs of the suite (a real interpreter, exit codes and
separate stdout/stderr pipes as a shell sees them); most other CLI tests run
the same command group in-process through Click's CliRunner (``cli`` fixture).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from tests.conftest import run_cli_process as run_cli

Cli = Callable[..., CompletedProcess[str]]

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Home</title></head>
<body>
<p>Seoul Train follows refugees.</p>
</body>
</html>
"""
TRACK = "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:03,000 --> 00:00:04,000\nGoodbye.\n"
BROKEN_ENTRY = 'msgid "a"\nmsgstr "b\n'
EXPECTED_SYNTAX = "syntax error: expected a string in double quotes"


@pytest.fixture(scope="module")
def base_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project after ``extract`` and ``update``: one page, one track, two locales."""
    project = tmp_path_factory.mktemp("errors") / "base"
    (project / "content").mkdir(parents=True)
    (project / "subtitles").mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.seoultrain-i18n]\ntarget-locales = ["ko", "zh_Hans"]\n'
        '[tool.seoultrain-i18n.site]\nbase-url = "https://reel.example/"\n',
        encoding="utf-8",
    )
    (project / "content" / "index.html").write_text(PAGE, encoding="utf-8")
    (project / "subtitles" / "reel.en.srt").write_text(TRACK, encoding="utf-8")
    for command in ("extract", "update"):
        result = run_cli("--project", str(project), command)
        assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(base_project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(base_project, copy, ignore=shutil.ignore_patterns("*.lock"))
    return copy


def run(project: Path, *args: str) -> CompletedProcess[str]:
    """The CLI run from inside the project, as a user would (paths print relative)."""
    return run_cli(*args, cwd=project)


def errors(result: CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def no_traceback(result: CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr


def break_catalog(project: Path, relative: str) -> int:
    """Append a broken entry to a catalog; returns the line the error is on."""
    path = project / relative
    lines = path.read_text(encoding="utf-8").count("\n")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + BROKEN_ENTRY)
    return lines + 3  # the blank line, the msgid, then the broken msgstr


# ---------------------------------------------------------------- extract / pipeline


def test_missing_project_folder_is_a_usage_error(tmp_path: Path, cli: Cli) -> None:
    missing = tmp_path / "nowhere"
    result = cli("--project", str(missing), "extract")
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {missing}: project folder does not exist"


@pytest.mark.parametrize("command", ["extract", "pipeline"])
def test_undecodable_page(project: Path, command: str) -> None:
    (project / "content" / "film.html").write_bytes(b"<p>Caf\xe9</p>\n")
    result = run(project, command)
    assert result.returncode == 1
    no_traceback(result)
    expected = "error: content/film.html:1: not valid UTF-8: byte 0xE9 cannot be decoded"
    if command == "extract":
        assert errors(result) == [expected]
    else:  # a bad page costs only its template: the job goes on and reports the rest
        assert errors(result)[0] == expected
        assert errors(result).count(expected) == 1


def test_every_broken_page_and_track_is_reported(project: Path) -> None:
    (project / "content" / "film.html").write_text("<p>ok</p>\n<!-- never closed\n")
    (project / "content" / "qa.html").write_text("<p>x</p>\n<script>\n")
    (project / "subtitles" / "reel.en.srt").write_text("1\n00:00:01,000 --> 00:00:0x,000\nHi\n")
    result = run(project, "extract")
    assert result.returncode == 1
    no_traceback(result)
    assert errors(result) == [
        "error: content/film.html:2: comment opened here is never closed",
        "error: content/qa.html:2: <script> opened here is never closed",
        "error: subtitles/reel.en.srt:2: malformed timing line '00:00:01,000 --> 00:00:0x,000'",
    ]


def test_build_names_an_undecodable_page(project: Path) -> None:
    (project / "content" / "film.html").write_bytes(b"<p>Caf\xe9</p>\n")
    result = run(project, "build", "--allow-incomplete")
    assert result.returncode == 1
    no_traceback(result)
    assert errors(result) == [
        "error: content/film.html:1: not valid UTF-8: byte 0xE9 cannot be decoded"
    ]


def test_unsafe_configured_path_is_a_configuration_error(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.seoultrain-i18n]\ncontent-dir = "../elsewhere"\n', encoding="utf-8"
    )
    result = run(project, "extract")
    assert result.returncode == 2
    no_traceback(result)
    assert result.stderr.strip() == (
        f"error: pyproject.toml:2: content-dir = '../elsewhere': resolves to "
        f"{project.parent / 'elsewhere'}, outside the project {project}"
    )


def test_unknown_check_code_is_a_usage_error(project: Path) -> None:
    result = run(project, "check", "--select", "ZZZ9")
    assert result.returncode == 2
    no_traceback(result)
    assert result.stderr.strip() == (
        "error: checks.select: unknown check 'ZZZ9' (run `seoultrain-i18n check --list` "
        "for the codes)"
    )


def test_track_without_a_language_in_its_name(project: Path) -> None:
    (project / "subtitles" / "extra.srt").write_text(TRACK)
    result = run(project, "extract")
    assert result.returncode == 1
    no_traceback(result)
    assert errors(result) == [
        "error: subtitles/extra.srt: a source track is named NAME.LANG.srt (e.g. trailer.en.srt)"
    ]


# ---------------------------------------------------------------- catalog commands


@pytest.mark.parametrize("command", ["update", "compile", "stats", "check", "report"])
def test_broken_catalog_is_named_with_its_line(project: Path, command: str) -> None:
    line = break_catalog(project, "locales/ko/LC_MESSAGES/site.po")
    result = run(project, command)
    assert result.returncode == 1
    no_traceback(result)
    assert errors(result) == [f"error: locales/ko/LC_MESSAGES/site.po:{line}: {EXPECTED_SYNTAX}"]


@pytest.mark.parametrize("command", ["update", "compile", "stats", "check"])
def test_every_broken_catalog_is_reported(project: Path, command: str) -> None:
    site = break_catalog(project, "locales/ko/LC_MESSAGES/site.po")
    reel = project / "locales" / "zh_Hans" / "LC_MESSAGES" / "reel.po"
    last = reel.read_text(encoding="utf-8").count("\n") + 2
    with reel.open("a", encoding="utf-8") as handle:
        handle.write('\nmsgid "q"\n')
    result = run(project, command)
    assert result.returncode == 1
    no_traceback(result)
    assert sorted(errors(result)) == [
        f"error: locales/ko/LC_MESSAGES/site.po:{site}: {EXPECTED_SYNTAX}",
        f"error: locales/zh_Hans/LC_MESSAGES/reel.po:{last}: syntax error: msgid without msgstr",
    ]


def test_build_reports_a_broken_catalog_once(project: Path) -> None:
    line = break_catalog(project, "locales/ko/LC_MESSAGES/site.po")
    result = run(project, "build")
    assert result.returncode == 1
    no_traceback(result)
    expected = f"error: locales/ko/LC_MESSAGES/site.po:{line}: {EXPECTED_SYNTAX}"
    assert errors(result).count(expected) == 1


@pytest.mark.parametrize("command", ["update", "stats", "check", "compile"])
def test_broken_template(project: Path, command: str) -> None:
    template = project / "locales" / "site.pot"
    template.write_bytes(b"\xef\xbb\xbf" + template.read_bytes())
    result = run(project, command)
    assert result.returncode == 1
    no_traceback(result)
    assert "no catalogs" not in result.stdout
    assert errors(result) == [
        "error: locales/site.pot:1: starts with a UTF-8 byte order mark, which gettext rejects"
    ]


# ---------------------------------------------------------------- locales


@pytest.mark.parametrize(
    "command", [["translate"], ["stats"], ["check"], ["compile"], ["update"], ["build"]]
)
def test_unknown_locale_is_a_usage_error(project: Path, command: list[str]) -> None:
    result = run(project, *command, "-l", "xx")
    assert result.returncode == 2
    no_traceback(result)
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for '-l' / '--locale': unknown locale 'xx': this project's "
        "locales are en, ko, zh_Hans (source-locale and target-locales in pyproject.toml)"
    )


@pytest.mark.parametrize("command", [["update"], ["stats"], ["check"], ["translate"]])
def test_unknown_domain_is_a_usage_error(project: Path, command: list[str]) -> None:
    result = run(project, *command, "--domain", "nosuch")
    assert result.returncode == 2
    no_traceback(result)
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for '--domain': unknown domain 'nosuch': this project's "
        "domains are reel, site"
    )


def test_locale_spellings_are_accepted(project: Path) -> None:
    result = run(project, "stats", "-l", "zh-hans", "-l", "KO")
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- memory import (TMX)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '<tmx><body><tu>\n<tuv xml:lang="en"><seg>x</seg></tuv>\n</body></tmx>\n',
            "error: bad.tmx:3: not well-formed XML: mismatched tag",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY boom "boom">\n]>\n<tmx/>\n',
            "error: bad.tmx:3: entity declarations are not allowed in TMX files",
        ),
        ("<html><body/></html>\n", "error: bad.tmx: root element is <html>, expected <tmx>"),
    ],
)
def test_bad_tmx(project: Path, content: str, expected: str) -> None:
    (project / "bad.tmx").write_text(content, encoding="utf-8")
    result = run(project, "memory", "import", "bad.tmx")
    assert result.returncode == 1
    no_traceback(result)
    assert errors(result) == [expected]


def test_missing_tmx_is_a_usage_error(project: Path) -> None:
    result = run(project, "memory", "import", "nothere.tmx")
    assert result.returncode == 2
    no_traceback(result)
    assert "'nothere.tmx' does not exist" in result.stderr


# ---------------------------------------------------------------- import (SubRip)


def test_import_of_a_file_that_is_not_subrip(project: Path) -> None:
    (project / "reel.ko.srt").write_text("Hello there\n", encoding="utf-8")
    result = run(project, "import", "reel.ko.srt")
    assert result.returncode == 1
    no_traceback(result)
    assert errors(result) == [
        "error: reel.ko.srt:1: no timing line (HH:MM:SS,mmm --> HH:MM:SS,mmm): not a SubRip file"
    ]


def test_import_with_a_wrong_encoding(project: Path) -> None:
    (project / "reel.ko.srt").write_bytes(
        b"1\n00:00:01,000 --> 00:00:02,000\n\xec\x95\x88\xeb\x85\x95\n\xff\n"
    )
    result = run(project, "import", "reel.ko.srt", "--encoding", "cp949")
    assert result.returncode == 1
    no_traceback(result)
    assert errors(result) == ["error: reel.ko.srt:3: not valid cp949: byte 0xec"]


def test_import_of_a_track_without_language(project: Path) -> None:
    (project / "other.srt").write_text(TRACK, encoding="utf-8")
    result = run(project, "import", "other.srt")
    assert result.returncode == 1
    no_traceback(result)
    assert errors(result) == [
        "error: other.srt: name a translated track TRACK.LANG.srt (e.g. trailer.ko.srt), "
        "or give --language (and --domain)"
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--domain", "nosuch"],
            "error: no source track for 'nosuch' in subtitles/ (expected nosuch.LANG.srt)",
        ),
        ([], "error: subtitles/reel.en.srt: en is the source language of reel.en.srt"),
    ],
)
def test_import_that_matches_no_translation(project: Path, args: list[str], expected: str) -> None:
    result = run(project, "import", "subtitles/reel.en.srt", *args)
    assert result.returncode == 1
    no_traceback(result)
    assert errors(result) == [expected]


def test_import_of_a_missing_file_is_a_usage_error(project: Path) -> None:
    result = run(project, "import", "nothere.ko.srt")
    assert result.returncode == 2
    no_traceback(result)
    assert "'nothere.ko.srt' does not exist" in result.stderr


# ---------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            '[tool.seoultrain-i18n]\ntarget-locale = ["ko"]\n',
            "error: pyproject.toml:2: unknown key [tool.seoultrain-i18n] target-locale; "
            "did you mean 'target-locales'?",
        ),
        (
            "[tool.seoultrain-i18n\n",
            "error: pyproject.toml:1: invalid TOML: Expected ']' at the end of a table "
            "declaration (at line 1, column 22)",
        ),
        (
            '[tool.seoultrain-i18n]\ntranslate.timeout = "slow"\n',
            "error: pyproject.toml:2: [tool.seoultrain-i18n] translate.timeout = 'slow': "
            "expected a finite number",
        ),
    ],
)
@pytest.mark.parametrize("command", ["extract", "check", "pipeline"])
def test_bad_configuration_is_exit_2_for_every_command(
    project: Path, command: str, config: str, expected: str
) -> None:
    (project / "pyproject.toml").write_text(config, encoding="utf-8")
    result = run(project, command)
    assert result.returncode == 2
    no_traceback(result)
    assert result.stderr.strip() == expected


# ---------------------------------------------------------------- --debug


def test_debug_shows_the_traceback_of_an_error(project: Path) -> None:
    line = break_catalog(project, "locales/ko/LC_MESSAGES/site.po")
    plain = run(project, "compile")
    debug = run(project, "--debug", "compile")
    assert "Traceback" not in plain.stderr
    assert f"error: locales/ko/LC_MESSAGES/site.po:{line}: {EXPECTED_SYNTAX}" in debug.stderr
    assert "Traceback (most recent call last):" in debug.stderr
    assert "seoultrain_i18n.errors.ParseError" in debug.stderr


CRASHING = (
    "import seoultrain_i18n.extract as stage\n"
    "def crash(*args, **kwargs):\n"
    "    raise KeyError('boom')\n"
    "stage.extract = crash\n"
    "from seoultrain_i18n.cli import main\n"
    "main()\n"
)


@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_shows_a_traceback_only_with_debug(project: Path, debug: bool) -> None:
    args = ["--debug", "extract"] if debug else ["extract"]
    result = subprocess.run(
        [sys.executable, "-c", CRASHING, *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    if debug:
        assert "Traceback (most recent call last):" in result.stderr
        assert "KeyError: 'boom'" in result.stderr
    else:
        assert result.stderr.strip().splitlines()[-1] == (
            "error: internal error: KeyError: 'boom' (run with --debug for the traceback and "
            "please report it)"
        )
        assert "Traceback" not in result.stderr
