"""The long fuzz run, outside CI's time budget.

Two parts, both on by default:

1. **Properties**: ``tests/fuzz`` under ``HYPOTHESIS_PROFILE=fuzz`` (thousands of
   examples per property instead of CI's hundred). Failures are saved in
   hypothesis's database (``.hypothesis/``), so the next ordinary test run
   replays them.
2. **Mutations**: real files (the shared corpus, this project's pages, tracks
   and catalogs, plus generated MO and TMX files) are mutated byte by byte
   (flips, inserts of interesting bytes and tokens, deletions, duplications,
   splices of two files) and fed to every file reader: ``read_srt``,
   ``read_vtt``, ``read_po``, ``read_mo``, ``read_tmx``, ``read_page``. A
   reader must return or raise an ``I18nError``; anything else is a finding.
   What reads must also survive our writer (SubRip and PO round trips, the
   HTML identity render). Each finding is saved with its input and traceback
   under ``--findings`` and the script exits 1.

Usage::

    .venv/bin/python scripts/fuzz.py                      # both parts, ~10 minutes
    .venv/bin/python scripts/fuzz.py --no-properties --mutate-seconds 300 --seed 7
    .venv/bin/python scripts/fuzz.py --no-mutate          # properties only
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from seoultrain_i18n.errors import I18nError  # noqa: E402
from seoultrain_i18n.formats.html import read_page, render_page  # noqa: E402
from seoultrain_i18n.formats.mo import generate_mo, read_mo  # noqa: E402
from seoultrain_i18n.formats.po import generate_po, parse_po, read_po  # noqa: E402
from seoultrain_i18n.formats.srt import generate_srt, parse_srt, read_srt  # noqa: E402
from seoultrain_i18n.formats.tmx import (  # noqa: E402
    TmxDocument,
    TranslationUnit,
    generate_tmx,
    read_tmx,
)
from seoultrain_i18n.formats.vtt import read_vtt  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
META_TAG = re.compile(r"<meta\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>?", re.IGNORECASE)
LANGUAGES = ("ko", "zh-Hans", "zh-Hant", "en")
SLOW_SECONDS = 5.0  # a reader this slow on a file under 300 kB has a quadratic path
SUFFIXES = (".srt", ".vtt", ".po", ".pot", ".mo", ".tmx", ".html")
TOKENS = (
    b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\n\n", b"\x04", b"\x1b",
    b"-->", b" --> ", b"00:00:01,000", b"99:99:99,999", b"-1:00:00,000", b"WEBVTT", b"NOTE",
    b'msgid "', b"msgstr[9] ", b"#~ ", b"#| ", b'"\\', b"\\x", b"\\777", b"msgctxt ",
    b"<", b">", b"</p>", b"<script>", b"<!--", b"&#0;", b"&#x110000;", b"&amp", b"<![CDATA[",
    b'<!ENTITY x "y">', b"<tu>", b"<seg>", b"xml:lang=", "서울".encode(), "中文".encode("gbk"),
    "\u202e".encode(), "👩\u200d👩\u200d👧".encode(), b"{\\an8}", b"%s", b"charset=", b"utf-16",
    b"Plural-Forms: nplurals=0; plural=x;\\n",
)  # fmt: skip


@dataclass
class Finding:
    reader: str
    seed_file: str
    detail: str
    data: bytes


# ---------------------------------------------------------------- seeds


def seed_files(corpus: Path) -> list[Path]:
    roots = [corpus, REPO / "content", REPO / "subtitles", REPO / "locales", REPO / "tests"]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files += [
                path
                for path in sorted(root.rglob("*"))
                if path.is_file()
                and path.suffix.lower() in SUFFIXES
                and path.stat().st_size < 300_000
            ]
    return files


def generated_seeds(files: list[Path]) -> dict[str, bytes]:
    """MO files compiled from readable PO files and a TMX document (no corpus holds them)."""
    seeds: dict[str, bytes] = {}
    for path in files:
        if path.suffix == ".po" and len(seeds) < 8:
            try:
                seeds[f"{path.stem}.mo"] = generate_mo(read_po(path), use_fuzzy=True)
            except I18nError:
                continue
    units = [
        TranslationUnit({"en": "Seoul Train", "ko": "서울 기차", "zh-Hant": "首爾列車"}, "ctx"),
        TranslationUnit({"en": "a < b & c\r\n", "zh-Hans": "难民"}, note="n", origin="memory"),
    ]
    seeds["memory.tmx"] = generate_tmx(TmxDocument("en", units))[0].encode("utf-8")
    return seeds


# ---------------------------------------------------------------- mutation


def mutate(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 8))):
        operation = rng.randrange(7)
        position = rng.randrange(len(buffer) + 1)
        if operation == 0 and buffer:  # flip a bit
            index = min(position, len(buffer) - 1)
            buffer[index] ^= 1 << rng.randrange(8)
        elif operation == 1:  # insert an interesting token
            buffer[position:position] = rng.choice(TOKENS)
        elif operation == 2:  # insert random bytes
            buffer[position:position] = rng.randbytes(rng.randint(1, 4))
        elif operation == 3:  # delete a span
            del buffer[position : position + rng.randint(1, 16)]
        elif operation == 4:  # duplicate a span
            span = buffer[position : position + rng.randint(1, 64)]
            buffer[position:position] = span
        elif operation == 5 and others:  # splice another file in
            other = rng.choice(others)
            start = rng.randrange(len(other) + 1)
            buffer[position:position] = other[start : start + rng.randint(1, 200)]
        else:  # truncate
            del buffer[position:]
    return bytes(buffer)


# ---------------------------------------------------------------- readers and oracles


def check_srt(path: Path) -> None:
    track = read_srt(path)
    if any(cue.start_ms < 0 or cue.end_ms < 0 for cue in track.cues):
        return
    again = parse_srt(generate_srt(track.cues), path)
    if [(c.start_ms, c.end_ms) for c in again] != [(c.start_ms, c.end_ms) for c in track.cues]:
        raise AssertionError("SubRip round trip changed the timings")


def check_vtt(path: Path) -> None:
    read_vtt(path)


def check_po(path: Path) -> None:
    catalog = read_po(path)
    written = generate_po(catalog)
    again = parse_po(written.encode("utf-8"), path)
    if generate_po(again) != written:
        raise AssertionError("PO round trip is not stable")
    if len(again.messages) != len(catalog.messages):
        raise AssertionError("PO round trip lost messages")


def check_mo(path: Path) -> None:
    read_mo(path)


def check_tmx(path: Path) -> None:
    read_tmx(path)


def check_html(path: Path) -> None:
    page = read_page(path)
    html = render_page(page, lambda segment: segment.source, fallback_lang=None).html
    # The one documented change: a declared charset (<meta charset>, <meta
    # http-equiv="Content-Type">) is rewritten to utf-8.
    if html != page.text and not only_meta_changed(page.text, html):
        raise AssertionError("identity render changed the page")


def only_meta_changed(before: str, after: str) -> bool:
    """True when every difference lies inside a ``<meta …>`` tag of ``before``."""
    metas = [(match.start(), match.end() - 1) for match in META_TAG.finditer(before)]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return all(
        tag == "equal" or any(start <= i1 and i2 <= end + 1 for start, end in metas)
        for tag, i1, i2, _, _ in matcher.get_opcodes()
    )


READERS: dict[str, Callable[[Path], None]] = {
    ".srt": check_srt,
    ".vtt": check_vtt,
    ".po": check_po,
    ".mo": check_mo,
    ".tmx": check_tmx,
    ".html": check_html,
}


def run_reader(reader: str, path: Path) -> str | None:
    """None when the reader returned or refused cleanly; else the traceback."""
    try:
        READERS[reader](path)
    except I18nError:
        return None
    except RecursionError:
        return traceback.format_exc(limit=-8)
    except Exception:
        return traceback.format_exc(limit=-8)
    return None


def mutation_fuzz(seconds: float, seed: int, corpus: Path, findings_dir: Path) -> list[Finding]:
    rng = random.Random(seed)
    files = seed_files(corpus)
    seeds: dict[str, bytes] = {str(path): path.read_bytes() for path in files}
    seeds.update(generated_seeds(files))
    names = sorted(seeds)
    contents = [seeds[name] for name in names]
    findings: list[Finding] = []
    seen: set[str] = set()
    runs = 0
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory(prefix="seoultrain-fuzz-") as scratch:
        while time.monotonic() < deadline:
            name = rng.choice(names)
            data = mutate(seeds[name], rng, contents)
            suffix = Path(name).suffix.lower()
            suffix = ".po" if suffix == ".pot" else suffix
            # Mostly the matching reader; sometimes every reader gets the file.
            readers = [suffix] if rng.random() < 0.8 else list(READERS)
            language = rng.choice(LANGUAGES)  # the tag picks the legacy encodings tried
            for reader in readers:
                path = Path(scratch) / f"input.{language}{reader}"
                path.write_bytes(data)
                started = time.monotonic()
                problem = run_reader(reader, path)
                elapsed = time.monotonic() - started
                if problem is None and elapsed > SLOW_SECONDS:
                    problem = f"slow: {elapsed:.1f} s for {len(data)} bytes (pathological input?)"
                runs += 1
                if problem is None:
                    continue
                last = problem.strip().splitlines()[-1]
                signature = reader + ("slow" if last.startswith("slow:") else last[:120])
                if signature in seen:
                    continue
                seen.add(signature)
                finding = Finding(reader, name, problem, data)
                findings.append(finding)
                save(finding, findings_dir)
                print(f"finding: {reader} on a mutation of {name}:\n{problem}", file=sys.stderr)
    print(f"mutation fuzzing: {runs} reader runs on {len(seeds)} seed files, "
          f"{len(findings)} distinct findings")  # fmt: skip
    return findings


def save(finding: Finding, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(finding.data).hexdigest()[:12]
    stem = folder / f"{finding.reader.lstrip('.')}-{digest}"
    stem.with_suffix(".input").write_bytes(finding.data)
    stem.with_suffix(".txt").write_text(
        f"reader: {finding.reader}\nseed: {finding.seed_file}\n\n{finding.detail}", encoding="utf-8"
    )


# ---------------------------------------------------------------- properties


def run_properties(timeout: float) -> int:
    env = {**os.environ, "HYPOTHESIS_PROFILE": "fuzz", "PYTHONUTF8": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz"]
    print("properties:", " ".join(command), "(HYPOTHESIS_PROFILE=fuzz)")
    try:
        return subprocess.run(command, cwd=REPO, env=env, timeout=timeout, check=False).returncode
    except subprocess.TimeoutExpired:
        print(f"properties: stopped after {timeout:.0f} s", file=sys.stderr)
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-properties", action="store_true", help="skip the hypothesis part")
    parser.add_argument("--no-mutate", action="store_true", help="skip the mutation part")
    parser.add_argument("--mutate-seconds", type=float, default=240, help="mutation time budget")
    parser.add_argument("--properties-timeout", type=float, default=1200, help="pytest time cap")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the mutator")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="real-world seed files")
    parser.add_argument(
        "--findings",
        type=Path,
        default=REPO / "test-artifacts" / "fuzz-findings",
        help="where inputs that crash a reader are saved",
    )
    args = parser.parse_args(argv)
    status = 0
    if not args.no_mutate:
        findings = mutation_fuzz(args.mutate_seconds, args.seed, args.corpus, args.findings)
        status |= 1 if findings else 0
    if not args.no_properties:
        status |= 1 if run_properties(args.properties_timeout) else 0
    return status


if __name__ == "__main__":
    sys.exit(main())
