"""Subtitle norms per language (docs/norms.md), with project overrides.

Figures come from the Netflix Timed Text Style Guides and the BBC guidelines.
A project overrides any of them under ``[tool.seoultrain-i18n.norms.LANG]``.
"""

from __future__ import annotations

from collections.abc import Callable
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


def _range(low: float, high: float) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if low <= value <= high else f"must be between {low:g} and {high:g}"

    return check


# What a project may set each norm to (configuration checks these at load).
NORM_RANGES: dict[str, Callable[[Any], str | None]] = {
    "max_chars_per_line": _range(1, 1000),
    "max_lines": _range(1, 10),
    "reading_speed": _range(1, 1000),
    "reading_speed_children": _range(1, 1000),
    "reading_speed_sdh": _range(1, 1000),
    "reading_speed_sdh_children": _range(1, 1000),
    "min_duration_ms": _range(0, 600_000),
    "max_duration_ms": _range(1, 600_000),
    "min_gap_ms": _range(0, 600_000),
    "ellipsis": lambda value: None if len(value) <= 3 and value.isprintable() else (
        "must be at most 3 printable characters"
    ),
    "profile": lambda value: None if value in ("adult", "children", "sdh", "sdh-children") else (
        "must be one of 'adult', 'children', 'sdh', 'sdh-children'"
    ),
}


def norms_for(locale: str, overrides: dict[str, dict[str, Any]] | None = None) -> Norms:
    """The norms of a locale, with ``overrides[family]`` applied on top."""
    family = script_family(locale)
    base = DEFAULT_NORMS.get(family, DEFAULT_NORMS["en"])
    changes = (overrides or {}).get(family) or (overrides or {}).get(locale) or {}
    if not changes:
        return base
    return replace(base, **{NORM_KEYS.get(key, key): value for key, value in changes.items()})
