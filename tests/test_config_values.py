"""Typed configuration: every key's type and range is checked once, at load.

Errors name ``pyproject.toml:LINE`` and the key and exit 2; a property over
values of every key shows that no value reaches an internal error.
"""

from __future__ import annotations

import math
import re
import typing
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seoultrain_i18n.cli import cli
from seoultrain_i18n.config import NORM_LANGUAGES, Config, load_project
from seoultrain_i18n.config_checks import key_lines
from seoultrain_i18n.errors import ConfigError
from seoultrain_i18n.subtitles.norms import NORM_KEYS

HEAD = "[project]\nname = 'x'\n\n[tool.seoultrain-i18n]\n"  # the tool table is line 4


def write(root: Path, body: str) -> Path:
    path = root / "pyproject.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def load_error(root: Path, body: str) -> str:
    write(root, body)
    with pytest.raises(ConfigError) as caught:
        load_project(root)
    return str(caught.value)


@pytest.mark.parametrize(
    ("body", "line", "key", "why"),
    [
        ("target-locales = [1, 2]\n", 5, "target-locales = 1", "expected a string"),
        ('target-locales = ["../../x"]\n', 5, "target-locales = '../../x'", "locale identifier"),
        ('source-locale = "/etc"\n', 5, "source-locale", "locale identifier"),
        ('target-locales = ["ko", "ko-KR", "ko"]\n', 5, "target-locales", "listed twice"),
        ("[tool.seoultrain-i18n.translate]\ntool = 1\n", 6, "translate.tool", "unknown key"),
        ("tool = 1\n", 5, "tool", "unknown key"),
        ("[tool.seoultrain-i18n.checks]\nselect = [1]\n", 6, "checks.select = 1", "string"),
        ("[tool.seoultrain-i18n.norms.ko]\nmax-chars-per-line = \"abc\"\n", 6,
         "norms.ko.max-chars-per-line = 'abc'", "expected a finite number"),
        ("[tool.seoultrain-i18n.norms.en]\nmax-lines = 0\n", 6, "norms.en.max-lines",
         "between 1 and 10"),
        ("[tool.seoultrain-i18n.translate]\nbackoff = -5\n", 6, "translate.backoff = -5",
         "between 0 and 60"),
        ("[tool.seoultrain-i18n.translate]\nretries = 1000000\n", 6, "translate.retries",
         "between 0 and 20"),
        ("[tool.seoultrain-i18n.translate]\nconcurrency = 0\n", 6, "translate.concurrency",
         "between 1 and 64"),
        ("[tool.seoultrain-i18n.translate]\ntimeout = 0\n", 6, "translate.timeout", "between"),
        ("[tool.seoultrain-i18n.translate]\ntimeout = nan\n", 6, "translate.timeout",
         "finite number"),
        ("[tool.seoultrain-i18n.translate]\ntimeout = inf\n", 6, "translate.timeout",
         "finite number"),
        ("[tool.seoultrain-i18n.site]\npublish-threshold = 101\n", 6, "site.publish-threshold",
         "between 0 and 100"),
        ("[tool.seoultrain-i18n.update]\nfuzzy-threshold = 1.5\n", 6, "update.fuzzy-threshold",
         "between 0 and 1"),
        ("[tool.seoultrain-i18n.checks]\nfuzzy-error-percent = -1\n", 6,
         "checks.fuzzy-error-percent", "between 0 and 100"),
        ('[tool.seoultrain-i18n.site]\nbase-url = "javascript:alert(1)"\n', 6, "site.base-url",
         "http:// or https://"),
        ('[tool.seoultrain-i18n.translate]\nprovider-url = "file:///etc/passwd"\n', 6,
         "translate.provider-url", "http:// or https://"),
        ('project-name = "SEOUL\\nTRAIN"\n', 5, "project-name", "one line"),
        ('site-domain = "../../../outside/sd"\n', 5, "site-domain", "becomes a file name"),
        ('site-domain = "/tmp/sd"\n', 5, "site-domain", "becomes a file name"),
        ("[tool.seoultrain-i18n.subtitles]\nbilingual = [{track = \"../t\", top = \"ko\", "
         "bottom = \"en\"}]\n", 6, "subtitles.bilingual", "file name"),
        ("[tool.seoultrain-i18n.subtitles]\ndistinct = [{track = \"t\"}]\n", 6,
         "subtitles.distinct", "missing key 'text'"),
        ("[tool.seoultrain-i18n.subtitles]\ndistinct = [\"x\"]\n", 6, "subtitles.distinct",
         "expected a table"),
        ("update = 3\n", 5, "update", "must be a table"),
        ("translate.timeout = true\n", 5, "translate.timeout = True", "expected a finite number"),
    ],
)
def test_bad_values_name_the_line_and_the_key(
    scratch: Path, body: str, line: int, key: str, why: str
) -> None:
    message = load_error(scratch, body)
    assert message.startswith(f"{scratch / 'pyproject.toml'}:{line}: "), message
    assert key in message
    assert why in message


