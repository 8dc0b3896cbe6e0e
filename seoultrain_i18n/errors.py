"""One exception tree for everything seoultrain-i18n reports to a user.

Every error a user can meet is an ``I18nError``; ``cli`` turns it into a
one-line message and an exit code. Errors that point into a file carry the
path and line so the message reads ``path:line: what is wrong``.
"""

from __future__ import annotations

from pathlib import Path


class I18nError(Exception):
    """Root of every error the tool reports to a user (exit code 1)."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    @property
    def message(self) -> str:
        return str(self)


class ParseError(I18nError):
    """A file could not be read: ``path:line: detail``."""

    def __init__(
        self, path: str | Path, line: int | None, detail: str, *, hint: str | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        self.detail = detail
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {detail}", hint=hint)


class ConfigError(I18nError):
    """The project's configuration is invalid (exit code 2, like a usage error)."""


class BadNameError(ConfigError):
    """A name that becomes a file or folder name (a track's) cannot be used: a
    usage error (exit 2) about one file, ``path: detail``."""

    def __init__(self, path: str | Path, detail: str, *, hint: str | None = None) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {detail}", hint=hint)


class BuildError(I18nError):
    """An output could not be produced (for example an incomplete subtitle track)."""


class TranslatorError(I18nError):
    """A machine-translation provider failed; the message never contains a key."""


class UnsafePathError(ConfigError):
    """A configured path would make the tool read or write outside the project."""


class MultipleErrors(I18nError):
    """Several independent failures, reported together (one line each)."""

    errors: list[I18nError]

    def __init__(self, errors: list[I18nError]) -> None:
        # Flattened and without repeats (two steps may meet the same broken file),
        # so that the CLI prints one ``error:`` line per problem.
        unique: dict[str, I18nError] = {}
        for error in errors:
            for item in error.errors if isinstance(error, MultipleErrors) else [error]:
                unique.setdefault(str(item), item)
        self.errors = list(unique.values())
        super().__init__("\n".join(str(error) for error in self.errors))
