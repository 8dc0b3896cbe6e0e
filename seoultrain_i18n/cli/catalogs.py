"""``update``, ``compile`` and ``stats``: catalog commands (wiring only)."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from seoultrain_i18n.cli import AppContext, pass_app, report_outcomes
from seoultrain_i18n.cli.options import domain_option, echo_json, format_option, locale_option


class _Progress:
    """A stderr progress bar whose length is only known once the stage has started."""

    def __init__(self, app: AppContext, label: str) -> None:
        self.app = app
        self.label = label
        self.bar: object | None = None

    def start(self, total: int) -> None:
        if not self.app.quiet and total > 0:
            bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            bar.__enter__()
            self.bar = bar

    def advance(self, step: int) -> None:
        if self.bar is not None:
            self.bar.update(step)  # type: ignore[attr-defined]

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)  # type: ignore[attr-defined]
            self.bar = None

    @property
    def callbacks(self) -> tuple[Callable[[int], None], Callable[[int], None]]:
        return self.start, self.advance


@click.command()
@locale_option
@domain_option
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any catalog would change.")
@format_option
@click.pass_context
@pass_app
def update(
    app: AppContext,
    ctx: click.Context,
    locales: tuple[str, ...],
    domains: tuple[str, ...],
    check: bool,
    output_format: str,
) -> None:
    """Create or update every locale's catalogs from the templates in locales/."""
    from seoultrain_i18n.catalogs.layout import update_catalogs

    project = app.project
    progress = _Progress(app, "Updating catalogs")
    on_start, on_progress = progress.callbacks
    try:
        result = update_catalogs(
            project, locales, domains, check=check, on_start=on_start, on_progress=on_progress
        )
    finally:
        progress.finish()
    if output_format == "json":
        echo_json(
            [
                {
                    "domain": item.domain,
                    "locale": item.locale,
                    "path": project.relative(item.path),
                    "status": ("would be " + item.status)
                    if check and item.status != "unchanged"
                    else item.status,
                    "translated": item.translated,
                    "fuzzy": item.fuzzy,
                    "untranslated": item.untranslated,
                    "obsolete": item.obsolete,
                    "new_fuzzy": item.new_fuzzy,
                }
                for item in result.updates
            ]
        )
    elif not app.quiet:
        for item in result.updates:
            status = item.status
            if check and status != "unchanged":
                status = "would be " + status
            click.echo(
                f"{project.relative(item.path)}: {status}; {item.translated} translated, "
                f"{item.fuzzy} fuzzy, {item.untranslated} untranslated, {item.obsolete} obsolete"
            )
    if not result.ok:
        ctx.exit(report_outcomes(ctx, result))
    if check and result.changed:
        app.info(f"{len(result.changed)} catalog(s) are out of date; run `seoultrain-i18n update`")
        sys.exit(1)


@click.command(name="compile")
@locale_option
@domain_option
@click.option("--use-fuzzy", is_flag=True, help="Include fuzzy translations in the MO files.")
@pass_app
def compile_command(
    app: AppContext, locales: tuple[str, ...], domains: tuple[str, ...], use_fuzzy: bool
) -> None:
    """Compile catalogs to MO files next to them (LOCALE/LC_MESSAGES/DOMAIN.mo)."""
    from seoultrain_i18n.catalogs.compile import compile_catalogs
    from seoultrain_i18n.errors import I18nError, MultipleErrors

    progress = _Progress(app, "Compiling catalogs")
    on_start, on_progress = progress.callbacks
    errors: list[I18nError] = []
    try:
        paths = compile_catalogs(
            app.project,
            locales,
            domains,
            use_fuzzy,
            on_start=on_start,
            on_progress=on_progress,
            errors=errors,
        )
    finally:
        progress.finish()
    for path in paths:
        app.detail(f"compiled {app.project.relative(path)}")
    app.info(f"{len(paths)} MO file(s) up to date")
    if errors:
        raise MultipleErrors(errors)


@click.command()
@locale_option
@domain_option
@format_option
@click.pass_context
@pass_app
def stats(
    app: AppContext,
    ctx: click.Context,
    locales: tuple[str, ...],
    domains: tuple[str, ...],
    output_format: str,
) -> None:
    """Show translation progress per domain and locale."""
    from seoultrain_i18n.catalogs.stats import gather_stats

    project = app.project
    outcomes = gather_stats(project, locales, domains)
    results, errors = outcomes.values, outcomes.errors
    if output_format == "json":
        rows = []
        for item in results:
            row = item.as_dict()
            row["path"] = project.relative(item.path)
            rows.append(row)
        echo_json(rows)
    elif results or not errors:  # "no catalogs" would mislead when they are unreadable
        click.echo(_table(results))
    ctx.exit(report_outcomes(ctx, outcomes))


def _table(results: list) -> str:  # type: ignore[type-arg]
    headings = ("domain", "locale", "total", "done", "fuzzy", "todo", "obsolete", "words", "%")
    rows = [
        (
            item.domain,
            item.locale,
            str(item.total),
            str(item.translated),
            str(item.fuzzy),
            str(item.untranslated),
            str(item.obsolete),
            str(item.source_words),
            f"{item.percent:.1f}",
        )
        for item in results
    ]
    if not rows:
        return "no catalogs (run `seoultrain-i18n extract` and `seoultrain-i18n update`)"
    widths = [max(len(row[column]) for row in [headings, *rows]) for column in range(len(headings))]
    lines = []
    for row in [headings, *rows]:
        cells = [
            cell.ljust(widths[column]) if column < 2 else cell.rjust(widths[column])
            for column, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
