"""Benchmark: writing PO files with libunistring (ctypes) vs the pure-Python breaker vs msgcat.

Writes every catalog of ``locales/`` and of ``../shared/corpus`` (when present)
with ``generate_po`` twice, breaking long strings through libunistring and
through ``formats.unilbrk``, and checks both give the same bytes. CPU time of
the best of N runs for each path (the pure-Python tables are loaded once,
before timing; their load is printed apart), and ``msgcat`` over the same
files as the reference (one process per file, interpreter-free C).

    .venv/bin/python scripts/bench_po_wrap.py [--runs 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from seoultrain_i18n.errors import ParseError  # noqa: E402
from seoultrain_i18n.formats import po_wrap, unilbrk  # noqa: E402
from seoultrain_i18n.formats.po import generate_po, read_po  # noqa: E402
from seoultrain_i18n.model import Catalog  # noqa: E402


def catalogs() -> list[tuple[Path, Catalog]]:
    paths = sorted(p for p in (REPO / "locales").rglob("*") if p.suffix in {".po", ".pot"})
    corpus = REPO.parent / "shared" / "corpus"
    if corpus.is_dir():
        paths += sorted(p for p in corpus.rglob("*") if p.suffix in {".po", ".pot"})
    found = []
    for path in paths:
        try:
            found.append((path, read_po(path)))
        except ParseError:
            continue  # the corpus's deliberately broken files
    return found


def best_cpu(runs: int, write: list[Catalog]) -> tuple[float, list[str]]:
    best = float("inf")
    texts: list[str] = []
    for _ in range(runs):
        start = time.process_time()
        texts = [generate_po(catalog) for catalog in write]
        best = min(best, time.process_time() - start)
    return best, texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    if po_wrap._library() is None:
        sys.exit("error: libunistring cannot be loaded; nothing to compare with")
    found = catalogs()
    items = [catalog for _, catalog in found]
    lines = sum(len(generate_po(catalog).splitlines()) for catalog in items)
    library_time, through_library = best_cpu(options.runs, items)
    start = time.process_time()
    unilbrk.tables()
    load = time.process_time() - start
    real_library = po_wrap._library
    po_wrap._library = lambda: None  # type: ignore[assignment]
    try:
        python_time, in_python = best_cpu(options.runs, items)
    finally:
        po_wrap._library = real_library  # type: ignore[assignment]
    different = sum(a != b for a, b in zip(through_library, in_python, strict=True))
    start = time.perf_counter()
    for path, _ in found:
        subprocess.run(["msgcat", str(path)], capture_output=True)
    msgcat_wall = time.perf_counter() - start
    print(f"{len(found)} catalogs, {lines} lines; files that differ between the paths: {different}")
    print(f"generate_po, libunistring (ctypes): {library_time * 1000:8.1f} ms CPU")
    print(f"generate_po, pure Python (unilbrk): {python_time * 1000:8.1f} ms CPU")
    print(f"  unilbrk tables, loaded once:      {load * 1000:8.1f} ms CPU")
    print(f"msgcat, one process per file:       {msgcat_wall * 1000:8.1f} ms wall")


if __name__ == "__main__":
    main()
