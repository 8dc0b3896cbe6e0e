"""`seoultrain-i18n extract` as a real subprocess: a scratch project with one
page, GNU gettext as a second opinion, repeat runs, bad input."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.conftest import needs_gettext

Cli = Callable[..., subprocess.CompletedProcess[str]]

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>The Film &mdash; SEOUL TRAIN</title>
<meta name="description" content="About the documentary.">
<style>p { color: red; } /* Not text */</style>
<script>var hidden = "Not text either";</script>
</head>
<body>
<!-- A comment for developers -->
<nav class="language-switcher" translate="no" data-l10n-switcher></nav>
<header translate="no"><p>SEOUL TRAIN brand line</p></header>
<h1>The Film</h1>
<p>The film&rsquo;s <em>three</em> makers &amp;
<a href="bios.html" title="Filmmaker Bios">their story</a>.</p>
<figure><img src="assets/map.svg" alt="A route map"><figcaption>The routes.</figcaption></figure>
<ul><li><a href="index.html">Home</a></li><li><a href="film.html">The Film</a></li></ul>
</body>
</html>
"""

EXPECTED_SOURCES = [
    "The Film — SEOUL TRAIN",
    "About the documentary.",
    "The Film",
    "The film’s <em>three</em> makers & <a>their story</a>.",
    "Filmmaker Bios",
    "A route map",
    "The routes.",
    "Home",
]


def scratch_page(scratch: Path) -> Path:
    (scratch / "content").mkdir()
    (scratch / "content" / "PAGE.html").write_text(PAGE, encoding="utf-8")
    return scratch / "locales" / "site.pot"


def msgids(pot: str) -> list[str]:
    entries = pot.split("\n\n")[1:]
    result = []
    for entry in entries:
        lines = [line for line in entry.splitlines() if not line.startswith("#")]
        text = "\n".join(lines).split("msgstr")[0].removeprefix("msgid ")
        result.append("".join(part.strip()[1:-1] for part in text.splitlines() if part.strip()))
    return result


def test_extract_writes_every_visible_string_once(cli: Cli, scratch: Path) -> None:
    template = scratch_page(scratch)
    result = cli("--project", str(scratch), "extract")
    assert result.returncode == 0, result.stderr
    assert "wrote locales/site.pot (8 messages)" in result.stderr
    pot = template.read_text(encoding="utf-8")
    assert msgids(pot) == EXPECTED_SOURCES
    assert '#: content/PAGE.html:14 content/PAGE.html:18\nmsgid "The Film"' in pot
    for hidden in ("Not text", "comment", "brand line", "color"):
        assert hidden not in pot


def test_extract_twice_changes_no_byte(cli: Cli, scratch: Path) -> None:
    template = scratch_page(scratch)
    assert cli("--project", str(scratch), "extract").returncode == 0
    first = template.read_bytes()
    again = cli("--project", str(scratch), "extract")
    assert again.returncode == 0
    assert "unchanged: locales/site.pot (8 messages)" in again.stderr
    assert template.read_bytes() == first
    check = cli("--project", str(scratch), "extract", "--check")
    assert check.returncode == 0


def test_check_reports_an_out_of_date_template(cli: Cli, scratch: Path) -> None:
    scratch_page(scratch)
    result = cli("--project", str(scratch), "extract", "--check", "--format", "json")
    assert result.returncode == 1
    assert '"status": "out of date"' in result.stdout
    assert not (scratch / "locales").exists()


@needs_gettext
def test_gettext_accepts_the_template(cli: Cli, scratch: Path, tmp_path: Path) -> None:
    template = scratch_page(scratch)
    assert cli("--project", str(scratch), "extract").returncode == 0
    msgcat = subprocess.run(["msgcat", str(template)], capture_output=True, check=True)
    assert msgcat.stdout == template.read_bytes()
    ko = tmp_path / "ko.po"
    subprocess.run(
        ["msginit", "--no-translator", "-l", "ko", "-i", str(template), "-o", str(ko)],
        capture_output=True,
        check=True,
    )
    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(ko)], capture_output=True)
    assert checked.returncode == 0, checked.stderr


@needs_gettext
def test_bundled_template_is_msgcat_identical(repo_root: Path) -> None:
    template = repo_root / "locales" / "site.pot"
    msgcat = subprocess.run(["msgcat", str(template)], capture_output=True, check=True)
    assert msgcat.stdout == template.read_bytes()


def test_every_bad_file_is_named_and_nothing_is_written(cli: Cli, scratch: Path) -> None:
    scratch_page(scratch)
    (scratch / "content" / "broken.html").write_bytes(b"<p>fine</p>\n\n<p>\xff</p>")
    (scratch / "content" / "open.html").write_text("<p>x</p>\n<style>p{}", encoding="utf-8")
    result = cli("--project", str(scratch), "-q", "extract")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: content/broken.html:3: not valid UTF-8: byte 0xFF cannot be decoded",
        "error: content/open.html:2: <style> opened here is never closed",
    ]
    assert not (scratch / "locales").exists()


def test_verbose_lists_files_and_quiet_is_silent(cli: Cli, scratch: Path) -> None:
    scratch_page(scratch)
    shutil.copy(scratch / "content" / "PAGE.html", scratch / "content" / "other.html")
    verbose = cli("--project", str(scratch), "-v", "extract")
    assert "reading content/PAGE.html" in verbose.stderr
    assert "reading content/other.html" in verbose.stderr
    quiet = cli("--project", str(scratch), "-q", "extract")
    assert quiet.returncode == 0
    assert quiet.stderr == ""
