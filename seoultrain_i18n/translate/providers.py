"""Machine-translation provider adapters: the one module importing deep_translator
(and the official ``deepl`` SDK).

Each adapter sends ONE request per ``translate`` call and either returns the
provider's raw answers or raises ``TranslatorError``: ``RetryableError`` for
429, 5xx, timeouts, connection failures and garbage answers (the caller backs
off and retries), ``QuotaError`` when the provider says its quota is used up,
and plain ``TranslatorError`` for everything else. No message ever contains a
key: every error text goes through ``redact``.

Keys come from environment variables (never from the command line, so they do
not land in shell history or process lists):

====================  =========================================================
``LIBRE_API_KEY``     LibreTranslate key; optional (a self-hosted server needs
                      none, a dummy is passed because deep-translator insists)
``MICROSOFT_API_KEY`` Microsoft Translator key (required)
``MICROSOFT_REGION``  Microsoft Translator region (optional)
``DEEPL_API_KEY``     DeepL key (required; ``…:fx`` keys use the free API)
``MYMEMORY_EMAIL``    MyMemory contact e-mail: raises the daily quota (optional)
====================  =========================================================

deep-translator has no timeouts and uses module-level ``requests.get/post``.
This module replaces the ``requests`` name inside the deep_translator provider
modules with a shim that adds the configured timeout to every request, reuses
one keep-alive session per worker, remembers each answer's HTTP status and
``Retry-After`` (so a 429 can be told from a 500 even where deep-translator
hides the code), and reads the body itself: no more than a cap relative to the
text sent, and no later than the request's time limit.

Containment. A socket timeout bounds each read, not a request: a server
dripping one byte a second never trips it. So every request runs in a helper
thread that the caller waits for at most ``timeout`` seconds (the whole
request: connect, headers, body); a helper that overruns is abandoned (its
reads stop at the next byte) and its worker gets fresh clients. An answer that
contains the key is refused, never returned.
deep-translator instances mutate shared state and are not thread-safe, so an
adapter keeps one instance per worker thread.
"""

from __future__ import annotations

import email.utils
import math
import os
import re
import socket
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import ConfigError, TranslatorError

PROVIDERS = ("google", "mymemory", "libre", "microsoft", "deepl")
DUMMY_LIBRE_KEY = "no-key"
# Texts providers return with HTTP 200 instead of a translation.
WARNING_TEXTS = (
    "MYMEMORY WARNING",
    "YOU USED ALL AVAILABLE FREE TRANSLATIONS",
    "QUERY LENGTH LIMIT EXCEEDED",
    "INVALID LANGUAGE PAIR",
    "PLEASE SELECT TWO DISTINCT LANGUAGES",
    "NO QUERY SPECIFIED",
)
_QUOTA_TEXTS = ("YOU USED ALL AVAILABLE FREE TRANSLATIONS", "QUOTA")


class RetryableError(TranslatorError):
    """A failure worth retrying after a pause (429, 5xx, timeout, garbage);
    ``retry_after`` is the pause the server asked for, in seconds."""

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class RunStopped(TranslatorError):
    """Sending more in this run is pointless (quota, deadline, circuit open)."""


class QuotaError(RunStopped):
    """The provider's quota is used up."""


class AnswerRefused(TranslatorError):
    """An answer that must not be used or stored (too large, carries the key)."""


# An answer may be this many times the size of what was sent (plus a margin
# for JSON around it): translations grow, but not a thousandfold.
ANSWER_GROWTH = 16
ANSWER_MARGIN = 64 * 1024


def answer_cap(texts: list[str]) -> int:
    """The most bytes an answer to ``texts`` may have."""
    return ANSWER_GROWTH * sum(len(text.encode("utf-8")) for text in texts) + ANSWER_MARGIN


class UnreachableError(QuotaError):
    """The provider cannot be reached at all (connection refused, unknown host).

    Like a used-up quota, retrying or sending the other messages is pointless:
    the run stops at once with this one message.
    """


