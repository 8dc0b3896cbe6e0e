"""Every check on megabyte translations: linear patterns, no blow-up.

Not a timed assert of speed: each check runs in a thread under a generous
limit (a quadratic pattern needs minutes on these inputs, a linear one well
under a second). The figures for 5 MB are in docs/benchmarks.md
(scripts/bench_hostile_checks.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from seoultrain_i18n.checks.registry import CheckContext, Pair
from seoultrain_i18n.checks.settings import all_checks
from seoultrain_i18n.checks.subtitles import CueContext
from seoultrain_i18n.model import Cue, Message
from seoultrain_i18n.subtitles.norms import norms_for

SIZE = 1_000_000
LIMIT_SECONDS = 180.0  # linear: seconds on an idle machine; quadratic: hours

# Shapes that make backtracking patterns quadratic: long unbroken runs of word
# characters, of one repeated delimiter, and near-misses of each pattern.
SHAPES: dict[str, str] = {
    "hangul": "가" * SIZE,
    "latin": "a" * SIZE,
    "email-like": "a." * (SIZE // 2),
    "at-signs": "a@" * (SIZE // 2),
    "tags": "<a" * (SIZE // 2),
    "braces": "{a" * (SIZE // 2),
    "percent": "%(" * (SIZE // 2),
    "digits": "1," * (SIZE // 2),
    "url-like": "http://" + "a" * SIZE,
    "spaces": "a " * (SIZE // 2),
    "turkish-like": "aş" * (SIZE // 2),
    "entities": "&a" * (SIZE // 2),
    "dots": "." * SIZE,
}


def run_bounded(function: Callable[[], Any]) -> None:
    errors: list[BaseException] = []

    def target() -> None:
        try:
            function()
        except BaseException as error:  # reported to the test below
            errors.append(error)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(LIMIT_SECONDS)
    assert not worker.is_alive(), f"still running after {LIMIT_SECONDS:g} s"
    if errors:
        raise errors[0]


CHECKS = [check for check in all_checks() if check.kind in ("message", "source", "state", "cue")]


CASES = [("ko", shape) for shape in sorted(SHAPES)] + [("zh_Hant", "hangul"), ("zh_Hans", "tags")]


@pytest.mark.slow
@pytest.mark.parametrize(("locale", "shape"), CASES)
def test_every_check_on_a_megabyte_translation(shape: str, locale: str) -> None:
    text = SHAPES[shape]
    message = Message("Refugees cross the river at night.", translation=text)
    source_message = Message(text, translation="")
    context = CheckContext(domain="site", locale=locale, source_locale="en")
    cue_context = CueContext(locale, norms_for(locale))
    cue = Cue(1, 0, 2000, text, 1)

    def every_check() -> None:
        for check in CHECKS:
            if check.kind == "message":
                list(check.function(Pair(message.source, text, message), context))
                list(check.function(Pair(text, text, message), context))
            elif check.kind == "cue":
                list(check.function(cue, cue_context))
            else:
                list(check.function(source_message, context))
                list(check.function(message, context))

    run_bounded(every_check)
