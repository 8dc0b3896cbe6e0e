"""Template + old catalog → updated catalog, the way msgmerge does it, but faster and smarter.

For every template message, in template order:

1. an exact (context, msgid) match in the old catalog keeps its translation,
   comments and flags (an obsolete ``#~`` entry counts: it comes back);
2. a match that differs only in whitespace or typography (' ’, " “”,
   -- —, ... …) carries the translation over *without* fuzzy;
3. a link label that an old translated link bar held (``<a1>Home</a1> |
   <a2>The Film</a2>``, one message before pages cut bars into one message
   per label) takes the translation of its link in that bar, fuzzy;
4. otherwise the most similar translated old message (similarity as in
   msgmerge: 2·matches / total length, i.e. rapidfuzz's Indel ratio; a
   candidate in the same context wins ties and near-ties) gives a fuzzy
   translation with ``#|`` previous strings, never below ``threshold``;
5. otherwise the message is new and untranslated.

Old messages nobody used become obsolete ``#~`` entries at the end. The
fuzzy search is pruned (a word/character-bigram index picks a short list,
then only candidates whose length allows a better score are compared), so
it is not quadratic in practice.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from seoultrain_i18n import locales
from seoultrain_i18n.catalogs.fuzzy import FuzzyIndex, neighbour_hints
from seoultrain_i18n.markup import SEGMENT_LINK, SEGMENT_TAG_LIKE
from seoultrain_i18n.model import FUZZY, Catalog, Message, MessageKey

DEFAULT_THRESHOLD = 0.6

_TYPOGRAPHY = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "−": "-",
        "…": "...",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"-{2,3}")
_FORMAT_FLAG = re.compile(r"^(?:no-|possible-|impossible-)?[\w-]+-format$")


# Anything normalize_typography changes: a character it translates, two or
# three dashes, whitespace other than one space between words.
_UNUSUAL = re.compile(
    "[" + "".join(chr(code) for code in _TYPOGRAPHY) + r"]|--|\s\s|[^\S ]|^\s|\s$"
)


def normalize_typography(text: str) -> str:
    """The text with whitespace collapsed and typographic quotes/dashes/ellipsis as ASCII."""
    if _UNUSUAL.search(text) is None:
        return text  # (most msgids: one search instead of a translation and two)
    text = text.translate(_TYPOGRAPHY)
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).strip()


@dataclass(slots=True)
class MergeStats:
    """What a merge did, for the one-line summary per catalog."""

    kept: int = 0
    typographic: int = 0
    fuzzy: int = 0
    resurrected: int = 0
    new: int = 0
    obsoleted: int = 0


def default_header(
    template: Catalog, locale: str, project_name: str | None = None
) -> list[tuple[str, str]]:
    """A full header for a new catalog (dates from the template, so runs are repeatable)."""
    created = template.get_header("POT-Creation-Date") or ""
    project = template.get_header("Project-Id-Version") or ""
    if project_name and project in ("", "PACKAGE VERSION"):
        project = project_name
    try:
        team = f"{locales.english_name(locale)} <LL@li.org>"
    except Exception:  # an unknown locale keeps a neutral team name
        team = f"{locale} <LL@li.org>"
    header = [
        ("Project-Id-Version", project or "PACKAGE VERSION"),
        ("Report-Msgid-Bugs-To", template.get_header("Report-Msgid-Bugs-To") or ""),
        ("POT-Creation-Date", created),
        ("PO-Revision-Date", created),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language", locale),
        ("Language-Team", team),
        ("Plural-Forms", locales.plural_forms(locale)),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    source = template.get_header("X-Source-Language")
    if source:
        header.append(("X-Source-Language", source))
    return header


def _updated_header(template: Catalog, old: Catalog, locale: str) -> list[tuple[str, str]]:
    if not old.header:
        return default_header(template, locale)
    updated = Catalog(domain=old.domain, header=list(old.header))
    for name in ("POT-Creation-Date", "X-Source-Language"):
        value = template.get_header(name)
        if value is not None:
            updated.set_header(name, value)
    if updated.get_header("Language") is None:
        updated.set_header("Language", locale)
    if updated.get_header("Plural-Forms") is None:
        updated.set_header("Plural-Forms", locales.plural_forms(locale))
    if updated.get_header("Content-Type") is None:
        updated.set_header("Content-Type", "text/plain; charset=UTF-8")
    return updated.header


def _forms(message: Message, count: int) -> list[str]:
    """The old message's translation shaped as ``count`` plural forms."""
    forms = list(message.plural_translations) if message.source_plural is not None else []
    if not forms:
        forms = [message.translation]
    if len(forms) < count:
        forms += [forms[-1] if message.source_plural is None else ""] * (count - len(forms))
    return forms[:count]


def _flags(template: Message, old: Message | None, fuzzy: bool) -> list[str]:
    flags = [FUZZY] if fuzzy else []
    if template.flags:
        flags += [flag for flag in template.flags if flag != FUZZY]
    if old is not None and old.flags:
        flags += [
            flag
            for flag in old.flags
            if flag != FUZZY and flag not in flags and not _FORMAT_FLAG.match(flag)
        ]
    return flags


