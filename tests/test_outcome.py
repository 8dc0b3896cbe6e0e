"""outcome: the one shape of partial failure (per-item outcomes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from seoultrain_i18n.errors import I18nError, MultipleErrors, ParseError
from seoultrain_i18n.outcome import ItemOutcome, Outcomes


def test_values_errors_and_exit_code_follow_the_items() -> None:
    outcomes: Outcomes[int] = Outcomes()
    assert outcomes.ok
    assert outcomes.exit_code == 0
    outcomes.succeeded("a.po", 1)
    bad = ParseError("b.po", 3, "syntax error")
    outcomes.failed("b.po", bad)
    outcomes.succeeded("c.po", 0)  # a falsy value is still a success
    assert [item.item for item in outcomes] == ["a.po", "b.po", "c.po"]
    assert outcomes.values == [1, 0]
    assert outcomes.errors == [bad]
    assert not outcomes.ok
    assert outcomes.exit_code == 1
    assert list(outcomes)[1] == ItemOutcome("b.po", errors=(bad,))


def test_raise_errors_gives_one_multiple_errors_line_per_failed_item() -> None:
    outcomes: Outcomes[str] = Outcomes()
    outcomes.succeeded("x", "fine")
    outcomes.raise_errors()  # nothing failed: nothing raised
    outcomes.failed("a.html", ParseError("a.html", 2, "bad"))
    outcomes.failed("b.html", ParseError("b.html", None, "cannot read"))
    with pytest.raises(MultipleErrors) as caught:
        outcomes.raise_errors()
    assert str(caught.value).splitlines() == ["a.html:2: bad", "b.html: cannot read"]


def test_failed_each_splits_multiple_errors_by_file() -> None:
    outcomes: Outcomes[None] = Outcomes()
    several = MultipleErrors([ParseError("a.srt", 4, "x"), I18nError("no file named")])
    outcomes.failed_each("subtitles", several)
    assert [(item.item, [str(e) for e in item.errors]) for item in outcomes] == [
        ("a.srt", ["a.srt:4: x"]),
        ("subtitles", ["no file named"]),
    ]


def test_an_item_can_produce_its_result_and_still_have_problems() -> None:
    outcomes: Outcomes[str] = Outcomes()
    withheld = ParseError("ko/site.po", 12, "M001 translation withheld")
    outcomes.succeeded("ko/site.po", "ko/site.mo", problems=[withheld])
    assert outcomes.values == ["ko/site.mo"]
    assert outcomes.errors == [withheld]
    assert outcomes.exit_code == 1


def test_stats_give_one_outcome_per_catalog(tmp_path: Path) -> None:
    """A broken catalog is one failed item, named by its path; the others count."""
    from seoultrain_i18n.catalogs.stats import gather_stats
    from tests.site_project import scratch_site

    project = scratch_site(tmp_path / "site")
    broken = project.locales_dir / "zh_Hant" / "LC_MESSAGES" / "site.po"
    broken.write_text('msgid "A"\nmsgstr ""\n\nmsgid "A"\nmsgstr ""\n', encoding="utf-8")
    outcomes = gather_stats(project)
    failed = [item for item in outcomes if not item.ok]
    assert [item.item for item in failed] == ["locales/zh_Hant/LC_MESSAGES/site.po"]
    assert "duplicate message definition" in str(failed[0].errors[0])
    assert sorted(stats.locale for stats in outcomes.values) == ["ko", "zh_Hans"]
    assert outcomes.exit_code == 1
