"""Write use cases on one open transaction each: articles in, annotations added and changed.

Every function checks the span against the article's stored text (domain.spans), so the invariant
``text[start:end] == annotation.text`` holds whoever calls.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, delete, func, insert, select, update

from ..domain.model import Annotation, Article, ParsedArticle, utc_now
from ..domain.spans import check_span
from ..domain.text import check_canonical, check_storable, text_sha256
from ..errors import InputRefused
from . import queries
from .tables import annotations as an, annotators as who, articles as ar
from .texts import TextCache


def annotator_id(conn: Connection, name: str) -> int:
    found = conn.execute(select(who.c.id).where(who.c.name == name)).scalar()
    if found is None:
        found = conn.execute(insert(who).values(name=name)).inserted_primary_key[0]
    return found


def next_seq(conn: Connection) -> int:
    return (conn.execute(select(func.max(ar.c.seq))).scalar() or 0) + 1


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
    conn.execute(insert(ar).values(seq=next_seq(conn), **article.__dict__))
    return article, True


def add_annotation(conn: Connection, texts: TextCache, article_id: str, start: int, end: int,
                   tag: str, note: str, annotator: str,
                   annotation_id: str | None = None) -> Annotation:
    piece = check_span(texts.get(conn, article_id), start, end)
    now = utc_now()
    added = Annotation(annotation_id or str(uuid.uuid4()), article_id, tag, start, end, piece,
                       note, annotator, now, now)
    _insert(conn, added)
    return added


def _insert(conn: Connection, a: Annotation) -> None:
    conn.execute(insert(an).values(
        id=a.id, article_id=a.article_id, tag_id=queries.tag_id(conn, a.tag), start=a.start,
        end=a.end, text=a.text, note=a.note, annotator_id=annotator_id(conn, a.annotator),
        created_at=a.created_at, updated_at=a.updated_at))


def restore_annotation(conn: Connection, texts: TextCache, annotation: Annotation) -> Annotation:
    """Put back an annotation exactly as it was (undo of a delete): same id, times and author."""
    piece = check_span(texts.get(conn, annotation.article_id), annotation.start, annotation.end)
    restored = annotation._replace(text=piece)
    _insert(conn, restored)
    return restored


def delete_annotation(conn: Connection, annotation_id: str) -> Annotation:
    gone = queries.annotation(conn, annotation_id)
    conn.execute(delete(an).where(an.c.id == annotation_id))
    return gone


def change_annotation(conn: Connection, texts: TextCache, annotation_id: str, *,
                      tag: str | None = None,
                      note: str | None = None, extent: tuple[int, int] | None = None,
                      updated_at: str | None = None) -> Annotation:
    """Change tag, note and/or extent of one annotation; ``updated_at`` is set to now unless
    given (undo restores the earlier time)."""
    current = queries.annotation(conn, annotation_id)
    values: dict = {"updated_at": updated_at or utc_now()}
    if tag is not None:
        values["tag_id"] = queries.tag_id(conn, tag)
    if note is not None:
        values["note"] = note
    if extent is not None:
        start, end = extent
        values.update(start=start, end=end,
                      text=check_span(texts.get(conn, current.article_id), start, end))
    conn.execute(update(an).where(an.c.id == annotation_id).values(**values))
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
    conn.execute(update(ar).where(ar.c.id == article_id).values(**values))
    return queries.article(conn, article_id)


def delete_article(conn: Connection, article_id: str) -> tuple[Article, int, list[Annotation]]:
    """Delete an article and its annotations; returns (article, its import position, them)."""
    article = queries.article(conn, article_id)
    seq = conn.execute(select(ar.c.seq).where(ar.c.id == article_id)).scalar()
    gone = queries.annotations_of(conn, article_id)
    conn.execute(delete(an).where(an.c.article_id == article_id))
    conn.execute(delete(ar).where(ar.c.id == article_id))
    return article, seq, gone


def restore_article(conn: Connection, texts: TextCache, article: Article, seq: int,
                    annotations: list[Annotation]) -> None:
    """Put back a deleted article, at its place in import order, with its annotations."""
    taken = conn.execute(select(ar.c.id).where(ar.c.seq == seq)).scalar()
    conn.execute(insert(ar).values(seq=seq if taken is None else next_seq(conn), **article.__dict__))
    for a in annotations:
        restore_annotation(conn, texts, a)