def _carry(
    template: Message, old: Message | None, plural_count: int, *, fuzzy: bool, same: bool = True
) -> Message:
    """The template message with ``old``'s translation and translator data.

    ``same`` says ``old`` is the same message (exact or typographic match): its
    previous strings are kept if it is fuzzy. A fuzzy match from another
    message records that message as the previous one.
    """
    # Positional arguments, in Message's field order (keywords cost a tenth
    # of carrying 20,000 messages).
    plural = template.source_plural
    flags = _flags(template, old, fuzzy)
    if old is None:
        return Message(
            template.source,
            "",
            template.context,
            plural,
            [""] * plural_count if plural is not None else [],
            list(template.references),
            list(template.notes),
            [],
            flags,
        )
    if plural is not None:
        forms = _forms(old, plural_count)
        translation = forms[0]
    else:
        forms = []
        translation = (
            old.plural_translations[0]
            if old.source_plural is not None and old.plural_translations
            else old.translation
        )
    previous: tuple[str | None, str | None, str | None]
    if not same:
        previous = (old.context, old.source, old.source_plural)
    elif FUZZY in old.flags:
        previous = (old.previous_context, old.previous_source, old.previous_source_plural)
    else:
        previous = (None, None, None)
    return Message(
        template.source,
        translation,
        template.context,
        plural,
        forms,
        list(template.references),
        list(template.notes),
        list(old.comments),
        flags,
        *previous,
    )


