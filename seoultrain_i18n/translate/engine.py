"""Machine translation done carefully: protection tokens, packing, validation,
concurrency, retries and the cache — independent of any one provider.

* **Protection.** Inline tags, entities, placeholders (``%s``, ``%(x)s``,
  ``{name}``, ``{\\an8}``) and glossary terms become opaque tokens ``[X0X]``
  (Weblate's kind) before sending; tokens are restored afterwards, tolerating
  the spaces engines insert (``[ X0 X]``). A glossary term's token is restored
  to the term's rendering in the target language.
* **Units.** A unit is what one cache entry holds: one message, or the cues of
  one sentence that runs across cues, joined with cue-break tokens and split
  back; when the split does not hold, each cue is translated alone.
* **Packing.** Providers that take one string per request get several units
  per request, separated by ``[S1S]`` lines, up to ``batch-chars`` characters;
  when the answer does not split back into as many parts, each unit is sent
  alone. Providers that take a list (DeepL) get a list.
* **Validation.** No None, empty text, echoed source, provider warning text,
  lost, duplicated or invented tokens.
* **Isolation.** A thread pool (one deep-translator instance per thread) sends
  requests; each has a time limit for the whole request (in the adapter),
  retries with exponential backoff on 429/5xx/timeouts/garbage (or the pause
  the server asks for in ``Retry-After``), and fails alone. Every answer is
  written to the cache by the calling thread as it arrives, and handed to the
  caller's callback at once, so nothing obtained is ever lost.
* **Containment.** A run has a deadline (``translate.deadline``): no request
  starts after it, none outlives it, and a pause that would end after it
  stops the run instead. A circuit breaker stops the run after
  ``BREAKER_FAILURES`` requests in a row failed (after their retries): a
  server that answers 429 or 500 forever costs a few dozen attempts, not
  hundreds. Answers too large
  for the text sent, or carrying the key, are refused and never cached.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from seoultrain_i18n.errors import TranslatorError
from seoultrain_i18n.markup import MT_PROTECTED
from seoultrain_i18n.translate.cache import MTCache
from seoultrain_i18n.translate.glossary import Glossary
from seoultrain_i18n.translate.providers import (
    AnswerRefused,
    Provider,
    RetryableError,
    RunStopped,
    UnreachableError,
    check_warning,
)

# Requests in a row (across workers) that failed after all their retries, after
# which a run stops sending.
BREAKER_FAILURES = 5
DEFAULT_DEADLINE = 60.0

_TOKEN = re.compile(r"\[\s*X\s*(\d+)\s*X\s*\]")
_SEPARATOR = re.compile(r"\s*\[\s*S\s*(\d+)\s*S\s*\]\s*")
_LETTER = re.compile(r"[^\W\d_]")


class InvalidAnswer(TranslatorError):
    """An answer that cannot be used (empty, echoed, tokens lost …)."""


@dataclass(frozen=True, slots=True)
class Masked:
    """Text ready to send: ``text`` holds tokens; ``replacements[i]`` is what
    token ``[Xi X]`` becomes (None marks a cue break)."""

    text: str
    replacements: tuple[str | None, ...]
    lead: str = ""
    trail: str = ""

    @property
    def has_words(self) -> bool:
        return bool(_LETTER.search(_TOKEN.sub("", self.text)))


def protect(
    text: str,
    *,
    glossary: Glossary | None = None,
    source_locale: str = "en",
    target_locale: str = "ko",
    replacements: list[str | None] | None = None,
) -> tuple[str, list[str | None]]:
    """Replace markup, placeholders and glossary terms in ``text`` by tokens."""
    table: list[str | None] = [] if replacements is None else replacements
    spans: list[tuple[int, int, str]] = [
        (m.start(), m.end(), m.group()) for m in MT_PROTECTED.finditer(text)
    ]
    if glossary is not None and len(glossary):
        for match in glossary.find(text, source_locale):
            rendering = match.term.rendering(target_locale)
            if rendering is None:
                continue
            if any(s < match.end and match.start < e for s, e, _ in spans):
                continue
            spans.append((match.start, match.end, rendering))
    spans.sort()
    out: list[str] = []
    position = 0
    for start, end, replacement in spans:
        out.append(text[position:start])
        out.append(f"[X{len(table)}X]")
        table.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out), table


def mask(
    texts: list[str],
    *,
    glossary: Glossary | None,
    source_locale: str,
    target_locale: str,
) -> Masked:
    """One unit from one text, or from several cue texts joined by break tokens."""
    table: list[str | None] = []
    parts: list[str] = []
    for number, text in enumerate(texts):
        if number:
            parts.append(f" [X{len(table)}X] ")
            table.append(None)
        body, _ = protect(
            text.strip(),
            glossary=glossary,
            source_locale=source_locale,
            target_locale=target_locale,
            replacements=table,
        )
        parts.append(body)
    first, last = texts[0], texts[-1]
    lead = first[: len(first) - len(first.lstrip())]
    trail = last[len(last.rstrip()) :]
    return Masked("".join(parts), tuple(table), lead, trail)


def restore(answer: object, masked: Masked) -> list[str]:
    """Validate an answer and put the protected text back.

    Returns one text per cue of the unit (one for a single message). Raises
    InvalidAnswer when the answer cannot be used.
    """
    if not isinstance(answer, str):
        raise InvalidAnswer(f"answer is {type(answer).__name__}, not text")
    stripped = answer.strip()
    if not stripped:
        raise InvalidAnswer("empty answer")
    if masked.has_words and _normal(stripped) == _normal(masked.text):
        raise InvalidAnswer("the answer repeats the source text")
    check_warning("provider", stripped)
    found = [int(m.group(1)) for m in _TOKEN.finditer(stripped)]
    expected = list(range(len(masked.replacements)))
    if sorted(found) != expected:
        missing = sorted(set(expected) - set(found))
        if missing:
            raise InvalidAnswer(f"token [X{missing[0]}X] was lost")
        raise InvalidAnswer("tokens were duplicated or invented")
    if _damage(stripped) > _damage(masked.text):
        raise InvalidAnswer("a damaged token is left in the answer")
    breaks = [index for index in found if masked.replacements[index] is None]
    if breaks != sorted(breaks):
        raise InvalidAnswer("the cue breaks came back out of order")
    pieces: list[str] = []
    current: list[str] = []
    position = 0
    for match in _TOKEN.finditer(stripped):
        current.append(stripped[position : match.start()])
        replacement = masked.replacements[int(match.group(1))]
        if replacement is None:
            pieces.append("".join(current))
            current = []
        else:
            current.append(replacement)
        position = match.end()
    current.append(stripped[position:])
    pieces.append("".join(current))
    pieces = [piece.strip() for piece in pieces]
    if any(not piece for piece in pieces):
        raise InvalidAnswer("a cue came back empty after the split")
    pieces[0] = masked.lead + pieces[0]
    pieces[-1] = pieces[-1] + masked.trail
    return pieces


def _damage(text: str) -> int:
    """Token fragments left once whole tokens are removed."""
    rest = _TOKEN.sub("", text)
    return rest.count("[X") + rest.count("X]")


def _normal(text: str) -> str:
    return " ".join(_TOKEN.sub(lambda m: f"[X{m.group(1)}X]", text).split()).casefold()


# -- jobs and the runner ---------------------------------------------------------


@dataclass(slots=True)
class Job:
    """One unit to translate, with the per-cue units to fall back to."""

    source_locale: str
    target_locale: str
    masked: Masked
    fallback: list[Masked] = field(default_factory=list)
    tag: object = None


@dataclass(slots=True)
class Outcome:
    """What became of a job: texts (one per cue) or an error; ``split`` is
    False when a multi-cue unit was translated cue by cue."""

    job: Job
    texts: list[str] | None = None
    error: str = ""
    cached: bool = False
    split: bool = True


@dataclass(slots=True)
class RunStats:
    requests: int = 0
    characters: int = 0
    cache_hits: int = 0
    retries: int = 0


@dataclass(slots=True)
class _Request:
    jobs: list[Job]
    source_locale: str
    target_locale: str


@dataclass(slots=True)
class _Answer:
    """A worker's result: validated raw answers to cache and per-job outcomes."""

    outcomes: list[Outcome]
    to_cache: list[tuple[str, str, str, str]]  # (source, target, text sent, answer)


