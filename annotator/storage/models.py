"""Typed SQLAlchemy 2.0 ORM models over the project's tables (tables.py).

For scripts, tests and Alembic (``Base.metadata`` is the migrations' target). The program itself
works with Core rows and does not import this module, so start-up never pays for the ORM.
"""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase, Mapped

from . import tables


class Base(DeclarativeBase):
    metadata = tables.metadata


class ArticleRow(Base):
    __table__ = tables.articles

    id: Mapped[str]
    seq: Mapped[int]
    title: Mapped[str]
    source: Mapped[str | None]
    url: Mapped[str | None]
    author: Mapped[str | None]
    published: Mapped[str | None]
    imported_at: Mapped[str]
    text: Mapped[str]
    text_sha256: Mapped[str]
    filename: Mapped[str | None]
    encoding: Mapped[str | None]


class TagRow(Base):
    __table__ = tables.tags

    id: Mapped[int]
    name: Mapped[str]
    color: Mapped[str]
    description: Mapped[str]
    shortcut: Mapped[str | None]
    position: Mapped[int]


class AnnotatorRow(Base):
    __table__ = tables.annotators

    id: Mapped[int]
    name: Mapped[str]


class AnnotationRow(Base):
    __table__ = tables.annotations

    id: Mapped[str]
    article_id: Mapped[str]
    tag_id: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str]
    note: Mapped[str]
    annotator_id: Mapped[int]
    created_at: Mapped[str]
    updated_at: Mapped[str]
    actor_id: Mapped[str | None]
    attributes: Mapped[str | None]
    version: Mapped[int]


class ActorRow(Base):
    __table__ = tables.actors

    id: Mapped[str]
    name: Mapped[str]
    aliases: Mapped[str]
    kind: Mapped[str | None]
    description: Mapped[str]


class LinkTypeRow(Base):
    __table__ = tables.link_types

    id: Mapped[int]
    name: Mapped[str]
    directed: Mapped[bool]
    description: Mapped[str]
    position: Mapped[int]


class LinkRow(Base):
    __table__ = tables.links

    id: Mapped[str]
    type_id: Mapped[int]
    from_id: Mapped[str]
    to_id: Mapped[str]
    note: Mapped[str]
    annotator_id: Mapped[int]
    created_at: Mapped[str]
    updated_at: Mapped[str]
    version: Mapped[int]


class DecisionRow(Base):
    """One adjudication decision (see tables.decisions)."""

    __table__ = tables.decisions

    id: Mapped[str]
    article_id: Mapped[str]
    tag_id: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]
    outcome: Mapped[str]
    sources: Mapped[str]
    gold_id: Mapped[str | None]
    decided_by: Mapped[int]
    decided_at: Mapped[str]
    note: Mapped[str]


class ChangeRow(Base):
    """One committed change, for other windows on the project (see tables.changes)."""

    __table__ = tables.changes

    seq: Mapped[int]
    at: Mapped[str]
    annotator_id: Mapped[int | None]
    payload: Mapped[str]


class ProjectInfoRow(Base):
    """Key/value facts about the project itself (its id, when it was created)."""

    __table__ = tables.project_info

    key: Mapped[str]
    value: Mapped[str]
