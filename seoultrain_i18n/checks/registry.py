"""The check registry and the objects checks and the runner exchange.

Every check has a code (a letter for its family and three digits, like ruff's:
``T`` translation state, ``M`` markup and placeholders, ``P`` punctuation and
whitespace, ``D`` data that must survive translation, ``L`` language and
script, ``S`` subtitles), a slug, a default severity (error or warning) and a
one-line description: the first line of its docstring.

Catalog checks are generators ``check(pair, context)`` over one translated
string; they yield problem descriptions and know nothing of files, severities
or output. The families live in their own modules (``state``, ``tags``,
``punctuation``, ``data``, ``language``, ``subtitles``); ``settings.all_checks``
imports them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.model import Message
from seoultrain_i18n.timecode import srt_range

if TYPE_CHECKING:
    from seoultrain_i18n.translate.glossary import Glossary

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Check:
    """One named check: what it is called, how bad it is, and what it runs on.

    ``kind`` is ``message`` (a translated string in a catalog), ``source`` (a
    msgid in a template), ``locale`` (all catalogs of one locale together),
    ``cue`` (one cue of a built track), ``timing`` (the cues of a source track,
    reported once for all languages).
    """

    code: str
    name: str
    severity: Severity
    kind: str
    function: Callable[..., Iterator[Any]]
    fixed_severity: bool = False  # may not be demoted or ignored (unsafe markup)

    @property
    def description(self) -> str:
        doc = (self.function.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else self.name

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


REGISTRY: dict[str, Check] = {}


def register(
    code: str, name: str, severity: Severity, kind: str = "message", *, fixed: bool = False
) -> Callable[[Callable[..., Iterator[Any]]], Callable[..., Iterator[Any]]]:
    """Decorator adding a check function to ``REGISTRY``."""

    def add(function: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[str]]:
        if code in REGISTRY or any(check.name == name for check in REGISTRY.values()):
            raise ValueError(f"duplicate check {code} {name}")
        REGISTRY[code] = Check(code, name, severity, kind, function, fixed)
        return function

    return add


# --------------------------------------------------------------------------
# What a check sees and what the runner produces


@dataclass(frozen=True, slots=True)
class Pair:
    """One source string and its translation (a plural form is its own pair)."""

    source: str
    translation: str
    message: Message


@dataclass(slots=True)
class CheckContext:
    """What a catalog check may need beyond the string itself."""

    domain: str
    locale: str
    source_locale: str
    is_track: bool = False
    glossary: Glossary | None = None
    untranslated_percent: float = 0.0
    fuzzy_percent: float = 0.0

    @property
    def family(self) -> str:
        return locale_ids.script_family(self.locale)

    @property
    def source_family(self) -> str:
        return locale_ids.script_family(self.source_locale)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at ``path:line`` (project-relative path)."""

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int
    domain: str = ""
    locale: str = ""
    source: str = ""
    translation: str = ""
    cue: int | None = None
    start_ms: int | None = None
    end_ms: int | None = None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def text_line(self) -> str:
        """``file:line: CODE message`` (cues: ``cue N (timing)`` first)."""
        where = ""
        if self.cue is not None and self.start_ms is not None and self.end_ms is not None:
            where = f"cue {self.cue} ({srt_range(self.start_ms, self.end_ms)}): "
        locale = f"[{self.locale}] " if self.locale else ""
        return f"{self.location}: {self.code} {locale}{where}{self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "path": self.path,
            "line": self.line,
            "domain": self.domain,
            "locale": self.locale or None,
            "message": self.message,
            "source": self.source,
            "translation": self.translation,
            "cue": self.cue,
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
        }


@dataclass(slots=True)
class CheckResult:
    """Everything one run found, and what it looked at."""

    findings: list[Finding] = field(default_factory=list)
    checked_files: list[str] = field(default_factory=list)  # project-relative, in run order
    file_kinds: dict[str, set[str]] = field(default_factory=dict)  # which check kinds ran where
    skipped: list[str] = field(default_factory=list)  # human-readable notes
    checks: list[Check] = field(default_factory=list)
    # Per checked track: (domain, locale, is_source, characters per second of
    # every cue, the limit) — the report's histograms, so it need not build
    # the tracks again. None when no subtitle checks ran.
    reading_speeds: list[tuple[str, str, bool, list[float], float]] | None = None

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "warning"]


def pairs_of(message: Message, locale: str) -> list[Pair]:
    """Each (source, translation) of a message; plural forms compared to the plural source."""
    if message.source_plural is None:
        return [Pair(message.source, message.translation, message)]
    plural_count = max(len(message.plural_translations), 1)
    pairs = []
    for position, form in enumerate(message.plural_translations):
        source = message.source if position == 0 and plural_count > 1 else message.source_plural
        pairs.append(Pair(source, form, message))
    return pairs
