"""``seoultrain-i18n check`` as a real subprocess: text lines, exit codes,
JSON, JUnit XML validated against the JUnit schema, and ``--list``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.check_support import make_project, srt

JUNIT_XSD = Path(__file__).resolve().parent.parent / "data" / "junit.xsd"


def bad_project(root: Path) -> Path:
    return make_project(
        root,
        {
            ("site", "ko"): [
                (
                    'See <a href="film.html">the film</a>.',
                    '<a href="javascript:alert(1)">영화</a>를 보세요.',
                ),
                ("Hello", ""),
            ],
            ("site", "zh_Hant"): [("Hello.", "你好。"), ("Many refugees", "许多难民")],
        },
        tracks={"reel.en.srt": srt((0, 2000, "They left."), (1900, 4000, "Nobody saw."))},
    )


def good_project(root: Path) -> Path:
    return make_project(
        root,
        {
            ("site", "ko"): [("Hello.", "안녕하세요."), ("Untranslated", "")],
            ("site", "zh_Hans"): [("Hello.", "你好。")],
        },
    )


def test_text_output_and_exit_code(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = bad_project(tmp_path / "p")
    result = cli("--project", str(root), "check")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "locales/ko/LC_MESSAGES/site.po:7: M204 [ko] unsafe markup: javascript: URL in href=",
        "locales/ko/LC_MESSAGES/site.po:7: M204 [ko] unsafe markup: link targets differ"
        " from the source"
        " (href=javascript:alert(1))",
        "locales/ko/LC_MESSAGES/site.po:10: T101 [ko] untranslated",
        "locales/zh_Hant/LC_MESSAGES/site.po:10: L504 [zh_Hant] Simplified-only characters in"
        " Traditional Chinese: 许难",
        "subtitles/reel.en.srt:6: S607 cue 2 (00:00:01,900 --> 00:00:04,000):"
        " starts 100 ms before cue 1 ends",
    ]
    assert result.stderr.strip().splitlines()[-1] == "4 errors, 1 warning in 3 files"


def test_warnings_alone_exit_zero(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = good_project(tmp_path / "p")
    result = cli("--project", str(root), "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "locales/ko/LC_MESSAGES/site.po:10: T101 [ko] untranslated\n"


def test_locale_domain_select_and_ignore(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = bad_project(tmp_path / "p")
    only_hant = cli("--project", str(root), "check", "-l", "zh_Hant", "--domain", "site")
    assert only_hant.returncode == 1
    assert [line.split(": ")[1].split()[0] for line in only_hant.stdout.splitlines()] == ["L504"]
    ignored = cli("--project", str(root), "check", "-l", "zh_Hant", "--ignore", "L504")
    assert ignored.returncode == 1  # the source track's overlap concerns every language
    assert "L504" not in ignored.stdout
    assert "S607" in ignored.stdout
    selected = cli("--project", str(root), "check", "--select", "T101")
    assert selected.returncode == 1  # M204 always runs
    assert {line.split(": ")[1].split()[0] for line in selected.stdout.splitlines()} == {
        "T101",
        "M204",
    }


def test_config_thresholds_and_severity(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = good_project(tmp_path / "p")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text()
        + "\n[tool.seoultrain-i18n.checks]\nuntranslated-error-percent = 10.0\n"
    )
    result = cli("--project", str(root), "check")
    assert result.returncode == 1
    assert result.stdout == (
        "locales/ko/LC_MESSAGES/site.po:10: T101 [ko] untranslated (50% of the catalog, over 10%)\n"
    )
    pyproject.write_text(pyproject.read_text() + 'ignore = ["M204"]\n')
    refused = cli("--project", str(root), "check")
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "error: checks.ignore: M204 unsafe-markup is always an error and cannot be ignored"
    )


def test_json_output(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = bad_project(tmp_path / "p")
    result = cli("--project", str(root), "check", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert data["summary"] == {"errors": 4, "warnings": 1, "files": 3}
    assert set(data["checked"]) == {
        "locales/ko/LC_MESSAGES/site.po",
        "locales/zh_Hant/LC_MESSAGES/site.po",
        "subtitles/reel.en.srt",
    }
    first = data["findings"][0]
    assert first == {
        "code": "M204",
        "name": "unsafe-markup",
        "severity": "error",
        "path": "locales/ko/LC_MESSAGES/site.po",
        "line": 7,
        "domain": "site",
        "locale": "ko",
        "message": "unsafe markup: javascript: URL in href=",
        "source": 'See <a href="film.html">the film</a>.',
        "translation": '<a href="javascript:alert(1)">영화</a>를 보세요.',
        "cue": None,
        "start_ms": None,
        "end_ms": None,
    }
    overlap = data["findings"][-1]
    assert (overlap["cue"], overlap["start_ms"], overlap["end_ms"], overlap["locale"]) == (
        2,
        1900,
        4000,
        None,
    )


def test_junit_validates_against_the_junit_schema(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lxml_etree = pytest.importorskip("lxml.etree")
    schema = lxml_etree.XMLSchema(lxml_etree.parse(str(JUNIT_XSD)))
    root = bad_project(tmp_path / "p")
    out = tmp_path / "junit.xml"
    result = cli("--project", str(root), "check", "--format", "junit", "-o", str(out))
    assert result.returncode == 1
    document = lxml_etree.parse(str(out))
    schema.assertValid(document)
    failures = document.findall(".//failure")
    assert {failure.get("type") for failure in failures} == {"M204", "L504", "S607"}
    suites = document.findall("testsuite")
    assert [suite.get("name") for suite in suites] == [
        "locales/ko/LC_MESSAGES/site.po",
        "locales/zh_Hant/LC_MESSAGES/site.po",
        "subtitles/reel.en.srt",
    ]
    ko = suites[0]
    assert "T101 [ko] untranslated" in ko.findtext("system-out")
    # A clean project validates too.
    clean = good_project(tmp_path / "q")
    text = cli("--project", str(clean), "check", "--format", "junit").stdout
    schema.assertValid(lxml_etree.fromstring(text.encode()))


def test_list(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = good_project(tmp_path / "p")
    result = cli("--project", str(root), "check", "--list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert (
        "M204  error    unsafe-markup           The translation adds a script, an event handler,"
        " a javascript: URL or changes a link." in lines
    )
    assert any(line.startswith("S603  warning  reading-speed") for line in lines)
    data = json.loads(cli("--project", str(root), "check", "--list", "--format", "json").stdout)
    assert {row["code"] for row in data} >= {"T101", "T102", "M201", "M204", "S601", "S612"}
    assert all(row["severity"] in ("error", "warning") and row["description"] for row in data)


def test_unreadable_catalog_is_reported_and_the_rest_checked(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = good_project(tmp_path / "p")
    broken = root / "locales" / "ko" / "LC_MESSAGES" / "site.po"
    broken.write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")
    hans = root / "locales" / "zh_Hans" / "LC_MESSAGES" / "site.po"
    hans.write_text(hans.read_text(encoding="utf-8").replace("你好。", "你好."), encoding="utf-8")
    result = cli("--project", str(root), "check")
    assert result.returncode == 1
    assert result.stdout == (
        "locales/zh_Hans/LC_MESSAGES/site.po:7: P305 [zh_Hans] half-width punctuation"
        " in Chinese text: .\n"
    )
    assert result.stderr.strip().splitlines()[-1].startswith(f"error: {broken}:2: ")


def test_bundled_project_has_no_errors(cli, bundled_project: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("--project", str(bundled_project), "check", "--format", "json")
    data = json.loads(result.stdout)
    errors = [
        f"{f['path']}:{f['line']}: {f['code']} {f['message']}"
        for f in data["findings"]
        if f["severity"] == "error"
    ]
    assert errors == []
    assert result.returncode == 0, result.stderr
