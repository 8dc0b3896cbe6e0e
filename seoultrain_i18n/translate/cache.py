"""Persistent machine-translation cache (SQLite).

Every validated answer from a provider is stored at once, keyed by provider
name, source language, target language and the exact text sent (with its
protection tokens), so a re-run — after success, Ctrl-C, a crash or an outage
— sends no request for anything already answered. The key holds the provider
name, not its URL: pointing ``libre`` at another server reuses earlier
answers (delete the file to ask again).

The file is ``locales/.mt-cache.sqlite`` (ignored by git). Writes are done by
the one thread that owns the cache; WAL mode keeps every committed answer
through a ``kill -9``.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from seoultrain_i18n.errors import I18nError
from seoultrain_i18n.fsutil import inside

CACHE_FILE = ".mt-cache.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    provider TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (provider, source_lang, target_lang, text)
)
"""


class MTCache:
    """A provider's answers by (provider, source, target, text)."""

    def __init__(self, path: str | Path) -> None:
        self.path = inside(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
        except sqlite3.Error as error:
            raise I18nError(f"{self.path}: cannot open the translation cache: {error}") from None

    def get(self, provider: str, source: str, target: str, text: str) -> str | None:
        row = self._db.execute(
            "SELECT translation FROM translations "
            "WHERE provider=? AND source_lang=? AND target_lang=? AND text=?",
            (provider, source, target, text),
        ).fetchone()
        return None if row is None else str(row[0])

    def put(self, provider: str, source: str, target: str, text: str, translation: str) -> None:
        """Store one answer; committed before this returns."""
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?)",
                (provider, source, target, text, translation, time.time()),
            )
        except sqlite3.Error as error:
            raise I18nError(f"{self.path}: cannot write the translation cache: {error}") from None

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> MTCache:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
