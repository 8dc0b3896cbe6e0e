"""The pre-translation stage: draft every untranslated message from the best
source available, never touching human work.

For each untranslated message (``include_fuzzy``: and each fuzzy one) of the
selected catalogs, the first source that has an answer drafts it:

1. **memory, exact** — a reviewed translation of the same source text (same
   context preferred) in any catalog of the project or an imported TMX;
2. **glossary** — the message is exactly a glossary term;
3. **copy** — the message has no words (``♪``, ``2005``, ``<br/>``);
4. **OpenCC** — zh_Hant from the reviewed zh_Hans translation of the same
   message (Taiwan phrasing, or Hong Kong with ``hant-variant = "hk"``), and
   zh_Hans back from reviewed zh_Hant; when the source itself is Chinese (a
   zh_Hant track), the other script from the source text. This comes before fuzzy memory on
   purpose: a converted human translation of *this* message beats a human
   translation of a merely similar one;
5. **memory, fuzzy** — the most similar reviewed source scoring at least
   ``translate.memory-threshold`` (default 75 of 100);
6. **machine translation** — only with a provider (``mtengine``).

Every draft is fuzzy, even an exact memory match (it may come from another
context, and the issue wants every draft reviewed), and records its origin in
a translator comment that Poedit shows: ``# draft: memory 100% (site)``,
``# draft: OpenCC s2twp from zh_Hans``, ``# draft: libre 2026-11-26``. A
non-fuzzy translation, a comment other than our own ``draft:`` line, a flag
or a previous msgid is never changed.

Catalogs are written atomically under the project lock as results arrive
(at most once a second per catalog, and at the end, also on Ctrl-C or an
error); every machine answer is in the cache before it is applied.

Every catalog is read once, one at a time, and only a catalog with
something to draft is kept: the memory and the OpenCC siblings keep what
they need of the others (a whole catalogue of 906,000 messages held at once
went over 2 GB).
"""

from __future__ import annotations

import datetime
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.catalogs.layout import LoadedCatalog, Template, iter_catalogs, save_catalog
from seoultrain_i18n.errors import I18nError, MultipleErrors
from seoultrain_i18n.fsutil import project_lock
from seoultrain_i18n.markup import NOT_WORDS, PROTECTED_SPAN
from seoultrain_i18n.model import Catalog, Cue, Message, MessageKey
from seoultrain_i18n.subtitles.cues import source_cue_messages
from seoultrain_i18n.translate import chinese as chinese
from seoultrain_i18n.translate.cache import CACHE_FILE, MTCache
from seoultrain_i18n.translate.glossary import Glossary, load_glossary, project_glossary_path
from seoultrain_i18n.translate.memory import TranslationMemory, add_tmx_files

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.translate.engine import Job, MTRunner, Outcome

DRAFT_PREFIX = "draft: "
SAVE_INTERVAL_S = 1.0
MAX_GAP_MS = 1000
MAX_GROUP_CUES = 4
_FINAL = ".!?…。！？‼⁉;；"
_CLOSERS = "\"'”’」』)]）》〉*_ "
_WORD = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class TranslateOptions:
    locales: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    provider: str = ""
    provider_url: str = ""
    dry_run: bool = False
    include_fuzzy: bool = False
    today: str = ""
    env: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """A message that could not be drafted, with where it is."""

    path: str
    line: int
    locale: str
    domain: str
    context: str | None
    source: str
    reason: str

    def describe(self) -> str:
        preview = self.source if len(self.source) <= 50 else self.source[:49] + "…"
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {preview!r}: {self.reason}"


