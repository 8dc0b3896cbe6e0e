"""PO reader and writer: strictness, nothing lost, and byte-identity with GNU msgcat."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import seoultrain_i18n.formats.po_wrap as po_wrap
from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.po import canonical_flags, generate_po, parse_po, read_po, write_po
from seoultrain_i18n.model import Catalog, Message
from tests.conftest import needs_gettext

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "po"

# Corpus files we refuse, with the exact error (decided per file; gettext refuses them too,
# except test_noencoding.po, which we read as UTF-8 because that decodes it losslessly).
REJECTED = {
    "blender-acon3d/ko.po": "2110: duplicate message definition (first at line 950)",
    "blender-acon3d/zh_CN.po": "12: invalid header: line '<<<<<< .minX-Generator: Poedit 1.6.9'"
    " is not 'Name: value'",
    "polib-fixtures/test_syntax_error1.po": "5: syntax error: msgstr without msgid",
    "polib-fixtures/test_ufeff.po": "1: starts with a UTF-8 byte order mark, which gettext rejects",
    "translate-toolkit/f43.tgif.fr.po": "9: invalid header: Content-Type has an empty charset",
}
# Files msgcat cannot reproduce for a reason that is not ours: it prints nothing for a
# catalog without messages, and refuses non-ASCII text without a declared charset.
MSGCAT_SILENT = {"polib-fixtures/test_fuzzy_header.po", "polib-fixtures/test_noencoding.po"}
# We always write the header first; msgcat keeps it where the file had it.
HEADER_MOVED = {"polib-fixtures/test_unusual_metadata_location.po"}


def corpus_files() -> list[str]:
    root = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "po"
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.suffix in {".po", ".pot"}
    )


def msgcat(path: Path, tmp_path: Path) -> bytes | None:
    out = tmp_path / "msgcat.out.po"
    result = subprocess.run(["msgcat", str(path), "-o", str(out)], capture_output=True)
    if result.returncode != 0:
        return None
    return out.read_bytes() if out.exists() else b""


def entry_census(catalog: Catalog) -> list[tuple[object, ...]]:
    """Everything a message carries (references normalized as msgcat writes them)."""
    census = []
    for m in catalog.messages:
        references = tuple(dict.fromkeys(r.removeprefix("./") for r in m.references))
        census.append(
            (
                m.context,
                m.source,
                m.source_plural,
                m.translation,
                tuple(m.plural_translations),
                references,
                tuple(m.notes),
                tuple(m.comments),
                tuple(canonical_flags(m.flags)),
                m.previous_context,
                m.previous_source,
                m.previous_source_plural,
                m.obsolete,
            )
        )
    return sorted(census, key=repr)


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_file_round_trips_without_loss_or_fails_cleanly(
    name: str, corpus: Path, tmp_path: Path
) -> None:
    path = corpus / "po" / name
    if name in REJECTED:
        with pytest.raises(ParseError) as caught:
            read_po(path)
        assert str(caught.value) == f"{path}:{REJECTED[name]}"
        return
    first = read_po(path)
    written = tmp_path / "out.po"
    write_po(written, first)
    second = read_po(written)
    assert entry_census(second) == entry_census(first)
    assert second.header == first.header
    assert second.header_comments == first.header_comments
    assert second.header_references == first.header_references
    # Nothing the file holds is missing from the model: count entries in the raw text.
    text = path.read_bytes().decode("latin-1")
    live_entries = len(re.findall(r"^[ \t]*msgid[ \t]", text, re.MULTILINE))
    obsolete_entries = len(re.findall(r"^#~[ \t]*msgid[ \t]", text, re.MULTILINE))
    header = 1 if first.header or first.header_comments else 0
    assert len(first.live()) + header == live_entries
    assert len(first.obsolete()) == obsolete_entries


@needs_gettext
@pytest.mark.parametrize("name", [name for name in corpus_files() if name not in REJECTED])
def test_writer_output_is_what_msgcat_prints(name: str, corpus: Path, tmp_path: Path) -> None:
    path = corpus / "po" / name
    ours = generate_po(read_po(path)).encode("utf-8")
    written = tmp_path / f"ours{path.suffix}"  # msgcat allows charset=CHARSET only in a .pot
    written.write_bytes(ours)
    if name in MSGCAT_SILENT:
        assert msgcat(written, tmp_path) in (None, b"")
        return
    assert msgcat(written, tmp_path) == ours
    original = msgcat(path, tmp_path)
    assert original is not None
    if name not in HEADER_MOVED and b"charset=UTF-8" in path.read_bytes():
        assert original == ours  # we read the original exactly as gettext does


def test_golden_cjk_file_is_wrapped_like_msgcat() -> None:
    catalog = read_po(GOLDEN / "cjk.input.po")
    assert generate_po(catalog) == (GOLDEN / "cjk.expected.po").read_text(encoding="utf-8")


def test_fallback_line_breaker_matches_the_golden_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(po_wrap, "_library", lambda: None)
    catalog = read_po(GOLDEN / "cjk.input.po")
    assert generate_po(catalog) == (GOLDEN / "cjk.expected.po").read_text(encoding="utf-8")


KO_WORDS = [
    "서울",
    "기차",
    "난민",
    "두만강",
    "안전",
    "가옥",
    "중국",
    "공안",
    "선교사",
    "다큐멘터리",
    "국경",
    "자유",
    "희망",
    "탈출",
]
ZH_CHUNKS = [
    "首尔列车",
    "难民",
    "越过图们江",
    "安全屋",
    "中国公安",
    "“地下铁路”",
    "，",
    "。",
    "（纪录片）",
    "2002年",
    "《首尔列车》",
    "联合国难民署",
    "、",
    "！",
    "？",
]


def generated_catalog(locale: str, seed: int, count: int = 300) -> Catalog:
    rng = random.Random(seed)
    catalog = Catalog(
        domain="site",
        locale=locale,
        header=[
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Plural-Forms", "nplurals=1; plural=0;"),
        ],
    )
    for index in range(count):
        if locale == "ko":
            text = " ".join(rng.choice(KO_WORDS) for _ in range(rng.randrange(1, 40)))
        else:
            text = "".join(rng.choice(ZH_CHUNKS) for _ in range(rng.randrange(1, 40)))
        if rng.random() < 0.1:
            text += "\n" + text[: rng.randrange(len(text) + 1)] + "끝"
        if rng.random() < 0.1:
            text = text.replace(" ", "\t", 1) + ' "quoted" \\ end'
        catalog.messages.append(
            Message(
                source=f"Sentence {index} " + "word " * rng.randrange(30),
                translation=text,
                context=f"cue {index}" if rng.random() < 0.2 else None,
                references=[
                    f"content/page{j}.html:{rng.randrange(999)}" for j in range(rng.randrange(8))
                ],
                obsolete=rng.random() < 0.05,
            )
        )
    return catalog


@needs_gettext
@pytest.mark.parametrize(("locale", "seed"), [("ko", 1), ("zh_Hans", 2), ("zh_Hant", 3)])
def test_generated_cjk_catalogs_are_what_msgcat_prints(
    locale: str, seed: int, tmp_path: Path
) -> None:
    ours = generate_po(generated_catalog(locale, seed)).encode("utf-8")
    path = tmp_path / "generated.po"
    path.write_bytes(ours)
    assert msgcat(path, tmp_path) == ours
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr


text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
    | st.sampled_from(list('\n\t"\\ ，。서울首尔')),
    max_size=200,
)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            text_strategy.filter(bool),
            text_strategy,
            st.none() | text_strategy,
            st.booleans(),
            st.lists(text_strategy.map(lambda t: t.replace("\n", " ")), max_size=2),
        ),
        max_size=8,
        unique_by=lambda item: (item[2], item[0], item[3]),
    )
)
def test_write_then_read_gives_the_same_catalog(items: list[tuple]) -> None:  # type: ignore[type-arg]
    catalog = Catalog(domain="site", header=[("Content-Type", "text/plain; charset=UTF-8")])
    for source, translation, context, obsolete, comments in items:
        catalog.messages.append(
            Message(
                source=source,
                translation=translation,
                context=context,
                obsolete=obsolete,
                comments=comments,
                flags=["fuzzy"] if obsolete else [],
            )
        )
    again = parse_po(generate_po(catalog).encode("utf-8"), "x.po")
    assert entry_census(again) == entry_census(catalog)


def parse_error(text: str) -> str:
    with pytest.raises(ParseError) as caught:
        parse_po(text.encode("utf-8"), "broken.po")
    return str(caught.value)


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
KO_HEADER = HEADER + '"Plural-Forms: nplurals=1; plural=0;\\n"\n'


def test_strict_reader_errors_name_file_line_and_problem() -> None:
    assert parse_error(HEADER + '\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n') == (
        "broken.po:8: duplicate message definition (first at line 5)"
    )
    assert parse_error(HEADER + '\nmsgid "a"\nmsgstr "b\n') == (
        "broken.po:6: syntax error: expected a string in double quotes"
    )
    assert parse_error(HEADER + '\nmsgid "a"\n\nmsgid "b"\nmsgstr ""\n') == (
        "broken.po:7: syntax error: second msgid without msgstr"
    )
    assert parse_error(HEADER + '\nmsgid "a"\nmsgstr "x\\q"\n') == (
        "broken.po:6: invalid escape sequence \\q"
    )
    assert parse_error(HEADER + '\nmsgid "a"\nmsgstr "x" "y"\n') == (
        'broken.po:6: syntax error: unescaped " inside a string'
    )
    assert parse_error(HEADER + '\nmsgud "a"\nmsgstr ""\n') == (
        "broken.po:5: syntax error: 'msgud' is not a PO keyword"
    )
    assert (
        parse_error(HEADER + '\nmsgid "a"\n') == "broken.po:5: syntax error: msgid without msgstr"
    )


def test_wrong_plural_count_and_invalid_headers_are_errors() -> None:
    plural = '\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "하나"\nmsgstr[1] "여럿"\n'
    assert parse_error(KO_HEADER + plural) == (
        "broken.po:6: plural message has 2 translations but Plural-Forms says nplurals=1"
    )
    assert parse_error('msgid ""\nmsgstr "Content-Type text/plain\\n"\n') == (
        "broken.po:2: invalid header: line 'Content-Type text/plain' is not 'Name: value'"
    )
    assert parse_error(HEADER + '"Plural-Forms: nplurals=two; plural=0;\\n"\n') == (
        "broken.po:4: invalid header: Plural-Forms 'nplurals=two; plural=0;' is not "
        "'nplurals=N; plural=EXPRESSION;'"
    )
    assert parse_error('msgid ""\nmsgstr "Content-Type: text/plain; charset=NOPE\\n"\n') == (
        "broken.po:2: invalid header: unknown charset 'NOPE'"
    )
    assert parse_error("\ufeff" + HEADER) == (
        "broken.po:1: starts with a UTF-8 byte order mark, which gettext rejects"
    )


def test_reader_keeps_every_kind_of_comment_and_obsolete_previous() -> None:
    text = KO_HEADER + (
        "\n# translator\n#. note\n#: a.html:1 b.html:2\n#, fuzzy, python-format\n"
        '#| msgctxt "old ctx"\n#| msgid "old"\nmsgctxt "ctx"\nmsgid "new"\nmsgstr "새"\n'
        '\n# gone\n#~| msgid "older"\n#~ msgid "old one"\n#~ msgstr "옛"\n'
    )
    catalog = parse_po(text.encode("utf-8"), "ok.po", locale="ko")
    live, dead = catalog.messages
    assert (live.comments, live.notes, live.references) == (
        ["translator"],
        ["note"],
        ["a.html:1", "b.html:2"],
    )
    assert live.flags == ["fuzzy", "python-format"]
    assert (live.previous_context, live.previous_source, live.context) == ("old ctx", "old", "ctx")
    assert dead.obsolete
    assert dead.comments == ["gone"]
    assert dead.previous_source == "older"
    assert generate_po(catalog) == text


def test_headerless_catalog_reads_and_writes_without_a_header() -> None:
    catalog = parse_po(b'msgid "a"\nmsgstr "b"\n', "plain.po")
    assert catalog.header == []
    assert catalog.header_flags == []
    assert generate_po(catalog) == 'msgid "a"\nmsgstr "b"\n'


def test_other_charsets_become_utf8(corpus: Path) -> None:
    catalog = read_po(corpus / "po" / "polib-fixtures" / "test_iso-8859-15.po")
    assert "charset=UTF-8" in (catalog.get_header("Content-Type") or "")
    assert any(not message.translation.isascii() for message in catalog.messages)


def test_flags_are_printed_in_gettext_order() -> None:
    assert canonical_flags(["no-wrap", "python-format", "c-format", "fuzzy", "wrap"]) == [
        "fuzzy",
        "c-format",
        "python-format",
    ]
    assert canonical_flags(["c-format", "no-c-format", "range: 0..9", "my-flag"]) == [
        "no-c-format",
        "range: 0..9",
        "my-flag",
    ]


@needs_gettext
def test_msgfmt_check_accepts_written_catalogs(tmp_path: Path) -> None:
    path = tmp_path / "ko.po"
    write_po(path, generated_catalog("ko", 9, count=50))
    assert shutil.which("msgfmt")
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr


# Lines a PO file is made of, odd ones included (the fast reader's tests add more).
PO_LINES = [
    'msgid "a"',
    'msgstr "b"',
    'msgctxt "c"',
    'msgid_plural "p"',
    'msgstr[0] "x"',
    'msgstr[1] "y"',
    '"more"',
    "# comment",
    "#. note",
    "#: ref.html:1",
    "#, fuzzy",
    '#| msgid "old"',
    '#~ msgid "gone"',
    '#~ msgstr "x"',
    "",
    'msgid ""',
    'msgstr ""',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Plural-Forms: nplurals=1; plural=0;\\n"',
    'msgstr "unterminated',
    "garbage",
    '"\\q"',
    "\ufeff",
    "\\",
]

po_line = st.sampled_from(PO_LINES)


@settings(max_examples=200, deadline=None)
@given(st.lists(po_line, max_size=14))
def test_any_input_reads_or_fails_with_a_parse_error(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8")
    try:
        catalog = parse_po(data, "fuzz.po")
    except ParseError as error:
        problem = str(error)
        catalog = None
    if catalog is None:
        assert problem.startswith("fuzz.po")
        return
    again = parse_po(generate_po(catalog).encode("utf-8"), "again.po")
    assert entry_census(again) == entry_census(catalog)


HEADER_ENTRY = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: ui\\n"\n'
    '"Content-Type: text/plain; charset=ISO-8859-1\\n"\n"X-Source-Language: ko\\n"\n'
)


@pytest.mark.parametrize(
    "shape",
    ["short", "long comments", "header across the peek", "header not first", "no header"],
)
def test_read_po_header_gives_what_the_strict_reader_gives(shape: str, tmp_path: Path) -> None:
    from seoultrain_i18n.formats.po.reader import HEADER_PEEK, read_po_header

    body = "".join(f'\nmsgid "caf\xe9 {i}"\nmsgstr ""\n' for i in range(2000))
    if shape == "short":
        text = HEADER_ENTRY + body
    elif shape == "long comments":
        comments = "".join(f"# line {i} of a long licence text {'x' * 60}\n" for i in range(400))
        text = comments + HEADER_ENTRY + body
    elif shape == "header across the peek":
        # The header's strings end beyond the first HEADER_PEEK bytes.
        first_line_end = HEADER_ENTRY.index('"Content-Type')
        pad = HEADER_PEEK - first_line_end - 20
        text = "#" + "y" * (pad - 2) + "\n" + HEADER_ENTRY + body
    elif shape == "header not first":
        text = 'msgid "first"\nmsgstr ""\n\n' + HEADER_ENTRY + body
    else:
        text = body.lstrip("\n")
    path = tmp_path / "ui.pot"
    path.write_bytes(text.encode("utf-8" if shape == "no header" else "latin-1"))
    assert path.stat().st_size > HEADER_PEEK or shape == "short"
    assert read_po_header(path) == read_po(path).header
    if shape != "no header":
        assert dict(read_po_header(path))["X-Source-Language"] == "ko"
