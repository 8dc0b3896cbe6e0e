"""Templates, target locales, catalog paths, creation, loading, saving and the update stage."""

from __future__ import annotations

import gc
import subprocess
from pathlib import Path
from typing import Any

import pytest

import seoultrain_i18n.catalogs.merge as merge_module
from seoultrain_i18n.catalogs.layout import (
    Template,
    catalog_path,
    discover_templates,
    load_catalogs,
    new_catalog,
    save_catalog,
    targets_for,
    update_catalogs,
)
from seoultrain_i18n.catalogs.stats import count_words, gather_stats
from seoultrain_i18n.config import load_project
from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.po import read_po, write_po
from seoultrain_i18n.model import Catalog, Message
from tests.conftest import needs_gettext


def write_template(project: Path, domain: str, source: str, *messages: Message) -> Path:
    path = project / "locales" / f"{domain}.pot"
    write_po(
        path,
        Catalog(
            domain=domain,
            header=[
                ("Project-Id-Version", "PACKAGE VERSION"),
                ("POT-Creation-Date", "2026-11-26 10:00+0000"),
                ("Content-Type", "text/plain; charset=UTF-8"),
                ("X-Source-Language", source),
            ],
            header_flags=["fuzzy"],
            messages=list(messages),
        ),
    )
    return path


def test_templates_and_their_targets(scratch: Path) -> None:
    write_template(scratch, "site", "en", Message(source="Home"))
    write_template(scratch, "crossing", "ko", Message(source="강을 건넜다"))
    project = load_project(scratch)
    templates = discover_templates(project)
    assert templates == [
        Template("crossing", scratch / "locales" / "crossing.pot", "ko"),
        Template("site", scratch / "locales" / "site.pot", "en"),
    ]
    assert targets_for(project, templates[0]) == ["en", "zh_Hans", "zh_Hant"]
    assert targets_for(project, templates[1]) == ["ko", "zh_Hans", "zh_Hant"]
    assert catalog_path(project, "zh-Hant", "site") == (
        scratch / "locales" / "zh_Hant" / "LC_MESSAGES" / "site.po"
    )


