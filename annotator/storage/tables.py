"""The project schema as SQLAlchemy Core tables: the one definition of it.

The program reads and writes through these (Core rows, not ORM objects, see DESIGN.md section 7)
and never imports sqlalchemy.orm, which would add ~130 ms to every start. The typed ORM models
over the same tables are in models.py; the migrations in db/ must produce exactly this schema
(tests/storage/test_schema.py compares them).
"""

from sqlalchemy import (CheckConstraint, Column, ForeignKey, Index, Integer, MetaData, String,
                        Table, Text)

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(36), primary_key=True),
    Column("seq", Integer, nullable=False, unique=True),  # import order
    Column("title", Text, nullable=False),
    Column("source", Text),
    Column("url", Text),
    Column("author", Text),
    Column("published", Text),
    Column("imported_at", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("text_sha256", String(64), nullable=False, unique=True),
    Column("filename", Text),
    Column("encoding", Text),
)

tags = Table(
    "tags", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("color", String(9), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("shortcut", Text),
    Column("position", Integer, nullable=False),
)

annotators = Table(
    "annotators", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
)

annotations = Table(
    "annotations", metadata,
    Column("id", String(36), primary_key=True),
    Column("article_id", String(36), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("tag_id", Integer, ForeignKey("tags.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("annotator_id", Integer, ForeignKey("annotators.id"), nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    CheckConstraint('start >= 0 AND "end" > start', name="ck_annotations_extent"),
    Index("ix_annotations_article_extent", "article_id", "start", "end"),
    Index("ix_annotations_tag", "tag_id"),
)

project_info = Table(
    "project_info", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
