"""Errors: one line by default; -v adds what to do and the underlying cause."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli

BROKEN_PO = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b\n'
)


def broken_project(root: Path) -> Path:
    folder = root / "locales" / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "site.po").write_text(BROKEN_PO, encoding="utf-8")
    (root / "locales" / "site.pot").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"X-Source-Language: en\\n"\n\nmsgid "a"\nmsgstr ""\n',
        encoding="utf-8",
    )
    return root


def test_default_is_one_line(scratch: Path) -> None:
    project = broken_project(scratch)
    result = run_cli("-q", "--project", str(project), "update", "-l", "ko")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: {project}/locales/ko/LC_MESSAGES/site.po:6: syntax error: "
        "expected a string in double quotes"
    )


def test_verbose_says_what_to_do(scratch: Path) -> None:
    project = broken_project(scratch)
    result = run_cli("-v", "--project", str(project), "update", "-l", "ko")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(("error", "  hint"))]
    assert lines[1] == (
        "  hint: correct the entry at that line (a text editor or Poedit); "
        "the file was left untouched"
    )


def test_verbose_shows_the_cause_of_undecodable_input(scratch: Path) -> None:
    (scratch / "content").mkdir()
    (scratch / "content" / "page.html").write_bytes(b"<p>caf\xe9</p>\n")
    result = run_cli("-v", "--project", str(scratch), "extract")
    assert result.returncode == 1
    assert "error: content/page.html:1: not valid UTF-8" in result.stderr
    assert "  hint: correct the markup at that line" in result.stderr
    assert "Traceback" not in result.stderr