def merge_catalog(
    template: Catalog,
    old: Catalog | None,
    locale: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    fuzzy_matching: bool = True,
    stats: MergeStats | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Catalog:
    """Merge ``template`` into ``old`` (None: a new catalog) for ``locale``.

    ``old`` is consumed: messages it shares with the result are taken over.
    """
    locale = locales.normalize(locale)
    stats = stats if stats is not None else MergeStats()
    # Only plural messages use the count: a template without any need not
    # load the plural rules (Babel's import is a hundredth of an update).
    plural = any(message.source_plural is not None for message in template.messages)
    plural_count = locales.plural_count(locale) if plural else 1
    result = Catalog(domain=template.domain, locale=locale)
    if old is None:
        result.header = default_header(template, locale)
        old = Catalog(domain=template.domain, locale=locale)
    else:
        result.header = _updated_header(template, old, locale)
        result.header_comments = list(old.header_comments)
        result.header_flags = list(old.header_flags)
        result.header_notes = list(old.header_notes)
        result.header_references = list(old.header_references)

    live: dict[MessageKey, Message] = {}
    dead: dict[MessageKey, Message] = {}
    # Keys spelled out, not Message.key: a property call per message adds up
    # on 20,000 messages.
    for message in old.messages:
        (dead if message.obsolete else live)[(message.context, message.source)] = message
    used: set[int] = set()
    unmatched: list[tuple[int, Message]] = []
    sources: dict[int, Message] = {}  # result position → the old message carried there
    messages = result.messages
    for template_message in template.live():
        key = (template_message.context, template_message.source)
        match = live.get(key) or dead.get(key)
        if match is None:
            unmatched.append((len(messages), template_message))
            messages.append(template_message)  # placeholder, replaced below
            continue
        if match.obsolete:
            stats.resurrected += 1
        else:
            stats.kept += 1
        taken = len(used)
        used.add(id(match))
        sources[len(messages)] = match
        if template_message.flags or match.flags or template_message.source_plural is not None:
            carried = _carry(template_message, match, plural_count, fuzzy=FUZZY in match.flags)
        elif match.source_plural is None and not match.obsolete and len(used) > taken:
            # (most messages) The old message itself becomes what _carry would
            # give (no flags, so not fuzzy; no plural): allocating and freeing a
            # copy of 20,000 messages cost more. Only what the fuzzy search and
            # the passes below never read changes (it stays a candidate).
            match.references = list(template_message.references)
            match.notes = list(template_message.notes)
            match.previous_context = match.previous_source = match.previous_source_plural = None
            match.line = 0
            carried = match
        else:  # what _carry gives: no flags, so not fuzzy, no plural
            carried = Message(
                template_message.source,
                match.plural_translations[0]
                if match.source_plural is not None and match.plural_translations
                else match.translation,
                template_message.context,
                None,
                [],
                list(template_message.references),
                list(template_message.notes),
                list(match.comments),
                [],
            )
        messages.append(carried)
    # Typographic matches, among the old messages no exact match took.
    normalized: dict[tuple[str | None, str], Message] = {}
    for message in [*dead.values(), *live.values()]:  # live entries win
        if id(message) not in used and message.translated:  # (most are used)
            normalized[(message.context, normalize_typography(message.source))] = message
    pending: list[tuple[int, Message]] = []
    for position, template_message in unmatched:
        key = template_message.key
        near = normalized.get((key[0], normalize_typography(key[1]))) if normalized else None
        if near is None:
            pending.append((position, template_message))
            continue
        stats.typographic += 1
        used.add(id(near))
        sources[position] = near
        result.messages[position] = _carry(template_message, near, plural_count, fuzzy=near.fuzzy)
    pending = _label_pass(result, pending, [*dead.values(), *live.values()], plural_count, stats)
    _fuzzy_pass(
        result,
        pending,
        live,
        dead,
        plural_count,
        threshold,
        fuzzy_matching,
        used,
        stats,
        on_progress,
        sources,
    )
    live_keys = {(message.context, message.source) for message in result.messages}
    result.messages.extend(_obsolete(old, used, live_keys, stats))
    return result


def _label_pass(
    result: Catalog,
    pending: list[tuple[int, Message]],
    old_messages: list[Message],
    plural_count: int,
    stats: MergeStats,
) -> list[tuple[int, Message]]:
    """Link labels whose translation an old link bar holds; returns the rest."""
    labels: dict[tuple[str | None, str], tuple[str, Message]] = {}
    for message in old_messages:
        # "</a" first: a cheap test that skips the two regexes on most messages.
        if (
            "</a" in message.source
            and message.translated
            and not message.fuzzy
            and message.source_plural is None
        ):
            for label, translation in _bar_labels(message.source, message.translation):
                labels[(message.context, label)] = (translation, message)
    if not labels:
        return pending
    rest = []
    for position, template_message in pending:
        found = labels.get(template_message.key)
        if found is None or template_message.source_plural is not None:
            rest.append((position, template_message))
            continue
        translation, bar = found
        message = _carry(template_message, None, plural_count, fuzzy=True)
        message.translation = translation
        message.previous_context = bar.context
        message.previous_source = bar.source
        stats.fuzzy += 1
        result.messages[position] = message
    return rest


def _bar_labels(source: str, translation: str) -> list[tuple[str, str]]:
    """(label, its translation) of each link of a link bar and its translation."""
    links = SEGMENT_LINK.findall(source)
    between = SEGMENT_TAG_LIKE.sub("", SEGMENT_LINK.sub("", source))
    if len(links) < 2 or any(character.isalnum() for character in html.unescape(between)):
        return []
    translated = dict(SEGMENT_LINK.findall(translation))
    return [
        (label.strip(), translated[tag].strip())
        for tag, label in links
        if label.strip() and translated.get(tag, "").strip()
    ]


def _fuzzy_pass(
    result: Catalog,
    pending: list[tuple[int, Message]],
    live: dict[MessageKey, Message],
    dead: dict[MessageKey, Message],
    plural_count: int,
    threshold: float,
    fuzzy_matching: bool,
    used: set[int],
    stats: MergeStats,
    on_progress: Callable[[int], None] | None,
    sources: dict[int, Message] | None = None,
) -> None:
    matches: list[tuple[Message, float] | None] = [None] * len(pending)
    if fuzzy_matching and pending:
        old_order = [*live.values(), *dead.values()]
        candidates = [message for message in old_order if message.translated]
        unused = {i for i, message in enumerate(candidates) if id(message) not in used}
        if candidates:
            index = FuzzyIndex(candidates, threshold, unused)
            hints = neighbour_hints(pending, sources or {}, old_order, candidates)
            matches = index.best_many([(m.context, m.source) for _, m in pending], hints)
    for done, ((position, template_message), found) in enumerate(
        zip(pending, matches, strict=True), 1
    ):
        if found is None:
            stats.new += 1
            result.messages[position] = _carry(template_message, None, plural_count, fuzzy=False)
        else:
            source, _score = found
            stats.fuzzy += 1
            if not source.obsolete:
                used.add(id(source))
            result.messages[position] = _carry(
                template_message, source, plural_count, fuzzy=True, same=False
            )
        if on_progress is not None and done % 100 == 0:
            on_progress(100)


def _obsolete(
    old: Catalog, used: set[int], live_keys: set[MessageKey], stats: MergeStats
) -> Iterable[Message]:
    """Unused old messages as ``#~`` entries, old file order, one per key."""
    by_key: dict[MessageKey, Message] = {}
    for message in old.messages:
        key = (message.context, message.source)
        if id(message) in used or key in live_keys:
            continue
        if not message.obsolete:
            stats.obsoleted += 1
        previous = by_key.get(key)
        if previous is not None and previous.translated and not message.translated:
            continue
        entry = Message(
            source=message.source,
            translation=message.translation,
            context=message.context,
            source_plural=message.source_plural,
            plural_translations=list(message.plural_translations),
            references=list(message.references),
            notes=list(message.notes),
            comments=list(message.comments),
            flags=list(message.flags),
            previous_context=message.previous_context,
            previous_source=message.previous_source,
            previous_source_plural=message.previous_source_plural,
            obsolete=True,
        )
        by_key.pop(key, None)
        by_key[key] = entry
    return by_key.values()
