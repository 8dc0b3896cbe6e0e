#!/usr/bin/env python3
"""Scale run: a distributor's whole catalogue through every step.

Generates a project with TRACKS subtitle tracks × CUES cues (English masters)
plus a site of SITE_STRINGS strings, three target locales (ko, zh_Hans,
zh_Hant), with realistic text lengths in English, Korean and Chinese. Then it
runs, as real subprocesses of our CLI, and times with peak memory:

  extract → (setup: reviewed ko and zh_Hans translations, zh_Hant empty)
  → update (after editing 10% of sources) → translate (memory + OpenCC only)
  → check → compile → build

at 1/4, 1/2 and the full size, and prints a table with the growth per
doubling, so a step that is not linear shows. Usage:

    .venv/bin/python scripts/scale_run.py [--tracks 200] [--cues 1500]
        [--site-strings 2000] [--fractions 0.25,0.5,1] [--workdir .bench/scale]

``--single-catalog`` puts everything in one catalog per locale: no tracks, a
site of ``--site-strings`` strings (default 100,000: 25k, 50k and 100k at the
default fractions), where 10 % of the paragraphs are edited. That shows costs
that grow with one catalog's size (the whole catalogue hides them: none of its
catalogs has more than a few thousand messages).

``--stop-before STEP`` (translate, check, ...) runs the steps before it and
leaves each project as STEP finds it, to measure that step by hand on a copy.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

EN_WORDS = [
    "the",
    "river",
    "night",
    "border",
    "train",
    "refugees",
    "family",
    "china",
    "korea",
    "safe",
    "house",
    "road",
    "police",
    "raid",
    "broker",
    "journey",
    "hope",
    "winter",
    "mountain",
    "village",
    "station",
    "city",
    "south",
    "north",
    "quiet",
    "wait",
    "cross",
    "hide",
    "walk",
    "trust",
    "believe",
    "child",
    "mother",
    "father",
    "brother",
    "sister",
    "friend",
    "years",
    "miles",
    "hours",
    "across",
    "through",
    "under",
    "beyond",
    "before",
    "after",
    "never",
    "always",
    "again",
    "still",
    "only",
    "every",
    "some",
    "many",
    "most",
    "people",
    "voice",
    "story",
]
KO_WORDS = [
    "강을",
    "밤에",
    "국경",
    "기차",
    "난민",
    "가족",
    "중국",
    "한국",
    "은신처",
    "길",
    "경찰",
    "단속",
    "여정",
    "희망",
    "겨울",
    "산",
    "마을",
    "역",
    "도시",
    "남쪽",
    "북쪽",
    "조용히",
    "기다렸다",
    "건넜다",
    "숨었다",
    "걸었다",
    "믿었다",
    "아이",
    "어머니",
    "아버지",
    "형제",
    "친구",
    "몇",
    "년",
    "시간",
    "넘어",
    "아래",
    "다시",
    "아직",
    "모두",
    "사람들",
    "목소리",
    "이야기",
]
ZH_PHRASES = [
    "夜里",
    "渡过",
    "边境",
    "火车",
    "难民",
    "家人",
    "中国",
    "韩国",
    "安全屋",
    "道路",
    "警察",
    "突袭",
    "旅程",
    "希望",
    "冬天",
    "山",
    "村庄",
    "车站",
    "城市",
    "南方",
    "北方",
    "安静地",
    "等待",
    "越过",
    "躲藏",
    "步行",
    "信任",
    "孩子",
    "母亲",
    "父亲",
    "兄弟",
    "朋友",
    "多年",
    "几个小时",
    "穿过",
    "再次",
    "仍然",
    "所有人",
    "声音",
    "故事",
]


def sentence(rng: random.Random, words: list[str], low: int, high: int, joiner: str) -> str:
    return joiner.join(rng.choice(words) for _ in range(rng.randint(low, high)))


def english_line(rng: random.Random) -> str:
    text = sentence(rng, EN_WORDS, 4, 11, " ")
    return text[0].upper() + text[1:] + rng.choice([".", ".", ",", "?", ""])


def timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def write_track(path: Path, rng: random.Random, cues: int) -> None:
    lines: list[str] = []
    start = 1000
    for number in range(1, cues + 1):
        duration = rng.randint(1500, 6000)
        text = english_line(rng)
        if len(text) > 42:
            cut = text.rfind(" ", 0, 42)
            text = text[:cut] + "\n" + text[cut + 1 :]
        lines.append(f"{number}\n{timestamp(start)} --> {timestamp(start + duration)}\n{text}\n")
        start += duration + rng.randint(100, 1500)
    path.write_text("\n".join(lines), encoding="utf-8")


def write_site(content: Path, rng: random.Random, strings: int) -> None:
    per_page = 50
    for page in range(max(1, strings // per_page)):
        body = "\n".join(
            f"<p>{english_line(rng)} {english_line(rng)}</p>" for _ in range(per_page - 2)
        )
        (content / f"page{page:03d}.html").write_text(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Page {page} of the catalogue</title>\n</head>\n<body>\n"
            f"<h1>Catalogue page {page}</h1>\n{body}\n</body>\n</html>\n",
            encoding="utf-8",
        )


def generate(root: Path, tracks: int, cues: int, site_strings: int) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    (root / "subtitles").mkdir()
    (root / "pyproject.toml").write_text(
        '[tool.seoultrain-i18n]\nproject-name = "Scale run"\n'
        'target-locales = ["ko", "zh_Hans", "zh_Hant"]\n'
        "[tool.seoultrain-i18n.site]\npublish-threshold = 0.0\n"
        'base-url = "https://catalogue.example.org/"\n'
        "[tool.seoultrain-i18n.subtitles]\nallow-incomplete = true\n",
        encoding="utf-8",
    )
    rng = random.Random(7)
    write_site(root / "content", rng, site_strings)
    for number in range(tracks):
        write_track(root / "subtitles" / f"film{number:03d}.en.srt", rng, cues)


def fill_translations(root: Path) -> None:
    """Reviewed ko and zh_Hans translations of realistic length; zh_Hant left
    for OpenCC. (Setup, not timed.)"""
    from seoultrain_i18n.formats.po import read_po, write_po

    rng = random.Random(11)
    for locale, words, joiner in (("ko", KO_WORDS, " "), ("zh_Hans", ZH_PHRASES, "")):
        for path in sorted((root / "locales" / locale / "LC_MESSAGES").glob("*.po")):
            catalog = read_po(path, locale=locale)
            for message in catalog.messages:
                if message.obsolete or message.translation:
                    continue
                size = max(2, len(message.source.split()) * (2 if joiner else 1) // 2)
                message.translation = sentence(rng, words, max(1, size - 1), size + 1, joiner)
                if message.source.endswith("."):
                    message.translation += "." if joiner else "。"
            write_po(path, catalog)


def edit_sources(root: Path, fraction: float) -> None:
    """Edit ``fraction`` of cues and site paragraphs slightly (one word added)."""
    rng = random.Random(13)
    for path in sorted((root / "content").glob("*.html")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for position, line in enumerate(lines):
            if not line.startswith("<p>") or rng.random() >= fraction:
                continue
            words = line.removeprefix("<p>").removesuffix("</p>").split(" ")
            words.insert(rng.randrange(len(words) + 1), rng.choice(EN_WORDS))
            lines[position] = "<p>" + " ".join(words) + "</p>"
        path.write_text("\n".join(lines), encoding="utf-8")
    for path in sorted((root / "subtitles").glob("*.srt")):
        blocks = path.read_text(encoding="utf-8").split("\n\n")
        for position, block in enumerate(blocks):
            if not block.strip() or rng.random() >= fraction:
                continue
            head, timing, *text = block.split("\n")
            words = " ".join(text).split(" ")
            words.insert(rng.randrange(len(words) + 1), rng.choice(EN_WORDS))
            blocks[position] = "\n".join([head, timing, " ".join(words)])
        path.write_text("\n\n".join(blocks), encoding="utf-8")


@dataclass
class Measure:
    step: str
    seconds: float
    peak_mib: float
    exit_code: int
    cpu_seconds: float = 0.0  # user + system of the step's process (all its threads)


def run_step(root: Path, step: str, *args: str) -> Measure:
    command = [str(REPO / ".venv/bin/seoultrain-i18n"), "-q", "--project", str(root), *args]
    # stderr goes to a file, not a pipe: a step that reports more than a pipe
    # holds (64 KiB of warnings at 150k messages) would block on it forever.
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        print(f"  {step} failed ({code}): {stderr.strip()[:500]}", file=sys.stderr)
    cpu = usage.ru_utime + usage.ru_stime
    return Measure(step, elapsed, usage.ru_maxrss / 1024, code, cpu)


STEPS: list[tuple[str, tuple[str, ...]]] = [
    ("update", ("update",)),
    ("translate", ("translate",)),
    ("check", ("check", "--format", "json")),
    ("compile", ("compile",)),
    ("build", ("build", "--allow-incomplete")),
]


def run_size(
    root: Path, tracks: int, cues: int, site_strings: int, stop_before: str = ""
) -> list[Measure]:
    generate(root, tracks, cues, site_strings)
    results = [run_step(root, "extract", "extract")]
    subprocess.run(
        [str(REPO / ".venv/bin/seoultrain-i18n"), "-q", "--project", str(root), "update"],
        check=True,
    )
    # In a child process: a parent grown by loading catalogs would pass its
    # resident size on to every later step's peak (Linux keeps the pre-exec
    # high-water mark in ru_maxrss).
    subprocess.run([sys.executable, __file__, "--fill", str(root)], check=True)
    edit_sources(root, 0.10)
    subprocess.run(
        [str(REPO / ".venv/bin/seoultrain-i18n"), "-q", "--project", str(root), "extract"],
        check=True,
    )
    for step, args in STEPS:
        if step == stop_before:
            break
        results.append(run_step(root, step, *args))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=200)
    parser.add_argument("--cues", type=int, default=1500)
    parser.add_argument("--site-strings", type=int, default=None)
    parser.add_argument(
        "--single-catalog",
        action="store_true",
        help="no tracks: one site catalog of --site-strings (default 100000) per locale",
    )
    parser.add_argument("--fractions", default="0.25,0.5,1")
    parser.add_argument("--workdir", default=None, help="default .bench/scale(-single)")
    parser.add_argument(
        "--stop-before",
        choices=[step for step, _ in STEPS],
        default="",
        help="leave each project as that step finds it (to measure the step by hand)",
    )
    parser.add_argument("--fill", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.fill:
        fill_translations(Path(options.fill))
        return
    if options.single_catalog:
        options.tracks = 0
    if options.workdir is None:
        suffix = "-single" if options.single_catalog else ""
        options.workdir = str(REPO / ".bench" / f"scale{suffix}")
    if options.site_strings is None:
        options.site_strings = 100_000 if options.single_catalog else 2000
    table: dict[float, list[Measure]] = {}
    for fraction in (float(x) for x in options.fractions.split(",")):
        tracks = max(1, round(options.tracks * fraction)) if options.tracks else 0
        site = max(50, round(options.site_strings * fraction))
        messages = (tracks * options.cues + site) * 3
        print(
            f"== size {fraction:g}: {tracks} tracks × {options.cues} cues + {site} site "
            f"strings ≈ {messages:,} messages",
            flush=True,
        )
        table[fraction] = run_size(
            Path(options.workdir) / f"size-{fraction:g}",
            tracks,
            options.cues,
            site,
            options.stop_before,
        )
        for measure in table[fraction]:
            print(
                f"  {measure.step:<10} {measure.seconds:8.1f} s {measure.cpu_seconds:8.1f} s CPU"
                f" {measure.peak_mib:8.0f} MiB"
                f"  exit {measure.exit_code}",
                flush=True,
            )
    fractions = sorted(table)
    print(
        "\n| step | "
        + " | ".join(f"{f:g}× wall (s) | CPU (s) | peak (MiB)" for f in fractions)
        + " | growth per doubling (wall) | (CPU) |"
    )
    print("|---|" + "---|---|---|" * len(fractions) + "---|---|")
    for position, measure in enumerate(table[fractions[0]]):
        cells = []
        for fraction in fractions:
            m = table[fraction][position]
            cells.append(f"{m.seconds:.1f} | {m.cpu_seconds:.1f} | {m.peak_mib:.0f}")
        pairs = list(itertools.pairwise(fractions))
        wall = [
            table[b][position].seconds / max(table[a][position].seconds, 1e-9) for a, b in pairs
        ]
        cpu = [
            table[b][position].cpu_seconds / max(table[a][position].cpu_seconds, 1e-9)
            for a, b in pairs
        ]
        print(
            f"| {measure.step} | "
            + " | ".join(cells)
            + " | "
            + ", ".join(f"×{g:.2f}" for g in wall)
            + " | "
            + ", ".join(f"×{g:.2f}" for g in cpu)
            + " |"
        )


if __name__ == "__main__":
    main()
