"""A local HTTP server that speaks the LibreTranslate API, for offline tests.

``POST /translate`` reads ``q``, ``source``, ``target``, ``format`` and
``api_key`` from the query string (deep-translator sends them there, with an
empty body) AND from a form or JSON body (as the real server's
``request.values`` does); ``q`` may be a list. ``GET /languages`` lists the
languages. ``POST /v2/translate`` answers like DeepL's API, so the official
``deepl`` SDK can be driven against it too.

Translations are fake but deterministic: ASCII letters are ROT13-ed, other
letters (Hangul, Han) become ASCII letters, and tokens (``[X0X]``,
``[S1S]``), tags, entities and placeholders pass through untouched — so a
test can compute the expected draft with ``fake_translate``.

Faults are injected per request from a queue (``server.faults``: one fault is
taken per request) and per text (``server.rules``: a substring → a fault for
every request containing it): ``429``, ``500``, ``503``, ``403``, ``hang`` (no
answer for ``hang_seconds``), ``garbage`` (not JSON), ``empty`` (``{}``),
``blank`` (empty translation), ``echo`` (the source back), ``quota`` (MyMemory's
quota warning as the translation), ``drop-tokens``, ``space-tokens``; and the
hostile ones: ``retry-after`` (429 with ``Retry-After: server.retry_after``),
``never`` (holds the connection without a byte until the server stops),
``drip`` (a valid answer, one byte every ``server.drip_seconds``), ``huge`` (a
200 answer of ``server.huge_bytes`` bytes, 50 MB by default) and ``leak-key``
(the translation carries the request's ``api_key``). ``server.always`` makes
one fault the answer to every request.
``server.latency`` delays every answer; ``server.requests`` counts translate
requests and ``server.texts`` records every text asked for.
"""

from __future__ import annotations

import codecs
import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

LANGUAGES = [
    {"code": "en", "name": "English"},
    {"code": "ko", "name": "Korean"},
    {"code": "zh", "name": "Chinese"},
    {"code": "zt", "name": "Chinese (traditional)"},
]
FAULTS = (
    "ok",
    "429",
    "500",
    "503",
    "403",
    "hang",
    "garbage",
    "empty",
    "blank",
    "echo",
    "quota",
    "drop-tokens",
    "space-tokens",
    "retry-after",
    "never",
    "drip",
    "huge",
    "leak-key",
)
QUOTA_WARNING = (
    "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. "
    "NEXT AVAILABLE IN  10 HOURS 12 MINUTES 05 SECONDS"
)
_KEEP = re.compile(r"\[\s*[XS]\s*\d+\s*[XS]\s*\]|<[^<>]+>|&#?\w+;|%(?:\(\w+\))?[sd]|\{[^{}\s]*\}")
_TOKEN = re.compile(r"\[(X|S)(\d+)(X|S)\]")


def _fake_chars(text: str) -> str:
    out = []
    for char in text:
        if "a" <= char <= "z":
            out.append(chr((ord(char) - 97 + 13) % 26 + 97))
        elif "A" <= char <= "Z":
            out.append(chr((ord(char) - 65 + 13) % 26 + 65))
        elif char.isalpha() and ord(char) > 127:
            out.append(chr(ord("a") + ord(char) % 26))
        else:
            out.append(char)
    return "".join(out)


def fake_translate(text: str, source: str = "en", target: str = "ko") -> str:
    """The server's deterministic translation of ``text``."""
    del source, target  # the same transform for every pair keeps tests simple
    out: list[str] = []
    position = 0
    for match in _KEEP.finditer(text):
        out.append(_fake_chars(text[position : match.start()]))
        out.append(match.group())
        position = match.end()
    out.append(_fake_chars(text[position:]))
    return "".join(out)


def parse_faults(spec: str) -> list[str]:
    """``"429*3,500,hang"`` → ["429", "429", "429", "500", "hang"]."""
    faults: list[str] = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, count = item.partition("*")
        if name not in FAULTS:
            raise ValueError(f"unknown fault {name!r}; choose from {', '.join(FAULTS)}")
        faults.extend([name] * (int(count) if count else 1))
    return faults


class FakeTranslateServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0, *, latency: float = 0.0, hang_seconds: float = 3.0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.latency = latency
        self.hang_seconds = hang_seconds
        self.faults: deque[str] = deque()
        self.rules: dict[str, str] = {}
        self.always = ""
        self.retry_after = "1"
        self.drip_seconds = 1.0
        self.huge_bytes = 50 * 1024 * 1024
        self.closing = threading.Event()
        self.requests = 0
        self.texts: list[str] = []
        self.pairs: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout, kill -9) is normal here: stay quiet."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def reset_counters(self) -> None:
        with self.lock:
            self.requests = 0
            self.texts = []
            self.pairs = []

    def next_fault(self, texts: list[str], pair: tuple[str, str] = ("", "")) -> str:
        """Count a request and choose its fault (rules first, then the queue)."""
        with self.lock:
            self.requests += 1
            self.texts.extend(texts)
            self.pairs.append(pair)
            for needle, fault in self.rules.items():
                if any(needle in text for text in texts):
                    return fault
            if self.faults:
                return self.faults.popleft()
            return self.always or "ok"


