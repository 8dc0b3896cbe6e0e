"""Atomic writes and the project lock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.fsutil import atomic_write_bytes, write_if_changed


def test_atomic_write_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po"]


def test_write_if_changed_keeps_mtime_when_equal(tmp_path: Path) -> None:
    target = tmp_path / "x"
    atomic_write_bytes(target, b"same")
    before = target.stat().st_mtime_ns
    time.sleep(0.01)
    assert write_if_changed(target, b"same") is False
    assert target.stat().st_mtime_ns == before
    assert write_if_changed(target, b"other") is True


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_folder_gives_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "a.po").write_bytes(b"old")
    folder.chmod(0o555)
    try:
        with pytest.raises(I18nError, match="this file was left as it was"):
            atomic_write_bytes(folder / "a.po", b"new")
        assert (folder / "a.po").read_bytes() == b"old"
    finally:
        folder.chmod(0o755)


def test_refuses_to_write_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.write_bytes(b"keep")
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(I18nError, match="symbolic link"):
        atomic_write_bytes(link, b"x")
    assert real.read_bytes() == b"keep"


def test_lock_serialises_two_processes(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from seoultrain_i18n.fsutil import project_lock\n"
        "with project_lock(sys.argv[1]):\n"
        "    open(sys.argv[2], 'a').write('start\\n'); time.sleep(0.3)\n"
        "    open(sys.argv[2], 'a').write('end\\n')\n"
    )
    log = tmp_path / "log"
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(log)])
             for _ in range(2)]
    for proc in procs:
        assert proc.wait(timeout=30) == 0
    assert log.read_text().split() == ["start", "end", "start", "end"]
