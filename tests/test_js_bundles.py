"""The i18next and gettext.js bundles, loaded by the real libraries under Node
(tests/js, installed by scripts/setup --dev), return for every message —
contexts and plurals for many counts included — what Python's gettext
returns from the MO file of the same catalog."""

from __future__ import annotations

import gettext
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from seoultrain_i18n.catalogs.bundles import build_bundles, library_bundle_path
from seoultrain_i18n.catalogs.compile import compile_catalogs
from seoultrain_i18n.config import Project, load_project
from seoultrain_i18n.errors import BuildError
from seoultrain_i18n.formats.js_bundles import category_forms, i18next_resources
from seoultrain_i18n.formats.mo import read_mo
from tests.site_project import bundled_copy

JS = Path(__file__).resolve().parent / "js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(
    NODE is None or not (JS / "node_modules" / "i18next").is_dir(),
    reason="node or tests/js/node_modules missing (scripts/setup --dev installs them)",
)
COUNTS = (*range(0, 32), 101, 111, 1000, 1_000_001)

HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: {lang}\\n"
"Plural-Forms: {plural}\\n"
"X-Source-Language: en\\n"

"""
CLOSE = {
    "ko": ("닫기. 지금: 정말", "메뉴 닫기"),
    "pl": ("Zamknij. Teraz: naprawdę", "Zamknij menu"),
    "zh_Hant": ("關閉。現在：真的", "關閉選單"),
}
APP = {
    "ko": ("nplurals=1; plural=0;", ["난민 %d명"], ["메뉴 %d개"]),
    "pl": (
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
        ["%d uchodźca", "%d uchodźców (2-4)", "%d uchodźców"],
        ["%d menu", "%d menu (2-4)", "%d menu (5+)"],
    ),
    "zh_Hant": ("nplurals=1; plural=0;", ["%d 名難民"], ["%d 個選單"]),
}


def _app_catalog(lang: str) -> str:
    plural, refugee, menus = APP[lang]
    forms = "".join(f'msgstr[{n}] "{text}"\n' for n, text in enumerate(refugee))
    menu_forms = "".join(f'msgstr[{n}] "{text}"\n' for n, text in enumerate(menus))
    return (
        HEADER.format(lang=lang, plural=plural)
        + f'msgid "Close. Now: really"\nmsgstr "{CLOSE[lang][0]}"\n\n'
        + f'msgctxt "menu"\nmsgid "Close. Now: really"\nmsgstr "{CLOSE[lang][1]}"\n\n'
        + f'msgid "%d refugee"\nmsgid_plural "%d refugees"\n{forms}\n'
        + f'msgctxt "nav"\nmsgid "%d menu"\nmsgid_plural "%d menus"\n{menu_forms}\n'
        + 'msgid "Not yet"\nmsgstr ""\n'
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The bundled project plus an ``app`` domain with plurals and contexts in
    ko (1 form), pl (3 forms) and zh_Hant, all compiled and bundled."""
    project = bundled_copy(tmp_path_factory.mktemp("js") / "project")
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text("utf-8").replace(
            'target-locales = ["ko", "zh_Hans", "zh_Hant"]',
            'target-locales = ["ko", "zh_Hans", "zh_Hant", "pl"]',
        ),
        encoding="utf-8",
    )
    project = load_project(project.root)
    template = HEADER.format(lang="", plural="nplurals=2; plural=(n != 1);")
    (project.locales_dir / "app.pot").write_text(template, encoding="utf-8")
    for lang in APP:
        folder = project.locales_dir / lang / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "app.po").write_text(_app_catalog(lang), encoding="utf-8")
    compile_catalogs(project)
    bundles, errors = build_bundles(project)
    assert errors == []
    assert {(b.locale, b.domain) for b in bundles} >= {("pl", "app"), ("ko", "site")}
    return project