class _Handler(BaseHTTPRequestHandler):
    server: FakeTranslateServer
    protocol_version = "HTTP/1.1"
    key = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: object) -> None:
        self._reply(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def _fields(self) -> dict[str, list[str]]:
        split = urlsplit(self.path)
        fields: dict[str, list[str]] = {k: list(v) for k, v in parse_qs(split.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if body:
            kind = self.headers.get("Content-Type", "")
            if "json" in kind:
                data = json.loads(body.decode("utf-8"))
                for key, value in data.items():
                    values = value if isinstance(value, list) else [value]
                    fields.setdefault(key, []).extend(str(v) for v in values)
            else:
                text = codecs.decode(body, "utf-8")
                for key, values in parse_qs(text, keep_blank_values=True).items():
                    fields.setdefault(key, []).extend(values)
        return fields

    def do_GET(self) -> None:
        if urlsplit(self.path).path.rstrip("/") == "/languages":
            codes = [language["code"] for language in LANGUAGES]
            self._json(200, [{**language, "targets": codes} for language in LANGUAGES])
        else:
            self._json(404, {"error": "Not Found"})

    def do_POST(self) -> None:
        path = urlsplit(self.path).path.rstrip("/")
        try:
            fields = self._fields()
        except (ValueError, UnicodeDecodeError):
            self._json(400, {"error": "Invalid request"})
            return
        if path == "/translate":
            self._libre(fields)
        elif path == "/v2/translate":
            self._deepl(fields)
        else:
            self._json(404, {"error": "Not Found"})

    def _faulted(self, fault: str) -> bool:
        """Answer an error fault; True when the request is finished."""
        if self.server.latency:
            time.sleep(self.server.latency)
        if fault == "hang":
            time.sleep(self.server.hang_seconds)
            return False
        if fault == "never":
            self.server.closing.wait()
            self.close_connection = True
            return True
        if fault == "retry-after":
            body = b'{"error": "Too many requests"}'
            self.send_response(429)
            self.send_header("Retry-After", self.server.retry_after)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return True
        if fault == "huge":
            self._huge()
            return True
        if fault in ("429", "500", "503", "403"):
            self._json(int(fault), {"error": f"injected {fault}"})
            return True
        if fault == "garbage":
            self._reply(200, b"<html>Bad Gateway</html>", "text/html")
            return True
        if fault == "empty":
            self._json(200, {})
            return True
        return False

    def _huge(self) -> None:
        """A JSON answer of ``huge_bytes`` bytes, written a megabyte at a time."""
        size = self.server.huge_bytes
        head, tail = b'{"translatedText": "', b'"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        try:
            self.wfile.write(head)
            left = size - len(head) - len(tail)
            block = b"a" * (1024 * 1024)
            while left > 0 and not self.server.closing.is_set():
                self.wfile.write(block[:left])
                left -= len(block)
            self.wfile.write(tail)
        except OSError:
            self.close_connection = True  # the client gave up, as it should

    def _drip(self, status: int, body: bytes) -> None:
        """``body`` one byte at a time, ``drip_seconds`` apart."""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                if self.server.closing.wait(self.server.drip_seconds):
                    break
        except OSError:
            pass
        self.close_connection = True

    def _answer(self, fault: str, text: str, source: str, target: str) -> str:
        if fault == "blank":
            return ""
        if fault == "echo":
            return text
        if fault == "quota":
            return QUOTA_WARNING
        translated = fake_translate(text, source, target)
        if fault == "drop-tokens":
            return _TOKEN.sub("", translated)
        if fault == "space-tokens":
            return _TOKEN.sub(lambda m: f"[ {m.group(1)}{m.group(2)} {m.group(3)}]", translated)
        if fault == "leak-key":
            return f"{translated} {self.key}"
        return translated

    def _libre(self, fields: dict[str, list[str]]) -> None:
        texts = fields.get("q", [])
        source = (fields.get("source") or ["auto"])[0]
        target = (fields.get("target") or [""])[0]
        self.key = (fields.get("api_key") or [""])[0]
        fault = self.server.next_fault(texts, (source, target))
        if self._faulted(fault):
            return
        if not texts or not target:
            self._json(400, {"error": "Invalid request: missing q or target"})
            return
        answers = [self._answer(fault, text, source, target) for text in texts]
        data = {"translatedText": answers if len(texts) > 1 else answers[0]}
        if fault == "drip":
            self._drip(200, json.dumps(data, ensure_ascii=False).encode("utf-8"))
            return
        self._json(200, data)

    def _deepl(self, fields: dict[str, list[str]]) -> None:
        texts = fields.get("text", [])
        self.key = self.headers.get("Authorization", "").removeprefix("DeepL-Auth-Key ")
        source = (fields.get("source_lang") or [""])[0]
        target = (fields.get("target_lang") or [""])[0]
        fault = self.server.next_fault(texts, (source, target))
        if fault == "quota":
            self._json(456, {"message": "Quota exceeded"})
            return
        if self._faulted(fault):
            return
        translations = [
            {
                "detected_source_language": source or "EN",
                "text": self._answer(fault, text, source, target),
                "billed_characters": len(text),
            }
            for text in texts
        ]
        self._json(200, {"translations": translations})


@contextmanager
def running_server(
    *, latency: float = 0.0, hang_seconds: float = 3.0, port: int = 0
) -> Iterator[FakeTranslateServer]:
    """Start a server on 127.0.0.1 (a free port by default) in a thread."""
    server = FakeTranslateServer(port, latency=latency, hang_seconds=hang_seconds)
    thread = threading.Thread(target=server.serve_forever, name="fake-libretranslate", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.closing.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
