"""The main job's no-change stamp (runstamp.py): a second `pipeline` over the
same files is answered without work, and any change runs the job again with
exactly the outputs a fresh run gives."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seoultrain_i18n import pipeline, runstamp
from tests.conftest import run_cli

ENV = {"SOURCE_DATE_EPOCH": "1700000000"}  # the report's date, so two builds compare equal


def tree(project: Path) -> dict[str, str]:
    """Every output (build/ and the MO files) by relative path: its content's hash."""
    files = [*(project / "build").rglob("*"), *(project / "locales").rglob("*.mo")]
    return {
        path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in files
        if path.is_file() and path.name not in (runstamp.STAMP_NAME, runstamp.LOCK_NAME)
    }


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the main job's real runs (a replayed run does not call it)."""
    calls: list[int] = []
    real = pipeline.run_pipeline

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "run_pipeline", counted)
    return calls


def job(project: Path, *options: str) -> Any:
    return run_cli("--project", str(project), "pipeline", *options, env=ENV)


def test_a_second_run_repeats_the_first_without_work_until_an_output_or_the_code_changes(
    bundled_project: Path, runs: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = job(bundled_project)
    assert first.returncode == 0, first.stderr
    assert (bundled_project / "build" / runstamp.STAMP_NAME).is_file()
    outputs = tree(bundled_project)
    second = job(bundled_project)
    assert len(runs) == 1  # answered from the stamp
    assert (second.returncode, second.stdout, second.stderr) == (
        first.returncode,
        first.stdout,
        first.stderr,
    )
    assert "site:" in second.stdout
    assert "check: 0 errors" in second.stderr
    assert tree(bundled_project) == outputs
    # a deleted page, a corrupted track and a deleted MO file are built again
    (bundled_project / "build" / "site" / "ko" / "index.html").unlink()
    track = bundled_project / "build" / "subtitles" / "trailer.ko.srt"
    track.write_bytes(track.read_bytes()[:-20] + b"corrupted")
    (bundled_project / "locales" / "zh_Hant" / "LC_MESSAGES" / "site.mo").unlink()
    assert job(bundled_project).returncode == 0
    assert len(runs) == 2
    assert tree(bundled_project) == outputs
    assert job(bundled_project).returncode == 0
    assert len(runs) == 2
    monkeypatch.setattr(runstamp, "code_version", lambda: "another version")
    assert job(bundled_project).returncode == 0
    assert len(runs) == 3
    # A run that removes an earlier build's file says so; the same run over
    # what it left would not: no stamp, and the next run is a real one.
    (bundled_project / "build" / "i18n" / "ko" / "ghost.json").write_text("{}")
    removing = job(bundled_project)
    assert "removed build/i18n/ko/ghost.json" in removing.stderr
    assert not (bundled_project / "build" / runstamp.STAMP_NAME).exists()
    after = job(bundled_project)
    assert len(runs) == 5
    assert "removed" not in after.stderr
    assert job(bundled_project).stderr == after.stderr
    assert len(runs) == 5


def _edit_one_translation(project: Path) -> None:
    catalog = project / "locales" / "ko" / "LC_MESSAGES" / "site.po"
    text = catalog.read_text(encoding="utf-8")
    assert text.count('msgstr "최근 소식"') == 1
    catalog.write_text(text.replace('msgstr "최근 소식"', 'msgstr "새 소식"'), encoding="utf-8")


def test_one_changed_translation_changes_only_its_outputs_as_a_fresh_run_would(
    bundled_project: Path, tmp_path: Path, runs: list[int]
) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(bundled_project, fresh)
    assert job(bundled_project).returncode == 0
    before = tree(bundled_project)
    _edit_one_translation(bundled_project)
    again = job(bundled_project)
    assert again.returncode == 0, again.stderr
    assert len(runs) == 2  # the edit is seen: the job runs
    after = tree(bundled_project)
    changed = {path for path in after if before.get(path) != after[path]}
    assert "locales/ko/LC_MESSAGES/site.mo" in changed
    assert "build/i18n/ko/site.json" in changed
    # only the Korean site's outputs (MO, bundle, pages) and the report
    assert changed - {"build/report/index.html"}
    assert all("/ko/" in path for path in changed - {"build/report/index.html"}), changed
    assert set(after) == set(before)
    # exactly what a fresh run over the edited project writes
    _edit_one_translation(fresh)
    assert job(fresh).returncode == 0
    assert tree(fresh) == after
    assert "새 소식" in (bundled_project / "build" / "i18n" / "ko" / "site.json").read_text("utf-8")


def _toggle(project: Path, edit: Callable[[str], str]) -> None:
    config = project / "pyproject.toml"
    config.write_text(edit(config.read_text(encoding="utf-8")), encoding="utf-8")


def test_changed_inputs_leave_no_stamp_and_a_changed_setting_runs_the_job_again(
    bundled_project: Path, runs: list[int]
) -> None:
    page = bundled_project / "content" / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("</main>", "<p>A new paragraph.</p></main>", 1),
        encoding="utf-8",
    )
    first = job(bundled_project)
    assert "1 changed" in first.stderr  # the site template was written
    assert not (bundled_project / "build" / runstamp.STAMP_NAME).exists()
    srt = bundled_project / "build" / "subtitles" / "trailer.ko.srt"
    assert b"\r\n" not in srt.read_bytes()
    _toggle(
        bundled_project,
        lambda text: text + '\n[tool.seoultrain-i18n.delivery]\nsrt-line-ends = "crlf"\n',
    )
    second = job(bundled_project)
    assert len(runs) == 2
    assert b"\r\n" in srt.read_bytes()
    assert "0 changed" in second.stderr
    assert job(bundled_project, "--format", "json").returncode == 0
    assert len(runs) == 3  # another option: another run
    assert (job(bundled_project).stderr, len(runs)) == (second.stderr, 3)  # both stamped


def test_the_snapshot_takes_files_under_a_folder_the_job_reads_for_inputs(tmp_path: Path) -> None:
    from seoultrain_i18n.config import load_project

    root = tmp_path / "project"
    (root / "content" / "out" / "site").mkdir(parents=True)
    (root / "locales" / "ko" / "LC_MESSAGES").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.seoultrain-i18n]\nbuild-dir = "content/out"\n')
    (root / "content" / "index.html").write_text("<p>Hi</p>\n")
    (root / "content" / "out" / "site" / "index.html").write_text("built\n")
    (root / "locales" / "ko" / "LC_MESSAGES" / "site.po").write_text("")
    (root / "locales" / "ko" / "LC_MESSAGES" / "site.mo").write_bytes(b"mo")
    snapshot = runstamp.snapshot(load_project(root))
    # the build folder lies inside content/: what is there counts as input
    assert "content/out/site/index.html" in snapshot.inputs()
    assert snapshot.outputs == {"locales/ko/LC_MESSAGES/site.mo"}
    assert set(snapshot.files) == {
        "pyproject.toml",
        "content/index.html",
        "content/out/site/index.html",
        "locales/ko/LC_MESSAGES/site.po",
        "locales/ko/LC_MESSAGES/site.mo",
    }
    (root / "content" / "out" / "site" / "index.html").write_text("changed\n")
    assert runstamp.snapshot(load_project(root)).digest() != snapshot.digest()
