"""Partial failure: what a command over many items did with each of them.

A command that works on many items (pages, catalogs, tracks, outputs) does
not stop at the first bad one: its stage returns ``Outcomes``, one
``ItemOutcome`` per item, named as a user names it (a path). An item either
produced its result (``value``), possibly with problems that did not stop it
(a compiled catalog that withheld two translations), or failed with its
error. The CLI prints one ``error: path:line: what is wrong`` line per problem
and exits 1 when there is any (``cli.report_outcomes``); a Python caller reads
``values`` and ``errors``, or calls ``raise_errors()`` to get every problem as
one ``MultipleErrors``.

Every multi-file command should return it, so that partial failure has one
shape::

    outcomes: Outcomes[Path] = Outcomes()
    for path in paths:
        try:
            outcomes.succeeded(project.relative(path), compile_one(path))
        except I18nError as error:
            outcomes.failed(project.relative(path), error)
    return outcomes
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar, cast

from seoultrain_i18n.errors import ConfigError, I18nError, MultipleErrors

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ItemOutcome(Generic[T]):
    """One item's outcome: its result (when ``produced``) and its problems."""

    item: str  # what the outcome is about, as a user names it (a path)
    value: T | None = None
    errors: tuple[I18nError, ...] = ()
    produced: bool = False  # the item gave its result (perhaps with problems)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class Outcomes(Generic[T]):
    """Per-item outcomes of a command, in the order the items were handled."""

    items: list[ItemOutcome[T]] = field(default_factory=list)

    def succeeded(self, item: str, value: T, problems: Iterable[I18nError] = ()) -> None:
        """``item`` gave ``value``; ``problems`` are what went wrong without stopping it."""
        self.items.append(ItemOutcome(item, value, tuple(problems), produced=True))

    def failed(self, item: str, error: I18nError) -> None:
        """``item`` gave nothing; a ``MultipleErrors`` keeps each of its errors."""
        errors = error.errors if isinstance(error, MultipleErrors) else [error]
        self.items.append(ItemOutcome(item, errors=tuple(errors)))

    def failed_each(self, item: str, error: I18nError) -> None:
        """Like ``failed``, but one failed item per error of a ``MultipleErrors``,
        named by the error's file when it has one (``item`` otherwise)."""
        for single in error.errors if isinstance(error, MultipleErrors) else [error]:
            self.failed(str(getattr(single, "path", "") or item), single)

    def __iter__(self) -> Iterator[ItemOutcome[T]]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def values(self) -> list[T]:
        """The results of the items that produced one."""
        return [cast(T, outcome.value) for outcome in self.items if outcome.produced]

    @property
    def errors(self) -> list[I18nError]:
        """Every problem, item by item."""
        return [error for outcome in self.items for error in outcome.errors]

    @property
    def ok(self) -> bool:
        return all(outcome.ok for outcome in self.items)

    @property
    def exit_code(self) -> int:
        """0 when no item had a problem; 2 when every problem is a usage or
        configuration error (a bad name, a bad setting); else 1."""
        if self.ok:
            return 0
        return 2 if all(isinstance(error, ConfigError) for error in self.errors) else 1

    def raise_errors(self) -> None:
        """Raise every problem as one ``MultipleErrors`` (nothing when all went well)."""
        if not self.ok:
            raise MultipleErrors(self.errors)
