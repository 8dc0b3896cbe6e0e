"""The project glossary: how the film's names and key terms are rendered.

``locales/glossary.csv`` has the columns ``source, ko, zh_Hans, zh_Hant, en,
note, do_not_translate``. ``source`` is the English term; each locale column
holds its rendering (empty: no fixed rendering); ``do_not_translate`` (yes/no)
keeps the source form in every language. Pre-translation fills messages that
are exactly a term and protects terms inside machine drafts; the checks verify
adherence through ``Glossary.find``.

Matching: English (and other Latin-script) text is matched on word
boundaries. Lower-case terms ("safe house", "refugee") match any case and an
English plural ("safe houses"); capitalised names ("Tumen River", "UNHCR")
match their own spelling or the all-capitals form ("SEOUL TRAIN"). Korean and
Chinese terms are matched as plain substrings, since those scripts have no
spaces to bound a word.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.fsutil import read_text

COLUMNS = ("source", "ko", "zh_Hans", "zh_Hant", "en", "note", "do_not_translate")
LOCALE_COLUMNS = ("ko", "zh_Hans", "zh_Hant", "en")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary row."""

    source: str
    renderings: dict[str, str] = field(default_factory=dict)
    note: str = ""
    do_not_translate: bool = False
    line: int = 0

    def rendering(self, locale: str) -> str | None:
        """The term in ``locale`` (the source form when it is not translated)."""
        if self.do_not_translate:
            return self.source
        loc = locale_ids.normalize(locale)
        if self.renderings.get(loc):
            return self.renderings[loc]
        if locale_ids.language(loc) == "en":
            return self.renderings.get("en") or self.source
        return None

    def forms(self, locale: str) -> list[str]:
        """The spellings to look for in text written in ``locale``."""
        loc = locale_ids.normalize(locale)
        found: list[str] = []
        if locale_ids.language(loc) == "en" or self.do_not_translate:
            found.append(self.source)
        own = self.renderings.get(loc) if loc in self.renderings else None
        if own and own not in found:
            found.append(own)
        return found


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A glossary term found in a text at ``[start, end)``."""

    term: Term
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Glossary:
    """The terms of ``locales/glossary.csv``, with lookup in a text."""

    terms: list[Term] = field(default_factory=list)
    path: str = ""
    # locale -> (the terms it was made for, each term's compiled spellings):
    # the checks look up every message, so locale normalisation and pattern
    # lookup happen once per locale, not once per term and message.
    _compiled: dict[str, tuple[tuple[int, ...], list[tuple[Term, list[re.Pattern[str]]]]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, text: str, locale: str) -> list[TermMatch]:
        """Every term occurring in ``text`` (written in ``locale``), in text order.

        Longer terms win over shorter ones they overlap ("South Korea" over
        "Korea"); matches never overlap.
        """
        candidates: list[TermMatch] = []
        for term, patterns in self._patterns(locale):
            for pattern in patterns:
                for match in pattern.finditer(text):
                    candidates.append(TermMatch(term, match.start(), match.end(), match.group()))
        chosen: list[TermMatch] = []
        for candidate in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
            if any(c.start < candidate.end and candidate.start < c.end for c in chosen):
                continue
            chosen.append(candidate)
        return sorted(chosen, key=lambda m: m.start)

    def _patterns(self, locale: str) -> list[tuple[Term, list[re.Pattern[str]]]]:
        identity = tuple(map(id, self.terms))
        cached = self._compiled.get(locale)
        if cached is None or cached[0] != identity:
            mode = _mode(locale)
            compiled = [
                (term, [_pattern(form, mode) for form in term.forms(locale)]) for term in self.terms
            ]
            cached = self._compiled[locale] = (identity, compiled)
        return cached[1]

    def whole_message(self, text: str, locale: str) -> Term | None:
        """The term that ``text`` consists of entirely (ignoring outer spaces)."""
        stripped = text.strip()
        if not stripped:
            return None
        for match in self.find(stripped, locale):
            if match.start == 0 and match.end == len(stripped):
                return match.term
        return None

    def get(self, source: str) -> Term | None:
        folded = source.casefold()
        return next((term for term in self.terms if term.source.casefold() == folded), None)


def _mode(locale: str) -> str:
    """How words are bounded: ``latin`` (spaces), ``ko`` (spaces, then particles
    attached to the noun), ``cjk`` (no spaces: plain substrings)."""
    language = locale_ids.language(locale)
    if language in {"zh", "ja"}:
        return "cjk"
    return "ko" if language == "ko" else "latin"


# Korean particles and endings that attach to a noun ("중국을", "서울에서"); a
# term followed by anything else ("중국어", Chinese language) is another word.
_KO_PARTICLES = (
    "에서부터|으로부터|로부터|에게서|한테서|께서|에서|에게|한테|으로|처럼|보다|까지|부터|"
    "이라|이나|이랑|이며|이다|와|과|은|는|이|가|을|를|의|에|로|도|만|나|랑|요|며|들"
)
_PATTERNS: dict[tuple[str, str], re.Pattern[str]] = {}


def _pattern(form: str, mode: str) -> re.Pattern[str]:
    key = (form, mode)
    cached = _PATTERNS.get(key)
    if cached is not None:
        return cached
    body = r"\s+".join(re.escape(word) for word in form.split())
    if mode == "cjk":
        pattern = re.compile(body)
    elif mode == "ko" and not re.search(r"[A-Za-z]", form):
        pattern = re.compile(rf"(?<![\w]){body}(?=(?:{_KO_PARTICLES})*(?!\w))")
    elif not re.search(r"[A-Za-z]", form):
        pattern = re.compile(rf"(?<![\w]){body}(?![\w])")
    elif form == form.lower():
        # A common noun: any case, and an English plural.
        pattern = re.compile(rf"(?<![\w-]){body}(?:e?s)?(?![\w-])", re.IGNORECASE)
    else:
        # A name: as written, in capitals ("SEOUL TRAIN") or in title case ("Seoul Train").
        spellings = {form, form.upper(), form.title()}
        alternatives = "|".join(
            r"\s+".join(re.escape(word) for word in spelling.split())
            for spelling in sorted(spellings, key=len, reverse=True)
        )
        pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
    _PATTERNS[key] = pattern
    return pattern


def parse_glossary(text: str, path: str = "glossary.csv") -> Glossary:
    """Parse glossary CSV text; every problem is a ParseError with its line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []  # the physical line each row starts on
    try:
        start = 1
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise ParseError(
            path, start, f"not valid CSV: {error} (a quoted cell is never closed?)"
        ) from None
    if not rows:
        return Glossary([], path)
    header = [name.strip() for name in rows[0]]
    missing = [name for name in ("source",) if name not in header]
    if missing:
        raise ParseError(path, 1, f"missing column {missing[0]!r} (expected {', '.join(COLUMNS)})")
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise ParseError(path, 1, f"unknown column {unknown[0]!r} (expected {', '.join(COLUMNS)})")
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for row, line in zip(rows[1:], lines[1:], strict=True):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise ParseError(path, line, f"{len(row)} fields, but the header has {len(header)}")
        values = dict(zip(header, [cell.strip() for cell in row], strict=False))
        source = values.get("source", "")
        if not source:
            raise ParseError(path, line, "empty source term")
        flag = values.get("do_not_translate", "").lower()
        if flag not in _TRUE | _FALSE:
            raise ParseError(path, line, f"do_not_translate must be yes or no, not {flag!r}")
        folded = source.casefold()
        if folded in seen:
            raise ParseError(
                path, line, f"duplicate term {source!r} (first on line {seen[folded]})"
            )
        seen[folded] = line
        renderings = {loc: values[loc] for loc in LOCALE_COLUMNS if values.get(loc)}
        terms.append(Term(source, renderings, values.get("note", ""), flag in _TRUE, line))
    return Glossary(terms, path)


def load_glossary(path: str | Path) -> Glossary:
    """Read a glossary file; a missing file is an empty glossary."""
    target = Path(path)
    if not target.is_file():
        return Glossary([], str(target))
    try:
        text = read_text(target)
    except UnicodeDecodeError as error:
        raise ParseError(target, None, f"not UTF-8: {error.reason}") from None
    except OSError as error:
        raise ParseError(target, None, f"cannot read: {error.strerror}") from None
    return parse_glossary(text, str(target))


def project_glossary_path(locales_dir: Path, configured: str) -> Path:
    """``translate.glossary`` is relative to the locales folder."""
    from seoultrain_i18n.config import safe_join

    return safe_join(locales_dir, configured, "translate.glossary")
