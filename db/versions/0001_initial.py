"""Initial schema: articles, tags, annotators, annotations.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

DEFAULT_TAGS = [
    {"name": "claim", "color": "#d9534f", "description": "An assertion of fact or judgement the article makes or reports.", "shortcut": "1", "position": 0},
    {"name": "quote", "color": "#3b7dd8", "description": "Words attributed to a speaker, direct or reported.", "shortcut": "2", "position": 1},
    {"name": "actor", "color": "#2e9e5b", "description": "A person, group or institution that acts or speaks.", "shortcut": "3", "position": 2},
]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("imported_at", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("filename", sa.Text),
        sa.Column("encoding", sa.Text),
    )
    tags = op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("color", sa.String(9), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("shortcut", sa.Text),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "annotators",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
    )
    op.create_table(
        "annotations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("article_id", sa.String(36), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("annotator_id", sa.Integer, sa.ForeignKey("annotators.id"), nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.CheckConstraint('start >= 0 AND "end" > start', name="ck_annotations_extent"),
    )
    op.create_index("ix_annotations_article_extent", "annotations", ["article_id", "start", "end"])
    op.create_index("ix_annotations_tag", "annotations", ["tag_id"])
    op.bulk_insert(tags, DEFAULT_TAGS)


def downgrade() -> None:
    op.drop_table("annotations")
    op.drop_table("annotators")
    op.drop_table("tags")
    op.drop_table("articles")
