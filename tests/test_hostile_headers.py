"""PO headers and encodings from hostile hands: a ``path:line`` error, never an
internal one (a hypothesis property over header values, run through the CLI)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seoultrain_i18n.cli import cli

CATALOG = "locales/ko/LC_MESSAGES/site.po"
FIXTURE = [HealthCheck.function_scoped_fixture]


def with_header(project: Path, name: str, value: str) -> Path:
    po = project / CATALOG
    text = po.read_text(encoding="utf-8")
    start = text.index(f'"{name}: ')
    end = text.index('\\n"', start)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    po.write_text(text[:start] + f'"{name}: {escaped}' + text[end:], encoding="utf-8")
    return po


@pytest.mark.parametrize("charset", ["base64", "rot13", "hex", "zlib", "utf-16", "bz2"])
def test_a_non_text_charset_is_a_line_error(bundled_project: Path, charset: str) -> None:
    with_header(bundled_project, "Content-Type", f"text/plain; charset={charset}")
    result = CliRunner().invoke(cli, ["--project", str(bundled_project), "-q", "compile"])
    assert result.exit_code == 1
    assert re.search(
        rf"error: .*{re.escape(CATALOG)}:\d+: invalid header: unknown charset '{charset}'",
        result.output,
    ), result.output
    assert "internal error" not in result.output


@pytest.mark.parametrize("encoding", ["base64", "rot13", "zlib", "hex", "no-such-thing"])
def test_import_with_a_non_text_encoding_is_a_usage_error(
    bundled_project: Path, encoding: str
) -> None:
    track = bundled_project / "trailer.ko.srt"
    shutil.copy(bundled_project / "subtitles" / "trailer.en.srt", track)
    result = CliRunner().invoke(
        cli, ["--project", str(bundled_project), "import", str(track), "--encoding", encoding]
    )
    assert result.exit_code == 2
    assert re.search(rf"unknown encoding '{encoding}'|'{encoding}' is not a text encoding",
                     result.output), result.output
    assert "internal error" not in result.output


header_names = st.sampled_from(["Content-Type", "Plural-Forms", "Language", "MIME-Version"])
header_values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "text/plain; charset=base64",
            "text/plain; charset=",
            "text/plain; charset=utf-32",
            "nplurals=2; plural=n>;",
            "nplurals=99999999999999999999; plural=0;",
            "nplurals=1; plural=" + "(" * 60 + "n" + ")" * 60 + ";",
            "nplurals=2; plural=n/(n-n);",
            "nplurals=2; plural=n%0;",
        ]
    ),
    st.builds(
        "nplurals={}; plural={};".format,
        st.integers(min_value=0, max_value=5),
        st.text(alphabet="n0123456789 ()?:!<>=&|+-*/%", max_size=30),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE)
@given(name=header_names, value=header_values)
def test_any_header_value_is_compiled_or_named_at_its_line(
    bundled_project: Path, name: str, value: str
) -> None:
    shutil.copy(Path(__file__).parent.parent / CATALOG, bundled_project / CATALOG)
    with_header(bundled_project, name, value)
    result = CliRunner().invoke(cli, ["--project", str(bundled_project), "-q", "compile"])
    assert "internal error" not in result.output
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        assert re.search(rf"{re.escape(CATALOG)}:\d+: ", result.output), result.output
