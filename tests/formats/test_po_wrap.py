"""Same PO bytes with or without libunistring: both line breakers against ``msgcat``.

Every catalog of the project (``locales/``) and of the shared corpus is
written twice, once breaking lines through libunistring (ctypes) and once with
the pure-Python port (``formats.unilbrk``), and both must be what GNU
``msgcat`` prints for it. Then our CLI runs as a subprocess in which
libunistring cannot be loaded at all (a ``sitecustomize`` makes
``ctypes.CDLL`` refuse it, as on a pip-only machine), and ``update --check``
must find the bundled project's catalogs up to date.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from seoultrain_i18n.formats import po_wrap
from seoultrain_i18n.formats.po import generate_po, read_po
from tests.conftest import CORPUS, REPO, needs_gettext, run_cli_process
from tests.formats.test_po import MSGCAT_SILENT, REJECTED
from tests.formats.test_unilbrk import LIBRARY

# Corpus catalogs msgcat refuses, beside test_po's: one without a charset, with non-ASCII text.
NO_CHARSET = {"html/translate-toolkit/one.po"}


def catalogs() -> list[str]:
    """The project's catalogs, then the corpus's (relative to the repository or the corpus)."""
    names = sorted(
        path.relative_to(REPO).as_posix()
        for path in (REPO / "locales").rglob("*")
        if path.suffix in {".po", ".pot"}
    )
    if CORPUS.is_dir():
        corpus = (path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*"))
        names += sorted(
            "corpus/" + name
            for name in corpus
            if name.endswith((".po", ".pot")) and name.removeprefix("po/") not in REJECTED
        )
    return names


def written_by_both_paths(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes]:
    catalog = read_po(path)
    through_library = generate_po(catalog).encode("utf-8")
    monkeypatch.setattr(po_wrap, "_library", lambda: None)
    in_python = generate_po(catalog).encode("utf-8")
    return through_library, in_python


@needs_gettext
@pytest.mark.skipif(LIBRARY is None, reason="libunistring 1.0 cannot be loaded")
@pytest.mark.parametrize("name", catalogs())
def test_both_line_breakers_write_what_msgcat_prints(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = CORPUS / name.removeprefix("corpus/") if name.startswith("corpus/") else REPO / name
    through_library, in_python = written_by_both_paths(path, monkeypatch)
    written = tmp_path / f"ours{path.suffix}"  # msgcat allows charset=CHARSET only in a .pot
    written.write_bytes(in_python)
    result = subprocess.run(["msgcat", str(written)], capture_output=True)
    in_corpus = name.removeprefix("corpus/")
    silent = in_corpus.removeprefix("po/") in MSGCAT_SILENT or in_corpus in NO_CHARSET
    if silent:
        assert result.stdout == b""
    else:
        assert result.returncode == 0, result.stderr
        assert in_python == result.stdout
    assert through_library == in_python


def test_the_catalogs_include_the_project_and_the_corpus() -> None:
    names = catalogs()
    assert sum(not name.startswith("corpus/") for name in names) >= 12
    if CORPUS.is_dir():
        assert sum(name.startswith("corpus/") for name in names) >= 40


def hidden_libunistring(tmp_path: Path) -> dict[str, str]:
    """Environment of a Python in which ``ctypes`` cannot load libunistring."""
    folder = tmp_path / "no-libunistring"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(
        '"""Refuses libunistring, as a machine without it does."""\n'
        "import ctypes\nimport ctypes.util\n\n"
        "_load = ctypes.CDLL.__init__\n"
        "_find = ctypes.util.find_library\n\n\n"
        "def refuse(self, name, *args, **kwargs):\n"
        "    if name is not None and 'unistring' in str(name):\n"
        "        raise OSError(f'{name}: cannot open shared object file')\n"
        "    _load(self, name, *args, **kwargs)\n\n\n"
        "ctypes.CDLL.__init__ = refuse\n"
        "ctypes.util.find_library = lambda name: None if 'unistring' in name else _find(name)\n",
        encoding="utf-8",
    )
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path}


def test_without_libunistring_update_check_finds_the_bundled_catalogs_up_to_date(
    bundled_project: Path, tmp_path: Path
) -> None:
    env = hidden_libunistring(tmp_path)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from seoultrain_i18n.formats import po_wrap\nprint(po_wrap._library())",
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert probe.stdout == "None\n", probe.stderr  # the library is out of reach
    catalogs = sorted(bundled_project.rglob("*.po"))
    before = [path.read_bytes() for path in catalogs]
    # Lines broken between two Chinese or Korean characters: the case the breakers decide.
    cjk_breaks = re.compile('[\u4e00-\u9fff\uac00-\ud7a3]"\n"[\u4e00-\u9fff\uac00-\ud7a3]')
    assert sum(len(cjk_breaks.findall(text.decode("utf-8"))) for text in before) > 200

    check = run_cli_process("--project", str(bundled_project), "update", "--check", env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "would be updated" not in check.stdout
    update = run_cli_process("--project", str(bundled_project), "-q", "update", env=env)
    assert update.returncode == 0, update.stderr
    assert [path.read_bytes() for path in catalogs] == before


def test_the_library_path_never_loads_the_python_tables() -> None:
    if LIBRARY is None:
        pytest.skip("libunistring 1.0 cannot be loaded")
    code = (
        "from seoultrain_i18n.formats import unilbrk\n"
        "from seoultrain_i18n.formats.po import generate_po\n"
        "from seoultrain_i18n.model import Catalog, Message\n"
        "text = '서울 기차는 탈북자들이 두만강을 건너 중국으로 가는 길을 따라간다. ' * 4\n"
        "po = generate_po(Catalog('site', messages=[Message('Seoul Train', text)]))\n"
        "assert po.count('\\n\"') > 2, po\n"
        "print(unilbrk.tables.cache_info().misses)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout == "0\n", result.stderr


def test_the_usual_soname_loads_without_find_library(monkeypatch: pytest.MonkeyPatch) -> None:
    """find_library runs ``ldconfig -p`` in a subprocess: only when the sonames fail."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL("libunistring.so.2")
    except OSError:
        pytest.skip("libunistring.so.2 is not installed")

    def refuse(name: str) -> None:
        raise AssertionError(f"find_library({name!r}) called")

    monkeypatch.setattr(ctypes.util, "find_library", refuse)
    po_wrap._library.cache_clear()
    try:
        assert po_wrap._library() is not None
    finally:
        po_wrap._library.cache_clear()
