"""Decoding subtitle bytes deliberately: the one module that imports charset_normalizer.

Subtitle files in the wild are often not UTF-8: Korean in CP949, Chinese in
GBK/GB18030 or Big5, English and other Western languages in Windows-1252
("ANSI"), Central European ones in Windows-1250. Legacy encodings accept many
of each other's bytes (Korean EUC-KR reads as GBK into real-looking Han
characters; Windows-1252 reads as Windows-1250 into ``naďve``), so a decoding
is accepted only when the text is *plausible* for the declared language.

Order of trials:

1. an explicit encoding (``--encoding``, or the track's setting): strict;
2. a byte order mark (UTF-32 before UTF-16, whose BOM is a prefix of UTF-32 LE's);
3. UTF-16 without a BOM (ASCII-range text then has a NUL in every other byte);
4. strict UTF-8;
5. the legacy encodings of the declared language, narrowest first (for
   Western languages Windows-1252 before the Central European code page);
6. statistical detection (charset_normalizer).

A legacy or detected decoding is plausible when (``plausibility``):
Korean — Hangul syllables make up most letters, nearly all of them among the
2,350 common ones (KS X 1001), in space-separated words; Chinese — Han
characters make up most letters and most of them are among the ~3,000 most
frequent (``data/common-han.txt``), with the expected Simplified/Traditional
bias for a language candidate; Latin — every non-ASCII letter is one of the
language's own and no symbol sits inside a word. A detected decoding that is
implausible for the declared language is still accepted when it is plausible
for the language its encoding implies (a Korean file named ``.zh-Hans.srt``
decodes to its Korean text; the script check flags it). When nothing is
plausible the error names the file, the first undecodable line, every
candidate tried and the fix.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.locales import script_family

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Non-ASCII letters each language writes (lower case); English reads loanwords
# and names with the common Western accents.
LATIN_LETTERS: dict[str, str] = {
    "en": "àâäçèéêëíîïñóôöúûüæœ",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "de": "äöüßé",
    "es": "áéíñóúü",
    "it": "àèéìíîòóùú",
    "pt": "áâãàçéêíóôõú",
    "ca": "àçèéíïòóúü",
    "nl": "áéíóúèëïöü",
    "da": "æøåé",
    "nb": "æøåé",
    "no": "æøåé",
    "sv": "åäöé",
    "fi": "åäöšž",
    "is": "áðéíóúýþæö",
    "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž",
    "pl": "ąćęłńóśźż",
    "hu": "áéíóöőúüű",
    "sl": "čšžćđ",
    "hr": "čćđšž",
    "bs": "čćđšž",
    "ro": "ăâîșşțţ",
}
CENTRAL = {"cs", "sk", "pl", "hu", "sl", "hr", "bs", "ro"}
# The letters of a whole group, for a detected Windows-1252 or Windows-1250 text.
LATIN_LETTERS["western"] = "".join(
    sorted({char for lang, own in LATIN_LETTERS.items() if lang not in CENTRAL for char in own})
)
LATIN_LETTERS["central"] = "".join(
    sorted({char for lang, own in LATIN_LETTERS.items() if lang in CENTRAL for char in own})
)
# Share of letters that may be non-ASCII: English uses accents only in names.
MAX_ACCENTED = {"en": 0.25}
# Typographic marks a Western or Central European text may hold (never inside a word,
# except the apostrophe and the Catalan middle dot).
LATIN_MARKS = set("“”‘’‚„–—…•·«»¡¿€£¥°©®™×÷½¼¾¹²³±§¶†‡‰′″ \u00a0\u00ad\u200b")
INSIDE_WORD_OK = set("’·\u00ad")

LEGACY_CANDIDATES: dict[str, tuple[str, ...]] = {
    "ko": ("euc-kr", "cp949"),
    "zh-Hans": ("gbk", "gb18030"),
    "zh-Hant": ("big5", "cp950", "big5hkscs"),
    "western": ("cp1252", "cp1250"),
    "central": ("cp1250", "iso8859-2"),
}
# The language profile an encoding implies (for a detected one).
IMPLIED: dict[str, str] = {
    "euc-kr": "ko",
    "cp949": "ko",
    "johab": "ko",
    "iso2022-kr": "ko",
    "gb2312": "zh",
    "gbk": "zh",
    "gb18030": "zh",
    "hz": "zh",
    "big5": "zh",
    "cp950": "zh",
    "big5hkscs": "zh",
    "cp1252": "western",
    "latin-1": "western",
    "iso8859-15": "western",
    "cp1250": "central",
    "iso8859-2": "central",
}

MIN_HANGUL_SHARE = 0.9
MIN_COMMON_HANGUL = 0.9
MAX_HANGUL_RUN = 8.0
MIN_HAN_SHARE = 0.8
MIN_COMMON_HAN = 0.85


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and how it was chosen.

    ``method`` is one of ``override``, ``bom``, ``utf-16``, ``utf-8``,
    ``language`` and ``detected``; ``encoding`` is a Python codec name
    (``utf-8``, ``cp949``…); ``tried`` the candidates refused before it.
    """

    text: str
    encoding: str
    method: str
    bom: bool = False
    tried: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        """``cp949 (from the language tag)`` — what ``-v`` prints."""
        how = {
            "override": "given with --encoding or the track's setting",
            "bom": "byte order mark",
            "utf-16": "UTF-16 without a byte order mark",
            "utf-8": "valid UTF-8",
            "language": "from the language tag",
            "detected": "detected",
        }[self.method]
        refused = f"; refused: {', '.join(self.tried)}" if self.tried else ""
        return f"{self.encoding} ({how}{refused})"


