"""What the review application knows and changes: catalogs, their disk state, saves.

A catalog is shown as it is on disk together with its *stamp* (modification
time, size and SHA-256 of its bytes). A save sends the stamp the page was
loaded with; under the project lock the file is read again and, when its
bytes differ from that stamp (a translator saved it in Poedit meanwhile), the
save is refused with a ``ConflictError`` and nothing is written: neither the
other editor's work nor the reviewer's (still in the page) is lost. Otherwise
the edits are applied to the catalog parsed from exactly those bytes and
written by the project's catalog writer (msgcat-identical, atomic).

Saving unsafe markup is refused; other error findings need an explicit
confirmation (see docs/review.md).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seoultrain_i18n import locales as locale_ids
from seoultrain_i18n.catalogs.layout import catalog_path, discover_templates, targets_for
from seoultrain_i18n.checks.registry import CheckContext, Finding
from seoultrain_i18n.checks.runner import check_catalog_messages, load_project_glossary
from seoultrain_i18n.checks.settings import Settings, all_checks
from seoultrain_i18n.checks.verdict import Judge
from seoultrain_i18n.errors import I18nError, ParseError
from seoultrain_i18n.formats.po import parse_po, write_po
from seoultrain_i18n.fsutil import project_lock, read_bytes
from seoultrain_i18n.model import Catalog, Message, MessageKey

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project
    from seoultrain_i18n.translate.glossary import Glossary

DRAFT_PREFIX = "draft: "  # the origin comment of pre-translated drafts (translate/pretranslate)
# Checks that may never be overridden (unsafe markup): a save is refused outright.
ALWAYS_REFUSED = frozenset(check.code for check in all_checks() if check.fixed_severity)


class ConflictError(I18nError):
    """The catalog changed on disk since the page loaded it: the save is refused."""


class RefusedError(I18nError):
    """A save was refused because of its translations' findings."""

    def __init__(self, message: str, findings: list[Finding], *, confirmable: bool) -> None:
        super().__init__(message)
        self.findings = findings
        self.confirmable = confirmable


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a catalog file was when it was read: mtime, size and content hash."""

    mtime_ns: int
    size: int
    sha256: str

    def token(self) -> str:
        return f"{self.mtime_ns}:{self.size}:{self.sha256}"

    def same_content(self, token: str) -> bool:
        """True when ``token`` names the same bytes (only touching a file is no change)."""
        parts = token.split(":")
        return len(parts) == 3 and parts[1] == str(self.size) and parts[2] == self.sha256


@dataclass(frozen=True, slots=True)
class CatalogRef:
    """One catalog the review can open: a domain in a locale."""

    domain: str
    locale: str
    source_locale: str
    path: Path
    is_track: bool


@dataclass(slots=True)
class Loaded:
    """A catalog as read from disk, with its stamp."""

    ref: CatalogRef
    catalog: Catalog
    stamp: Stamp


@dataclass(frozen=True, slots=True)
class Edit:
    """A reviewer's change to one message: new text and whether it stays fuzzy."""

    key: MessageKey
    translation: str
    fuzzy: bool


@dataclass(slots=True)
class SaveResult:
    stamp: Stamp
    changed: int
    findings: list[Finding] = field(default_factory=list)


def _read(path: Path) -> tuple[bytes, Stamp]:
    try:
        data = read_bytes(path)
        status = path.stat()
    except OSError as error:
        raise ParseError(path, None, f"cannot read: {error.strerror or error}") from None
    return data, Stamp(status.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())


