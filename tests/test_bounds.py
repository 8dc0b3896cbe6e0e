"""The project's bounds: nothing is read or written outside the project.

Symbolic links that lead out (a locale folder, build/site, build/subtitles, a
source page, track or asset) are refused with an error naming the link; names
that become file names are identifiers; a track named like the site's domain
is refused before anything is written; a killed run's temporary files are
removed by the next run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from seoultrain_i18n.cli import cli
from tests.faults.test_crash_and_concurrency import edit_a_page


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(project), "-q", *args])


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def move_out(project: Path, relative: str, outside: Path) -> Path:
    """Move ``project/relative`` to ``outside`` and leave a symlink to it."""
    inner = project / relative
    outside.parent.mkdir(parents=True, exist_ok=True)
    if inner.exists():
        shutil.move(str(inner), str(outside))
    else:
        outside.mkdir(parents=True)
    inner.parent.mkdir(parents=True, exist_ok=True)
    inner.symlink_to(outside)
    return inner


@pytest.mark.parametrize("command", ["update", "compile"])
def test_locale_folder_symlinked_outside(
    bundled_project: Path, tmp_path: Path, command: str
) -> None:
    outside = tmp_path / "outside" / "ko"
    move_out(bundled_project, "locales/ko", outside)
    edit_a_page(bundled_project)
    assert run(bundled_project, "extract").exit_code == 0
    before = tree(outside)
    result = run(bundled_project, command)
    assert result.exit_code != 0
    assert f"locales/ko: is a symbolic link to {outside}, outside the project" in result.output
    assert "internal error" not in result.output
    assert tree(outside) == before


@pytest.mark.parametrize(("folder", "flag"), [("build/site", "--site"),
                                              ("build/subtitles", "--subtitles")])
def test_build_folder_symlinked_outside(
    bundled_project: Path, tmp_path: Path, folder: str, flag: str
) -> None:
    outside = tmp_path / "outside" / "out"
    move_out(bundled_project, folder, outside)
    result = run(bundled_project, "build", flag, "--allow-incomplete")
    assert result.exit_code != 0
    assert f"{folder}: is a symbolic link to {outside}, outside the project" in result.output
    assert "internal error" not in result.output
    assert tree(outside) == {}


@pytest.mark.parametrize(
    ("source", "command"),
    [
        ("content/film.html", ["extract"]),
        ("subtitles/trailer.en.srt", ["extract"]),
        ("content/assets/style.css", ["build", "--site", "--allow-incomplete"]),
    ],
)
def test_source_file_symlinked_outside(
    bundled_project: Path, tmp_path: Path, source: str, command: list[str]
) -> None:
    secret = tmp_path / "outside" / Path(source).name
    move_out(bundled_project, source, secret)
    secret.write_bytes(secret.read_bytes() + b"\nSECRET-OUTSIDE-TEXT\n")
    result = run(bundled_project, *command)
    assert result.exit_code != 0
    assert f"{source}: is a symbolic link to {secret}, outside the project" in result.output
    published = b"".join(
        path.read_bytes()
        for folder in ("locales", "build")
        for path in (bundled_project / folder).rglob("*")
        if path.is_file()
    )
    assert b"SECRET-OUTSIDE-TEXT" not in published


def test_symlink_inside_the_project_is_fine(bundled_project: Path) -> None:
    page = bundled_project / "content" / "film.html"
    copy = bundled_project / "film-original.html"
    shutil.move(str(page), str(copy))
    page.symlink_to(copy)
    assert run(bundled_project, "extract").exit_code == 0


@pytest.mark.parametrize(
    "setting",
    ['site-domain = "../../../outside/sd"', 'site-domain = "/tmp/sd"',
     'target-locales = ["../../x"]'],
)
def test_hostile_names_are_usage_errors(bundled_project: Path, setting: str) -> None:
    pyproject = bundled_project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    key = setting.split(" =")[0]
    lines = [line for line in text.splitlines() if not line.startswith(f"{key} =")]
    at = lines.index("[tool.seoultrain-i18n]") + 1
    pyproject.write_text("\n".join([*lines[:at], setting, *lines[at:]]) + "\n", encoding="utf-8")
    before = tree(bundled_project.parent)
    for command in ("extract", "update"):
        result = run(bundled_project, command)
        assert result.exit_code == 2, result.output
        assert f"pyproject.toml:{at + 1}: [tool.seoultrain-i18n] {key}" in result.output
    assert tree(bundled_project.parent) == before


def test_track_named_like_the_site_domain_is_refused(bundled_project: Path) -> None:
    shutil.copy(bundled_project / "subtitles" / "trailer.en.srt",
                bundled_project / "subtitles" / "site.en.srt")
    edit_a_page(bundled_project)
    before = tree(bundled_project / "locales")
    result = run(bundled_project, "extract")
    assert result.exit_code == 2  # a usage error: rename the file
    assert (
        "error: subtitles/site.en.srt: track name 'site' is the site's domain "
        "(site-domain = 'site'): rename the track"
    ) in result.output
    assert tree(bundled_project / "locales") == before  # site.pot (and the rest) unchanged


def test_tracks_differing_only_by_case_are_refused(bundled_project: Path) -> None:
    shutil.copy(bundled_project / "subtitles" / "trailer.en.srt",
                bundled_project / "subtitles" / "Trailer.en.srt")
    before = tree(bundled_project / "locales")
    result = run(bundled_project, "extract")
    assert result.exit_code == 2  # a usage error: rename the file
    assert "differs from track" in result.output
    assert tree(bundled_project / "locales") == before


def test_a_track_name_that_is_no_identifier_is_a_usage_error(bundled_project: Path) -> None:
    shutil.copy(bundled_project / "subtitles" / "trailer.en.srt",
                bundled_project / "subtitles" / "a b.en.srt")
    before = tree(bundled_project / "locales")
    result = run(bundled_project, "extract")
    assert result.exit_code == 2
    assert (
        "error: subtitles/a b.en.srt: track name 'a b' is not a name of ASCII letters, "
        "digits, '-' and '_' (it becomes locales/NAME.pot)"
    ) in result.output
    assert tree(bundled_project / "locales") == before


# ---------------------------------------------------------------- temporary files

HANGING_WRITE = """
import os, sys, time
import seoultrain_i18n.fsutil as fsutil
def hang(descriptor):
    print("writing", flush=True)
    time.sleep(600)
fsutil.os.fsync = hang
fsutil.atomic_write_bytes(sys.argv[1], b"new content")
"""


def test_a_killed_runs_temporary_files_are_gone_after_the_next_run(
    bundled_project: Path,
) -> None:
    target = bundled_project / "locales" / "ko" / "LC_MESSAGES" / "site.po"
    child = subprocess.Popen(
        [sys.executable, "-c", HANGING_WRITE, str(target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "writing\n"
        leftovers = list(target.parent.glob(".site.po.*.tmp"))
        assert len(leftovers) == 1
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert leftovers[0].exists()  # kill -9 left it behind
    # a file in progress of a live run is left alone
    live = target.parent / f".site.po.{os.getpid()}-abcdefgh.tmp"
    live.write_bytes(b"in progress")
    started = time.monotonic()
    result = run(bundled_project, "update")
    assert result.exit_code == 0, result.output
    assert not leftovers[0].exists()
    assert live.exists()
    assert time.monotonic() - started < 120