def _canonical(encoding: str) -> str:
    """``EUC_KR`` → ``euc-kr``: the codec's own name, hyphenated."""
    return codecs.lookup(encoding).name.replace("_", "-")


def _line_of(data: bytes, offset: int, unit: int = 1) -> int:
    if unit == 1:
        return data.count(b"\n", 0, offset) + 1
    return data[:offset].decode(f"utf-16-{'le' if unit == 2 else 'be'}", "replace").count("\n") + 1


def _decode_override(data: bytes, encoding: str, path: str | Path) -> Decoded:
    try:
        name = _canonical(encoding)
    except LookupError:
        raise ParseError(path, None, f"unknown encoding {encoding!r}") from None
    try:
        text = data.decode(name)
    except UnicodeDecodeError as error:
        raise ParseError(
            path, _line_of(data, error.start), f"not valid {name}: byte {data[error.start]:#04x}"
        ) from None
    except LookupError:  # a codec that is not a text encoding (base64, rot13…)
        raise ParseError(path, None, f"{encoding!r} is not a text encoding") from None
    return Decoded(text.removeprefix("\ufeff"), name, "override", text.startswith("\ufeff"))


# ---------------------------------------------------------------- plausibility


@lru_cache(maxsize=1)
def _common_han() -> tuple[frozenset[str], frozenset[str]]:
    """(frequent Simplified characters, their Traditional forms)."""
    text = resources.files("seoultrain_i18n").joinpath("data/common-han.txt").read_text("utf-8")
    sections: dict[str, str] = {"# simplified": "", "# traditional": ""}
    current = ""
    for line in text.splitlines():
        if line in sections:
            current = line
        elif current:
            sections[current] += line.strip()
    return frozenset(sections["# simplified"]), frozenset(sections["# traditional"])


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _letters(text: str) -> list[str]:
    return [char for char in text if ord(char) > 0x7F and char.isalpha()]


def _korean(text: str) -> str | None:
    letters = _letters(text)
    if not letters:
        return None  # punctuation only: nothing to tell languages apart
    syllables = [char for char in letters if _is_hangul(char)]
    hangul = len(syllables) + sum(1 for char in letters if "\u3131" <= char <= "\u318e")
    if hangul < MIN_HANGUL_SHARE * len(letters):
        return f"only {hangul} of {len(letters)} letters are Hangul"
    common = sum(1 for char in syllables if _encodes(char, "euc-kr"))
    if common < MIN_COMMON_HANGUL * len(syllables):
        return f"{len(syllables) - common} rare Hangul syllables"
    runs = [len(run) for run in _runs(text, _is_hangul)]
    if runs and sum(runs) / len(runs) > MAX_HANGUL_RUN:
        return "Hangul without spaces between words"
    return None