class MTRunner:
    """Runs jobs against one provider with a cache, a pool, retries and backoff."""

    def __init__(
        self,
        provider: Provider,
        cache: MTCache | None,
        *,
        concurrency: int = 4,
        retries: int = 4,
        backoff: float = 0.5,
        batch_chars: int = 1500,
        deadline: float = DEFAULT_DEADLINE,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.provider = provider
        self.cache = cache
        self.concurrency = max(1, concurrency)
        self.retries = max(0, retries)
        self.backoff = backoff
        self.batch_chars = max(1, min(batch_chars, provider.max_chars))
        self.deadline = deadline
        self.clock = clock
        self.stats = RunStats()
        self._lock = threading.Lock()
        self.stop_reason: str = ""
        self._unreachable: UnreachableError | None = None
        self._stopped = threading.Event()
        # A pause ends at once when the run stops.
        self.sleep: Callable[[float], object] = sleep or self._stopped.wait
        self._ends_at = clock() + deadline
        self._failures_in_a_row = 0

    # -- planning ---------------------------------------------------------

    def _cached(self, job: Job, masked: Masked) -> str | None:
        if self.cache is None:
            return None
        return self.cache.get(self.provider.name, job.source_locale, job.target_locale, masked.text)

    def from_cache(self, job: Job) -> Outcome | None:
        """The job's outcome from cached answers alone, or None."""
        answer = self._cached(job, job.masked)
        if answer is not None:
            try:
                return Outcome(job, restore(answer, job.masked), cached=True)
            except TranslatorError:
                pass
        if job.fallback:
            texts: list[str] = []
            for masked in job.fallback:
                answer = self._cached(job, masked)
                if answer is None:
                    return None
                try:
                    texts.extend(restore(answer, masked))
                except TranslatorError:
                    return None
            return Outcome(job, texts, cached=True, split=False)
        return None

    def plan(self, jobs: list[Job]) -> list[_Request]:
        """Pack jobs (not answered from the cache) into requests, by language pair."""
        by_pair: dict[tuple[str, str], list[Job]] = {}
        for job in jobs:
            by_pair.setdefault((job.source_locale, job.target_locale), []).append(job)
        requests: list[_Request] = []
        for (source, target), pair_jobs in by_pair.items():
            current: list[Job] = []
            size = 0
            for job in pair_jobs:
                length = len(job.masked.text) + 8
                too_many = len(current) >= (
                    self.provider.max_items if self.provider.max_items > 1 else 50
                )
                if current and (size + length > self.batch_chars or too_many):
                    requests.append(_Request(current, source, target))
                    current, size = [], 0
                current.append(job)
                size += length
            if current:
                requests.append(_Request(current, source, target))
        return requests

    def request_texts(self, request: _Request) -> list[str]:
        """The texts one request sends: each unit, or (for providers that take
        one string) the units joined with ``[SnS]`` separators. A dry run
        counts exactly these characters."""
        jobs = request.jobs
        if len(jobs) == 1 or self.provider.max_items > 1:
            return [job.masked.text for job in jobs]
        return [
            "\n".join(
                (f"[S{number}S]\n" if number else "") + job.masked.text
                for number, job in enumerate(jobs)
            )
        ]

    # -- sending ----------------------------------------------------------

    def _stop(self, reason: str) -> RunStopped:
        with self._lock:
            if not self.stop_reason:
                self.stop_reason = reason
        self._stopped.set()
        return RunStopped(self.stop_reason)

    def _remaining(self) -> float:
        return self._ends_at - self.clock()

    def _failed(self, error: TranslatorError) -> None:
        with self._lock:
            self._failures_in_a_row += 1
            tripped = self._failures_in_a_row >= BREAKER_FAILURES
        if tripped:
            raise self._stop(
                f"{self.provider.name}: stopped after {BREAKER_FAILURES} failed requests in a "
                f"row (last: {error})"
            )

    def _send(self, texts: list[str], source: str, target: str) -> list[str]:
        """One logical request with retries and backoff; raises TranslatorError."""
        attempt = 0
        while True:
            if self.stop_reason:
                raise RunStopped(self.stop_reason)
            if self._stopped.is_set():
                raise TranslatorError("interrupted")
            remaining = self._remaining()
            if remaining <= 0:
                raise self._stop(f"stopped at the deadline of {self.deadline:g} s")
            with self._lock:
                self.stats.requests += 1
                self.stats.characters += sum(len(text) for text in texts)
            try:
                answers = self.provider.translate(texts, source, target, timeout=remaining)
                with self._lock:
                    self._failures_in_a_row = 0
                return answers
            except RunStopped as error:
                if isinstance(error, UnreachableError):
                    self._unreachable = error
                raise self._stop(str(error)) from None
            except AnswerRefused as error:
                self._failed(error)
                raise
            except RetryableError as error:
                if attempt >= self.retries:
                    self._failed(error)
                    raise
                asked = pause = error.retry_after
            attempt += 1
            with self._lock:
                self.stats.retries += 1
            if pause is None:
                pause = min(self.backoff * (2 ** (attempt - 1)), 30.0)
                pause *= 0.75 + random.random() / 2
            if pause >= self._remaining():
                raise self._stop(
                    f"stopped: the server asks to wait {pause:g} s, beyond the deadline of "
                    f"{self.deadline:g} s"
                    if asked is not None
                    else f"stopped at the deadline of {self.deadline:g} s"
                )
            self.sleep(pause)

    def _send_validated(self, masked: Masked, source: str, target: str) -> tuple[str, list[str]]:
        """Send one unit alone, retrying unusable answers like transient errors."""
        attempt = 0
        while True:
            answer = self._send([masked.text], source, target)[0]
            try:
                return answer, restore(answer, masked)
            except RunStopped:
                raise
            except TranslatorError:
                if attempt >= min(self.retries, 2):
                    raise
            attempt += 1

    def _single(self, job: Job, to_cache: list[tuple[str, str, str, str]]) -> Outcome:
        """Translate one job alone, falling back to its cues one by one."""
        try:
            answer, texts = self._send_validated(job.masked, job.source_locale, job.target_locale)
            to_cache.append((job.source_locale, job.target_locale, job.masked.text, answer))
            return Outcome(job, texts)
        except RunStopped:
            raise
        except TranslatorError as error:
            if not job.fallback:
                return Outcome(job, error=str(error))
            first_error = str(error)
        texts = []
        for masked in job.fallback:
            try:
                answer, pieces = self._send_validated(masked, job.source_locale, job.target_locale)
            except RunStopped:
                raise
            except TranslatorError as error:
                return Outcome(job, error=f"{error} (whole sentence: {first_error})")
            to_cache.append((job.source_locale, job.target_locale, masked.text, answer))
            texts.extend(pieces)
        return Outcome(job, texts, split=False)

    def _work(self, request: _Request) -> _Answer:
        """A worker thread's task: one request (and its fallbacks)."""
        to_cache: list[tuple[str, str, str, str]] = []
        outcomes: list[Outcome] = []
        try:
            self._work_packed(request, to_cache, outcomes)
        except RunStopped as error:
            # keep what was answered; the rest fails with the quota message
            done = {id(outcome.job) for outcome in outcomes}
            outcomes += [Outcome(j, error=str(error)) for j in request.jobs if id(j) not in done]
        return _Answer(outcomes, to_cache)

    def _work_packed(
        self,
        request: _Request,
        to_cache: list[tuple[str, str, str, str]],
        outcomes: list[Outcome],
    ) -> None:
        jobs = request.jobs
        if len(jobs) == 1:
            outcomes.append(self._single(jobs[0], to_cache))
            return
        answers: list[str] | None = None
        try:
            texts = self.request_texts(request)
            if self.provider.max_items > 1:
                answers = self._send(texts, request.source_locale, request.target_locale)
            else:
                raw = self._send(texts, request.source_locale, request.target_locale)[0]
                answers = split_packed(raw, len(jobs))
        except RunStopped:
            raise
        except TranslatorError:
            answers = None  # the whole request failed: every unit gets its own chance
        for number, job in enumerate(jobs):
            if answers is not None:
                try:
                    texts = restore(answers[number], job.masked)
                    to_cache.append(
                        (job.source_locale, job.target_locale, job.masked.text, answers[number])
                    )
                    outcomes.append(Outcome(job, texts))
                    continue
                except RunStopped:
                    raise
                except TranslatorError:
                    pass
            outcomes.append(self._single(job, to_cache))

    def run(
        self,
        jobs: list[Job],
        on_outcome: Callable[[Outcome], None],
    ) -> None:
        """Translate ``jobs``; ``on_outcome`` is called in this thread for each.

        Identical units (same text and languages) are sent once. Answers are
        cached before ``on_outcome`` sees them. On KeyboardInterrupt, queued
        requests are dropped and the interrupt propagates; every answer already
        received has been cached and handed over.
        """
        pending: list[Job] = []
        for job in jobs:
            outcome = self.from_cache(job)
            if outcome is not None:
                self.stats.cache_hits += 1
                on_outcome(outcome)
            else:
                pending.append(job)
        leaders, followers = _deduplicate(pending)
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="mt")
        futures: set[Future[_Answer]] = {pool.submit(self._work, r) for r in self.plan(leaders)}
        try:
            while futures:
                done, futures = wait(futures, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    answer = future.result()
                    self._store(answer)
                    for outcome in answer.outcomes:
                        on_outcome(outcome)
                        for twin in followers.get(id(outcome.job), []):
                            on_outcome(self._twin(twin, outcome))
        finally:
            if futures:  # interrupted: no new attempts, do not wait for the queue
                self._stopped.set()
            pool.shutdown(wait=not futures, cancel_futures=True)
        if self._unreachable is not None:
            # One error for the run, not one per message: nothing was sent.
            raise self._unreachable

    def _twin(self, twin: Job, outcome: Outcome) -> Outcome:
        """The outcome of a job identical in text to one just answered."""
        if outcome.error:
            return Outcome(twin, error=outcome.error)
        cached = self.from_cache(twin)
        if cached is None:
            return Outcome(twin, error="no cached answer for an identical unit")
        cached.cached = False
        return cached

    def _store(self, answer: _Answer) -> None:
        if self.cache is None:
            return
        for source, target, text, translation in answer.to_cache:
            self.cache.put(self.provider.name, source, target, text, translation)


def split_packed(raw: str, count: int) -> list[str]:
    """Split a packed answer on ``[Sn S]`` separators; InvalidAnswer if it does not hold."""
    if not isinstance(raw, str):
        raise InvalidAnswer("answer is not text")
    numbers = [int(m.group(1)) for m in _SEPARATOR.finditer(raw)]
    if numbers != list(range(1, count)):
        raise InvalidAnswer(f"{len(numbers) + 1} parts for {count} units")
    return _SEPARATOR.split(raw)[::2]


def _deduplicate(jobs: list[Job]) -> tuple[list[Job], dict[int, list[Job]]]:
    """Leaders to send, and for each leader the jobs with the same units."""
    leaders: dict[tuple[str, str, str, tuple[str, ...]], Job] = {}
    followers: dict[int, list[Job]] = {}
    for job in jobs:
        key = (
            job.source_locale,
            job.target_locale,
            job.masked.text,
            tuple(m.text for m in job.fallback),
        )
        leader = leaders.get(key)
        if leader is None:
            leaders[key] = job
        else:
            followers.setdefault(id(leader), []).append(job)
    return list(leaders.values()), followers
