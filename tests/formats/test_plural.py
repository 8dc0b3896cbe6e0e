"""Plural-Forms by the gettext grammar; catalogs valid exactly as msgfmt -c says.

GNU msgfmt -c is the second opinion on which headers and entries are valid;
Python's ``gettext.c2py`` is the second opinion on what an expression means.
"""

from __future__ import annotations

import gettext
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from seoultrain_i18n.catalogs.bundles import encode_bundle, script_safe_json
from seoultrain_i18n.cli import cli
from seoultrain_i18n.errors import I18nError, ParseError
from seoultrain_i18n.formats.mo import write_mo
from seoultrain_i18n.formats.plural import (
    MAX_DEPTH,
    PluralFormsError,
    evaluate,
    parse_expression,
    parse_plural_forms,
)
from seoultrain_i18n.formats.po import read_po
from tests.conftest import needs_gettext


def compile_po(path: Path, target: Path) -> bool:
    """PO file -> MO file as compile does it: the strict reader, then the MO writer."""
    return write_mo(target, read_po(path))

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: {forms}\\n"\n\n'
)
PLURAL_ENTRY = 'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "{a}"\nmsgstr[1] "{b}"\n'

HEADERS = [
    ("nplurals=2; plural=(n != 1);", True),
    ("nplurals=2; plural=n != 1", True),
    ("nplurals=2;plural=n!=1; trailing words", True),
    ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
     "(n%100<10 || n%100>=20) ? 1 : 2);", True),
    ("nplurals=2; plural=!(n == 1);", True),
    ("nplurals=2; plural=n>;", False),
    ("nplurals=0; plural=0;", False),
    ("garbage", False),
    ("nplurals=2; plural=__import__('os').system('touch pwned');", False),
    ("nplurals=2; plural=n/0;", False),
    ("nplurals=3; plural=n;", False),
    ("nplurals=2; plural=5;", False),
    ("nplurals=2; plural=-n;", False),
    ("nplurals=2; plural=(n != 1;", False),
]


def catalog_file(tmp_path: Path, forms: str, body: str = "") -> Path:
    path = tmp_path / "ko.po"
    if not body:  # a plural entry with as many forms as nplurals says (two otherwise)
        count = int(forms.split("=")[1].split(";")[0]) if forms.startswith("nplurals=") else 2
        body = 'msgid "one"\nmsgid_plural "many"\n' + "".join(
            f'msgstr[{index}] "x{index}"\n' for index in range(max(count, 1))
        )
    text = HEADER.format(forms=forms) + body
    path.write_text(text, encoding="utf-8")
    return path


def msgfmt_accepts(path: Path) -> bool:
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    return result.returncode == 0


def we_accept(path: Path) -> bool:
    try:
        read_po(path)
    except ParseError:
        return False
    return True


@pytest.mark.parametrize(("forms", "valid"), HEADERS)
def test_headers(tmp_path: Path, forms: str, valid: bool) -> None:
    path = catalog_file(tmp_path, forms)
    assert we_accept(path) is valid
    if not valid:
        with pytest.raises(ParseError, match=r"ko\.po:4: invalid header"):
            read_po(path)


@needs_gettext
@pytest.mark.parametrize(("forms", "valid"), HEADERS)
def test_headers_as_msgfmt_judges_them(tmp_path: Path, forms: str, valid: bool) -> None:
    path = catalog_file(tmp_path, forms)
    assert msgfmt_accepts(path) is valid
    assert we_accept(path) is msgfmt_accepts(path)


ENTRIES = [
    # an untranslated plural message with two empty forms under nplurals=1: valid
    ("nplurals=1; plural=0;", PLURAL_ENTRY.format(a="", b=""), True),
    ("nplurals=1; plural=0;", PLURAL_ENTRY.format(a="x", b=""), False),
    ("nplurals=2; plural=(n != 1);", 'msgid "a"\nmsgstr "x\\x04y"\n', False),
    ("nplurals=2; plural=(n != 1);", 'msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', False),
]


@pytest.mark.parametrize(("forms", "body", "valid"), ENTRIES)
def test_entries(tmp_path: Path, forms: str, body: str, valid: bool) -> None:
    path = catalog_file(tmp_path, forms, body)
    assert we_accept(path) is valid
    catalog_mo = tmp_path / "ko.mo"
    if valid:
        compile_po(path, catalog_mo)
        assert catalog_mo.is_file()
    else:
        with pytest.raises(ParseError, match=r"ko\.po:\d+: "):
            compile_po(path, catalog_mo)
        assert not catalog_mo.exists()


@needs_gettext
@pytest.mark.parametrize(("forms", "body", "valid"), ENTRIES)
def test_entries_as_msgfmt_judges_them(tmp_path: Path, forms: str, body: str, valid: bool) -> None:
    assert msgfmt_accepts(catalog_file(tmp_path, forms, body)) is valid