class ReviewSession:
    """The project's catalogs as the review application sees them."""

    def __init__(self, project: Project, locales: list[str], domains: list[str]) -> None:
        self.project = project
        self.locales = [locale_ids.normalize(locale) for locale in locales]
        self.domains = list(domains)
        self.site_domain = project.site_domain
        self.settings = Settings.from_project(project)
        self._glossary: Glossary | None = None
        self._glossary_loaded = False
        self._judge: Judge | None = None
        self.refs = self._discover()

    def _discover(self) -> list[CatalogRef]:
        refs = []
        for template in discover_templates(self.project):
            if self.domains and template.domain not in self.domains:
                continue
            for locale in targets_for(self.project, template):
                if self.locales and locale not in self.locales:
                    continue
                refs.append(
                    CatalogRef(
                        template.domain,
                        locale,
                        template.source_locale,
                        catalog_path(self.project, locale, template.domain),
                        template.domain != self.site_domain,
                    )
                )
        return refs

    def ref(self, locale: str, domain: str) -> CatalogRef:
        wanted = locale_ids.normalize(locale)
        for ref in self.refs:
            if ref.locale == wanted and ref.domain == domain:
                return ref
        raise I18nError(f"no catalog {domain!r} in {locale!r} in this review")

    def relative(self, path: Path) -> str:
        return self.project.relative(path)

    def load(self, locale: str, domain: str) -> Loaded:
        """The catalog as it is on disk now (ParseError if it is broken)."""
        ref = self.ref(locale, domain)
        data, stamp = _read(ref.path)
        catalog = parse_po(data, self.relative(ref.path), domain=domain, locale=ref.locale)
        return Loaded(ref, catalog, stamp)

    @property
    def glossary(self) -> Glossary | None:
        if not self._glossary_loaded:
            self._glossary = load_project_glossary(self.project)
            self._glossary_loaded = True
        return self._glossary

    def findings(self, ref: CatalogRef, message: Message) -> list[Finding]:
        """The checks' findings on one message (its translation state aside)."""
        context = CheckContext(
            domain=ref.domain,
            locale=ref.locale,
            source_locale=ref.source_locale,
            is_track=ref.is_track,
            glossary=self.glossary,
        )
        found = check_catalog_messages([message], context, self.relative(ref.path), self.settings)
        state = {check.code for check in all_checks() if check.kind == "state"}
        return [finding for finding in found if finding.code not in state]

    def verdict(self, ref: CatalogRef, message: Message) -> str:
        """What the build will do with the message: publishable, withheld or missing
        (``checks.verdict``, the one judge every output obeys)."""
        if self._judge is None:
            self._judge = Judge(
                self.settings,
                self.glossary,
                self.site_domain,
                {item.domain: item.source_locale for item in self.refs},
            )
        self._judge.include_fuzzy = ref.domain == self.site_domain and bool(
            self.project.config.site.include_fuzzy
        )
        context = CheckContext(
            ref.domain, ref.locale, ref.source_locale, ref.is_track, self.glossary
        )
        return self._judge.message(message, context, self.relative(ref.path)).state

    def draft(self, ref: CatalogRef, message: Message, translation: str, fuzzy: bool) -> Message:
        """A copy of ``message`` with a reviewer's text (for live findings)."""
        copy = Message(
            message.source,
            translation,
            message.context,
            message.source_plural,
            list(message.plural_translations),
            flags=[flag for flag in message.flags if flag != "fuzzy"],
            line=message.line,
        )
        copy.set_fuzzy(fuzzy and bool(translation))
        return copy

    def save(self, locale: str, domain: str, loaded_stamp: str, edits: list[Edit], *,
             confirm: bool = False) -> SaveResult:
        """Apply ``edits`` to the catalog on disk, unless it changed since ``loaded_stamp``."""
        ref = self.ref(locale, domain)
        shown = self.relative(ref.path)
        with project_lock(self.project.locales_dir):
            data, stamp = _read(ref.path)
            if not stamp.same_content(loaded_stamp):
                raise ConflictError(
                    f"{shown} changed on disk since this page loaded it (saved in another "
                    "editor?): nothing was saved. Your edits are still in the page; reload "
                    "the catalog to see the other changes, then apply yours again."
                )
            catalog = parse_po(data, shown, domain=domain, locale=ref.locale)
            changed, findings = self._apply(ref, catalog, edits)
            self._refuse_unsafe(shown, findings, confirm)
            if changed:
                now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M+0000")
                catalog.set_header("PO-Revision-Date", now)
                write_po(ref.path, catalog)
                _, stamp = _read(ref.path)
        return SaveResult(stamp, changed, findings)

    def _apply(
        self, ref: CatalogRef, catalog: Catalog, edits: list[Edit]
    ) -> tuple[int, list[Finding]]:
        index = catalog.index()
        changed = 0
        findings: list[Finding] = []
        for edit in edits:
            message = index.get(edit.key)
            if message is None:
                raise ConflictError(
                    f"{self.relative(ref.path)}: the message {edit.key[1][:60]!r} is no longer "
                    "in the catalog (it was updated): nothing was saved; reload the catalog"
                )
            if message.source_plural is not None:
                raise I18nError(
                    f"{self.relative(ref.path)}:{message.line}: plural messages are edited in "
                    "a PO editor, not in the review"
                )
            before = (message.translation, message.fuzzy)
            apply_edit(message, edit)
            if (message.translation, message.fuzzy) != before:
                changed += 1
                findings.extend(self.findings(ref, message))
        return changed, findings

    def _refuse_unsafe(self, shown: str, findings: list[Finding], confirm: bool) -> None:
        errors = [finding for finding in findings if finding.severity == "error"]
        unsafe = [finding for finding in errors if finding.code in ALWAYS_REFUSED]
        if unsafe:
            raise RefusedError(
                f"{shown}: not saved: unsafe markup ({unsafe[0].message}); "
                "a translation may use only its source's inline tags",
                unsafe,
                confirmable=False,
            )
        if errors and not confirm:
            raise RefusedError(
                f"{shown}: not saved: {len(errors)} error finding(s), "
                f"first {errors[0].code} {errors[0].message}; confirm to save anyway",
                errors,
                confirmable=True,
            )


def apply_edit(message: Message, edit: Edit) -> None:
    """Set a message's text; marking it reviewed also drops its ``#|`` previous strings."""
    message.translation = edit.translation
    fuzzy = edit.fuzzy and bool(edit.translation)
    if message.fuzzy and not fuzzy:
        message.previous_context = None
        message.previous_source = None
        message.previous_source_plural = None
    message.set_fuzzy(fuzzy)


def origin_of(message: Message) -> str:
    """Where a draft came from (memory, glossary, OpenCC, MT), from its comment."""
    for comment in reversed(message.comments):
        if comment.startswith(DRAFT_PREFIX):
            return comment[len(DRAFT_PREFIX) :].strip()
    return ""


def message_json(message: Message) -> dict[str, Any]:
    """What the page shows of a message (all as text)."""
    return {
        "context": message.context,
        "source": message.source,
        "translation": message.translation,
        "fuzzy": message.fuzzy,
        "line": message.line,
        "origin": origin_of(message),
        "previous": message.previous_source,
        "comments": [c for c in message.comments if not c.startswith(DRAFT_PREFIX)],
        "plural": message.source_plural is not None,
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity,
        "message": finding.message,
        "unsafe": finding.code in ALWAYS_REFUSED,
    }
