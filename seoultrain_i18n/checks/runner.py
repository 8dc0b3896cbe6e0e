"""Quality checks: a registry of small, named, graded checks and their runner.

Every check has a code (a letter for its family and three digits, like ruff's:
``T`` translation state, ``M`` markup and placeholders, ``P`` punctuation and
whitespace, ``D`` data that must survive translation, ``L`` language and
script, ``S`` subtitles), a slug, a default severity (error or warning) and a
one-line description: the first line of its docstring.

Catalog checks are generators ``check(pair, context)`` over one translated
string; they yield problem descriptions and know nothing of files, severities
or output. Subtitle checks live in ``subtitle_checks`` and work on cues. The
runner (``run_checks``) finds the catalogs and tracks of a project, applies the
selection and severity settings of ``[tool.seoultrain-i18n.checks]`` and turns
problems into ``Finding`` objects pointing at ``file:line``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import ConfigError, I18nError
from seoultrain_i18n.model import Message

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.translate.glossary import Glossary

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")


# --------------------------------------------------------------------------
# Registry


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


def all_checks() -> list[Check]:
    """Every registered check (catalog and subtitle), sorted by code."""
    from seoultrain_i18n.checks import subtitles  # noqa: F401 - registers the S checks

    return sorted(REGISTRY.values(), key=lambda check: check.code)


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
            where = f"cue {self.cue} ({srt_time(self.start_ms)} --> {srt_time(self.end_ms)}): "
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


def srt_time(ms: int) -> str:
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{sign}{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


# --------------------------------------------------------------------------
# Text helpers shared by several checks

TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)"
    r"\s*(/?)>"
)
ATTRIBUTE = re.compile(r"([^\s=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
ASS_CODE = re.compile(r"\{\\[^{}]*\}")  # {\an8}, {\i1}
TAG_LIKE = re.compile(r"<\s*/?\s*[A-Za-z]")
VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
PRINTF = re.compile(
    r"%(?:\(([A-Za-z_]\w*)\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|(\d+)\$[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|[sdif](?![A-Za-z]))"
)
PRINTF_FLAGGED = re.compile(r"%[-+ #0]*(?:\d+|\*)?(?:\.\d+)?[hlLqjzt]*[diouxXeEfFgGcrsa]")
BRACE = re.compile(r"(?<!\{)\{(?:[A-Za-z_][\w.]*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
# ASCII URL characters only: CJK text often follows a URL without a space.
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


@lru_cache(maxsize=4096)  # several checks strip the same two strings
def strip_markup(text: str) -> str:
    """``text`` without tags, ``{\\an8}`` codes and with entities decoded."""
    return html.unescape(ASS_CODE.sub("", TAG.sub("", text)))


def tags_of(text: str) -> list[str]:
    """Normalised tags (``<a>``, ``</a>``, ``<br/>``) and override codes."""
    found = []
    for match in TAG.finditer(text):
        closing, name, _, self_closing = (
            match.group(1),
            match.group(2).lower(),
            match.group(3),
            match.group(4),
        )
        if closing:
            found.append(f"</{name}>")
        elif self_closing or name in VOID_ELEMENTS:
            found.append(f"<{name}/>")
        else:
            found.append(f"<{name}>")
    found.extend(code.replace(" ", "") for code in ASS_CODE.findall(text))
    return found


def attributes_of(tag_attributes: str) -> list[tuple[str, str]]:
    result = []
    for match in ATTRIBUTE.finditer(tag_attributes):
        value = next((group for group in match.groups()[1:] if group is not None), "")
        result.append((match.group(1).lower(), html.unescape(value)))
    return result


def placeholders_of(text: str, flags: Iterable[str] = ()) -> list[str]:
    """printf and brace placeholders; bare ``%5.1f``-style only with a format flag."""
    outside = TAG.sub(" ", text).replace("%%", "  ")
    flagged = any(flag.endswith("-format") and not flag.startswith("no-") for flag in flags)
    pattern = PRINTF_FLAGGED if flagged else PRINTF
    found = [match.group(0) for match in pattern.finditer(outside)]
    if flagged:
        found += [
            match.group(0)
            for match in re.finditer(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]", outside)
        ]
    found += [match.group(0) for match in BRACE.finditer(ASS_CODE.sub(" ", outside))]
    return found


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


# --------------------------------------------------------------------------
# T: translation state (run on every live message, translated or not)


@register("T101", "untranslated", "warning", kind="state")
def untranslated(message: Message, context: CheckContext) -> Iterator[str]:
    """A message has no translation (an error above `untranslated-error-percent`)."""
    if not message.translated:
        yield "untranslated"


@register("T102", "fuzzy", "warning", kind="state")
def fuzzy(message: Message, context: CheckContext) -> Iterator[str]:
    """A translation is marked fuzzy: it needs review (an error above `fuzzy-error-percent`)."""
    if message.fuzzy and message.translated:
        origin = next((c for c in message.comments if c.lower().startswith("origin")), "")
        yield "fuzzy: needs review" + (f" ({origin.strip()})" if origin else "")


# --------------------------------------------------------------------------
# M: markup and placeholders


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
    return [
        (match.group(2).lower(), attributes_of(match.group(3)))
        for match in TAG.finditer(text)
        if not match.group(1)
    ]


def _links(text: str) -> Counter[str]:
    return Counter(
        f"{name}@{attribute}={value.strip()}"
        for name, attributes in _tag_records(text)
        for attribute, value in attributes
        if attribute in URL_ATTRIBUTES
    )


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
    if "javascript:" in TAG.sub(" ", lowered) and "javascript:" not in pair.source.lower():
        yield "unsafe markup: javascript: URL in text"
    source_links, target_links = _links(pair.source), _links(pair.translation)
    if source_links != target_links:
        changed = sorted((target_links - source_links).elements()) or sorted(
            (source_links - target_links).elements()
        )
        shown = ", ".join(link.split("@", 1)[1] for link in changed)
        yield f"unsafe markup: link targets differ from the source ({shown})"


# --------------------------------------------------------------------------
# P: whitespace and punctuation

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
_LOOSE_CLASSES = {"full stop", "semicolon"}  # CJK subtitles drop them at line end (NORMS.md)


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
        return  # Korean and Chinese subtitles drop full stops at line end (NORMS.md)
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


# --------------------------------------------------------------------------
# D: data preserved (numbers, URLs, e-mail addresses)

_NUMBER = re.compile(r"\d+(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?")
_SCALE_WORDS = {"thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SCALE_WORD = re.compile(r"\s*(thousand|million|billion|trillion)\b", re.IGNORECASE)
_CJK_UNITS = {
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1000,
    "仟": 1000,
    "천": 1000,
    "백": 100,
    "십": 10,
}
_CJK_BIG_UNITS = {
    "万": 10**4,
    "萬": 10**4,
    "만": 10**4,
    "亿": 10**8,
    "億": 10**8,
    "억": 10**8,
    "兆": 10**12,
    "조": 10**12,
}
_CJK_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "貳": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "參": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CJK_NUMERAL = re.compile("[" + "".join([*_CJK_DIGITS, "十百千万萬亿億"]) + "]+")
_KO_SMALL_NUMBERS = {
    1: ("한", "하나", "첫"),
    2: ("두", "둘"),
    3: ("세", "셋"),
    4: ("네", "넷"),
    5: ("다섯",),
    6: ("여섯",),
    7: ("일곱",),
    8: ("여덟",),
    9: ("아홉",),
    10: ("열",),
}
_EN_SMALL_NUMBERS = {
    1: ("one", "first", "a "),
    2: ("two", "second"),
    3: ("three", "third"),
    4: ("four", "fourth"),
    5: ("five", "fifth"),
    6: ("six", "sixth"),
    7: ("seven", "seventh"),
    8: ("eight", "eighth"),
    9: ("nine", "ninth"),
    10: ("ten", "tenth"),
}


def _decimal(digits: str) -> Decimal | None:
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None


def _cjk_numeral_value(text: str) -> int | None:
    """一千二百 → 1200, 二十五万 → 250000, 三 → 3."""
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CJK_DIGITS:
            digit = _CJK_DIGITS[char]
        elif char in _CJK_UNITS:
            section += (digit if digit is not None else 1) * _CJK_UNITS[char]
            digit = None
        elif char in _CJK_BIG_UNITS:
            section += digit or 0
            total += (section or 1) * _CJK_BIG_UNITS[char]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def number_values(text: str) -> tuple[list[Decimal], set[Decimal]]:
    """The numbers a text states, and every value a reader could take from it.

    The first list holds each number with its scale ("3 million" → 3000000,
    "25만" → 250000, "2만 5천" → 25000); the set adds the bare digits and
    Chinese numerals (三, 二十五万), so either form satisfies a comparison.
    """
    plain = URL.sub(" ", EMAIL.sub(" ", strip_markup(text)))
    stated: list[Decimal] = []
    readable: set[Decimal] = set()
    matches = list(_NUMBER.finditer(plain))
    index = 0
    while index < len(matches):
        match = matches[index]
        value = _decimal(match.group(0))
        index += 1
        if value is None:
            continue
        readable.add(value)
        after = plain[match.end() :]
        scale = _SCALE_WORD.match(after)
        if scale:
            value *= _SCALE_WORDS[scale.group(1).lower()]
        else:
            # CJK units after digits, possibly chained: 2만 5천, 1億2000万
            unit = re.match(r"\s?([万萬만亿億억兆조千천百백])", after)
            while unit:
                big = _CJK_BIG_UNITS.get(unit.group(1))
                small = _CJK_UNITS.get(unit.group(1))
                head = value * (big or small or 1)
                value = head
                end = match.end() + unit.end()
                nxt = re.match(r"\s?(\d+(?:\.\d+)?)\s?([万萬만亿億억千천百백])?", plain[end:])
                if nxt and index < len(matches) and matches[index].start() == end + nxt.start(1):
                    tail = _decimal(nxt.group(1)) or Decimal(0)
                    tail_unit = nxt.group(2)
                    tail *= _CJK_BIG_UNITS.get(tail_unit or "", _CJK_UNITS.get(tail_unit or "", 1))
                    if tail < head:
                        value = head + tail
                        readable.add(_decimal(nxt.group(1)) or Decimal(0))
                        index += 1
                    break
                unit = None
        stated.append(value)
        readable.add(value)
    for numeral in _CJK_NUMERAL.findall(plain):
        parsed = _cjk_numeral_value(numeral)
        if parsed is not None and any(char not in "万萬亿億" for char in numeral):
            readable.add(Decimal(parsed))
    return stated, readable


def _spelled(value: Decimal, text: str, locale: str) -> bool:
    """Small numbers may be written as words (two, 두, 两)."""
    if value != value.to_integral_value() or not 0 < value <= 10:
        return False
    number = int(value)
    language = locale_ids.language(locale)
    lowered = text.lower()
    if language == "ko":
        return any(word in text for word in _KO_SMALL_NUMBERS.get(number, ()))
    if language == "en":
        return any(re.search(rf"\b{word}", lowered) for word in _EN_SMALL_NUMBERS.get(number, ()))
    return False


@register("D401", "numbers", "warning")
def numbers(pair: Pair, context: CheckContext) -> Iterator[str]:
    """A number of the source is missing from the translation (250,000 = 25万 = 25만 is kept)."""
    stated, _ = number_values(pair.source)
    _, readable = number_values(pair.translation)
    missing = []
    for value in stated:
        if value in readable or _spelled(value, pair.translation, context.locale):
            continue
        missing.append(value)
    if missing:
        yield "number missing from the translation: " + ", ".join(map(_show, missing))


def _show(value: Decimal) -> str:
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _urls(text: str) -> Counter[str]:
    return Counter(url.rstrip(".,;:!?)") for url in URL.findall(strip_markup(text)))


@register("D402", "urls", "error")
def urls(pair: Pair, context: CheckContext) -> Iterator[str]:
    """A URL of the source is missing or changed in the translation."""
    missing = _urls(pair.source) - _urls(pair.translation)
    if missing:
        yield "URL missing or changed: " + " ".join(sorted(missing))


@register("D403", "emails", "error")
def emails(pair: Pair, context: CheckContext) -> Iterator[str]:
    """An e-mail address of the source is missing or changed in the translation."""
    missing = Counter(EMAIL.findall(strip_markup(pair.source))) - Counter(
        EMAIL.findall(strip_markup(pair.translation))
    )
    if missing:
        yield "e-mail address missing or changed: " + " ".join(sorted(missing))


# --------------------------------------------------------------------------
# L: language, script, glossary, leftovers


def _letters(text: str) -> str:
    return "".join(char for char in text if char.isalpha())


@register("L501", "unchanged", "warning")
def unchanged(pair: Pair, context: CheckContext) -> Iterator[str]:
    """The translation is identical to its source (names and glossary terms excepted)."""
    source = pair.source.strip()
    if source != pair.translation.strip():
        return
    plain = strip_markup(URL.sub(" ", EMAIL.sub(" ", source)))
    if len(_letters(plain)) < 2:
        return
    if re.fullmatch(r"[A-Z0-9&.\- ]{2,8}", plain.strip()):
        return  # an acronym (UNHCR, DVD, Q&A)
    glossary = context.glossary
    if glossary is not None:
        term = glossary.whole_message(plain, context.source_locale)
        if term is not None:
            return
        covered = plain
        for match in reversed(glossary.find(plain, context.source_locale)):
            covered = covered[: match.start] + covered[match.end :]
        if len(_letters(covered)) < 2:
            return
    yield "translation identical to the source"


@register("L502", "glossary", "warning")
def glossary_adherence(pair: Pair, context: CheckContext) -> Iterator[str]:
    """A glossary term of the source is not rendered with the glossary's term."""
    glossary = context.glossary
    if glossary is None or not len(glossary):
        return
    source_text = strip_markup(pair.source)
    target_text = strip_markup(pair.translation)
    seen: set[str] = set()
    for match in glossary.find(source_text, context.source_locale):
        term = match.term
        if term.source in seen or not _whole_korean_word(source_text, match.end, context):
            continue
        seen.add(term.source)
        wanted = term.rendering(context.locale)
        if not wanted:
            continue
        forms = term.forms(context.locale) or [wanted]
        if any(glossary_match(form, target_text, context.locale) for form in forms):
            continue
        yield f"glossary: {match.text!r} should be rendered {wanted!r}"


