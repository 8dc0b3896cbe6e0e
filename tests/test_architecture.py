"""The package's shape: no import cycles, and each shared fact defined in one module.

Read from the source with ``ast`` (nothing is imported), so the tests see
function-level imports and ``importlib.import_module("...")`` string imports
as well as module-level ones. Imports under ``if TYPE_CHECKING:`` never run
and are left out.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = "seoultrain_i18n"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}
TREES: dict[str, ast.Module] = {
    name: ast.parse(path.read_text(encoding="utf-8"), str(path)) for name, path in MODULES.items()
}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk_runtime(node: ast.AST) -> Iterator[ast.AST]:
    """Every node below ``node`` except the bodies of ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for other in child.orelse:
                yield other
                yield from _walk_runtime(other)
            continue
        yield child
        yield from _walk_runtime(child)


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` names (relative imports included)."""
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if MODULES[importer].name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(name: str) -> set[str]:
    """The package modules ``name`` imports, at module level or inside functions."""
    found: set[str] = set()

    def add(target: str) -> None:
        # The module itself if it is one of ours, else the package that holds the name.
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)

    for node in _walk_runtime(TREES[name]):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = _resolve(name, node)
            for alias in node.names:
                full = f"{module}.{alias.name}"
                add(full if full in MODULES else module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            add(node.args[0].value)
    return {target for target in found if target.startswith(PACKAGE)}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path ``a -> b -> ... -> a``, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_package_has_no_import_cycle() -> None:
    graph = {name: imports_of(name) for name in MODULES}
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_cycles() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_import_walk_sees_function_level_and_string_imports() -> None:
    seen = {target for name in MODULES for target in imports_of(name)}
    # cli/ imports every stage inside its commands only; they must still be seen.
    assert "seoultrain_i18n.pipeline" in seen
    assert imports_of("seoultrain_i18n.cli.catalogs") >= {"seoultrain_i18n.catalogs.layout"}


def test_no_module_is_much_longer_than_600_lines() -> None:
    long = {
        name: count
        for name, path in MODULES.items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 650
    }
    assert not long, f"modules over ~600 lines: {long}"


# ---------------------------------------------------------------- one home per fact


RE_FUNCTIONS = {
    "compile",
    "sub",
    "subn",
    "search",
    "match",
    "fullmatch",
    "findall",
    "finditer",
    "split",
}


def _regex_literals(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Regular expressions written as literals: the first argument of ``re.compile`` & co."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in RE_FUNCTIONS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def _compiles(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _reads_from_start(pattern: re.Pattern[str], sample: str) -> bool:
    """The pattern recognises the sample's markup from its first character
    (a digit or escape pattern may match inside ``{\\an8}``, never at its ``{``)."""
    match = pattern.match(sample)
    return match is not None and match.end() > 0


# Texts that only an inline-markup pattern finds.
MARKUP_SAMPLES = ("<em>", "</em>", "<br/>", "<a1>", '<font color="red">', "{\\an8}", "{\\i1}")
# Modules that read a *file format's* own markup rather than a message's
# inline tags (the HTML tokenizer's raw-text end tags are built at run time
# and are not literals), and the test double of a translation server.
MARKUP_EXEMPT = ("seoultrain_i18n.testing.",)


def markup_definitions() -> dict[str, list[int]]:
    """Modules whose string literals are regular expressions that find inline markup."""
    found: dict[str, list[int]] = {}
    for name, tree in TREES.items():
        if name.startswith(MARKUP_EXEMPT):
            continue
        for line, text in _regex_literals(tree):
            if "<" not in text and "{" not in text:
                continue
            pattern = _compiles(text)
            if pattern is not None and any(_reads_from_start(pattern, s) for s in MARKUP_SAMPLES):
                found.setdefault(name, []).append(line)
    return found


def _is_divmod_by(node: ast.AST, values: set[int]) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "divmod"
        and len(node.args) == 2
        and isinstance(node.args[1], ast.Constant)
        and node.args[1].value in values
    )


TIME_SAMPLES = ("00:00:01,000", "00:00:01.000", "1:02:03,5", "01:02.500")


def timestamp_definitions() -> dict[str, list[int]]:
    """Modules that turn milliseconds into hours/minutes/seconds, or that hold
    a regular expression reading a timestamp."""
    found: dict[str, list[int]] = {}
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if _is_divmod_by(node, {3_600_000, 60_000}):
                found.setdefault(name, []).append(getattr(node, "lineno", 0))
        for line, text in _regex_literals(tree):
            if ":" not in text or "\\d" not in text:
                continue
            pattern = _compiles(text)
            if pattern is not None and any(pattern.fullmatch(s) for s in TIME_SAMPLES):
                found.setdefault(name, []).append(line)
    return found


def _cuts_a_file_name(node: ast.AST) -> bool:
    """``path.name.split(".")``, ``name[:-4].split(".")`` and the like: a file
    name cut at its dots."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("split", "rsplit", "partition", "rpartition")
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value == "."
        and any(word in ast.unparse(node.func.value) for word in ("name", "stem"))
    )


def _globs_tracks(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("glob", "rglob")
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and ".srt" in str(node.args[0].value)
    )


def naming_rule_definitions() -> dict[str, list[int]]:
    """Modules that read ``NAME.LANG.srt``: cut a file name at its dots or list ``*.srt``."""
    found: dict[str, list[int]] = {}
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if _cuts_a_file_name(node) or _globs_tracks(node):
                found.setdefault(name, []).append(getattr(node, "lineno", 0))
    return found


def test_the_detectors_find_what_they_look_for() -> None:
    # Each detector, run on a snippet that defines its fact, finds it.
    snippet = ast.parse(
        "import re\n"
        "TAG = re.compile(r'</?[a-z]+>')\n"
        "TIME = re.compile(r'(\\d+):(\\d{2}):(\\d{2}),(\\d{3})')\n"
        "def fmt(ms):\n    return divmod(ms, 3_600_000)\n"
        "def lang(path):\n    return path.name.split('.')[-2]\n"
        "def keys(dotted):\n    return dotted.split('.')\n"
    )
    saved = dict(TREES)
    try:
        TREES.clear()
        TREES["snippet"] = snippet
        assert markup_definitions() == {"snippet": [2]}
        assert timestamp_definitions() == {"snippet": [5, 3]}
        assert naming_rule_definitions() == {"snippet": [7]}
    finally:
        TREES.clear()
        TREES.update(saved)


def test_timestamps_are_written_and_read_in_timecode_only() -> None:
    assert set(timestamp_definitions()) == {"seoultrain_i18n.timecode"}


def test_inline_markup_patterns_are_defined_in_markup_only() -> None:
    assert set(markup_definitions()) == {"seoultrain_i18n.markup"}


def test_the_track_naming_rule_is_defined_in_one_subtitles_module() -> None:
    found = naming_rule_definitions()
    assert len(found) == 1, f"NAME.LANG.srt is read in several modules: {found}"
    assert next(iter(found)).startswith("seoultrain_i18n.subtitles.")


def test_string_imports_are_gone() -> None:
    """No "this stage may be absent" imports by name: every stage exists."""
    found = [
        name
        for name, tree in TREES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]
    assert not found, f"importlib.import_module with a literal name in {found}"


def test_every_module_says_what_it_is_for() -> None:
    missing = [name for name, tree in TREES.items() if not ast.get_docstring(tree)]
    assert not missing, f"modules without a docstring: {missing}"


# ---------------------------------------------------------------- self-contained docs

REPO = ROOT.parent
# The shared folder's documents (the optional test corpus may be named: tests read it).
OUTSIDE = re.compile(
    r"NORMS\.md|DESIGN\.md|research/[\w-]+\.md|perf-anchors|\.\./shared/(?!corpus)"
)


def test_docs_cite_only_files_inside_the_repository() -> None:
    """Docs, the package (its report page included) and scripts cite files of
    this repository only (docs/norms.md holds the subtitle norms and their sources)."""
    texts = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    texts += sorted(ROOT.rglob("*.py")) + sorted((REPO / "scripts").glob("*"))
    outside = [
        f"{path.relative_to(REPO)}:{number}"
        for path in texts
        if path.is_file()
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1
        )
        if OUTSIDE.search(line)
    ]
    assert not outside, f"citations of files outside the repository: {outside}"
