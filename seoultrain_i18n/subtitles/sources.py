"""Source subtitle tracks and the one naming rule for track files.

A track file is named ``NAME.LANG.EXT``: ``subtitles/trailer.en.srt`` is the
source track of the domain ``trailer`` written in ``en``;
``build/subtitles/trailer.zh-Hant.vtt`` is its built Traditional Chinese
track (a bilingual one is ``trailer.ko+en.vtt``). Every module that reads or
writes such a name asks this one (``parse_track_name``, ``track_file_name``),
so discovery, checks, the site, import and the CLI cannot disagree on it.

A source track is read once per process while its file is unchanged; its
targets are the project's locales minus its own, and its norms are the
locale's norms with the project's overrides and reading-speed profile.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.config_checks import canonical_encoding
from seoultrain_i18n.errors import I18nError, MultipleErrors, ParseError
from seoultrain_i18n.formats.srt import read_srt
from seoultrain_i18n.model import Track
from seoultrain_i18n.subtitles.norms import Norms, norms_for

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

SOURCE_SUFFIX = ".srt"
NAMING_HINT = "a source track is named NAME.LANG.srt (e.g. trailer.en.srt)"


@dataclass(frozen=True, slots=True)
class TrackName:
    """The parts of ``NAME.LANG.EXT``: ``domain`` NAME, ``tag`` LANG as written."""

    domain: str
    tag: str
    suffix: str


def parse_track_name(name: str, suffix: str = SOURCE_SUFFIX) -> TrackName | None:
    """``trailer.zh-Hant.srt`` → TrackName("trailer", "zh-Hant", ".srt"); None if
    the name is not exactly NAME.LANG``suffix`` with both parts non-empty."""
    if not name.lower().endswith(suffix.lower()):
        return None
    parts = name[: -len(suffix)].split(".")
    if len(parts) != 2 or not all(parts):
        return None
    return TrackName(parts[0], parts[1], suffix)


def track_file_name(domain: str, tag: str, suffix: str = SOURCE_SUFFIX) -> str:
    """The inverse of ``parse_track_name``: ``trailer``, ``ko`` → ``trailer.ko.srt``."""
    return f"{domain}.{tag}{suffix}"


def track_files(folder: Path, suffix: str = SOURCE_SUFFIX) -> list[Path]:
    """Every file in ``folder`` ending in ``suffix`` (well named or not), sorted."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob(f"*{suffix}") if path.is_file())


@dataclass(frozen=True, slots=True)
class SourceTrack:
    """One ``subtitles/NAME.LANG.srt``: domain NAME in locale LANG."""

    domain: str
    locale: str
    path: Path
    track: Track

    @property
    def encoding(self) -> str:
        return self.track.encoding


EVERY_TRACK = "*"


def check_encoding(encoding: str) -> str:
    """The codec's canonical name; ValueError naming the problem if it is not a text encoding."""
    return canonical_encoding(encoding)


def track_encodings(project: Project) -> dict[str, str]:
    """``[tool.seoultrain-i18n.subtitles] encodings``: track (or ``*``) → encoding
    (checked when the configuration was read)."""
    return {
        entry.track: check_encoding(entry.encoding)
        for entry in project.config.subtitles.encodings
    }


def with_encoding(project: Project, encoding: str) -> Project:
    """The project with every source track read as ``encoding`` (``--encoding``)."""
    from seoultrain_i18n.config import TrackEncoding

    subtitles = replace(
        project.config.subtitles, encodings=(TrackEncoding(EVERY_TRACK, encoding),)
    )
    return replace(project, config=replace(project.config, subtitles=subtitles))


def track_encoding(project: Project, domain: str) -> str | None:
    """The encoding configured for a track, or None (decoded by ``formats.encoding``)."""
    encodings = track_encodings(project)
    return encodings.get(EVERY_TRACK) or encodings.get(domain)


# A build reads every source track twice (its tracks, the report's checks):
# a distributor's catalogue of a few hundred tracks is kept (about 0.3 MB each).
@lru_cache(maxsize=1024)
def _read_cached(path: str, mtime_ns: int, size: int, language: str, encoding: str | None) -> Track:
    return read_srt(path, language=language, encoding=encoding)


def read_track(path: Path, language: str, encoding: str | None = None) -> Track:
    """A source track, read once per process while the file is unchanged."""
    try:
        stat = path.stat()
    except OSError as error:
        raise ParseError(path, None, f"cannot read: {error.strerror}") from None
    return _read_cached(str(path), stat.st_mtime_ns, stat.st_size, language, encoding)


def discover_tracks(
    project: Project, domains: Iterable[str] = (), *, problems: list[I18nError] | None = None
) -> list[SourceTrack]:
    """Every source track of the project (sorted by domain).

    A bad file costs only itself when ``problems`` is given: its error is
    appended there and the good tracks are returned. Without it, every bad
    file is raised together (MultipleErrors) and nothing is returned.
    """
    wanted = set(domains)
    encodings = track_encodings(project)  # a bad setting is a configuration error, not a track's
    found: dict[str, SourceTrack] = {}
    errors: list[I18nError] = []
    for path in track_files(project.subtitles_dir):
        name = parse_track_name(path.name)
        if name is None:
            errors.append(ParseError(project.relative(path), None, NAMING_HINT))
            continue
        if wanted and name.domain not in wanted:
            continue
        try:
            locale = locale_ids.normalize(name.tag)
        except I18nError:
            errors.append(
                ParseError(project.relative(path), None, f"{name.tag!r} is not a language tag")
            )
            continue
        if name.domain in found:
            first = found[name.domain].path.name
            errors.append(
                ParseError(
                    path, None, f"a second source track for {name.domain!r} (first: {first})"
                )
            )
            continue
        try:
            encoding = encodings.get(EVERY_TRACK) or encodings.get(name.domain)
            track = read_track(path, locale_ids.to_bcp47(locale), encoding)
        except ParseError as error:  # reported as the project shows paths
            errors.append(
                ParseError(project.relative(path), error.line, error.detail, hint=error.hint)
            )
            continue
        except I18nError as error:
            errors.append(error)
            continue
        found[name.domain] = SourceTrack(name.domain, locale, path, track)
    if problems is not None:
        problems.extend(errors)
    elif errors:
        raise errors[0] if len(errors) == 1 else MultipleErrors(errors)
    return [found[domain] for domain in sorted(found)]


def source_track(project: Project, domain: str) -> SourceTrack:
    tracks = discover_tracks(project, [domain])
    if not tracks:
        raise I18nError(
            f"no source track for {domain!r} in {project.relative(project.subtitles_dir)}/"
            f" (expected {track_file_name(domain, 'LANG')})"
        )
    return tracks[0]


def track_targets(project: Project, source: SourceTrack) -> list[str]:
    """The locales a track is translated into: project locales minus its own."""
    result: list[str] = []
    for locale in [project.source_locale, *project.target_locales]:
        if locale != source.locale and locale not in result:
            result.append(locale)
    return result


def project_norms(project: Project, locale: str) -> Norms:
    """The norms of ``locale`` with the project's overrides and reading-speed profile."""
    norms = norms_for(locale, project.norm_overrides())
    profile = project.config.norms.profile or norms.profile
    return norms if profile == norms.profile else replace(norms, profile=profile)
