"""The Python API for site builds: compiled translations as ``gettext`` objects.

``seoultrain_i18n.translations("ko")`` returns the ``gettext.GNUTranslations``
of a project's ``site`` domain in Korean, read from the compiled MO file; the
MO file is compiled from its PO file first when it is missing or older, so a
site build never serves yesterday's translations. The object plugs into
Jinja2's i18n extension::

    import jinja2
    import seoultrain_i18n

    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(seoultrain_i18n.translations("ko"), newstyle=True)
    env.from_string("{{ _('Home') }}").render()   # → '홈'

Newstyle gettext marks its output safe, so a translation must never carry
markup its source does not: the MO file holds only translations the checks
call publishable (``checks.verdict``); a withheld one is left out and the
lookup returns the English source.
"""

from __future__ import annotations

import gettext
import io
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.fsutil import confine, inside

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project


def _empty_mo() -> bytes:
    # A valid MO file with no messages (magic, revision 0, zero entries):
    # the source language needs no translation, every lookup returns its msgid.
    return struct.pack("<7I", 0x950412DE, 0, 0, 28, 28, 0, 28)


def mo_path(po_path: Path) -> Path:
    return po_path.with_suffix(".mo")


def _is_stale(mo: Path, po: Path) -> bool:
    try:
        return mo.stat().st_mtime_ns < po.stat().st_mtime_ns
    except FileNotFoundError:
        return True


def load_translations(
    locale: str, domain: str = "site", project: str | Path = "."
) -> gettext.GNUTranslations:
    """The translations of ``domain`` in ``locale`` (see the module docstring).

    For the domain's own source language (English for ``site``) this is an
    empty catalog that returns every message unchanged. A locale without a
    catalog raises I18nError naming the file that is missing.
    """
    from seoultrain_i18n.config import load_project

    loaded_project = load_project(project)
    with confine(loaded_project.root):  # nothing outside the project is read or written
        return _load(loaded_project, locale_ids.normalize(locale), domain)


def _load(loaded_project: Project, normalized: str, domain: str) -> gettext.GNUTranslations:
    from seoultrain_i18n.catalogs.layout import catalog_path, discover_templates

    po = catalog_path(loaded_project, normalized, domain)
    if not po.is_file():
        sources = {t.domain: t.source_locale for t in discover_templates(loaded_project)}
        source = sources.get(domain, loaded_project.source_locale if domain == "site" else None)
        if source is not None and locale_ids.normalize(source) == normalized:
            return gettext.GNUTranslations(io.BytesIO(_empty_mo()))
        raise I18nError(
            f"{loaded_project.relative(po)}: no {domain!r} catalog for locale {normalized}",
            hint="run `seoultrain-i18n update` to create it",
        )
    mo = mo_path(po)
    if _is_stale(mo, po):
        from seoultrain_i18n.catalogs.compile import compile_catalogs
        from seoultrain_i18n.checks.verdict import WithheldTranslation

        # Withheld translations are left out of the MO file (a lookup returns the
        # source text); `check` and `build` report them, a site build goes on.
        withheld: list[I18nError] = []
        compile_catalogs(
            loaded_project, locales=(normalized,), domains=(domain,), errors=withheld
        )
        unreadable = [error for error in withheld if not isinstance(error, WithheldTranslation)]
        if unreadable:
            raise unreadable[0]
    try:
        with inside(mo).open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except OSError as error:
        raise I18nError(
            f"{loaded_project.relative(mo)}: cannot read: {error.strerror or error}"
        ) from None
    except (ValueError, SyntaxError, RecursionError, UnicodeDecodeError, struct.error) as error:
        # An MO file not compiled by us (a hostile Plural-Forms, a broken table).
        raise I18nError(
            f"{loaded_project.relative(mo)}: not a valid MO file: {error}",
            hint="delete it and run `seoultrain-i18n compile`",
        ) from None
