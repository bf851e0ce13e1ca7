"""The log of committed changes, which other windows on the same project follow (live updates).

Each write inserts one ``changes`` row in its own transaction: who, when, and the JSON of the
ids its Change named (annotations with their articles, links, articles read again wholesale,
flags). A reader asks for the rows after the last it saw and turns them into one Change of the
rows as they are *now* (an id logged as changed but gone since is removed, and the reverse), so
the order in which it reads them does not matter.

On PostgreSQL the insert takes a lock held until commit, so rows become visible in the order of
their numbers (a reader never skips a row committed late with a smaller number), and a NOTIFY on
CHANNEL wakes the windows that LISTEN. The log is kept short: a write every PRUNE_EVERY rows
deletes those older than KEEP_SECONDS or beyond the newest KEEP_ROWS, and notes the last row
deleted in project_info; a reader that had not read that far reloads everything.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from ...domain.model import Change, Link, utc_now
from ..reads import queries
from .versions import on_postgres, serialize

CHANNEL = "annotator_changes"
KEEP_ROWS = 10_000
KEEP_SECONDS = 86_400
PRUNE_EVERY = 100
BIG = 2_000  # ids beyond which a Change is logged as its articles (or links) read again
PRUNED_KEY = "changes_pruned_to"
_FLAGS = ("articles", "actors", "tags", "link_types", "links_reloaded", "suggestions",
          "decisions")


def payload(change: Change, by: str | None = None) -> str:
    """The JSON of a Change's ids (a huge one names its articles instead of every span)."""
    upserted = [[a.id, a.article_id] for a in change.upserted]
    removed = [[annotation_id, article_id] for article_id, annotation_id in change.removed]
    reloaded = set(change.reloaded)
    if len(upserted) + len(removed) > BIG:
        reloaded.update(article for _, article in upserted + removed)
        upserted, removed = [], []
    links = [link.id for link in change.links_upserted] + list(change.links_removed)
    flags = [flag for flag in _FLAGS if getattr(change, flag, False)]
    if len(links) > BIG:
        links = []
        flags.append("links_reloaded")
    body: dict = {"a": upserted + removed, "l": links, "reloaded": sorted(reloaded),
                  "flags": sorted(set(flags))}
    if by is not None:
        body["by"] = by
    return json.dumps(body, separators=(",", ":"))


def record(conn, annotator: str, change: Change) -> int:
    """Log ``change`` in the caller's write transaction; returns its seq. The writer is named in
    the payload ("by"), and by annotator_id when they are an annotator already (a log row
    makes nobody an annotator: that takes an annotation or a link)."""
    row = conn.execute("SELECT id FROM annotators WHERE name = ?", (annotator,)).fetchone()
    body = payload(change, annotator)
    serialize(conn, "changes")
    seq = conn.execute("INSERT INTO changes (at, annotator_id, payload) VALUES (?, ?, ?) "
                       "RETURNING seq", (utc_now(), row[0] if row else None, body)).fetchone()[0]
    if seq % PRUNE_EVERY == 0:
        prune(conn, seq)
    if on_postgres(conn):
        conn.execute(f"NOTIFY {CHANNEL}, '{int(seq)}'")
    return seq


def prune(conn, newest: int) -> None:
    cutoff = datetime.now(UTC) - timedelta(seconds=KEEP_SECONDS)
    stamp = cutoff.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    last = conn.execute("SELECT max(seq) FROM changes WHERE seq <= ? OR at < ?",
                        (newest - KEEP_ROWS, stamp)).fetchone()[0]
    if last is None:
        return
    conn.execute("DELETE FROM changes WHERE seq <= ?", (last,))
    conn.execute("INSERT INTO project_info (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
                 "UPDATE SET value = excluded.value", (PRUNED_KEY, str(last)))


def newest(conn) -> int:
    """The seq of the newest row (where a reader that has just loaded everything starts)."""
    row = conn.execute("SELECT max(seq) FROM changes").fetchone()
    pruned = _pruned_to(conn)
    return max(row[0] or 0, pruned)


def _pruned_to(conn) -> int:
    row = conn.execute("SELECT value FROM project_info WHERE key = ?", (PRUNED_KEY,)).fetchone()
    return int(row[0]) if row else 0


def since(conn, after: int, mine: set[int]) -> tuple[int, Change]:
    """(the newest seq read, one Change of what the rows after ``after`` that are not in
    ``mine`` changed, as things are now)."""
    rows = conn.execute("SELECT seq, payload FROM changes WHERE seq > ? ORDER BY seq",
                        (after,)).fetchall()
    last = rows[-1][0] if rows else after
    if _pruned_to(conn) > after:  # rows this reader never saw are gone: read everything again
        return max(last, _pruned_to(conn)), everything(conn)
    bodies = [json.loads(body) for seq, body in rows if seq not in mine]
    return last, current(conn, bodies) if bodies else Change()


def current(conn, bodies: list[dict]) -> Change:
    annotations = {ident: article for body in bodies for ident, article in body["a"]}
    link_ids = list(dict.fromkeys(ident for body in bodies for ident in body["l"]))
    flags: dict = {flag: True for body in bodies for flag in body["flags"]
                   if flag in Change._fields}
    found = queries.annotations_by_ids(conn, list(annotations))
    here = {a.id for a in found}
    removed = tuple((article, ident) for ident, article in annotations.items()
                    if ident not in here)
    links = _links_by_ids(conn, link_ids)
    there = {link.id for link in links}
    return Change(upserted=tuple(found), removed=removed, links_upserted=tuple(links),
                  links_removed=tuple(i for i in link_ids if i not in there),
                  reloaded=frozenset(a for body in bodies for a in body["reloaded"]),
                  **flags)


def everything(conn) -> Change:
    """A Change that makes a reader read the whole project again."""
    articles = frozenset(row[0] for row in conn.execute("SELECT id FROM articles"))
    flags: dict = {flag: True for flag in _FLAGS if flag in Change._fields}
    return Change(reloaded=articles, **flags)


def _links_by_ids(conn, ids: list[str]) -> list[Link]:
    found: list[Link] = []
    for i in range(0, len(ids), 400):
        chunk = ids[i:i + 400]
        rows = conn.execute(queries.LINK_SQL + f" WHERE ln.id IN ({','.join('?' * len(chunk))})",
                            chunk)
        found.extend(Link._make(row) for row in rows)
    return found
