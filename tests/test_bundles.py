"""JSON bundles: build/i18n/BCP47/DOMAIN.json, the documented shape, only
finished translations, and the same messages as the MO file."""

from __future__ import annotations

import gettext
import json
from pathlib import Path

import pytest

from seoultrain_i18n.catalogs.bundles import build_bundles, bundle_data
from seoultrain_i18n.catalogs.compile import compile_catalogs
from seoultrain_i18n.config import Project, load_project
from seoultrain_i18n.formats.po import read_po
from tests.conftest import run_cli
from tests.site_project import KOREAN, full_translations, scratch_site

APP_POT = """\
msgid ""
msgstr ""
"Project-Id-Version: Scratch Train\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"X-Source-Language: en\\n"

msgid "Close"
msgstr ""

msgctxt "menu"
msgid "Close"
msgstr ""

msgid "%d refugee"
msgid_plural "%d refugees"
msgstr[0] ""
msgstr[1] ""

msgid "Draft only"
msgstr ""

msgid "Not yet"
msgstr ""
"""

APP_KO = """\
msgid ""
msgstr ""
"Project-Id-Version: Scratch Train\\n"
"Language: ko\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"X-Source-Language: en\\n"

msgid "Close"
msgstr "닫기"

msgctxt "menu"
msgid "Close"
msgstr "메뉴 닫기"

msgid "%d refugee"
msgid_plural "%d refugees"
msgstr[0] "난민 %d명"

#, fuzzy
msgid "Draft only"
msgstr "초안"

msgid "Not yet"
msgstr ""
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = scratch_site(tmp_path / "site", full_translations)
    (project.locales_dir / "app.pot").write_text(APP_POT, encoding="utf-8")
    (project.locales_dir / "ko" / "LC_MESSAGES" / "app.po").write_text(APP_KO, encoding="utf-8")
    return load_project(project.root)


def test_bundle_shape_context_plural_and_finished_work_only(project: Project) -> None:
    bundles, errors = build_bundles(project, locales=["ko"], domains=["app"])
    assert errors == []
    assert [(b.path, b.locale, b.domain, b.messages) for b in bundles] == [
        (project.build_dir / "i18n" / "ko" / "app.json", "ko", "app", 3)
    ]
    data = json.loads((project.build_dir / "i18n" / "ko" / "app.json").read_text(encoding="utf-8"))
    assert data == {
        "locale": "ko",
        "domain": "app",
        "plural_forms": "nplurals=1; plural=0;",
        "messages": {
            "Close": "닫기",
            "menu\u0004Close": "메뉴 닫기",
            "%d refugee": ["난민 %d명"],
        },
    }


def test_fuzzy_messages_only_on_request(project: Project) -> None:
    catalog = read_po(
        project.locales_dir / "ko" / "LC_MESSAGES" / "app.po", domain="app", locale="ko"
    )
    assert "Draft only" not in bundle_data(catalog, "ko")["messages"]
    assert bundle_data(catalog, "ko", include_fuzzy=True)["messages"]["Draft only"] == "초안"


def test_every_catalog_gets_a_bundle_under_its_bcp47_tag(project: Project) -> None:
    bundles, errors = build_bundles(project)
    assert errors == []
    written = sorted(b.path.relative_to(project.build_dir).as_posix() for b in bundles)
    assert written == [
        "i18n/ko/app.json",
        "i18n/ko/site.json",
        "i18n/zh-Hans/site.json",
        "i18n/zh-Hant/site.json",
    ]
    site = json.loads((project.build_dir / "i18n" / "zh-Hant" / "site.json").read_text("utf-8"))
    assert site["locale"] == "zh-Hant"
    assert site["messages"]["Home"] == "首頁"


def test_bundles_hold_what_the_mo_files_hold(project: Project) -> None:
    compile_catalogs(project, locales=["ko"])
    build_bundles(project, locales=["ko"])
    for domain in ("site", "app"):
        mo = project.locales_dir / "ko" / "LC_MESSAGES" / f"{domain}.mo"
        with mo.open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        data = json.loads((project.build_dir / "i18n" / "ko" / f"{domain}.json").read_text("utf-8"))
        for key, value in data["messages"].items():
            context, _, msgid = key.rpartition("\u0004")
            if isinstance(value, list):
                assert compiled.ngettext(msgid, msgid + "s", 1) == value[0]
            elif context:
                assert compiled.pgettext(context, msgid) == value
            else:
                assert compiled.gettext(msgid) == value
    site = json.loads((project.build_dir / "i18n" / "ko" / "site.json").read_text("utf-8"))
    assert site["messages"] == KOREAN


def test_unchanged_bundles_are_not_rewritten(project: Project) -> None:
    build_bundles(project)
    path = project.build_dir / "i18n" / "ko" / "site.json"
    before = path.stat().st_mtime_ns
    build_bundles(project)
    assert path.stat().st_mtime_ns == before


def test_an_unreadable_catalog_is_reported_and_the_others_built(project: Project) -> None:
    broken = project.locales_dir / "zh_Hans" / "LC_MESSAGES" / "site.po"
    broken.write_text('msgid "Home"\nmsgstr "首页"\nmsgstr "again"\n', encoding="utf-8")
    bundles, errors = build_bundles(project)
    assert len(errors) == 1
    assert str(errors[0]) == f"{broken}:3: syntax error: msgstr without msgid"
    assert {b.locale for b in bundles} == {"ko", "zh_Hant"}


def test_cli_build_json(project: Project) -> None:
    result = run_cli("--project", str(project.root), "build", "--json", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["targets"] == ["json"]
    assert {(b["path"], b["messages"]) for b in data["bundles"]} >= {
        ("build/i18n/ko/app.json", 3),
        ("build/i18n/ko/site.json", len(KOREAN)),
    }
    assert "site" not in data