@dataclass(slots=True)
class TranslateReport:
    """What a run did (or, with ``dry_run``, would send)."""

    filled: Counter[str] = field(default_factory=Counter)
    failed: list[Failure] = field(default_factory=list)
    skipped: int = 0
    requests: int = 0
    retries: int = 0
    characters: int = 0
    cache_hits: int = 0
    written: list[str] = field(default_factory=list)
    dry_run: bool = False
    provider: str = ""
    planned_requests: int = 0
    planned_characters: int = 0
    planned_texts: list[str] = field(default_factory=list)

    @property
    def total_filled(self) -> int:
        return sum(self.filled.values())

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "filled": dict(self.filled),
            "filled_total": self.total_filled,
            "failed": [
                {
                    "path": f.path,
                    "line": f.line,
                    "locale": f.locale,
                    "domain": f.domain,
                    "context": f.context,
                    "source": f.source,
                    "reason": f.reason,
                }
                for f in self.failed
            ],
            "skipped": self.skipped,
            "requests": self.requests,
            "retries": self.retries,
            "characters_sent": self.characters,
            "cache_hits": self.cache_hits,
            "written": self.written,
        }
        if self.dry_run:
            data["dry_run"] = {
                "provider": self.provider,
                "requests": self.planned_requests,
                "characters": self.planned_characters,
                "texts": self.planned_texts,
            }
        return data


@dataclass(slots=True)
class _Target:
    """One message waiting for a draft."""

    item: LoadedCatalog
    message: Message


class _Saver:
    """Writes changed catalogs atomically, at most once per interval."""

    def __init__(self, enabled: bool, report: TranslateReport, project: Project) -> None:
        self.enabled = enabled
        self.report = report
        self.project = project
        self.dirty: dict[int, LoadedCatalog] = {}
        self.last = time.monotonic()

    def touch(self, item: LoadedCatalog) -> None:
        self.dirty[id(item)] = item

    def maybe_save(self) -> None:
        if time.monotonic() - self.last >= SAVE_INTERVAL_S:
            self.save()

    def save(self) -> None:
        self.last = time.monotonic()
        if not self.enabled:
            return
        for item in list(self.dirty.values()):
            if save_catalog(item.path, item.catalog):
                shown = self.project.relative(item.path)
                if shown not in self.report.written:
                    self.report.written.append(shown)
        self.dirty.clear()


def apply_draft(message: Message, text: str, origin: str) -> None:
    """Fill ``message`` with a fuzzy draft and record where it came from."""
    message.translation = text
    message.comments = [c for c in message.comments if not c.startswith(DRAFT_PREFIX)]
    message.comments.append(f"{DRAFT_PREFIX}{origin}")
    message.set_fuzzy(True)


def needs_draft(message: Message, include_fuzzy: bool) -> bool:
    if message.obsolete:
        return False
    return not message.translated or (include_fuzzy and message.fuzzy)


def has_words(text: str) -> bool:
    return bool(_WORD.search(NOT_WORDS.sub("", text)))


# -- the offline sources -----------------------------------------------------


@dataclass(slots=True)
class _Offline:
    memory: TranslationMemory
    glossary: Glossary
    threshold: float
    variant: str
    # The reviewed singular translations of each Chinese catalog by key, for
    # OpenCC to convert into its sibling: built once per catalog while it is
    # read, so the catalog itself need not be kept.
    siblings: dict[tuple[str, str], dict[MessageKey, str]]

    def draft(self, item: LoadedCatalog, message: Message) -> tuple[str, str, str] | None:
        """(text, origin, source name) from the first offline source, or None."""
        source_locale, target = item.template.source_locale, item.locale
        text = message.source
        exact = self.memory.exact(text, source_locale, target, message.context)
        if exact is not None:
            return exact.translation, f"memory 100% ({exact.origin})", "memory"
        term = self.glossary.whole_message(text, source_locale)
        rendering = term.rendering(target) if term is not None else None
        if rendering:
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            return f"{lead}{rendering}{trail}", "glossary", "glossary"
        if not has_words(text):
            return text, "copy of the source (nothing to translate)", "copy"
        converted = self._convert(item, message)
        if converted is not None:
            return converted
        match = self.memory.fuzzy(text, source_locale, target, self.threshold)
        if match is not None:
            return (
                match.entry.translation,
                f"memory {match.score:.0f}% ({match.entry.origin})",
                "memory-fuzzy",
            )
        return None

    def _convert(self, item: LoadedCatalog, message: Message) -> tuple[str, str, str] | None:
        other = _SIBLING.get(item.locale)
        if other is None:
            return None
        if locale_ids.normalize(item.template.source_locale) == other:
            # A Chinese source (a zh_Hant film's track): the other script's
            # translation is the source itself, converted.
            config = chinese.conversion_config(other, item.locale, self.variant)
            if config is None:
                return None
            origin = f"OpenCC {config} from the {other} source"
            return chinese.convert(message.source, config), origin, "opencc"
        reviewed = self.siblings.get((other, item.template.domain))
        if reviewed is None:
            return None
        found = reviewed.get(message.key)
        if found is None:
            return None
        config = chinese.conversion_config(other, item.locale, self.variant)
        if config is None:
            return None
        return chinese.convert(found, config), f"OpenCC {config} from {other}", "opencc"


