"""Locale identifiers, BCP 47 tags, provider codes and Babel data."""

from __future__ import annotations

import pytest

from seoultrain_i18n import locales


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [("zh-Hans", "zh_Hans"), ("zh_hant", "zh_Hant"), ("zh-CN", "zh_Hans"), ("zh_TW", "zh_Hant"),
     ("KO", "ko"), ("en-us", "en_US")],
)
def test_normalize(spelling: str, expected: str) -> None:
    assert locales.normalize(spelling) == expected


def test_bcp47_round_trip() -> None:
    for locale in ("ko", "en", "zh_Hans", "zh_Hant"):
        assert locales.from_bcp47(locales.to_bcp47(locale)) == locale
    assert locales.to_bcp47("zh_Hant") == "zh-Hant"


def test_own_names_for_the_switcher() -> None:
    assert [locales.display_name(x) for x in ("en", "ko", "zh_Hans", "zh_Hant")] == [
        "English", "한국어", "简体中文", "繁體中文"]


def test_plural_forms_from_cldr() -> None:
    assert locales.plural_forms("ko") == "nplurals=1; plural=0;"
    assert locales.plural_forms("zh_Hant") == "nplurals=1; plural=0;"
    assert locales.plural_forms("en") == "nplurals=2; plural=(n != 1);"


def test_provider_codes() -> None:
    assert locales.provider_code("google", "zh_Hant") == "zh-TW"
    assert locales.provider_code("mymemory", "ko") == "ko-KR"
    assert locales.provider_code("deepl", "zh_Hans") == "ZH-HANS"
    assert locales.provider_code("deepl", "zh_Hans", source=True) == "ZH"


def test_script_family() -> None:
    assert locales.script_family("zh_Hant") == "zh-Hant"
    assert locales.script_family("zh_CN") == "zh-Hans"
    assert locales.is_cjk("ko")
    assert not locales.is_cjk("en")
