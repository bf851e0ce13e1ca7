"""Read queries in plain SQL over a sqlite3 connection, returning plain domain objects. The
schema they read is defined once, in tables.py (tests/storage/test_schema.py checks them)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator

from ...domain.model import Actor, Annotation, Article, ArticleSummary, Link, LinkType, Tag
from ...errors import NotFound

ANNOTATION_SQL = (
    'SELECT an.id, an.article_id, tg.name, an.start, an."end", an.text, an.note, who.name, '
    "an.created_at, an.updated_at, an.actor_id, an.attributes, an.version FROM annotations an "
    "JOIN tags tg ON tg.id = an.tag_id JOIN annotators who ON who.id = an.annotator_id")
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
    intern, make, empty = sys.intern, Annotation._make, EMPTY
    out = []
    for row in rows:
        (ident, article_id, tag, start, end, text, note, who, created, updated, actor, attrs,
         version) = row
        created = intern(created)
        out.append(make((ident, intern(article_id), intern(tag), start, end, text, note,
                         intern(who), created, created if updated == created else intern(updated),
                         actor, empty if attrs is None else _attributes(attrs), version)))
    return out


EMPTY: dict = {}  # shared by every annotation without attributes; never mutated


def _attributes(stored: str) -> dict:
    import json

    return json.loads(stored)


def attributes_text(attributes: dict) -> str | None:
    """How attributes are stored: NULL when empty, else JSON with sorted keys."""
    if not attributes:
        return None
    import json

    return json.dumps(attributes, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _one(row) -> Annotation:
    return _shared([row])[0]


def annotation(conn: sqlite3.Connection, annotation_id: str) -> Annotation:
    row = conn.execute(ANNOTATION_SQL + " WHERE an.id = ?", (annotation_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no annotation {annotation_id} in this project")
    return _one(row)


def annotations_by_ids(conn: sqlite3.Connection, ids: list[str]) -> list[Annotation]:
    """These annotations (those that exist), in the order of ``ids``."""
    found: dict[str, Annotation] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = conn.execute(ANNOTATION_SQL + f" WHERE an.id IN ({','.join('?' * len(chunk))})",
                            chunk)
        found.update((a.id, a) for a in _shared(rows))
    return [found[i] for i in ids if i in found]


# -- the comparison layer (actors, link types, links) ---------------------------------------
LINK_SQL = (
    "SELECT ln.id, lt.name, ln.from_id, ln.to_id, ln.note, who.name, ln.created_at, "
    "ln.updated_at, fa.article_id, ta.article_id, ln.version FROM links ln "
    "JOIN link_types lt ON lt.id = ln.type_id JOIN annotators who ON who.id = ln.annotator_id "
    "JOIN annotations fa ON fa.id = ln.from_id JOIN annotations ta ON ta.id = ln.to_id")
LINK_ORDER = " ORDER BY lt.name, ln.from_id, ln.to_id, ln.id"


def link_types(conn: sqlite3.Connection) -> list[LinkType]:
    rows = conn.execute("SELECT name, directed, description FROM link_types ORDER BY position, id")
    return [LinkType(name, bool(directed), description) for name, directed, description in rows]


def link_type_row(conn: sqlite3.Connection, name: str) -> tuple[int, bool]:
    """(id, directed) of a link type; NotFound names the types there are."""
    found = conn.execute("SELECT id, directed FROM link_types WHERE name = ?", (name,)).fetchone()
    if found is None:
        known = ", ".join(t.name for t in link_types(conn))
        raise NotFound(f"there is no link type {name!r} in this project (types: {known})")
    return found[0], bool(found[1])


def links(conn: sqlite3.Connection, article_ids: list[str] | None = None) -> list[Link]:
    """All links, or those with an end in one of these articles, in (type, from, to, id) order."""
    if article_ids is None:
        return [Link._make(row) for row in conn.execute(LINK_SQL + LINK_ORDER)]
    marks = ",".join("?" * len(article_ids))
    rows = conn.execute(LINK_SQL + f" WHERE fa.article_id IN ({marks}) OR ta.article_id IN "
                        f"({marks})" + LINK_ORDER, (*article_ids, *article_ids))
    return [Link._make(row) for row in rows]


def link(conn: sqlite3.Connection, link_id: str) -> Link:
    row = conn.execute(LINK_SQL + " WHERE ln.id = ?", (link_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no link {link_id} in this project")
    return Link._make(row)


def links_touching(conn: sqlite3.Connection, annotation_ids: list[str]) -> list[Link]:
    """The links with an end among these annotations."""
    found: dict[str, Link] = {}
    for i in range(0, len(annotation_ids), 400):
        chunk = annotation_ids[i:i + 400]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(LINK_SQL + f" WHERE ln.from_id IN ({marks}) OR ln.to_id IN ({marks})",
                            (*chunk, *chunk))
        found.update((row[0], Link._make(row)) for row in rows)
    return sorted(found.values(), key=lambda k: (k.type, k.from_id, k.to_id, k.id))


def _actor(row) -> Actor:
    import json

    ident, name, aliases, kind, description = row
    return Actor(ident, name, tuple(json.loads(aliases)), kind, description)


def actors(conn: sqlite3.Connection) -> list[Actor]:
    """The project's actors by (case-folded name, id)."""
    from ...domain.comparison.actors import name_key

    found = [_actor(row) for row in conn.execute(
        "SELECT id, name, aliases, kind, description FROM actors")]
    return sorted(found, key=lambda a: (name_key(a.name), a.id))


