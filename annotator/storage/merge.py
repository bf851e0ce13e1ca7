"""Merge a validated export into the project, in the caller's single transaction.

Articles match by id, else by text_sha256; annotations by id. What is already there and equal is
left alone, so importing the same file twice changes nothing. An annotation that exists with other
content is updated only when the file's copy is newer (updated_at). Any inconsistency raises
InputRefused, and the caller's transaction is rolled back: nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from ..domain.model import utc_now
from ..errors import InputRefused
from ..formats.export_read import ArticleIn, ExportIn
from . import queries
from .edits import annotator_id, next_seq
from .tables import annotations as an, annotators as who, articles as ar, tags as tg

FALLBACK_COLORS = ("#8e6bbf", "#e08a2e", "#4aa3a3", "#b5547a", "#7a8f2e", "#5f6f8f")


@dataclass
class MergeReport:
    articles: list[tuple[str, str, bool]] = field(default_factory=list)  # (id, title, created)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_local: int = 0


def _newer(incoming: str, stored: str) -> bool:
    try:
        return datetime.fromisoformat(incoming) > datetime.fromisoformat(stored)
    except (TypeError, ValueError):  # naive against aware, or an odd stored value
        return incoming > stored


def _merge_tags(conn: Connection, data: ExportIn, empty_project: bool) -> None:
    if empty_project and data.tags:
        # A project with nothing in it takes the file's tags as they are, so that
        # export -> import into a new project -> export gives the same bytes.
        conn.execute(delete(tg))
    existing = {t.name for t in queries.tags(conn)}
    position = conn.execute(select(func.coalesce(func.max(tg.c.position), -1))).scalar() + 1
    wanted = [(t.name, t.color, t.description) for t in data.tags]
    wanted += [(a.tag, None, "") for art in data.articles for a in art.annotations]
    for name, color, description in wanted:
        if name in existing:
            continue
        color = color or FALLBACK_COLORS[position % len(FALLBACK_COLORS)]
        conn.execute(insert(tg).values(name=name, color=color, description=description,
                                       shortcut=None, position=position))
        existing.add(name)
        position += 1


def _match_article(conn: Connection, article: ArticleIn, source: str) -> tuple[str, str, bool]:
    """The project's id and title for a file's article, inserting it if new.
    Returns (id, title, created)."""
    by_id = conn.execute(select(ar.c.text_sha256).where(ar.c.id == article.id)).scalar()
    if by_id is not None and by_id != article.text_sha256:
        raise InputRefused(f"refused: article {article.id!r} has the id of an article in this "
                           "project whose text is different", source)
    existing = queries.article_by_sha(conn, article.text_sha256)
    if existing is not None:
        _fill_gaps(conn, existing, article)
        return existing.id, existing.title, False
    conn.execute(insert(ar).values(
        id=article.id, seq=next_seq(conn), title=article.title, source=article.source,
        url=article.url, author=article.author, published=article.published,
        imported_at=article.imported_at or utc_now(), text=article.text,
        text_sha256=article.text_sha256, filename=None, encoding=None))
    return article.id, article.title, True


def _fill_gaps(conn: Connection, existing, article: ArticleIn) -> None:
    """Details the project lacks (source, author, date, URL) are taken from the file; details it
    has are kept: without a time on them, there is no telling whose are newer."""
    gaps = {key: getattr(article, key) for key in ("source", "url", "author", "published")
            if getattr(existing, key) is None and getattr(article, key)}
    if gaps:
        conn.execute(update(ar).where(ar.c.id == existing.id).values(**gaps))


def merge(conn: Connection, data: ExportIn, source: str) -> MergeReport:
    report = MergeReport()
    empty = conn.execute(select(func.count()).select_from(ar)).scalar() == 0
    _merge_tags(conn, data, empty)
    tag_ids = dict(conn.execute(select(tg.c.name, tg.c.id)).all())
    annotator_ids: dict[str, int] = {}
    for article in data.articles:
        article_id, title, created = _match_article(conn, article, source)
        report.articles.append((article_id, title, created))
        for a in article.annotations:
            content = dict(article_id=article_id, tag_id=tag_ids[a.tag], start=a.start,
                           end=a.end, text=a.text, note=a.note)
            times = dict(created_at=a.created_at, updated_at=a.updated_at)
            current = conn.execute(select(an, who.c.name.label("annotator_name"))
                                   .join(who, an.c.annotator_id == who.c.id)
                                   .where(an.c.id == a.id)).mappings().first()
            if current is not None and current["article_id"] != article_id:
                raise InputRefused(f"refused: annotation {a.id!r} of article {article.id!r} "
                                   "belongs to another article in this project", source)
            same_content = current is not None and all(current[k] == v for k, v in content.items()) \
                and current["annotator_name"] == a.annotator
            if current is not None and same_content and (
                    not a.timestamps_given or all(current[k] == v for k, v in times.items())):
                report.unchanged += 1
                continue
            if current is not None and a.timestamps_given and not _newer(a.updated_at, current["updated_at"]):
                report.kept_local += 1
                continue
            if a.annotator not in annotator_ids:
                annotator_ids[a.annotator] = annotator_id(conn, a.annotator)
            values = dict(content, annotator_id=annotator_ids[a.annotator], **times)
            if current is None:
                conn.execute(insert(an).values(id=a.id, **values))
                report.added += 1
            else:
                if not a.timestamps_given:  # a script's edit without times: it is new now
                    values.update(created_at=current["created_at"], updated_at=utc_now())
                conn.execute(update(an).where(an.c.id == a.id).values(**values))
                report.updated += 1
    return report