# The Chinese catalog OpenCC converts a catalog's drafts from.
_SIBLING = {"zh_Hant": "zh_Hans", "zh_Hans": "zh_Hant"}


def reviewed_translations(catalog: Catalog) -> dict[MessageKey, str]:
    """A catalog's reviewed singular translations by message key."""
    return {
        (message.context, sys.intern(message.source)): message.translation
        for message in catalog.messages
        if not message.obsolete and message.source_plural is None and message.reviewed
    }


# -- sentence groups of subtitle domains --------------------------------------


def source_cues(project: Project, domain: str) -> list[tuple[Cue, MessageKey]]:
    """The domain's cues in order with their message keys, or [] when unknown.

    Asks the subtitles package (``subtitles.cues.source_cue_messages``).
    """
    try:
        return source_cue_messages(project, domain)
    except I18nError:
        return []


def ends_sentence(text: str) -> bool:
    plain = PROTECTED_SPAN.sub("", text).rstrip(_CLOSERS + "\n")
    return not plain or plain[-1] in _FINAL


def sentence_groups(
    cues: list[tuple[Cue, MessageKey]], wanted: set[MessageKey]
) -> list[list[MessageKey]]:
    """Runs of cues that continue one sentence (gap ≤ 1 s, no final punctuation).

    Only keys in ``wanted`` take part; a key belongs to one group at most (an
    identical line used twice is grouped where it first occurs). Groups have
    at least two cues and at most four.
    """
    groups: list[list[MessageKey]] = []
    used: set[MessageKey] = set()
    current: list[tuple[Cue, MessageKey]] = []

    def close() -> None:
        if len(current) >= 2:
            keys = [key for _, key in current]
            groups.append(keys)
            used.update(keys)
        current.clear()

    for cue, key in cues:
        if key not in wanted or key in used or any(key == k for _, k in current):
            close()
            continue
        if current:
            previous = current[-1][0]
            joins = (
                cue.start_ms - previous.end_ms <= MAX_GAP_MS
                and not ends_sentence(previous.text)
                and len(current) < MAX_GROUP_CUES
            )
            if not joins:
                close()
        current.append((cue, key))
    close()
    return groups


# -- the stage -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Selection:
    """The catalogs ``--locale`` and ``--domain`` select (never a source language)."""

    locales: frozenset[str]
    domains: frozenset[str]

    @classmethod
    def of(cls, options: TranslateOptions) -> _Selection:
        locales = frozenset(locale_ids.normalize(locale) for locale in options.locales)
        return cls(locales, frozenset(options.domains))

    def selects(self, locale: str, template: Template) -> bool:
        return (
            (not self.locales or locale in self.locales)
            and (not self.domains or template.domain in self.domains)
            and locale != template.source_locale
        )


def _targets(item: LoadedCatalog, include_fuzzy: bool, report: TranslateReport) -> list[_Target]:
    targets: list[_Target] = []
    for message in item.catalog.messages:
        if not needs_draft(message, include_fuzzy):
            continue
        if message.source_plural is not None:
            report.skipped += 1  # plural forms are left to a translator
            continue
        # The memory holds the same source text (one string for every locale's
        # catalog): a kept catalog shares it rather than holding its own copy.
        message.source = sys.intern(message.source)
        targets.append(_Target(item, message))
    return targets


@dataclass(slots=True)
class _Gathered:
    memory: TranslationMemory
    siblings: dict[tuple[str, str], dict[MessageKey, str]]
    targets: list[list[_Target]]  # one list per catalog with something to draft


