"""Articles a bundle only points at (ArticleIn.reference: a spans-only CSV, a W3C annotation of
an article already here) are found in the project, by id, else by the SHA-256 of the text
(``text_sha256``, when the file gives it), else by URL, else (ArticleIn.by_quote) as the one
article holding their quotes; their spans are then
checked against the project's text and re-anchored by their quote (domain.anchor). Spans that
cannot be placed, and links to them, go to Bundle.refused; the rest is merged."""

from __future__ import annotations

import sqlite3

from ...domain.anchor import drop_links_to, place_spans
from ...domain.bundle import ArticleIn, Bundle
from ..reads import queries


def resolve_references(conn: sqlite3.Connection, bundle: Bundle) -> None:
    if not any(a.reference for a in bundle.articles):
        return
    named = {a.actor for article in bundle.articles for a in article.annotations if a.actor}
    kept: list[ArticleIn] = []
    gone: set[str] = set()
    for article in bundle.articles:
        if not article.reference:
            kept.append(article)
            continue
        found = _find(conn, article)
        why = _not_found(article, found)
        if why is not None:
            for a in article.annotations:
                gone.add(a.id)
                place = bundle.where.get(a.id, f"annotation {a.id!r}")
                bundle.refused.append(f"{place}: refused: annotation {a.id!r}: its article "
                                      f"{article.named()} {why}")
            continue
        spans, said, refused = place_spans(found.text, article.annotations, bundle.where,
                                           f"the project's {found.title!r}", bundle.context)
        gone |= {a.id for a in article.annotations} - {a.id for a in spans}
        bundle.said += said
        bundle.refused += refused
        kept.append(as_bundle_article(found, spans))
    bundle.articles = kept
    drop_links_to(bundle, gone, bundle.where)
    if gone:  # actors named only by refused spans are not added either
        used = {a.actor for article in kept for a in article.annotations if a.actor}
        bundle.actors = [a for a in bundle.actors if a.id in used or a.id not in named]


def as_bundle_article(found, spans: list) -> ArticleIn:
    """A project article (queries.article) as the bundle's, holding ``spans``."""
    return ArticleIn(found.id, found.title, found.source, found.url, found.author,
                     found.published, found.imported_at, found.text, found.text_sha256, spans)


def _not_found(article: ArticleIn, found) -> str | None:
    """Why the project has no article for the file's (the end of a refusal), or None."""
    if found is None:
        return "is not in this project (and the file does not carry its text)" + (
            ", nor is one article holding its spans' texts" if article.by_quote else "")
    if found.id == article.id and article.text_sha256 and \
            found.text_sha256 != article.text_sha256:
        return ("has the id of an article in this project whose text is different (the file "
                "gives the SHA-256 of another text)")
    return None


def _find(conn: sqlite3.Connection, article: ArticleIn):
    row = conn.execute("SELECT id FROM articles WHERE id = ?", (article.id,)).fetchone()
    if row is None and article.text_sha256:
        row = conn.execute("SELECT id FROM articles WHERE text_sha256 = ?",
                           (article.text_sha256,)).fetchone()
    if row is None and article.url:
        row = conn.execute("SELECT id FROM articles WHERE url = ? ORDER BY seq LIMIT 1",
                           (article.url,)).fetchone()
    if row is None and article.by_quote:
        row = _by_quotes(conn, article)
    return None if row is None else queries.article(conn, row[0])


def _by_quotes(conn: sqlite3.Connection, article: ArticleIn) -> tuple[str] | None:
    """The one project article holding more of the spans' quotes (the first 20) than any
    other; None when none holds any, or two hold as many."""
    counts: dict[str, int] = {}
    # instr() is SQLite's, strpos() PostgreSQL's (engine_pg's connection says its dialect)
    find = "strpos" if getattr(conn, "dialect", "sqlite") == "postgresql" else "instr"
    for quote in list(dict.fromkeys(a.text for a in article.annotations if a.text))[:20]:
        for (ident,) in conn.execute(f"SELECT id FROM articles WHERE {find}(text, ?) > 0",
                                     (quote,)):
            counts[ident] = counts.get(ident, 0) + 1
    best = sorted(counts.items(), key=lambda item: -item[1])[:2]
    if not best or (len(best) == 2 and best[0][1] == best[1][1]):
        return None
    return (best[0][0],)