# Particles and copulas that may follow a Korean noun (중국에서, 중국의): a term
# followed by any other syllable is part of a longer word (중국어 "Chinese").
_KO_PARTICLES = re.compile(
    r"(?:은|는|이|가|을|를|의|에|에서|에게|에게서|께|께서|한테|으로|로|과|와|도|만|까지|부터|처럼"
    r"|보다|이나|나|이랑|랑|이며|이고|이다|입니다|이었다|였다|이었고|였고|이라는|라는|이라고|라고"
    r"|조차|마저|뿐|밖에|마다|들)"
)


def _whole_korean_word(text: str, end: int, context: CheckContext) -> bool:
    if locale_ids.language(context.source_locale) != "ko":
        return True
    rest = text[end:]
    if not rest or not HANGUL.match(rest):
        return True
    return _KO_PARTICLES.match(rest) is not None


def glossary_match(form: str, text: str, locale: str) -> bool:
    """Is the glossary form in the text? Latin forms in any case (SEOUL TRAIN
    keeps the title "Seoul Train"); in Korean and Chinese spaces do not count."""
    if locale_ids.language(locale) in {"zh", "ja", "ko"}:
        return _squeeze(form) in _squeeze(text)
    return form.casefold() in text.casefold()


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


@dataclass(frozen=True, slots=True)
class _ScriptTables:
    simplified_only: frozenset[str]
    traditional_only: frozenset[str]


