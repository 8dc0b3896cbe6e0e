"""The review application's web server (the one Starlette/uvicorn adapter).

Security, in the order a request meets it (``Guard``):

- the ``Host`` header must name this server (``127.0.0.1:PORT``,
  ``localhost:PORT`` or the bound address), so a DNS-rebinding page whose
  name resolves here is refused;
- everything but the static files of the application itself needs the
  per-run token (the ``X-Review-Token`` header, or ``?token=`` for what the
  browser loads by URL: the page, the video, the page previews);
- a state-changing request (anything but GET/HEAD) needs the token in the
  header and an ``Origin`` equal to this server's, and a ``Sec-Fetch-Site``
  (when sent) of ``same-origin``;
- every response carries a Content-Security-Policy: the application runs only
  its own scripts; a page preview runs none (and is sandboxed);
- files are served only from the package's ``static/`` folder and the
  project's content folder, each path resolved and checked to stay inside.

The page itself writes every translation with ``textContent``.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import mimetypes
import secrets
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.model import MessageKey
from seoultrain_i18n.review.pages import load_page, page_refs, page_view, render_marked
from seoultrain_i18n.review.session import (
    ConflictError,
    Edit,
    RefusedError,
    ReviewSession,
    finding_json,
)
from seoultrain_i18n.review.subtitles import VIDEO_TYPES, TrackView, find_video

STATIC = Path(__file__).resolve().parent / "static"
TOKEN_HEADER = "x-review-token"
MAX_BODY = 1 << 20  # a save of a whole catalog's edits fits easily
APP_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; connect-src 'self'; frame-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
# Page previews: no script at all, styles and images of the site only.
PREVIEW_CSP = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "media-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'; sandbox allow-same-origin"
)
COMMON_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-resource-policy": "same-origin",
}
SAFE_METHODS = ("GET", "HEAD")


def _refuse(status: int, text: str) -> Response:
    return PlainTextResponse(text, status_code=status, headers={**COMMON_HEADERS})


class Guard:
    """Host, token and same-origin checks in front of the application (ASGI)."""

    def __init__(self, app: ASGIApp, token: str, hosts: list[str], *, any_ip: int = 0) -> None:
        self.app = app
        self.token = token
        self.hosts = {host.lower() for host in hosts}
        # Bound to every interface (--host 0.0.0.0): an IP address with our port
        # is ours too. A name never is: DNS rebinding needs a name.
        self.any_ip_port = any_ip

    def host_allowed(self, host: str) -> bool:
        if host in self.hosts:
            return True
        if not self.any_ip_port:
            return False
        address, _, port = host.rpartition(":")
        try:
            ipaddress.ip_address(address.strip("[]"))
        except ValueError:
            return False
        return port == str(self.any_ip_port)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.check(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                path = scope["path"]
                csp = PREVIEW_CSP if path.startswith("/site/") else APP_CSP
                extra = {**COMMON_HEADERS, "content-security-policy": csp}
                if not path.startswith("/site/"):
                    extra["x-frame-options"] = "DENY"
                for name, value in extra.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def check(self, scope: Scope) -> Response | None:
        headers = {name.decode("latin-1").lower(): value.decode("latin-1")
                   for name, value in scope["headers"]}
        host = headers.get("host", "").lower()
        if not self.host_allowed(host):
            return _refuse(403, "forbidden: this review server answers only to its own address")
        path: str = scope["path"]
        method: str = scope["method"]
        if method in SAFE_METHODS and (path.startswith("/static/") or _is_site_asset(path)):
            return None
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = headers.get(TOKEN_HEADER) or (
            query.get("token", [""])[0] if method in SAFE_METHODS else ""
        )
        if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
            return _refuse(
                403, "forbidden: open the address that `seoultrain-i18n review` printed"
            )
        if method not in SAFE_METHODS:
            origin = headers.get("origin", "")
            if origin.lower() != f"http://{host}":
                return _refuse(403, "forbidden: cross-origin request")
            if headers.get("sec-fetch-site", "same-origin") != "same-origin":
                return _refuse(403, "forbidden: cross-site request")
        return None


def _is_site_asset(path: str) -> bool:
    """A content file a page preview loads (stylesheet, images): not a page."""
    return path.startswith("/site/") and not path.endswith((".html", "/"))


def _inside(root: Path, relative: str) -> Path | None:
    """``root/relative`` if it is an existing file inside ``root`` (no dot files)."""
    if any(part.startswith(".") for part in Path(relative).parts):
        return None
    base = root.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target


def _key(value: Any) -> MessageKey:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not (value[0] is None or isinstance(value[0], str))
        or not isinstance(value[1], str)
    ):
        raise I18nError("a message key is [context or null, source]")
    return (value[0], value[1])


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str):
        raise I18nError(f"{name}: expected a string")
    return value


class ReviewApp:
    """The routes over one ``ReviewSession``; one request at a time touches it."""

    def __init__(self, session: ReviewSession) -> None:
        self.session = session
        self.lock = threading.Lock()

    def routes(self) -> list[Route]:
        locked, body = self.locked, _with_body
        return [
            Route("/", self.index),
            Route("/static/{name:path}", self.static),
            Route("/media/{domain}", self.media),
            Route("/site/{locale}/{name:path}", self.site),
            Route("/api/catalogs", locked(self.catalogs)),
            Route("/api/subtitles", locked(self.subtitles)),
            Route("/api/pages", locked(self.pages)),
            Route("/api/subtitles/preview", body(locked(self.subtitle_preview)), methods=["POST"]),
            Route("/api/pages/preview", body(locked(self.page_preview)), methods=["POST"]),
            Route("/api/save", body(locked(self.save)), methods=["POST"]),
        ]

    def locked(self, handler: Callable[..., Response]) -> Callable[..., Response]:
        """One request at a time touches the session; our errors become a 400 line."""

        def run(*args: Any) -> Response:
            with self.lock:
                try:
                    return handler(*args)
                except I18nError as error:
                    return JSONResponse({"error": str(error)}, status_code=400)

        return run

    # -- pages and files

    def index(self, request: Request) -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    def static(self, request: Request) -> Response:
        target = _inside(STATIC, request.path_params["name"])
        if target is None:
            return _refuse(404, "not found")
        return FileResponse(target, media_type=_media_type(target))

    def media(self, request: Request) -> Response:
        domain = request.path_params["domain"]
        if not any(ref.domain == domain for ref in self.session.refs):
            return _refuse(404, "not found")
        video = find_video(self.session.project, domain)
        if video is None:
            return _refuse(404, "no video for this track")
        return FileResponse(video, media_type=VIDEO_TYPES[video.suffix])

    def site(self, request: Request) -> Response:
        name: str = request.path_params["name"]
        content = self.session.project.content_dir
        if not name.endswith(".html"):
            target = _inside(content, name)
            if target is None:
                return _refuse(404, "not found")
            return FileResponse(target, media_type=_media_type(target))
        with self.lock:
            try:
                locale = locale_ids.from_bcp47(request.path_params["locale"])
                page = load_page(self.session, name)
                catalog = None
                if locale != self.session.project.source_locale:
                    catalog = self.session.load(locale, self.session.site_domain).catalog
                text = render_marked(page, catalog)
            except I18nError as error:
                return _refuse(404, str(error))
        return Response(text, media_type="text/html; charset=utf-8")

    # -- the API

    def catalogs(self, request: Request) -> Response:
        session = self.session
        tracks: dict[str, list[str]] = {}
        site: list[str] = []
        for ref in session.refs:
            if ref.is_track:
                tracks.setdefault(ref.domain, []).append(ref.locale)
            elif ref.domain == session.site_domain:
                site.append(ref.locale)
        return JSONResponse(
            {
                "project": session.project.name,
                "source_locale": session.project.source_locale,
                "tracks": [
                    {"domain": domain, "locales": locales} for domain, locales in tracks.items()
                ],
                "site": {"locales": site, "pages": [ref.name for ref in page_refs(session)]},
                "names": {
                    ref.locale: locale_ids.display_name(ref.locale) for ref in session.refs
                },
                "bcp47": {ref.locale: locale_ids.to_bcp47(ref.locale) for ref in session.refs},
            }
        )

    def subtitles(self, request: Request) -> Response:
        locale, domain = request.query_params.get("locale", ""), request.query_params.get(
            "domain", ""
        )
        view = TrackView.open(self.session, locale, domain)
        return JSONResponse(view.view(self.session.load(locale, domain)))

    def subtitle_preview(self, request: Request, body: dict[str, Any]) -> Response:
        locale, domain = _text(body, "locale"), _text(body, "domain")
        view = TrackView.open(self.session, locale, domain)
        message = self._draft(locale, domain, body)
        return JSONResponse({"cues": view.preview(message)})

    def pages(self, request: Request) -> Response:
        locale = request.query_params.get("locale", "")
        loaded = self.session.load(locale, self.session.site_domain)
        page = load_page(self.session, request.query_params.get("page", ""))
        return JSONResponse(page_view(self.session, loaded, page))

    def page_preview(self, request: Request, body: dict[str, Any]) -> Response:
        locale = _text(body, "locale")
        message = self._draft(locale, self.session.site_domain, body)
        ref = self.session.ref(locale, self.session.site_domain)
        findings = self.session.findings(ref, message) if message.translation else []
        return JSONResponse(
            {
                "findings": [finding_json(f) for f in findings],
                "verdict": self.session.verdict(ref, message),
            }
        )

    def _draft(self, locale: str, domain: str, body: dict[str, Any]) -> Any:
        loaded = self.session.load(locale, domain)
        key = _key(body.get("key"))
        message = loaded.catalog.index().get(key)
        if message is None:
            raise I18nError("the message is no longer in the catalog: reload it")
        return self.session.draft(
            loaded.ref, message, _text(body, "translation"), bool(body.get("fuzzy"))
        )

    def save(self, request: Request, body: dict[str, Any]) -> Response:
        edits_value = body.get("edits")
        if not isinstance(edits_value, list):
            raise I18nError("edits: expected a list")
        edits = [
            Edit(_key(item.get("key")), _text(item, "translation"), bool(item.get("fuzzy")))
            for item in edits_value
            if isinstance(item, dict)
        ]
        try:
            result = self.session.save(
                _text(body, "locale"),
                _text(body, "domain"),
                _text(body, "stamp"),
                edits,
                confirm=body.get("confirm") is True,
            )
        except ConflictError as error:
            return JSONResponse({"error": str(error), "conflict": True}, status_code=409)
        except RefusedError as error:
            return JSONResponse(
                {
                    "error": str(error),
                    "confirmable": error.confirmable,
                    "findings": [finding_json(f) for f in error.findings],
                },
                status_code=422,
            )
        return JSONResponse(
            {
                "stamp": result.stamp.token(),
                "changed": result.changed,
                "findings": [finding_json(f) for f in result.findings],
            }
        )


def _media_type(path: Path) -> str:
    if path.suffix in VIDEO_TYPES:
        return VIDEO_TYPES[path.suffix]
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return guessed + ("; charset=utf-8" if guessed.startswith("text/") else "")


def _with_body(
    handler: Callable[[Request, dict[str, Any]], Response],
) -> Callable[[Request], Any]:
    """A POST handler receives its JSON body (a one-line 400 when it is not an object)."""

    async def endpoint(request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return JSONResponse({"error": "expected application/json"}, status_code=415)
        raw = await request.body()
        try:
            body = json.loads(raw)
        except ValueError:
            return JSONResponse({"error": "the body is not JSON"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "the body is not a JSON object"}, status_code=400)
        from starlette.concurrency import run_in_threadpool

        result: Response = await run_in_threadpool(handler, request, body)
        return result

    return endpoint


def create_app(
    session: ReviewSession, token: str, hosts: list[str], *, any_ip: int = 0
) -> ASGIApp:
    """The whole application: routes behind the guard (``any_ip``: the port, when
    bound to every interface)."""
    app = Starlette(routes=ReviewApp(session).routes(), max_body_size=MAX_BODY)
    return Guard(app, token, hosts, any_ip=any_ip)


# ---------------------------------------------------------------- listening


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), bound before the
    address is printed, so the printed port is the real one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        raise I18nError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    listener.listen(64)
    return listener


def allowed_hosts(host: str, port: int) -> list[str]:
    """The Host headers this server answers to (anything else: DNS rebinding)."""
    shown = f"[{host}]" if ":" in host else host
    hosts = [f"{shown}:{port}"]
    if is_loopback(host) or host in ("0.0.0.0", "::"):
        hosts += [f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"]
    return sorted(set(hosts))


def new_token() -> str:
    """The per-run secret that every request but static files must carry."""
    return secrets.token_urlsafe(24)


def serve(session: ReviewSession, token: str, host: str, listener: socket.socket) -> None:
    """Answer requests on ``listener`` until Ctrl-C (uvicorn, pure Python on h11)."""
    import uvicorn

    port = listener.getsockname()[1]
    wildcard = host in ("0.0.0.0", "::")
    app = create_app(session, token, allowed_hosts(host, port), any_ip=port if wildcard else 0)
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="off", server_header=False
    )
    try:
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
