"""The whole project as a Bundle (domain.bundle), in the export's order, for the writers of the
exchange formats (formats.registry): articles in import order, annotations by (start, end, tag,
id), link types in the project's order, actors by (case-folded name, id), links by (type, from,
to, id) with an undirected link smaller id first (DESIGN.md sections 3 and 9)."""

from __future__ import annotations

import gc
import sqlite3

from ...domain.bundle import AnnotationIn, ArticleIn, Bundle, LinkIn, TagIn
from . import queries
from .export import _ANNOTATIONS, _LINKS


def project_bundle(conn: sqlite3.Connection) -> Bundle:
    # (A Bundle of 100,000 spans is some 400,000 objects, none in a cycle: the cyclic garbage
    # collector, which would walk all of them again and again as they are made, waits.)
    paused = gc.isenabled()
    gc.disable()
    try:
        return _bundle(conn)
    finally:
        if paused:
            gc.enable()


def _bundle(conn: sqlite3.Connection) -> Bundle:
    bundle = Bundle(tags=[TagIn(t.name, t.color, t.description) for t in queries.tags(conn)],
                    articles=[], version=2, link_types=queries.link_types(conn),
                    actors=queries.actors(conn))
    for row in conn.execute(queries.ARTICLE_SQL + " ORDER BY seq").fetchall():
        a = dict(zip(queries.ARTICLE_FIELDS, row, strict=True))
        article = ArticleIn(a["id"], a["title"], a["source"], a["url"], a["author"],
                            a["published"], a["imported_at"], a["text"], a["text_sha256"])
        article.annotations = [
            AnnotationIn(ident, tag, start, end, text, note, who, created, updated, True, actor,
                         queries._attributes(attributes) if attributes else None)
            for (ident, tag, start, end, text, note, who, created, updated, actor, attributes)
            in conn.execute(_ANNOTATIONS, (a["id"],))]
        bundle.articles.append(article)
    bundle.links = [LinkIn(ident, kind, from_id, to_id, note, who, created, updated)
                    for ident, kind, from_id, to_id, note, who, created, updated
                    in conn.execute(_LINKS)]
    return bundle