def _gather(project: Project, options: TranslateOptions, report: TranslateReport) -> _Gathered:
    """Read every catalog once, in order: its reviewed pairs go to the memory,
    a Chinese catalog's reviewed translations to the siblings OpenCC converts,
    its messages to draft to the targets.

    Only a catalog with something to draft stays in memory (its targets hold
    it), so a whole catalogue is never held at once; the reader keeps no
    parsed copy either (``keep=False``). Raises every unreadable catalog.
    """
    selection = _Selection.of(options)
    gathered = _Gathered(TranslationMemory(), {}, [])
    errors: list[I18nError] = []
    for item in iter_catalogs(project, errors=errors, keep=False):
        gathered.memory.add_catalog(item)
        sibling = _SIBLING.get(item.locale)
        if sibling is not None and selection.selects(sibling, item.template):
            key = (item.locale, item.template.domain)
            gathered.siblings[key] = reviewed_translations(item.catalog)
        if selection.selects(item.locale, item.template):
            found = _targets(item, options.include_fuzzy, report)
            if found:
                gathered.targets.append(found)
    if errors:
        raise MultipleErrors(errors)
    return gathered


def _failure(target: _Target, project: Project, reason: str) -> Failure:
    message = target.message
    return Failure(
        project.relative(target.item.path),
        message.line,
        target.item.locale,
        target.item.template.domain,
        message.context,
        message.source,
        reason,
    )


def pretranslate(
    project: Project,
    options: TranslateOptions,
    on_progress: Callable[[int], None] | None = None,
    *,
    on_total: Callable[[int], None] | None = None,
) -> TranslateReport:
    """Draft every untranslated message of the selected catalogs (see module doc)."""
    progress = on_progress or (lambda step: None)
    report = TranslateReport(dry_run=options.dry_run, provider=options.provider)
    settings = project.config.translate
    provider = None
    if options.provider:
        from seoultrain_i18n.translate.providers import make_provider

        provider = make_provider(
            options.provider,
            url=options.provider_url
            or (settings.provider_url if options.provider == "libre" else ""),
            timeout=settings.timeout,
            env=options.env,
        )
    lock = project_lock(project.locales_dir)
    with lock:
        gathered = _gather(project, options, report)
        glossary = load_glossary(project_glossary_path(project.locales_dir, settings.glossary))
        add_tmx_files(project, gathered.memory)
        offline = _Offline(
            memory=gathered.memory,
            glossary=glossary,
            threshold=settings.memory_threshold,
            variant=settings.hant_variant,
            siblings=gathered.siblings,
        )
        if on_total is not None:
            on_total(sum(len(targets) for targets in gathered.targets))
        saver = _Saver(not options.dry_run, report, project)
        try:
            machine = _offline_pass(gathered.targets, offline, report, saver, progress)
            saver.save()
            if provider is None:
                report.skipped += len(machine)
                progress(len(machine))
            else:
                _machine_pass(
                    project, machine, glossary, provider, options, report, saver, progress
                )
        finally:
            saver.save()
            report.failed.sort(key=lambda failure: (failure.path, failure.line))
    return report


def _offline_pass(
    by_catalog: list[list[_Target]],
    offline: _Offline,
    report: TranslateReport,
    saver: _Saver,
    progress: Callable[[int], None],
) -> list[_Target]:
    """Draft from the offline sources, catalog by catalog, in order; returns
    the targets left for a machine.

    ``by_catalog`` is emptied as the pass goes: a catalog is written once its
    drafts are made, then dropped unless a machine is to draft some of its
    messages (so the drafts of a whole catalogue are never held at once).
    """
    machine: list[_Target] = []
    by_catalog.reverse()
    while by_catalog:
        for target in by_catalog.pop():
            draft = offline.draft(target.item, target.message)
            if draft is None:
                machine.append(target)
                continue
            text, origin, name = draft
            apply_draft(target.message, text, origin)
            report.filled[name] += 1
            saver.touch(target.item)
            progress(1)
        saver.save()
    return machine


