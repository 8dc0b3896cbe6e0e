"""The build and the main job: every output from the catalogs, and the whole pipeline.

``build`` produces, in this order (each step uses what the one before wrote):

1. ``mo``        MO files next to the PO files (``compile.compile_catalogs``);
2. ``json``      JSON bundles ``build/i18n/BCP47/DOMAIN.json`` (``bundles``);
3. ``subtitles`` SRT + WebVTT tracks ``build/subtitles/NAME.BCP47.*`` (``tracks``);
4. ``site``      the localized static site ``build/site`` (``site``), whose video
                 page offers the WebVTT tracks of step 3;
5. ``report``    the progress and quality report ``build/report/index.html``.

A step that fails does not stop the others (the site is still built when a
track is incomplete); every failure is collected in ``BuildResult.errors``.

``run_pipeline`` is the main job on a project: extract → update → translate
(offline sources only: memory, glossary, OpenCC; never a network service) →
check → build.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from seoultrain_i18n.errors import ConfigError, I18nError, MultipleErrors
from seoultrain_i18n.fsutil import project_lock

if TYPE_CHECKING:
    from seoultrain_i18n.catalogs.bundles import Bundle
    from seoultrain_i18n.catalogs.layout import UpdateResult
    from seoultrain_i18n.checks.registry import CheckResult
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.extract import TemplateResult
    from seoultrain_i18n.model import Catalog, MessageKey
    from seoultrain_i18n.site.build import SiteResult
    from seoultrain_i18n.subtitles.tracks import BuiltTrack
    from seoultrain_i18n.translate.pretranslate import TranslateReport

TARGETS = ("mo", "json", "subtitles", "site", "report")
Progress = Callable[[int], None] | None


class StepProgress(Protocol):
    """How a caller shows the progress of each long step (the CLI: a bar on stderr).

    ``start(label, total)`` opens a step of ``total`` units, ``advance(n)``
    counts units done, ``finish()`` closes the step.
    """

    def start(self, label: str, total: int) -> None: ...

    def advance(self, step: int) -> None: ...

    def finish(self) -> None: ...


class _NoProgress:
    def start(self, label: str, total: int) -> None:
        pass

    def advance(self, step: int) -> None:
        pass

    def finish(self) -> None:
        pass


STEP_LABELS = {
    "mo": "Compiling MO files",
    "json": "Writing JSON bundles",
    "subtitles": "Building subtitle tracks",
    "site": "Building the site",
    "report": "Writing the report",
}


@dataclass(slots=True)
class BuildResult:
    """Everything one build wrote, and every step that failed."""

    targets: tuple[str, ...]
    mo: list[Path] = field(default_factory=list)
    bundles: list[Bundle] = field(default_factory=list)
    tracks: list[BuiltTrack] = field(default_factory=list)
    # (name, locale) of each track not built: (trailer.zh-Hant, zh_Hant)
    failed_tracks: list[tuple[str, str]] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # stale outputs of earlier builds deleted
    site: SiteResult | None = None
    report: Path | None = None
    errors: list[I18nError] = field(default_factory=list)

    def raise_errors(self) -> None:
        if self.errors:
            raise MultipleErrors(self.errors)


def _collect(errors: list[I18nError], error: I18nError) -> None:
    errors.extend(error.errors if isinstance(error, MultipleErrors) else [error])


def build(
    project: Project,
    targets: Iterable[str] = TARGETS,
    locales: Sequence[str] = (),
    *,
    allow_incomplete: bool | None = None,
    findings: CheckResult | None = None,
    on_progress: Progress = None,
    domains: Sequence[str] = (),
    earlier_errors: Sequence[I18nError] = (),
    progress: StepProgress | None = None,
) -> BuildResult:
    """Build the selected outputs (see the module docstring); ``on_progress(1)``
    after each step; ``progress`` sees the units of each step (catalogs,
    tracks, pages). ``findings`` go into the report (else the checks run).

    ``locales`` and ``domains`` narrow the build (the site is one domain: it
    is built only when ``domains`` is empty or names it). ``earlier_errors``
    (of the main job's earlier steps) count against the report's verdicts."""
    chosen = tuple(target for target in TARGETS if target in set(targets))
    if domains and project.site_domain not in domains:
        chosen = tuple(target for target in chosen if target != "site")
    _check_locales(project, locales)
    result = BuildResult(chosen)
    bar: StepProgress = progress or _NoProgress()
    steps: dict[str, Callable[[], None]] = {
        "mo": lambda: _build_mo(project, locales, domains, result, bar),
        "json": lambda: _build_json(project, locales, domains, result, bar),
        "subtitles": lambda: _build_tracks(
            project,
            locales,
            domains,
            allow_incomplete,
            result,
            bar,
            "report" in chosen and findings is None,
        ),
        "site": lambda: _build_site(project, locales, result, bar),
        "report": lambda: _build_report(project, findings, result, earlier_errors, bar),
    }
    from seoultrain_i18n.checks.memo import handing_over, shared_findings
    from seoultrain_i18n.checks.verdict import Judge
    from seoultrain_i18n.formats.po.reader import parsed_limit
    from seoultrain_i18n.parallel import while_waiting

    # The report asks each catalog for its stats (and, unless the findings are
    # given, its findings): the workers that read the catalogs first work
    # them out and hand them over ...
    report = ["catalog stats", *(["catalog outcome"] if findings is None else [])]
    # and the bundles and tracks take the parsed catalogs.
    readers = ["parsed catalog"] if {"json", "subtitles"} & set(chosen) else []
    handed = frozenset([*(report if "report" in chosen else []), *readers])

    # Every output obeys the same verdict and the report shows the same
    # findings: each catalog is checked once for all of them (on every core
    # when the catalogs are large, the workers reading the catalogs). This
    # process keeps at most a million parsed messages (what it reads itself:
    # the templates, the site's catalogs; or, in one process, a catalogue
    # that size), so it stays well below 2 GB and forked workers start small.
    # The source tracks are parsed while the first step's workers run (the
    # tracks and the report's checks find them read).
    early = [_read_sources(project, domains)] if {"subtitles", "report"} & set(chosen) else []
    with (
        project_lock(project.build_dir),
        shared_findings(),
        handing_over(handed),
        parsed_limit(1_000_000),
        while_waiting(*early),
    ):
        if "mo" not in chosen and set(chosen) - {"site"}:  # compiling judges them too
            Judge.for_project(project).prefetch(project, locales, domains)
        for target in chosen:
            try:
                steps[target]()
            except ConfigError:
                raise  # a usage error, not a failed output: stop with exit 2
            except I18nError as error:
                _collect(result.errors, error)
            finally:
                bar.finish()
            if on_progress is not None:
                on_progress(1)
    return result


def _read_sources(project: Project, domains: Sequence[str]) -> Callable[[], None]:
    def read() -> None:
        from seoultrain_i18n.subtitles.sources import discover_tracks

        with contextlib.suppress(I18nError):  # the steps report it
            discover_tracks(project, domains, problems=[])  # each kept as it is read

    return read


def _check_locales(project: Project, locales: Sequence[str]) -> None:
    from seoultrain_i18n.locales import normalize

    known = [project.source_locale, *project.target_locales]
    unknown = sorted({normalize(locale) for locale in locales} - set(known))
    if unknown:
        raise ConfigError(
            f"not a locale of the project: {', '.join(unknown)} (it has {', '.join(known)})"
        )


def _build_mo(
    project: Project,
    locales: Sequence[str],
    domains: Sequence[str],
    result: BuildResult,
    bar: StepProgress,
) -> None:
    from seoultrain_i18n.catalogs.compile import compile_catalogs

    result.mo = compile_catalogs(
        project,
        locales=locales,
        domains=domains,
        errors=result.errors,
        removed=result.removed,
        on_start=functools.partial(bar.start, STEP_LABELS["mo"]),
        on_progress=bar.advance,
    )


def _build_json(
    project: Project,
    locales: Sequence[str],
    domains: Sequence[str],
    result: BuildResult,
    bar: StepProgress,
) -> None:
    from seoultrain_i18n.catalogs.bundles import build_bundles

    result.bundles, errors = build_bundles(
        project,
        locales=locales,
        domains=domains,
        include_fuzzy=False,
        removed=result.removed,
        on_start=functools.partial(bar.start, STEP_LABELS["json"]),
        on_progress=bar.advance,
    )
    result.errors.extend(errors)


def _build_tracks(
    project: Project,
    locales: Sequence[str],
    domains: Sequence[str],
    allow_incomplete: bool | None,
    result: BuildResult,
    bar: StepProgress,
    report_checks: bool = False,
) -> None:
    from seoultrain_i18n.subtitles.tracks import build_tracks

    incomplete = (
        project.config.subtitles.allow_incomplete
        if allow_incomplete is None
        else allow_incomplete
    )
    from seoultrain_i18n.catalogs.layout import catalog_path
    from seoultrain_i18n.checks.tracks import check_ahead, keep_ahead
    from seoultrain_i18n.checks.verdict import Judge, WithheldTranslation

    include_fuzzy = project.config.subtitles.include_fuzzy
    judge = Judge.for_project(project, include_fuzzy=include_fuzzy)

    def withheld(
        catalog: Catalog, domain: str, locale: str
    ) -> tuple[dict[MessageKey, str], list[WithheldTranslation]]:
        relative = project.relative(catalog_path(project, locale, domain))
        verdict = judge.catalog(catalog, domain, locale, relative)
        why = {
            judgement.message.key: "; ".join(
                f"{reason.location} {reason.code} {reason.message}" for reason in judgement.reasons
            )
            for judgement in verdict.withheld
        }
        return why, verdict.errors()

    result.tracks = build_tracks(
        project,
        locales=locales,
        domains=domains,
        allow_incomplete=incomplete,
        include_fuzzy=include_fuzzy,
        withheld=withheld,
        errors=result.errors,
        removed=result.removed,
        failed=result.failed_tracks,
        on_start=functools.partial(bar.start, STEP_LABELS["subtitles"]),
        on_progress=bar.advance,
        # The report will run the subtitle checks on the same tracks: the
        # workers that lay them out check them too.
        also=(functools.partial(check_ahead, project), keep_ahead) if report_checks else None,
    )


def _build_site(
    project: Project, locales: Sequence[str], result: BuildResult, bar: StepProgress
) -> None:
    from seoultrain_i18n.site.build import build_site

    result.site = build_site(
        project,
        locales=locales,
        on_start=functools.partial(bar.start, STEP_LABELS["site"]),
        on_progress=bar.advance,
    )
    result.errors.extend(result.site.errors)


def _build_report(
    project: Project,
    findings: CheckResult | None,
    result: BuildResult,
    earlier_errors: Sequence[I18nError],
    bar: StepProgress,
) -> None:
    from seoultrain_i18n.checks.report import write_report

    bar.start(STEP_LABELS["report"], 1)
    result.report = write_report(project, findings, build=result, errors=earlier_errors)
    bar.advance(1)


# --- the main job ---------------------------------------------------------------


@dataclass(slots=True)
class PipelineResult:
    """What each step of the main job did."""

    templates: list[TemplateResult] = field(default_factory=list)
    update: UpdateResult | None = None
    translate: TranslateReport | None = None
    check: CheckResult | None = None
    build: BuildResult | None = None
    errors: list[I18nError] = field(default_factory=list)


STEPS = ("extract", "update", "translate", "check", "build")


def run_pipeline(
    project: Project,
    locales: Sequence[str] = (),
    *,
    allow_incomplete: bool | None = None,
    on_step: Callable[[str, Any], None] | None = None,
    progress: StepProgress | None = None,
) -> PipelineResult:
    """extract → update → translate (offline) → check → build.

    ``on_step(name, outcome)`` is called after each step. A bad page or
    track costs only its own template (recorded in ``errors``; the others
    are extracted); update failures stop the job (later steps would work on
    stale catalogs); from then on a failing step is recorded and the job
    goes on, so the report and the site show what can be shown.
    """
    from seoultrain_i18n.catalogs.layout import update_catalogs
    from seoultrain_i18n.extract import extract, page_paths
    from seoultrain_i18n.subtitles.sources import track_files

    done = on_step or (lambda name, outcome: None)
    bar: StepProgress = progress or _NoProgress()
    result = PipelineResult()
    bar.start("Extracting", len(page_paths(project)) + len(track_files(project.subtitles_dir)))
    try:
        # a bad page or track costs only its own template
        templates = extract(project, on_progress=bar.advance)
    finally:
        bar.finish()
    result.errors.extend(templates.errors)
    result.templates = templates.values
    done("extract", result.templates)
    try:
        result.update = update_catalogs(
            project,
            locales,
            on_start=functools.partial(bar.start, "Updating catalogs"),
            on_progress=bar.advance,
        )
    finally:
        bar.finish()
    result.update.raise_errors()
    done("update", result.update)
    result.translate = _translate_offline(project, locales, result.errors)
    done("translate", result.translate)
    from seoultrain_i18n.checks.memo import shared_findings

    with shared_findings():  # the build's verdicts reuse the check's findings
        bar.start(
            "Checking catalogs", len(list(project.locales_dir.glob("*/LC_MESSAGES/*.po")))
        )
        try:
            result.check = _check(project, locales, result.errors, bar.advance)
        finally:
            bar.finish()
        done("check", result.check)
        result.build = build(
            project,
            TARGETS,
            locales,
            allow_incomplete=allow_incomplete,
            findings=result.check,
            earlier_errors=list(result.errors),
            progress=progress,
        )
    result.errors.extend(result.build.errors)
    done("build", result.build)
    return result


def _translate_offline(
    project: Project, locales: Sequence[str], errors: list[I18nError]
) -> TranslateReport | None:
    from seoultrain_i18n.translate.pretranslate import TranslateOptions, pretranslate

    try:
        # No provider: memory, glossary and Simplified↔Traditional conversion
        # only; nothing leaves the machine and no key is needed.
        return pretranslate(project, TranslateOptions(locales=tuple(locales), provider=""))
    except I18nError as error:
        _collect(errors, error)
        return None


def _check(
    project: Project,
    locales: Sequence[str],
    errors: list[I18nError],
    advance: Callable[[int], None],
) -> CheckResult | None:
    from seoultrain_i18n.checks.runner import run_checks

    try:
        return run_checks(project, locales=locales, on_progress=advance)
    except MultipleErrors as failure:
        errors.extend(failure.errors)
        partial = getattr(failure, "result", None)
        return partial if partial is not None else None
    except I18nError as error:
        errors.append(error)
        return None
