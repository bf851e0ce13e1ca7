"""Value objects handed out by the project: plain, immutable, free of Qt and SQLAlchemy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import NamedTuple


def utc_now() -> str:
    """Current time as an RFC 3339 UTC timestamp with milliseconds, e.g. 2026-11-22T09:30:00.123Z."""
    now = datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Tag:
    name: str
    color: str
    description: str = ""
    shortcut: str | None = None


@dataclass(frozen=True)
class ParsedArticle:
    """What a reader makes of a file, before it is stored."""

    text: str  # canonical
    title: str
    source: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    filename: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    title: str
    source: str | None
    published: str | None
    annotation_count: int
    length: int


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    source: str | None
    url: str | None
    author: str | None
    published: str | None
    imported_at: str
    text: str = field(repr=False)
    text_sha256: str
    filename: str | None = None
    encoding: str | None = None


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
