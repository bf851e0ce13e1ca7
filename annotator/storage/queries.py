"""Read queries in plain SQL over a sqlite3 connection, returning plain domain objects. The
schema they read is defined once, in tables.py (tests/storage/test_schema.py checks them)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator

from ..domain.model import Annotation, Article, ArticleSummary, Tag
from ..errors import NotFound

ANNOTATION_SQL = (
    'SELECT an.id, an.article_id, tg.name, an.start, an."end", an.text, an.note, who.name, '
    "an.created_at, an.updated_at FROM annotations an JOIN tags tg ON tg.id = an.tag_id "
    "JOIN annotators who ON who.id = an.annotator_id")
ANNOTATION_ORDER = ' ORDER BY an.start, an."end", tg.name, an.id'
ARTICLE_FIELDS = ("id", "title", "source", "url", "author", "published", "imported_at", "text",
                  "text_sha256", "filename", "encoding")
ARTICLE_SQL = f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles"


def tags(conn: sqlite3.Connection) -> list[Tag]:
    rows = conn.execute("SELECT name, color, description, shortcut FROM tags "
                        "ORDER BY position, id")
    return [Tag(*row) for row in rows]


def tag_id(conn: sqlite3.Connection, name: str) -> int:
    found = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
    if found is None:
        known = ", ".join(tag.name for tag in tags(conn))
        raise NotFound(f"there is no tag {name!r} in this project (tags: {known})")
    return found[0]


def article_summaries(conn: sqlite3.Connection) -> list[ArticleSummary]:
    rows = conn.execute(
        "SELECT ar.id, ar.title, ar.source, ar.published, coalesce(counts.n, 0), "
        "length(ar.text) FROM articles ar LEFT JOIN (SELECT article_id, count(*) AS n "
        "FROM annotations GROUP BY article_id) counts ON counts.article_id = ar.id "
        "ORDER BY ar.seq")
    return [ArticleSummary(*row) for row in rows]


def article(conn: sqlite3.Connection, article_id: str) -> Article:
    row = conn.execute(ARTICLE_SQL + " WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no article {article_id} in this project")
    return Article(*row)


def article_by_sha(conn: sqlite3.Connection, sha: str) -> Article | None:
    row = conn.execute(ARTICLE_SQL + " WHERE text_sha256 = ?", (sha,)).fetchone()
    return Article(*row) if row else None


def annotations_of(conn: sqlite3.Connection, article_id: str, start: int | None = None,
                   end: int | None = None) -> list[Annotation]:
    """An article's annotations in (start, end, tag, id) order; with start and end, only those
    with a character in [start, end) (what a pane shows first)."""
    if start is not None and end is not None:
        rows = conn.execute(ANNOTATION_SQL + ' WHERE an.article_id = ? AND an.start < ? AND '
                            'an."end" > ?' + ANNOTATION_ORDER, (article_id, end, start))
    else:
        rows = conn.execute(ANNOTATION_SQL + " WHERE an.article_id = ?" + ANNOTATION_ORDER,
                            (article_id,))
    return _shared(rows)


def _shared(rows) -> list[Annotation]:
    """Annotations whose repeated strings are one object each: SQLite hands out a new string
    per row, and an article's 50,000 spans would otherwise hold 50,000 copies of its id, of each
    tag and annotator name, and of each time stamp twice (about 20 MB)."""
    intern, make = sys.intern, Annotation._make
    out = []
    for row in rows:
        ident, article_id, tag, start, end, text, note, who, created, updated = row
        created = intern(created)
        out.append(make((ident, intern(article_id), intern(tag), start, end, text, note,
                         intern(who), created, created if updated == created else intern(updated))))
    return out


def annotation(conn: sqlite3.Connection, annotation_id: str) -> Annotation:
    row = conn.execute(ANNOTATION_SQL + " WHERE an.id = ?", (annotation_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no annotation {annotation_id} in this project")
    return Annotation._make(row)


def iter_articles(conn: sqlite3.Connection) -> Iterator[tuple]:
    yield from conn.execute(ARTICLE_SQL + " ORDER BY seq")


def count(conn: sqlite3.Connection, table: str) -> int:
    assert table in ("articles", "annotations", "tags", "annotators")
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
