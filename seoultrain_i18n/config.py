"""The project and its configuration: ``[tool.seoultrain-i18n]`` → ``Project``.

Configuration is a tree of small frozen dataclasses (``Config`` and one class
per section) validated once, at load: types, ranges and choices. Stages read
typed attributes (``project.config.translate.timeout``), never dotted strings.
Every error names ``pyproject.toml:LINE`` and the key (exit 2).

Adding a key is a one-place change: a field in its section's dataclass, with
its default and, if needed, a check in ``meta(...)``. The TOML name is the
field name with ``-`` for ``_``; the field's annotation is the type a value
must have. Every key is optional; a folder with the default layout and no
configuration works. Unknown keys are errors that suggest the closest one.
"""

from __future__ import annotations

import difflib
import math
import tomllib
import typing
from dataclasses import MISSING, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from seoultrain_i18n.config_checks import (
    Check,
    between,
    http_url,
    identifier,
    key_lines,
    locale_id,
    one_of,
    single_line,
    text_encoding,
    track_or_every,
)
from seoultrain_i18n.errors import ConfigError, UnsafePathError
from seoultrain_i18n.locales import normalize
from seoultrain_i18n.subtitles.norms import NORM_KEYS, NORM_RANGES, Norms

TOOL_KEY = "seoultrain-i18n"
PROVIDERS = ("", "google", "mymemory", "libre", "microsoft", "deepl")
NORM_LANGUAGES = ("ko", "zh-Hans", "zh-Hant", "en")


def meta(default: Any, check: Check | None = None) -> Any:
    """A field with its default and the check its value must pass."""
    if isinstance(default, tuple):
        return field(default_factory=lambda: default, metadata={"check": check})
    return field(default=default, metadata={"check": check})


# ------------------------------------------------------------------ sections


@dataclass(frozen=True, slots=True)
class UpdateConfig:
    fuzzy_threshold: float = meta(0.6, between(0.0, 1.0))
    fuzzy_matching: bool = True


@dataclass(frozen=True, slots=True)
class TranslateConfig:
    memory_threshold: float = meta(75.0, between(0.0, 100.0))
    provider: str = meta("", one_of(*PROVIDERS))
    provider_url: str = meta("", http_url(allow_empty=True))
    concurrency: int = meta(4, between(1, 64))
    timeout: float = meta(10.0, between(0.1, 600.0))  # whole request, seconds
    retries: int = meta(4, between(0, 20))
    backoff: float = meta(0.5, between(0.0, 60.0))
    deadline: float = meta(60.0, between(1.0, 86400.0))  # machine translation per run, seconds
    batch_chars: int = meta(1500, between(1, 1_000_000))
    hant_variant: str = meta("tw", one_of("tw", "hk"))
    glossary: str = meta("glossary.csv", single_line())
    tmx: tuple[str, ...] = meta((), single_line())


@dataclass(frozen=True, slots=True)
class ChecksConfig:
    select: tuple[str, ...] = meta((), single_line())
    ignore: tuple[str, ...] = meta((), single_line())
    untranslated_error_percent: float = meta(100.0, between(0.0, 100.0))
    fuzzy_error_percent: float = meta(100.0, between(0.0, 100.0))
    errors: tuple[str, ...] = meta((), single_line())  # checks promoted to errors
    warnings: tuple[str, ...] = meta((), single_line())  # demoted (never M204 unsafe-markup)


@dataclass(frozen=True, slots=True)
class NormsConfig:
    """The profile, and per-language overrides of the norms (``norms.ko`` …)."""

    profile: str = meta("adult", one_of("adult", "children", "sdh", "sdh-children"))
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    publish_threshold: float = meta(80.0, between(0.0, 100.0))
    # required to build the site: no placeholder URL is ever published (site/urls.py)
    base_url: str = meta("", http_url(allow_empty=True))
    include_fuzzy: bool = False


@dataclass(frozen=True, slots=True)
class Bilingual:
    """``{track = "trailer", top = "ko", bottom = "en"}``: a two-language track."""

    track: str = meta(MISSING, identifier())
    top: str = meta(MISSING, locale_id())
    bottom: str = meta(MISSING, locale_id())


@dataclass(frozen=True, slots=True)
class Distinct:
    """An identical line that gets its own message (docs/subtitles.md)."""

    track: str = meta(MISSING, identifier())
    text: str = meta(MISSING)
    after: str = meta(MISSING)  # the previous cue's text


@dataclass(frozen=True, slots=True)
class TrackEncoding:
    """``{track = "crossing", encoding = "cp949"}``: how a source track is decoded
    (track ``*``: every track)."""

    track: str = meta(MISSING, track_or_every())
    encoding: str = meta(MISSING, text_encoding())


@dataclass(frozen=True, slots=True)
class SubtitlesConfig:
    bilingual: tuple[Bilingual, ...] = ()
    allow_incomplete: bool = False
    include_fuzzy: bool = False
    distinct: tuple[Distinct, ...] = ()
    encodings: tuple[TrackEncoding, ...] = ()


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    """What ``build`` writes for each subtitle track (docs/configuration.md)."""

    formats: tuple[str, ...] = meta(("srt", "vtt", "ttml"), one_of("srt", "vtt", "ttml"))
    srt_line_ends: str = meta("lf", one_of("lf", "crlf"))
    srt_bom: bool = False


