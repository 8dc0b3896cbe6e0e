"""``review``: the local web application over the project's catalogs (docs/review.md)."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import webbrowser

import click

from seoultrain_i18n.cli import AppContext, pass_app
from seoultrain_i18n.cli.options import domain_option, locale_option
from seoultrain_i18n.errors import I18nError


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
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
    if _is_loopback(host) or host in ("0.0.0.0", "::"):
        hosts += [f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"]
    return sorted(set(hosts))


@click.command("review")
@locale_option
@domain_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback exposes the catalogs to the network.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port (0: a free one).")
@click.option("--no-open", is_flag=True, help="Do not open a browser; only print the address.")
@pass_app
def review(
    app: AppContext,
    locales: tuple[str, ...],
    domains: tuple[str, ...],
    host: str,
    port: int,
    no_open: bool,
) -> None:
    """Review subtitles on the picture and pages beside the English, in the browser."""
    import uvicorn

    from seoultrain_i18n.review.server import create_app
    from seoultrain_i18n.review.session import ReviewSession

    session = ReviewSession(app.project, list(locales), list(domains))
    if not session.refs:
        raise I18nError("nothing to review: no catalog matches (run `seoultrain-i18n update`)")
    listener = _bind(host, port)
    port = listener.getsockname()[1]
    token = secrets.token_urlsafe(24)
    wildcard = host in ("0.0.0.0", "::")
    shown = "127.0.0.1" if wildcard else f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/?token={token}"
    if not _is_loopback(host):
        app.info(f"warning: listening on {host}: whoever reaches it with the token can edit")
    click.echo(f"review: {url}")
    app.info("Ctrl-C stops the server; every save is already on disk.")
    if not no_open:
        webbrowser.open(url)
    config = uvicorn.Config(
        create_app(session, token, allowed_hosts(host, port), any_ip=port if wildcard else 0),
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
    )
    try:
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()