def _chinese(text: str, family: str, *, biased: bool) -> str | None:
    letters = _letters(text)
    if not letters:
        return None  # punctuation only: nothing to tell languages apart
    han = [char for char in letters if _is_han(char)]
    if len(han) < MIN_HAN_SHARE * len(letters):
        return f"only {len(han)} of {len(letters)} letters are Han characters"
    simplified, traditional = _common_han()
    common = sum(1 for char in han if char in simplified or char in traditional)
    if common < MIN_COMMON_HAN * len(han):
        return f"{len(han) - common} of {len(han)} Han characters are rare"
    if biased:
        only_simplified = sum(1 for char in han if char in simplified and char not in traditional)
        only_traditional = sum(1 for char in han if char in traditional and char not in simplified)
        if family == "zh-Hant" and only_simplified > only_traditional:
            return "reads as Simplified Chinese"
        if family == "zh-Hans" and only_traditional > only_simplified:
            return "reads as Traditional Chinese"
    return None


def _latin(text: str, language: str) -> str | None:
    own = LATIN_LETTERS[language]
    allowed = set(own) | {char.upper() for char in own}
    letters = 0
    accented = 0
    for position, char in enumerate(text):
        if char.isascii():
            letters += char.isalpha()
            continue
        if char.isalpha():
            letters += 1
            accented += 1
            if char not in allowed:
                return f"{char!r} is not a letter of {language}"
            continue
        inside = (
            0 < position < len(text) - 1
            and text[position - 1].isalpha()
            and text[position + 1].isalpha()
        )
        if char not in LATIN_MARKS or (inside and char not in INSIDE_WORD_OK):
            return f"{char!r} (U+{ord(char):04X}) inside the text"
    if letters and accented > MAX_ACCENTED.get(language, 0.5) * letters:
        return f"{accented} of {letters} letters are accented"
    return None


def _runs(text: str, predicate: Callable[[str], bool]) -> list[str]:
    runs: list[str] = []
    current = ""
    for char in text:
        if predicate(char):
            current += char
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def profile(language: str | None) -> str:
    """``ko``, ``zh-Hans``, ``zh-Hant``, a Latin language code, or "" (unknown)."""
    if not language:
        return ""
    try:
        family = script_family(language)
    except Exception:  # an unusual tag in a file name: no language-specific candidates
        return ""
    if family in ("ko", "zh-Hans", "zh-Hant"):
        return family
    base = family.split("-")[0].split("_")[0].lower()
    return base if base in LATIN_LETTERS and base not in ("western", "central") else ""


def plausibility(text: str, language: str, *, biased: bool = False) -> str | None:
    """Why ``text`` does not read as ``language`` (a ``profile``), or None if it does.

    ``language`` may also be ``zh`` (either Chinese), ``western`` or ``central``.
    """
    if language == "ko":
        return _korean(text)
    if language in ("zh", "zh-Hans", "zh-Hant"):
        return _chinese(text, language, biased=biased)
    if language in LATIN_LETTERS:
        return _latin(text, language)
    return None


def script_mismatch(text: str, language: str | None) -> str | None:
    """For decoded text of any origin: why its script is not that of ``language``.

    Only the script is judged (Hangul for ko, Han for zh, Latin for the
    Latin languages), so a correct file is never flagged for rare words.
    """
    family = profile(language)
    letters = _letters(text)
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    if family == "ko":
        hangul = sum(1 for char in letters if _is_hangul(char))
        if hangul < 0.5 * (len(letters) + latin) and len(letters) + latin >= 10:
            return (
                f"written in Korean, but only {hangul} of {len(letters) + latin} letters are Hangul"
            )
    elif family in ("zh-Hans", "zh-Hant"):
        han = sum(1 for char in letters if _is_han(char))
        if han < 0.5 * (len(letters) + latin) and len(letters) + latin >= 10:
            return f"written in Chinese, but only {han} of {len(letters) + latin} letters are Han"
    elif family:
        cjk = sum(1 for char in letters if _is_han(char) or _is_hangul(char))
        if cjk > 0.5 * (len(letters) + latin) and cjk >= 5:
            return f"written in a Latin script, but {cjk} of {len(letters) + latin} letters are CJK"
    return None


# ---------------------------------------------------------------- decoding