def unreachable(error: BaseException) -> str | None:
    """Why ``error`` means the server cannot be reached, or None when it may
    be transient (timeouts, resets, 429 and 5xx are retried, not this).

    Connection refused and a host name that does not resolve fail at once.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return "connection refused"
        if isinstance(current, socket.gaierror) or type(current).__name__ == "NameResolutionError":
            return "the host name does not resolve"
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            if isinstance(reason, ConnectionRefusedError) or "Connection refused" in str(reason):
                return "connection refused"
            current = reason
            continue
        nested = current.args[0] if current.args else None
        current = (
            nested
            if isinstance(nested, BaseException)
            else (current.__cause__ or current.__context__)
        )
    return None


def check_provider_url(url: str) -> None:
    """ConfigError unless ``url`` is an absolute http(s) URL (empty: the default server)."""
    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"provider URL {url!r}: expected an absolute http(s) URL such as "
            "'http://localhost:5000/'"
        )


# -- secrets ---------------------------------------------------------------

_KEY_PARAMS = re.compile(r"(?i)((?:api_key|auth_key|apikey|key|subscription-key|de)=)[^&\s'\"]+")
_AUTH_HEADERS = re.compile(
    r"(?i)((?:DeepL-Auth-Key|Ocp-Apim-Subscription-Key['\"]?:?)\s*['\"]?)[^\s'\",}]+"
)


def redact(text: str, secrets: tuple[str, ...] | list[str] = ()) -> str:
    """``text`` with every secret, ``key=…`` URL parameter and auth header value hidden."""
    for secret in sorted((s for s in secrets if s and len(s) >= 3), key=len, reverse=True):
        text = text.replace(secret, "***")
    text = _KEY_PARAMS.sub(r"\1***", text)
    return _AUTH_HEADERS.sub(r"\1***", text)


# -- the requests shim -------------------------------------------------------


class _Slot:
    """One worker's clients: deep-translator instances, a DeepL client, a session."""

    def __init__(self) -> None:
        self.instances: dict[tuple[str, str], Any] = {}
        self.client: Any = None
        self.session: requests.Session | None = None


class _ThreadState(threading.local):
    timeout: float = 30.0
    last_status: int | None = None
    retry_after: float | None = None
    session: requests.Session | None = None
    slot: _Slot | None = None
    max_bytes: int = ANSWER_MARGIN
    ends_at: float = math.inf
    cancelled: threading.Event | None = None


_STATE = _ThreadState()


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


class _RequestsWithTimeout:
    """Stands in for the ``requests`` module inside deep_translator modules."""

    exceptions = requests.exceptions

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)

    def _request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        state = _STATE
        if state.session is None:
            state.session = requests.Session()
        kwargs.setdefault("timeout", state.timeout)
        kwargs["stream"] = True
        state.last_status = None
        state.retry_after = None
        response = state.session.request(method, url, **kwargs)
        state.last_status = response.status_code
        state.retry_after = _retry_after(response.headers.get("Retry-After"))
        try:
            response._content = _read_body(response, state)
        finally:
            response.close()
        return response

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self._request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self._request("POST", url, **kwargs)


