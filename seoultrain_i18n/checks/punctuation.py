"""P checks: whitespace and punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.checks.registry import CheckContext, Pair, register
from seoultrain_i18n.checks.text import HAN, URL
from seoultrain_i18n.markup import strip_markup

_SPACE = " \t\u3000\u00a0"


@register("P301", "whitespace", "warning")
def edge_whitespace(pair: Pair, context: CheckContext) -> Iterator[str]:
    """Leading or trailing whitespace (spaces, newlines) differs from the source."""
    source, target = pair.source, pair.translation
    lead_s, lead_t = (
        source[: len(source) - len(source.lstrip())],
        target[: len(target) - len(target.lstrip())],
    )
    trail_s = source[len(source.rstrip()) :]
    trail_t = target[len(target.rstrip()) :]
    if lead_s != lead_t:
        yield f"leading whitespace {lead_t!r} differs from the source's {lead_s!r}"
    if trail_s != trail_t:
        yield f"trailing whitespace {trail_t!r} differs from the source's {trail_s!r}"


@register("P302", "line-breaks", "warning")
def line_break_parity(pair: Pair, context: CheckContext) -> Iterator[str]:
    """A page string has another number of line breaks than its source (not for subtitles)."""
    if context.is_track:
        return  # subtitle lines are re-broken per language by the build
    source, target = pair.source.strip().count("\n"), pair.translation.strip().count("\n")
    if source != target:
        yield f"{target} line breaks, the source has {source}"


@register("P303", "double-space", "warning")
def double_space(pair: Pair, context: CheckContext) -> Iterator[str]:
    """The translation has doubled spaces that its source does not have."""
    if "  " in pair.translation.strip() and "  " not in pair.source.strip():
        yield "doubled space"


_CLOSERS = "\"'”’」』》）)]】〉>*_ \u3000\t\n"
END_CLASSES: dict[str, str] = {
    ".": "full stop",
    "。": "full stop",
    "．": "full stop",
    "?": "question mark",
    "？": "question mark",
    "!": "exclamation mark",
    "！": "exclamation mark",
    ":": "colon",
    "：": "colon",
    ";": "semicolon",
    "；": "semicolon",
    "…": "ellipsis",
    "⋯": "ellipsis",
}
_LOOSE_CLASSES = {"full stop", "semicolon"}  # CJK subtitles drop them at line end (docs/norms.md)


def end_class(text: str) -> str | None:
    """The kind of punctuation ``text`` ends with (after quotes, brackets and tags)."""
    core = strip_markup(text).rstrip(_CLOSERS)
    if core.endswith("..."):
        return "ellipsis"
    if core.endswith(("?!", "!?", "？！", "！？")):
        return "interrobang"
    return END_CLASSES.get(core[-1:]) if core else None


@register("P304", "end-punctuation", "warning")
def end_punctuation(pair: Pair, context: CheckContext) -> Iterator[str]:
    """The translation ends with other punctuation than its source (. = 。, ? = ？, : = ：)."""
    source, target = end_class(pair.source), end_class(pair.translation)
    if source == target:
        return
    if source and target and {source, target} <= {"question mark", "interrobang"}:
        return
    cjk_track = context.is_track and (
        locale_ids.is_cjk(context.locale) or locale_ids.is_cjk(context.source_locale)
    )
    if cjk_track and {source, target} <= _LOOSE_CLASSES | {None}:
        return  # Korean and Chinese subtitles drop full stops at line end (docs/norms.md)
    yield f"ends with {target or 'no punctuation'}, the source with {source or 'no punctuation'}"


_HALF_WIDTH_IN_HAN = re.compile(
    rf"(?<={HAN.pattern})[,?!;:](?!//)|(?<={HAN.pattern})\.(?![\d.])|[,?!;](?={HAN.pattern})"
)


@register("P305", "half-width-punctuation", "warning")
def half_width_punctuation(pair: Pair, context: CheckContext) -> Iterator[str]:
    """Chinese text uses half-width , . ? ! : ; next to Chinese characters (use ，。？！：；)."""
    if locale_ids.language(context.locale) != "zh":
        return
    text = URL.sub(" ", strip_markup(pair.translation))
    marks = sorted({match.group(0) for match in _HALF_WIDTH_IN_HAN.finditer(text)})
    if marks:
        yield "half-width punctuation in Chinese text: " + " ".join(marks)
