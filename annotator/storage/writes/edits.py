"""Write use cases on one open transaction each: articles in, annotations added and changed.

Every function checks the span against the article's stored text (domain.spans), so the invariant
``text[start:end] == annotation.text`` holds whoever calls.
"""

from __future__ import annotations

import sqlite3
import uuid

from ...domain.model import Annotation, Article, ParsedArticle, utc_now
from ...domain.comparison.links import check_attributes
from ...domain.spans import check_span
from ...domain.text import check_canonical, check_storable, text_sha256
from ...errors import InputRefused
from ..reads import queries
from ..reads.texts import TextCache


Connection = sqlite3.Connection
ARTICLE_INSERT = ("INSERT INTO articles (seq, id, title, source, url, author, published, "
                  "imported_at, text, text_sha256, filename, encoding) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
ANNOTATION_INSERT = ('INSERT INTO annotations (id, article_id, tag_id, start, "end", text, note, '
                     "annotator_id, created_at, updated_at, actor_id, attributes) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def annotator_id(conn: Connection, name: str) -> int:
    """The annotator's id, made on first use (two writers making the same one at once: the
    second's insert does nothing and it reads the first's)."""
    found = conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
    if found is None:
        conn.execute("INSERT INTO annotators (name) VALUES (?) ON CONFLICT (name) DO NOTHING",
                     (name,))
        found = conn.execute("SELECT id FROM annotators WHERE name = ?", (name,)).fetchone()
    return found[0]


def cached_annotator_id(conn: Connection, cache: dict[str, int], name: str) -> int:
    """annotator_id, each name looked up once in ``cache`` (a merge's)."""
    if name not in cache:
        cache[name] = annotator_id(conn, name)
    return cache[name]


def next_seq(conn: Connection) -> int:
    """The next import position. SQLite's writers are one at a time; on PostgreSQL a lock held
    until commit makes two writers take turns (versions.serialize)."""
    from .versions import serialize

    serialize(conn, "articles.seq")
    return (conn.execute("SELECT max(seq) FROM articles").fetchone()[0] or 0) + 1


def _insert_article(conn: Connection, seq: int, article: Article) -> None:
    conn.execute(ARTICLE_INSERT, (seq, article.id, article.title, article.source, article.url,
                                  article.author, article.published, article.imported_at,
                                  article.text, article.text_sha256, article.filename,
                                  article.encoding))


def add_article(conn: Connection, parsed: ParsedArticle) -> tuple[Article, bool]:
    """Store a parsed article unless the same text is already there. Returns (article, created)."""
    check_storable(parsed.text, parsed.filename)
    check_canonical(parsed.text, parsed.filename)
    sha = text_sha256(parsed.text)
    existing = queries.article_by_sha(conn, sha)
    if existing is not None:
        return existing, False
    article = Article(id=str(uuid.uuid4()), title=parsed.title, source=parsed.source,
                      url=parsed.url, author=parsed.author, published=parsed.published,
                      imported_at=utc_now(), text=parsed.text, text_sha256=sha,
                      filename=parsed.filename, encoding=parsed.encoding)
    _insert_article(conn, next_seq(conn), article)
    return article, True


def add_annotation(conn: Connection, texts: TextCache, article_id: str, start: int, end: int,
                   tag: str, note: str, annotator: str, annotation_id: str | None = None,
                   actor: str | None = None, attributes: dict | None = None) -> Annotation:
    piece = check_span(texts.get(conn, article_id), start, end)
    now = utc_now()
    added = Annotation(annotation_id or str(uuid.uuid4()), article_id, tag, start, end, piece,
                       note, annotator, now, now, actor,
                       check_attributes(attributes) if attributes else queries.EMPTY)
    _insert(conn, added)
    return added


def _insert(conn: Connection, a: Annotation) -> None:
    if a.actor is not None:
        queries.actor(conn, a.actor)  # NotFound names it
    conn.execute(ANNOTATION_INSERT, (a.id, a.article_id, queries.tag_id(conn, a.tag), a.start,
                                     a.end, a.text, a.note, annotator_id(conn, a.annotator),
                                     a.created_at, a.updated_at, a.actor,
                                     queries.attributes_text(a.attributes)))


def restore_annotation(conn: Connection, texts: TextCache, annotation: Annotation) -> Annotation:
    """Put back an annotation exactly as it was (undo of a delete): same id, times, author and
    version (that version had this content, so whoever saw it saw this)."""
    piece = check_span(texts.get(conn, annotation.article_id), annotation.start, annotation.end)
    restored = annotation._replace(text=piece)
    _insert(conn, restored)
    if restored.version != 1:
        conn.execute("UPDATE annotations SET version = ? WHERE id = ?",
                     (restored.version, restored.id))
    return restored


def delete_annotation(conn: Connection, annotation_id: str, version: int | None = None
                      ) -> Annotation:
    """Delete one annotation and its links (the caller reads the links first, for undo); with
    ``version``, only if nobody changed it since (versions.claim)."""
    from .versions import claim

    claim(conn, "annotations", annotation_id, version)
    gone = queries.annotation(conn, annotation_id)
    conn.execute("DELETE FROM links WHERE from_id = ? OR to_id = ?", (annotation_id, annotation_id))
    conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
    return gone


def change_annotation(conn: Connection, texts: TextCache, annotation_id: str, *,
                      tag: str | None = None,
                      note: str | None = None, extent: tuple[int, int] | None = None,
                      updated_at: str | None = None, actor: str | bool | None = False,
                      attributes: dict | None = None, version: int | None = None
                      ) -> Annotation:
    """Change tag, note, extent, actor (None clears it; False leaves it) and/or attributes of
    one annotation; ``updated_at`` is set to now unless given (undo restores the earlier
    time). Its version goes up by one; with ``version``, only if nobody changed it since
    (else a Conflict, see versions.claim)."""
    from .versions import claim

    claim(conn, "annotations", annotation_id, version)
    current = queries.annotation(conn, annotation_id)
    values: dict = {"updated_at": updated_at or utc_now()}
    if tag is not None:
        values["tag_id"] = queries.tag_id(conn, tag)
    if note is not None:
        values["note"] = note
    if actor is not False:
        if actor is not None:
            queries.actor(conn, str(actor))  # NotFound names it
        values["actor_id"] = actor
    if attributes is not None:
        values["attributes"] = queries.attributes_text(check_attributes(attributes))
    if extent is not None:
        start, end = extent
        values.update(start=start, end=end,
                      text=check_span(texts.get(conn, current.article_id), start, end))
    _update(conn, "annotations", annotation_id, values)
    return queries.annotation(conn, annotation_id)


ARTICLE_DETAILS = ("title", "source", "url", "author", "published")


def update_article(conn: Connection, article_id: str, details: dict) -> Article:
    """Change an article's details (title, source, url, author, published); never its text."""
    unknown = set(details) - set(ARTICLE_DETAILS)
    if unknown:
        raise ValueError(f"not an article detail: {', '.join(sorted(unknown))}")
    values = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in details.items()}
    if "title" in values and not values["title"]:
        raise InputRefused("an article needs a title")
    queries.article(conn, article_id)  # NotFound if there is no such article
    _update(conn, "articles", article_id, values)
    return queries.article(conn, article_id)


def delete_article(conn: Connection, article_id: str) -> tuple:
    """Delete an article, its annotations and their links; returns (article, its import
    position, the annotations, the links)."""
    article = queries.article(conn, article_id)
    seq = conn.execute("SELECT seq FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
    gone = queries.annotations_of(conn, article_id)
    links = queries.links(conn, [article_id])
    conn.execute("DELETE FROM links WHERE from_id IN (SELECT id FROM annotations WHERE "
                 "article_id = ?) OR to_id IN (SELECT id FROM annotations WHERE article_id = ?)",
                 (article_id, article_id))
    conn.execute("DELETE FROM annotations WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
    return article, seq, gone, links


def restore_article(conn: Connection, texts: TextCache, article: Article, seq: int,
                    annotations: list[Annotation], links=()) -> None:
    """Put back a deleted article, at its place in import order, with its annotations and
    their links."""
    from .comparison import restore_link

    taken = conn.execute("SELECT id FROM articles WHERE seq = ?", (seq,)).fetchone()
    _insert_article(conn, seq if taken is None else next_seq(conn), article)
    for a in annotations:
        restore_annotation(conn, texts, a)
    for link in links:
        restore_link(conn, link)


_COLUMNS = {"annotations": {"tag_id", "note", "start", "end", "text", "updated_at", "actor_id",
                            "attributes"},
            "articles": set(ARTICLE_DETAILS)}


def _update(conn: Connection, table: str, row_id: str, values: dict) -> None:
    """UPDATE one row by id; the column names come from the fixed lists above, never from input."""
    assert set(values) <= _COLUMNS[table], set(values) - _COLUMNS[table]
    assignments = ", ".join(f'"{column}" = ?' for column in values)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id))
