"""The review server over HTTP (the real server, a subprocess on 127.0.0.1):
the token, the Host and Origin checks, where it listens, which files it
serves, its headers, and saving: msgcat-identical, conflicts refused, unsafe
markup refused."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from seoultrain_i18n.formats.po import read_po
from tests.conftest import needs_gettext
from tests.review.review_server import (
    KO_SITE,
    KO_TRAILER,
    Server,
    copy_project,
    edit_catalog,
    review_server,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    project = copy_project(tmp_path_factory.mktemp("review") / "project")
    with review_server(project) as running:
        yield running


def request(
    server: Server,
    method: str,
    path: str,
    body: Any = None,
    *,
    token: str | None = "yes",
    host: str | None = None,
    origin: str | None = "same",
) -> tuple[int, dict[str, str], bytes]:
    """One request with exactly the headers a test wants (http.client sets no Origin)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Host": host or f"127.0.0.1:{server.port}"}
    if token == "yes":
        headers["X-Review-Token"] = server.token
    elif token is not None:
        headers["X-Review-Token"] = token
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
        if origin == "same":
            headers["Origin"] = server.base
        elif origin is not None:
            headers["Origin"] = origin
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    result = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    connection.close()
    return result


def stamp_of(server: Server, locale: str = "ko", domain: str = "trailer") -> str:
    status, _, body = request(server, "GET", f"/api/subtitles?locale={locale}&domain={domain}")
    assert status == 200, body
    stamp: str = json.loads(body)["catalog"]["stamp"]
    return stamp


def save(server: Server, edits: list[dict[str, Any]], stamp: str, **extra: Any) -> Any:
    body = {"locale": "ko", "domain": "trailer", "stamp": stamp, "edits": edits, **extra}
    return request(server, "POST", "/api/save", body)


# ---------------------------------------------------------------- access


def test_every_request_without_the_token_is_refused(server: Server) -> None:
    for path in ("/", "/api/catalogs", "/api/subtitles?locale=ko&domain=trailer",
                 "/media/trailer", "/site/ko/film.html"):
        status, _, _ = request(server, "GET", path, token=None)
        assert status == 403, path
        status, _, _ = request(server, "GET", path, token="not-the-token")
        assert status == 403, path
    status, _, body = request(server, "GET", "/api/catalogs")
    assert status == 200
    assert "trailer" in [track["domain"] for track in json.loads(body)["tracks"]]
    status, _, _ = request(server, "GET", f"/?token={server.token}", token=None)
    assert status == 200


def test_a_foreign_host_is_refused_even_with_the_token(server: Server) -> None:
    # DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1.
    for host in (f"evil.example:{server.port}", "127.0.0.1", f"127.0.0.1:{server.port + 1}"):
        status, _, _ = request(server, "GET", "/api/catalogs", host=host)
        assert status == 403, host
    status, _, _ = request(server, "GET", "/api/catalogs", host=f"localhost:{server.port}")
    assert status == 200


def test_state_changing_requests_need_the_token_header_and_the_same_origin(
    server: Server,
) -> None:
    path = server.project / KO_TRAILER
    before = path.read_bytes()
    edit = [{"key": [None, "Seoul Train"], "translation": "해킹", "fuzzy": False}]
    stamp = stamp_of(server)
    body = {"locale": "ko", "domain": "trailer", "stamp": stamp, "edits": edit}
    for origin in ("http://evil.example", None, f"http://localhost:{server.port + 1}"):
        status, _, _ = request(server, "POST", "/api/save", body, origin=origin)
        assert status == 403, origin
    status, _, _ = request(server, "POST", "/api/save", body, token=None)
    assert status == 403
    # The token in the query string does not do for a state change.
    status, _, _ = request(server, "POST", f"/api/save?token={server.token}", body, token=None)
    assert status == 403
    assert path.read_bytes() == before


