"""What a build keeps of the checks: each catalog's message findings, and what
each source's tracks gave the subtitle checks, computed once per build.

A build asks the same question of every catalog four times (MO files,
bundles, tracks and site obey the verdict; the report shows the findings):
inside ``shared_findings()`` each answer is kept, keyed by everything it
depends on (for a catalog: every field of every message, the path, the
context and the checks; for a source's tracks: its cues, the settings and
its catalogs' bytes), so anything changed is checked afresh. Outside the
block nothing is kept (``check`` streams a whole catalogue).

What the report asks of a catalog (its findings with the state checks, its
reviewed messages, its stats) is worked out by the worker that compiles it,
which has just parsed it, and *handed over* through files in a folder that
``handing_over`` creates and removes (``hand_over`` / ``handed_over``): the
report finds it there instead of parsing the catalog twice more, and no
process holds a whole catalogue's findings before the report needs them.
The parsed catalog itself is handed over too, to the workers that write
its bundles and lay out its tracks (``read_catalog``). All are keyed by the
catalog file's bytes (``file_digest``), so a changed file is read afresh.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seoultrain_i18n.fsutil import process_alive, read_bytes

if TYPE_CHECKING:
    from seoultrain_i18n.model import Catalog

MemoKey = tuple[Any, ...]

_FINDINGS: dict[MemoKey, Any] | None = None  # catalog -> (findings by message, with fuzzy)
_TRACKS: dict[MemoKey, Any] | None = None  # source -> what its tracks' checks found
# The folder of handed-over results (forked workers inherit it) and the kinds
# of results wanted there.
_HANDOVER: tuple[Path, frozenset[str]] | None = None


@contextmanager
def shared_findings() -> Iterator[None]:
    """Keep findings for the length of the ``with`` block (nested blocks share it)."""
    global _FINDINGS, _TRACKS
    outer, outer_tracks = _FINDINGS, _TRACKS
    if outer is None:
        _FINDINGS, _TRACKS = {}, {}
    try:
        yield
    finally:
        _FINDINGS, _TRACKS = outer, outer_tracks


def sharing() -> bool:
    """Whether findings are kept (inside ``shared_findings``)."""
    return _FINDINGS is not None


def kept_findings(key: MemoKey) -> Any:
    return _FINDINGS.get(key) if _FINDINGS is not None else None


def keep_findings(key: MemoKey, value: Any) -> None:
    if _FINDINGS is not None:
        _FINDINGS[key] = value


def kept_track_outcome(key: MemoKey) -> Any:
    return _TRACKS.get(key) if _TRACKS is not None else None


def keep_track_outcome(key: MemoKey, outcome: Any) -> None:
    if _TRACKS is not None:
        _TRACKS[key] = outcome


@contextmanager
def handing_over(kinds: frozenset[str]) -> Iterator[None]:
    """Inside the block, results of these ``kinds`` (the first item of their key)
    are handed over between the processes of a build; the folder goes with it
    (and a build that was killed leaves one, which the next removes)."""
    global _HANDOVER
    if not kinds:
        yield
        return
    outer = _HANDOVER
    _remove_abandoned(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
    _HANDOVER = (folder, kinds)
    try:
        yield
    finally:
        _HANDOVER = outer
        shutil.rmtree(folder, ignore_errors=True)


_PREFIX = "seoultrain-i18n-handover-"


def _remove_abandoned(folder: Path) -> None:
    """Delete the folders that builds killed on the way left (``_PREFIX``, then
    the process id of a process that is gone)."""
    for found in folder.glob(f"{_PREFIX}*"):
        owner = found.name[len(_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not process_alive(int(owner)):
            shutil.rmtree(found, ignore_errors=True)


def wanted(kind: str) -> bool:
    """Whether results of ``kind`` are handed over (worth working out ahead)."""
    return _HANDOVER is not None and kind in _HANDOVER[1]


def file_digest(path: Path) -> bytes:
    """What a handed-over result of a file is keyed by: a digest of its bytes."""
    return hashlib.blake2b(read_bytes(path), digest_size=16).digest()


def _handover_path(key: MemoKey) -> Path | None:
    if _HANDOVER is None or key[0] not in _HANDOVER[1]:
        return None
    return _HANDOVER[0] / hashlib.blake2b(repr(key).encode("utf-8"), digest_size=16).hexdigest()


def hand_over(key: MemoKey, value: Any) -> None:
    """Keep ``value`` for any process of this build that asks for ``key`` (when
    its kind is wanted, inside ``handing_over``). The file appears whole or not
    at all."""
    target = _handover_path(key)
    if target is None:
        return
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        partial.write_bytes(pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, target)
    except OSError:
        # Only a saving: with the temporary folder full or gone, whoever asks
        # works the result out again.
        partial.unlink(missing_ok=True)


def handed_over(key: MemoKey) -> Any:
    """What ``hand_over`` kept under ``key``, else None."""
    target = _handover_path(key)
    if target is None:
        return None
    try:
        data = target.read_bytes()
    except OSError:
        return None
    kept_key, value = pickle.loads(data)  # our own file, written by this build
    return value if kept_key == key else None


def catalog_key(path: Path, digest: bytes, domain: str, locale: str) -> MemoKey:
    """What a parsed catalog is handed over under."""
    return ("parsed catalog", str(path), digest, domain, locale)


def hand_over_catalog(
    path: Path, digest: bytes, domain: str, locale: str, catalog: Catalog
) -> None:
    """Hand over a parsed catalog (as plain tuples: pickled and read back in
    half the time of its objects)."""
    from seoultrain_i18n.model import Catalog, Message

    fields = [getattr(catalog, name) for name in _field_names(Catalog) if name != "messages"]
    names = _field_names(Message)
    messages = [tuple(getattr(message, name) for name in names) for message in catalog.messages]
    hand_over(catalog_key(path, digest, domain, locale), (fields, messages))


def _catalog_handed_over(key: MemoKey) -> Catalog | None:
    from seoultrain_i18n.model import Catalog, Message

    kept = handed_over(key)
    if kept is None:
        return None
    fields, messages = kept
    names = [name for name in _field_names(Catalog) if name != "messages"]
    catalog = Catalog(**dict(zip(names, fields, strict=True)))
    catalog.messages = [Message(*values) for values in messages]
    return catalog


def _field_names(cls: type) -> list[str]:
    return [item.name for item in dataclasses.fields(cls)]


def read_catalog(path: Path, domain: str, locale: str) -> Catalog:
    """``read_po``; in a build, the catalog a worker parsed from the same bytes
    and handed over, if there is one (unpickling it costs a fifth of a parse)."""
    from seoultrain_i18n.formats.po import read_po

    if wanted("parsed catalog"):
        try:
            kept = _catalog_handed_over(catalog_key(path, file_digest(path), domain, locale))
        except OSError:
            kept = None  # read_po reports it
        if kept is not None:
            return kept
    return read_po(path, domain=domain, locale=locale)
