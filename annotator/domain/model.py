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