def actor(conn: sqlite3.Connection, actor_id: str) -> Actor:
    row = conn.execute("SELECT id, name, aliases, kind, description FROM actors WHERE id = ?",
                       (actor_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no actor {actor_id} in this project")
    return _actor(row)


def actor_counts(conn: sqlite3.Connection) -> dict[str, dict[str, tuple[int, int]]]:
    """Per actor id, per article id: (mentions, quotes). A mention is an annotation whose actor
    it is; a quote, an annotation linked by 'speaker' to such a mention. Spans of the
    not-article tag and spans inside them are not counted."""
    from ...domain.comparison.links import NOT_ARTICLE, SPEAKER

    counts: dict[str, dict[str, list[int]]] = {}
    outside = ("NOT EXISTS (SELECT 1 FROM annotations bp JOIN tags bt ON bt.id = bp.tag_id "
               "WHERE bt.name = :na AND bp.article_id = {a}.article_id AND bp.start <= {a}.start "
               'AND bp."end" >= {a}."end")')
    mentions = conn.execute(
        "SELECT an.actor_id, an.article_id, count(*) FROM annotations an JOIN tags tg ON "
        "tg.id = an.tag_id WHERE an.actor_id IS NOT NULL AND tg.name <> :na AND "
        + outside.format(a="an") + " GROUP BY an.actor_id, an.article_id", {"na": NOT_ARTICLE})
    for actor_id, article_id, n in mentions:
        counts.setdefault(actor_id, {}).setdefault(article_id, [0, 0])[0] += n
    quotes = conn.execute(
        "SELECT sp.actor_id, q.article_id, count(DISTINCT q.id) FROM links ln "
        "JOIN link_types lt ON lt.id = ln.type_id JOIN annotations q ON q.id = ln.from_id "
        "JOIN annotations sp ON sp.id = ln.to_id WHERE lt.name = :sp AND "
        "sp.actor_id IS NOT NULL AND " + outside.format(a="q")
        + " GROUP BY sp.actor_id, q.article_id", {"na": NOT_ARTICLE, "sp": SPEAKER})
    for actor_id, article_id, n in quotes:
        counts.setdefault(actor_id, {}).setdefault(article_id, [0, 0])[1] += n
    return {a: {art: (m, q) for art, (m, q) in per.items()} for a, per in counts.items()}


def iter_articles(conn: sqlite3.Connection) -> Iterator[tuple]:
    yield from conn.execute(ARTICLE_SQL + " ORDER BY seq")


def count(conn: sqlite3.Connection, table: str) -> int:
    assert table in ("articles", "annotations", "tags", "annotators", "links", "actors")
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
