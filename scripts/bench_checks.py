"""Benchmark: catalog checks over a large synthetic catalogue.

Writes a scratch project with one Korean, one Simplified and one Traditional
catalog of N messages each (sentences with tags, numbers and URLs), then times
``run_checks``. Usage: .venv/bin/python scripts/bench_checks.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seoultrain_i18n.checks.runner import run_checks
from seoultrain_i18n.config import load_project
from tests.check_support import make_project

SOURCES = [
    (
        "In {n}, about <strong>{k},000</strong> people crossed the river.",
        "{n}년에 약 <strong>{k}천</strong> 명이 강을 건넜다.",
        "{n}年，约有<strong>{k}千</strong>人渡过了江。",
        "{n}年，約有<strong>{k}千</strong>人渡過了江。",
    ),
    (
        "Read more at <a>https://www.example.org/{n}</a>.",
        "<a>https://www.example.org/{n}</a>에서 더 읽어 보세요.",
        "更多内容见<a>https://www.example.org/{n}</a>。",
        "更多內容見<a>https://www.example.org/{n}</a>。",
    ),
    (
        "Safe house number {n} was hidden in Shenyang.",
        "{n}번 은신처는 선양에 숨겨져 있었다.",
        "第{n}号安全屋藏在沈阳。",
        "第{n}號安全屋藏在瀋陽。",
    ),
]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        catalogs: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for column, locale in ((1, "ko"), (2, "zh_Hans"), (3, "zh_Hant")):
            entries = []
            for number in range(count):
                row = SOURCES[number % len(SOURCES)]
                values = {"n": 1900 + number, "k": number % 90 + 10}
                entries.append((row[0].format(**values), row[column].format(**values)))
            catalogs[("site", locale)] = entries
        root = make_project(Path(folder) / "bench", catalogs)
        project = load_project(root)
        started = time.perf_counter()
        result = run_checks(project)
        elapsed = time.perf_counter() - started
    messages = 3 * count
    print(
        f"run_checks: {messages} messages in 3 catalogs: {elapsed:.2f} s "
        f"({messages / elapsed:,.0f} messages/s), {len(result.findings)} findings"
    )


if __name__ == "__main__":
    main()
