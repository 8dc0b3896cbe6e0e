"""`update`, `compile` and `stats` driven as real subprocesses on a scratch project."""

from __future__ import annotations

import gettext
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from seoultrain_i18n.formats.po import read_po, write_po
from seoultrain_i18n.model import Catalog, Message
from tests.conftest import needs_gettext

Run = Callable[..., subprocess.CompletedProcess[str]]

PARAGRAPH = (
    "Seoul Train follows North Korean refugees who cross the frozen Tumen River into China "
    "and travel along an underground railroad of safe houses towards freedom."
)


def make_project(root: Path, sources: list[tuple[str | None, str]]) -> Path:
    (root / "pyproject.toml").write_text(
        '[tool.seoultrain-i18n]\nsource-locale = "en"\ntarget-locales = ["ko", "zh_Hans"]\n',
        encoding="utf-8",
    )
    write_pot(root, sources)
    return root


def write_pot(root: Path, sources: list[tuple[str | None, str]]) -> None:
    write_po(
        root / "locales" / "site.pot",
        Catalog(
            domain="site",
            header=[
                ("Project-Id-Version", "PACKAGE VERSION"),
                ("POT-Creation-Date", "2026-11-26 10:00+0000"),
                ("Content-Type", "text/plain; charset=UTF-8"),
                ("X-Source-Language", "en"),
            ],
            header_flags=["fuzzy"],
            messages=[
                Message(source=text, context=context, references=[f"content/index.html:{i}"])
                for i, (context, text) in enumerate(sources, 1)
            ],
        ),
    )


def ko_po(root: Path) -> Path:
    return root / "locales" / "ko" / "LC_MESSAGES" / "site.po"


def translate(root: Path, translations: dict[str, str]) -> None:
    catalog = read_po(ko_po(root))
    for message in catalog.messages:
        if message.source in translations:
            message.translation = translations[message.source]
    write_po(ko_po(root), catalog)


@needs_gettext
def test_init_translate_edit_update_remove_restore_compile_read(cli: Run, scratch: Path) -> None:
    root = make_project(
        scratch, [(None, "Home"), ("nav", "The Film"), (None, PARAGRAPH), (None, "Talkback")]
    )
    project = ("--project", str(root))

    created = cli(*project, "update")
    assert created.returncode == 0, created.stderr
    assert created.stdout.splitlines() == [
        "locales/ko/LC_MESSAGES/site.po: created; 0 translated, 0 fuzzy, 4 untranslated, "
        "0 obsolete",
        "locales/zh_Hans/LC_MESSAGES/site.po: created; 0 translated, 0 fuzzy, 4 untranslated, "
        "0 obsolete",
    ]
    translate(
        root,
        {
            "Home": "홈",
            "The Film": "영화",
            PARAGRAPH: "서울 기차는 탈북자들을 따라갑니다.",
            "Talkback": "의견",
        },
    )

    # Edit the source: one word of the paragraph changes → fuzzy with the previous msgid.
    edited = PARAGRAPH.replace("frozen", "icy")
    write_pot(root, [(None, "Home"), ("nav", "The Film"), (None, edited), (None, "Talkback")])
    updated = cli(*project, "-q", "update", "-l", "ko")
    assert updated.returncode == 0, updated.stderr
    assert updated.stderr == ""  # -q: no progress bar
    text = ko_po(root).read_text(encoding="utf-8")
    assert (
        "#: content/index.html:3\n#, fuzzy\n"
        '#| msgid ""\n'
        '#| "Seoul Train follows North Korean refugees who cross the frozen Tumen "\n'
        '#| "River into China and travel along an underground railroad of safe houses "\n'
        '#| "towards freedom."\n'
        'msgid ""\n'
        '"Seoul Train follows North Korean refugees who cross the icy Tumen River into "\n'
    ) in text
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(ko_po(root))]).returncode == 0

    # Remove a string: it becomes obsolete; restore it: it is back, translated, not fuzzy.
    write_pot(root, [(None, "Home"), ("nav", "The Film"), (None, edited)])
    assert cli(*project, "-q", "update").returncode == 0
    assert '#~ msgid "Talkback"\n#~ msgstr "의견"\n' in ko_po(root).read_text(encoding="utf-8")
    write_pot(root, [(None, "Home"), ("nav", "The Film"), (None, edited), (None, "Talkback")])
    assert cli(*project, "-q", "update").returncode == 0
    restored = {m.source: m for m in read_po(ko_po(root)).messages}
    assert restored["Talkback"].translation == "의견"
    assert not restored["Talkback"].fuzzy
    assert not restored["Talkback"].obsolete

    # Update twice: no diff; --check agrees.
    before = ko_po(root).read_bytes()
    assert cli(*project, "-q", "update").returncode == 0
    assert ko_po(root).read_bytes() == before
    assert cli(*project, "update", "--check").returncode == 0

    # Compile and read with gettext: fuzzy is excluded unless --use-fuzzy.
    compiled = cli(*project, "compile")
    assert compiled.returncode == 0, compiled.stderr
    mo = root / "locales" / "ko" / "LC_MESSAGES" / "site.mo"
    assert mo.is_file()
    ko = gettext.translation("site", str(root / "locales"), languages=["ko"])
    assert ko.gettext("Home") == "홈"
    assert ko.pgettext("nav", "The Film") == "영화"
    assert ko.gettext("Talkback") == "의견"
    assert ko.gettext(edited) == edited
    assert cli(*project, "compile", "--use-fuzzy", "-l", "ko").returncode == 0
    with mo.open("rb") as handle:
        assert (
            gettext.GNUTranslations(handle).gettext(edited) == "서울 기차는 탈북자들을 따라갑니다."
        )
    unfmt = subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True)
    assert 'msgstr "서울 기차는 탈북자들을 따라갑니다."' in unfmt.stdout


