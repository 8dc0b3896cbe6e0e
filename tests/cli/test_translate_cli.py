"""``translate`` and ``memory`` as a user runs them: real subprocesses of our
CLI, deep-translator's real LibreTranslator against the local server."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.testing.libretranslate_server import FakeTranslateServer, running_server
from tests.conftest import needs_gettext, run_cli
from tests.translate_project import commented_blocks, make_project, reviewed_blocks


@pytest.fixture
def server() -> Iterator[FakeTranslateServer]:
    with running_server(hang_seconds=1.5) as running:
        yield running


def catalogs(root: Path) -> list[Path]:
    return sorted((root / "locales").rglob("*.po"))


def split_packed_request(text: str) -> list[str]:
    return [part for part in re.split(r"\n?\[S\d+S\]\n", text) if part]


def msgfmt_check(path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@needs_gettext
def test_fills_every_untranslated_message_and_keeps_human_work(
    tmp_path: Path, server: FakeTranslateServer
) -> None:
    root = make_project(tmp_path / "p")
    before_reviewed = {p: reviewed_blocks(p) for p in catalogs(root)}
    before_comments = {p: commented_blocks(p) for p in catalogs(root)}
    untranslated = {
        p: {m.key for m in read_po(p).live() if not m.translated} for p in catalogs(root)
    }
    result = run_cli(
        "--project", str(root), "translate", "--provider", "libre", "--provider-url", server.url
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "filled 53 (copy 6, glossary 3, libre 41, opencc 3), failed 0, skipped 0"
    )
    for path in catalogs(root):
        msgfmt_check(path)
        after_blocks = path.read_text(encoding="utf-8")
        for block in before_reviewed[path]:
            assert block in after_blocks  # byte-identical entry: translation, comments, flags
        after_comments = commented_blocks(path)
        for msgid, comments in before_comments[path].items():
            assert after_comments[msgid] == comments
        for message in read_po(path).live():
            assert message.translated, (path, message.source)
            if message.key in untranslated[path]:
                assert message.fuzzy, message.source
                assert message.comments[-1].startswith("draft: "), message.source
    ko = {m.source: m for m in read_po(root / "locales/ko/LC_MESSAGES/site.po")}
    assert ko["Get the video"].translation == "비디오"  # fuzzy human draft left alone
    assert "두만강" in ko["Refugees cross the <em>Tumen River</em> at night."].translation


def test_faults_retries_failures_and_rerun(tmp_path: Path, server: FakeTranslateServer) -> None:
    root = make_project(tmp_path / "p", timeout=0.5)
    server.faults.extend(["429", "429", "500", "hang", "garbage", "empty", "echo", "space-tokens"])
    server.rules["caught near"] = "500"  # this message fails every time
    result = run_cli(
        "--project", str(root), "translate", "--provider", "libre", "--provider-url", server.url
    )
    assert result.returncode == 1
    assert "failed 3" in result.stdout
    failed_lines = [line for line in result.stderr.splitlines() if "caught near" in line]
    assert len(failed_lines) == 3  # ko, zh_Hans, zh_Hant
    assert failed_lines[0].strip().startswith("locales/ko/LC_MESSAGES/reel.po:")
    assert failed_lines[0].endswith("'Some are caught near the Yalu River.': libre: HTTP 500")
    for locale in ("ko", "zh_Hans", "zh_Hant"):
        reel = {m.source: m for m in read_po(root / f"locales/{locale}/LC_MESSAGES/reel.po")}
        assert reel["Some are caught near the Yalu River."].translation == ""
        assert reel["Nobody knows how many made it."].fuzzy  # the others were filled
    # the re-run asks only for the failed ones
    server.rules.clear()
    server.reset_counters()
    again = run_cli(
        "--project",
        str(root),
        "--quiet",
        "translate",
        "--provider",
        "libre",
        "--provider-url",
        server.url,
        "--format",
        "json",
    )
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["failed"] == []
    assert report["filled"] == {"libre": 3}
    assert server.requests == 3
    assert set(server.texts) == {"Some are caught near the [X0X]."}


@needs_gettext
def test_kill_9_loses_nothing(tmp_path: Path) -> None:
    root, cache = slow_project(tmp_path)
    with running_server(latency=0.3) as server:
        process = start_translate(root, server.url)
        wait_for_answers(process, cache, 5)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        for path in catalogs(root):
            msgfmt_check(path)
        code = {"ko": "ko", "zh_Hans": "zh", "zh_Hant": "zt"}
        with sqlite3.connect(cache) as db:
            kept = {
                (code[target], text)
                for target, text in db.execute("SELECT target_lang, text FROM translations")
            }
        assert len(kept) >= 5
        sent_before = server.requests
        server.reset_counters()
        server.latency = 0.0
        result = run_cli(
            "--project",
            str(root),
            "-q",
            "translate",
            "--provider",
            "libre",
            "--provider-url",
            server.url,
        )
        assert result.returncode == 0, result.stderr
        asked = {
            (pair[1], unit)
            for pair, text in zip(server.pairs, server.texts, strict=True)
            for unit in split_packed_request(text)
        }
        assert not kept & asked  # nothing answered before the kill is asked again
        assert server.requests + sent_before >= len(kept)
    for path in catalogs(root):
        msgfmt_check(path)
        assert all(m.translated for m in read_po(path).live())


def test_dry_run_lists_and_sends_nothing(tmp_path: Path, server: FakeTranslateServer) -> None:
    root = make_project(tmp_path / "p")
    before = {p: p.read_bytes() for p in catalogs(root)}
    result = run_cli(
        "--project",
        str(root),
        "translate",
        "--provider",
        "libre",
        "--provider-url",
        server.url,
        "--dry-run",
        "-l",
        "ko",
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("dry run: libre: would send ")
    assert "en→ko: [X0X] cross the [X1X][X2X][X3X] at night." in result.stdout
    assert server.requests == 0
    assert {p: p.read_bytes() for p in catalogs(root)} == before


def test_offline_run_is_the_default(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    result = run_cli("--project", str(root), "translate", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["requests"] == 0
    assert report["filled"]["opencc"] == 3
    hant = {m.source: m for m in read_po(root / "locales/zh_Hant/LC_MESSAGES/site.po")}
    assert hant["Software and information for everyone"].translation == "軟體和資訊屬於每個人"


def test_key_is_never_printed(tmp_path: Path, server: FakeTranslateServer) -> None:
    root = make_project(tmp_path / "p")
    server.rules[""] = "403"
    result = run_cli(
        "--project",
        str(root),
        "translate",
        "--provider",
        "libre",
        "--provider-url",
        server.url,
        "-l",
        "ko",
        "--domain",
        "site",
        env={"LIBRE_API_KEY": "sekrit-key-4711"},
    )
    assert result.returncode == 1
    assert "libre: HTTP 403: not authorised (check the key)" in result.stderr
    assert "sekrit" not in result.stdout + result.stderr


def test_memory_export_import_round_trip(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    out = tmp_path / "export.tmx"
    result = run_cli("--project", str(root), "memory", "export", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"exported 6 units to {out}"
    tree = ET.parse(out).getroot()
    assert tree.get("version") == "1.4"
    assert tree.find("header").get("srclang") == "en"
    other = make_project(tmp_path / "q", reviewed=False)
    result = run_cli("--project", str(other), "memory", "import", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "imported 6 of 6 units into locales/memory.tmx"
    again = tmp_path / "again.tmx"
    translated = run_cli("--project", str(other), "-q", "translate")
    assert translated.returncode == 0, translated.stderr
    # the imported units now draft the same messages (fuzzy, from memory)
    ko = {m.source: m for m in read_po(other / "locales/ko/LC_MESSAGES/reel.po")}
    assert ko["They wait."].translation == "그들은 기다린다."
    assert ko["They wait."].comments == ["draft: memory 100% (reel)"]
    run_cli("--project", str(root), "memory", "export", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_bad_tmx_is_one_error_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body>", encoding="utf-8")
    result = run_cli("--project", str(root), "memory", "import", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {bad}:1: not well-formed XML: no element found"


@needs_gettext
def test_ctrl_c_keeps_every_result(tmp_path: Path) -> None:
    root, cache = slow_project(tmp_path)
    with running_server(latency=0.3) as server:
        process = start_translate(root, server.url)
        wait_for_answers(process, cache, 3)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr.strip() == "interrupted: every result written before the interrupt is kept"
    drafts = 0
    for path in catalogs(root):
        msgfmt_check(path)
        drafts += path.read_text(encoding="utf-8").count("# draft: libre")
    with sqlite3.connect(cache) as db:
        rows = db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    assert rows > 0
    # every answer is applied right after it is cached; the catalogs were saved on the way out
    assert drafts >= rows - 1


def slow_project(tmp_path: Path) -> tuple[Path, Path]:
    """A project translated one small request at a time (so a run can be
    stopped in the middle); returns it and its MT cache file."""
    root = make_project(tmp_path / "p")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace("concurrency = 4", "concurrency = 1\nbatch-chars = 20")
    )
    return root, root / "locales" / ".mt-cache.sqlite"


def start_translate(root: Path, url: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "seoultrain_i18n", "--project", str(root), "-q"]
    return subprocess.Popen(
        [*command, "translate", "--provider", "libre", "--provider-url", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
    )


def wait_for_answers(process: subprocess.Popen[str], cache: Path, count: int) -> None:
    """Wait until ``count`` answers are cached, with the run still going."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
        if answers_in(cache) >= count:
            break
    assert process.poll() is None, "the run finished before it could be stopped"


