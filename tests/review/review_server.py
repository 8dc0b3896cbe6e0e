"""Start the real ``seoultrain-i18n review`` server (a subprocess on a free
loopback port) over a copy of the bundled project, and edit its catalogs the
way another editor would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from seoultrain_i18n.formats.po import read_po, write_po
from seoultrain_i18n.model import Message

REPO = Path(__file__).resolve().parents[2]
KO_TRAILER = Path("locales/ko/LC_MESSAGES/trailer.po")
KO_SITE = Path("locales/ko/LC_MESSAGES/site.po")


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:PORT
    token: str
    port: int
    project: Path

    @property
    def url(self) -> str:
        return f"{self.base}/?token={self.token}"


def copy_project(target: Path) -> Path:
    """This repository's localization project, copied to ``target``."""
    target.mkdir(parents=True)
    for name in ("content", "subtitles", "locales"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("*.mo", ".*"))
    shutil.copy(REPO / "pyproject.toml", target / "pyproject.toml")
    return target


def edit_catalog(path: Path, change: Callable[[dict[str, Message]], None]) -> None:
    """Change messages (by msgid) and write the catalog as any msgcat-style editor would."""
    catalog = read_po(path)
    change({message.source: message for message in catalog.messages if not message.obsolete})
    write_po(path, catalog)


@contextmanager
def review_server(project: Path, *options: str) -> Iterator[Server]:
    """``seoultrain-i18n --project PROJECT review --no-open --port 0 OPTIONS``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "seoultrain_i18n", "--project", str(project), "review",
         "--no-open", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("review: "):
            process.kill()
            _, errors = process.communicate(timeout=10)
            raise AssertionError(f"the review server did not start: {line!r} {errors}")
        url = line.split(" ", 1)[1].strip()
        base, token = url.split("/?token=")
        yield Server(base, token, int(base.rsplit(":", 1)[1]), project)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
