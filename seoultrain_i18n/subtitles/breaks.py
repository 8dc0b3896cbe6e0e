"""Re-verifying laid-out subtitle lines: is any line break inside a word or a number?

This is the check's own judgement, independent of ``linebreak``'s breaker:
it looks at each place where one line ends and the next begins, with the
unbroken translation (``paragraph``) when it is known, and reports a break

- inside a number (``250,`` / ``000``, ``3.`` / ``5``, ``1,200`` / ``km``),
  a Latin word, an e-mail address or a URL;
- before closing punctuation or after opening punctuation;
- in Korean and other space-separated languages, where the translation has
  no space (inside an eojeol or a word);
- in Chinese, inside a word as the segmenter reads the joined text
  (Traditional text is segmented through its Simplified form).
"""

from __future__ import annotations

import re

from seoultrain_i18n.locales import script_family
from seoultrain_i18n.markup import LOOSE_MARKUP

NO_BREAK_BEFORE = set("，。、；：？！…⋯）》」』〉】”’,.;:?!)%")
NO_BREAK_AFTER = set("（《「『〈【“‘([")
NUMBER = re.compile(r"\d(?:[\d,.]*\d)?(?:[A-Za-z%‰]+)?")
URL = re.compile(r"(?:https?://|www\.)[^\s，。、）」』]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")


def _visible(text: str) -> str:
    return LOOSE_MARKUP.sub("", text)


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every number, URL and Latin word in ``text``."""
    found = [(m.start(), m.end(), "number") for m in NUMBER.finditer(text)]
    found += [(m.start(), m.end(), "URL") for m in URL.finditer(text)]
    found += [(m.start(), m.end(), "word") for m in LATIN_WORD.finditer(text)]
    return found


def _gap(paragraph: str, offset: int) -> str | None:
    """What separates the ``offset``-th and next non-space character of
    ``paragraph``: "" (nothing), " " or "\\n"; None if ``offset`` is off the end."""
    seen = 0
    for position, char in enumerate(paragraph):
        if char.isspace():
            continue
        seen += 1
        if seen == offset:
            rest = paragraph[position + 1 :]
            stripped = rest.lstrip()
            between = rest[: len(rest) - len(stripped)]
            return "\n" if "\n" in between else (" " if between else "")
    return None


def break_problems(text: str, locale: str, paragraph: str | None = None) -> list[str]:
    """What is wrong with the line breaks of a laid-out cue ``text`` (lines joined by "\\n").

    ``paragraph`` is the unbroken translation it was laid out from, if known.
    """
    lines = [_visible(line).strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) < 2:
        return []
    family = script_family(locale)
    chinese = family.startswith("zh")
    visible_paragraph = _visible(paragraph) if paragraph is not None else None
    problems: list[str] = []
    consumed = 0  # non-space characters before the break
    for number in range(1, len(lines)):
        left, right = lines[number - 1], lines[number]
        consumed += sum(1 for char in left if not char.isspace())
        gap = _gap(visible_paragraph, consumed) if visible_paragraph is not None else None
        where = f"line {number} | {number + 1}: {left[-6:]}|{right[:6]}"
        joined = left + right
        cut = len(left)
        # A translator's own line break stands for a space outside Chinese.
        spaced = gap == " " or (gap == "\n" and not chinese)
        for start, end, kind in _spans(joined):
            if start < cut < end and not spaced:
                if kind == "word" and gap is None:
                    continue  # the space a break replaced cannot be seen without the translation
                problems.append(f"{where}: break inside the {kind} {joined[start:end]!r}")
                break
        if right[:1] in NO_BREAK_BEFORE:
            problems.append(f"{where}: a line starts with closing punctuation {right[0]!r}")
        if left[-1:] in NO_BREAK_AFTER:
            problems.append(f"{where}: a line ends with opening punctuation {left[-1]!r}")
        if not chinese and gap == "":
            problems.append(f"{where}: break inside a word (no space there in the translation)")
        cjk_pair = _is_cjk(left[-1:] or " ") and _is_cjk(right[:1] or " ")
        if chinese and gap != " " and cjk_pair and not _at_word_boundary(left, right, family):
            problems.append(f"{where}: break inside the word {_word_at(left, right, family)!r}")
    return problems


def _at_word_boundary(left: str, right: str, family: str) -> bool:
    from seoultrain_i18n.subtitles.segmenter import word_boundaries

    run_left = re.search(r"[\u3400-\u9fff\uf900-\ufaff]+$", left)
    run_right = re.match(r"[\u3400-\u9fff\uf900-\ufaff]+", right)
    assert run_left is not None
    assert run_right is not None
    text = run_left.group(0) + run_right.group(0)
    return len(run_left.group(0)) in word_boundaries(text, traditional=family == "zh-Hant")


def _word_at(left: str, right: str, family: str) -> str:
    from seoultrain_i18n.subtitles.segmenter import words

    run_left = re.search(r"[\u3400-\u9fff\uf900-\ufaff]+$", left)
    run_right = re.match(r"[\u3400-\u9fff\uf900-\ufaff]+", right)
    text = (run_left.group(0) if run_left else "") + (run_right.group(0) if run_right else "")
    cut = len(run_left.group(0)) if run_left else 0
    position = 0
    for word in words(text, traditional=family == "zh-Hant"):
        if position < cut < position + len(word):
            return word[: cut - position] + "|" + word[cut - position :]
        position += len(word)
    return text
