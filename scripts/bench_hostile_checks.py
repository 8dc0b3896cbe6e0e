"""Every check on a hostile-size translation (default 5 MB): seconds per shape.

    .venv/bin/python scripts/bench_hostile_checks.py [--size 5000000] [--shape hangul ...]

Shapes are long unbroken runs that make backtracking patterns quadratic (see
tests/test_checks_hostile_sizes.py). Prints, per shape, the total time of every
catalog and cue check and the slowest check. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seoultrain_i18n.checks.registry import CheckContext, Pair
from seoultrain_i18n.checks.subtitles import CueContext
from seoultrain_i18n.model import Cue, Message
from seoultrain_i18n.subtitles.norms import norms_for
from tests.test_checks_hostile_sizes import CHECKS, SHAPES


def shaped(shape: str, size: int) -> str:
    unit = SHAPES[shape]
    if shape == "url-like":
        return "http://" + "a" * size
    return (unit * (size // len(unit) + 1))[:size]


def run(text: str, locale: str) -> tuple[float, str, float]:
    message = Message("Refugees cross the river at night.", translation=text)
    source_message = Message(text, translation="")
    context = CheckContext(domain="site", locale=locale, source_locale="en")
    cue_context = CueContext(locale, norms_for(locale))
    cue = Cue(1, 0, 2000, text, 1)
    worst, worst_time = "", 0.0
    started = time.perf_counter()
    for check in CHECKS:
        begun = time.perf_counter()
        if check.kind == "message":
            list(check.function(Pair(message.source, text, message), context))
        elif check.kind == "cue":
            list(check.function(cue, cue_context))
        else:
            list(check.function(source_message, context))
        spent = time.perf_counter() - begun
        if spent > worst_time:
            worst, worst_time = check.label, spent
    return time.perf_counter() - started, worst, worst_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=5_000_000)
    parser.add_argument("--locale", default="ko")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES))
    options = parser.parse_args()
    print(f"{len(CHECKS)} checks, {options.size:,} characters, locale {options.locale}")
    for shape in options.shape or sorted(SHAPES):
        total, worst, worst_time = run(shaped(shape, options.size), options.locale)
        print(f"{shape:14} {total:7.2f} s  (slowest: {worst} {worst_time:.2f} s)", flush=True)


if __name__ == "__main__":
    main()