# Characters OpenCC converts but that standard Traditional text also uses
# (后 "queen", 干 "shield", 里 "village", 台 as in 台灣 ...), and the reverse.
VALID_IN_TRADITIONAL = frozenset(
    "后干里于余游云冲征丑范几划克卜了斗谷郁咸吁合同向折朴杰表周致据卷准凶出千升御栗沈涂秋筑"
    "蒙采家尸布梁党伙仆佣扣占回姜岩弦板注泛洒熏痴秘累胡雇吃恒舍制曲丰价夸帘托术朱症愿网踪"
    "借才只台系松面志困姓鉴别苔冬辟着峰群床线"
)
VALID_IN_SIMPLIFIED = frozenset("乾瞭藉覆著徵麼夥摺餘蘇甦")


@lru_cache(maxsize=8192)
def _is_simplified_only(char: str) -> bool:
    from seoultrain_i18n.translate.chinese import convert

    if char in VALID_IN_TRADITIONAL:
        return False
    return all(convert(char, config) != char for config in ("s2t", "s2tw", "s2hk"))


@lru_cache(maxsize=8192)
def _is_traditional_only(char: str) -> bool:
    from seoultrain_i18n.translate.chinese import convert

    if char in VALID_IN_SIMPLIFIED:
        return False
    return all(convert(char, config) != char for config in ("t2s", "tw2s", "hk2s"))


