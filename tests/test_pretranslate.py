"""The pre-translation stage and its machine-translation engine."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seoultrain_i18n.config import load_project
from seoultrain_i18n.errors import TranslatorError
from seoultrain_i18n.formats.po import read_po
from seoultrain_i18n.model import Catalog, Cue
from seoultrain_i18n.testing.libretranslate_server import (
    FakeTranslateServer,
    fake_translate,
    running_server,
)
from seoultrain_i18n.translate.cache import MTCache
from seoultrain_i18n.translate.engine import (
    InvalidAnswer,
    Job,
    MTRunner,
    Outcome,
    mask,
    restore,
    split_packed,
)
from seoultrain_i18n.translate.glossary import load_glossary
from seoultrain_i18n.translate.pretranslate import (
    TranslateOptions,
    ends_sentence,
    pretranslate,
    sentence_groups,
)
from seoultrain_i18n.translate.providers import (
    Provider,
    ProviderSettings,
    QuotaError,
    RetryableError,
)
from tests.translate_project import make_project

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def glossary():  # type: ignore[no-untyped-def]
    return load_glossary(REPO / "locales" / "glossary.csv")


@pytest.fixture
def server() -> Iterator[FakeTranslateServer]:
    with running_server(hang_seconds=1.0) as running:
        yield running


# -- protection ----------------------------------------------------------------


def test_markup_placeholders_and_terms_are_protected(glossary) -> None:  # type: ignore[no-untyped-def]
    source = '%(count)s refugees crossed the <a href="x.html">Tumen River</a> {name} %d&nbsp;times'
    masked = mask([source], glossary=glossary, source_locale="en", target_locale="ko")
    assert masked.text == "[X0X] [X1X] crossed the [X2X][X3X][X4X] [X5X] [X6X][X7X]times"
    assert masked.replacements == (
        "%(count)s",
        "난민",
        '<a href="x.html">',
        "두만강",
        "</a>",
        "{name}",
        "%d",
        "&nbsp;",
    )
    answer = "[ X0 X] [X1X]이 [X2X] [X3X][X4X]를 [X5X] [X6X][X7X]번 건넜다"
    assert restore(answer, masked) == [
        '%(count)s 난민이 <a href="x.html"> 두만강</a>를 {name} %d&nbsp;번 건넜다'
    ]


def test_outer_whitespace_is_kept(glossary) -> None:  # type: ignore[no-untyped-def]
    masked = mask(["  Hello\n"], glossary=glossary, source_locale="en", target_locale="ko")
    assert masked.text == "Hello"
    assert restore("안녕", masked) == ["  안녕\n"]


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (None, "answer is NoneType, not text"),
        ("   ", "empty answer"),
        ("Refugees  cross the [X0X].", "the answer repeats the source text"),
        ("난민들이 건넌다.", "token [X0X] was lost"),
        ("[X0X] [X0X] 건넌다.", "tokens were duplicated or invented"),
        ("[X0X] [X7X] 건넌다.", "tokens were duplicated or invented"),
        ("[X0X] 건넌다 [X1", "a damaged token is left in the answer"),
    ],
)
def test_unusable_answers(glossary, answer: object, problem: str) -> None:  # type: ignore[no-untyped-def]
    masked = mask(
        ["Refugees cross the <em>."], glossary=None, source_locale="en", target_locale="ko"
    )
    with pytest.raises(InvalidAnswer) as error:
        restore(answer, masked)
    assert str(error.value) == problem


def test_quota_text_is_rejected() -> None:
    masked = mask(["Hello"], glossary=None, source_locale="en", target_locale="ko")
    with pytest.raises(QuotaError):
        restore("MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY", masked)


def test_cue_breaks_split_a_sentence_back() -> None:
    masked = mask(
        ["The underground railroad runs", "through China", "to Seoul."],
        glossary=None,
        source_locale="en",
        target_locale="ko",
    )
    assert masked.text == "The underground railroad runs [X0X] through China [X1X] to Seoul."
    assert restore("지하 철도는 [X0X] 중국을 거쳐 [X1X] 서울로 이어진다.", masked) == [
        "지하 철도는",
        "중국을 거쳐",
        "서울로 이어진다.",
    ]
    with pytest.raises(InvalidAnswer, match="out of order"):
        restore("a [X1X] b [X0X] c", masked)
    with pytest.raises(InvalidAnswer, match="empty after the split"):
        restore("[X0X] b [X1X] c", masked)


def test_split_packed() -> None:
    assert split_packed("a\n[S1S]\nb\n[ S2 S]\nc", 3) == ["a", "b", "c"]
    with pytest.raises(InvalidAnswer, match="2 parts for 3 units"):
        split_packed("a\n[S1S]\nb c", 3)


# -- sentence groups ---------------------------------------------------------------


def cue(index: int, start: float, end: float, text: str) -> Cue:
    return Cue(index, int(start * 1000), int(end * 1000), text)


def test_sentence_groups() -> None:
    cues = [
        cue(1, 1, 3, "North Korean refugees walk for days"),
        cue(2, 3.5, 6, "across the mountains."),
        cue(3, 8, 10, "They wait"),  # gap of 2 s: not joined to what follows
        cue(4, 12, 14, "in a safe house"),
        cue(5, 14.2, 15, "that"),
        cue(6, 15.2, 16, "nobody"),
        cue(7, 16.2, 17, "knows"),
        cue(8, 17.2, 18, "about."),  # a fifth cue: groups stop at four
    ]
    keys = [(None, c.text) for c in cues]
    pairs = list(zip(cues, keys, strict=True))
    assert sentence_groups(pairs, set(keys)) == [keys[0:2], keys[3:7]]
    # a key that is not wanted (already translated) breaks a group
    assert sentence_groups(pairs, set(keys) - {keys[1]}) == [keys[3:7]]


@pytest.mark.parametrize(
    ("text", "final"),
    [
        ("Run.", True),
        ("<i>Run!</i>", True),
        ('He said "stop."', True),
        ("走吧。", True),
        ("and then", False),
        ("Wait,", False),
        ("♪", False),
    ],
)
def test_ends_sentence(text: str, final: bool) -> None:
    assert ends_sentence(text) is final


# -- the runner --------------------------------------------------------------------


class ScriptedProvider(Provider):
    """An in-process provider: answers with fake_translate, fails on request."""

    name = "scripted"

    def __init__(
        self,
        fail: dict[str, list[Exception]] | None = None,
        always: tuple[str, ...] = (),
        drop_breaks: bool = False,
    ) -> None:
        super().__init__(ProviderSettings("scripted"))
        self.fail = fail or {}
        self.always = always
        self.drop_breaks = drop_breaks
        self.calls: list[list[str]] = []
        self.lock = threading.Lock()

    def _send(self, texts: list[str], source_locale: str, target_locale: str) -> list[str]:
        with self.lock:
            self.calls.append(list(texts))
            for needle, errors in self.fail.items():
                if any(needle in text for text in texts) and errors:
                    raise errors.pop(0)
        if any(needle in text for needle in self.always for text in texts):
            raise TranslatorError("scripted: HTTP 400")
        answers = [fake_translate(text) for text in texts]
        if self.drop_breaks:
            answers = [
                a.replace(" [X0X] ", " ") if "runs" in t else a
                for a, t in zip(answers, texts, strict=True)
            ]
        return answers


def jobs_for(texts: list[str]) -> list[Job]:
    return [
        Job("en", "ko", mask([t], glossary=None, source_locale="en", target_locale="ko"), tag=t)
        for t in texts
    ]


def collect(runner: MTRunner, jobs: list[Job]) -> dict[object, Outcome]:
    outcomes: dict[object, Outcome] = {}
    runner.run(jobs, lambda outcome: outcomes.__setitem__(outcome.job.tag, outcome))
    return outcomes


def test_retries_then_success_and_isolation(tmp_path: Path) -> None:
    provider = ScriptedProvider(
        fail={"alpha": [RetryableError("HTTP 429"), RetryableError("HTTP 500")]},
        always=("broken",),
    )
    texts = ["alpha one", "beta two", "broken three", "gamma four"]
    with MTCache(tmp_path / "cache.sqlite") as cache:
        runner = MTRunner(provider, cache, concurrency=2, retries=3, backoff=0.0)
        outcomes = collect(runner, jobs_for(texts))
        assert outcomes["broken three"].error == "scripted: HTTP 400"
        for text in ("alpha one", "beta two", "gamma four"):
            assert outcomes[text].texts == [fake_translate(text)]
        assert runner.stats.retries == 2
        # a second run asks only for what failed
        provider.calls.clear()
        again = MTRunner(provider, cache, concurrency=2, retries=0, backoff=0.0)
        outcomes = collect(again, jobs_for(texts))
        assert provider.calls == [["broken three"]]
        assert again.stats.cache_hits == 3


def test_packing_and_per_unit_fallback() -> None:
    provider = ScriptedProvider(always=("bad",))
    texts = [f"line {n}" for n in range(10)] + ["bad line"]
    runner = MTRunner(provider, None, concurrency=1, retries=0, backoff=0.0, batch_chars=1000)
    outcomes = collect(runner, jobs_for(texts))
    assert len(provider.calls[0]) == 1
    assert provider.calls[0][0].count("[S") == 10
    assert all(outcomes[t].texts == [fake_translate(t)] for t in texts[:10])
    assert outcomes["bad line"].error == "scripted: HTTP 400"
    assert len(provider.calls) == 1 + 11  # the failed pack, then each unit alone


def test_identical_units_are_sent_once() -> None:
    provider = ScriptedProvider()
    runner = MTRunner(provider, None, concurrency=1, backoff=0.0)
    jobs = jobs_for(["same", "same"])
    jobs[1].tag = "twin"
    seen: list[Outcome] = []
    runner.run(jobs, seen.append)
    assert [o.texts for o in seen] == [[fake_translate("same")]] * 2 or len(seen) == 2
    assert len(provider.calls) == 1


def test_group_falls_back_to_single_cues(tmp_path: Path) -> None:
    provider = ScriptedProvider(drop_breaks=True)
    texts = ["The underground railroad runs", "through China."]
    whole = mask(texts, glossary=None, source_locale="en", target_locale="ko")
    fallback = [mask([t], glossary=None, source_locale="en", target_locale="ko") for t in texts]
    job = Job("en", "ko", whole, fallback, tag="group")
    with MTCache(tmp_path / "c.sqlite") as cache:
        runner = MTRunner(provider, cache, concurrency=1, retries=0, backoff=0.0)
        outcome = collect(runner, [job])["group"]
        assert outcome.texts == [fake_translate(t) for t in texts]
        assert outcome.split is False
        assert runner.from_cache(job) is not None  # the per-cue answers were cached


def test_quota_stops_sending() -> None:
    provider = ScriptedProvider(fail={"one": [QuotaError("scripted: quota used up")]})
    runner = MTRunner(provider, None, concurrency=1, retries=0, backoff=0.0, batch_chars=5)
    outcomes = collect(runner, jobs_for(["one", "two", "three"]))
    assert all(o.error == "scripted: quota used up" for o in outcomes.values())
    assert len(provider.calls) == 1


# -- the stage -----------------------------------------------------------------------


def po(root: Path, locale: str, domain: str):  # type: ignore[no-untyped-def]
    return {
        m.source: m for m in read_po(root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po")
    }


def test_offline_sources(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    report = pretranslate(load_project(root), TranslateOptions())
    assert report.failed == []
    hant = po(root, "zh_Hant", "site")
    message = hant["Software and information for everyone"]
    assert message.translation == "軟體和資訊屬於每個人"  # Taiwan phrasing
    assert message.fuzzy
    assert message.comments == ["draft: OpenCC s2twp from zh_Hans"]
    assert hant["Seoul Train"].comments == ["draft: glossary"]
    assert hant["2005"].translation == "2005"
    ko = po(root, "ko", "site")
    assert ko["Home"].translation == "홈"
    assert not ko["Home"].fuzzy
    assert ko["Get the video"].translation == "비디오"  # fuzzy kept without --include-fuzzy
    back = po(root, "zh_Hans", "site")["Page %d of %d"]  # and back, from reviewed zh_Hant
    assert back.translation == "第 %d 页，共 %d 页"
    assert back.comments == ["draft: OpenCC tw2sp from zh_Hant"]
    assert back.flags == ["fuzzy", "c-format"]
    assert report.filled["opencc"] == 3
    assert report.filled["glossary"] == 3
    assert report.skipped > 0
    assert report.requests == 0


def test_memory_drafts_exact_and_fuzzy(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    tmx = root / "locales" / "memory.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="en"/><body>'
        '<tu><tuv xml:lang="en"><seg>Nobody knows how many made it.</seg></tuv>'
        '<tuv xml:lang="ko"><seg>얼마나 많은 이들이 살아남았는지 아무도 모른다.</seg></tuv></tu>'
        '<tu><tuv xml:lang="en"><seg>Some are caught near the river.</seg></tuv>'
        '<tuv xml:lang="ko"><seg>일부는 강 근처에서 붙잡힌다.</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    pretranslate(load_project(root), TranslateOptions(locales=("ko",)))
    reel = po(root, "ko", "reel")
    exact = reel["Nobody knows how many made it."]
    assert exact.fuzzy
    assert exact.comments == ["draft: memory 100% (memory.tmx)"]
    near = reel["Some are caught near the Yalu River."]
    assert near.translation == "일부는 강 근처에서 붙잡힌다."
    assert near.fuzzy
    assert near.comments[0].startswith("draft: memory ")
    assert near.comments[0].endswith("% (memory.tmx)")


def test_hong_kong_variant(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace("backoff = 0.01", 'backoff = 0.01\nhant-variant = "hk"')
    )
    pretranslate(load_project(root), TranslateOptions(locales=("zh_Hant",)))
    message = po(root, "zh_Hant", "site")["Software and information for everyone"]
    assert message.translation == "軟件和信息屬於每個人"
    assert message.comments == ["draft: OpenCC s2hk from zh_Hans"]


def test_include_fuzzy_redrafts_and_keeps_comments(
    tmp_path: Path, server: FakeTranslateServer
) -> None:
    root = make_project(tmp_path / "p")
    options = TranslateOptions(
        locales=("ko",),
        domains=("site",),
        provider="libre",
        provider_url=server.url,
        include_fuzzy=True,
        today="2026-11-26",
    )
    pretranslate(load_project(root), options)
    message = po(root, "ko", "site")["Get the video"]
    assert message.translation == fake_translate("Get the video")
    assert message.comments == ["old wording", "draft: libre 2026-11-26"]
    assert message.previous_source == "Get the videos"
    assert message.flags == ["fuzzy"]


def test_machine_drafts_use_the_glossary_and_sentences(
    tmp_path: Path, server: FakeTranslateServer
) -> None:
    root = make_project(tmp_path / "p")
    options = TranslateOptions(
        locales=("ko",), provider="libre", provider_url=server.url, today="2026-11-26"
    )
    report = pretranslate(load_project(root), options)
    assert report.failed == []
    site = po(root, "ko", "site")
    assert site["Refugees cross the <em>Tumen River</em> at night."].translation == (
        "난민 pebff gur <em>두만강</em> ng avtug."
    )
    assert site["%(count)s refugees were sent back to North Korea."].flags == [
        "fuzzy",
        "python-format",
    ]
    reel = po(root, "ko", "reel")
    first = reel["North Korean refugees walk for days"]
    assert first.translation == "북한 난민 jnyx sbe qnlf"
    assert first.comments == ["draft: libre 2026-11-26 (one sentence across 2 cues)"]
    assert reel["to South Korea."].translation == "gb 한국."
    assert reel["They wait."].translation == "그들은 기다린다."  # reviewed: untouched


def test_dry_run_sends_and_writes_nothing(tmp_path: Path, server: FakeTranslateServer) -> None:
    root = make_project(tmp_path / "p")
    before = {p: p.read_bytes() for p in (root / "locales").rglob("*.po")}
    report = pretranslate(
        load_project(root),
        TranslateOptions(provider="libre", provider_url=server.url, dry_run=True),
    )
    assert server.requests == 0
    assert report.planned_characters > 0
    assert report.planned_requests >= 3
    assert {p: p.read_bytes() for p in (root / "locales").rglob("*.po")} == before
    assert not (root / "locales" / ".mt-cache.sqlite").exists()


def test_deepl_gets_lists(tmp_path: Path, server: FakeTranslateServer) -> None:
    root = make_project(tmp_path / "p")
    options = TranslateOptions(
        locales=("zh_Hant",),
        provider="deepl",
        provider_url=server.url,
        today="2026-11-26",
        env={"DEEPL_API_KEY": "not-a-real-key"},
    )
    report = pretranslate(load_project(root), options)
    assert report.failed == []
    assert report.filled["deepl"] > 5
    assert server.requests == 1  # every unit of the language pair in one list
    assert server.pairs == [("EN", "ZH-HANT")]
    message = po(root, "zh_Hant", "reel")["Some are caught near the Yalu River."]
    assert message.translation == "Fbzr ner pnhtug arne gur 鴨綠江."
    assert message.comments == ["draft: deepl 2026-11-26"]


PROTECTED_PIECES = [
    "<em>",
    "</em>",
    '<a href="x.html">',
    "</a>",
    "<br/>",
    "%s",
    "%(count)s",
    "%1$s",
    "{name}",
    "{0}",
    "{\\an8}",
    "&amp;",
    "&#8212;",
    "[X3X]",
]


@settings(max_examples=100, deadline=None)
@given(
    pieces=st.lists(
        st.one_of(
            st.sampled_from(PROTECTED_PIECES),
            st.text(alphabet="abcdefgh ,.\n", min_size=1, max_size=8),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_protected_pieces_always_come_back(pieces: list[str]) -> None:
    text = "".join(pieces)
    masked = mask([text], glossary=None, source_locale="en", target_locale="ko")
    assert "%s" not in masked.text
    assert "<" not in masked.text
    assert "{" not in masked.text
    if not masked.has_words:
        return  # such a message is copied, never sent
    (restored,) = restore(fake_translate(masked.text), masked)
    position = 0
    for piece in (p for p in pieces if p in PROTECTED_PIECES):
        found = restored.find(piece, position)
        assert found >= 0, (piece, restored)
        position = found + len(piece)
    assert restored.startswith(text[: len(text) - len(text.lstrip())])
    assert restored.endswith(text[len(text.rstrip()) :])


class _WatchedCatalog(Catalog):
    """A catalog that can be watched by a weak reference (``Catalog`` has slots)."""


def test_only_catalogs_with_drafts_to_make_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole catalogue is never held at once: once the memory and the
    OpenCC siblings are built, a catalog with nothing to draft is gone."""
    import gc
    import weakref
    from dataclasses import fields

    from seoultrain_i18n.catalogs.layout import LoadedCatalog
    from seoultrain_i18n.translate import pretranslate as stage

    root = make_project(tmp_path / "p")
    watched: dict[tuple[str, str], weakref.ref[Catalog]] = {}
    real_iter = stage.iter_catalogs

    def watching_iter(*args, **kwargs):  # type: ignore[no-untyped-def]
        for item in real_iter(*args, **kwargs):
            catalog = _WatchedCatalog(
                **{f.name: getattr(item.catalog, f.name) for f in fields(Catalog)}
            )
            watched[(item.locale, item.template.domain)] = weakref.ref(catalog)
            yield LoadedCatalog(item.template, item.locale, item.path, catalog)

    monkeypatch.setattr(stage, "iter_catalogs", watching_iter)
    alive: set[tuple[str, str]] = set()

    def on_total(total: int) -> None:  # called once the drafting is planned
        gc.collect()
        alive.update(key for key, ref in watched.items() if ref() is not None)

    report = pretranslate(
        load_project(root), TranslateOptions(locales=("zh_Hant",)), on_total=on_total
    )
    assert len(watched) == 6  # every catalog was read (the memory is the project's)
    assert alive == {("zh_Hant", "site"), ("zh_Hant", "reel")}
    # The dropped zh_Hans catalog still drafted its sibling through OpenCC.
    message = po(root, "zh_Hant", "site")["Software and information for everyone"]
    assert message.translation == "軟體和資訊屬於每個人"
    assert report.filled["opencc"] == 2  # and "Home"