@dataclass(frozen=True, slots=True)
class Config:
    """``[tool.seoultrain-i18n]``: every setting, validated."""

    project_name: str = meta("SEOUL TRAIN", single_line())
    source_locale: str = meta("en", locale_id())
    target_locales: tuple[str, ...] = meta(("ko", "zh_Hans", "zh_Hant"), locale_id())
    content_dir: str = meta("content", single_line())
    subtitles_dir: str = meta("subtitles", single_line())
    locales_dir: str = meta("locales", single_line())
    build_dir: str = meta("build", single_line())
    site_domain: str = meta("site", identifier())
    update: UpdateConfig = field(default_factory=UpdateConfig)
    translate: TranslateConfig = field(default_factory=TranslateConfig)
    checks: ChecksConfig = field(default_factory=ChecksConfig)
    norms: NormsConfig = field(default_factory=NormsConfig)
    site: SiteConfig = field(default_factory=SiteConfig)
    subtitles: SubtitlesConfig = field(default_factory=SubtitlesConfig)
    delivery: DeliveryConfig = field(default_factory=DeliveryConfig)


# ------------------------------------------------------------------ project


@dataclass(frozen=True, slots=True)
class Project:
    """A localization project rooted at ``root``, with validated settings."""

    root: Path
    config: Config = field(default_factory=Config)

    @property
    def name(self) -> str:
        return self.config.project_name

    @property
    def source_locale(self) -> str:
        return self.config.source_locale

    @property
    def target_locales(self) -> list[str]:
        return list(self.config.target_locales)

    @property
    def site_domain(self) -> str:
        return self.config.site_domain

    def _dir(self, key: str) -> Path:
        return safe_join(self.root, str(getattr(self.config, key.replace("-", "_"))), key)

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
        return {key: dict(value) for key, value in self.config.norms.overrides.items()}

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


# ------------------------------------------------------------------ loading


