"""The project and its configuration: ``[tool.seoultrain-i18n]`` → ``Project``.

Every key is optional; a folder with the default layout and no
configuration works. Unknown keys are errors that name the key and suggest
the closest valid one. Configured paths must stay inside the project.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seoultrain_i18n.errors import ConfigError, UnsafePathError
from seoultrain_i18n.locales import normalize
from seoultrain_i18n.subtitles.norms import NORM_KEYS

TOOL_KEY = "seoultrain-i18n"

# Every valid key with its default. Sections are nested tables. The type of a
# default is the type a value must have (int accepted where float expected).
SCHEMA: dict[str, Any] = {
    "project-name": "SEOUL TRAIN",
    "source-locale": "en",
    "target-locales": ["ko", "zh_Hans", "zh_Hant"],
    "content-dir": "content",
    "subtitles-dir": "subtitles",
    "locales-dir": "locales",
    "build-dir": "build",
    "site-domain": "site",
    "update": {
        "fuzzy-threshold": 0.6,
        "fuzzy-matching": True,
    },
    "translate": {
        "memory-threshold": 75,
        "provider": "",
        "provider-url": "",
        "concurrency": 4,
        "timeout": 10.0,
        "retries": 4,
        "backoff": 0.5,
        "batch-chars": 1500,
        "hant-variant": "tw",
        "glossary": "glossary.csv",
        "tmx": [],
    },
    "checks": {
        "select": [],
        "ignore": [],
        "untranslated-error-percent": 100.0,
        "fuzzy-error-percent": 100.0,
        "errors": [],  # checks promoted to errors (codes, prefixes or names)
        "warnings": [],  # checks demoted to warnings (never M204 unsafe-markup)
    },
    "norms": {
        "profile": "adult",
    },
    "site": {
        "publish-threshold": 80.0,
        "base-url": "https://www.seoultrain.example/",
        "include-fuzzy": False,
    },
    "subtitles": {
        "bilingual": [],
        "allow-incomplete": False,
        "include-fuzzy": False,
        # [{track = "trailer", text = "Keep moving.", after = "previous cue's text"}]:
        # occurrences of an identical line that get their own message (docs/subtitles.md).
        "distinct": [],
        # [{track = "crossing", encoding = "cp949"}]: how a source track is decoded
        # (track = "*": every track); default: detected (docs/subtitles.md).
        "encodings": [],
    },
}
NORM_LANGUAGES = ("ko", "zh-Hans", "zh-Hant", "en")


@dataclass(frozen=True, slots=True)
class Project:
    """A localization project rooted at ``root``, with validated settings."""

    root: Path
    settings: dict[str, Any] = field(default_factory=dict)

    def get(self, dotted: str) -> Any:
        """A setting by dotted name, e.g. ``translate.timeout``."""
        node: Any = self.settings
        for part in dotted.split("."):
            node = node[part]
        return node

    @property
    def name(self) -> str:
        return str(self.settings["project-name"])

    @property
    def source_locale(self) -> str:
        return str(self.settings["source-locale"])

    @property
    def target_locales(self) -> list[str]:
        return list(self.settings["target-locales"])

    def _dir(self, key: str) -> Path:
        return safe_join(self.root, str(self.settings[key]), key)

    @property
    def content_dir(self) -> Path:
        return self._dir("content-dir")

    @property
    def subtitles_dir(self) -> Path:
        return self._dir("subtitles-dir")

    @property
    def locales_dir(self) -> Path:
        return self._dir("locales-dir")

    @property
    def build_dir(self) -> Path:
        return self._dir("build-dir")

    def norm_overrides(self) -> dict[str, dict[str, Any]]:
        norms = self.settings["norms"]
        return {key: value for key, value in norms.items() if isinstance(value, dict)}

    def relative(self, path: Path) -> str:
        """A path as shown to users and written into references."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def safe_join(root: Path, relative: str, what: str) -> Path:
    """``root / relative``, refusing anything that resolves outside ``root``."""
    candidate = Path(relative)
    if candidate.is_absolute():
        raise UnsafePathError(f"{what} = {relative!r}: must be a path inside the project")
    joined = root / candidate
    resolved_root = root.resolve()
    resolved = joined.resolve()
    if resolved != resolved_root and resolved_root not in resolved.parents:
        raise UnsafePathError(
            f"{what} = {relative!r}: resolves to {resolved}, outside the project {resolved_root}"
        )
    return joined