def decode_bytes(
    data: bytes,
    *,
    language: str | None = None,
    encoding: str | None = None,
    path: str | Path = "<bytes>",
) -> Decoded:
    """Decode a subtitle file's bytes; raise ParseError if nothing plausible fits.

    ``language`` is the file's language tag (``ko``, ``zh-Hant``, ``en``…) or
    None; ``encoding`` forces one codec (``--encoding`` or the track's setting).
    """
    if encoding:
        return _decode_override(data, encoding, path)
    found = _by_bom(data, path)
    if found is None:
        found = _utf16_without_bom(data)
    if found is not None:
        return found
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    family = profile(language)
    group = family if family in ("ko", "zh-Hans", "zh-Hant") else ""
    if family:
        group = group or ("central" if family in CENTRAL else "western")
    tried: list[str] = []
    furthest = utf8_error.start  # the bad byte: where the candidate that read furthest stopped
    for name in LEGACY_CANDIDATES.get(group, ()):
        try:
            text = data.decode(name)
        except UnicodeDecodeError as error:
            furthest = max(furthest, error.start)
            tried.append(
                f"{name} (byte {data[error.start]:#04x} at line {_line_of(data, error.start)})"
            )
            continue
        reason = plausibility(text, family, biased=True) or _ambiguous(data, text, family)
        if reason is None:
            return Decoded(text, _canonical(name), "language", tried=tuple(tried))
        tried.append(f"{name} ({reason})")
    detected = _detect(data)
    if detected is not None:
        reason = (
            plausibility(detected.text, family) or _ambiguous(data, detected.text, family)
            if family
            else None
        )
        # Another script's text is recognised with confidence (Hangul, Han): it is
        # the file's real text under a wrong tag. Latin code pages are too alike.
        implied = IMPLIED.get(detected.encoding, "")
        other_script = implied in ("ko", "zh") and plausibility(detected.text, implied) is None
        if reason is None or other_script:
            return Decoded(detected.text, detected.encoding, "detected", tried=tuple(tried))
        tried.append(f"detected {detected.encoding} ({reason})")
    else:
        tried.append("detection (no answer)")
    line = _line_of(data, furthest)
    where = f"{language} " if language else ""
    raise ParseError(
        path,
        line,
        f"cannot decode this {where}track: byte {data[furthest]:#04x} here; not UTF-8; "
        f"tried {'; '.join(tried)}. Give its encoding with --encoding (or per track in "
        "[tool.seoultrain-i18n.subtitles] encodings), check the language in its name, "
        "or save it as UTF-8",
    )


def _ambiguous(data: bytes, text: str, language: str) -> str | None:
    """Why a Latin reading is in doubt: the other group's code page reads the same
    bytes as different, plausible text of another language (French in
    Windows-1252 is also "Czech" in Windows-1250). English keeps Windows-1252."""
    if language not in LATIN_LETTERS or language == "en":
        return None
    central = language in CENTRAL
    other = "cp1252" if central else "cp1250"
    try:
        reading = data.decode(other)
    except UnicodeDecodeError:
        return None
    if reading == text:
        return None
    languages = [
        lang
        for lang in LATIN_LETTERS
        if lang not in ("western", "central") and (lang in CENTRAL) != central
    ]
    for lang in languages:
        if _latin(reading, lang) is None:
            return f"also reads as {lang} in {other}"
    return None


def _by_bom(data: bytes, path: str | Path) -> Decoded | None:
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(name), name, "bom", True)
            except UnicodeDecodeError as error:
                if name == "utf-32-le":
                    continue  # FF FE 00 00 also starts UTF-16 LE text whose first character is NUL
                offset = error.start + len(bom)
                raise ParseError(
                    path,
                    _line_of(data, offset),
                    f"starts with a {name} byte order mark but is not valid {name}",
                ) from None
    return None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text whose every other byte is NUL (ASCII-range digits, arrows, line ends).

    A subtitle file is at least half ASCII-range characters (numbers, timings, line
    ends), so at least half of one byte column is NUL and hardly any of the other;
    a UTF-8 text with a stray NUL (``Seoul\\x00``) is not mistaken for UTF-16.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    units = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    high, low = max(even, odd), min(even, odd)
    if high * 2 < units or low * 8 > high:
        return None
    name = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    return Decoded(text, name, "utf-16")


def _detect(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    name = _canonical(best.encoding)
    try:
        text = data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None
    return Decoded(text, name, "detected")
