"""Write use cases of the comparison layer (DESIGN.md section 9) on one open transaction each:
links between annotations, link types, actors. Plain SQL like edits.py."""

from __future__ import annotations

import json
import sqlite3
import uuid

from ...domain.comparison.actors import check_kind, clean_aliases, clean_name, name_key
from ...domain.comparison.links import SPEAKER, oriented
from ...domain.model import Actor, Annotation, Link, LinkType, utc_now
from ...errors import InputRefused
from ..reads import queries
from .edits import Connection, annotator_id
from .versions import claim

LINK_INSERT = ("INSERT INTO links (id, type_id, from_id, to_id, note, annotator_id, created_at, "
               "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


# -- links ------------------------------------------------------------------------------------
def add_link(conn: Connection, from_id: str, to_id: str, link_type: str, note: str,
             annotator: str, link_id: str | None = None) -> Link:
    """Link two annotations. An undirected link is stored smaller id first; the same link twice
    is refused; a speaker link stays within one article."""
    type_id, directed = queries.link_type_row(conn, link_type)
    from_id, to_id = oriented(directed, from_id, to_id)
    ends = {a.id: a for a in queries.annotations_by_ids(conn, [from_id, to_id])}
    for end in (from_id, to_id):
        if end not in ends:
            raise InputRefused(f"there is no annotation {end} to link")
    if link_type == SPEAKER and ends[from_id].article_id != ends[to_id].article_id:
        raise InputRefused("a speaker link joins a quote to an actor of the same article")
    existing = conn.execute("SELECT id FROM links WHERE type_id = ? AND from_id = ? AND to_id = ?",
                            (type_id, from_id, to_id)).fetchone()
    if existing is not None:
        raise InputRefused(f"these two annotations are already linked as {link_type!r}")
    now = utc_now()
    ident = link_id or str(uuid.uuid4())
    try:
        conn.execute(LINK_INSERT, (ident, type_id, from_id, to_id, note,
                                   annotator_id(conn, annotator), now, now))
    except sqlite3.IntegrityError:  # someone made the same link at the same moment
        raise InputRefused(f"these two annotations are already linked as {link_type!r}") from None
    return queries.link(conn, ident)


def restore_link(conn: Connection, link: Link) -> Link:
    """Put back a deleted link exactly as it was (undo), at its version."""
    type_id, _directed = queries.link_type_row(conn, link.type)
    conn.execute(LINK_INSERT, (link.id, type_id, link.from_id, link.to_id, link.note,
                               annotator_id(conn, link.annotator), link.created_at,
                               link.updated_at))
    if link.version != 1:
        conn.execute("UPDATE links SET version = ? WHERE id = ?", (link.version, link.id))
    return queries.link(conn, link.id)


def delete_link(conn: Connection, link_id: str, version: int | None = None) -> Link:
    """Delete a link; with ``version``, only if nobody changed it since (versions.claim)."""
    claim(conn, "links", link_id, version)
    gone = queries.link(conn, link_id)
    conn.execute("DELETE FROM links WHERE id = ?", (link_id,))
    return gone


def change_link(conn: Connection, link_id: str, *, note: str | None = None,
                link_type: str | None = None, updated_at: str | None = None,
                version: int | None = None) -> Link:
    """Change a link's note or type; its version goes up by one (with ``version``, only if
    nobody changed it since: versions.claim)."""
    claim(conn, "links", link_id, version)
    current = queries.link(conn, link_id)
    note = current.note if note is None else note
    if link_type is not None and link_type != current.type:
        type_id, directed = queries.link_type_row(conn, link_type)
        from_id, to_id = oriented(directed, current.from_id, current.to_id)
        if link_type == SPEAKER and current.from_article != current.to_article:
            raise InputRefused("a speaker link joins a quote to an actor of the same article")
        conn.execute("UPDATE links SET type_id = ?, from_id = ?, to_id = ? WHERE id = ?",
                     (type_id, from_id, to_id, link_id))
    conn.execute("UPDATE links SET note = ?, updated_at = ? WHERE id = ?",
                 (note, updated_at or utc_now(), link_id))
    return queries.link(conn, link_id)


def add_link_type(conn: Connection, name: str, directed: bool, description: str) -> LinkType:
    name = clean_name(name, "a link type's name")
    if conn.execute("SELECT 1 FROM link_types WHERE name = ?", (name,)).fetchone():
        raise InputRefused(f"there is already a link type {name!r}")
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM link_types").fetchone()[0]
    conn.execute("INSERT INTO link_types (name, directed, description, position) "
                 "VALUES (?, ?, ?, ?)", (name, bool(directed), description, position))
    return LinkType(name, bool(directed), description)


def delete_link_type(conn: Connection, name: str) -> LinkType:
    """Remove a link type no link uses (undo of adding one)."""
    type_id, directed = queries.link_type_row(conn, name)
    if conn.execute("SELECT 1 FROM links WHERE type_id = ?", (type_id,)).fetchone():
        raise InputRefused(f"the link type {name!r} is in use")
    description = conn.execute("SELECT description FROM link_types WHERE id = ?",
                               (type_id,)).fetchone()[0]
    conn.execute("DELETE FROM link_types WHERE id = ?", (type_id,))
    return LinkType(name, directed, description)


# -- actors -----------------------------------------------------------------------------------
def write_actor(conn: Connection, actor: Actor, insert: bool) -> None:
    values = (actor.name, json.dumps(list(actor.aliases), ensure_ascii=False), actor.kind,
              actor.description, actor.id)
    if insert:
        conn.execute("INSERT INTO actors (name, aliases, kind, description, id) "
                     "VALUES (?, ?, ?, ?, ?)", values)
    else:
        conn.execute("UPDATE actors SET name = ?, aliases = ?, kind = ?, description = ? "
                     "WHERE id = ?", values)


def checked_actor(actor: Actor) -> Actor:
    name = clean_name(actor.name)
    return Actor(actor.id, name, clean_aliases(name, actor.aliases), check_kind(actor.kind),
                 actor.description or "")


def add_actor(conn: Connection, name: str, aliases=(), kind: str | None = None,
              description: str = "", actor_id: str | None = None) -> Actor:
    actor = checked_actor(Actor(actor_id or str(uuid.uuid4()), name, tuple(aliases), kind,
                                description))
    taken = [a for a in queries.actors(conn) if name_key(a.name) == name_key(actor.name)]
    if taken and actor_id is None:
        raise InputRefused(f"there is already an actor named {taken[0].name!r}")
    write_actor(conn, actor, insert=True)
    return actor


def update_actor(conn: Connection, actor_id: str, **changes) -> Actor:
    """Change an actor's name, aliases, kind or description."""
    current = queries.actor(conn, actor_id)
    unknown = set(changes) - {"name", "aliases", "kind", "description"}
    if unknown:
        raise ValueError(f"not an actor detail: {', '.join(sorted(unknown))}")
    actor = checked_actor(current._replace(**changes))
    if "name" in changes:
        taken = [a for a in queries.actors(conn)
                 if a.id != actor_id and name_key(a.name) == name_key(actor.name)]
        if taken:
            raise InputRefused(f"there is already an actor named {taken[0].name!r}")
    write_actor(conn, actor, insert=False)
    return actor


def delete_actor(conn: Connection, actor_id: str) -> tuple[Actor, list[Annotation]]:
    """Delete an actor; the annotations naming it lose their actor. Returns (it, them)."""
    gone = queries.actor(conn, actor_id)
    named = _naming(conn, [actor_id])
    conn.execute("UPDATE annotations SET actor_id = NULL, version = version + 1 "
                 "WHERE actor_id = ?", (actor_id,))
    conn.execute("DELETE FROM actors WHERE id = ?", (actor_id,))
    return gone, [a._replace(version=a.version + 1) for a in named]


def restore_actor(conn: Connection, actor: Actor, annotation_ids: list[str]) -> list[Annotation]:
    """Put back a deleted actor and give it back to these annotations (undo)."""
    write_actor(conn, actor, insert=True)
    _set_actor(conn, annotation_ids, actor.id)
    return queries.annotations_by_ids(conn, annotation_ids)


def merge_actors(conn: Connection, keep_id: str, gone_id: str) -> tuple[Actor, Actor, Actor,
                                                                         list[Annotation]]:
    """Make ``gone`` one with ``keep``: its name and aliases become aliases of ``keep``, its
    annotations name ``keep``, and it is deleted. Returns (keep before, keep after, gone, the
    annotations moved) for undo."""
    if keep_id == gone_id:
        raise InputRefused("an actor cannot be merged with itself")
    before, gone = queries.actor(conn, keep_id), queries.actor(conn, gone_id)
    moved = _naming(conn, [gone_id])
    after = checked_actor(before._replace(
        aliases=(*before.aliases, gone.name, *gone.aliases),
        kind=before.kind or gone.kind,
        description=before.description or gone.description))
    conn.execute("UPDATE annotations SET actor_id = ?, version = version + 1 WHERE actor_id = ?",
                 (keep_id, gone_id))
    conn.execute("DELETE FROM actors WHERE id = ?", (gone_id,))
    write_actor(conn, after, insert=False)
    return before, after, gone, [a._replace(actor=keep_id, version=a.version + 1) for a in moved]


def unmerge_actors(conn: Connection, before: Actor, gone: Actor,
                   moved_ids: list[str]) -> list[Annotation]:
    """Undo merge_actors."""
    write_actor(conn, before, insert=False)
    write_actor(conn, gone, insert=True)
    _set_actor(conn, moved_ids, gone.id)
    return queries.annotations_by_ids(conn, moved_ids)


def _naming(conn: Connection, actor_ids: list[str]) -> list[Annotation]:
    ids = [row[0] for row in conn.execute(
        f"SELECT id FROM annotations WHERE actor_id IN ({','.join('?' * len(actor_ids))})",
        actor_ids)]
    return queries.annotations_by_ids(conn, ids)


def _set_actor(conn: Connection, annotation_ids: list[str], actor_id: str | None) -> None:
    conn.executemany("UPDATE annotations SET actor_id = ?, version = version + 1 WHERE id = ?",
                     [(actor_id, i) for i in annotation_ids])
