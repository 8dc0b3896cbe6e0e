"""Simplified ↔ Traditional conversion through OpenCC."""

from __future__ import annotations

import pytest

from seoultrain_i18n.errors import ConfigError
from seoultrain_i18n.translate.chinese import conversion_config, convert, hans_to_hant, hant_to_hans


def test_taiwan_phrasing_by_default() -> None:
    assert hans_to_hant("软件和信息网络") == "軟體和資訊網路"
    assert hans_to_hant("鼠标和打印机") == "滑鼠和印表機"


def test_hong_kong_variant() -> None:
    assert hans_to_hant("软件和信息", "hk") == "軟件和信息"
    assert hant_to_hans("軟件和信息", "hk") == "软件和信息"


def test_back_to_simplified_with_mainland_phrasing() -> None:
    assert hant_to_hans("軟體和資訊網路") == "软件和信息网络"


def test_configs() -> None:
    assert conversion_config("zh_Hans", "zh_Hant") == "s2twp"
    assert conversion_config("zh-Hans", "zh-Hant", "hk") == "s2hk"
    assert conversion_config("zh_Hant", "zh_Hans") == "tw2sp"
    assert conversion_config("zh_Hant", "zh_Hans", "hk") == "hk2s"
    assert conversion_config("en", "ko") is None
    with pytest.raises(ConfigError, match="hant-variant = 'mo'"):
        conversion_config("zh_Hans", "zh_Hant", "mo")


def test_markup_and_latin_survive() -> None:
    assert convert("<em>难民</em> %s UNHCR", "s2twp") == "<em>難民</em> %s UNHCR"