@register("L504", "wrong-script", "error")
def wrong_script(pair: Pair, context: CheckContext) -> Iterator[str]:
    """Korean without Hangul, Simplified characters in zh_Hant or Traditional in zh_Hans."""
    text = strip_markup(URL.sub(" ", EMAIL.sub(" ", pair.translation)))
    source = strip_markup(URL.sub(" ", EMAIL.sub(" ", pair.source)))
    if pair.source.strip() == pair.translation.strip():
        return  # identical text is L501's business
    family = context.family
    if family in {"ko", "zh-Hans", "zh-Hant"} and len(_letters(source)) >= 4:
        wants = HANGUL if family == "ko" else HAN
        if not wants.search(text):
            only_latin = (
                LATIN_LETTER.search(text) and not HAN.search(text) and not HANGUL.search(text)
            )
            if only_latin:
                yield f"Latin-only text in a {locale_ids.display_name(context.locale)} translation"
            elif family == "ko":
                yield "no Hangul in a Korean translation"
            else:
                yield "no Chinese characters in a Chinese translation"
    if family == "zh-Hant":
        wrong = sorted({char for char in HAN.findall(text) if _is_simplified_only(char)})
        if wrong:
            yield "Simplified-only characters in Traditional Chinese: " + "".join(wrong)
    elif family == "zh-Hans":
        wrong = sorted({char for char in HAN.findall(text) if _is_traditional_only(char)})
        if wrong:
            yield "Traditional-only characters in Simplified Chinese: " + "".join(wrong)
    elif family == "en" and context.source_family == "ko":
        hangul = len(HANGUL.findall(text))
        if hangul and hangul * 2 > len(_letters(text)):
            yield "mostly Hangul in an English translation"


# Characters that a UTF-8 → cp1252/latin-1 misdecoding produces.
_CP1252_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_RUN = re.compile(rf"[\u00a0-\u00ff{_CP1252_EXTRA}]{{2,}}")
_MOJIBAKE_LITERALS = ("锟斤拷", "烫烫烫", "屯屯屯", "\ufffd")
_TURKISH = re.compile(r"[A-Za-z]*[ıİşŞğĞ][A-Za-z]*")