def _listening_addresses(port: int) -> list[str]:
    """Local addresses with a listening TCP socket on ``port`` (from /proc/net)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":  # LISTEN
                found.append(address)
    return found


def test_it_listens_on_loopback_only(server: Server) -> None:
    addresses = _listening_addresses(server.port)
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp on this system")
    assert addresses == ["0100007F"]  # 127.0.0.1, and nothing else (not 0.0.0.0, not ::)
    others = {
        info[4][0]
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        if not info[4][0].startswith("127.")
    }
    for address in others:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((address, server.port), timeout=2).close()


def test_only_files_inside_the_project_are_served(server: Server) -> None:
    token = f"?token={server.token}"
    for path in (
        "/static/..%2f..%2fcli%2freview.py",
        "/static/../../cli/review.py",
        "/site/ko/..%2f..%2fpyproject.toml",
        "/site/ko/..%2fpyproject.toml",
        "/site/ko/assets/..%2f..%2f..%2fpyproject.toml",
        "/site/ko/%2fetc%2fpasswd",
        "/site/ko/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd" + token,
        "/site/ko/..%2f..%2flocales%2fko%2fLC_MESSAGES%2fsite.po",
    ):
        status, _, body = request(server, "GET", path)
        assert status == 404, (path, body[:80])
        assert b"root:" not in body
    status, headers, _ = request(server, "GET", "/site/ko/assets/style.css")
    assert status == 200
    assert headers["content-type"].startswith("text/css")
    status, headers, body = request(server, "GET", f"/media/trailer{token}")
    assert status == 200
    assert headers["content-type"] == "video/webm"
    assert body == (server.project / "content/assets/trailer.webm").read_bytes()


def test_every_response_carries_a_content_security_policy(server: Server) -> None:
    _, headers, _ = request(server, "GET", f"/?token={server.token}", token=None)
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    _, headers, body = request(server, "GET", f"/site/ko/film.html?token={server.token}")
    preview = headers["content-security-policy"]
    assert "script-src" not in preview
    assert "default-src 'none'" in preview
    assert "sandbox" in preview
    assert b'class="review-seg"' in body


# ---------------------------------------------------------------- saving


@needs_gettext
def test_a_save_writes_what_msgcat_writes(server: Server) -> None:
    path = server.project / KO_TRAILER
    edit = [{"key": [None, "Seoul Train"], "translation": "서울 기차", "fuzzy": False}]
    status, _, body = save(server, edit, stamp_of(server))
    assert status == 200, body
    assert json.loads(body)["changed"] == 1
    assert read_po(path).index()[(None, "Seoul Train")].translation == "서울 기차"
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode == 0
    msgcat = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert msgcat == path.read_bytes()


def test_a_save_after_the_file_changed_on_disk_is_refused(server: Server) -> None:
    path = server.project / KO_TRAILER
    stamp = stamp_of(server)

    def poedit(messages: dict[str, Any]) -> None:
        messages["Names have been withheld for their safety."].translation = "Poedit에서 고친 줄"

    edit_catalog(path, poedit)
    on_disk = path.read_bytes()
    edit = [{"key": [None, "Seoul Train"], "translation": "리뷰에서 고친 줄", "fuzzy": False}]
    status, _, body = save(server, edit, stamp)
    assert status == 409
    assert "changed on disk" in json.loads(body)["error"]
    assert path.read_bytes() == on_disk  # the other editor's work is untouched
    # Loaded again, the same edit saves on top of the other editor's work.
    status, _, body = save(server, edit, stamp_of(server))
    assert status == 200, body
    index = read_po(path).index()
    assert index[(None, "Seoul Train")].translation == "리뷰에서 고친 줄"
    assert index[(None, "Names have been withheld for their safety.")].translation == (
        "Poedit에서 고친 줄"
    )


def test_touching_the_file_without_changing_it_is_no_conflict(server: Server) -> None:
    path = server.project / KO_TRAILER
    stamp = stamp_of(server)
    path.write_bytes(path.read_bytes())  # a new mtime, the same bytes
    edit = [{"key": [None, "Seoul Train"], "translation": "서울 트레인", "fuzzy": False}]
    status, _, body = save(server, edit, stamp)
    assert status == 200, body


def test_unsafe_markup_is_never_saved(server: Server) -> None:
    path = server.project / KO_TRAILER
    before = path.read_bytes()
    hostile = '서울 <img src=x onerror="alert(1)">'
    edit = [{"key": [None, "Seoul Train"], "translation": hostile, "fuzzy": False}]
    for confirm in (False, True):
        status, _, body = save(server, edit, stamp_of(server), confirm=confirm)
        answer = json.loads(body)
        assert status == 422
        assert answer["confirmable"] is False
        assert [f["code"] for f in answer["findings"]] == ["M204"] * len(answer["findings"])
    assert path.read_bytes() == before


def test_other_errors_are_saved_only_when_confirmed(server: Server) -> None:
    path = server.project / KO_SITE
    status, _, body = request(server, "GET", "/api/pages?locale=ko&page=qa.html")
    stamp = json.loads(body)["catalog"]["stamp"]
    # A translation that drops the source's <em>: M201, an error but not unsafe.
    source = "Why is the film called <em>SEOUL TRAIN</em>?"
    edit = [{"key": [None, source], "translation": "주소 없음", "fuzzy": False}]
    body_json = {"locale": "ko", "domain": "site", "stamp": stamp, "edits": edit}
    status, _, body = request(server, "POST", "/api/save", body_json)
    answer = json.loads(body)
    assert status == 422
    assert answer["confirmable"] is True
    assert "M201" in [f["code"] for f in answer["findings"]]
    assert read_po(path).index()[(None, source)].translation != "주소 없음"
    status, _, body = request(server, "POST", "/api/save", {**body_json, "confirm": True})
    assert status == 200, body
    assert read_po(path).index()[(None, source)].translation == "주소 없음"


def test_a_preview_lays_out_and_checks_a_draft_without_saving(server: Server) -> None:
    path = server.project / KO_TRAILER
    before = path.read_bytes()
    long_line = "떠나는 것조차 금지하는 나라를 등지고 강을 건너 멀리 떠난다"
    body = {
        "locale": "ko",
        "domain": "trailer",
        "key": [None, "and a country that forbids them to leave."],
        "translation": long_line,
        "fuzzy": False,
    }
    status, _, answer = request(server, "POST", "/api/subtitles/preview", body)
    assert status == 200
    (cue,) = json.loads(answer)["cues"]
    assert cue["number"] == 5
    assert len(cue["lines"]) == 2
    assert "".join(cue["lines"]).replace(" ", "") == long_line.replace(" ", "")
    assert all(width <= 16 for width in cue["widths"])
    assert cue["cps"] > 0
    assert path.read_bytes() == before


def test_a_broken_catalog_is_a_one_line_error_and_nothing_is_written(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / KO_TRAILER
    broken = path.read_bytes().replace(b'msgstr "\xec\x84\x9c\xec\x9a\xb8', b'msgstr "\\q', 1)
    assert broken != path.read_bytes()
    path.write_bytes(broken)
    with review_server(project) as running:
        status, _, body = request(running, "GET", "/api/subtitles?locale=ko&domain=trailer")
        error = json.loads(body)["error"]
        assert status == 400
        assert error.startswith("locales/ko/LC_MESSAGES/trailer.po:")
        assert "\n" not in error
        edit = [{"key": [None, "Seoul Train"], "translation": "x", "fuzzy": False}]
        stamp = "0:0:0"
        status, _, body = save(running, edit, stamp)
        assert status == 409  # the page never had this file's bytes
        # The other catalogs still open.
        status, _, _ = request(running, "GET", "/api/pages?locale=ko&page=film.html")
        assert status == 200
    assert path.read_bytes() == broken