def test_a_bad_value_is_exit_2_with_one_line_and_nothing_written(scratch: Path) -> None:
    write(scratch, 'target-locales = ["../../x"]\n')
    (scratch / "content").mkdir()
    (scratch / "content" / "index.html").write_text("<p>Hello</p>\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--project", str(scratch), "update"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: {scratch / 'pyproject.toml'}:5: [tool.seoultrain-i18n] target-locales = "
        "'../../x': not a locale identifier: '../../x'"
    ]
    assert not (scratch / "locales").exists()
    assert not (scratch.parent / "x").exists()


def test_values_are_typed(scratch: Path) -> None:
    write(
        scratch,
        'target-locales = ["zh-Hant"]\n[tool.seoultrain-i18n.translate]\ntimeout = 3\n'
        "[tool.seoultrain-i18n.subtitles]\n"
        'bilingual = [{track = "trailer", top = "ko", bottom = "en"}]\n',
    )
    config = load_project(scratch).config
    assert config.target_locales == ("zh_Hant",)
    assert config.translate.timeout == 3.0
    assert isinstance(config.translate.timeout, float)
    assert config.subtitles.bilingual[0].top == "ko"


def test_key_lines_follow_tables_dotted_keys_and_quotes() -> None:
    text = (
        '[tool."seoultrain-i18n"]\n'
        "translate.timeout = 3\n"
        "# a comment = 1\n"
        '[tool.seoultrain-i18n.norms."zh-Hant"]\n'
        "max-lines = 2\n"
        'x = """\n'
        "y = 1\n"
        '"""\n'
        "z = 2\n"
    )
    lines = key_lines(text)
    assert lines[("tool", "seoultrain-i18n")] == 1
    assert lines[("tool", "seoultrain-i18n", "translate", "timeout")] == 2
    assert lines[("tool", "seoultrain-i18n", "norms", "zh-Hant", "max-lines")] == 5
    assert ("tool", "seoultrain-i18n", "norms", "zh-Hant", "y") not in lines
    assert lines[("tool", "seoultrain-i18n", "norms", "zh-Hant", "z")] == 9


# ---------------------------------------------------------------- property


def _every_key(cls: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = []
    hints = typing.get_type_hints(cls)
    for spec in fields(cls):
        name = spec.name.replace("_", "-")
        kind = hints[spec.name]
        if is_dataclass(kind) and spec.name != "norms":
            keys += _every_key(kind, (*prefix, name))
        elif spec.name == "norms":
            keys.append((*prefix, "norms", "profile"))
            keys += [(*prefix, "norms", lang, key) for lang in NORM_LANGUAGES for key in NORM_KEYS]
        else:
            keys.append((*prefix, name))
    return keys


EVERY_KEY = _every_key(Config)
FIXTURE = [HealthCheck.function_scoped_fixture]


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return "{" + ", ".join(f"{_string(k)} = {_toml(v)}" for k, v in value.items()) + "}"


def _string(text: str) -> str:
    escaped = "".join(
        f"\\u{ord(char):04x}" if ord(char) < 0x20 or char in '\x7f"\\' else char
        for char in text
    )
    return f'"{escaped}"'



scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["ko", "../x", "/abs", "javascript:x", "http://h/", "a\nb", "", "site", "tw"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["track", "top", "bottom", "text", "after", "x"]), inner,
                      max_size=4),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURE)
@given(key=st.sampled_from(EVERY_KEY), value=values)
def test_any_value_of_any_key_loads_or_names_its_line(
    scratch: Path, key: tuple[str, ...], value: Any
) -> None:
    *table, name = key
    header = "[tool.seoultrain-i18n" + "".join(f'."{part}"' for part in table) + "]\n"
    header = header if table else ""
    write(scratch, f"{header}{_string(name)} = {_toml(value)}\n")
    line = 6 if table else 5
    try:
        project = load_project(scratch)
    except ConfigError as error:
        message = str(error)
    else:
        assert project.config is not None
        return
    assert re.match(rf"{re.escape(str(scratch / 'pyproject.toml'))}:{line}: ", message)
    assert ".".join(key) in message
    assert "\n" not in message


@settings(max_examples=25, deadline=None, suppress_health_check=FIXTURE)
@given(key=st.sampled_from(EVERY_KEY), value=values)
def test_any_value_through_the_cli_is_never_an_internal_error(
    scratch: Path, key: tuple[str, ...], value: Any
) -> None:
    *table, name = key
    header = "[tool.seoultrain-i18n" + "".join(f'."{part}"' for part in table) + "]\n"
    header = header if table else ""
    write(scratch, f"{header}{_string(name)} = {_toml(value)}\n")
    result = CliRunner().invoke(cli, ["--project", str(scratch), "-q", "stats"])
    assert "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 2:
        assert re.match(r"error: .*pyproject\.toml:\d+: ", result.output)
