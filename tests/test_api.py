"""The Python API for site builds: ``seoultrain_i18n.translations`` returns
gettext translations from the compiled MO file (compiling when it is missing
or stale), and the README's Jinja2 example works as written."""

from __future__ import annotations

import gettext
import os
from pathlib import Path

import jinja2
import pytest

import seoultrain_i18n
from seoultrain_i18n.config import Project
from seoultrain_i18n.errors import I18nError
from tests.site_project import CHINESE, full_translations, scratch_site, translate
from tests.test_bundles import APP_KO, APP_POT


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = scratch_site(tmp_path / "site", full_translations)
    (project.locales_dir / "app.pot").write_text(APP_POT, encoding="utf-8")
    (project.locales_dir / "ko" / "LC_MESSAGES" / "app.po").write_text(APP_KO, encoding="utf-8")
    return project


def mo_of(project: Project, locale: str, domain: str = "site") -> Path:
    return project.locales_dir / locale / "LC_MESSAGES" / f"{domain}.mo"


def test_translations_compile_the_missing_mo_file(project: Project) -> None:
    assert not mo_of(project, "ko").exists()
    translations = seoultrain_i18n.translations("ko", project=project.root)
    assert isinstance(translations, gettext.GNUTranslations)
    assert translations.gettext("Home") == "홈"
    assert translations.gettext("Not in the catalog") == "Not in the catalog"
    assert mo_of(project, "ko").is_file()


def test_bcp47_and_gettext_spellings_are_the_same_locale(project: Project) -> None:
    for spelling in ("zh-Hans", "zh_Hans", "zh-CN"):
        translations = seoultrain_i18n.translations(spelling, project=project.root)
        assert translations.gettext("The Film") == CHINESE["The Film"]


def test_a_stale_mo_file_is_compiled_again(project: Project) -> None:
    seoultrain_i18n.translations("ko", project=project.root)
    translate(project, "ko", {"Home": "첫 화면"})
    po = project.locales_dir / "ko" / "LC_MESSAGES" / "site.po"
    mo = mo_of(project, "ko")
    later = mo.stat().st_mtime_ns + 1_000_000_000
    os.utime(po, ns=(later, later))
    assert seoultrain_i18n.translations("ko", project=project.root).gettext("Home") == "첫 화면"


def test_context_plural_and_fuzzy(project: Project) -> None:
    translations = seoultrain_i18n.translations("ko", "app", project=project.root)
    assert translations.pgettext("menu", "Close") == "메뉴 닫기"
    assert translations.gettext("Close") == "닫기"
    assert translations.ngettext("%d refugee", "%d refugees", 5) % 5 == "난민 5명"
    assert translations.gettext("Draft only") == "Draft only"  # fuzzy: not compiled


def test_the_source_language_returns_every_message_unchanged(project: Project) -> None:
    english = seoultrain_i18n.translations("en", project=project.root)
    assert isinstance(english, gettext.GNUTranslations)
    assert english.gettext("Home") == "Home"
    assert english.ngettext("%d refugee", "%d refugees", 2) == "%d refugees"


def test_a_locale_without_catalog_is_an_error(project: Project) -> None:
    (project.locales_dir / "zh_Hant" / "LC_MESSAGES" / "site.po").unlink()
    with pytest.raises(I18nError) as raised:
        seoultrain_i18n.translations("zh_Hant", project=project.root)
    assert str(raised.value) == (
        "locales/zh_Hant/LC_MESSAGES/site.po: no 'site' catalog for locale zh_Hant"
    )


def test_readme_jinja2_example(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)
    # The README's example, as written there:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    env.install_gettext_translations(seoultrain_i18n.translations("ko"), newstyle=True)  # type: ignore[attr-defined]
    template = env.from_string(
        '<a href="film.html">{{ _("The Film") }}</a> · {% trans %}Welcome{% endtrans %}'
    )
    assert template.render() == '<a href="film.html">영화</a> · 환영합니다'


def test_jinja2_plural_and_context(project: Project) -> None:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(  # type: ignore[attr-defined]
        seoultrain_i18n.translations("ko", "app", project=project.root), newstyle=False
    )
    template = env.from_string(
        "{{ ngettext('%d refugee', '%d refugees', n)|format(n) }}|{{ pgettext('menu', 'Close') }}"
    )
    assert template.render(n=3) == "난민 3명|메뉴 닫기"
