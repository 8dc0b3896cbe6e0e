"""Machine translation that fails fast and counts honestly: a closed port, an
unknown host and a malformed URL end the run at once with one error line (no
retries); ``--dry-run`` counts exactly the characters a real run sends, as the
local test server receives them."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

import pytest

from seoultrain_i18n.config import load_project
from seoultrain_i18n.testing.libretranslate_server import running_server
from seoultrain_i18n.translate.pretranslate import TranslateOptions, pretranslate
from seoultrain_i18n.translate.providers import UnreachableError, unreachable
from tests.conftest import run_cli
from tests.translate_project import make_project


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_closed_port_fails_at_once_with_one_line(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    url = f"http://127.0.0.1:{closed_port()}/"
    project = load_project(root)
    started = time.monotonic()
    with pytest.raises(UnreachableError, match="connection refused"):
        pretranslate(project, TranslateOptions(provider="libre", provider_url=url))
    assert time.monotonic() - started < 2.0  # no retries, no backoff
    result = run_cli("--project", str(root), "translate", "--provider", "libre",
                     "--provider-url", url)  # fmt: skip
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: libre: cannot reach {url}: connection refused"]
    assert "failed (" not in result.stderr  # not one line per message


def test_an_unknown_host_fails_at_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    # .invalid never resolves (RFC 2606); the resolver answers without the network
    result = run_cli("--project", str(root), "translate", "--provider", "libre",
                     "--provider-url", "http://no-such-host.invalid/")  # fmt: skip
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "cannot reach http://no-such-host.invalid/" in errors[0]


@pytest.mark.parametrize("url", ["localhost:5000", "127.0.0.1:5000/translate", "ftp://x.org/"])
def test_a_malformed_provider_url_is_one_usage_error(tmp_path: Path, url: str) -> None:
    root = make_project(tmp_path / "p")
    result = run_cli("--project", str(root), "translate", "--provider", "libre",
                     "--provider-url", url)  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: provider URL {url!r}: expected an absolute http(s) URL such as "
        "'http://localhost:5000/'"
    ]


def test_transient_failures_are_not_called_unreachable() -> None:
    import requests

    reset = requests.exceptions.ConnectionError(ConnectionResetError(104, "reset"))
    assert unreachable(reset) is None
    assert unreachable(requests.exceptions.ReadTimeout("slow")) is None
    assert unreachable(requests.exceptions.ConnectionError(ConnectionRefusedError(111, "x")))
    assert unreachable(requests.exceptions.ConnectionError(socket.gaierror(-2, "unknown")))


def test_dry_run_counts_exactly_what_the_server_receives(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    with running_server() as server:
        dry = run_cli("--project", str(root), "translate", "--provider", "libre",
                      "--provider-url", server.url, "--dry-run")  # fmt: skip
        assert dry.returncode == 0, dry.stderr
        assert server.requests == 0
        planned = re.search(r"would send (\d+) requests, (\d+) characters", dry.stdout)
        assert planned is not None, dry.stdout
        real = run_cli("--project", str(root), "translate", "--provider", "libre",
                       "--provider-url", server.url)  # fmt: skip
        assert real.returncode == 0, real.stderr
        received = sum(len(text) for text in server.texts)
        assert received > 0
        assert (int(planned.group(1)), int(planned.group(2))) == (server.requests, received)
        assert f"{received} characters" in real.stdout  # the run's own count agrees