def _queries(mo: Path) -> list[dict[str, Any]]:
    queries: list[dict[str, Any]] = []
    for message in read_mo(mo).live():
        if message.source_plural is None:
            queries.append(
                {"context": message.context, "id": message.source, "plural": None, "n": 0}
            )
            continue
        for n in COUNTS:
            queries.append(
                {
                    "context": message.context,
                    "id": message.source,
                    "plural": message.source_plural,
                    "n": n,
                }
            )
    return queries


def _python_answer(translations: gettext.GNUTranslations, query: dict[str, Any]) -> str:
    context, msgid, plural, n = query["context"], query["id"], query["plural"], query["n"]
    if plural is None:
        return (
            translations.gettext(msgid)
            if context is None
            else translations.pgettext(context, msgid)
        )
    if context is None:
        return translations.ngettext(msgid, plural, n)
    return translations.npgettext(context, msgid, plural, n)


def test_i18next_and_gettextjs_agree_with_python_gettext_on_every_message(
    project: Project, tmp_path: Path
) -> None:
    requests = []
    expected = []
    for mo in sorted(project.locales_dir.glob("*/LC_MESSAGES/*.mo")):
        locale, domain = mo.parent.parent.name, mo.stem
        queries = _queries(mo)
        with mo.open("rb") as handle:
            translations = gettext.GNUTranslations(handle)
        expected.append([_python_answer(translations, query) for query in queries])
        requests.append(
            {
                "locale": locale.replace("_", "-"),
                "domain": domain,
                "i18next": str(library_bundle_path(project, "i18next", locale, domain)),
                "gettextjs": str(library_bundle_path(project, "gettext.js", locale, domain)),
                "queries": queries,
            }
        )
    request_file = tmp_path / "requests.json"
    request_file.write_text(json.dumps(requests), encoding="utf-8")
    assert NODE is not None
    run = subprocess.run(
        [NODE, str(JS / "lookup.mjs"), str(request_file), str(tmp_path / "answers.json")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    answers = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    compared = plural_lookups = 0
    for request, wanted, got in zip(requests, expected, answers, strict=True):
        for query, python, js in zip(request["queries"], wanted, got, strict=True):
            where = (request["locale"], request["domain"], query)
            assert js["i18next"] == python, where
            assert js["gettextjs"] == python, where
            compared += 1
            plural_lookups += query["plural"] is not None
    assert len(requests) >= 10
    assert compared > 500
    # every Polish form is reached by some count
    polish = {
        (q["context"], q["n"]): a
        for r, a in zip(requests, expected, strict=True)
        if r["locale"] == "pl"
        for q, a in zip(r["queries"], a, strict=True)
    }
    assert {polish[(None, n)] for n in (1, 2, 5)} == set(APP["pl"][1])
    assert plural_lookups >= 3 * 2 * len(COUNTS)


def test_i18next_keys_for_context_and_plural_categories() -> None:
    bundle = {
        "locale": "pl",
        "plural_forms": APP["pl"][0],
        "messages": {
            "Close": "Zamknij",
            "menu\x04Close": "Zamknij menu",
            "%d file": ["a", "b", "c"],
            "nav\x04%d file": ["x", "y", "z"],
            "\x04empty context": "dropped",
        },
    }
    assert i18next_resources(bundle) == {
        "Close": "Zamknij",
        "Close_menu": "Zamknij menu",
        "%d file_one": "a",
        "%d file_few": "b",
        "%d file_many": "c",
        "%d file_nav_one": "x",
        "%d file_nav_few": "y",
        "%d file_nav_many": "z",
    }


def test_plural_forms_that_cldr_categories_cannot_express_are_refused() -> None:
    # English with three gettext forms: CLDR "other" holds 0 and 2, which differ here
    with pytest.raises(BuildError, match="i18next cannot express it"):
        category_forms("en", "nplurals=3; plural=(n==0 ? 0 : n==1 ? 1 : 2);")
    assert category_forms("en", "nplurals=2; plural=(n != 1);") == {"other": 1, "one": 0}
