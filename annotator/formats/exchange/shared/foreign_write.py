"""What the writers of other tools' formats (doccano, Label Studio) share: the links each article
holds within itself, an article's details as keys, the loss report; and no_gc, the collector
paused while any writer works."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager

from ....domain.bundle import ArticleIn, Bundle, LinkIn
from ....domain.loss import LossReport

__all__ = ["details", "links_by_article", "loss_of", "no_gc"]


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # (what XML 1.0
# cannot hold: C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF)


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: a writer makes hundreds of thousands of small objects
    (dicts, tuples, strings), none in a cycle, and the collector would walk every live one again
    and again as they are made (half of Label Studio's export of 100,000 spans)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def links_by_article(bundle: Bundle) -> tuple[dict[str, list[LinkIn]], list[LinkIn]]:
    """The links with both ends in one article, by article id; and those joining two articles."""
    if not bundle.links:
        return {}, []
    owner = {a.id: article.id for article in bundle.articles for a in article.annotations}
    within: dict[str, list[LinkIn]] = {}
    across: list[LinkIn] = []
    for link in bundle.links:
        start, end = owner.get(link.from_id), owner.get(link.to_id)
        if start is not None and start == end:
            within.setdefault(start, []).append(link)
        else:
            across.append(link)
    return within, across


def details(article: ArticleIn) -> dict:
    """The article's id and details (those it has), as keys beside the text."""
    found = {"article_id": article.id, "title": article.title}
    for key in ("source", "url", "author", "published"):
        if getattr(article, key):
            found[key] = getattr(article, key)
    return found


def loss_of(bundle: Bundle, name: str, lacks: tuple[str, ...]) -> LossReport:
    """The report of ``lacks`` (keys of domain.loss.LOSSES), links between two articles and the
    notes of links, with the counts of what is written."""
    report = LossReport.of(bundle, name, lacks)
    within, across = links_by_article(bundle)
    add_loss(report, "link between two articles", "links between two articles", len(across))
    add_loss(report, "link's note", "links' notes",
             sum(1 for links in within.values() for k in links if k.note))
    report.articles = len(bundle.articles)
    report.annotations = bundle.annotation_count
    return report


def link_type_losses(report: LossReport, bundle: Bundle, directions: bool,
                     named: set[str] | None = None) -> None:
    """Add what a format without link types' descriptions (and, ``directions``, their
    directions) loses of them: the defaults' come back by their names. ``named``: the types
    the file names (those of the links it writes), when it does not list them all."""
    from ....domain.comparison.links import DEFAULT_LINK_TYPES

    defaults = {t.name: t for t in DEFAULT_LINK_TYPES}
    custom = [t for t in bundle.link_types if defaults.get(t.name) != t]
    if named is not None:
        add_loss(report, "link type that no written link uses",
                 "link types that no written link uses",
                 sum(1 for t in custom if t.name not in named))
        custom = [t for t in custom if t.name in named]
    add_loss(report, "link type's description", "link types' descriptions",
             sum(1 for t in custom if t.description))
    if directions:
        add_loss(report, "undirected link type (read back as directed)",
                 "undirected link types (read back as directed)",
                 sum(1 for t in custom if not t.directed))


def add_loss(report: LossReport, one: str, many: str, count: int, how: str | None = None
             ) -> None:
    """A kind of loss domain.loss does not name (said as given: one or many; ``how``: what
    becomes of them, when not left out)."""
    if count:
        key = one if count == 1 else many
        report.add(key, count)
        if how is not None:
            report.how[key] = how
