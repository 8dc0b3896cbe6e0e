"""GNU MO files ↔ ``Catalog``: a fast writer and a reader (no polib).

The writer builds the tables in one pass with ``bytes.join`` (babel and polib
concatenate in a loop and turn quadratic). It writes no hash table (size 0),
which GNU gettext, Python's ``gettext`` and ``msgunfmt`` all accept. The
header entry is always included (Python's gettext needs its charset);
untranslated messages (empty first msgstr, msgfmt's rule) are omitted, fuzzy
ones unless ``use_fuzzy``.
"""

from __future__ import annotations

import struct
import sys
from array import array
from itertools import accumulate
from pathlib import Path

from seoultrain_i18n.errors import ParseError
from seoultrain_i18n.formats.plural import output_header
from seoultrain_i18n.fsutil import read_bytes, write_if_changed
from seoultrain_i18n.model import Catalog, Message

MAGIC = 0x950412DE
CONTEXT_SEPARATOR = "\x04"
_HEADER_SIZE = 28


def _include(message: Message, use_fuzzy: bool) -> bool:
    # msgfmt's rule: a message is untranslated when its (first) msgstr is empty.
    first = message.plural_translations[0] if message.plural_translations else message.translation
    if message.obsolete or not first:
        return False
    return use_fuzzy or not message.fuzzy


def mo_pairs(catalog: Catalog, *, use_fuzzy: bool = False) -> list[tuple[bytes, bytes]]:
    """The (key, value) byte pairs an MO file of ``catalog`` holds, sorted by key."""
    header = "".join(f"{name}: {value}\n" for name, value in output_header(catalog.header))
    pairs = [(b"", header.encode("utf-8"))] if catalog.header else []
    for message in catalog.messages:
        if not _include(message, use_fuzzy):
            continue
        key = message.source
        if message.context is not None:
            key = message.context + CONTEXT_SEPARATOR + key
        if message.source_plural is not None:
            key += "\0" + message.source_plural
            value = "\0".join(message.plural_translations)
        else:
            value = message.translation
        pairs.append((key.encode("utf-8"), value.encode("utf-8")))
    pairs.sort()  # keys are unique, so values are never compared
    return pairs


def encode_mo(pairs: list[tuple[bytes, bytes]]) -> bytes:
    """The bytes of a little-endian MO file holding ``pairs`` (sorted by key)."""
    count = len(pairs)
    keys_start = _HEADER_SIZE + 16 * count
    key_blob = b"\0".join(key for key, _ in pairs) + b"\0" if pairs else b""
    value_blob = b"\0".join(value for _, value in pairs) + b"\0" if pairs else b""
    values_start = keys_start + len(key_blob)
    key_table = _table([len(key) for key, _ in pairs], keys_start)
    value_table = _table([len(value) for _, value in pairs], values_start)
    if sys.byteorder == "big":
        key_table.byteswap()
        value_table.byteswap()
    head = struct.pack(
        "<7I", MAGIC, 0, count, _HEADER_SIZE, _HEADER_SIZE + 8 * count, 0, _HEADER_SIZE + 16 * count
    )
    return b"".join((head, key_table.tobytes(), value_table.tobytes(), key_blob, value_blob))


def _table(lengths: list[int], start: int) -> array[int]:
    """(length, offset) pairs of NUL-terminated strings stored one after another."""
    offsets = list(accumulate((length + 1 for length in lengths), initial=start))
    table = array("I", bytes(8 * len(lengths)))
    table[0::2] = array("I", lengths)
    table[1::2] = array("I", offsets[:-1])
    return table


def generate_mo(catalog: Catalog, *, use_fuzzy: bool = False) -> bytes:
    return encode_mo(mo_pairs(catalog, use_fuzzy=use_fuzzy))


def write_mo(path: str | Path, catalog: Catalog, *, use_fuzzy: bool = False) -> bool:
    """Write the MO file atomically unless its bytes are unchanged; True if written."""
    return write_if_changed(path, generate_mo(catalog, use_fuzzy=use_fuzzy))


def read_mo(path: str | Path, *, domain: str | None = None, locale: str | None = None) -> Catalog:
    """Read an MO file (either byte order) back into a catalog."""
    target = Path(path)
    try:
        data = read_bytes(target)
    except OSError as error:
        raise ParseError(target, None, f"cannot read: {error.strerror}") from None
    if len(data) < _HEADER_SIZE:
        raise ParseError(target, None, "not an MO file: too short")
    for order in ("<", ">"):
        magic, revision, count, keys_at, values_at = struct.unpack_from(f"{order}5I", data)
        if magic == MAGIC:
            break
    else:
        raise ParseError(target, None, "not an MO file: bad magic number")
    if revision >> 16 > 1:
        raise ParseError(target, None, f"unsupported MO revision {revision}")
    catalog = Catalog(domain=domain or target.stem, locale=locale)
    try:
        for index in range(count):
            key_length, key_offset = struct.unpack_from(f"{order}2I", data, keys_at + 8 * index)
            value_length, value_offset = struct.unpack_from(
                f"{order}2I", data, values_at + 8 * index
            )
            key = data[key_offset : key_offset + key_length].decode("utf-8")
            value = data[value_offset : value_offset + value_length].decode("utf-8")
            _add(catalog, key, value)
    except (struct.error, UnicodeDecodeError) as error:
        raise ParseError(target, None, f"corrupt MO file: {error}") from None
    return catalog


def _add(catalog: Catalog, key: str, value: str) -> None:
    context = None
    if CONTEXT_SEPARATOR in key:
        context, key = key.split(CONTEXT_SEPARATOR, 1)
    if key == "" and context is None:
        for line in value.split("\n"):
            name, colon, text = line.partition(":")
            if colon:
                catalog.header.append((name.strip(), text.strip()))
        return
    if "\0" in key:
        source, plural = key.split("\0", 1)
        forms = value.split("\0")
        catalog.messages.append(
            Message(
                source=source,
                context=context,
                source_plural=plural,
                translation=forms[0],
                plural_translations=forms,
            )
        )
    else:
        catalog.messages.append(Message(source=key, context=context, translation=value))
