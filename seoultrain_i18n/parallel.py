"""Work over many catalogs and tracks on every core: a process pool of forks.

A catalogue of hundreds of catalogs spends its time in the message and cue
checks, which are pure Python and independent per catalog and per track.
``ordered_map`` runs them in forked worker processes (forked after the big
imports, so a worker starts at once and shares the parent's memory) and
yields the results in input order, so the output is the same as one
process's, byte for byte. Workers return compact results (findings, numbers);
a job that fails in a worker returns ``FAILED`` and the caller does it again
itself, so an error is raised exactly as without the pool.

Small projects (the tests, the bundled film) stay in one process: a pool
costs more than it saves below a few megabytes of catalogs.
``SEOULTRAIN_I18N_WORKERS`` sets the number of processes (1: never fork).

While the workers run, the parent would only wait for their results: work
it has to do anyway and that the jobs do not need is done then
(``meanwhile``), and ``while_waiting`` queues work (filling a cache for a
later step) for the next pool that starts.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final, TypeVar

from seoultrain_i18n.errors import I18nError

Item = TypeVar("Item")
Result = TypeVar("Result")

FAILED: Final = "failed in a worker"
# Below this many bytes of catalogs (or source tracks) a pool does not pay.
MIN_PARALLEL_BYTES = 4_000_000
WORKERS_VARIABLE = "SEOULTRAIN_I18N_WORKERS"

_JOB: tuple[Callable[[Any], Any], Any] | None = None  # (function, state) seen by the forks
_IN_WORKER = False
_WAITING: list[Callable[[], None]] = []  # for the parent to do while the next pool works


def worker_count(work_bytes: int, jobs: int) -> int:
    """How many processes to use for ``jobs`` jobs over ``work_bytes`` of input."""
    configured = os.environ.get(WORKERS_VARIABLE, "")
    if configured.isdigit() and int(configured) > 0:
        return max(1, min(int(configured), jobs))
    if work_bytes < MIN_PARALLEL_BYTES or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), jobs))


def total_bytes(paths: Iterable[os.PathLike[str] | str]) -> int:
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size
        except OSError:
            continue  # the job reports it
    return total


@contextmanager
def while_waiting(*work: Callable[[], None]) -> Iterator[None]:
    """Inside the block, the first pool that starts has the parent do ``work``
    while its workers run (before it yields their first result). Work only
    worth doing then: nothing may depend on it (it is not done without a pool),
    and it must not raise."""
    _WAITING[:] = work
    try:
        yield
    finally:
        _WAITING.clear()


def ordered_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int,
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[Result | str]:
    """``function(item)`` for every item, in order; ``FAILED`` for an item whose
    job raised our error in a worker (the caller redoes it to raise it).

    ``meanwhile()`` is done before the first result is yielded: in the parent
    while the workers run (they do not see what it does), else first."""
    if workers <= 1 or len(items) <= 1:
        if meanwhile is not None:
            meanwhile()
        yield from (function(item) for item in items)
        return
    global _JOB
    _JOB = (function, items)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes=workers) as pool:
            results = pool.imap(_run, range(len(items)), chunksize=1)
            waiting = [*_WAITING, *([meanwhile] if meanwhile is not None else [])]
            _WAITING.clear()
            for work in waiting:
                work()
            yield from results
    finally:
        _JOB = None


def in_worker() -> bool:
    """Whether this process is a pool's worker."""
    return _IN_WORKER


def _run(position: int) -> Any:
    from seoultrain_i18n.formats.po.reader import forget_parsed

    global _IN_WORKER
    _IN_WORKER = True  # a forked worker's own copy
    assert _JOB is not None
    function, items = _JOB
    try:
        return function(items[position])
    except I18nError:
        return FAILED  # our errors are raised again by the parent, in order
    finally:
        forget_parsed()  # a worker keeps no catalogs between jobs
