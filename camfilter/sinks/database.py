"""The one SQLite file the store, outbox, push subscriptions and feedback share."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


def open_database(folder: Path, schema: str) -> sqlite3.Connection:
    """A connection to `folder/camfilter.db` with `schema` applied; WAL lets several connections write."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / "camfilter.db", check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA busy_timeout=5000")
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(schema)
    return db


class Tables:
    """Base of the classes that keep tables in that file: one connection each, used under one lock."""

    SCHEMA = ""

    def __init__(self, folder: Path):
        self._lock = threading.Lock()
        self._db = open_database(folder, self.SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()
