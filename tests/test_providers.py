"""Provider adapters against the local LibreTranslate/DeepL-speaking server:
deep-translator's real LibreTranslator and the official deepl SDK."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from seoultrain_i18n.errors import ConfigError, TranslatorError
from seoultrain_i18n.testing.libretranslate_server import (
    FakeTranslateServer,
    fake_translate,
    running_server,
)
from seoultrain_i18n.translate.providers import (
    QuotaError,
    RetryableError,
    UnreachableError,
    check_warning,
    make_provider,
    redact,
)

SECRET = "sekrit-key-4711"


@pytest.fixture
def server() -> Iterator[FakeTranslateServer]:
    with running_server(hang_seconds=2.0) as running:
        yield running


def test_libre_through_deep_translator(server: FakeTranslateServer) -> None:
    provider = make_provider("libre", url=server.url.rstrip("/"), timeout=2, env={})
    text = "Refugees cross the <em>[X0X]</em> at night.\nSecond line"
    assert provider.translate([text], "en", "ko") == [fake_translate(text)]
    assert provider.translate(["난민"], "ko", "en") == [fake_translate("난민")]
    provider.translate(["Home"], "en", "zh_Hant")
    # deep-translator's map lacks "zt"; the adapter still sends it
    assert server.pairs == [("en", "ko"), ("ko", "en"), ("en", "zt")]


@pytest.mark.parametrize(
    ("fault", "kind", "message"),
    [
        ("429", RetryableError, "libre: HTTP 429"),
        ("500", RetryableError, "libre: HTTP 500"),
        ("503", RetryableError, "libre: HTTP 503"),
        (
            "garbage",
            RetryableError,
            "libre: unreadable answer (JSONDecodeError: Expecting value: line 1 column 1 (char 0))",
        ),
        ("empty", RetryableError, "libre: empty answer"),
        ("hang", RetryableError, "libre: no complete answer within 1 s"),
        ("403", TranslatorError, "libre: HTTP 403: not authorised (check the key)"),
    ],
)
def test_faults_become_translator_errors(
    server: FakeTranslateServer, fault: str, kind: type[Exception], message: str
) -> None:
    provider = make_provider("libre", url=server.url, timeout=1.0, env={"LIBRE_API_KEY": SECRET})
    server.faults.append(fault)
    with pytest.raises(TranslatorError) as error:
        provider.translate(["Hello"], "en", "ko")
    assert type(error.value) is kind
    assert str(error.value) == message
    assert provider.translate(["Hello"], "en", "ko") == ["Uryyb"]  # the next request works


def test_quota_warning_is_not_a_translation(server: FakeTranslateServer) -> None:
    provider = make_provider("libre", url=server.url, env={})
    server.faults.append("quota")
    with pytest.raises(QuotaError, match="libre: quota used up"):
        provider.translate(["Hello"], "en", "ko")


def test_key_never_appears_in_errors() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = make_provider(
        "libre", url=f"http://127.0.0.1:{port}/", timeout=1, env={"LIBRE_API_KEY": SECRET}
    )
    # a refused connection is not retried: the run stops with this one error
    with pytest.raises(UnreachableError) as error:
        provider.translate(["Hello"], "en", "ko")
    assert str(error.value) == f"libre: cannot reach http://127.0.0.1:{port}/: connection refused"
    assert SECRET not in str(error.value)


def test_redact() -> None:
    text = (
        f"GET /translate?q=x&api_key={SECRET}&auth_key=abc Authorization: "
        f"DeepL-Auth-Key zzz:fx Unauthorized access with the api key {SECRET}"
    )
    cleaned = redact(text, [SECRET])
    assert SECRET not in cleaned
    assert "abc" not in cleaned
    assert "zzz:fx" not in cleaned
    assert "api_key=***" in cleaned


def test_warning_texts() -> None:
    with pytest.raises(QuotaError):
        check_warning("mymemory", "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS")
    with pytest.raises(TranslatorError, match="answered with a warning"):
        check_warning("mymemory", "QUERY LENGTH LIMIT EXCEEDED. MAX ALLOWED QUERY : 500 CHARS")
    check_warning("mymemory", "난민")


def test_one_instance_per_thread(server: FakeTranslateServer) -> None:
    provider = make_provider("libre", url=server.url, timeout=5, env={})
    results: dict[int, list[str]] = {}

    def work(number: int) -> None:
        results[number] = [
            provider.translate([f"text {number} {i}"], "en", "ko")[0] for i in range(5)
        ]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for number in range(8):
        assert results[number] == [fake_translate(f"text {number} {i}") for i in range(5)]


def test_deepl_through_the_official_sdk(server: FakeTranslateServer) -> None:
    provider = make_provider("deepl", url=server.url, timeout=2, env={"DEEPL_API_KEY": SECRET})
    texts = ["Home", "The <em>[X0X]</em> river", "Get the video"]
    assert provider.translate(texts, "en", "zh_Hant") == [fake_translate(t) for t in texts]
    assert server.requests == 1  # one request for the whole list
    assert server.pairs == [("EN", "ZH-HANT")]
    server.faults.append("429")
    with pytest.raises(RetryableError):
        provider.translate(["Home"], "en", "ko")
    server.faults.append("quota")
    with pytest.raises(QuotaError):
        provider.translate(["Home"], "en", "ko")
    server.faults.append("403")
    with pytest.raises(TranslatorError) as error:
        provider.translate(["Home"], "en", "ko")
    assert SECRET not in str(error.value)


def test_configuration_errors() -> None:
    with pytest.raises(ConfigError, match="unknown provider 'papago'"):
        make_provider("papago", env={})
    with pytest.raises(ConfigError) as error:
        make_provider("microsoft", env={})
    assert str(error.value) == (
        "microsoft needs a key: set the environment variable MICROSOFT_API_KEY"
    )
    with pytest.raises(ConfigError, match="DEEPL_API_KEY"):
        make_provider("deepl", env={})
    with pytest.raises(ConfigError, match="--provider-url works with libre and deepl"):
        make_provider("google", url="http://127.0.0.1:1/", env={})
