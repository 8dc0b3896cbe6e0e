"""Faults: a full disk or a read-only folder gives a clear error and changes
nothing; configured paths cannot lead the tool outside the project."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.faults.test_crash_and_concurrency import edit_a_page, snapshot


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs (needs root and mount; skipped where unavailable)."""
    point = tmp_path / "disk"
    point.mkdir()
    if not shutil.which("mount") or not _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs",
                                               str(point)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def fill(disk: Path) -> None:
    """Fill the disk to the last byte."""
    for name, chunk in (("filler", 65536), ("filler2", 512), ("filler3", 1)):
        try:
            with open(disk / name, "wb") as handle:
                while True:
                    handle.write(b"\0" * chunk)
                    handle.flush()
        except OSError:
            pass


def test_full_disk_gives_clear_error_and_changes_nothing(
    bundled_project: Path, small_disk: Path
) -> None:
    project = small_disk / "project"
    shutil.copytree(bundled_project, project, ignore=shutil.ignore_patterns("*.srt"))
    edit_a_page(project)
    assert run_cli("-q", "--project", str(project), "extract").returncode == 0
    before = snapshot(project)
    fill(small_disk)
    result = run_cli("--project", str(project), "update")
    assert result.returncode == 1
    assert "disk is full" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_read_only_locales_give_clear_error_and_change_nothing(bundled_project: Path) -> None:
    locales = bundled_project / "locales"
    edit_a_page(bundled_project)
    assert run_cli("-q", "--project", str(bundled_project), "extract").returncode == 0
    before = snapshot(bundled_project)
    if not (_mount("--bind", str(locales), str(locales))):
        pytest.skip("cannot bind-mount here")
    try:
        if not _mount("-o", "remount,ro,bind", str(locales)):
            pytest.skip("cannot remount read-only here")
        result = run_cli("--project", str(bundled_project), "update")
    finally:
        subprocess.run(["umount", "-l", str(locales)], capture_output=True)
    assert result.returncode == 1
    assert "read-only" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(bundled_project) == before


def test_build_folder_symlinked_outside_is_refused(bundled_project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (bundled_project / "out").symlink_to(outside)
    text = (bundled_project / "pyproject.toml").read_text(encoding="utf-8")
    text = text.replace('project-name = "SEOUL TRAIN"',
                        'project-name = "SEOUL TRAIN"\nbuild-dir = "out"')
    (bundled_project / "pyproject.toml").write_text(text, encoding="utf-8")
    result = run_cli("--project", str(bundled_project), "build")
    assert result.returncode == 2
    assert "build-dir = 'out'" in result.stderr
    assert "outside the project" in result.stderr
    assert list(outside.iterdir()) == []


def test_dot_dot_in_locales_dir_is_refused(bundled_project: Path) -> None:
    text = (bundled_project / "pyproject.toml").read_text(encoding="utf-8")
    text = text.replace('project-name = "SEOUL TRAIN"',
                        'project-name = "SEOUL TRAIN"\nlocales-dir = "locales/../../x"')
    (bundled_project / "pyproject.toml").write_text(text, encoding="utf-8")
    result = run_cli("--project", str(bundled_project), "update")
    assert result.returncode == 2
    assert "locales-dir" in result.stderr
    assert "outside the project" in result.stderr


def test_catalog_symlinked_outside_is_not_written_through(
    bundled_project: Path, tmp_path: Path
) -> None:
    target = bundled_project / "locales" / "ko" / "LC_MESSAGES" / "site.po"
    outside = tmp_path / "outside.po"
    shutil.copy(target, outside)
    original = outside.read_bytes()
    target.unlink()
    target.symlink_to(outside)
    edit_a_page(bundled_project)
    assert run_cli("-q", "--project", str(bundled_project), "extract").returncode == 0
    result = run_cli("--project", str(bundled_project), "update")
    assert result.returncode == 1
    assert "symbolic link" in result.stderr
    assert outside.read_bytes() == original