def mojibake_of(text: str) -> str | None:
    """The first stretch of ``text`` that looks double-encoded, or None."""
    for literal in _MOJIBAKE_LITERALS:
        if literal in text:
            return literal
    for match in _MOJIBAKE_RUN.finditer(text):
        run = match.group(0)
        for encoding in ("cp1252", "latin-1"):
            try:
                fixed = run.encode(encoding).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if any(ord(char) > 0x7F for char in fixed):
                return run
        if len(run) >= 4:
            for encoding in ("cp949", "gbk", "big5"):
                try:
                    fixed = run.encode("latin-1").decode(encoding)
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue
                if HANGUL.search(fixed) or HAN.search(fixed):
                    return run
    # Turkish code page letters inside an otherwise ASCII word: "boyıs".
    for match in _TURKISH.finditer(text):
        word = match.group(0)
        if len(word) >= 3 and re.search(r"[A-Za-z]", word):
            return word
    return None


@register("L505", "mojibake", "error")
def mojibake(pair: Pair, context: CheckContext) -> Iterator[str]:
    """The translation contains double-encoded text (â€™, ì•ˆ, 锟斤拷, boyıs)."""
    found = mojibake_of(pair.translation)
    if found and found not in pair.source:
        yield f"mojibake (double-encoded text) {found!r}"


@register("L507", "source-mojibake", "error", kind="source")
def source_mojibake(message: Message, context: CheckContext) -> Iterator[str]:
    """A source string contains double-encoded text (reported once, in the template)."""
    for text in (message.source, message.source_plural or ""):
        found = mojibake_of(text)
        if found:
            yield f"mojibake (double-encoded text) in the source {found!r}"


MT_WARNINGS = (
    "MYMEMORY WARNING",
    "YOU USED ALL AVAILABLE FREE TRANSLATIONS",
    "QUERY LENGTH LIMIT EXCEEDED",
    "INVALID LANGUAGE PAIR SPECIFIED",
    "PLEASE SELECT TWO DISTINCT LANGUAGES",
    "NO QUERY SPECIFIED",
    "INVALID EMAIL PROVIDED",
    "TOO MANY REQUESTS",
)
# Protection tokens of pre-translation (mtengine: [X12X], [S0S], as Weblate's),
# ⟦0⟧, __PH0__, <x id="1"/>, and their mangled forms with spaces.
MT_TOKENS = re.compile(
    r"\[\s*[XS]\s*\d+\s*[XS]\s*\]|⟦\s*\d+\s*⟧|__\s*(?:PH|TAG|TERM|X)\s*\d+\s*__|<x\s+id=[\"']?\d+[\"']?\s*/?>"
    r"|\bNone\Z",
    re.IGNORECASE,
)


@register("L506", "mt-leftover", "error")
def mt_leftover(pair: Pair, context: CheckContext) -> Iterator[str]:
    """Machine-translation leftovers: provider warning text or unrestored protection tokens."""
    upper = pair.translation.upper()
    for warning in MT_WARNINGS:
        if warning in upper and warning not in pair.source.upper():
            yield f"machine-translation provider message in the translation: {warning!r}"
            break
    source_tokens = Counter(MT_TOKENS.findall(pair.source))
    leftovers = Counter(MT_TOKENS.findall(pair.translation)) - source_tokens
    if leftovers:
        yield "unrestored machine-translation tokens: " + " ".join(sorted(leftovers))


@register("L503", "inconsistent", "warning", kind="locale")
def inconsistent(
    entries: list[tuple[str, Message]], context: CheckContext
) -> Iterator[tuple[str, Message, str]]:
    """One source is translated differently in different domains of the same locale."""
    by_source: dict[tuple[str, str | None], list[tuple[str, Message]]] = {}
    for domain, message in entries:
        if message.reviewed and message.source_plural is None:
            by_source.setdefault((message.source.strip(), None), []).append((domain, message))
    for group in by_source.values():
        domains = {domain for domain, _ in group}
        if len(domains) < 2:
            continue
        counts = Counter(message.translation.strip() for _, message in group)
        if len(counts) < 2:
            continue
        usual, _ = counts.most_common(1)[0]
        first = next((domain, m) for domain, m in group if m.translation.strip() == usual)
        for domain, message in group:
            if message.translation.strip() != usual and domain != first[0]:
                yield (
                    domain,
                    message,
                    f"translated differently in domain {first[0]!r}: {usual!r}",
                )


# --------------------------------------------------------------------------
# Selection and severity settings


