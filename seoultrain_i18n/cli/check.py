"""``check`` and ``report``: quality checks in text, JSON or JUnit XML, and
the HTML report page."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from seoultrain_i18n.cli import AppContext, pass_app
from seoultrain_i18n.cli.options import (
    domain_option,
    echo_json,
    encoding_option,
    locale_option,
    print_track_encodings,
    progress_bar,
)
from seoultrain_i18n.errors import MultipleErrors


@click.command("check")
@locale_option
@domain_option
@encoding_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
    help="text: file:line: CODE message; json for machines; junit for CI test reports.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODE",
    help="Only these checks (code, prefix or name; repeatable).",
)
@click.option("--ignore", multiple=True, metavar="CODE", help="Skip these checks (repeatable).")
@click.option("--list", "list_checks", is_flag=True, help="List every check and exit.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the output to this file.",
)
@pass_app
def check(
    app: AppContext,
    locales: tuple[str, ...],
    domains: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    list_checks: bool,
    output: Path | None,
) -> None:
    """Check catalogs and subtitle tracks; exit 1 when any error is found."""
    from seoultrain_i18n.checks.outputs import checks_json, iter_json, summary_line, to_junit
    from seoultrain_i18n.checks.runner import run_checks
    from seoultrain_i18n.checks.settings import Settings, all_checks

    if list_checks:
        settings = Settings.from_project(app.project, select, ignore)
        rows = checks_json(all_checks(), settings)
        if output_format == "json":
            echo_json(rows)
            return
        for row in rows:
            state = "" if row["enabled"] else "  (off)"
            columns = f"{row['code']}  {row['severity']:<7}  {row['name']:<22}"
            click.echo(f"{columns}  {row['description']}{state}")
        return
    project = app.project
    print_track_encodings(app)
    failure: MultipleErrors | None = None
    Settings.from_project(project, select, ignore)  # configuration errors before any output
    catalogs = len(list(project.locales_dir.glob("*/LC_MESSAGES/*.po")))
    with progress_bar(app.quiet, catalogs, "Checking catalogs") as advance:
        try:
            result = run_checks(
                project,
                locales=locales,
                domains=domains,
                select=select,
                ignore=ignore,
                on_progress=advance,
            )
        except MultipleErrors as errors:
            if not hasattr(errors, "result"):
                raise  # several broken templates: nothing was checked
            failure = errors
            result = errors.result
    chunks: Iterable[str]
    if output_format == "json":
        chunks = iter_json(result)
    elif output_format == "junit":
        chunks = [to_junit(result)]
    else:
        chunks = (finding.text_line() + "\n" for finding in result.findings)
    if output is not None:
        from seoultrain_i18n.fsutil import allow, atomic_write_text

        allow(output)  # named by the user: may lie outside the project
        atomic_write_text(output, "".join(chunks))
    else:
        for chunk in chunks:  # streamed: a large result is not copied into one string
            click.echo(chunk, nl=False)
    for note in result.skipped:
        app.info(f"note: {note}")
    app.info(summary_line(result))
    if failure is not None:
        raise failure
    if result.errors:
        click.get_current_context().exit(1)


@click.command("report")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write (default build/report/index.html).",
)
@pass_app
def report(app: AppContext, output: Path | None) -> None:
    """Write the HTML progress and quality report."""
    from seoultrain_i18n.checks.report import write_report
    from seoultrain_i18n.fsutil import allow

    if output is not None:
        allow(output)  # named by the user: may lie outside the project
    path = write_report(app.project, output=output)
    app.info(f"wrote {app.project.relative(path)}")
