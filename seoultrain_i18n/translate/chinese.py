"""Simplified ↔ Traditional Chinese conversion: the one module importing opencc.

zh_Hant drafts use Taiwan phrasing by default (OpenCC ``s2twp``: 软件→軟體,
信息→資訊, 网络→網路); ``[tool.seoultrain-i18n.translate] hant-variant = "hk"``
switches to Hong Kong characters (``s2hk``). The way back is ``tw2sp`` (Taiwan
phrasing → mainland phrasing) or ``hk2s``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import ConfigError

VARIANTS: dict[str, tuple[str, str]] = {
    # variant: (Simplified → Traditional, Traditional → Simplified)
    "tw": ("s2twp", "tw2sp"),
    "hk": ("s2hk", "hk2s"),
}


def conversion_config(source_locale: str, target_locale: str, variant: str = "tw") -> str | None:
    """The OpenCC configuration from one Chinese script to the other, or None."""
    if variant not in VARIANTS:
        raise ConfigError(
            f"translate.hant-variant = {variant!r}: expected one of {', '.join(VARIANTS)}"
        )
    source = locale_ids.normalize(source_locale)
    target = locale_ids.normalize(target_locale)
    to_hant, to_hans = VARIANTS[variant]
    if (source, target) == ("zh_Hans", "zh_Hant"):
        return to_hant
    if (source, target) == ("zh_Hant", "zh_Hans"):
        return to_hans
    return None


@cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    """Convert ``text`` with an OpenCC configuration such as ``s2twp``."""
    return str(_converter(config).convert(text))


def hans_to_hant(text: str, variant: str = "tw") -> str:
    return convert(text, VARIANTS[variant][0])


def hant_to_hans(text: str, variant: str = "tw") -> str:
    return convert(text, VARIANTS[variant][1])
