"""A hostile or broken provider is contained: deadline, circuit breaker,
Retry-After, a time limit per request, a size cap, answers carrying the key.

deep-translator's real LibreTranslator talks to the local server
(seoultrain_i18n/testing/libretranslate_server.py) in each of its hostile
modes; times are bounds (generous), never timed asserts of speed.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from seoultrain_i18n.cli import cli
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.testing.libretranslate_server import (
    FakeTranslateServer,
    fake_translate,
    running_server,
)
from seoultrain_i18n.translate.engine import BREAKER_FAILURES, Job, MTRunner, Outcome, mask
from seoultrain_i18n.translate.providers import (
    AnswerRefused,
    Provider,
    RetryableError,
    make_provider,
)
from tests.translate_project import make_project

KEY = "sk-test-0123456789abcdef"


@pytest.fixture
def server() -> Iterator[FakeTranslateServer]:
    with running_server() as running:
        yield running


def jobs_for(texts: list[str]) -> list[Job]:
    return [
        Job("en", "ko", mask([t], glossary=None, source_locale="en", target_locale="ko"), tag=t)
        for t in texts
    ]


def run(runner: MTRunner, texts: list[str]) -> tuple[dict[object, Outcome], float]:
    outcomes: dict[object, Outcome] = {}
    started = time.monotonic()
    runner.run(jobs_for(texts), lambda o: outcomes.__setitem__(o.job.tag, o))
    return outcomes, time.monotonic() - started


def libre(server: FakeTranslateServer, timeout: float = 2.0, key: str = "") -> Provider:
    env = {"LIBRE_API_KEY": key} if key else {}
    return make_provider("libre", url=server.url, timeout=timeout, env=env)


TEXTS = [f"Refugees walk for day {n}." for n in range(40)]


@pytest.mark.parametrize("fault", ["429", "500"])
def test_failing_forever_trips_the_breaker(server: FakeTranslateServer, fault: str) -> None:
    server.always = fault
    runner = MTRunner(libre(server), None, concurrency=4, retries=1, backoff=0.01, batch_chars=60)
    outcomes, elapsed = run(runner, TEXTS)
    assert all(outcome.texts is None for outcome in outcomes.values())
    assert len(outcomes) == len(TEXTS)
    # the breaker's count (and the requests in flight), each with its retry;
    # not (retries + 1) × every message
    assert server.requests <= (BREAKER_FAILURES + 4) * 2
    assert f"stopped after {BREAKER_FAILURES} failed requests in a row" in runner.stop_reason
    assert f"HTTP {fault}" in runner.stop_reason
    assert elapsed < 30


def test_never_answering_ends_at_the_deadline(server: FakeTranslateServer) -> None:
    server.always = "never"
    runner = MTRunner(
        libre(server, timeout=1.0), None, concurrency=2, retries=1, backoff=0.01, deadline=3.0
    )
    outcomes, elapsed = run(runner, TEXTS[:5])
    assert all(outcome.texts is None for outcome in outcomes.values())
    assert elapsed < 3.0 + 2.0  # the deadline and a little bookkeeping
    assert runner.stop_reason


def test_dripping_server_does_not_outlive_the_timeout(server: FakeTranslateServer) -> None:
    server.always = "drip"
    server.drip_seconds = 0.2  # a 60-byte answer would take 12 s
    provider = libre(server, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(RetryableError, match=r"no complete answer within 1 s"):
        provider.translate(["They wait."], "en", "ko")
    assert time.monotonic() - started < 2.0


def test_dripping_server_costs_the_run_only_its_deadline(server: FakeTranslateServer) -> None:
    server.always = "drip"
    server.drip_seconds = 1.0
    runner = MTRunner(libre(server, timeout=2.0), None, retries=0, deadline=4.0)
    outcomes, elapsed = run(runner, TEXTS[:6])
    assert all(outcome.texts is None for outcome in outcomes.values())
    assert elapsed < 4.0 + 2.5


def test_retry_after_is_honoured(server: FakeTranslateServer) -> None:
    server.faults.extend(["retry-after"])
    server.retry_after = "1"
    pauses: list[float] = []
    runner = MTRunner(libre(server), None, retries=2, backoff=0.01, sleep=pauses.append)
    outcomes, _ = run(runner, ["They wait."])
    assert outcomes["They wait."].texts == [fake_translate("They wait.")]
    assert pauses == [1.0]


def test_retry_after_beyond_the_deadline_stops_at_once(server: FakeTranslateServer) -> None:
    server.always = "retry-after"
    server.retry_after = "3600"
    runner = MTRunner(libre(server), None, retries=4, deadline=30.0)
    outcomes, elapsed = run(runner, TEXTS[:3])
    assert all(outcome.texts is None for outcome in outcomes.values())
    assert "asks to wait 3600 s, beyond the deadline of 30 s" in runner.stop_reason
    assert elapsed < 5
    assert server.requests <= 2


def test_huge_answer_is_refused_without_reading_it(server: FakeTranslateServer) -> None:
    server.always = "huge"
    provider = libre(server)
    with pytest.raises(AnswerRefused, match=r"libre: answer of 52,428,800 bytes refused"):
        provider.translate(["They wait."], "en", "ko")


def test_huge_answer_without_a_length_is_cut_at_the_cap(server: FakeTranslateServer) -> None:
    from seoultrain_i18n.translate import providers

    server.always = "huge"
    server.huge_bytes = 2 * 1024 * 1024
    provider = libre(server)
    original = providers._read_body

    def no_length(response, state):  # type: ignore[no-untyped-def]
        del response.headers["Content-Length"]
        return original(response, state)

    providers._read_body = no_length
    try:
        with pytest.raises(AnswerRefused, match=r"answer over [\d,]+ bytes refused"):
            provider.translate(["They wait."], "en", "ko")
    finally:
        providers._read_body = original


def test_answer_with_the_key_is_refused(server: FakeTranslateServer) -> None:
    server.always = "leak-key"
    provider = libre(server, key=KEY)
    with pytest.raises(AnswerRefused) as caught:
        provider.translate(["They wait."], "en", "ko")
    assert "contains the API key" in str(caught.value)
    assert KEY not in str(caught.value)


# ---------------------------------------------------------------- through the CLI


def translate(root: Path, server: FakeTranslateServer) -> tuple[int, str, float]:
    started = time.monotonic()
    result = CliRunner().invoke(
        cli,
        ["--project", str(root), "-q", "translate", "--provider", "libre",
         "--provider-url", server.url],
        env={"LIBRE_API_KEY": KEY},
    )
    return result.exit_code, result.output, time.monotonic() - started


def stored_text(root: Path) -> str:
    texts = [path.read_text(encoding="utf-8") for path in (root / "locales").rglob("*.po")]
    for path in (root / "locales").glob("*.sqlite"):
        with sqlite3.connect(path) as connection:
            for table, in connection.execute("select name from sqlite_master where type='table'"):
                texts += [repr(row) for row in connection.execute(f"select * from {table}")]
    return "\n".join(texts)


@pytest.mark.parametrize("fault", ["500", "never", "drip", "huge", "leak-key"])
def test_translate_ends_in_time_stores_nothing_hostile_and_keeps_earlier_results(
    tmp_path: Path, server: FakeTranslateServer, fault: str
) -> None:
    root = make_project(tmp_path / "p", timeout=1.0)
    pyproject = root / "pyproject.toml"
    settings = "retries = 3\ndeadline = 6\nbatch-chars = 150"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace("retries = 3", settings), encoding="utf-8"
    )
    server.faults.extend(["ok"] * 2)  # the first answers arrive, then the server turns
    server.always = fault
    server.drip_seconds = 0.5
    code, output, elapsed = translate(root, server)
    assert code == 1, output
    assert "internal error" not in output
    assert elapsed < 6 + 4
    stored = stored_text(root)
    assert KEY not in stored
    assert "a" * 100_000 not in stored
    drafts = [
        message
        for path in (root / "locales").rglob("*.po")
        for message in read_po(path).live()
        if message.comments and message.comments[-1].startswith("draft: libre")
    ]
    assert drafts, "the answers obtained before the server turned were kept"


def test_retry_after_header_forms() -> None:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    from seoultrain_i18n.translate.providers import _retry_after

    assert _retry_after("120") == 120.0
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    assert 80 <= (_retry_after(later) or 0) <= 91
    assert _retry_after("soon") is None
    assert _retry_after("") is None
