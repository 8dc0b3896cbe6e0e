"""Text patterns several check families share: placeholders, URLs, e-mail
addresses and the scripts of the project's languages."""

from __future__ import annotations

import re
from collections.abc import Iterable

from seoultrain_i18n.markup import ASS_CODE, TAG

PRINTF = re.compile(
    r"%(?:\(([A-Za-z_]\w*)\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|(\d+)\$[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|[sdif](?![A-Za-z]))"
)
PRINTF_FLAGGED = re.compile(r"%[-+ #0]*(?:\d+|\*)?(?:\.\d+)?[hlLqjzt]*[diouxXeEfFgGcrsa]")
BRACE = re.compile(r"(?<!\{)\{(?:[A-Za-z_][\w.]*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
# ASCII URL characters only: CJK text often follows a URL without a space.
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+", re.IGNORECASE)
# An address starts where a run of address characters starts: without the
# look-behind, every position of a long unbroken run would scan to its end
# looking for "@" (quadratic: 0.8 s for 16,000 Hangul characters).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def placeholders_of(text: str, flags: Iterable[str] = ()) -> list[str]:
    """printf and brace placeholders; bare ``%5.1f``-style only with a format flag."""
    if "%" not in text and "{" not in text:
        return []  # every placeholder holds one (most texts hold neither)
    outside = TAG.sub(" ", text).replace("%%", "  ")
    flagged = any(flag.endswith("-format") and not flag.startswith("no-") for flag in flags)
    pattern = PRINTF_FLAGGED if flagged else PRINTF
    found = [match.group(0) for match in pattern.finditer(outside)]
    if flagged:
        found += [
            match.group(0)
            for match in re.finditer(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]", outside)
        ]
    found += [match.group(0) for match in BRACE.finditer(ASS_CODE.sub(" ", outside))]
    return found
