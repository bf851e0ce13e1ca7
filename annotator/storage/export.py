"""Stream a project's export with SQLAlchemy Core: one article in memory at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from sqlalchemy import Connection, select

from ..domain.model import utc_now
from ..formats.export_json import write_export
from . import queries
from .tables import annotations as an


def export_project(conn: Connection, out: BinaryIO, exported_at: str | None = None,
                   progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    select_annotations = queries.annotation_select().with_only_columns(
        *[c for c in queries.ANNOTATION_COLUMNS if c is not an.c.article_id])

    def articles():
        # Articles stream from one cursor while each article's annotations come from another.
        for row in conn.execute(select(*queries.ARTICLE_COLUMNS).order_by(queries.ar.c.seq)):
            article = row._asdict()
            rows = conn.execute(select_annotations.where(an.c.article_id == article["id"]))
            yield article, rows

    return write_export(out, exported_at=exported_at or utc_now(), tags=queries.tags(conn),
                        articles=articles(), progress=progress)
