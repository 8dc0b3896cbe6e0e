"""The one-pass PO reader (formats/po/fast.py) gives exactly the strict reader's
catalog, or nothing (then the strict reader reads the file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.po import fast, generate_po, parse_po, reader
from seoultrain_i18n.model import Catalog, Message
from tests.conftest import REPO
from tests.formats.test_po import PO_LINES
from tests.fuzz import strategies as s


def strict(data: bytes) -> Catalog | str:
    """The strict reader's catalog, or its error (the fast path switched off)."""
    read_simple = reader.read_simple
    reader.read_simple = lambda text, path: None
    try:
        return parse_po(data, "x.po")
    except ParseError as error:
        return str(error)
    finally:
        reader.read_simple = read_simple


def quick(data: bytes) -> Catalog | str:
    try:
        return parse_po(data, "x.po")
    except ParseError as error:
        return str(error)


def takes_fast_path(data: bytes) -> bool:
    text, _ = reader.decode(data, Path("x.po"))
    return fast.read_simple(text, Path("x.po")) is not None


def po_files(root: Path) -> list[Path]:
    skip = {".venv", ".bench", ".git"}
    return sorted(
        path
        for path in root.rglob("*")
        if path.suffix in {".po", ".pot"} and not skip & set(path.parts) and path.is_file()
    )


REPO_FILES = po_files(REPO)


@pytest.mark.parametrize(
    "path", REPO_FILES, ids=[p.relative_to(REPO).as_posix() for p in REPO_FILES]
)
def test_every_po_file_of_the_repository_reads_as_strictly(path: Path) -> None:
    data = path.read_bytes()
    assert quick(data) == strict(data)


def test_our_catalogs_take_the_fast_path() -> None:
    ours = [path for path in REPO_FILES if path.parts[len(REPO.parts)] == "locales"]
    assert len(ours) >= 8
    assert all(takes_fast_path(path.read_bytes()) for path in ours)


def test_every_po_file_of_the_corpus_reads_as_strictly(corpus: Path) -> None:
    files = po_files(corpus / "po")
    assert len(files) > 40
    fast_ones = 0
    for path in files:
        data = path.read_bytes()
        assert quick(data) == strict(data), path
        fast_ones += not isinstance(quick(data), str) and takes_fast_path(data)
    assert fast_ones > 30  # most real files are in the usual shape


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


@pytest.mark.parametrize(
    "body",
    [
        # An octal escape cut by a line break is two escapes, not one.
        'msgid "a\\1"\n"23"\nmsgstr "x\\x6"\n"1"\n',
        # An escaped backslash before 4 or 0: no control character.
        'msgid "shadow (\\\\4c)"\nmsgstr "(\\\\0)"\n',
        'msgctxt "c"\nmsgid "p"\nmsgid_plural "ps"\nmsgstr[0] "a"\n"b"\nmsgstr[1] ""\n',
        '# c\n#. n\n#: r.html:1 r.html:2\n#, fuzzy, c-format\n#| msgctxt "oc"\n#| msgid "o"\n'
        '#|   "ld"\n#| msgid_plural "os"\nmsgid "new"\nmsgstr "x"\n',
        '#, fuzzy\n#~| msgid "old"\n#~ msgctxt "c"\n#~ msgid "gone"\n#~ "!"\n#~ msgstr "x"\n',
        '#~ msgid "p"\n#~ msgid_plural "ps"\n#~ msgstr[0] "a"\n#~ msgstr[1] "b"\n',
        'msgid "no final newline"\nmsgstr "x"',
        '\n\n\nmsgid "blank lines around"\nmsgstr "x"\n\n\n',
        '#\n#:\n#,\n#|\n# \\ \nmsgid "empty comments"\nmsgstr "x"\n',
    ],
)
def test_usual_shapes_are_read_fast_and_as_strictly(body: str) -> None:
    data = (HEADER + "\n" + body).encode("utf-8")
    assert takes_fast_path(data)
    assert quick(data) == strict(data)


@pytest.mark.parametrize(
    "body",
    [
        'msgid "a"\nmsgstr "\\0"\n',  # escaped NUL: the strict reader names the entry
        'msgid "a"\nmsgstr "\\x04"\n',
        'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',  # duplicate
        'msgid "a"\r\nmsgstr "b"\r\n',
        '  msgid "a"\nmsgstr "b"\n',
        'msgid "a"\n\nmsgstr "b"\n',
        'msgid "a" \nmsgstr "b"\n',
        'msgid\t"a"\nmsgstr "b"\n',
        'msgid "a"\nmsgstr "\\q"\n',
        'msgid "p"\nmsgid_plural "ps"\nmsgstr[1] "a"\nmsgstr[0] "b"\n',
        '#~| msgid "x"\nmsgid "live"\nmsgstr "b"\n',
        '#| "stray"\nmsgid "a"\nmsgstr "b"\n',
        'msgid "a"\nmsgstr "b"\n# trailing comment\n',
        '#~msgid "a"\n#~msgstr "b"\n',
        'msgid ""\nmsgstr "second header"\n',
    ],
)
def test_anything_else_goes_to_the_strict_reader(body: str) -> None:
    data = (HEADER + "\n" + body).encode("utf-8")
    assert not takes_fast_path(data)
    assert quick(data) == strict(data)


