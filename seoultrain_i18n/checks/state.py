"""T checks: the state of a translation (untranslated, fuzzy)."""

from __future__ import annotations

from collections.abc import Iterator

from seoultrain_i18n.checks.registry import CheckContext, register
from seoultrain_i18n.model import Message


@register("T101", "untranslated", "warning", kind="state")
def untranslated(message: Message, context: CheckContext) -> Iterator[str]:
    """A message has no translation (an error above `untranslated-error-percent`)."""
    if not message.translated:
        yield "untranslated"


@register("T102", "fuzzy", "warning", kind="state")
def fuzzy(message: Message, context: CheckContext) -> Iterator[str]:
    """A translation is marked fuzzy: it needs review (an error above `fuzzy-error-percent`)."""
    if message.fuzzy and message.translated:
        origin = next((c for c in message.comments if c.lower().startswith("origin")), "")
        yield "fuzzy: needs review" + (f" ({origin.strip()})" if origin else "")
