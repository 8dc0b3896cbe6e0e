"""Options and helpers shared by several commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

locale_option = click.option(
    "-l",
    "--locale",
    "locales",
    multiple=True,
    help="Only this locale (repeatable): ko, zh_Hans, zh_Hant, en.",
)
domain_option = click.option(
    "--domain", "domains", multiple=True, help="Only this domain (repeatable): site or a track name."
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