def _jobs(project: Project, machine: list[_Target], glossary: Glossary) -> list[Job]:
    """Units to translate: sentence groups of subtitle domains, else single messages."""
    # The engine brings requests and deep-translator: offline runs never load them.
    from seoultrain_i18n.translate.engine import Job, mask

    by_catalog: dict[int, list[_Target]] = {}
    for target in machine:
        by_catalog.setdefault(id(target.item), []).append(target)
    site_domain = project.site_domain
    cue_cache: dict[str, list[tuple[Cue, MessageKey]]] = {}
    jobs: list[Job] = []
    for targets in by_catalog.values():
        item = targets[0].item
        source, target_locale = item.template.source_locale, item.locale
        by_key = {t.message.key: t for t in targets}
        groups: list[list[MessageKey]] = []
        domain = item.template.domain
        if domain != site_domain:
            if domain not in cue_cache:
                cue_cache[domain] = source_cues(project, domain)
            groups = sentence_groups(cue_cache[domain], set(by_key))
        grouped: set[MessageKey] = set()
        for keys in groups:
            members = [by_key[key] for key in keys]
            texts = [member.message.source for member in members]
            whole = mask(
                texts, glossary=glossary, source_locale=source, target_locale=target_locale
            )
            fallback = [
                mask([text], glossary=glossary, source_locale=source, target_locale=target_locale)
                for text in texts
            ]
            jobs.append(Job(source, target_locale, whole, fallback, tag=members))
            grouped.update(keys)
        for target in targets:
            if target.message.key in grouped:
                continue
            masked = mask(
                [target.message.source],
                glossary=glossary,
                source_locale=source,
                target_locale=target_locale,
            )
            jobs.append(Job(source, target_locale, masked, [], tag=[target]))
    return jobs


def _machine_pass(
    project: Project,
    machine: list[_Target],
    glossary: Glossary,
    provider: Any,
    options: TranslateOptions,
    report: TranslateReport,
    saver: _Saver,
    progress: Callable[[int], None],
) -> None:
    from seoultrain_i18n.translate.engine import MTRunner

    settings = project.config.translate
    jobs = _jobs(project, machine, glossary)
    cache_path = project.locales_dir / CACHE_FILE
    cache = MTCache(cache_path) if (not options.dry_run or cache_path.exists()) else None
    runner = MTRunner(
        provider,
        cache,
        concurrency=settings.concurrency,
        retries=settings.retries,
        backoff=settings.backoff,
        batch_chars=settings.batch_chars,
        deadline=settings.deadline,
    )
    today = options.today or datetime.date.today().isoformat()
    try:
        if options.dry_run:
            _plan(runner, jobs, report)
            progress(len(machine))
            return

        def on_outcome(outcome: Outcome) -> None:
            members: list[_Target] = outcome.job.tag  # type: ignore[assignment]
            if outcome.texts is None:
                for member in members:
                    report.failed.append(_failure(member, project, outcome.error))
                progress(len(members))
                return
            origin = f"{provider.name} {today}"
            if len(members) > 1 and outcome.split:
                origin += f" (one sentence across {len(members)} cues)"
            for member, text in zip(members, outcome.texts, strict=True):
                apply_draft(member.message, text, origin)
                report.filled[provider.name] += 1
                saver.touch(member.item)
            progress(len(members))
            saver.maybe_save()

        runner.run(jobs, on_outcome)
    finally:
        report.requests = runner.stats.requests
        report.retries = runner.stats.retries
        report.characters = runner.stats.characters
        report.cache_hits = runner.stats.cache_hits
        if cache is not None:
            cache.close()


def _plan(runner: MTRunner, jobs: list[Job], report: TranslateReport) -> None:
    """Dry run: what would be sent (units not in the cache), sending nothing."""
    pending = []
    for job in jobs:
        if runner.from_cache(job) is not None:
            report.cache_hits += 1
        else:
            pending.append(job)
    unique = {(job.source_locale, job.target_locale, job.masked.text): job for job in pending}
    requests = runner.plan(list(unique.values()))
    report.planned_requests = len(requests)
    report.planned_characters = sum(
        len(text) for request in requests for text in runner.request_texts(request)
    )
    report.planned_texts = [
        f"{job.source_locale}→{job.target_locale}: {job.masked.text}" for job in unique.values()
    ]
