"""The main job's no-change stamp: a run that changed none of its inputs is
remembered, and the same run over the same files is answered from memory.

``pipeline`` reads the configuration, the pages, the tracks and the catalogs,
and writes catalogs, MO files and ``build/``. A run whose inputs (every file
but its outputs) are the same after it as before it is a fixed point: running
it again over the same files, with the same code and options, would do the
same work and print the same lines. Such a run leaves a stamp in
``build/.pipeline-stamp.json``: a digest of every file of the project it
reads or writes (contents, not dates), of the code (this package's files, the
Python version, the installed distributions), of the options, and what it
printed with its exit code. The next run computes the same digest; only when
all of it is equal is the stamp's transcript replayed instead of the work.
Any changed, added, deleted or corrupted file, setting, option or code
version makes the digest differ, so the job runs in full. A run that removed
files of an earlier build leaves no stamp: it printed what it removed, which
the same run over what it left would not.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

STAMP_NAME = ".pipeline-stamp.json"
LOCK_NAME = ".seoultrain-i18n.lock"  # fsutil.project_lock's file: empty, held, never read
FORMAT = 1
PACKAGE = Path(__file__).resolve().parent


@dataclass(slots=True)
class Transcript:
    """What a run printed, in order: (to stderr, text) per ``click.echo`` call."""

    lines: list[tuple[bool, str]] = field(default_factory=list)


@dataclass(slots=True)
class Snapshot:
    """Every file the job reads or writes, by path relative to the project: content hash."""

    files: dict[str, str]
    outputs: frozenset[str]  # the relative paths the job writes as outputs (build/, MO)

    def inputs(self) -> dict[str, str]:
        return {path: digest for path, digest in self.files.items() if path not in self.outputs}

    def digest(self) -> str:
        return _digest_of(sorted(self.files.items()))


def _digest_of(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8")).hexdigest()


def _walk(folder: Path, root: Path) -> Iterator[Path]:
    """Every file under ``folder``, through symbolic links that stay inside
    ``root`` (a link leading out is yielded itself: the job refuses to read it)."""
    if not folder.is_dir():
        return
    seen: set[str] = set()
    for directory, subfolders, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen:  # a link loop
            subfolders.clear()
            continue
        seen.add(real)
        kept = []
        for name in sorted(subfolders):
            if _inside(Path(directory, name), root):
                kept.append(name)
            else:
                yield Path(directory, name)
        subfolders[:] = kept
        for name in sorted(names):
            if name not in (STAMP_NAME, LOCK_NAME):
                yield Path(directory, name)


def _inside(path: Path, root: Path) -> bool:
    real = Path(os.path.realpath(path))
    return real == root or root in real.parents


def _file_hash(path: Path, root: Path) -> str:
    """The content's hash; for a link out of ``root`` (or anything not a file),
    what it points at."""
    if not (path.is_file() and _inside(path, root)):
        try:
            return "link:" + os.readlink(path)
        except OSError:
            return "missing" if not os.path.lexists(path) else "other"
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def snapshot(project: Project) -> Snapshot:
    """Hash every file under the project's configuration, content, subtitles,
    locales and build folders, and every TMX file the settings name."""
    from seoultrain_i18n.config import safe_join

    root = Path(os.path.realpath(project.root))
    inputs: list[Path] = [project.root / "pyproject.toml"]
    for folder in (project.content_dir, project.subtitles_dir, project.locales_dir):
        inputs.extend(_walk(folder, root))
    inputs.extend(
        safe_join(project.root, str(name), "translate.tmx") for name in project.config.translate.tmx
    )
    files: dict[str, str] = {}
    for path in inputs:
        relative = os.path.relpath(path, project.root)
        if relative not in files:
            files[relative] = _file_hash(path, root)
    # What build/ holds is output, unless it is also under a folder the job
    # reads (a build folder inside content/, say): that stays an input, so a
    # run that writes there is never taken for one that changed nothing.
    outputs: set[str] = set()
    for path in _walk(project.build_dir, root):
        relative = os.path.relpath(path, project.root)
        if relative not in files:
            files[relative] = _file_hash(path, root)
            outputs.add(relative)
    locales = os.path.relpath(project.locales_dir, project.root)
    prefix = "" if locales == "." else locales + os.sep
    outputs.update(
        relative for relative in files if relative.endswith(".mo") and relative.startswith(prefix)
    )
    return Snapshot(files, frozenset(outputs))


def code_version() -> str:
    """This package's files, the interpreter, and every installed distribution's
    name and version (from the ``*.dist-info`` folder names on ``sys.path``)."""
    parts: list[str] = [sys.version]
    for path in sorted(_walk(PACKAGE, PACKAGE)):
        if "__pycache__" not in path.parts:
            parts.append(f"{path.relative_to(PACKAGE).as_posix()}:{_file_hash(path, PACKAGE)}")
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        parts.extend(sorted(name for name in names if name.endswith((".dist-info", ".egg-info"))))
    return _digest_of(parts)


def run_key(project: Project, options: Mapping[str, Any]) -> str:
    """Everything besides the files that decides what a run does and prints."""
    return _digest_of(
        {
            "format": FORMAT,
            "code": code_version(),
            # paths in messages are shown as the project folder was named, from here
            "root": [str(project.root), str(project.root.resolve()), os.getcwd()],
            "config": repr(project.config),  # --encoding changes it too
            "options": {name: repr(value) for name, value in sorted(options.items())},
            # the report's date (the only clock a build reads)
            "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH"),
        }
    )


def _stamp_path(project: Project) -> Path:
    return project.build_dir / STAMP_NAME


def _read_stamp(project: Project) -> dict[str, Any]:
    try:
        data = json.loads(_stamp_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def replay(project: Project, key: str, before: Snapshot) -> tuple[Transcript, int] | None:
    """The transcript and exit code of the stamped run when ``key`` and every
    file are as that run left them; else None (also for a missing or unreadable stamp)."""
    run = _read_stamp(project).get(key)
    try:
        if not isinstance(run, dict) or run["files"] != before.digest():
            return None
        lines = [(bool(err), str(text)) for err, text in run["transcript"]]
        return Transcript(lines), int(run["exit_code"])
    except (ValueError, KeyError, TypeError):
        return None


def record(
    project: Project, key: str, before: Snapshot, transcript: Transcript, exit_code: int
) -> bool:
    """Stamp the run just done when it left its inputs as it found them (a
    fixed point), beside the stamps of other options over the same files;
    remove every stamp otherwise. True when stamped."""
    from seoultrain_i18n.errors import I18nError
    from seoultrain_i18n.fsutil import write_if_changed

    path = _stamp_path(project)
    try:
        after = snapshot(project)
        if after.inputs() != before.inputs():
            path.unlink(missing_ok=True)
            return False
        files = after.digest()
        runs = {
            other: run
            for other, run in _read_stamp(project).items()
            if isinstance(run, dict) and run.get("files") == files and other != key
        }
        runs[key] = {"files": files, "transcript": transcript.lines, "exit_code": exit_code}
        path.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(path, json.dumps(runs, ensure_ascii=False).encode("utf-8"), durable=False)
    except (OSError, I18nError):
        return False  # no stamp: the next run does the work
    return True


def forget(project: Project) -> None:
    """Remove the stamp (after a run that must not leave one)."""
    with contextlib.suppress(OSError):
        _stamp_path(project).unlink(missing_ok=True)
