"""Read queries as SQLAlchemy Core selects over the models, returning plain domain objects."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, Row, func, select

from ..domain.model import Annotation, Article, ArticleSummary, Tag
from ..errors import NotFound
from .tables import annotations as an, annotators as who, articles as ar, tags as tg

ANNOTATION_COLUMNS = (an.c.id, an.c.article_id, tg.c.name, an.c.start, an.c.end, an.c.text,
                      an.c.note, who.c.name, an.c.created_at, an.c.updated_at)
_ANNOTATION_JOIN = an.join(tg, an.c.tag_id == tg.c.id).join(who, an.c.annotator_id == who.c.id)
ARTICLE_COLUMNS = (ar.c.id, ar.c.title, ar.c.source, ar.c.url, ar.c.author, ar.c.published,
                   ar.c.imported_at, ar.c.text, ar.c.text_sha256, ar.c.filename, ar.c.encoding)


def annotation_select():
    """Annotations with their tag and annotator names, in export order."""
    return (select(*ANNOTATION_COLUMNS).select_from(_ANNOTATION_JOIN)
            .order_by(an.c.start, an.c.end, tg.c.name, an.c.id))


def to_annotation(row: Row) -> Annotation:
    return Annotation._make(row)


def to_article(row: Row) -> Article:
    return Article(*row)


def tags(conn: Connection) -> list[Tag]:
    rows = conn.execute(select(tg.c.name, tg.c.color, tg.c.description, tg.c.shortcut)
                        .order_by(tg.c.position, tg.c.id))
    return [Tag(*row) for row in rows]


def tag_id(conn: Connection, name: str) -> int:
    found = conn.execute(select(tg.c.id).where(tg.c.name == name)).scalar()
    if found is None:
        known = ", ".join(tag.name for tag in tags(conn))
        raise NotFound(f"there is no tag {name!r} in this project (tags: {known})")
    return found


def article_summaries(conn: Connection) -> list[ArticleSummary]:
    counts = (select(an.c.article_id, func.count().label("n")).group_by(an.c.article_id)
              .subquery())
    rows = conn.execute(
        select(ar.c.id, ar.c.title, ar.c.source, ar.c.published,
               func.coalesce(counts.c.n, 0), func.length(ar.c.text))
        .select_from(ar.outerjoin(counts, counts.c.article_id == ar.c.id))
        .order_by(ar.c.seq))
    return [ArticleSummary(*row) for row in rows]


def article(conn: Connection, article_id: str) -> Article:
    row = conn.execute(select(*ARTICLE_COLUMNS).where(ar.c.id == article_id)).first()
    if row is None:
        raise NotFound(f"there is no article {article_id} in this project")
    return to_article(row)


def article_by_sha(conn: Connection, sha: str) -> Article | None:
    row = conn.execute(select(*ARTICLE_COLUMNS).where(ar.c.text_sha256 == sha)).first()
    return to_article(row) if row else None


def annotations_of(conn: Connection, article_id: str, start: int | None = None,
                   end: int | None = None) -> list[Annotation]:
    """An article's annotations in (start, end, tag, id) order; with start and end, only those
    with a character in [start, end) (what a pane shows first)."""
    query = annotation_select().where(an.c.article_id == article_id)
    if start is not None and end is not None:
        query = query.where(an.c.start < end, an.c.end > start)
    return list(map(Annotation._make, conn.execute(query)))


def annotation(conn: Connection, annotation_id: str) -> Annotation:
    row = conn.execute(annotation_select().where(an.c.id == annotation_id)).first()
    if row is None:
        raise NotFound(f"there is no annotation {annotation_id} in this project")
    return to_annotation(row)


def iter_articles(conn: Connection) -> Iterator[Row]:
    yield from conn.execute(select(*ARTICLE_COLUMNS).order_by(ar.c.seq))
