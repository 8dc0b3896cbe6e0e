#!/usr/bin/env python3
"""Benchmark: the full ``build`` of the bundled content, each build step alone,
and CLI start-up (``seoultrain-i18n --help``). Median of N runs each, every run
a fresh process, as a user would run them.

    .venv/bin/python scripts/bench_build.py [--runs 5]

It works on a copy of the bundled project in .bench/build/ (ignored by git):
"cold" deletes build/ and the MO files first (a fresh clone), "warm" runs
again over the previous outputs (the usual edit-and-rebuild loop). The main
job (``pipeline``) is timed cold and as a second run with nothing changed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / ".bench" / "build"
EXECUTABLE = Path(sys.executable).with_name("seoultrain-i18n")
STEPS = ("mo", "json", "subtitles", "site", "report")


def copy_project() -> Path:
    project = WORK / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in ("content", "subtitles", "locales"):
        shutil.copytree(
            REPO / name, project / name, ignore=shutil.ignore_patterns("*.mo", ".*lock")
        )
    shutil.copy(REPO / "pyproject.toml", project / "pyproject.toml")
    return project


def clean(project: Path) -> None:
    shutil.rmtree(project / "build", ignore_errors=True)
    for mo in (project / "locales").rglob("*.mo"):
        mo.unlink()


def timed(arguments: list[str], project: Path) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [str(EXECUTABLE), *arguments], cwd=project, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed:\n{done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def median_of(runs: int, arguments: list[str], project: Path, *, cold: bool) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        if cold:
            clean(project)
        times.append(timed(arguments, project))
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    project = copy_project()
    timed(["-q", "build"], project)  # outputs for the warm runs; fills caches
    rows = [
        ("`build` (everything), cold", median_of(runs, ["-q", "build"], project, cold=True)),
        ("`build` (everything), warm", median_of(runs, ["-q", "build"], project, cold=False)),
    ]
    timed(["-q", "build"], project)
    for step in STEPS:
        rows.append(
            (
                f"`build --{step}`, warm",
                median_of(runs, ["-q", "build", f"--{step}"], project, cold=False),
            )
        )
    rows.append(("`--help`", median_of(runs, ["--help"], project, cold=False)))
    # The main job: cold (no build/, no MO files) and a second run over what
    # the previous one left (answered from its stamp: runstamp.py).
    rows.append(("`pipeline`, cold", median_of(runs, ["-q", "pipeline"], project, cold=True)))
    rows.append(
        ("`pipeline`, second run", median_of(runs, ["-q", "pipeline"], project, cold=False))
    )
    load = os.getloadavg()[0]
    print(f"| command (median of {runs}, one process each; load {load:.1f}) | wall s | CPU s |")
    print("|---|---|---|")
    for label, (wall, cpu) in rows:
        print(f"| {label} | {wall:.2f} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
