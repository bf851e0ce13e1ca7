"""Optimistic versions of annotations and links (several people on one project).

Every write of an annotation or link row first *claims* it: ``UPDATE ... SET version = version
+ 1 WHERE id = ? [AND version = ?]``. With the version the caller last saw, a row someone else
changed (or deleted) meanwhile is not touched and a ``Conflict`` says who changed it and when;
the caller's transaction is then rolled back, so nothing of that write is kept. Because the
claim is an UPDATE, PostgreSQL locks the row until commit: a second writer waits, then finds the
new version and is refused, never overwriting silently. (SQLite's writers are one at a time.)
"""

from __future__ import annotations

from ...errors import Conflict, NotFound
from ..reads import queries

_WHAT = {"annotations": "span", "links": "link"}


def claim(conn, table: str, row_id: str, expected: int | None = None) -> None:
    """+1 on the row's version; with ``expected``, only if it still has that version (else a
    Conflict). A missing row without ``expected`` is left to the caller's read (NotFound)."""
    assert table in _WHAT
    if expected is None:
        conn.execute(f"UPDATE {table} SET version = version + 1 WHERE id = ?", (row_id,))
        return
    cursor = conn.execute(f"UPDATE {table} SET version = version + 1 WHERE id = ? AND "
                          "version = ?", (row_id, expected))
    if cursor.rowcount == 0:
        raise conflict(conn, table, row_id)


def claim_many(conn, table: str, row_ids, expected: dict[str, int] | None) -> None:
    """claim() of several rows, each with its version in ``expected`` if it has one there."""
    seen = expected or {}
    for row_id in row_ids:
        claim(conn, table, row_id, seen.get(row_id))


def conflict(conn, table: str, row_id: str) -> Conflict:
    """The Conflict for a row that is not (any more) at the version the caller saw: the row as
    it is now, and who made the last change to it (from the change log, while it keeps it)."""
    try:
        current = (queries.annotation(conn, row_id) if table == "annotations"
                   else queries.link(conn, row_id))
    except NotFound:
        current = None
    who, logged = last_change_of(conn, row_id)
    when = current.updated_at if current is not None else logged
    return Conflict(_WHAT[table], row_id, current, who, when, logged)


def last_change_of(conn, row_id: str) -> tuple[str | None, str | None]:
    """(annotator name, time) of the newest logged change naming this id."""
    import json

    row = conn.execute("SELECT payload, at FROM changes WHERE payload LIKE ? "
                       "ORDER BY seq DESC LIMIT 1", (f'%"{row_id}"%',)).fetchone()
    return (json.loads(row[0]).get("by"), row[1]) if row else (None, None)


def on_postgres(conn) -> bool:
    return getattr(conn, "dialect", "sqlite") == "postgresql"


def serialize(conn, name: str) -> None:
    """Make writers that reach this point take turns until their commit (PostgreSQL: an advisory
    lock of the transaction, keyed by ``name``). SQLite's writers already are one at a time."""
    if on_postgres(conn):
        import zlib

        conn.execute(f"SELECT pg_advisory_xact_lock({zlib.crc32(name.encode())})")
