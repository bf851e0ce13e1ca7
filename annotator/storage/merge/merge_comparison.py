"""Merge the comparison layer of a validated export (version 2) into the project, in the caller's
single transaction: link types, actors, links (DESIGN.md section 9).

Link types match by name (a new one is added at the end; the same name with the other
direction is refused); actors by id, else by name (NFC, case-folded), their aliases united;
links by id, else by (type, from, to), the newer copy winning as for annotations. What is there
and equal is left alone: importing the same file twice writes nothing. A link is updated only at
the version it was read at: one changed by someone else during the merge (PostgreSQL) refuses the
merge whole, as an annotation does (merge.py).
"""

from __future__ import annotations

from ...domain.comparison.actors import name_key
from ...domain.model import Actor, LinkType, utc_now
from ...domain.times import later, same_instant
from ...errors import InputRefused
from ...domain.bundle import LinkIn
from ..reads import queries
from ..writes.comparison import LINK_INSERT, write_actor, checked_actor
from ..writes.edits import Connection, cached_annotator_id

_CHUNK = 400  # ids per "IN (...)", twice in one query: well under SQLite's limit
_LINK_ROWS = ("SELECT ln.id, lt.name, ln.from_id, ln.to_id, ln.note, who.name, ln.created_at, "
              "ln.updated_at, lt.directed, ln.version FROM links ln JOIN link_types lt ON lt.id = ln.type_id "
              "JOIN annotators who ON who.id = ln.annotator_id WHERE ")
_LINK_UPDATE = ("UPDATE links SET type_id = ?, from_id = ?, to_id = ?, note = ?, annotator_id = ?, "
                "created_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?")


def merge_link_types(conn: Connection, types: list[LinkType], empty_project: bool,
                     source: str, guessed: bool = False, whole: bool = True) -> int:
    """Add the file's link types the project lacks; returns how many. A project with nothing in
    it takes the file's as they are (so that export -> import -> export gives the same bytes),
    when the file lists them (``whole``: not only those its links use), and otherwise the
    file's direction of a type they share (it has no link yet). ``guessed``: the file's
    directions are guesses (Bundle.lacks), a type of the project's keeps its own instead of
    refusing the file."""
    if not types:
        return 0
    current = queries.link_types(conn)
    had = {t.name for t in current}
    if empty_project and whole and current != types:
        conn.execute("DELETE FROM link_types")  # a project without articles has no links
        current = []
    known = {t.name: t for t in current}
    position = conn.execute("SELECT coalesce(max(position), -1) FROM link_types").fetchone()[0] + 1
    for t in types:
        mine = known.get(t.name)
        if mine is None:
            conn.execute("INSERT INTO link_types (name, directed, description, position) "
                         "VALUES (?, ?, ?, ?)", (t.name, t.directed, t.description, position))
            position += 1
        elif mine.directed != t.directed and not guessed and empty_project:
            conn.execute("UPDATE link_types SET directed = ? WHERE name = ?",
                         (t.directed, t.name))
        elif mine.directed != t.directed and not guessed:
            raise InputRefused(
                f"refused: the link type {t.name!r} is {_way(t.directed)} in the file but "
                f"{_way(mine.directed)} in this project, so its links cannot be merged", source)
    return len({t.name for t in types} - had)


def _way(directed: bool) -> str:
    return "directed" if directed else "undirected"


def merge_actors(conn: Connection, actors: list[Actor]) -> tuple[dict[str, str], int, int]:
    """Returns (the project's id for each of the file's actor ids, actors added, actors whose
    aliases, kind or description grew)."""
    mine = {a.id: a for a in queries.actors(conn)}
    by_name: dict[str, str] = {}
    exactly: dict[str, str] = {}  # (two of names alike but for case: the one named so answers)
    for a in mine.values():  # in (case-folded name, id) order: the first of a name answers
        by_name.setdefault(name_key(a.name), a.id)
        exactly.setdefault(a.name, a.id)
    ids: dict[str, str] = {}
    added = grown = 0
    for actor in actors:
        match_id = actor.id if actor.id in mine else exactly.get(actor.name) or by_name.get(
            name_key(actor.name))
        if match_id is None:  # (two of one name in the file stay two, as they were exported)
            write_actor(conn, actor, insert=True)
            mine[actor.id] = actor
            ids[actor.id] = actor.id
            added += 1
            continue
        match = mine[match_id]
        united = checked_actor(match._replace(
            aliases=(*match.aliases, actor.name, *actor.aliases), kind=match.kind or actor.kind,
            description=match.description or actor.description))
        if united != match:
            write_actor(conn, united, insert=False)
            mine[match_id] = united
            grown += 1
        ids[actor.id] = match_id
    return ids, added, grown


def _rows(conn: Connection, where: str, ids: list[str], times: int = 1) -> list[tuple]:
    rows: list[tuple] = []
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        marks = "(" + ",".join("?" * len(chunk)) + ")"
        rows += conn.execute(_LINK_ROWS + where.replace("(?)", marks), chunk * times)
    return rows


