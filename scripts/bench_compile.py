"""Benchmark: `seoultrain-i18n compile` vs `msgfmt` vs `pybabel compile` on a big catalog.

Generates a Simplified Chinese catalog of N messages (default 100,000) of
realistic text (the Markov sentences of bench_update.py: corpus UI strings and
film narration), with 5 % msgctxt, 2 % plurals, 5 % fuzzy and 5 % untranslated,
written by our PO writer (msgcat-identical). Each tool compiles it to MO as a
whole process (interpreter start included), alternating ours / msgfmt /
pybabel so the ratios are pairwise; the MO is deleted before every run (our
compile skips unchanged files). All three MO files are checked to hold the
same messages.

    .venv/bin/python scripts/bench_compile.py [--size 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from bench_update import chinese, markov_sentence  # noqa: E402

from seoultrain_i18n.formats.mo import read_mo  # noqa: E402
from seoultrain_i18n.formats.po import write_po  # noqa: E402
from seoultrain_i18n.model import Catalog, Message  # noqa: E402


def make_catalog(size: int, seed: int) -> Catalog:
    rng = random.Random(seed)
    seen: set[str] = set()
    messages: list[Message] = []
    while len(messages) < size:
        text = markov_sentence(rng)
        if rng.random() < 0.3:
            text += " " + markov_sentence(rng)
        if text in seen:
            continue
        seen.add(text)
        roll = rng.random()
        message = Message(
            source=text,
            context=f"cue {len(messages)}" if rng.random() < 0.05 else None,
            references=[f"content/page{len(messages) % 50}.html:{len(messages)}"],
        )
        if roll < 0.02:
            message.source_plural = text + " (plural)"
            message.plural_translations = [chinese(text)]
            message.translation = message.plural_translations[0]
        elif roll < 0.95:
            message.translation = chinese(text)
        if 0.5 < roll < 0.55:
            message.flags.append("fuzzy")
        messages.append(message)
    return Catalog(
        domain="big",
        locale="zh_Hans",
        header=[
            ("Project-Id-Version", "bench"),
            ("Language", "zh_Hans"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Plural-Forms", "nplurals=1; plural=0;"),
        ],
        messages=messages,
    )


CPU: dict[str, list[float]] = {}


def timed(name: str, command: list[str]) -> float:
    """Wall seconds of one run; its CPU time (user + system) goes to CPU[name].
    Our compile exits 1 when the checks withhold a translation (the MO is
    still written without it)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ((0, 1) if name == "ours" else (0,)):
        raise SystemExit(f"{name} failed ({done.returncode}): {done.stderr.decode()[:500]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    CPU.setdefault(name, []).append(cpu)
    return elapsed


def pairs(path: Path) -> set[tuple[object, ...]]:
    return {
        (m.context, m.source, m.translation, tuple(m.plural_translations))
        for m in read_mo(path).messages
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--babel-runs", type=int, default=None, help="pybabel runs (default --runs; 0: none)"
    )
    args = parser.parse_args()
    babel_runs = args.runs if args.babel_runs is None else args.babel_runs
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        (root / "pyproject.toml").write_text(
            '[tool.seoultrain-i18n]\nsource-locale = "en"\ntarget-locales = ["zh_Hans"]\n'
        )
        po = root / "locales" / "zh_Hans" / "LC_MESSAGES" / "big.po"
        catalog = make_catalog(args.size, 5)
        write_po(po, catalog)
        template = Catalog(domain="big", header=[("Content-Type", "text/plain; charset=UTF-8")])
        write_po(root / "locales" / "big.pot", template)
        ours_mo = po.with_suffix(".mo")
        msgfmt_mo, babel_mo = root / "msgfmt.mo", root / "babel.mo"
        babel = str(Path(sys.executable).with_name("pybabel"))
        commands = {
            "ours": [
                sys.executable,
                "-m",
                "seoultrain_i18n",
                "--project",
                str(root),
                "-q",
                "compile",
            ],
            "msgfmt": ["msgfmt", "-o", str(msgfmt_mo), str(po)],
            "pybabel": [
                babel,
                "-q",
                "compile",
                "-i",
                str(po),
                "-o",
                str(babel_mo),
                "-l",
                "zh_Hans",
            ],
        }
        outputs = {"ours": ours_mo, "msgfmt": msgfmt_mo, "pybabel": babel_mo}
        times: dict[str, list[float]] = {name: [] for name in commands}
        CPU.clear()
        for run in range(args.runs):
            for name, command in commands.items():
                if name == "pybabel" and run >= babel_runs:
                    continue
                outputs[name].unlink(missing_ok=True)
                times[name].append(timed(name, command))
                print(
                    f"{name}: {times[name][-1]:.3f} s, {CPU[name][-1]:.3f} s CPU", file=sys.stderr
                )
        shutil.copy(ours_mo, root / "ours.mo")
        ours_pairs, msgfmt_pairs = pairs(root / "ours.mo"), pairs(msgfmt_mo)
        paired = min(len(times["ours"]), len(times["pybabel"]))
        result: dict[str, object] = {
            "size": args.size,
            "po_bytes": po.stat().st_size,
            "median_s": {
                name: statistics.median(values) for name, values in times.items() if values
            },
            "median_cpu_s": {name: statistics.median(values) for name, values in CPU.items()},
            "ours_over_msgfmt": statistics.median(
                o / m for o, m in zip(times["ours"], times["msgfmt"], strict=True)
            ),
            "ours_over_msgfmt_cpu": statistics.median(
                o / m for o, m in zip(CPU["ours"], CPU["msgfmt"], strict=True)
            ),
            # messages our compile withheld (a check error) that msgfmt compiles
            "withheld_by_ours": len(msgfmt_pairs - ours_pairs),
            "ours_subset_of_msgfmt": ours_pairs <= msgfmt_pairs,
        }
        if paired:
            result["ours_over_pybabel"] = statistics.median(
                o / b for o, b in zip(times["ours"][:paired], times["pybabel"], strict=True)
            )
            result["same_as_pybabel"] = msgfmt_pairs == pairs(babel_mo)
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
