"""``build`` and ``pipeline``: every output, and the main job (wiring only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from seoultrain_i18n.cli import AppContext, pass_app
from seoultrain_i18n.cli.options import (
    StepBars,
    domain_option,
    echo_json,
    encoding_option,
    format_option,
    locale_option,
    print_track_encodings,
)

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.pipeline import BuildResult, PipelineResult

allow_incomplete_option = click.option(
    "--allow-incomplete",
    is_flag=True,
    default=None,
    help="Build subtitle tracks with untranslated or fuzzy cues (they show the source text); "
    "a withheld translation still fails its track.",
)


def _format_names(project: Project) -> str:
    names = {"srt": "SRT", "vtt": "WebVTT", "ttml": "TTML"}
    return " + ".join(names[name] for name in dict.fromkeys(project.config.delivery.formats))


@click.command()
@click.option("--mo", is_flag=True, help="MO files next to the PO files.")
@click.option("--json", "json_", is_flag=True, help="JSON bundles in build/i18n/.")
@click.option("--subtitles", is_flag=True, help="SRT, VTT, TTML tracks in build/subtitles/.")
@click.option("--site", is_flag=True, help="The localized site in build/site/.")
@click.option("--report", is_flag=True, help="The report in build/report/index.html.")
@allow_incomplete_option
@locale_option
@domain_option
@encoding_option
@format_option
@pass_app
def build(
    app: AppContext,
    mo: bool,
    json_: bool,
    subtitles: bool,
    site: bool,
    report: bool,
    allow_incomplete: bool | None,
    locales: tuple[str, ...],
    domains: tuple[str, ...],
    output_format: str,
) -> None:
    """Build MO files, JSON bundles, subtitle tracks, the site and the report.

    With no selector every output is built; --locale and --domain narrow the
    build. Exit 1 when any output failed or any translation was withheld for
    a check error (every other output is still built).
    """
    from seoultrain_i18n.pipeline import TARGETS
    from seoultrain_i18n.pipeline import build as run_build

    project = app.project
    print_track_encodings(app)
    selected = {"mo": mo, "json": json_, "subtitles": subtitles, "site": site, "report": report}
    chosen = tuple(name for name, wanted in selected.items() if wanted) or TARGETS
    result = run_build(
        project,
        chosen,
        locales,
        allow_incomplete=allow_incomplete,
        domains=domains,
        progress=StepBars(app.quiet),
    )
    if output_format == "json":
        echo_json(build_json(project, result))
    else:
        _print_notes(app, project, result)
        _print_outputs(project, result)
    result.raise_errors()


@click.command()
@allow_incomplete_option
@locale_option
@encoding_option
@format_option
@pass_app
def pipeline(
    app: AppContext, allow_incomplete: bool | None, locales: tuple[str, ...], output_format: str
) -> None:
    """Run the main job: extract → update → translate → check → build.

    Pre-translation uses offline sources only (translation memory, glossary,
    Simplified↔Traditional conversion): no network, no keys. Drafts are fuzzy
    and never published. Prints where the site, tracks, MO/JSON files and
    the report are. A run over exactly the files, settings and code that the
    last run left (which changed none of its inputs) repeats that run's
    lines and exit code without redoing the work.
    """
    from seoultrain_i18n import runstamp
    from seoultrain_i18n.errors import I18nError

    project = app.project
    ctx = click.get_current_context()
    options = {
        "allow_incomplete": allow_incomplete,
        "locales": locales,
        "format": output_format,
        "verbose": app.verbose,
        "quiet": app.quiet,
    }
    try:
        key = runstamp.run_key(project, options)
        before: runstamp.Snapshot | None = runstamp.snapshot(project)
    except (OSError, I18nError):
        before = None  # the job itself reports what is wrong
    replayed = None if app.debug or before is None else runstamp.replay(project, key, before)
    if replayed is not None:
        transcript, code = replayed
        app.detail("nothing changed since the last run: its outputs are up to date")
        for err, text in transcript.lines:
            click.echo(text, err=err)
        ctx.exit(code)
    out = Output(app)
    code, removed = _run_pipeline(app, ctx, out, allow_incomplete, locales, output_format)
    # A run that removed an earlier build's files printed lines about what was
    # there before it: the same run over what it left would not print them.
    if before is not None and not app.debug and not removed:
        runstamp.record(project, key, before, runstamp.Transcript(out.lines), code)
    else:
        runstamp.forget(project)
    ctx.exit(code)


class Output:
    """Prints like ``click.echo`` / ``app.info`` and keeps every line printed."""

    def __init__(self, app: AppContext) -> None:
        self.app = app
        self.lines: list[tuple[bool, str]] = []

    def echo(self, text: str, err: bool = False) -> None:
        click.echo(text, err=err)
        self.lines.append((err, text))

    def info(self, text: str) -> None:
        if not self.app.quiet:
            self.echo(text, err=True)


def _run_pipeline(
    app: AppContext,
    ctx: click.Context,
    out: Output,
    allow_incomplete: bool | None,
    locales: tuple[str, ...],
    output_format: str,
) -> tuple[int, bool]:
    """The main job, printed to ``out``; its exit code, and whether it removed
    files of an earlier build."""
    from seoultrain_i18n.cli import error_lines
    from seoultrain_i18n.pipeline import run_pipeline

    project = app.project
    bars = StepBars(app.quiet)

    def step(name: str, outcome: Any) -> None:
        bars.finish()
        if output_format != "json":
            out.info(f"{name}: {_step_summary(name, outcome)}")

    result = run_pipeline(
        project, locales, allow_incomplete=allow_incomplete, on_step=step, progress=bars
    )
    assert result.build is not None
    if output_format == "json":
        data = build_json(project, result.build)
        data["steps"] = _pipeline_json(result)
        data["errors"] = [str(error) for error in result.errors]
        echo_json(data, out.echo)
    else:
        _print_notes(out, project, result.build)
        _print_outputs(project, result.build, out.echo)
    if result.errors:
        from seoultrain_i18n.errors import MultipleErrors

        errors = MultipleErrors(result.errors)  # one line per problem, without repeats
        if app.debug:
            raise errors  # with the tracebacks
        for error in errors.errors:
            for line in error_lines(ctx, error):
                out.echo(line, err=True)
        return 1, bool(result.build.removed)
    # What `check` alone would exit 1 for, the main job does too (the
    # findings are in the report).
    return (1 if result.check is None or result.check.errors else 0), bool(result.build.removed)


def _step_summary(name: str, outcome: Any) -> str:
    if outcome is None:
        return "failed (see the errors below)"
    if name == "extract":
        changed = sum(1 for template in outcome if template.written)
        return f"{len(outcome)} templates, {changed} changed"
    if name == "update":
        return f"{len(outcome.updates)} catalogs, {len(outcome.changed)} changed"
    if name == "translate":
        return (
            f"{outcome.total_filled} fuzzy drafts from offline sources (memory, glossary, OpenCC)"
        )
    if name == "check":
        errors, warnings = len(outcome.errors), len(outcome.warnings)
        return f"{errors} errors, {warnings} warnings (details in the report)"
    if name == "build":
        # Each output that withholds a translation reports it (MO, bundles, pages),
        # and the error lines below are printed once each: count them the same way.
        problems = len({str(error) for error in outcome.errors})
        return "done" if not problems else f"done, {problems} errors (listed below)"
    return "done"


def _print_notes(app: AppContext | Output, project: Project, result: BuildResult) -> None:
    for track in result.tracks:
        if track.fallback_cues:
            app.info(
                f"track {track.domain}.{track.bcp47}: {track.fallback_cues} of {track.cues} cues "
                "show the source text (untranslated or fuzzy; --allow-incomplete)"
            )
    for name, _ in result.failed_tracks:
        app.info(f"track {name}: not built (see the errors below)")
    for path in result.removed:
        app.info(f"removed {project.relative(path)} (an earlier build's; not produced now)")
    if result.site is None:
        return
    for status in result.site.pages:
        if status.fallback and status.published:
            app.info(
                f"{status.lang}/{status.page}: {status.fallback} text units show the source "
                "text (missing or withheld translations)"
            )
    for status in result.site.unpublished:
        app.info(status.describe())
    echo = app.echo if isinstance(app, Output) else click.echo
    for line in [*result.site.warnings, *map(str, result.site.problems)]:
        echo(f"warning: {line}", err=True)


def _print_outputs(
    project: Project, result: BuildResult, echo: Callable[[str], None] = click.echo
) -> None:
    """Where every output is: one aligned line each, on stdout."""
    rows: list[tuple[str, str]] = []
    if result.site is not None:
        published = sum(1 for status in result.site.pages if status.published)
        languages = ", ".join(result.site.languages)
        rows.append(
            (
                "site",
                f"{project.relative(result.site.root / 'index.html')}  "
                f"({published} pages in {languages})",
            )
        )
    if "subtitles" in result.targets:
        rows.append(
            (
                "tracks",
                f"{project.relative(project.build_dir / 'subtitles')}/  "
                f"({len(result.tracks)} tracks, {_format_names(project)}"
                + (
                    f"; not built: {', '.join(name for name, _ in result.failed_tracks)})"
                    if result.failed_tracks
                    else ")"
                ),
            )
        )
    if "mo" in result.targets:
        rows.append(
            (
                "MO files",
                f"{project.relative(project.locales_dir)}/LOCALE/LC_MESSAGES/  "
                f"({len(result.mo)} files)",
            )
        )
    if "json" in result.targets:
        rows.append(
            (
                "JSON",
                f"{project.relative(project.build_dir / 'i18n')}/  ({len(result.bundles)} bundles)",
            )
        )
    if result.report is not None:
        rows.append(("report", project.relative(result.report)))
    width = max((len(label) for label, _ in rows), default=0) + 1
    for label, where in rows:
        echo(f"{label + ':':<{width}} {where}")


def build_json(project: Project, result: BuildResult) -> dict[str, Any]:
    data: dict[str, Any] = {"targets": list(result.targets)}
    if "mo" in result.targets:
        data["mo"] = [project.relative(path) for path in result.mo]
    if "json" in result.targets:
        data["bundles"] = [
            {
                "path": project.relative(b.path),
                "locale": b.locale,
                "domain": b.domain,
                "messages": b.messages,
            }
            for b in result.bundles
        ]
    if "subtitles" in result.targets:
        data["tracks"] = [
            {
                "domain": t.domain,
                "locale": t.locale,
                **{extension: project.relative(path) for extension, path in t.files},
                "cues": t.cues,
                "fallback_cues": t.fallback_cues,
            }
            for t in result.tracks
        ]
        data["failed_tracks"] = [name for name, _ in result.failed_tracks]
    if result.site is not None:
        data["site"] = {
            "root": project.relative(result.site.root),
            "languages": result.site.languages,
            "pages": [
                {
                    "page": s.page,
                    "lang": s.lang,
                    "published": s.published,
                    "translated_words": s.translated_words,
                    "total_words": s.total_words,
                    "percent": round(s.percent, 1),
                    "fallback_units": s.fallback,
                    "withheld": list(s.withheld),
                }
                for s in result.site.pages
            ],
            "warnings": result.site.warnings,
            "problems": [
                {
                    "location": p.location,
                    "lang": p.locale.replace("_", "-"),
                    "page": p.page,
                    "detail": p.detail,
                }
                for p in result.site.problems
            ],
        }
    if result.report is not None:
        data["report"] = project.relative(result.report)
    data["removed"] = [project.relative(path) for path in result.removed]
    data["errors"] = [str(error) for error in result.errors]
    return data


def _pipeline_json(result: PipelineResult) -> dict[str, Any]:
    steps: dict[str, Any] = {
        "extract": [
            {"domain": t.domain, "messages": t.messages, "written": t.written}
            for t in result.templates
        ],
    }
    if result.update is not None:
        steps["update"] = {
            "catalogs": len(result.update.updates),
            "changed": len(result.update.changed),
        }
    if result.translate is not None:
        steps["translate"] = {"filled": dict(result.translate.filled)}
    if result.check is not None:
        steps["check"] = {
            "errors": len(result.check.errors),
            "warnings": len(result.check.warnings),
        }
    return steps
