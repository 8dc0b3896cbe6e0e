"""Building localized subtitle tracks: ``build/subtitles/NAME.BCP47.srt`` and ``.vtt``.

Each track is laid out in its locale by ``subtitles.localize`` (on every
core when the catalogs are large) and written in the delivery profile's
formats. Bilingual tracks stack two languages in one cue.

Each track is built on its own: a track with a withheld cue (the verdict of
the checks, handed in by the build as ``withheld``) or, without
``allow_incomplete``, an untranslated or fuzzy cue is not written, its files
from an earlier build are removed, and every other track is still written.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import BuildError, I18nError, MultipleErrors
from seoultrain_i18n.fsutil import remove, write_if_changed
from seoultrain_i18n.model import Catalog, Cue, MessageKey
from seoultrain_i18n.parallel import FAILED, ordered_map, total_bytes, worker_count
from seoultrain_i18n.subtitles.cues import (
    CueMarkup,
    join_markup,
    load_track_catalog,
    split_markup,
)
from seoultrain_i18n.subtitles.delivery import DeliveryProfile, delivery_profile, render_track
from seoultrain_i18n.subtitles.localize import LocalizedTrack, localize
from seoultrain_i18n.subtitles.sources import (
    SourceTrack,
    discover_tracks,
    source_track,
    track_file_name,
    track_targets,
)
from seoultrain_i18n.timecode import srt_range

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

Progress = Callable[[int], None] | None
# (catalog, domain, locale) -> ({key of a withheld message: "path:line CODE what"},
# the errors that report them)
WithheldLookup = Callable[
    [Catalog, str, str], tuple[Mapping[MessageKey, str], Sequence[I18nError]]
]
# (domain, locale) -> a localized track laid out ahead (by a worker), and its errors
Ready = dict[tuple[str, str], tuple[LocalizedTrack, Sequence[I18nError]]]


def localized_cues(
    project: Project,
    domain: str,
    locale: str,
    *,
    include_fuzzy: bool = False,
    fallback_to_source: bool = False,
) -> list[Cue]:
    """The translated cues of a track after line breaking (nothing is written).

    ``Cue.index`` is the cue's position in the source track (1-based) and
    ``Cue.line`` its timing line there. Cues without a usable translation are
    left out unless ``fallback_to_source`` (then they carry the source text).
    """
    _load_segment_cache(project)
    localized = localize(
        project, source_track(project, domain), locale, include_fuzzy=include_fuzzy
    )
    if fallback_to_source:
        return localized.cues
    missing = {entry.position for entry in localized.missing}
    return [cue for cue in localized.cues if cue.index not in missing]


@dataclass(frozen=True, slots=True)
class BuiltTrack:
    """One written track: ``build/subtitles/NAME.BCP47.srt``, ``.vtt`` and ``.ttml``.

    ``locale`` is the track's locale (the top one for a bilingual track, whose
    ``bilingual`` holds (top, bottom)); ``fallback_cues`` counts cues that show
    the source text; ``source_encoding`` is how the source SRT was decoded.
    """

    domain: str
    locale: str
    srt_path: Path
    vtt_path: Path
    cues: int
    fallback_cues: int
    source_encoding: str
    bilingual: tuple[str, str] | None = None
    written: bool = True
    # extension → path of every file the delivery profile wrote
    files: tuple[tuple[str, Path], ...] = ()

    @property
    def bcp47(self) -> str:
        if self.bilingual:
            return "+".join(locale_ids.to_bcp47(locale) for locale in self.bilingual)
        return locale_ids.to_bcp47(self.locale)


@dataclass(frozen=True, slots=True)
class _Planned:
    domain: str
    locale: str
    tag: str
    cues: list[Cue]
    fallback: int
    encoding: str
    bilingual: tuple[str, str] | None
    source: str = ""  # the source track, project-relative (where timing errors point)
    numbers: dict[int, int] = field(default_factory=dict)  # timing line → cue number there


def _incomplete_error(
    project: Project, source: SourceTrack, localized: LocalizedTrack, name: str, removed: bool
) -> BuildError:
    """Why track ``name`` (``trailer.zh-Hant``) was not built: every cue that fell short."""
    tag = locale_ids.to_bcp47(localized.locale)
    total = len(localized.cues)
    withheld = [entry for entry in localized.missing if entry.withheld]
    shown = withheld or localized.missing
    what = "withheld (a check found an error)" if withheld else "untranslated or fuzzy"
    gone = "; its files from an earlier build were removed" if removed else ""
    lines = [
        f"{project.relative(source.path)}: {tag}: track {name} not built: {len(shown)} of "
        f"{total} cues are {what}{gone}:"
    ]
    lines.extend(f"  {entry.describe()}" for entry in shown)
    hint = (
        "fix the translations in the catalog (`seoultrain-i18n check` shows the same errors)"
        if withheld
        else "translate them, or build with --allow-incomplete to show the source text there"
    )
    return BuildError("\n".join(lines), hint=hint)


def bilingual_pairs(project: Project) -> list[tuple[str, str, str]]:
    """Configured bilingual tracks as (track, top locale, bottom locale)."""
    return [
        (entry.track, locale_ids.normalize(entry.top), locale_ids.normalize(entry.bottom))
        for entry in project.config.subtitles.bilingual
    ]


def _side(
    project: Project,
    source: SourceTrack,
    locale: str,
    include_fuzzy: bool,
    cache: dict[str, LocalizedTrack],
    withheld: WithheldLookup | None,
    sink: list[I18nError],
    ready: Ready,
) -> LocalizedTrack:
    if locale == source.locale:
        cues = [
            Cue(n, c.start_ms, c.end_ms, c.text, c.line, c.settings)
            for n, c in enumerate(source.track.cues, start=1)
        ]
        return LocalizedTrack(source.domain, locale, cues)
    if locale not in cache:
        done = ready.pop((source.domain, locale), None)
        if done is None:
            done = _localized_side(project, include_fuzzy, withheld, (source, locale), sink)
        else:
            sink.extend(done[1])
        cache[locale] = done[0]
    return cache[locale]


def _localized_side(
    project: Project,
    include_fuzzy: bool,
    withheld: WithheldLookup | None,
    pair: tuple[SourceTrack, str],
    sink: list[I18nError] | None = None,
) -> tuple[LocalizedTrack, Sequence[I18nError]]:
    """One track in one locale, with the errors that report its withheld cues
    (added to ``sink`` at once, when given)."""
    source, locale = pair
    catalog = load_track_catalog(project, source.domain, locale)
    held, errors = withheld(catalog, source.domain, locale) if withheld and catalog else ({}, ())
    if sink is not None:
        sink.extend(errors)
    localized = localize(
        project, source, locale, include_fuzzy=include_fuzzy, catalog=catalog, withheld=held
    )
    return localized, errors


# (run in a worker after laying out a source's tracks, take its result here):
# the build's report checks the same tracks, and a worker that has just laid
# them out does it at a fraction of the cost.
AlsoAhead = tuple[Callable[[SourceTrack], Any], Callable[[Any], None]]


def _localize_ahead(
    project: Project,
    sources: list[SourceTrack],
    wanted: set[str],
    include_fuzzy: bool,
    withheld: WithheldLookup | None,
    also: AlsoAhead | None,
) -> Ready:
    """Every track the plan will ask for, laid out on every core when the
    catalogs are large (else nothing: the plan lays each out as it goes)."""
    from seoultrain_i18n.subtitles import segmenter
    from seoultrain_i18n.subtitles.cues import track_catalog_path

    jobs: list[tuple[SourceTrack, list[str]]] = []
    for source in sources:
        locales = [loc for loc in track_targets(project, source) if not wanted or loc in wanted]
        for track, top, bottom in bilingual_pairs(project):
            if track == source.domain and (not wanted or {top, bottom} & wanted):
                locales.extend((top, bottom))
        jobs.append((source, [loc for loc in dict.fromkeys(locales) if loc != source.locale]))
    work = total_bytes(
        track_catalog_path(project, source.domain, locale)
        for source, locales in jobs
        for locale in locales
    )
    workers = worker_count(work, len(jobs))
    if workers <= 1:
        return {}
    lay_out = functools.partial(_ahead, project, include_fuzzy, withheld, also)
    ready: Ready = {}
    for (source, _), outcome in zip(jobs, ordered_map(lay_out, jobs, workers), strict=True):
        if isinstance(outcome, str):
            continue  # the plan lays them out again and reports why
        sides, words, extra = outcome
        ready.update(((source.domain, locale), side) for locale, side in sides)
        segmenter.remember(words)  # the workers' word splits are saved too
        if also is not None and extra is not None:
            also[1](extra)
    return ready


def _ahead(
    project: Project,
    include_fuzzy: bool,
    withheld: WithheldLookup | None,
    also: AlsoAhead | None,
    job: tuple[SourceTrack, list[str]],
) -> tuple[
    list[tuple[str, tuple[LocalizedTrack, Sequence[I18nError]]]],
    dict[str, tuple[str, ...]],
    Any,
]:
    from seoultrain_i18n.subtitles import segmenter

    mark = segmenter.fresh_count()
    source, locales = job
    sides = []
    for locale in locales:
        try:
            side = _localized_side(project, include_fuzzy, withheld, (source, locale))
            sides.append((locale, side))
        except I18nError:
            continue  # the plan lays it out again and reports why
    words = segmenter.fresh_since(mark)  # the build's own (not the checks') word splits
    extra = None
    if also is not None:
        try:
            extra = also[0](source)
        except I18nError:
            extra = None
    return sides, words, extra


def _stack(top: Cue, bottom: Cue) -> Cue:
    top_markup, bottom_markup = split_markup(top.text), split_markup(bottom.text)
    top_text = join_markup(CueMarkup("", top_markup.wrappers, ""), top_markup.text)
    bottom_text = join_markup(CueMarkup("", bottom_markup.wrappers, ""), bottom_markup.text)
    text = top_markup.position + "\n".join(part for part in (top_text, bottom_text) if part)
    return Cue(top.index, top.start_ms, top.end_ms, text, top.line, top.settings)


def build_tracks(
    project: Project,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    *,
    allow_incomplete: bool = False,
    include_fuzzy: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_progress: Progress = None,
    withheld: WithheldLookup | None = None,
    errors: list[I18nError] | None = None,
    removed: list[Path] | None = None,
    failed: list[tuple[str, str]] | None = None,
    also: AlsoAhead | None = None,
) -> list[BuiltTrack]:
    """Write ``build/subtitles/NAME.BCP47.{srt,vtt,ttml}`` (the delivery profile's formats).

    Each track on its own: one with a withheld cue (``withheld(catalog, domain,
    locale)`` names the withheld messages) or, unless ``allow_incomplete``, a
    missing one is not written and its old files are removed; the others are
    written. Failures go to ``errors`` when given, else are raised together
    after the rest was written. A whole build (no locale or domain chosen)
    also removes every track file this build did not write; ``removed`` gets
    the paths deleted, ``failed`` (name, locale) of each track not built
    (``trailer.zh-Hant``, ``zh_Hant``; a bilingual track counts for its top locale).
    ``on_start(total)`` announces the units ``on_progress(1)`` counts: each
    track laid out, then each track written. ``also`` is work to do on each
    source in the worker that lays out its tracks, and where to take the result.
    """
    from seoultrain_i18n.subtitles import segmenter as segmenter

    _load_segment_cache(project)
    problems: list[I18nError] = []
    gone: list[Path] = []
    unbuilt: list[tuple[str, str]] = []
    sink = errors if errors is not None else problems  # withheld cues, as they are found
    sources = discover_tracks(project, domains, problems=problems)  # a bad one costs itself
    wanted = {locale_ids.normalize(locale) for locale in locales}
    if on_start is not None:
        on_start(2 * _count_outputs(project, sources, wanted))
    ready = _localize_ahead(project, sources, wanted, include_fuzzy, withheld, also)
    planned = _plan(
        project,
        sources,
        locales,
        allow_incomplete,
        include_fuzzy,
        (withheld, sink, ready),
        problems,
        gone,
        unbuilt,
        on_progress,
    )
    built: list[BuiltTrack] = []
    profile = delivery_profile(project)
    # Rendering (TTML above all) is pure and per track: on every core when the
    # tracks are many; a track that cannot be rendered is done again here.
    cues = sum(len(plan.cues) for plan in planned)
    workers = worker_count(cues * _BYTES_PER_CUE, len(planned))
    renders = ordered_map(functools.partial(_render, profile), planned, workers)
    for plan, rendered in zip(planned, renders, strict=True):
        try:
            built.append(_write(project, plan, on_progress, rendered))
        except BuildError as error:
            problems.append(error)
            unbuilt.append((f"{plan.domain}.{plan.tag}", plan.locale))
    if not list(locales) and not list(domains):
        gone.extend(_remove_unbuilt(project, built))
    if built:  # a build that wrote nothing leaves build/ as it was
        segmenter.save_cache(_segment_cache_path(project))
    if removed is not None:
        removed.extend(gone)
    if failed is not None:
        failed.extend(unbuilt)
    if errors is not None:
        errors.extend(problems)
    elif problems:
        raise problems[0] if len(problems) == 1 else MultipleErrors(problems)
    return built


# Every file a track may have in build/subtitles (any delivery profile's formats).
TRACK_SUFFIXES = (".srt", ".vtt", ".ttml")
TRACK_FILE_PATTERNS = tuple(f"*{suffix}" for suffix in TRACK_SUFFIXES)


def _remove_unbuilt(project: Project, built: list[BuiltTrack]) -> list[Path]:
    """Delete the track files in build/subtitles that this build did not write."""
    folder = project.build_dir / "subtitles"
    kept = {path for track in built for _, path in track.files}
    stale = [
        path
        for pattern in TRACK_FILE_PATTERNS
        for path in (sorted(folder.glob(pattern)) if folder.is_dir() else [])
        if path not in kept
    ]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def _remove_track_files(project: Project, domain: str, tag: str) -> bool:
    """Delete an unbuilt track's files from an earlier build; True if any existed."""
    folder = project.build_dir / "subtitles"
    found = False
    for suffix in TRACK_SUFFIXES:
        path = folder / track_file_name(domain, tag, suffix)
        if path.exists():
            remove(path)
            found = True
    return found


def _count_outputs(project: Project, sources: list[SourceTrack], wanted: set[str]) -> int:
    """How many tracks a build of the ``wanted`` locales (all if none) plans (for progress)."""
    total = 0
    for source in sources:
        total += sum(1 for loc in track_targets(project, source) if not wanted or loc in wanted)
        total += sum(
            1
            for track, top, bottom in bilingual_pairs(project)
            if track == source.domain and (not wanted or {top, bottom} & wanted)
        )
    return total


def _segment_cache_path(project: Project) -> Path:
    return project.build_dir / ".cache" / "segmenter.json"


_LOADED_CACHES: set[Path] = set()


def _load_segment_cache(project: Project) -> None:
    """Reuse the word splits of earlier builds (once per process), so that
    laying out unchanged Chinese lines never loads jieba's dictionary."""
    from seoultrain_i18n.subtitles import segmenter as segmenter

    path = _segment_cache_path(project)
    if path not in _LOADED_CACHES:
        _LOADED_CACHES.add(path)
        segmenter.load_cache(path)


def _plan(
    project: Project,
    sources: list[SourceTrack],
    locales: Iterable[str],
    allow_incomplete: bool,
    include_fuzzy: bool,
    verdict: tuple[WithheldLookup | None, list[I18nError], Ready],
    errors: list[I18nError],
    removed: list[Path],
    failed: list[tuple[str, str]],
    on_progress: Progress = None,
) -> list[_Planned]:
    wanted = {locale_ids.normalize(locale) for locale in locales}
    planned: list[_Planned] = []
    bilingual = bilingual_pairs(project)

    def fails(sides: list[LocalizedTrack], tag: str) -> bool:
        short = [
            side
            for side in sides
            if any(m.withheld for m in side.missing) or (side.missing and not allow_incomplete)
        ]
        if not short:
            return False
        name = f"{source.domain}.{tag}"
        failed.append((name, sides[0].locale))
        existed = _remove_track_files(project, source.domain, tag)
        if existed:
            removed.extend(
                project.build_dir / "subtitles" / track_file_name(source.domain, tag, suffix)
                for suffix in TRACK_SUFFIXES
            )
        errors.extend(_incomplete_error(project, source, side, name, existed) for side in short)
        return True

    for source in sources:
        cache: dict[str, LocalizedTrack] = {}
        for locale in track_targets(project, source):
            if wanted and locale not in wanted:
                continue
            if on_progress:
                on_progress(1)
            try:
                localized = _side(project, source, locale, include_fuzzy, cache, *verdict)
            except I18nError as error:  # an unreadable catalog costs its own track
                errors.append(error)
                failed.append((f"{source.domain}.{locale_ids.to_bcp47(locale)}", locale))
                _remove_track_files(project, source.domain, locale_ids.to_bcp47(locale))
                continue
            if fails([localized], locale_ids.to_bcp47(locale)):
                continue
            planned.append(
                _Planned(
                    source.domain,
                    locale,
                    locale_ids.to_bcp47(locale),
                    localized.cues,
                    len(localized.missing),
                    source.encoding,
                    None,
                    project.relative(source.path),
                    _numbers(source),
                )
            )
        for track, top, bottom in bilingual:
            if track != source.domain or (wanted and not {top, bottom} & wanted):
                continue
            tag = f"{locale_ids.to_bcp47(top)}+{locale_ids.to_bcp47(bottom)}"
            if on_progress:
                on_progress(1)
            try:
                sides = [
                    _side(project, source, side, include_fuzzy, cache, *verdict)
                    for side in (top, bottom)
                ]
            except I18nError as error:
                errors.append(error)
                failed.append((f"{source.domain}.{tag}", top))
                _remove_track_files(project, source.domain, tag)
                continue
            if fails(sides, tag):
                continue
            cues = [_stack(a, b) for a, b in zip(sides[0].cues, sides[1].cues, strict=True)]
            fallback = len({m.position for side in sides for m in side.missing})
            planned.append(
                _Planned(
                    source.domain,
                    top,
                    tag,
                    cues,
                    fallback,
                    source.encoding,
                    (top, bottom),
                    project.relative(source.path),
                    _numbers(source),
                )
            )
    return planned


def _numbers(source: SourceTrack) -> dict[int, int]:
    return {cue.line: cue.index for cue in source.track.cues}


def _check_timing(plan: _Planned, target: str) -> None:
    """Timing WebVTT cannot hold, reported at the source's line (``check`` S607/S608 too)."""
    previous: Cue | None = None
    for cue in plan.cues:
        if cue.end_ms <= cue.start_ms:
            problem = f"ends before it starts ({srt_range(cue.start_ms, cue.end_ms)})"
        elif previous is not None and cue.start_ms < previous.start_ms:
            problem = f"starts before the cue above it ({srt_range(cue.start_ms, cue.end_ms)})"
        else:
            previous = cue
            continue
        where = f"{plan.source}:{cue.line}" if plan.source and cue.line else plan.source
        number = plan.numbers.get(cue.line, cue.index)
        raise BuildError(
            f"{where}: cue {number} {problem}: {target} not written; fix the source timing"
        )


_BYTES_PER_CUE = 100  # about what a cue costs in a catalog, to weigh the work


def _render(profile: DeliveryProfile, plan: _Planned) -> dict[str, bytes] | str:
    try:
        return render_track(plan.cues, plan.tag, profile)
    except ValueError:
        return FAILED  # _write renders it again and reports why


def _write(
    project: Project,
    plan: _Planned,
    on_progress: Progress,
    rendered: dict[str, bytes] | str = FAILED,
) -> BuiltTrack:
    folder = project.build_dir / "subtitles"
    srt_path = folder / track_file_name(plan.domain, plan.tag, ".srt")
    vtt_path = folder / track_file_name(plan.domain, plan.tag, ".vtt")
    _check_timing(plan, project.relative(vtt_path))
    try:
        contents = (
            rendered
            if not isinstance(rendered, str)
            else render_track(plan.cues, plan.tag, delivery_profile(project))
        )
    except ValueError as error:
        raise BuildError(f"{project.relative(srt_path)}: {error}") from None
    files = tuple(
        (ext, folder / track_file_name(plan.domain, plan.tag, f".{ext}")) for ext in contents
    )
    changed = False
    for extension, path in files:
        changed = write_if_changed(path, contents[extension]) or changed
    if on_progress:
        on_progress(1)
    return BuiltTrack(
        plan.domain,
        plan.locale,
        srt_path,
        vtt_path,
        len(plan.cues),
        plan.fallback,
        plan.encoding,
        plan.bilingual,
        changed,
        files,
    )
