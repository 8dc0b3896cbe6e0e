"""What a build keeps of the checks: each catalog's message findings, and what
each source's tracks gave the subtitle checks, computed once per build.

A build asks the same question of every catalog four times (MO files,
bundles, tracks and site obey the verdict; the report shows the findings):
inside ``shared_findings()`` each answer is kept, keyed by everything it
depends on (for a catalog: every field of every message, the path, the
context and the checks; for a source's tracks: its cues, the settings and
its catalogs' bytes), so anything changed is checked afresh. Outside the
block nothing is kept (``check`` streams a whole catalogue).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MemoKey = tuple[Any, ...]

_FINDINGS: dict[MemoKey, Any] | None = None  # catalog -> (findings by message, with fuzzy)
_TRACKS: dict[MemoKey, Any] | None = None  # source -> what its tracks' checks found


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
