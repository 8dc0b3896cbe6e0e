"""Locale identifiers: gettext/Babel ids ↔ BCP 47 tags ↔ provider codes.

Catalog directories use gettext/Babel ids (``ko``, ``zh_Hans``); HTML ``lang``,
file names and hreflang use BCP 47 (``ko``, ``zh-Hans``); machine-translation
providers each have their own codes. This module is the one place that maps
between them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from seoultrain_i18n.errors import ConfigError

# Provider codes where they differ from the BCP 47 tag (each service's language table).
PROVIDER_CODES: dict[str, dict[str, str]] = {
    "google": {"en": "en", "ko": "ko", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"},
    "mymemory": {"en": "en-US", "ko": "ko-KR", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"},
    "libre": {"en": "en", "ko": "ko", "zh-Hans": "zh", "zh-Hant": "zt"},
    "microsoft": {"en": "en", "ko": "ko", "zh-Hans": "zh-hans", "zh-Hant": "zh-hant"},
    "deepl": {"en": "EN-US", "ko": "KO", "zh-Hans": "ZH-HANS", "zh-Hant": "ZH-HANT"},
}
SOURCE_PROVIDER_CODES: dict[str, dict[str, str]] = {
    # DeepL takes a bare language as source.
    "deepl": {"en": "EN", "ko": "KO", "zh-Hans": "ZH", "zh-Hant": "ZH"},
}

_ALIASES = {
    "zh_CN": "zh_Hans",
    "zh_SG": "zh_Hans",
    "zh_TW": "zh_Hant",
    "zh_HK": "zh_Hant",
    "zh_MO": "zh_Hant",
    "zh": "zh_Hans",
}


_LOCALE_ID = re.compile(r"[a-z]{2,3}(?:_[A-Za-z0-9]{2,4})*", re.ASCII)


@lru_cache(maxsize=256)
def normalize(locale: str) -> str:
    """Return the gettext/Babel id for any spelling: ``zh-Hans`` → ``zh_Hans``.

    >>> normalize("zh-hant")
    'zh_Hant'
    >>> normalize("ko-KR")
    'ko_KR'
    """
    text = locale.strip().replace("-", "_")
    if not text:
        raise ConfigError("empty locale identifier")
    parts = text.split("_")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4:
            out.append(part.title())
        elif len(part) in (2, 3):
            out.append(part.upper())
        else:
            raise ConfigError(f"not a locale identifier: {locale!r}")
    result = "_".join(out)
    if not _LOCALE_ID.fullmatch(result):
        # It becomes a folder name (locales/LOCALE): letters and digits only.
        raise ConfigError(f"not a locale identifier: {locale!r}")
    return _ALIASES.get(result, result)


def to_bcp47(locale: str) -> str:
    """``zh_Hans`` → ``zh-Hans``; ``ko`` → ``ko``."""
    return normalize(locale).replace("_", "-")


def from_bcp47(tag: str) -> str:
    """``zh-Hans`` → ``zh_Hans`` (the catalog directory name)."""
    return normalize(tag)


def language(locale: str) -> str:
    """The bare language subtag: ``zh_Hant`` → ``zh``."""
    return normalize(locale).split("_")[0]


def script_family(locale: str) -> str:
    """One of ``ko``, ``zh-Hans``, ``zh-Hant``, ``en``, or the bare language.

    Norms, checks and line breaking are chosen by this family.
    """
    loc = normalize(locale)
    if loc.startswith("zh"):
        return "zh-Hant" if loc == "zh_Hant" or loc.startswith("zh_Hant") else "zh-Hans"
    return language(loc)


def is_cjk(locale: str) -> bool:
    return language(locale) in {"ko", "zh", "ja"}


@cache
def _babel_locale(locale: str):  # type: ignore[no-untyped-def]
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(normalize(locale))
    except (UnknownLocaleError, ValueError) as error:
        raise ConfigError(f"unknown locale {locale!r}: {error}") from None


def display_name(locale: str) -> str:
    """The language's own name: English, 한국어, 简体中文, 繁體中文."""
    loc = normalize(locale)
    if loc == "zh_Hans":
        return "简体中文"
    if loc == "zh_Hant":
        return "繁體中文"
    name = _babel_locale(loc).get_display_name(loc) or loc
    return str(name[:1].upper() + name[1:]) if loc.startswith("en") else str(name)


def english_name(locale: str) -> str:
    return str(_babel_locale(locale).get_display_name("en"))


@cache
def plural_forms(locale: str) -> str:
    """The Plural-Forms header value from Babel's CLDR data.

    >>> plural_forms("ko")
    'nplurals=1; plural=0;'
    >>> plural_forms("en")
    'nplurals=2; plural=(n != 1);'
    """
    from babel.messages.plurals import get_plural

    plural = get_plural(normalize(locale))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def plural_count(locale: str) -> int:
    return int(plural_forms(locale).split(";")[0].split("=")[1])


def text_direction(locale: str) -> str:
    return "rtl" if str(_babel_locale(locale).character_order) == "right-to-left" else "ltr"


def og_locale(locale: str) -> str:
    """Open Graph locale: ``ko_KR``, ``zh_CN``, ``zh_TW``, ``en_US``."""
    loc = normalize(locale)
    return {"ko": "ko_KR", "en": "en_US", "zh_Hans": "zh_CN", "zh_Hant": "zh_TW"}.get(loc, loc)


def provider_code(provider: str, locale: str, *, source: bool = False) -> str:
    """The code a machine-translation provider expects for a locale."""
    tag = script_family(locale) if language(locale) == "zh" else language(locale)
    table = (SOURCE_PROVIDER_CODES.get(provider) if source else None) or PROVIDER_CODES.get(
        provider, {}
    )
    return table.get(tag, tag)
