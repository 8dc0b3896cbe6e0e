"""Translation memory: reviewed messages of every catalog plus TMX."""

from __future__ import annotations

from pathlib import Path

import pytest

from seoultrain_i18n.catalogs.layout import load_catalogs
from seoultrain_i18n.config import load_project
from seoultrain_i18n.formats.tmx import TmxDocument, TranslationUnit, write_tmx
from seoultrain_i18n.translate.memory import (
    Entry,
    TranslationMemory,
    build_memory,
    export_tmx,
    import_tmx,
    memory_locale,
)
from tests.translate_project import make_project


def test_exact_prefers_the_same_context() -> None:
    memory = TranslationMemory(
        [
            Entry("They wait.", "그들은 기다린다.", "en", "ko", None, "reel"),
            Entry("They wait.", "그들은 계속 기다린다.", "en", "ko", "after the raid", "reel"),
        ]
    )
    assert (
        memory.exact("They wait.", "en", "ko", "after the raid").translation
        == "그들은 계속 기다린다."
    )
    assert memory.exact("They wait.", "en", "ko", None).translation == "그들은 기다린다."
    assert memory.exact("They wait.", "en", "ko", "elsewhere") is not None
    assert memory.exact("They wait.", "en", "zh_Hans") is None


def test_fuzzy_scores_and_threshold() -> None:
    memory = TranslationMemory(
        [
            Entry(
                "Refugees cross the river at night.",
                "난민들은 밤에 강을 건넌다.",
                "en",
                "ko",
                None,
                "site",
            )
        ]
    )
    match = memory.fuzzy("Refugees cross the river at dawn.", "en", "ko", 75)
    assert match is not None
    assert 75 <= match.score < 100
    assert memory.fuzzy("Completely different words here", "en", "ko", 75) is None


def test_fuzzy_works_on_chinese() -> None:
    memory = TranslationMemory(
        [
            Entry(
                "难民在夜里渡过图们江。",
                "Refugees cross the Tumen at night.",
                "zh_Hans",
                "en",
                None,
                "tm",
            )
        ]
    )
    match = memory.fuzzy("难民在夜里渡过鸭绿江。", "zh_Hans", "en", 75)
    assert match is not None
    assert match.score >= 75


def test_memory_locale_maps_tmx_tags() -> None:
    assert memory_locale("ko-KR") == "ko"
    assert memory_locale("zh-TW") == "zh_Hant"
    assert memory_locale("zh-Hans-CN") == "zh_Hans"
    assert memory_locale("en-US") == "en"


def test_project_memory_holds_every_domain_both_ways_and_tmx(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    project = load_project(root)
    write_tmx(
        project.locales_dir / "memory.tmx",
        TmxDocument(
            "en", [TranslationUnit({"en-US": "Safe houses", "ko-KR": "은신처들"}, origin="old.tmx")]
        ),
    )
    loaded, errors = load_catalogs(project)
    assert errors == []
    memory = build_memory(project, loaded)
    assert memory.exact("They wait.", "en", "ko").origin == "reel"  # a subtitle domain
    assert memory.exact("Home", "en", "zh_Hans").translation == "首页"  # the site domain
    assert memory.exact("홈", "ko", "en").translation == "Home"  # reversed
    assert memory.exact("Safe houses", "en", "ko").origin == "old.tmx"
    assert memory.exact("Get the video", "en", "ko") is None  # fuzzy: not reviewed


def test_export_then_import_round_trips(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    project = load_project(root)
    loaded, _ = load_catalogs(project)
    written, skipped = export_tmx(project, loaded, tmp_path / "out.tmx")
    assert (written, skipped) == (6, 0)  # the reviewed messages of make_project
    other = load_project(make_project(tmp_path / "q", reviewed=False))
    result = import_tmx(other, tmp_path / "out.tmx")
    assert (result.units_read, result.units_added) == (6, 6)
    assert import_tmx(other, tmp_path / "out.tmx").units_added == 0  # duplicates dropped
    memory = build_memory(other, load_catalogs(other)[0])
    assert memory.exact("Page %d of %d", "en", "zh_Hant").translation == "第 %d 頁，共 %d 頁"
    assert memory.exact("They wait.", "en", "ko").translation == "그들은 기다린다."


def test_a_configured_tmx_that_does_not_exist_is_a_configuration_error(tmp_path: Path) -> None:
    from seoultrain_i18n.errors import ConfigError
    from seoultrain_i18n.translate.memory import tmx_paths

    (tmp_path / "pyproject.toml").write_text(
        '[tool.seoultrain-i18n.translate]\ntmx = ["memories/vendor.tmx"]\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"translate\.tmx names 'memories/vendor\.tmx'"):
        tmx_paths(load_project(tmp_path))
