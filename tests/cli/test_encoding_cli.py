"""``--encoding`` on extract, check, build and import; the per-track setting; ``-v``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from seoultrain_i18n.cli import cli

PYPROJECT = """[tool.seoultrain-i18n]
source-locale = "en"
target-locales = ["ko"]
"""
WESTERN = "1\n00:00:01,000 --> 00:00:03,000\nHe was naïve, Señor Kim said.\n\n" + "".join(
    f"{n}\n00:00:{n * 4:02d},000 --> 00:00:{n * 4 + 2:02d},000\nThe crème of the café.\n\n"
    for n in range(2, 5)
)
# Polish in Windows-1250 named as English: implausible as English, refused.
POLISH_LINES = ["We crossed at night."] * 3 + ["Zażółć gęślą jaźń."]
POLISH = "".join(
    f"{n}\n00:00:{n * 4:02d},000 --> 00:00:{n * 4 + 2:02d},000\n{line}\n\n"
    for n, line in enumerate(POLISH_LINES, start=1)
)
KOREAN = "1\n00:00:01,000 --> 00:00:03,000\n그해 겨울 두만강은 꽁꽁 얼어 있었다\n\n"


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--project", str(root), *args])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    folder = tmp_path / "subtitles"
    folder.mkdir()
    (folder / "reel.en.srt").write_bytes(WESTERN.encode("cp1252"))
    return tmp_path


def test_extract_verbose_says_each_tracks_encoding_and_how(project: Path) -> None:
    result = invoke(project, "-v", "extract")
    assert result.exit_code == 0, result.output
    assert "subtitles/reel.en.srt: cp1252 (from the language tag" in result.output
    template = (project / "locales" / "reel.pot").read_text(encoding="utf-8")
    assert "naïve" in template
    assert "Señor" in template
    assert "crème" in template


def test_a_refused_track_names_its_bad_byte_line_and_the_fix(project: Path) -> None:
    (project / "subtitles" / "pl.en.srt").write_bytes(POLISH.encode("cp1250"))
    result = invoke(project, "extract")
    assert result.exit_code == 1
    bad_line = POLISH.split("\n").index(POLISH_LINES[-1]) + 1
    assert f"error: subtitles/pl.en.srt:{bad_line}: cannot decode this en track" in result.output
    assert "--encoding" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["extract"], ["check"], ["build", "--subtitles"]])
def test_encoding_option_reads_every_track_with_it(project: Path, command: list[str]) -> None:
    (project / "subtitles" / "reel.en.srt").write_bytes(POLISH.encode("cp1250"))
    refused = invoke(project, *command)
    assert refused.exit_code == 1
    assert "cannot decode" in refused.output
    forced = invoke(project, "-v", *command, "--encoding", "cp1250")
    assert "cannot decode" not in forced.output
    assert "subtitles/reel.en.srt: cp1250 (given with --encoding" in forced.output


def test_per_track_setting(project: Path) -> None:
    (project / "subtitles" / "pl.en.srt").write_bytes(POLISH.encode("cp1250"))
    (project / "pyproject.toml").write_text(
        PYPROJECT
        + '\n[tool.seoultrain-i18n.subtitles]\nencodings = [{track = "pl", encoding = "cp1250"}]\n',
        encoding="utf-8",
    )
    result = invoke(project, "-v", "extract")
    assert result.exit_code == 0, result.output
    assert "subtitles/pl.en.srt: cp1250 (given with --encoding or the track's setting" in (
        result.output
    )
    assert "subtitles/reel.en.srt: cp1252 (from the language tag" in result.output
    assert "Zażółć" in (project / "locales" / "pl.pot").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["klingon", "base64", "rot13"])
def test_unknown_or_non_text_encodings_are_usage_errors(project: Path, value: str) -> None:
    for command in (["extract"], ["check"], ["build"]):
        result = invoke(project, *command, "--encoding", value)
        assert result.exit_code == 2, (command, result.output)
        assert "--encoding" in result.output
    track = project / "subtitles" / "reel.ko.srt"
    track.write_bytes(KOREAN.encode("cp949"))
    result = invoke(project, "import", str(track), "--domain", "reel", "--encoding", value)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_bad_setting_is_a_configuration_error(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        PYPROJECT
        + '\n[tool.seoultrain-i18n.subtitles]\nencodings = [{track = "reel", encoding = "xx"}]\n',
        encoding="utf-8",
    )
    result = invoke(project, "extract")
    assert result.exit_code == 2
    assert "encodings entry 1: encoding = 'xx': unknown encoding 'xx'" in result.output


def test_check_flags_text_whose_script_is_not_its_languages(project: Path) -> None:
    # Korean CP949 named Simplified Chinese: decoded to its Korean text (never GBK
    # nonsense), and check says the script does not match the language.
    (project / "subtitles" / "crossing.zh-Hans.srt").write_bytes(
        (KOREAN + "2\n00:00:04,000 --> 00:00:06,000\n우리는 밤이 되기를 기다렸다\n\n").encode(
            "cp949"
        )
    )
    (project / "pyproject.toml").write_text(
        PYPROJECT.replace('["ko"]', '["ko", "zh_Hans"]'), encoding="utf-8"
    )
    extracted = invoke(project, "extract")
    assert extracted.exit_code == 0, extracted.output
    assert "두만강은" in (project / "locales" / "crossing.pot").read_text(encoding="utf-8")
    result = invoke(project, "check", "--format", "json", "--select", "S613")
    assert result.exit_code == 1
    assert '"S613"' in result.output
    assert "subtitles/crossing.zh-Hans.srt" in result.output
    clean = invoke(project, "check", "--select", "S613", "--domain", "reel")
    assert "S613" not in clean.output