def test_a_chinese_source_drafts_the_other_script_from_itself(tmp_path: Path) -> None:
    """A film track in Traditional Chinese (Big5, as such files often are):
    its zh_Hans catalog is drafted by converting the source text."""
    from click.testing import CliRunner

    from seoultrain_i18n.cli import cli
    from tests.site_project import bundled_copy

    project = bundled_copy(tmp_path / "bundled")
    cues = "1\r\n00:00:01,000 --> 00:00:03,000\r\n我們在夜裡等待渡河\r\n\r\n"
    cues += "2\r\n00:00:03,500 --> 00:00:06,000\r\n軟體與資訊\r\n"
    (project.root / "subtitles" / "river.zh_Hant.srt").write_bytes(cues.encode("big5"))
    for step in (["extract"], ["update"], ["translate"]):
        result = CliRunner().invoke(cli, ["--project", str(project.root), *step])
        assert result.exit_code == 0, result.output
    drafts = po(project.root, "zh_Hans", "river")
    night = drafts["我們在夜裡等待渡河"]
    assert night.translation == "我们在夜里等待渡河"
    assert night.fuzzy
    assert night.comments == ["draft: OpenCC tw2sp from the zh_Hant source"]
    assert drafts["軟體與資訊"].translation == "软件与信息"  # Taiwan words back to mainland ones
    assert not po(project.root, "ko", "river")["軟體與資訊"].translation  # no OpenCC into Korean
