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
    known = {str(project.get("site-domain"))}
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


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))


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