def _read_body(response: requests.Response, state: _ThreadState) -> bytes:
    """The whole body, refusing more than ``state.max_bytes`` or a late finish."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > state.max_bytes:
        raise AnswerRefused(
            f"answer of {int(declared):,} bytes refused (limit {state.max_bytes:,})"
        )
    body = bytearray()
    while True:
        if time.monotonic() > state.ends_at or (state.cancelled and state.cancelled.is_set()):
            raise RetryableError(f"no complete answer within {state.timeout:g} s")
        chunk = response.raw.read1(65536, decode_content=True)
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > state.max_bytes:
            raise AnswerRefused(f"answer over {state.max_bytes:,} bytes refused")


_SHIM = _RequestsWithTimeout()
_INSTALLED = False


def _install_shim() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    from deep_translator import google, libre, microsoft, mymemory

    for module in (google, libre, microsoft, mymemory):
        module.requests = _SHIM
    _INSTALLED = True


# -- adapters ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProviderSettings:
    name: str
    url: str = ""
    timeout: float = 10.0
    key: str = field(default="", repr=False)
    extra: str = field(default="", repr=False)


class Provider(ABC):
    """One machine-translation service.

    ``max_items`` is how many texts one request may carry natively (1 for the
    deep-translator services, which take a single string), ``max_chars`` the
    longest text (or list) one request may carry.
    """

    name: str = ""
    max_items: int = 1
    max_chars: int = 1500

    def __init__(self, settings: ProviderSettings) -> None:
        self.settings = settings
        self._local = threading.local()

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.settings.key, self.settings.extra) if s)

    def code(self, locale: str, *, source: bool = False) -> str:
        return locale_ids.provider_code(self.name, locale, source=source)

    def _slot(self) -> _Slot:
        """This worker thread's clients (helper threads use their worker's)."""
        slot: _Slot | None = getattr(self._local, "slot", None)
        if slot is None:
            slot = self._local.slot = _Slot()
        return slot

    def translate(
        self,
        texts: list[str],
        source_locale: str,
        target_locale: str,
        *,
        timeout: float | None = None,
    ) -> list[str]:
        """Send one request for ``texts`` and wait at most ``timeout`` seconds
        (default: the configured timeout) for all of it; raises TranslatorError
        (redacted)."""
        limit = self.settings.timeout if timeout is None else min(timeout, self.settings.timeout)
        limit = max(limit, 0.01)
        slot = self._slot()
        cancelled = threading.Event()
        result: list[list[str] | BaseException] = []

        def work() -> None:
            _STATE.slot, _STATE.session = slot, slot.session
            _STATE.timeout, _STATE.ends_at = limit, time.monotonic() + limit
            _STATE.max_bytes, _STATE.cancelled = answer_cap(texts), cancelled
            try:
                result.append(self._translate_now(texts, source_locale, target_locale))
            except BaseException as error:  # handed to the waiting worker
                result.append(error)
            finally:
                slot.session = _STATE.session

        helper = threading.Thread(target=work, name=f"{self.name}-request", daemon=True)
        helper.start()
        helper.join(limit + 0.25)  # the helper's own limits normally end it first
        if helper.is_alive() or not result:
            cancelled.set()
            self._local.slot = _Slot()  # the abandoned helper keeps the old clients
            raise RetryableError(f"{self.name}: no complete answer within {limit:g} s")
        outcome = result[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def _translate_now(
        self, texts: list[str], source_locale: str, target_locale: str
    ) -> list[str]:
        try:
            answers = self._send(texts, source_locale, target_locale)
        except TranslatorError as error:
            text = str(error)
            named = text if text.startswith(f"{self.name}:") else f"{self.name}: {text}"
            error.args = (redact(named, self.secrets),)
            raise error from None
        except Exception as error:
            raise self._classify(error) from None
        if len(answers) != len(texts):
            raise RetryableError(f"{self.name}: {len(answers)} answers for {len(texts)} texts")
        cap = answer_cap(texts)
        for answer in answers:
            check_warning(self.name, answer)
            if isinstance(answer, str) and len(answer.encode("utf-8")) > cap:
                raise AnswerRefused(f"{self.name}: answer over {cap:,} bytes refused")
            if isinstance(answer, str) and any(
                secret in answer for secret in self.secrets if len(secret) >= 4
            ):
                raise AnswerRefused(f"{self.name}: the answer contains the API key; refused")
        return answers

    @abstractmethod
    def _send(self, texts: list[str], source_locale: str, target_locale: str) -> list[str]: ...

    def _classify(self, error: Exception) -> TranslatorError:
        detail = redact(f"{type(error).__name__}: {error}", self.secrets)
        status = _STATE.last_status
        if isinstance(error, requests.exceptions.Timeout):
            return RetryableError(f"{self.name}: no complete answer within {_STATE.timeout:g} s")
        if isinstance(error, requests.exceptions.ConnectionError):
            why = unreachable(error)
            if why is not None:
                where = self.settings.url or self.name
                return UnreachableError(f"{self.name}: cannot reach {where}: {why}")
            return RetryableError(f"{self.name}: cannot connect ({_short(detail)})")
        if isinstance(error, ValueError | KeyError | TypeError | AttributeError) and status == 200:
            return RetryableError(f"{self.name}: unreadable answer ({_short(detail)})")
        if status == 429 or (status is not None and status >= 500):
            return RetryableError(
                f"{self.name}: HTTP {status}", status=status, retry_after=_STATE.retry_after
            )
        if status in (401, 403):
            return TranslatorError(f"{self.name}: HTTP {status}: not authorised (check the key)")
        if status is not None and status != 200:
            return TranslatorError(f"{self.name}: HTTP {status}: {_short(detail)}")
        name = type(error).__name__
        if name in ("TooManyRequests",):
            return RetryableError(f"{self.name}: too many requests", status=429)
        if name in ("TranslationNotFound",):
            return RetryableError(f"{self.name}: empty answer")
        return TranslatorError(f"{self.name}: {_short(detail)}")


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_warning(provider: str, answer: object) -> None:
    """Raise when a provider answered with a warning instead of a translation."""
    if not isinstance(answer, str):
        return
    upper = answer.upper()
    for warning in WARNING_TEXTS:
        if warning in upper:
            if any(quota in upper for quota in _QUOTA_TEXTS):
                raise QuotaError(f"{provider}: quota used up ({_short(answer, 80)})")
            raise TranslatorError(f"{provider}: answered with a warning ({_short(answer, 80)})")


class _DeepTranslatorProvider(Provider):
    """Shared code of the deep-translator services: one string per request."""

    def _instance(self, source_locale: str, target_locale: str) -> Any:
        cache = (_STATE.slot or self._slot()).instances
        pair = (source_locale, target_locale)
        if pair not in cache:
            cache[pair] = self._construct(
                self.code(source_locale, source=True), self.code(target_locale)
            )
        return cache[pair]

    @abstractmethod
    def _construct(self, source: str, target: str) -> Any: ...

    def _send(self, texts: list[str], source_locale: str, target_locale: str) -> list[str]:
        _install_shim()
        translator = self._instance(source_locale, target_locale)
        return [translator.translate(text) for text in texts]


class LibreProvider(_DeepTranslatorProvider):
    name = "libre"
    max_chars = 2000

    def _construct(self, source: str, target: str) -> Any:
        from deep_translator import LibreTranslator

        url = self.settings.url or "https://libretranslate.com/"
        if not url.endswith("/"):
            url += "/"  # deep-translator appends "translate" without a slash
        # deep-translator's language map lacks "zt" (Traditional Chinese on
        # LibreTranslate servers): construct with "zh" and set the code after.
        translator = LibreTranslator(
            source="zh" if source == "zt" else source,
            target="zh" if target == "zt" else target,
            api_key=self.settings.key or DUMMY_LIBRE_KEY,
            custom_url=url,
        )
        translator.source, translator.target = source, target
        return translator


class GoogleProvider(_DeepTranslatorProvider):
    name = "google"
    max_chars = 4500

    def _construct(self, source: str, target: str) -> Any:
        from deep_translator import GoogleTranslator

        return GoogleTranslator(source=source, target=target)


class MyMemoryProvider(_DeepTranslatorProvider):
    name = "mymemory"
    max_chars = 480

    def _construct(self, source: str, target: str) -> Any:
        from deep_translator import MyMemoryTranslator

        kwargs = {"email": self.settings.extra} if self.settings.extra else {}
        return MyMemoryTranslator(source=source, target=target, **kwargs)


class MicrosoftProvider(_DeepTranslatorProvider):
    name = "microsoft"
    max_chars = 4500

    def _construct(self, source: str, target: str) -> Any:
        from deep_translator import MicrosoftTranslator

        _install_shim()
        return MicrosoftTranslator(
            source=source,
            target=target,
            api_key=self.settings.key,
            region=self.settings.extra or None,
        )


class DeepLProvider(Provider):
    """DeepL through the official SDK (deep-translator's DeepL client is broken)."""

    name = "deepl"
    max_items = 50
    max_chars = 20000

    def _client(self) -> Any:
        slot = _STATE.slot or self._slot()
        client = slot.client
        if client is None:
            import deepl

            # We retry ourselves (with our own backoff) and bound each request.
            deepl.http_client.max_network_retries = 0
            deepl.http_client.min_connection_timeout = self.settings.timeout
            client = deepl.Translator(
                self.settings.key, server_url=self.settings.url or None, send_platform_info=False
            )
            slot.client = client
        return client

    def _send(self, texts: list[str], source_locale: str, target_locale: str) -> list[str]:
        import deepl

        try:
            results = self._client().translate_text(
                texts,
                source_lang=self.code(source_locale, source=True),
                target_lang=self.code(target_locale),
                preserve_formatting=True,
            )
        except deepl.QuotaExceededException:
            raise QuotaError("deepl: quota for this billing period used up") from None
        except deepl.AuthorizationException:
            raise TranslatorError("deepl: HTTP 403: not authorised (check DEEPL_API_KEY)") from None
        except deepl.DeepLException as error:
            detail = redact(str(error), self.secrets)
            status = error.http_status_code
            if error.should_retry or status == 429 or (status or 0) >= 500 or status is None:
                raise RetryableError(f"deepl: {_short(detail)}", status=status) from None
            raise TranslatorError(f"deepl: {_short(detail)}") from None
        return [result.text for result in results]


_CLASSES: dict[str, type[Provider]] = {
    "libre": LibreProvider,
    "google": GoogleProvider,
    "mymemory": MyMemoryProvider,
    "microsoft": MicrosoftProvider,
    "deepl": DeepLProvider,
}


def make_provider(
    name: str, *, url: str = "", timeout: float = 10.0, env: Mapping[str, str] | None = None
) -> Provider:
    """A provider adapter, with its key from the environment."""
    environment = os.environ if env is None else env
    if name not in _CLASSES:
        raise ConfigError(f"unknown provider {name!r}; choose one of {', '.join(PROVIDERS)}")
    if url and name not in ("libre", "deepl"):
        raise ConfigError(f"--provider-url works with libre and deepl, not {name}")
    check_provider_url(url)
    key = extra = ""
    if name == "libre":
        key = environment.get("LIBRE_API_KEY", "")
    elif name == "mymemory":
        extra = environment.get("MYMEMORY_EMAIL", "")
    elif name == "microsoft":
        key = environment.get("MICROSOFT_API_KEY", "")
        extra = environment.get("MICROSOFT_REGION", "")
        if not key:
            raise ConfigError(
                "microsoft needs a key: set the environment variable MICROSOFT_API_KEY"
            )
    elif name == "deepl":
        key = environment.get("DEEPL_API_KEY", "")
        if not key:
            raise ConfigError("deepl needs a key: set the environment variable DEEPL_API_KEY")
    return _CLASSES[name](ProviderSettings(name, url, timeout, key, extra))
