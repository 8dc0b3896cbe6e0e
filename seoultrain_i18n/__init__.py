"""seoultrain-i18n: the localization pipeline of the documentary SEOUL TRAIN.

Extracts the site's HTML pages and the film's SubRip subtitles into gettext
catalogs, manages Korean, English and Chinese translations, and builds MO
files, JSON bundles, the localized static site and SRT/WebVTT tracks.

The public Python API for site builds is ``translations(locale, domain)``.
"""

from __future__ import annotations

import gettext
from pathlib import Path

__version__ = "0.1.0"

__all__ = ["__version__", "translations"]


def translations(
    locale: str, domain: str = "site", *, project: str | Path = "."
) -> gettext.GNUTranslations:
    """The compiled translations of ``domain`` in ``locale`` for a site build.

    Returns a ``gettext.GNUTranslations`` (Jinja2's i18n extension accepts it
    through ``env.install_gettext_translations``). It reads the MO file that
    ``seoultrain-i18n compile`` wrote into the project's locales folder, and
    compiles it from the PO file first when the MO file is missing or older.
    """
    from seoultrain_i18n.api import load_translations

    return load_translations(locale, domain, project=project)