class _Where:
    """Turns a key path into ``pyproject.toml:LINE: [tool.seoultrain-i18n.section] key``."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = key_lines(text)

    def line(self, keys: tuple[str, ...]) -> int:
        full = ("tool", TOOL_KEY, *keys)
        while full:
            if full in self.lines:
                return self.lines[full]
            full = full[:-1]
        return 1

    def error(self, keys: tuple[str, ...], message: str) -> ConfigError:
        name = f"[tool.{TOOL_KEY}] {'.'.join(keys)}".rstrip()
        return ConfigError(f"{self.path}:{self.line(keys)}: {name}{message}")

    def unknown(self, keys: tuple[str, ...], valid: list[str], entry: int = 0) -> ConfigError:
        shown = f" (entry {entry})" if entry else ""
        return ConfigError(
            f"{self.path}:{self.line(keys)}: unknown key [tool.{TOOL_KEY}] {'.'.join(keys)}"
            f"{shown}{_suggest(keys[-1], valid)}"
        )


def _suggest(key: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else f"; valid keys: {', '.join(sorted(valid))}"


def _toml_name(name: str) -> str:
    return name.replace("_", "-")


def _scalar(value: Any, kind: Any) -> tuple[bool, Any]:
    """(ok, converted) for a TOML value against a scalar annotation."""
    if kind is bool:
        return isinstance(value, bool), value
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    if kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok and not math.isfinite(value):
            return False, value
        return ok, float(value) if ok else value
    if kind is str:
        return isinstance(value, str), value
    raise TypeError(f"unsupported configuration type {kind!r}")  # a programming error


_KIND_NAMES = {bool: "true or false", int: "an integer", float: "a finite number", str: "a string"}


def _value(value: Any, kind: Any, check: Check | None, keys: tuple[str, ...], where: _Where) -> Any:
    origin = typing.get_origin(kind)
    if origin is tuple:
        item_kind = typing.get_args(kind)[0]
        if not isinstance(value, list):
            raise where.error(keys, f" = {value!r}: expected an array")
        items = []
        for number, item in enumerate(value, start=1):
            if is_dataclass(item_kind):
                if not isinstance(item, dict):
                    raise where.error(keys, f" entry {number}: expected a table")
                items.append(_section(item, item_kind, keys, where, entry=number))
            else:
                items.append(_value(item, item_kind, check, keys, where))
        return tuple(items)
    ok, converted = _scalar(value, kind)
    if not ok:
        raise where.error(keys, f" = {value!r}: expected {_KIND_NAMES[kind]}")
    if check is not None:
        problem = check(converted)
        if problem:
            raise where.error(keys, f" = {value!r}: {problem}")
    return converted


def _section(
    raw: dict[str, Any], cls: Any, prefix: tuple[str, ...], where: _Where, entry: int = 0
) -> Any:
    hints = typing.get_type_hints(cls)
    by_name = {_toml_name(f.name): f for f in fields(cls)}
    if cls is NormsConfig:
        return _norms(raw, prefix, where)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        keys = (*prefix, key)
        if key not in by_name:
            raise where.unknown(keys, list(by_name), entry)
        spec = by_name[key]
        kind = hints[spec.name]
        if is_dataclass(kind):
            if not isinstance(value, dict):
                raise where.error(keys, " must be a table")
            values[spec.name] = _section(value, kind, keys, where)
        else:
            try:
                values[spec.name] = _value(value, kind, spec.metadata.get("check"), keys, where)
            except ConfigError as error:
                if not entry:
                    raise
                # An array of tables: name the entry ("subtitles.encodings entry 1: encoding").
                dotted = ".".join(keys)
                named = f"{'.'.join(prefix)} entry {entry}: {key}"
                raise ConfigError(str(error).replace(dotted, named, 1)) from None
    for spec in fields(cls):
        required = spec.default is MISSING and spec.default_factory is MISSING
        if required and spec.name not in values:
            raise where.error(prefix, f" entry {entry}: missing key {_toml_name(spec.name)!r}")
    return cls(**values)


def _norms(raw: dict[str, Any], prefix: tuple[str, ...], where: _Where) -> NormsConfig:
    profile_field = next(f for f in fields(NormsConfig) if f.name == "profile")
    profile = NormsConfig().profile
    overrides: dict[str, dict[str, Any]] = {}
    norm_types = typing.get_type_hints(Norms)
    for key, value in raw.items():
        keys = (*prefix, key)
        if key == "profile":
            profile = _value(value, str, profile_field.metadata["check"], keys, where)
            continue
        if key not in NORM_LANGUAGES:
            raise where.unknown(keys, ["profile", *NORM_LANGUAGES])
        if not isinstance(value, dict):
            raise where.error(keys, " must be a table")
        table: dict[str, Any] = {}
        for name, item in value.items():
            if name not in NORM_KEYS:
                raise where.unknown((*keys, name), list(NORM_KEYS))
            attribute = NORM_KEYS[name]
            table[attribute] = _value(
                item, norm_types[attribute], NORM_RANGES.get(attribute), (*keys, name), where
            )
        overrides[key] = table
    return NormsConfig(profile=profile, overrides=overrides)


def _read(pyproject: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{pyproject}:1: not UTF-8: {error}") from None
    except OSError as error:
        raise ConfigError(f"{pyproject}:1: cannot read: {error.strerror or error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_from_message(str(error))
        raise ConfigError(f"{pyproject}:{line}: invalid TOML: {error}") from None
    tool = data.get("tool", {})
    raw = tool.get(TOOL_KEY, {}) if isinstance(tool, dict) else {}
    if not isinstance(raw, dict):
        where = _Where(pyproject, text)
        raise ConfigError(f"{pyproject}:{where.line(())}: [tool.{TOOL_KEY}] must be a table")
    return text, raw


def _line_from_message(message: str) -> int:
    marker = "(at line "
    if marker in message:
        digits = message.split(marker, 1)[1].split(",", 1)[0].rstrip(")")
        if digits.isdigit():
            return int(digits)
    return 1


def require_project(project: Project) -> None:
    """ConfigError unless ``project.root`` looks like a project: it has the
    ``[tool.seoultrain-i18n]`` table or one of the configured folders.

    Commands run in the wrong folder would otherwise treat it as an empty
    project and create ``build/`` and ``locales/`` there.
    """
    root = project.root
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            data = {}
        if TOOL_KEY in data.get("tool", {}):
            return
    folders = ("content-dir", "subtitles-dir", "locales-dir")
    if any(project._dir(key).is_dir() for key in folders):
        return
    names = ", ".join(f"{getattr(project.config, key.replace('-', '_'))}/" for key in folders)
    raise ConfigError(
        f"{root.resolve()}: not a seoultrain-i18n project (no [tool.{TOOL_KEY}] in "
        f"pyproject.toml and none of {names}); run it in a project folder or pass --project"
    )


def load_project(root: str | Path = ".") -> Project:
    """Read ``root/pyproject.toml`` (if any) into a validated ``Project``."""
    root_path = Path(root)
    if not root_path.is_dir():
        raise ConfigError(f"{root_path}: project folder does not exist")
    pyproject = root_path / "pyproject.toml"
    text, raw = _read(pyproject) if pyproject.is_file() else ("", {})
    where = _Where(pyproject, text)
    config: Config = _section(raw, Config, (), where)
    config = _normalized(config, where)
    project = Project(root=root_path, config=config)
    for key in ("content-dir", "subtitles-dir", "locales-dir", "build-dir"):
        try:
            project._dir(key)  # reject unsafe paths early, with the key's name
        except UnsafePathError as error:
            raise UnsafePathError(f"{pyproject}:{where.line((key,))}: {error}") from None
    return project


def _normalized(config: Config, where: _Where) -> Config:
    """Locale ids in their gettext spelling; no locale twice."""
    source = normalize(config.source_locale)
    targets: list[str] = []
    for locale in config.target_locales:
        normal = normalize(locale)
        if normal in targets:
            raise where.error(("target-locales",), f": {locale!r} is listed twice")
        targets.append(normal)
    return replace(config, source_locale=source, target_locales=tuple(targets))

