"""Shared fixtures: the repository, the shared corpus, scratch projects and
a runner for our CLI as a real subprocess."""

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


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 300, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m seoultrain_i18n ARGS`` as a real subprocess."""
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


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


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
