"""M checks: inline tags, placeholders and unsafe markup."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from seoultrain_i18n.checks.registry import CheckContext, Pair, register
from seoultrain_i18n.checks.text import placeholders_of
from seoultrain_i18n.markup import TAG, TAG_LIKE, VOID_ELEMENTS, attributes_of, tags_of


@register("M201", "tags", "error")
def tag_parity(pair: Pair, context: CheckContext) -> Iterator[str]:
    """The translation uses other inline tags than its source (order may differ)."""
    difference = _multiset_difference(tags_of(pair.source), tags_of(pair.translation))
    if difference:
        yield "tags differ from the source: " + difference


@register("M202", "placeholders", "error")
def placeholder_parity(pair: Pair, context: CheckContext) -> Iterator[str]:
    """The translation has other placeholders (%s, %(x)s, {x}) than its source."""
    flags = pair.message.flags
    difference = _multiset_difference(
        placeholders_of(pair.source, flags), placeholders_of(pair.translation, flags)
    )
    if difference:
        yield "placeholders differ from the source: " + difference


def _multiset_difference(source: Iterable[str], target: Iterable[str]) -> str:
    """How two lists differ, order ignored: `missing X; extra Y` ("" when equal)."""
    source, target = sorted(source), sorted(target)
    if source == target:  # the usual case (mostly both empty): no Counters to build
        return ""
    wanted, found = Counter(source), Counter(target)
    parts = []
    if missing := sorted((wanted - found).elements()):
        parts.append("missing " + " ".join(missing))
    if extra := sorted((found - wanted).elements()):
        parts.append("extra " + " ".join(extra))
    return "; ".join(parts)


def markup_problems(text: str) -> Iterator[str]:
    """Unbalanced, misnested or unterminated tags in ``text``."""
    stack: list[str] = []
    position = 0
    for match in TAG.finditer(text):
        between = text[position : match.start()]
        if TAG_LIKE.search(between):
            yield f"unterminated tag near {between[TAG_LIKE.search(between).start() :][:20]!r}"  # type: ignore[union-attr]
        position = match.end()
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(4)
        if closing:
            if not stack:
                yield f"</{name}> closes nothing"
            elif stack[-1] != name:
                yield f"</{name}> closes <{stack[-1]}>"
                if name in stack:
                    while stack and stack.pop() != name:
                        pass
            else:
                stack.pop()
        elif not self_closing and name not in VOID_ELEMENTS:
            stack.append(name)
    rest = text[position:]
    if TAG_LIKE.search(rest):
        yield f"unterminated tag near {rest[TAG_LIKE.search(rest).start() :][:20]!r}"  # type: ignore[union-attr]
    for name in stack:
        yield f"<{name}> is never closed"


@register("M203", "malformed-markup", "error")
def malformed_markup(pair: Pair, context: CheckContext) -> Iterator[str]:
    """The translation's markup is malformed: unclosed, misnested or unterminated tags."""
    source_problems = set(markup_problems(pair.source))
    for problem in markup_problems(pair.translation):
        if problem not in source_problems:
            yield f"malformed markup: {problem}"


DANGEROUS_ELEMENTS = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "meta",
        "link",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "svg",
        "math",
        "template",
        "noscript",
    ]
)
URL_ATTRIBUTES = frozenset(
    [
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "data",
        "background",
        "cite",
        "srcset",
        "longdesc",
    ]
)
DANGEROUS_SCHEME = re.compile(r"^(?:javascript|vbscript|data|livescript|file):", re.IGNORECASE)
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]+")


def _tag_records(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    if "<" not in text:
        return []  # every tag starts with one (most texts hold none)
    return [
        (match.group(2).lower(), attributes_of(match.group(3)))
        for match in TAG.finditer(text)
        if not match.group(1)
    ]


def _links(text: str) -> Counter[str]:
    if "<" not in text:
        return Counter()
    return Counter(
        f"{name}@{attribute}={value.strip()}"
        for name, attributes in _tag_records(text)
        for attribute, value in attributes
        if attribute in URL_ATTRIBUTES
    )


_HANDLER = re.compile(r"(?<![\w-])(on[a-z]+)\s*=")


def _quoted_handler(text: str) -> str | None:
    """``on…`` when a quote is followed (anywhere later) by an ``on…=`` handler:
    an attribute translation like ``" onmouseover="alert(1)`` (linear: one search
    after the first quote)."""
    quotes = [index for index in (text.find('"'), text.find("'"), text.find("`")) if index >= 0]
    if not quotes:
        return None
    match = _HANDLER.search(text, min(quotes) + 1)
    return match.group(1) if match else None


@register("M204", "unsafe-markup", "error", fixed=True)
def unsafe_markup(pair: Pair, context: CheckContext) -> Iterator[str]:
    """The translation adds a script, an event handler, a javascript: URL or changes a link."""
    source_records = _tag_records(pair.source)
    source_elements = {name for name, _ in source_records}
    lowered = pair.translation.lower()
    for name, attributes in _tag_records(pair.translation):
        if name in DANGEROUS_ELEMENTS and name not in source_elements:
            yield f"unsafe markup: <{name}> element"
        for attribute, value in attributes:
            if attribute.startswith("on"):
                yield f"unsafe markup: event handler {attribute}= on <{name}>"
            if attribute == "style" and re.search(r"expression\s*\(|url\s*\(", value, re.I):
                yield f"unsafe markup: style with expression()/url() on <{name}>"
            squeezed = _CONTROL_AND_SPACE.sub("", value)
            if (attribute in URL_ATTRIBUTES or attribute == "style") and DANGEROUS_SCHEME.match(
                squeezed
            ):
                yield f"unsafe markup: {squeezed.split(':')[0].lower()}: URL in {attribute}="
    outside = TAG.sub(" ", lowered)
    if "javascript:" in outside and "javascript:" not in pair.source.lower():
        yield "unsafe markup: javascript: URL in text"
    handler = _quoted_handler(outside)
    if handler and not _quoted_handler(TAG.sub(" ", pair.source.lower())):
        yield f"unsafe markup: a quote, then an event handler {handler}= (attribute break-out)"
    source_links, target_links = _links(pair.source), _links(pair.translation)
    if source_links != target_links:
        changed = sorted((target_links - source_links).elements()) or sorted(
            (source_links - target_links).elements()
        )
        shown = ", ".join(link.split("@", 1)[1] for link in changed)
        yield f"unsafe markup: link targets differ from the source ({shown})"


@register("M205", "cue-timing-text", "error", fixed=True)
def cue_timing_text(pair: Pair, context: CheckContext) -> Iterator[str]:
    """A subtitle translation holds a time before an arrow (``00:00:30,000 -->``):
    on a line of its own it would start a cue in the SubRip track."""
    from seoultrain_i18n.formats.srt import may_read_as_timing

    if context.is_track and "-->" in pair.translation and may_read_as_timing(pair.translation):
        yield "a time followed by '-->' would read as a timing line and start a cue of its own"
