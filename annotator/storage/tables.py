"""The project schema as SQLAlchemy Core tables: the one definition of it.

The program reads and writes through these (Core rows, not ORM objects, see DESIGN.md section 7)
and never imports sqlalchemy.orm, which would add ~130 ms to every start. The typed ORM models
over the same tables are in models.py; the migrations in db/ must produce exactly this schema
(tests/storage/test_schema.py compares them).
"""

from sqlalchemy import (Boolean, CheckConstraint, Column, ForeignKey, ForeignKeyConstraint, Index,
                        Integer, MetaData, String, Table, Text, UniqueConstraint)

metadata = MetaData()

# An id: annotator's own are UUIDs (36 characters); another tool's (a W3C annotation's IRI, a
# script's names) may have up to 128, as every reader takes them. SQLite does not enforce a
# VARCHAR's length, so its files keep the first declaration; PostgreSQL holds 128 (0005).
ID_LENGTH = 128


def _id() -> String:
    return String(36).with_variant(String(ID_LENGTH), "postgresql")


articles = Table(
    "articles", metadata,
    Column("id", _id(), primary_key=True),
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
    Column("id", _id(), primary_key=True),
    Column("article_id", _id(), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("tag_id", Integer, ForeignKey("tags.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("annotator_id", Integer, ForeignKey("annotators.id"), nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("actor_id", _id(), nullable=True),
    Column("attributes", Text, nullable=True),  # JSON object, keys sorted; NULL when empty
    Column("version", Integer, nullable=False, server_default="1"),  # +1 on every change
    CheckConstraint('start >= 0 AND "end" > start', name="ck_annotations_extent"),
    ForeignKeyConstraint(["actor_id"], ["actors.id"], name="fk_annotations_actor"),
    Index("ix_annotations_article_extent", "article_id", "start", "end"),
    Index("ix_annotations_tag", "tag_id"),
    Index("ix_annotations_actor", "actor_id"),
)

actors = Table(
    "actors", metadata,
    Column("id", _id(), primary_key=True),
    Column("name", Text, nullable=False),
    Column("aliases", Text, nullable=False),  # JSON list, sorted and unique
    Column("kind", Text),
    Column("description", Text, nullable=False),
)

link_types = Table(
    "link_types", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("directed", Boolean, nullable=False),
    Column("description", Text, nullable=False),
    Column("position", Integer, nullable=False),
)

links = Table(
    "links", metadata,
    Column("id", _id(), primary_key=True),
    Column("type_id", Integer, ForeignKey("link_types.id"), nullable=False),
    Column("from_id", _id(), ForeignKey("annotations.id", ondelete="CASCADE"), nullable=False),
    Column("to_id", _id(), ForeignKey("annotations.id", ondelete="CASCADE"), nullable=False),
    Column("note", Text, nullable=False),
    Column("annotator_id", Integer, ForeignKey("annotators.id"), nullable=False),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # +1 on every change
    CheckConstraint("from_id <> to_id", name="ck_links_ends"),
    UniqueConstraint("type_id", "from_id", "to_id", name="uq_links_ends"),
    Index("ix_links_from", "from_id"),
    Index("ix_links_to", "to_id"),
)

project_info = Table(
    "project_info", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

# The adjudicator's decisions: each settles one place (article, tag, extent) of the coders'
# annotations. outcome: accept | both | edit | reject | unanimous; sources: JSON list of the
# coders' annotation ids it considered; gold_id: the gold annotation made (NULL for reject).
decisions = Table(
    "decisions", metadata,
    Column("id", _id(), primary_key=True),
    Column("article_id", _id(), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("tag_id", Integer, ForeignKey("tags.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("sources", Text, nullable=False),
    Column("gold_id", _id(), nullable=True),
    Column("decided_by", Integer, ForeignKey("annotators.id"), nullable=False),
    Column("decided_at", Text, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Index("ix_decisions_article", "article_id", "start", "end"),
)

# Committed changes, in order: another window on the same project reads the rows after the last
# one it saw (PostgreSQL also NOTIFYs, so it need not wait for its next poll).
changes = Table(
    "changes", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),
    Column("annotator_id", Integer, ForeignKey("annotators.id"), nullable=True),
    Column("payload", Text, nullable=False),  # JSON: the Change's ids
)