ESCAPES = st.sampled_from(["\\", '"', "\t", "\n", "\a", "\x01", "\x7f", "\\4c", "\\0", "\\x"])
VALUE = st.lists(s.pieces() | ESCAPES, max_size=5).map("".join)
ONE_LINE = st.lists(s.pieces() | st.sampled_from(["\\", '"', "\t", "\\4c"]), max_size=4).map(
    lambda pieces: "".join(pieces).replace("\n", " ").replace("\r", " ")
)


@st.composite
def messages(draw: st.DrawFn) -> Message:
    plural = draw(st.booleans())
    obsolete = draw(st.booleans())
    fuzzy = draw(st.booleans())
    message = Message(
        source=draw(VALUE.filter(bool)),
        context=draw(st.none() | VALUE),
        source_plural=draw(VALUE) if plural else None,
        comments=draw(st.lists(ONE_LINE, max_size=2)),
        notes=draw(st.lists(ONE_LINE, max_size=2)),
        references=draw(st.lists(st.sampled_from(["a.html:1", "b/c.srt:12", "d.js"]), max_size=3)),
        flags=(["fuzzy"] if fuzzy else [])
        + draw(st.lists(st.sampled_from(["c-format"]), max_size=1)),
        obsolete=obsolete,
    )
    if plural:
        message.plural_translations = draw(st.lists(VALUE, min_size=2, max_size=2))
        message.translation = message.plural_translations[0]
    else:
        message.translation = draw(VALUE)
    if fuzzy:
        message.previous_source = draw(st.none() | VALUE.filter(bool))
        message.previous_context = draw(st.none() | VALUE)
    return message


@settings(max_examples=150, deadline=None)
@given(st.lists(messages(), max_size=8, unique_by=lambda m: (m.obsolete, m.context, m.source)))
def test_generated_catalogs_read_fast_as_strictly(items: list[Message]) -> None:
    catalog = Catalog(
        domain="site",
        header=[
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
        ],
        header_comments=["Translations of the site."],
        messages=items,
    )
    data = generate_po(catalog).encode("utf-8")
    expected = strict(data)
    assert quick(data) == expected
    if not isinstance(expected, str) and not any(char in data for char in (b"\r", b"\0", b"\x04")):
        assert takes_fast_path(data)


ODD_LINE = st.sampled_from(
    [
        *PO_LINES,
        '"\\1"',
        '"23"',
        '#| "er"',
        '#~| msgid "old"',
        '#~ "more"',
        "#~",
        " ",
        "\t",
        "\x0b",
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(ODD_LINE, st.sampled_from(["", " ", "\t", "\r"])), max_size=14),
    st.sampled_from(["", " ", "\t"]),
)
def test_any_line_soup_reads_as_strictly(lines: list[tuple[str, str]], indent: str) -> None:
    # Odd whitespace before or after some lines: the fast path gives up, the
    # strict reader decides; whatever the fast path reads is the strict catalog.
    text = "\n".join(
        (indent + line if number % 3 == 0 else line) + tail
        for number, (line, tail) in enumerate(lines)
    )
    data = text.encode("utf-8")
    assert quick(data) == strict(data)


STRING_LINE = st.sampled_from(
    ['"a"', '"b\\n"', '"\\\\4c"', '"\\1"', '"23"', '""', '"日本"', '"\\t\\""']
)
COMMENT_LINE = st.sampled_from(
    ["# c", "#", "#. n", "#: a.html:1", "#, fuzzy", '#| msgid "o"', '#| "ld"', '#~| msgid "o"']
)


@st.composite
def entry_lines(draw: st.DrawFn) -> list[str]:
    prefix = draw(st.sampled_from(["", "", "#~ "]))
    lines = draw(st.lists(COMMENT_LINE, max_size=3))

    def keyword(name: str) -> None:
        first, *rest = draw(st.lists(STRING_LINE, min_size=1, max_size=2))
        lines.append(f"{prefix}{name} {first}")
        lines.extend(prefix + more for more in rest)

    if draw(st.booleans()):
        keyword("msgctxt")
    keyword("msgid")
    if draw(st.booleans()):
        keyword("msgid_plural")
        for index in draw(st.sampled_from([[0, 1], [0], [1, 0], [0, 1, 2]])):
            keyword(f"msgstr[{index}]")
    else:
        keyword("msgstr")
    return lines


ODD = st.sampled_from([" ", "\t", "\r", "\x0b", "\n", "#~ "])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(entry_lines(), max_size=6),
    st.lists(st.tuples(st.integers(0, 40), st.booleans(), ODD), max_size=2),
    st.booleans(),
)
def test_entries_with_odd_changes_read_as_strictly(
    entries: list[list[str]], changes: list[tuple[int, bool, str]], blank_lines: bool
) -> None:
    # Whole entries (most of them read fast), now and then one line changed:
    # whitespace before or after it, a CR, a blank line, an obsolete marker.
    lines = [line for entry in entries for line in ([*entry, ""] if blank_lines else entry)]
    for position, before, odd in changes:
        if lines:
            at = position % len(lines)
            lines[at] = odd + lines[at] if before else lines[at] + odd
    data = (HEADER + "\n" + "\n".join(lines)).encode("utf-8")
    assert quick(data) == strict(data)