@dataclass(frozen=True, slots=True)
class Settings:
    """``[tool.seoultrain-i18n.checks]`` merged with command-line options."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()  # promote these checks to errors
    warnings: tuple[str, ...] = ()  # demote these to warnings
    untranslated_error_percent: float = 100.0
    fuzzy_error_percent: float = 100.0

    @classmethod
    def from_project(
        cls, project: Project | None, select: Iterable[str] = (), ignore: Iterable[str] = ()
    ) -> Settings:
        table: dict[str, Any] = project.get("checks") if project is not None else {}
        chosen = tuple(select) or tuple(table.get("select", ()))
        settings = cls(
            select=chosen,
            ignore=tuple(table.get("ignore", ())) + tuple(ignore),
            errors=tuple(table.get("errors", ())),
            warnings=tuple(table.get("warnings", ())),
            untranslated_error_percent=float(table.get("untranslated-error-percent", 100.0)),
            fuzzy_error_percent=float(table.get("fuzzy-error-percent", 100.0)),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        checks = all_checks()
        for option, selectors in (
            ("select", self.select),
            ("ignore", self.ignore),
            ("errors", self.errors),
            ("warnings", self.warnings),
        ):
            for selector in selectors:
                if not any(matches(selector, check) for check in checks):
                    raise ConfigError(
                        f"checks.{option}: unknown check {selector!r} "
                        "(run `seoultrain-i18n check --list` for the codes)"
                    )
        for check in checks:
            if not check.fixed_severity:
                continue
            for option, selectors in (("ignore", self.ignore), ("warnings", self.warnings)):
                if any(
                    selector.upper() in (check.code, check.name.upper()) for selector in selectors
                ):
                    raise ConfigError(
                        f"checks.{option}: {check.label} is always an error and cannot be "
                        f"{'ignored' if option == 'ignore' else 'demoted'}"
                    )

    def enabled(self, check: Check) -> bool:
        if check.fixed_severity:
            return True
        if self.select and not any(matches(selector, check) for selector in self.select):
            return False
        return not any(matches(selector, check) for selector in self.ignore)

    def severity(self, check: Check) -> Severity:
        if check.fixed_severity:
            return check.severity
        if any(matches(selector, check) for selector in self.warnings):
            return "warning"
        if any(matches(selector, check) for selector in self.errors):
            return "error"
        return check.severity


def matches(selector: str, check: Check) -> bool:
    """A selector is a code (``M204``), a code prefix (``S``, ``M2``) or a slug."""
    wanted = selector.strip()
    if not wanted:
        return False
    return check.code.startswith(wanted.upper()) or wanted.lower() == check.name


# --------------------------------------------------------------------------
# The runner


def load_project_glossary(project: Project) -> Glossary | None:
    from seoultrain_i18n.translate.glossary import load_glossary, project_glossary_path

    path = project_glossary_path(project.locales_dir, str(project.get("translate.glossary")))
    return load_glossary(path)


def _finding(
    check: Check,
    severity: Severity,
    problem: str,
    path: str,
    message: Message,
    context: CheckContext,
    translation: str = "",
) -> Finding:
    return Finding(
        code=check.code,
        name=check.name,
        severity=severity,
        message=problem,
        path=path,
        line=message.line,
        domain=context.domain,
        locale=context.locale,
        source=message.source,
        translation=translation,
    )


def check_catalog_messages(
    messages: Iterable[Message],
    context: CheckContext,
    path: str,
    settings: Settings,
) -> list[Finding]:
    """Run the state and message checks over one catalog's live messages."""
    live = [message for message in messages if not message.obsolete and message.source]
    total = len(live) or 1
    context.untranslated_percent = 100.0 * sum(not m.translated for m in live) / total
    context.fuzzy_percent = 100.0 * sum(m.fuzzy and m.translated for m in live) / total
    enabled = [check for check in all_checks() if settings.enabled(check)]
    state = [
        (check, *_state_severity(check, context, settings))
        for check in enabled
        if check.kind == "state"
    ]
    graded = [(check, settings.severity(check)) for check in enabled if check.kind == "message"]
    findings: list[Finding] = []
    for message in live:
        for check, severity, suffix in state:
            for problem in check.function(message, context):
                findings.append(
                    _finding(
                        check,
                        severity,
                        problem + suffix,
                        path,
                        message,
                        context,
                        message.translation,
                    )
                )
        if not message.translated:
            continue
        pairs = [pair for pair in pairs_of(message, context.locale) if pair.translation]
        for check, severity in graded:
            findings.extend(_message_findings(check, severity, message, pairs, context, path))
    return findings


def _state_severity(
    check: Check, context: CheckContext, settings: Settings
) -> tuple[Severity, str]:
    """T101/T102 become errors when their share of the catalog is over the threshold."""
    if check.name == "untranslated":
        threshold, percent = settings.untranslated_error_percent, context.untranslated_percent
    else:
        threshold, percent = settings.fuzzy_error_percent, context.fuzzy_percent
    if percent > threshold:
        return "error", f" ({percent:.0f}% of the catalog, over {threshold:g}%)"
    return settings.severity(check), ""


