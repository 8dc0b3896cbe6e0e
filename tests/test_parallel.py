"""Checks and builds on every core give what one process gives, byte for byte.

A large project is checked and built by forked workers (``parallel.py``); the
bundled project is small, so ``SEOULTRAIN_I18N_WORKERS`` forces the pool here
and the same run in one process is the reference: the same ``check --format
json`` text, the same exit codes and messages, the same files under build/
and the same MO files, also when a catalog cannot be read (a worker's error
is raised again by the parent, in order).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from seoultrain_i18n.parallel import FAILED, ordered_map, worker_count
from tests.conftest import run_cli, run_cli_process


def _tree(project: Path) -> dict[str, str]:
    """Every built file's hash (the project's own path, which error lines in
    the report name, replaced: the two runs are in different folders)."""
    files = [*(project / "build").rglob("*"), *(project / "locales").rglob("*.mo")]
    here = str(project).encode()
    return {
        str(path.relative_to(project)): hashlib.sha256(
            path.read_bytes().replace(here, b"PROJECT")
        ).hexdigest()
        for path in sorted(files)
        if path.is_file() and ".lock" not in path.name
    }


def _run(project: Path, workers: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    monkeypatch.setenv("SEOULTRAIN_I18N_WORKERS", workers)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the report's date
    checked = run_cli("-q", "--project", str(project), "check", "--format", "json")
    # A process of its own: the segmenter keeps word splits per process, and
    # the build writes them to build/.cache only when it made new ones.
    built = run_cli_process("-q", "--project", str(project), "build", "--allow-incomplete")
    return (
        checked.returncode,
        checked.stdout,
        checked.stderr,
        built.returncode,
        built.stdout,
        built.stderr,
        _tree(project),
    )


@pytest.mark.parametrize(
    "broken",
    [(), ("ko/LC_MESSAGES/trailer.po",), ("ko/LC_MESSAGES/trailer.po", "crossing.pot")],
    ids=["bundled", "unreadable-catalog", "unreadable-template-and-catalog"],
)
def test_workers_give_the_same_output(
    bundled_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: tuple[str]
) -> None:
    for name in broken:
        catalog = bundled_project / "locales" / name
        catalog.write_text(catalog.read_text(encoding="utf-8") + '\nmsgid "x"\n', "utf-8")
    other = tmp_path / "other"
    shutil.copytree(bundled_project, other)
    alone = _run(bundled_project, "1", monkeypatch)
    pooled = _run(other, "2", monkeypatch)
    assert str(other) not in str(alone)  # the two copies are compared by what they hold
    normalized = tuple(
        part.replace(str(other), str(bundled_project)) if isinstance(part, str) else part
        for part in pooled
    )
    assert normalized == alone
    assert alone[6]  # something was built
    if broken:
        assert "trailer.po" in str(alone[2])
        assert alone[0] == 1
    if len(broken) > 1:  # check reports the template first (the workers ran meanwhile)
        assert str(alone[2]).index("crossing.pot") < str(alone[2]).index("trailer.po")


def _square_or_fail(number: int) -> int:
    from seoultrain_i18n.errors import I18nError

    if number == 3:
        raise I18nError("three")
    return number * number


def test_ordered_map_keeps_order_and_marks_failed_jobs() -> None:
    items = list(range(8))
    assert list(ordered_map(_square_or_fail, items, 2)) == [
        0,
        1,
        4,
        FAILED,
        16,
        25,
        36,
        49,
    ]


def test_small_work_stays_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEOULTRAIN_I18N_WORKERS", raising=False)
    assert worker_count(10_000, 50) == 1
    monkeypatch.setenv("SEOULTRAIN_I18N_WORKERS", "2")
    assert worker_count(10_000, 50) == 2
    assert worker_count(10_000, 1) == 1


def test_meanwhile_is_done_before_the_first_result_in_the_parent() -> None:
    import os

    done: list[int] = []
    results = ordered_map(_pid_after, [done, done, done], 2, meanwhile=lambda: done.append(1))
    first = next(results)
    assert done == [1]  # before the first result was handed out
    rest = list(results)
    assert first != os.getpid()  # the jobs ran in workers, which did not see it
    assert all(pid != os.getpid() for pid in rest)
    alone: list[int] = []
    assert list(ordered_map(len, [alone], 1, meanwhile=lambda: alone.append(1))) == [1]


def test_while_waiting_work_is_done_by_the_first_pool_only() -> None:
    from seoultrain_i18n.parallel import while_waiting

    done: list[str] = []
    with while_waiting(lambda: done.append("warm")):
        assert list(ordered_map(_square_or_fail, [1, 2], 1)) == [1, 4]
        assert done == []  # no pool: nothing depends on it, so it is not done
        assert list(ordered_map(_square_or_fail, [1, 2], 2)) == [1, 4]
        assert done == ["warm"]
        assert list(ordered_map(_square_or_fail, [1, 2], 2)) == [1, 4]
        assert done == ["warm"]
    with while_waiting(lambda: done.append("late")):
        pass
    assert list(ordered_map(_square_or_fail, [1, 2], 2)) == [1, 4]
    assert done == ["warm"]  # the block was left before any pool started


def _pid_after(seen: list[int]) -> int:
    import os

    assert seen == []  # forked before the parent's own work
    return os.getpid()
