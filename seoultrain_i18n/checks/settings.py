"""Which checks run and how severe they are: ``[tool.seoultrain-i18n.checks]``
merged with command-line options."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from seoultrain_i18n.checks import data, language, pages, punctuation, state, subtitles, tags
from seoultrain_i18n.checks.registry import REGISTRY, Check, Severity
from seoultrain_i18n.errors import ConfigError

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

# importing them registers them
_FAMILIES = (state, tags, punctuation, data, language, subtitles, pages)


def all_checks() -> list[Check]:
    """Every registered check (catalog and subtitle), sorted by code."""
    return sorted(REGISTRY.values(), key=lambda check: check.code)


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
        from seoultrain_i18n.config import ChecksConfig

        table = project.config.checks if project is not None else ChecksConfig()
        settings = cls(
            select=tuple(select) or table.select,
            ignore=table.ignore + tuple(ignore),
            errors=table.errors,
            warnings=table.warnings,
            untranslated_error_percent=table.untranslated_error_percent,
            fuzzy_error_percent=table.fuzzy_error_percent,
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