def _message_findings(
    check: Check,
    severity: Severity,
    message: Message,
    pairs: list[Pair],
    context: CheckContext,
    path: str,
) -> Iterator[Finding]:
    if message.fuzzy and not check.fixed_severity:
        severity = "warning"  # fuzzy text is not shipped; it only needs review
    seen: set[str] = set()
    for pair in pairs:
        for problem in check.function(pair, context):
            if problem in seen:
                continue
            seen.add(problem)
            text = problem + (" (fuzzy)" if message.fuzzy else "")
            yield _finding(check, severity, text, path, message, context, pair.translation)


def check_template_messages(
    messages: Iterable[Message], context: CheckContext, path: str, settings: Settings
) -> list[Finding]:
    findings = []
    for check in all_checks():
        if check.kind != "source" or not settings.enabled(check):
            continue
        for message in messages:
            if message.obsolete or not message.source:
                continue
            for problem in check.function(message, context):
                findings.append(
                    Finding(
                        check.code,
                        check.name,
                        settings.severity(check),
                        problem,
                        path,
                        message.line,
                        context.domain,
                        "",
                        message.source,
                    )
                )
    return findings


def run_checks(
    project: Project,
    *,
    locales: Iterable[str] = (),
    domains: Iterable[str] = (),
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    subtitles: bool = True,
    on_progress: Callable[[int], None] | None = None,
) -> CheckResult:
    """Check every catalog (and built subtitle track) of ``project``.

    Unreadable catalogs or tracks are collected and raised together as
    ``MultipleErrors`` after everything readable has been checked.
    """
    from seoultrain_i18n.catalogs.layout import discover_templates, iter_catalogs
    from seoultrain_i18n.errors import MultipleErrors
    from seoultrain_i18n.formats.po import read_po

    settings = Settings.from_project(project, select, ignore)
    wanted_locales = [locale_ids.normalize(locale) for locale in locales]
    wanted_domains = list(domains)
    result = CheckResult(checks=[check for check in all_checks() if settings.enabled(check)])
    glossary = load_project_glossary(project)
    site_domain = str(project.get("site-domain"))
    problems: list[I18nError] = []
    templates = [
        template
        for template in discover_templates(project)
        if not wanted_domains or template.domain in wanted_domains
    ]
    for template in templates:
        relative = project.relative(template.path)
        try:
            catalog = read_po(template.path, domain=template.domain)
        except I18nError as error:
            problems.append(error)
            continue
        context = CheckContext(
            template.domain,
            template.source_locale,
            template.source_locale,
            template.domain != site_domain,
            glossary,
        )
        result.findings.extend(
            check_template_messages(catalog.messages, context, relative, settings)
        )
    by_locale: dict[str, list[tuple[str, Message, str]]] = {}
    for item in iter_catalogs(project, wanted_locales, wanted_domains, problems):
        relative = project.relative(item.path)
        result.checked_files.append(relative)
        is_track = item.template.domain != site_domain
        result.file_kinds[relative] = {"state", "message", "locale"} | (
            {"cue"} if is_track else set()
        )
        context = CheckContext(
            domain=item.template.domain,
            locale=item.locale,
            source_locale=item.template.source_locale,
            is_track=is_track,
            glossary=glossary,
        )
        result.findings.extend(
            check_catalog_messages(item.catalog.messages, context, relative, settings)
        )
        # Cross-catalog checks need only reviewed singular messages; slim copies
        # let each catalog be freed as soon as it is checked.
        entries = by_locale.setdefault(item.locale, [])
        for message in item.catalog.messages:
            if message.reviewed and message.source_plural is None and not message.obsolete:
                slim = Message(message.source, message.translation, message.context)
                slim.line = message.line
                entries.append((item.template.domain, slim, relative))
        if on_progress:
            on_progress(1)
    result.findings.extend(_locale_findings(by_locale, settings))
    if subtitles:
        from seoultrain_i18n.checks.subtitles import check_tracks

        result.findings.extend(
            check_tracks(project, result, settings, wanted_locales, wanted_domains, problems)
        )
    result.findings.sort(key=_sort_key)
    if problems:
        failure = MultipleErrors(problems)
        failure.result = result  # type: ignore[attr-defined]
        raise failure
    return result


def _sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.path, finding.line, finding.cue or 0, finding.code)


def _locale_findings(
    by_locale: dict[str, list[tuple[str, Message, str]]], settings: Settings
) -> list[Finding]:
    findings: list[Finding] = []
    for check in all_checks():
        if check.kind != "locale" or not settings.enabled(check):
            continue
        for locale, entries in by_locale.items():
            paths = {id(message): path for _, message, path in entries}
            context = CheckContext("", locale, locale)
            pairs = [(domain, message) for domain, message, _ in entries]
            for domain, message, problem in check.function(pairs, context):
                findings.append(
                    Finding(
                        check.code,
                        check.name,
                        settings.severity(check),
                        problem,
                        paths[id(message)],
                        message.line,
                        domain,
                        locale,
                        message.source,
                        message.translation,
                    )
                )
    return findings


