"""The comparison layer: actors, link types and links, and an annotation's actor and attributes
(export format version 2, DESIGN.md section 9).

Revision ID: 0003_comparison
Revises: 0002_project_info
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_comparison"
down_revision = "0002_project_info"
branch_labels = None
depends_on = None

LINK_TYPES = [
    {"name": "speaker", "directed": True, "description": "the quote is said by this actor", "position": 0},
    {"name": "same", "directed": False, "description": "both spans state the same thing", "position": 1},
    {"name": "contradicts", "directed": False, "description": "the spans cannot both be true", "position": 2},
    {"name": "elaborates", "directed": True, "description": "adds detail to the other span", "position": 3},
]


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("aliases", sa.Text, nullable=False),
        sa.Column("kind", sa.Text),
        sa.Column("description", sa.Text, nullable=False),
    )
    link_types = op.create_table(
        "link_types",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("directed", sa.Boolean, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    with op.batch_alter_table("annotations") as batch:
        batch.add_column(sa.Column("actor_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("attributes", sa.Text, nullable=True))
        batch.create_foreign_key("fk_annotations_actor", "actors", ["actor_id"], ["id"])
        batch.create_index("ix_annotations_actor", ["actor_id"])
    op.create_table(
        "links",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("type_id", sa.Integer, sa.ForeignKey("link_types.id"), nullable=False),
        sa.Column("from_id", sa.String(36), sa.ForeignKey("annotations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("to_id", sa.String(36), sa.ForeignKey("annotations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("annotator_id", sa.Integer, sa.ForeignKey("annotators.id"), nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.CheckConstraint("from_id <> to_id", name="ck_links_ends"),
        sa.UniqueConstraint("type_id", "from_id", "to_id", name="uq_links_ends"),
    )
    op.create_index("ix_links_from", "links", ["from_id"])
    op.create_index("ix_links_to", "links", ["to_id"])
    op.bulk_insert(link_types, LINK_TYPES)


def downgrade() -> None:
    op.drop_table("links")
    with op.batch_alter_table("annotations") as batch:
        batch.drop_index("ix_annotations_actor")
        batch.drop_constraint("fk_annotations_actor", type_="foreignkey")
        batch.drop_column("attributes")
        batch.drop_column("actor_id")
    op.drop_table("link_types")
    op.drop_table("actors")
