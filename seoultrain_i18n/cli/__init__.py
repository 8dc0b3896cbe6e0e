"""The command line: one Click command per stage, loaded lazily.

This package only wires options to stage functions and turns our exceptions
into one-line messages and exit codes: 0 ok, 1 failure or findings, 2 usage or
configuration error. Commands are imported on first use, so ``--help`` stays
fast.
"""

from __future__ import annotations

import difflib
import gc
import importlib
import os
import re
import sys
import traceback
from typing import Any

import click

from seoultrain_i18n import __version__
from seoultrain_i18n.errors import ConfigError, I18nError, MultipleErrors
from seoultrain_i18n.outcome import Outcomes

# name → (module:attribute, one-line help). The help text lives here so that
# listing commands imports nothing.
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("seoultrain_i18n.cli.extract:extract", "Extract pages and tracks into templates."),
    "update": ("seoultrain_i18n.cli.catalogs:update", "Create or update every locale's catalogs."),
    "compile": ("seoultrain_i18n.cli.catalogs:compile_command", "Compile catalogs to MO files."),
    "stats": ("seoultrain_i18n.cli.catalogs:stats", "Show translation progress per catalog."),
    "translate": ("seoultrain_i18n.cli.translate:translate", "Pre-translate what is missing."),
    "memory": ("seoultrain_i18n.cli.translate:memory", "Import or export translation memory."),
    "check": ("seoultrain_i18n.cli.check:check", "Check catalogs and subtitle tracks."),
    "report": ("seoultrain_i18n.cli.check:report", "Write the HTML progress and quality report."),
    "import": ("seoultrain_i18n.cli.subtitles:import_track", "Import a translated subtitle track."),
    "build": ("seoultrain_i18n.cli.build:build", "Build MO, JSON, the site and subtitle tracks."),
    "pipeline": ("seoultrain_i18n.cli.build:pipeline", "Run the whole job: extract to build."),
    "review": ("seoultrain_i18n.cli.review:review", "Review subtitles and pages in the browser."),
}


