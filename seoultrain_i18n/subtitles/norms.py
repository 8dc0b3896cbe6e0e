"""Subtitle norms per language (docs/norms.md), with project overrides.

Figures come from the Netflix Timed Text Style Guides and the BBC guidelines.
A project overrides any of them under ``[tool.seoultrain-i18n.norms.LANG]``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from seoultrain_i18n.locales import script_family


@dataclass(frozen=True, slots=True)
class Norms:
    """The limits one language's subtitles must meet."""

    max_chars_per_line: float
    max_lines: int
    reading_speed: float  # characters per second, adult
    reading_speed_children: float
    reading_speed_sdh: float
    reading_speed_sdh_children: float
    italics_allowed: bool
    ellipsis: str
    half_width_counts_half: bool  # ko/zh: half-width characters count 0.5
    min_duration_ms: int = 833
    max_duration_ms: int = 7000
    min_gap_ms: int = 83
    profile: str = "adult"  # adult | children | sdh | sdh-children

    @property
    def max_cps(self) -> float:
        return {
            "adult": self.reading_speed,
            "children": self.reading_speed_children,
            "sdh": self.reading_speed_sdh,
            "sdh-children": self.reading_speed_sdh_children,
        }[self.profile]


DEFAULT_NORMS: dict[str, Norms] = {
    "ko": Norms(16, 2, 12, 9, 14, 11, False, "…", True),
    "zh-Hans": Norms(16, 2, 9, 7, 11, 9, False, "⋯", True),
    "zh-Hant": Norms(16, 2, 9, 7, 11, 9, False, "⋯", True),
    "en": Norms(42, 2, 20, 17, 20, 17, True, "…", False),
}

NORM_KEYS = {field.name.replace("_", "-"): field.name for field in fields(Norms)}


def norms_for(locale: str, overrides: dict[str, dict[str, Any]] | None = None) -> Norms:
    """The norms of a locale, with ``overrides[family]`` applied on top."""
    family = script_family(locale)
    base = DEFAULT_NORMS.get(family, DEFAULT_NORMS["en"])
    changes = (overrides or {}).get(family) or (overrides or {}).get(locale) or {}
    if not changes:
        return base
    return replace(base, **{NORM_KEYS.get(key, key): value for key, value in changes.items()})
