"""Shared fixtures: the repository, the shared corpus, scratch projects and
runners for our CLI: in-process through Click's CliRunner (``cli``, most tests)
and as a real subprocess (``cli_process``, the end-to-end tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


def run_cli_process(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 300,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m seoultrain_i18n ARGS`` as a real subprocess (end-to-end:
    the interpreter's start, exit codes, stdout/stderr as separate pipes)."""
    full_env = {**os.environ, "PYTHONUTF8": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "seoultrain_i18n", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input,
    )


def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 300,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``seoultrain-i18n ARGS`` in this process through Click's CliRunner.

    The same command group, options, messages and exit codes as the real
    program, without starting an interpreter: stdout and stderr are captured
    apart, ``cwd`` and ``env`` apply for the run only. An exception that
    escapes the CLI fails the test (the real program would print it).
    """
    from click.testing import CliRunner

    from seoultrain_i18n.cli import cli as command

    del timeout  # in-process: the test runner's own timeout applies
    runner = CliRunner(catch_exceptions=False)
    before = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = runner.invoke(
            command, list(args), input=input, env=env, prog_name="seoultrain-i18n"
        )
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(
        ["seoultrain-i18n", *args], result.exit_code, result.stdout, result.stderr
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Our CLI, in-process (CliRunner): most CLI tests."""
    return run_cli


@pytest.fixture
def cli_process() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Our CLI as a real subprocess: the few end-to-end tests."""
    return run_cli_process


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """An empty project folder."""
    project = tmp_path / "project"
    project.mkdir()
    return project


@pytest.fixture
def bundled_project(tmp_path: Path) -> Path:
    """A copy of this repository's localization project (content, subtitles,
    locales, pyproject.toml) in a scratch folder."""
    project = tmp_path / "bundled"
    project.mkdir()
    for name in ("content", "subtitles", "locales"):
        source = REPO / name
        if source.exists():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("*.mo", ".*lock"))
    shutil.copy(REPO / "pyproject.toml", project / "pyproject.toml")
    return project


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


needs_gettext = pytest.mark.skipif(not have("msgfmt"), reason="GNU gettext is not installed")