def write_lines(findings: Iterable[Finding]) -> list[str]:
    return [finding.text_line() for finding in findings]


def summary_line(result: CheckResult) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    files = len(result.checked_files)
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def display_width_fallback(text: str, locale: str) -> float:
    """Width as NORMS.md counts it: for ko/zh full-width 1, half-width 0.5."""
    if not locale_ids.is_cjk(locale):
        return float(len(text))
    return sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5 for char in text)


def project_path(project: Project, path: Path) -> str:
    return project.relative(path)


# --------------------------------------------------------------------------
# Machine-readable output

JSON_VERSION = 1


def to_json(result: CheckResult) -> dict[str, Any]:
    """The ``--format json`` document (schema in docs/checks.md)."""
    return {**_json_head(result), "findings": [finding.to_json() for finding in result.findings]}


def iter_json(result: CheckResult) -> Iterator[str]:
    """``to_json(result)`` as indented JSON text, one finding at a time, so a
    large result is never held in memory twice."""
    import json

    text = json.dumps({**_json_head(result), "findings": []}, ensure_ascii=False, indent=2)
    yield text[: text.rindex("[]")] + "["
    for position, finding in enumerate(result.findings):
        item = json.dumps(finding.to_json(), ensure_ascii=False, indent=2)
        yield ("," if position else "") + "\n    " + item.replace("\n", "\n    ")
    yield ("\n  " if result.findings else "") + "]\n}\n"


def _json_head(result: CheckResult) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "summary": {
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "files": len(result.checked_files),
        },
        "checked": list(result.checked_files),
        "skipped": list(result.skipped),
    }


def checks_json(checks: Iterable[Check], settings: Settings | None = None) -> list[dict[str, Any]]:
    rows = []
    for check in checks:
        enabled = settings.enabled(check) if settings else True
        rows.append(
            {
                "code": check.code,
                "name": check.name,
                "severity": settings.severity(check) if settings else check.severity,
                "default_severity": check.severity,
                "enabled": enabled,
                "runs_on": check.kind,
                "description": check.description,
            }
        )
    return rows


_KINDS_BY_FILE = {
    ".po": {"state", "message", "locale", "cue"},
    ".pot": {"source"},
    ".srt": {"cue", "timing"},
}


def to_junit(result: CheckResult, *, timestamp: str | None = None, hostname: str = "") -> str:
    """JUnit XML (the Ant/windyroad JUnit.xsd): one testsuite per file, one
    testcase per check; errors are failures, warnings go to system-out."""
    import socket
    import xml.etree.ElementTree as ElementTree
    from datetime import UTC, datetime

    stamp = timestamp or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    host = hostname or socket.gethostname() or "localhost"
    files = list(dict.fromkeys([*result.checked_files, *(f.path for f in result.findings)]))
    root = ElementTree.Element("testsuites")
    for number, path in enumerate(files):
        in_file = [finding for finding in result.findings if finding.path == path]
        kinds = result.file_kinds.get(path) or _KINDS_BY_FILE.get(Path(path).suffix, {"message"})
        checks = [c for c in result.checks if c.kind in kinds] or [
            REGISTRY[code] for code in sorted({f.code for f in in_file})
        ]
        extra = sorted({f.code for f in in_file} - {c.code for c in checks})
        checks += [REGISTRY[code] for code in extra]
        failures = 0
        suite = ElementTree.SubElement(root, "testsuite")
        ElementTree.SubElement(suite, "properties")
        for check in checks:
            case = ElementTree.SubElement(
                suite, "testcase", name=check.label, classname=_classname(path), time="0"
            )
            errors = [f for f in in_file if f.code == check.code and f.severity == "error"]
            if errors:
                failures += 1
                failure = ElementTree.SubElement(
                    case,
                    "failure",
                    type=check.code,
                    message=f"{_plural(len(errors), 'error')}: {errors[0].message}",
                )
                failure.text = "\n".join(finding.text_line() for finding in errors) + "\n"
        out = ElementTree.SubElement(suite, "system-out")
        warnings = [finding.text_line() for finding in in_file if finding.severity == "warning"]
        out.text = "\n".join(warnings) + ("\n" if warnings else "")
        ElementTree.SubElement(suite, "system-err").text = ""
        suite.attrib.update(
            {
                "name": path,
                "package": "seoultrain-i18n",
                "id": str(number),
                "timestamp": stamp,
                "hostname": host,
                "tests": str(len(checks)),
                "failures": str(failures),
                "errors": "0",
                "skipped": "0",
                "time": "0",
            }
        )
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _classname(path: str) -> str:
    """``locales/ko/LC_MESSAGES/site.po`` → ``locales.ko.LC_MESSAGES.site_po``."""
    return re.sub(r"[^\w/]+", "_", path).replace("/", ".") or "file"
