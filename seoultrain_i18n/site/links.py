"""Links and asset references in the site's source pages that resolve to nothing.

A relative ``href``/``src``/``poster`` of a source page must name a file of
the content folder (``film.html``, ``assets/poster.svg``); one that does not
would be published as a dead link or a missing image in every language.
URLs with a scheme or host (``https:``, ``mailto:``, ``//cdn``), fragments of
the same page (``#top``) and empty references are not files and are skipped.
``build`` reports each broken one as a warning, ``check`` as ``H701``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from seoultrain_i18n.formats.html.tree import Element

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.formats.html import Page

# Which attribute of which element names a file the page needs.
REFERENCE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src",),
    "script": ("src",),
    "source": ("src",),
    "track": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "iframe": ("src",),
    "embed": ("src",),
    "input": ("src",),
}


@dataclass(frozen=True, slots=True)
class BrokenReference:
    """``<element attribute="url">`` at ``path:line`` names no file."""

    path: str
    line: int
    element: str
    attribute: str
    url: str

    @property
    def message(self) -> str:
        what = "link" if self.element in ("a", "area") else "asset reference"
        return f'{what} <{self.element} {self.attribute}="{self.url}"> resolves to nothing'

    def describe(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _elements(node: Element) -> Iterator[Element]:
    yield node
    for child in node.children:
        if isinstance(child, Element):
            yield from _elements(child)


def _target(content: Path, page_file: Path, url: str) -> Path | None:
    """The file ``url`` names, or None when it is not a local file reference."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        return content / path.lstrip("/")
    return page_file.parent / path


def broken_references(project: Project, pages: list[Page]) -> list[BrokenReference]:
    """Every reference of ``pages`` (read from the content folder) that names no file."""
    content = project.content_dir
    found: list[BrokenReference] = []
    for page in pages:
        page_file = project.root / page.path
        for element in _elements(page.root):
            for attribute in REFERENCE_ATTRIBUTES.get(element.name, ()):
                url = element.get(attribute)
                if url is None:
                    continue
                target = _target(content, page_file, url)
                if target is None:
                    continue
                if not target.is_file() and not (
                    target.is_dir() and (target / "index.html").is_file()
                ):
                    found.append(
                        BrokenReference(page.path, element.line, element.name, attribute, url)
                    )
    return found
