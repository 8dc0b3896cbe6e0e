"""PO/POT/MO files ↔ ``Catalog``: the one module that imports polib.

(First version: polib for reading and writing. To be replaced by a strict
reader and a writer whose output is byte-identical to GNU msgcat.)
"""

from __future__ import annotations

from pathlib import Path

import polib

from ..errors import ParseError
from ..fsutil import atomic_write_bytes
from ..model import Catalog, Message


def read_po(path: str | Path, *, domain: str | None = None, locale: str | None = None) -> Catalog:
    target = Path(path)
    try:
        po = polib.pofile(str(target), wrapwidth=79)
    except OSError as error:
        raise ParseError(target, None, f"cannot read: {error.strerror}") from None
    except Exception as error:  # polib raises IOError/ValueError with a line in the text
        raise ParseError(target, None, str(error)) from None
    catalog = Catalog(domain=domain or target.stem, locale=locale)
    catalog.header = list(po.metadata.items())
    catalog.header_comments = po.header.split("\n") if po.header else []
    catalog.header_flags = list(po.metadata_is_fuzzy and ["fuzzy"] or [])
    for entry in po:
        message = Message(
            source=entry.msgid,
            translation=entry.msgstr if not entry.msgid_plural else entry.msgstr_plural.get(0, ""),
            context=entry.msgctxt,
            source_plural=entry.msgid_plural or None,
            plural_translations=[entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            if entry.msgid_plural
            else [],
            references=[f"{f}:{n}" if n else f for f, n in entry.occurrences],
            notes=entry.comment.split("\n") if entry.comment else [],
            comments=entry.tcomment.split("\n") if entry.tcomment else [],
            flags=list(entry.flags),
            previous_context=entry.previous_msgctxt,
            previous_source=entry.previous_msgid,
            previous_source_plural=entry.previous_msgid_plural,
            obsolete=bool(entry.obsolete),
            line=getattr(entry, "linenum", 0) or 0,
        )
        catalog.messages.append(message)
    return catalog


def _to_polib(catalog: Catalog) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.header = "\n".join(catalog.header_comments)
    po.metadata = dict(catalog.header)
    po.metadata_is_fuzzy = "fuzzy" in catalog.header_flags
    for message in catalog.messages:
        occurrences = []
        for reference in message.references:
            file, _, line = reference.rpartition(":")
            occurrences.append((file, line) if file and line.isdigit() else (reference, ""))
        entry = polib.POEntry(
            msgid=message.source,
            msgstr=message.translation if message.source_plural is None else "",
            msgctxt=message.context,
            occurrences=occurrences,
            comment="\n".join(message.notes),
            tcomment="\n".join(message.comments),
            flags=list(message.flags),
            previous_msgctxt=message.previous_context,
            previous_msgid=message.previous_source,
            previous_msgid_plural=message.previous_source_plural,
            obsolete=message.obsolete,
        )
        if message.source_plural is not None:
            entry.msgid_plural = message.source_plural
            entry.msgstr_plural = dict(enumerate(message.plural_translations or ["", ""]))
        po.append(entry)
    return po


def generate_po(catalog: Catalog) -> str:
    return str(_to_polib(catalog)) + "\n" if catalog.messages else str(_to_polib(catalog))


def write_po(path: str | Path, catalog: Catalog) -> None:
    atomic_write_bytes(path, generate_po(catalog).encode("utf-8"))


def write_mo(path: str | Path, catalog: Catalog, *, use_fuzzy: bool = False) -> None:
    po = _to_polib(catalog)
    target = Path(path)
    temporary = target.with_suffix(".mo.tmp")
    po.save_as_mofile(str(temporary))
    atomic_write_bytes(target, temporary.read_bytes())
    temporary.unlink()