def _key(row: tuple) -> tuple[str, str, str]:
    """(type, from, to) of a stored link, an undirected one smaller id first."""
    kind, from_id, to_id, directed = row[1], row[2], row[3], row[8]
    if not directed and to_id < from_id:
        from_id, to_id = to_id, from_id
    return kind, from_id, to_id


def _said(link: LinkIn, row: tuple | None, coders: dict[str, str]) -> tuple[str, str]:
    """(note, coder) of a file's link: what it does not say (None) is the project's copy's
    (``row``); a new link has no note, and its start's coder (``coders``: of the file's spans;
    doccano says whose a span is, not whose a relation is)."""
    note = link.note if link.note is not None else row[4] if row else ""
    coder = link.annotator if link.annotator is not None else row[5] if row else \
        coders.get(link.from_id, "unknown")
    return note, coder


def merge_links(conn: Connection, links: list[LinkIn], source: str,
                coders: dict[str, str] | None = None) -> tuple[int, int, int, int]:
    """Returns (added, updated, unchanged, kept because the project's copy is newer).
    ``coders``: the file's spans' coders by id, for links that do not say theirs."""
    if not links:
        return 0, 0, 0, 0
    coders = coders or {}
    by_id = {row[0]: row for row in _rows(conn, "ln.id IN (?)", [k.id for k in links])}
    # The project's links between the ends of those not found by id (none on a re-import).
    ends = sorted({end for k in links if k.id not in by_id for end in (k.from_id, k.to_id)})
    by_ends = {_key(row): row for row in _rows(conn, "ln.from_id IN (?) OR ln.to_id IN (?)",
                                               ends, times=2)}
    type_ids = dict(conn.execute("SELECT name, id FROM link_types"))
    directed = {name: bool(d) for name, d in conn.execute("SELECT name, directed FROM link_types")}
    who: dict[str, int] = {}
    matched: dict[str, str] = {}  # project link id -> the file's link that matched it
    inserts, updates = [], []
    added = updated = unchanged = kept = 0
    for link in links:
        if not directed.get(link.type, True) and link.to_id < link.from_id:  # (as the
            link.from_id, link.to_id = link.to_id, link.from_id  # project's type is: undirected)
        row = by_id.get(link.id) or by_ends.get((link.type, link.from_id, link.to_id))
        note, coder = _said(link, row, coders)
        content = (link.type, link.from_id, link.to_id, note, coder)
        if row is not None:
            if matched.setdefault(row[0], link.id) != link.id:
                raise InputRefused(f"refused: links {matched[row[0]]!r} and {link.id!r} of the "
                                   f"file are both link {row[0]!r} of this project", source)
            times = (link.created_at, link.updated_at)
            if (*_key(row), row[4], row[5]) == content and (
                    not link.timestamps_given or same_instant(row[6:8], times)):
                unchanged += 1
                continue
            if link.timestamps_given and not later(link.updated_at, row[7]):
                same = same_instant(row[6:8], times)  # (the same edit: see
                if same and note and not row[4] and (*_key(row), row[5]) == (  # merge.py; its
                        *content[:3], coder):  # note filled in, as merge._fills does)
                    updates.append((type_ids[link.type], link.from_id, link.to_id, note,
                                    cached_annotator_id(conn, who, coder),
                                    *row[6:8], row[0], row[9]))
                    updated += 1
                elif same:
                    unchanged += 1
                else:
                    kept += 1
                continue
            if _key(row) != content[:3]:  # its ends or type change (rare): are they free?
                other = conn.execute(
                    "SELECT id FROM links WHERE type_id = ? AND ((from_id = ? AND to_id = ?) OR "
                    "(from_id = ? AND to_id = ?))", (type_ids[link.type], link.from_id,
                                                     link.to_id, link.to_id, link.from_id)
                ).fetchone()
                if other is not None and other[0] != row[0]:
                    raise InputRefused(f"refused: link {link.id!r} would join the same "
                                       f"annotations as {link.type!r} as link {other[0]!r} of "
                                       "this project", source)
        values = (type_ids[link.type], link.from_id, link.to_id, note,
                  cached_annotator_id(conn, who, coder))
        if row is None:
            inserts.append((link.id, *values, link.created_at, link.updated_at))
            added += 1
        else:
            times = (link.created_at, link.updated_at) if link.timestamps_given else \
                (row[6], utc_now())
            updates.append((*values, *times, row[0], row[9]))
            updated += 1
    conn.executemany(LINK_INSERT, inserts)
    if updates and conn.executemany(_LINK_UPDATE, updates).rowcount != len(updates):
        raise InputRefused("refused: someone changed some of these links while they were being "
                           "merged; nothing was merged, merge again", source)
    return added, updated, unchanged, kept
