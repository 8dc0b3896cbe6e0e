"""``translate`` (pre-translation) and ``memory import|export`` (TMX)."""

from __future__ import annotations

from typing import Any

import click

from seoultrain_i18n.cli import AppContext, pass_app
from seoultrain_i18n.cli.options import domain_option, echo_json, format_option, locale_option

PROVIDER_NAMES = ["google", "mymemory", "libre", "microsoft", "deepl"]


@click.command()
@locale_option
@domain_option
@click.option(
    "--provider",
    type=click.Choice(PROVIDER_NAMES),
    default=None,
    help="Machine translation for what the offline sources cannot draft "
    "(keys from LIBRE_API_KEY, MICROSOFT_API_KEY, DEEPL_API_KEY, MYMEMORY_EMAIL).",
)
@click.option(
    "--provider-url", default="", help="Server of libre (e.g. http://127.0.0.1:5000/) or deepl."
)
@click.option(
    "--dry-run", is_flag=True, help="List what would be sent and its size; change nothing."
)
@click.option("--include-fuzzy", is_flag=True, help="Also redraft fuzzy translations.")
@format_option
@pass_app
def translate(
    app: AppContext,
    locales: tuple[str, ...],
    domains: tuple[str, ...],
    provider: str | None,
    provider_url: str,
    dry_run: bool,
    include_fuzzy: bool,
    output_format: str,
) -> None:
    """Draft untranslated messages: memory, glossary, OpenCC, then machine translation.

    Every draft is fuzzy and names its origin in a comment; reviewed
    translations are never touched. Without --provider only the offline
    sources are used.
    """
    from seoultrain_i18n.translate.pretranslate import TranslateOptions, pretranslate

    options = TranslateOptions(
        locales=locales,
        domains=domains,
        provider=provider or "",
        provider_url=provider_url,
        dry_run=dry_run,
        include_fuzzy=include_fuzzy,
    )
    bar = _LazyBar(app.quiet or output_format == "json")
    try:
        report = pretranslate(app.project, options, bar.advance, on_total=bar.start)
    finally:
        bar.close()
    if output_format == "json":
        echo_json(report.to_json())
    else:
        _print_summary(app, report)
    if report.failed:
        raise click.exceptions.Exit(1)


class _LazyBar:
    """A progress bar on stderr whose length is known only once work is planned."""

    def __init__(self, silent: bool) -> None:
        self.silent = silent
        self.bar: Any = None

    def start(self, total: int) -> None:
        if self.silent or total <= 0:
            return
        import sys

        self.bar = click.progressbar(length=total, label="translating", file=sys.stderr)
        self.bar.__enter__()

    def advance(self, step: int) -> None:
        if self.bar is not None:
            self.bar.update(step)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _print_summary(app: AppContext, report: Any) -> None:
    if report.dry_run and report.provider:
        click.echo(
            f"dry run: {report.provider or 'no provider'}: would send "
            f"{report.planned_requests} requests, {report.planned_characters} characters "
            f"({report.cache_hits} answers already cached)"
        )
        for text in report.planned_texts:
            click.echo(f"  {text}")
    parts = [f"{name} {count}" for name, count in sorted(report.filled.items())]
    verb = "would fill" if report.dry_run else "filled"
    click.echo(
        f"{verb} {report.total_filled}"
        + (f" ({', '.join(parts)})" if parts else "")
        + f", failed {len(report.failed)}, skipped {report.skipped}"
    )
    if report.requests or report.cache_hits:
        click.echo(
            f"requests {report.requests} ({report.retries} retries, "
            f"{report.characters} characters), answers from cache {report.cache_hits}"
        )
    for path in report.written:
        app.detail(f"wrote {path}")
    if report.failed:
        click.echo(f"failed ({len(report.failed)}), left untranslated:", err=True)
        for failure in report.failed:
            click.echo(f"  {failure.describe()}", err=True)


@click.group()
def memory() -> None:
    """Import or export the translation memory (TMX 1.4)."""


@memory.command("import")
@click.argument("tmx_file", type=click.Path(dir_okay=False, exists=True))
@format_option
@pass_app
def import_command(app: AppContext, tmx_file: str, output_format: str) -> None:
    """Merge TMX_FILE into the project's memory (locales/memory.tmx)."""
    from seoultrain_i18n.fsutil import allow, project_lock
    from seoultrain_i18n.translate.memory import import_tmx

    allow(tmx_file)  # named by the user: may lie outside the project
    project = app.project
    with project_lock(project.locales_dir):
        result = import_tmx(project, tmx_file)
    if output_format == "json":
        echo_json(
            {
                "read": result.units_read,
                "added": result.units_added,
                "memory": project.relative(result.path),
            }
        )
    else:
        click.echo(
            f"imported {result.units_added} of {result.units_read} units into "
            f"{project.relative(result.path)}"
        )


@memory.command("export")
@click.argument("tmx_file", type=click.Path(dir_okay=False))
@locale_option
@domain_option
@format_option
@pass_app
def export_command(
    app: AppContext,
    tmx_file: str,
    locales: tuple[str, ...],
    domains: tuple[str, ...],
    output_format: str,
) -> None:
    """Write every reviewed translation to TMX_FILE (TMX 1.4)."""
    from seoultrain_i18n.catalogs.layout import load_catalogs
    from seoultrain_i18n.errors import MultipleErrors
    from seoultrain_i18n.fsutil import allow
    from seoultrain_i18n.translate.memory import export_tmx

    allow(tmx_file)  # named by the user: may lie outside the project
    project = app.project
    loaded, errors = load_catalogs(project, locales, domains)
    if errors:
        raise MultipleErrors(errors)
    written, skipped = export_tmx(project, loaded, tmx_file)
    if output_format == "json":
        echo_json({"units": written, "skipped": skipped, "path": tmx_file})
    else:
        click.echo(f"exported {written} units to {tmx_file}")
        if skipped:
            click.echo(f"skipped {skipped} units with characters XML cannot hold", err=True)
