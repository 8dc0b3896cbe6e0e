"""``import``: bring a translated subtitle track (TRACK.LANG.srt) into its catalog."""

from __future__ import annotations

from pathlib import Path

import click

from seoultrain_i18n.cli import AppContext, pass_app
from seoultrain_i18n.cli.options import echo_json, format_option, valid_encoding


def _numbers(values: list[int]) -> str:
    return ", ".join(str(value) for value in values[:20]) + (" …" if len(values) > 20 else "")


@click.command("import")
@click.argument("track", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--domain", default=None, help="The source track's domain (default: TRACK's name).")
@click.option(
    "--encoding",
    default=None,
    callback=valid_encoding,
    help="Decode TRACK with this encoding (e.g. cp949); default: detected.",
)
@click.option(
    "--language",
    default=None,
    metavar="LANG",
    help="TRACK's language (ko, zh-Hant…): then TRACK may have any file name.",
)
@format_option
@pass_app
def import_track(
    app: AppContext,
    track: Path,
    domain: str | None,
    encoding: str | None,
    language: str | None,
    output_format: str,
) -> None:
    """Align TRACK.LANG.srt to its source track by timing and import its text
    into the LANG catalog: confident matches as translations, doubtful ones
    (partial overlap, merged or split cues) as fuzzy; reviewed translations
    are never overwritten."""
    from seoultrain_i18n.fsutil import allow
    from seoultrain_i18n.subtitles.align import import_track as run_import

    allow(track)  # named by the user: may lie outside the project
    result = run_import(app.project, track, domain=domain, encoding=encoding, language=language)
    if output_format == "json":
        echo_json(result.as_dict())
        return
    app.detail(f"{track}: decoded as {result.encoding}")
    catalog = app.project.relative(result.catalog)
    click.echo(
        f"{track} → {catalog}: {result.matched} matched, {result.doubtful} doubtful (fuzzy), "
        f"{result.kept} reviewed kept, {result.unchanged} unchanged"
    )
    if result.source_left:
        click.echo(f"  source cues without a match: {_numbers(result.source_left)}")
    if result.imported_left:
        click.echo(f"  imported cues left over: {_numbers(result.imported_left)}")
    if result.not_in_catalog:
        click.echo(f"  {result.not_in_catalog} messages are not in {catalog} yet: run update first")
