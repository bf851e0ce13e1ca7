"""Many rows inserted in the caller's transaction, faster on SQLite; nothing different elsewhere.

``bulk_rows(conn, table, indexes)`` gives the connection a larger page cache for the while (the
pages of 100,000 new annotations then stay in memory until the commit writes them, rather than
being spilled to the -wal and read back) and, with ``indexes=True`` (for a table the caller found
empty), drops the table's own indexes and creates them again from the same statements once the
rows are in: one sort per index instead of a B-tree insert per row. Both happen inside the
caller's transaction: a refusal rolls the drop back with the rows (the indexes are as they were),
and a crash before the commit leaves the file as it was, indexes included. The indexes SQLite
makes itself (primary key, unique) are kept. On another database (PostgreSQL) it does nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

_CACHE_KIB = 262_144  # at most 256 MiB of page cache while inserting (only what is used is taken)


@contextmanager
def bulk_rows(conn, table: str, indexes: bool) -> Iterator[None]:
    if not isinstance(conn, sqlite3.Connection):
        yield
        return
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    if cache > -_CACHE_KIB:
        conn.execute(f"PRAGMA cache_size = {-_CACHE_KIB}")
    made = []
    if indexes:
        made = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                            "tbl_name = ? AND sql IS NOT NULL ORDER BY rowid", (table,)).fetchall()
        for name, _ in made:
            conn.execute(f'DROP INDEX "{name}"')  # (names from the schema, never input)
    try:
        yield
        for _, sql in made:
            conn.execute(sql)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