class AppContext:
    """What every command needs: the project folder and the output level."""

    def __init__(self, project_dir: str, verbose: int, quiet: bool, debug: bool) -> None:
        self.project_dir = project_dir
        self.verbose = verbose
        self.quiet = quiet
        self.debug = debug
        self._project: Any = None

    @property
    def project(self) -> Any:
        from seoultrain_i18n.config import load_project

        if self._project is None:
            self._project = load_project(self.project_dir)
        return self._project

    def replace_project(self, project: Any) -> None:
        """Use ``project`` for the rest of this command (``--encoding`` applied to it)."""
        self._project = project

    def info(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            click.echo(message, err=True)


pass_app = click.make_pass_decorator(AppContext)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name][0].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                return None  # not built yet
            raise
        command = getattr(module, attribute)
        assert isinstance(command, click.Command)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1, cutoff=0.6)
            ctx.fail(
                f"No such command {name!r}."
                + (f" Did you mean {close[0]!r}?" if close else " Commands: ")
                + ("" if close else ", ".join(self.list_commands(ctx)))
            )
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MultipleErrors as errors:
            for error in errors.errors:
                report_error(ctx, error)
            ctx.exit(1)
        except ConfigError as error:
            report_error(ctx, error)
            ctx.exit(2)
        except I18nError as error:
            report_error(ctx, error)
            ctx.exit(1)
        except BrokenPipeError:
            # The reader went away (`check | head -1`): stop quietly, as
            # command-line tools killed by SIGPIPE do (exit 141 = 128 + 13).
            _silence_stdout()
            ctx.exit(SIGPIPE_EXIT)
        except KeyboardInterrupt:
            click.echo("interrupted: every result written before the interrupt is kept", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as error:  # last resort: never a traceback without --debug
            app = ctx.find_object(AppContext)
            if app is not None and app.debug:
                raise
            click.echo(
                f"error: internal error: {type(error).__name__}: {error} "
                "(run with --debug for the traceback and please report it)",
                err=True,
            )
            ctx.exit(1)


SIGPIPE_EXIT = 141


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the final flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# What to do about a broken input file, by its kind (shown with -v).
FILE_HINTS = {
    ".po": "correct the entry at that line (a text editor or Poedit); the file was left untouched",
    ".pot": "run `seoultrain-i18n extract` to write the template again",
    ".srt": "correct the cue at that line in a subtitle editor; for garbled text pass --encoding",
    ".html": "correct the markup at that line; other pages were still processed",
    ".tmx": "check that the file is TMX 1.4 (XML) and re-export it from its tool",
    ".toml": "fix [tool.seoultrain-i18n] in pyproject.toml (see docs/configuration.md)",
}


def _default_hint(error: I18nError) -> str | None:
    if isinstance(error, ConfigError):
        return FILE_HINTS[".toml"]
    path = getattr(error, "path", "")
    for suffix, hint in FILE_HINTS.items():
        if str(path).endswith(suffix):
            return hint
    return None


_PASS_OPTION = re.compile(r"pass (--[a-z][a-z-]*)")


def _for_this_command(ctx: click.Context, hint: str) -> str:
    """``hint`` without its clauses that tell to "pass --option" when the
    command that failed has no such option (a hint must name real options)."""
    command = ctx.command
    sub = ctx.invoked_subcommand
    if isinstance(command, click.Group) and sub:
        command = command.get_command(ctx, sub) or command
    names = {name for param in command.params for name in getattr(param, "opts", [])}
    clauses = [
        clause
        for clause in hint.split("; ")
        if all(option in names for option in _PASS_OPTION.findall(clause))
    ]
    return "; ".join(clauses)


def report_error(ctx: click.Context, error: I18nError) -> None:
    """One line per error; -v adds what to do and the underlying cause."""
    for line in error_lines(ctx, error):
        click.echo(line, err=True)
    app = ctx.find_object(AppContext)
    if app is not None and app.debug:
        traceback.print_exception(error, file=sys.stderr)


def error_lines(ctx: click.Context, error: I18nError) -> list[str]:
    """What ``report_error`` prints for ``error`` (without --debug's traceback)."""
    app = ctx.find_object(AppContext)
    verbose = app is not None and app.verbose > 0
    lines = [f"error: {error}"]
    hint = error.hint or (_default_hint(error) if verbose else None)
    if hint:
        hint = _for_this_command(ctx, hint)
    if hint:
        lines.append(f"  hint: {hint}")
    cause = error.__cause__ or error.__context__
    if verbose and cause is not None:
        lines.append(f"  cause: {type(cause).__name__}: {cause}")
    return lines


def report_outcomes(ctx: click.Context, outcomes: Outcomes[Any]) -> int:
    """One ``error:`` line per failed item; the exit code the outcomes call for."""
    for error in outcomes.errors:
        report_error(ctx, error)
    return outcomes.exit_code


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seoultrain-i18n")
@click.option(
    "--project",
    "project_dir",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="The project folder (holds pyproject.toml, content/, subtitles/, locales/).",
)
@click.option("-v", "--verbose", count=True, help="Say more (repeat for more detail).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress bars.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, project_dir: str, verbose: int, quiet: bool, debug: bool) -> None:
    """Localization pipeline for SEOUL TRAIN: site pages and subtitles via gettext."""
    ctx.obj = AppContext(project_dir, verbose, quiet, debug)
    if ctx.invoked_subcommand is not None and not ctx.resilient_parsing:
        from seoultrain_i18n.config import require_project
        from seoultrain_i18n.fsutil import confine

        # Validate the configuration and refuse a folder that is no project
        # before any command runs (or creates build/ and locales/ there), and
        # keep every read and write of the command inside the project.
        require_project(ctx.obj.project)
        ctx.with_resource(confine(ctx.obj.project.root))


def main() -> None:
    # A command holds whole catalogs: hundreds of thousands of small objects
    # that live until it ends. With the default thresholds the collector
    # walks all of them again and again, and more often the bigger they are
    # (a third of `update`'s time on one 25,000-message catalog, growing
    # ×3 per doubling); collecting young objects less often keeps it linear.
    gc.set_threshold(50_000, 20, 100)
    try:
        cli(prog_name="seoultrain-i18n")
    except BrokenPipeError:  # the pipe closed while Click itself was writing
        _silence_stdout()
        sys.exit(SIGPIPE_EXIT)
