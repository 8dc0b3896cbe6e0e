"""Options and helpers shared by several commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _project_locales(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """Refuse a locale the project does not have (``-l xx`` would silently do nothing)."""
    if not values or ctx.resilient_parsing:
        return values
    from seoultrain_i18n.errors import I18nError
    from seoultrain_i18n.locales import normalize

    app = ctx.find_root().obj
    project = app.project
    known = [project.source_locale, *project.target_locales]
    for value in values:
        try:
            locale = normalize(value)
        except I18nError:
            locale = value
        if locale not in known:
            raise click.BadParameter(
                f"unknown locale {value!r}: this project's locales are {', '.join(known)} "
                "(source-locale and target-locales in pyproject.toml)"
            )
    return values


def _forced_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate ``--encoding`` and read every source track of this command with it."""
    if value is None or ctx.resilient_parsing:
        return value
    from seoultrain_i18n.subtitles.sources import check_encoding, with_encoding

    try:
        name = check_encoding(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    app = ctx.find_root().obj
    app.replace_project(with_encoding(app.project, name))
    return name


encoding_option = click.option(
    "--encoding",
    default=None,
    metavar="ENC",
    expose_value=False,
    is_eager=True,
    callback=_forced_encoding,
    help="Read every source subtitle track with this encoding (e.g. cp949, cp1252); "
    "default: the track's setting in [tool.seoultrain-i18n.subtitles] encodings, else detected.",
)


def valid_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--encoding`` of ``import``: a known text encoding (else a usage error)."""
    if value is None or ctx.resilient_parsing:
        return value
    from seoultrain_i18n.subtitles.sources import check_encoding

    try:
        return check_encoding(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def print_track_encodings(app: Any) -> None:
    """``-v``: each source track's encoding and how it was chosen."""
    if not app.verbose or app.quiet:
        return
    from seoultrain_i18n.errors import I18nError
    from seoultrain_i18n.subtitles.sources import discover_tracks

    project = app.project
    try:
        tracks = discover_tracks(project, problems=[])
    except I18nError:
        return  # the command itself reports configuration errors
    for track in tracks:
        app.detail(f"{project.relative(track.path)}: {track.track.decoding or track.encoding}")


locale_option = click.option(
    "-l",
    "--locale",
    "locales",
    multiple=True,
    callback=_project_locales,
    help="Only this locale (repeatable): ko, zh_Hans, zh_Hant, en.",
)


def _project_domains(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """Refuse a domain the project does not have (``--domain xx`` would silently do nothing)."""
    if not values or ctx.resilient_parsing:
        return values
    from seoultrain_i18n.subtitles.sources import parse_track_name, track_files

    project = ctx.find_root().obj.project
    known = {project.site_domain}
    known |= {path.stem for path in project.locales_dir.glob("*.pot")}
    names = (parse_track_name(path.name) for path in track_files(project.subtitles_dir))
    known |= {name.domain for name in names if name is not None}
    for value in values:
        if value not in known:
            raise click.BadParameter(
                f"unknown domain {value!r}: this project's domains are {', '.join(sorted(known))}"
            )
    return values


domain_option = click.option(
    "--domain",
    "domains",
    multiple=True,
    callback=_project_domains,
    help="Only this domain (repeatable): site or a track name.",
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format; json for machines.",
)


def echo_json(data: Any, echo: Callable[[str], None] = click.echo) -> None:
    echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))


@contextmanager
def progress_bar(quiet: bool, length: int, label: str) -> Iterator[Callable[[int], None]]:
    """Yield an ``advance(n)`` callback that drives a bar on stderr.

    Stages take such a callback and know nothing of Click; with ``-q`` the
    callback does nothing.
    """
    if quiet or length <= 0:
        yield lambda step: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update


class StepBars:
    """One stderr progress bar per step of a long command (``build``, ``pipeline``).

    Each bar is sized when its step starts (``start(label, total)``). Bars
    show only on a terminal and never with ``-q``: redirected or quiet runs
    print nothing here.
    """

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self._bar: Any = None

    def start(self, label: str, total: int) -> None:
        self.finish()
        if self.enabled and total > 0:
            self._bar = click.progressbar(length=total, label=label, file=sys.stderr)
            self._bar.__enter__()

    def advance(self, step: int) -> None:
        if self._bar is not None:
            self._bar.update(step)

    def finish(self) -> None:
        if self._bar is not None:
            bar, self._bar = self._bar, None
            bar.__exit__(None, None, None)
