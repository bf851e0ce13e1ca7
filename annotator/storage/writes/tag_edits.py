"""Write use cases on the project's tags: add, rename, recolour, set a key, reorder, remove an
unused one. Annotations refer to a tag by its row id, so a rename touches one row."""

from __future__ import annotations

import re

from ...domain.model import Tag
from ...errors import InputRefused
from ..reads import queries
from .edits import Connection

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def _check(conn: Connection, tag: Tag, old_name: str | None) -> Tag:
    name = tag.name.strip()
    if not name or len(name) > 100 or any(ord(c) < 32 or c == "\x7f" for c in name):
        raise InputRefused(f"a tag name must be 1 to 100 characters without control characters, "
                           f"not {tag.name[:40]!r}")
    if not _COLOR.fullmatch(tag.color):
        raise InputRefused(f"a tag colour looks like #d9534f, not {tag.color[:20]!r}")
    shortcut = tag.shortcut or None
    if shortcut is not None and (len(shortcut) != 1 or not shortcut.isprintable()
                                 or shortcut.isspace()):
        raise InputRefused(f"a tag's key is one character, not {shortcut!r}")
    for other in queries.tags(conn):
        if other.name == old_name:
            continue
        if other.name == name:
            raise InputRefused(f"there is already a tag {name!r}")
        if shortcut is not None and other.shortcut == shortcut:
            raise InputRefused(f"the key {shortcut!r} already tags as {other.name!r}")
    return Tag(name, tag.color.lower(), tag.description or "", shortcut)


def add_tag(conn: Connection, tag: Tag, position: int | None = None) -> Tag:
    tag = _check(conn, tag, None)
    if position is None:
        position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM tags").fetchone()[0]
    conn.execute("INSERT INTO tags (name, color, description, shortcut, position) "
                 "VALUES (?, ?, ?, ?, ?)", (tag.name, tag.color, tag.description, tag.shortcut,
                                            position))
    return tag


def update_tag(conn: Connection, name: str, tag: Tag) -> Tag:
    """Replace a tag's name, colour, description and key (``tag`` holds the new values)."""
    queries.tag_id(conn, name)  # NotFound names the tags there are
    tag = _check(conn, tag, name)
    conn.execute("UPDATE tags SET name = ?, color = ?, description = ?, shortcut = ? "
                 "WHERE name = ?", (tag.name, tag.color, tag.description, tag.shortcut, name))
    return tag


def reorder_tags(conn: Connection, names: list[str]) -> list[Tag]:
    current = [t.name for t in queries.tags(conn)]
    if sorted(current) != sorted(names):
        raise InputRefused("the new order must list every tag once")
    conn.executemany("UPDATE tags SET position = ? WHERE name = ?",
                     [(i, name) for i, name in enumerate(names)])
    return queries.tags(conn)


def delete_tag(conn: Connection, name: str) -> tuple[Tag, int]:
    """Remove a tag no annotation uses; returns (it, its position) for undo."""
    tag_id = queries.tag_id(conn, name)
    used = conn.execute("SELECT count(*) FROM annotations WHERE tag_id = ?", (tag_id,)).fetchone()[0]
    if used:
        raise InputRefused(f"the tag {name!r} is used by {used:,} annotation"
                           f"{'' if used == 1 else 's'}; retag them first")
    position = conn.execute("SELECT position FROM tags WHERE id = ?", (tag_id,)).fetchone()[0]
    tag = next(t for t in queries.tags(conn) if t.name == name)
    conn.execute("DELETE FROM tags WHERE id = ?", (tag_id,))
    return tag, position
