"""What a build's processes hand over to each other (``checks/memo.py``).

A worker that has parsed a catalog hands over the parsed catalog and what
the report asks of it; later steps take it only when the file still holds
the same bytes, and nothing is kept outside a build's ``handing_over``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from seoultrain_i18n import parallel
from seoultrain_i18n.catalogs.layout import catalog_jobs
from seoultrain_i18n.catalogs.stats import catalog_stats
from seoultrain_i18n.checks import memo
from seoultrain_i18n.checks.report import _catalog_stats
from seoultrain_i18n.checks.runner import (
    CatalogJob,
    _CatalogJobs,
    catalog_outcome,
    load_project_glossary,
)
from seoultrain_i18n.checks.settings import Settings
from seoultrain_i18n.checks.verdict import Judge
from seoultrain_i18n.config import Project, load_project
from seoultrain_i18n.formats.po import read_po

EVERY_KIND = frozenset(["parsed catalog", "catalog outcome", "catalog stats"])


def _first_job(project_root: Path) -> tuple[Project, CatalogJob]:
    project = load_project(project_root)
    job = next(job for job in catalog_jobs(project) if job[2].is_file())
    return project, job


def _in_a_worker(
    project_root: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Project, CatalogJob, Judge]:
    """The bundled project's first catalog job, seen from a pool worker."""
    project, job = _first_job(project_root)
    monkeypatch.setattr(parallel, "_IN_WORKER", True)
    return project, job, Judge.for_project(project)


def test_nothing_is_handed_over_outside_a_build(tmp_path: Path) -> None:
    memo.hand_over(("catalog stats", "x"), 1)
    assert memo.handed_over(("catalog stats", "x")) is None
    with memo.handing_over(frozenset(["catalog stats"])):
        memo.hand_over(("catalog stats", "x"), 1)
        memo.hand_over(("catalog outcome", "x"), 2)  # a kind not wanted
        assert memo.handed_over(("catalog stats", "x")) == 1
        assert memo.handed_over(("catalog outcome", "x")) is None
        assert memo.handed_over(("catalog stats", "y")) is None
        assert memo.wanted("catalog stats")
        assert not memo.wanted("parsed catalog")
    assert memo.handed_over(("catalog stats", "x")) is None
    assert not memo.wanted("catalog stats")


def test_the_folder_goes_with_the_block() -> None:
    with memo.handing_over(frozenset(["catalog stats"])):
        memo.hand_over(("catalog stats", "x"), [1, 2])
        target = memo._handover_path(("catalog stats", "x"))
        assert target is not None
        assert target.is_file()
    assert not target.exists()
    assert not target.parent.exists()


def test_a_full_temporary_folder_only_costs_the_saving(monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(self: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    with memo.handing_over(frozenset(["catalog stats"])):
        monkeypatch.setattr(Path, "write_bytes", disk_full)
        memo.hand_over(("catalog stats", "x"), [1, 2])
        monkeypatch.undo()
        assert memo.handed_over(("catalog stats", "x")) is None
        target = memo._handover_path(("catalog stats", "x"))
        assert target is not None
        assert list(target.parent.iterdir()) == []


def test_a_worker_hands_over_the_parsed_catalog_and_the_reports_part(
    bundled_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, job, judge = _in_a_worker(bundled_project, monkeypatch)
    template, locale, path = job
    with memo.handing_over(EVERY_KIND):
        parsed = judge.read_catalog(project, job)
        assert parsed == read_po(path, domain=template.domain, locale=locale)
        # The later steps (the bundles, the tracks, the report's checks and
        # stats) take them without parsing the file again.
        monkeypatch.setattr("seoultrain_i18n.formats.po.read_po", _no_parse)
        monkeypatch.setattr("seoultrain_i18n.formats.po.reader.parse_po", _no_parse)
        taken = memo.read_catalog(path, template.domain, locale)
        assert taken == parsed
        assert taken is not parsed
        checker = _CatalogJobs(project, Settings.from_project(project), judge.glossary)
        monkeypatch.setattr("seoultrain_i18n.checks.memo.sharing", lambda: True)
        monkeypatch.setattr("seoultrain_i18n.checks.runner.sharing", lambda: True)
        settings = Settings.from_project(project)
        expected = catalog_outcome(project, job, parsed, settings, load_project_glossary(project))
        assert checker.check(job) == expected
        stats = _catalog_stats(job)
        assert stats == catalog_stats(template.domain, locale, path, parsed)


def test_a_changed_file_is_read_afresh(
    bundled_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, job, judge = _in_a_worker(bundled_project, monkeypatch)
    template, locale, path = job
    with memo.handing_over(EVERY_KIND):
        before = judge.read_catalog(project, job)
        text = path.read_text(encoding="utf-8")
        path.write_text(text + '\nmsgid "Added later"\nmsgstr ""\n', encoding="utf-8")
        after = memo.read_catalog(path, template.domain, locale)
    assert after != before
    assert after.messages[-1].source == "Added later"


def test_one_process_hands_over_no_parsed_catalog(bundled_project: Path) -> None:
    # read_po keeps what this process parsed: a copy costs less than a pickle.
    project, job = _first_job(bundled_project)
    template, locale, path = job
    judge = Judge.for_project(project)
    with memo.handing_over(frozenset(["parsed catalog"])):
        judge.read_catalog(project, job)
        digest = memo.file_digest(path)
        key = memo.catalog_key(path, digest, template.domain, locale)
        assert memo.handed_over(key) is None


def _no_parse(*args: object, **kwargs: object) -> None:
    raise AssertionError("parsed again")


def test_a_killed_builds_folder_is_removed_by_the_next() -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    gone = int(finished.stdout)  # a process that has ended, like a killed build
    abandoned = Path(tempfile.mkdtemp(prefix=f"seoultrain-i18n-handover-{gone}-"))
    (abandoned / "result").write_bytes(b"x")
    running = Path(tempfile.mkdtemp(prefix=f"seoultrain-i18n-handover-{os.getppid()}-"))
    try:
        with memo.handing_over(frozenset(["catalog stats"])):
            assert not abandoned.exists()
            assert running.exists()  # its build may still be running
    finally:
        shutil.rmtree(running, ignore_errors=True)
        shutil.rmtree(abandoned, ignore_errors=True)
