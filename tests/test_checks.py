"""Every catalog check trips on a bad string and stays quiet on a good one,
in Korean, Simplified and Traditional Chinese where the check is
language-specific."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seoultrain_i18n.checks.data import number_values
from seoultrain_i18n.checks.language import mojibake_of
from seoultrain_i18n.checks.registry import REGISTRY, CheckContext, Pair
from seoultrain_i18n.checks.runner import check_catalog_messages
from seoultrain_i18n.checks.settings import Settings, all_checks
from seoultrain_i18n.errors import ConfigError
from seoultrain_i18n.model import Message
from seoultrain_i18n.translate.glossary import parse_glossary

GLOSSARY = parse_glossary(
    "source,ko,zh_Hans,zh_Hant,en,note,do_not_translate\n"
    "Seoul Train,서울 트레인,Seoul Train,Seoul Train,Seoul Train,title,no\n"
    "safe house,은신처,安全屋,安全屋,,,no\n"
    "UNHCR,,,,,,yes\n"
)


def problems(
    code: str,
    source: str,
    translation: str,
    locale: str = "ko",
    *,
    source_locale: str = "en",
    track: bool = False,
    flags: list[str] | None = None,
) -> list[str]:
    check = REGISTRY[code]
    message = Message(source=source, translation=translation, flags=flags or [])
    context = CheckContext("site" if not track else "reel", locale, source_locale, track, GLOSSARY)
    return list(check.function(Pair(source, translation, message), context))


# (code, locale, source, bad translation, good translation)
CASES = [
    (
        "M201",
        "ko",
        "Read <em>the film</em> notes.",
        "영화 노트를 읽으세요.",
        "<em>영화</em> 노트를 읽으세요.",
    ),
    ("M201", "zh_Hans", "A<br/>B", "甲乙", "甲<br>乙"),
    ("M202", "ko", "%(count)s refugees in {city}", "{city}의 난민", "{city}의 난민 %(count)s명"),
    ("M202", "zh_Hant", "%s of %d", "%s", "%d 中的 %s"),
    ("M203", "ko", "<b>Bold</b> text", "<b>굵은 글씨</i> 텍스트", "<b>굵은 글씨</b> 텍스트"),
    ("M203", "zh_Hans", "<b>Bold</b>", "<b>粗体", "<b>粗体</b>"),
    (
        "M204",
        "ko",
        'See <a href="film.html">the film</a>.',
        '<a href="film.html" onclick="steal()">영화</a>를 보세요.',
        '<a href="film.html">영화</a>를 보세요.',
    ),
    ("M204", "zh_Hans", "Hello", "你好<script>alert(1)</script>", "你好"),
    (
        "M204",
        "zh_Hant",
        'See <a href="film.html">it</a>',
        '<a href="https://evil.example/">看</a>',
        '<a href="film.html">看</a>',
    ),
    (
        "M204",
        "ko",
        '<a href="a.html">x</a>',
        '<a href=" java&#x09;script:alert(1)">x</a>',
        '<a href="a.html">엑스</a>',
    ),
    ("P301", "ko", "Hello ", "안녕", "안녕 "),
    ("P302", "zh_Hans", "Line one\nLine two", "第一行第二行", "第一行\n第二行"),
    ("P303", "ko", "Safe houses in China", "중국의  은신처", "중국의 은신처"),
    ("P304", "ko", "Where did they go?", "그들은 어디로 갔을까.", "그들은 어디로 갔을까?"),
    ("P304", "zh_Hans", "Where did they go?", "他们去了哪里。", "他们去了哪里？"),
    ("P304", "zh_Hant", "They crossed the river.", "他們渡過了河", "他們渡過了河。"),
    ("P305", "zh_Hans", "Yes, they did.", "是的,他们做到了.", "是的，他们做到了。"),
    ("P305", "zh_Hant", "Yes, they did!", "是的,他們做到了！", "是的，他們做到了！"),
    ("D401", "ko", "250,000 refugees", "2만 명의 난민", "25만 명의 난민"),
    ("D401", "zh_Hans", "3 million people", "三百人", "300万人"),
    ("D401", "zh_Hant", "In 2004, 7 people", "2005年，七人", "2004年，七人"),
    (
        "D402",
        "ko",
        "Visit https://www.unhcr.org/ today",
        "오늘 방문하세요",
        "오늘 https://www.unhcr.org/ 방문",
    ),
    (
        "D403",
        "zh_Hans",
        "Write to info@seoultrain.example",
        "写信给我们",
        "写信至 info@seoultrain.example",
    ),
    ("L501", "ko", "The underground railroad", "The underground railroad", "지하철도"),
    (
        "L502",
        "ko",
        "Watch Seoul Train tonight",
        "오늘 밤 서울 기차를 보세요",
        "오늘 밤 서울 트레인을 보세요",
    ),
    ("L502", "zh_Hans", "A safe house in Shenyang", "沈阳的一个藏身处", "沈阳的一个安全屋"),
    ("L502", "zh_Hant", "Ask UNHCR for help", "向聯合國難民署求助", "向 UNHCR 求助"),
    (
        "L504",
        "ko",
        "They fled across the border",
        "They fled across border now",
        "그들은 국경을 넘어 도망쳤다",
    ),
    ("L504", "ko", "They fled across the border", "他们逃过了边境", "그들은 국경을 넘어 도망쳤다"),
    ("L504", "zh_Hans", "They fled across the border", "他們逃過了邊境", "他们逃过了边境"),
    ("L504", "zh_Hant", "They fled across the border", "他们逃过了边境", "他們逃過了邊境"),
    (
        "L504",
        "zh_Hans",
        "They fled across the border",
        "They fled away over the border",
        "他们逃过了边境",
    ),
    ("L505", "ko", "It's a film", "ì•ˆë…• ì˜í™”", "영화입니다"),
    ("L505", "zh_Hans", "It's a film", "It’s a film â€™", "这是一部电影"),
    ("L505", "ko", "The boys", "boyıs 소년들", "소년들"),
    (
        "L506",
        "ko",
        "Hello there",
        "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY",
        "안녕하세요",
    ),
    ("L506", "zh_Hans", "Hello <b>there</b>", "你好 [X0X]那里[ X1 X]", "你好<b>那里</b>"),
]


@pytest.mark.parametrize(
    ("code", "locale", "source", "bad", "good"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)],
)
def test_check_trips_on_bad_and_passes_good(
    code: str, locale: str, source: str, bad: str, good: str
) -> None:
    assert problems(code, source, bad, locale), f"{code} did not trip on {bad!r}"
    assert problems(code, source, good, locale) == [], f"{code} tripped on {good!r}"


# Checks of subtitle catalogs only: (code, locale, source, bad, good), run as a
# track's message, and quiet on the same bad text in the site's catalog.
TRACK_CASES = [
    (
        "M205",
        "en",
        "안내인이 손짓하자 우리는 얼음 위로 나섰다",
        "We stepped out.\n\n00:00:30,000 --> 00:00:40,000\nINJECTED CUE",
        "When the guide waved --> we stepped out onto the ice.",
    ),
    ("M205", "ko", "Train 5 leaves at 9", "5호 열차 9 --> 10시", "5호 열차는 9시에 떠난다"),
]


@pytest.mark.parametrize(("code", "locale", "source", "bad", "good"), TRACK_CASES)
def test_track_check_trips_on_bad_and_passes_good(
    code: str, locale: str, source: str, bad: str, good: str
) -> None:
    assert problems(code, source, bad, locale, source_locale="ko", track=True)
    assert problems(code, source, good, locale, source_locale="ko", track=True) == []
    assert problems(code, source, bad, locale, source_locale="ko") == []


def test_every_catalog_check_has_a_case() -> None:
    covered = {case[0] for case in CASES + TRACK_CASES}
    message_checks = {check.code for check in all_checks() if check.kind == "message"}
    assert message_checks <= covered


def test_unsafe_markup_reports_the_event_handler() -> None:
    found = problems("M204", "<b>x</b>", '<b onmouseover="x()">엑스</b>')
    assert found == ["unsafe markup: event handler onmouseover= on <b>"]


def test_tag_parity_ignores_order() -> None:
    assert problems("M201", "<b>a</b> <i>b</i>", "<i>비</i> <b>에이</b>") == []


def test_placeholders_only_with_format_flag_for_bare_percent() -> None:
    # "50% of" is not a placeholder without a format flag …
    assert problems("M202", "50% of proceeds", "수익의 50%") == []
    # … but %5.1f is one with python-format.
    assert problems("M202", "%5.1f s", "초", flags=["python-format"])


def test_end_punctuation_loose_for_cjk_subtitles() -> None:
    # Korean and Chinese subtitles drop the full stop at line end (docs/norms.md).
    assert problems("P304", "They crossed the river.", "그들은 강을 건넜다", track=True) == []
    assert problems("P304", "They crossed the river.", "他们渡过了河", "zh_Hans", track=True) == []
    assert problems("P304", "Did they cross?", "他们渡河了吗", "zh_Hans", track=True)


def test_line_breaks_not_compared_for_subtitles() -> None:
    assert problems("P302", "one\ntwo", "하나 둘", track=True) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("250,000", Decimal(250000)),
        ("25만", Decimal(250000)),
        ("25万", Decimal(250000)),
        ("2만 5천", Decimal(25000)),
        ("3 million", Decimal(3000000)),
        ("1.5亿", Decimal(150000000)),
    ],
)
def test_number_values_understand_cjk_units(text: str, value: Decimal) -> None:
    stated, readable = number_values(text)
    assert stated == [value]
    assert value in readable


def test_chinese_numerals_are_readable() -> None:
    assert Decimal(3) in number_values("三个人")[1]
    assert Decimal(250000) in number_values("二十五万")[1]


def test_numbers_from_korean_source_to_english() -> None:
    assert problems("D401", "탈북자 25만 명", "250,000 defectors", "en", source_locale="ko") == []
    assert problems("D401", "두 사람", "two people", "en", source_locale="ko") == []


def test_glossary_korean_source_terms_are_whole_words() -> None:
    glossary = parse_glossary(
        "source,ko,zh_Hans,zh_Hant,en,note,do_not_translate\nChina,중국,中国,中國,,,no\n"
    )
    context = CheckContext("crossing", "en", "ko", True, glossary)

    def found(source: str, translation: str) -> list[str]:
        pair = Pair(source, translation, Message(source=source, translation=translation))
        return list(REGISTRY["L502"].function(pair, context))

    # 중국어 is "Chinese" (the language), not the term 중국 …
    assert found("중국어 몇 마디", "a few words of Chinese") == []
    # … but 중국에서 is 중국 with a particle.
    assert found("중국에서 살았다", "We lived in Manchuria") == [
        "glossary: '중국' should be rendered 'China'"
    ]
    assert found("중국에서 살았다", "We lived in China") == []


def test_glossary_latin_renderings_match_in_any_case() -> None:
    # The Chinese rendering of the title is the Latin "Seoul Train"; all capitals is fine.
    assert problems("L502", "SEOUL TRAIN — a film", "SEOUL TRAIN — 一部电影", "zh_Hans") == []
    assert problems("L502", "Seoul Train", "서울트레인", "ko") == []


def test_unchanged_allows_names_and_glossary_terms() -> None:
    assert problems("L501", "Seoul Train", "Seoul Train", "zh_Hans") == []
    assert problems("L501", "UNHCR", "UNHCR", "zh_Hant") == []
    assert problems("L501", "https://example.org/", "https://example.org/") == []


def test_traditional_text_may_use_characters_shared_with_simplified() -> None:
    # 台, 后, 里 are standard Traditional characters too.
    assert problems("L504", "Taiwan, the queen, the village", "台灣的王后在鄉里", "zh_Hant") == []


@pytest.mark.parametrize(
    "text",
    [
        "Caf\u00e9 au lait",
        "It\u2019s \u201cfine\u201d",
        "na\u00efve r\u00e9sum\u00e9",
        "서울 트레인",
    ],
)
def test_no_mojibake_in_clean_text(text: str) -> None:
    assert mojibake_of(text) is None


def test_mojibake_of_korean_read_as_cp1252() -> None:
    broken = "안녕".encode().decode("cp1252", errors="replace")
    assert mojibake_of(broken)


def message(source: str, translation: str = "", *, fuzzy: bool = False, line: int = 5) -> Message:
    return Message(
        source=source, translation=translation, flags=["fuzzy"] if fuzzy else [], line=line
    )


def run(messages: list[Message], settings: Settings | None = None, locale: str = "ko"):  # type: ignore[no-untyped-def]
    context = CheckContext("site", locale, "en", False, GLOSSARY)
    return check_catalog_messages(
        messages, context, "locales/ko/LC_MESSAGES/site.po", settings or Settings()
    )


def test_untranslated_and_fuzzy_are_warnings_below_threshold() -> None:
    findings = run(
        [message("A", ""), message("B", "비", fuzzy=True), message("C", "씨"), message("D", "디")]
    )
    assert [(f.code, f.severity) for f in findings] == [("T101", "warning"), ("T102", "warning")]


def test_untranslated_becomes_an_error_above_threshold() -> None:
    settings = Settings(untranslated_error_percent=20.0)
    findings = run([message("A", ""), message("B", "비"), message("C", "씨")], settings)
    assert [(f.code, f.severity) for f in findings] == [("T101", "error")]
    assert "33% of the catalog, over 20%" in findings[0].message
    fine = run([message("A", "에이"), message("B", "비"), message("C", "씨")], settings)
    assert fine == []


def test_fuzzy_becomes_an_error_above_threshold() -> None:
    settings = Settings(fuzzy_error_percent=10.0)
    findings = run([message("A", "에이", fuzzy=True), message("B", "비")], settings)
    assert [(f.code, f.severity) for f in findings] == [("T102", "error")]


def test_errors_in_fuzzy_text_are_warnings_except_unsafe_markup() -> None:
    findings = run(
        [
            message("<b>A</b>", "에이", fuzzy=True),
            message("B", '<img src=x onerror="x()">', fuzzy=True),
        ]
    )
    by_code = {f.code: f.severity for f in findings}
    assert by_code["M201"] == "warning"
    assert by_code["M204"] == "error"


def test_a_cue_timing_in_fuzzy_subtitle_text_stays_an_error() -> None:
    context = CheckContext("crossing", "en", "ko", True, GLOSSARY)
    injected = message("안내인", "Out.\n00:00:30,000 --> 00:00:40,000\nX", fuzzy=True)
    findings = check_catalog_messages(
        [injected], context, "locales/en/LC_MESSAGES/crossing.po", Settings()
    )
    assert ("M205", "error") in {(f.code, f.severity) for f in findings}


def test_select_ignore_and_severity_overrides() -> None:
    bad = [message("Hello", "안녕  하세요")]
    assert [f.code for f in run(bad)] == ["P303"]
    assert run(bad, Settings(ignore=("P303",))) == []
    assert run(bad, Settings(select=("M",))) == []
    assert [f.severity for f in run(bad, Settings(errors=("double-space",)))] == ["error"]


def test_unsafe_markup_cannot_be_ignored_or_demoted() -> None:
    with pytest.raises(ConfigError, match="M204 unsafe-markup is always an error"):
        Settings(ignore=("M204",)).validate()
    with pytest.raises(ConfigError, match="cannot be demoted"):
        Settings(warnings=("unsafe-markup",)).validate()
    # … and a prefix selection keeps it on.
    assert any(
        f.code == "M204" for f in run([message("x", "<script>x</script>")], Settings(select=("T",)))
    )


def test_unknown_selector_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown check 'X999'"):
        Settings(select=("X999",)).validate()


def test_every_check_has_a_description_and_unique_code() -> None:
    checks = all_checks()
    assert len({c.code for c in checks}) == len({c.name for c in checks}) == len(checks)
    for check in checks:
        assert check.description
        assert check.description != check.name
        assert check.severity in ("error", "warning")


def test_consistency_across_domains(tmp_path: Path) -> None:
    from seoultrain_i18n.checks.runner import run_checks
    from seoultrain_i18n.config import load_project
    from tests.check_support import make_project

    root = make_project(
        tmp_path / "p",
        {
            ("site", "ko"): [("Safe houses", "은신처")],
            ("reel", "ko"): [("Safe houses", "안가")],
        },
    )
    result = run_checks(load_project(root), select=["L503"])
    assert [f.text_line() for f in result.findings] == [
        "locales/ko/LC_MESSAGES/site.po:7: L503 [ko] translated differently"
        " in domain 'reel': '안가'"
    ]


@settings(max_examples=100, deadline=None)
@given(
    source=st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
    | st.sampled_from(["<b>x</b>", "%(n)s {x}", "250,000", "https://a.example/", "중국에서"]),
    translation=st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    locale=st.sampled_from(["ko", "zh_Hans", "zh_Hant", "en"]),
)
def test_no_check_crashes_on_arbitrary_text(source: str, translation: str, locale: str) -> None:
    context = CheckContext("site", locale, "en", False, GLOSSARY)
    pair = Pair(source, translation, Message(source=source, translation=translation))
    for check in all_checks():
        if check.kind == "message":
            for problem in check.function(pair, context):
                assert isinstance(problem, str)
                assert problem
