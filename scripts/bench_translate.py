#!/usr/bin/env python3
"""Benchmark: pre-translating a subtitle track against a local LibreTranslate
server with a fixed latency per request.

Compares, in the same run and against the same server:
  * the plain deep-translator way — ``LibreTranslator.translate_batch`` over
    every cue text (a sequential loop, one request per string);
  * ``seoultrain-i18n translate --provider libre`` (a real CLI subprocess):
    sentence groups, multi-unit requests, a thread pool;
  * a second ``translate`` run after the catalog is emptied again, which must
    be answered from the cache (0 requests).

Usage: .venv/bin/python scripts/bench_translate.py [--cues 1500] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SENTENCE = (
    "refugees walk through the mountains at night while guides watch the river and the "
    "border police search every village for families hiding in a safe house near the city"
)
WORDS = SENTENCE.split(" ")


def cue_texts(count: int) -> list[str]:
    """Deterministic English cue texts; a sentence spans one to three cues."""
    texts = []
    for number in range(count):
        words = [WORDS[(number * 7 + k * 3) % len(WORDS)] for k in range(5 + number % 4)]
        text = " ".join(words) + f" {number}"
        ends = number % 3 == 2 or number % 5 == 0
        texts.append(text[0].upper() + text[1:] + ("." if ends else ""))
    return texts


def srt(texts: list[str]) -> str:
    blocks = []
    start = 1000
    for number, text in enumerate(texts, start=1):
        end = start + 2000
        blocks.append(f"{number}\n{_time(start)} --> {_time(end)}\n{text}\n")
        start = end + (400 if not text.endswith(".") else 1500)
    return "\n".join(blocks)


def _time(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def make_project(root: Path, texts: list[str]) -> None:
    from seoultrain_i18n.catalogs.layout import catalog_path, new_catalog
    from seoultrain_i18n.config import load_project
    from seoultrain_i18n.formats.po import read_po, write_po
    from seoultrain_i18n.subtitles.sources import source_track
    from seoultrain_i18n.subtitles.templates import track_template

    (root / "subtitles").mkdir(parents=True)
    (root / "locales").mkdir()
    (root / "pyproject.toml").write_text(
        '[tool.seoultrain-i18n]\nsource-locale = "en"\ntarget-locales = ["ko"]\n', encoding="utf-8"
    )
    (root / "subtitles" / "bench.en.srt").write_text(srt(texts), encoding="utf-8")
    project = load_project(root)
    write_po(
        root / "locales" / "bench.pot", track_template(project, source_track(project, "bench"))
    )
    template = read_po(root / "locales" / "bench.pot", domain="bench")
    write_po(catalog_path(project, "ko", "bench"), new_catalog(project, template, "ko"))


def run_translate(root: Path, url: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "seoultrain_i18n",
            "--project",
            str(root),
            "-q",
            "translate",
            "--provider",
            "libre",
            "--provider-url",
            url,
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"translate failed:\n{result.stdout}{result.stderr}")
    return elapsed, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=1500)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    args = parser.parse_args()

    from seoultrain_i18n.testing.libretranslate_server import running_server

    texts = cue_texts(args.cues)
    with tempfile.TemporaryDirectory() as folder, running_server(latency=args.latency) as server:
        root = Path(folder) / "project"
        make_project(root, texts)
        po = root / "locales" / "ko" / "LC_MESSAGES" / "bench.po"
        empty = po.read_bytes()

        # deep-translator as shipped (our adapter is not imported in this process)
        from deep_translator import LibreTranslator

        assert "seoultrain_i18n.translate.providers" not in sys.modules
        translator = LibreTranslator(source="en", target="ko", api_key="x", custom_url=server.url)
        started = time.perf_counter()
        plain = translator.translate_batch(texts)
        plain_s = time.perf_counter() - started
        plain_requests = server.requests
        assert len(plain) == len(texts)

        server.reset_counters()
        ours_s, _result = run_translate(root, server.url)
        ours_requests = server.requests
        filled = sum(
            1
            for line in po.read_text(encoding="utf-8").splitlines()
            if line.startswith("# draft: libre")
        )

        po.write_bytes(empty)  # the same work again: must come from the cache
        server.reset_counters()
        second_s, _ = run_translate(root, server.url)
        second_requests = server.requests

    print(f"cues: {len(texts)}, server latency {args.latency * 1000:.0f} ms per request")
    print(f"plain translate_batch loop: {plain_s:7.2f} s, {plain_requests} requests")
    print(
        f"seoultrain-i18n translate:  {ours_s:7.2f} s, {ours_requests} requests "
        f"({filled} messages drafted; includes process start-up)"
    )
    print(f"speed-up: {plain_s / ours_s:.1f}x")
    print(f"second run (catalog emptied again): {second_s:.2f} s, {second_requests} requests")


if __name__ == "__main__":
    main()
