"""Project configuration: defaults, validation, suggestions, safe paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from seoultrain_i18n.config import load_project
from seoultrain_i18n.errors import ConfigError, UnsafePathError
from tests.conftest import run_cli


def write_config(root: Path, body: str) -> None:
    (root / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.seoultrain-i18n]\n" + body, encoding="utf-8"
    )


def test_folder_without_configuration_uses_defaults(scratch: Path) -> None:
    project = load_project(scratch)
    assert project.source_locale == "en"
    assert project.target_locales == ["ko", "zh_Hans", "zh_Hant"]
    assert project.content_dir == scratch / "content"
    assert project.locales_dir == scratch / "locales"
    assert project.config.site.publish_threshold == 80.0


def test_values_are_read_and_locales_normalised(scratch: Path) -> None:
    write_config(scratch, 'target-locales = ["ko", "zh-Hant"]\n[tool.seoultrain-i18n.site]\n'
                          "publish-threshold = 50\n")
    project = load_project(scratch)
    assert project.target_locales == ["ko", "zh_Hant"]
    assert project.config.site.publish_threshold == 50.0


def test_unknown_key_is_named_with_a_suggestion(scratch: Path) -> None:
    write_config(scratch, 'target-locale = ["ko"]\n')
    with pytest.raises(ConfigError) as caught:
        load_project(scratch)
    assert "unknown key [tool.seoultrain-i18n] target-locale" in str(caught.value)
    assert "did you mean 'target-locales'?" in str(caught.value)


def test_unknown_nested_key_is_named(scratch: Path) -> None:
    write_config(scratch, "[tool.seoultrain-i18n.translate]\ntimout = 3\n")
    with pytest.raises(ConfigError, match=r"translate\.timout; did you mean 'timeout'\?"):
        load_project(scratch)


def test_norm_overrides_are_validated(scratch: Path) -> None:
    write_config(scratch, "[tool.seoultrain-i18n.norms.ko]\nmax-chars-per-line = 18\n")
    assert load_project(scratch).norm_overrides() == {"ko": {"max_chars_per_line": 18.0}}
    write_config(scratch, "[tool.seoultrain-i18n.norms.ko]\nmax-char-per-line = 18\n")
    with pytest.raises(ConfigError, match="did you mean 'max-chars-per-line'"):
        load_project(scratch)


def test_wrong_type_is_an_error(scratch: Path) -> None:
    write_config(scratch, 'target-locales = "ko"\n')
    expected = r"pyproject.toml:5: \[tool.seoultrain-i18n\] target-locales = 'ko': expected an"
    with pytest.raises(ConfigError, match=expected):
        load_project(scratch)


@pytest.mark.parametrize("value", ["../elsewhere", "/tmp/absolute"])
def test_paths_outside_the_project_are_refused(scratch: Path, value: str) -> None:
    write_config(scratch, f'build-dir = "{value}"\n')
    with pytest.raises(UnsafePathError, match="build-dir"):
        load_project(scratch)


def test_symlink_out_of_the_project_is_refused(scratch: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (scratch / "out").symlink_to(outside)
    write_config(scratch, 'build-dir = "out"\n')
    with pytest.raises(UnsafePathError, match="outside the project"):
        load_project(scratch)


def test_cli_reports_configuration_error_with_exit_2(scratch: Path) -> None:
    write_config(scratch, 'sorce-locale = "en"\n')
    result = run_cli("--project", str(scratch), "stats")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines()[0] == (
        f"error: {scratch / 'pyproject.toml'}:5: unknown key [tool.seoultrain-i18n] "
        "sorce-locale; did you mean 'source-locale'?"
    )
    assert "Traceback" not in result.stderr


def test_values_with_few_choices_are_checked(scratch: Path) -> None:
    write_config(scratch, '[tool.seoultrain-i18n.translate]\nprovider = "libr"\n')
    with pytest.raises(ConfigError) as caught:
        load_project(scratch)
    assert "translate.provider = 'libr': must be one of 'google'" in str(caught.value)
    assert "did you mean 'libre'?" in str(caught.value)
    write_config(scratch, '[tool.seoultrain-i18n.translate]\nhant-variant = "cn"\n')
    with pytest.raises(ConfigError, match="hant-variant = 'cn': must be one of 'tw', 'hk'"):
        load_project(scratch)
