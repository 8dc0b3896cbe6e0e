"""``extract``: pages and tracks → templates in locales/ (wiring only)."""

from __future__ import annotations

import click

from seoultrain_i18n.cli import AppContext, pass_app, report_outcomes
from seoultrain_i18n.cli.options import (
    echo_json,
    encoding_option,
    format_option,
    print_track_encodings,
    progress_bar,
)


@click.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any template is out of date.")
@encoding_option
@format_option
@click.pass_context
@pass_app
def extract(app: AppContext, ctx: click.Context, check: bool, output_format: str) -> None:
    """Extract the site's pages and the subtitle tracks into templates (locales/*.pot)."""
    from seoultrain_i18n.extract import extract as run_extract
    from seoultrain_i18n.extract import page_paths
    from seoultrain_i18n.subtitles.sources import track_files

    project = app.project
    print_track_encodings(app)
    total = len(page_paths(project)) + len(track_files(project.subtitles_dir))
    with progress_bar(app.quiet or bool(app.verbose), total, "Extracting") as advance:
        outcomes = run_extract(
            project,
            on_progress=advance,
            on_file=lambda name: app.detail(f"reading {name}"),
            check_only=check,
        )
    if not outcomes.ok:
        ctx.exit(report_outcomes(ctx, outcomes))
    results = outcomes.values
    if output_format == "json":
        echo_json(
            [
                {
                    "domain": result.domain,
                    "path": project.relative(result.path),
                    "messages": result.messages,
                    "status": ("out of date" if check else "written")
                    if result.written
                    else "unchanged",
                }
                for result in results
            ]
        )
    else:
        for result in results:
            where = project.relative(result.path)
            verb = ("out of date:" if check else "wrote") if result.written else "unchanged:"
            app.info(f"{verb} {where} ({result.messages} messages)")
        if not results:
            app.info(f"nothing to extract: no pages in {project.relative(project.content_dir)}/")
    if check and any(result.written for result in results):
        raise SystemExit(1)
