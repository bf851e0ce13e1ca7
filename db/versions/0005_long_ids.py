"""Ids of up to 128 characters on PostgreSQL: another tool's ids (a W3C annotation's IRI, a
script's names) are taken as every reader takes them, as a project file always did. SQLite does
not enforce a VARCHAR's length: its files are left as they are (only stamped).

Revision ID: 0005_long_ids
Revises: 0004_teams
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_long_ids"
down_revision = "0004_teams"
branch_labels = None
depends_on = None

# (table, column) of every id of 36 characters in 0001-0004
ID_COLUMNS = (("articles", "id"), ("annotations", "id"), ("annotations", "article_id"),
              ("annotations", "actor_id"), ("actors", "id"), ("links", "id"),
              ("links", "from_id"), ("links", "to_id"), ("decisions", "id"),
              ("decisions", "article_id"), ("decisions", "gold_id"))


def _alter(length: int) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in ID_COLUMNS:  # (a longer VARCHAR: no table is rewritten)
        op.alter_column(table, column, type_=sa.String(length, collation="C"),
                        existing_type=sa.String(36 if length > 36 else 128))


def upgrade() -> None:
    _alter(128)


def downgrade() -> None:
    _alter(36)