def _suggest(key: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else f"; valid keys: {', '.join(sorted(valid))}"


def _check_type(name: str, value: Any, default: Any, where: str) -> Any:
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, list):
        ok = isinstance(value, list)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise ConfigError(
            f"{where}: [tool.{TOOL_KEY}] {name} = {value!r}: expected {type(default).__name__}"
        )
    return value


def _validate(
    raw: dict[str, Any], schema: dict[str, Any], prefix: str, where: str
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in raw.items():
        name = f"{prefix}{key}"
        if prefix == "norms." and key in NORM_LANGUAGES:
            result[key] = _validate_norms(value, name, where)
            continue
        if key not in schema:
            raise ConfigError(
                f"{where}: unknown key [tool.{TOOL_KEY}] {name}"
                + _suggest(key, list(schema) + (list(NORM_LANGUAGES) if prefix == "norms." else []))
            )
        default = schema[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [tool.{TOOL_KEY}] {name} must be a table")
            result[key] = _validate(value, default, f"{name}.", where)
        else:
            result[key] = _check_type(name, value, default, where)
    for key, default in schema.items():
        if key not in result:
            result[key] = _defaults(default)
    return result


def _validate_norms(value: Any, name: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: [tool.{TOOL_KEY}] {name} must be a table")
    for key in value:
        if key not in NORM_KEYS:
            raise ConfigError(
                f"{where}: unknown key [tool.{TOOL_KEY}] {name}.{key}"
                + _suggest(key, list(NORM_KEYS))
            )
    return dict(value)


def _defaults(default: Any) -> Any:
    if isinstance(default, dict):
        return {key: _defaults(value) for key, value in default.items()}
    if isinstance(default, list):
        return list(default)
    return default


# Keys whose value must be one of a few words.
CHOICES: dict[str, tuple[str, ...]] = {
    "translate.provider": ("", "google", "mymemory", "libre", "microsoft", "deepl"),
    "translate.hant-variant": ("tw", "hk"),
    "norms.profile": ("adult", "children", "sdh", "sdh-children"),
}


def _check_choices(settings: dict[str, Any], where: str) -> None:
    for dotted, allowed in CHOICES.items():
        section, key = dotted.split(".")
        value = settings[section][key]
        if value not in allowed:
            shown = ", ".join(repr(choice) for choice in allowed if choice)
            raise ConfigError(
                f"{where}: [tool.{TOOL_KEY}] {dotted} = {value!r}: must be one of {shown}"
                + _suggest(str(value), [choice for choice in allowed if choice])
                .replace("; valid keys:", "; valid values:")
            )


def _check_encodings(settings: dict[str, Any], where: str) -> None:
    """``subtitles.encodings``: a list of {track, encoding} with known text encodings."""
    import codecs

    for number, entry in enumerate(settings["subtitles"]["encodings"], start=1):
        prefix = f"{where}: [tool.{TOOL_KEY}.subtitles] encodings entry {number}"
        if not isinstance(entry, dict) or set(entry) != {"track", "encoding"}:
            raise ConfigError(f'{prefix}: expected {{track = "crossing", encoding = "cp949"}}')
        try:
            info = codecs.lookup(str(entry["encoding"]))
        except LookupError:
            raise ConfigError(f"{prefix}: unknown encoding {entry['encoding']!r}") from None
        if not getattr(info, "_is_text_encoding", True):
            raise ConfigError(f"{prefix}: {entry['encoding']!r} is not a text encoding")


def load_project(root: str | Path = ".") -> Project:
    """Read ``root/pyproject.toml`` (if any) into a validated ``Project``."""
    root_path = Path(root)
    if not root_path.is_dir():
        raise ConfigError(f"{root_path}: project folder does not exist")
    pyproject = root_path / "pyproject.toml"
    raw: dict[str, Any] = {}
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{pyproject}: invalid TOML: {error}") from None
        except UnicodeDecodeError as error:
            raise ConfigError(f"{pyproject}: not UTF-8: {error}") from None
        raw = data.get("tool", {}).get(TOOL_KEY, {})
        if not isinstance(raw, dict):
            raise ConfigError(f"{pyproject}: [tool.{TOOL_KEY}] must be a table")
    settings = _validate(raw, SCHEMA, "", str(pyproject))
    _check_choices(settings, str(pyproject))
    _check_encodings(settings, str(pyproject))
    settings["source-locale"] = normalize(settings["source-locale"])
    settings["target-locales"] = [normalize(locale) for locale in settings["target-locales"]]
    project = Project(root=root_path, settings=settings)
    for key in ("content-dir", "subtitles-dir", "locales-dir", "build-dir"):
        project._dir(key)  # reject unsafe paths early, with the key's name
    return project
