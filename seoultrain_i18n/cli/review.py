"""``review``: the local web application over the project's catalogs (docs/review.md)."""

from __future__ import annotations

import webbrowser

import click

from seoultrain_i18n.cli import AppContext, pass_app
from seoultrain_i18n.cli.options import domain_option, locale_option
from seoultrain_i18n.errors import I18nError


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
    from seoultrain_i18n.review.server import is_loopback, listen, new_token, serve
    from seoultrain_i18n.review.session import ReviewSession

    session = ReviewSession(app.project, list(locales), list(domains))
    if not session.refs:
        raise I18nError("nothing to review: no catalog matches (run `seoultrain-i18n update`)")
    listener = listen(host, port)
    port = listener.getsockname()[1]
    token = new_token()
    wildcard = host in ("0.0.0.0", "::")
    shown = "127.0.0.1" if wildcard else f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/?token={token}"
    if not is_loopback(host):
        app.info(f"warning: listening on {host}: whoever reaches it with the token can edit")
    click.echo(f"review: {url}")
    app.info("Ctrl-C stops the server; every save is already on disk.")
    if not no_open:
        webbrowser.open(url)
    serve(session, token, host, listener)