def test_new_catalog_header(scratch: Path) -> None:
    template = Catalog(
        domain="site",
        header=[("POT-Creation-Date", "2026-11-26 10:00+0000")],
        messages=[Message(source="Home", references=["content/index.html:3"])],
    )
    created = new_catalog(load_project(scratch), template, "ko")
    assert dict(created.header) == {
        "Project-Id-Version": "SEOUL TRAIN",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": "2026-11-26 10:00+0000",
        "PO-Revision-Date": "2026-11-26 10:00+0000",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language": "ko",
        "Language-Team": "Korean <LL@li.org>",
        "Plural-Forms": "nplurals=1; plural=0;",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    assert created.messages[0].references == ["content/index.html:3"]


def test_load_catalogs_reports_broken_files_and_skips_missing(scratch: Path) -> None:
    write_template(scratch, "site", "en", Message(source="Home"))
    project = load_project(scratch)
    update_catalogs(project)
    broken = catalog_path(project, "zh_Hans", "site")
    broken.write_text('msgid "Home"\nmsgstr "家"\nmsgid "Home"\nmsgstr "家"\n', encoding="utf-8")
    catalog_path(project, "zh_Hant", "site").unlink()
    loaded, errors = load_catalogs(project)
    assert [(item.locale, item.template.domain) for item in loaded] == [("ko", "site")]
    assert [str(error) for error in errors] == [
        f"{broken}:3: duplicate message definition (first at line 1)"
    ]
    assert isinstance(errors[0], ParseError)


def test_save_catalog_writes_only_changes(scratch: Path) -> None:
    path = scratch / "ko.po"
    catalog = Catalog(domain="site", messages=[Message(source="Home", translation="홈")])
    assert save_catalog(path, catalog)
    assert not save_catalog(path, catalog)
    assert read_po(path).messages[0].translation == "홈"


@needs_gettext
def test_update_creates_valid_catalogs_and_is_stable(scratch: Path) -> None:
    write_template(
        scratch,
        "site",
        "en",
        Message(source="Home", references=["content/index.html:3"]),
        Message(source="One cue", source_plural="%d cues"),
    )
    write_template(scratch, "crossing", "ko", Message(source="강을 건넜다", context="cue 1"))
    project = load_project(scratch)
    first = update_catalogs(project)
    assert sorted((u.domain, u.locale, u.status) for u in first.updates) == [
        ("crossing", "en", "created"),
        ("crossing", "zh_Hans", "created"),
        ("crossing", "zh_Hant", "created"),
        ("site", "ko", "created"),
        ("site", "zh_Hans", "created"),
        ("site", "zh_Hant", "created"),
    ]
    assert first.errors == []
    for update in first.updates:
        checked = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(update.path)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
        cat = subprocess.run(["msgcat", str(update.path)], capture_output=True)
        assert cat.stdout == update.path.read_bytes()
    english = read_po(catalog_path(project, "en", "crossing"))
    assert english.get_header("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    second = update_catalogs(project)
    assert {u.status for u in second.updates} == {"unchanged"}


def test_update_check_writes_nothing(scratch: Path) -> None:
    write_template(scratch, "site", "en", Message(source="Home"))
    project = load_project(scratch)
    result = update_catalogs(project, check=True)
    assert {u.status for u in result.updates} == {"created"}
    assert not (scratch / "locales" / "ko").exists()
    assert not (scratch / "locales" / ".seoultrain-i18n.lock").exists()


def test_update_pauses_the_cycle_collector_only_while_it_runs(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_template(scratch, "site", "en", Message(source="Home"))
    (scratch / "locales" / "ko" / "LC_MESSAGES").mkdir(parents=True)
    (scratch / "locales" / "ko" / "LC_MESSAGES" / "site.po").write_text('msgid "x"\n')
    project = load_project(scratch)
    collector_on: list[bool] = []
    original = merge_module.merge_catalog

    def spy(*args: Any, **kwargs: Any) -> Catalog:
        collector_on.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(merge_module, "merge_catalog", spy)
    assert gc.isenabled()
    result = update_catalogs(project)
    assert len(result.errors) == 1  # the broken ko catalog
    assert gc.isenabled()  # back on after the update, failure included
    assert collector_on == [False, False]  # zh_Hans and zh_Hant were merged with it off
    gc.disable()
    try:
        update_catalogs(project)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_stats_count_messages_and_words(scratch: Path) -> None:
    write_template(
        scratch,
        "site",
        "en",
        Message(source="Seoul Train is a film."),
        Message(source="Home"),
        Message(source="Old"),
    )
    project = load_project(scratch)
    update_catalogs(project, ["ko"])
    path = catalog_path(project, "ko", "site")
    catalog = read_po(path)
    catalog.messages[0].translation = "서울 기차는 영화입니다."
    catalog.messages[1].translation = "홈"
    catalog.messages[1].flags.append("fuzzy")
    catalog.messages.append(Message(source="Gone", translation="사라짐", obsolete=True))
    write_po(path, catalog)
    ko = next(s for s in gather_stats(project).values if s.locale == "ko")
    assert (ko.total, ko.translated, ko.fuzzy, ko.untranslated, ko.obsolete) == (3, 1, 1, 1, 1)
    assert (ko.source_words, ko.translated_words, ko.percent) == (7, 5, 33.3)
    missing = next(s for s in gather_stats(project).values if s.locale == "zh_Hans")
    assert (missing.total, missing.translated, missing.untranslated) == (3, 0, 3)


def test_word_counts_for_every_script() -> None:
    assert count_words("Seoul Train is a documentary.") == 5
    assert count_words("서울 기차는 다큐멘터리입니다.") == 3
    assert count_words("《首尔列车》是一部纪录片。") == 10
    assert count_words('<a href="film.html">The Film</a> %(count)d {name}') == 2
    assert count_words("Don’t go") == 2
