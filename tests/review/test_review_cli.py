"""The `review` command's wiring (in-process with Click's CliRunner) and the
guard's Host rule when the server is asked to listen on every interface."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from seoultrain_i18n.cli import cli
from seoultrain_i18n.review.server import Guard, allowed_hosts
from tests.review.review_server import copy_project


def test_a_port_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            cli, ["--project", str(project), "review", "--no-open", "--port", str(port)]
        )
    assert result.exit_code == 1
    assert result.output.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    assert result.output.count("\n") == 1
    assert "Traceback" not in result.output


def test_an_unknown_locale_is_a_usage_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = CliRunner().invoke(cli, ["--project", str(project), "review", "-l", "fr"])
    assert result.exit_code == 2
    assert "unknown locale 'fr'" in result.output


def test_review_is_listed_in_the_help() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "review" in result.output
    result = CliRunner().invoke(cli, ["review", "--help"])
    assert "--no-open" in result.output
    assert "--host" in result.output


def _scope(host: str) -> dict[str, object]:
    return {
        "type": "http",
        "method": "GET",
        "path": "/api/catalogs",
        "query_string": b"",
        "headers": [(b"host", host.encode()), (b"x-review-token", b"secret")],
    }


def test_on_every_interface_an_ip_address_is_ours_and_a_name_is_not() -> None:
    guard = Guard(None, "secret", allowed_hosts("0.0.0.0", 8765), any_ip=8765)  # type: ignore[arg-type]
    for host in ("127.0.0.1:8765", "localhost:8765", "10.1.2.3:8765", "[fe80::1]:8765"):
        assert guard.check(_scope(host)) is None, host
    for host in ("evil.example:8765", "10.1.2.3:8766", "10.1.2.3", "rebind.127.0.0.1.nip.io:8765"):
        refusal = guard.check(_scope(host))
        assert refusal is not None, host
        assert refusal.status_code == 403


def test_on_loopback_only_loopback_names_are_ours() -> None:
    guard = Guard(None, "secret", allowed_hosts("127.0.0.1", 8765))  # type: ignore[arg-type]
    assert guard.check(_scope("127.0.0.1:8765")) is None
    assert guard.check(_scope("[::1]:8765")) is None
    for host in ("10.1.2.3:8765", "0.0.0.0:8765", "evil.example:8765"):
        assert guard.check(_scope(host)) is not None, host
