"""Stream a project's export in plain SQL: one article in memory at a time."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import BinaryIO

from ..domain.model import utc_now
from ..domain.text import text_sha256
from ..formats.export_json import ExportInconsistent, write_export
from . import queries

_ANNOTATIONS = (
    'SELECT an.id, tg.name, an.start, an."end", an.text, an.note, who.name, an.created_at, '
    "an.updated_at FROM annotations an JOIN tags tg ON tg.id = an.tag_id "
    "JOIN annotators who ON who.id = an.annotator_id WHERE an.article_id = ?"
    + queries.ANNOTATION_ORDER)


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

    return write_export(out, exported_at=exported_at or utc_now(), tags=queries.tags(conn),
                        articles=articles(), progress=progress)