def test_check_reports_out_of_date_catalogs_and_writes_nothing(cli: Run, scratch: Path) -> None:
    root = make_project(scratch, [(None, "Home")])
    assert cli("--project", str(root), "-q", "update").returncode == 0
    before = ko_po(root).read_bytes()
    write_pot(root, [(None, "Home"), (None, "Credits")])
    result = cli("--project", str(root), "update", "--check", "--format", "json")
    assert result.returncode == 1
    rows = json.loads(result.stdout)
    assert [(row["locale"], row["status"]) for row in rows] == [
        ("ko", "would be updated"),
        ("zh_Hans", "would be updated"),
    ]
    assert ko_po(root).read_bytes() == before


def test_broken_catalog_is_reported_left_untouched_and_others_updated(
    cli: Run, scratch: Path
) -> None:
    root = make_project(scratch, [(None, "Home")])
    assert cli("--project", str(root), "-q", "update").returncode == 0
    broken = root / "locales" / "zh_Hans" / "LC_MESSAGES" / "site.po"
    content = b'msgid "Home"\nmsgstr "\xe5\xae\xb6"\n\nmsgid "Home"\nmsgstr ""\n'
    broken.write_bytes(content)
    write_pot(root, [(None, "Home"), (None, "Credits")])
    result = cli("--project", str(root), "-q", "update")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: {broken}:4: duplicate message definition (first at line 1)"
    )
    assert broken.read_bytes() == content
    assert "Credits" in ko_po(root).read_text(encoding="utf-8")
    assert result.stdout == ""  # -q: errors only
    verbose = cli("--project", str(root), "update")
    assert verbose.stdout.startswith("locales/ko/LC_MESSAGES/site.po: unchanged;")


def test_stats_table_and_json(cli: Run, scratch: Path) -> None:
    root = make_project(scratch, [(None, "Seoul Train is a film."), (None, "Home")])
    assert cli("--project", str(root), "-q", "update").returncode == 0
    translate(root, {"Home": "홈"})
    table = cli("--project", str(root), "stats")
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines() == [
        "domain  locale   total  done  fuzzy  todo  obsolete  words     %",
        "------  -------  -----  ----  -----  ----  --------  -----  ----",
        "site    ko           2     1      0     1         0      6  50.0",
        "site    zh_Hans      2     0      0     2         0      6   0.0",
    ]
    rows = json.loads(cli("--project", str(root), "stats", "--format", "json").stdout)
    assert rows[0] == {
        "domain": "site",
        "locale": "ko",
        "path": "locales/ko/LC_MESSAGES/site.po",
        "total": 2,
        "translated": 1,
        "fuzzy": 0,
        "untranslated": 1,
        "obsolete": 0,
        "source_words": 6,
        "translated_words": 1,
        "percent": 50.0,
    }


def test_compile_reports_a_broken_catalog_and_compiles_the_others(cli: Run, scratch: Path) -> None:
    root = make_project(scratch, [(None, "Home")])
    assert cli("--project", str(root), "-q", "update").returncode == 0
    translate(root, {"Home": "홈"})
    broken = root / "locales" / "zh_Hans" / "LC_MESSAGES" / "site.po"
    broken.write_text('msgid "Home"\nmsgstr "家"\n\nmsgid "Home"\nmsgstr ""\n', encoding="utf-8")
    result = cli("--project", str(root), "-q", "compile")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: {broken}:4: duplicate message definition (first at line 1)"
    )
    assert (root / "locales" / "ko" / "LC_MESSAGES" / "site.mo").is_file()
    assert not broken.with_suffix(".mo").exists()
