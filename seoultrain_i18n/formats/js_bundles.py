"""Our JSON bundle → the forms JavaScript i18n libraries load as they are.

Both conversions start from the bundle content of ``catalogs/bundles.py``
(``locale``, ``plural_forms``, ``messages`` keyed ``msgctxt\\x04msgid``), so
whatever decides which messages a bundle holds decides it for every form.

**i18next** (JSON v4, ``build/i18n/i18next/BCP47/DOMAIN.json``): a flat
object, one key per message, to be loaded with ``keySeparator: false`` and
``nsSeparator: false`` (msgids are sentences with dots and colons). A
context becomes the ``KEY_CONTEXT`` suffix i18next looks up for
``t(key, {context})``; a plural message becomes one key per CLDR plural
category of the language (``KEY_one``, ``KEY_other``...), each holding the
gettext form that the catalog's ``Plural-Forms`` expression picks for the
numbers of that category — so ``t(key, {count: n})`` returns what gettext's
``ngettext`` returns for every n. A message with an empty msgctxt has no
i18next spelling (i18next ignores an empty context) and is left out.

**gettext.js** (``build/i18n/gettext.js/BCP47/DOMAIN.json``): the form its
``loadJSON`` takes — the ``""`` key holds ``language`` and ``plural-forms``,
every other key is ``msgctxt\\x04msgid`` or ``msgid``, mapped to a string or
to the list of plural forms.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from typing import Any

from babel import Locale, UnknownLocaleError

from seoultrain_i18n.errors import BuildError

CONTEXT_SEPARATOR = "\x04"
I18NEXT_CONTEXT_SEPARATOR = "_"
I18NEXT_PLURAL_SEPARATOR = "_"
# Numbers whose CLDR category and gettext form are compared: every small
# integer and a few large ones cover the categories of every CLDR language.
SAMPLE_NUMBERS = (*range(0, 220), 1000, 10_000, 100_000, 1_000_000)


def plural_form_function(plural_forms: str) -> Callable[[int], int]:
    """The gettext form index for n, from a ``Plural-Forms`` header value."""
    expression = plural_forms.split("plural=", 1)[-1].strip().rstrip(";")
    try:
        return gettext.c2py(expression)
    except (ValueError, SyntaxError) as error:
        raise BuildError(f"Plural-Forms {plural_forms!r}: {error}") from None


def category_forms(locale: str, plural_forms: str) -> dict[str, int]:
    """CLDR plural category → the gettext form index its numbers take.

    BuildError when the two disagree inside a category (the catalog's
    Plural-Forms then cannot be expressed with i18next's suffixes).
    """
    try:
        rule = Locale.parse(locale, sep="-").plural_form
    except (UnknownLocaleError, ValueError) as error:
        raise BuildError(f"{locale}: no CLDR plural rules: {error}") from None
    form_of = plural_form_function(plural_forms)
    mapping: dict[str, int] = {}
    for number in SAMPLE_NUMBERS:
        category, form = rule(number), form_of(number)
        if mapping.setdefault(category, form) != form:
            raise BuildError(
                f"{locale}: Plural-Forms {plural_forms!r} gives {number} form {form}, other "
                f"'{category}' numbers form {mapping[category]}: i18next cannot express it"
            )
    return mapping


def _split_key(key: str) -> tuple[str | None, str]:
    if CONTEXT_SEPARATOR in key:
        context, source = key.split(CONTEXT_SEPARATOR, 1)
        return context, source
    return None, key


def i18next_resources(bundle: dict[str, Any]) -> dict[str, str]:
    """The i18next JSON v4 resources of one bundle (see the module docstring)."""
    messages: dict[str, str | list[str]] = bundle["messages"]
    categories: dict[str, int] | None = None
    resources: dict[str, str] = {}
    for key, value in messages.items():
        context, source = _split_key(key)
        if context == "":
            continue
        base = source if context is None else f"{source}{I18NEXT_CONTEXT_SEPARATOR}{context}"
        if isinstance(value, str):
            resources[base] = value
            continue
        if categories is None:
            categories = category_forms(bundle["locale"], bundle["plural_forms"])
        for category, form in categories.items():
            if form < len(value):
                resources[f"{base}{I18NEXT_PLURAL_SEPARATOR}{category}"] = value[form]
    return resources


def gettextjs_data(bundle: dict[str, Any]) -> dict[str, Any]:
    """The gettext.js ``loadJSON`` form of one bundle."""
    data: dict[str, Any] = {
        "": {"language": bundle["locale"], "plural-forms": bundle["plural_forms"]}
    }
    data.update(bundle["messages"])
    return data