@pytest.mark.parametrize("text", ['"a\\000b"', '"a\\x04b"', '"a\\4b"'])
def test_nul_and_context_separator_in_a_msgid_are_refused(tmp_path: Path, text: str) -> None:
    # Stricter than msgfmt on the msgid: in an MO file NUL ends the string and
    # EOT separates a context, so either would corrupt every lookup.
    path = catalog_file(tmp_path, "nplurals=1; plural=0;", f"msgid {text}\nmsgstr \"x\"\n")
    with pytest.raises(ParseError, match=r"ko\.po:6: "):
        read_po(path)
    with pytest.raises(ParseError, match=r"ko\.po:6: "):
        compile_po(path, tmp_path / "ko.mo")


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    deep = "(" * (MAX_DEPTH + 5) + "n" + ")" * (MAX_DEPTH + 5)
    with pytest.raises(PluralFormsError, match=f"nested more than {MAX_DEPTH} deep"):
        parse_plural_forms(f"nplurals=2; plural={deep};")
    with pytest.raises(PluralFormsError):
        parse_plural_forms("nplurals=2; plural=" + "!" * 5000 + "n;")
    with pytest.raises(PluralFormsError, match="longer than"):
        parse_plural_forms("nplurals=2; plural=" + "(" * 5000 + "n" + ")" * 5000 + ";")


# ---------------------------------------------------------------- meaning

numbers = st.integers(min_value=0, max_value=20).map(str)
leaves = st.one_of(st.just("n"), numbers)


def _combine(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # Not '||' and '&&': Python's c2py returns an operand where C gives 0 or 1.
    operators = st.sampled_from(["==", "!=", "<", ">", "<=", ">=", "+", "*", "%"])
    binary = st.tuples(inner, operators, inner).map(
        lambda t: f"({t[0]} % ({t[2]} + 1))" if t[1] == "%" else f"({t[0]} {t[1]} {t[2]})"
    )
    ternary = st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})")
    negation = inner.map(lambda e: f"(!{e})")  # c2py gives "!" Python's "not" precedence
    return st.one_of(binary, ternary, negation)


expressions = st.recursive(leaves, _combine, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(expression=expressions)
def test_evaluation_agrees_with_python_gettext(expression: str) -> None:
    # No '-' (gettext wraps unsigned, Python does not), no '/' by a value that may be 0.
    ours = parse_expression(expression)
    theirs = gettext.c2py(expression)
    for n in range(0, 60):
        assert evaluate(ours, n) == int(theirs(n)), (expression, n)


def test_c_semantics_of_logic_and_unsigned_arithmetic() -> None:
    assert [evaluate(parse_expression("n || n"), n) for n in (0, 2)] == [0, 1]
    assert [evaluate(parse_expression("n && 5"), n) for n in (0, 2)] == [0, 1]
    assert evaluate(parse_expression("n - 1 > 5"), 0) == 1  # unsigned long wraps
    assert evaluate(parse_expression("7 / 2"), 0) == 3
    assert evaluate(parse_expression("1 ? 2 : 3 ? 4 : 5"), 0) == 2


# ---------------------------------------------------------------- everywhere

INJECTED = "nplurals=2; plural=__import__('os').system('touch pwned');"


def injected_project(bundled_project: Path) -> Path:
    po = bundled_project / "locales" / "ko" / "LC_MESSAGES" / "site.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms: ')
    end = text.index("\\n", start)
    po.write_text(text[:start] + f'"Plural-Forms: {INJECTED}' + text[end:], encoding="utf-8")
    return po


@pytest.mark.parametrize(
    "command", [["compile"], ["update"], ["build", "--mo", "--json", "--allow-incomplete"]]
)
def test_injected_plural_forms_is_refused_by_every_command(
    bundled_project: Path, command: list[str]
) -> None:
    po = injected_project(bundled_project)
    for old in bundled_project.rglob("*.mo"):
        old.unlink()
    result = CliRunner().invoke(cli, ["--project", str(bundled_project), "-q", *command])
    assert result.exit_code == 1, result.output
    assert "locales/ko/LC_MESSAGES/site.po:" in result.output
    assert "invalid header" in result.output
    assert "internal error" not in result.output
    assert "__import__" in po.read_text(encoding="utf-8")  # the file is left for a human
    for output in [*bundled_project.rglob("*.mo"), *bundled_project.rglob("*.json")]:
        assert b"__import__" not in output.read_bytes()


def test_translations_refuses_an_injected_plural_forms(bundled_project: Path) -> None:
    import seoultrain_i18n

    injected_project(bundled_project)
    with pytest.raises(I18nError, match=r"site\.po:\d+: invalid header"):
        seoultrain_i18n.translations("ko", project=bundled_project)


# ---------------------------------------------------------------- JSON for <script>


def test_bundles_are_safe_to_inline_in_a_script_element() -> None:
    hostile = "</script><script>alert(1)</script><!-- & \u2028 \u2029 ]]>"
    data = {"messages": {hostile: hostile}, "plural_forms": "nplurals=1; plural=0;"}
    encoded = encode_bundle(data)
    for forbidden in (b"<", b">", b"&", "\u2028".encode(), "\u2029".encode()):
        assert forbidden not in encoded
    assert json.loads(encoded) == data
    assert json.loads(script_safe_json(data)) == data


def test_bundle_plural_forms_is_the_parsed_expression() -> None:
    from seoultrain_i18n.catalogs.bundles import safe_plural_forms

    assert safe_plural_forms("nplurals=2; plural=n != 1; alert(1)", "en") == (
        "nplurals=2; plural=n != 1;"
    )
    assert safe_plural_forms(INJECTED, "ko") == "nplurals=1; plural=0;"
