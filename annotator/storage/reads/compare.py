"""Read what `compare` needs in a few streaming queries (DESIGN.md section 10): plain rows for
domain.comparison.compare. Spans in regions that are not part of the article are left out of every count."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from ...domain.comparison.compare import comparison
from ...domain.comparison.links import CONTRADICTS, NOT_ARTICLE, SAME, SPEAKER
from ...domain.comparison.regions import inside, join_ranges

CLAIM = "claim"


def _regions(conn: sqlite3.Connection) -> dict[str, list[tuple[int, int]]]:
    pairs: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in conn.execute(
            'SELECT an.article_id, an.start, an."end" FROM annotations an JOIN tags tg ON '
            "tg.id = an.tag_id WHERE tg.name = ?", (NOT_ARTICLE,)):
        pairs.setdefault(article_id, []).append((start, end))
    return {article_id: join_ranges(p) for article_id, p in pairs.items()}


def _kept(rows, regions: dict[str, list[tuple[int, int]]]) -> Iterator[tuple]:
    """Rows (…, article id, start, end) outside the not-article regions, without the extent."""
    for *head, article_id, start, end in rows:
        ranges = regions.get(article_id)
        if ranges is None or not inside(ranges, start, end):
            yield (*head, article_id)


def _link_ends(conn: sqlite3.Connection, link_type: str) -> Iterator[tuple[str, str]]:
    yield from conn.execute("SELECT ln.from_id, ln.to_id FROM links ln JOIN link_types lt ON "
                            "lt.id = ln.type_id WHERE lt.name = ?", (link_type,))


def compare_project(conn: sqlite3.Connection) -> dict:
    regions = _regions(conn)
    articles = list(conn.execute("SELECT id, title, source FROM articles ORDER BY seq"))
    actors = list(conn.execute("SELECT id, name FROM actors"))
    mentions = _kept(conn.execute(
        'SELECT an.actor_id, an.article_id, an.start, an."end" FROM annotations an '
        "JOIN tags tg ON tg.id = an.tag_id WHERE an.actor_id IS NOT NULL AND tg.name <> ?",
        (NOT_ARTICLE,)), regions)
    quotes = _kept(conn.execute(
        'SELECT DISTINCT sp.actor_id, q.id, q.article_id, q.start, q."end" FROM links ln '
        "JOIN link_types lt ON lt.id = ln.type_id JOIN annotations q ON q.id = ln.from_id "
        "JOIN annotations sp ON sp.id = ln.to_id WHERE lt.name = ? AND sp.actor_id IS NOT NULL",
        (SPEAKER,)), regions)
    claims = dict(_kept(conn.execute(
        'SELECT an.id, an.article_id, an.start, an."end" FROM annotations an JOIN tags tg ON '
        "tg.id = an.tag_id WHERE tg.name = ?", (CLAIM,)), regions))
    return comparison(articles, actors, list(mentions),
                      [(actor, article) for actor, _quote, article in quotes], claims,
                      _link_ends(conn, SAME), _link_ends(conn, CONTRADICTS))
