"""A file's article that is a project article but for spacing, quote marks, dashes or invisible
marks (a colleague's copy of the same report, or our own export of a text beginning with U+FEFF,
which its reader took for a byte-order mark: domain.near_copy) is taken as that article: its
spans are put on the project's text, each mapped character by character, instead of the file's
text coming in as a second article beside the first (or being refused for its id). Said, with
each span that cannot be mapped refused (and its links)."""

from __future__ import annotations

from ...domain.anchor import drop_links_to
from ...domain.bundle import ArticleIn, Bundle
from ...domain.near_copy import Loose, quick_key
from ..reads import queries
from .bundle_resolve import as_bundle_article

_SLACK = 0.05  # a copy's length within 5% of the article's (spaces, line ends)


def take_near_copies(conn, bundle: Bundle, source: str) -> None:
    if not any(not a.reference and a.text for a in bundle.articles) or \
            conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None:
        return
    gone: set[str] = set()
    keys: dict[str, str] = {}  # project article id -> quick_key (each made once an import)
    for i, article in enumerate(bundle.articles):
        if article.reference or not article.text or conn.execute(
                "SELECT 1 FROM articles WHERE text_sha256 = ?",
                (article.text_sha256,)).fetchone() is not None:
            continue
        like = _the_one_like(conn, article, keys)
        if like is None:
            continue
        found, theirs, ours = like
        bundle.articles[i] = _moved_onto(found, theirs, ours, article, bundle, gone, source)
        bundle.said.append(f"{source}: article {article.title!r} is the project's "
                           f"{found.title!r} but for spacing, quote marks, dashes or invisible "
                           "marks: its spans were put on it")
    drop_links_to(bundle, gone, bundle.where)


def _the_one_like(conn, article: ArticleIn, keys: dict[str, str]):
    """(the one project article whose text is loosely the file's, of about its length or of
    its id, and the two texts' Loose forms), or None. Told quickly (quick_key, each project
    text's made once), then surely."""
    size = len(article.text)
    rows = conn.execute("SELECT id, text FROM articles WHERE id = ? OR length(text) BETWEEN ? "
                        "AND ?", (article.id, int(size * (1 - _SLACK)), int(size * (1 + _SLACK)) + 1))
    key = quick_key(article.text)
    alike = []
    for ident, text in rows.fetchall():
        if ident not in keys:
            keys[ident] = quick_key(text)
        if keys[ident] == key:
            alike.append(ident)
    if len(alike) != 1:
        return None
    found = queries.article(conn, alike[0])
    theirs, ours = Loose(article.text), Loose(found.text)
    return (found, theirs, ours) if theirs.key == ours.key else None


def _moved_onto(found, theirs: Loose, ours: Loose, article: ArticleIn, bundle: Bundle,
                gone: set[str], source: str) -> ArticleIn:
    spans = []
    for a in article.annotations:
        place = theirs.span_in(ours, a.start, a.end)
        if place is None:
            gone.add(a.id)
            where = bundle.where.get(a.id)
            head = f"{where}: refused: annotation {a.id!r}" if where else \
                f"{source}, annotation {a.id!r}: refused"
            bundle.refused.append(f"{head}: {a.text[:40]!r} has no place in the project's "
                                  f"{found.title!r}")
            continue
        a.start, a.end = place
        a.text = found.text[a.start:a.end]
        spans.append(a)
    return as_bundle_article(found, spans)
