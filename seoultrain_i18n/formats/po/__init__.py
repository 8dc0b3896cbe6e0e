"""PO/POT files ↔ ``Catalog``: a strict reader and a writer identical to GNU msgcat.

``reader`` is the strict reader, ``fast`` its one-pass path for files in the
usual shape (exactly the strict reader's catalog, or it hands the file to the
strict reader), ``syntax`` the strings and comments both read, ``writer`` the
msgcat-identical writer.

The reader refuses what msgfmt refuses (syntax errors, duplicate messages,
plural counts that contradict Plural-Forms, invalid headers, a UTF-8 byte
order mark) with ``ParseError(path, line, detail)``. Files in another charset
are decoded and become UTF-8 catalogs.

The writer prints what ``msgcat FILE`` prints for the same catalog: gettext's
comment order and flag order, 79-column wrapping of strings and ``#:``
references, and line breaks inside long CJK strings at the places
libunistring allows (see ``po_wrap``). So Poedit, Weblate and msgmerge see no
churn in our files.

polib is not used at run time: its reader accepts what msgfmt refuses, reports
errors without exact lines and is slower; its writer re-wraps lines that msgcat
keeps. The tests read everything we write with polib as a second opinion.
"""

from seoultrain_i18n.formats.po.reader import (
    copy_catalog,
    parse_po,
    plural_count,
    read_po,
    read_po_header,
)
from seoultrain_i18n.formats.po.writer import canonical_flags, generate_po, write_po

__all__ = [
    "canonical_flags",
    "copy_catalog",
    "generate_po",
    "parse_po",
    "plural_count",
    "read_po",
    "read_po_header",
    "write_po",
]
