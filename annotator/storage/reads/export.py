"""Stream a project's export in plain SQL: one article in memory at a time, links from a cursor."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import BinaryIO

from ...domain.model import utc_now
from ...domain.text import text_sha256
from ...formats.export.export_json import ExportInconsistent, write_export
from . import queries

_ANNOTATIONS = (
    'SELECT an.id, tg.name, an.start, an."end", an.text, an.note, who.name, an.created_at, '
    "an.updated_at, an.actor_id, an.attributes FROM annotations an "
    "JOIN tags tg ON tg.id = an.tag_id JOIN annotators who ON who.id = an.annotator_id "
    "WHERE an.article_id = ?" + queries.ANNOTATION_ORDER)
# An undirected link is written smaller id first (storage keeps it so; this makes sure), and
# the order is (type, from, to, id) as written. SQLite compares text as UTF-8 bytes, which is
# the order of code points, as Python's; PostgreSQL's text columns are COLLATE "C" for the same
# order (server/backend_pg.py).
_LINKS = (
    "SELECT ln.id, lt.name, "
    "CASE WHEN lt.directed OR ln.from_id < ln.to_id THEN ln.from_id ELSE ln.to_id END AS f, "
    "CASE WHEN lt.directed OR ln.from_id < ln.to_id THEN ln.to_id ELSE ln.from_id END AS t, "
    "ln.note, who.name, ln.created_at, ln.updated_at FROM links ln "
    "JOIN link_types lt ON lt.id = ln.type_id JOIN annotators who ON who.id = ln.annotator_id "
    "ORDER BY lt.name, f, t, ln.id")


def export_project(conn: sqlite3.Connection, out: BinaryIO, exported_at: str | None = None,
                   progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    def articles():
        # Articles stream from one cursor while each article's annotations come from another.
        for row in conn.execute(queries.ARTICLE_SQL + " ORDER BY seq"):
            article = dict(zip(queries.ARTICLE_FIELDS, row, strict=True))
            if text_sha256(article["text"]) != article["text_sha256"]:  # a reader's damage check
                raise ExportInconsistent(f"the text of article {article['id']} has changed since "
                                         "it was imported: the project file is damaged")
            yield article, conn.execute(_ANNOTATIONS, (article["id"],))

    def links():  # queried once the articles are written
        yield from conn.execute(_LINKS)

    return write_export(out, exported_at=exported_at or utc_now(), tags=queries.tags(conn),
                        link_types=queries.link_types(conn), actors=queries.actors(conn),
                        articles=articles(), links=links(), progress=progress)
