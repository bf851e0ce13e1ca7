"""Team work: a version on every annotation and link (optimistic checks when two people change
the same one), the adjudicator's decisions (the gold layer's provenance, and explicit "no span"
decisions), and a log of committed changes that other windows on the same project follow.

Revision ID: 0004_teams
Revises: 0003_comparison
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_teams"
down_revision = "0003_comparison"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annotations") as batch:
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    with op.batch_alter_table("links") as batch:
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    op.create_table(
        "decisions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("article_id", sa.String(36), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("gold_id", sa.String(36), nullable=True),
        sa.Column("decided_by", sa.Integer, sa.ForeignKey("annotators.id"), nullable=False),
        sa.Column("decided_at", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_decisions_article", "decisions", ["article_id", "start", "end"])
    op.create_table(
        "changes",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("annotator_id", sa.Integer, sa.ForeignKey("annotators.id"), nullable=True),
        sa.Column("payload", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("changes")
    op.drop_index("ix_decisions_article", "decisions")
    op.drop_table("decisions")
    with op.batch_alter_table("links") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("annotations") as batch:
        batch.drop_column("version")
