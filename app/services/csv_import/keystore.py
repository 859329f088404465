"""Keys seen so far in a file, on disk (SQLite), so memory stays flat however long it is."""

from __future__ import annotations

import sqlite3


class SeenKeys:
    """Remembers each (namespace, key) with the line it was first seen on, and a value.

    A private temporary SQLite database: it lives in a small page cache and spills to a
    file that SQLite deletes on close; a Python set of a million ids would cost ~100 MB.
    """

    def __init__(self, cache_kib: int = 2048) -> None:
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(
            "CREATE TABLE seen (ns TEXT, key TEXT, line INTEGER, value TEXT, "
            "PRIMARY KEY (ns, key)) WITHOUT ROWID"
        )
        self._db.execute("BEGIN")

    def first_line(self, ns: str, key: str, line: int, value: str | None = None) -> int | None:
        """Record ``key`` at ``line``; if it was already seen, the line it was seen on."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO seen VALUES (?, ?, ?, ?)", (ns, key, line, value)
        )
        if cursor.rowcount:
            return None
        found = self._db.execute(
            "SELECT line FROM seen WHERE ns = ? AND key = ?", (ns, key)
        ).fetchone()
        return int(found[0])

    def get(self, ns: str, key: str) -> tuple[int, str | None] | None:
        """The line and value stored for ``key``, or None."""
        found = self._db.execute(
            "SELECT line, value FROM seen WHERE ns = ? AND key = ?", (ns, key)
        ).fetchone()
        return (int(found[0]), found[1]) if found else None

    def close(self) -> None:
        self._db.close()
