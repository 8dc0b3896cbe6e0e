"""Subtitle checks: each trips on a bad cue and passes a good one, per
language where the norm is language-specific (docs/norms.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from seoultrain_i18n.checks.registry import REGISTRY
from seoultrain_i18n.checks.subtitles import CueContext, characters_per_second
from seoultrain_i18n.model import Cue
from seoultrain_i18n.subtitles.norms import norms_for


def cue_problems(code: str, text: str, locale: str, start: int = 0, end: int = 4000) -> list[str]:
    context = CueContext(locale, norms_for(locale))
    return list(REGISTRY[code].function(Cue(1, start, end, text), context))


# (code, locale, bad text, good text)
CUE_CASES = [
    (
        "S601",
        "ko",
        "북한을 떠난 사람들은 중국 국경을 넘어갔다",
        "북한을 떠난 사람들은\n중국 국경을 넘어갔다",
    ),
    (
        "S601",
        "zh_Hans",
        "他们从北方出发穿越了整个中国大陆地区",
        "他们从北方出发\n穿越了整个中国大陆地区",
    ),
    (
        "S601",
        "zh_Hant",
        "他們從北方出發穿越了整個中國大陸地區",
        "他們從北方出發\n穿越了整個中國大陸地區",
    ),
    ("S601", "en", "A line that is much too long for any subtitle", "A line that fits"),
    ("S602", "ko", "하나\n둘\n셋", "하나\n둘"),
    ("S602", "zh_Hans", "一\n二\n三", "一二三"),
    ("S609", "ko", "<i>속삭임</i>", "속삭임"),
    ("S609", "zh_Hans", "<i>低语</i>", "低语"),
    ("S609", "zh_Hant", "{\\i1}低語", "低語"),
    ("S610", "ko", "그들은 떠났다.", "그들은 떠났다"),
    ("S610", "ko", "그리고,\n떠났다", "그리고\n떠났다"),
    ("S610", "zh_Hans", "他们走了，", "他们走了"),
    ("S610", "zh_Hans", "他们走了吗?", "他们走了吗？"),
    ("S610", "zh_Hant", "他們走了。", "他們走了"),
    ("S610", "zh_Hant", "他們走了、", "他們走了！"),
    ("S611", "ko", "그리고...", "그리고…"),
    ("S611", "zh_Hans", "然后...", "然后⋯"),
    ("S611", "zh_Hant", "然後…", "然後⋯"),
    ("S611", "en", "And then...", "And then…"),
    ("S612", "ko", "-가자\n-어디로?", "- 가자\n- 어디로?"),
    ("S612", "zh_Hans", "-走吧\n去哪里？", "-走吧\n-去哪里？"),
    ("S612", "zh_Hant", "–走吧\n去哪裡？", "–走吧\n–去哪裡？"),
    ("S612", "en", "- Let's go.\n- Where?", "-Let's go.\n-Where?"),
]


@pytest.mark.parametrize(
    ("code", "locale", "bad", "good"),
    CUE_CASES,
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CUE_CASES)],
)
def test_cue_check(code: str, locale: str, bad: str, good: str) -> None:
    assert cue_problems(code, bad, locale), f"{code} did not trip on {bad!r}"
    assert cue_problems(code, good, locale) == [], f"{code} tripped on {good!r}"


@pytest.mark.parametrize(
    ("locale", "fast", "slow"),
    [
        # 12 cps for Korean: 26 counted characters in 2 s is 13 cps.
        ("ko", "그들은 두만강을 건너 중국으로 들어갔다 그리고 걸었다", "그들은 강을 건넜다"),
        ("zh_Hans", "他们渡过图们江进入中国然后走了很远很远的路", "他们渡过了江"),
        ("zh_Hant", "他們渡過圖們江進入中國然後走了很遠很遠的路", "他們渡過了江"),
        ("en", "They crossed the Tumen River into China and walked", "They crossed the river"),
    ],
)
def test_reading_speed(locale: str, fast: str, slow: str) -> None:
    assert cue_problems("S603", fast, locale, 0, 2000)
    assert cue_problems("S603", slow, locale, 0, 2000) == []


def test_width_counts_half_width_as_half_in_cjk() -> None:
    # "DMZ 3" is 5 half-width characters = 2.5, plus 2 Hangul = 4.5 over 1 s.
    assert characters_per_second(Cue(1, 0, 1000, "<i>DMZ 3</i>지역"), "ko") == pytest.approx(4.5)
    assert characters_per_second(Cue(1, 0, 1000, "DMZ 3"), "en") == pytest.approx(5.0)


def timing(code: str, *cues: tuple[int, int]) -> list[tuple[int, str]]:
    items = [Cue(number, start, end, "x") for number, (start, end) in enumerate(cues, start=1)]
    return [
        (cue.index, problem) for cue, problem in REGISTRY[code].function(items, norms_for("en"))
    ]


def test_timing_checks() -> None:
    assert timing("S604", (0, 500)) == [(1, "shown 500 ms, under 833 ms")]
    assert timing("S604", (0, 833)) == []
    assert timing("S605", (0, 7001)) == [(1, "shown 7001 ms, over 7000 ms")]
    assert timing("S605", (0, 7000)) == []
    assert timing("S606", (0, 1000), (1040, 2000)) == [(2, "40 ms after cue 1, under 83 ms")]
    assert timing("S606", (0, 1000), (1083, 2000)) == []
    assert timing("S606", (0, 1000), (1000, 2000)) == []  # touching cues are fine
    assert timing("S607", (0, 1000), (900, 2000)) == [(2, "starts 100 ms before cue 1 ends")]
    assert timing("S607", (0, 1000), (1100, 2000)) == []
    assert timing("S608", (2000, 1000)) == [(1, "ends 1000 ms before it starts")]
    assert timing("S608", (1000, 2000)) == []


def test_timing_is_reported_once_on_the_source_track(tmp_path: Path) -> None:
    from seoultrain_i18n.checks.runner import run_checks
    from seoultrain_i18n.config import load_project
    from tests.check_support import make_project, srt

    reel = srt((0, 2000, "They left at night."), (1900, 4000, "Nobody saw them."))
    root = make_project(
        tmp_path / "p",
        {
            ("reel", "ko"): [
                ("They left at night.", "그들은 밤에 떠났다"),
                ("Nobody saw them.", "아무도 보지 못했다"),
            ],
            ("reel", "zh_Hans"): [
                ("They left at night.", "他们夜里离开了"),
                ("Nobody saw them.", "没人看见他们"),
            ],
        },
        tracks={"reel.en.srt": reel},
    )
    result = run_checks(load_project(root))
    assert [f.text_line() for f in result.findings if f.code == "S607"] == [
        "subtitles/reel.en.srt:6: S607 cue 2 (00:00:01,900 --> 00:00:04,000):"
        " starts 100 ms before cue 1 ends"
    ]
