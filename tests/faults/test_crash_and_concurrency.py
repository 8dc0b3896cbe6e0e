"""Faults: a crash at any point (kill -9) leaves every file either the old or
the new version; two runs at once never interleave their writes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_cli

WATCHED = ("locales", "build")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file under the watched folders, except temporaries."""
    files: dict[str, bytes] = {}
    for folder in WATCHED:
        base = root / folder
        if not base.exists():
            continue
        for path in base.rglob("*"):
            if path.is_file() and not path.name.endswith(".tmp") and "lock" not in path.name \
                    and not path.name.endswith(".sqlite"):
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def edit_a_page(root: Path) -> None:
    page = root / "content" / "film.html"
    text = page.read_text(encoding="utf-8")
    position = text.index("<p>") + 3
    page.write_text(text[:position] + "Newly written words. " + text[position:], encoding="utf-8")


def prepare(root: Path, command: str) -> None:
    """Bring a copy of the bundled project to the state before ``command``."""
    if command == "update":
        edit_a_page(root)
        assert run_cli("-q", "--project", str(root), "extract").returncode == 0
    elif command == "compile":
        for mo in (root / "locales").rglob("*.mo"):
            mo.unlink()
    elif command == "build":
        shutil.rmtree(root / "build", ignore_errors=True)
        assert run_cli("-q", "--project", str(root), "build").returncode in (0, 1)
        edit_a_page(root)
        for step in ("extract", "update"):
            assert run_cli("-q", "--project", str(root), step).returncode == 0


def start(root: Path, command: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "seoultrain_i18n", "-q", "--project", str(root), command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )


@pytest.mark.parametrize("command", ["update", "compile", "build"])
def test_kill_at_any_point_leaves_old_or_new_files(
    command: str, bundled_project: Path, tmp_path: Path
) -> None:
    prepare(bundled_project, command)
    before = snapshot(bundled_project)
    finished = tmp_path / "finished"
    shutil.copytree(bundled_project, finished)
    started = time.perf_counter()
    assert start(finished, command).wait(timeout=120) in (0, 1)
    duration = time.perf_counter() - started
    after = snapshot(finished)
    assert after != before, "the command must change something for this test to mean anything"

    for step in range(6):
        victim = tmp_path / f"victim{step}"
        shutil.copytree(bundled_project, victim)
        process = start(victim, command)
        time.sleep(duration * (step + 0.5) / 6)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        for name, content in snapshot(victim).items():
            assert content in (before.get(name), after.get(name)), (
                f"{name} is neither the old nor the new version after kill at step {step}"
            )


def test_two_updates_at_once_do_not_interleave(bundled_project: Path, tmp_path: Path) -> None:
    prepare(bundled_project, "update")
    reference = tmp_path / "reference"
    shutil.copytree(bundled_project, reference)
    assert start(reference, "update").wait(timeout=120) == 0
    processes = [start(bundled_project, "update") for _ in range(2)]
    assert [process.wait(timeout=120) for process in processes] == [0, 0]
    assert snapshot(bundled_project) == snapshot(reference)


def test_build_and_update_at_once_leave_valid_files(bundled_project: Path) -> None:
    prepare(bundled_project, "update")
    processes = [start(bundled_project, "update"), start(bundled_project, "build")]
    assert all(process.wait(timeout=180) in (0, 1) for process in processes)
    for po in (bundled_project / "locales").rglob("*.po"):
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
