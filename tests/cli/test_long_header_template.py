"""A template from another tool with more than 16 KiB of header comments keeps
its ``X-Source-Language`` through every command: the header fast path used to
read only the first 16 KiB, so such a Korean template was taken for English
(a Korean catalog was created for it, the English one was not)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from seoultrain_i18n.cli import cli
from seoultrain_i18n.formats.po import read_po

COMMENTS = "".join(f"# Notes kept by the other tool, line {i}: {'x' * 50}\n" for i in range(400))
TEMPLATE = (
    COMMENTS
    + 'msgid ""\nmsgstr ""\n"Project-Id-Version: ui\\n"\n'
    + '"Content-Type: text/plain; charset=UTF-8\\n"\n"X-Source-Language: ko\\n"\n\n'
    + 'msgid "영화"\nmsgstr ""\n\nmsgid "2005"\nmsgstr ""\n'
)


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(project), "-q", *args])


def catalogs(project: Path, suffix: str) -> set[str]:
    return {
        path.relative_to(project / "locales").as_posix()
        for path in (project / "locales").glob(f"*/LC_MESSAGES/ui.{suffix}")
    }


def test_long_header_template_keeps_its_source_language(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "locales").mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.seoultrain-i18n]\nproject-name = "Long header"\n'
        'target-locales = ["ko", "zh_Hans"]\n'
        '[tool.seoultrain-i18n.site]\nbase-url = "https://long-header.example/"\n',
        encoding="utf-8",
    )
    (project / "content" / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Home</title>'
        "</head><body><p>The river at night.</p></body></html>\n",
        encoding="utf-8",
    )
    template = project / "locales" / "ui.pot"
    template.write_text(TEMPLATE, encoding="utf-8")
    assert len(COMMENTS.encode()) > 16384

    assert run(project, "extract").exit_code == 0
    assert template.read_text(encoding="utf-8") == TEMPLATE  # not ours to rewrite

    assert run(project, "update").exit_code == 0
    # Korean is the template's source language: English and Chinese catalogs only.
    assert catalogs(project, "po") == {"en/LC_MESSAGES/ui.po", "zh_Hans/LC_MESSAGES/ui.po"}
    english = project / "locales" / "en" / "LC_MESSAGES" / "ui.po"
    assert read_po(english).get_header("X-Source-Language") == "ko"

    assert run(project, "translate").exit_code == 0
    drafted = {m.source: m.translation for m in read_po(english).live()}
    assert drafted["2005"] == "2005"  # drafted (nothing to translate) in the English catalog
    assert catalogs(project, "po") == {"en/LC_MESSAGES/ui.po", "zh_Hans/LC_MESSAGES/ui.po"}

    checked = run(project, "check", "--format", "json")
    assert checked.exit_code in (0, 1), checked.output
    report = json.loads(checked.output)
    assert {p for p in report["checked"] if p.endswith("ui.po")} == {
        "locales/en/LC_MESSAGES/ui.po",
        "locales/zh_Hans/LC_MESSAGES/ui.po",
    }

    stats = run(project, "stats", "--format", "json")
    assert stats.exit_code == 0, stats.output
    assert {row["locale"] for row in json.loads(stats.output) if row["domain"] == "ui"} == {
        "en",
        "zh_Hans",
    }

    built = run(project, "build", "--allow-incomplete")
    assert built.exit_code in (0, 1), built.output
    assert catalogs(project, "mo") <= {"en/LC_MESSAGES/ui.mo", "zh_Hans/LC_MESSAGES/ui.mo"}
    assert not (project / "locales" / "ko" / "LC_MESSAGES" / "ui.po").exists()
