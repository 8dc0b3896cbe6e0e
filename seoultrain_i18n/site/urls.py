"""Where the site is published: ``site.base-url``, required for absolute URLs."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from seoultrain_i18n.errors import ConfigError

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project


def published_base_url(project: Project) -> str:
    """``site.base-url`` with one trailing ``/``; ConfigError when unset or not absolute.

    Canonical links, hreflang alternates and the sitemap are absolute URLs: a
    placeholder there would be published as it is, so there is no default.
    """
    value = project.config.site.base_url.strip()
    where = f"{project.relative(project.root / 'pyproject.toml')}: [tool.seoultrain-i18n.site]"
    if not value:
        raise ConfigError(
            f"{where} base-url is not set: the sitemap, canonical and hreflang links need "
            "the address the site is published at",
            hint='add base-url = "https://www.example.org/" under [tool.seoultrain-i18n.site]',
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"{where} base-url = {value!r}: expected an absolute http(s) URL such as "
            "'https://www.example.org/'"
        )
    return value.rstrip("/") + "/"
