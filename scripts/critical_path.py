#!/usr/bin/env python3
"""One CLI command's CPU, split where a busy machine cannot show it in wall time.

Runs ``seoultrain-i18n ARGS`` in this process and prints, on stderr:

- wall time, and CPU (user + system) of this process and of the workers it
  forked (``parallel.py``; their CPU as ``RUSAGE_CHILDREN``);
- how much of this process's CPU went by while a pool of workers was running
  (``in pools``: taking results, the work done meanwhile) and how much while
  no pool ran (``serial``: no worker can help there);
- an estimate of the wall time on an idle machine of 2 cores: the serial
  part, plus the rest shared by the cores (``serial + (workers + in pools) / 2``);
- the peak resident size of this process and of the largest worker.

On a shared machine the wall time says little; the CPU and the estimate
change only with the work. Usage:

    SOURCE_DATE_EPOCH=1700000000 .venv/bin/python scripts/critical_path.py \\
        -q --project PROJECT build --allow-incomplete
"""

from __future__ import annotations

import atexit
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seoultrain_i18n import parallel

STARTED = time.perf_counter()
IN_POOLS = [0.0]
_ordered_map = parallel.ordered_map


def _counted(
    function: Callable[[Any], Any], items: Sequence[Any], workers: int, *more: Any, **options: Any
) -> Iterator[Any]:
    """``ordered_map``, counting this process's CPU while a pool is running."""
    results = _ordered_map(function, items, workers, *more, **options)
    if workers <= 1 or len(items) <= 1:
        yield from results
        return
    while True:
        mark = time.process_time()
        try:
            result = next(results)
        except StopIteration:
            IN_POOLS[0] += time.process_time() - mark
            return
        IN_POOLS[0] += time.process_time() - mark
        mark = time.process_time()
        yield result  # the caller's work on a result, while the pool runs
        IN_POOLS[0] += time.process_time() - mark


def _report() -> None:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    parent = own.ru_utime + own.ru_stime
    forked = workers.ru_utime + workers.ru_stime
    serial = parent - IN_POOLS[0]
    print(
        f"wall {time.perf_counter() - STARTED:.1f} s; CPU {parent + forked:.1f} s: this process "
        f"{parent:.1f} s (serial {serial:.1f} s, in pools {IN_POOLS[0]:.1f} s), workers "
        f"{forked:.1f} s; 2-core estimate {serial + (forked + IN_POOLS[0]) / 2:.1f} s; peak "
        f"{own.ru_maxrss / 1024:.0f} MiB, workers {workers.ru_maxrss / 1024:.0f} MiB; "
        f"load average {os.getloadavg()[0]:.2f}",
        file=sys.stderr,
    )


def main() -> None:
    parallel.ordered_map = _counted
    atexit.register(_report)
    from seoultrain_i18n.cli import main as cli

    sys.argv = ["seoultrain-i18n", *sys.argv[1:]]
    cli()


if __name__ == "__main__":
    main()
