"""D checks: numbers, URLs and e-mail addresses that must survive translation."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.checks.registry import CheckContext, Pair, register
from seoultrain_i18n.checks.text import EMAIL, URL
from seoultrain_i18n.markup import strip_markup

_NUMBER = re.compile(r"\d+(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?")
_SCALE_WORDS = {"thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SCALE_WORD = re.compile(r"\s*(thousand|million|billion|trillion)\b", re.IGNORECASE)
_CJK_UNIT_AFTER = re.compile(r"\s?([万萬만亿億억兆조千천百백])")
_CJK_TAIL = re.compile(r"\s?(\d+(?:\.\d+)?)\s?([万萬만亿億억千천百백])?")
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
        # Patterns match at a position (no slice of the rest: a text of many
        # numbers would be copied once per number, quadratic).
        scale = _SCALE_WORD.match(plain, match.end())
        if scale:
            value *= _SCALE_WORDS[scale.group(1).lower()]
        else:
            # CJK units after digits, possibly chained: 2만 5천, 1億2000万
            unit = _CJK_UNIT_AFTER.match(plain, match.end())
            while unit:
                big = _CJK_BIG_UNITS.get(unit.group(1))
                small = _CJK_UNITS.get(unit.group(1))
                head = value * (big or small or 1)
                value = head
                end = unit.end()
                nxt = _CJK_TAIL.match(plain, end)
                if nxt and index < len(matches) and matches[index].start() == nxt.start(1):
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
    if not stated:
        return  # nothing that could be missing
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
    found = _urls(pair.source)
    if not found:
        return  # nothing can be missing (most strings: the translation is not scanned)
    missing = found - _urls(pair.translation)
    if missing:
        yield "URL missing or changed: " + " ".join(sorted(missing))


@register("D403", "emails", "error")
def emails(pair: Pair, context: CheckContext) -> Iterator[str]:
    """An e-mail address of the source is missing or changed in the translation."""
    if "@" not in pair.source:
        return  # an address has an "@": nothing can be missing
    missing = Counter(EMAIL.findall(strip_markup(pair.source))) - Counter(
        EMAIL.findall(strip_markup(pair.translation))
    )
    if missing:
        yield "e-mail address missing or changed: " + " ".join(sorted(missing))
