"""L checks: language and script, glossary, consistency, leftovers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.checks.registry import CheckContext, Pair, register
from seoultrain_i18n.checks.text import EMAIL, HAN, HANGUL, LATIN_LETTER, URL
from seoultrain_i18n.markup import strip_markup
from seoultrain_i18n.model import Message


def _letter_count(text: str) -> int:
    return sum(map(str.isalpha, text))


@register("L501", "unchanged", "warning")
def unchanged(pair: Pair, context: CheckContext) -> Iterator[str]:
    """The translation is identical to its source (names and glossary terms excepted)."""
    source = pair.source.strip()
    if source != pair.translation.strip():
        return
    plain = strip_markup(URL.sub(" ", EMAIL.sub(" ", source)))
    if _letter_count(plain) < 2:
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
        if _letter_count(covered) < 2:
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
    if family in {"ko", "zh-Hans", "zh-Hant"} and _letter_count(source) >= 4:
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
        if hangul and hangul * 2 > _letter_count(text):
            yield "mostly Hangul in an English translation"


# Characters that a UTF-8 → cp1252/latin-1 misdecoding produces.
_CP1252_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_RUN = re.compile(rf"[\u00a0-\u00ff{_CP1252_EXTRA}]{{2,}}")
_MOJIBAKE_LITERALS = ("锟斤拷", "烫烫烫", "屯屯屯", "\ufffd")
# From the start of a run of letters only (else quadratic on long Latin runs).
_TURKISH = re.compile(r"(?<![A-Za-z])[A-Za-z]*[ıİşŞğĞ][A-Za-z]*")


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
    found = MT_TOKENS.findall(pair.translation)
    if not found:
        return  # no token, none left over
    leftovers = Counter(found) - Counter(MT_TOKENS.findall(pair.source))
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