def answers_in(cache: Path) -> int:
    """Answers in the cache so far (0 while it is being created)."""
    if not cache.exists():
        return 0
    try:
        with sqlite3.connect(cache, timeout=5) as db:
            return int(db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])
    except sqlite3.OperationalError:  # no table yet
        return 0


@needs_gettext
def test_bundled_sample_is_filled_and_human_work_kept(
    bundled_project: Path, server: FakeTranslateServer
) -> None:
    paths = catalogs(bundled_project)
    if not paths:
        pytest.skip("the bundled project has no catalogs yet")
    before_reviewed = {p: reviewed_blocks(p) for p in paths}
    untranslated = {p: {m.key for m in read_po(p).live() if not m.translated} for p in paths}
    result = run_cli(
        "--project",
        str(bundled_project),
        "-q",
        "translate",
        "--provider",
        "libre",
        "--provider-url",
        server.url,
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    for path in paths:
        msgfmt_check(path)
        text = path.read_text(encoding="utf-8")
        assert all(block in text for block in before_reviewed[path])
        for message in read_po(path).live():
            if message.key in untranslated[path] and message.source_plural is None:
                assert message.translated, (path, message.source)
                assert message.fuzzy, (path, message.source)
                assert message.comments[-1].startswith("draft: "), message.source
