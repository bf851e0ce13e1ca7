"""Value objects handed out by the project: plain, immutable, free of Qt and SQLAlchemy.

Named tuples rather than dataclasses: made from database rows in one call, and importing them
costs nothing (dataclasses pulls in inspect: 6 ms on every start)."""

from __future__ import annotations

from datetime import datetime, UTC
from typing import NamedTuple


def utc_now() -> str:
    """Current time as an RFC 3339 UTC timestamp with milliseconds, e.g. 2026-11-22T09:30:00.123Z."""
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


class Tag(NamedTuple):
    name: str
    color: str
    description: str = ""
    shortcut: str | None = None


class ParsedArticle(NamedTuple):
    """What a reader makes of a file, before it is stored."""

    text: str  # canonical
    title: str
    source: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    filename: str | None = None
    encoding: str | None = None


class ArticleSummary(NamedTuple):
    id: str
    title: str
    source: str | None
    published: str | None
    annotation_count: int
    length: int


class Article(NamedTuple):
    id: str
    title: str
    source: str | None
    url: str | None
    author: str | None
    published: str | None
    imported_at: str
    text: str
    text_sha256: str
    filename: str | None = None
    encoding: str | None = None

    def __repr__(self) -> str:  # not the whole text
        return f"Article(id={self.id!r}, title={self.title!r}, {len(self.text):,} characters)"


class Annotation(NamedTuple):
    """A named tuple rather than a dataclass: the window loads tens of thousands at once, and
    ``Annotation._make(row)`` is several times cheaper than a frozen dataclass's __init__."""

    id: str
    article_id: str
    tag: str
    start: int
    end: int
    text: str
    note: str
    annotator: str
    created_at: str
    updated_at: str
    actor: str | None = None  # an Actor's id
    attributes: dict = {}  # noqa: RUF012 - never mutated: a changed annotation is a new tuple
    version: int = 1  # +1 on every change (optimistic checks: storage/writes/versions.py)


class LinkType(NamedTuple):
    name: str
    directed: bool
    description: str = ""


class Link(NamedTuple):
    """A link between two annotations (DESIGN.md section 9), with the articles of both ends so
    that the window can tell a cross-article link without asking."""

    id: str
    type: str
    from_id: str
    to_id: str
    note: str
    annotator: str
    created_at: str
    updated_at: str
    from_article: str = ""
    to_article: str = ""
    version: int = 1  # +1 on every change (optimistic checks: storage/writes/versions.py)


class Actor(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    description: str = ""


class Change(NamedTuple):
    """What one Project write changed, announced to the project's listeners after it committed
    (the window refreshes exactly this). ``reloaded`` names articles whose annotations changed
    wholesale (a merge), to be read again."""

    upserted: tuple[Annotation, ...] = ()
    removed: tuple[tuple[str, str], ...] = ()  # (article id, annotation id)
    links_upserted: tuple[Link, ...] = ()
    links_removed: tuple[str, ...] = ()
    reloaded: frozenset[str] = frozenset()
    articles: bool = False  # the list of articles or their details changed
    actors: bool = False
    tags: bool = False
    link_types: bool = False
    links_reloaded: bool = False  # links changed wholesale (a merge): read them again
    suggestions: bool = False  # the dismissed suggestions changed
    decisions: bool = False  # adjudication decisions were made or taken back

    def __bool__(self) -> bool:
        return any(self)
